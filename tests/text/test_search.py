"""The written-out binary searches of the compiled pipeline equal the bisect module's (hypothesis)."""

from __future__ import annotations

import bisect

from hypothesis import given
from hypothesis import strategies as st

from qawl.text.search import left, right


def test_equal_items_split_left_and_right() -> None:
    """[1, 3, 3, 7] and 3 → 1 (before the equal items) and 3 (after them)."""
    assert (left([1, 3, 3, 7], 3), right([1, 3, 3, 7], 3)) == (1, 3)
    assert (left([], 5), right([], 5)) == (0, 0)


@given(st.lists(st.integers(-5, 60), max_size=40).map(sorted), st.integers(-10, 70))
def test_searches_equal_the_bisect_module(a: list[int], x: int) -> None:
    assert left(a, x) == bisect.bisect_left(a, x)
    assert right(a, x) == bisect.bisect_right(a, x)

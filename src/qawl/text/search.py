"""Binary search over sorted lists of positions, for the compiled pipeline.

``bisect.bisect_left`` and ``bisect_right``, written out: compiled, the loop costs a fifth of a call into the
bisect module (a look-up in the module's globals, a Python-level call with boxed arguments, and a rich
comparison a step), and an article makes thousands of searches (sentence, paragraph and quote starts).

>>> right([1, 3, 3, 7], 3), left([1, 3, 3, 7], 3)
(3, 1)
"""

from __future__ import annotations


def left(a: list[int], x: int) -> int:
    """``bisect.bisect_left(a, x)``: the first index whose item is not below ``x``."""
    lo, hi = 0, len(a)
    while lo < hi:
        mid = (lo + hi) >> 1
        if a[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def right(a: list[int], x: int) -> int:
    """``bisect.bisect_right(a, x)``: the first index whose item is above ``x``."""
    lo, hi = 0, len(a)
    while lo < hi:
        mid = (lo + hi) >> 1
        if x < a[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo

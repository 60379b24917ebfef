"""The quote finder's hand-written scans equal the regular expressions they replace (hypothesis)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from qawl.quotes.find import (
    _CONNECTIVE_TAIL,
    _FRAMING,
    _count_words,
    _framing_phrases,
    _word_before,
    connective_cut,
)

# Arabic letters and connectives, white space of several kinds, punctuation, digits and the underscore
_ALPHABET = st.sampled_from(
    [*"وفلكماثبنيحدس", " ", "\t", "\n", "\xa0", "،", ",", ";", "؛", ".", "(", "_", "3"]
)
_TEXT = st.lists(
    st.one_of(_ALPHABET, st.sampled_from(["فيما", "بينما", "في حين", "ثم", "كما", "ولكنه", "بل", " و"])),
    max_size=20,
).map("".join)


@given(_TEXT, st.integers(0, 40), st.integers(0, 40))
def test_word_before_equals_the_trailing_word_pattern(text: str, a: int, b: int) -> None:
    """``(\\w+)\\s*$`` searched in ``text[lo:pos]``: 'قال الوزير  ' → ('الوزير', 4)."""
    lo, pos = sorted((min(a, len(text)), min(b, len(text))))
    m = re.compile(r"(\w+)\s*$").search(text, lo, pos)
    assert _word_before(text, lo, pos) == ((m.group(1), m.start(1)) if m is not None else ("", -1))


@given(_TEXT, st.integers(0, 40), st.integers(0, 40))
def test_connective_cut_equals_the_tail_pattern(text: str, a: int, b: int) -> None:
    """Where ``_CONNECTIVE_TAIL`` starts in the last 30 characters: 'قال إنه سيعود، فيما' → at '، فيما'."""
    s, e = sorted((min(a, len(text)), min(b, len(text))))
    m = _CONNECTIVE_TAIL.search(text, max(s, e - 30), e)
    assert m is not None
    assert connective_cut(text, s, e) == m.start()


@given(
    st.lists(
        st.sampled_from(["،", ",", " ", "وسط", "في خطوة", "مما ادي", "وكانت", "ه", "\n"]), max_size=25
    ).map("".join)
)
def test_framing_phrases_equal_finditer(text: str) -> None:
    """'قال، وسط التوتر, وكانت' → both framing phrases, in order."""
    assert [m.span() for m in _framing_phrases(text)] == [m.span() for m in _FRAMING.finditer(text)]


@given(
    st.text(alphabet="اب ،.\n_3", max_size=300), st.integers(0, 300), st.integers(0, 300), st.integers(1, 12)
)
def test_count_words_is_exact_below_its_bound(text: str, a: int, b: int, enough: int) -> None:
    """'قال الوزير امس' has 3 words: counted 3 with a bound of 5, and at least 2 with a bound of 2."""
    s, e = sorted((min(a, len(text)), min(b, len(text))))
    n = len(re.findall(r"\w+", text[s:e]))
    got = _count_words(text, s, e, enough)
    assert got == n if n < enough else enough <= got <= n

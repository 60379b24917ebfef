"""The quote finder's hand-written scans equal the regular expressions they replace (hypothesis)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from qawl.quotes.find import (
    _COMP_CORE,
    _CONNECTIVE_TAIL,
    _DATELINE,
    _FRAMING,
    _NON_SPEAKER,
    _NON_SPEAKER_NOUNS,
    _comp_core_end,
    _count_words,
    _dateline_possible,
    _framing_phrases,
    _non_speaker_after,
    _starts_at,
    _word_before,
    connective_cut,
)
from qawl.text.normalize import fold

# Arabic letters and connectives, white space of several kinds, punctuation, digits and the underscore
_ALPHABET = st.sampled_from(
    [*"وفلكماثبنيحدس", " ", "\t", "\n", "\xa0", "،", ",", ";", "؛", ".", "(", "_", "3"]
)
_TEXT = st.lists(
    st.one_of(
        _ALPHABET,
        # (في with four white spaces and حين: the connective starts 9 characters before the end)
        st.sampled_from(["فيما", "بينما", "في حين", "في \t \nحين", "ثم", "كما", "ولكنه", "بل", " و"]),
    ),
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


@given(
    st.lists(st.sampled_from(["ان", "ه", "ا", "م", "ن", "ي", "ك", "ب", " ", "_", "،"]), max_size=12).map(
        "".join
    ),
    st.integers(0, 30),
)
def test_comp_core_end_equals_the_pattern(tail: str, cut: int) -> None:
    """'انها قال' → after 'انها'; 'انتخابات' → -1; the suffixes tried in the pattern's order."""
    text = "قال " + "ان" + tail
    limit = min(len(text), 6 + cut)
    m = _COMP_CORE.match(text, 4, limit)
    assert _comp_core_end(text, 4, limit) == (m.end() if m is not None else -1)


_PLACE = st.sampled_from(["القاهرة", "دبي، الإمارات", "x" * 45, "", "بيروت (لبنان)", "غزة\n"])
_CREDIT = st.sampled_from(["رويترز", "CNN", "", "y" * 30, "أ(ف)ب", "واس\n"])
_AFTER = st.sampled_from([" - ", "— ", " \n– قال", " قال", "-", ""])


_OPENING = st.sampled_from([" (", "(", " ", " ( "])
_CLOSING = st.sampled_from([")", "", "))"])


@given(_PLACE, _OPENING, _CREDIT, _CLOSING, _AFTER, st.integers(0, 8), st.integers(0, 120))
def test_dateline_possible_whenever_the_pattern_matches(
    place: str, opening: str, credit: str, closing: str, after: str, a: int, b: int
) -> None:
    """'القاهرة (رويترز) - قال' may be a dateline; 'قال (رويترز) إن' may not: a necessary test only."""
    text = place + opening + credit + closing + after + "قال"
    s, e = sorted((min(a, len(text)), min(b, len(text))))
    if _DATELINE.match(text, s, e) is not None:
        assert _dateline_possible(text, s, e)


@given(
    st.lists(
        st.sampled_from(
            [" ", "\n", "\xa0", "ال", "استطلاع", "دراسات", "بيانات", "مؤشرات", "الوزير", "ة", "ات"]
        ),
        max_size=6,
    ).map("".join),
)
def test_non_speaker_after_equals_the_pattern(tail: str) -> None:
    """'كشف استطلاع للرأي' → True; 'كشف الوزير' → False."""
    text = fold("كشف") + tail
    assert _non_speaker_after(text, 3) == (_NON_SPEAKER.match(text, 3) is not None)


def test_no_non_speaker_noun_starts_with_the_article() -> None:
    """_non_speaker_after reads a noun's first letters after ال: that needs no noun to start with ال."""
    assert not any(fold(w).startswith(fold("ال")) for w in _NON_SPEAKER_NOUNS.split("|"))


@given(_TEXT, st.sampled_from(["و", "كما", ":", " :", "\n\n", " ان"]), st.integers(0, 60))
def test_starts_at_equals_startswith(text: str, prefix: str, pos: int) -> None:
    """'وقال' starts with 'و' at 0, not at 1."""
    assert _starts_at(text, prefix, pos) == text.startswith(prefix, pos)

"""For any text: the text layer never crashes; spans are in bounds, sorted, disjoint; offsets monotone."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from qawl.doc import Doc
from qawl.model import Article
from qawl.text.clean import mark_chrome
from qawl.text.glue import split_glued
from qawl.text.normalize import fold, normalize
from qawl.text.segment import segment

# Arabic letters and marks, quotation marks of every kind, Latin, digits, punctuation and white space
_ALPHABET = st.one_of(
    st.characters(min_codepoint=0x0621, max_codepoint=0x0652),
    st.sampled_from([*list("«»“”\"'‘’[]().,،؛:!?؟…-–/*_ \n\t\xa0"), "ـ", "ة", "ى", "إ", "ء", "ال", "في"]),
    st.characters(min_codepoint=0x41, max_codepoint=0x7A),
    st.characters(min_codepoint=0x30, max_codepoint=0x39),
)
TEXTS = st.lists(_ALPHABET, max_size=300).map("".join)


def _check_spans(spans: list[tuple[int, int]], length: int) -> None:
    """In bounds, sorted and non-overlapping."""
    last = 0
    for s, e in spans:
        assert 0 <= s <= e <= length
        assert s >= last
        last = e


def _run(text: str, title: str | None = None) -> Doc:
    norm, omap = normalize(text)
    glued, gmap = split_glued(norm, text, omap)
    doc = Doc(article=Article(text=text, title=title), norm=glued, omap=omap.compose(gmap))
    mark_chrome(doc)
    segment(doc)
    return doc


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_text_layer_invariants(text: str) -> None:
    doc = _run(text)
    n = len(doc.norm)
    for spans in (doc.chrome, doc.paragraphs, doc.sentences, doc.extra["foreign"]):
        _check_spans(spans, n)
    # quotation pairs: sorted by opening mark, each on '"', properly nested (never crossing)
    pairs = doc.extra["quote_pairs"]
    assert pairs == sorted(pairs)
    for o, c in pairs:
        assert 0 <= o < c < n and doc.norm[o] == doc.norm[c] == '"'
    for (_o1, c1), (o2, c2) in itertools.pairwise(pairs):
        assert c1 < o2 or c2 < c1
    for s, e in doc.sentences:
        assert s < e
        assert any(ps <= s and e <= pe for ps, pe in doc.paragraphs)
    # the offset map is monotone, in range, and ends at the end
    positions = [doc.omap.to_orig(i) for i in range(n + 1)]
    assert all(0 <= p <= len(text) for p in positions)
    assert positions == sorted(positions)
    assert positions[-1] == len(text)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_split_glued_only_inserts_spaces(text: str) -> None:
    norm, omap = normalize(text)
    glued, gmap = split_glued(norm, text, omap)
    assert gmap.norm_len == len(glued) and gmap.orig_len == len(norm)
    # dropping the characters that map onto the same norm character as their successor gives norm back
    kept = [
        glued[i] for i in range(len(glued)) if i + 1 >= len(glued) or gmap.to_orig(i) != gmap.to_orig(i + 1)
    ]
    assert "".join(kept) == norm
    for i, ch in enumerate(glued):
        o = gmap.to_orig(i)
        assert 0 <= o <= len(norm)
        if o < len(norm) and norm[o] != ch:
            assert ch == " "  # an inserted space
    assert len(glued) - len(norm) == sum(1 for i in range(len(glued)) if glued[i] != norm[gmap.to_orig(i)])


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_every_norm_character_comes_from_its_original(text: str) -> None:
    doc = _run(text)
    for i, ch in enumerate(doc.norm):
        o = doc.omap.to_orig(i)
        if o < len(text) and fold(text[o]) != ch:
            assert ch == " "  # only inserted spaces differ from their original character


@settings(max_examples=100, deadline=None)
@given(TEXTS, st.sampled_from([None, "", "عنوان", "خبر"]))
def test_title_span_is_the_first_line(text: str, title: str | None) -> None:
    doc = _run(text, title)
    span = doc.extra.get("title_span")
    if span is not None:
        s, e = span
        assert 0 <= s < e <= len(doc.norm)
        # the first non-empty line
        assert doc.norm[:s].strip() == "" and "\n" not in doc.norm[s:e]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_unicode_text(text: str) -> None:
    """Any text at all (presentation forms, emoji, combining marks…) keeps the same invariants."""
    test_text_layer_invariants.hypothesis.inner_test(text)  # type: ignore[attr-defined]


def test_a_lone_surrogate_becomes_the_replacement_character_one_for_one() -> None:
    text = "قال \ud83d «نعم» \udc00"
    norm, omap = normalize(text)
    assert norm == 'قال \ufffd "نعم" \ufffd' and len(norm) == len(text)
    assert omap.to_orig(4) == 4 and fold("\ud83d") == "\ufffd"
    norm.encode("utf-8")  # the cue automaton and every writer need encodable text

"""The native kernels (qawl._speedups) give exactly what their pure-Python definitions give."""

from __future__ import annotations

import gzip
import json
import random
from array import array
from pathlib import Path

import ahocorasick_rs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qawl._native import speedups
from qawl.attribution.tokens import _ANALYSED, Tok, split_words_py
from qawl.pipeline import run_stages
from qawl.quotes import lexicon as qlex
from qawl.text.trie import trie_tables

KERNELS = speedups()
pytestmark = pytest.mark.skipif(KERNELS is None, reason="the native kernels are not built (pure Python)")
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "data" / "corpus" / "ant-news.jsonl.gz"


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _reference(patterns: list[str], text: str) -> list[tuple[int, int, int]]:
    """ahocorasick_rs's leftmost-longest matches that start a word (what the native trie reports)."""
    auto = ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_LONGEST)
    return [
        (i, s, e) for i, s, e in auto.find_matches_as_indexes(text) if s == 0 or not _is_word(text[s - 1])
    ]


def _trie(patterns: list[str]):  # type: ignore[no-untyped-def]
    assert KERNELS is not None
    return KERNELS.Trie(*trie_tables(patterns))


# patterns like the trigger lexicon's: words, words with a clitic, and two-word phrases that a match
# starting inside a word can run into ("على حد" inside "اعلى حدود")
PATTERNS = sorted(
    {"قال", "قالت", "وقال", "فقال", "قا", "على حد", "وعلى حد", "من الجدير", "حد", "حدود", "يقول", "لقال"}
)
PIECES = ["قال", "ت", "و", "ف", "ل", "ا", "على", "حد", "ود", "من", "الجدير", "يقول"]
PIECES += [" ", "  ", "،", "#", "_", "x", "\n"]


@given(st.lists(st.sampled_from(PIECES), max_size=30))
@settings(max_examples=400, deadline=None)
def test_trie_matches_ahocorasick_at_word_starts(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert _trie(PATTERNS).find_matches_as_indexes(text) == _reference(PATTERNS, text)


@pytest.mark.parametrize(
    "text",
    [
        "اعلى حدود قال",  # a phrase starting inside a word runs into the next word and hides it
        "اعلى حد قال",
        "وعلى حد قوله قالت",
        "قالوا قال",  # a longer word than the pattern: the word start matches, inside nothing is reported
        "x#قال _قال قال",
        "ضمن الجدير قال",
        "",
        "قال",
    ],
)
def test_trie_edge_cases(text: str) -> None:
    assert _trie(PATTERNS).find_matches_as_indexes(text) == _reference(PATTERNS, text)


def test_trie_with_patterns_opening_on_a_non_word_character_walks_every_position() -> None:
    patterns = sorted({"#وسم", "قال", " قال"})
    for text in ["#وسم قال", "x#وسم", "a قال", "  قال قال"]:
        assert _trie(patterns).find_matches_as_indexes(text) == _reference(patterns, text)


def test_trie_tables_are_checked() -> None:
    assert KERNELS is not None
    first, count, term, label, child = trie_tables(["قال"])
    with pytest.raises(ValueError, match="edge leads outside"):
        KERNELS.Trie(first, count, term, label, array("i", [7] * len(child)))
    with pytest.raises(ValueError, match="wrong size"):
        KERNELS.Trie(first, count, array("i", [-1]), label, child)
    with pytest.raises(TypeError):
        _trie(["قال"]).find_matches_as_indexes(b"bytes")  # type: ignore[arg-type]


def test_the_trigger_automaton_is_the_native_trie() -> None:
    auto, _ = qlex.trigger_automaton()
    assert type(auto).__name__ == "Trie"


def _corpus_norms(limit: int) -> list[str]:
    if not CORPUS.exists():
        pytest.skip(f"corpus not found at {CORPUS}")
    from qawl.pipeline import make_article

    out = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= limit:
                break
            r = json.loads(line)
            out.append(run_stages(make_article(r["text"], id=r["id"])).norm)
    return out


def test_trigger_trie_matches_ahocorasick_on_corpus_text() -> None:
    auto, readings = qlex.trigger_automaton()
    patterns = [_pattern_of(r) for r in readings]
    reference = ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_LONGEST)
    for norm in _corpus_norms(300):
        expected = [
            m for m in reference.find_matches_as_indexes(norm) if m[1] == 0 or not _is_word(norm[m[1] - 1])
        ]
        assert auto.find_matches_as_indexes(norm) == expected


def _pattern_of(readings: tuple[tuple[str, str, str], ...]) -> str:
    _kind, pre, word = readings[0]
    return pre + word


# ------------------------------------------------------------------------------------------ split_words


def _splitter():  # type: ignore[no-untyped-def]
    assert KERNELS is not None
    return KERNELS.WordSplitter(_ANALYSED, Tok)


WORDISH = ["قال", "الرئيس", "و", "#", "_", " ", "  ", "\t", "،", ".", "a1", "٣", "\n", "ـ", "(", "ًّ"]


@given(st.lists(st.sampled_from(WORDISH), max_size=25), st.integers(0, 60), st.integers(0, 60))
@settings(max_examples=400, deadline=None)
def test_word_splitter_equals_split_words_py(pieces: list[str], start: int, end: int) -> None:
    text = "".join(pieces)
    assert _splitter()(text, start, end) == split_words_py(text, start, end)


def test_word_splitter_builds_toks() -> None:
    toks, starts, gaps = _splitter()("  وقال الرئيس، إن", 0, 100)
    assert all(type(t) is Tok for t in toks)
    assert [t.text for t in toks] == ["وقال", "الرئيس", "إن"]
    assert starts == [2, 7, 15] and gaps == ["", "،", "."]
    assert toks[1].w.cls == "title"


def test_word_splitter_rejects_bad_arguments() -> None:
    assert KERNELS is not None
    with pytest.raises(TypeError):
        _splitter()("text", 0)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        _splitter()(b"text", 0, 4)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not negative"):
        _splitter()("text", -1, 4)
    with pytest.raises(TypeError):
        KERNELS.WordSplitter({}, list)  # type: ignore[arg-type]


def test_word_splitter_on_corpus_windows() -> None:
    rng = random.Random(7)
    split = _splitter()
    for norm in _corpus_norms(200):
        for _ in range(5):
            s = rng.randrange(0, max(1, len(norm)))
            e = s + rng.randrange(0, 400)
            assert split(norm, s, e) == split_words_py(norm, s, e)


# -------------------------------------------------------------------------------- count_words, word_before

SPANS = st.lists(st.sampled_from(WORDISH), max_size=30).map("".join)


@given(SPANS, st.integers(0, 80), st.integers(0, 80), st.integers(1, 12))
@settings(max_examples=400, deadline=None)
def test_count_words_agrees_below_enough(text: str, s: int, e: int, enough: int) -> None:
    from qawl.quotes.find import _count_words_py

    assert KERNELS is not None
    native = KERNELS.count_words(text, s, e, enough)
    python = _count_words_py(text, s, e, enough)
    # exact below enough; at or above it both are "not below enough", all that callers compare
    assert min(native, enough) == min(python, enough)
    assert native <= python


@given(SPANS, st.integers(0, 80), st.integers(0, 80))
@settings(max_examples=400, deadline=None)
def test_word_before_equals_the_python_definition(text: str, lo: int, pos: int) -> None:
    from qawl.quotes.find import _word_before_py

    assert KERNELS is not None
    assert KERNELS.word_before(text, lo, pos) == _word_before_py(text, lo, pos)


def test_word_kernels_reject_negative_positions() -> None:
    assert KERNELS is not None
    with pytest.raises(ValueError):
        KERNELS.count_words("قال", -1, 3, 5)
    with pytest.raises(ValueError):
        KERNELS.word_before("قال", 0, -2)
    assert KERNELS.word_before("  قال الرئيس  \n", 0, 15) == ("الرئيس", 6)
    assert KERNELS.count_words("قال الرئيس إن", 0, 100, 10) == 3


SPACES = ["\u00a0", "\u2009", "\r\n", "\x1c", "الرئيسالأمريكي"]


LINEISH = ["قال", " ", "\n", "\r", "\t", "\u2028", "\u00a0", "x", "\n\n", " \n ", "\x1c", "\u3000"]


@given(st.lists(st.sampled_from(LINEISH), max_size=30))
@settings(max_examples=400, deadline=None)
def test_line_spans_equal_the_regex(pieces: list[str]) -> None:
    from qawl.doc import _line_spans_py

    assert KERNELS is not None
    text = "".join(pieces)
    assert KERNELS.line_spans(text) == _line_spans_py(text)


RAREISH = ["قال", "أ", "ً", "ـ", "\u200f", "Ａ", "ﻻ", "﴾", "x", "[", "٣", "۴", "\u00a0", "\u2028", chr(0xD83D)]


@given(st.lists(st.sampled_from(RAREISH), max_size=40))
@settings(max_examples=400, deadline=None)
def test_rare_character_scan_equals_the_regex(pieces: list[str]) -> None:
    from qawl.text import normalize as N

    text = "".join(pieces)
    assert N._scan_rare_or_latin(text) == N._scan_rare_or_latin_py(text)


def test_rare_character_scan_covers_the_whole_class() -> None:
    # every character the regex class names, and their neighbours, are classed alike
    from qawl.text import normalize as N

    for cp in range(0x10000):
        c = chr(cp)
        assert N._scan_rare_or_latin(c) == N._scan_rare_or_latin_py(c), hex(cp)


# ------------------------------------------------------------------------------------------- glue points

GLUEISH = ["قال", "روسيا", "ة", "ى", "إ", "ء", "ال", "ًّ", "ْ", "كوم", "نت", "اورغ", "اورج", "ي", "ل", "و"]
GLUEISH += [".", "!", "?", "؟", "،", ",", "؛", ":", "(", "[", "]", "X", "in", " ", "\n", "_", "٣", "ـ", "😀"]


def _glue_points_agree(text: str) -> None:
    from qawl.text import glue

    assert KERNELS is not None
    for latin in (False, True):
        native = KERNELS.glue_norm_points(text, latin)
        python = glue._norm_points_py(text, latin)
        assert [sorted(x) for x in native] == [sorted(x) for x in python], latin
    assert sorted(KERNELS.glue_orig_points(text)) == sorted(glue._orig_points_py(text))


@given(st.lists(st.sampled_from(GLUEISH), max_size=30))
@settings(max_examples=600, deadline=None)
def test_glue_point_kernels_equal_the_regexes(pieces: list[str]) -> None:
    _glue_points_agree("".join(pieces))


def test_glue_point_kernels_on_corpus_text() -> None:
    from qawl.pipeline import make_article

    if not CORPUS.exists():
        pytest.skip(f"corpus not found at {CORPUS}")
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= 300:
                break
            article = make_article(json.loads(line)["text"])
            _glue_points_agree(article.text)
            _glue_points_agree(run_stages(article).norm)


def test_glue_point_kernels_reject_bad_arguments() -> None:
    assert KERNELS is not None
    with pytest.raises(TypeError):
        KERNELS.glue_norm_points(b"text", True)
    with pytest.raises(TypeError):
        KERNELS.glue_norm_points("text")
    with pytest.raises(TypeError):
        KERNELS.glue_orig_points(b"text")


# ------------------------------------------------------------------------------------------------ fold

FOLDISH = [*RAREISH, "ة", "ى", "إ", "آ", "“", "»", "\u00ad", "´", "Ａ", "＂", "]", "😀", "a", "\ufeff"]


@given(st.lists(st.sampled_from(FOLDISH), max_size=40))
@settings(max_examples=600, deadline=None)
def test_fold_kernel_equals_the_python_definition(pieces: list[str]) -> None:
    from qawl.text import normalize as N

    text = "".join(pieces)
    assert N._fold_latin(text) == N._fold_latin_py(text)


def test_fold_kernel_on_every_character_and_on_corpus_text() -> None:
    from qawl.text import normalize as N

    for cp in range(0x10000):
        for text in (chr(cp), f"قال{chr(cp)}x", f"\u00e9{chr(cp)}"):
            assert N._fold_latin(text) == N._fold_latin_py(text), hex(cp)
    if not CORPUS.exists():
        pytest.skip(f"corpus not found at {CORPUS}")
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= 1000:
                break
            text = json.loads(line)["text"]
            assert N._fold_latin(text) == N._fold_latin_py(text)


def test_fold_kernel_checks_its_table() -> None:
    assert KERNELS is not None
    with pytest.raises(ValueError):
        KERNELS.Folder({0x110000: 0x41}, "", "")
    with pytest.raises(ValueError):
        KERNELS.Folder({0x41: 0x42}, "", "A")
    with pytest.raises(TypeError):
        KERNELS.Folder({}, "", "").fold(b"bytes")


@given(st.lists(st.sampled_from(FOLDISH), max_size=40))
@settings(max_examples=300, deadline=None)
def test_fold_with_the_kernel_equals_translate(pieces: list[str]) -> None:
    from qawl.text import normalize as N

    text = "".join(pieces)
    if N._COMPAT.search(text) is None:
        assert N.fold(text) == text.translate(N._FOLD)
    assert N._FOLD_NATIVE


@given(
    st.lists(
        st.sampled_from([*WORDISH, *SPACES, *GLUEISH, "فيالبيت", '"فيالبيت', "معموسكوبالانسحاب"]), max_size=30
    )
)
@settings(max_examples=400, deadline=None)
def test_token_filter_equals_the_python_definition(pieces: list[str]) -> None:
    from qawl.text import glue

    assert KERNELS is not None
    text = "".join(pieces)
    heads = glue._vocab().heads
    for min_len, long_len in ((7, 10), (3, 3), (4, 12)):
        native = KERNELS.TokenFilter(heads, min_len, long_len).tokens(text)
        assert native == glue._TokenFilterPy(heads, min_len, long_len).tokens(text)


def test_token_filter_on_corpus_text_and_bad_arguments() -> None:
    from qawl.text import glue

    assert KERNELS is not None
    heads = glue._vocab().heads
    native = KERNELS.TokenFilter(heads, 7, 10)
    python = glue._TokenFilterPy(heads, 7, 10)
    for norm in _corpus_norms(300):
        assert native.tokens(norm) == python.tokens(norm)
    with pytest.raises(ValueError):
        KERNELS.TokenFilter(["ab"], 7, 10)
    with pytest.raises(ValueError):
        KERNELS.TokenFilter(heads, 2, 10)
    with pytest.raises(TypeError):
        native.tokens(b"bytes")


# ------------------------------------------------------------------------ sentence marks and Latin runs

ENDISH = ["قال", ".", "..", "...", "!", "?", "؟", "…", "؟!", '"', "'", ")", "]", "(", " ", "  ", "\n", "\t"]
ENDISH += ["\u00a0", "\u2028", "x", "3", "د", "[in the US]", "the", "U.S.", "it's", "’", "-", "X Y", "@"]


def _marks_agree(text: str) -> None:
    from qawl.text import foreign, segment

    assert KERNELS is not None
    assert KERNELS.sentence_marks(text) == segment._sentence_marks_py(text)
    assert KERNELS.latin_runs(text) == foreign._latin_runs_py(text)


@given(st.lists(st.sampled_from(ENDISH), max_size=30))
@settings(max_examples=800, deadline=None)
def test_sentence_marks_and_latin_runs_equal_the_regexes(pieces: list[str]) -> None:
    _marks_agree("".join(pieces))


@given(st.text(alphabet=st.characters(max_codepoint=0x2100), max_size=40))
@settings(max_examples=400, deadline=None)
def test_sentence_marks_and_latin_runs_on_any_text(text: str) -> None:
    _marks_agree(text)


def test_sentence_marks_and_latin_runs_on_corpus_text() -> None:
    for norm in _corpus_norms(300):
        _marks_agree(norm)
    for text in ["", ".", "a", ". x", "x.\u00a0\ny", "x.. y", 'x." y', "x... y", "A b", "a 😀 b", "x.😀 y"]:
        _marks_agree(text)


def test_sentence_marks_and_latin_runs_reject_bad_arguments() -> None:
    assert KERNELS is not None
    with pytest.raises(TypeError):
        KERNELS.sentence_marks(b"text")
    with pytest.raises(TypeError):
        KERNELS.latin_runs(None)

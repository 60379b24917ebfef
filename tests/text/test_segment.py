"""Paragraphs and sentences: abbreviations, numbers, quotations kept whole, ؛ and … handled."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qawl import datafiles
from qawl.doc import Doc
from qawl.model import Article
from qawl.text.clean import mark_chrome
from qawl.text.normalize import normalize
from qawl.text.segment import _INITIALS, _is_initials, abbreviations, segment

HERE = Path(__file__).resolve().parent
CASES = [json.loads(x) for x in (HERE / "segment_cases.jsonl").read_text(encoding="utf-8").splitlines() if x]


def _doc(text: str) -> Doc:
    norm, omap = normalize(text)
    doc = Doc(article=Article(text=text), norm=norm, omap=omap)
    mark_chrome(doc)  # as in the pipeline: English leftovers are known before segmenting
    segment(doc)
    return doc


def _sentences(doc: Doc) -> list[str]:
    text, omap = doc.article.text, doc.omap
    return [text[omap.to_orig(s) : omap.to_orig(e)] for s, e in doc.sentences]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["why"])
def test_sentences(case: dict[str, object]) -> None:
    assert _sentences(_doc(str(case["text"]))) == case["sentences"]


def test_paragraphs_are_non_empty_lines_without_outer_space() -> None:
    text = "  العنوان  \n\n\nقال الوزير. وأضاف.\n   \nانتهى."
    doc = _doc(text)
    assert [text[s:e] for s, e in doc.paragraphs] == ["العنوان", "قال الوزير. وأضاف.", "انتهى."]
    assert len(doc.sentences) == 4


def test_a_quote_does_not_run_into_the_next_paragraph() -> None:
    text = 'قال: "بدأنا العمل. وسنواصل\nحتى النهاية". ثم غادر.'
    assert _sentences(_doc(text)) == ['قال: "بدأنا العمل.', "وسنواصل", 'حتى النهاية".', "ثم غادر."]


def test_quote_pairs_are_recorded() -> None:
    text = 'قال: "نعم" ثم أضاف «لا».'
    doc = _doc(text)
    assert doc.extra["quote_pairs"] == [(5, 9), (19, 22)]


def test_guillemet_direction_comes_from_the_original() -> None:
    # »…« read as open-close by context alone would pair wrongly; the original characters decide
    text = "قال «أولا. ثانيا» و«ثالثا. رابعا» انتهى."
    doc = _doc(text)
    assert _sentences(doc) == [text]
    assert len(doc.extra["quote_pairs"]) == 2


def test_abbreviations_lexicon_is_folded() -> None:
    abbrs = abbreviations()
    assert "الخ." in abbrs  # إلخ. folded
    assert "ق.م." in abbrs
    assert all(a.endswith(".") for a in abbrs)


def test_many_unbalanced_quotes_stay_linear() -> None:
    unit = 'قال "نعم. لا " ثم. "أكد. '
    small = unit * 2_000
    big = unit * 40_000  # about 1 MB in one paragraph
    t0 = time.perf_counter()
    _doc(small)
    t_small = time.perf_counter() - t0
    t0 = time.perf_counter()
    doc = _doc(big)
    t_big = time.perf_counter() - t0
    assert doc.sentences
    # 20x the text must not cost anywhere near 400x (quadratic); allow generous noise
    assert t_big < max(2.0, 60 * t_small)


def test_bad_abbreviation_is_a_lexicon_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from qawl.errors import LexiconError

    monkeypatch.setattr(datafiles.resources, "files", lambda _pkg: tmp_path)
    (tmp_path / "abbreviations.tsv").write_text("abbr\twhat\nد.\tok\nدكتور\tno stop\n", encoding="utf-8")
    abbreviations.cache_clear()
    try:
        with pytest.raises(LexiconError, match=r"abbreviations\.tsv:3"):
            abbreviations()
    finally:
        abbreviations.cache_clear()


@given(st.text(alphabet=st.sampled_from(["أ", "ف", "x", "3", "_", ".", "«", " "]), max_size=10))
@settings(max_examples=400, deadline=None)
def test_initials_check_equals_the_regex(token: str) -> None:
    # the cheap test of the second character in front of the regex changes no answer
    assert _is_initials(token) == (_INITIALS.fullmatch(token) is not None)

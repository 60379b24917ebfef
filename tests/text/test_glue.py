"""Glued words get spaces in the normalised text only, with offsets that lead back to the original words."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from qawl import pipeline
from qawl.model import Article, OffsetMap
from qawl.text import glue
from qawl.text.glue import split_glued
from qawl.text.normalize import fold, normalize

HERE = Path(__file__).resolve().parent


def _load(name: str) -> list[dict[str, str]]:
    lines = (HERE / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _glue(text: str) -> tuple[str, OffsetMap]:
    """What run_stages does: normalise, split, compose."""
    norm, omap = normalize(text)
    glued, gmap = split_glued(norm, text, omap)
    return glued, omap.compose(gmap)


@pytest.mark.parametrize("case", _load("glue_cases.jsonl"), ids=lambda c: c["why"])
def test_glued_words_are_split(case: dict[str, str]) -> None:
    glued, _ = _glue(case["text"])
    assert glued == normalize(case["expect"])[0]


@pytest.mark.parametrize("case", _load("glue_keep.jsonl"), ids=lambda c: c["why"])
def test_real_words_are_not_split(case: dict[str, str]) -> None:
    norm, _ = normalize(case["text"])
    glued, _ = _glue(case["text"])
    assert glued == norm


@pytest.mark.parametrize("case", _load("glue_cases.jsonl"), ids=lambda c: c["why"])
def test_every_token_maps_back_to_its_original_word(case: dict[str, str]) -> None:
    text = case["text"]
    glued, omap = _glue(text)
    pos = 0
    for token in glued.split(" "):
        start, end = pos, pos + len(token)
        pos = end + 1
        original = text[omap.to_orig(start) : omap.to_orig(end)]
        # the original slice holds exactly the token's letters (diacritics aside), with no space
        assert fold(original) == token
        assert " " not in original or token.count(" ")


def test_the_original_text_is_never_changed() -> None:
    text = "وقال في مؤتمر فيالبيت الأبيضإلى جانبه"
    article = Article(text=text)
    glued, omap = _glue(text)
    assert article.text == text
    assert glued != normalize(text)[0]
    # the words either side of a split come back whole
    i = glued.index("البيت")
    assert text[omap.to_orig(i) : omap.to_orig(i + len("البيت"))] == "البيت"
    j = glued.index("الي")
    assert text[omap.to_orig(j) : omap.to_orig(j + 3)] == "إلى"


def test_nothing_to_split_gives_the_identity_map() -> None:
    norm, omap = split_glued("قال الوزير إن الاتفاق قريب")
    assert norm == "قال الوزير إن الاتفاق قريب"
    assert omap.is_identity


def test_without_the_original_the_spelling_rules_are_off() -> None:
    # ة and ى are folded away in the normalised text, so only the original shows the word end
    text = "اتفق قادة قمةالسبع"
    norm, omap = normalize(text)
    assert split_glued(norm)[0] == norm
    assert split_glued(norm, text, omap)[0] == "اتفق قاده قمه السبع"


def test_from_insertions_maps_inserted_characters_to_the_next_one() -> None:
    m = OffsetMap.from_insertions([2, 5], 7)  # "abcdefg" -> "ab cde fg"
    assert m.norm_len == 9
    assert [m.to_orig(n) for n in range(10)] == [0, 1, 2, 2, 3, 4, 5, 5, 6, 7]
    assert [m.to_norm(o) for o in range(8)] == [0, 1, 2, 4, 5, 6, 8, 9]


def test_composed_map_goes_from_glued_text_to_original() -> None:
    text = "قالَ فيالبيتِ الأبيضِإلى جانبه"  # diacritics deleted by normalize, spaces inserted by the splitter
    glued, omap = _glue(text)
    assert glued == "قال في البيت الابيض الي جانبه"
    for n in range(len(glued)):
        o = omap.to_orig(n)
        if glued[n] != " " or text[o] == " ":
            assert fold(text[o]) == glued[n]
    assert omap.to_orig(len(glued)) == len(text)


def test_run_stages_splits_glued_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "STAGES", ())  # only the text layer's wiring is under test here
    text = "وقال بيسكوف إن واشنطناشترطت الحوار."
    doc = pipeline.run_stages(Article(text=text))
    assert "واشنطن اشترطت" in doc.norm
    i = doc.norm.index("اشترطت")
    s, e = doc.omap.to_orig(i), doc.omap.to_orig(i + len("اشترطت"))
    assert text[s:e] == "اشترطت"
    assert doc.omap.orig_len == len(text)
    assert doc.omap.norm_len == len(doc.norm)


def test_many_glue_points_stay_fast() -> None:
    # thousands of glue points in one text: the offsets are computed with bisection, not rescans
    text = "زار روسيا.وقال إن فيالبيت " * 5000
    glued, omap = _glue(text)
    assert glued.count("روسيا. وقال") == 5000
    assert glued.count("في البيت") == 5000
    assert omap.to_orig(len(glued) - 1) == len(text) - 1


def test_every_candidate_token_starts_with_a_listed_head() -> None:
    # the first three characters filter tokens before the candidate pattern: they must never drop one
    rnd = random.Random(7)
    vocab = glue._vocab()
    words = sorted(vocab.words)
    found = 0
    for _ in range(20_000):
        token = (
            rnd.choice(["", '"', "(", "[", "'"])
            + rnd.choice(["", "و", "ف"])
            + rnd.choice(words)
            + rnd.choice(["", "ال"])
            + "".join(rnd.choice(glue._LETTERS) for _ in range(rnd.randint(0, 8)))
        )
        if len(token) >= 7 and vocab.candidate.match(token):
            found += 1
            assert token[:3] in vocab.heads, token
    assert found > 1_000

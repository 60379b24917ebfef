"""English leftovers of machine translation are found; names, acronyms and brands are not."""

from __future__ import annotations

import itertools

import pytest

from qawl.pipeline import make_article, run_stages
from qawl.text.foreign import find_foreign
from qawl.text.glue import split_glued
from qawl.text.normalize import normalize


def _found(text: str) -> list[str]:
    norm, _ = normalize(text)
    return [norm[s:e] for s, e in find_foreign(norm)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("لم نر هذه الإرادة [in the US] وأكد المتحدث", ["[in the US]"]),
        ("لا تشاهدوا. [the interview] وقالت المتحدثة", ["[the interview]"]),
        ("وقال the minister إن الوضع صعب", ["the minister"]),
        ("أكد أن according to officials الاجتماع تأجل", ["according to officials"]),
        ("ذكرت [BBC] أن الاجتماع تأجل", ["[BBC]"]),
    ],
)
def test_leftovers_are_found(text: str, expected: list[str]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "نقلت RT روسيا عن المتحدث",
        "على حساب كارلسون X (تويتر سابقا)",
        "المصدر / (مع معلومات من EFE)",
        "قابل الصحفي Tucker Carlson الرئيس",
        "قالت شبكة CNN إن IN THE NEWS برنامج",
        "نص عربي خالص بلا حروف لاتينية",
        "[مصدر] قال إن",
    ],
)
def test_names_and_acronyms_are_not_leftovers(text: str) -> None:
    assert _found(text) == []


def test_a_glued_leftover_exposes_the_cue() -> None:
    text = "لم نر هذه الرغبة [in the US]وأكد بيسكوف."
    norm, omap = normalize(text)
    glued, _ = split_glued(norm, text, omap)
    spans = find_foreign(glued)
    assert [glued[s:e] for s, e in spans] == ["[in the US]"]
    assert glued[spans[0][1] :].split()[0] == "واكد"


def test_spans_are_sorted_and_disjoint() -> None:
    norm = "said [the said thing] and the other [in the US] by the way"
    spans = find_foreign(norm)
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


def test_the_pipeline_finds_leftovers_and_skips_arabic_only_texts() -> None:
    doc = run_stages(make_article("لم نر هذه الإرادة [in the US] وأكد المتحدث"))
    assert doc.latin and [doc.norm[s:e] for s, e in doc.extra["foreign"]] == ["[in the US]"]
    doc = run_stages(make_article("وأكد المتحدث أن الاجتماع تأجل"))
    assert not doc.latin and doc.extra["foreign"] == []

"""Pairing quotation marks: open/close by context and by guillemet direction, lost marks, nesting."""

from __future__ import annotations

from qawl.quotes.marks import pair_marks
from qawl.text.normalize import normalize


def pairs(text: str) -> tuple[list[str], list[int]]:
    norm, omap = normalize(text)
    paras = [(0, len(norm))] if "\n" not in norm else []
    if not paras:
        pos = 0
        for line in norm.split("\n"):
            if line.strip():
                paras.append((pos, pos + len(line)))
            pos += len(line) + 1
    quoted, strays = pair_marks(norm, text, omap, paras)
    return [norm[q.start : q.end] for q in quoted], strays


def test_guillemets_and_curly_marks_pair() -> None:
    assert pairs("قال: «نعم هذا صحيح». ثم “غادر القاعة”.")[0] == ["نعم هذا صحيح", "غادر القاعه"]


def test_mismatched_pair_still_pairs() -> None:
    assert pairs("وأضاف “لن نتراجع عن موقفنا».")[0] == ["لن نتراجع عن موقفنا"]


def test_lost_closing_mark_ends_at_paragraph_end() -> None:
    got, _ = pairs("وقال: «سنبقى هنا حتى النهاية")
    assert got == ["سنبقي هنا حتي النهايه"]


def test_inner_quotation_stays_inside_guillemets() -> None:
    got, _ = pairs('قال: «سمعته يقول "ارحل" ثم صمت».')
    assert got == ['سمعته يقول "ارحل" ثم صمت']


def test_clitic_before_mark_opens() -> None:
    assert pairs('وصف القرار بـ"المجحف" أمس.')[0] == ["المجحف"]


def test_one_pair_over_two_paragraphs_is_one_quotation() -> None:
    got, _ = pairs("قالت: «وصلنا متأخرين.\nلم نجد أحدا».")
    assert got == ["وصلنا متاخرين.\nلم نجد احدا"]


def test_lost_opener_after_a_quoted_paragraph() -> None:
    got, _ = pairs("قال: «الطريق مقطوع».\nولا نعرف متى يفتح».")
    assert got == ["الطريق مقطوع", "ولا نعرف متي يفتح"]


def test_stray_closing_mark_is_reported() -> None:
    _, strays = pairs('إن النساء يعانين من التهميش" منذ عقود.')
    assert len(strays) == 1

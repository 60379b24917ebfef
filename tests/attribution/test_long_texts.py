"""Book-length texts: speakers are resolved within sections, so the work per quote stays bounded, and the
quotes of a long text are attributed alike from its first section to its last."""

from __future__ import annotations

from qawl.attribution import attribute as attribute_module
from qawl.pipeline import extract

FIRST = "سامر رنا كريم هدى وليد منى عادل سلمى نبيل ليلى ماجد نادية طارق سعاد فادي رشا حسام دينا باسل".split()
LAST = "الخطيب الشامي العبيدي النجار الحداد الزعبي القاسم السعدي الحسيني المصري".split()


def test_speakers_are_found_alike_all_through_a_text_many_sections_long() -> None:
    # a thousand short reports one after another: every report's two quotes (the second with its subject
    # dropped) go to the minister it names, in the first section and in the last
    reports = []
    names = [f"{f} {n}" for n in LAST for f in FIRST] * 5  # a name comes back in a later section
    for k, name in enumerate(names):
        reports.append(
            f"وقال وزير الزراعة {name} إن المحصول سيتحسن في الموسم رقم {k}.\n\n"
            f"وأضاف أن الأمطار كانت كافية في المنطقة رقم {k} هذا العام.\n\n"
        )
    text = "".join(reports)
    assert len(text) > 3 * attribute_module._SECTION
    art = extract(text)
    assert len(art.quotes) == 2 * len(names)
    got = [q.speaker.name if q.speaker else None for q in art.quotes]
    assert got == [name for name in names for _ in range(2)]


def test_a_section_forgets_the_speakers_before_it() -> None:
    # a quote whose subject is dropped (وأضاف) takes the last speaker of its own section, never one from a
    # section that ended tens of thousands of characters earlier
    named = "وقال وزير المالية سامر الخطيب إن الميزانية متوازنة.\n\n"
    filler = "وتشهد المدينة ازدحاما في الأسواق مع اقتراب العيد.\n\n"
    dropped = "وأضاف أن الأسعار سترتفع.\n"
    text = named + filler * (attribute_module._SECTION // len(filler) + 10) + dropped
    art = extract(text)
    assert art.quotes[0].speaker is not None and art.quotes[0].speaker.name == "سامر الخطيب"
    last = art.quotes[-1]
    assert art.text[last.span.start : last.span.end].startswith("الأسعار")
    assert last.speaker is None or last.speaker.name != "سامر الخطيب"
    # without the filler the same quote goes to the minister
    short = extract(named + dropped)
    assert short.quotes[-1].speaker is not None and short.quotes[-1].speaker.name == "سامر الخطيب"

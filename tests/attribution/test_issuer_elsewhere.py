"""A document's issuer named anywhere in the article speaks for the document (gold rule 4)."""

from __future__ import annotations

import qawl


def test_according_to_a_decision_takes_the_issuer_named_later() -> None:
    text = (
        "وبحسب ما جاء في القرار الذي نشرته الجريدة الرسمية، فإن رسوم العبور سترتفع بنسبة خمسة في المئة.\n"
        "كما أوضح القرار الصادر عن وزارة النقل أن الزيادة تطبق على الشاحنات فقط."
    )
    a = qawl.extract(text)
    first = a.quotes[0]
    assert a.view(first.span) == "رسوم العبور سترتفع بنسبة خمسة في المئة"
    assert first.speaker is not None and first.speaker.name == "وزارة النقل"


def test_according_to_a_document_without_a_named_issuer_keeps_the_local_source() -> None:
    text = "وبحسب تقرير نشرته صحيفة الأفق، فإن المصنع سيغلق أبوابه نهاية العام."
    a = qawl.extract(text)
    assert a.quotes and a.quotes[0].speaker is not None
    assert a.quotes[0].speaker.name != "وزارة النقل"


def test_the_name_ali_is_not_the_preposition_ala() -> None:
    # folding writes both علي (Ali) and على (on) as علي; the original letter decides
    a = qawl.extract("قال علي الشامسي، رئيس الجمعية، إن المعرض سيفتتح غدا.")
    assert a.quotes[0].speaker is not None and a.quotes[0].speaker.name == "علي الشامسي"
    b = qawl.extract("وقال الرئيس السابق حسن بن علي إن الانتخابات ستجرى في موعدها.")
    assert b.quotes[0].speaker is not None and b.quotes[0].speaker.name.endswith("بن علي")
    c = qawl.extract("وأكد الوزير على أن الخطة جاهزة.")
    assert a.view(a.quotes[0].span) == "المعرض سيفتتح غدا" and c.view(c.quotes[0].span) == "الخطة جاهزة"


def test_a_spelled_outlet_is_the_addressee_not_the_speaker() -> None:
    text = 'وقال المزارع كريم حداد إن الموسم صعب.\nوقال لبي بي سي: "خسرنا نصف المحصول هذا العام".'
    a = qawl.extract(text)
    second = a.quotes[1]
    assert second.speaker is not None and second.speaker.name == "كريم حداد"
    assert a.view(second.addressee) == "لبي بي سي"
    b = qawl.extract("وقال المتحدث لسي إن إن إن القرار نهائي.")
    assert b.view(b.quotes[0].span) == "القرار نهائي"
    assert b.quotes[0].speaker is not None and b.quotes[0].speaker.name == "المتحدث"

"""The quote finder's frames, one behaviour per test (the JSONL case files hold many more examples)."""

from __future__ import annotations

import qawl


def quotes(text: str, **meta: str) -> list[tuple[str, str, str | None]]:
    a = qawl.extract(text, **meta)
    return [(q.kind, a.view(q.span) or "", a.view(q.cue)) for q in a.quotes]


def test_indirect_after_verb_and_complementiser() -> None:
    assert quotes("وقال وزير المالية إن العجز سينخفض هذا العام.") == [
        ("indirect", "العجز سينخفض هذا العام", "وقال")
    ]


def test_direct_after_colon() -> None:
    assert quotes("وقالت المتحدثة: «لن نقبل بهذا الاتفاق».") == [("direct", "لن نقبل بهذا الاتفاق", "وقالت")]


def test_whole_content_in_marks_after_inna_is_direct() -> None:
    assert quotes('وأكد المدير أن "الخطة جاهزة للتنفيذ".')[0][0] == "direct"


def test_quoted_fragment_inside_indirect_speech_is_mixed() -> None:
    kind, text, _ = quotes('وقال الوزير إن بلاده "لن تتراجع" عن قرارها.')[0]
    assert kind == "mixed" and text == 'بلاده "لن تتراجع" عن قرارها'


def test_quote_before_the_verb() -> None:
    assert quotes("«الوضع تحت السيطرة»، قال قائد الشرطة.") == [("direct", "الوضع تحت السيطرة", "قال")]


def test_participle_opens_a_quote_of_its_own() -> None:
    got = quotes("وأكد الوزير أن المفاوضات مستمرة، مشيرا إلى أن الجولة المقبلة في القاهرة.")
    assert [g[1] for g in got] == ["المفاوضات مستمرة", "الجولة المقبلة في القاهرة"]
    assert got[1][2] == "مشيرا"


def test_according_to_after_the_clause() -> None:
    got = quotes("وارتفعت الأسعار بنسبة عشرة في المئة، بحسب وزارة الاقتصاد.")
    assert got == [("indirect", "وارتفعت الأسعار بنسبة عشرة في المئة", "بحسب")]


def test_according_to_before_the_clause_skips_fa_inna() -> None:
    got = quotes("ووفقا للبنك المركزي، فإن التضخم تراجع في الربع الأول.")
    assert got[0][1] == "التضخم تراجع في الربع الأول"


def test_scare_quotes_and_names_are_not_speech() -> None:
    assert quotes('وشاركت صحيفة "الأفق" في تغطية عملية "الفجر" أمس.') == []


def test_writer_note_is_not_speech() -> None:
    assert quotes("ويذكر أن المدينة تعرضت لفيضانات مماثلة قبل عامين.") == []


def test_poll_shows_but_does_not_say() -> None:
    assert quotes("وكشف استطلاع للرأي أن غالبية الناخبين لم يحسموا أمرهم.") == []


def test_continuation_paragraph_without_cue() -> None:
    got = quotes("وقال المزارع: «فقدنا المحصول كله».\n\n«الديون تتراكم علينا منذ سنوات».")
    assert got[1] == ("direct", "الديون تتراكم علينا منذ سنوات", None)


def test_headline_attribution_with_a_title() -> None:
    text = (
        "وزير النقل: القطار السريع يعمل العام المقبل\n\nقال وزير النقل سامي حداد إن المشروع يسير وفق الخطة."
    )
    got = quotes(text)
    assert got[0] == ("indirect", "القطار السريع يعمل العام المقبل", ":")


def test_headline_topic_label_is_not_an_attribution() -> None:
    text = "تركيا: ارتفاع أسعار الوقود للمرة الثالثة\n\nارتفعت أسعار الوقود في تركيا للمرة الثالثة هذا الشهر."
    assert quotes(text) == []


def test_lost_closing_mark_ends_before_the_cue() -> None:
    text = "«لن نسمح بذلك مهما كانت الضغوط وأكد رئيس الوزراء."
    assert quotes(text)[0][1] == "لن نسمح بذلك مهما كانت الضغوط"


def test_relayed_statement_takes_the_relay_cue() -> None:
    got = quotes("وأشارت الوكالة نقلا عن مصادر مطلعة، أن المحادثات ستستأنف الأسبوع المقبل.")
    assert got == [("indirect", "المحادثات ستستأنف الأسبوع المقبل", "نقلا عن")]


def test_pathological_text_is_linear_enough_to_finish() -> None:
    # thousands of unbalanced marks and cues in one paragraph: bounded scans keep this quick
    text = "قال الوزير « إن الأمر " * 3000
    a = qawl.extract(text)
    for q in a.quotes:
        assert a.text[q.span.start : q.span.end]


def test_quoted_channel_name_before_the_statement_is_passed_over() -> None:
    got = quotes('وقال الوزير في حديث لقناة "الأفق"، "سنرفع الأجور الشهر المقبل".')
    assert got == [("direct", "سنرفع الأجور الشهر المقبل", "وقال")]


def test_a_long_quotation_is_the_statement_even_if_another_follows() -> None:
    text = (
        'وقال رئيس البلدية أمام الصحافيين "لن نسمح بإغلاق السوق القديم مهما كانت الضغوط علينا"'
        ' في إشارة إلى مشروع "الواحة" التجاري.'
    )
    assert quotes(text)[0][1] == "لن نسمح بإغلاق السوق القديم مهما كانت الضغوط علينا"


def test_a_quotation_after_a_word_ending_in_waw_ba_or_lam_is_not_governed() -> None:
    # only a clitic glued to the mark (بـ"…") governs the quotation; the last letter of a word does not
    got = quotes('وقالت وكالة الأنباء في خبر عاجل "الدفاعات الجوية تتصدى لصواريخ فوق المدينة".')
    assert got and got[0][1] == "الدفاعات الجوية تتصدى لصواريخ فوق المدينة"
    assert quotes('وأكد الوزير على ضرورة رفع الحصار و"إنهاء الأزمة الإنسانية في القطاع".') == []


def test_a_document_named_before_jaa_fiha() -> None:
    got = quotes('ونشر الرئيس على تويتر تغريدة جاء فيها "حان الوقت للتصرف بمسؤولية وحان وقت السلام".')
    assert got == [("direct", "حان الوقت للتصرف بمسؤولية وحان وقت السلام", "جاء فيها")]

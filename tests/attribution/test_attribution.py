"""Speaker attribution: phrase grammar, names, titles, discourse, addressee and dates.

Every Arabic sentence here was written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qawl.attribution import lexicon as lx
from qawl.attribution.dates import parse_article_date
from qawl.attribution.entities import names_match, near
from qawl.attribution.phrase import Grammar
from qawl.attribution.tokens import GIVEN, ORG, TITLE, UNKNOWN, analyse, tokenize
from qawl.errors import LexiconError
from qawl.model import Quote
from qawl.pipeline import extract
from qawl.text.normalize import fold

CASES = [json.loads(x) for x in (Path(__file__).parent / "cases.jsonl").read_text("utf-8").splitlines() if x]


def quotes(text: str, **meta: str) -> list[Quote]:
    return list(extract(text, **meta).quotes)


def name(q: Quote) -> str | None:
    return q.speaker.name if q.speaker else None


@pytest.mark.parametrize("case", CASES, ids=[c["group"] + str(i) for i, c in enumerate(CASES)])
def test_cases(case: dict) -> None:
    art = extract(case["text"])
    assert art.quotes, "the finder found no quote"
    q = art.quotes[0]
    assert q.speaker is not None
    assert q.speaker.name == case["speaker"]
    if "role" in case:
        assert q.speaker.role == case["role"]
    if "type" in case:
        assert q.speaker.type == case["type"]
    if "addressee" in case:
        assert art.view(q.addressee) == case["addressee"]


# ---------------------------------------------------------------- words and lexicons
def test_analyse_peels_clitics_and_article() -> None:
    assert analyse(fold("ووزير")).cls == TITLE
    assert analyse(fold("ووزير")).prefix == "و"
    w = analyse(fold("لوكالة"))
    assert (w.cls, w.prefix) == (ORG, "ل")
    assert analyse(fold("الجابري")).cls == UNKNOWN
    assert analyse(fold("هشام")).cls == GIVEN


def test_lexicons_load_and_have_headers() -> None:
    assert "متحدث" in lx.titles()
    assert fold("وزارة") in lx.orgs().heads
    assert fold("دميتري") in lx.given_names()
    assert "في" in lx.common_words()


def test_bad_lexicon_row_names_file_and_line() -> None:
    with pytest.raises(LexiconError, match=r"titles\.tsv"):
        lx.read_rows("titles.tsv", ("head", "wrong"))


# ---------------------------------------------------------------- phrase grammar
def _parse(text: str, at: int = 1):  # type: ignore[no-untyped-def]
    norm = fold(text)
    toks = tokenize(norm)
    g = Grammar(norm, toks)
    p = g.parse(at, len(toks))
    assert p is not None
    return p, toks


def test_title_then_name_split() -> None:
    p, toks = _parse("قال الرئيس الأمريكي جو بايدن يوم الخميس إنه مستعد")
    assert p.role is not None and p.name is not None
    assert [t.text for t in toks[p.role[0] : p.role[1]]] == ["الرئيس", "الامريكي"]
    assert [t.text for t in toks[p.name[0] : p.name[1]]] == ["جو", "بايدن"]


def test_phrase_ends_before_addressee_and_time() -> None:
    p, _ = _parse("قال بيسكوف لصحيفة إزفستيا أمس إن")
    assert p.end == 2


def test_adjective_does_not_swallow_the_object() -> None:
    p, _ = _parse("وصف الرئيس الأمريكي الاتفاق النووي بأنه سيئ")
    assert p.role is not None and p.role[1] == 3


def test_dropped_subject_is_no_phrase() -> None:
    norm = fold("وقال في مؤتمر صحفي إلى جانب الرئيس الفرنسي")
    toks = tokenize(norm)
    assert Grammar(norm, toks).parse(1, len(toks)) is None


# ---------------------------------------------------------------- names
def test_spelling_variants_and_surnames_match() -> None:
    assert near("دميتري", "ديمتري")
    assert names_match((fold("بيسكوف"),), (fold("دميتري"), fold("بيسكوف")))
    assert names_match(("لودريان",), ("جان", "ايف", "لو", "دريان"))
    assert not names_match(("يونغ",), ("جونغ",))


# ---------------------------------------------------------------- discourse
def test_surname_and_dropped_subject_resolve_to_full_name() -> None:
    qs = quotes(
        "قال المتحدث باسم الكرملين ديمتري بيسكوف إن المحادثات مفيدة. وأضاف أن الوفد سيعود. "
        "وقال بيسكوف إن الموقف لم يتغير."
    )
    assert [name(q) for q in qs] == ["ديمتري بيسكوف"] * 3
    assert len({q.speaker.speaker_id for q in qs if q.speaker}) == 1


def test_feminine_verb_picks_the_woman() -> None:
    qs = quotes(
        "قالت المتحدثة باسم الوزارة ماريا زاخاروفا إن القرار خاطئ. "
        "وقال السفير جون سميث إن بلاده لن تتراجع. وأضافت أن موسكو سترد."
    )
    assert [name(q) for q in qs] == ["ماريا زاخاروفا", "جون سميث", "ماريا زاخاروفا"]


def test_distractor_in_the_cue_sentence_is_rejected() -> None:
    qs = quotes(
        "قال الرئيس الأمريكي جو بايدن إنه مستعد للحوار. "
        'وقال في مؤتمر صحفي إلى جانب الرئيس الفرنسي إيمانويل ماكرون "أنا على استعداد للتحدث معه".'
    )
    assert [name(q) for q in qs] == ["جو بايدن", "جو بايدن"]


def test_role_only_mention_resolves_to_the_named_person() -> None:
    qs = quotes("قال الرئيس الأمريكي جو بايدن إنه مستعد للحوار. وأكد الرئيس الأمريكي أن العقوبات باقية.")
    assert [name(q) for q in qs] == ["جو بايدن", "جو بايدن"]


def test_participle_takes_the_main_clause_speaker() -> None:
    qs = quotes("وأعلنت الحكومة الروسية أن المحادثات فشلت، مؤكدة أنها ترفض الاقتراح.")
    assert [name(q) for q in qs] == ["الحكومة الروسية", "الحكومة الروسية"]


def test_hashtag_name_loses_its_syntax() -> None:
    qs = quotes("التقى #محمود_عباس وفدا أمريكيا. وقال عباس إن النتائج مطمئنة.")
    assert name(qs[-1]) == "محمود عباس"


# ---------------------------------------------------------------- dates and confidence
def test_article_date_formats() -> None:
    assert str(parse_article_date("2018-02-18")) == "2018-02-18"
    assert str(parse_article_date("Sun, 18 Feb 2018 18:10:45 +0400")) == "2018-02-18"
    assert str(parse_article_date("2018-02-18T10:00:00Z")) == "2018-02-18"
    assert parse_article_date("yesterday") is None


@pytest.mark.parametrize("zone", ["+0400", "-1100", "+0000", "GMT", "UT", "UTC", "EST", "Z"])
@pytest.mark.parametrize("clock", ["23:59:59", "00:00", "12:30:05"])
def test_feed_dates_give_the_day_the_email_parser_gives(zone: str, clock: str) -> None:
    # the fast pattern takes the day as written; the email parser (the fallback) does the same
    from email.utils import parsedate_to_datetime

    value = f"Thu, 31 May 2018 {clock} {zone}"
    try:
        expected = parsedate_to_datetime(value).date()
    except (TypeError, ValueError):
        expected = None
    assert parse_article_date(value) == expected


@pytest.mark.parametrize(
    ("when", "expected"),
    [("يوم السبت", "2018-02-17"), ("أمس", "2018-02-17"), ("اليوم", "2018-02-18"), ("الخميس", "2018-02-15")],
)
def test_relative_day_near_the_cue(when: str, expected: str) -> None:
    qs = quotes(f"قال وزير المالية {when} إن العجز تراجع.", date="2018-02-18")  # 18 Feb 2018 is a Sunday
    assert qs[0].said_on == expected


def test_no_article_date_no_said_on() -> None:
    assert quotes("قال وزير المالية أمس إن العجز تراجع.")[0].said_on is None


def test_named_speaker_is_more_confident_than_dropped() -> None:
    qs = quotes("قال الوزير خالد العلي إن الخطة جاهزة. وأضاف أن التنفيذ يبدأ غدا.")
    assert qs[0].speaker is not None and qs[1].speaker is not None
    assert qs[0].speaker.confidence > qs[1].speaker.confidence


def test_report_speaks_for_its_issuer() -> None:
    qs = quotes("قالت منظمة الصحة العالمية إن الوباء يتراجع. وقال التقرير إن الإصابات انخفضت.")
    assert [name(q) for q in qs] == ["منظمة الصحة العالمية", "منظمة الصحة العالمية"]


def test_plural_verb_keeps_its_own_subject() -> None:
    qs = quotes("قال مسؤولون أمريكيون إن المحادثات مستمرة. وذكروا أسبابا كثيرة لذلك منها أن الوفد تأخر.")
    assert name(qs[0]) == "مسؤولون أمريكيون"
    if len(qs) > 1:
        assert name(qs[1]) == "مسؤولون أمريكيون"


def test_names_inside_quotations_are_not_speakers() -> None:
    qs = quotes(
        'قال والد الضحية نبيل سالم: "خرج ابني خالد سالم مساء الأمس ولم يعد". '
        "وأكد سالم أن العائلة تنتظر التحقيق."
    )
    assert [name(q) for q in qs] == ["نبيل سالم", "نبيل سالم"]


def test_a_different_office_keeps_its_role() -> None:
    qs = quotes("قال المدعي العام، أحمد فارس، إن التحقيق انتهى. وقال المدعي العام في القدس إن القرار نهائي.")
    assert name(qs[0]) == "أحمد فارس"
    assert name(qs[1]) == "المدعي العام في القدس"


def test_object_of_a_telling_verb_is_not_the_speaker() -> None:
    qs = quotes("وكان عباس أبلغ الرئيس الروسي فلاديمير بوتين أن الوضع خطير.")
    assert name(qs[0]) == "عباس"


@pytest.mark.parametrize(("when", "expected"), [("الأسبوع الماضي", "2018-02-11"), ("أول أمس", "2018-02-16")])
def test_relative_phrases_near_the_cue(when: str, expected: str) -> None:
    qs = quotes(f"قال وزير المالية {when} إن العجز تراجع.", date="2018-02-18")
    assert qs[0].said_on == expected


def test_medium_in_quotation_marks() -> None:
    art = extract('وقال سلامة في مقابلة مع "العربية" إن الجو الاستثماري تغير.')
    assert art.view(art.quotes[0].addressee) == 'في مقابلة مع "العربية"'


def test_statement_of_a_document_goes_to_its_issuer() -> None:
    qs = quotes(
        "وحاول الرئيس التنفيذي للشركة مارك سميث في بيانه الأخير طمأنة المستثمرين. "
        'وجاء في البيان "نحن ننظر إلى المستقبل بثقة".'
    )
    assert name(qs[-1]) == "مارك سميث"


def test_masculine_report_stands_for_a_feminine_body() -> None:
    qs = quotes(
        "قالت لجنة الاستخبارات إن الوكالات تساهلت. وقال رئيس اللجنة، دومينيك غريف: "
        '"نرى أن هناك تقصيرا". وقال التقرير إن الحالات كثيرة. وأضاف أن المراجعة ضرورية.'
    )
    assert [name(q) for q in qs][-2:] == ["لجنة الاستخبارات", "لجنة الاستخبارات"]


def test_a_body_is_named_by_its_fullest_mention() -> None:
    qs = quotes(
        "قدمت جمعية يمنية للدفاع عن حقوق الإنسان شكوى في باريس. وقالت الجمعية اليمنية إن الوضع الإنساني خطير."
    )
    assert name(qs[-1]) == "جمعية يمنية للدفاع"


def test_future_verbs_end_a_name_but_s_names_do_not() -> None:
    qs = quotes("قالت المتحدثة باسم الوكالة جانيت سنايدر إن الحمم ستصل قريبا.")
    assert name(qs[0]) == "جانيت سنايدر"


def test_every_lexicon_loads_with_its_header() -> None:
    from importlib.resources import files

    for name in ("titles", "sources", "orgs", "media", "time_expr", "common_words", "given_names"):
        text = (files("qawl") / "data" / f"{name}.tsv").read_text(encoding="utf-8")
        assert text.startswith("# what:"), name
        assert "# licence:" in text and "# source:" in text, name
    assert lx.titles() and lx.sources() and lx.orgs().heads and lx.media()
    assert lx.time_words().words and lx.common_words() and lx.given_names()


def test_a_name_written_before_its_role_resolves_the_role() -> None:
    qs = quotes(
        "وأشار المتحدث إلى أن الاجتماع سيعقد في جنيف.\n\n"
        "وكان ستيفان مولر، المتحدث باسم البعثة، قد تحدث للصحفيين صباح اليوم."
    )
    assert name(qs[0]) == "ستيفان مولر"


def test_preposition_ala_is_no_name() -> None:
    qs = quotes("وقال ترامب على تويتر إن الاتفاق سيئ.")
    assert name(qs[0]) == "ترامب"


def test_a_misspelt_surname_joins_the_full_name() -> None:
    assert near("دلان", "لادن")
    assert not near("سالم", "مسلم")
    qs = quotes("قال رئيس المجلس محمد بن لادن إن الزيارة مهمة. وأضاف بن دلان أن المجلس سيجتمع.")
    assert [name(q) for q in qs] == ["محمد بن لادن", "محمد بن لادن"]

"""Articles written for the web tests (not taken from any corpus), with quotes built by hand so the tests
do not depend on the extractor's progress."""

from __future__ import annotations

from qawl.model import Article, Quote, Span, Speaker

HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_IMG = '"><img src=x onerror=alert(2)>'


def span_of(text: str, part: str, after: int = 0) -> Span:
    start = text.index(part, after)
    return Span(start, start + len(part))


def quoted(
    text: str,
    words: str,
    *,
    speaker: str | None = None,
    role: str | None = None,
    cue: str | None = None,
    addressee: str | None = None,
    kind: str = "direct",
    said_on: str | None = None,
) -> Quote:
    """A quote over the first occurrence of ``words`` in ``text``, attributed to ``speaker`` (its mention is
    the first occurrence of the name)."""
    who = None
    if speaker is not None:
        who = Speaker(name=speaker, mention=span_of(text, speaker), role=role, type="person", confidence=0.9)
    return Quote(
        span=span_of(text, words),
        kind=kind,  # type: ignore[arg-type]
        cue=span_of(text, cue) if cue else None,
        speaker=who,
        addressee=span_of(text, addressee) if addressee else None,
        said_on=said_on,
        confidence=0.8,
    )


PESKOV = "ديمتري بيسكوف"
ROLE = "المتحدث باسم الكرملين"
STATEMENT = "لا نرى أي تقدم في المفاوضات حتى الآن"


def corpus() -> list[Article]:
    """Articles written for these tests: two outlets carry the same statement by بيسكوف; one article is
    hostile (HTML and script in every field); one quotes another speaker."""
    t1 = (
        f"موسكو - قال {ROLE} {PESKOV} للصحفيين يوم الثلاثاء: «{STATEMENT}».\n"
        "وأضاف بيسكوف أن الكرملين ما زال مستعدًا للحوار مع جميع الأطراف.\n"
        "ولم يعلق الجانب الآخر على التصريحات."
    )
    a1 = Article(
        id="kremlin-1",
        text=t1,
        title="الكرملين: لا تقدم في المفاوضات",
        date="2024-03-05",
        url="https://example.org/news/1",
        source="وكالة الأنباء الأولى",
        quotes=(
            quoted(t1, STATEMENT, speaker=PESKOV, role=ROLE, cue="قال", addressee="للصحفيين"),
            quoted(t1, "الكرملين ما زال مستعدًا للحوار مع جميع الأطراف", speaker="بيسكوف", kind="indirect"),
        ),
    )
    t2 = f"نقلت وسائل إعلام عن {PESKOV} قوله: «{STATEMENT}»، مشيرًا إلى أن الاتصالات مستمرة."
    a2 = Article(
        id="kremlin-2",
        text=t2,
        title="بيسكوف يعلق على المفاوضات",
        date="2024-03-06",
        url="https://example.com/2",
        source="صحيفة المساء",
        quotes=(quoted(t2, STATEMENT, speaker=PESKOV, cue="قوله"),),
    )
    t3 = (
        f"{HOSTILE_SCRIPT} قال {PESKOV} في بيان: «{HOSTILE_IMG} <b>نص عريض</b> & كلام آخر».\n"
        "وختم البيان بعبارة <i>مائلة</i>."
    )
    a3 = Article(
        id="hostile/1?x=<y>",
        text=t3,
        title=HOSTILE_SCRIPT + " عنوان",
        date="2024-03-07",
        url="javascript:alert(3)",
        source=HOSTILE_IMG,
        quotes=(quoted(t3, f"{HOSTILE_IMG} <b>نص عريض</b> & كلام آخر", speaker=PESKOV, cue="قال"),),
    )
    t4 = "وقال وزير الخارجية سيرغي لافروف إن بلاده لن تقبل بأي شروط مسبقة."
    a4 = Article(
        id="lavrov-1",
        text=t4,
        title="لافروف والشروط",
        date="2023-12-01",
        source="وكالة الأنباء الأولى",
        quotes=(
            quoted(
                t4,
                "بلاده لن تقبل بأي شروط مسبقة",
                speaker="سيرغي لافروف",
                role="وزير الخارجية",
                kind="indirect",
            ),
        ),
    )
    return [a1, a2, a3, a4]

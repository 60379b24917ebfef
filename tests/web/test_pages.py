"""The HTML pages: each renders RTL Arabic, works without JavaScript, never lets article text in as markup."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from .conftest import AppFactory
from .corpus import HOSTILE_IMG, HOSTILE_SCRIPT, PESKOV, STATEMENT

HOSTILE_PATH = "/articles/" + quote("hostile/1?x=<y>", safe="")


class _Page(HTMLParser):
    """Every tag with its attributes, every script and the text of each element id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.parts: list[str] = []
        self.starts: dict[str, int] = {}
        self.stack: list[str | None] = []
        self.by_id: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag in {"meta", "link", "input", "br", "img"}:
            return
        ident = a.get("id")
        self.stack.append(ident)
        if ident:
            self.starts[ident] = len("".join(self.parts))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack:
            return
        ident = self.stack.pop()
        if ident:
            self.by_id[ident] = "".join(self.parts)[self.starts[ident] :]

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def parse(html: str) -> _Page:
    p = _Page()
    p.feed(html)
    p.close()
    return p


def assert_nothing_injected(html: str) -> None:
    """No script element, no event handler attribute, no javascript: link, no element from article text."""
    page = parse(html)
    for tag, attrs in page.tags:
        assert tag not in {"script", "img", "iframe", "object", "b", "i"}, (tag, attrs)
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, name, value)


def get_ok(client: TestClient, path: str, **params: str) -> str:
    r = client.get(path, params=params)
    assert r.status_code == 200, (path, r.status_code, r.text[:500])
    assert r.headers["content-type"].startswith("text/html")
    return r.text


def test_every_page_is_rtl_arabic_and_loads_only_local_css(
    client: TestClient, quote_id: Callable[[str, str], int]
) -> None:
    qid = quote_id("kremlin-1", STATEMENT)
    speaker = client.get("/api/speakers", params={"q": "بيسكوف"}).json()["items"][0]["id"]
    paths = [
        "/",
        f"/statements/{qid}",
        "/speakers",
        f"/speakers/{quote(speaker, safe='')}",
        "/articles/kremlin-1",
        "/outlets",
        "/outlets/" + quote("صحيفة المساء", safe=""),
    ]
    for path in paths:
        html = get_ok(client, path)
        assert '<html lang="ar" dir="rtl">' in html, path
        assert '<meta name="viewport"' in html
        tags = parse(html).tags
        assert not any(tag == "script" for tag, _ in tags), path
        sheets = [a.get("href") for tag, a in tags if tag == "link"]
        assert sheets == ["/static/style.css"], path
    css = client.get("/static/style.css")
    assert css.status_code == 200
    assert '"Noto Naskh Arabic"' in css.text and "@font-face" not in css.text and "url(" not in css.text


def test_search_page_shows_results_with_speaker_outlet_date(client: TestClient) -> None:
    html = get_ok(client, "/", q="بِيسْكوف")
    assert STATEMENT in html.replace('<mark class="hit">', "").replace("</mark>", "")
    assert "وكالة الأنباء الأولى" in html and "صحيفة المساء" in html
    assert '<time datetime="2024-03-05" dir="ltr">2024-03-05</time>' in html
    assert PESKOV in html
    # the form keeps the query and works as a plain GET form
    assert 'method="get" action="/"' in html and 'value="بِيسْكوف"' in html


def test_search_page_links_speakers_named_by_the_query(client: TestClient) -> None:
    speaker = client.get("/api/speakers", params={"q": "بيسكوف"}).json()["items"][0]["id"]
    html = get_ok(client, "/", q="بيسكوف")
    assert f'href="/speakers/{quote(speaker)}"' in html and "متحدثون بهذا الاسم" in html
    filtered = get_ok(client, "/", speaker=speaker)
    assert "تصريحات <a" in filtered and "سيرغي لافروف" not in filtered
    by_name = get_ok(client, "/", speaker="سيرغي لافروف")
    assert ">سيرغي لافروف</a>" in by_name and "بلاده لن تقبل" in by_name and STATEMENT not in by_name


def test_search_page_marks_the_query_words(client: TestClient) -> None:
    html = get_ok(client, "/", q="اي تقدم")
    assert '<mark class="hit">أي</mark> <mark class="hit">تقدم</mark>' in html


def test_search_page_filters_and_pagination_links(client: TestClient) -> None:
    html = get_ok(client, "/", per_page="2", since="2024-03-05")
    assert 'rel="next" href="/?since=2024-03-05&amp;per_page=2&amp;page=2"' in html
    html = get_ok(client, "/", q="بيسكوف", outlet="صحيفة المساء")
    assert "لا نرى أي تقدم" in html.replace('<mark class="hit">', "").replace("</mark>", "")
    assert "kremlin-1" not in html
    empty = get_ok(client, "/", q="كلمةغيرموجودةأبدا")
    assert "لا نتائج" in empty


def test_search_page_paginates(client: TestClient) -> None:
    html = get_ok(client, "/", kind="direct", per_page="1")
    assert "صفحة <strong>1</strong> من 3" in html
    assert 'rel="next" href="/?kind=direct&amp;per_page=1&amp;page=2"' in html


def test_empty_form_fields_are_ignored(client: TestClient) -> None:
    html = get_ok(client, "/", q="", speaker="", outlet="", since="", until="", kind="")
    assert "أحدث التصريحات" in html


def test_statement_page(client: TestClient, quote_id: Callable[[str, str], int]) -> None:
    qid = quote_id("kremlin-1", STATEMENT)
    html = get_ok(client, f"/statements/{qid}")
    page = parse(html)
    assert page.by_id["words"] == STATEMENT
    for fact in (PESKOV, "قال", "للصحفيين", "المتحدث باسم الكرملين", "الكرملين: لا تقدم في المفاوضات"):
        assert fact in html, fact
    assert f'href="/articles/kremlin-1#q-{qid}"' in html
    assert 'href="https://example.org/news/1"' in html
    # the other outlet carrying the same statement is listed
    other = quote_id("kremlin-2", STATEMENT)
    assert f'href="/statements/{other}"' in html
    assert "صحيفة المساء" in html


def test_statement_page_without_copies(client: TestClient, quote_id: Callable[[str, str], int]) -> None:
    qid = quote_id("lavrov-1", "بلاده لن تقبل بأي شروط مسبقة")
    html = get_ok(client, f"/statements/{qid}")
    assert "لم ينقله مقال آخر" in html


def test_speaker_page(client: TestClient) -> None:
    speaker = client.get("/api/speakers", params={"q": "بيسكوف"}).json()["items"][0]["id"]
    html = get_ok(client, f"/speakers/{quote(speaker, safe='')}")
    assert PESKOV in html
    assert "المتحدث باسم الكرملين" in html  # role seen with the name
    assert "صحيفة المساء" in html  # among the top outlets
    # timeline: dated headings newest first
    timeline = html[html.index('class="timeline"') :]
    days = [timeline.index(f'datetime="{d}"') for d in ("2024-03-07", "2024-03-06", "2024-03-05")]
    assert days == sorted(days)


def test_speakers_list(client: TestClient) -> None:
    html = get_ok(client, "/speakers", q="لافروف")
    assert "سيرغي لافروف" in html and "بيسكوف" not in html


def test_article_page_highlights_every_statement_in_place(client: TestClient) -> None:
    data = client.get("/api/articles/kremlin-1").json()
    html = get_ok(client, "/articles/kremlin-1")
    page = parse(html)
    assert page.by_id["text"] == data["text"]
    for q in data["quotes"]:
        assert page.by_id[f"q-{q['id']}"] == data["text"][q["start"] : q["end"]]
        assert f'href="/statements/{q["id"]}"' in html


def test_outlet_pages(client: TestClient) -> None:
    html = get_ok(client, "/outlets")
    assert "وكالة الأنباء الأولى" in html
    html = get_ok(client, "/outlets/" + quote("وكالة الأنباء الأولى", safe=""))
    assert "الكرملين: لا تقدم في المفاوضات" in html and "لافروف والشروط" in html


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/statements/999999", 404),
        ("/statements/abc", 422),
        ("/speakers/no-such-speaker", 404),
        ("/articles/no-such-article", 404),
        ("/outlets/no-such-outlet", 404),
        ("/no/such/page", 404),
        ("/?per_page=100000", 422),
        ("/?since=<script>", 422),
    ],
)
def test_errors_render_as_arabic_pages(client: TestClient, path: str, status: int) -> None:
    r = client.get(path)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("text/html")
    assert '<html lang="ar" dir="rtl">' in r.text
    assert_nothing_injected(r.text)


def test_query_over_the_limit_is_refused(client: TestClient) -> None:
    assert client.get("/", params={"q": "ك" * 201}).status_code == 422
    assert client.get("/", params={"q": "ك" * 200}).status_code == 200


# -- hostile text ---------------------------------------------------------------------------------------


def test_hostile_article_page_escapes_everything(client: TestClient) -> None:
    html = get_ok(client, HOSTILE_PATH)
    assert_nothing_injected(html)
    assert HOSTILE_SCRIPT not in html and HOSTILE_IMG not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    data = client.get("/api" + HOSTILE_PATH).json()
    page = parse(html)
    assert page.by_id["text"] == data["text"]  # the escaped text reads back exactly
    q = data["quotes"][0]
    assert page.by_id[f"q-{q['id']}"] == q["text"]
    assert "javascript:" not in html  # the stored url is not linked


@pytest.mark.parametrize("query", ["", "بيسكوف", "نص عريض", "<b>", "<script>alert(1)</script>", '"><img'])
def test_hostile_text_is_escaped_in_search_results(client: TestClient, query: str) -> None:
    html = get_ok(client, "/", q=query)
    assert_nothing_injected(html)
    assert HOSTILE_SCRIPT not in html


def test_hostile_text_is_escaped_on_every_page(
    client: TestClient, quote_id: Callable[[str, str], int]
) -> None:
    data = client.get("/api" + HOSTILE_PATH).json()
    qid = data["quotes"][0]["id"]
    speaker = data["quotes"][0]["speaker"]["id"]
    for path in (
        f"/statements/{qid}",
        f"/speakers/{quote(speaker, safe='')}",
        "/outlets",
        "/outlets/" + quote(HOSTILE_IMG, safe=""),
        "/speakers",
    ):
        html = get_ok(client, path)
        assert_nothing_injected(html)
        assert HOSTILE_IMG not in html, path


def test_hostile_article_posted_through_the_api(make_client: AppFactory) -> None:
    c = make_client()
    text = f'قال الرئيس: «{HOSTILE_SCRIPT}» و"{HOSTILE_IMG}".'
    r = c.post("/api/articles", json={"id": "<x>", "text": text, "title": HOSTILE_IMG, "url": "javascript:x"})
    assert r.status_code == 201
    html = get_ok(c, "/articles/" + quote("<x>", safe=""))
    assert_nothing_injected(html)
    assert parse(html).by_id["text"] == text
    assert_nothing_injected(get_ok(c, "/"))


def test_pages_send_a_strict_content_security_policy(client: TestClient) -> None:
    csp = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'self'" in csp and "frame-ancestors 'none'" in csp

"""The UI in a real browser: headless Debian Chromium driven by Playwright against uvicorn on 127.0.0.1.

Checks what a reader sees: searches find the statements (folded spellings too), each statement is highlighted
at its offsets in the article, the pages work without JavaScript and on a phone-sized screen, hostile
articles run nothing. Screenshots go to ``$QAWL_ARTIFACTS`` (default ``artifacts/screenshots/``).

Needs /usr/bin/chromium (``scripts/setup-chromium.sh``), else skipped; never runs ``playwright install``.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest

from qawl import archive
from qawl.model import Article
from qawl.web.app import create_app
from qawl.web.settings import WebSettings

from .corpus import HOSTILE_IMG, PESKOV, STATEMENT, corpus

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared" / "data"

if not CHROMIUM.exists():
    pytest.skip("no /usr/bin/chromium: run scripts/setup-chromium.sh", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


def artifacts() -> Path:
    folder = Path(os.environ.get("QAWL_ARTIFACTS") or REPO / "artifacts" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def seed_articles() -> list[Article]:
    """The two seed articles from ``shared/data/seeds/`` (as scraped), when that folder exists."""
    folder = SHARED / "seeds"
    if not folder.is_dir():
        return []
    return [
        Article(id=p.stem, text=p.read_text(encoding="utf-8"), source="seed", title=p.stem)
        for p in sorted(folder.glob("seed-*.txt"))
    ]


def seed_gold() -> dict[str, list[dict[str, Any]]]:
    """Gold statements of the seeds by article id (``shared/data/gold/seeds.jsonl``), when present."""
    path = SHARED / "gold" / "seeds.jsonl"
    if not path.exists():
        return {}
    out: dict[str, list[dict[str, Any]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            out[rec["id"]] = rec["quotes"]
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    db = str(tmp_path_factory.mktemp("browser") / "archive.db")
    report = archive.ingest(corpus() + seed_articles(), db, progress=False)
    assert report.ok, report.errors
    app = create_app(db, settings=WebSettings())
    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", ws="none", lifespan="on", access_log=False
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="ar")
    p = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    p.on("dialog", on_dialog)
    yield p
    context.close()
    assert not dialogs, f"a page opened a dialog: {dialogs}"


def shot(page: Any, name: str) -> Path:
    path = artifacts() / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 5000
    return path


def result_texts(page: Any) -> list[str]:
    return [t.strip() for t in page.locator("section.results blockquote.words").all_inner_texts()]


@pytest.mark.parametrize(
    ("name", "query"),
    [("plain", "بيسكوف"), ("full-name", "ديمتري بيسكوف"), ("diacritics", "بِيسْكوف"), ("no-hamza", "اي تقدم")],
)
def test_search_finds_the_statement(server: str, page: Any, name: str, query: str) -> None:
    page.goto(f"{server}/?{urlencode({'q': query})}")
    texts = result_texts(page)
    assert STATEMENT in texts, (query, texts)
    assert page.locator("html").get_attribute("dir") == "rtl"
    shot(page, f"search-{name}")


def test_search_form_works_without_javascript(server: str, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1200, "height": 900})
    p = context.new_page()
    p.goto(server + "/")
    p.fill("#q", "بيسكوف")
    p.press("#q", "Enter")
    p.wait_for_url("**/?q=*")
    assert STATEMENT in result_texts(p)
    # follow a result to its statement page, then to the article, by plain links
    p.locator("section.results blockquote.words a").first.click()
    p.wait_for_url("**/statements/*")
    assert p.locator("#words").inner_text().strip() in result_texts_of_all(p, server)
    context.close()


def result_texts_of_all(p: Any, server: str) -> list[str]:
    # every statement text the archive holds (through the API), to check a statement page shows one of them
    data = p.request.get(f"{server}/api/quotes?per_page=100").json()
    return [q["text"] for q in data["items"]]


def test_article_highlights_each_statement_at_its_offsets(server: str, page: Any) -> None:
    data = page.request.get(f"{server}/api/articles/kremlin-1").json()
    page.goto(f"{server}/articles/kremlin-1")
    shown = page.locator("#text").text_content()
    assert shown == data["text"]
    for q in data["quotes"]:
        mark = page.locator(f"mark#q-{q['id']}")
        assert mark.text_content() == data["text"][q["start"] : q["end"]] == q["text"]
        assert mark.get_attribute("data-start") == str(q["start"])
        # the same offsets measured in the page itself
        at = page.evaluate(
            """id => { const t = document.getElementById('text'); const m = document.getElementById(id);
                 const r = document.createRange(); r.setStart(t, 0); r.setEndBefore(m);
                 return r.toString().length; }""",
            f"q-{q['id']}",
        )
        assert at == q["start"]
        colour = mark.evaluate("m => getComputedStyle(m).backgroundColor")
        assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
        assert mark.locator("a").get_attribute("href") == f"/statements/{q['id']}"
        assert mark.is_visible()
    shot(page, "article")
    # a highlight is a link to its statement's page
    first = data["quotes"][0]
    page.locator(f"mark#q-{first['id']} a").click()
    page.wait_for_url(f"**/statements/{first['id']}")
    assert page.locator("#words").inner_text().strip() == first["text"]


def test_statement_and_speaker_pages(server: str, page: Any) -> None:
    page.goto(f"{server}/?{urlencode({'q': 'بيسكوف'})}")
    page.locator("section.results blockquote.words a", has_text=STATEMENT).first.click()
    page.wait_for_url("**/statements/*")
    assert page.locator("#words").inner_text().strip() == STATEMENT
    assert page.locator("dl.facts").inner_text().count(PESKOV) >= 1
    shot(page, "statement")
    page.locator("dl.facts a.speaker").first.click()
    page.wait_for_url("**/speakers/*")
    assert PESKOV in page.locator("h1").inner_text()
    assert page.locator("section.timeline h3.day").count() >= 2
    shot(page, "speaker")


def test_outlet_page(server: str, page: Any) -> None:
    page.goto(f"{server}/outlets/{quote('وكالة الأنباء الأولى', safe='')}")
    assert "الكرملين: لا تقدم في المفاوضات" in page.locator("main").inner_text()
    shot(page, "outlet")


def test_phone_width_has_no_sideways_scroll(server: str, browser: Any) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
    )
    p = context.new_page()
    speaker = p.request.get(f"{server}/api/speakers?{urlencode({'q': 'بيسكوف'})}").json()["items"][0]
    for path, name in (
        (f"/?{urlencode({'q': 'بيسكوف'})}", "phone-search"),
        ("/articles/kremlin-1", "phone-article"),
        (f"/speakers/{quote(speaker['id'], safe='')}", "phone-speaker"),
    ):
        p.goto(server + path)
        width = p.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
        shot(p, name)
    context.close()


def test_hostile_article_runs_nothing(server: str, page: Any) -> None:
    page.goto(f"{server}/articles/{quote('hostile/1?x=<y>', safe='')}")
    text = page.locator("#text")
    assert "<script>alert(1)</script>" in (text.text_content() or "")
    assert text.locator("script, img, b, i").count() == 0
    assert page.locator("img").count() == 0
    assert HOSTILE_IMG in page.locator("mark").first.inner_text()
    page.goto(f"{server}/?{urlencode({'q': 'نص عريض'})}")
    assert page.locator("section.results img, section.results b").count() == 0
    shot(page, "hostile")
    # the page fixture asserts that no alert() dialog opened


def test_seed_statements_are_found(server: str, page: Any) -> None:
    seeds = seed_articles()
    if not seeds:
        pytest.skip("shared/data/seeds/ is absent: seed articles not ingested")
    gold = seed_gold()

    def found(query: str) -> set[int]:
        result = page.request.get(f"{server}/api/quotes?{urlencode({'q': query, 'per_page': 100})}")
        return {q["id"] for q in result.json()["items"]}

    plain, marked = found("بيسكوف"), found("بِيسْكوف")
    for seed in seeds:
        data = page.request.get(f"{server}/api/articles/{quote(seed.id, safe='')}").json()
        assert data["text"] == seed.text
        page.goto(f"{server}/articles/{quote(seed.id, safe='')}")
        for q in data["quotes"]:
            assert page.locator(f"mark#q-{q['id']}").text_content() == q["text"]
        shot(page, f"seed-{seed.id}")
        # every statement attributed to بيسكوف is found by his name, with or without diacritics
        his = {q["id"] for q in data["quotes"] if "بيسكوف" in ((q["speaker"] or {}).get("name") or "")}
        assert his <= plain and his <= marked, seed.id
        # and each seed with gold statements of بيسكوف has at least one of them found by the search
        wanted = [g for g in gold.get(seed.id, []) if "بيسكوف" in (g.get("speaker") or "")]
        if wanted:
            hits = {
                q["id"]
                for q in data["quotes"]
                for g in wanted
                if q["start"] < g["end"] and g["start"] < q["end"] and q["id"] in plain
            }
            assert hits, f"no gold statement of بيسكوف in {seed.id} is found by searching his name"

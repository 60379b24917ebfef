"""The JSON API: every route, the one error shape, pagination and query limits, read-only, token, size."""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from .conftest import AppFactory
from .corpus import PESKOV, STATEMENT

HOSTILE_ID = quote("hostile/1?x=<y>", safe="")


def test_stats_counts_the_archive(client: TestClient) -> None:
    data = client.get("/api/stats").json()
    assert data["articles"] == 4
    assert data["quotes"] == 5
    assert data["outlets"] == 3
    assert data["speakers"] >= 2
    assert data["top_outlets"][0] == {"name": "وكالة الأنباء الأولى", "article_count": 2, "quote_count": 3}


def test_article_has_text_and_quotes_with_offsets(client: TestClient) -> None:
    data = client.get("/api/articles/kremlin-1").json()
    assert data["title"] == "الكرملين: لا تقدم في المفاوضات"
    assert len(data["quotes"]) == 2
    for q in data["quotes"]:
        assert data["text"][q["start"] : q["end"]] == q["text"]
    first = data["quotes"][0]
    assert first["text"] == STATEMENT
    assert first["cue"]["text"] == "قال"
    assert first["addressee"]["text"] == "للصحفيين"
    assert first["speaker"]["name"] == PESKOV
    assert first["article"]["outlet"] == "وكالة الأنباء الأولى"


def test_article_without_text(client: TestClient) -> None:
    assert client.get("/api/articles/kremlin-1", params={"text": "false"}).json()["text"] is None


def test_article_id_with_slash_and_query_characters(client: TestClient) -> None:
    data = client.get(f"/api/articles/{HOSTILE_ID}").json()
    assert data["id"] == "hostile/1?x=<y>"
    assert data["text"].startswith("<script>")  # stored and returned verbatim: JSON is not HTML


@pytest.mark.parametrize("query", ["بيسكوف", "ديمتري بيسكوف", "بِيسْكوف", "اي تقدم"])
def test_search_is_arabic_folded(client: TestClient, query: str) -> None:
    data = client.get("/api/quotes", params={"q": query}).json()
    texts = [q["text"] for q in data["items"]]
    assert STATEMENT in texts, (query, texts)


def test_search_filters(client: TestClient) -> None:
    def ids(**params: str) -> set[str]:
        items = client.get("/api/quotes", params=params).json()["items"]
        return {q["article_id"] for q in items}

    assert ids(q="بيسكوف", outlet="صحيفة المساء") == {"kremlin-2"}
    assert ids(since="2024-03-06") == {"kremlin-2", "hostile/1?x=<y>"}
    assert ids(until="2023-12") == {"lavrov-1"}
    assert ids(kind="indirect") == {"kremlin-1", "lavrov-1"}
    assert ids(speaker="سيرغي لافروف") == {"lavrov-1"}
    assert ids(speaker="nobody-at-all") == set()


def test_search_pagination(client: TestClient) -> None:
    first = client.get("/api/quotes", params={"per_page": 2}).json()
    second = client.get("/api/quotes", params={"per_page": 2, "page": 2}).json()
    assert first["page"] == {"page": 1, "per_page": 2, "total": 5, "pages": 3, "has_more": True}
    assert len(first["items"]) == 2 and len(second["items"]) == 2
    assert not {q["id"] for q in first["items"]} & {q["id"] for q in second["items"]}
    last = client.get("/api/quotes", params={"per_page": 2, "page": 3}).json()
    assert len(last["items"]) == 1 and last["page"]["has_more"] is False


def test_quote_by_id(client: TestClient, quote_id: Callable[[str, str], int]) -> None:
    qid = quote_id("kremlin-2", STATEMENT)
    data = client.get(f"/api/quotes/{qid}").json()
    assert data["id"] == qid and data["article"]["id"] == "kremlin-2"


def test_speakers_list_and_detail(client: TestClient) -> None:
    page = client.get("/api/speakers").json()
    names = [s["name"] for s in page["items"]]
    assert any("بيسكوف" in n for n in names)
    peskov = next(s for s in page["items"] if "بيسكوف" in s["name"])
    assert peskov["quote_count"] >= 3
    detail = client.get(f"/api/speakers/{quote(peskov['id'], safe='')}").json()
    assert detail["id"] == peskov["id"]
    assert dict(detail["top_outlets"])["صحيفة المساء"] == 1
    found = client.get("/api/speakers", params={"q": "لافروف"}).json()["items"]
    assert [s["name"] for s in found] == ["سيرغي لافروف"]


def test_openapi_documents_every_route(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    for path in (
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/quotes",
        "/api/quotes/{quote_id}",
        "/api/speakers",
        "/api/speakers/{speaker_id}",
        "/api/stats",
    ):
        assert path in paths
    assert not any(p.startswith(("/speakers", "/statements", "/outlets")) for p in paths)
    assert "ErrorOut" in spec["components"]["schemas"]
    assert client.get("/docs").status_code == 200


# -- writes ---------------------------------------------------------------------------------------------


ONE = {
    "id": "new-1",
    "text": f"قال {PESKOV}: «سنرد في الوقت المناسب».",
    "source": "وكالة",
    "date": "2024-05-01",
}


def test_post_one_article_then_read_it(make_client: AppFactory) -> None:
    c = make_client()
    r = c.post("/api/articles", json=ONE)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["inserted"] == 1 and body["articles"] == ["/api/articles/new-1"]
    got = c.get("/api/articles/new-1").json()
    assert got["text"] == ONE["text"] and got["outlet"] == "وكالة"
    # the same article again changes nothing
    again = c.post("/api/articles", json=ONE).json()
    assert again["inserted"] == 0 and again["unchanged"] == 1


def test_post_a_list_of_articles(make_client: AppFactory) -> None:
    c = make_client()
    items = [ONE, {**ONE, "id": "new-2"}, {**ONE, "id": "new-3", "extra_field": "kept"}]
    r = c.post("/api/articles", json=items)
    assert r.status_code == 201
    assert r.json()["inserted"] == 3
    assert c.get("/api/stats").json()["articles"] == 3


def test_too_many_articles_in_one_request(make_client: AppFactory) -> None:
    c = make_client(max_articles_per_request=2)
    r = c.post("/api/articles", json=[ONE, {**ONE, "id": "b"}, {**ONE, "id": "c"}])
    assert r.status_code == 422
    assert "at most 2" in r.json()["error"]["message"]


def test_read_only_refuses_writes(make_client: AppFactory) -> None:
    c = make_client(read_only=True)
    r = c.post("/api/articles", json=ONE)
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "read_only"
    assert c.get("/api/stats").status_code == 200


def test_token_is_needed_for_writes(make_client: AppFactory) -> None:
    c = make_client(token="s3cret-token")
    missing = c.post("/api/articles", json=ONE)
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = c.post("/api/articles", json=ONE, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    basic = c.post("/api/articles", json=ONE, headers={"Authorization": "Basic s3cret-token"})
    assert basic.status_code == 401
    ok = c.post("/api/articles", json=ONE, headers={"Authorization": "Bearer s3cret-token"})
    assert ok.status_code == 201
    # reads stay open
    assert c.get("/api/articles/new-1").status_code == 200


def test_body_over_the_limit_is_refused(make_client: AppFactory) -> None:
    c = make_client(max_body_bytes=1000)
    big = {**ONE, "text": "كلام " * 400}
    r = c.post("/api/articles", json=big)
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "payload_too_large"
    assert c.get("/api/stats").json()["articles"] == 0


def test_chunked_body_over_the_limit_is_refused(make_client: AppFactory) -> None:
    c = make_client(max_body_bytes=1000)
    payload = json.dumps({**ONE, "text": "كلام " * 400}).encode()

    def chunks() -> object:
        for i in range(0, len(payload), 256):
            yield payload[i : i + 256]

    r = c.post("/api/articles", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "payload_too_large"


# -- the one error shape --------------------------------------------------------------------------------


def test_every_error_has_the_one_shape(make_client: AppFactory) -> None:
    c = make_client(token="t0ken", max_body_bytes=2000)
    auth = {"Authorization": "Bearer t0ken"}
    as_json = {**auth, "content-type": "application/json"}
    ro = make_client(read_only=True, db_url=str(c.app.state.settings.db_url))  # type: ignore[attr-defined]
    cases = [
        (400, c.post("/api/articles", content=b"{not json", headers=as_json)),
        (401, c.post("/api/articles", json=ONE)),
        (403, ro.post("/api/articles", json=ONE)),
        (404, c.get("/api/articles/no-such-article")),
        (404, c.get("/api/quotes/999999")),
        (404, c.get("/api/speakers/no-such-speaker")),
        (404, c.get("/api/no-such-route")),
        (405, c.delete("/api/stats")),
        (413, c.post("/api/articles", content=b"x" * 5000, headers=auth)),
        (422, c.post("/api/articles", json={"id": "x"}, headers=auth)),
        (422, c.post("/api/articles", json=[], headers=auth)),
        (422, c.get("/api/quotes", params={"per_page": 10_000})),
        (422, c.get("/api/quotes", params={"page": 0})),
        (422, c.get("/api/quotes", params={"q": "ب" * 201})),
        (422, c.get("/api/quotes", params={"since": "yesterday"})),
        (422, c.get("/api/quotes", params={"kind": "<script>"})),
        (422, c.get("/api/quotes/not-a-number")),
    ]
    for status, r in cases:
        assert r.status_code == status, (status, r.text)
        assert r.headers["content-type"].startswith("application/json")
        body = r.json()
        assert set(body) == {"error"}, body
        assert set(body["error"]) == {"code", "message", "status"}, body
        assert body["error"]["status"] == status
        assert isinstance(body["error"]["code"], str) and body["error"]["code"]
        assert isinstance(body["error"]["message"], str) and body["error"]["message"]


def test_security_headers(client: TestClient) -> None:
    r = client.get("/api/stats")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in r.headers["content-security-policy"]


def test_a_crash_answers_500_in_the_one_shape(archive_db: str) -> None:
    from qawl.errors import StoreError
    from qawl.web.app import build_app
    from qawl.web.settings import WebSettings

    class Broken:
        """A store whose reads fail: a bug (RuntimeError) or a store error (StoreError)."""

        def __init__(self, error: Exception) -> None:
            self.error = error

        def stats(self) -> dict[str, int]:
            raise self.error

        def list_outlets(self) -> list[object]:
            raise self.error

    for error, code in ((RuntimeError("boom"), "internal_error"), (StoreError("disk full"), "store")):
        app = build_app(WebSettings(db_url=archive_db), store=Broken(error))  # type: ignore[arg-type]
        with TestClient(app, raise_server_exceptions=False) as c:
            r = c.get("/api/stats")
            assert r.status_code == 500
            assert r.json() == {
                "error": {"code": code, "message": r.json()["error"]["message"], "status": 500}
            }
            assert "boom" not in r.text  # a bug's details stay in the server log
            page = c.get("/outlets")  # the UI shows the same failure as an Arabic page
            assert page.status_code == 500 and '<html lang="ar" dir="rtl">' in page.text

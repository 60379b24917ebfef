"""Fixtures for the web tests: a small archive of the articles in ``corpus.py`` and TestClients over it."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from qawl import archive
from qawl.web.app import build_app, create_app
from qawl.web.settings import WebSettings

from .corpus import corpus

with warnings.catch_warnings():
    # starlette warns at import that it prefers httpx2 over httpx; the client works the same
    warnings.filterwarnings("ignore", message=r".*httpx2.*")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="session")
def archive_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite archive holding ``corpus()``, shared by the read-only tests of the session."""
    path = tmp_path_factory.mktemp("web-archive") / "archive.db"
    report = archive.ingest(corpus(), str(path), progress=False)
    assert report.ok, report.errors
    assert report.inserted == len(corpus())
    return str(path)


@pytest.fixture(scope="session")
def client(archive_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(archive_db, settings=WebSettings())) as c:
        yield c


AppFactory = Callable[..., TestClient]


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[AppFactory]:
    """A client over a fresh, empty archive with the given settings (for writes and limits)."""
    opened: list[TestClient] = []

    def make(**settings: object) -> TestClient:
        values = {"db_url": str(tmp_path / "fresh.db"), **settings}
        archive.open_archive(str(values["db_url"])).close()  # a read-only app needs an existing archive
        c = TestClient(build_app(WebSettings(**values)))  # type: ignore[arg-type]
        c.__enter__()
        opened.append(c)
        return c

    yield make
    for c in opened:
        c.__exit__(None, None, None)


@pytest.fixture(scope="session")
def quote_id(client: TestClient) -> Callable[[str, str], int]:
    """``quote_id(article_id, words)``: the stored id of that article's quote whose text is ``words``."""

    def find(article_id: str, words: str) -> int:
        data = client.get(f"/api/articles/{quote(article_id, safe='')}").json()
        for q in data["quotes"]:
            if q["text"] == words:
                return int(q["id"])
        raise AssertionError(f"no quote {words!r} in {article_id}")

    return find

"""Backends for the contract suite: SQLite always, PostgreSQL when QAWL_TEST_PG_URL is set
(``eval "$(scripts/setup-postgres.sh)"`` starts a local one). Each PostgreSQL test gets its own schema."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from qawl.model import Article, Quote, Span, Speaker
from qawl.store import Store, open_store

PG_URL = os.environ.get("QAWL_TEST_PG_URL")
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _pg_schema_url(schema: str) -> str:
    assert PG_URL is not None
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=" + quote(f"-csearch_path={schema},public")


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty archive URL of each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'archive.db'}"
        return
    if not PG_URL:
        pytest.skip('PostgreSQL tests need QAWL_TEST_PG_URL (run: eval "$(scripts/setup-postgres.sh)")')
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield _pg_schema_url(schema)
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with open_store(db_url) as s:
        yield s


def build_article(
    id: str,
    text: str,
    quotes: list[tuple[str, str | None]] | None = None,
    *,
    speaker_ids: dict[str, str] | None = None,
    role: str | None = None,
    kind: str = "direct",
    **meta: Any,
) -> Article:
    """An article whose quotes are the given (quoted substring, speaker name) pairs; each speaker's
    mention is the first occurrence of its name and its id comes from ``speaker_ids``."""
    qs = []
    for sub, who in quotes or []:
        s = text.index(sub)
        speaker = None
        if who is not None:
            m = text.find(who)
            speaker = Speaker(
                name=who,
                mention=Span(m, m + len(who)) if m >= 0 else None,
                role=role,
                type="person",
                speaker_id=(speaker_ids or {}).get(who),
                confidence=0.9,
            )
        qs.append(Quote(Span(s, s + len(sub)), kind, speaker=speaker, confidence=0.8))  # type: ignore[arg-type]
    return Article(text=text, id=id, quotes=tuple(qs), **meta)


@pytest.fixture
def build() -> Callable[..., Article]:
    return build_article

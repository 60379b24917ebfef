"""The store logic both SQL backends share. SQL here is portable (SQLite ≥ 3.35 and PostgreSQL ≥ 15), written
with ``?`` placeholders (the PostgreSQL backend rewrites them); backends supply connections, transactions,
migrations and the full-text part of search. Every value goes through parameters, never into the SQL text.

Layers: ``_sqlcore.SqlCore`` (primitives, row mapping) → ``_speakers.SpeakerOps`` (identities, merges,
splits) → ``_sql.SqlStore`` (articles, quotes, search) → ``sqlite.SqliteStore`` / ``postgres.PostgresStore``.
"""

from __future__ import annotations

import abc
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any

from qawl.errors import StoreError
from qawl.store.base import (
    ArticleRow,
    QuoteRow,
    Store,
)

Row = dict[str, Any]

# quotes joined with their article and canonical speaker, for every read
QUOTE_COLUMNS = (
    "SELECT q.id, q.article_id, q.ordinal, q.q_start, q.q_end, q.text, q.kind, q.confidence, q.cue_start, "
    "q.cue_end, q.cue_text, q.addressee_start, q.addressee_end, q.addressee_text, q.said_on, q.speaker_id, "
    "q.speaker_name, q.speaker_type, q.speaker_confidence, q.mention_start, q.mention_end, q.mention_text, "
    "q.role, s.name AS speaker_canonical, a.title AS article_title, a.date AS article_date, "
    "a.url AS article_url, a.outlet AS outlet"
)
QUOTE_SELECT = (
    QUOTE_COLUMNS
    + " FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN speakers s ON s.id = q.speaker_id"
)
_CHUNK = 500


def quote_row(r: Row) -> QuoteRow:
    return QuoteRow(
        id=int(r["id"]),
        article_id=r["article_id"],
        ordinal=r["ordinal"],
        start=r["q_start"],
        end=r["q_end"],
        text=r["text"],
        kind=r["kind"],
        confidence=float(r["confidence"]),
        cue_start=r["cue_start"],
        cue_end=r["cue_end"],
        cue_text=r["cue_text"],
        addressee_start=r["addressee_start"],
        addressee_end=r["addressee_end"],
        addressee_text=r["addressee_text"],
        said_on=r["said_on"],
        speaker_id=r["speaker_id"],
        speaker_name=r["speaker_name"],
        speaker_canonical=r.get("speaker_canonical"),
        speaker_type=r["speaker_type"],
        speaker_confidence=float(r["speaker_confidence"] or 0.0),
        mention_start=r["mention_start"],
        mention_end=r["mention_end"],
        mention_text=r["mention_text"],
        role=r["role"],
        article_title=r.get("article_title"),
        article_date=r.get("article_date"),
        article_url=r.get("article_url"),
        outlet=r.get("outlet"),
    )


def article_row(r: Row) -> ArticleRow:
    return ArticleRow(
        id=r["id"],
        url=r["url"],
        title=r["title"],
        date=r["date"],
        outlet=r["outlet"],
        content_hash=r["content_hash"],
        ingested_at=r["ingested_at"],
        quote_count=r["quote_count"],
        text=r.get("text"),
        path=r.get("path"),
    )


class SqlCore(Store):
    """Shared implementation; subclasses provide the connection primitives below."""

    def __init__(self, url: str, *, read_only: bool) -> None:
        self.url = url
        self.read_only = read_only
        self._lock = threading.RLock()

    # -- backend primitives ------------------------------------------------------------------------------

    @abc.abstractmethod
    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Run a SELECT (or RETURNING) and return its rows as dicts."""

    @abc.abstractmethod
    def _exec(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run a statement; return the affected row count."""

    @abc.abstractmethod
    def _execmany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...

    @abc.abstractmethod
    def _transaction(self) -> AbstractContextManager[None]:
        """A write transaction: committed on exit, rolled back on an exception."""

    @abc.abstractmethod
    def _stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        """Rows of a large SELECT, fetched lazily."""

    @abc.abstractmethod
    def _fts_search(
        self, terms: list[str], where: str, params: list[Any], limit: int, offset: int
    ) -> tuple[list[Row], int]:
        """Full-text search on the folded quote text and speaker name; ``where`` (with ``params``) filters
        ``q``/``a`` columns. Returns the page of quote rows (``QUOTE_SELECT`` columns) and the total."""

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError("the archive is open read-only", where=self.url)

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        rows = self._query(sql, params)
        return rows[0] if rows else None

    def _plain(self, where: str, params: list[Any], limit: int, offset: int) -> tuple[list[Row], int]:
        total = self._one(
            f"SELECT COUNT(*) AS n FROM quotes q JOIN articles a ON a.id = q.article_id WHERE {where}", params
        )
        rows = self._query(
            f"{QUOTE_SELECT} WHERE {where} "
            "ORDER BY a.date_iso DESC NULLS LAST, q.article_id, q.ordinal LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return rows, int(total["n"]) if total else 0

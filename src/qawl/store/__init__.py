"""The archive's storage: one interface (``base.Store``), a SQLite and a PostgreSQL backend.

``open_store(url)`` picks the backend from the URL: ``postgresql://…`` (or ``postgres://``) → PostgreSQL,
``sqlite:///path.db`` or a plain path → SQLite (default ``./qawl.db``).
"""

from __future__ import annotations

from qawl.store.base import (
    MAX_PAGE_SIZE,
    MAX_QUERY_LENGTH,
    ArticleRow,
    ArticleWrite,
    OutletRow,
    Override,
    Page,
    QuoteRow,
    SearchResult,
    SpeakerDef,
    SpeakerIndexEntry,
    SpeakerRow,
    Store,
    WriteResult,
)

DEFAULT_DB_URL = "qawl.db"

__all__ = [
    "DEFAULT_DB_URL",
    "MAX_PAGE_SIZE",
    "MAX_QUERY_LENGTH",
    "ArticleRow",
    "ArticleWrite",
    "OutletRow",
    "Override",
    "Page",
    "QuoteRow",
    "SearchResult",
    "SpeakerDef",
    "SpeakerIndexEntry",
    "SpeakerRow",
    "Store",
    "WriteResult",
    "open_store",
]


def open_store(url: str | None = None, *, read_only: bool = False) -> Store:
    """Open (creating and migrating when writable) the archive at ``url``."""
    url = url or DEFAULT_DB_URL
    if url.startswith(("postgresql://", "postgres://")):
        from qawl.store.postgres import PostgresStore

        return PostgresStore(url, read_only=read_only)
    from qawl.store.sqlite import SqliteStore

    return SqliteStore(url, read_only=read_only)

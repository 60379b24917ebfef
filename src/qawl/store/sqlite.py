"""SQLite backend: one file, WAL journal, FTS5 over the Arabic-folded quote text and speaker name.

The FTS table is an external-content index of ``quotes(folded, speaker_folded)`` kept in sync by triggers,
so a replaced article's quotes leave the index in the same transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from qawl.errors import StoreError
from qawl.store import _util as u
from qawl.store._sql import QUOTE_COLUMNS, Row, SqlStore

# ordered migrations: MIGRATIONS[i] takes the schema from version i to i + 1
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE outlets (name TEXT PRIMARY KEY);
    CREATE TABLE articles (
        id TEXT PRIMARY KEY, url TEXT, title TEXT, date TEXT, date_iso TEXT,
        outlet TEXT REFERENCES outlets(name),
        text TEXT NOT NULL, path TEXT, content_hash TEXT NOT NULL, ingested_at TEXT NOT NULL,
        quote_count INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX articles_outlet ON articles(outlet);
    CREATE INDEX articles_date ON articles(date_iso);
    CREATE INDEX articles_ingested ON articles(ingested_at);
    CREATE TABLE speakers (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, key TEXT NOT NULL, latin_name TEXT,
        type TEXT NOT NULL DEFAULT 'unknown', gender TEXT, merged_into TEXT REFERENCES speakers(id),
        quote_count INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL
    );
    CREATE INDEX speakers_key ON speakers(key);
    CREATE INDEX speakers_count ON speakers(quote_count);
    CREATE TABLE quotes (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL, q_start INTEGER NOT NULL, q_end INTEGER NOT NULL, text TEXT NOT NULL,
        kind TEXT NOT NULL, confidence REAL NOT NULL DEFAULT 0,
        cue_start INTEGER, cue_end INTEGER, cue_text TEXT,
        addressee_start INTEGER, addressee_end INTEGER, addressee_text TEXT, said_on TEXT,
        speaker_id TEXT REFERENCES speakers(id), speaker_name TEXT, speaker_key TEXT, speaker_type TEXT,
        speaker_confidence REAL NOT NULL DEFAULT 0,
        mention_start INTEGER, mention_end INTEGER, mention_text TEXT, role TEXT,
        folded TEXT NOT NULL, speaker_folded TEXT NOT NULL DEFAULT '',
        UNIQUE (article_id, ordinal)
    );
    CREATE INDEX quotes_speaker ON quotes(speaker_id);
    CREATE TABLE speaker_names (
        speaker_id TEXT NOT NULL REFERENCES speakers(id), form TEXT NOT NULL, key TEXT,
        count INTEGER NOT NULL, PRIMARY KEY (speaker_id, form)
    );
    CREATE INDEX speaker_names_key ON speaker_names(key);
    CREATE TABLE speaker_roles (
        speaker_id TEXT NOT NULL REFERENCES speakers(id), role TEXT NOT NULL,
        count INTEGER NOT NULL, PRIMARY KEY (speaker_id, role)
    );
    CREATE TABLE speaker_overrides (
        id INTEGER PRIMARY KEY, action TEXT NOT NULL CHECK (action IN ('merge', 'split')),
        src_key TEXT NOT NULL, dst_key TEXT NOT NULL, created_at TEXT NOT NULL
    );
    CREATE VIRTUAL TABLE quotes_fts USING fts5(
        folded, speaker_folded, content='quotes', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3'
    );
    CREATE TRIGGER quotes_ai AFTER INSERT ON quotes BEGIN
        INSERT INTO quotes_fts(rowid, folded, speaker_folded) VALUES (new.id, new.folded, new.speaker_folded);
    END;
    CREATE TRIGGER quotes_ad AFTER DELETE ON quotes BEGIN
        INSERT INTO quotes_fts(quotes_fts, rowid, folded, speaker_folded)
        VALUES ('delete', old.id, old.folded, old.speaker_folded);
    END;
    CREATE TRIGGER quotes_au AFTER UPDATE OF folded, speaker_folded ON quotes BEGIN
        INSERT INTO quotes_fts(quotes_fts, rowid, folded, speaker_folded)
        VALUES ('delete', old.id, old.folded, old.speaker_folded);
        INSERT INTO quotes_fts(rowid, folded, speaker_folded) VALUES (new.id, new.folded, new.speaker_folded);
    END;
    """,
)


def sqlite_path(url: str) -> str:
    """``sqlite:///rel.db`` → ``rel.db``; ``sqlite:////abs.db`` → ``/abs.db``; a plain path stays."""
    if url.startswith("sqlite:///"):
        return url[len("sqlite:///") :]
    if url.startswith("sqlite://"):
        return url[len("sqlite://") :]
    return url


class SqliteStore(SqlStore):
    def __init__(self, url: str, *, read_only: bool = False) -> None:
        super().__init__(url, read_only=read_only)
        path = sqlite_path(url)
        try:
            if read_only:
                if not Path(path).exists():
                    raise StoreError("no such archive", where=path)
                uri = Path(path).resolve().as_uri() + "?mode=ro"
                self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
            else:
                if Path(path).parent and not Path(path).parent.exists():
                    raise StoreError("the archive's folder does not exist", where=path)
                self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
                self._conn.execute("PRAGMA journal_mode=WAL")
                # NORMAL is durable across application crashes in WAL mode (only power loss may lose the tail)
                self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.row_factory = sqlite3.Row
            self._conn.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.Error as e:
            raise StoreError(f"cannot open the archive: {e}", where=path) from e

    def _migrate(self) -> None:
        c = self._conn
        has = c.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
        ).fetchone()
        version = c.execute("SELECT version FROM schema_version").fetchone()[0] if has else 0
        if version > len(MIGRATIONS):
            raise StoreError(
                f"archive schema {version} is newer than this qawl ({len(MIGRATIONS)})", where=self.url
            )
        if version == len(MIGRATIONS):
            return
        if self.read_only:
            raise StoreError(
                f"archive schema {version} needs migrating; open it writable once", where=self.url
            )
        with self._transaction():
            if not has:
                c.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
                c.execute("INSERT INTO schema_version VALUES (0)")
            for i in range(version, len(MIGRATIONS)):
                for stmt in _statements(MIGRATIONS[i]):
                    c.execute(stmt)
                c.execute("UPDATE schema_version SET version = ?", (i + 1,))

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def schema_version(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT version FROM schema_version").fetchone()[0])

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        try:
            return [dict(r) for r in self._conn.execute(sql, tuple(params)).fetchall()]
        except sqlite3.Error as e:
            raise StoreError(f"query failed: {e}", where=self.url) from e

    def _exec(self, sql: str, params: Sequence[Any] = ()) -> int:
        try:
            return self._conn.execute(sql, tuple(params)).rowcount
        except sqlite3.Error as e:
            raise StoreError(f"write failed: {e}", where=self.url) from e

    def _execmany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        try:
            self._conn.executemany(sql, rows)
        except sqlite3.Error as e:
            raise StoreError(f"write failed: {e}", where=self.url) from e

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._lock:
            # IMMEDIATE takes the write lock now, so a concurrent writer waits instead of failing mid-batch
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        # a separate read connection, so streaming does not hold the shared one (or its lock) while consumed
        path = sqlite_path(self.url)
        conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
        conn.row_factory = sqlite3.Row
        try:
            for r in conn.execute(sql, tuple(params)):
                yield dict(r)
        finally:
            conn.close()

    def _fts_search(
        self, terms: list[str], where: str, params: list[Any], limit: int, offset: int
    ) -> tuple[list[Row], int]:
        # each term quoted as an FTS5 string (inner quotes doubled) and matched as a prefix, in any of its
        # clitic spellings (OR); the terms are ANDed
        match = " AND ".join(
            "(" + " OR ".join('"' + v.replace('"', '""') + '"*' for v in u.term_variants(t)) + ")"
            for t in terms
        )
        base = (
            "FROM quotes_fts f JOIN quotes q ON q.id = f.rowid JOIN articles a ON a.id = q.article_id "
            f"WHERE quotes_fts MATCH ? AND {where}"
        )
        total = self._one(f"SELECT COUNT(*) AS n {base}", [match, *params])
        rows = self._query(
            f"{QUOTE_COLUMNS}, -f.rank AS score FROM quotes_fts f JOIN quotes q ON q.id = f.rowid "
            "JOIN articles a ON a.id = q.article_id LEFT JOIN speakers s ON s.id = q.speaker_id "
            f"WHERE quotes_fts MATCH ? AND {where} ORDER BY f.rank, q.id LIMIT ? OFFSET ?",
            [match, *params, limit, offset],
        )
        return rows, int(total["n"]) if total else 0


def _statements(script: str) -> list[str]:
    """Split a migration script into statements, keeping trigger bodies (``BEGIN … END;``) whole."""
    out: list[str] = []
    buf = ""
    for part in script.split(";"):
        buf += part + ";"
        if sqlite3.complete_statement(buf):
            if buf.strip(" \n;"):
                out.append(buf.strip())
            buf = ""
    return out

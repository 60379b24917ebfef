"""SQLite specifics: URLs, WAL, migrations of older files, refusing newer ones."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from qawl.errors import StoreError
from qawl.store import open_store
from qawl.store.sqlite import MIGRATIONS, SqliteStore, sqlite_path


def test_urls_and_plain_paths() -> None:
    assert sqlite_path("sqlite:///rel/a.db") == "rel/a.db"
    assert sqlite_path("sqlite:////abs/a.db") == "/abs/a.db"
    assert sqlite_path("a.db") == "a.db"


def test_new_file_uses_wal_and_latest_schema(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with open_store(str(db)) as s:
        assert isinstance(s, SqliteStore) and s.schema_version() == len(MIGRATIONS)
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()


def test_an_old_file_is_migrated_on_open(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    con.execute("INSERT INTO schema_version VALUES (0)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="migrating"):
        open_store(str(db), read_only=True)
    with open_store(str(db)) as s:
        assert s.schema_version() == len(MIGRATIONS) and s.stats()["articles"] == 0


def test_a_newer_file_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    open_store(str(db)).close()
    con = sqlite3.connect(db)
    con.execute("UPDATE schema_version SET version = 999")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="newer"):
        open_store(str(db))


def test_missing_folder_and_missing_read_only_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        open_store(str(tmp_path / "no" / "such" / "a.db"))
    with pytest.raises(StoreError):
        open_store(str(tmp_path / "none.db"), read_only=True)

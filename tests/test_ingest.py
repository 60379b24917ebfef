"""Ingestion: idempotent, updates replace, one transaction per batch, resumable after a crash or kill -9."""

from __future__ import annotations

import gzip
import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from qawl import archive
from qawl.errors import StoreError
from qawl.store.sqlite import SqliteStore

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
CORPUS = SHARED / "data" / "corpus" / "ant-news.jsonl.gz"

# articles written for these tests (not from any corpus); the extractor may or may not find quotes in them
TEXTS = [
    'قال وزير الخارجية سامي النمر إن "المحادثات تسير في الاتجاه الصحيح" مضيفاً أن الجولة المقبلة قريبة.',
    'وأكدت المتحدثة باسم الوزارة ليلى حداد أن "القرار نهائي ولا رجعة فيه".',
    "ذكرت الصحيفة أن الحكومة تدرس خطة جديدة للنقل العام في العاصمة.",
    'وصرّح رئيس البلدية كريم منصور: "سنفتتح الجسر الجديد في الربيع".',
]


def corpus_file(tmp: Path, n: int) -> Path:
    """Our own small JSONL: ``n`` articles built from the texts above, each with a distinct id."""
    path = tmp / "in.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i, text in zip(range(n), itertools.cycle(TEXTS), strict=False):
            rec = {"id": f"t{i:05d}", "text": f"{text} (رقم {i})", "source": "test", "date": "2024-01-01"}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def snapshot(db: str) -> dict[str, Any]:
    """Everything ingestion decides, without ids and timestamps that differ between runs."""
    con = sqlite3.connect(db)
    try:
        return {
            "articles": sorted(con.execute("SELECT id, content_hash, quote_count FROM articles")),
            "quotes": sorted(
                con.execute("SELECT article_id, ordinal, q_start, q_end, text, kind, speaker_id FROM quotes")
            ),
            "speakers": sorted(con.execute("SELECT id, name, quote_count FROM speakers")),
            "names": sorted(con.execute("SELECT speaker_id, form, count FROM speaker_names")),
            "fts": con.execute("SELECT COUNT(*) FROM quotes_fts").fetchone(),
            "dupes": con.execute(
                "SELECT COUNT(*) FROM (SELECT article_id, ordinal FROM quotes "
                "GROUP BY 1, 2 HAVING COUNT(*) > 1)"
            ).fetchone(),
        }
    finally:
        con.close()


def test_reingest_is_idempotent(tmp_path: Path) -> None:
    src = corpus_file(tmp_path, 12)
    db = str(tmp_path / "a.db")
    first = archive.ingest([src], db, batch_size=5, progress=False)
    assert first.inserted == 12 and first.ok
    before = snapshot(db)
    again = archive.ingest([src], db, batch_size=5, progress=False)
    assert again.unchanged == 12 and again.inserted == again.updated == again.quotes == 0
    assert snapshot(db) == before


def test_an_updated_article_replaces_its_quotes(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    src = corpus_file(tmp_path, 4)
    archive.ingest([src], db, progress=False)
    lines = src.read_text("utf-8").splitlines()
    rec = json.loads(lines[0])
    rec["text"] = 'قال المدير هشام العلي إن "كل شيء تغيّر" صباح اليوم.'
    lines[0] = json.dumps(rec, ensure_ascii=False)
    src.write_text("\n".join(lines) + "\n", "utf-8")
    report = archive.ingest([src], db, progress=False)
    assert report.updated == 1 and report.unchanged == 3
    with SqliteStore(db) as store:
        art = store.get_article("t00000")
        assert art is not None and art.text == rec["text"]
        for q in store.article_quotes("t00000"):
            assert rec["text"][q.start : q.end] == q.text
        assert store.search("المحادثات").total == 0  # the old text's quotes are gone from the index


def test_duplicate_ids_in_one_run_store_one_copy(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    src = corpus_file(tmp_path, 3)
    report = archive.ingest([src, src], db, progress=False)
    assert report.read == 6 and report.inserted == 3
    assert snapshot(db)["dupes"] == (0,)


def test_a_crash_mid_run_loses_only_the_open_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = corpus_file(tmp_path, 20)
    clean = str(tmp_path / "clean.db")
    archive.ingest([src], clean, batch_size=4, progress=False)

    crashed = str(tmp_path / "crash.db")
    real = SqliteStore.write_batch
    calls = {"n": 0}

    def failing(self: SqliteStore, *a: Any, **kw: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            raise StoreError("disk on fire")
        return real(self, *a, **kw)

    monkeypatch.setattr(SqliteStore, "write_batch", failing)
    with pytest.raises(StoreError):
        archive.ingest([src], crashed, batch_size=4, progress=False)
    monkeypatch.setattr(SqliteStore, "write_batch", real)
    assert len(snapshot(crashed)["articles"]) == 8  # two committed batches, nothing of the third
    archive.ingest([src], crashed, batch_size=4, progress=False)
    assert snapshot(crashed) == snapshot(clean)


def test_end_to_end_quotes_have_exact_spans(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    archive.ingest([corpus_file(tmp_path, 4)], db, progress=False)
    with SqliteStore(db) as store:
        for a in store.iter_articles(with_text=True):
            assert a.text is not None
            for q in store.article_quotes(a.id):
                assert a.text[q.start : q.end] == q.text
                if q.mention_start is not None and q.mention_end is not None:
                    assert a.text[q.mention_start : q.mention_end] == q.mention_text


def _corpus_head(tmp: Path, n: int) -> Path:
    if not CORPUS.exists():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    out = tmp / "head.jsonl"
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f, out.open("w", encoding="utf-8") as g:
        for line in itertools.islice(f, n):
            g.write(line)
    return out


def _ingest_cmd(src: Path, db: str) -> list[str]:
    code = "import sys; from qawl.cli import main; sys.exit(main(sys.argv[1:]))"
    return [sys.executable, "-c", code, "ingest", str(src), "--db", db, "-q", "--batch-size", "200"]


def _count(db: str) -> int:
    if not Path(db).exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(con.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        finally:
            con.close()
    except sqlite3.OperationalError:  # not created yet
        return 0


@pytest.mark.slow
def test_kill_9_mid_run_then_rerun_stores_exactly_one_copy(tmp_path: Path) -> None:
    n = int(os.environ.get("QAWL_KILL_TEST_ARTICLES", "3000"))
    src = _corpus_head(tmp_path, n)
    killed = str(tmp_path / "killed.db")
    log = tmp_path / "killed.log"
    with log.open("wb") as err:
        proc = subprocess.Popen(_ingest_cmd(src, killed), stderr=err)
    deadline = time.monotonic() + 600
    while _count(killed) < min(400, n // 3) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert proc.poll() is None, f"ingest ended before the kill: {log.read_text('utf-8')[-2000:]}"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = _count(killed)
    assert 0 < partial < n and partial % 200 == 0  # only whole batches were committed
    rerun = subprocess.run(_ingest_cmd(src, killed), capture_output=True, timeout=1200)
    assert rerun.returncode in (0, 1), rerun.stderr.decode()[-2000:]

    clean = str(tmp_path / "clean.db")
    single = subprocess.run(_ingest_cmd(src, clean), capture_output=True, timeout=1200, check=False)
    assert single.returncode in (0, 1), single.stderr.decode()[-2000:]
    got, want = snapshot(killed), snapshot(clean)
    assert got["dupes"] == (0,)
    assert got == want

"""`qawl extract`: output formats, atomic output, exit status, messages on stderr."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import ARABIC, Run

import qawl
import qawl.cli
from qawl.cli import CSV_COLUMNS

SUMMARY = re.compile(r"^\d+ articles?, \d+ quotes?, \d+ errors? in \d+\.\d s$", re.M)
RECORD_KEYS = ["id", "path", "title", "date", "url", "source", "quotes"]


def jsonl(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines()]


def test_jsonl_records_have_the_article_record_shape(run: Any, batch: Path) -> None:
    r: Run = run("extract", batch)
    assert r.status == 0
    recs = jsonl(r.out)
    assert [rec["id"] for rec in recs] == ["a", "b"]
    assert all(list(rec) == RECORD_KEYS for rec in recs)
    assert all(isinstance(rec["quotes"], list) for rec in recs)
    assert SUMMARY.search(r.err) and "2 articles" in r.err and "0 errors" in r.err


def test_with_text(run: Any, batch: Path) -> None:
    r: Run = run("extract", batch / "a.txt", "--with-text")
    (rec,) = jsonl(r.out)
    assert rec["text"] == ARABIC and list(rec) == [*RECORD_KEYS[:-1], "text", "quotes"]


@pytest.mark.usefixtures("fake_extractor")
def test_quote_fields_in_jsonl(run: Any, batch: Path) -> None:
    r: Run = run("extract", batch / "a.txt")
    (q,) = jsonl(r.out)[0]["quotes"]
    assert (q["start"], q["end"], q["text"], q["kind"]) == (0, 3, "قال", "direct")
    assert q["speaker"]["name"] == "سمير" and q["confidence"] == 0.5


@pytest.mark.usefixtures("fake_extractor")
def test_json_array(run: Any, batch: Path) -> None:
    r: Run = run("extract", batch, "--format", "json")
    recs = json.loads(r.out)
    assert [rec["id"] for rec in recs] == ["a", "b"]
    assert run("extract", batch / "missing.txt", "-f", "json").out == "[]\n"


@pytest.mark.usefixtures("fake_extractor")
def test_csv_one_row_per_quote(run: Any, batch: Path) -> None:
    r: Run = run("extract", batch, "--format", "csv")
    rows = list(csv.reader(io.StringIO(r.out)))
    assert tuple(rows[0]) == CSV_COLUMNS
    body = [dict(zip(CSV_COLUMNS, row, strict=True)) for row in rows[1:]]
    assert [(b["article_id"], b["start"], b["end"], b["text"], b["speaker"]) for b in body] == [
        ("a", "0", "3", "قال", "سمير"),
        ("b", "0", "5", "وأضاف", "سمير"),
    ]
    assert body[0]["speaker_confidence"] == "0.75" and body[0]["kind"] == "direct"


@pytest.mark.usefixtures("fake_extractor")
def test_table(run: Any, batch: Path) -> None:
    r: Run = run("extract", batch, "--format", "table")
    assert r.status == 0
    assert "articles: 2, quotes: 2" in r.out
    assert "وأضاف" in r.out and "سمير" in r.out and "0.50" in r.out


def test_output_file_is_written_atomically(run: Any, batch: Path, tmp_path: Path) -> None:
    out = tmp_path / "res" / "out.jsonl"
    out.parent.mkdir()
    r: Run = run("extract", batch, "-o", out)
    assert r.status == 0 and r.out == ""
    assert [rec["id"] for rec in jsonl(out.read_text(encoding="utf-8"))] == ["a", "b"]
    assert sorted(p.name for p in out.parent.iterdir()) == ["out.jsonl"]
    assert out.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_failed_run_leaves_no_half_file(
    run: Any, batch: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    real = qawl.cli.JsonlWriter.write
    calls = []

    def write_then_crash(self: qawl.cli.JsonlWriter, done: qawl.cli.Done) -> None:
        calls.append(done.name)
        if len(calls) == 2:
            raise RuntimeError("simulated bug")
        real(self, done)

    monkeypatch.setattr(qawl.cli.JsonlWriter, "write", write_then_crash)
    with pytest.raises(RuntimeError, match="simulated bug"):  # a real bug still raises
        run("extract", batch, "-o", out)
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_output_into_missing_folder_is_a_usage_error(run: Any, batch: Path, tmp_path: Path) -> None:
    r: Run = run("extract", batch, "-o", tmp_path / "nowhere" / "out.jsonl")
    assert r.status == 2 and "qawl: error:" in r.err and "nowhere" in r.err and "Traceback" not in r.err


def test_quiet_has_no_summary(run: Any, batch: Path) -> None:
    r: Run = run("extract", batch, "--quiet")
    assert r.status == 0 and r.err == ""


def test_stdin(run: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    data = json.dumps({"id": "s1", "text": ARABIC}, ensure_ascii=False).encode() + b"\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    r: Run = run("extract", "-")
    assert r.status == 0 and [rec["id"] for rec in jsonl(r.out)] == ["s1"]


def test_field_option(run: Any, tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"uuid": "x9", "body": ARABIC}, ensure_ascii=False) + "\n", encoding="utf-8")
    r: Run = run("extract", feed, "--field", "text=body", "--field", "id=uuid")
    assert r.status == 0 and jsonl(r.out)[0]["id"] == "x9"


@pytest.mark.parametrize(
    "argv",
    [
        ["extract"],  # no PATH
        ["extract", "x.txt", "--format", "xml"],
        ["extract", "x.txt", "--workers", "many"],
        ["extract", "x.txt", "--field", "colour=red"],
        ["extract", "x.txt", "--workers", "-1"],
        ["frobnicate"],
        [],
    ],
)
def test_usage_errors_exit_2_without_traceback(run: Any, argv: list[str]) -> None:
    r: Run = run(*argv)
    assert r.status == 2
    assert "Traceback" not in r.err and r.err.strip()


def test_version(run: Any) -> None:
    r: Run = run("--version")
    build = "compiled with mypyc" if qawl._native.is_compiled() else "pure Python"
    assert r.status == 0 and r.out.strip() == f"qawl {qawl.__version__} (pipeline: {build})"


def test_workers_and_unordered_give_the_same_articles(run: Any, batch: Path) -> None:
    one = jsonl(run("extract", batch, "--quiet").out)
    two = jsonl(run("extract", batch, "--quiet", "--workers", "2", "--unordered").out)
    assert sorted(one, key=lambda r: r["id"]) == sorted(two, key=lambda r: r["id"])


def test_console_script(batch: Path) -> None:
    exe = shutil.which("qawl", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("the qawl console script is not installed next to this Python")
    done = subprocess.run(
        [exe, "extract", str(batch), str(batch / "gone.txt")], capture_output=True, text=True
    )
    assert done.returncode == 1
    assert [json.loads(line)["id"] for line in done.stdout.splitlines()] == ["a", "b"]
    assert f"qawl: error: {batch / 'gone.txt'}: no such file or directory" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs os.mkfifo")
def test_output_to_a_pipe_or_device_is_written_in_place(run: Any, batch: Path, tmp_path: Path) -> None:
    # `-o /dev/null` once renamed a temporary file over the device (as root, that replaced /dev/null)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    r: Run = run("extract", batch, "-o", fifo, "--quiet")
    reader.join(timeout=10)
    assert r.status == 0 and stat.S_ISFIFO(fifo.stat().st_mode)
    assert [rec["id"] for rec in jsonl(got[0].decode())] == ["a", "b"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "pipe"]


def test_json_line_is_compact_utf8_json_and_keeps_lone_surrogates() -> None:
    from qawl.cli import json_line

    record = {"id": "a", "text": "قال «نعم»", "confidence": 0.875, "quotes": [{"span": [0, 3]}]}
    line = json_line(record)
    assert b"\n" not in line and "قال".encode() in line and json.loads(line) == record
    odd = {"text": "\ud83d"}  # a lone surrogate: valid in JSON input, not encodable as UTF-8
    assert json.loads(json_line(odd)) == odd


def test_a_lone_surrogate_is_an_input_error_and_the_batch_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.jsonl"
    lines = [
        '{"id": "s", "text": "قال الوزير إن \\ud83d الوضع جيد"}',  # half a pair: not Unicode text
        '{"id": "pair", "text": "قال الوزير إن \\ud83d\\ude00 الوضع جيد"}',  # a whole pair: one emoji
    ]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    for workers in ("1", "2"):
        assert qawl.cli.main(["extract", str(source), "-o", str(out), "--quiet", "--workers", workers]) == 1
        assert "in.jsonl:1: field 'text' holds a lone surrogate" in capsys.readouterr().err
        (rec,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert rec["id"] == "pair"

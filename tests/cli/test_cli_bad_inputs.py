"""Every bad input is named on stderr (file, and line for JSONL), the rest of the batch is processed,
and the exit status tells: 1 when some input failed, 0 when all were read (warnings do not count)."""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import ARABIC, Run


def _batch(tmp_path: Path, name: str, data: bytes) -> tuple[Path, Path]:
    """a.txt (good), the file under test, z.txt (good): sorted order puts the bad one in the middle."""
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a.txt").write_text(ARABIC, encoding="utf-8")
    (folder / name).write_bytes(data)
    (folder / "z.txt").write_text("وأكدت الوزارة أن " + ARABIC, encoding="utf-8")
    return folder, folder / name


def _ids(r: Run) -> list[str]:
    return [json.loads(line)["id"] for line in r.out.splitlines()]


DECODE = "cannot decode as UTF-8 or a legacy Arabic encoding"
BAD_FILES: list[tuple[str, Callable[[], bytes], str]] = [
    ("m.txt", lambda: b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)) * 4, "binary file"),
    ("m.txt", lambda: "Résumé: déjà vu à Genève, façade".encode("latin-1") * 10, DECODE),
    ("m.txt", lambda: bytes(random.Random(5).randrange(0x80, 0x100) for _ in range(4000)), DECODE),
    ("m.txt", lambda: b"", "empty file"),
    ("m.html", lambda: b"", "empty file"),
    ("m.html", lambda: b"\x00\x01\x02PK\x03\x04" * 50, "binary file"),
    ("m.warc", lambda: b"GIF89a not a warc", "not a WARC archive"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "make", "message"), BAD_FILES, ids=[m for _, _, m in BAD_FILES])
def test_bad_file_is_named_and_batch_goes_on(
    run: Any, tmp_path: Path, name: str, make: Callable[[], bytes], message: str
) -> None:
    folder, bad = _batch(tmp_path, name, make())
    r: Run = run("extract", folder)
    assert r.status == 1
    assert f"qawl: error: {bad}: {message}" in r.err
    assert _ids(r) == ["a", "z"]
    assert "2 articles" in r.err and "1 error " in r.err
    assert "Traceback" not in r.err


def test_missing_path_among_good_ones(run: Any, tmp_path: Path) -> None:
    folder, _ = _batch(tmp_path, "m.txt", ARABIC.encode())
    r: Run = run("extract", folder / "a.txt", tmp_path / "nope.txt", folder / "z.txt")
    assert r.status == 1
    assert f"qawl: error: {tmp_path / 'nope.txt'}: no such file or directory" in r.err
    assert _ids(r) == ["a", "z"]


def test_non_arabic_text_is_a_warning_not_an_error(run: Any, tmp_path: Path) -> None:
    folder, bad = _batch(tmp_path, "m.txt", b"The minister said that talks will resume on Monday.")
    r: Run = run("extract", folder)
    assert r.status == 0
    assert f"qawl: warning: {bad}: no Arabic text" in r.err
    assert "qawl: error" not in r.err
    assert _ids(r) == ["a", "m", "z"]
    assert json.loads(r.out.splitlines()[1])["quotes"] == []
    quiet: Run = run("extract", folder, "--quiet")
    assert quiet.err == "" and quiet.status == 0


def _jsonl(lines: list[Any]) -> bytes:
    return "".join(
        (x if isinstance(x, str) else json.dumps(x, ensure_ascii=False)) + "\n" for x in lines
    ).encode()


@pytest.mark.parametrize("gz", [False, True], ids=["jsonl", "jsonl.gz"])
def test_malformed_jsonl_lines_are_named_with_their_line(run: Any, tmp_path: Path, gz: bool) -> None:
    data = _jsonl(
        [{"id": "r1", "text": ARABIC}, '{"id": "r2", "text": ', {"id": "r3"}, {"id": "r4", "text": ARABIC}]
    )
    name = "feed.jsonl.gz" if gz else "feed.jsonl"
    folder, bad = _batch(tmp_path, name, gzip.compress(data) if gz else data)
    r: Run = run("extract", folder)
    assert r.status == 1
    assert f"qawl: error: {bad}:2: not JSON (" in r.err
    assert f"qawl: error: {bad}:3: record has no text" in r.err
    assert _ids(r) == ["a", "r1", "r4", "z"]
    assert "2 errors" in r.err


def test_ten_megabyte_article(run: Any, tmp_path: Path) -> None:
    paragraph = (
        "وقال المتحدث باسم الوزارة إن «الاجتماع سيعقد الأحد في العاصمة»، مضيفا أن الوفود ستصل تباعا.\n"
    )
    size = 10 * 1024 * 1024
    folder, big = _batch(tmp_path, "m.txt", (paragraph * (size // len(paragraph.encode()) + 1)).encode())
    assert big.stat().st_size >= size
    r: Run = run("extract", folder)
    assert r.status == 0, r.err
    assert _ids(r) == ["a", "m", "z"]


def test_thousands_of_unbalanced_quotation_marks(run: Any, tmp_path: Path) -> None:
    text = (
        "قال الوزير « إن الأمر " * 2000 + '\n" نعم ' * 2000 + "\n" + "» “ " * 2000 + "\nوأضاف أن العمل مستمر."
    )
    folder, _ = _batch(tmp_path, "m.txt", text.encode())
    r: Run = run("extract", folder, "--with-text")
    assert r.status == 0, r.err
    assert _ids(r) == ["a", "m", "z"]
    for rec in map(json.loads, r.out.splitlines()):
        for q in rec["quotes"]:  # every span still indexes the text exactly
            assert rec["text"][q["start"] : q["end"]] == q["text"]

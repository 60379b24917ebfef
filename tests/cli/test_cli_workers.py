"""``--workers``: a pool of processes writes exactly what one process writes (or the same set, unordered)."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import Run

import qawl.cli
from qawl.cli import CHUNK

NAMES = ("سمير الحلبي", "ليلى منصور", "خالد العمري", "هدى الزين", "يوسف القاسم")
PLACES = ("المدينة", "المحافظة", "الجامعة", "الميناء")


def _text(n: int) -> str:
    name, place = NAMES[n % len(NAMES)], PLACES[n % len(PLACES)]
    return (
        f"افتتح المسؤولون مبنى جديدا في {place} صباح اليوم.\n"
        f'وقال {name}: "سنكمل العمل خلال {n + 2} أسابيع".\n'
        f"وأضاف أن عدد الموظفين سيبلغ {n * 3} موظفا."
    )


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    """More articles than one chunk (so a pool is used), with bad lines in between."""
    path = tmp_path / "feed.jsonl"
    lines = []
    for n in range(2 * CHUNK + 20):
        if n % 37 == 5:
            lines.append("{not json")
        else:
            lines.append(json.dumps({"id": f"a{n}", "text": _text(n)}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_two_workers_write_what_one_writes(run: Any, feed: Path) -> None:
    one: Run = run("extract", feed, "--workers", "1")
    two: Run = run("extract", feed, "--workers", "2")
    assert one.status == two.status == 1  # the bad lines
    assert two.out == one.out
    assert two.err.count("not JSON") == one.err.count("not JSON") == 4
    recs = [json.loads(line) for line in one.out.splitlines()]
    assert len(recs) == 2 * CHUNK + 20 - 4
    assert sum(len(r["quotes"]) for r in recs) >= len(recs)  # the pipeline really ran


def test_unordered_writes_the_same_set(run: Any, feed: Path) -> None:
    one: Run = run("extract", feed, "--workers", "1", "--quiet")
    two: Run = run("extract", feed, "--workers", "2", "--unordered", "--quiet")
    assert sorted(two.out.splitlines()) == sorted(one.out.splitlines())


def test_csv_with_two_workers(run: Any, feed: Path) -> None:
    one: Run = run("extract", feed, "-f", "csv", "--workers", "1", "--quiet")
    two: Run = run("extract", feed, "-f", "csv", "--workers", "2", "--quiet")
    assert two.out == one.out and one.out.count("\n") > 2 * CHUNK


@pytest.mark.parametrize(("count", "workers", "expected"), [(3, 2, 1), (CHUNK, 0, 1), (CHUNK + 1, 2, 2)])
def test_a_short_input_stays_in_this_process(count: int, workers: int, expected: int) -> None:
    items = [qawl.Article(text="نص", id=str(n)) for n in range(count)]
    stream, n = qawl.cli._plan(iter(items), workers)
    assert list(stream) == items  # nothing lost by reading ahead
    assert n == (1 if expected == 1 else workers)


def test_all_usable_cores_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(qawl.cli, "usable_cpus", lambda: 3)
    items = [qawl.Article(text="نص", id=str(n)) for n in range(CHUNK + 1)]
    assert qawl.cli._plan(items, 0)[1] == 3


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="needs os.sched_getaffinity")
def test_usable_cpus_follow_the_affinity_mask() -> None:
    assert qawl.cli.usable_cpus() == len(os.sched_getaffinity(0))
    code = "import qawl.cli; print(qawl.cli.usable_cpus())"
    if shutil.which("taskset") is None:
        pytest.skip("taskset is not installed")
    done = subprocess.run(["taskset", "-c", "0", sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == "1"


def test_html_pages_are_parsed_by_the_workers_as_by_one(run: Any, tmp_path: Path) -> None:
    """HTML pages go to the workers unparsed (trafilatura runs there); the records are the same."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(CHUNK + 6):
        body = "".join(f"<p>{line}</p>" for line in _text(n).splitlines())
        page = f"<html><head><title>خبر {n}</title></head><body><article>{body}</article></body></html>"
        (folder / f"p{n:03}.html").write_text(page, encoding="utf-8")
    (folder / "empty.html").write_text("<html><body></body></html>", encoding="utf-8")
    one: Run = run("extract", folder, "--workers", "1", "--quiet")
    two: Run = run("extract", folder, "--workers", "2", "--quiet")
    assert one.status == two.status == 1  # the empty page
    assert two.out == one.out and two.err == one.err
    assert len(one.out.splitlines()) == CHUNK + 6


def test_a_gzipped_feed_goes_to_the_workers_as_lines(run: Any, feed: Path, tmp_path: Path) -> None:
    """A .jsonl.gz cannot be read at an offset: its lines go to the workers in blocks (``RawLines``), with
    the same records and the same errors, at the same line numbers, as from the plain file."""
    packed = tmp_path / "feed.jsonl.gz"
    packed.write_bytes(gzip.compress(feed.read_bytes()))
    plain: Run = run("extract", feed, "--workers", "1")
    two: Run = run("extract", packed, "--workers", "2")
    assert two.status == plain.status == 1
    expected = [json.loads(line) for line in plain.out.splitlines()]
    for rec in expected:
        rec["path"] = rec["path"].replace(str(feed), str(packed))
    assert [json.loads(line) for line in two.out.splitlines()] == expected
    assert two.err.replace(str(packed), str(feed)) == plain.err


def test_without_fork_the_workers_write_the_same(
    run: Any, feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the platform cannot fork, concurrent.futures runs the workers: byte ranges, parsers and
    records cross by pickle, with the same output."""
    import qawl.pool

    one: Run = run("extract", feed, "--workers", "1", "--quiet")
    monkeypatch.setattr(qawl.pool, "_FORK", False)
    two: Run = run("extract", feed, "--workers", "2", "--quiet")
    assert two.out == one.out and two.status == one.status

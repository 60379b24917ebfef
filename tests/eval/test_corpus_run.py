"""The whole ANT corpus (21,102 real articles) goes through ``qawl extract`` without an error, and every
span of the output indexes the article text as given."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "corpus" / "ant-news.jsonl.gz"


@pytest.mark.slow
def test_extract_runs_over_the_whole_corpus(tmp_path: Path) -> None:
    if not CORPUS.is_file():
        pytest.skip(f"corpus not found at {CORPUS} (../shared absent)")
    out = tmp_path / "quotes.jsonl"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "qawl",
            "extract",
            str(CORPUS),
            "-o",
            str(out),
            "--with-text",
            "-q",
            "--workers",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        ids = [json.loads(line)["id"] for line in f if line.strip()]
    n = 0
    quotes = 0
    with out.open(encoding="utf-8") as f:
        for line, expected_id in zip(f, ids, strict=True):
            rec = json.loads(line)
            assert rec["id"] == expected_id
            text = rec["text"]
            for q in rec["quotes"]:
                assert text[q["start"] : q["end"]] == q["text"]
                quotes += 1
            n += 1
    assert n == len(ids) == 21102
    assert quotes > 50_000  # about five statements an article: a collapse of the extractor shows here

"""The examples folder: every file reads cleanly, each article is short news (120–300 words), all listed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cli_helpers import Run

from qawl.readers import has_arabic

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_examples_extract_without_errors(run: Any) -> None:
    r: Run = run("extract", EXAMPLES, "--with-text")
    assert r.status == 0, r.err
    assert "qawl: error" not in r.err and "qawl: warning" not in r.err
    recs = [json.loads(line) for line in r.out.splitlines()]
    assert len(recs) >= 6
    for rec in recs:
        assert has_arabic(rec["text"])
        assert 120 <= len(rec["text"].split()) <= 300, (rec["id"], len(rec["text"].split()))
        for q in rec["quotes"]:
            assert rec["text"][q["start"] : q["end"]] == q["text"]
    kinds = {p.suffix for p in EXAMPLES.iterdir()}
    assert {".txt", ".html", ".jsonl"} <= kinds
    assert len([p for p in EXAMPLES.glob("*.txt")]) >= 3
    assert len((EXAMPLES / "05-agency-briefs.jsonl").read_text(encoding="utf-8").splitlines()) >= 3


def test_readme_lists_every_example() -> None:
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for path in EXAMPLES.iterdir():
        if path.name != "README.md":
            assert f"`{path.name}`" in readme, path.name

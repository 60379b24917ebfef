"""The seed articles get exactly the expected chrome lines; no gold quote is ever inside chrome.

Reads ../shared/data at test time (never copied into the repository); skips when it is absent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from qawl.doc import Doc
from qawl.model import Article
from qawl.text.clean import mark_chrome
from qawl.text.glue import split_glued
from qawl.text.normalize import normalize
from qawl.text.segment import segment

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
SEEDS = DATA / "seeds"
GOLD = DATA / "gold"


def _run(text: str) -> Doc:
    norm, omap = normalize(text)
    glued, gmap = split_glued(norm, text, omap)
    doc = Doc(article=Article(text=text), norm=glued, omap=omap.compose(gmap))
    mark_chrome(doc)
    segment(doc)
    return doc


def _seed(name: str) -> str:
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"seed data not available at {path}")
    return path.read_text(encoding="utf-8")


def _chrome_line_numbers(doc: Doc) -> list[int]:
    """0-based numbers of the original lines covered by chrome spans."""
    text, omap = doc.article.text, doc.omap
    return [text.count("\n", 0, omap.to_orig(s)) for s, _ in doc.chrome]


def _whole_lines(doc: Doc) -> bool:
    text, omap = doc.article.text, doc.omap
    lines = [x.strip() for x in text.split("\n")]
    return all(text[omap.to_orig(s) : omap.to_orig(e)] in lines for s, e in doc.chrome)


def test_seed_000_chrome() -> None:
    text = _seed("seed-000.txt")
    doc = _run(text)
    lines = text.split("\n")
    assert [lines[i] for i in _chrome_line_numbers(doc)] == ["رابط المصدر"]
    assert doc.extra["title_span"][0] == 0
    assert _whole_lines(doc)


def test_seed_004_chrome() -> None:
    text = _seed("seed-004.txt")
    doc = _run(text)
    lines = text.split("\n")
    marked = _chrome_line_numbers(doc)
    title = lines[0]
    repeated_title = [i for i in range(1, len(lines)) if lines[i] == title]
    captions = [i for i in range(1, len(lines) - 1) if lines[i] and lines[i] == lines[i + 1]]
    assert len(repeated_title) == 1 and len(captions) == 1
    tail = [i for i, x in enumerate(lines) if x in ("المصدر / (مع معلومات من EFE)", "تعليقات (0)", "إغلاق")]
    assert len(tail) == 3
    expected = sorted([*repeated_title, captions[0], captions[0] + 1, *tail])
    assert marked == expected
    assert _whole_lines(doc)


def test_seed_glued_words_are_split_and_map_back() -> None:
    text = _seed("seed-004.txt")
    doc = _run(text)
    norm_only, _ = normalize(text)
    assert (
        len(doc.norm) - len(norm_only) >= 6
    )  # في|البيت، الأبيض|إلى، لإنهاء|الحرب، واشنطن|اشترطت، مع|موسكو|بالانسحاب …
    for word in ("في البيت الابيض الي جانب", "مع موسكو بالانسحاب", "واشنطن اشترطت", "لانهاء الحرب"):
        assert word in doc.norm
    for s, e in doc.sentences:
        original = text[doc.omap.to_orig(s) : doc.omap.to_orig(e)]
        assert original.strip() == original and "\n" not in original


def test_seed_000_leftovers_expose_cues() -> None:
    doc = _run(_seed("seed-000.txt"))
    found = [doc.norm[s:e] for s, e in doc.extra["foreign"]]
    assert found == ["[in the US]", "[the interview]"]
    for _s, e in doc.extra["foreign"]:
        assert doc.norm[e] == " "  # split from the glued cue that follows


def test_no_required_gold_quote_lies_in_chrome() -> None:
    """(Optional quotes may: the rules make reported speech in "related story" links optional.)"""
    rows: list[dict[str, Any]] = []
    for name in ("seeds.jsonl", "dev.jsonl"):
        path = GOLD / name
        if not path.exists():
            pytest.skip(f"gold data not available at {path}")
        rows.extend(json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip())
    checked = 0
    for row in rows:
        doc = _run(row["text"])
        chrome = [doc.omap.span_to_orig(s, e) for s, e in doc.chrome]
        for q in row["quotes"]:
            if q.get("optional"):
                continue
            for c in chrome:
                assert not (c.start < q["end"] and q["start"] < c.end), (row["id"], q["content"][:40])
            checked += 1
    assert checked > 150


def test_gold_quotes_are_not_cut_by_sentence_ends() -> None:
    """Every required gold quote within one paragraph lies inside one sentence (multi-sentence quotations
    stay whole, abbreviations do not break, a lost closing mark replaced by an English note is bridged)."""
    total = inside = 0
    for name in ("seeds.jsonl", "dev.jsonl"):
        path = GOLD / name
        if not path.exists():
            pytest.skip(f"gold data not available at {path}")
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            doc = _run(row["text"])
            sentences = [doc.omap.span_to_orig(s, e) for s, e in doc.sentences]
            for q in row["quotes"]:
                if q.get("optional") or "\n" in q["content"]:
                    continue
                total += 1
                inside += any(s.start <= q["start"] and q["end"] <= s.end for s in sentences)
    assert total > 200
    assert inside == total

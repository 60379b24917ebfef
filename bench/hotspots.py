"""Where the time goes: per-stage shares, then the hottest functions (cProfile) or a call tree (pyinstrument).

    python bench/hotspots.py SAMPLE.jsonl [--limit 2000] [--top 30] [--tree]

Stage shares come from timing each stage of ``pipeline.STAGES`` around the real calls (no profiler
overhead), plus reading (JSON decode, Article) and writing (record, JSON encode). The function table is
cProfile's, sorted by own time, with each function's share of the profiled total; ``--tree`` prints
pyinstrument's call tree instead. py-spy works too (``py-spy record -o out.svg -- python bench/driver.py``).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import time
from collections import defaultdict
from itertools import islice
from typing import Any

from qawl import pipeline
from qawl.doc import Doc
from qawl.records import article_record
from qawl.text.normalize import normalize


def load(path: str, limit: int) -> list[str]:
    with open(path, encoding="utf-8") as f:
        return list(islice(f, limit))


def stage_times(lines: list[str]) -> dict[str, float]:
    """Seconds spent in each stage over all ``lines``, timed around the real calls."""
    spent: dict[str, float] = defaultdict(float)
    clock = time.process_time  # CPU time: the machine is shared, wall time counts the others too
    for line in lines:
        t0 = clock()
        rec = json.loads(line)
        article = pipeline.make_article(rec.pop("text"), **rec)
        t1 = clock()
        spent["read (json, Article)"] += t1 - t0
        norm, omap = normalize(article.text)
        doc = Doc(article=article, norm=norm, omap=omap)
        t2 = clock()
        spent["normalize"] += t2 - t1
        for stage in pipeline.STAGES:
            t = clock()
            stage(doc)
            spent[f"{stage.__module__}.{stage.__name__}"] += clock() - t
        t3 = clock()
        done = pipeline.finish(doc)
        t4 = clock()
        spent["finish"] += t4 - t3
        json.dumps(article_record(done), ensure_ascii=False)
        spent["write (record, json)"] += clock() - t4
    return dict(spent)


def extract_all(lines: list[str]) -> None:
    for line in lines:
        rec = json.loads(line)
        done = pipeline.extract_article(pipeline.make_article(rec.pop("text"), **rec))
        json.dumps(article_record(done), ensure_ascii=False)


def function_table(lines: list[str], top: int) -> list[dict[str, Any]]:
    prof = cProfile.Profile()
    prof.runcall(extract_all, lines)
    stats = pstats.Stats(prof)
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = []
    for (file, line, func), (_cc, nc, tt, ct, _) in stats.stats.items():  # type: ignore[attr-defined]
        where = file.split("/src/")[-1] if "/src/" in file else file.rsplit("/", 1)[-1]
        rows.append(
            {"function": f"{where}:{line}({func})", "calls": nc, "own": tt, "cum": ct, "share": tt / total}
        )
    rows.sort(key=lambda r: -r["own"])
    return rows[:top]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sample")
    ap.add_argument("--limit", type=int, default=2000)
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--tree", action="store_true", help="pyinstrument call tree instead of cProfile")
    args = ap.parse_args(argv)
    lines = load(args.sample, args.limit)
    extract_all(lines[:50])  # lexicons and regexes load lazily: keep that out of the shares
    spent = stage_times(lines)
    total = sum(spent.values())
    print(f"{len(lines)} articles, {total:.2f} s, {len(lines) / total:,.0f} articles/s in-process")
    for name, s in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {s / total:6.1%}  {s * 1e6 / len(lines):8.1f} us/article  {name}")
    if args.tree:
        from pyinstrument import Profiler

        with Profiler(interval=0.0005) as prof:
            extract_all(lines)
        print(prof.output_text(unicode=True, color=False, show_all=False))
        return 0
    print("\nown time (cProfile; its overhead inflates small Python functions)")
    for r in function_table(lines, args.top):
        print(f"  {r['share']:6.1%} {r['own']:7.3f}s {r['cum']:7.3f}s {r['calls']:>9}  {r['function']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

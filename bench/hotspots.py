"""Where the time goes: per-stage shares, then the hottest functions (cProfile) or a call tree (pyinstrument).

    python bench/hotspots.py SAMPLE.jsonl [--limit 2000] [--top 30] [--tree]

Stage shares come from timing each stage of ``pipeline.STAGES`` around the real calls (no profiler
overhead), plus reading (JSON decode, Article) and writing (record, JSON encode). The function table is
cProfile's, sorted by own time, with each function's share of the profiled total; ``--tree`` prints
pyinstrument's call tree instead. py-spy works too (``py-spy record -o out.svg -- python bench/driver.py``).

Pure Python only (``QAWL_PURE=1``): on the compiled build it says so and exits with status 2.
"""

from __future__ import annotations

import argparse
import cProfile
import inspect
import json
import pstats
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from itertools import islice
from typing import Any

from qawl import pipeline
from qawl._native import is_compiled
from qawl.records import article_record


def load(path: str, limit: int) -> list[str]:
    with open(path, encoding="utf-8") as f:
        return list(islice(f, limit))


def _timed(name: str, fn: Callable[..., Any], spent: dict[str, float]) -> Callable[..., Any]:
    clock = time.process_time

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t = clock()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[name] += clock() - t

    return wrapper


def stage_times(lines: list[str]) -> dict[str, float]:
    """CPU seconds spent in each stage over all ``lines``, timed around the real calls.

    ``pipeline.run_stages`` runs as it is; every function it calls by a global name (normalize, the glue
    splitter, …) and every stage of ``pipeline.STAGES`` is wrapped with a timer for the duration.
    """
    spent: dict[str, float] = defaultdict(float)
    clock = time.process_time  # CPU time: the machine is shared, wall time counts the others too
    saved: dict[str, Any] = {"STAGES": pipeline.STAGES}
    for name in pipeline.run_stages.__code__.co_names:
        obj = getattr(pipeline, name, None)
        if inspect.isfunction(obj):
            saved[name] = obj
            setattr(pipeline, name, _timed(name, obj, spent))
    pipeline.STAGES = tuple(_timed(f"{s.__module__}.{s.__name__}", s, spent) for s in saved["STAGES"])
    try:
        for line in lines:
            t0 = clock()
            rec = json.loads(line)
            article = pipeline.make_article(rec.pop("text"), **rec)
            t1 = clock()
            spent["read (json, Article)"] += t1 - t0
            doc = pipeline.run_stages(article)
            t2 = clock()
            spent["run_stages (total)"] += t2 - t1
            done = pipeline.finish(doc)
            t3 = clock()
            spent["finish"] += t3 - t2
            json.dumps(article_record(done), ensure_ascii=False)
            spent["write (record, json)"] += clock() - t3
    finally:
        for name, obj in saved.items():
            setattr(pipeline, name, obj)
    inner = sum(v for k, v in spent.items() if k in saved or "." in k)
    spent["run_stages (rest)"] = spent.pop("run_stages (total)") - inner
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
    if is_compiled():
        # compiled modules call each other directly: the timers set on module globals would never run, and
        # cProfile sees nothing inside compiled code
        print(
            "hotspots.py measures the pure-Python pipeline: run it with QAWL_PURE=1.\n"
            "For the compiled build use py-spy record --native, or callgrind (bench/PROFILE.md, profile 8).",
            file=sys.stderr,
        )
        return 2
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

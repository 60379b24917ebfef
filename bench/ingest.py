"""Benchmark: archive ingestion into SQLite (one core) and search latency.

    .venv/bin/python bench/ingest.py                   # 2000 articles of the shared corpus
    .venv/bin/python bench/ingest.py --articles 0      # the whole corpus

Phases, each timed on its own:
  1. extraction  — read the JSONL and run the pipeline (``qawl.pipeline.extract_article``);
  2. archive     — resolve speakers (with romanisation) and write to a fresh SQLite file (``extract=False``);
  3. end to end  — ``archive.ingest`` of the file into another fresh SQLite file (as ``qawl ingest``);
  4. re-ingest   — the same again into the file of phase 3 (every article unchanged: the idempotence path);
  5. search      — median / p95 latency of ``Store.search`` over a fixed set of queries (20 results each).
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

# one core, and no thread pools behind our back (the romanizer's ONNX runtime would start one per core)
os.environ.setdefault("OMP_NUM_THREADS", "1")
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

from qawl import archive  # imported after pinning the process to one core
from qawl.entities.romanize import clear_cache
from qawl.pipeline import extract_article
from qawl.readers import read_inputs
from qawl.store import open_store

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "corpus" / "ant-news.jsonl.gz"

QUERIES = [
    "الحكومة",
    "الرئيس",
    "وزير الخارجية",
    "الاقتصاد",
    "إسرائيل",
    "اسرائيل",
    "النفط",
    "مصر",
    "الأمم المتحدة",
    "الامم المتحده",
    "ترامب",
    "السعودية",
    "الانتخابات",
    "مجلس الأمن",
    "أسعار",
    "البنك المركزي",
    "الإرهاب",
    "قطر",
    "روسيا",
    "المفاوضات",
    "لبنان",
    "سوريا",
    "كرة",
    "في",
    "ال",
    "سكوف",
]


def head(src: Path, n: int, out: Path) -> int:
    opener = gzip.open if src.suffix == ".gz" else open
    count = 0
    with opener(src, "rt", encoding="utf-8") as f, out.open("w", encoding="utf-8") as g:
        for line in itertools.islice(f, n) if n else f:
            g.write(line)
            count += 1
    return count


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--articles", type=int, default=2000, help="first N articles (0: all)")
    ap.add_argument("--repeats", type=int, default=5, help="runs of each search query")
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="qawl-bench-"))
    src = tmp / "in.jsonl"
    n = head(args.corpus, args.articles, src)

    t = time.perf_counter()
    extracted = [extract_article(a) for a in read_inputs([str(src)]) if not isinstance(a, Exception)]
    t_extract = time.perf_counter() - t

    t = time.perf_counter()
    archive.ingest(extracted, str(tmp / "store.db"), extract=False, progress=False)
    t_store = time.perf_counter() - t

    clear_cache()  # phase 3 must romanise from scratch, like a real first run
    db = str(tmp / "e2e.db")
    full = archive.ingest([src], db, progress=False)
    again = archive.ingest([src], db, progress=False)

    times: list[float] = []
    totals: dict[str, int] = {}
    with open_store(db, read_only=True) as store:
        stats = store.stats()
        for q in QUERIES:
            store.search(q, limit=20)  # warm the page cache once
            for _ in range(args.repeats):
                t = time.perf_counter()
                page = store.search(q, limit=20)
                times.append(time.perf_counter() - t)
            totals[q] = page.total
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    size = Path(db).stat().st_size / 1e6

    print(f"corpus: {n} articles ({args.corpus.name}); archive: {stats}; file {size:.1f} MB")
    print(f"extraction only : {n / t_extract:8.1f} articles/s ({t_extract:.1f} s)")
    print(
        f"archive only    : {n / t_store:8.1f} articles/s ({t_store:.1f} s; speakers, romanisation, SQLite)"
    )
    print(f"end to end      : {n / full.seconds:8.1f} articles/s ({full.seconds:.1f} s; `qawl ingest`)")
    print(f"re-ingest       : {n / again.seconds:8.1f} articles/s ({again.seconds:.1f} s; all unchanged)")
    print(
        f"search          : median {statistics.median(times) * 1e3:.1f} ms, p95 {p95 * 1e3:.1f} ms "
        f"over {len(QUERIES)} queries x {args.repeats}"
    )
    print("matches per query: " + ", ".join(f"{q}={c}" for q, c in totals.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

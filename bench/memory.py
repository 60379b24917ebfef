"""Flat memory: this process's RSS after streaming the sample 1×, 4× and 16× through ``extract_stream``.

    python bench/memory.py SAMPLE.jsonl [--passes 16] [--checkpoints 1,4,16] [--workers 1] [--json]

Every pass re-reads the file (nothing is held), gives the articles new ids (so a cache keyed by article shows
up) and writes each record as JSON to /dev/null, as ``qawl extract`` would. RSS comes from /proc/self/status
(VmRSS) at the end of each checkpoint pass; with ``--workers`` above 1 it is the parent's only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import Any

from driver import read_articles

from qawl.errors import QawlError
from qawl.model import Article
from qawl.parallel import extract_stream
from qawl.records import article_record


def rss_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def passes(path: str, n: int) -> Iterator[Article | QawlError]:
    for k in range(n):
        yield from read_articles(path, suffix=f"#{k}")


def measure(path: str, n_passes: int, checkpoints: set[int], workers: int) -> dict[str, Any]:
    with open(path, encoding="utf-8") as f:
        per_pass = sum(1 for _ in f)
    rss: dict[int, int] = {0: rss_kb()}
    done = 0
    with open("/dev/null", "w", encoding="utf-8") as out:
        for item in extract_stream(passes(path, n_passes), workers=workers):
            if isinstance(item, Article):
                out.write(json.dumps(article_record(item), ensure_ascii=False))
            done += 1
            if done % per_pass == 0 and done // per_pass in checkpoints:
                rss[done // per_pass] = rss_kb()
    first = min(k for k in rss if k > 0)
    return {
        "articles_per_pass": per_pass,
        "rss_kb": rss,
        "ratio_last_first": rss[max(rss)] / rss[first],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sample")
    ap.add_argument("--passes", type=int, default=16)
    ap.add_argument("--checkpoints", default="1,4,16")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    checkpoints = {int(c) for c in args.checkpoints.split(",")} | {args.passes}
    res = measure(args.sample, args.passes, checkpoints, args.workers)
    if args.json:
        print(json.dumps(res))
    else:
        for k, v in sorted(res["rss_kb"].items()):
            print(f"after {k:>2} passes: {v / 1024:7.1f} MB")
        print(f"ratio last/first: {res['ratio_last_first']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

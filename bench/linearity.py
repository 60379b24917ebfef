"""Time per byte of extraction on synthetic articles of 1 KB, 10 KB, 100 KB and 1 MB.

    python bench/linearity.py SAMPLE.jsonl [--sizes 1000,10000,100000,1000000] [--budget 4000000] [--json]

Articles are cut from the corpus paragraphs laid end to end, at a line or word boundary, so that every size
sees the same kind of text. Each size gets about ``--budget`` bytes of articles; the best CPU time of
``--repeat`` runs counts (the machine is shared). A stage that is quadratic in the article length shows up
as a 1 MB / 1 KB ratio well above 1.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from itertools import islice
from typing import Any

from qawl.model import Article
from qawl.pipeline import extract_article

_ENOUGH = 10.0  # seconds


def corpus_text(path: str, limit: int) -> str:
    """The paragraphs of the first ``limit`` articles, one a line."""
    paras: list[str] = []
    with open(path, encoding="utf-8") as f:
        for line in islice(f, limit):
            paras.extend(p for p in json.loads(line)["text"].split("\n") if p.strip())
    return "\n".join(paras)


def cut(text: str, size: int, count: int) -> list[str]:
    """``count`` consecutive pieces of ``text`` of about ``size`` UTF-8 bytes each (wrapping around)."""
    # Arabic is 2 bytes a character in UTF-8, spaces and digits 1: estimate characters from the mean
    per_char = len(text.encode("utf-8")) / len(text)
    want = max(1, int(size / per_char))
    out: list[str] = []
    pos = 0
    while len(out) < count:
        if pos + want > len(text):
            pos = 0
        end = pos + want
        brk = max(text.rfind("\n", pos, end), text.rfind(" ", pos, end))
        if brk > pos + want // 2:
            end = brk
        out.append(text[pos:end].strip())
        pos = end
    return out


def time_size(text: str, size: int, budget: int, repeat: int) -> dict[str, Any]:
    count = max(2, budget // size)
    articles = [Article(text=t, id=f"s{size}-{i}") for i, t in enumerate(cut(text, size, count))]
    nbytes = sum(len(a.text.encode("utf-8")) for a in articles)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        for a in articles:
            extract_article(a)
        best = min(best, time.process_time() - t0)
        if best > _ENOUGH:
            break  # a run this long is not at the mercy of the noise, and repeating it costs minutes
    return {
        "size": size,
        "articles": count,
        "bytes": nbytes,
        "seconds": best,
        "ns_per_byte": best / nbytes * 1e9,
    }


def measure(path: str, sizes: list[int], budget: int, repeat: int, limit: int = 2000) -> dict[str, Any]:
    text = corpus_text(path, limit)
    rows = [time_size(text, s, budget, repeat) for s in sizes]
    first, last = rows[0]["ns_per_byte"], rows[-1]["ns_per_byte"]
    return {"rows": rows, "ratio_last_first": last / first}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sample", help="JSONL of article records (the corpus sample)")
    ap.add_argument("--sizes", default="1000,10000,100000,1000000")
    ap.add_argument("--budget", type=int, default=4_000_000, help="bytes of articles per size")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    res = measure(args.sample, [int(s) for s in args.sizes.split(",")], args.budget, args.repeat)
    if args.json:
        print(json.dumps(res))
    else:
        for r in res["rows"]:
            print(f"{r['size']:>9} B  x{r['articles']:<5} {r['ns_per_byte']:8.1f} ns/byte")
        print(f"ratio largest/smallest: {res['ratio_last_first']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

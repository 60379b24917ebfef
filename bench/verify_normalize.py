"""Check that the fast ``normalize`` gives exactly what the straightforward definition gives.

    python bench/verify_normalize.py [--corpus PATH] [--limit N] [--random N]

The reference is the original implementation: ``text.translate(_FOLD)`` with the deleted positions found by
``_DELETE``, and the NFKC path whenever a compatibility character is present. Both the normalised text and
the offset map (every position, both directions) must agree, on corpus articles and on random strings drawn
from the characters the normaliser treats specially.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import unicodedata
from itertools import islice
from pathlib import Path

from qawl.model import OffsetMap
from qawl.text import normalize as N

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "corpus" / "ant-news.jsonl.gz"


def reference(text: str) -> tuple[str, OffsetMap]:
    if N._COMPAT.search(text) is not None:
        return reference_compat(text)
    deleted = [m.start() for m in N._DELETE.finditer(text)]
    norm = text.translate(N._FOLD)
    omap = OffsetMap.identity(len(text)) if not deleted else OffsetMap.from_deletions(deleted, len(text))
    return norm, omap


def reference_compat(text: str) -> tuple[str, OffsetMap]:
    """The original NFKC path, folding through ``reference`` rather than the fast code."""
    out: list[str] = []
    nb, delta = [0], [0]
    n = last = 0
    for m in N._COMPAT.finditer(text):
        out.append(text[last : m.start()])
        n += m.start() - last
        rep = unicodedata.normalize("NFKC", m.group())
        out.append(rep)
        for k in range(1, len(rep)):
            nb.append(n + k)
            delta.append(delta[-1] - 1)
        n += len(rep)
        last = m.end()
    out.append(text[last:])
    stage1 = "".join(out)
    norm, m2 = reference(stage1)
    return norm, OffsetMap(nb, delta, len(text), len(stage1)).compose(m2)


def same(text: str) -> bool:
    """``normalize`` and ``normalize_latin`` (the pipeline's entry) both equal the reference."""
    want, wmap = reference(text)
    for got, gmap in (N.normalize(text), N.normalize_latin(text)[:2]):
        if got != want:
            return False
        if not (
            all(gmap.to_orig(i) == wmap.to_orig(i) for i in range(len(got) + 1))
            and all(gmap.to_norm(i) == wmap.to_norm(i) for i in range(len(text) + 1))
        ):
            return False
    return True


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--limit", type=int, default=21102)
    ap.add_argument("--random", type=int, default=20000, help="random strings to try")
    args = ap.parse_args()
    # the fold table must be what the original per-code-point loop built
    old = {c for c in range(0x10000) if N._DELETE.match(chr(c))}
    assert old == {c for c, v in N._FOLD.items() if v is None}, "deletion table differs"
    bad = 0
    n = 0
    if args.corpus.exists():
        with gzip.open(args.corpus, "rt", encoding="utf-8") as f:
            for line in islice(f, args.limit):
                n += 1
                if not same(json.loads(line)["text"]):
                    bad += 1
                    print("differs:", json.loads(line)["id"])
    special = [*N._REPLACE, *sorted(N._COMPAT_CHARS)[:40], "\ufdfa", "\ufefb", "\U0001f600"]
    alphabet = [*special, *"abc قال ان .\n\"'"]
    rng = random.Random(4)
    for _ in range(args.random):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        if not same(text):
            bad += 1
            print("differs:", repr(text))
    print(f"{n} corpus texts and {args.random} random strings: {bad} differences")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

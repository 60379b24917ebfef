"""Score qawl's attribution on the gold sets with the reference scorer (a helper, not a test).

.venv/bin/python tests/attribution/run_eval.py [dev|seeds] [--errors] [--reliability]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from qawl.pipeline import extract
from qawl.records import article_record

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


def main() -> None:
    which = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else "dev"
    gold = SHARED / "data" / "gold" / f"{which}.jsonl"
    recs = []
    with open(gold, encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            art = extract(a["text"], id=a["id"], date=a.get("date"))
            recs.append(article_record(art))
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as out:
        for r in recs:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    cmd = [sys.executable, str(SHARED / "tools" / "score_quotes.py"), str(gold), out.name]
    if "--errors" in sys.argv:
        cmd.append("--show-errors")
    res = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    if "--errors" in sys.argv:
        print("\n".join(ln for ln in res.splitlines() if ln.startswith("speaker")))
    print(
        "\n".join(
            ln for ln in res.splitlines() if not ln.startswith(("speaker\t", "miss\t", "false alarm\t"))
        )
    )
    if "--reliability" in sys.argv:
        reliability(gold, recs)


def reliability(gold: Path, recs: list[dict]) -> None:
    """Precision of the speaker per speaker-confidence bin, on predictions matched to gold quotes."""
    sys.path.insert(0, str(SHARED / "tools"))
    import score_quotes as sq  # type: ignore[import-not-found]

    golds = sq.load(str(gold))
    bins: dict[float, list[int]] = {}
    for r in recs:
        g = golds[r["id"]]
        text = g["text"]
        for q in r["quotes"]:
            ps = sq.trim(text, q["start"], q["end"])
            best = max(
                ((sq.jaccard(sq.trim(text, x["start"], x["end"]), ps), x) for x in g["quotes"]),
                default=(0, None),
                key=lambda t: t[0],
            )
            if best[0] < 0.5 or best[1] is None or best[1].get("optional"):
                continue
            sp = q["speaker"]
            conf = sp["confidence"] if sp else 0.0
            ok = sq.speaker_ok(best[1]["speaker"], sp["name"] if sp else None)
            bins.setdefault(conf, [0, 0])
            bins[conf][0] += 1
            bins[conf][1] += ok
    for conf in sorted(bins):
        n, ok = bins[conf]
        print(f"conf {conf:.2f}: n={n:3d} precision={ok / n:.3f}")


if __name__ == "__main__":
    main()

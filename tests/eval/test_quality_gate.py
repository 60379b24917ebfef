"""The quality gate: qawl is scored on the gold sets and the build fails when a figure drops below the
committed baseline (tests/eval/baseline.json). Raise the baseline with every accuracy improvement:

    python tests/eval/test_quality_gate.py --update    # rewrites baseline.json from a fresh run
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from qawl.evaluate import load_jsonl, predict, score

HERE = Path(__file__).resolve().parent
BASELINE = HERE / "baseline.json"
GOLD_DIR = HERE.parents[1] / ".." / "shared" / "data" / "gold"
GATED = ("content_f1", "strict_f1", "speaker_accuracy", "attribution_f1")
# figures are exact fractions of small counts; this only absorbs float noise, never a lost quote
EPS = 1e-9


def figures(name: str) -> dict[str, float]:
    gold = load_jsonl(GOLD_DIR / f"{name}.jsonl")
    return score(gold, predict(gold)).figures


@pytest.mark.parametrize("name", ["seeds", "dev"])
def test_gold_figures_do_not_drop_below_baseline(name: str) -> None:
    if not (GOLD_DIR / f"{name}.jsonl").is_file():
        pytest.skip(f"gold set {name} not found at {GOLD_DIR} (../shared absent)")
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))[name]
    got = figures(name)
    report = ", ".join(f"{k} {got[k]:.4f} (baseline {baseline[k]:.4f})" for k in GATED)
    print(f"{name}: {report}")
    dropped = [k for k in GATED if got[k] + EPS < baseline[k]]
    assert not dropped, f"{name}: below the committed baseline: {report}"


def test_baseline_file_names_every_gated_figure() -> None:
    data = json.loads(BASELINE.read_text(encoding="utf-8"))
    for name in ("seeds", "dev"):
        assert set(GATED) <= set(data[name]), name


if __name__ == "__main__":
    if "--update" in sys.argv:
        out = {name: {k: figures(name)[k] for k in GATED} for name in ("seeds", "dev")}
        BASELINE.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
        print(json.dumps(out, indent=2))
    else:
        for name in ("seeds", "dev"):
            print(name, json.dumps(figures(name)))

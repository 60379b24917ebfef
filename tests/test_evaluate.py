"""qawl's evaluator against the project's reference scorer: same figures, same error listing."""

from __future__ import annotations

import itertools
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from qawl import evaluate
from qawl.cli import main

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
REFEREE = SHARED / "tools" / "score_quotes.py"
GOLD_FILES = ("dev.jsonl", "seeds.jsonl")


def _gold(name: str) -> Path:
    path = SHARED / "data" / "gold" / name
    if not path.is_file() or not REFEREE.is_file():
        pytest.skip(f"shared data not available ({path})")
    return path


def _referee(gold: Path, pred: Path, *flags: str) -> str:
    done = subprocess.run(
        [sys.executable, str(REFEREE), str(gold), str(pred), *flags],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _ours(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(["eval", *args]) == 0
    return capsys.readouterr().out


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _perturbed(gold: Path, seed: int) -> list[dict[str, Any]]:
    """Gold with shifted, dropped and invented quotes, wrong or partial speakers, and changed kinds."""
    rng = random.Random(seed)
    names = ["محمد علي", "وزارة الخارجية", "المتحدث", None, "Someone"]
    out = []
    for line in gold.read_text(encoding="utf-8").splitlines():
        art = json.loads(line)
        n = len(art["text"])
        quotes: list[dict[str, Any]] = []
        for q in art["quotes"]:
            roll = rng.random()
            if roll < 0.15:
                continue  # dropped
            start = max(0, q["start"] + rng.randint(-25, 25)) if roll < 0.6 else q["start"]
            end = min(n, max(start + 1, q["end"] + rng.randint(-40, 40))) if roll < 0.6 else q["end"]
            speaker: Any = q["speaker"]
            pick = rng.random()
            if pick < 0.2:
                speaker = rng.choice(names)
            elif pick < 0.35 and speaker:
                speaker = speaker.split()[-1]  # surname only: still right
            elif pick < 0.45 and speaker:
                speaker = speaker[:-1] + "ي"  # one edit
            rec: dict[str, Any] = {"start": start, "end": end}
            rec["speaker"] = {"name": speaker, "confidence": rng.random()} if rng.random() < 0.5 else speaker
            if rng.random() < 0.8:
                rec["kind"] = q["kind"] if rng.random() < 0.8 else "mixed"
            rec["confidence"] = round(rng.random(), 3)
            quotes.append(rec)
        for _ in range(rng.randint(0, 3)):  # false alarms
            start = rng.randrange(0, max(1, n - 50))
            quotes.append({"start": start, "end": start + rng.randint(5, 50), "speaker": rng.choice(names)})
        if rng.random() < 0.1:
            continue  # article missing from the predictions
        out.append({"id": art["id"], "quotes": quotes})
    return out


@pytest.mark.parametrize("name", GOLD_FILES)
def test_gold_against_itself_matches_referee(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    gold = _gold(name)
    assert _ours(capsys, str(gold), str(gold), "--json") == _referee(gold, gold, "--json")


@pytest.mark.parametrize(("name", "seed"), list(itertools.product(GOLD_FILES, (1, 2, 3))))
def test_perturbed_predictions_match_referee(
    name: str, seed: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = _gold(name)
    pred = _write(tmp_path / "pred.jsonl", _perturbed(gold, seed))
    ours = _ours(capsys, str(gold), str(pred), "--json")
    assert ours == _referee(gold, pred, "--json")
    assert json.loads(ours)["content_f1"] < 1.0  # the perturbation really changed something


def test_error_listing_and_text_layout_match_referee(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = _gold("dev.jsonl")
    pred = _write(tmp_path / "pred.jsonl", _perturbed(gold, 4))
    ours = _ours(capsys, str(gold), str(pred), "--show-errors")
    assert ours == _referee(gold, pred, "--show-errors")
    assert "\tfalse alarm" not in ours and "false alarm\t" in ours


@pytest.mark.parametrize("name", GOLD_FILES)
def test_qawl_output_scored_like_referee(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = _gold(name)
    pred = tmp_path / "qawl.jsonl"
    assert main(["extract", str(gold), "-o", str(pred), "--quiet"]) == 0
    expected = _referee(gold, pred, "--json")
    assert _ours(capsys, str(gold), str(pred), "--json") == expected
    # without PRED, qawl extracts the gold texts itself: the same figures
    assert _ours(capsys, str(gold), "--json") == expected


def test_reliability_bins_count_predictions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "قال الوزير إن الاتفاق قريب. وأضاف أن الوفد سيعود غدا."
    gold = _write(
        tmp_path / "g.jsonl",
        [
            {
                "id": "a",
                "text": text,
                "quotes": [{"start": 14, "end": 27, "kind": "indirect", "speaker": "الوزير"}],
            }
        ],
    )
    pred = _write(
        tmp_path / "p.jsonl",
        [
            {
                "id": "a",
                "quotes": [
                    {
                        "start": 14,
                        "end": 27,
                        "confidence": 0.9,
                        "speaker": {"name": "الوزير", "confidence": 0.6},
                    },
                    {
                        "start": 38,
                        "end": 53,
                        "confidence": 0.3,
                        "speaker": {"name": "الوفد", "confidence": 0.95},
                    },
                ],
            }
        ],
    )
    out = _ours(capsys, str(gold), str(pred), "--json", "--reliability")
    figures, rel = (json.loads(line) for line in out.splitlines())
    assert figures["content_precision"] == 0.5
    quote_bins = {b["bin"]: (b["count"], b["precision"]) for b in rel["reliability"]["quote"]}
    assert quote_bins["[0, 0.5)"] == (1, 0.0)
    assert quote_bins["[0.85, 1]"] == (1, 1.0)
    assert quote_bins["[0.5, 0.7)"] == (0, None)
    speaker_bins = {b["bin"]: (b["count"], b["precision"]) for b in rel["reliability"]["speaker"]}
    assert speaker_bins["[0.5, 0.7)"] == (1, 1.0)
    assert speaker_bins["[0.85, 1]"] == (1, 0.0)
    text_out = _ours(capsys, str(gold), str(pred), "--reliability")
    assert "[0.85, 1]" in text_out.splitlines()[-1]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("الجابري", "الجابري", True),
        ("الجابري", "الجابرى", True),  # one substitution
        ("بيسكوف", "بيسكووف", True),  # one insertion
        ("بيسكوف", "بيسكو", True),  # one deletion
        ("عباس", "عباسي", True),
        ("علي", "عل", False),  # under four letters: exact only
        ("بيسكوف", "بسكووف", False),  # two edits
        ("abcd", "abdc", False),  # a swap is two substitutions
    ],
)
def test_one_edit(a: str, b: str, same: bool) -> None:
    assert evaluate.one_edit(a, b) is same
    assert evaluate.one_edit(b, a) is same


def test_speaker_rules() -> None:
    assert evaluate.speaker_ok("هشام الجابري", "الجابري")
    assert evaluate.speaker_ok("الجابري", "هشام الجابري")
    assert evaluate.speaker_ok("إبراهيم", "ابراهيم")
    assert not evaluate.speaker_ok("هشام الجابري", "محمد علي")
    assert evaluate.speaker_ok(None, None)
    assert not evaluate.speaker_ok(None, "الوزير")
    assert not evaluate.speaker_ok("الوزير", None)


def test_trim_strips_marks_and_punctuation() -> None:
    text = "قال: «نعم.» "
    assert text[slice(*evaluate.trim(text, 3, len(text)))] == "نعم"


def test_bad_prediction_line_is_a_named_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = _write(tmp_path / "g.jsonl", [{"id": "a", "text": "نص", "quotes": []}])
    pred = tmp_path / "p.jsonl"
    pred.write_text('{"id": "a", "quotes": []}\n{oops\n', encoding="utf-8")
    assert main(["eval", str(gold), str(pred)]) == 1
    err = capsys.readouterr().err
    assert f"qawl: error: {pred}:2: not JSON" in err
    assert "Traceback" not in err

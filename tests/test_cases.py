"""Runner for the linguist-editable Arabic cases in ``tests/cases/*.jsonl``.

Each case is run once through ``qawl.extract`` and compared with its expected quotes: every expected
quote must be matched by a predicted one (character Jaccard >= 0.9 after trimming white space,
punctuation and quotation marks at both ends, as in ``shared/tools/score_quotes.py``) with the same
kind and, where the case gives them, the same cue, speaker, addressee and date; no predicted quote
may be left unmatched. The file format is described in ``tests/cases/README.md``.

    python tests/test_cases.py --report            per-group pass counts
    python tests/test_cases.py --report --show     also list what went wrong in each failing case
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from qawl import Article, Quote, Span, Speaker, extract
from qawl.evaluate import pair_spans, speaker_ok, trim
from qawl.text.normalize import fold

CASES_DIR = Path(__file__).resolve().parent / "cases"

KINDS = frozenset({"direct", "indirect", "mixed"})
CASE_KEYS = frozenset({"id", "text", "quotes", "date", "title", "note", "xfail"})
QUOTE_KEYS = frozenset(
    {"text", "kind", "speaker", "cue", "addressee", "said_on", "occurrence", "optional", "note"}
)
#: pairs are matched as the reference scorer matches them (Jaccard >= 0.5, qawl.evaluate.pair_spans);
#: a case demands the strict threshold of every pair
STRICT_JACCARD = 0.9


class CaseFileError(ValueError):
    """A case file that does not follow the format; the message starts with ``path:line:``."""


@dataclass(frozen=True)
class ExpectedQuote:
    text: str
    kind: str
    start: int
    end: int
    optional: bool = False
    # a key the case leaves out is not checked; a key given as null demands "none"
    checks: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    id: str
    group: str
    text: str
    quotes: tuple[ExpectedQuote, ...]
    where: str
    title: str | None = None
    date: str | None = None
    xfail: str | None = None


# ---------------------------------------------------------------- matching (mirrors the scorer)


# the scorer's own rules (qawl.evaluate reimplements the reference scorer, and a test checks they agree):
# a case passes here exactly when the scorer would count the pair as a strict hit with the right speaker
same_speaker = speaker_ok


def pair_quotes(
    text: str, expected: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int]]
) -> dict[int, tuple[int, float]]:
    """Greedy one-to-one pairing on trimmed-span Jaccard (>= 0.5): expected index → (predicted, J)."""
    return pair_spans([trim(text, s, e) for s, e in expected], [trim(text, s, e) for s, e in predicted])


# ---------------------------------------------------------------- loading and validation


def _is_iso_date(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None


def _find_occurrence(text: str, needle: str, k: int) -> int:
    pos = -1
    for _ in range(k + 1):
        pos = text.find(needle, pos + 1)
        if pos < 0:
            return -1
    return pos


def _expected_quote(raw: object, text: str, n: int) -> ExpectedQuote:
    if not isinstance(raw, dict):
        raise ValueError(f"quote {n} is not an object")
    unknown = set(raw) - QUOTE_KEYS
    if unknown:
        raise ValueError(f"quote {n}: unknown keys {sorted(unknown)}")
    qtext = raw.get("text")
    if not isinstance(qtext, str) or not qtext.strip():
        raise ValueError(f"quote {n}: 'text' must be a non-empty string")
    if raw.get("kind") not in KINDS:
        raise ValueError(f"quote {n}: 'kind' must be one of {sorted(KINDS)}")
    occurrence = raw.get("occurrence", 0)
    if not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 0:
        raise ValueError(f"quote {n}: 'occurrence' must be an integer >= 0")
    start = _find_occurrence(text, qtext, occurrence)
    if start < 0:
        raise ValueError(
            f"quote {n}: text (occurrence {occurrence}) not found in the case text: {qtext[:40]!r}"
        )
    if "occurrence" not in raw and text.find(qtext, start + 1) >= 0:
        raise ValueError(f"quote {n}: text occurs more than once; give 'occurrence' (0-based)")
    checks: dict[str, Any] = {}
    for key in ("speaker", "cue", "addressee"):
        if key in raw:
            value = raw[key]
            if value is not None and (not isinstance(value, str) or not value.strip()):
                raise ValueError(f"quote {n}: {key!r} must be a non-empty string or null")
            if key == "addressee" and value is not None and value not in text:
                raise ValueError(f"quote {n}: addressee not found in the case text: {value!r}")
            checks[key] = value
    if "said_on" in raw:
        if raw["said_on"] is not None and not _is_iso_date(raw["said_on"]):
            raise ValueError(f"quote {n}: 'said_on' must be an ISO date YYYY-MM-DD or null")
        checks["said_on"] = raw["said_on"]
    optional = raw.get("optional", False)
    if not isinstance(optional, bool):
        raise ValueError(f"quote {n}: 'optional' must be true or false")
    return ExpectedQuote(qtext, raw["kind"], start, start + len(qtext), optional, checks)


def parse_case(raw: object, group: str, where: str) -> Case:
    """Validate one decoded JSON line; raise ``ValueError`` with the reason."""
    if not isinstance(raw, dict):
        raise ValueError("a case must be a JSON object")
    unknown = set(raw) - CASE_KEYS
    if unknown:
        raise ValueError(f"unknown keys {sorted(unknown)}")
    for key in ("id", "text", "note"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise ValueError(f"{key!r} must be a non-empty string")
    if not isinstance(raw.get("quotes"), list):
        raise ValueError("'quotes' must be a list (empty when nothing is a quote)")
    for key in ("title", "xfail"):
        if key in raw and (not isinstance(raw[key], str) or not raw[key].strip()):
            raise ValueError(f"{key!r} must be a non-empty string when given")
    if "date" in raw and not _is_iso_date(raw["date"]):
        raise ValueError("'date' must be an ISO date YYYY-MM-DD")
    quotes = tuple(_expected_quote(q, raw["text"], n) for n, q in enumerate(raw["quotes"]))
    if any("said_on" in q.checks for q in quotes) and "date" not in raw:
        raise ValueError("a quote gives 'said_on' but the case has no 'date'")
    spans = sorted((q.start, q.end) for q in quotes if not q.optional)
    for (_, e1), (s2, _) in itertools.pairwise(spans):
        if s2 < e1:
            raise ValueError("required quotes overlap")
    return Case(
        id=raw["id"],
        group=group,
        text=raw["text"],
        quotes=quotes,
        where=where,
        title=raw.get("title"),
        date=raw.get("date"),
        xfail=raw.get("xfail"),
    )


def read_file(path: Path) -> tuple[list[Case], list[str]]:
    """The good cases of one JSONL file and one ``path:line: reason`` error per bad line.

    Blank lines and lines starting with ``#`` are skipped.
    """
    cases: list[Case] = []
    errors: list[str] = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            cases.append(parse_case(json.loads(line), path.stem, f"{path.name}:{lineno}"))
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            errors.append(f"{path}:{lineno}: {exc}")
    return cases, errors


def load_file(path: Path) -> list[Case]:
    """All cases of one JSONL file; raise ``CaseFileError`` at the first bad line."""
    cases, errors = read_file(path)
    if errors:
        raise CaseFileError(errors[0])
    return cases


def load_all(folder: Path = CASES_DIR) -> tuple[list[Case], list[str]]:
    """Every good case of every ``*.jsonl`` file, and the errors (``path:line: reason``) of bad lines."""
    cases: list[Case] = []
    errors: list[str] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.jsonl")):
        file_cases, file_errors = read_file(path)
        errors.extend(file_errors)
        for case in file_cases:
            if case.id in seen:
                errors.append(f"{folder / case.where}: duplicate id {case.id!r} (first at {seen[case.id]})")
                continue
            seen[case.id] = case.where
            cases.append(case)
    return cases, errors


# ---------------------------------------------------------------- checking one case


def _same_text(expected: str | None, got: str | None) -> bool:
    if expected is None or got is None:
        return expected is got
    return fold(expected).strip() == fold(got).strip()


def check_quotes(case: Case, article: Article) -> list[str]:
    """Everything wrong with ``article``'s quotes against the case; empty when the case passes."""
    text = case.text
    preds = article.quotes
    pairs = pair_quotes(
        text, [(q.start, q.end) for q in case.quotes], [(p.span.start, p.span.end) for p in preds]
    )
    problems: list[str] = []
    matched: set[int] = set()
    for i, exp in enumerate(case.quotes):
        label = f"quote {i} «{exp.text[:50]}»"
        if i not in pairs:
            if not exp.optional:
                problems.append(f"{label}: missed")
            continue
        j, jac = pairs[i]
        matched.add(j)
        if exp.optional:
            continue
        pred = preds[j]
        if jac < STRICT_JACCARD:
            problems.append(f"{label}: boundaries differ (J={jac:.2f}), got «{article.view(pred.span)}»")
        if pred.kind != exp.kind:
            problems.append(f"{label}: kind {pred.kind!r}, expected {exp.kind!r}")
        problems.extend(f"{label}: {p}" for p in _check_fields(exp, pred, article))
    for j, pred in enumerate(preds):
        if j not in matched:
            problems.append(f"false alarm «{(article.view(pred.span) or '')[:60]}»")
    return problems


def _check_fields(exp: ExpectedQuote, pred: Any, article: Article) -> Iterable[str]:
    checks = exp.checks
    if "cue" in checks:
        got = article.view(pred.cue)
        if not _same_text(checks["cue"], got):
            yield f"cue {got!r}, expected {checks['cue']!r}"
    if "speaker" in checks:
        got = pred.speaker.name if pred.speaker is not None else None
        if not same_speaker(checks["speaker"], got):
            yield f"speaker {got!r}, expected {checks['speaker']!r}"
    if "addressee" in checks:
        got = article.view(pred.addressee)
        if not _same_text(checks["addressee"], got):
            yield f"addressee {got!r}, expected {checks['addressee']!r}"
    if "said_on" in checks and pred.said_on != checks["said_on"]:
        yield f"said_on {pred.said_on!r}, expected {checks['said_on']!r}"


def run_case(case: Case) -> list[str]:
    article = extract(case.text, id=case.id, title=case.title, date=case.date)
    return check_quotes(case, article)


# ---------------------------------------------------------------- pytest

_CASES, _ERRORS = load_all()


def _param(case: Case) -> Any:
    marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []
    return pytest.param(case, id=case.id, marks=marks)


def test_case_files_are_valid() -> None:
    assert not _ERRORS, "bad case files:\n" + "\n".join(_ERRORS)
    assert _CASES, f"no cases found in {CASES_DIR}"


@pytest.mark.parametrize("case", [_param(c) for c in _CASES])
def test_case(case: Case) -> None:
    problems = run_case(case)
    assert not problems, f"{case.where} {case.id}:\n  " + "\n  ".join(problems)


def test_speaker_rule_matches_the_reference_scorer() -> None:
    assert same_speaker("دميتري بيسكوف", "ديميتري بيسكوف")  # one edit in a 5+ letter token
    assert not same_speaker("دميتري بيسكوف", "ديمتري بيسكوف")  # a swap is two edits
    assert same_speaker("دميتري بيسكوف", "بيسكوف")  # one side's tokens inside the other's
    assert same_speaker("وزارة الدفاع", "وزاره الدفاع")  # taa marbuta folded
    assert not same_speaker("جو بايدن", "إيمانويل ماكرون")
    assert not same_speaker("زيد", "زياد")  # tokens under four letters must match exactly
    assert same_speaker(None, None) and not same_speaker(None, "جو بايدن")


def test_bad_case_line_is_reported_with_file_and_line(tmp_path: Path) -> None:
    good = {"id": "a", "text": "قال زيد إن الجو حار.", "note": "n", "quotes": []}
    bad = {**good, "id": "b", "quotes": [{"text": "الجو بارد", "kind": "indirect"}]}
    path = tmp_path / "group.jsonl"
    path.write_text("# comment\n" + json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    with pytest.raises(CaseFileError, match=r"group\.jsonl:3: quote 0: text .* not found"):
        load_file(path)


def test_load_all_keeps_good_lines_and_reports_duplicates(tmp_path: Path) -> None:
    case = {"id": "a", "text": "قال زيد إن الجو حار.", "note": "n", "quotes": []}
    (tmp_path / "one.jsonl").write_text(json.dumps(case) + "\n{not json\n", encoding="utf-8")
    (tmp_path / "two.jsonl").write_text(json.dumps(case) + "\n", encoding="utf-8")
    cases, errors = load_all(tmp_path)
    assert [c.id for c in cases] == ["a"]
    assert any("one.jsonl:2:" in e for e in errors)
    assert any("two.jsonl:1: duplicate id 'a'" in e for e in errors)


def test_check_quotes_reports_miss_kind_speaker_and_false_alarm() -> None:
    text = "قال زيد إن الجو حار. ويذكر أن المدينة ساحلية."
    raw = {
        "id": "x",
        "text": text,
        "note": "n",
        "quotes": [{"text": "الجو حار", "kind": "indirect", "speaker": "زيد", "cue": "قال"}],
    }
    case = parse_case(raw, "g", "g.jsonl:1")
    s = text.index("الجو حار")
    good = Quote(Span(s, s + 8), "indirect", cue=Span(0, 3), speaker=Speaker("زيد"))
    assert check_quotes(case, Article(text=text, quotes=(good,))) == []
    wrong = Quote(Span(s, s + 9), "direct", cue=Span(0, 3), speaker=Speaker("عمرو"))
    fa = Quote(Span(text.index("المدينة"), len(text) - 1), "indirect")
    problems = check_quotes(case, Article(text=text, quotes=(wrong, fa)))
    assert any("kind" in p for p in problems)
    assert any("speaker" in p for p in problems)
    assert any(p.startswith("false alarm") for p in problems)
    assert any("missed" in p for p in check_quotes(case, Article(text=text)))


# ---------------------------------------------------------------- report


def report(show: bool = False, groups: Sequence[str] = ()) -> int:
    """Print per-group pass counts; return the number of failing cases (xfail ones excluded)."""
    if _ERRORS:
        print("bad case files:\n" + "\n".join(_ERRORS), file=sys.stderr)
    by_group: dict[str, list[tuple[Case, list[str]]]] = {}
    for case in _CASES:
        if groups and case.group not in groups:
            continue
        by_group.setdefault(case.group, []).append((case, run_case(case)))
    total = passed = failing = 0
    width = max((len(g) for g in by_group), default=5)
    for group, results in by_group.items():
        ok = sum(not problems for _, problems in results)
        xf = sum(bool(case.xfail) for case, _ in results)
        total += len(results)
        passed += ok
        failing += sum(bool(problems) and not case.xfail for case, problems in results)
        print(f"{group:{width}}  {ok:4d}/{len(results):<4d}" + (f"  ({xf} xfail)" if xf else ""))
        if show:
            for case, problems in results:
                for p in problems:
                    print(f"    {case.id}: {p}")
    print(f"{'total':{width}}  {passed:4d}/{total:<4d}")
    return failing


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Run the Arabic case files against qawl.extract.")
    ap.add_argument("--report", action="store_true", help="print per-group pass counts")
    ap.add_argument("--show", action="store_true", help="list the problems of failing cases")
    ap.add_argument("--group", action="append", default=[], help="only this group (file stem); repeatable")
    args = ap.parse_args(argv)
    if not args.report:
        ap.print_help()
        return 2
    report(show=args.show, groups=args.group)
    return 1 if _ERRORS else 0


if __name__ == "__main__":
    sys.exit(main())

"""Scoring of predicted quotes against a gold set: qawl's own implementation of the project's referee.

Same matching and figures as ``shared/tools/score_quotes.py``: spans are trimmed of white space, punctuation
and quotation marks at both ends; gold and predicted quotes are paired one-to-one, greedily by decreasing
character Jaccard (ties: higher gold index, then higher predicted index first); a pair with Jaccard ≥ 0.5 is a
content match and ≥ 0.9 a strict one. An optional gold quote is never a miss, and a prediction matched to it
is neither a hit nor a false alarm. A speaker is right when the normalised name tokens of one side are all
found in the other's, a token of four letters or more may differ by one edit; gold ``null`` wants ``null``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qawl.errors import InputError
from qawl.pipeline import extract_article, make_article
from qawl.records import article_record

Record = dict[str, Any]

_TRIM = frozenset(" \t\r\n\u00a0.,:;!?،؛؟…-–—\"'“”«»„‟‹›()[]{}")
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ALEF = re.compile("[أإآٱ]")
_NON_WORD = re.compile(r"[^\w\s]")
CONTENT_MATCH = 0.5
STRICT_MATCH = 0.9
#: confidence bins of the reliability table, half-open except the last
BINS: tuple[tuple[float, float], ...] = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.85), (0.85, 1.0))


# --- loading ---------------------------------------------------------------------------------------------


def load_jsonl(path: str | Path) -> dict[str, Record]:
    """Articles by id (a later line with the same id wins); a bad line raises InputError ``path:LINE``."""
    out: dict[str, Record] = {}
    try:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"not JSON: {exc}", where=f"{path}:{n}") from None
                if not isinstance(rec, dict) or "id" not in rec:
                    raise InputError("record without an id", where=f"{path}:{n}")
                out[str(rec["id"])] = rec
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", where=str(path)) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 ({exc.reason})", where=str(path)) from None
    return out


def check_gold(gold: Mapping[str, Record], where: str | Path) -> None:
    """Every gold article needs a ``text`` string and a ``quotes`` list with integer offsets."""
    for doc_id, rec in gold.items():
        quotes = rec.get("quotes")
        if not isinstance(rec.get("text"), str) or not isinstance(quotes, list):
            raise InputError(
                f"gold article {doc_id!r} needs a text string and a quotes list", where=str(where)
            )
        for q in quotes:
            if not (
                isinstance(q, dict) and isinstance(q.get("start"), int) and isinstance(q.get("end"), int)
            ):
                raise InputError(
                    f"gold article {doc_id!r}: a quote without integer start/end", where=str(where)
                )


# --- spans and names -------------------------------------------------------------------------------------


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past edge spaces, punctuation and marks: ``«نعم.»`` → ``نعم``."""
    end = min(end, len(text))
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Character Jaccard of two intervals: ``jaccard((0, 10), (5, 15))`` → 1/3."""
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union > 0 else 0.0


def name_tokens(name: str | None) -> list[str]:
    """Tokens of a name for comparison: ``"إبراهيم الجابري"`` → ``["ابراهيم", "الجابري"]``."""
    name = unicodedata.normalize("NFKC", name or "")
    name = _ALEF.sub("ا", _DIACRITICS.sub("", name)).replace("ى", "ي").replace("ة", "ه")
    return _NON_WORD.sub(" ", name).split()


def one_edit(a: str, b: str) -> bool:
    """Equal, or (both of four letters or more) one substitution, insertion or deletion apart."""
    if a == b:
        return True
    if min(len(a), len(b)) < 4 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k, (x, y) in enumerate(zip(short, long_, strict=False)) if x != y), len(short))
    return short[i:] == long_[i + 1 :]


def _within(part: Sequence[str], whole: Sequence[str]) -> bool:
    return all(any(one_edit(t, u) for u in whole) for t in part)


def speaker_ok(gold: str | None, pred: str | None) -> bool:
    """``speaker_ok("هشام الجابري", "الجابري")`` → True; gold ``None`` is right only for ``None``."""
    if gold is None or pred is None:
        return gold is None and pred is None
    g, p = name_tokens(gold), name_tokens(pred)
    return bool(g and p) and (_within(p, g) or _within(g, p))


def pred_speaker(quote: Mapping[str, Any]) -> Any:
    """The predicted speaker name: a record's ``speaker.name`` (or text/mention), or a plain string."""
    sp = quote.get("speaker")
    if isinstance(sp, dict):
        return sp.get("name") or sp.get("text") or sp.get("mention")
    return sp


def _speaker_confidence(quote: Mapping[str, Any]) -> float | None:
    sp = quote.get("speaker")
    if isinstance(sp, dict) and isinstance(sp.get("confidence"), int | float):
        return float(sp["confidence"])
    return None


# --- scoring ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Prediction:
    """How one predicted quote fared; ``matched`` is None when it matched an optional gold quote."""

    doc_id: str
    matched: bool | None
    speaker_right: bool
    confidence: float | None
    speaker_confidence: float | None


@dataclass(slots=True)
class Score:
    figures: dict[str, Any]
    errors: list[tuple[str, str, str, Any]] = field(default_factory=list)
    predictions: list[Prediction] = field(default_factory=list)


@dataclass(slots=True)
class _Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    strict: int = 0
    spk_n: int = 0
    spk_ok: int = 0
    attr_tp: int = 0
    kind_n: int = 0
    kind_ok: int = 0


def pair_spans(
    gold_spans: list[tuple[int, int]], pred_spans: list[tuple[int, int]]
) -> dict[int, tuple[int, float]]:
    """Greedy one-to-one matching: gold index → (pred index, Jaccard)."""
    pairs = sorted(
        ((jaccard(g, p), i, j) for i, g in enumerate(gold_spans) for j, p in enumerate(pred_spans)),
        reverse=True,
    )
    gold_to_pred: dict[int, tuple[int, float]] = {}
    used: set[int] = set()
    for jac, i, j in pairs:
        if jac < CONTENT_MATCH:
            break
        if i in gold_to_pred or j in used:
            continue
        gold_to_pred[i] = (j, jac)
        used.add(j)
    return gold_to_pred


def score(gold: Mapping[str, Record], pred: Mapping[str, Record]) -> Score:
    """Compare predictions with the gold articles (predicted articles missing from gold are ignored)."""
    t = _Tally()
    result = Score(figures={})
    for doc_id, g in gold.items():
        text: str = g["text"]
        gq: list[Record] = g["quotes"]
        pq: list[Record] = pred.get(doc_id, {}).get("quotes", [])
        matches = pair_spans(
            [trim(text, q["start"], q["end"]) for q in gq],
            [trim(text, int(q["start"]), int(q["end"])) for q in pq],
        )
        outcome: dict[int, tuple[bool | None, bool]] = {}  # pred index → (counted match?, speaker right?)
        for i, q in enumerate(gq):
            optional = q.get("optional", False)
            if i not in matches:
                if not optional:
                    t.fn += 1
                    result.errors.append(("miss", doc_id, text[q["start"] : q["end"]][:90], q.get("speaker")))
                continue
            j, jac = matches[i]
            ok = speaker_ok(q.get("speaker"), pred_speaker(pq[j]))
            if optional:
                outcome[j] = (None, ok)
                continue
            outcome[j] = (True, ok)
            t.tp += 1
            t.strict += jac >= STRICT_MATCH
            t.attr_tp += ok
            if q.get("speaker") is not None:
                t.spk_n += 1
                t.spk_ok += ok
            if not ok:
                found = f"gold={q.get('speaker')} pred={pred_speaker(pq[j])}"
                result.errors.append(("speaker", doc_id, text[q["start"] : q["end"]][:60], found))
            if "kind" in pq[j]:
                t.kind_n += 1
                t.kind_ok += pq[j]["kind"] == q["kind"]
        for j, q in enumerate(pq):
            matched, ok = outcome.get(j, (False, False))
            if matched is False:
                t.fp += 1
                snippet = text[int(q["start"]) : int(q["end"])][:90]
                result.errors.append(("false alarm", doc_id, snippet, pred_speaker(q)))
            conf = q.get("confidence")
            result.predictions.append(
                Prediction(
                    doc_id,
                    matched,
                    ok,
                    float(conf) if isinstance(conf, int | float) else None,
                    _speaker_confidence(q),
                )
            )
    result.figures = _figures(t, len(gold))
    return result


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _figures(t: _Tally, articles: int) -> dict[str, Any]:
    """The referee's figures, same keys, order and rounding."""
    p, r, f = _prf(t.tp, t.fp, t.fn)
    _, _, sf = _prf(t.strict, t.tp + t.fp - t.strict, t.tp + t.fn - t.strict)
    ap, ar, af = _prf(t.attr_tp, t.tp + t.fp - t.attr_tp, t.tp + t.fn - t.attr_tp)
    return {
        "articles": articles,
        "gold_quotes": t.tp + t.fn,
        "predicted": t.tp + t.fp,
        "content_precision": round(p, 4),
        "content_recall": round(r, 4),
        "content_f1": round(f, 4),
        "strict_f1": round(sf, 4),
        "speaker_accuracy": round(t.spk_ok / t.spk_n, 4) if t.spk_n else 0.0,
        "attribution_precision": round(ap, 4),
        "attribution_recall": round(ar, 4),
        "attribution_f1": round(af, 4),
        "kind_accuracy": round(t.kind_ok / t.kind_n, 4) if t.kind_n else 0.0,
    }


# --- reliability -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bin:
    low: float
    high: float
    count: int
    right: int

    @property
    def precision(self) -> float | None:
        return self.right / self.count if self.count else None

    @property
    def label(self) -> str:
        close = "]" if self.high >= 1.0 else ")"
        return f"[{self.low:g}, {self.high:g}{close}"


def _bin_index(value: float) -> int:
    for k, (low, high) in enumerate(BINS):
        if low <= value < high:
            return k
    return len(BINS) - 1 if value >= BINS[-1][1] else 0


def _binned(items: Iterable[tuple[float, bool]]) -> list[Bin]:
    counts = [0] * len(BINS)
    right = [0] * len(BINS)
    for value, ok in items:
        k = _bin_index(value)
        counts[k] += 1
        right[k] += ok
    return [Bin(low, high, counts[k], right[k]) for k, (low, high) in enumerate(BINS)]


def reliability(result: Score) -> dict[str, list[Bin]]:
    """Precision per confidence bin, for quotes (``confidence``) and speakers (``speaker.confidence``).

    Predictions matched to an optional gold quote are left out, as the figures leave them out; a
    prediction without a confidence is left out of that table. Speaker precision counts a prediction as
    right when it matched a gold quote and named its speaker correctly.
    """
    counted = [p for p in result.predictions if p.matched is not None]
    quotes = [(p.confidence, bool(p.matched)) for p in counted if p.confidence is not None]
    speakers = [
        (p.speaker_confidence, bool(p.matched) and p.speaker_right)
        for p in counted
        if p.speaker_confidence is not None
    ]
    return {"quote": _binned(quotes), "speaker": _binned(speakers)}


def reliability_record(tables: Mapping[str, list[Bin]]) -> dict[str, list[dict[str, Any]]]:
    """The reliability tables as JSON: ``{"quote": [{"bin", "count", "precision"}, ...], ...}``."""
    return {
        name: [
            {
                "bin": b.label,
                "count": b.count,
                "precision": None if b.precision is None else round(b.precision, 4),
            }
            for b in bins
        ]
        for name, bins in tables.items()
    }


def format_reliability(tables: Mapping[str, list[Bin]]) -> str:
    """Plain-text table: one row per bin, count and precision for quotes and speakers."""
    lines = [f"{'confidence':14} {'quotes':>7} {'precision':>9}   {'speakers':>8} {'precision':>9}"]
    for q, s in zip(tables["quote"], tables["speaker"], strict=True):
        qp = "-" if q.precision is None else f"{q.precision:.3f}"
        sp = "-" if s.precision is None else f"{s.precision:.3f}"
        lines.append(f"{q.label:14} {q.count:>7} {qp:>9}   {s.count:>8} {sp:>9}")
    return "\n".join(lines)


def format_figures(figures: Mapping[str, Any]) -> str:
    """The referee's plain-text layout: one ``key value`` line per figure."""
    return "\n".join(f"{k:24} {v}" for k, v in figures.items())


def format_errors(errors: Iterable[tuple[Any, ...]]) -> str:
    return "\n".join("\t".join(str(x) for x in e) for e in errors)


def predict(
    gold: Mapping[str, Record], run: Callable[[Iterable[Any]], Iterable[Any]] | None = None
) -> dict[str, Record]:
    """qawl's own predictions for each gold article's text, keyed by the gold id."""
    articles = [make_article(rec["text"], id=doc_id) for doc_id, rec in gold.items()]
    done = run(articles) if run is not None else (extract_article(a) for a in articles)
    return {a.id: article_record(a) for a in done}

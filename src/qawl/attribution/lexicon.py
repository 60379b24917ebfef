"""The attribution lexicons: TSV data files under ``qawl/data``, loaded lazily, validated, folded once.

Each file starts with ``#`` header lines (what, source, licence), then a row of column names, then rows.
A malformed row raises :class:`qawl.errors.LexiconError` naming the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Final

from qawl.datafiles import read_table
from qawl.errors import LexiconError
from qawl.text.normalize import fold

_GENDERS: Final = {"m", "f", "-"}
_NUMBERS: Final = {"sg", "du", "pl"}


def read_rows(name: str, columns: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    """Rows of ``qawl/data/<name>`` as (line number, cells), cells trimmed (``qawl.datafiles``)."""
    return read_table(name, columns, strip=True)


def _check(value: str, allowed: set[str], name: str, lineno: int, what: str) -> str:
    if value not in allowed:
        raise LexiconError(
            f"bad {what} {value!r} (expected one of {sorted(allowed)})", where=f"{name}:{lineno}"
        )
    return value


@dataclass(frozen=True, slots=True)
class Head:
    """A lexicon head word: a title, an organisation noun or a source noun."""

    kind: str  # title / org / name / place / source
    gender: str | None
    number: str


def _bare(word: str) -> str:
    """``الوزارة`` → ``وزاره`` (folded, article removed): the key every head lexicon uses."""
    w = fold(word)
    return w[2:] if w.startswith("ال") and len(w) > 3 else w


@cache
def titles() -> dict[str, Head]:
    """Person-title heads: ``رئيس`` → Head(title, m, sg)."""
    out: dict[str, Head] = {}
    for lineno, (head, gender, number) in read_rows("titles.tsv", ("head", "gender", "number")):
        _check(gender, _GENDERS, "titles.tsv", lineno, "gender")
        _check(number, _NUMBERS, "titles.tsv", lineno, "number")
        out[_bare(head)] = Head("title", None if gender == "-" else gender, number)
    return out


@cache
def sources() -> dict[str, Head]:
    """Unnamed-source heads: ``مصادر`` → Head(source, f, pl)."""
    out: dict[str, Head] = {}
    for lineno, (head, gender, number) in read_rows("sources.tsv", ("head", "gender", "number")):
        _check(gender, _GENDERS, "sources.tsv", lineno, "gender")
        _check(number, _NUMBERS, "sources.tsv", lineno, "number")
        out[_bare(head)] = Head("source", None if gender == "-" else gender, number)
    return out


@dataclass(frozen=True, slots=True)
class OrgLexicon:
    heads: dict[str, Head]  # bare single-word heads (وزاره)
    names: dict[tuple[str, ...], Head]  # whole names as folded token tuples (('البيت', 'الابيض'),)
    first: dict[str, int]  # first token of a name → the longest name length starting with it


@cache
def orgs() -> OrgLexicon:
    heads: dict[str, Head] = {}
    names: dict[tuple[str, ...], Head] = {}
    first: dict[str, int] = {}
    for lineno, (entry, kind, gender, number) in read_rows("orgs.tsv", ("entry", "kind", "gender", "number")):
        _check(kind, {"head", "name", "place"}, "orgs.tsv", lineno, "kind")
        _check(gender, _GENDERS, "orgs.tsv", lineno, "gender")
        _check(number, _NUMBERS, "orgs.tsv", lineno, "number")
        g = None if gender == "-" else gender
        if kind == "head":
            heads[_bare(entry)] = Head("org", g, number)
            continue
        toks = tuple(fold(entry).split())
        names[toks] = Head("org" if kind == "name" else "place", g, number)
        first[toks[0]] = max(first.get(toks[0], 0), len(toks))
    return OrgLexicon(heads, names, first)


@cache
def media() -> dict[str, str]:
    """Medium and document words: ``بيان`` → document, ``وكاله`` → channel, ``مؤتمر`` → event."""
    out: dict[str, str] = {}
    for lineno, (word, kind) in read_rows("media.tsv", ("word", "kind")):
        _check(kind, {"document", "channel", "event", "platform"}, "media.tsv", lineno, "kind")
        out[_bare(word)] = kind
    return out


@dataclass(frozen=True, slots=True)
class TimeLexicon:
    words: dict[str, tuple[str, int]]  # bare word → (kind, value)
    phrases: dict[tuple[str, ...], int]  # multiword offsets (الاسبوع الماضي → -7)
    firsts: frozenset[str]  # first words of the phrases


@cache
def time_words() -> TimeLexicon:
    words: dict[str, tuple[str, int]] = {}
    phrases: dict[tuple[str, ...], int] = {}
    for lineno, (word, kind, value) in read_rows("time_expr.tsv", ("word", "kind", "value")):
        _check(kind, {"weekday", "offset", "part", "prefix"}, "time_expr.tsv", lineno, "kind")
        try:
            v = int(value)
        except ValueError as exc:
            raise LexiconError(f"value {value!r} is not an integer", where=f"time_expr.tsv:{lineno}") from exc
        toks = tuple(fold(word).split())
        if len(toks) > 1:
            phrases[toks] = v
        else:
            words[fold(word)] = (kind, v)
    return TimeLexicon(words, phrases, frozenset(p[0] for p in phrases))


@cache
def common_words() -> frozenset[str]:
    return frozenset(_bare(w) for _, (w,) in read_rows("common_words.tsv", ("word",)))


@cache
def given_names() -> dict[str, str | None]:
    """Given names → gender (``None`` when the source does not say)."""
    out: dict[str, str | None] = {}
    for lineno, (name, count) in read_rows("given_names.tsv", ("name", "count")):
        if not count.isdigit():
            raise LexiconError(f"count {count!r} is not a number", where=f"given_names.tsv:{lineno}")
        out[fold(name)] = None
    for lineno, (name, gender) in read_rows("given_names_extra.tsv", ("name", "gender")):
        _check(gender, {"m", "f"}, "given_names_extra.tsv", lineno, "gender")
        out[fold(name)] = gender
    return out

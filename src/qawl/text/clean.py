"""Page chrome: lines that are not article body (share buttons, comment counters, source links, captions).

``mark_chrome`` sets ``doc.chrome`` to the normalised spans of whole lines (outer white space excluded) that
the quote finder must skip, plus a few chrome tails glued to a paragraph's last sentence; it sets
``doc.extra["title_span"]`` to the first line when it is a headline (followed by a blank line, or equal to
``Article.title``) and records machine-translation leftovers (``doc.extra["foreign"]``, see ``foreign.py``).

    "تعليقات (0)"                      → chrome (comment counter, data/chrome.tsv)
    a line equal to the title or to an earlier line → chrome (the later copy; the first line stays)
    "المتحدث باسم الوزارة فلان\\nالمتحدث باسم الوزارة فلان" → both lines chrome (a duplicated photo caption)
    "… في المدينة. رابط الخبر بصحيفة المساء: …" → the tail from "رابط الخبر" is chrome
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache

from qawl.datafiles import read_table
from qawl.doc import Doc
from qawl.errors import LexiconError
from qawl.text.foreign import mark_foreign
from qawl.text.normalize import fold

#: a caption is short: at most this many words
_CAPTION_MAX_WORDS = 12
#: a caption does not end like a sentence or a quotation
_SENTENCE_FINAL = frozenset('.!?؟:"…')
#: a chrome tail follows the end of a sentence
_TAIL_AFTER = frozenset('.!?؟"…')


def load_table(name: str, header: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    """Rows of the TSV data file ``name`` after its header row (see ``qawl.datafiles.read_table``)."""
    return read_table(name, header)


@dataclass(frozen=True, slots=True)
class _ChromeRules:
    limits: list[int]  # sorted distinct maxlens of the line rules
    buckets: list[
        re.Pattern[str]
    ]  # buckets[k]: every line rule whose maxlen >= limits[k], as one alternation
    tails: list[tuple[int, str, re.Pattern[str]]]  # (maxlen, literal prefix, pattern): rules for a line's end


@cache
def _chrome_rules() -> _ChromeRules:
    """The chrome rules: line rules as one alternation per length bucket (one regex call per line).

    A line of length L is matched against the bucket of the smallest limit >= L, so the maxlen of each
    rule needs no further check.
    """
    name = "chrome.tsv"
    rules: list[tuple[int, str]] = []
    tails: list[tuple[int, str, re.Pattern[str]]] = []
    for lineno, (scope, maxlen, pattern, _what) in load_table(name, ("scope", "maxlen", "pattern", "what")):
        where = f"{name}:{lineno}"
        if scope not in {"line", "tail"}:
            raise LexiconError(f"scope must be line or tail, not {scope!r}", where=where)
        if not maxlen.isdigit():
            raise LexiconError(f"maxlen must be a number, not {maxlen!r}", where=where)
        folded = fold(pattern)
        try:
            compiled = re.compile(folded)
        except re.error as e:
            raise LexiconError(f"bad pattern: {e}", where=where) from e
        if compiled.groups:
            raise LexiconError("use (?:…), not capturing groups", where=where)
        if scope == "tail":
            regex = re.compile(f"(?:{folded})(?=[ \t]*(?:\n|\\Z))")
            tails.append((int(maxlen), _literal_prefix(folded), regex))
        else:
            rules.append((int(maxlen), folded))
    limits = sorted({m for m, _ in rules})
    buckets = [re.compile("|".join(f"(?:{p})" for m, p in rules if m >= limit)) for limit in limits]
    return _ChromeRules(limits, buckets, tails)


_SPECIAL = frozenset("\\.^$*+?{}[]()|")


def _literal_prefix(pattern: str) -> str:
    """The literal text every match of ``pattern`` starts with (``""`` when unsure):
    ``"رابط الخبر (?:ب|في )?"`` → ``"رابط الخبر "``; ``"ab?c"`` → ``"a"``; ``"ab|cd"`` → ``""``."""
    k = 0
    while k < len(pattern) and pattern[k] not in _SPECIAL:
        k += 1
    if k < len(pattern) and pattern[k] in "?*{":
        k -= 1  # a quantifier makes the last character optional
    return pattern[:k] if k > 0 and not _top_level_bar(pattern) else ""


def _top_level_bar(pattern: str) -> bool:
    """Whether ``pattern`` has an alternation outside all groups: ``"a|b"`` → True, ``"(?:a|b)c"`` → False."""
    depth = 0
    k = 0
    in_class = False
    while k < len(pattern):
        c = pattern[k]
        if c == "\\":
            k += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[k + 1 : k + 2] == "^":
                k += 1
            if pattern[k + 1 : k + 2] == "]":
                k += 1  # a leading ] is a literal inside the class
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
        k += 1
    return False


def _chrome_match(s: str) -> bool:
    """Whether the stripped, normalised line ``s`` is chrome by the lexicon."""
    rules = _chrome_rules()
    k = bisect_left(rules.limits, len(s))
    return k < len(rules.limits) and rules.buckets[k].fullmatch(s) is not None


def is_chrome_line(line: str) -> bool:
    """Whether a (normalised) line is page chrome by the lexicon: ``"تعليقات (0)"`` → True."""
    s = line.strip()
    return bool(s) and _chrome_match(s)


def _caption_like(key: str) -> bool:
    """A short line that does not end like a sentence: ``"وزير الخارجية فلان"`` → True."""
    return key[-1] not in _SENTENCE_FINAL and key.count(" ") < _CAPTION_MAX_WORDS


def mark_chrome(doc: Doc) -> None:
    """Set ``doc.chrome`` (whole-line norm spans), ``doc.extra["title_span"]`` and ``["foreign"]``."""
    norm = doc.norm
    rules = _chrome_rules()
    limits, buckets = rules.limits, rules.buckets
    longest = limits[-1] if limits else 0
    chrome: list[tuple[int, int]] = []
    title = doc.article.title
    title_key = " ".join(fold(title).split()) if title else None
    lines = doc.lines()
    seen: set[str] = set()
    if lines:
        # the first line: chrome by the lexicon, else the headline when a blank line follows or it is titled
        ls, le = lines[0]
        key = norm[ls:le]
        if le - ls <= longest and buckets[bisect_left(limits, le - ls)].fullmatch(key) is not None:
            chrome.append((ls, le))
        elif key == title_key or _blank_line_after(norm, le, lines[1][0] if len(lines) > 1 else len(norm)):
            doc.extra["title_span"] = (ls, le)
        seen.add(key)
    prev: tuple[str, int, int] | None = None  # the previous line (the first line is never a caption's copy)
    for ls, le in lines[1:]:
        key = norm[ls:le]
        if key in seen or key == title_key:
            if (
                prev is not None
                and prev[0] == key
                and not _blank_line_after(norm, prev[2], ls)
                and _caption_like(key)
                and (not chrome or chrome[-1][1] < prev[1])
            ):
                chrome.append((prev[1], prev[2]))  # an immediately duplicated caption: both copies go
            chrome.append((ls, le))
        else:
            seen.add(key)
            if le - ls <= longest and buckets[bisect_left(limits, le - ls)].fullmatch(key) is not None:
                chrome.append((ls, le))
        prev = (key, ls, le)
    tails = _chrome_tails(norm, rules.tails, chrome)
    doc.chrome = sorted(chrome + tails) if tails else chrome
    mark_foreign(doc)


def _blank_line_after(norm: str, end: int, next_start: int) -> bool:
    """Whether a blank line follows the line ending at ``end``, before the next one at ``next_start``
    (the text's end counts as a blank line when a line break precedes it)."""
    breaks = norm.count("\n", end, next_start)
    return breaks >= 2 or (breaks == 1 and next_start == len(norm))


def _chrome_tails(
    norm: str, tails: list[tuple[int, str, re.Pattern[str]]], lines: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Chrome at the end of a body line, after a sentence end: ``… الصحة. رابط الخبر بصحيفة …: …``."""
    out: list[tuple[int, int]] = []
    starts = [ls for ls, _ in lines]  # the chrome lines, sorted
    for maxlen, prefix, regex in tails:
        if prefix not in norm:
            continue  # (str's search is several times faster than the regex engine's)
        for m in regex.finditer(norm):
            s, e = m.span()
            if e - s > maxlen or s < 2 or norm[s - 1] not in " \t" or norm[s - 2] not in _TAIL_AFTER:
                continue
            k = bisect_right(starts, s) - 1
            if k < 0 or s >= lines[k][1]:  # not inside a line already marked
                out.append((s, e))
    return out

"""Paragraphs and sentences, in normalised coordinates.

``segment`` sets ``doc.paragraphs`` (non-empty lines, outer white space excluded), ``doc.sentences`` and
``doc.extra["quote_pairs"]`` (the ``(open, close)`` positions of the quotation marks it paired).

- ``. ! ? ؟`` (and runs like ``؟!``) followed by white space end a sentence; ``؛`` and ``:`` do not.
- ``..`` (the headline separator ``بعد فحوص طبية.. رئيس فلسطين``) ends one; an ellipsis (``…``, ``...``)
  does not, since news uses it for omissions inside a sentence (``لهم … لأن``).
- No break after abbreviations and initials (data/abbreviations.tsv): ``د. الفلاح``، ``أ.ف.ب. عن``;
  ``3.5``, ``12.3.2024``, URLs and e-mail addresses have no white space after their dots, so never break.
- A quotation that opens and closes in the same paragraph stays in one sentence:
  ``وقال: "أ. ب." ثم غادر.`` → one sentence. An unclosed mark protects nothing, unless an English
  leftover of machine translation later in the paragraph stands where its closing mark was lost.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache
from typing import Final

from qawl._native import kernel
from qawl.doc import Doc
from qawl.errors import LexiconError
from qawl.text.clean import load_table
from qawl.text.normalize import fold

# a sentence end: the marks, closing quotation marks or brackets (group c ends there), white space and a
# next word on the same line (a paragraph's own end is not a candidate)
# (the lookbehind after the first mark makes a run of marks match only from its start: linear on "....")
_END: Final = re.compile(r"(?P<p>[.!?؟…](?<![.!?؟…].)[.!?؟…]*+)(?P<c>[\"')\]]*+)[^\S\n]++(?=\S)")
# the same for a text whose only sentence mark is the full stop (a literal first: a fast scan)
_END_DOT: Final = re.compile(r"(?P<p>\.(?<!\.\.)\.*+)(?P<c>[\"')\]]*+)[^\S\n]++(?=\S)")
_QUOTE: Final = re.compile('"')
_INITIALS: Final = re.compile(r"(?:[^\W\d_]\.)+")
# (Final: compiled code reads them as native constants, not from the module's dict at every use; strings,
# not sets: one character is looked up without hashing a new str)
# a quotation mark after one of these (or white space, or the paragraph start) opens
_OPEN_BEFORE: Final = "([{:،,؛;-–—/"
# a quotation mark before one of these (or white space, or the paragraph end) closes
_CLOSE_AFTER: Final = ".,،؛;:!?؟…)]}-–—"
_OPEN: Final = 1
_CLOSE: Final = 2
_EITHER: Final = 3
_MAX_ABBR: Final = 16  # characters of the longest abbreviation token looked at
_TOKEN_OPENERS: Final = "([{\"'«"  # left out of the token before an abbreviation's full stop


def _sentence_marks_py(norm: str) -> tuple[list[int], list[int]]:
    """The candidate sentence ends and the quotation marks of ``norm``: ``(ends, quotes)``.

    ``ends`` holds, flattened, ``(start of the marks, end of the closing marks, start of the next sentence)``
    for each match of ``_END`` whose marks can end a sentence (``.``, ``..``, or with one of ``!?؟``; an
    ellipsis cannot); ``quotes`` the positions of ``"``: ``'قال. "نعم"… ثم'`` → ``([3, 4, 5], [5, 9])``."""
    ends: list[int] = []
    # most texts end sentences with full stops only, which a scan for the literal "." finds fastest
    others = "!" in norm or "?" in norm or "؟" in norm or "…" in norm
    for m in (_END if others else _END_DOT).finditer(norm):
        punct = m.group("p")
        if punct in (".", "..") or "!" in punct or "?" in punct or "؟" in punct:
            ends += (m.start(), m.end("c"), m.end())
    return ends, [m.start() for m in _QUOTE.finditer(norm)]


# the native kernel when it is built: the same in one pass over the text, without a match object per end
_sentence_marks: Final = kernel("sentence_marks", _sentence_marks_py)


@cache
def abbreviations() -> frozenset[str]:
    """Folded abbreviations with their final full stop: ``"د."``، ``"الخ."``، ``"ق.م."``."""
    out: set[str] = set()
    for lineno, (abbr, _what) in load_table("abbreviations.tsv", ("abbr", "what")):
        folded = fold(abbr).strip()
        if not folded.endswith(".") or " " in folded:
            raise LexiconError(
                f"an abbreviation is one token ending in '.', not {abbr!r}",
                where=f"abbreviations.tsv:{lineno}",
            )
        out.add(folded)
    return frozenset(out)


def segment(doc: Doc) -> None:
    norm = doc.norm
    abbrs = abbreviations()
    foreign_starts = [s for s, _ in doc.extra.get("foreign", ())]
    paragraphs = list(doc.lines())
    sentences: list[tuple[int, int]] = []
    pairs: list[tuple[int, int]] = []
    # one scan of the whole text for the marks (no sentence end crosses a line), then split by paragraph
    ends, marks = _sentence_marks(norm)
    guillemets = bool(marks) and ("«" in doc.article.text or "»" in doc.article.text)
    n_ends, n_marks = len(ends), len(marks)
    ei = qi = 0
    # the first sentence end and quotation mark not yet handled (past the text when none is left)
    next_end = ends[0] if ends else len(norm)
    next_mark = marks[0] if marks else len(norm)
    for ps, pe in paragraphs:
        if next_end >= pe and next_mark >= pe:
            sentences.append((ps, pe))  # most paragraphs: one sentence, no quotation mark
            continue
        outer: list[tuple[int, int]] = []
        if qi < n_marks and marks[qi] < pe:
            qj = qi + 1
            while qj < n_marks and marks[qj] < pe:
                qj += 1
            para_pairs, unclosed = _quote_pairs(doc, marks[qi:qj], ps, pe, guillemets)
            qi = qj
            next_mark = marks[qi] if qi < n_marks else len(norm)
            pairs.extend(para_pairs)
            if unclosed and foreign_starts:
                para_pairs = _close_at_leftovers(para_pairs, unclosed, foreign_starts, pe)
            outer = _outermost(para_pairs)
        start = ps
        j = 0
        while ei < n_ends and ends[ei] < pe:
            p, end, after = ends[ei], ends[ei + 1], ends[ei + 2]
            ei += 3
            # a lone full stop (no other mark, nothing closing after it) may end an abbreviation
            if end == p + 1 and norm[p] == "." and _is_abbreviation(norm, ps, p, abbrs):
                continue
            if outer:
                while j < len(outer) and outer[j][1] < p:
                    j += 1
                if j < len(outer) and outer[j][0] < p and end <= outer[j][1]:
                    continue  # inside a quotation that closes in this paragraph
            sentences.append((start, end))
            start = after
        next_end = ends[ei] if ei < n_ends else len(norm)
        sentences.append((start, pe))
    doc.paragraphs = paragraphs
    doc.sentences = sentences
    doc.extra["quote_pairs"] = pairs


def _outermost(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The pairs not nested inside another (``pairs`` sorted by opening mark)."""
    out: list[tuple[int, int]] = []
    for o, c in pairs:
        if not out or o > out[-1][1]:
            out.append((o, c))
    return out


def _is_abbreviation(norm: str, ps: int, dot: int, abbrs: frozenset[str]) -> bool:
    """Whether the token ending with the full stop at ``dot`` is an abbreviation: ``"د."`` → True.

    A number of one or two digits opening the paragraph is a list number, not a sentence: ``"2. "`` → True.
    """
    # look back a few characters only: abbreviations are short, and a scan back to the paragraph start
    # for every full stop would be quadratic on a long paragraph
    lo = max(ps, dot - _MAX_ABBR)
    k = max(norm.rfind(" ", lo, dot), norm.rfind("\t", lo, dot))
    if k < 0:
        if lo > ps:
            return False
        k = ps - 1
    # norm[k + 1 : dot + 1].lstrip(_TOKEN_OPENERS), without a method call (the full stop stops the loop)
    a = k + 1
    while norm[a] in _TOKEN_OPENERS:
        a += 1
    token = norm[a : dot + 1]
    if k + 1 == ps and len(token) <= 3 and token[:-1].isdigit():
        return True  # a list number opening the paragraph: "1. "
    return token in abbrs or _is_initials(token)


def _is_initials(token: str) -> bool:
    """``"أ.ف.ب."`` → True, ``"ذلك."`` → False."""
    # initials alternate letter and full stop, so a second character that is not one rules the token out
    # without a regex call (most tokens before a full stop are words)
    return len(token) > 1 and token[1] == "." and _INITIALS.fullmatch(token) is not None


def _close_at_leftovers(
    pairs: list[tuple[int, int]], unclosed: list[int], starts: list[int], pe: int
) -> list[tuple[int, int]]:
    """Let an English leftover stand for a lost closing mark: machine translation often replaces the
    closing mark with a note (``"أ. ب. ج [in the US] وأكد`` → the quotation runs to ``[``)."""
    out = list(pairs)
    for o in unclosed:
        k = bisect_right(starts, o)
        if k < len(starts) and starts[k] < pe:
            out.append((o, starts[k]))
    out.sort()
    return out


def _quote_pairs(
    doc: Doc, marks: list[int], ps: int, pe: int, guillemets: bool
) -> tuple[list[tuple[int, int]], list[int]]:
    """Pair the quotation marks (``marks``, positions) of one paragraph, left to right; an unmatched mark
    pairs with nothing.

    Direction comes from the context (``قال: "نعم" ثم`` → open, close); for « and » from the original
    character. An opening mark while one is open nests (``"…: "أنت داعشي"، …"``); a mark that could be
    either closes the innermost open one. Pairs come sorted by their opening mark, then the opening marks
    left unclosed.
    """
    norm = doc.norm
    text = doc.article.text
    pairs: list[tuple[int, int]] = []
    stack: list[int] = []
    for i in marks:
        role = _EITHER
        if guillemets:
            c = text[doc.omap.to_orig(i)]  # (a native call; a bound method would be a Python one)
            role = _OPEN if c == "«" else _CLOSE if c == "»" else _EITHER
        if role == _EITHER:
            prev = norm[i - 1] if i > ps else " "
            nxt = norm[i + 1] if i + 1 < pe else " "
            opens = prev.isspace() or prev in _OPEN_BEFORE
            closes = nxt.isspace() or nxt in _CLOSE_AFTER
            if opens and not closes:
                role = _OPEN
            elif closes and not opens:
                role = _CLOSE
        if role == _OPEN or (role == _EITHER and not stack):
            stack.append(i)
        elif stack:
            pairs.append((stack.pop(), i))
    if len(pairs) > 1:
        pairs.sort()
    return pairs, stack

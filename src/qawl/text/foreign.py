"""English leftovers of machine translation inside Arabic text.

Machine-translated news keeps fragments of the source language: bracketed notes (``[in the US]``,
``[the interview]``) and stray English words (``قال the minister إن``). Names, acronyms and brands in Latin
script (``RT``, ``EFE``, ``X``, ``Tucker Carlson``) are not leftovers. ``find_foreign`` returns their
normalised spans; ``mark_foreign`` stores them in ``doc.extra["foreign"]``. Glued neighbours are split
off by ``text/glue.py`` (``[in the US]وأكد`` → ``[in the US] وأكد``) so the cue stays visible.

    find_foreign("لذلك [in the US] وأكد")       → [(5, 16)]
    find_foreign("على حساب كارلسون X (تويتر)")  → []
"""

from __future__ import annotations

import re
from typing import Final

from qawl._native import kernel
from qawl.doc import Doc

# a bracketed note with at least one Latin letter inside
_BRACKETED = re.compile(r"\[[^\]\[\n]{0,120}?[A-Za-z][^\]\[\n]{0,120}?\]")
# a run of Latin words (with inner apostrophes, hyphens, dots) separated by single spaces
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’.\-]*(?: [A-Za-z][A-Za-z'’.\-]*)*")
# lower-case English function words and verbs of saying: their presence marks a run as translation debris
_ENGLISH = frozenset(
    """the a an in on of to for from with by at as and or but not no is are was were be been
    this that these those it its he she they we you his her their our said says told added stated
    according about after before over under into during than also has have had will would could
    should there here who which what when where why how""".split()
)


def _latin_runs_py(norm: str) -> list[int]:
    """The spans of the runs of Latin words in ``norm``, flattened: ``"قال the US إن"`` → ``[4, 10]``."""
    return [i for m in _LATIN_RUN.finditer(norm) for i in m.span()]


# the native kernel when it is built: the same without the regex engine, which tests every character of
# the (Arabic) text against the run's first character class
_latin_runs: Final = kernel("latin_runs", _latin_runs_py)


def find_foreign(norm: str) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans of English leftovers in ``norm``."""
    # no check for a Latin letter first: mark_foreign calls this only when Doc.latin says there is one (or a
    # bracket), and both scans below are cheap on Arabic text
    spans: list[tuple[int, int]] = []
    spans.extend((m.start(), m.end()) for m in _BRACKETED.finditer(norm))
    runs = _latin_runs(norm)
    for k in range(0, len(runs), 2):
        s, e = runs[k], runs[k + 1]
        if any(_is_english_word(w.strip(".'’-")) for w in norm[s:e].split(" ")):
            spans.append((s, e))
    if len(spans) < 2:
        return spans
    spans.sort()
    merged = [spans[0]]
    for s, e in spans[1:]:
        ps, pe = merged[-1]
        if s < pe:
            merged[-1] = (ps, max(pe, e))
        else:
            merged.append((s, e))
    return merged


_LATIN_OR_BRACKET = re.compile(rb"[A-Za-z\[\]]")


def latin_or_bracket(text: str) -> bool:
    """Whether ``text`` holds a Latin letter or a square bracket: ``"قال [in the US]"`` → True.

    Most Arabic articles have neither: one C-speed pass over their ASCII part tells, and the glue splitter
    and ``mark_foreign`` (through ``Doc.latin``) skip their script rules."""
    return _LATIN_OR_BRACKET.search(text.encode("ascii", "ignore")) is not None


def _is_english_word(w: str) -> bool:
    """``"the"``, ``"The"`` → True; ``"IN"`` (an acronym) → False."""
    return w.lower() in _ENGLISH and not w.isupper()


def mark_foreign(doc: Doc) -> None:
    """Store the spans of English leftovers in ``doc.extra["foreign"]``."""
    doc.extra["foreign"] = find_foreign(doc.norm) if doc.latin else []

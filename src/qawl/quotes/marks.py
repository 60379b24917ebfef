"""Pairing quotation marks into quoted spans, paragraph by paragraph.

In the normalised text every double mark is ``"``; whether one opens or closes is read from the original
character (« opens, » closes) and from its neighbours: a mark followed by a letter and preceded by a space,
a line start, punctuation or a one-letter clitic (بـ"…", لـ"…") opens; a mark preceded by a letter or
punctuation and followed by a space, punctuation or the line end closes. Scrapers lose marks and mix
styles (“…», “…“), so a quote left open at the paragraph end is closed there (``recovered``), and a lone
closing mark whose opener was lost makes a quote from the paragraph start.

    'قال: "نعم هذا صحيح". ثم'  →  Quoted(open=5, close=18)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from qawl.model import OffsetMap

_OPEN_BEFORE: Final = frozenset(" \t\n([{:،,؛;-–—/")
_CLITIC: Final = frozenset("بلكوف")
_CLOSE_AFTER: Final = frozenset(" \t\n.,،:;؛!?؟)]}-–—…'")


@dataclass(slots=True)
class Quoted:
    """A quoted span: ``open`` is the opening mark's position (or the paragraph start when ``lost_open``),
    ``close`` the closing mark's position (or where the quote was judged to end when ``recovered``)."""

    open: int
    close: int
    para_start: int
    para_end: int
    lost_open: bool = False
    recovered: bool = False

    # written out (the dataclass keeps it): compiled, a generated __init__ runs as interpreted Python
    def __init__(
        self,
        open: int,
        close: int,
        para_start: int,
        para_end: int,
        lost_open: bool = False,
        recovered: bool = False,
    ) -> None:
        self.open = open
        self.close = close
        self.para_start = para_start
        self.para_end = para_end
        self.lost_open = lost_open
        self.recovered = recovered

    @property
    def start(self) -> int:
        """First content position (after the opening mark)."""
        return self.open if self.lost_open else self.open + 1

    @property
    def end(self) -> int:
        """Content end (the closing mark's position)."""
        return self.close


def _can_open(norm: str, orig_char: str, i: int, ps: int) -> bool:
    if orig_char in "«‹":
        return True
    if orig_char in "»›":
        return False
    nxt = norm[i + 1] if i + 1 < len(norm) else "\n"
    if nxt in " \t\n":
        # a mark right after a colon opens even when a space follows it (وتابع :" للأسف …)
        return i > ps and norm[i - 1] == ":" and nxt != "\n"
    if i == ps:
        return True
    prev = norm[i - 1]
    if prev in _OPEN_BEFORE:
        return True
    # one-letter clitic glued to the mark: بـ"… / لـ"…
    return prev in _CLITIC and (i - 1 == ps or norm[i - 2] in " \t\n(")


def _can_close(norm: str, orig_char: str, i: int, pe: int) -> bool:
    if orig_char in "»›":
        return True
    if orig_char in "«‹":
        return False
    if i > 0 and norm[i - 1] in " \t\n":
        return False
    return i + 1 >= pe or norm[i + 1] in _CLOSE_AFTER or norm[i + 1] == '"'


def pair_marks(
    norm: str, text: str, omap: OffsetMap, paragraphs: list[tuple[int, int]], mark: str = '"'
) -> tuple[list[Quoted], list[int]]:
    """All quoted spans of the text in order, and the stray marks that paired with nothing.

    ``omap`` maps norm positions to the original text (the map itself, not its bound ``to_orig``: compiled
    code calls a method of a known class directly, a callable through Python); ``mark`` is the folded mark
    to pair (``"`` for every double mark, ``'`` for single ones). Inside «…» a different mark nests
    (« … "…" … ») and is skipped.
    """
    out: list[Quoted] = []
    strays: list[int] = []
    positions: list[int] = []
    p = norm.find(mark)
    if p < 0:
        return out, strays
    while p >= 0:
        positions.append(p)
        p = norm.find(mark, p + len(mark))
    k = 0
    n = len(positions)
    for ps, pe in paragraphs:
        while k < n and positions[k] < ps:
            k += 1
        if k >= n:
            break  # no mark left
        if positions[k] >= pe:
            continue  # no mark in this paragraph
        last = out[-1] if out else None
        prev_para_quoted = (
            last is not None
            and last.para_end >= ps - 3
            and not norm[last.close + 1 : ps].strip(" \t\n.,،:;؛!?؟")
        )
        opened: int | None = None
        opened_char = ""
        nested = False
        while k < n and positions[k] < pe:
            i = positions[k]
            k += 1
            oc = text[omap.to_orig(i)]
            if opened is None:
                if _can_open(norm, oc, i, ps):
                    opened, opened_char, nested = i, oc, False
                elif (
                    _can_close(norm, oc, i, pe)
                    and not out_in_para(out, ps)
                    and prev_para_quoted
                    and not norm[i + 1 : pe].strip(" \t.,،:;؛!?؟")
                ):
                    if last is not None and last.recovered and last.close >= last.para_end - 1:
                        # one pair of marks over two paragraphs: the quotation opened in the paragraph
                        # before runs on to this closing mark
                        last.close, last.para_end, last.recovered = i, pe, False
                    else:
                        # a closing mark whose opener was lost: the quotation runs on from the paragraph
                        # start, a quotation of its own (gold d005)
                        out.append(Quoted(ps, i, ps, pe, lost_open=True))
                else:
                    strays.append(i)
            elif opened_char == "«" and oc != "»" and _guillemet_closes_later(text, omap, i, pe):
                nested = not nested  # « … "…" … »: an inner quotation stays inside the outer one
            elif _can_close(norm, oc, i, pe) or not _can_open(norm, oc, i, ps):
                out.append(Quoted(opened, i, ps, pe))
                opened = None
            else:
                # an opening mark while a quote is open: the earlier closer was lost just before it
                j = i
                while j > opened + 1 and norm[j - 1] in " \t":
                    j -= 1
                out.append(Quoted(opened, j, ps, pe, recovered=True))
                opened, opened_char, nested = i, oc, False
        if opened is not None:
            end = pe
            while end > opened + 1 and norm[end - 1] in " \t":
                end -= 1
            out.append(Quoted(opened, end, ps, pe, recovered=True))
    return out, strays


def _guillemet_closes_later(text: str, omap: OffsetMap, i: int, pe: int) -> bool:
    """True when a » follows position ``i`` in the paragraph (so a mark before it is nested)."""
    o = omap.to_orig(i)
    return "»" in text[o + 1 : min(omap.to_orig(pe), o + 2000)]


def out_in_para(out: list[Quoted], ps: int) -> bool:
    """True when a quote was already found in the paragraph starting at ``ps``."""
    return bool(out) and out[-1].para_start == ps

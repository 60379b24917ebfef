"""Documents as speakers: who issued a statement, a report or a decision (بيان صادر عن X، بيان الحزب،
القرار الصادر عن …), and who relays whom (نقلا عن مصادر): rules over the tokens of a window."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from qawl.attribution.context import Window
from qawl.attribution.phrase import Phrase
from qawl.attribution.tokens import COMMON, MEDIA, ORG, PLACE, SOURCE, TIME, TITLE, UNKNOWN

#: word classes that open a speaker phrase by themselves
STRONG: Final = (TITLE, ORG, PLACE, SOURCE)


@lru_cache(maxsize=256)
def _issued_by(key: str) -> re.Pattern[str]:
    """``القرار الصادر عن`` / ``قرار صادر عن`` for a document word (folded, without the article)."""
    return re.compile(r"(?<!\w)(?:ال)?" + re.escape(key) + r"\s+(?:ال)?صادره?\s+(?:عن|من)\s+")


def first_issued_by(norm: str, key: str) -> re.Match[str] | None:
    """``_issued_by(key).search(norm)``, tried only where ``key`` stands: the pattern gives the regex engine
    no literal prefix to skip ahead with, so a search costs a scan of the whole text (20 ms a megabyte).

    At most one start per occurrence of ``key``: after ``ال`` the lookbehind fails at the key itself."""
    pattern = _issued_by(key)
    pos = norm.find(key)
    while pos >= 0:
        m = pattern.match(norm, pos - 2 if pos >= 2 and norm.startswith("ال", pos - 2) else pos)
        if m is not None:
            return m
        pos = norm.find(key, pos + 1)
    return None


def document_subject(w: Window, region: tuple[int, int] | None) -> bool:
    """Does the region open with a definite document word (البيان، التقرير)?"""
    if region is None:
        return False
    i = w.from_(region[0])
    return i < w.at(region[1]) and w.toks[i].w.cls == MEDIA and w.toks[i].w.definite


def relayed(w: Window, i: int, j: int, *, relay_verb: bool = False) -> Phrase | None:
    """وأشارت الوكالة نقلا عن مصادر مطلعة أن …: the original source, not the channel."""
    for k in range(i, j - 1):
        if w.toks[k].text == "نقلا" and w.toks[k + 1].text == "عن":
            return w.parse_object(k + 2, j)
        if k == i and w.toks[k].text == "عن" and relay_verb:
            return w.parse_object(k + 1, j)  # ونقلت الوكالة عن مصدر عسكري قوله إن …
    return None


def issuer(w: Window, i: int, j: int) -> Phrase | None:
    """بيان صادر عن X / بيان لـX / بيان الحزب: who issued the document at token ``i``."""
    toks = w.toks
    k = i + 1 if toks[i].w.cls == MEDIA else i
    if k < j and toks[k].w.key in ("صادر", "صدر", "صادره"):
        k += 1
    if k < j and toks[k].text in ("عن", "من"):
        k += 1
    for x in range(k, min(j, k + 3)):
        if x > k and w.gap(x - 1):
            break
        if toks[x].w.cls in (TITLE, ORG, PLACE, SOURCE) and toks[x].w.prefix in ("", "ل"):
            k = x  # بيان مشترك أصدره رئيس الوزراء …: the issuer after the document's words
            break
    relative_verb = k < j and toks[k].w.cls in (UNKNOWN, COMMON) and toks[k].text.endswith(("ته", "تها"))
    if k + 1 < j and (relative_verb or (toks[k].w.cls in (UNKNOWN, COMMON) and toks[k + 1].w.cls in STRONG)):
        k += 1  # بيان أصدرته الوزارة، تقرير نشرته وكالة …: the relative verb before the issuer
    adjective = (
        k < j
        and toks[k].w.cls in (UNKNOWN, COMMON)
        and toks[k].w.definite == toks[i].w.definite
        and toks[k].w.key.endswith(("ي", "يه"))
    )
    p = w.parse_object(k, j) if k < j and not adjective else None
    unnamed = not toks[i].w.definite or adjective  # بيان رسمي، النتائج النهائية
    if p is None and toks[i].w.cls == MEDIA and unnamed and not toks[i].w.prefix:
        # an unnamed document speaks for itself: بحسب ما ذكره بيان رسمي → "بيان رسمي"
        e = i + 1
        while e < j and e - i < 3 and not w.gap(e - 1) and not toks[e].w.prefix and toks[e].w.cls != TIME:
            e += 1
        return Phrase(i, e, "source", head=toks[i].w.key, role=(i, e))
    return p

"""Addressee and medium of a statement: the phrase near the cue that says to whom or through what.

قال … لوكالة تاس إن …                → "لوكالة تاس"
قال في مؤتمر صحفي مع نظيره …       → "في مؤتمر صحفي"
قالت في مقابلة مع قناة الجزيرة إن  → "في مقابلة مع قناة الجزيرة"
كتب عبر تويتر …                      → "عبر تويتر"
"""

from __future__ import annotations

from typing import Final

from qawl.attribution import lexicon as lx
from qawl.attribution.phrase import Grammar
from qawl.attribution.tokens import COMMON, GIVEN, PLACE, TIME, UNKNOWN, spelled_outlet

_OPENERS: Final = {"في": "event", "عبر": "platform", "علي": "platform", "خلال": "event"}
_MAX: Final = 6
_NOT_ADJ: Final = frozenset(["ان", "انه", "انها", "بان", "الي", "علي", "في", "من", "عن", "امس"])


def find_medium(g: Grammar, i: int, j: int) -> tuple[int, int] | None:
    """Token range of the first medium phrase among tokens ``[i, j)``, or None."""
    toks = g.toks
    media = lx.media()
    for k in range(i, j):
        t = toks[k]
        if t.w.prefix != "ل" and not t.text.startswith("ل") and t.text not in _OPENERS:
            continue  # opens no medium (each test below needs one of these); most words of a cue's clause
        start = k
        kind: str | None = None
        if t.w.prefix == "ل" and (media.get(t.w.key) == "channel" or t.w.key.isascii()):
            kind = "channel"  # لوكالة تاس، لـCNN
        elif len(t.text) == 3 and spelled_outlet(toks, k, j):
            kind = "channel"  # لبي بي سي، لسي إن إن: an outlet spelled letter by letter
        elif t.text in _OPENERS and k + 1 < j and not g.gap(k):
            nxt = toks[k + 1]
            kind = media.get(nxt.w.key) if not nxt.w.prefix else None
            if kind == "document":
                kind = "event"  # في بيان: the medium of the statement
            k += 1
        if kind is None:
            continue
        end = k + 1
        while end < j and end - start < _MAX and g.gap(end - 1).strip('"') == "":
            w = toks[end].w
            if w.cls == TIME:
                break
            if w.prefix == "" and w.key == "مع" and end + 1 < j:
                end += 1  # في مقابلة مع قناة …
                continue
            if w.key in _NOT_ADJ:
                break
            if w.prefix in ("", "ل") and (w.cls in (UNKNOWN, GIVEN, PLACE) or w.definite or w.key in media):
                end += 1
                continue
            if w.cls == COMMON and w.definite:
                end += 1
                continue
            if end == k + 1 and w.prefix == "" and w.key not in _NOT_ADJ:
                end += 1  # an adjective of the medium noun: في مؤتمر صحفي
                continue
            break
        return start, end
    return None

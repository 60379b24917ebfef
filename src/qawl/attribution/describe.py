"""How a speaker is written in the output: its fullest name and role, in the article's own spelling, its
type, and its mention nearest a quote."""

from __future__ import annotations

from qawl.attribution.entities import Entity
from qawl.doc import Doc, QuoteDraft


def text_of(doc: Doc, span: tuple[int, int]) -> str:
    """The original text of a normalised span, on one line (hashtags and underscores as spaces)."""
    omap, text = doc.omap, doc.article.text
    end = omap.to_orig(span[1])
    out = text[omap.to_orig(span[0]) : end]
    if out.count('"') % 2 and text.startswith('"', end):
        out += '"'  # close the quotation mark a name opened (مراسل "العربية")
    return " ".join(out.replace("#", " ").replace("_", " ").split())


def name_of(doc: Doc, e: Entity) -> str | None:
    """The fullest name the article gives the entity, or its fullest role when it has no name."""
    if e.members:
        names = [name_of(doc, m) or "" for m in e.members]
        return " و".join(n for n in names if n) or None
    norm = doc.norm
    if e.names:
        return text_of(doc, _fullest(norm, e.names, earliest=True))
    if e.role_spans:
        # the fullest mention: most words, then most letters (جمعية يمنية للدفاع > الجمعية اليمنية)
        return text_of(doc, _fullest(norm, e.role_spans, earliest=False))
    return None


def _fullest(norm: str, spans: list[tuple[int, int]], earliest: bool) -> tuple[int, int]:
    """The first span with the most words and then the earliest start (``earliest``) or the most letters:
    ``max`` with that key, as a loop over plain integers (compiled, a key function is a Python call an item
    and its tuples are compared generically)."""
    best, best_words, best_tie = 0, -1, 0
    for i in range(len(spans)):
        s, e = spans[i]
        words = len(norm[s:e].split())
        tie = -s if earliest else e - s
        if words > best_words or (words == best_words and tie > best_tie):
            best, best_words, best_tie = i, words, tie
    return spans[best]


def role_of(doc: Doc, e: Entity) -> str | None:
    """A named person's role, as the article words it."""
    if e.kind != "person" or not e.role_spans or not e.names:
        return None
    spans = e.role_spans
    best = 0  # the longest span, then the earliest: max with that key, as a loop (see _fullest)
    for i in range(1, len(spans)):
        s, t = spans[i]
        bs, bt = spans[best]
        if t - s > bt - bs or (t - s == bt - bs and s < bs):
            best = i
    return text_of(doc, spans[best])


def mention_of(e: Entity, d: QuoteDraft) -> tuple[int, int] | None:
    """The entity's mention nearest before the quote (or its first one)."""
    found = _nearest(e.names, d.start, (-1, -1, -1, -1))
    bs, be, fs, fe = _nearest(e.role_spans, d.start, found)
    if bs >= 0:
        return bs, be
    return (fs, fe) if fs >= 0 else None


def _nearest(
    spans: list[tuple[int, int]], start: int, found: tuple[int, int, int, int]
) -> tuple[int, int, int, int]:
    """``mention_of``'s scan of one list of spans: the greatest span starting before ``start`` and the
    least span, carried on from ``found`` (-1: none yet; positions are never negative). Plain integers:
    compiled, a loop that keeps spans as tuples boxes one and compares generically at every step."""
    bs, be, fs, fe = found
    for s, e in spans:
        if s < start and (bs < 0 or s > bs or (s == bs and e > be)):
            bs, be = s, e
        if fs < 0 or s < fs or (s == fs and e < fe):
            fs, fe = s, e
    return bs, be, fs, fe


def type_of(e: Entity) -> str:
    if e.members:
        return "person"
    if e.kind == "name":
        return "person"
    return e.kind if e.kind in ("person", "organisation", "source") else "unknown"

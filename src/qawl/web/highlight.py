"""Safe HTML for untrusted text with highlights: slice the original text at offsets, escape every piece.

Article text comes from the web and is never marked safe. The only markup added here is ``<mark>``/``<a>``
tags whose attributes are built from integers and escaped ids, so nothing in the text can become a tag.

    highlight_article("قال: «نعم» ثم مضى", [Highlight(1, 6, 9)])
      → 'قال: «<mark id="q-1" ...><a href="/statements/1">نعم</a></mark>» ثم مضى'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from qawl.text.normalize import fold, normalize


@dataclass(frozen=True, slots=True)
class Highlight:
    """One statement to mark in an article: its store id and half-open span in the original text."""

    quote_id: int
    start: int
    end: int
    kind: str = "direct"


def usable_highlights(text: str, highlights: Iterable[Highlight]) -> list[tuple[Highlight, bool]]:
    """Highlights inside the text with a non-empty span, in text order, no two crossing, each with
    whether it is nested inside an earlier one.

    Nested spans are kept (they render as nested marks). A span that crosses an earlier one (starts inside
    it and ends after it) is dropped: clipping it would show a statement that was not said.
    """
    ordered = sorted(
        (h for h in highlights if 0 <= h.start < h.end <= len(text)), key=lambda h: (h.start, -h.end)
    )
    kept: list[tuple[Highlight, bool]] = []
    stack: list[Highlight] = []
    for h in ordered:
        while stack and stack[-1].end <= h.start:
            stack.pop()
        if stack and h.end > stack[-1].end:
            continue
        kept.append((h, bool(stack)))
        stack.append(h)
    return kept


def _open_tag(h: Highlight, nested: bool, link: str) -> str:
    # every attribute value is an int or an escaped string: no text from the article reaches a tag
    qid = int(h.quote_id)
    tag = (
        f'<mark id="q-{qid}" class="quote quote-{escape(h.kind)}"'
        f' data-start="{int(h.start)}" data-end="{int(h.end)}">'
    )
    # a link cannot contain a link: a nested statement is reached from the list under the article
    return tag if nested else f'{tag}<a href="{escape(link.format(id=qid))}">'


def highlight_article(text: str, highlights: Sequence[Highlight], link: str = "/statements/{id}") -> Markup:
    """The article as HTML with each statement wrapped in ``<mark id="q-ID">`` linking to its page.

    The text content of the result equals ``text`` exactly (render it with ``white-space: pre-wrap``), so
    character offsets in the page match the stored ones.
    """
    # (position, closes-first, nesting order, tag): inner marks close before outer ones at one point
    events: list[tuple[int, int, int, str]] = []
    for i, (h, nested) in enumerate(usable_highlights(text, highlights)):
        events.append((h.start, 1, i, _open_tag(h, nested, link)))
        events.append((h.end, 0, -i, "</mark>" if nested else "</a></mark>"))
    events.sort(key=lambda e: e[:3])
    out: list[str] = []
    pos = 0
    for at, _, _, tag in events:
        out.append(str(escape(text[pos:at])))
        pos = at
        out.append(tag)
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


_TERM = re.compile(r"\w+")


def query_terms(query: str) -> list[str]:
    """Folded search words of a query (``"بِيسْكوف، ديمتري"`` → ``["بيسكوف", "ديمتري"]``)."""
    seen: list[str] = []
    for m in _TERM.finditer(fold(query)):
        term = m.group()
        if term not in seen:
            seen.append(term)
    return seen


# a search word may follow a clitic (و ف ب ل ك and the article ال): وبيسكوف, للكرملين
_CLITICS = "(?:وال|فال|بال|كال|ول|وب|فب|فل|لل|ال|و|ف|ب|ل|ك)?"


def mark_terms(text: str, query: str, max_marks: int = 50) -> Markup:
    """``text`` escaped, with the query's words marked where a word starts with them (folded on both
    sides, so ``بيسكوف`` marks ``وبِيسْكوف``). Cosmetic only: the store decides what matches.

        mark_terms("قال بِيسْكوف", "بيسكوف")  →  'قال <mark class="hit">بِيسْكوف</mark>'
    """
    terms = sorted(query_terms(query), key=len, reverse=True)
    if not terms:
        return Markup(escape(text))
    norm, omap = normalize(text)
    long_terms = "|".join(re.escape(t) for t in terms if len(t) >= 3)
    short_terms = "|".join(re.escape(t) for t in terms if len(t) < 3)
    alternatives = []
    if long_terms:
        alternatives.append(f"(?<!\\w){_CLITICS}({long_terms})")
    if short_terms:
        # a one- or two-letter word is marked only as a whole word start, never after a clitic
        alternatives.append(f"(?<!\\w)({short_terms})")
    pattern = re.compile("|".join(alternatives))
    spans: list[tuple[int, int]] = []
    for m in pattern.finditer(norm):
        group = next(i for i in range(1, len(alternatives) + 1) if m.group(i) is not None)
        span = omap.span_to_orig(m.start(group), m.end(group))
        if span.end > span.start:
            spans.append((span.start, span.end))
        if len(spans) >= max_marks:
            break
    out: list[str] = []
    pos = 0
    for start, end in spans:
        out.append(str(escape(text[pos:start])))
        out.append(f'<mark class="hit">{escape(text[start:end])}</mark>')
        pos = end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))

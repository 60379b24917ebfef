"""The ordered list of stages, and the public entry points ``extract`` and ``extract_many``.

read → clean → normalise → segment → find quotes → attribute speakers → finish (spans to the original).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final

from qawl.attribution.attribute import attribute
from qawl.doc import Doc, QuoteDraft
from qawl.model import Article, Quote, Span, Speaker
from qawl.quotes.find import find_quotes
from qawl.text.clean import mark_chrome
from qawl.text.glue import split_glued
from qawl.text.normalize import normalize_latin
from qawl.text.segment import segment

Stage = Callable[[Doc], None]

#: the stages after normalisation, in order; each annotates the Doc in place
STAGES: tuple[Stage, ...] = (mark_chrome, segment, find_quotes, attribute)


def make_article(text: str, **metadata: Any) -> Article:
    def pop(key: str) -> str | None:
        value = metadata.pop(key, None)
        return None if value is None else str(value)

    return Article(
        text=text,
        id=pop("id") or "",
        title=pop("title"),
        date=pop("date"),
        url=pop("url"),
        source=pop("source"),
        path=pop("path"),
        author=pop("author"),
        meta=metadata,
    )


def run_stages(article: Article) -> Doc:
    # and whether there is a Latin letter or a bracket, for the glue splitter and the English leftovers
    norm, omap, latin = normalize_latin(article.text)
    # glued words get spaces in the normalised text only; the composed map still leads to article.text
    norm, glue_map = split_glued(norm, article.text, omap, latin)
    omap = omap.compose(glue_map)
    doc = Doc(article=article, norm=norm, omap=omap, latin=latin)
    for stage in STAGES:
        stage(doc)
    return doc


def finish(doc: Doc) -> Article:
    """Convert the drafts to quotes with spans into the original text."""
    omap = doc.omap
    to_orig = omap.span_to_orig
    text = doc.article.text

    def span(pair: tuple[int, int] | None) -> Span | None:
        return None if pair is None else to_orig(pair[0], pair[1])

    quotes: list[Quote] = []
    drafts = doc.quotes
    if len(drafts) > 1:
        drafts = sorted(drafts, key=_draft_order)
    for d in drafts:
        sp = to_orig(d.start, d.end)
        if sp.end <= sp.start or not text[sp.start : sp.end].strip():
            continue
        speaker = d.speaker
        if speaker is not None and not isinstance(speaker, Speaker):
            speaker = speaker.to_speaker(span)
        cue = d.cue
        addressee = d.addressee
        quotes.append(
            Quote(
                span=sp,
                kind=d.kind,  # type: ignore[arg-type]
                cue=None if cue is None else to_orig(cue[0], cue[1]),
                speaker=speaker,
                addressee=None if addressee is None else to_orig(addressee[0], addressee[1]),
                said_on=d.said_on,
                confidence=d.confidence,
            )
        )
    chrome = tuple([to_orig(s, e) for s, e in doc.chrome])
    a = doc.article
    # built directly: dataclasses.replace walks fields() and costs several times more (by keyword: six of
    # the fields are optional strings, which no type check would tell apart if one moved)
    return Article(
        text=a.text,
        id=a.id,
        title=a.title,
        date=a.date,
        url=a.url,
        source=a.source,
        path=a.path,
        author=a.author,
        meta=a.meta,
        norm=doc.norm,
        omap=omap,
        chrome=chrome,
        quotes=tuple(quotes),
    )


def _draft_order(d: QuoteDraft) -> tuple[int, int]:
    return (d.start, d.end)


def extract_article(article: Article) -> Article:
    if len(article.text) < _GC_PAUSE_CHARS or not gc.isenabled():
        return finish(run_stages(article))
    # A long text keeps many objects alive while it is extracted (its tokens, phrases, speakers), and the
    # cyclic collector, run every few hundred allocations, walks them again and again: a 1 MB article paid
    # 12 % of its time for it. The pipeline makes next to no cyclic garbage (≈ 300 objects in 4,000
    # articles), so the collector pauses for the one article and resumes after it.
    gc.disable()
    try:
        return finish(run_stages(article))
    finally:
        gc.enable()


#: texts at least this long are extracted with the cyclic garbage collector paused (see extract_article)
_GC_PAUSE_CHARS: Final = 50_000


def extract(text: str, **metadata: Any) -> Article:
    """Find every reported statement in ``text``; metadata (id, title, date, url, source…) is kept."""
    return extract_article(make_article(text, **metadata))


def extract_many(articles: Iterable[Article]) -> Iterator[Article]:
    for article in articles:
        yield extract_article(article)

"""The ordered list of stages, and the public entry points ``extract`` and ``extract_many``.

read → clean → normalise → segment → find quotes → attribute speakers → finish (spans to the original).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from qawl.attribution.attribute import attribute
from qawl.doc import Doc
from qawl.model import Article, Quote, Span, Speaker
from qawl.quotes.find import find_quotes
from qawl.text.clean import mark_chrome
from qawl.text.glue import split_glued
from qawl.text.normalize import normalize
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
    norm, omap = normalize(article.text)
    # glued words get spaces in the normalised text only; the composed map still leads to article.text
    norm, glue_map = split_glued(norm, article.text, omap)
    omap = omap.compose(glue_map)
    doc = Doc(article=article, norm=norm, omap=omap)
    for stage in STAGES:
        stage(doc)
    return doc


def finish(doc: Doc) -> Article:
    """Convert the drafts to quotes with spans into the original text."""
    omap = doc.omap
    text = doc.article.text

    def span(pair: tuple[int, int] | None) -> Span | None:
        if pair is None:
            return None
        return omap.span_to_orig(pair[0], pair[1])

    quotes = []
    for d in sorted(doc.quotes, key=lambda q: (q.start, q.end)):
        sp = span((d.start, d.end))
        if sp is None or sp.end <= sp.start or not text[sp.start : sp.end].strip():
            continue
        speaker = d.speaker
        if speaker is not None and not isinstance(speaker, Speaker):
            speaker = speaker.to_speaker(span)
        quotes.append(
            Quote(
                span=sp,
                kind=d.kind,  # type: ignore[arg-type]
                cue=span(d.cue),
                speaker=speaker,
                addressee=span(d.addressee),
                said_on=d.said_on,
                confidence=d.confidence,
            )
        )
    chrome = tuple(omap.span_to_orig(s, e) for s, e in doc.chrome)
    a = doc.article
    # built directly: dataclasses.replace walks fields() and costs several times more
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


def extract_article(article: Article) -> Article:
    return finish(run_stages(article))


def extract(text: str, **metadata: Any) -> Article:
    """Find every reported statement in ``text``; metadata (id, title, date, url, source…) is kept."""
    return extract_article(make_article(text, **metadata))


def extract_many(articles: Iterable[Article]) -> Iterator[Article]:
    for article in articles:
        yield extract_article(article)

"""The output record of an article: the one JSON shape that the CLI, the store and the API share."""

from __future__ import annotations

from typing import Any

from qawl.model import Article, Quote, Span, Speaker


def span_record(article: Article, span: Span | None) -> dict[str, Any] | None:
    if span is None:
        return None
    return {"start": span.start, "end": span.end, "text": article.text[span.start : span.end]}


def speaker_record(article: Article, speaker: Speaker | None) -> dict[str, Any] | None:
    if speaker is None:
        return None
    return {
        "name": speaker.name,
        "mention": span_record(article, speaker.mention),
        "role": speaker.role,
        "type": speaker.type,
        "gender": speaker.gender,
        "speaker_id": speaker.speaker_id,
        "confidence": _round3(speaker.confidence),
    }


def quote_record(article: Article, quote: Quote) -> dict[str, Any]:
    return {
        "start": quote.span.start,
        "end": quote.span.end,
        "text": article.text[quote.span.start : quote.span.end],
        "kind": quote.kind,
        "cue": span_record(article, quote.cue),
        "speaker": speaker_record(article, quote.speaker),
        "addressee": span_record(article, quote.addressee),
        "said_on": quote.said_on,
        "confidence": _round3(quote.confidence),
    }


#: rounded confidences by value: they take a few dozen values, and ``round`` costs ~0.25 µs (twice a quote)
_ROUNDED: dict[float, float] = {}


def _round3(x: float) -> float:
    """``round(x, 3)``. Only positive floats are kept: an int or -0.0 equals a key of another type or sign."""
    if type(x) is not float:
        return round(x, 3)
    r = _ROUNDED.get(x)
    if r is None:
        r = round(x, 3)
        if x > 0.0 and len(_ROUNDED) < 1024:
            _ROUNDED[x] = r
    return r


def article_record(article: Article, *, with_text: bool = False) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "id": article.id,
        "path": article.path,
        "title": article.title,
        "date": article.date,
        "url": article.url,
        "source": article.source,
    }
    if with_text:
        rec["text"] = article.text
    rec["quotes"] = [quote_record(article, q) for q in article.quotes]
    return rec

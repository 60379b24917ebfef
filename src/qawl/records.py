"""The output record of an article: the one JSON shape that the CLI, the store and the API share."""

from __future__ import annotations

from typing import Any

from qawl.model import Article, Quote, Span, Speaker, round3


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
        "confidence": round3(speaker.confidence),
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
        "confidence": round3(quote.confidence),
    }


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

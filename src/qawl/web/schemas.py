"""The API's JSON shapes (pydantic models, so /openapi.json documents them) and row → model converters."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from qawl.store.base import ArticleRow, OutletRow, Page, QuoteRow, SearchResult, SpeakerRow


class ErrorDetail(BaseModel):
    code: str = Field(description="stable machine-readable code, e.g. not_found, validation_error")
    message: str
    status: int


class ErrorOut(BaseModel):
    """The one shape of every error the API answers."""

    error: ErrorDetail


class SpanOut(BaseModel):
    """Half-open code-point offsets into the article's text and the exact characters under them."""

    start: int
    end: int
    text: str | None


class SpeakerRef(BaseModel):
    id: str | None = Field(description="canonical speaker id in the archive")
    name: str | None = Field(description="the name as the article gave it")
    canonical: str | None = Field(description="the archive's name for this speaker")
    type: str | None
    role: str | None
    confidence: float
    mention: SpanOut | None


class ArticleRef(BaseModel):
    id: str
    title: str | None
    date: str | None
    url: str | None
    outlet: str | None


class QuoteOut(BaseModel):
    id: int
    article_id: str
    start: int
    end: int
    text: str
    kind: str
    confidence: float
    cue: SpanOut | None
    addressee: SpanOut | None
    said_on: str | None
    speaker: SpeakerRef | None
    article: ArticleRef
    snippet: str | None = Field(default=None, description="search excerpt; [ and ] mark the hits")


class PageInfo(BaseModel):
    page: int
    per_page: int
    total: int
    pages: int
    has_more: bool


class QuotePage(BaseModel):
    items: list[QuoteOut]
    page: PageInfo


class SpeakerOut(BaseModel):
    id: str
    name: str
    latin_name: str | None
    type: str
    gender: str | None
    quote_count: int
    article_count: int
    first_date: str | None
    last_date: str | None
    names: list[tuple[str, int]] = Field(description="name forms seen with their counts")
    roles: list[tuple[str, int]] = Field(description="roles seen with the name, with their counts")


class SpeakerDetail(SpeakerOut):
    top_outlets: list[tuple[str, int]] = Field(
        description="outlets quoting this speaker most (of recent quotes)"
    )


class SpeakerPage(BaseModel):
    items: list[SpeakerOut]
    page: PageInfo


class ArticleOut(BaseModel):
    id: str
    url: str | None
    title: str | None
    date: str | None
    outlet: str | None
    content_hash: str
    ingested_at: str
    text: str | None
    quotes: list[QuoteOut]


class OutletOut(BaseModel):
    name: str
    article_count: int
    quote_count: int


class StatsOut(BaseModel):
    articles: int
    quotes: int
    speakers: int
    outlets: int
    top_outlets: list[OutletOut]


class ArticleIn(BaseModel):
    """An article to ingest. Unknown fields are kept as metadata."""

    model_config = ConfigDict(extra="allow")

    id: str = Field(min_length=1, max_length=500)
    text: str = Field(min_length=1)
    title: str | None = None
    date: str | None = Field(default=None, description="ISO date, e.g. 2024-03-05")
    url: str | None = None
    source: str | None = Field(default=None, description="the outlet")
    author: str | None = None


class IngestOut(BaseModel):
    read: int
    inserted: int
    updated: int
    unchanged: int
    quotes: int
    errors: list[str]
    articles: list[str] = Field(description="API paths of the ingested articles")


# ------------------------------------------------------------------------------------------------------------


def _span(start: int | None, end: int | None, text: str | None) -> SpanOut | None:
    if start is None or end is None:
        return None
    return SpanOut(start=start, end=end, text=text)


def quote_out(q: QuoteRow, snippet: str | None = None) -> QuoteOut:
    speaker = None
    if q.speaker_id is not None or q.speaker_name is not None:
        speaker = SpeakerRef(
            id=q.speaker_id,
            name=q.speaker_name,
            canonical=q.speaker_canonical,
            type=q.speaker_type,
            role=q.role,
            confidence=q.speaker_confidence,
            mention=_span(q.mention_start, q.mention_end, q.mention_text),
        )
    return QuoteOut(
        id=q.id,
        article_id=q.article_id,
        start=q.start,
        end=q.end,
        text=q.text,
        kind=q.kind,
        confidence=q.confidence,
        cue=_span(q.cue_start, q.cue_end, q.cue_text),
        addressee=_span(q.addressee_start, q.addressee_end, q.addressee_text),
        said_on=q.said_on,
        speaker=speaker,
        article=ArticleRef(
            id=q.article_id, title=q.article_title, date=q.article_date, url=q.article_url, outlet=q.outlet
        ),
        snippet=snippet,
    )


def page_info(page: Page[Any], number: int, per_page: int) -> PageInfo:
    pages = max(1, -(-page.total // per_page))
    return PageInfo(page=number, per_page=per_page, total=page.total, pages=pages, has_more=page.has_more)


def search_page_out(page: Page[SearchResult], number: int, per_page: int) -> QuotePage:
    return QuotePage(
        items=[quote_out(r.quote, r.snippet) for r in page.items], page=page_info(page, number, per_page)
    )


def speaker_out(s: SpeakerRow) -> SpeakerOut:
    return SpeakerOut(
        id=s.id,
        name=s.name,
        latin_name=s.latin_name,
        type=s.type,
        gender=s.gender,
        quote_count=s.quote_count,
        article_count=s.article_count,
        first_date=s.first_date,
        last_date=s.last_date,
        names=list(s.names),
        roles=list(s.roles),
    )


def article_out(a: ArticleRow, quotes: list[QuoteRow]) -> ArticleOut:
    return ArticleOut(
        id=a.id,
        url=a.url,
        title=a.title,
        date=a.date,
        outlet=a.outlet,
        content_hash=a.content_hash,
        ingested_at=a.ingested_at,
        text=a.text,
        quotes=[quote_out(q) for q in quotes],
    )


def outlet_out(o: OutletRow) -> OutletOut:
    return OutletOut(name=o.name, article_count=o.article_count, quote_count=o.quote_count)

"""The JSON API under /api/: ingest articles, read articles, search quotes, speakers and counts.

Errors all answer ``{"error": {"code", "message", "status"}}`` (see ``qawl.web.errors``). Writes are refused
in read-only mode (403) and need ``Authorization: Bearer <token>`` when the app has a token (401).
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Body, Depends, Query, Request

from qawl import archive
from qawl.pipeline import make_article
from qawl.web.errors import ApiError
from qawl.web.queries import (
    MAX_FILTER_LENGTH,
    Paging,
    SearchParams,
    paging,
    run_search,
    search_params,
    settings_of,
    speaker_outlets,
    store_of,
)
from qawl.web.schemas import (
    ArticleIn,
    ArticleOut,
    ErrorOut,
    IngestOut,
    QuoteOut,
    QuotePage,
    SpeakerDetail,
    SpeakerPage,
    StatsOut,
    article_out,
    outlet_out,
    page_info,
    quote_out,
    search_page_out,
    speaker_out,
)

_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": text}
    for status, text in {
        400: "malformed request (e.g. a body that is not JSON)",
        404: "no such resource",
        413: "request body over the size limit",
        422: "a parameter or field is invalid or over its limit",
    }.items()
}
_WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **_ERRORS,
    401: {"model": ErrorOut, "description": "writes need a valid bearer token"},
    403: {"model": ErrorOut, "description": "the archive is read-only"},
}

_EXAMPLE = {"id": "a1", "text": "قال المتحدث: «نعم».", "source": "وكالة", "date": "2024-03-05"}

router = APIRouter(prefix="/api", responses=_ERRORS)


def require_write(request: Request) -> None:
    """Refuse writes in read-only mode (403), and without the configured bearer token (401)."""
    settings = settings_of(request)
    if settings.read_only:
        raise ApiError(403, "the archive is read-only", "read_only")
    if settings.token is None:
        return
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(401, "a bearer token is required for writes", "unauthorized")
    # constant-time comparison: the token must not leak through response timing
    if not secrets.compare_digest(given.strip().encode(), settings.token.encode()):
        raise ApiError(401, "invalid bearer token", "unauthorized")


@router.post(
    "/articles",
    response_model=IngestOut,
    status_code=201,
    responses=_WRITE_ERRORS,
    dependencies=[Depends(require_write)],
    summary="Ingest one article or a list of articles (runs extraction)",
)
def post_articles(
    request: Request,
    body: Annotated[ArticleIn | list[ArticleIn], Body(examples=[_EXAMPLE])],
) -> IngestOut:
    items = body if isinstance(body, list) else [body]
    settings = settings_of(request)
    if not items:
        raise ApiError(422, "no articles given", "validation_error")
    if len(items) > settings.max_articles_per_request:
        raise ApiError(
            422, f"at most {settings.max_articles_per_request} articles per request", "validation_error"
        )
    articles = [make_article(**item.model_dump(exclude_none=True)) for item in items]
    report = archive.ingest(articles, settings.db_url, progress=False)
    return IngestOut(
        read=report.read,
        inserted=report.inserted,
        updated=report.updated,
        unchanged=report.unchanged,
        quotes=report.quotes,
        errors=list(report.errors),
        articles=[f"/api/articles/{quote(a.id, safe='')}" for a in articles],
    )


@router.get("/articles/{article_id:path}", response_model=ArticleOut, summary="One article with its quotes")
def get_article(
    request: Request, article_id: str, text: bool = Query(True, description="include the full text")
) -> ArticleOut:
    store = store_of(request)
    article = store.get_article(article_id)
    if article is None:
        raise ApiError(404, f"no such article: {article_id}")
    out = article_out(article, store.article_quotes(article.id))
    if not text:
        out.text = None
    return out


@router.get("/quotes", response_model=QuotePage, summary="Search quotes (Arabic-folded), newest first")
def list_quotes(request: Request, params: Annotated[SearchParams, Depends(search_params)]) -> QuotePage:
    found = run_search(store_of(request), params)
    return search_page_out(found, params.paging.page, params.paging.per_page)


@router.get("/quotes/{quote_id}", response_model=QuoteOut, summary="One quote")
def get_quote(request: Request, quote_id: int) -> QuoteOut:
    quote = store_of(request).get_quote(quote_id)
    if quote is None:
        raise ApiError(404, f"no such quote: {quote_id}")
    return quote_out(quote)


@router.get("/speakers", response_model=SpeakerPage, summary="Speakers, most quoted first")
def list_speakers(
    request: Request,
    pg: Annotated[Paging, Depends(paging)],
    q: str | None = Query(None, max_length=MAX_FILTER_LENGTH, description="any name form (folded)"),
    type: str | None = Query(None, pattern="^(person|organisation|source|unknown)$"),
) -> SpeakerPage:
    found = store_of(request).list_speakers(
        query=(q or "").strip() or None, type=type, limit=pg.per_page, offset=pg.offset
    )
    items = [speaker_out(s) for s in found.items]
    return SpeakerPage(items=items, page=page_info(found, pg.page, pg.per_page))


@router.get("/speakers/{speaker_id}", response_model=SpeakerDetail, summary="One speaker")
def get_speaker(request: Request, speaker_id: str) -> SpeakerDetail:
    store = store_of(request)
    speaker = store.get_speaker(speaker_id)
    if speaker is None:
        raise ApiError(404, f"no such speaker: {speaker_id}")
    return SpeakerDetail(**speaker_out(speaker).model_dump(), top_outlets=speaker_outlets(store, speaker.id))


@router.get("/stats", response_model=StatsOut, summary="Archive counts")
def stats(request: Request) -> StatsOut:
    store = store_of(request)
    counts = store.stats()
    return StatsOut(
        articles=counts.get("articles", 0),
        quotes=counts.get("quotes", 0),
        speakers=counts.get("speakers", 0),
        outlets=counts.get("outlets", 0),
        top_outlets=[outlet_out(o) for o in store.list_outlets()[:20]],
    )

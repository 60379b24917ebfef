"""The server-rendered UI: search, statement, speaker, article and outlet pages (plain forms and links)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from qawl.web.errors import ApiError
from qawl.web.highlight import Highlight, highlight_article, mark_terms
from qawl.web.queries import (
    MAX_FILTER_LENGTH,
    Paging,
    SearchParams,
    paging,
    resolve_speaker,
    run_search,
    same_statement,
    search_params,
    settings_of,
    speaker_outlets,
    store_of,
    timeline,
)
from qawl.web.schemas import page_info

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) link, else ``None`` (a stored ``javascript:`` URL must not be a link)."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in {"http", "https"} else None


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    response: Response = request.app.state.templates.TemplateResponse(
        request, name, context, status_code=status
    )
    return response


def _not_found(what: str) -> ApiError:
    return ApiError(404, f"no such {what}")


@router.get("/")
def search_page(request: Request, params: Annotated[SearchParams, Depends(search_params)]) -> Response:
    store = store_of(request)
    found = run_search(store, params)
    results = [{"quote": r.quote, "words": mark_terms(r.quote.text, params.q)} for r in found.items]
    filtered = any((params.speaker, params.outlet, params.since, params.until, params.kind))
    # the filtered speaker by name, and speakers whose names match the query, link to their pages
    speaker_id = resolve_speaker(store, params.speaker) if params.speaker else None
    speaker = store.get_speaker(speaker_id) if speaker_id else None
    matching = store.list_speakers(query=params.q, limit=3).items if params.q else ()
    # a date input shows only a full date; a year or month given in the URL still filters
    since_input = params.since if params.since and len(params.since) == 10 else ""
    until_input = params.until if params.until and len(params.until) == 10 else ""
    return render(
        request,
        "search.html",
        {
            "page_title": params.q or "البحث",
            "section": "search",
            "params": params,
            "filtered": filtered,
            "speaker": speaker,
            "matching": matching,
            "since_input": since_input,
            "until_input": until_input,
            "results": results,
            "info": page_info(found, params.paging.page, params.paging.per_page),
            "link_params": params.as_query(),
            "outlets": store.list_outlets()[:200],
            # the archive's counts head the page only when nothing is searched (they cost a scan)
            "stats": None if params.q or filtered else store.stats(),
            "max_query_length": settings_of(request).max_query_length,
        },
    )


@router.get("/statements/{quote_id}")
def statement_page(request: Request, quote_id: int) -> Response:
    store = store_of(request)
    quote = store.get_quote(quote_id)
    if quote is None:
        raise _not_found("statement")
    return render(
        request,
        "statement.html",
        {
            "page_title": (quote.speaker_canonical or quote.speaker_name or "تصريح") + ": " + quote.text[:60],
            "section": "search",
            "q": quote,
            "others": same_statement(store, quote),
            "safe_url": safe_url(quote.article_url),
        },
    )


@router.get("/speakers")
def speakers_page(
    request: Request,
    pg: Annotated[Paging, Depends(paging)],
    q: str = Query("", max_length=MAX_FILTER_LENGTH),
) -> Response:
    store = store_of(request)
    found = store.list_speakers(query=q.strip() or None, limit=pg.per_page, offset=pg.offset)
    return render(
        request,
        "speakers.html",
        {
            "page_title": "المتحدثون",
            "section": "speakers",
            "q": q.strip(),
            "speakers": found.items,
            "info": page_info(found, pg.page, pg.per_page),
        },
    )


@router.get("/speakers/{speaker_id}")
def speaker_page(request: Request, speaker_id: str, pg: Annotated[Paging, Depends(paging)]) -> Response:
    store = store_of(request)
    speaker = store.get_speaker(speaker_id)
    if speaker is None:
        raise _not_found("speaker")
    quotes = store.speaker_quotes(speaker.id, limit=pg.per_page, offset=pg.offset)
    return render(
        request,
        "speaker.html",
        {
            "page_title": speaker.name,
            "section": "speakers",
            "s": speaker,
            "days": timeline(quotes.items),
            "outlets": speaker_outlets(store, speaker.id),
            "info": page_info(quotes, pg.page, pg.per_page),
        },
    )


@router.get("/articles/{article_id:path}")
def article_page(request: Request, article_id: str) -> Response:
    store = store_of(request)
    article = store.get_article(article_id)
    if article is None:
        raise _not_found("article")
    text = article.text or ""
    quotes = store.article_quotes(article.id)
    # a stored span that no longer matches the text is not highlighted rather than highlighted wrongly
    marks = [Highlight(q.id, q.start, q.end, q.kind) for q in quotes if text[q.start : q.end] == q.text]
    return render(
        request,
        "article.html",
        {
            "page_title": article.title or article.id,
            "section": "search",
            "a": article,
            "body": highlight_article(text, marks),
            "quotes": quotes,
            "safe_url": safe_url(article.url),
        },
    )


@router.get("/outlets")
def outlets_page(request: Request) -> Response:
    return render(
        request,
        "outlets.html",
        {"page_title": "المصادر", "section": "outlets", "outlets": store_of(request).list_outlets()},
    )


@router.get("/outlets/{name:path}")
def outlet_page(request: Request, name: str, pg: Annotated[Paging, Depends(paging)]) -> Response:
    store = store_of(request)
    outlet = next((o for o in store.list_outlets() if o.name == name), None)
    if outlet is None:
        raise _not_found("outlet")
    articles = store.list_articles(outlet=outlet.name, limit=pg.per_page, offset=pg.offset)
    recent = store.search("", outlet=outlet.name, limit=10)
    return render(
        request,
        "outlet.html",
        {
            "page_title": outlet.name,
            "section": "outlets",
            "o": outlet,
            "articles": articles.items,
            "recent": recent.items,
            "info": page_info(articles, pg.page, pg.per_page),
        },
    )

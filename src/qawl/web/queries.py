"""What the pages and the API ask the store, in one place: validated query parameters, speaker filters,
statements carried by several articles, a speaker's outlets and timeline.

Things the store interface does not answer directly are composed here from its methods.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from fastapi import Query, Request

from qawl.store.base import MAX_PAGE_SIZE, Page, QuoteRow, SearchResult, Store
from qawl.text.normalize import fold
from qawl.web.arabic import iso_date
from qawl.web.errors import ApiError
from qawl.web.settings import WebSettings

KINDS = ("direct", "indirect", "mixed")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
#: longest speaker or outlet filter accepted
MAX_FILTER_LENGTH = 200


@dataclass(frozen=True, slots=True)
class Paging:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass(frozen=True, slots=True)
class SearchParams:
    """A search as the user gave it; empty form fields are ``None``."""

    q: str
    speaker: str | None
    outlet: str | None
    since: str | None
    until: str | None
    kind: str | None
    paging: Paging
    #: ``per_page`` as the user gave it (kept in pagination links), ``None`` for the default
    per_page: int | None = None

    def as_query(self, **changes: object) -> dict[str, str]:
        """The non-empty parameters for building a link (``page=2`` etc. via ``changes``)."""
        values: dict[str, object] = {
            "q": self.q,
            "speaker": self.speaker,
            "outlet": self.outlet,
            "since": self.since,
            "until": self.until,
            "kind": self.kind,
            "per_page": self.per_page,
        }
        values.update(changes)
        return {k: str(v) for k, v in values.items() if v not in (None, "")}


def settings_of(request: Request) -> WebSettings:
    settings: WebSettings = request.app.state.settings
    return settings


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _blank(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def paging(
    request: Request,
    page: int = Query(1, ge=1, description="page number, from 1"),
    per_page: int | None = Query(None, ge=1, description="results per page (the app's maximum applies)"),
) -> Paging:
    settings = settings_of(request)
    if page > settings.max_page:
        raise ApiError(422, f"page must be at most {settings.max_page}", "validation_error")
    if per_page is None:
        per_page = settings.default_per_page
    if per_page > settings.max_per_page:
        raise ApiError(422, f"per_page must be at most {settings.max_per_page}", "validation_error")
    return Paging(page, per_page)


def search_params(
    request: Request,
    q: str = Query("", description="words to find (Arabic-folded: hamza, diacritics, ى/ي, ة/ه ignored)"),
    speaker: str | None = Query(None, description="speaker id or name"),
    outlet: str | None = Query(None, description="outlet name"),
    since: str | None = Query(None, description="earliest article date, YYYY[-MM[-DD]]"),
    until: str | None = Query(None, description="latest article date, YYYY[-MM[-DD]]"),
    kind: str | None = Query(None, description="direct, indirect or mixed"),
    page: int = Query(1, ge=1, description="page number, from 1"),
    per_page: int | None = Query(None, ge=1, description="results per page (the app's maximum applies)"),
) -> SearchParams:
    settings = settings_of(request)
    query = q.strip()
    if len(query) > settings.max_query_length:
        raise ApiError(422, f"q must be at most {settings.max_query_length} characters", "validation_error")
    values = {"speaker": _blank(speaker), "outlet": _blank(outlet)}
    for name, value in values.items():
        if value is not None and len(value) > MAX_FILTER_LENGTH:
            raise ApiError(422, f"{name} must be at most {MAX_FILTER_LENGTH} characters", "validation_error")
    dates = {"since": _blank(since), "until": _blank(until)}
    for name, value in dates.items():
        if value is not None and not _DATE.fullmatch(value):
            raise ApiError(422, f"{name} must be a date like 2024-03-05", "validation_error")
    kind_ = _blank(kind)
    if kind_ is not None and kind_ not in KINDS:
        raise ApiError(422, f"kind must be one of {', '.join(KINDS)}", "validation_error")
    return SearchParams(
        q=query,
        speaker=values["speaker"],
        outlet=values["outlet"],
        since=dates["since"],
        until=dates["until"],
        kind=kind_,
        paging=paging(request, page, per_page),
        per_page=per_page,
    )


def _end_of(until: str | None) -> str | None:
    """``until`` includes the whole period: ``2024-03`` → ``2024-03-99`` (compared as an ISO string)."""
    if until is None or len(until) == 10:
        return until
    return until + ("-99-99" if len(until) == 4 else "-99")


def resolve_speaker(store: Store, value: str) -> str | None:
    """The id of the speaker a filter names: an id as is, else the most quoted speaker with that name form.
    ``None`` when no speaker matches (the search then finds nothing)."""
    found = store.get_speaker(value)
    if found is not None:
        return found.id
    page = store.list_speakers(query=value, limit=1)
    return page.items[0].id if page.items else None


def run_search(store: Store, params: SearchParams) -> Page[SearchResult]:
    speaker_id = None
    if params.speaker is not None:
        speaker_id = resolve_speaker(store, params.speaker)
        if speaker_id is None:
            return Page(items=(), total=0, limit=params.paging.per_page, offset=params.paging.offset)
    return store.search(
        params.q,
        speaker_id=speaker_id,
        outlet=params.outlet,
        since=params.since,
        until=_end_of(params.until),
        kind=params.kind,
        limit=params.paging.per_page,
        offset=params.paging.offset,
    )


_WORD = re.compile(r"\w+")


def statement_key(text: str) -> str:
    """The folded form two copies of one statement share: ``«بِيسكوف: نعم»`` and ``"بيسكوف نعم"`` agree."""
    return " ".join(_WORD.findall(fold(text)))


def same_statement(store: Store, quote: QuoteRow, limit: int = 50) -> list[QuoteRow]:
    """Other stored quotes (in other articles) whose folded text equals this quote's."""
    key = statement_key(quote.text)
    if not key:
        return []
    # search on the statement's leading words, then keep exact (folded) matches only
    words = key.split(" ")
    probe = ""
    for word in words[:12]:
        if len(probe) + len(word) + 1 > MAX_FILTER_LENGTH:
            break
        probe = f"{probe} {word}".strip()
    page = store.search(probe, limit=min(MAX_PAGE_SIZE, limit * 4))
    seen: set[int] = {quote.id}
    out: list[QuoteRow] = []
    for result in page.items:
        other = result.quote
        if other.id in seen or other.article_id == quote.article_id:
            continue
        if statement_key(other.text) == key:
            seen.add(other.id)
            out.append(other)
            if len(out) >= limit:
                break
    return out


def top_outlets(quotes: Iterable[QuoteRow], n: int = 10) -> list[tuple[str, int]]:
    """Outlets by how many of ``quotes`` they carry, most first (ties by name)."""
    counts = Counter(q.outlet for q in quotes if q.outlet)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def speaker_outlets(store: Store, speaker_id: str) -> list[tuple[str, int]]:
    """Top outlets of a speaker, counted over their most recent quotes (the store keeps no such count)."""
    recent = store.speaker_quotes(speaker_id, limit=MAX_PAGE_SIZE)
    return top_outlets(recent.items)


def quote_date(q: QuoteRow) -> str | None:
    """When it was said: the statement's own date when found, else its article's."""
    return q.said_on or q.article_date


def timeline(quotes: Iterable[QuoteRow]) -> list[tuple[str | None, list[QuoteRow]]]:
    """Quotes grouped by date (``YYYY-MM-DD``), newest first; undated last."""
    groups: dict[str | None, list[QuoteRow]] = {}
    for q in quotes:
        groups.setdefault(iso_date(quote_date(q)), []).append(q)
    dated = sorted((k for k in groups if k is not None), reverse=True)
    ordered: list[tuple[str | None, list[QuoteRow]]] = [(k, groups[k]) for k in dated]
    if None in groups:
        ordered.append((None, groups[None]))
    return ordered

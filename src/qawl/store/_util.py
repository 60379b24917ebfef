"""Helpers both backends share: search folding, query terms, dates, page limits and snippets."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from qawl.errors import ConfigError
from qawl.store.base import MAX_PAGE_SIZE, MAX_QUERY_LENGTH
from qawl.text.normalize import fold, normalize

# search folds a little further than normalisation: hamza on waw/yeh seats (مسؤول → مسوول, رئيس → رييس).
# One-to-one, so positions in the normalised text stay valid for snippets.
_SEARCH_FOLD = str.maketrans({"ؤ": "و", "ئ": "ي"})
_TERM = re.compile(r"\w+")
#: a query shorter than this (in folded characters) matches as a substring instead of full-text
MIN_FTS_QUERY = 3


def search_fold(text: str) -> str:
    """The folded form indexed for search and applied to queries.

    ``search_fold("إِنَّ بيسكـوف قالَ")`` → ``'ان بيسكوف قال'``
    """
    # two str.replace calls scan in C; translate would look every character up in a dict
    return fold(text).replace("ؤ", "و").replace("ئ", "ي").lower()


def query_terms(query: str) -> list[str]:
    """Folded word terms of a query; punctuation and operators are dropped (never passed to FTS syntax).

    ``query_terms('"بيسكوف" OR 1=1; --')`` → ``['بيسكوف', 'or', '1', '1']``
    """
    return _TERM.findall(search_fold(query))


# proclitics glued to Arabic words: conjunctions, prepositions and the article (after folding)
_BARE_PREFIXES = ("و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل", "وب", "ول")
_ARTICLE_PREFIXES = ("و", "ف", "ب", "ك", "وب", "فب")
_ARABIC_WORD = re.compile(r"^[\u0621-\u064a]+$")


def term_variants(term: str) -> list[str]:
    """The spellings of an Arabic search term with proclitics attached, so that a word matches however it is
    glued: ``term_variants("رئيس")`` → ``['رئيس', 'ورئيس', …, 'الرئيس', 'والرئيس', 'للرئيس', …]``;
    ``term_variants("الرئيس")`` adds ``والرئيس``, ``بالرئيس``, ``للرئيس``, ``رئيس``; others stay as is."""
    if len(term) < 3 or not _ARABIC_WORD.match(term):
        return [term]
    out = [term]
    if term.startswith("ال") and len(term) > 4:
        rest = term[2:]
        out += [p + term for p in _ARTICLE_PREFIXES] + ["لل" + rest, "ولل" + rest, "فلل" + rest]
        # and without the article: الشركاء also finds شركاء, وشركاء
        out += [rest] + [p + rest for p in _ARTICLE_PREFIXES if len(p) == 1] + ["ل" + rest]
    else:
        out += [p + term for p in _BARE_PREFIXES]
    return out


def check_query(query: str | None) -> str:
    if query is None:
        return ""
    if len(query) > MAX_QUERY_LENGTH:
        raise ConfigError(f"query longer than {MAX_QUERY_LENGTH} characters", where="search")
    return query.strip()


def clamp(limit: int, offset: int) -> tuple[int, int]:
    """Page bounds within ``[1, MAX_PAGE_SIZE]`` and ``offset >= 0``."""
    return max(1, min(int(limit), MAX_PAGE_SIZE)), max(0, int(offset))


def iso_date(value: str | None) -> str | None:
    """An article date as sortable ISO text (UTC when a zone is given), or ``None`` when unparseable.

    ``iso_date("Sun, 18 Feb 2018 18:10:45 +0400")`` → ``'2018-02-18T14:10:45'``
    """
    if not value:
        return None
    value = value.strip()
    dt: datetime | None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            dt = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            dt = None
    if dt is None:
        m = re.match(r"\d{4}-\d{2}-\d{2}", value)
        return m.group() if m else None
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return dt.isoformat(timespec="seconds")


def bound(value: str | None, *, upper: bool) -> str | None:
    """A since/until bound as ISO text; a bare date as ``until`` includes that whole day."""
    if not value:
        return None
    iso = iso_date(value)
    if iso is None:
        raise ConfigError(f"not a date: {value!r}", where="search")
    if upper and len(value.strip()) == 10:
        return iso[:10] + "T23:59:59"
    return iso


def outlet_of(source: str | None, url: str | None) -> str | None:
    """The outlet: the article's source, else its URL's host without ``www.``."""
    if source:
        return source.strip() or None
    if url:
        host = urlsplit(url).hostname or ""
        return host.removeprefix("www.") or None
    return None


def now() -> str:
    return datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds")


def snippet(text: str, terms: list[str], width: int = 80) -> str:
    """A window of ``text`` around the first query term, the hit marked with ``[`` ``]``; the original
    characters (diacritics and all) are kept, positions come from the normalisation offset map."""
    if not terms:
        return text[: width * 2] + ("…" if len(text) > width * 2 else "")
    norm, omap = normalize(text)
    folded = norm.translate(_SEARCH_FOLD).lower()
    if len(folded) != len(norm):  # lower() changed a length (rare Latin letters): no highlight
        return text[: width * 2]
    best: tuple[int, int] | None = None
    for t in sorted(terms, key=len, reverse=True):
        i = folded.find(t)
        if i >= 0:
            best = (i, i + len(t))
            break
    if best is None:
        return text[: width * 2] + ("…" if len(text) > width * 2 else "")
    sp = omap.span_to_orig(*best)
    a = max(0, sp.start - width)
    b = min(len(text), sp.end + width)
    return (
        ("…" if a > 0 else "")
        + text[a : sp.start]
        + "["
        + text[sp.start : sp.end]
        + "]"
        + text[sp.end : b]
        + ("…" if b < len(text) else "")
    )


def like_escape(term: str) -> str:
    """Escape LIKE wildcards so user text matches literally (used with ``ESCAPE '\\'``)."""
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

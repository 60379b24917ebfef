"""When a statement was made: the article date, moved by relative time words near the cue.

article 2018-02-18 (a Sunday) + "قال يوم السبت"      → 2018-02-17 (latest Saturday on or before the date)
article 2018-02-18 + "أمس" → 2018-02-17;  "اليوم" → 2018-02-18;  "الأسبوع الماضي" → 2018-02-11 (date − 7)
no article date → None (an absolute date in the text is not attempted)
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Final

from qawl.attribution import lexicon as lx
from qawl.attribution.tokens import TIME, Tok

_ISO: Final = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# the RFC 2822 dates of news feeds (Sun, 18 Feb 2018 18:10:45 +0400): the day as written, as the email parser
# gives it, without its cost
_RFC2822: Final = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), ([0-9]{1,2}) ([A-Z][a-z]{2}) ([0-9]{4})"
    r" (?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])? (?:[+-](?:[01][0-9]|2[0-3])[0-5][0-9]|GMT|UTC?)"
)
_MONTHS: Final = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}


@lru_cache(maxsize=4096)
def parse_article_date(value: str | None) -> date | None:
    """``2018-02-18`` / ``2018-02-18T10:00:00Z`` / ``Sun, 18 Feb 2018 18:10:45 +0400`` → date; else None."""
    if not value:
        return None
    value = value.strip()
    m = _ISO.search(value) if "-" in value else None  # a feed's date (Sun, 18 Feb …) has none: no scan
    if m is not None:
        year, month, day = m.groups()  # one call, not one a group (each a Python call from compiled code)
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            return None
    m = _RFC2822.fullmatch(value)
    if m is not None:
        day, month, year = m.groups()
        if month in _MONTHS:
            try:
                return date(int(year), _MONTHS[month], int(day))
            except ValueError:
                pass  # the email parser decides
    # imported here: email.utils brings socket and the email package (≈ 10 ms of start-up), and the dates of
    # nearly every feed take one of the patterns above
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in ("%d/%m/%Y", "%Y/%m/%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def relative_offset(toks: list[Tok], i: int, j: int, base: date) -> date | None:
    """The date named by the first relative time expression among tokens ``[i, j)``, or None."""
    tw = lx.time_words()
    for k in range(i, j):
        t = toks[k]
        if (t.w.cls != TIME and t.text not in tw.firsts) or (t.w.prefix and t.w.prefix != "و"):
            continue  # only words the lexicon classes as time words, or that open a time phrase
        if k + 1 < j:
            v = tw.phrases.get((t.text, toks[k + 1].text))
            if v is not None:
                return base + timedelta(days=v)
        word = t.text[len(t.w.prefix) :]
        hit = tw.words.get(word)
        if hit is None and word.startswith("ال"):
            hit = tw.words.get(word[2:])
            if hit is not None and hit[0] != "weekday":
                hit = None if word not in tw.words else hit
        if hit is None:
            continue
        kind, value = hit
        if kind == "offset":
            return base + timedelta(days=value)
        if kind == "weekday" and (word.startswith("ال") or (k > i and toks[k - 1].text in ("يوم", "يومي"))):
            return base - timedelta(days=(base.weekday() - value) % 7)
    return None


def said_on(toks: list[Tok], i: int, j: int, base: date | None) -> str | None:
    """ISO date of the statement whose cue neighbourhood is tokens ``[i, j)``."""
    if base is None:
        return None
    d = relative_offset(toks, i, j, base)
    return iso_date(d or base)


_ISO_DATES: Final[dict[date, str]] = {}  # the article's date, for each of its quotes


def iso_date(d: date) -> str:
    """``d.isoformat()``, remembered (it formats through a printf-style template: ≈ 0.4 µs)."""
    out = _ISO_DATES.get(d)
    if out is None:
        if len(_ISO_DATES) >= 4096:
            _ISO_DATES.clear()  # bounded memory on endless input; only time is lost
        out = _ISO_DATES[d] = d.isoformat()
    return out

"""The attribution stage's shortcuts give what the plain computation gives.

Window tokens come from one ``re.split``; name lookups on long articles go through an index of name words;
words no lexicon lists skip the lexicon checks. Each test compares the shortcut with the plain way.
Every Arabic word here was written for these tests."""

from __future__ import annotations

import itertools
import re
from collections.abc import Container
from email.utils import parsedate_to_datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qawl.attribution import entities as en
from qawl.attribution import tokens as tk
from qawl.attribution.context import Context, Window
from qawl.attribution.dates import parse_article_date
from qawl.attribution.documents import _issued_by, first_issued_by
from qawl.attribution.names import NameGrammar
from qawl.attribution.phrase import Phrase
from qawl.pipeline import make_article, run_stages
from qawl.text.normalize import fold

TEXT = fold(
    "قال المتحدث باسم الوزارة، سامي الخطيب، إن #وزير_الخارجية التقى نظيره. "
    "وأضاف «نحن هنا»، مؤكدا أن الاجتماع (الثاني) سيعقد غدا 12 مايو—في العاصمة_الجديدة"
)

NAMES = [
    "سامي",
    "سامى",
    "الخطيب",
    "الخطييب",
    "خطيب",
    "بيسكوف",
    "بسكوف",
    "دلان",
    "لادن",
    "مورو",
    "لو",
    "دريان",
    "لودريان",
    "كريم",
    "كريمه",
    "غريغ",
    "جريج",
    "نادر",
    "ناصر",
]


@pytest.mark.parametrize("cut", [(0, None), (3, 40), (5, 61), (17, 18), (50, 50), (0, 1)])
def test_window_tokens_are_the_regex_words_clipped_to_the_window(cut: tuple[int, int | None]) -> None:
    start, end = cut[0], len(TEXT) if cut[1] is None else cut[1]
    toks, starts, gaps = tk.split_words(TEXT, start, end)
    expected = [(m.start(), m.end(), m.group()) for m in re.finditer(r"\w+", TEXT[:end]) if m.end() > start]
    expected = [(max(s, start), e, TEXT[max(s, start) : e]) for s, e, _ in expected]
    assert [(t.s, t.e, t.text) for t in toks] == expected
    assert starts == [t.s for t in toks]
    assert all(t.w == tk.analyse(t.text) for t in toks)
    plain = NameGrammar(TEXT, toks)  # gaps computed from the tokens, the slow way
    assert gaps == plain.gaps
    w = Window(TEXT, toks, starts, gaps)
    for i in range(-1, len(toks) + 1):
        assert w.gap(i) == plain.gap(i)


# علي the name and على the preposition fold alike; the window tells them apart by the original letter
RAW = (
    "وقال علي القرة داغي على هامش المؤتمر إن #وزير_الخارجية سامي الخطيب التقى نظيره، "
    "مؤكدا أن الاجتماع (الثاني) سيعقد غدا 12 مايو. وأضاف علي: «نحن هنا» على ما يبدو"
)
_DOC = run_stages(make_article(RAW))
_END = len(_DOC.norm) + 3


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(-3, _END), st.integers(-3, _END)), min_size=1, max_size=8))
def test_windows_from_stretches_already_tokenised_equal_fresh_windows(ranges: list[tuple[int, int]]) -> None:
    ctx = Context(_DOC)  # one article: later windows reuse (and extend) what earlier ones tokenised
    for start, end in ranges:
        w = ctx.window(start, end)
        fresh = Context(_DOC).window(start, end)
        assert (w.toks, w.starts, w.gaps) == (fresh.toks, fresh.starts, fresh.gaps)
        assert w.n == len(w.toks)


def test_fresh_window_is_split_words_with_the_name_ali() -> None:
    norm = _DOC.norm
    w = Context(_DOC).window(0, len(norm))
    toks, starts, gaps = tk.split_words(norm, 0, len(norm))
    assert (w.starts, w.gaps) == (starts, gaps)
    differ = [(a.text, b.w.cls) for a, b in zip(toks, w.toks, strict=True) if a != b]
    assert differ == [("علي", tk.GIVEN), ("علي", tk.GIVEN)]


_PIECES = ["ال", "قرار", "بيان", " ", "  ", "صادر", "صادره", "عن", "من", "و", "ل", "،", "x", "\n"]
_PIECES += ["القرار الصادر عن ", "قرار صادر من ", "والقرار الصادر عن ", "بيان صادره عن ", "البيان صادر عن "]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=24), st.sampled_from(["قرار", "بيان", "ر", "ال", "ل"]))
def test_issuer_lookup_by_key_equals_the_regex_search(pieces: list[str], key: str) -> None:
    norm = "".join(pieces)
    fast = first_issued_by(norm, key)
    slow = _issued_by(key).search(norm)
    assert (fast is None) == (slow is None)
    if fast is not None and slow is not None:
        assert fast.span() == slow.span()


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(["Sun", "Mon", "Thu"]),
    st.integers(0, 35),
    st.sampled_from(["Jan", "Feb", "Apr", "Dec", "Foo"]),
    st.integers(1000, 2100),
    st.integers(0, 25),
    st.integers(0, 61),
    st.sampled_from(["+0400", "-0000", "+2359", "+2460", "+9900"]),
)
def test_feed_dates_read_as_the_email_parser_reads_them(
    day: str, dd: int, mon: str, year: int, hh: int, mm: int, tz: str
) -> None:
    value = f"{day}, {dd} {mon} {year} {hh:02d}:{mm:02d}:{mm:02d} {tz}"
    try:
        expected: object = parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        expected = None  # none of the other formats reads such a value
    assert parse_article_date.__wrapped__(value) == expected


def test_word_analysis_shortcut_agrees_with_the_lexicon_checks() -> None:
    words = [t.text for t in tk.tokenize(TEXT)] + ["ووزير", "الرئيسان", "نظيرتها", "قناتي", "بيانا", "لل"]
    words += [w[2:] for w in words if w.startswith("ال")]
    fast = [tk._classify(*tk._strip_article(w)) for w in words]
    # a word set that holds every word: every word takes every lexicon check
    slow = [tk._classify(*tk._strip_article(w), _Everything()) for w in words]
    assert fast == slow
    assert any(c is not None for c in slow) and any(c is None for c in slow)


class _Everything(Container[str]):
    def __contains__(self, item: object) -> bool:
        return True


def test_name_index_finds_every_related_key() -> None:
    keys = [(w,) for w in NAMES] + [tuple(p) for p in itertools.permutations(NAMES[:6], 2)]
    keys += [("جان", "لو", "دريان"), ("اسامه", "بن", "لادن"), ()]
    index = en._NameIndex()
    for i, k in enumerate(keys):
        index.add(i, 0, k)
    for query in keys:
        if not query:
            continue
        found = {ei for ei, _ in index.candidates(query)}
        for i, k in enumerate(keys):
            if en.related(query, k):
                assert i in found, (query, k)


def _phrase(words: list[str]) -> tuple[Phrase, list[tk.Tok]]:
    norm = " ".join(words)
    toks = tk.tokenize(norm)
    return Phrase(0, len(toks), "name", name=(0, len(toks))), toks


def test_registry_lookup_is_the_same_with_and_without_the_index() -> None:
    reg_scan, reg_index = en.Registry(), en.Registry()
    names = [[a, b] for a, b in itertools.product(NAMES[:8], NAMES[8:])]
    for words in names:
        p, toks = _phrase(words)
        reg_scan.add(p, toks)
        reg_scan._index = None  # keep this one scanning
        reg_index.add(p, toks)
    assert reg_index._index is not None
    ids_scan = {id(e): i for i, e in enumerate(reg_scan.entities)}
    ids_index = {id(e): i for i, e in enumerate(reg_index.entities)}
    for word in [*NAMES, "لودريان", "خطيب"]:
        for at in (None, 0, 40, 400):
            a, b = reg_scan.by_name((word,), at), reg_index.by_name((word,), at)
            assert (a is None) == (b is None)
            if a is not None and b is not None:
                assert ids_scan[id(a)] == ids_index[id(b)]


def test_the_word_cache_is_bounded_and_keeps_frequent_words() -> None:
    cache = tk._ANALYSED
    generation = tk._GENERATION
    for i in range(3 * generation):
        tk.analyse(f"كلمة{i}")  # words seen once
        if i % 1000 == 0:
            tk.analyse("الرئيس")  # a word seen all the time
    assert len(cache) + len(cache.old) <= 2 * generation
    assert "الرئيس" in cache or "الرئيس" in cache.old
    assert tk.analyse("الرئيس") == tk._analyse("الرئيس")  # still the same analysis


def test_remembered_rounding_and_dates_agree_with_the_builtins() -> None:
    from datetime import date

    from qawl.attribution.dates import iso_date
    from qawl.model import round3

    for x in (0.0, -0.0, 0.1235, 0.5, 0.6665, 0.7325, 1.0, 0.0004999, 0.0005):
        for _ in range(2):  # the second time from memory
            got = round3(x)
            assert got == round(x, 3) and str(got) == str(round(x, 3))
    for d in (date(2018, 2, 18), date(1, 1, 1), date(2018, 2, 18)):
        assert iso_date(d) == d.isoformat()


_SPANS = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=5)


@given(_SPANS, _SPANS, st.integers(0, 45))
def test_mention_of_is_the_greatest_span_before_the_quote_else_the_least(
    names: list[tuple[int, int]], roles: list[tuple[int, int]], start: int
) -> None:
    from qawl.attribution.describe import mention_of
    from qawl.doc import QuoteDraft

    e = en.Entity("person")
    e.names, e.role_spans = names, roles
    before = [r for r in names + roles if r[0] < start]
    expected = max(before) if before else min(names + roles, default=None)
    assert mention_of(e, QuoteDraft(start, start + 5, "direct")) == expected


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), min_size=1, max_size=6), st.booleans())
def test_fullest_span_is_max_by_words_then_start_or_letters(
    spans: list[tuple[int, int]], earliest: bool
) -> None:
    from qawl.attribution.describe import _fullest

    norm = "ab c  de f gh i jk lmn o p qr s tu v"

    def key(r: tuple[int, int]) -> tuple[int, int]:
        return len(norm[r[0] : r[1]].split()), (-r[0] if earliest else r[1] - r[0])

    assert _fullest(norm, spans, earliest) == max(spans, key=key)

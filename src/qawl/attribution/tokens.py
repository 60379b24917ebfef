"""Words of the normalised text, each classified once against the lexicons (clitics and article peeled).

analyse("ووزير")      → Word(cls=TITLE, key="وزير", prefix="و", definite=False)
analyse("لوكاله")     → Word(cls=ORG, key="وكاله", prefix="ل", …)
analyse("الجابري")    → Word(cls=UNKNOWN, key="جابري", definite=True)   a possible surname
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from functools import cache
from typing import Final, NamedTuple

from qawl._native import speedups
from qawl.attribution import lexicon as lx

# word classes
TITLE: Final = "title"
ORG: Final = "org"
SOURCE: Final = "source"
PLACE: Final = "place"  # a single-word place or organisation name (ايران، الكرملين)
GIVEN: Final = "given"
PARTICLE: Final = "particle"  # name particles: بن، ابو، عبد …
TIME: Final = "time"
MEDIA: Final = "media"
COMMON: Final = "common"
UNKNOWN: Final = "unknown"

#: name particles that glue name parts together (محمد بن سلمان، عبد الله، ابو مازن، لو دريان)
PARTICLES: Final = frozenset(
    ["بن", "ابن", "بنت", "ابو", "ام", "عبد", "ال", "دي", "دو", "فان", "فون", "لو", "لا", "دا"]
)
# clitic sequences before a word, longest first: conjunctions و ف, prepositions ب ل ك
_PREFIXES: Final = ("وب", "ول", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك")
# possessive suffixes on a title head (نظيره البريطاني → نظير)
_SUFFIXES: Final = ("ته", "ها", "هم", "ه")

_PRONOUNS: Final = ("هما", "هم", "ها", "ه", "كم", "نا")
# titles that are also adverbs of place: with a pronoun they are the adverb (أمامه: in front of him)
_ADVERB_TITLES: Final = frozenset(["امام"])


def _by_edge(affixes: tuple[str, ...], edge: int) -> dict[str, tuple[str, ...]]:
    """Affixes grouped by their first (``edge`` 0) or last (-1) letter, in their order: a word is tried
    only against those that can match it (the same first match as trying them all)."""
    out: dict[str, tuple[str, ...]] = {}
    for a in affixes:
        out[a[edge]] = (*out.get(a[edge], ()), a)
    return out


_PREFIXES_BY_FIRST: Final = _by_edge(_PREFIXES, 0)
_SUFFIXES_BY_LAST: Final = _by_edge(_SUFFIXES, -1)
_PRONOUNS_BY_LAST: Final = _by_edge(_PRONOUNS, -1)

_WORD: Final = re.compile(r"\w+")
WORD: Final = _WORD  # what a token is (for callers that look at one word without tokenising a window)
_WORD_SPLIT: Final = re.compile(
    r"(\w+)"
)  # words at the odd indices, what stands between them at the even ones
_new: Final = tuple.__new__


class Word(NamedTuple):
    """The analysis of one word (immutable; a tuple, as it is built once for every new word)."""

    cls: str
    key: str  # folded, without clitics and without ال
    prefix: str  # clitics peeled off ('' when none)
    definite: bool
    gender: str | None = None
    number: str = "sg"


class Tok(NamedTuple):
    """One word of the normalised text: its span, its text and its analysis."""

    s: int
    e: int
    text: str
    w: Word


def _word(
    cls: str, key: str, prefix: str, definite: bool, gender: str | None = None, number: str = "sg"
) -> Word:
    """``Word(...)`` without its constructor: a named tuple's ``__new__`` runs as interpreted Python even
    in the compiled build (≈ 1 µs), once for every new word."""
    return _new(Word, (cls, key, prefix, definite, gender, number))


def _strip_article(word: str) -> tuple[str, bool]:
    if word.startswith("ال") and len(word) > 3:
        return word[2:], True
    return word, False


# endings the suffix rules of ``_classify`` look at: dual titles (الرئيسان), possessives (نظيره، نظيرتها),
# dual organisations in a genitive (قناتي، منظمتا)
_RULE_ENDINGS: Final[tuple[str, ...]] = ("ان", "ه", "ها", "هم", "تي", "تا")
# (typed tuple[str, ...]: compiled, a fixed-length tuple constant, or a literal one, is built anew as an
# object at every use)
# by last letter: most words are tried against none or one of them
_RULE_ENDINGS_BY_LAST: Final = _by_edge(_RULE_ENDINGS, -1)
_DUAL_TITLE: Final[tuple[str, ...]] = ("ان", "تان")
_DUAL_GENITIVE: Final[tuple[str, ...]] = ("تي", "تا")


@cache
def _known() -> frozenset[str]:
    """Every word some lexicon lists: a word outside it, with none of ``_RULE_ENDINGS``, is classified
    None at once (most words of a text; the checks below would all fail)."""
    o = lx.orgs()
    return frozenset(
        [
            *lx.titles(),
            *(n[0] for n in o.names if len(n) == 1),
            *o.heads,
            *lx.sources(),
            *lx.time_words().words,
            *lx.media(),
            *PARTICLES,
            *lx.given_names(),
            *lx.common_words(),
        ]
    )


class _Tables:
    """The lexicons the word analysis reads, fetched once: each ``lx`` function is a cached call, which
    compiled code pays as a Python call every time (a new word took up to a dozen of them)."""

    def __init__(self) -> None:
        o = lx.orgs()
        self.known = _known()
        self.titles = lx.titles()
        self.org_heads = o.heads
        self.org_names = o.names
        self.sources = lx.sources()
        self.time_words = lx.time_words().words
        self.media = lx.media()
        self.given = lx.given_names()
        self.common = lx.common_words()


_TABLES: Final[list[_Tables]] = []  # one, made on first use (nothing is read at import time)


def _tables() -> _Tables:
    if not _TABLES:
        _TABLES.append(_Tables())
    return _TABLES[0]


def _classify(
    base: str, definite: bool, known: Container[str] | None = None
) -> tuple[str, str | None, str] | None:
    """Class, gender and number of a clitic-free word, or None when no lexicon knows it.

    ``known``: the shortcut's word set (``_known()``); a set that holds every word turns the shortcut off
    (the tests compare both)."""
    tb = _tables()
    if known is None:
        known = tb.known
    key = base
    listed = key in known or (definite and "ال" + key in known)
    if not listed:
        ends = _RULE_ENDINGS_BY_LAST.get(key[-1:])
        if ends is None or not key.endswith(ends):
            return None
    tl = tb.titles
    if key in tl:
        h = tl[key]
        return TITLE, h.gender, h.number
    if key.endswith(_DUAL_TITLE) and len(key) > 4:
        stem = key[:-3] + "ه" if key.endswith("تان") else key[:-2]
        if stem in tl:
            return TITLE, tl[stem].gender, "du"  # الرئيسان، الوزيران، المديرتان
    for suf in () if definite else _SUFFIXES_BY_LAST.get(key[-1:], ()):
        if (
            key.endswith(suf)
            and key[: -len(suf)] in tl
            and len(key) > len(suf) + 2
            and key[: -len(suf)] not in _ADVERB_TITLES
        ):
            h = tl[key[: -len(suf)]]
            return TITLE, ("f" if suf == "ته" else h.gender), h.number
    heads = tb.org_heads
    if not listed:
        # every check below but the dual organisation's looks the word up in a lexicon, and none lists it
        if key.endswith(_DUAL_GENITIVE) and key[:-2] + "ه" in heads:
            return ORG, heads[key[:-2] + "ه"].gender, "du"
        return None
    full = ("ال" + key) if definite else key
    one = tb.org_names.get((full,))
    if one is not None:
        return PLACE, one.gender, one.number
    if key in heads:
        h = heads[key]
        return ORG, h.gender, h.number
    if key.endswith(_DUAL_GENITIVE) and key[:-2] + "ه" in heads:
        return ORG, heads[key[:-2] + "ه"].gender, "du"  # قناتي، منظمتا: the dual in a genitive
    src = tb.sources
    if key in src:
        h = src[key]
        return SOURCE, h.gender, h.number
    tw = tb.time_words
    if full in tw or (key in tw and tw[key][0] != "weekday") or (definite and key in tw):
        return TIME, None, "sg"
    if key in tb.media:
        return MEDIA, None, "sg"
    if not definite and key in PARTICLES:
        return PARTICLE, None, "sg"
    if not definite and key in tb.given:
        return GIVEN, tb.given[key], "sg"
    if key in tb.common or full in tb.common:
        return COMMON, None, "sg"
    return None


class _Analysed(dict[str, Word]):
    """Words already classified. A dict whose misses call ``_analyse``: a hit costs one C-level lookup
    (``analysed[word]`` in ``split_words``), cheaper than an ``lru_cache`` hit.

    Two generations keep it bounded without forgetting the frequent words: when the dict holds
    ``_GENERATION`` words it becomes the old generation and starts empty; a word found in the old one moves
    back. Rare words (most of the misses) drop out after two generations, frequent ones stay, memory stays
    under two generations (flat on endless input), and the small young dict stays in the CPU caches better
    than one dict of every word seen."""

    def __init__(self) -> None:
        super().__init__()
        self.old: dict[str, Word] = {}

    def __missing__(self, word: str) -> Word:
        w = self.old.get(word)
        if w is None:
            w = _analyse(word)  # pure: a word analysed again costs only time
        if len(self) >= _GENERATION:
            self.old = dict(self)
            self.clear()
        self[word] = w
        return w


_GENERATION: Final = 25_000  # words (≈ 6 MB with their analyses)
_ANALYSED: Final = _Analysed()


def analyse(word: str) -> Word:
    """Classify a folded word: the bare word first, then with its clitics peeled (ووزير → و + وزير)."""
    return _ANALYSED[word]


def _analyse(word: str) -> Word:
    if "_" in word:
        # a hashtag: #الرئيس_الفلسطيني is a title, #محمود_عباس a name, #مجلس_الأعمال an organisation
        first, definite = _strip_article(word.split("_", 1)[0])
        c = _classify(first, definite)
        cls = c[0] if c is not None and c[0] in (TITLE, GIVEN, ORG) else UNKNOWN
        return _word(cls, word, "", definite and cls != UNKNOWN, c[1] if c is not None else None)
    known = _tables().known
    base, definite = _strip_article(word)
    c = _classify(base, definite, known)
    if c is not None:
        return _word(c[0], base, "", definite, c[1], c[2])
    if len(word) > 1 and word[0] in "لب" and word[1:].isascii():
        return _word(UNKNOWN, word[1:], word[0], False)  # لـCNN: a preposition on a Latin name
    if base.endswith("ا") and len(base) > 3:
        c = _classify(base[:-1], definite, known)  # بيانا، تقريرا: the accusative of a known word
        if c is not None and c[0] in (MEDIA, COMMON, SOURCE, ORG):
            return _word(c[0], base[:-1], "", definite, c[1], c[2])
    for p in _PREFIXES_BY_FIRST.get(word[:1], ()):
        if not word.startswith(p) or len(word) - len(p) < 2:
            continue
        rest = word[len(p) :]
        if p.endswith("ل") and rest.startswith("ل") and len(rest) > 3:
            rest = "ا" + rest  # لل = ل + ال
        b, d = _strip_article(rest)
        c = _classify(b, d, known)
        if c is not None and c[0] != PARTICLE:
            return _word(c[0], b, p, d, c[1], c[2])
    for suf in _PRONOUNS_BY_LAST.get(base[-1:], ()):
        # a common word with a pronoun suffix (خلالها، بلاده، عليهم) is still a common word; so is a noun
        # another lexicon lists (مقاله، حديثها, a document), and a noun in ة with a possessive (طفولته):
        # none of them is a name
        if base.endswith(suf) and len(base) - len(suf) >= 2:
            stem = base[: -len(suf)]
            if _possessed_noun(stem, definite):
                return _word(COMMON, base, "", definite)  # ذاتها، حكومتها، مقاله، ولادته
    return _word(UNKNOWN, base, "", definite)


def _possessed_noun(stem: str, definite: bool) -> bool:
    """Is ``stem`` (a word without its pronoun suffix) a noun: one a lexicon lists other than as a given
    name only (a stem that is just a name, كريم+ه, may be a spelling of كريمة), or one in ة (طفولت+ه)?"""
    tb = _tables()
    known = tb.known
    if stem.endswith("ت"):
        return stem[:-1] + "ه" in known or (len(stem) >= 4 and not definite)
    if stem not in known:
        return False
    return stem not in tb.given or stem in tb.media or stem in tb.common


def tokenize(norm: str, start: int = 0, end: int | None = None) -> list[Tok]:
    """The words of ``norm[start:end]`` (positions in ``norm``), in order, with their analysis."""
    return split_words(norm, start, len(norm) if end is None else end)[0]


_Split = Callable[[str, int, int], tuple[list[Tok], list[int], list[str]]]


def _native_splitter() -> _Split | None:
    kernels = speedups()
    return None if kernels is None else kernels.WordSplitter(_ANALYSED, Tok)


_NATIVE_SPLIT: Final = _native_splitter()


def split_words(norm: str, start: int, end: int) -> tuple[list[Tok], list[int], list[str]]:
    """The tokens of ``norm[start:end]``, their start positions, and the gap after each one: the text to the
    next token without spaces, tabs and ``#`` ("." after the last one; see ``NameGrammar.gap``). ``start``
    and ``end`` are positions (not negative); an end past the text stands for its end.

    The native kernel (``qawl._speedups.WordSplitter``) when it is built, else ``split_words_py``."""
    if _NATIVE_SPLIT is not None:
        return _NATIVE_SPLIT(norm, start, end)
    return split_words_py(norm, start, end)


def split_words_py(norm: str, start: int, end: int) -> tuple[list[Tok], list[int], list[str]]:
    """``split_words`` in Python: the definition the native kernel reproduces.

    One ``re.split`` (words at the odd indices, what stands between them at the even ones) and one loop
    (faster than chains of ``map`` and ``accumulate``, interpreted or compiled).
    """
    parts = _WORD_SPLIT.split(norm[start:end])
    toks: list[Tok] = []
    starts: list[int] = []
    gaps: list[str] = []
    if len(parts) < 3:
        return toks, starts, gaps
    analysed = _ANALYSED
    pos = start + len(parts[0])
    for k in range(1, len(parts) - 1, 2):
        word = parts[k]
        e = pos + len(word)
        toks.append(_new(Tok, (pos, e, word, analysed[word])))
        starts.append(pos)
        sep = parts[k + 1]
        gaps.append("" if sep == " " else sep.strip(" \t#"))
        pos = e + len(sep)
    gaps[-1] = "."
    return toks, starts, gaps


# Latin letter names as Arabic spells them in outlet acronyms (بي بي سي، سي إن إن، إم بي سي)
SPELLED_LETTERS: Final = frozenset(
    ["بي", "سي", "ان", "اي", "ام", "تي", "في", "دي", "جي", "اف", "ار", "اس", "كي"]
)


def spelled_outlet(toks: list[Tok], k: int, j: int) -> bool:
    """``لبي بي سي`` / ``لسي إن إن`` at token ``k``: ل glued to the first letter of a spelled acronym, an
    addressee, never a name or a subject."""
    t = toks[k].text
    return (
        len(t) == 3
        and t[0] == "ل"
        and t[1:] in SPELLED_LETTERS
        and k + 1 < j
        and toks[k + 1].text in SPELLED_LETTERS
        and toks[k + 1].s - toks[k].e <= 1
    )

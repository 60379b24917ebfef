"""Glued words: scrapers drop the space between words. ``split_glued`` inserts spaces where it is sure.

Only insertions, so the offset map stays simple (an inserted space maps to the character after it). A false
split that breaks a real word is worse than a missed one, so every rule needs positive evidence:

- spelling (needs the original text): ``ة`` and ``ى`` only end words, so a letter after them starts a new
  one (``ومجموعةالسبع`` → ``ومجموعة السبع``); ``إ`` only starts words (after ال or a one-letter clitic), so
  another letter before it ends one (``الأبيضإلى`` → ``الأبيض إلى``);
- a hamza-final word before ال: ``لإنهاءالحرب`` → ``لإنهاء الحرب``;
- sentence punctuation between two words: ``روسيا.وقال`` → ``روسيا. وقال``;
- script changes: ``[in the US]وأكد`` → ``[in the US] وأكد``, ``X(تويتر`` → ``X (تويتر``;
- vocabulary (data/glue_words.tsv): a token that is not a word of the list but splits into words of it,
  the last piece possibly a word with ال or, after a name, any word of 4+ letters starting with ا:
  ``فيالبيت`` → ``في البيت``، ``معموسكوبالانسحاب`` → ``مع موسكو بالانسحاب``،
  ``واشنطناشترطت`` → ``واشنطن اشترطت``;
  and a word with ال glued to ``و`` + a listed word, to ``وال`` + a word, or to a listed word with ال:
  ``الأوروبيومجموعة`` → ``الأوروبي ومجموعة``، ``الاتحادالأوروبي`` → ``الاتحاد الأوروبي``.

Known misses and misfires: unlisted words glued together (``سيطرالحوثيون``) stay; a transliterated name
with a medial إ (``لينكدإن``) or a typo with a medial ى or ة is split.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Final, Protocol

from qawl._native import kernel
from qawl.errors import LexiconError
from qawl.model import OffsetMap
from qawl.text.clean import load_table
from qawl.text.foreign import latin_or_bracket
from qawl.text.normalize import fold
from qawl.text.trie import trie_regex

_L = "\u0621-\u063a\u0641-\u064a"  # Arabic letters (no tatweel, no harakat)
_HARAKAT = "\u064b-\u0652"

# punctuation glued between two words of 2+ letters (not "أ.ف.ب", not "بيت.كوم")
# (one pattern per mark, each led by its literal: the engine finds a literal far faster than a class, and the
# marks absent from a text are skipped with ``in``)
_PUNCT = tuple(
    (mark, re.compile(rf"{re.escape(mark)}(?=[{_L}]{{2}})(?<=[{_L}][{_L}].)(?!كوم|نت\b|اورغ|اورج)"))
    for mark in ".!?؟،,؛:"
)
# script changes; each pattern starts with an ASCII character, so the engine skips Arabic text quickly
_LATIN_THEN_ARABIC = re.compile(rf"[A-Za-z\]](?=[{_L}])")
_ARABIC_THEN_LATIN = re.compile(rf"[A-Za-z\[](?:(?<=[{_L}][A-Za-z\[])|(?<=[A-Za-z]\[))")
_LATIN_THEN_PAREN = re.compile(r"\((?<=[A-Za-z]\()")
# Arabic definite-article prefixes that legitimately take a Latin word: الـiPhone
_PREFIXES_BEFORE_LATIN = frozenset(["ال", "بال", "وال", "فال", "كال", "لل", "وبال", "ب", "و", "ل", "ف", "ك"])
# a hamza-final word glued to the article: اءالحرب
_HAMZA_AL = re.compile(rf"ء(?<=[{_L}][{_L}]ء)(?=ال[{_L}]{{3}})")
# in the original text: a word-final letter followed by a letter (one pattern per letter: a literal first
# character lets the engine skip quickly); not before ء ("مبادىء" is a common spelling of مبادئ), not
# before fewer than 3 letters ("عىل"، "علىهم" are typos, not two words), and ى not before ي ("الرئىيس")
_FINAL_LETTERS = (
    re.compile(rf"ة[{_HARAKAT}]?(?=[\u0622-\u063a\u0641-\u064a][{_L}]{{2}})"),
    re.compile(rf"ى[{_HARAKAT}]?(?=[\u0622-\u063a\u0641-\u0649][{_L}]{{2}})"),
)
# in the original text: إ after a letter that is not a one-letter clitic nor the ل of ال
# (the literal comes first so the engine can skip to it; the lookbehind then checks the letter before)
_NOT_CLITIC = r"[\u0621-\u0626\u0629-\u063a\u0642\u0645-\u0647\u0649-\u064a]"
_INNER_HAMZA_BELOW = re.compile(rf"إ(?:(?<={_NOT_CLITIC}إ)|(?<={_NOT_CLITIC}[{_HARAKAT}]إ))")
_RUN = re.compile(rf"[{_L}]+")
_TOKEN = re.compile(r"\S+")
_FEW_TOKENS = 4  # up to this many distinct split tokens are placed with str.find, more in one pass
# a token that starts with the article (after up to two clitics)
_DEFINITE_START = re.compile(r"(?:[وفبك]|وب|فب|وك)?ال")
# a word with the article (and optional clitics), as the last piece of a glued token
_DEFINITE = re.compile(rf"(?:[وف]?[بك]?ال[{_L}]{{3,}}|[وف]?لل[{_L}]{{4,}})")
# complementisers may follow a glued reporting verb: قالانه → قال انه
_COMPLEMENTISERS = frozenset(["ان", "انه", "انها", "بان", "وان"])
_MAX_PIECE = 14
_MAX_TOKEN = 48  # at most about four glued words; also bounds the search's depth


@dataclass(frozen=True, slots=True)
class _Vocab:
    words: dict[str, str]  # folded word → class (func, name, verb, word)
    keep: tuple[str, ...]  # folded prefixes of real words never to split
    candidate: re.Pattern[str]  # the start of a token that may be glued words (فيالبيت، معموسكو…)
    heads: frozenset[str]  # the first three characters of every candidate token (a cheap first filter)
    # the tokens of a text that a vocabulary rule may split (see _points_b)
    tokens: Callable[[str], list[str]]
    and_word: re.Pattern[str]  # a second word glued after a word with ال (الأوروبيومجموعة، الاتحادالأوروبي)


@cache
def _vocab() -> _Vocab:
    words: dict[str, str] = {}
    keep: list[str] = []
    for _lineno, (word, cls) in load_table("glue_words.tsv", ("word", "class")):
        if cls not in {"func", "name", "verb", "word", "keep"}:
            raise LexiconError(f"unknown class {cls!r}", where=f"glue_words.tsv:{_lineno}")
        w = fold(word).strip()
        if cls == "keep":
            keep.append(w)
        else:
            words.setdefault(w, cls)
    candidate, heads = _candidate_regex(words)
    tokens = _TokenFilter(heads, _MIN_CANDIDATE, _MIN_AND_WORD).tokens
    return _Vocab(words, tuple(keep), candidate, heads, tokens, _and_word_regex(words))


def _candidate_regex(words: dict[str, str]) -> tuple[re.Pattern[str], frozenset[str]]:
    """The start of a candidate glued token (matched at the token start, after an optional quote mark).

    A closed-class word then ال and 3+ letters (``فيالبيت``); or, in a token of 8+ letters, a listed word
    then 3+ letters (``معموسكو…``). Words with ال and reporting verbs under 4 letters start neither kind:
    they begin too many real words (إلى and على glued before ال are found by their ى in the original).
    Returns the pattern and the first three characters of everything it can match.
    """
    func = [
        p + w for w, cls in words.items() if cls == "func" and not w.startswith("ال") for p in ("", "و", "ف")
    ]
    firsts = [
        p + w
        for w, cls in words.items()
        if not w.startswith("ال") and not (cls == "verb" and len(w) < 4)
        for p in ("", "و", "ف")
    ]
    regex = re.compile(
        rf"[\"'(\[]?(?:(?:{trie_regex(func)})ال[{_L}]{{3}}|(?=[{_L}]{{8}})(?:{trie_regex(firsts)})[{_L}]{{3}})"
    )
    # what the pattern matches starts with one of these, then Arabic letters (after an optional quote mark)
    starts = [w + "ال" for w in func] + firsts
    heads = {h for w in starts for h in _with_letters(w, 3)}
    heads.update(q + h for w in starts for h in _with_letters(w, 2) for q in "\"'([")
    return regex, frozenset(heads)


_LETTERS = [chr(c) for c in range(0x0621, 0x063B)] + [chr(c) for c in range(0x0641, 0x064B)]  # as _L


def _with_letters(start: str, n: int) -> list[str]:
    """The first ``n`` characters of ``start`` followed by any Arabic letters: ("فيال", 3) → ["فيا"]."""
    if len(start) >= n:
        return [start[:n]]
    return [h for c in _LETTERS for h in _with_letters(start + c, n)]


def _and_word_regex(words: dict[str, str]) -> re.Pattern[str]:
    """The second of two words glued after a word with ال: ``و`` + a listed word of 4+ letters
    (``الأوروبيومجموعة``), ``وال`` + 3+ letters (``التجاربوالخبرات``) or a listed word with ال
    (``الاتحادالأوروبي``), ending the token. The caller checks the first word."""
    long_words = [w for w, cls in words.items() if len(w) >= 4 and cls != "func"]
    definite = [w[2:] for w, cls in words.items() if w.startswith("ال") and len(w) >= 5 and cls != "func"]
    return re.compile(
        f"(?:و(?<=[{_L}]و)(?:{trie_regex(long_words)}|ال[{_L}]{{3,}}+)"
        f"|ال(?<=[{_L}]ال)(?:{trie_regex(definite)}))(?![{_L}])"
    )


def split_glued(
    norm: str, orig: str | None = None, omap: OffsetMap | None = None, latin: bool | None = None
) -> tuple[str, OffsetMap]:
    """Insert spaces at glue points of ``norm``; return the new text and the map from it to ``norm``.

    ``orig`` and ``omap`` (the original text and its map from ``norm``) enable the spelling rules;
    ``latin`` is ``foreign.latin_or_bracket(norm)`` when the caller knows it already.

    >>> split_glued("قال في مؤتمر فيالبيت")[0]
    'قال في مؤتمر في البيت'
    """
    if latin is None:
        latin = latin_or_bracket(norm)
    points = set(_points_a(norm, orig, omap, latin))
    if points:
        first = sorted(points)
        text_a, _ = _insert(norm, first)
        spaces = [p + i for i, p in enumerate(first)]  # where those spaces sit in text_a
        for q in _points_b(text_a):
            # back to a position of norm: q minus the spaces inserted before it
            points.add(q - bisect_left(spaces, q))
    else:
        points.update(_points_b(norm))
    points.discard(0)
    points.discard(len(norm))
    if not points:
        return norm, OffsetMap.identity(len(norm))
    ordered = sorted(p for p in points if not norm[p - 1].isspace() and not norm[p].isspace())
    if not ordered:
        return norm, OffsetMap.identity(len(norm))
    return _insert(norm, ordered)


def _insert(norm: str, positions: list[int]) -> tuple[str, OffsetMap]:
    parts: list[str] = []
    last = 0
    for p in positions:
        parts.append(norm[last:p])
        last = p
    parts.append(norm[last:])
    return " ".join(parts), OffsetMap.from_insertions(positions, len(norm))


def _points_a(norm: str, orig: str | None, omap: OffsetMap | None, latin: bool) -> list[int]:
    """Glue points from punctuation, script changes, hamza and (with the original) spelling."""
    out, dots, latin_starts = _norm_points(norm, latin)
    out.extend(i + 1 for i in dots if _sentence_dot(norm, i))
    out.extend(p for p in latin_starts if _arabic_run_before(norm, p) not in _PREFIXES_BEFORE_LATIN)
    if orig is not None and omap is not None:
        to_norm = omap.to_norm
        out.extend(to_norm(p) for p in _orig_points(orig))
    return out


def _norm_points_py(norm: str, latin: bool) -> tuple[list[int], list[int], list[int]]:
    """The glue points of the punctuation (but ``.``), hamza and (with ``latin``) script rules; the
    full stops glued between words (for ``_sentence_dot``); the Latin letters glued after an Arabic letter
    (points unless the Arabic is a prefix: ``الـiPhone``)."""
    out: list[int] = []
    dots: list[int] = []
    for mark, regex in _PUNCT:
        if mark in norm:
            (dots if mark == "." else out).extend(m.end() for m in regex.finditer(norm))
    dots = [i - 1 for i in dots]
    out.extend(m.start() + 1 for m in _HAMZA_AL.finditer(norm))
    starts: list[int] = []
    if latin:
        out.extend(m.end() for m in _LATIN_THEN_ARABIC.finditer(norm))
        for m in _ARABIC_THEN_LATIN.finditer(norm):
            (out if norm[m.start()] == "[" else starts).append(m.start())
        out.extend(m.start() for m in _LATIN_THEN_PAREN.finditer(norm))
    return out, dots, starts


def _orig_points_py(orig: str) -> list[int]:
    """Glue points of the spelling rules, in positions of the original text: after a word-final letter
    (``ومجموعةالسبع`` → after ة), before an inner إ (``الأبيضإلى`` → before إ)."""
    out: list[int] = []
    for regex in _FINAL_LETTERS:
        out.extend(m.end() for m in regex.finditer(orig))
    out.extend(m.start() for m in _INNER_HAMZA_BELOW.finditer(orig))
    return out


# the native kernels test every character of the text once for all these rules (ten regex scans otherwise;
# each position they give is the one a regex gives, in another order)
_norm_points: Final = kernel("glue_norm_points", _norm_points_py)
_orig_points: Final = kernel("glue_orig_points", _orig_points_py)


def _sentence_dot(norm: str, i: int) -> bool:
    """A full stop between words, not in a dotted acronym: ``روسيا.وقال`` → True, ``سي.ان.ان`` → False."""
    if i < 4 or not all(_is_arabic_letter(c) for c in norm[i - 4 : i]):
        return False  # the word before has fewer than 4 letters (جيه.بي)
    k = i - 4
    while k > 0 and _is_arabic_letter(norm[k - 1]):
        k -= 1
    if k > 0 and norm[k - 1] == ".":
        return False  # ….XYZ.abc: a chain
    e = i + 1
    while e < len(norm) and _is_arabic_letter(norm[e]):
        e += 1
    return e >= len(norm) or norm[e] != "."


def _is_arabic_letter(c: str) -> bool:
    return "\u0621" <= c <= "\u064a" and c != "\u0640"


def _arabic_run_before(text: str, p: int) -> str:
    k = p
    while k > 0 and p - k < 5 and _is_arabic_letter(text[k - 1]):
        k -= 1
    return text[k:p]


class _TokenFilterPy:
    """The white-space tokens of a text of ``long_len`` characters or more, and those of ``min_len`` or more
    whose first three characters are one of ``heads``."""

    def __init__(self, heads: frozenset[str], min_len: int, long_len: int) -> None:
        self.heads = heads
        self.min_len = min_len
        self.long_len = long_len

    def tokens(self, text: str) -> list[str]:
        heads, min_len, long_len = self.heads, self.min_len, self.long_len
        return [t for t in text.split() if len(t) >= long_len or (len(t) >= min_len and t[:3] in heads)]


# the native kernel makes only the tokens that pass (str.split makes every word of the text; of about 60
# tokens of 7+ characters an article, a few start like a candidate, a few more have 10+)
class _Tokens(Protocol):
    def tokens(self, text: str) -> list[str]: ...


# (typed by what it does: compiled code must not take the native kernel's object for a _TokenFilterPy)
_TokenFilter: Final[Callable[[frozenset[str], int, int], _Tokens]] = kernel("TokenFilter", _TokenFilterPy)
_MIN_CANDIDATE = 7  # a candidate glued token (_candidate_regex) has 7+ characters
_MIN_AND_WORD = 10  # a word with ال, 3+ letters of its own, then the second word (_and_word_regex)


def _points_b(text: str) -> list[int]:
    """Glue points found with the vocabulary."""
    vocab = _vocab()
    candidate = vocab.candidate.match
    heads = vocab.heads
    # splitting on white space and testing each longer token costs less than any regex scan over the text;
    # every rule looks inside one token, so each distinct token is split once, wherever it occurs
    longer = vocab.tokens(text)
    cuts_of: dict[str, list[int]] = {}
    for token in {t for t in longer if t[:3] in heads and candidate(t) is not None}:
        run = _RUN.search(token)
        if run is not None:
            cuts = _split_token(run.group(), vocab)
            if cuts:
                cuts_of[token] = [run.start() + c for c in cuts]
    and_word = vocab.and_word.search
    for token in {t for t in longer if len(t) >= _MIN_AND_WORD and and_word(t) is not None}:
        offsets = _and_word_points(token, vocab)
        if offsets:
            cuts_of.setdefault(token, []).extend(offsets)
    out: list[int] = []
    if len(cuts_of) > _FEW_TOKENS:
        # one pass over the tokens places them all (linear however many distinct tokens split)
        for m in _TOKEN.finditer(text):
            found = cuts_of.get(m.group())
            if found is not None:
                out.extend(m.start() + c for c in found)
        return out
    for token, offsets in cuts_of.items():
        # every occurrence as a whole token (white space or the text's edge on both sides): a few C scans
        size = len(token)
        i = text.find(token)
        while i >= 0:
            if (i == 0 or text[i - 1].isspace()) and (i + size == len(text) or text[i + size].isspace()):
                out.extend(i + c for c in offsets)
            i = text.find(token, i + 1)
    return out


def _and_word_points(token: str, vocab: _Vocab) -> list[int]:
    """Offsets in ``token`` of a second word glued after a word with ال: ``الأوروبيومجموعة`` → [8]."""
    out: list[int] = []
    for m in vocab.and_word.finditer(token):
        head = _token_start(token, m.start())
        word = token[head : m.end()]
        article = _DEFINITE_START.match(word)
        # the word with ال needs 3+ letters of its own before the second (not بالوانها = بألوانها)
        if article is not None and m.start() - head - article.end() >= 3 and not _is_known(word, vocab):
            out.append(m.start())
    return out


def _token_start(text: str, p: int) -> int:
    while p > 0 and _is_arabic_letter(text[p - 1]):
        p -= 1
    return p


def _is_known(token: str, vocab: _Vocab) -> bool:
    if token in vocab.words:
        return True
    bare = token[1:] if token[0] in "وف" else token
    return bare in vocab.words or any(bare.startswith(k) for k in vocab.keep)


def _split_token(token: str, vocab: _Vocab) -> list[int]:
    """Offsets inside ``token`` where spaces go; [] for a word or a token without known pieces."""
    if len(token) > _MAX_TOKEN or _is_known(token, vocab):
        return []  # (a run of letters longer than a few glued words is not text worth splitting)
    ends = _pieces(token, 0, "", vocab)
    return ends[:-1] if ends is not None and len(ends) > 1 else []


def _piece_class(piece: str, vocab: _Vocab) -> tuple[str, str] | None:
    """The class of a listed word, optionally after و or ف, and the word without them."""
    cls = vocab.words.get(piece)
    if cls is not None:
        return cls, piece
    if len(piece) > 2 and piece[0] in "وف":
        cls = vocab.words.get(piece[1:])
        if cls is not None:
            return cls, piece[1:]
    return None


def _pieces(
    token: str, i: int, prev: str, vocab: _Vocab, memo: dict[tuple[int, str], list[int] | None] | None = None
) -> list[int] | None:
    """Ends of the fewest pieces covering ``token[i:]``; the first piece must be a listed word.

    ``prev`` is the class of the piece before (``name`` only for names of 4+ letters). ``memo`` keeps
    the search linear in the token's length.
    """
    if memo is None:
        memo = {}
    key = (i, prev)
    if key in memo:
        return memo[key]
    memo[key] = None
    rest = token[i:]
    if i > 0 and _final_ok(rest, prev, vocab):
        memo[key] = [len(token)]
        return memo[key]
    for n in range(min(len(rest) - 2, _MAX_PIECE), 1, -1):
        found = _piece_class(rest[:n], vocab)
        if found is None:
            continue
        cls, word = found
        if cls == "verb" and len(word) < 4:
            continue  # لفت، رأت، يرى start too many real words (ولفترات، ويريدون)
        if cls == "name" and len(word) < 4:
            cls = "short-name"
        tail = _pieces(token, i + n, cls, vocab, memo)
        if tail is not None:
            memo[key] = [i + n, *tail]
            return memo[key]
    return None


def _final_ok(rest: str, prev: str, vocab: _Vocab) -> bool:
    """Whether ``rest`` can be the last piece: ``البيت``، ``بالانسحاب``؛ a listed word of 4+ letters;
    a reporting verb; a complementiser after a verb (``قالانه``); after a name, a word in ا (``اشترطت``)."""
    found = _piece_class(rest, vocab)
    if found is not None:
        cls, word = found
        if cls == "func":
            return prev == "verb" and word in _COMPLEMENTISERS
        if len(rest) >= 4 if cls == "verb" else len(word) >= 4:
            return True
    if _DEFINITE.fullmatch(rest) is not None:
        return True
    return prev == "name" and len(rest) >= 4 and rest[0] == "ا"

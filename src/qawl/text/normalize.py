"""Normalisation for matching, with the offset map written in the same pass.

The normalised text folds what Arabic writers vary freely, so that one lexicon entry matches every
spelling: ``أ إ آ ٱ → ا``, ``ى → ي``, ``ة → ه``, Arabic-Indic digits → ASCII, every double quotation
mark → ``"`` and every single one → ``'``, exotic spaces → space; diacritics, tatweel and invisible
format characters are deleted. Compatibility forms (presentation-form ligatures such as ``ﻻ``) go through
NFKC. The original text is never touched: ``OffsetMap`` maps every normalised position back.

    normalize("قالَ إنّ «السلام» ممكنٌ")  →  'قال ان "السلام" ممكن'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Final

from qawl._native import speedups
from qawl.model import OffsetMap

# one-to-one folds: same length, so the offset map is untouched by them
_FOLD: dict[int, int | None] = {}


def _fold(chars: str, to: str) -> None:
    for c in chars:
        _FOLD[ord(c)] = ord(to)


_fold("أإآٱٲٳ", "ا")
_fold("ى", "ي")
_fold("ی", "ي")  # Persian yeh
_fold("ک", "ك")  # Persian kaf
_fold("ة", "ه")
_fold("ۀ", "ه")
_fold("“”«»„‟″〝〞＂", '"')
_fold("‘’‚‛‹›`´", "'")
_fold("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000", " ")
_fold("\u2028\u2029\u0085", "\n")
_fold("٬", ",")  # Arabic thousands separator
_fold("٫", ".")  # Arabic decimal separator
_fold("٪", "%")
for _i in range(10):
    _FOLD[0x0660 + _i] = 0x30 + _i  # Arabic-Indic
    _FOLD[0x06F0 + _i] = 0x30 + _i  # Extended (Persian) Arabic-Indic
# A lone surrogate is valid in JSON input ("\ud83d") but not in UTF-8, which the lexicon automaton (and any
# writer) needs: the replacement character stands in for it, one for one.
# (written with chr: mypyc compiles no surrogate in a string literal)
_SURROGATES = chr(0xD800) + "-" + chr(0xDFFF)
for _cp in range(0xD800, 0xE000):
    _FOLD[_cp] = 0xFFFD

# characters deleted for matching: harakat, Quranic marks, superscript alef, tatweel, format characters
_DELETE_CLASS = (
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\ufeff\u00ad"
)
_DELETE = re.compile(f"[{_DELETE_CLASS}]")


def _class_chars(cls: str) -> list[str]:
    """The characters of a regex class body made of single characters and ``a-b`` ranges."""
    out: list[str] = []
    i = 0
    while i < len(cls):
        if i + 2 < len(cls) and cls[i + 1] == "-":
            out.extend(chr(c) for c in range(ord(cls[i]), ord(cls[i + 2]) + 1))
            i += 3
        else:
            out.append(cls[i])
            i += 1
    return out


_DELETED = frozenset(_class_chars(_DELETE_CLASS))
for _ch in _DELETED:
    _FOLD[ord(_ch)] = None
# characters whose NFKC form differs: presentation forms, ligatures, full-width letters
_COMPAT_CLASS = "\ufb50-\ufdff\ufe70-\ufefc\uff01-\uff5e\ufb00-\ufb06"
_COMPAT = re.compile(f"[{_COMPAT_CLASS}]")
_COMPAT_CHARS = frozenset(_class_chars(_COMPAT_CLASS))

# str.translate looks every character up in a dict (~60 ns each for non-ASCII text). Folding with
# str.replace, which scans in C, is ~10x faster: the few letters that nearly every article contains are
# replaced blindly, the rest only when one scan finds them. No replacement produces a key of another,
# so the order of the replacements does not matter and the result equals ``text.translate(_FOLD)``.
_REPLACE: dict[str, str] = {chr(k): "" if v is None else chr(v) for k, v in _FOLD.items()}
_FREQUENT = "ةأإىآ"  # by frequency in news text
_RARE = re.compile(
    "["
    + "".join(re.escape(c) for c in _REPLACE if c not in _FREQUENT and not 0xD800 <= ord(c) <= 0xDFFF)
    + _SURROGATES
    + _COMPAT_CLASS
    + "]"
)


def normalize(text: str) -> tuple[str, OffsetMap]:
    """Return the normalised text and the map from its positions to ``text``'s."""
    found = _RARE.findall(text)
    rare = set(found)
    if not rare.isdisjoint(_COMPAT_CHARS):
        return _normalize_compat(text)
    return _fold_with_map(text, rare, len(found))


# the rare characters and Latin letters and square brackets, found in one scan
_LATIN_OR_BRACKET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz[]")
_RARE_OR_LATIN = re.compile(_RARE.pattern[:-1] + "A-Za-z\\[\\]]")


def normalize_latin(text: str) -> tuple[str, OffsetMap, bool]:
    """``normalize``, and whether the normalised text holds a Latin letter or a square bracket (what
    ``foreign.latin_or_bracket`` tells): ``"قال X"`` → ``('قال X', …, True)``.

    One pass finds both: no fold makes a Latin letter or a bracket, so without a compatibility
    character (``Ａ`` → ``A``) the original has one exactly when the normalised text has."""
    folded = _fold_latin(text)
    if folded is None:
        rare, count = _scan_rare_or_latin(text)
        norm, omap = _normalize_compat(text, rare - _LATIN_OR_BRACKET, count)
        return norm, omap, _LATIN_OR_BRACKET_RE.search(norm) is not None
    norm, deleted, latin = folded
    if not deleted:
        return norm, OffsetMap.identity(len(text)), latin
    return norm, OffsetMap.from_deletions(deleted, len(text)), latin


def _fold_latin_py(text: str) -> tuple[str, list[int], bool] | None:
    """The folded text, the sorted positions of the deleted characters and whether a Latin letter or a
    square bracket occurs; None when ``text`` holds a compatibility character (NFKC comes first)."""
    rare, count = _scan_rare_or_latin_py(text)
    if not rare.isdisjoint(_COMPAT_CHARS):
        return None
    latin = not rare.isdisjoint(_LATIN_OR_BRACKET)
    if latin:
        rare -= _LATIN_OR_BRACKET
    gone = rare & _DELETED
    return _fold_text(text, rare), _positions(text, gone, count) if gone else [], latin


_LATIN_OR_BRACKET_RE = re.compile(r"[A-Za-z\[\]]")


def _scan_rare_or_latin_py(text: str) -> tuple[set[str], int]:
    """The rare characters, Latin letters and square brackets of ``text`` and how often they occur."""
    found = _RARE_OR_LATIN.findall(text)
    return set(found), len(found)


def _native_scan() -> Callable[[str], tuple[set[str], int]]:
    """The native kernel's one-pass scan for the same characters (a bit table), when it is built."""
    kernels = speedups()
    if kernels is None:
        return _scan_rare_or_latin_py
    members = [c for c in _REPLACE if c not in _FREQUENT and not 0xD800 <= ord(c) <= 0xDFFF]
    members += [chr(cp) for cp in range(0xD800, 0xE000)]
    members += _COMPAT_CHARS
    members += _LATIN_OR_BRACKET
    return kernels.CharClass("".join(members)).found


_scan_rare_or_latin: Final = _native_scan()


def _fold_with_map(text: str, rare: set[str], n_rare: int) -> tuple[str, OffsetMap]:
    """Fold ``text`` (no compatibility character left to expand); ``rare``: its rare characters, of
    ``n_rare`` occurrences."""
    norm = _fold_text(text, rare)
    gone = rare & _DELETED
    if not gone:
        return norm, OffsetMap.identity(len(text))
    return norm, OffsetMap.from_deletions(_positions(text, gone, n_rare), len(text))


def _fold_text(text: str, rare: set[str]) -> str:
    """``text.translate(_FOLD)`` when ``rare`` holds its rare characters (see ``_REPLACE``)."""
    for ch in _FREQUENT:
        text = text.replace(ch, _REPLACE[ch])
    for ch in rare:
        text = text.replace(ch, _REPLACE[ch])
    return text


def _native_fold() -> Callable[[str], tuple[str, list[int], bool] | None]:
    """The native kernel's one-pass fold (a table for every character), when it is built: one pass
    instead of a scan, five or more str.replace and a search for the deleted characters."""
    kernels = speedups()
    if kernels is None:
        return _fold_latin_py
    return kernels.Folder(_FOLD, "".join(sorted(_COMPAT_CHARS)), "".join(sorted(_LATIN_OR_BRACKET))).fold


_fold_latin: Final = _native_fold()
_FOLD_NATIVE: Final = _fold_latin is not _fold_latin_py


#: the deleted characters are located with str.find while the rare characters are fewer than one in this
#: many characters of the text; more, with one regex scan (a find loop costs per hit, a scan per character)
_FIND_PER = 64


def _positions(text: str, chars: set[str], rare: int) -> list[int]:
    """Sorted positions in ``text`` of the deleted characters ``chars`` (``rare`` rare characters in all).

    Most texts delete a tanween or two (أيضاً): str.find locates them faster than a second regex scan, and
    so it does in a long text with thousands."""
    if rare * _FIND_PER > len(text):
        return [m.start() for m in _DELETE.finditer(text)]
    return _find_all(text, chars)


def _find_all(text: str, chars: set[str]) -> list[int]:
    """Sorted positions in ``text`` of the characters ``chars``: a str.find scan (C) per occurrence."""
    out: list[int] = []
    for c in chars:
        i = text.find(c)
        while i >= 0:
            out.append(i)
            i = text.find(c, i + 1)
    if len(chars) > 1:
        out.sort()
    return out


def _normalize_compat(text: str, rare: set[str] | None = None, n_rare: int = 0) -> tuple[str, OffsetMap]:
    """Slow path: NFKC the compatibility characters one by one, recording length changes.

    ``rare``: the text's rare characters (``_RARE``) when the caller has scanned for them, ``n_rare`` their
    occurrences; the compatibility characters are then located with str.find and the expanded text is
    not scanned again (a long text, which nearly always has one, would pay two scans more)."""
    if rare is None:
        found = _RARE.findall(text)
        rare, n_rare = set(found), len(found)
    compat = rare & _COMPAT_CHARS
    at = _find_all(text, compat)
    reps = {c: unicodedata.normalize("NFKC", c) for c in compat}
    out: list[str] = []
    nb = [0]
    delta = [0]
    n = 0
    last = 0
    for p in at:
        out.append(text[last:p])
        n += p - last
        rep = reps[text[p]]
        out.append(rep)
        # every extra character of an expansion maps to the same source character
        for k in range(1, len(rep)):
            nb.append(n + k)
            delta.append(delta[-1] - 1)
        n += len(rep)
        last = p + 1
    out.append(text[last:])
    stage1 = "".join(out)
    m1 = OffsetMap(nb, delta, len(text), len(stage1))
    # the expanded text's rare characters: the text's own, and those the expansions brought; what NFKC
    # leaves unchanged (the ornate parenthesis ﴾) stays as it is, like any unlisted character
    brought = {ch for rep in reps.values() for ch in rep if _RARE.match(ch) is not None}
    n_stage1 = n_rare - len(at) + sum(len(_RARE.findall(rep)) for rep in reps.values())
    norm, m2 = _fold_with_map(stage1, (rare | brought) - _COMPAT_CHARS, n_stage1)
    return norm, m1.compose(m2)


def fold(text: str) -> str:
    """Normalise a lexicon entry, query or stored text the same way as article text (no offsets needed).

    The same replacements as ``normalize``: for a long text with str.replace (each scans in C), for a
    short one (a name, a lexicon entry) with one translate, which costs less than the replace calls; with
    the native kernels, in one pass (a compatibility character takes the NFKC path below)."""
    if _FOLD_NATIVE:
        folded = _fold_latin(text)
        if folded is not None:
            return folded[0]
    if len(text) < 48:
        if _COMPAT.search(text) is not None:
            text = _COMPAT.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
        return text.translate(_FOLD)
    rare = set(_RARE.findall(text))
    if not rare.isdisjoint(_COMPAT_CHARS):
        text = _COMPAT.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
        rare = set(_RARE.findall(text)) - _COMPAT_CHARS  # (what NFKC leaves unchanged stays)
    for ch in _FREQUENT:
        text = text.replace(ch, _REPLACE[ch])
    for ch in rare:
        text = text.replace(ch, _REPLACE[ch])
    return text

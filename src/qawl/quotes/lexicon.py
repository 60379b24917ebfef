"""The cue lexicon: reporting verbs in all their conjugations, "according to" phrases, complementisers.

The data lives in ``qawl/data/cues.tsv`` (one verb per row); this module derives the conjugated forms
(قال → قالت، قالا، قالوا، يقول، تقول، يقولون، قائلا، قائلة …), folds them like article text and compiles
one trie-shaped regular expression for the whole lexicon, once, on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Final

from qawl._native import speedups
from qawl.datafiles import read_table
from qawl.errors import LexiconError
from qawl.text.normalize import fold
from qawl.text.trie import trie_regex, trie_tables


@dataclass(frozen=True, slots=True)
class CueForm:
    """One surface form of a reporting verb (folded), with what its morphology says of the speaker."""

    lemma: str
    tense: str  # past | pres | part | passive
    gender: str | None  # m | f | None
    number: str | None  # sg | du | pl | None
    strength: str  # say | stance | open
    preps: tuple[str, ...]
    strict: bool
    impersonal: bool


def _past(lemma: str) -> list[tuple[str, str, str]]:
    """قال → [(قال,m,sg), (قالت,f,sg), (قالا,m,du), (قالتا,f,du), (قالوا,m,pl)]; رأى → رأت، رأيا، رأوا."""
    if lemma.endswith("ى"):
        stem = lemma[:-1]
        return [
            (lemma, "m", "sg"),
            (stem + "ت", "f", "sg"),
            (stem + "يا", "m", "du"),
            (stem + "تا", "f", "du"),
            (stem + "وا", "m", "pl"),
        ]
    return [
        (lemma, "m", "sg"),
        (lemma + "ت", "f", "sg"),
        (lemma + "ا", "m", "du"),
        (lemma + "تا", "f", "du"),
        (lemma + "وا", "m", "pl"),
        (lemma + "ن", "f", "pl"),
    ]


def _present(form: str) -> list[tuple[str, str, str]]:
    """يقول → تقول، يقولون، يقولان، تقولان; ينفي → ينفون; يرى → يرون، يريان."""
    fem = "ت" + form[1:]
    if form.endswith("ى"):
        stem = form[:-1]
        return [(form, "m", "sg"), (fem, "f", "sg"), (stem + "ون", "m", "pl"), (stem + "يان", "m", "du")]
    if form.endswith("ي"):
        stem = form[:-1]
        return [
            (form, "m", "sg"),
            (fem, "f", "sg"),
            (stem + "ون", "m", "pl"),
            (form + "ان", "m", "du"),
            (fem + "ان", "f", "du"),
        ]
    return [
        (form, "m", "sg"),
        (fem, "f", "sg"),
        (form + "ون", "m", "pl"),
        (form + "ان", "m", "du"),
        (fem + "ان", "f", "du"),
        (form + "ن", "f", "pl"),
    ]


def _participle(form: str) -> list[tuple[str, str, str]]:
    """مضيفا → مضيفة، مضيفين، مضيفتين، مضيفات."""
    base = form[:-1] if form.endswith("ا") else form
    return [
        (form, "m", "sg"),
        # the bare masculine form (مضيف، مصر، مشير) is a noun far more often than a cue: left out
        (base + "ة", "f", "sg"),
        (base + "ين", "m", "pl"),
        (base + "تين", "f", "du"),
        (base + "ات", "f", "pl"),
        (base + "ان", "m", "du"),
    ]


@cache
def cue_forms() -> dict[str, CueForm]:
    """Every folded surface form of every reporting verb → its CueForm (first lemma wins)."""
    name = "cues.tsv"
    forms: dict[str, CueForm] = {}
    columns = ("lemma", "present", "participle", "strength", "flags", "extra")
    for lineno, cols in read_table(name, columns, strip=True):
        lemma, present, participle, strength, flags, extra = cols
        if strength not in ("say", "stance", "open"):
            raise LexiconError(f"unknown strength {strength!r}", where=f"{name}:{lineno}")
        flag_set = set() if flags == "-" else set(flags.split(","))
        preps = tuple(fold(f.split("=", 1)[1]) for f in flag_set if f.startswith("prep="))
        strict = "strict" in flag_set
        impersonal = "nosubj-impersonal" in flag_set

        def add(
            form: str,
            tense: str,
            gender: str | None,
            number: str | None,
            row: tuple = (lemma, strength, preps, strict, impersonal),
        ) -> None:
            key = fold(form)
            if key not in forms:
                lem, stren, prp, stri, imp = row
                forms[key] = CueForm(lem, tense, gender, number, stren, prp, stri, imp)

        for form, g, n in _past(lemma):
            add(form, "past", g, n)
        if present != "-":
            for form, g, n in _present(present):
                add(form, "pres", g, n)
        if participle != "-":
            for form, g, n in _participle(participle):
                add(form, "part", g, n)
        if extra != "-":
            for item in extra.split(","):
                parts = item.split(":")
                if len(parts) != 4:
                    raise LexiconError(f"bad extra form {item!r}", where=f"{name}:{lineno}")
                form, g, n, tense = parts
                add(form, tense, None if g == "-" else g, None if n == "-" else n)
    if not forms:
        raise LexiconError("no cue forms", where=name)
    return forms


@cache
def cue_regex() -> re.Pattern[str]:
    """Matches a cue verb with optional conjunction prefix: group 'pre' (و/ف/ول/فل) and group 'verb'."""
    words = sorted(cue_forms())
    return re.compile(r"(?<!\w)(?P<pre>(?:و?كما|مثلما)\s+|[وف]?ل?)(?P<verb>" + trie_regex(words) + r")(?!\w)")


_KAMA_PREFIXES: Final = ("كما", "وكما", "مثلما")
_CONJ_PREFIXES: Final = ("", "و", "ف", "ل", "ول", "فل")


def opens_with_cue(text: str) -> bool:
    """True when ``text`` opens with a cue verb, bare, with a و/ف/ل prefix or after كما/مثلما
    (``وقال الوزير`` → True): what ``cue_regex().match(text)`` tells, without compiling that regex (≈ 8 ms
    at start-up). Every cue form is one whole word, so the word at each possible start is looked up."""
    forms = cue_forms()
    n = len(text)
    starts = [len(p) for p in _CONJ_PREFIXES if text.startswith(p)]
    for kama in _KAMA_PREFIXES:
        if text.startswith(kama):
            j = len(kama)
            while j < n and text[j].isspace():
                j += 1
            if j > len(kama):
                starts.append(j)
    for k in starts:
        e = k
        while e < n and (text[e].isalnum() or text[e] == "_"):
            e += 1
        if e > k and text[k:e] in forms:
            return True
    return False


@cache
def name_heads() -> frozenset[str]:
    """Nouns after which a short quotation is a name (مستشفى "الأمل"), from ``data/name_heads.tsv``."""
    return _word_list("name_heads.tsv")


@cache
def speaker_heads() -> frozenset[str]:
    """Words opening a speaker phrase in a headline (وزير، المتحدث، الكرملين): data/speaker_heads.tsv."""
    return _word_list("speaker_heads.tsv")


def _word_list(name: str) -> frozenset[str]:
    """A one-word-per-line list, folded, with the article and clitic prepositions added."""
    text = resources.files("qawl.data").joinpath(name).read_text(encoding="utf-8")
    words: set[str] = set()
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        word = line.strip()
        if "\t" in word or " " in word:
            raise LexiconError("one word per line expected", where=f"{name}:{lineno}")
        # the noun with the article or a clitic preposition: الصحيفة، بموقع، لصحيفة
        for prefix in ("", "ب", "ل", "ال", "بال", "لل", "و", "وال"):
            words.add(fold(prefix + word))
    return frozenset(words)


# heads of the phrase lexicons scanned with the cue verbs in one pass (the full pattern is then matched at
# each hit): according-to phrases, the writer's notes, and noun cues
_ACCORDING_HEADS: Final = [*"بحسب حسب حسبما وفق وفقا طبقا تبعا نقلا استنادا".split(), "على حد"]
_NOTE_HEADS: Final = [*"يذكر يشار يجدر يضاف الجدير".split(), "من الجدير"]
_NOUN_HEADS: Final = ["جاء في", "ورد في"]
_VERB_PREFIXES: Final = ("", "و", "ف", "ل", "ول", "فل")


@cache
def trigger_automaton() -> tuple[object, list[tuple[tuple[str, str, str], ...]]]:
    """One Aho-Corasick automaton over every cue form (with و/ف/ل prefixes) and the heads of the
    according-to, writer's-note and noun-cue phrases: one linear scan of an article finds them all.

    Returns the automaton and, per pattern index, the (kind, prefix, word) readings of that pattern
    (``ويذكر`` is both the verb ذكر with و and a writer's note). The automaton is the native trie
    (``qawl._speedups.Trie``) when it is built, else ``ahocorasick_rs``: the same leftmost-longest matches
    wherever a word starts (the trie leaves out those inside a word, which the finder passes over)."""
    readings: dict[str, list[tuple[str, str, str]]] = {}
    for word in cue_forms():
        for pre in _VERB_PREFIXES:
            readings.setdefault(pre + word, []).append(("cue", pre, word))
    for kind, heads in (("acc", _ACCORDING_HEADS), ("note", _NOTE_HEADS), ("noun", _NOUN_HEADS)):
        for head in heads:
            for pre in ("", "و"):
                readings.setdefault(fold(pre + head), []).append((kind, pre, fold(head)))
    patterns = sorted(readings)
    kernels = speedups()
    if kernels is not None:
        # ≈ 12 µs an article in the pipeline, read straight from the str (ahocorasick_rs: ≈ 40, with a UTF-8
        # copy of the text)
        return kernels.Trie(*trie_tables(patterns)), [tuple(readings[p]) for p in patterns]
    import ahocorasick_rs

    # The contiguous NFA: in a tight loop the DFA scans an article in half its time (13 vs 28 µs), but its
    # tables (≈ 5 MB) fall out of the CPU caches between articles; inside the pipeline the NFA is faster
    # (41 vs 56 µs an article, measured after each article's extraction) and builds 20 ms sooner.
    auto = ahocorasick_rs.AhoCorasick(
        patterns,
        matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_LONGEST,
        implementation=ahocorasick_rs.Implementation.ContiguousNFA,
    )
    return auto, [tuple(readings[p]) for p in patterns]

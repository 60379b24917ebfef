"""Person names without NER: which words may form a name, and where a name ends.

A name run starts with a given name (هشام، دميتري) or a word no lexicon knows (بيسكوف), takes name particles
(بن، عبد، أبو، لو) and surnames (الجابري after a given name), and ends at punctuation, clitic-prefixed words
(لوكالة)، verbs by their shape (سيلتقيان، تتوسط) and function words.

    name_run(هشام الجابري في بيان) → 2 words;  name_run(كيم جونغ أون وترامب سيلتقيان) → 3 words
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Final

from qawl.attribution import lexicon as lx
from qawl.attribution.tokens import (
    COMMON,
    GIVEN,
    MEDIA,
    ORG,
    PARTICLE,
    PLACE,
    SOURCE,
    TITLE,
    UNKNOWN,
    Tok,
    Word,
    spelled_outlet,
)

MAX_NAME: Final = 6
# words that end a phrase whatever their class: complementisers, particles of clause structure, and the
# prepositions that open what was said about (وزير خارجية البحرين | حول صواريخ الحوثي)
STOP_WORDS: Final = frozenset(
    [
        *("ان", "انه", "انها", "انهم", "بان", "بانه", "بانها", "الي", "علي", "في", "من", "عن", "مع"),
        *("حول", "بشان", "ضد", "لدي", "منذ", "نحو", "عند"),
    ]
)


@dataclass(slots=True)
class Phrase:
    """A speaker phrase over tokens ``[start, end)``; role and name are token ranges inside it."""

    start: int
    end: int
    kind: str  # person / organisation / source / name
    head: str | None = None  # bare head key (وزير، وزاره، مصادر)
    role: tuple[int, int] | None = None
    name: tuple[int, int] | None = None
    gender: str | None = None
    number: str = "sg"
    conj: list[Phrase] = field(default_factory=list)
    clitic: int = 0  # letters of a clitic to drop from the first word (و of a conjunct, ل of وفقا لـ)

    # written out (the dataclass keeps it): compiled, a generated __init__ runs as interpreted Python
    def __init__(
        self,
        start: int,
        end: int,
        kind: str,
        head: str | None = None,
        role: tuple[int, int] | None = None,
        name: tuple[int, int] | None = None,
        gender: str | None = None,
        number: str = "sg",
        conj: list[Phrase] | None = None,
        clitic: int = 0,
    ) -> None:
        self.start = start
        self.end = end
        self.kind = kind
        self.head = head
        self.role = role
        self.name = name
        self.gender = gender
        self.number = number
        self.conj = [] if conj is None else conj
        self.clitic = clitic


# typed tuple[str, ...]: compiled, a fixed-length tuple constant is built anew as an object at every use
_PREP_ART: Final[tuple[str, ...]] = ("بال", "وال", "لل")
_VERB_PREFIX: Final[tuple[str, ...]] = ("سي", "ست", "سن")
_VERB_SUFFIX: Final[tuple[str, ...]] = ("ون", "ان", "وا", "ين")


def name_shaped(text: str, w: Word, *, first: bool, second: bool = False) -> bool:
    """Could this word be part of a person's name? Rejects one-letter words, preposition + article
    (بالقول، للصحفيين), a و-word inside a name (وترامب) and verb shapes (سيلتقيان، يقولون)."""
    if w.cls == GIVEN:
        return True
    if len(text) < 2 or ("_" in text and not first):
        return False
    if w.cls != UNKNOWN:
        return True
    if len(text) < 2 or not (text.isalpha() or "_" in text):
        return False  # عباس هذ (a typo), 38: not name words
    if len(text) >= 5 and text[0] == "م" and text.endswith("ا"):
        return False  # an accusative participle (وزير الخارجية معتذرا لإيران), not a name
    if text.startswith(_PREP_ART):
        return False
    if not first and text.startswith("و") and len(text) > 3 and not second:
        return False  # كيم جونغ أون | وترامب (but أغوس ويجايا)
    if len(text) == 4 and text[0] == "ي" and text[1] not in "اوي" and text[2] not in "اوي":
        return False  # يرفض، يكشف: an imperfect verb of three root letters (names in ي are given names)
    if len(text) >= 5 and text.startswith(("تت", "يت", "تست", "يست")):
        return False  # تتوسط، يتوقع: imperfect verbs of derived forms
    if len(text) > 4 and text.startswith(_VERB_PREFIX) and text.endswith(_VERB_SUFFIX):
        return False  # سيلتقيان، سيكونون (but سنايدر، ستورمي are names)
    return not (len(text) > 4 and text[0] in "يت" and text.endswith(_VERB_SUFFIX))


def _prep_noun(rest: str) -> bool:
    """Is ``rest`` (a ل/ب word without it) a noun by its shape: a verbal noun in ت (بتدخل، بتقديم) or a noun
    with a possessive pronoun (لمتابعيها، بسيارته)? Names seldom start so."""
    if rest in ("احد", "احدي"):
        return True  # روبوشون لإحدى الصحف: "to one of"
    if len(rest) < 4:
        return False
    if rest[0] == "ت":
        return True
    # a bare ه is not enough: ة is folded to ه, and surnames end in ة (بوريطة); ته is ة + the pronoun
    return rest.endswith(("ها", "هم", "هما", "ته"))


class NameGrammar:
    """Names over the tokens of one stretch of text; ``gap(i)`` is the text between token i and i+1."""

    __slots__ = ("gaps", "n", "norm", "toks")

    def __init__(self, norm: str, toks: list[Tok], gaps: list[str] | None = None) -> None:
        self.norm = norm
        self.toks = toks
        self.n = len(toks)
        if gaps is None:
            gaps = [norm[a.e : b.s].strip(" \t#") for a, b in pairwise(toks)] + ["."] if toks else []
        self.gaps = gaps  # gap(i) for every token, computed once (see ``tokens.split_words``)

    def gap(self, i: int) -> str:
        """Non-space characters between token ``i`` and the next one ('' when only spaces)."""
        if 0 <= i < self.n:
            return self.gaps[i]
        t = self.toks
        if i + 1 >= len(t):
            return "."
        return self.norm[t[i].e : t[i + 1].s].strip(" \t#")

    def name_run(self, i: int, limit: int, *, after_title: bool = False) -> int:
        """End of a person name starting at ``i`` (``i`` itself when no name starts there).

        هشام الجابري → 2 tokens; محمد بن سلمان → 3; جان إيف لو دريان → 4; بيسكوف لوكالة → 1.
        """
        toks = self.toks
        j = i
        unknown = 0
        while j < limit and j - i < MAX_NAME:
            w = toks[j].w
            if w.prefix or not name_shaped(toks[j].text, w, first=j == i, second=j == i + 1):
                break
            if w.cls == UNKNOWN and len(toks[j].text) > 2:
                unknown += 1
                if unknown > 2 and j > i:
                    break  # three unknown words in a row are a clause, not a name
            if j == i:
                nxt = toks[j + 1].w if j + 1 < limit and not self.gap(j) else None
                # a definite first word is a name when a name word follows (ألكسندر فيشر، الحسن بن إدريس)
                apposed = j > 0 and self.gap(j - 1) in ("،", ",")
                name_follows = nxt is not None and (
                    nxt.cls in (PARTICLE, GIVEN)
                    or (nxt.cls == UNKNOWN and (apposed or not nxt.definite or nxt.key.endswith("ي")))
                )
                # a definite first word after a title: only in an apposition or before بن
                # (، ألكسندر فيشر / الحسن بن إدريس)
                definite_ok = name_follows and (apposed or (nxt is not None and nxt.cls == PARTICLE))
                ok = w.cls in (GIVEN, UNKNOWN) and not (w.definite and after_title and not definite_ok)
                if len(toks[j].text) == 3 and spelled_outlet(toks, j, limit):
                    ok = False  # المتحدث لبي بي سي: the addressee, not a name
                if w.cls == COMMON and nxt is not None and nxt.cls == PARTICLE and nxt.key in ("بن", "ابن"):
                    ok = True  # الأمير تركي بن عبد العزيز: a given name that is also a common word
                if w.cls == GIVEN and w.key in lx.common_words() and not (name_follows and after_title):
                    ok = False  # علي is a name only after a title, with a surname (علي الكعبي); else على
                if w.cls == PARTICLE and j + 1 < limit and not self.gap(j):
                    ok = w.key in ("عبد", "ابو", "ام", "بن", "ابن")  # عبد الرحمن الشريف، أبو مازن
                if after_title and w.cls == UNKNOWN and toks[j].text.startswith("و"):
                    ok = False  # وزير الاتصالات | وتقنية: a conjunct, not a name
                if w.cls == UNKNOWN and (
                    w.key in STOP_WORDS or (after_title and self._prep_phrase(j, limit))
                ):
                    ok = False  # الوزير | بقطع الأردن: a preposition phrase after the title, not a name
            elif w.cls == PARTICLE:
                ok = j + 1 < limit and not self.gap(j)
            elif w.cls == GIVEN:
                # a given name that is also a function word (علي / على) continues only a given name (محمد علي)
                ok = w.key not in lx.common_words() or toks[j - 1].w.cls == GIVEN
            elif w.cls == UNKNOWN:
                ok = (
                    w.key not in STOP_WORDS
                    and not self._prep_phrase(j, limit)
                    and not (len(toks[j].text) == 3 and spelled_outlet(toks, j, limit))
                )
                if ok and j >= i + 2 and toks[j].text.endswith("ه") and not self.gap(j) and j + 1 < limit:
                    nxt = toks[j + 1].w  # حسن روحاني طمأنة الإيرانيين: a verbal noun and its object
                    ok = not (nxt.definite and not nxt.prefix and not nxt.key.endswith("ي"))
                if (
                    ok
                    and not after_title
                    and toks[i].w.cls != GIVEN
                    and toks[j].text.endswith("ه")
                    and not w.definite
                ):
                    ok = False  # أوكسفام | نسخة منقحة: a noun in ة after a foreign name, not a surname
                if ok and w.definite:
                    # a definite surname follows a given name or a particle (هشام الجابري، بن مسفر الغامدي),
                    # not a name already complete (دونالد ترامب | الحرس الثوري)
                    prev = toks[j - 1].w.cls
                    compound = j >= 2 and toks[j - 2].w.key in ("عبد", "ابو")  # عبد الكريم | الزين
                    ok = prev in (GIVEN, PARTICLE) or compound or j == i + 1 or w.key.endswith("ي")
            else:
                # عبد الله، ابو مازن: any word after a particle belongs to the name; حسن العلي: a definite
                # nisba-shaped surname after a given name, though it is also a common word
                ok = (
                    toks[j - 1].w.cls == PARTICLE
                    and w.cls in (COMMON, PLACE, TITLE)
                    and w.key not in STOP_WORDS
                )
                if not ok and w.cls == COMMON and w.definite and toks[j - 1].w.cls == GIVEN:
                    ok = w.key.endswith("ي") and len(w.key) >= 3
            if not ok:
                break
            j += 1
            if self.gap(j - 1):
                break
        while j > i and len(toks[j - 1].text) < 3 and toks[j - 1].w.cls == UNKNOWN:
            j -= 1  # short words close no name (عباس هذ، بي بي سي) but may open one (لي وي مينغ)
        return j

    def _prep_phrase(self, j: int, limit: int) -> bool:
        """Does a ل/ب word at ``j`` open a prepositional phrase (ماي لأعضاء البرلمان، بوتين بحضور الوزير)?
        A word no lexicon knows keeps its clitic; a definite noun right after it gives it away."""
        text = self.toks[j].text
        if text[0] not in "لب":
            return False
        if len(text) == 3 and j + 1 < limit and not self.gap(j):
            after = self.toks[j + 1]  # جونسون لبي بي سي: a preposition on a spelled-out acronym (not برس إن)
            return len(after.text) <= 2 and after.w.cls == UNKNOWN and after.w.key not in STOP_WORDS
        if len(text) < 4:
            return False
        if _prep_noun(text[1:]):
            return True
        if self.gap(j) or j + 1 >= limit:
            return False
        nxt = self.toks[j + 1].w
        # the noun after the preposition is one the lexicons know as a body or a place (لأعضاء البرلمان،
        # بقطع الأردن); after a surname that starts with ب/ل comes a time word or a clause (بومبيو الأسبوع)
        return nxt.definite and not nxt.prefix and nxt.cls in (ORG, PLACE, SOURCE, TITLE, MEDIA)

    def _looks_like_name(self, s: int, e: int) -> bool:
        """After a comma, a name must begin with a given name or an unknown word (not a clause)."""
        w = self.toks[s].w
        if w.cls == GIVEN or (w.cls == PARTICLE and e - s >= 2):
            return True
        return w.cls in (UNKNOWN, COMMON) and e - s >= 2 and not self.toks[s + 1].w.definite

    def _apposition(self, k: int, limit: int) -> tuple[int, int] | None:
        """A name after a comma within a few words of ``k`` (مراسل بي بي سي للشؤون الأمنية، غوردون كوريرا)."""
        for x in range(k, min(limit, k + 5)):
            if self.gap(x - 1) in ("،", ","):
                e = self.name_run(x, limit)
                return (x, e) if e > x and self._looks_like_name(x, e) else None
            if self.gap(x - 1):
                return None
        return None

    def _name_after_conj(self, i: int, limit: int) -> int:
        e = self.name_run(i + 1, limit) if i + 1 < limit else i + 1
        return max(e, i + 1)

    def _joint_names(self, i: int, j: int, limit: int, w: Word) -> Phrase | None:
        """A dual title with two names: الوزيران، خالد الهاشمي وعمر الفاسي / الرئيسان الفرنسي جاك مورو
        والألماني هانس كلاين."""
        toks = self.toks
        names: list[tuple[int, int]] = []
        k = j
        while k < limit and len(names) < 3:
            if self.gap(k - 1) not in ("", "،", ","):
                break
            start = k
            if names and toks[k].text.startswith("و"):
                k += 1 if toks[k].w.definite or (toks[k].w.prefix == "و" and toks[k].w.cls != GIVEN) else 0
            while (
                k < limit and toks[k].w.definite and toks[k].w.key.endswith(("ي", "يه")) and not self.gap(k)
            ):
                k += 1  # the adjective of each holder: الفرنسي جاك مورو، والألماني هانس كلاين
            if names and k == start and toks[k].text.startswith("و"):
                e = self.name_run(k + 1, limit) if toks[k].w.cls != GIVEN else self._name_after_conj(k, limit)
                first = k + 1 if toks[k].w.cls != GIVEN else k
            else:
                e = self.name_run(k, limit)
                first = k
            if e <= first or not any(toks[x].w.cls == GIVEN for x in range(first, e)):
                break
            names.append((k if first == k + 1 and k == start else first, e))
            k = e
            if k >= limit or not toks[k].text.startswith("و"):
                break
        if len(names) < 2:
            return None
        members = [
            Phrase(
                s, e, "person", head=w.key, name=(s, e), clitic=1 if toks[s].text.startswith("و") and n else 0
            )
            for n, (s, e) in enumerate(names)
        ]
        first_member = members[0]
        first_member.start, first_member.role = i, (i, j)
        return Phrase(
            i,
            names[-1][1],
            "person",
            head=w.key,
            role=(i, j),
            name=first_member.name,
            gender=w.gender,
            number="du",
            conj=members[1:],
        )

"""The speakers of one article: every person, body and source, with their names, roles and mentions.

One article, one registry. Mentions are merged into entities by name (a surname or a variant spelling finds
the full name: بيسكوف → دميتري بيسكوف; ديمتري ≈ دميتري), by role (المتحدث → the person the article put in that
role) and by organisation head (الوزارة → وزارة الداخلية الفرنسية).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

from qawl.attribution.phrase import Phrase
from qawl.attribution.tokens import Tok

_VOWELS: Final = str.maketrans("", "", "اويه")
# letters that transliterations of foreign names swap freely (غريغ / جريج, طوني / توني)
_VARIANTS: Final = str.maketrans("غقطصضظذث", "جكتسدززس")


def skeleton(word: str) -> str:
    """Consonant skeleton for variant matching: ``ديمتري`` and ``دميتري`` → ``دمتر``; ``غريغ`` = ``جريج``.

    Remembered a word at a time (name words recur: the same few are compared again and again), in a dict
    emptied when it holds ``_SKELETONS_MAX`` words, so memory stays bounded on endless input."""
    sk = _SKELETONS.get(word)
    if sk is None:
        if len(_SKELETONS) >= _SKELETONS_MAX:
            _SKELETONS.clear()
        v = word.translate(_VARIANTS)
        sk = _SKELETONS[word] = v[:1] + v[1:].translate(_VOWELS)
    return sk


_SKELETONS: Final[dict[str, str]] = {}
_SKELETONS_MAX: Final = 20_000


def near(a: str, b: str) -> bool:
    """Same name word up to spelling: equal, equal skeletons (≥ 4 letters), one edit apart (≥ 5), or
    skeletons with two consonants swapped (a typo: دلان for لادن).

    Not cached, nor is ``names_match``: three calls in four were new pairs, and the churn of a full LRU
    cache kept the heap growing (RSS +24 % over 8 passes of 10,000 articles; flat without, same speed)."""
    if a == b:
        return True
    if len(a) < 4 or len(b) < 4:
        return False
    sa, sb = skeleton(a), skeleton(b)
    if sa == sb:
        return True
    if len(sa) == len(sb) >= 3 and _swapped(sa, sb):
        return True
    return min(len(a), len(b)) >= 5 and _osa1(a, b)


def _swapped(a: str, b: str) -> bool:
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def _osa1(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` are at most one substitution, insertion, deletion or transposition apart."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) <= 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


@dataclass(slots=True)
class Entity:
    """A speaker of the article. Every span is a (start, end) pair of the normalised text."""

    kind: str  # person / organisation / source / unknown
    names: list[tuple[int, int]] = field(default_factory=list)  # name mentions, clitics off
    name_keys: list[tuple[str, ...]] = field(default_factory=list)
    roles: list[tuple[str, ...]] = field(default_factory=list)  # bare keys: (متحدث, باسم, كرملين)
    role_spans: list[tuple[int, int]] = field(default_factory=list)
    gender: str | None = None
    number: str = "sg"
    first: int = 0  # position of the first mention
    members: list[Entity] = field(default_factory=list)  # joint speakers
    speaker_id: str | None = None
    expanded: bool = False  # the article was searched for fuller forms of its name
    # genders of other words standing for it (وقال التقرير … وأضاف: a report, masculine, for a committee)
    alias_genders: set[str] = field(default_factory=set)

    # written out (the dataclass keeps it): compiled, a generated __init__ runs as interpreted Python
    def __init__(
        self,
        kind: str,
        *,
        gender: str | None = None,
        number: str = "sg",
        first: int = 0,
        members: list[Entity] | None = None,
    ) -> None:
        self.kind = kind
        self.names = []
        self.name_keys = []
        self.roles = []
        self.role_spans = []
        self.gender = gender
        self.number = number
        self.first = first
        self.members = [] if members is None else members
        self.speaker_id = None
        self.expanded = False
        self.alias_genders = set()

    def __eq__(self, other: object) -> bool:
        """Field-by-field, as the generated ``__eq__``, but failing fast on the first mention's position
        (the generated one builds two tuples of every field per call; ``push`` compares along a list)."""
        if other.__class__ is not self.__class__:
            return NotImplemented
        o: Entity = other
        return (
            self.first == o.first
            and self.names == o.names
            and self.role_spans == o.role_spans
            and self.kind == o.kind
            and self.name_keys == o.name_keys
            and self.roles == o.roles
            and self.gender == o.gender
            and self.number == o.number
            and self.members == o.members
            and self.speaker_id == o.speaker_id
            and self.expanded == o.expanded
            and self.alias_genders == o.alias_genders
        )


def name_key(toks: list[Tok], r: tuple[int, int], clitic: int = 0) -> tuple[str, ...]:
    """Words of a name (a hashtag counts as its words: محمود_عباس → محمود، عباس)."""
    out: list[str] = []
    for i in range(r[0], r[1]):
        text = toks[i].text[clitic:] if i == r[0] else toks[i].text
        out.extend(x for x in text.split("_") if x)
    return tuple(out)


def role_key(toks: list[Tok], r: tuple[int, int]) -> tuple[str, ...]:
    """Bare words of a role; a hashtag counts as its words (#مجلس_الأعمال → مجلس، اعمال)."""
    out: list[str] = []
    for t in toks[r[0] : r[1]]:
        if "_" in t.w.key:
            out.extend(x[2:] if x.startswith("ال") and len(x) > 3 else x for x in t.w.key.split("_") if x)
        else:
            out.append(t.w.key)
    return tuple(out)


def last_mention(e: Entity, at: int) -> int:
    """Position of the entity's last mention before ``at`` (-1 when none)."""
    best = -1
    for r in e.names:
        if best < r[0] < at:
            best = r[0]
    for r in e.role_spans:
        if best < r[0] < at:
            best = r[0]
    return best


def names_match(short: tuple[str, ...], long_: tuple[str, ...]) -> bool:
    """Every word of ``short`` is a word of ``long_`` up to spelling; ``لودريان`` matches ``لو دريان``."""
    if all(any(near(a, b) for b in long_) for a in short):
        return True
    return (
        len(short) == 1
        and len(long_) > 1
        and any(
            near(short[0], "".join(long_[i:j]))
            for i in range(len(long_))
            for j in range(i + 2, len(long_) + 1)
        )
    )


@lru_cache(maxsize=16384)
def related(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One name contains the other, up to spelling (``names_match`` either way)."""
    return names_match(a, b) or names_match(b, a)


@lru_cache(maxsize=4096)  # a few thousand words: ~20 forms each; only long articles use the index
def _forms(word: str) -> tuple[str, ...]:
    """Index forms of a name word: two words that are ``near`` share at least one (see ``near``).

    Equal words share the word; equal skeletons the skeleton; skeletons with two consonants swapped, and
    words one substitution, insertion, deletion or transposition apart, a copy with one letter deleted."""
    out = {"w" + word}
    if len(word) >= 4:
        sk = skeleton(word)
        out.add("s" + sk)
        if len(sk) >= 3:
            out.update("t" + sk[:i] + sk[i + 1 :] for i in range(len(sk)))
    if len(word) >= 5:
        out.add("d" + word)
        out.update("d" + word[:i] + word[i + 1 :] for i in range(len(word)))
    return tuple(out)


@lru_cache(maxsize=4096)  # a name key is looked up again and again in a long article
def _key_forms(key: tuple[str, ...]) -> frozenset[str]:
    """Forms of a name key's words and of its joined runs of words (لودريان ↔ لو دريان)."""
    out: set[str] = set()
    for w in key:
        out.update(_forms(w))
    if len(key) > 1:
        for i in range(len(key)):
            for j in range(i + 2, len(key) + 1):
                out.update(_forms("".join(key[i:j])))
    return frozenset(out)


class _NameIndex:
    """Name keys of the registry by index form, so that a lookup compares a key with the few keys that
    share a word with it up to spelling, not with every key of the article (linear on long articles)."""

    __slots__ = ("always", "by_form")

    def __init__(self) -> None:
        self.by_form: dict[str, list[tuple[int, int]]] = {}
        self.always: list[tuple[int, int]] = []  # empty keys: names_match((), k) holds for every k

    def add(self, ei: int, ki: int, key: tuple[str, ...]) -> None:
        if not key:
            self.always.append((ei, ki))
            return
        for f in _key_forms(key):
            self.by_form.setdefault(f, []).append((ei, ki))

    def candidates(self, key: tuple[str, ...]) -> list[tuple[int, int]]:
        """(entity, key) positions that may be ``related`` to ``key``, in registry order."""
        found: set[tuple[int, int]] = set(self.always)
        get = self.by_form.get
        for f in _key_forms(key):
            hits = get(f)
            if hits is not None:
                found.update(hits)
        return sorted(found)


_SCAN_MAX: Final = 32  # name keys in the registry up to which a plain scan is cheaper than the index


def _span(toks: list[Tok], r: tuple[int, int], clitic: int = 0) -> tuple[int, int]:
    return toks[r[0]].s + clitic, toks[r[1] - 1].e


class Registry:
    """Entities of one article, in order of first mention."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self._order: dict[int, int] = {}  # id(entity) → its position in ``entities``
        self._n_keys = 0
        self._index: _NameIndex | None = None  # built once the article has more than _SCAN_MAX name keys
        # (entity position, role position) of every role by its head word, and the joint speakers: lookups
        # by role and by members read these, not every entity of the article
        self._heads: dict[str, list[tuple[int, int]]] = {}
        self._joints: list[Entity] = []

    def _append(self, e: Entity) -> None:
        self._order[id(e)] = len(self.entities)
        self.entities.append(e)
        if e.members:
            self._joints.append(e)

    def _add_name(self, e: Entity, span: tuple[int, int], key: tuple[str, ...]) -> None:
        e.names.append(span)
        e.name_keys.append(key)
        self._n_keys += 1
        if self._index is not None:
            self._index.add(self._order[id(e)], len(e.name_keys) - 1, key)
        elif self._n_keys > _SCAN_MAX:
            self._index = _NameIndex()
            for ei, x in enumerate(self.entities):
                for ki, k in enumerate(x.name_keys):
                    self._index.add(ei, ki, k)

    # -------------------------------------------------------------- lookups
    def by_name(self, key: tuple[str, ...], at: int | None = None) -> Entity | None:
        """The entity whose name contains ``key`` (or is contained in it).

        When several match (وليد فاضل, نبيل فاضل ← فاضل) the one mentioned last before ``at`` wins, then the
        fullest name.
        """
        best: Entity | None = None
        best_score = (-2, -1)
        if self._index is not None and key:
            entities = self.entities
            for ei, ki in self._index.candidates(key):
                e = entities[ei]
                if e.members or e.kind not in ("person", "unknown"):
                    continue
                k = e.name_keys[ki]
                if related(key, k):
                    score = (last_mention(e, at) if at is not None else -1, len(k))
                    if score > best_score:
                        best, best_score = e, score
            return best
        for e in self.entities:
            if e.members or e.kind not in ("person", "unknown"):
                continue
            for k in e.name_keys:
                if related(key, k):
                    score = (last_mention(e, at) if at is not None else -1, len(k))
                    if score > best_score:
                        best, best_score = e, score
        return best

    def by_role(self, role: tuple[str, ...], at: int) -> Entity | None:
        """A named person who holds ``role`` (same head, complements included), nearest before ``at``."""
        found: list[tuple[int, Entity]] = []
        head, rest = role[0], set(role[1:])
        entities = self.entities
        for ei, ri in sorted(self._heads.get(head, ())):
            e = entities[ei]
            if e.members or not e.names:
                continue
            if rest <= set(e.roles[ri][1:]):
                found.append((e.role_spans[ri][0], e))
        if not found:
            return None
        before = [x for x in found if x[0] <= at]
        return max(before, key=lambda x: x[0])[1] if before else min(found, key=lambda x: x[0])[1]

    # -------------------------------------------------------------- adding
    def add(self, p: Phrase, toks: list[Tok]) -> Entity:
        """The entity of phrase ``p`` over ``toks`` (joint phrases give a joint entity of their members)."""
        if p.conj:
            first = Phrase(
                p.start, p.conj[0].start, p.kind, p.head, p.role, p.name, p.gender, "sg", clitic=p.clitic
            )
            members = [self.add(first, toks)] + [self.add(c, toks) for c in p.conj]
            return self.joint(members, toks[p.start].s)
        at = toks[p.start].s
        if p.name is not None:
            clitic = p.clitic if p.name[0] == p.start else 0
            key = name_key(toks, p.name, clitic)
            found = self.by_name(key, at)
            if found is None:
                found = Entity("person" if p.kind != "name" or p.role else "unknown", first=at)
                self._append(found)
            e = found
            span = _span(toks, p.name, clitic)
            if span not in e.names:
                self._add_name(e, span, key)
            if p.role is not None and p.role[1] > p.role[0]:
                self.add_role(e, toks, p.role, p.clitic if p.role[0] == p.start else 0)
            if e.gender is None and p.gender is not None:
                e.gender = p.gender
            if p.kind == "person":
                e.kind = "person"
            return e
        assert p.role is not None
        role = role_key(toks, p.role)
        if p.kind == "person":
            named = self.by_role(role, at)
            if named is not None:
                return named
        same = self._same_body(role, p.kind)
        if same is not None:
            self.add_role(same, toks, p.role, p.clitic)
            return same
        e = Entity(p.kind, first=at, gender=p.gender, number=p.number)
        self._append(e)
        self.add_role(e, toks, p.role, p.clitic)
        return e

    def joint(self, members: list[Entity], at: int) -> Entity:
        """The joint speaker made of ``members`` (the same one for the same members)."""
        for e in self._joints if members else self.entities:
            if e.members == members:
                return e
        number = "du" if len(members) == 2 else "pl"
        joint = Entity("person", first=at, members=members, number=number, gender="m")
        self._append(joint)
        return joint

    def add_mention(self, e: Entity, p: Phrase, toks: list[Tok]) -> None:
        """Record a fuller name (and its role) of ``e`` found elsewhere in the article."""
        assert p.name is not None
        clitic = p.clitic if p.name[0] == p.start else 0
        span = _span(toks, p.name, clitic)
        if span not in e.names:
            self._add_name(e, span, name_key(toks, p.name, clitic))
        if p.role is not None and p.role[1] > p.role[0]:
            self.add_role(e, toks, p.role, p.clitic if p.role[0] == p.start else 0)
        if e.gender is None and p.gender is not None:
            e.gender = p.gender
        if p.kind == "person":
            e.kind = "person"

    def _same_body(self, role: tuple[str, ...], kind: str) -> Entity | None:
        """An organisation or source already seen: the same words, or a bare head.

        الوزارة → وزارة الداخلية"""
        best: Entity | None = None
        if not role:
            for e in self.entities:
                if e.kind == kind and not e.members and role in e.roles:
                    best = e
            return best
        rest = set(role[1:])
        entities = self.entities
        for ei, ri in sorted(self._heads.get(role[0], ())):
            e = entities[ei]
            if e.kind != kind or e.members:
                continue
            r = e.roles[ri]
            if r == role or rest <= set(r[1:]):
                best = e
        return best

    def add_role(self, e: Entity, toks: list[Tok], r: tuple[int, int], clitic: int = 0) -> None:
        span = _span(toks, r, clitic)
        if span in e.role_spans:
            return
        key = role_key(toks, r)
        if key:
            self._heads.setdefault(key[0], []).append((self._order[id(e)], len(e.roles)))
        e.roles.append(key)
        e.role_spans.append(span)

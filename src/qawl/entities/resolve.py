"""Canonical speakers across the archive: each name found in an article resolves to one speaker id.

Rules, in order (people; organisations and sources match by their folded name only):

1. a manual ``merge`` sends a name key to another key (``ميدفيديف`` → ``دميتري ميدفيديف``);
2. an exact name key already seen → that speaker;
3. a surname alone joins the one full name ending with it (``بيسكوف`` → ``دميتري بيسكوف``), if unique,
   and a first full name joins a surname seen alone before it;
4. a full name joins a spelling variant when both the family name and the given names are close
   (``ديمتري بيسكوف`` = ``دميتري بيسكوف``), never when only the given name matches
   (``دميتري ميدفيديف`` ≠ ``دميتري بيسكوف``);
5. otherwise a new speaker. A manual ``split`` forbids rules 3–4 from joining that form to that speaker.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from rapidfuzz import fuzz, process

from qawl.entities.names import name_key, speaker_id_for
from qawl.entities.romanize import RomanizeMode, latin_names
from qawl.model import Speaker
from qawl.store.base import Override, SpeakerDef, SpeakerIndexEntry

#: family names at least this close (rapidfuzz ratio, 0–100) may be spelling variants (بيسكوف/بسكوف: 91)
FAMILY_MIN = 85.0
#: given names at least this close may be spelling variants (دميتري/ديمتري: 83)
GIVEN_MIN = 78.0
# name particles that never stand alone as a surname
_PARTICLES = frozenset({"بن", "ابن", "بنت", "ابو", "ام", "عبد", "ال", "al", "bin", "de", "van", "von"})


def group_of(type_: str | None) -> str:
    """People and unknowns share a namespace ('p'); organisations ('o') and sources ('s') have their own."""
    return {"organisation": "o", "source": "s"}.get(type_ or "unknown", "p")


class SpeakerResolver:
    """Resolves speakers of one ingestion run; seeded from the store, remembers what it creates."""

    def __init__(
        self,
        index: Iterable[SpeakerIndexEntry] = (),
        overrides: Iterable[Override] = (),
        *,
        romanize: RomanizeMode | bool = "rules",
    ) -> None:
        # True/False kept for callers of the first version: True means the default ("rules")
        self._romanize: RomanizeMode = (
            "rules" if romanize is True else "off" if romanize is False else romanize
        )
        self._by_key: dict[tuple[str, str], str] = {}
        self._key_of: dict[str, str] = {}  # speaker id → its canonical key
        self._by_family: dict[str, set[str]] = defaultdict(set)  # family token → multi-token person ids
        self._families: list[str] = []  # the keys of _by_family in insertion order (no copy per lookup)
        # person id → given-name parts of its multi-token keys by family token (every form: order-independent)
        self._given: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._merge: dict[str, str] = {}
        self._split: dict[str, set[str]] = defaultdict(set)
        self._pending: dict[str, SpeakerDef] = {}
        for o in overrides:
            if o.action == "merge":
                self._merge[o.src_key] = o.dst_key
            else:
                self._split[o.src_key].add(o.dst_key)
        for e in index:
            self._key_of[e.id] = e.key or name_key(e.name)
            for k in e.keys or (name_key(e.name),):
                self._remember(e.id, group_of(e.type), k)

    def _remember(self, sid: str, group: str, key: str) -> None:
        self._by_key.setdefault((group, key), sid)
        toks = key.split()
        if group == "p" and len(toks) >= 2:
            if toks[-1] not in self._by_family:
                self._families.append(toks[-1])
            self._by_family[toks[-1]].add(sid)
            self._given[(sid, toks[-1])].add(" ".join(toks[:-1]))

    def pending(self) -> list[SpeakerDef]:
        """Speakers created since the last call (to be written with the batch that uses them); people get
        a Latin display name, romanised together in one call."""
        out = list(self._pending.values())
        self._pending.clear()
        if self._romanize != "off":
            people = [i for i, d in enumerate(out) if d.type in ("person", "unknown")]
            names = [out[i].name for i in people]
            for i, latin in zip(people, latin_names(names, self._romanize), strict=True):
                out[i] = replace(out[i], latin_name=latin)
        return out

    def resolve(self, speaker: Speaker | None) -> tuple[str, str] | None:
        """``(speaker_id, name_key)`` for a quote's speaker, or ``None`` when it has no usable name."""
        if speaker is None or not speaker.name:
            return None
        key = name_key(speaker.name)
        if not key:
            return None
        group = group_of(speaker.type)
        target = self._follow_merges(key)
        sid = self._by_key.get((group, target))
        if sid is None and group == "p":
            sid = self._fuzzy_person(key) or self._surname_first(key, speaker)
        if sid is None:
            sid = self._create(group, target, speaker)
        self._remember(sid, group, key)
        return sid, key

    def _follow_merges(self, key: str) -> str:
        seen = {key}
        while key in self._merge and self._merge[key] not in seen:
            key = self._merge[key]
            seen.add(key)
        return key

    def _allowed(self, key: str, sid: str) -> bool:
        banned = self._split.get(key)
        return not banned or self._key_of.get(sid) not in banned

    def _fuzzy_person(self, key: str) -> str | None:
        toks = key.split()
        if len(toks) == 1:
            if toks[0] in _PARTICLES:
                return None
            ids = [s for s in self._by_family.get(toks[0], ()) if self._allowed(key, s)]
            return ids[0] if len(ids) == 1 else None
        family, given = toks[-1], " ".join(toks[:-1])
        best: tuple[float, str] | None = None
        for fam, fscore, _ in process.extract(
            family, self._families, scorer=fuzz.ratio, score_cutoff=FAMILY_MIN, limit=20
        ):
            for sid in sorted(self._by_family[fam]):
                gscore = max(fuzz.ratio(given, g) for g in self._given[(sid, fam)])
                if gscore < GIVEN_MIN or not self._allowed(key, sid):
                    continue
                # ties break on the id, so the outcome never depends on the order speakers were seen
                cand = (fscore + gscore, sid)
                if best is None or cand > best:
                    best = cand
        return best[1] if best else None

    def _surname_first(self, key: str, speaker: Speaker) -> str | None:
        """A full name whose surname was seen alone before, with no other full name yet: they join, and the
        speaker takes the full name (``بيسكوف`` then ``دميتري بيسكوف`` → one speaker, ``دميتري بيسكوف``)."""
        toks = key.split()
        if len(toks) < 2 or self._by_family.get(toks[-1]):
            return None
        sid = self._by_key.get(("p", toks[-1]))
        if sid is None or not self._allowed(key, sid):
            return None
        self._pending[sid] = SpeakerDef(
            id=sid,
            name=" ".join((speaker.name or key).split()),
            key=self._key_of.get(sid, toks[-1]),
            type=speaker.type,
            gender=speaker.gender,
        )
        return sid

    def _create(self, group: str, key: str, speaker: Speaker) -> str:
        sid = speaker_id_for(group, key)
        n = 0
        while sid in self._key_of and self._key_of[sid] != key:  # taken by a split-off speaker
            n += 1
            sid = speaker_id_for(group, key, str(n))
        self._key_of[sid] = key
        name = " ".join((speaker.name or key).split())
        self._pending[sid] = SpeakerDef(
            id=sid,
            name=name,
            key=key,
            type=speaker.type,
            gender=speaker.gender,
        )
        return sid

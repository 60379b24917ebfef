"""Stage: who said each quote, to whom or through what, and when.

Quotes are attributed in reading order. The frame the quote finder recorded says where the speaker stands:

  vso / post     after the cue verb          قال المتحدث باسم الكرملين دميتري بيسكوف إن … → دميتري بيسكوف
  svo            before the cue verb         وزارة الدفاع أكدت أن …                     → وزارة الدفاع
  according      after the marker            بحسب ما ذكرت وزارة التوحيد                  → وزارة التوحيد
  participle     the main clause's speaker   قال بايدن إن …، مؤكدا أن …                 → جو بايدن
  noun           the document's issuer       وجاء في البيان                             → the current speaker
  continuation   the current speaker         «…» (no cue)
  passive        nobody                      قيل إن …

A subject slot with no phrase (وأضاف، وقال في مؤتمر صحفي إلى جانب ماكرون «…») is a dropped subject: the most
recent speaker whose gender and number agree with the cue (وأضافت → a woman or a feminine body).
A surname or a
role alone is resolved to the fullest name the article gives (see ``context``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice
from operator import attrgetter
from typing import Final

from qawl.attribution.context import Context, Window
from qawl.attribution.dates import iso_date, parse_article_date, said_on
from qawl.attribution.describe import mention_of, name_of, role_of, type_of
from qawl.attribution.documents import STRONG, document_subject, first_issued_by, issuer, relayed
from qawl.attribution.entities import Entity, last_mention, name_key
from qawl.attribution.medium import find_medium
from qawl.attribution.phrase import Phrase
from qawl.attribution.speaker import SpeakerDraft
from qawl.attribution.tokens import (
    COMMON,
    GIVEN,
    MEDIA,
    TIME,
    UNKNOWN,
    spelled_outlet,
)
from qawl.doc import Doc, QuoteDraft
from qawl.model import round3
from qawl.text.normalize import fold

_PREPS: Final = frozenset(["في", "خلال", "عبر", "امام", "علي", "الي", "مع", "عن", "من", "ان", "انه", "بان"])
_REGION_MAX: Final = 160
_REGIONS: Final[tuple[str, ...]] = ("subject_region",)  # the features that widen a quote's window
_REGIONS_SVO: Final[tuple[str, ...]] = ("subject_region", "pre_region")
_MAIN_REACH: Final = 180  # characters from a sentence's start within which its verb and subject stand
# words that may open a clause but are no verb: its subject does not follow them
_PARTICLES: Final = frozenset(["لم", "لن", "قد", "لا", "سوف"])  # before a verb (ولم يكشف)
# (عبر is left out: at a clause's start it is the verb عبّر more often than the preposition "via")
_NOT_VERBS: Final = (
    (_PREPS - {"عبر"}) | _PARTICLES | frozenset(["ما", "ثم", "بل", "لكن", "اذا", "بين", "حيث"])
)
# نقلت الوكالة عن X: X is the speaker
_RELAY_VERBS: Final = frozenset(fold(v) for v in ("نقل", "نقلت"))
# verbs whose object, right after them, is a person: the speaker stands before them
_OBJECT_VERBS: Final = frozenset(
    fold(v) for v in ("أبلغ", "أخبر", "حذر", "نصح", "طمأن", "أكد لـ", "ناشد")
)  # characters of a subject slot worth reading


_start: Final = attrgetter("start")


# A text longer than this (a book, a transcript; no news article comes near: the corpus's longest is 21 K
# characters) is attributed in sections of at least this length, each starting at a paragraph with no
# speaker known: every speaker search looks at the speakers met so far, so an unbounded text would make
# the work per quote grow with the text.
_SECTION: Final = 32_000


@dataclass(slots=True)
class _Hit:
    entity: Entity | None
    evidence: str
    mention: tuple[int, int] | None = None  # normalised span of the explicit phrase

    # written out (the dataclass keeps it): compiled, a generated __init__ runs as interpreted Python
    def __init__(self, entity: Entity | None, evidence: str, mention: tuple[int, int] | None = None) -> None:
        self.entity = entity
        self.evidence = evidence
        self.mention = mention


def attribute(doc: Doc) -> None:
    """Set ``speaker``, ``addressee``, ``said_on`` and ``confidence`` on every quote draft of ``doc``."""
    if not doc.quotes:
        return
    _Attributor(doc).run()


class _Attributor:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.ctx = Context(doc)
        self.reg = self.ctx.reg
        # speakers in order of their last quote: a dict used as an ordered set (id → entity), so that a
        # speaker moves to the end in constant time
        self.recent: dict[int, Entity] = {}
        self.base_date = parse_article_date(doc.article.date)
        # a document's issuer (القرار الصادر عن …) by the document word: searched once an article
        self.issued: dict[str, re.Match[str] | None] = {}

    def new_section(self) -> None:
        """Start resolving speakers afresh: the speakers met so far are forgotten (see ``_SECTION``)."""
        self.ctx.new_section()
        self.reg = self.ctx.reg
        self.recent = {}

    def push(self, e: Entity | None) -> None:
        if e is None:
            return
        self.recent.pop(id(e), None)
        self.recent[id(e)] = e

    # ------------------------------------------------------------------ resolution
    def resolve(self, w: Window, p: Phrase, cue_gender: str | None) -> _Hit:
        toks = w.toks
        at = toks[p.start].s
        known = False
        if p.name is not None:
            known = (
                self.reg.by_name(name_key(toks, p.name, p.clitic if p.name[0] == p.start else 0)) is not None
            )
        if (
            p.kind == "person"
            and p.name is None
            and p.number == "du"
            and not p.conj
            and toks[p.start].w.definite
        ):
            pair = self.last_two_named(at)  # وقال الرئيسان: the two people the article just named
            if pair is not None:
                return _Hit(pair, "role", (at, toks[p.end - 1].e))
        definite_source = p.kind == "source" and toks[p.start].w.definite and p.end == p.start + 1
        if (p.kind == "person" or definite_source) and p.name is None and not p.conj:
            holder = self.ctx.role_holder(toks, p, at)
            if holder is not None:
                self.ctx.expand(holder, at)
                return _Hit(holder, "role", (at, toks[p.end - 1].e))
        e = self.reg.add(p, toks)
        for m in [e, *e.members]:
            if m.kind == "organisation":
                self.ctx.expand_body(m, at)
            else:
                self.ctx.expand(m, at)
        if p.conj or p.name is not None:
            strong = p.conj or p.role is not None or known or (p.name and toks[p.name[0]].w.cls == GIVEN)
            ev = "named" if strong or len(e.names) > 1 else "guess"
        elif p.kind == "person":
            ev = "role_only"
        else:
            ev = "body"
        if e.gender is None and e.number == "sg" and cue_gender in ("m", "f") and not e.members:
            e.gender = cue_gender
        return _Hit(e, ev, (at, toks[p.end - 1].e))

    def last_two_named(self, at: int) -> Entity | None:
        self.ctx.phrases_before(at)
        named = [(last_mention(e, at), e) for e in self.reg.entities if e.names and not e.members]
        named = sorted((m, e) for m, e in named if m >= 0)[-2:] if named else []
        if len(named) < 2:
            return None
        return self.reg.joint([named[0][1], named[1][1]], at)

    def dropped(self, gender: str | None, number: str | None, at: int) -> _Hit:
        """The most recent speaker that agrees with the cue's gender and number; else the phrase mentioned
        last before the cue that agrees (أكد الرئيس عباس … وقال في حديث تلفزيوني → عباس)."""
        for e in islice(reversed(self.recent.values()), 6):
            if _agrees(e, gender, number):
                return _Hit(e, "dropped")
        self.ctx.phrases_before(at)
        cands = [(last_mention(e, at), e) for e in self.reg.entities if _agrees(e, gender, number)]
        cands = [c for c in cands if c[0] >= 0]
        if cands:
            e = max(cands, key=lambda c: c[0])[1]
            self.ctx.expand(e, at)
            return _Hit(e, "guess")
        if self.recent:
            return _Hit(next(reversed(self.recent.values())), "fallback")
        return _Hit(None, "fallback")

    def subject(
        self, w: Window, region: tuple[int, int] | None, *, obj: bool = False, relay_verb: bool = False
    ) -> Phrase | None:
        """The speaker phrase at the start of a subject slot (``obj``: an according-to phrase's object)."""
        if region is None:
            return None
        i, j = w.from_(region[0]), w.at(region[1])
        if i >= j:
            return None
        toks = w.toks
        if obj:
            if toks[i].text == "ما" and i + 1 < j:
                i += 1 if toks[i + 1].w.cls in STRONG else 2
            elif i + 1 < j and toks[i].w.cls in (UNKNOWN, COMMON) and toks[i + 1].w.cls in STRONG:
                i += 1  # the verb of بحسب ما نشرته الوكالة, when the marker kept ما
            if i < j and toks[i].w.cls == MEDIA:
                return issuer(w, i, j)
            return w.parse_object(i, j) if i < j else None
        if toks[i].w.cls == MEDIA:
            return issuer(w, i, j)  # قال تقرير صادر عن اليونيسف
        for k in range(i, min(j, i + 12)):
            if len(toks[k].text) == 3 and spelled_outlet(toks, k, j):
                j = k  # وقال المتحدث لبي بي سي / وقال لبي بي سي: the subject slot ends at the addressee
                break
        if i >= j:
            return None
        if relay_verb and toks[i].text == "عن" and i + 1 < j:
            return w.parse_object(i + 1, j)  # ونُقل عن الوزير قوله (the passive looks like نقل)
        p = w.parse(i, j)
        if p is None:
            return None
        relay = relayed(w, p.end, j, relay_verb=relay_verb)
        if relay is not None:
            return relay
        if p.kind == "person" and p.name is None:
            return self.tail_name(w, p, j) or p
        return p

    def tail_name(self, w: Window, p: Phrase, j: int) -> Phrase | None:
        """A long role whose name comes at the end of the subject slot:
        يقول القيادي في التحالف الكردستاني وعضو لجنة العلاقات الخارجية مهدي خوشناو إن → مهدي خوشناو."""
        toks = w.toks
        for k in range(p.end, min(j, p.end + 14)):
            if toks[k].w.cls == GIVEN and not toks[k].w.prefix:
                e = w.name_run(k, j)
                if e > k + 1 and (e == j or w.gap(e - 1) or self._ends_phrase(w, e)):
                    return Phrase(
                        p.start, e, "person", head=p.head, role=(p.start, k), name=(k, e), gender=p.gender
                    )
                return None
        return None

    @staticmethod
    def _ends_phrase(w: Window, k: int) -> bool:
        """Does token ``k`` open something that is not a name (لوكالة، في، أمس, a one-letter clitic)?"""
        t = w.toks[k]
        return bool(t.w.prefix) or len(t.text) < 2 or t.w.cls in (MEDIA, TIME) or t.w.key in _PREPS

    def main_clause(self, d: QuoteDraft, upto: int | None = None) -> tuple[Window, Phrase] | None:
        """The subject right after the clause's verb (وأعلنت السعودية …، معبرة عن … → السعودية), in the
        sentence of the cue, or of position ``upto``."""
        cue = upto if upto is not None else (d.cue[0] if d.cue else d.start)
        ss, _ = self.ctx.sentence(cue)
        w = self.ctx.window(ss, min(cue, ss + _MAIN_REACH))
        n = len(w.toks)
        for k in range(1, n):
            if w.gap(k - 1) or w.toks[k - 1].w.prefix not in ("", "و") or self.ctx.in_quote(w.toks[k].s):
                continue
            # the subject follows the clause's first word, its verb (كذلك ثمن دور التحالف: no subject);
            # these checks are cheap and the parse is not, so they come first
            verb = w.toks[k - 1].w
            if verb.definite or verb.cls not in (COMMON, UNKNOWN) or verb.key in _NOT_VERBS:
                continue  # وفي فرنسا، …: a preposition; ولم يكشف الحرس: the verb comes after the particle
            v = k - 1
            if v > 0 and w.toks[v - 1].w.key in _PARTICLES and not w.gap(v - 1):
                v -= 1  # ولم يكشف الحرس الثوري: the clause starts at the particle
            if not (v == 0 or w.gap(v - 1).rstrip("—-–") in ("،", ",", ".", ":", ")", "")) or (
                v > 0 and not w.gap(v - 1)
            ):
                continue
            p = w.parse(k, n)
            if p is None:
                continue
            first = w.toks[p.start].w.cls
            known = p.name is not None and self.reg.by_name(name_key(w.toks, p.name)) is not None
            if first in STRONG or first == GIVEN or known:
                return w, p
            if (
                p.name is not None
                and p.name[1] - p.name[0] >= 2
                and not w.toks[p.start].text.startswith(("ل", "ب"))
            ):
                return w, p  # أمهل مقتدى الصدر …، مؤكدا: a two-word name right after the clause's verb
        return None

    def issued_elsewhere(self, w: Window, region: tuple[int, int] | None) -> tuple[Window, Phrase] | None:
        """بحسب ما جاء في القرار … where the article says elsewhere ``القرار الصادر عن X``: the document's
        issuer X (who published it, نشرته الصحيفة, is only the channel)."""
        if region is None:
            return None
        i, j = w.from_(region[0]), w.at(region[1])
        while i < j and w.toks[i].w.cls != MEDIA and i < w.from_(region[0]) + 4:
            i += 1  # past ما جاء في
        if i >= j or w.toks[i].w.cls != MEDIA:
            return None
        key = w.toks[i].w.key
        if key not in self.issued:
            self.issued[key] = first_issued_by(self.doc.norm, key)
        m = self.issued[key]
        if m is None:
            return None
        ww = self.ctx.window(m.start(), m.end() + 80)
        k = ww.from_(m.start())
        p = issuer(ww, k, len(ww.toks))
        return (ww, p) if p is not None and p.kind != "media" else None

    def document_issuer(self, d: QuoteDraft, w: Window) -> _Hit | None:
        """وجاء في البيان: who issued the statement the article mentioned last (وحاول مارك زوكربرغ في بيانه
        الأخير طمأنة … → مارك زوكربرغ): the subject of the sentence that names the document before."""
        if d.cue is None:
            return None
        doc_words = [t for t in w.toks[w.from_(d.cue[0]) : w.at(d.cue[1])] if t.w.cls == MEDIA]
        if not doc_words:
            return None
        key = doc_words[-1].w.key
        norm = self.doc.norm
        pos = norm.rfind(key, max(0, d.cue[0] - 800), d.cue[0])
        while pos >= 0 and self.ctx.in_quote(pos):
            pos = norm.rfind(key, max(0, d.cue[0] - 800), pos)
        if pos < 0:
            return None
        main = self.main_clause(d, upto=pos)
        if main is None:
            return None
        hit = self.resolve(main[0], main[1], None)
        hit.evidence = "main"
        hit.mention = None
        return hit

    # ------------------------------------------------------------------ per quote
    def window_for(self, d: QuoteDraft) -> Window:
        f = d.features or {}
        anchor = d.cue[0] if d.cue else d.start
        ss, _ = self.ctx.sentence(anchor)
        frame = f.get("frame")
        if frame != "svo":
            ss = max(ss, anchor - 40)  # enough for a time word before the cue (الخميس، قال)
        hi = d.cue[1] if d.cue else d.start
        for key in _REGIONS_SVO if frame == "svo" else _REGIONS:
            r = f.get(key)
            if r is not None:
                r0: int = r[0]  # typed: compiled, min and max of ints run natively, not as builtin calls
                r1: int = r[1]
                ss = min(ss, r0)
                hi = max(hi, min(r1, r0 + _REGION_MAX))
        return self.ctx.window(ss, hi)

    def speaker_of(self, d: QuoteDraft, w: Window, prev: list[tuple[QuoteDraft, _Hit]]) -> _Hit:
        f = d.features or {}
        frame = f.get("frame") or d.cue_class or ("continuation" if d.cue is None else "vso")
        gender, number = f.get("gender"), f.get("number")
        region = f.get("subject_region")
        at = d.cue[0] if d.cue else d.start
        if frame == "passive":
            # ونُقل عن وزير النقل، عبد الحق بلخير، قوله إن …: the source after عن
            i, j = (w.from_(region[0]), w.at(region[1])) if region is not None else (0, 0)
            if i < j and w.toks[i].text == "عن":
                p = w.parse_object(i + 1, j)
                if p is not None:
                    return self.resolve(w, p, None)
            return _Hit(None, "fallback")
        if frame in ("vso", "post", "svo", "headline"):
            # a plural or dual verb carries its own subject: what follows it is an object (وذكروا أسبابا)
            plural_verb = number in ("pl", "du") and frame in ("vso", "post")
            p = None
            before = frame == "svo" and d.cue is not None and f.get("pre_region") is not None
            verb = _folded(str(f.get("verb") or ""))
            if before and verb in _OBJECT_VERBS:
                # a verb that takes a person object: وكان عباس أبلغ الرئيس الروسي … → عباس
                p = w.parse_before(w.at(f["pre_region"][0]), w.at(d.cue[0]))  # type: ignore[index]
            if p is None and not plural_verb:
                p = self.subject(w, region, relay_verb=verb in _RELAY_VERBS)
            if p is None and document_subject(w, region):
                body = self.ctx.latest_body(at, self.recent.values())  # وقال التقرير: the body that issued it
                if body is not None:
                    word = w.toks[w.from_(region[0])].w.key  # type: ignore[index]
                    body.alias_genders.add("f" if word.endswith("ه") else "m")
                    return _Hit(body, "guess")
            if p is None and before:
                p = w.parse_before(w.at(f["pre_region"][0]), w.at(d.cue[0]))  # type: ignore[index]
            if p is not None:
                return self.resolve(w, p, gender if frame != "svo" else None)
            if frame == "headline":
                return _Hit(None, "fallback")
            main = self.main_clause(d)  # ورحب ترامب بالتقدم …، إذ كتب على تويتر → ترامب
            if main is not None:
                hit = self.resolve(main[0], main[1], None)
                hit.evidence = "main"
                return hit
            return self.dropped(gender, number, at)
        if frame == "according":
            elsewhere = self.issued_elsewhere(w, region)
            if elsewhere is not None:
                return self.resolve(elsewhere[0], elsewhere[1], None)
            p = self.subject(w, region, obj=True)
            if p is not None:
                return self.resolve(w, p, gender)
            return self.dropped(gender, number, at)
        if frame == "participle":
            ss, _ = self.ctx.sentence(at)
            for q, hit in reversed(prev):
                if q.start >= ss and hit.entity is not None:
                    return _Hit(hit.entity, "main")
            main = self.main_clause(d)
            if main is not None:
                hit = self.resolve(main[0], main[1], None)
                hit.evidence = "main"
                return hit
            return self.dropped(gender, number, at)
        if frame == "noun":
            if region is not None and w.at(region[0]) < w.at(region[1]):
                p = issuer(w, w.at(region[0]), w.at(region[1]))
                if p is not None:
                    return self.resolve(w, p, None)
            issued = self.document_issuer(d, w)
            return issued if issued is not None else self.dropped(None, None, at)
        # continuation and anything unknown: the current speaker
        hit = self.dropped(None, None, at)
        if hit.entity is not None and hit.evidence == "dropped":
            hit.evidence = "continuation"
        return hit

    def run(self) -> None:
        done: list[tuple[QuoteDraft, _Hit]] = []
        section = 0  # where the current section of the text starts
        for d in sorted(self.doc.quotes, key=_start):
            if d.start - section >= _SECTION:
                section = self.ctx.paragraph(d.start)[0]
                self.new_section()
            w = self.window_for(d)
            hit = self.speaker_of(d, w, done)
            self.push(hit.entity)
            done.append((d, hit))
            self.extras(d, w)
        self.finish(done)

    def extras(self, d: QuoteDraft, w: Window) -> None:
        """Addressee / medium and the date, from the words around the cue."""
        if d.cue is None:
            d.said_on = iso_date(self.base_date) if self.base_date else None
            return
        region = (d.features or {}).get("subject_region")
        hi = region[1] if region is not None and region[0] >= d.cue[1] - 1 else d.cue[1]
        i, j = w.at(d.cue[0]), w.at(hi)
        m = find_medium(w, i, j)
        if m is not None:
            s, e = w.toks[m[0]].s, w.toks[m[1] - 1].e
            norm = self.doc.norm
            if norm.count('"', s, e) % 2 and norm.startswith('"', e):
                e += 1  # close the quotation mark the medium's name opened (مع "العربية")
            d.addressee = (s, e)
        d.said_on = said_on(w.toks, max(0, i - 6), j, self.base_date)

    # ------------------------------------------------------------------ output
    def finish(self, done: list[tuple[QuoteDraft, _Hit]]) -> None:
        ids: dict[int, str] = {}
        # name, role and type depend on the entity only: once per speaker, not once per quote
        described: dict[int, tuple[str | None, str | None, str]] = {}
        for d, hit in done:
            e = hit.entity
            if e is None:
                d.speaker = None
                d.confidence = round3(min(d.confidence, 0.5))
                continue
            if id(e) not in ids:
                ids[id(e)] = f"s{len(ids) + 1}"
                described[id(e)] = (name_of(self.doc, e), role_of(self.doc, e), type_of(e))
            e.speaker_id = ids[id(e)]
            name, role, kind = described[id(e)]
            sp = SpeakerDraft(
                name=name,
                mention=hit.mention or mention_of(e, d),
                role=role,
                type=kind,
                gender=e.gender if e.number == "sg" else None,
                speaker_id=e.speaker_id,
                evidence=hit.evidence,
            )
            d.speaker = sp
            d.confidence = round3(d.confidence * 0.5 + sp.confidence * 0.5)


_FOLDED: Final[dict[str, str]] = {}  # cue verbs, folded: a few hundred forms recur in every article


def _folded(verb: str) -> str:
    out = _FOLDED.get(verb)
    if out is None:
        if len(_FOLDED) >= 4096:
            _FOLDED.clear()  # bounded memory on odd input; folding is pure, only time is lost
        out = _FOLDED[verb] = fold(verb)
    return out


def _agrees(e: Entity, gender: str | None, number: str | None) -> bool:
    """Does a dropped subject with the cue's gender and number fit entity ``e``?

    وأضافت ↔ a woman or a feminine body (الوزارة); وأضافوا ↔ people in the plural."""
    if number == "du":
        return e.number == "du"
    if number == "pl":
        return e.number in ("pl", "du") and e.kind != "organisation"
    if e.number in ("pl", "du") and (e.kind == "person" or e.gender == "m"):
        return False  # people in the plural take a plural verb (وقال ≠ مسؤولون)
    if gender == "f":
        return e.gender == "f" or "f" in e.alias_genders
    if gender == "m":
        return e.gender != "f" or "m" in e.alias_genders
    return True

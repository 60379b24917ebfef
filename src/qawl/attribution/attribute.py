"""Stage: who said each quote, to whom or through what, and when.

One pass over the article's words builds the registry of named people (title + name, given names); then the
quotes are attributed in reading order. The frame the quote finder recorded says where the speaker stands:

  vso / post     after the cue verb          قال المتحدث باسم الكرملين دميتري بيسكوف إن … → دميتري بيسكوف
  svo            before the cue verb         وزارة الدفاع أكدت أن …                     → وزارة الدفاع
  according      after the marker            بحسب ما ذكرت وزارة التوحيد                  → وزارة التوحيد
  participle     the main clause's speaker   قال بايدن إن …، مؤكدا أن …                 → جو بايدن
  noun           the document's issuer       وجاء في البيان                             → the current speaker
  continuation   the current speaker         «…» (no cue)
  passive        nobody                      قيل إن …

A subject slot with no phrase (وأضاف، وقال في مؤتمر صحفي إلى جانب ماكرون «…») is a dropped subject: the most
recent speaker whose gender and number agree with the cue (وأضافت → a woman or a feminine body).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from qawl.attribution.dates import parse_article_date, said_on
from qawl.attribution.entities import Entity, Registry, last_mention
from qawl.attribution.medium import find_medium
from qawl.attribution.phrase import Grammar, Phrase
from qawl.attribution.speaker import SpeakerDraft
from qawl.attribution.tokens import GIVEN, MEDIA, ORG, PLACE, SOURCE, TIME, TITLE, Tok, tokenize
from qawl.doc import Doc, QuoteDraft

_STRONG = (TITLE, ORG, PLACE, SOURCE)
_PREPS = frozenset(["في", "خلال", "عبر", "امام", "علي", "الي", "مع", "عن", "من", "ان", "انه", "بان"])


@dataclass(slots=True)
class _Hit:
    entity: Entity | None
    evidence: str
    mention: tuple[int, int] | None = None  # token range of the explicit phrase


def attribute(doc: Doc) -> None:
    """Set ``speaker``, ``addressee``, ``said_on`` and ``confidence`` on every quote draft of ``doc``."""
    if not doc.quotes:
        return
    _Attributor(doc).run()


class _Attributor:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.toks: list[Tok] = tokenize(doc.norm)
        self.starts = [t.s for t in self.toks]
        self.g = Grammar(doc.norm, self.toks)
        self.reg = Registry(self.toks)
        self.recent: list[Entity] = []
        self.sent_starts = [s for s, _ in doc.sentences]
        self.base_date = parse_article_date(doc.article.date)

    # ------------------------------------------------------------------ helpers
    def tok_at(self, pos: int) -> int:
        """Index of the first token starting at or after ``pos``."""
        return bisect_left(self.starts, pos)

    def sentence_of(self, pos: int) -> int:
        return bisect_right(self.sent_starts, pos) - 1

    def push(self, e: Entity | None) -> None:
        if e is None:
            return
        if e in self.recent:
            self.recent.remove(e)
        self.recent.append(e)

    # ------------------------------------------------------------------ prescan
    def prescan(self) -> None:
        """Register every titled or full name in the article (for role-only and surname mentions)."""
        toks, g, n = self.toks, self.g, len(self.toks)
        # names inside what somebody said are not the article's speakers (ابني وليد …)
        inside = sorted((self.tok_at(d.start), self.tok_at(d.end)) for d in self.doc.quotes)
        q = 0
        i = 0
        while i < n:
            while q < len(inside) and inside[q][1] <= i:
                q += 1
            if q < len(inside) and inside[q][0] <= i:
                i = inside[q][1]
                continue
            w = toks[i].w
            if w.cls == TITLE and w.prefix in ("", "و"):
                p = g.parse(i, n) if not w.prefix else g._parse_one(i, n, skip_prefix=True)
                if p is not None and p.name is not None:
                    self.reg.add(p)
                    i = p.end
                    continue
            elif w.cls == GIVEN and not w.prefix:
                e = g.name_run(i, n)
                if e - i >= 2:
                    ent = self.reg.add(Phrase(i, e, "name", name=(i, e), gender=w.gender))
                    if g.gap(e - 1) in ("،", ",") and e < n and toks[e].w.cls == TITLE:
                        role = g.parse(e, n, allow_conj=False)
                        if role is not None and role.role is not None and role.name is None:
                            self.reg._add_role(ent, role.role)
                    i = e
                    continue
            elif "_" in toks[i].text and self.doc.norm[toks[i].s - 1 : toks[i].s] == "#":
                self.reg.add(Phrase(i, i + 1, "name", name=(i, i + 1)))
            i += 1

    # ------------------------------------------------------------------ resolution
    def resolve(self, p: Phrase, cue_gender: str | None) -> _Hit:
        known = bool(p.name) and self.reg.by_name(self._name_key(p)) is not None
        e = self.reg.add(p)
        if p.conj or p.name is not None:
            strong = p.role is not None or known or self.toks[p.name[0]].w.cls == GIVEN if p.name else True
            ev = "named" if strong else "guess"
        elif p.kind == "person":
            ev = "role" if e.names else "role_only"
        else:
            ev = "body"
        if e.gender is None and e.number == "sg" and cue_gender in ("m", "f") and not e.members:
            e.gender = cue_gender
        return _Hit(e, ev, (p.start, p.end))

    def _name_key(self, p: Phrase) -> tuple[str, ...]:
        from qawl.attribution.entities import _key

        assert p.name is not None
        return _key(self.toks, p.name, p.clitic if p.name[0] == p.start else 0)

    def dropped(self, gender: str | None, number: str | None, at: int | None = None) -> _Hit:
        """The most recent speaker that agrees with the cue's gender and number; else the entity mentioned
        last before the cue that agrees (أكد الرئيس عباس … وقال في حديث تلفزيوني → عباس)."""
        for e in reversed(self.recent[-6:]):
            if _agrees(e, gender, number):
                return _Hit(e, "dropped")
        if at is not None:
            cands = [(last_mention(e, at), e) for e in self.reg.entities if _agrees(e, gender, number)]
            cands = [c for c in cands if c[0] >= 0]
            if cands:
                return _Hit(max(cands, key=lambda c: c[0])[1], "guess")
        if self.recent:
            return _Hit(self.recent[-1], "fallback")
        return _Hit(None, "fallback")

    def after(self, region: tuple[int, int] | None, *, obj: bool = False) -> Phrase | None:
        if region is None:
            return None
        i, j = self.tok_at(region[0]), self.tok_at(region[1])
        if i >= j:
            return None
        if obj:
            t = self.toks[i]
            if t.text == "ما" and i + 1 < j:
                i += 1 if self.toks[i + 1].w.cls in _STRONG else 2
            if i < j and self.toks[i].w.cls == MEDIA:
                return self.issuer(i, j)
            return self.g.parse_object(i, j)
        if self.toks[i].w.cls == MEDIA:
            return self.issuer(i, j)  # قال تقرير صادر عن اليونيسف
        p = self.g.parse(i, j)
        if p is not None:
            relay = self.relayed(p.end, j)
            if relay is not None:
                return relay
            if p.kind == "person" and p.name is None:
                return self.tail_name(p, j) or p
            return p
        return None

    def tail_name(self, p: Phrase, j: int) -> Phrase | None:
        """A long role whose name comes at the end of the subject slot:
        يقول القيادي في التحالف الكردستاني وعضو لجنة العلاقات الخارجية مهدي خوشناو إن → مهدي خوشناو."""
        for k in range(p.end, min(j, p.end + 14)):
            if self.toks[k].w.cls == GIVEN and not self.toks[k].w.prefix:
                e = self.g.name_run(k, j)
                if e > k + 1 and (e == j or self.g.gap(e - 1) or self._ends_phrase(e)):
                    return Phrase(
                        p.start, e, "person", head=p.head, role=(p.start, k), name=(k, e), gender=p.gender
                    )
                return None
        return None

    def relayed(self, i: int, j: int) -> Phrase | None:
        """وأشارت الوكالة نقلا عن مصادر مطلعة أن …: the original source, not the channel."""
        for k in range(i, j - 2):
            if self.toks[k].text == "نقلا" and self.toks[k + 1].text == "عن":
                return self.g.parse_object(k + 2, j)
        return None

    def _ends_phrase(self, k: int) -> bool:
        """Does token ``k`` open something that is not a name (لوكالة، في، أمس, a one-letter clitic)?"""
        w = self.toks[k].w
        return bool(w.prefix) or len(self.toks[k].text) < 2 or w.cls in (MEDIA, TIME) or w.key in _PREPS

    def issuer(self, i: int, j: int) -> Phrase | None:
        """بيان صادر عن X / بيان لـX / بيان الحزب: who issued the document at token ``i``."""
        k = i + 1 if self.toks[i].w.cls == MEDIA else i
        if k < j and self.toks[k].w.key in ("صادر", "صدر", "صادره"):
            k += 1
        if k < j and self.toks[k].text in ("عن", "من"):
            k += 1
        return self.g.parse_object(k, j) if k < j else None

    def main_clause(self, pos: int, cue_tok: int) -> Phrase | None:
        """The subject right after the sentence's first verb (وأعلنت السعودية …، معبرة عن …)."""
        si = self.sentence_of(pos)
        if si < 0:
            return None
        k0 = self.tok_at(self.doc.sentences[si][0])
        for k in range(k0 + 1, cue_tok):
            if self.g.gap(k - 1) or self.toks[k - 1].w.prefix not in ("", "و"):
                continue
            p = self.g.parse(k, cue_tok)
            if p is None:
                continue
            first = self.toks[p.start].w.cls
            if first in _STRONG or first == GIVEN or (p.name and self._known(p)):
                return p
            verb_initial = k - 1 == k0 or bool(self.g.gap(k - 2))
            if p.name is not None and p.name[1] - p.name[0] >= 2 and verb_initial:
                return p  # أمهل مقتدى الصدر …، مؤكدا: a two-word name right after the clause's verb
        return None

    def _known(self, p: Phrase) -> bool:
        return self.reg.by_name(self._name_key(p)) is not None

    # ------------------------------------------------------------------ per quote
    def speaker_of(self, d: QuoteDraft, prev: list[tuple[QuoteDraft, _Hit]]) -> _Hit:
        f = d.features or {}
        frame = f.get("frame") or d.cue_class or ("continuation" if d.cue is None else "vso")
        gender, number = f.get("gender"), f.get("number")
        region = f.get("subject_region")
        if frame == "passive":
            return _Hit(None, "fallback")
        if frame in ("vso", "post", "svo", "headline"):
            p = self.after(region)
            if p is None and frame == "svo" and d.cue is not None:
                pre = f.get("pre_region")
                if pre is not None:
                    p = self.g.parse_before(self.tok_at(pre[0]), self.tok_at(d.cue[0]))
            if p is not None:
                return self.resolve(p, gender if frame != "svo" else None)
            if frame == "headline":
                return _Hit(None, "fallback")
            return self.dropped(gender, number, self.tok_at(d.cue[0]) if d.cue else None)
        if frame == "according":
            p = self.after(region, obj=True)
            if p is not None:
                return self.resolve(p, gender)
            return self.dropped(gender, number, self.tok_at(d.start))
        if frame == "participle":
            si = self.sentence_of(d.start)
            for q, hit in reversed(prev):
                if self.sentence_of(q.start) == si and hit.entity is not None:
                    return _Hit(hit.entity, "main")
            cue_tok = self.tok_at(d.cue[0]) if d.cue else self.tok_at(d.start)
            p = self.main_clause(d.start, cue_tok)
            if p is not None:
                hit = self.resolve(p, None)
                hit.evidence = "main"
                return hit
            return self.dropped(gender, number)
        if frame == "noun":
            p = None
            if region is not None and self.tok_at(region[0]) < self.tok_at(region[1]):
                p = self.issuer(self.tok_at(region[0]), self.tok_at(region[1]))
            if p is not None:
                return self.resolve(p, None)
            hit = self.dropped(None, None)
            return hit
        # continuation and anything unknown: the current speaker
        hit = self.dropped(None, None)
        if hit.entity is not None and hit.evidence == "dropped":
            hit.evidence = "continuation"
        return hit

    def run(self) -> None:
        self.prescan()
        done: list[tuple[QuoteDraft, _Hit]] = []
        for d in sorted(self.doc.quotes, key=lambda q: q.start):
            hit = self.speaker_of(d, done)
            self.push(hit.entity)
            done.append((d, hit))
            self.extras(d)
        self.finish(done)

    def extras(self, d: QuoteDraft) -> None:
        """Addressee / medium and the date, from the words around the cue."""
        f = d.features or {}
        region = f.get("subject_region")
        if d.cue is None:
            d.said_on = self.base_date.isoformat() if self.base_date else None
            return
        lo = d.cue[0]
        hi = region[1] if region is not None and region[0] >= d.cue[1] - 1 else d.cue[1]
        if hi <= lo or hi - lo > 400:
            hi = min(len(self.doc.norm), d.cue[1] + 120)
        i, j = self.tok_at(lo), self.tok_at(hi)
        m = find_medium(self.g, i, j)
        if m is not None:
            d.addressee = (self.toks[m[0]].s, self.toks[m[1] - 1].e)
        pre = f.get("pre_region")
        pi = self.tok_at(pre[0]) if pre is not None else i
        d.said_on = said_on(self.toks, max(pi, i - 6), j, self.base_date)

    # ------------------------------------------------------------------ output
    def finish(self, done: list[tuple[QuoteDraft, _Hit]]) -> None:
        ids: dict[int, str] = {}
        for d, hit in done:
            e = hit.entity
            if e is None:
                d.speaker = None
                d.confidence = round(min(d.confidence, 0.5), 3)
                continue
            if id(e) not in ids:
                ids[id(e)] = f"s{len(ids) + 1}"
            e.speaker_id = ids[id(e)]
            sp = SpeakerDraft(
                name=self.name_of(e),
                mention=self.mention_of(e, hit, d),
                role=self.role_of(e),
                type=_type_of(e),
                gender=e.gender if e.number == "sg" else None,
                speaker_id=e.speaker_id,
                evidence=hit.evidence,
            )
            d.speaker = sp
            d.confidence = round(d.confidence * 0.5 + sp.confidence * 0.5, 3)

    def text_of(self, s: int, e: int) -> str:
        omap, text = self.doc.omap, self.doc.article.text
        out = text[omap.to_orig(s) : omap.to_orig(e)]
        return " ".join(out.replace("#", " ").replace("_", " ").split())

    def name_of(self, e: Entity) -> str | None:
        if e.members:
            names = [self.name_of(m) or "" for m in e.members]
            return " و".join(n for n in names if n) or None
        if e.name_chars:
            cs, ce = max(e.name_chars, key=lambda r: (len(self.doc.norm[r[0] : r[1]].split()), -r[0]))
            return self.text_of(cs, ce)
        if e.role_spans:
            r = max(e.role_spans, key=lambda r: (r[1] - r[0], -r[0]))
            return self.text_of(self.toks[r[0]].s + e.role_clitic.get(r, 0), self.toks[r[1] - 1].e)
        return None

    def role_of(self, e: Entity) -> str | None:
        if e.kind != "person" or not e.role_spans or not e.names:
            return None
        r = max(e.role_spans, key=lambda r: (r[1] - r[0], -r[0]))
        return self.text_of(self.toks[r[0]].s + e.role_clitic.get(r, 0), self.toks[r[1] - 1].e)

    def mention_of(self, e: Entity, hit: _Hit, d: QuoteDraft) -> tuple[int, int] | None:
        if hit.mention is not None:
            s, t = hit.mention
            return self.toks[s].s, self.toks[t - 1].e
        spans = e.names + e.role_spans
        if not spans:
            return None
        at = self.tok_at(d.start)
        before = [r for r in spans if r[0] < at]
        r = max(before) if before else min(spans)
        return self.toks[r[0]].s, self.toks[r[1] - 1].e


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
        return e.gender == "f"
    if gender == "m":
        return e.gender != "f"
    return True


def _type_of(e: Entity) -> str:
    if e.members:
        return "person"
    if e.kind == "name":
        return "person"
    return e.kind if e.kind in ("person", "organisation", "source") else "unknown"

"""The speaker-phrase grammar: who stands in a subject slot, and where the phrase ends.

A phrase is one of
  title phrase   الرئيس الأمريكي جو بايدن / المتحدث باسم الكرملين، دميتري بيسكوف
                 نظيره البريطاني بوريس جونسون
  organisation   وزارة الخارجية الروسية / الكرملين / موقع "آير بي ان بي" / إيران
  source         مصادر ميدانية / مسؤول أمريكي / متحدث باسم الشركة
  name           بيسكوف / هشام الجابري / محمد بن سلمان / #محمود_عباس
joined by و into joint speakers (لودريان ووزير الاقتصاد برونو لومير). A phrase ends before prepositional
phrases (لوكالة تاس، في مؤتمر، خلال، عبر), time words (يوم السبت، أمس), the complementiser and punctuation.
"""

from __future__ import annotations

from typing import Final

from qawl.attribution import lexicon as lx
from qawl.attribution.complements import RoleGrammar, closes_genitive
from qawl.attribution.names import STOP_WORDS, Phrase, name_shaped
from qawl.attribution.tokens import (
    COMMON,
    GIVEN,
    ORG,
    PARTICLE,
    PLACE,
    SOURCE,
    TIME,
    TITLE,
    UNKNOWN,
    Word,
    analyse,
)

# words that open the medium / addressee rather than a speaker
_SPEECH: Final = frozenset(["قوله", "قولها", "قولهم", "قولهما"])  # نقلت عن مصدر عسكري | قوله
_LEAD_SKIP: Final = frozenset(
    ["خلالها", "خلاله", "فيها", "فيه", "منها", "منه", "عنها", "عنه", "لها", "له", "بدوره", "بدورها", "ايضا"]
)
_PREP_ONLY: Final = frozenset(
    ["في", "خلال", "عبر", "امام", "علي", "الي", "مع", "عن", "من", "بعد", "قبل", "لدي", "اثناء"]
)


class Grammar(RoleGrammar):
    """Parses speaker phrases over a run of tokens (see ``NameGrammar`` for names and ``gap``)."""

    __slots__ = ()

    # ------------------------------------------------------------------ pieces
    def skip_time(self, i: int, limit: int) -> int:
        """Skip time words at ``i`` (يوم السبت، مساء الجمعة، أمس، اليوم): the first token after them."""
        n = 0
        while i < limit and n < 3 and self.toks[i].w.cls == TIME and self.toks[i].w.prefix == "":
            if n == 0 and self._partitive(i, limit):
                break  # أحد أفراد الفريق: "one of", not the weekday
            if self.gap(i) and self.gap(i) not in ("،", ","):
                return i + 1
            i += 1
            n += 1
        return i

    def parse(self, i: int, limit: int, *, allow_conj: bool = True) -> Phrase | None:
        """The speaker phrase that starts at token ``i`` (time words skipped), or None."""
        toks = self.toks
        if i < limit and toks[i].text in _LEAD_SKIP and not self.gap(i):
            i += 1  # حذر خلالها رئيس الوزراء …: a pronoun-carrying preposition before the subject
        if i + 1 < limit and toks[i].text == "كل" and toks[i + 1].text == "من":
            i += 2  # وقال كل من رئيس النقابة … ونائبه …
        i = self.skip_time(i, limit)
        if i >= limit:
            return None
        w = toks[i].w
        if w.prefix or w.key in _PREP_ONLY:
            return None
        p = self._parse_one(i, limit)
        named_after = (
            p is not None
            and p.name is None
            and p.kind in ("person", "source")
            and p.end + 1 < limit
            and toks[p.end].text in ("واسمه", "واسمها")
            and self.gap(p.end - 1) in ("،", ",")
        )
        if p is not None and named_after:
            e = self.name_run(p.end + 1, limit)  # وقال أحد الشهود، واسمه بشير أحمد
            if e > p.end + 1:
                p.name, p.kind, p.end = (p.end + 1, e), "person", e
        if p is None or not allow_conj:
            return p
        while p.end < limit and not self.gap(p.end - 1):
            c = self._conjunct(p.end, limit)
            if c is None:
                break
            p.conj.append(c)
            p.end = c.end
        if p.conj:
            p.number = "du" if len(p.conj) == 1 else "pl"
        return p

    def title_after_conj(self, i: int) -> Phrase | None:
        """A phrase on a word with و glued to it (ووزير الاقتصاد برونو لومير)."""
        p = self._parse_one(i, len(self.toks), skip_prefix=True)
        if p is not None:
            p.clitic = 1
        return p

    def parse_object(self, i: int, limit: int) -> Phrase | None:
        """The object of an according-to phrase, clitic included: لوكالة الأناضول، لبايدن، عن مصادر."""
        i = self.skip_time(i, limit)
        if i >= limit:
            return None
        t = self.toks[i]
        if t.w.prefix in ("ل", "ب") or (t.w.cls == UNKNOWN and t.text.startswith("ل") and len(t.text) > 4):
            p = self._parse_one(i, limit, skip_prefix=True)
            if p is not None:
                p.clitic = 1
            return p
        return self.parse(i, limit)

    def _conjunct(self, i: int, limit: int) -> Phrase | None:
        """و + a title, organisation or given name joins a second speaker (ووزير الاقتصاد، وسيول)."""
        t = self.toks[i]
        if not t.text.startswith("و") or len(t.text) < 3:
            return None
        w = t.w if t.w.prefix == "و" else analyse(t.text[1:])
        if t.w.prefix not in ("", "و") or w.cls not in (TITLE, ORG, PLACE, GIVEN, SOURCE):
            return None
        p = self._parse_one(i, limit, skip_prefix=True)
        if p is not None:
            p.clitic = 1
        return p

    def _parse_one(self, i: int, limit: int, *, skip_prefix: bool = False) -> Phrase | None:
        toks = self.toks
        w = toks[i].w
        if skip_prefix and not w.prefix:
            w = analyse(toks[i].text[1:])
        multi = self._multi_org(i, limit)
        if multi is not None:
            j, g, n = multi
            j = self.complements(j, limit, org=True)
            return Phrase(i, j, "organisation", head=toks[i].w.key, role=(i, j), gender=g, number=n)
        if w.cls == TITLE:
            return self._title(i, limit, w)
        if w.cls == ORG:
            quoted = self._quoted_name(i + 1, limit)
            j = quoted if quoted is not None else self.complements(i + 1, limit, org=True)
            if (
                quoted is None
                and j < limit
                and toks[j].w.cls == ORG
                and not toks[j].w.prefix
                and self.gap(j) == '"'
            ):
                j = self._quoted_name(j + 1, limit) or j  # موقع إذاعة "فرانس أنفو"
            if j < limit and not self.gap(j - 1):
                multi = self._multi_org(j, limit)
                if multi is not None:
                    j = multi[0]  # موقع التواصل الاجتماعي فيس بوك
            return Phrase(i, j, "organisation", head=w.key, role=(i, j), gender=w.gender, number=w.number)
        if w.cls == PLACE:
            j = self.complements(i + 1, limit, org=True) if w.definite else i + 1
            return Phrase(i, j, "organisation", head=w.key, role=(i, j), gender=w.gender, number=w.number)
        if w.cls == SOURCE and w.definite:
            p = self._title(i, limit, w)  # الناشطة الحقوقية، زينب الموسوي
            if p.name is None:
                p.kind = "source"  # وقال المصدر: the source the article introduced before (مصدر أمني)
            return p
        if self._partitive(i, limit) and not skip_prefix:
            # أحد أفراد الفريق الهندسي / إحدى الناشطات: one of a group, an unnamed source
            j = self.complements(i + 1, limit, org=False)
            if j > i + 1:
                gender = "f" if w.key == "احدي" else "m"
                return Phrase(i, j, "source", head=w.key, role=(i, j), gender=gender)
        if w.cls == SOURCE and w.number == "pl" and toks[i].text.endswith("و") and not self.gap(i):
            # a plural in construct takes a genitive: مراسلو وكالة الأنباء الفرنسية، ممثلو الشركات
            j = self.complements(i + 1, limit, org=False)
            if j > i + 1:
                return Phrase(i, j, "source", head=w.key, role=(i, j), gender=w.gender, number="pl")
        if w.cls == SOURCE:
            j = i + 1
            while j < limit and j - i < 4 and not self.gap(j - 1):
                v = toks[j].w
                if (
                    v.prefix
                    or v.cls in (TIME,)
                    or v.key in STOP_WORDS
                    or len(toks[j].text) < 2
                    or toks[j].text in _SPEECH
                ):
                    break
                if v.cls == PLACE and j > i + 1:
                    break  # دبلوماسي غربي كبير | طهران: after its adjectives, a place is the verb's object
                if v.cls in (COMMON, UNKNOWN, PLACE, SOURCE) and toks[j].text != "باسم":
                    j += 1
                    continue
                break
            if w.key in ("متحدث", "ناطق") and j < limit and toks[j].text == "باسم":
                j = min(limit, j + 2)
            else:
                j = self._body_of(j, limit)
            return Phrase(i, j, "source", head=w.key, role=(i, j), gender=w.gender, number=w.number)
        if w.cls == PARTICLE and i + 1 < limit and not self.gap(i) and toks[i + 1].w.cls in (GIVEN, UNKNOWN):
            e = self.name_run(i + 1, limit)  # لو دريان، ابو مازن
            if e > i + 1:
                return Phrase(i, e, "name", name=(i, e), clitic=0)
        if w.definite and w.cls in (COMMON, UNKNOWN) and not skip_prefix:
            occupation = self._occupation(i, limit)  # المزارع عبد الكريم الزين، الوسيط الجزائري، رشيد بلقاسم
            if occupation is not None:
                return occupation
        if w.cls in (GIVEN, UNKNOWN) and w.key not in STOP_WORDS and name_shaped(toks[i].text, w, first=True):
            start = i
            e = self.name_run(start, limit) if not skip_prefix else self._name_after_conj(i, limit)
            if e > start:
                return Phrase(i, e, "name", name=(i, e), gender=w.gender if w.cls == GIVEN else None)
        return None

    def _occupation(self, i: int, limit: int) -> Phrase | None:
        """A definite noun no lexicon lists as a title, used as one because a given name follows it:
        المزارع عبد الكريم الزين / الاقتصادي جمال العبيدي / الوسيط الجزائري، رشيد بلقاسم."""
        toks = self.toks
        k = i + 1
        while (
            k < limit and not self.gap(k - 1) and toks[k].w.definite and toks[k].w.key.endswith(("ي", "يه"))
        ):
            k += 1  # its adjectives
        if k >= limit or self.gap(k - 1) not in ("", "،", ","):
            return None
        first = toks[k].w
        if first.prefix or not (
            first.cls == GIVEN or (first.cls == PARTICLE and first.key in ("عبد", "ابو"))
        ):
            return None
        e = self.name_run(k, limit, after_title=True)
        if e <= k:
            return None
        return Phrase(i, e, "person", head=toks[i].w.key, role=(i, k), name=(k, e))

    def _title(self, i: int, limit: int, w: Word) -> Phrase:
        """A title phrase with its name, if any.

        الرئيس الأمريكي جو بايدن / الناطق باسم …، هشام الجابري / مراسل بي بي سي للشؤون الأمنية، غوردون كوريرا
        """
        toks = self.toks
        if w.key in ("د", "م") and self.gap(i) == "." and i + 1 < limit:
            e = self.name_run(i + 1, limit)  # د. الفلاح
            if e > i + 1:
                return Phrase(i, e, "person", head=w.key, role=(i, i + 1), name=(i + 1, e), gender="m")
        j = self.complements(i + 1, limit, org=False)
        if w.number == "du":
            joint = self._joint_names(i, j, limit, w)
            if joint is not None:
                return joint
        lam = j < limit and (
            toks[j].w.prefix == "ل"
            or toks[j].text.startswith("لل")
            or (toks[j].text.startswith("ل") and j + 1 < limit and toks[j + 1].w.definite and not self.gap(j))
        )
        if lam and toks[j].w.cls != TITLE and toks[j].w.key not in lx.media() and not self.gap(j - 1):
            # رئيس الاتحاد الأفريقي لكرة القدم أمادو ديالو / الأمين العام للمنظمة، ألكسندر فيشر: a
            # لـ-complement, when a name follows it
            k = self.complements(j + 1, limit, org=False)
            named = self._name_at(k, limit)
            if named is not None:
                return Phrase(i, named[1], "person", head=w.key, role=(i, k), name=named, gender=w.gender)
        gap = self.gap(j - 1)
        if gap in ('"،', '",'):
            gap = gap[1]  # رئيس "المركز الروسي …"، الجنرال …: the comma after a quoted genitive
        if j < limit and gap in ("،", ",") and w.number == "sg":
            named = self._name_at(j, limit, strict=False)
            if named is not None:
                return Phrase(i, named[1], "person", head=w.key, role=(i, j), name=named, gender=w.gender)
        # an indefinite head is an unnamed source (متحدث، متحدث باسم الشركة) unless a genitive makes it
        # definite (رئيس مجلس الأعمال)
        indef = not w.definite and (
            (j > i + 1 and toks[i + 1].text == "باسم")
            or not (
                any(closes_genitive(t) for t in toks[i + 1 : j])
                or any('"' in g for g in self.gaps[i : j - 1])
            )
        )
        kind = "source" if indef else "person"  # مسؤول أمريكي، محللون، متحدث باسم الشركة
        if indef and j == i + 1:
            body = self._body_of(j, limit)  # مسؤول في وزارة العدل
            if body > j:
                return Phrase(i, body, kind, head=w.key, role=(i, body), gender=w.gender, number=w.number)
        if j == i + 1 and w.definite and w.key in lx.sources():
            kind = "source"  # وقال المسؤول: the official the article introduced before (مسؤول أمريكي)
        if j < limit and w.number == "sg" and gap in ("", "،", ","):
            second = toks[j].w
            if gap == "" and second.cls == TITLE and second.definite and not second.prefix:
                named = self._title(j, limit, second).name  # … بمجلس الغرف المهندس محمد بن لادن
                if named is not None:
                    return Phrase(i, named[1], "person", head=w.key, role=(i, j), name=named, gender=w.gender)
            e = self.name_run(j, limit, after_title=True)
            has_given = any(toks[x].w.cls == GIVEN for x in range(j, e))
            if e > j and gap == "" and not has_given:
                # a word run that is no given name may be part of the role: look for «، NAME» after it
                app = self._apposition(e, limit)
                if app is not None:
                    return Phrase(i, app[1], "person", head=w.key, role=(i, e), name=app, gender=w.gender)
            if e > j and (gap == "" or self._looks_like_name(j, e)):
                return Phrase(i, e, "person", head=w.key, role=(i, j), name=(j, e), gender=w.gender)
            if e == j and gap == "":
                app = self._apposition(j + 1, limit)  # مراسل بي بي سي للشؤون الأمنية، غوردون كوريرا
                if app is not None:
                    return Phrase(
                        i, app[1], "person", head=w.key, role=(i, app[0]), name=app, gender=w.gender
                    )
        return Phrase(i, j, kind, head=w.key, role=(i, j), gender=w.gender, number=w.number)

    def _name_at(self, k: int, limit: int, *, strict: bool = True) -> tuple[int, int] | None:
        """The name at ``k`` after a role, after a comma possibly, past an adjective or a second title:
        «، الإسباني خوان مورا» / «، العقيد فارس الدوري» / «، ألكسندر فيشر». ``strict=False``: only the
        adjective and title forms (plain names are the caller's)."""
        toks = self.toks
        gap = self.gap(k - 1).removeprefix('"') if k > 0 else ""
        if k >= limit or gap not in ("", "،", ","):
            return None
        x = k
        if gap:
            while x < limit and toks[x].w.definite and toks[x].w.key.endswith("ي") and not self.gap(x):
                x += 1  # المدرب الجديد، الإسباني خوان مورا
            if x < limit and toks[x].w.cls == TITLE and not toks[x].w.prefix:
                return self._title(x, limit, toks[x].w).name  # المتحدث باسم الشرطة، العقيد فارس الدوري
        elif toks[k].w.cls == TITLE and toks[k].w.definite and not toks[k].w.prefix:
            return self._title(k, limit, toks[k].w).name  # المتحدث الرسمي لقوات التحالف العقيد تركي المالكي
        if not strict and x == k:
            return None
        e = self.name_run(x, limit, after_title=True)
        return (x, e) if e > x and self._looks_like_name(x, e) else None

    def parse_before(self, i0: int, cue: int) -> Phrase | None:
        """SVO: the phrase that ends right before the cue token (وزارة الدفاع أكدت، منظمات حقوقية تقول)."""
        for s in range(max(i0, cue - 8), cue):
            if s > i0 and not self.gap(s - 1) and self.toks[s - 1].w.cls not in (COMMON, TIME):
                continue  # a phrase starts after punctuation or a function word
            prev = self.toks[s - 1] if s > i0 else None
            if (
                prev is not None
                and not self.gap(s - 1)
                and prev.text.endswith("ه")
                and prev.w.key not in STOP_WORDS
            ):
                continue  # هجوما على منطقة عفرين تقول: the genitive of a noun in ة, not the subject
            t = self.toks[s]
            if t.w.prefix == "و" or (t.text.startswith("و") and t.w.cls == UNKNOWN):
                p = self._parse_one(s, cue, skip_prefix=True)
            else:
                p = self.parse(s, cue)
            if p is None or p.end != cue:
                continue
            if self.gap(cue - 1) and not (p.name is not None and self.gap(cue - 1) in ("،", ",")):
                continue  # the subject touches its verb (… في إيران"، قال), unless it is an apposed name
            if p.kind != "name" or (not self.toks[s].w.definite and (s > i0 or not self.gap(cue - 1))):
                return p  # فيشر قالت: a name right before its verb
        return None

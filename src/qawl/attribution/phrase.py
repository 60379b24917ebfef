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

from dataclasses import dataclass, field

from qawl.attribution import lexicon as lx
from qawl.attribution.tokens import (
    COMMON,
    GIVEN,
    MEDIA,
    ORG,
    PARTICLE,
    PLACE,
    SOURCE,
    TIME,
    TITLE,
    UNKNOWN,
    Tok,
    Word,
    analyse,
)

MAX_NAME = 6
# adjectives that are not nisba-shaped (العام، الأعلى …)
_ADJ = frozenset(["عام", "اعلي", "اول", "سابق", "حالي", "جديد", "مشترك", "دائم", "رسمي", "تنفيذي", "اقليمي"])
MAX_ROLE = 8
# words that end a phrase whatever their class: complementisers, particles of clause structure
_STOP = frozenset(["ان", "انه", "انها", "انهم", "بان", "بانه", "بانها", "الي", "علي", "في", "من", "عن", "مع"])
# words that open the medium / addressee rather than a speaker
_SPEECH = frozenset(["قوله", "قولها", "قولهم", "قولهما"])  # نقلت عن مصدر عسكري | قوله
_RELATIVE = frozenset(["التي", "الذي", "الذين", "اللذين", "اللتين", "اللاتي", "اللواتي"])
_LEAD_SKIP = frozenset(
    ["خلالها", "خلاله", "فيها", "فيه", "منها", "منه", "عنها", "عنه", "لها", "له", "بدوره", "بدورها", "ايضا"]
)
_PREP_ONLY = frozenset(
    ["في", "خلال", "عبر", "امام", "علي", "الي", "مع", "عن", "من", "بعد", "قبل", "لدي", "اثناء"]
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


_PREP_ART = ("بال", "وال", "لل")
_VERB_PREFIX = ("سي", "ست", "سن")
_VERB_SUFFIX = ("ون", "ان", "وا", "ين")


def _name_shaped(text: str, w: Word, *, first: bool, second: bool = False) -> bool:
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
    if len(text) >= 5 and text.startswith(("تت", "يت", "تست", "يست")):
        return False  # تتوسط، يتوقع: imperfect verbs of derived forms
    if len(text) > 4 and text.startswith(_VERB_PREFIX) and text.endswith(_VERB_SUFFIX):
        return False  # سيلتقيان، سيكونون (but سنايدر، ستورمي are names)
    return not (len(text) > 4 and text[0] in "يت" and text.endswith(_VERB_SUFFIX))


class Grammar:
    """Parses phrases over the tokens of one article; ``gap(i)`` is the text between token i and i+1."""

    def __init__(self, norm: str, toks: list[Tok]) -> None:
        self.norm = norm
        self.toks = toks

    def gap(self, i: int) -> str:
        """Non-space characters between token ``i`` and the next one ('' when only spaces)."""
        t = self.toks
        if i + 1 >= len(t):
            return "."
        return self.norm[t[i].e : t[i + 1].s].strip(" \t#")

    # ------------------------------------------------------------------ pieces
    def skip_time(self, i: int, limit: int) -> int:
        """Skip time words at ``i`` (يوم السبت، مساء الجمعة، أمس، اليوم): the first token after them."""
        n = 0
        while i < limit and n < 3 and self.toks[i].w.cls == TIME and self.toks[i].w.prefix == "":
            if self.gap(i) and self.gap(i) not in ("،", ","):
                return i + 1
            i += 1
            n += 1
        return i

    def name_run(self, i: int, limit: int, *, after_title: bool = False) -> int:
        """End of a person name starting at ``i`` (``i`` itself when no name starts there).

        هشام الجابري → 2 tokens; محمد بن سلمان → 3; جان إيف لو دريان → 4; بيسكوف لوكالة → 1.
        """
        toks = self.toks
        j = i
        unknown = 0
        while j < limit and j - i < MAX_NAME:
            w = toks[j].w
            if w.prefix or not _name_shaped(toks[j].text, w, first=j == i, second=j == i + 1):
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
                if w.cls == COMMON and nxt is not None and nxt.cls == PARTICLE and nxt.key in ("بن", "ابن"):
                    ok = True  # الأمير تركي بن عبد العزيز: a given name that is also a common word
                if w.cls == GIVEN and w.key in lx.common_words() and not (name_follows and after_title):
                    ok = False  # علي is a name only after a title, with a surname (علي الكعبي); else على
                if w.cls == PARTICLE and j + 1 < limit and not self.gap(j):
                    ok = w.key in ("عبد", "ابو", "ام", "بن", "ابن")  # عبد الرحمن الشريف، أبو مازن
                if after_title and w.cls == UNKNOWN and toks[j].text.startswith("و"):
                    ok = False  # وزير الاتصالات | وتقنية: a conjunct, not a name
                if w.cls == UNKNOWN and w.key in _STOP:
                    ok = False
            elif w.cls == PARTICLE:
                ok = j + 1 < limit and not self.gap(j)
            elif w.cls == GIVEN:
                # a given name that is also a function word (علي / على) continues only a given name (محمد علي)
                ok = w.key not in lx.common_words() or toks[j - 1].w.cls == GIVEN
            elif w.cls == UNKNOWN:
                ok = w.key not in _STOP
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
                ok = toks[j - 1].w.cls == PARTICLE and w.cls in (COMMON, PLACE, TITLE) and w.key not in _STOP
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

    def complements(self, i: int, limit: int, *, org: bool) -> int:
        """End of the complements of a title or organisation head at ``i - 1``.

        وزير [الخارجية الروسي] / المتحدث [باسم الكرملين] / رئيس [مجلس الأعمال السعودي]
        المدعي [العام في القدس]
        """
        toks = self.toks
        j = i
        head_definite = i > 0 and toks[i - 1].w.definite and "_" not in toks[i - 1].text
        adj = False  # once an adjective is seen, only adjectives follow (الرئيس الأمريكي | الاتفاق النووي)
        while j < limit and j - i < MAX_ROLE:
            if self.gap(j - 1):
                break
            w = toks[j].w
            text = toks[j].text
            if len(text) < 2:
                break  # a stray letter: لـ"العربية"
            nxt = toks[j + 1].w if j + 1 < limit else None
            if text in _RELATIVE:
                break  # الجمعية اليمنية | التي …
            if w.cls == TIME or (w.key in _STOP and not w.definite):
                if not org and w.key == "في" and nxt is not None and nxt.cls == PLACE and not self.gap(j):
                    j += 2  # المدعي العام في القدس: a different office than المدعي العام
                    continue
                break
            if text in ("باسم", "باسمه") and nxt is not None and not self.gap(j):
                multi = self._multi_org(j + 1, limit)
                j = multi[0] if multi is not None else j + 2  # باسم الكرملين، باسم البيت الأبيض
                adj = False
                continue
            if "_" in text and not adj and w.cls != GIVEN:
                j += 1  # رئيس #مجلس_الأعمال_السعودي_الفرنسي
                continue
            if (
                (
                    text.startswith("و")
                    and nxt is not None
                    and nxt.definite
                    and not nxt.prefix
                    and not self.gap(j)
                )
                and w.cls in (COMMON, UNKNOWN, ORG)
                and not w.definite
                and not adj
            ):
                j += 2  # وزير الاتصالات وتقنية المعلومات
                continue
            if w.prefix:
                if org and w.prefix == "و" and w.definite and toks[i - 1].w.key.endswith(("تي", "تا")):
                    j += 1  # وزارتي الداخلية والاقتصاد
                    continue
                if not org and w.prefix == "ب" and w.cls == ORG and nxt is not None and nxt.definite:
                    j += 1  # رئيس المجلس بمجلس الغرف السعودية
                    adj = False
                    continue
                if (
                    org
                    and w.prefix == "ل"
                    and w.definite
                    and text.startswith("لل")
                    and w.key not in lx.media()
                ):
                    j += 1  # وكالة الأناضول للأنباء، جمعية يمنية للدفاع (but not للصحفيين: an addressee)
                    adj = True
                    continue
                if (
                    not org
                    and w.prefix == "ل"
                    and w.cls in (ORG, PLACE)
                    and lx.media().get(w.key) != "channel"
                ):
                    j += 1  # الرئيس التنفيذي للشركة (but not لوكالة رويترز: an addressee)
                    adj = False
                    continue
                break
            if w.definite and w.cls in (COMMON, UNKNOWN, ORG, PLACE, SOURCE, TITLE, MEDIA):
                is_adj = w.key.endswith(("ي", "يه", "يين", "يون", "يان")) or w.key in _ADJ
                if toks[i - 1].w.number == "pl" and w.key.endswith(("ون", "ين")):
                    is_adj = True  # النواب المستقلون
                if (adj or head_definite) and not is_adj and w.cls != TITLE:
                    break  # الرئيس الأمريكي | الاتفاق النووي، الحزب | اللوم
                adj = adj or is_adj
                j += 1
                continue
            if w.cls == PLACE and not adj:
                j += 1  # سفير روسيا
                continue
            if head_definite:
                break  # a definite head takes no genitive: اللجنة | مزاعم وكالات …
            if not adj and w.cls in (COMMON, ORG, MEDIA):
                k = j
                while k < limit and k - j < 3 and not self.gap(k) and toks[k].w.cls in (COMMON, ORG, MEDIA):
                    if toks[k].w.definite or toks[k].w.prefix:
                        break
                    k += 1
                if (
                    k < limit
                    and k > j
                    and toks[k].w.definite
                    and not toks[k].w.prefix
                    and not self.gap(k - 1)
                ):
                    j = k  # idafa: مجلس الأعمال، رئيس مجلس إدارة المكتب
                    continue
            if (
                j == i
                and not toks[i - 1].w.definite
                and w.cls in (UNKNOWN, COMMON)
                and w.key.endswith(("ي", "يه"))
            ):
                j += 1  # an adjective of an indefinite head: مسؤول حكومي، مصدر أمني
                adj = True
                continue
            if (
                org
                and w.cls in (UNKNOWN, GIVEN)
                and not w.definite
                and not adj
                and all(t.w.cls in (UNKNOWN, GIVEN) and not t.w.definite for t in toks[i:j])
                and _name_shaped(text, w, first=j == i)
            ):
                j += 1  # وكالة أسوشييتد برس
                continue
            break
        return j

    # ------------------------------------------------------------------ phrases
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
        if t.w.prefix not in ("", "و") or w.cls not in (TITLE, ORG, PLACE, GIVEN):
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
            if quoted is None and j < limit and toks[j].w.cls == ORG and self.gap(j) == '"':
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
        if w.cls == SOURCE:
            j = i + 1
            while j < limit and j - i < 4 and not self.gap(j - 1):
                v = toks[j].w
                if (
                    v.prefix
                    or v.cls in (TIME,)
                    or v.key in _STOP
                    or len(toks[j].text) < 2
                    or toks[j].text in _SPEECH
                ):
                    break
                if v.cls in (COMMON, UNKNOWN, PLACE, SOURCE) and toks[j].text != "باسم":
                    j += 1
                    continue
                break
            if w.key in ("متحدث", "ناطق") and j < limit and toks[j].text == "باسم":
                j = min(limit, j + 2)
            return Phrase(i, j, "source", head=w.key, role=(i, j), gender=w.gender, number=w.number)
        if w.cls == PARTICLE and i + 1 < limit and not self.gap(i) and toks[i + 1].w.cls in (GIVEN, UNKNOWN):
            e = self.name_run(i + 1, limit)  # لو دريان، ابو مازن
            if e > i + 1:
                return Phrase(i, e, "name", name=(i, e), clitic=0)
        if w.definite and w.cls in (COMMON, UNKNOWN) and not skip_prefix:
            occupation = self._occupation(i, limit)  # المزارع عبد الكريم الزين، الوسيط الجزائري، رشيد بلقاسم
            if occupation is not None:
                return occupation
        if w.cls in (GIVEN, UNKNOWN) and w.key not in _STOP and _name_shaped(toks[i].text, w, first=True):
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
        if j < limit and gap in ("،", ",") and w.number == "sg":
            named = self._name_at(j, limit, strict=False)
            if named is not None:
                return Phrase(i, named[1], "person", head=w.key, role=(i, j), name=named, gender=w.gender)
        # an indefinite head is an unnamed source (متحدث، متحدث باسم الشركة) unless a genitive makes it
        # definite (رئيس مجلس الأعمال)
        indef = not w.definite and (
            (j > i + 1 and toks[i + 1].text == "باسم")
            or not any(t.w.definite or "_" in t.text for t in toks[i + 1 : j])
        )
        kind = "source" if indef else "person"  # مسؤول أمريكي، محللون، متحدث باسم الشركة
        if j == i + 1 and w.definite and w.key in lx.sources():
            kind = "source"  # وقال المسؤول: the official the article introduced before (مسؤول أمريكي)
        if j < limit and w.number == "sg" and gap in ("", "،", ","):
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

    def _name_at(self, k: int, limit: int, *, strict: bool = True) -> tuple[int, int] | None:
        """The name at ``k`` after a role, after a comma possibly, past an adjective or a second title:
        «، الإسباني خوان مورا» / «، العقيد فارس الدوري» / «، ألكسندر فيشر». ``strict=False``: only the
        adjective and title forms (plain names are the caller's)."""
        toks = self.toks
        if k >= limit or self.gap(k - 1) not in ("", "،", ","):
            return None
        x = k
        if self.gap(k - 1):
            while x < limit and toks[x].w.definite and toks[x].w.key.endswith("ي") and not self.gap(x):
                x += 1  # المدرب الجديد، الإسباني خوان مورا
            if x < limit and toks[x].w.cls == TITLE and not toks[x].w.prefix:
                return self._title(x, limit, toks[x].w).name  # المتحدث باسم الشرطة، العقيد فارس الدوري
        if not strict and x == k:
            return None
        e = self.name_run(x, limit, after_title=True)
        return (x, e) if e > x and self._looks_like_name(x, e) else None

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

    def _looks_like_name(self, s: int, e: int) -> bool:
        """After a comma, a name must begin with a given name or an unknown word (not a clause)."""
        w = self.toks[s].w
        if w.cls == GIVEN or (w.cls == PARTICLE and e - s >= 2):
            return True
        return w.cls in (UNKNOWN, COMMON) and e - s >= 2 and not self.toks[s + 1].w.definite

    def _quoted_name(self, i: int, limit: int) -> int | None:
        """موقع "آير بي ان بي": a head followed by a name in quotation marks (to the slot's end when the
        closing mark lies beyond it)."""
        if i >= limit or self.gap(i - 1) != '"':
            return None
        j = i
        while j < limit and j - i < 6:
            j += 1
            if '"' in self.gap(j - 1):
                return j
        return j if j == limit else None

    def _multi_org(self, i: int, limit: int) -> tuple[int, str | None, str] | None:
        """A whole name from the organisation lexicon starting at ``i`` (البيت الأبيض، الأمم المتحدة)."""
        o = lx.orgs()
        t = self.toks[i].text
        n = o.first.get(t)
        if n is None or n < 2:
            return None
        for k in range(min(n, limit - i), 1, -1):
            key = tuple(x.text for x in self.toks[i : i + k])
            h = o.names.get(key)
            if h is not None:
                return i + k, h.gender, h.number
        return None

    def parse_before(self, i0: int, cue: int) -> Phrase | None:
        """SVO: the phrase that ends right before the cue token (وزارة الدفاع أكدت، منظمات حقوقية تقول)."""
        for s in range(max(i0, cue - 8), cue):
            if s > i0 and not self.gap(s - 1) and self.toks[s - 1].w.cls not in (COMMON, TIME):
                continue  # a phrase starts after punctuation or a function word
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

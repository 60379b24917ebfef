"""Roles and bodies: where the complements of a title or organisation head end.

    وزير [الخارجية الروسي] / المتحدث [باسم الكرملين] / رئيس [مجلس إدارة المكتب] / مساعد [وزير العدل]
    رئيس [بلدية لندن] / مراسل ["العربية"] / مراسلو [وكالة فرانس برس] / مسؤول [في وزارة العدل]

``RoleGrammar`` holds these pieces; ``phrase.Grammar`` builds speaker phrases on them.
"""

from __future__ import annotations

from typing import Final

from qawl.attribution import lexicon as lx
from qawl.attribution.names import STOP_WORDS, NameGrammar, Phrase, name_shaped
from qawl.attribution.tokens import COMMON, GIVEN, MEDIA, ORG, PLACE, SOURCE, TIME, TITLE, UNKNOWN, Tok, Word

# adjectives that are not nisba-shaped (العام، الأعلى …)
_ADJ: Final = frozenset(
    ["عام", "اعلي", "اول", "سابق", "حالي", "جديد", "مشترك", "دائم", "رسمي", "تنفيذي", "اقليمي", "خاص", "كبير"]
)
MAX_ROLE: Final = 8
_RELATIVE: Final = frozenset(["التي", "الذي", "الذين", "اللذين", "اللتين", "اللاتي", "اللواتي"])


def _construct(text: str, w: Word) -> bool:
    """Could this indefinite word be a noun in an idafa chain (not a name, a time word or a function word)?"""
    if w.cls == GIVEN or w.cls == TIME or w.key in STOP_WORDS or len(text) < 2 or "_" in text:
        return False
    if text.startswith(("بال", "لل", "وال", "فال", "كال")):
        return False  # a preposition or conjunction glued to a definite noun no lexicon peeled (بالمخابرات)
    if w.cls in (COMMON, MEDIA) and text.endswith("ي"):
        return False  # جنرال أمريكي كبير | موسكو: a nisba adjective, not a noun of the chain
    if w.cls != UNKNOWN:
        return True
    # a word no lexicon knows: not a nisba adjective (يمني), not a sound plural with its nun (a noun in
    # construct drops it: موظفي، not موظفين), not a verb by its shape (يستنكر)
    return text.isalpha() and not text.endswith(("ي", "ون", "ين")) and name_shaped(text, w, first=True)


def _country(t: Tok) -> bool:
    """Is this word a country or city (قطع المغرب للعلاقات: a لل after it is the verbal noun's object)?"""
    if t.w.cls != PLACE:
        return False
    h = lx.orgs().names.get(((("ال" + t.w.key) if t.w.definite else t.w.key),))
    return h is not None and h.kind == "place"


def closes_genitive(t: Tok) -> bool:
    """Does this word make the title before it definite (a definite noun, a hashtag, a place, a number)?"""
    return t.w.definite or "_" in t.text or t.w.cls == PLACE or t.text.isdigit()


class RoleGrammar(NameGrammar):
    """Complements of heads over a run of tokens (see ``NameGrammar`` for names and ``gap``)."""

    __slots__ = ()

    def _parse_one(self, i: int, limit: int, *, skip_prefix: bool = False) -> Phrase | None:
        """One speaker phrase at ``i`` (``phrase.Grammar``): an organisation inside a role (باسم هيئة …)."""
        raise NotImplementedError

    def complements(self, i: int, limit: int, *, org: bool) -> int:
        """End of the complements of a title or organisation head at ``i - 1``.

        وزير [الخارجية الروسي] / المتحدث [باسم الكرملين] / رئيس [مجلس الأعمال السعودي]
        المدعي [العام في القدس]
        """
        toks = self.toks
        j = i
        head_definite = i > 0 and toks[i - 1].w.definite and "_" not in toks[i - 1].text
        if not org and not head_definite and i > 0 and self.gap(i - 1) == '"':
            quoted = self._closed_quote(i, limit)  # مراسل "العربية": a quoted name is the genitive
            return quoted if quoted is not None else i
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
            if org and not adj:
                multi = self._multi_org(j, limit)
                if multi is not None:
                    j = multi[0]  # منظمة هيومن رايتس ووتش: a whole name the lexicon knows
                    adj = True
                    continue
            if text.startswith("لل"):
                multi = self._multi_org(j, limit, lam=True)
                if multi is not None:
                    j = multi[0]  # المفوضية السامية للأمم المتحدة
                    adj = True
                    continue
            if w.cls == TIME or (w.key in STOP_WORDS and not w.definite):
                if not org and w.key == "في" and nxt is not None and nxt.cls == PLACE and not self.gap(j):
                    j += 2  # المدعي العام في القدس: a different office than المدعي العام
                    continue
                break
            if text in ("باسم", "باسمه") and nxt is not None and not self.gap(j):
                multi = self._multi_org(j + 1, limit)
                if multi is None and nxt.cls == ORG and not nxt.definite and not nxt.prefix:
                    body = self._parse_one(j + 1, limit)  # باسم هيئة البيئة: an organisation phrase
                    multi = (body.end, None, "sg") if body is not None and body.end > j + 2 else None
                j = multi[0] if multi is not None else j + 2  # باسم الكرملين، باسم البيت الأبيض
                adj = False
                continue
            if "_" in text and not adj and w.cls != GIVEN:
                j += 1  # رئيس #مجلس_الأعمال_السعودي_الفرنسي
                continue
            if (
                (
                    text.startswith("و")
                    and not text.startswith("وال")
                    and nxt is not None
                    and nxt.definite
                    and len(toks[j + 1].text) > 4
                    and not nxt.prefix
                    and nxt.cls != TIME
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
                    and not _country(toks[i - 1])
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
                if (
                    w.cls == TITLE
                    and j > i
                    and toks[j - 1].w.definite
                    and not toks[j - 1].w.prefix
                    and any(t.w.cls == GIVEN and not t.w.prefix for t in toks[j + 1 : min(limit, j + 3)])
                ):
                    break  # المتحدث باسم قوات التحالف | العقيد تركي المالكي: a second, apposed title
                adj = adj or is_adj
                j += 1
                continue
            if w.cls == PLACE and not adj:
                j += 1  # سفير روسيا
                continue
            if head_definite:
                break  # a definite head takes no genitive: اللجنة | مزاعم وكالات …
            if not adj and (w.cls in (COMMON, ORG, MEDIA) or (not org and _construct(toks[j].text, w))):
                end = self._genitive(j, limit, org=org)
                if end is not None:
                    j = end  # idafa: مجلس الأعمال، رئيس مجلس إدارة المكتب، مساعد وزير الدفاع، رئيس بلدية لندن
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
                and name_shaped(text, w, first=j == i)
            ):
                j += 1  # وكالة أسوشييتد برس
                continue
            break
        return j

    def _genitive(self, j: int, limit: int, *, org: bool) -> int | None:
        """End of an idafa chain of indefinite nouns at ``j`` closed by a definite word, a place, a number
        or a quoted name (رئيس [مجلس إدارة المكتب]، وزير [دفاع إسرائيل]، رئيس [لجنة 1922]، رئيسة [بعثة
        منظمة "أطباء بلا حدود"]); None when the chain is not closed (no genitive: a name may follow)."""
        toks = self.toks
        allowed = (COMMON, ORG, MEDIA) if org else (COMMON, ORG, MEDIA, TITLE, SOURCE, UNKNOWN)
        k = j
        while k < limit and k - j < 4 and not self.gap(k):
            t = toks[k]
            if t.w.cls not in allowed or t.w.definite or t.w.prefix or not _construct(t.text, t.w):
                break
            k += 1
        if k >= limit or k == j:
            if k < limit and not org and self.gap(k) == '"' and _construct(toks[k].text, toks[k].w):
                return self._closed_quote(k + 1, limit)
            return None if org else self._org_genitive(j, limit)
        t = toks[k]
        if t.w.prefix:
            return None
        if t.w.definite:
            return k
        if org:
            return None
        if t.w.cls == PLACE or t.text.isdigit():
            return k + 1
        if self.gap(k) == '"' and _construct(t.text, t.w):
            return self._closed_quote(k + 1, limit)
        return self._org_genitive(j, limit)

    def _org_genitive(self, j: int, limit: int) -> int | None:
        """An organisation head with a foreign name that ends the slot or clause (مراسلو وكالة فرانس برس)."""
        head = self.toks[j].w
        if head.cls != ORG or head.definite or head.prefix:
            return None
        body = self._parse_one(j, limit)
        if body is None or body.kind != "organisation" or body.end <= j + 1:
            return None
        return body.end if body.end == limit or self.gap(body.end - 1) else None

    def _body_of(self, j: int, limit: int) -> int:
        """End of «في + organisation» after an unnamed source at ``j`` (مسؤولون في وزارة الداخلية: whose
        officials), or ``j``."""
        toks = self.toks
        if j + 1 >= limit or toks[j].text != "في" or self.gap(j - 1) or self.gap(j):
            return j
        body = toks[j + 1].w
        if body.prefix or body.cls not in (ORG, PLACE):
            return j
        q = self._parse_one(j + 1, limit)
        return q.end if q is not None and q.kind == "organisation" else j

    def _partitive(self, i: int, limit: int) -> bool:
        """أحد / إحدى before a noun with no article or clitic on the pronoun itself: "one of"."""
        w = self.toks[i].w
        return (
            w.key in ("احد", "احدي")
            and not w.definite
            and not w.prefix
            and i + 1 < limit
            and not self.gap(i)
            and not self.toks[i + 1].w.prefix
            and self.toks[i + 1].w.cls != TIME
        )

    def _closed_quote(self, i: int, limit: int) -> int | None:
        """End of a name in quotation marks opened before token ``i``, closed in the slot or at its end."""
        if i >= limit or self.gap(i - 1) != '"':
            return None
        for j in range(i + 1, min(limit, i + 12) + 1):
            if '"' in self.gap(j - 1):
                return j  # رئيس "المركز الروسي للمصالحة بين الأطراف المتحاربة"
            if j == limit:
                return j  # the closing mark lies beyond the slot
            if self.gap(j - 1) in (".", ":"):
                return None
        return None

    # ------------------------------------------------------------------ phrases
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

    def _multi_org(self, i: int, limit: int, *, lam: bool = False) -> tuple[int, str | None, str] | None:
        """A whole name from the organisation lexicon starting at ``i`` (البيت الأبيض، الأمم المتحدة);
        ``lam``: after the preposition لـ that ate the article (للأمم المتحدة)."""
        o = lx.orgs()
        t = self.toks[i].text
        if lam:
            if not t.startswith("لل"):
                return None
            t = "ال" + t[2:]
        n = o.first.get(t)
        if n is None or n < 2:
            return None
        for k in range(min(n, limit - i), 1, -1):
            key = (t, *(x.text for x in self.toks[i + 1 : i + k]))
            h = o.names.get(key)
            if h is not None:
                return i + k, h.gender, h.number
        return None

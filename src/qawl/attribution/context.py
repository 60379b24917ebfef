"""What the attribution stage knows about one article, computed lazily so an article costs little.

Only the words near cues are tokenised (a window per quote), each once: windows of neighbouring quotes
overlap, and a window inside (or overlapping) a stretch already tokenised is sliced from it. The rest of the
article is searched on demand, with ``str.find``, when a mention is incomplete:

- a name (بيسكوف) → other places the same word stands, for a fuller form
  (المتحدث باسم الكرملين دميتري بيسكوف);
- a role with no name (المتحدث) → other places the role's head word stands, for the person named there;
- a dropped subject with no earlier speaker → the phrases of the sentences before the cue.

Words inside somebody's direct quotation never count as mentions (a father quoting ``ابني وليد``).
"""

from __future__ import annotations

from collections.abc import Reversible
from typing import Final

from qawl.attribution.entities import Entity, Registry, last_mention, name_key, names_match, role_key
from qawl.attribution.phrase import Grammar, Phrase
from qawl.attribution.tokens import GIVEN, ORG, PLACE, SOURCE, TITLE, WORD, Tok, Word, analyse, split_words
from qawl.doc import Doc
from qawl.text.search import left, right

_ALI: Final = "علي"  # the folded form of both علي (a given name) and على (a preposition)
_MAX_HITS: Final = 8  # occurrences of one word examined per search
# how far from the mention a fuller form or a role holder is looked for: a long news article's length either
# way (the corpus's longest is 21 K characters, and its 33 articles over 8 K give the same records with 32 K),
# so that each search scans a bounded stretch however long the text
_REACH: Final = 16_000
_BEFORE: Final = 70  # characters of context tokenised before an occurrence (a title and a first name)
_AFTER: Final = 50
# letters that may be glued before a word (و، ف، ب، ل and the article)
# stretches kept for reuse (the latest; windows come in reading order, 6 stretches an article on average)
_MAX_STRETCHES: Final = 16
_LEAD_OK: Final = frozenset(["", "و", "ف", "ب", "ل", "ال", "وال", "بال", "لل", "فال", "ول", "وب", "#", "_"])
ANCHORS: Final = (TITLE, ORG, PLACE, SOURCE, GIVEN)


class Window(Grammar):
    """The tokens of one stretch of text, with a grammar over them: the window is its own grammar (one
    object a window instead of two; callers call ``w.parse`` directly, ``w.g`` is the same object)."""

    __slots__ = ("starts",)

    def __init__(self, norm: str, toks: list[Tok], starts: list[int], gaps: list[str]) -> None:
        self.norm = norm
        self.toks: list[Tok] = toks
        self.starts = starts
        self.n = len(toks)
        self.gaps = gaps

    @property
    def g(self) -> Grammar:
        return self

    def at(self, pos: int) -> int:
        """Index of the first token that starts at or after ``pos``."""
        return left(self.starts, pos)

    def from_(self, pos: int) -> int:
        """Index of the token that contains ``pos`` (ل of لبيان glued to the cue), else the next one."""
        i = right(self.starts, pos) - 1
        return i if i >= 0 and self.toks[i].e > pos else i + 1


class _Stretch:
    """Text ``[s, e)`` of the article already tokenised: windows inside it are slices of its lists (the
    windows of neighbouring quotes overlap; each word is split and looked up once)."""

    __slots__ = ("e", "gaps", "s", "starts", "toks")

    def __init__(self, s: int, e: int, toks: list[Tok], starts: list[int], gaps: list[str]) -> None:
        self.s = s
        self.e = e
        self.toks = toks
        self.starts = starts
        self.gaps = gaps


class Context:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.norm = doc.norm
        self.reg = Registry()
        # only what somebody said in their own words hides names (ابني وليد); an indirect quote is the
        # writer's paraphrase and may name the speaker's fuller form
        spans = sorted((q.start, q.end) for q in doc.quotes if q.kind == "direct")
        # comprehensions, not list(map(itemgetter)): compiled, they run without a Python call an item
        self.q_starts = [s for s, _ in spans]
        self.q_ends = [e for _, e in spans]
        self.sent_starts = [s for s, _ in doc.sentences]
        self.para_starts = [s for s, _ in doc.paragraphs]
        self._roles_searched: set[tuple[str, ...]] = set()
        self._stretches: list[_Stretch] = []

    def new_section(self) -> None:
        """Forget the speakers registered so far (a new section of a very long text)."""
        self.reg = Registry()
        self._roles_searched = set()

    # ------------------------------------------------------------------ geometry
    def in_quote(self, pos: int) -> bool:
        i = right(self.q_starts, pos) - 1
        return i >= 0 and pos < self.q_ends[i]

    def sentence(self, pos: int) -> tuple[int, int]:
        i = right(self.sent_starts, pos) - 1
        if i < 0:
            return 0, len(self.norm)
        return self.doc.sentences[i]

    def prev_sentence(self, pos: int) -> tuple[int, int] | None:
        i = right(self.sent_starts, pos) - 2
        return self.doc.sentences[i] if i >= 0 else None

    def paragraph(self, pos: int) -> tuple[int, int]:
        i = right(self.para_starts, pos) - 1
        if i < 0:
            return 0, len(self.norm)
        return self.doc.paragraphs[i]

    def word_at(self, pos: int, lo: int, hi: int, *, min_start: int | None = None) -> Word | bool | None:
        """The analysis of the token of window ``[lo, hi)`` that contains ``pos``, without building the
        window: False when no token of the window contains ``pos``; None when the token starts before
        ``min_start`` (the caller then builds the window)."""
        norm = self.norm
        if not lo <= pos < hi:
            return False
        m = WORD.match(norm, pos, hi)
        if m is None:
            return None
        a = pos
        while a > lo and (norm[a - 1].isalnum() or norm[a - 1] == "_"):  # \w, as in the tokeniser
            a -= 1
            if min_start is not None and a < min_start:
                return None
        return analyse(norm[a : m.end()])

    def window(self, start: int, end: int) -> Window:
        """The window over ``norm[start:end]``: what ``split_words`` gives for that range (a word cut by an
        edge is cut in the window too), taken from a stretch already tokenised where one covers ``start``.

        Lists are never changed once made (a stretch grows into new lists), so windows may share them."""
        n = len(self.norm)
        s = start if start > 0 else 0
        e = end if end < n else n
        if s >= e:
            return Window(self.norm, [], [], [])
        for st in self._stretches:
            if st.s <= s < st.e:
                if e > st.e:
                    self._extend(st, e)
                return self._slice(st, s, e)
        for st in self._stretches:
            if s < st.s < e:
                self._extend_left(st, s)
                if e > st.e:
                    self._extend(st, e)
                return self._slice(st, s, e)
        toks, starts, gaps = self._split(s, e)
        if len(self._stretches) >= _MAX_STRETCHES:
            del self._stretches[0]  # the oldest: on a long article a window costs no more than on a short one
        self._stretches.append(_Stretch(s, e, toks, starts, gaps))
        return Window(self.norm, toks, starts, gaps)

    def _split(self, s: int, e: int) -> tuple[list[Tok], list[int], list[str]]:
        toks, starts, gaps = split_words(self.norm, s, e)
        if self.norm.find(_ALI, s, e) >= 0:
            self._given_ali(toks)
        return toks, starts, gaps

    def _extend(self, st: _Stretch, e: int) -> None:
        """Grow stretch ``st`` to end at ``e``: its last word, perhaps cut by the old end, is split again."""
        toks, starts, gaps = st.toks, st.starts, st.gaps
        p = st.e
        if toks and toks[-1].e == p:
            p = toks[-1].s
            toks, starts, gaps = toks[:-1], starts[:-1], gaps[:-1]
        st.toks, st.starts, st.gaps = self._joined((toks, starts, gaps), self._split(p, e))
        st.e = e

    def _extend_left(self, st: _Stretch, s: int) -> None:
        """Grow stretch ``st`` to start at ``s``: its first word, perhaps cut by the old start, split anew."""
        toks, starts, gaps = st.toks, st.starts, st.gaps
        q = st.s
        if toks and toks[0].s == q:
            q = toks[0].e
            toks, starts, gaps = toks[1:], starts[1:], gaps[1:]
        st.toks, st.starts, st.gaps = self._joined(self._split(s, q), (toks, starts, gaps))
        st.s = s

    def _joined(
        self, left: tuple[list[Tok], list[int], list[str]], right: tuple[list[Tok], list[int], list[str]]
    ) -> tuple[list[Tok], list[int], list[str]]:
        """Two runs of words (tokens, starts, gaps) side by side; the gap after the left run's last word is
        what now stands between it and the right run's first."""
        (lt, ls, lg), (rt, rs, rg) = left, right
        if not lt:
            return right
        if not rt:
            return left
        gap = self.norm[lt[-1].e : rt[0].s].strip(" \t#")
        return lt + rt, ls + rs, [*lg[:-1], gap, *rg]

    def _slice(self, st: _Stretch, s: int, e: int) -> Window:
        """The window ``[s, e)`` inside stretch ``st``; words cut by its edges are cut and analysed again."""
        all_starts = st.starts
        all_toks = st.toks
        a = left(all_starts, s)
        if a > 0 and all_toks[a - 1].e > s:
            a -= 1
        b = left(all_starts, e)
        if b <= a:
            return Window(self.norm, [], [], [])
        toks = all_toks[a:b]
        starts = all_starts[a:b]
        gaps = st.gaps[a:b]
        gaps[-1] = "."
        first = toks[0]
        if first.s < s:
            toks[0] = self._cut(first, s, e)
            starts[0] = s
        last = toks[-1]
        if last.e > e:
            toks[-1] = self._cut(last, s, e)
        return Window(self.norm, toks, starts, gaps)

    def _cut(self, t: Tok, s: int, e: int) -> Tok:
        """Token ``t`` cut to ``[s, e)``, as ``split_words`` gives it when the range cuts the word."""
        a = t.s if t.s > s else s
        b = t.e if t.e < e else e
        text = self.norm[a:b]
        out = [Tok(a, b, text, analyse(text))]
        if text == _ALI:
            self._given_ali(out)
        return out[0]

    def _given_ali(self, toks: list[Tok]) -> None:
        """Folding makes the name علي (Ali) look like the preposition على; the original letter tells them
        apart: ``قال علي القرة داغي`` has a speaker."""
        text, to_orig = self.doc.article.text, self.doc.omap.to_orig
        for k, t in enumerate(toks):
            if t.text == _ALI and text[to_orig(t.s + 2)] == "ي":
                toks[k] = Tok(t.s, t.e, t.text, Word(GIVEN, _ALI + "\u0651", "", False, "m", "sg"))

    def occurrences(self, word: str, around: int, *, bare: bool = False) -> list[int]:
        """Positions where ``word`` stands as a word (clitics and the article allowed before it), within
        ``_REACH`` characters of ``around``: every entity searches, so a whole-text search would make a long
        text quadratic."""
        norm = self.norm
        out: list[int] = []
        hi = min(len(norm), around + _REACH)
        pos = norm.find(word, max(0, around - _REACH), hi)
        while pos >= 0 and len(out) < _MAX_HITS:
            end = pos + len(word)
            after_ok = end >= len(norm) or not (norm[end].isalnum() or norm[end] == "_")
            if bare and not after_ok and norm.startswith(("ه", "ها"), end):
                after_ok = True  # نظيره
            s = pos
            while s > 0 and (norm[s - 1].isalnum() or norm[s - 1] in "#_") and pos - s <= 3:
                s -= 1
            lead_ok = (norm[s:pos] in _LEAD_OK and (s == 0 or not norm[s - 1].isalnum())) or norm[
                pos - 1 : pos
            ] == "_"
            if after_ok and lead_ok and not self.in_quote(pos):
                out.append(pos)
            pos = norm.find(word, end, hi)
        return out

    # ------------------------------------------------------------------ searches
    def expand(self, e: Entity, at: int) -> None:
        """Find fuller forms of ``e``'s name elsewhere in the article (بيسكوف → دميتري بيسكوف) and the roles
        given with them (المتحدث باسم الكرملين). When the word belongs to different full names (وليد فاضل,
        نبيل فاضل) the one written nearest before ``at`` wins."""
        if e.expanded or not e.name_keys:
            return
        e.expanded = True
        key = max(e.name_keys, key=len)
        if len(key) >= 2 and e.roles:
            return  # a full name with its title: a fuller form is unlikely
        word = max(key, key=len)
        if len(word) < 3:
            return
        found: list[tuple[int, Phrase, list[Tok], tuple[str, ...]]] = []
        for pos in self.occurrences(word, at):
            if any(s <= pos < t for s, t in e.names):
                continue
            ps, pe = self.paragraph(pos)
            w = self.window(max(ps, pos - _BEFORE), min(pe, pos + _AFTER))
            k = w.at(pos)
            if k < len(w.toks) and w.toks[k].s > pos and k > 0:
                k -= 1  # the word is the end of a hashtag (#محمود_عباس)
            if k >= len(w.toks):
                continue
            best: Phrase | None = None
            for s in range(max(0, k - 8), k + 1):
                p = self._phrase_at(w, s)
                if p is None or p.name is None or not p.name[0] <= k < p.name[1]:
                    continue
                if (
                    best is None
                    or best.name is None
                    or (p.name[1] - p.name[0]) > (best.name[1] - best.name[0])
                ):
                    best = p
            if best is not None and best.name is not None:
                cand = name_key(w.toks, best.name, best.clitic if best.name[0] == best.start else 0)
                if len(cand) > len(key) and (names_match(key, cand) or names_match(cand, key)):
                    found.append((pos, best, w.toks, cand))
        if not found:
            return
        before = [f for f in found if f[0] < at]
        chosen = max(before, key=lambda f: f[0]) if before else min(found, key=lambda f: f[0])
        for _pos, p, toks, cand in found:
            if names_match(cand, chosen[3]) or names_match(chosen[3], cand):
                self.reg.add_mention(e, p, toks)

    def _phrase_at(self, w: Window, s: int) -> Phrase | None:
        t = w.toks[s]
        if t.w.cls == TITLE and t.w.prefix in ("", "و"):
            return w.parse(s, len(w.toks), allow_conj=False) if not t.w.prefix else w.title_after_conj(s)
        hashtag = "_" in t.text
        if (t.w.cls == GIVEN or hashtag) and not t.w.prefix and (s == 0 or w.toks[s - 1].w.cls != GIVEN):
            e = s + 1 if hashtag else w.name_run(s, len(w.toks))
            if e > s:
                return Phrase(s, e, "name", name=(s, e), gender=t.w.gender)
        return None

    def expand_body(self, e: Entity, at: int) -> None:
        """A body named by its bare head and adjectives (الجمعية اليمنية) gets the fuller mention the article
        gives elsewhere (جمعية يمنية للدفاع عن حقوق الإنسان), so its name is written in full."""
        if e.expanded or not e.roles or e.kind != "organisation":
            return
        e.expanded = True
        role = e.roles[0]
        if len(role) > 2 and not self.norm.startswith("ال", e.role_spans[0][0]):
            return  # already a full, indefinite mention: nothing fuller to find
        for pos in self.occurrences(role[0], at, bare=True):
            if any(s <= pos < t for s, t in e.role_spans):
                continue
            ps, pe = self.paragraph(pos)
            lo, hi = max(ps, pos - 4), min(pe, pos + 80)
            word = self.word_at(pos, lo, hi)
            if word is False or (isinstance(word, Word) and (word.cls not in (ORG, PLACE) or word.prefix)):
                continue  # the word at pos opens no organisation: no window needed
            w = self.window(lo, hi)
            k = w.from_(pos)
            if k >= len(w.toks) or w.toks[k].w.cls not in (ORG, PLACE) or w.toks[k].w.prefix:
                continue
            q = w.parse(k, len(w.toks), allow_conj=False)
            if q is None or q.role is None or q.kind != "organisation":
                continue
            found = role_key(w.toks, q.role)
            if found[0] == role[0] and set(role[1:]) <= set(found[1:]):
                self.reg.add_role(e, w.toks, q.role)

    def role_holder(self, toks: list[Tok], p: Phrase, at: int) -> Entity | None:
        """The named person the article puts in role ``p`` (المتحدث → دميتري بيسكوف), if any."""
        assert p.role is not None
        role = role_key(toks, p.role)
        found = self.reg.by_role(role, at)
        if found is not None or role in self._roles_searched:
            return found
        self._roles_searched.add(role)
        head = role[0]
        for pos in self.occurrences(head, at, bare=True):
            ps, pe = self.paragraph(pos)
            lo, hi = max(ps, pos - 50), min(pe, pos + 160)
            word = self.word_at(pos, lo, hi, min_start=pos - 4)
            if word is False or (
                isinstance(word, Word) and (word.cls != TITLE or word.prefix not in ("", "و"))
            ):
                continue  # no title phrase starts at pos: no window needed
            w = self.window(lo, hi)
            k = w.at(pos - 4) if pos >= 4 else 0
            while k < len(w.toks) and w.toks[k].e <= pos:
                k += 1
            if k >= len(w.toks) or w.toks[k].w.cls != TITLE:
                continue
            q = w.parse(k, len(w.toks), allow_conj=False) if not w.toks[k].w.prefix else None
            if q is None and w.toks[k].w.prefix == "و":
                q = w.title_after_conj(k)
            if (
                q is not None
                and q.name is None
                and q.role is not None
                and k > 0
                and w.gap(k - 1) in ("،", ",")
            ):
                q = self._name_before(w, k, q)  # ستيفان مولر، المتحدث باسم البعثة
            if q is not None and q.name is not None:
                self.reg.add(q, w.toks)
        return self.reg.by_role(role, at)

    def latest_body(self, pos: int, recent: Reversible[Entity]) -> Entity | None:
        """The organisation that spoke last, else the one mentioned last before ``pos``
        (وقال التقرير → the body that wrote it)."""
        self.phrases_before(pos)
        best: tuple[int, Entity] | None = None
        for e in reversed(recent):
            if e.kind == "organisation":
                return e
        for e in self.reg.entities:
            if e.kind == "organisation":
                m = last_mention(e, pos)
                if m >= 0 and (best is None or m > best[0]):
                    best = (m, e)
        return best[1] if best else None

    @staticmethod
    def _name_before(w: Window, k: int, q: Phrase) -> Phrase | None:
        """A name written before its role: «ستيفان مولر، المتحدث باسم البعثة» (the role at token ``k``)."""
        for b in range(max(0, k - 4), k):
            if w.name_run(b, k) == k and w._looks_like_name(b, k):
                return Phrase(b, q.end, "person", head=q.head, role=q.role, name=(b, k), gender=q.gender)
        return None

    def phrases_before(self, pos: int) -> None:
        """Register the speaker phrases of the sentence of ``pos`` (up to it) and of the sentence before."""
        ss, _ = self.sentence(pos)
        prev = self.prev_sentence(pos)
        start = prev[0] if prev is not None else ss
        w = self.window(start, pos)
        k = 0
        n = len(w.toks)
        while k < n:
            t = w.toks[k]
            if t.w.cls in ANCHORS and t.w.prefix in ("", "و") and not self.in_quote(t.s):
                p = w.parse(k, n, allow_conj=False) if not t.w.prefix else w.title_after_conj(k)
                if p is not None and (p.name is not None or t.w.cls != GIVEN):
                    if p.kind != "person" or p.name is not None:
                        self.reg.add(p, w.toks)
                    k = p.end
                    continue
            k += 1

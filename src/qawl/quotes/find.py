"""Finding reported speech: direct, indirect and mixed quotes with their cues, in normalised coordinates.

The stage runs four passes over an article, each a linear scan:

1. quotation marks are paired per paragraph (``marks.pair_marks``); a quote whose closing mark was lost is
   ended at a cue that follows it (``…لذلك وأكد بيسكوف.``) or at a participle after a comma;
2. every cue verb opens a frame: ``قال X إن …`` (complementiser → indirect, mixed or direct content up to the
   end of the clause), ``قال X: «…»`` / ``وأضاف «…»`` (direct), ``«…»، قال X`` (the quote before the verb);
3. "according to" phrases attribute the clause before them (``…، بحسب بيسكوف``) or after them
   (``ووفقا لبايدن، …``);
4. quotations that no cue claimed continue the current speaker when they stand as a sentence of their own;
   short quoted names and scare quotes inside a sentence are dropped.

Each draft carries ``features`` for the attribution stage: ``frame``, ``subject_region``, ``pre_region``,
``gender``, ``number``, ``person``, ``verb``.
"""

from __future__ import annotations

import re
from bisect import bisect_right, insort
from dataclasses import dataclass
from typing import Final

from qawl._native import kernel
from qawl.doc import Doc, QuoteDraft
from qawl.quotes.lexicon import (
    CueForm,
    cue_forms,
    name_heads,
    opens_with_cue,
    speaker_heads,
    trigger_automaton,
)
from qawl.quotes.marks import Quoted, pair_marks
from qawl.text.normalize import fold
from qawl.text.search import right

_W: Final = r"(?<!\w)"
_E: Final = r"(?!\w)"
# complementiser, with the preposition some verbs take before it: (على|إلى|من|عن)? ب?أن(ه|ها|هم…)?
_COMP: Final = re.compile(
    _W + fold(r"(?:(?:على|إلى|من|عن|فيه|في)\s+)?(?:ب|و)?[إأ]ن(?:ه|ها|هم|هما|هن|نا|ني|كم)?") + _E
)
# the complementiser's core at an ``ان`` (its prefix ب/و is checked by hand; the pattern is matched by hand
# too, in _comp_core_end, and stays as its definition, which tests/quotes/test_scans.py compares it with),
# and the prepositions that may stand before it as part of the cue (أشار إلى أن، أكد على أن، حذر من أن)
_COMP_CORE: Final = re.compile(fold(r"ان(?:ه|ها|هم|هما|هن|نا|ني|كم)?") + _E)
# its suffixes in the pattern's order (the regex engine tries them so), and their first letters
_COMP_SUFFIXES: Final = tuple(fold(w) for w in "ه ها هم هما هن نا ني كم".split())
_COMP_SUFFIX_FIRST: Final = "".join(sorted({w[0] for w in _COMP_SUFFIXES}))
_COMP_PREPS: Final = frozenset(fold(w) for w in "على إلى من عن فيه في".split())
_ALA: Final = fold("على ")
_ACCORDING: Final = re.compile(
    _W
    + r"(?P<pre>و?)(?P<acc>"
    + fold(
        r"بحسب\s+ما|حسب\s+ما|حسبما|وفق\s+ما|وفقا\s+لما|طبقا\s+لما|تبعا\s+لما|بحسب|حسب|وفقا\s+ل|وفق|طبقا\s+ل"
        r"|نقلا\s+عن|استنادا\s+إلى|على\s+حد\s+(?:قول|تعبير|وصف)(?:ه|ها|هم|هما)?"
    )
    + r")"
)
_NOUN_CUE: Final = re.compile(
    _W
    + fold(
        r"و?(?:جاء|ورد)\s+في\s+(?:ال)?(?:بيان|تقرير|رسالة|تغريدة|قرار|نص|حكم|كلمة|خطاب|مقال|تصريح|منشور|وثيقة)\w*"
        # … تغريدة جاء فيها "…": the document was named just before
        r"|(?:جاء|ورد)\s+(?:فيه|فيها)(?!\w)"
    )
)
# أن after these words is not the cue's complementiser: بعد أن، لا بد أن، يجب أن، من أجل أن …
_NOT_COMP_BEFORE: Final = frozenset(
    fold(w)
    for w in "بعد قبل منذ حتى دون بدون لابد بد يجب ينبغي يمكن يمكنه يمكنها يجوز أجل عسى كي لكي ما"
    " شأن شأنه شأنها شأنهم رغم برغم بالرغم ورغم لولا المعروف معروف المؤكد المتوقع المرجح"
    " المفترض الواضح الطبيعي المنتظر المقرر".split()
)
# after these the complementiser opens the writer's own clause, and so does every later one in the region
_STOP_COMP_BEFORE: Final = frozenset(fold(w) for w in "علما رغم برغم بالرغم ورغم لولا".split())
# a present-tense verb after these is not a report: أن يحذر (to warn), لن يقول, كي تقول
_MODAL_BEFORE: Final = frozenset(fold(w) for w in "أن ان لن كي لكي يجب ينبغي يمكن ما مما".split())
# a cue after these is hypothetical: ولو قال إن …، إذا قال
_CONDITIONAL: Final = frozenset(fold(w) for w in "لو ولو إذا وإذا لئن".split())
_LAKIN: Final = frozenset(
    fold(w) for w in "لكن لكنه لكنها لكنهم ولكن ولكنه ولكنها ثم كما فيما بينما حين".split()
)
_NON_SPEAKER_NOUNS: Final = (
    "استطلاع|استطلاعات|دراسة|دراسات|بحث|أبحاث|إحصائيات|إحصاءات|إحصائية|إحصاء|أرقام|بيانات|نتائج|مسح|صور|لقطات|تحليل|مؤشرات|"
    "وثائق|سجلات|خريطة|فحوص|فحص|تحقيقات"
)
_NON_SPEAKER: Final = re.compile(r"\s+" + fold(r"(?:ال)?(?:" + _NON_SPEAKER_NOUNS + ")") + _E)
# the nouns' first two letters (none of them starts with ال, so after ال the noun's letters follow)
_NON_SPEAKER_HEADS: Final = frozenset(fold(w)[:2] for w in _NON_SPEAKER_NOUNS.split("|"))
_AL: Final = fold("ال")
# a dateline opening a story: دبي، الإمارات العربية المتحدة (CNN)— / القاهرة (رويترز) -
_DATELINE: Final = re.compile(r"[^\n().،,]{2,40}(?:[،,][^\n().،,]{2,40})?\s*\([^()\n]{1,25}\)\s*[-–—]+\s*")
# no reported clause runs longer than this (bounds every scan on text without punctuation)
_MAX_CLAUSE: Final = 3000
_KAMA_BEFORE: Final = re.compile(_W + fold(r"(?:و?كما|مثلما)") + r"\s+$")
_KAMA_WORDS: Final = (fold("كما"), fold("مثلما"))
# a comma and a word that opens a new clause: a complementiser after it belongs to that clause
_NEW_CLAUSE: Final = re.compile(r"[،,]\s*" + fold(r"(?:فيما|بينما|لكن|ولكن|في\s+حين|بعدما|وكان|وكانت)") + _E)
# the object of "according to" that is no source: conformity (وفقا للقانون) and what shows (حسب الاستطلاع)
_NOT_A_SOURCE: Final = re.compile(
    fold(r"(?:ل|ب)?(?:ال)?")
    + fold(
        r"(?:ميثاق|قانون|دستور|اتفاق|اتفاقية|شروط|معايير|مبادئ|قواعد|أحكام|نظام|خطة|جدول|توقيت|برنامج|"
        r"استطلاع|دراسة|بحث|إحصاءات|إحصائيات|أرقام|بيانات|نتائج|مؤشر|مؤشرات|تقديرات|تقدير|حسابات|"
        r"طريقة|أسلوب|منهج|معيار|توجيهات|تعليمات|أوامر)"
    )
)
# after the source of a mid-sentence according-to phrase: a comma, then the rest of the statement
_MIDDLE_REST: Final = re.compile(r"[^،,.\n]{1,80}[،,]\s*(?=\w+\s+\w+\s+\w+)")
_COMMA: Final = re.compile("[،,]")  # compiled once: re.finditer looks its pattern up in Python code
_SENTENCE_GAP: Final = re.compile(r"[\n.!?؟]")
# the سي of سي إن إن (CNN), bare or with a clitic: لسي إن إن، وسي إن إن
_SI: Final = frozenset(["سي", "لسي", "بسي", "وسي"])
_RELAY: Final = re.compile(_W + fold(r"نقلا\s+عن") + _E)
_NAQLAN: Final = fold("نقلا")
_HEAD_DASH: Final = re.compile(r"\s+[-–—]\s+")
_RELATIVE: Final = frozenset(fold(w) for w in "الذي التي الذين اللذين اللتين اللواتي اللاتي".split())
# the verb after بحسب ما / وفق ما: أعلنه (with an object pronoun), جاء في / ورد في
_MA_VERB: Final = re.compile(r"\s*(?:(?P<jaa>" + fold(r"(?:جاء|ورد)\s+في") + r")|(?P<w>\w+))")
_OBJ_SUFFIX: Final = re.compile(r"(?:ته|ه|ها|هم)$")
# the writer's own notes: يذكر أن، يشار إلى أن، الجدير بالذكر أن
_WRITER_NOTE: Final = re.compile(
    _W
    + fold(r"و?(?:يذكر|يشار|يجدر|يضاف|الجدير\s+بالذكر|من\s+الجدير)")
    + _E
    + r"\s*"
    + fold(r"(?:إلى\s+)?[أإ]ن")
)
_FA_INNA: Final = re.compile(_W + fold(r"ف[إأ]ن(?:ه|ها|هم)?") + _E)
_SENT_PUNCT: Final = re.compile(r"[.!?؟]+")
_WORD: Final = re.compile(r"\w+")
_WORD_START: Final = re.compile(r"\w+")
_TRIM_END: Final = " \t\n.,،;؛:-–—…"
_TRIM_START: Final = " \t\n,،:;؛-–—"
_CONNECTIVE_TAIL: Final = re.compile(
    r"(?:\s*[،,]?\s*(?:\bو|"
    + fold(r"(?<!\w)(?:فيما|بينما|في\s+حين|حين|ثم|كما|و?لكن(?:ه|ها|هم)?|بل)")
    + r"))?[\s،,;؛]*$"
)
# the words _CONNECTIVE_TAIL can end with, and the separators it allows after them
_CONNECTIVE_ENDS: Final = tuple(fold(w) for w in "و فيما بينما حين ثم كما لكن لكنه لكنها لكنهم بل".split())
_CONNECTIVE_LONGEST: Final = max(len(w) for w in _CONNECTIVE_ENDS)
_HIN: Final = fold("حين")  # the end of the only connective with white space inside (في حين)
_CONNECTIVE_LAST: Final = "".join(sorted({w[-1] for w in _CONNECTIVE_ENDS}))
_TAIL_SEPS: Final = "،,;؛"
# an agency credit closing a sentence: … (أ.ف.ب) / (رويترز) / (واس)
_CREDIT_TAIL: Final = re.compile(r"\s*\([^()\n]{1,20}\)\s*$")
# writer's framing after a comma ends an indirect clause: …، وسط تزايد التوتر / …، في خطوة تبرز …
_FRAMING: Final = re.compile(
    r"[،,]\s*"
    + fold(r"(?:وسط|في\s+خطوة|في\s+إشارة|الأمر\s+الذي|وذلك\s+في|وكان|وكانت|مما\s+(?:أثار|أدى|دفع))")
    + _E
)
# the first two letters of every _FRAMING phrase (after the comma and white space)
_FRAMING_HEADS: Final = frozenset(fold(w)[:2] for w in "وسط في الأمر وذلك وكان مما".split())


@dataclass(slots=True)
class Cue:
    start: int  # including the conjunction prefix
    verb_start: int
    end: int
    form: CueForm
    word: str
    kama: bool = False
    relative: bool = False  # after الذي/التي: a statement inside a relative clause
    prev_word: str = ""  # the word before the cue (within 12 characters)
    # what _target found (computed once: a later cue is asked whether it opens a new quote, then done)
    target: tuple[str, int, int] | None = None
    target_known: bool = False

    # written out (the dataclass keeps it): compiled, a generated __init__ runs as interpreted Python
    def __init__(
        self,
        start: int,
        verb_start: int,
        end: int,
        form: CueForm,
        word: str,
        kama: bool = False,
        relative: bool = False,
        prev_word: str = "",
    ) -> None:
        self.start = start
        self.verb_start = verb_start
        self.end = end
        self.form = form
        self.word = word
        self.kama = kama
        self.relative = relative
        self.prev_word = prev_word
        self.target = None
        self.target_known = False


def _paragraphs(doc: Doc) -> list[tuple[int, int]]:
    if doc.paragraphs:
        return doc.paragraphs
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", doc.norm)]


def _headline(doc: Doc, paras: list[tuple[int, int]]) -> tuple[int, int] | None:
    norm = doc.norm
    span: tuple[int, int] | None = doc.extra.get("title_span")
    if span is not None:
        line = norm[span[0] : span[1]].rstrip()
        # a first line that ends a sentence is body text, not a headline
        if line and line[-1] not in ".!؟?" and (not opens_with_cue(line) or doc.article.title):
            return span
        return None
    if not paras:
        return None
    ps, pe = paras[0]
    title = doc.article.title
    if title and fold(title).strip() == norm[ps:pe].strip():
        return ps, pe
    followed_by_blank = _starts_at(norm, "\n\n", pe) or _starts_at(norm, "\n \n", pe)
    if followed_by_blank and _count_words(norm, ps, pe, 26) <= 25 and not norm[ps:pe].rstrip().endswith("."):
        return ps, pe
    return None


def _bisect_match(found: list[re.Match[str]], pos: int) -> int:
    """Index of the first match in ``found`` (sorted by start) that starts at or after ``pos``."""
    lo, hi = 0, len(found)
    while lo < hi:
        mid = (lo + hi) // 2
        if found[mid].start() < pos:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _starts_at(norm: str, prefix: str, pos: int) -> bool:
    """``norm.startswith(prefix, pos)`` for a position not negative: compiled code calls the method with a
    position through Python (several times the cost of this slice)."""
    return norm[pos : pos + len(prefix)] == prefix


def _word_before_py(norm: str, lo: int, pos: int) -> tuple[str, int]:
    """The word that ends ``norm[lo:pos]`` (white space may follow it) and where it starts, or ``("", -1)``:
    what ``(\\w+)\\s*$`` finds there (positions not negative). An anchored match on the reversed window
    costs a third of that search, which retries at every position of the window."""
    seg = norm[lo:pos].rstrip()
    m = _WORD_START.match(seg[::-1])
    if m is None:
        return "", -1
    word = m.group()[::-1]
    return word, lo + len(seg) - len(word)


def connective_cut(norm: str, s: int, e: int) -> int:
    """Where a connective left at the end of ``norm[s:e]`` (…، فيما / … ثم) and the separators after it
    start: where ``_CONNECTIVE_TAIL`` matches in the last 30 characters. The pattern can only take a
    connective that ends right before the trailing separators; without one it matches at those."""
    w = max(s, e - 30)
    t = e
    while t > w and (norm[t - 1] in _TAIL_SEPS or norm[t - 1].isspace()):
        t -= 1
    # norm.endswith(_CONNECTIVE_ENDS, w, t) on the few last characters: compiled code calls the method
    # with positions through Python, but endswith on a str of its own directly
    tail = norm[max(w, t - _CONNECTIVE_LONGEST) : t]
    if tail and tail[-1] in _CONNECTIVE_LAST and tail.endswith(_CONNECTIVE_ENDS):
        # The search tries every start (≈ 1,000 instructions each). A match ends its connective at t, and
        # the white space and comma it takes before the connective match from each of their positions too:
        # so when the leftmost match starts before ``near``, one starts at ``near`` as well, unless its
        # connective is longer than 8 (only في\s+حين can be), and only then is the whole window searched.
        near = max(w, t - 8)
        m = _CONNECTIVE_TAIL.search(norm, near, e)
        if near > w and ((m is not None and m.start() == near) or tail.endswith(_HIN)):
            m = _CONNECTIVE_TAIL.search(norm, w, e)
        if m is not None:
            t = m.start()
    return t


def _comp_core_end(norm: str, at: int, limit: int) -> int:
    """Where ``_COMP_CORE.match(norm, at, limit)`` ends, or -1 (``ان`` stands at ``at``): the suffixes are
    tried in the pattern's order, each followed by no word character, as the regex engine tries them;
    written out, as most candidates are rejected on the letter after ``ان`` (the call cost ≈ 1,300
    instructions; this, ≈ 150)."""
    j = at + 2
    if j >= limit or not _is_word_char(norm[j]):
        return j  # no suffix (each starts with a letter), and the word ends
    if norm[j] not in _COMP_SUFFIX_FIRST:
        return -1
    for suffix in _COMP_SUFFIXES:
        k = j + len(suffix)
        if k <= limit and norm[j:k] == suffix and (k >= limit or not _is_word_char(norm[k])):
            return k
    return -1


def _dateline_possible(norm: str, s: int, e: int) -> bool:
    """What ``_DATELINE.match(norm, s, e)`` needs: its parenthesis is the first in ``norm[s:e]`` (nothing
    the pattern takes before it may be one), closed within 26 characters and followed by white space and a
    dash. Most parentheses in a span are not a dateline's: the regex (≈ 24,000 instructions, for its
    backtracking over the place names) is called only where this holds."""
    p = norm.find("(", s, e)
    if p < 0:
        return False
    c = norm.find(")", p + 1, min(e, p + 27))
    if c < 0:
        return False
    q = c + 1
    while q < e and norm[q].isspace():
        q += 1
    return q < e and norm[q] in "-–—"


def _non_speaker_after(norm: str, pos: int) -> bool:
    """Whether a poll, a study or a figure follows ``pos`` (``_NON_SPEAKER.match(norm, pos)``), with the
    regex called only where white space and one of the nouns' first two letters stand."""
    q = pos
    while q < len(norm) and norm[q].isspace():
        q += 1
    head = norm[q : q + 2]
    if head == _AL:
        head = norm[q + 2 : q + 4]
    if q == pos or head not in _NON_SPEAKER_HEADS:
        return False
    return _NON_SPEAKER.match(norm, pos) is not None


_PREP_OBJECTS: Final[dict[str, re.Pattern[str]]] = {}


def _prep_object(prep: str) -> re.Pattern[str]:
    """The word after a preposition the cue verb takes: its object (حذر من الثغرات). Compiled once per
    preposition, kept in a plain dict: compiled code looks it up directly (``functools.cache``'s wrapper
    is called through Python, ≈ 1,000 instructions a call)."""
    pattern = _PREP_OBJECTS.get(prep)
    if pattern is None:
        pattern = _PREP_OBJECTS[prep] = re.compile(_W + prep + r"\s+(\w+)")
    return pattern


def _framing_phrases(norm: str) -> list[re.Match[str]]:
    """Every ``_FRAMING`` match of the text, in order: what ``finditer`` gives, found from the commas that
    open them (str.find skips to a comma faster than the regex scan; a match holds no other comma, so
    matches at different commas cannot overlap)."""
    out: list[re.Match[str]] = []
    arabic = 0
    n = len(norm)
    for ch in "،,":
        p = norm.find(ch)
        while p >= 0:
            q = p + 1
            while q < n and norm[q].isspace():  # \s* of the pattern
                q += 1
            # most commas are followed by no phrase's first two letters: the regex is not called there
            m = _FRAMING.match(norm, p) if norm[q : q + 2] in _FRAMING_HEADS else None
            if m is not None:
                out.append(m)
            p = norm.find(ch, p + 1)
        if ch == "،":
            arabic = len(out)
    if 0 < arabic < len(out):
        out.sort(key=_match_start)
    return out


def _match_start(m: re.Match[str]) -> int:
    return m.start()


def _count_words_py(norm: str, s: int, e: int, enough: int) -> int:
    """How many words ``norm[s:e]`` holds, exactly when fewer than ``enough``; otherwise a number not below
    ``enough`` (rules compare counts with small bounds; positions not negative). The first ``12 * enough``
    characters are counted first: a word cut at their end is still a word of the text, so a count that
    reaches ``enough`` there holds for the whole span."""
    end = min(e, s + 12 * enough)
    n = len(_WORD.findall(norm, s, end))
    if n < enough and end < e:
        n = len(_WORD.findall(norm, s, e))
    return n


# the native kernels when they are built (the native count stops at ``enough``), else the definitions above
_word_before: Final = kernel("word_before", _word_before_py)
_count_words: Final = kernel("count_words", _count_words_py)


def _has_comma(norm: str, s: int, e: int) -> bool:
    """A comma (Arabic or Latin) in ``norm[s:e]``: patterns opening with one cannot match without it."""
    return norm.find("،", s, e) >= 0 or norm.find(",", s, e) >= 0


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class _Finder:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.norm = doc.norm
        self.paras = _paragraphs(doc)
        self.headline = _headline(doc, self.paras)
        blocked = list(doc.chrome)
        if self.headline is not None:
            blocked.append(self.headline)
        self.blocked = sorted(blocked)
        self.blocked_starts = [s for s, _ in self.blocked]
        sents = doc.sentences or self.paras
        self.sent_starts = [s for s, _ in sents]
        self.sent_ends = [e for _, e in sents]
        self.para_starts = [s for s, _ in self.paras]
        omap = doc.omap
        self.quoted, self.strays = pair_marks(self.norm, doc.article.text, omap, self.paras)
        singles, _ = pair_marks(self.norm, doc.article.text, omap, self.paras, "'")
        if singles:
            # single marks quote only where no double-marked quotation encloses them
            inside = [
                q for q in singles if not any(d.open <= q.open and q.close <= d.close for d in self.quoted)
            ]
            self.quoted = sorted(self.quoted + inside, key=lambda q: q.open)
        self.foreign: list[tuple[int, int]] = list(doc.extra.get("foreign", ()))
        self.q_starts = [q.open for q in self.quoted]
        self.consumed: set[int] = set()
        self._words: dict[tuple[int, int], int] = {}
        # phrase lexicons are scanned once per article; clauses look their matches up by position
        self._framing: list[re.Match[str]] | None = None  # scanned on first use (not every article needs it)
        self.according: list[re.Match[str]] = []
        self.writer_notes: list[re.Match[str]] = []
        self.nouns: list[re.Match[str]] = []
        self.cues = self._scan_triggers()
        self.cue_starts = [c.start for c in self.cues]
        self._drop_lost_openers_before_cues()
        self.drafts: list[QuoteDraft] = []
        self.d_starts: list[int] = []  # drafts sorted by start, for overlap look-ups in O(log n)
        self.d_sorted: list[QuoteDraft] = []
        self.claimed: list[tuple[int, int]] = []  # cue-to-content regions: no according-to phrase there

    # ----------------------------------------------------------------- lookups
    def is_blocked(self, pos: int) -> bool:
        i = right(self.blocked_starts, pos) - 1
        return i >= 0 and pos < self.blocked[i][1]

    def sentence(self, pos: int) -> tuple[int, int]:
        i = right(self.sent_starts, pos) - 1
        if i < 0:
            return 0, self.sent_ends[0] if self.sent_ends else len(self.norm)
        return self.sent_starts[i], self.sent_ends[i]

    def paragraph(self, pos: int) -> tuple[int, int]:
        i = right(self.para_starts, pos) - 1
        if i < 0:
            return 0, len(self.norm)
        return self.paras[i]

    def framing(self) -> list[re.Match[str]]:
        """The writer's framing phrases of the article (…، وسط …), found in one scan on first use."""
        if self._framing is None:
            self._framing = _framing_phrases(self.norm)
        return self._framing

    def words_in(self, s: int, e: int) -> int:
        """How many words ``norm[s:e]`` holds, exactly up to 9; a larger count may stand short but never
        below 10 (the rules compare quotations with 3 to 9 words). Counted in the first characters when
        they hold 10 words already; cached, as several rules count the same quotation."""
        key = (s, e)
        n = self._words.get(key)
        if n is None:
            n = _count_words(self.norm, s, e, 10)
            self._words[key] = n
        return n

    def quoted_at(self, pos: int) -> tuple[int, Quoted] | None:
        """The quoted span whose content contains ``pos``."""
        # quoted spans never overlap, so only the last one opening at or before pos can hold it
        i = right(self.q_starts, pos) - 1
        if i >= 0:
            q = self.quoted[i]
            if q.start <= pos < q.end:
                return i, q
        return None

    def quoted_opening_in(self, s: int, e: int) -> tuple[int, Quoted] | None:
        i = right(self.q_starts, s - 1)
        if i < len(self.quoted) and self.quoted[i].open < e and not self.quoted[i].lost_open:
            return i, self.quoted[i]
        return None

    def speech_quote_in(self, s: int, e: int, colon: int) -> tuple[int, Quoted] | None:
        """The quotation a cue introduces: quoted names before it (اجتماع "…" التي …) are passed over."""
        first = self.quoted_opening_in(s, e)
        if first is None:
            return None
        i, q = first
        while i + 1 < len(self.quoted) and self.quoted[i + 1].open < e and not self.quoted[i + 1].lost_open:
            if colon >= 0 and q.open > colon:
                break
            if self.words_in(q.start, q.end) >= 9 and not self.after_name_head(q):
                break  # a long quotation is the statement, whatever follows it (not a name: اجتماع "…")
            after = self.norm[q.close + 1 : q.close + 3].strip()
            if after[:1] in (":", ".", "،", ",") and not self.is_quoted_name(q):
                break  # (a name after لقناة "…"، is passed over even before a comma)
            i, q = i + 1, self.quoted[i + 1]
        if self.is_quoted_name(q) and not (colon >= 0 and q.open > colon):
            return None
        return i, q

    def _drop_lost_openers_before_cues(self) -> None:
        """A paragraph that opens with a cue (وذكر أبو زيد أن … ".) is the writer's, not a quotation whose
        opening mark was lost: its closing mark is a stray inside the cue's statement (mixed)."""
        lost = [i for i, q in enumerate(self.quoted) if q.lost_open]
        if not lost:
            return
        keep = []
        for _i, q in enumerate(self.quoted):
            if q.lost_open:
                k = right(self.cue_starts, q.start - 1)
                if k < len(self.cues) and self.cues[k].start < q.start + 15:
                    insort(self.strays, q.close)
                    continue
            keep.append(q)
        self.quoted = keep
        self.q_starts = [q.open for q in keep]

    def _scan_triggers(self) -> list[Cue]:
        """One Aho-Corasick pass finds cue verbs and the heads of according-to phrases, writer's notes
        and noun cues; each phrase's full pattern is then matched where its head stands."""
        auto, readings = trigger_automaton()
        forms = cue_forms()
        norm = self.norm
        n = len(norm)
        blocked, blocked_starts = self.blocked, self.blocked_starts
        out: list[Cue] = []
        # typed, so that compiled code reads the positions as native ints (untyped, every comparison and
        # subscript below went through Python's generic operations)
        matches: list[tuple[int, int, int]] = auto.find_matches_as_indexes(norm)  # type: ignore[attr-defined]
        for idx, s, e in matches:
            if s > 0 and (norm[s - 1].isalnum() or norm[s - 1] == "_"):
                continue  # inside a word
            found = readings[idx]
            according_at: tuple[int, ...] = ()
            if len(found) > 1 or found[0][0] != "cue":
                according_at = self._scan_phrases(found, s)
            if e < n and (norm[e].isalnum() or norm[e] == "_"):
                continue  # a verb ends with the word (a phrase head was matched above)
            i = right(blocked_starts, s) - 1
            if i >= 0 and s < blocked[i][1]:
                continue  # chrome or the headline
            for kind, pre, word in found:
                if kind != "cue":
                    continue
                vs = s + len(pre)
                if vs in according_at:
                    continue  # نقلا عن is an according-to phrase, not the dual of نقل
                form = forms[word]
                kama = (
                    _KAMA_BEFORE.search(norm, max(0, s - 8), s)
                    if not pre
                    and s > 0
                    and norm[s - 1].isspace()
                    and norm[max(0, s - 8) : s].rstrip().endswith(_KAMA_WORDS)
                    else None
                )
                start = kama.start() if kama is not None else s
                prev_word = _word_before(norm, max(0, start - 12), start)[0]
                if form.tense == "pres" and not pre and kama is None and prev_word in _MODAL_BEFORE:
                    continue
                if prev_word in _CONDITIONAL:
                    continue
                out.append(Cue(start, vs, e, form, word, kama is not None, prev_word in _RELATIVE, prev_word))
        return out

    def _scan_phrases(self, found: tuple[tuple[str, str, str], ...], s: int) -> tuple[int, ...]:
        """Match the phrases whose head the automaton found at ``s``; where according-to heads start."""
        norm = self.norm
        according_at: tuple[int, ...] = ()
        for kind, _pre, _word in found:
            if kind == "acc":
                m = _ACCORDING.match(norm, s)
                if m is not None:
                    self.according.append(m)
                    according_at += (m.start("acc"),)
            elif kind == "note":
                m = _WRITER_NOTE.match(norm, s)
                if m is not None:
                    self.writer_notes.append(m)
            elif kind == "noun":
                m = _NOUN_CUE.match(norm, s)
                if m is not None:
                    self.nouns.append(m)
        return according_at

    def next_cue_after(self, pos: int) -> Cue | None:
        i = right(self.cue_starts, pos)
        return self.cues[i] if i < len(self.cues) else None

    # ----------------------------------------------------------------- spans
    def clause_end(self, b: int, limit: int | None = None) -> int:
        """End of the reported clause that starts at ``b``: the sentence end, pushed past a quotation that
        is still open there, cut before a later cue that opens a quote of its own."""
        _, e = self.sentence(b)
        e = min(e, b + _MAX_CLAUSE)
        # a quotation opened inside the clause keeps the clause going until it closes
        for _ in range(8):
            hit = self.quoted_at(e - 1) if e > b else None
            if hit is None or hit[1].open < b - 1:
                break
            q = hit[1]
            if q.close + 1 <= e:
                break
            _, e2 = self.sentence(q.close)
            if e2 <= e:
                break
            e = e2
        if limit is not None:
            e = min(e, limit)
        # a later cue (participle after a comma, a new verb with its own complementiser, according-to)
        i = right(self.cue_starts, b)
        # a clause holds few cues; looking at more than a dozen would only cost time on pathological text
        for c in self.cues[i : i + 12]:
            if c.start >= e:
                break
            if self.quoted_at(c.start) is None and self._opens_new_quote(c):
                e = c.start
                break
        for m in self.matches_in(self.according, b, e) if self.according else ():
            before = self.norm[max(b, m.start() - 3) : m.start()]
            if (
                ("،" in before or "," in before)
                and self.quoted_at(m.start()) is None
                and self.according_verb(m)
            ):
                e = m.start()
                break
        for m3 in self.matches_in(self.writer_notes, b, e)[:1] if self.writer_notes else ():
            if self.quoted_at(m3.start()) is None:
                e = m3.start()
        framing = self.framing()
        for m2 in self.matches_in(framing, b, e)[:1] if framing else ():
            if self.quoted_at(m2.start()) is None and m2.start() - b > 20:
                e = m2.start()
        return e

    @staticmethod
    def matches_in(found: list[re.Match[str]], b: int, e: int) -> list[re.Match[str]]:
        """The matches (found once per article, sorted) that start in ``[b, e)``."""
        i = _bisect_match(found, b)
        out = []
        while i < len(found) and found[i].start() < e:
            out.append(found[i])
            i += 1
        return out

    def _opens_new_quote(self, c: Cue) -> bool:
        norm = self.norm
        before = norm[max(0, c.start - 3) : c.start]
        if c.form.tense == "part":
            return "،" in before or "," in before
        if c.kama and ("،" in before or "," in before):
            return True  # …، كما نقلت عنه الوكالة: an according-to phrase closes the clause
        after_particle = c.prev_word in _LAKIN
        if not (
            _starts_at(norm, "و", c.start)
            or "،" in before
            or "," in before
            or c.kama
            or c.relative
            or after_particle
        ):
            return False
        return self._target(c) is not None

    def blank(self, a: int, b: int) -> bool:
        """Only white space between a and b (checked on a bounded window: long gaps are never blank)."""
        return b - a <= 40 and not self.norm[a:b].strip()

    def overlaps_draft(self, s: int, e: int) -> bool:
        k = right(self.d_starts, s)
        if k > 0 and self.d_sorted[k - 1].end > s:
            return True
        return k < len(self.d_sorted) and self.d_sorted[k].start < e

    def trim(self, s: int, e: int) -> tuple[int, int]:
        norm = self.norm
        # a dateline holds a parenthesis: without one in the span the pattern cannot match
        dateline = _DATELINE.match(norm, s, e) if _dateline_possible(norm, s, e) else None
        if dateline is not None:
            s = dateline.end()
        while s < e and norm[s] in _TRIM_START:
            s += 1
        while e > s and norm[e - 1] in _TRIM_END:
            e -= 1
        for fs, fe in self.foreign:
            # an English leftover of machine translation at the end ("… لذلك [in the US]") is not speech,
            # unless the speaker's closing mark encloses it
            if s < fs < e <= fe + 1 and not norm[fe:e].strip() and norm[e : e + 1] != '"':
                e = fs
                while e > s and norm[e - 1] in _TRIM_END:
                    e -= 1
        t = connective_cut(norm, s, e)
        if t > s:
            e = t
        while e > s and norm[e - 1] in _TRIM_END:
            e -= 1
        return s, e

    # ----------------------------------------------------------------- cue targets
    def comp_after(self, s: int, limit: int, preps: tuple[str, ...]) -> tuple[int, int] | None:
        """The first complementiser in ``[s, limit)`` that is not governed by another word (بعد أن);
        ``preps`` are the prepositions the cue verb takes (أكد على أن).

        Candidates are found from each ``ان`` (str.find is far cheaper than a regex scan): ب?/و? + ان + a
        pronoun suffix, as a whole word, with a preposition word before it kept (أشار إلى أن)."""
        norm = self.norm
        p = norm.find("ان", s, limit)
        while p >= 0:
            ws = p - 1 if p > s and norm[p - 1] in "بو" else p
            at = p
            p = norm.find("ان", p + 2, limit)
            if ws > 0 and (norm[ws - 1].isalnum() or norm[ws - 1] == "_"):
                continue  # inside a word (كان، البيان): no need to match the suffixes
            end = _comp_core_end(norm, at, limit)
            if end < 0:
                continue
            start = ws
            lo = max(s, ws - 8)
            prep, prep_start = _word_before(norm, lo, ws)
            if (
                prep in _COMP_PREPS
                and prep_start >= s
                and (prep_start == 0 or not _is_word_char(norm[prep_start - 1]))
                and prep_start + len(prep) < ws
            ):
                start = prep_start
            inside = self.quoted_at(start)
            if inside is not None and inside[1].open >= s:
                continue
            if _starts_at(norm, ":", end) or _starts_at(norm, " :", end):
                continue  # إن: — not a complementiser
            if start == ws and prep_start > lo:
                # the word before was found whole in the shorter window: the same word as in a longer one
                prev_word, prev_start = prep, prep_start
            else:
                prev_word, prev_start = _word_before(norm, max(0, start - 12), start)
            if prev_word in _STOP_COMP_BEFORE:
                return None  # …، علما أن …: the writer's own clause; what follows is not the cue's
            if prev_word in _NOT_COMP_BEFORE:
                continue  # بعد أن، لا بد أن
            if prev_word == "ان" and _word_before(norm, max(0, prev_start - 12), prev_start)[0] in _SI:
                continue  # the second إن of سي إن إن
            if prev_word in _SI and _starts_at(norm, " ان", end):
                continue  # سي إن إن (CNN) — but بي بي سي أن is BBC and a complementiser
            if _starts_at(norm, _ALA, start):
                if self.doc.article.text[self.doc.omap.to_orig(start + 2)] == "ي":
                    # folding made the name علي look like the preposition على (بن علي إن): keep the name
                    return norm.rfind(" ", start, end) + 1, end
                if _ALA.strip() not in preps:
                    nxt_word = _WORD.search(norm, end)
                    if nxt_word is not None and nxt_word.group()[:1] in "يتن":
                        continue  # أعلن تعيينه، على أن يتولى مهامه: "provided that", not a report
            return start, end
        return None

    def _target(self, c: Cue) -> tuple[str, int, int] | None:
        """What follows the cue: ('comp', a, b) | ('colon', a, b) | ('quote', index, open) | None."""
        if not c.target_known:
            c.target = self._find_target(c)
            c.target_known = True
        return c.target

    def _find_target(self, c: Cue) -> tuple[str, int, int] | None:
        norm = self.norm
        ss, se = self.sentence(c.end)
        limit = min(se, c.end + 300)
        nxt = self.next_cue_after(c.start)
        while nxt is not None and nxt.start < limit:
            comma_before = norm[max(0, nxt.start - 3) : nxt.start].rstrip().endswith(("،", ","))
            if nxt.form.tense == "part" and not comma_before:
                pass  # a participle inside the subject phrase (المسؤول المكلف …) does not end it
            elif not nxt.relative and not (nxt.form.strict and nxt.start == nxt.verb_start):
                limit = nxt.start
                break
            nxt = self.next_cue_after(nxt.start)
        comp = self.comp_after(c.end, limit, c.form.preps)
        colon = norm.find(":", c.end, limit)
        while colon > 0 and colon + 1 < len(norm) and norm[colon - 1].isdigit() and norm[colon + 1].isdigit():
            colon = norm.find(":", colon + 1, limit)  # a time (الساعة 21:00), not the cue's colon
        quote = self.speech_quote_in(c.end, limit, colon)
        cands: list[tuple[int, str, int, int]] = []
        if comp is not None:
            cands.append((comp[0], "comp", comp[0], comp[1]))
        if colon >= 0:
            cands.append((colon, "colon", colon, colon + 1))
        if quote is not None:
            qi, q = quote
            # a quoted name inside the subject (لـ"العربية.نت") is not the quotation
            words = self.words_in(q.start, q.end)
            after_colon = colon >= 0 and q.open > colon
            name_in_subject = comp is not None and comp[0] > q.close and words <= 6 and not after_colon
            if (words >= 3 or after_colon) and not name_in_subject:
                cands.append((q.open, "quote", qi, q.open))
        if not cands:
            return None
        cands.sort()
        _, kind, a, b = cands[0]
        words_between = _count_words(norm, c.end, cands[0][0], 26)
        if c.form.strict and words_between > 0 and c.start == c.verb_start and not self.blank(ss, c.start):
            return None  # رأى، روى، بين are also nouns and names (قناة راي): only a clear verb counts
        if words_between > 25 or (c.relative and words_between > 2):
            return None
        if (
            kind == "quote"
            and colon < 0
            and b - 1 > c.end
            and norm[b - 1] in "وبل"
            and norm[b - 2] in " \t\n"
        ):
            return None  # أكد على ضرورة رفع الحصار و"إنهاء …": a quoted noun phrase, coordinated or governed
        if kind in ("comp", "quote") and c.form.preps and words_between > 0 and colon < 0:
            region = norm[c.end : a if kind == "comp" else b]
            for p in c.form.preps:
                hit = _prep_object(p).search(region)
                if hit is not None and not _COMP.fullmatch(hit.group(1)):
                    return None  # حذر من الثغرات … أن: the verb took a nominal object
                if (
                    kind == "quote"
                    and region.rstrip().endswith(" " + p)
                    and _COMP.match(norm, self.quoted[a].start) is None
                ):
                    return None  # حذر من "كوارث …": the quotation is the preposition's object
        if kind == "comp" and _has_comma(norm, c.end, a) and _NEW_CLAUSE.search(norm, c.end, a) is not None:
            return None  # أقرت …، فيما كانت واشنطن تأمل أن …: the complementiser is another clause's
        if _non_speaker_after(norm, c.end):
            return None  # كشف استطلاع للرأي أن …: polls and studies show, they do not say
        if kind == "colon":
            # the quotation follows the colon, on the same line or opening the next paragraph
            after = b + len(norm[b : b + 8]) - len(norm[b : b + 8].lstrip())
            quote2 = self.quoted_opening_in(b, max(min(limit, b + 4), after) + 1)
            if quote2 is not None:
                return "quote", quote2[0], quote2[1].open
        if c.form.strength == "open" and kind == "comp":
            at_start = _starts_at(norm, "و", c.start) or self.blank(ss, c.start)
            if words_between > 8 or not at_start:
                return None
        if c.form.strength == "stance" and kind == "quote" and colon < 0:
            return None  # وصف/اتهم X "…": a quoted label or accusation, not a statement
        if c.form.impersonal and c.form.tense == "pres" and kind == "comp" and words_between == 0:
            return None
        return kind, a, b

    # ----------------------------------------------------------------- emitters
    def emit(
        self,
        s: int,
        e: int,
        kind: str,
        cue: Cue | tuple[int, int] | None,
        frame: str,
        subject: tuple[int, int] | None,
        pre: tuple[int, int] | None,
        conf: float,
        form: CueForm | None = None,
    ) -> QuoteDraft | None:
        s, e = self.trim(s, e)
        # a word character (\w) in the span: nearly always its first, which spares the regex call
        if e - s < 2 or not (_is_word_char(self.norm[s]) or _WORD.search(self.norm, s, e)):
            return None
        if self.overlaps_draft(s, e):
            return None
        f: CueForm | None
        if isinstance(cue, Cue):
            cue_span: tuple[int, int] | None = (cue.start, cue.end)
            f = form if form is not None else cue.form
        else:
            cue_span, f = cue, form
        feats: dict[str, object] = {
            "frame": frame,
            "subject_region": subject,
            "pre_region": pre,
            "gender": f.gender if f else None,
            "number": f.number if f else None,
            "person": 3 if f else None,
            "verb": f.lemma if f else None,
            "tense": f.tense if f else None,
        }
        d = QuoteDraft(
            start=s, end=e, kind=kind, cue=cue_span, cue_class=frame, confidence=conf, features=feats
        )
        self.drafts.append(d)
        k = right(self.d_starts, s)
        self.d_starts.insert(k, s)
        self.d_sorted.insert(k, d)
        return d

    def content_kind(self, s: int, e: int) -> tuple[str, int, int]:
        """Direct when the whole content is one quotation, mixed when it carries quoted words."""
        s, e = self.trim(s, e)
        lo = max(0, right(self.q_starts, s) - 2)
        hi = right(self.q_starts, e)
        inside = (
            [
                (i, q)
                for i in range(lo, hi)
                if (q := self.quoted[i]).open < e and q.close >= s and q.end > q.start
            ]
            if lo < hi
            else []
        )
        speech = [(i, q) for i, q in inside if not self.is_quoted_name(q)] if inside else inside
        for i, _ in inside:
            self.consumed.add(i)
        if not speech:
            # a stray closing mark inside indirect speech shows a quoted fragment whose opener was lost
            j = right(self.strays, s)
            if j < len(self.strays) and self.strays[j] < e:
                return "mixed", s, e
            return "indirect", s, e
        inside = speech
        for i, _ in inside:
            self.consumed.add(i)
        if len(inside) == 1:
            _, q = inside[0]
            tail = self.norm[q.close + 1 : e]
            if q.open <= s and not tail.strip(_TRIM_END + '"'):
                return "direct", q.start, q.end
        return "mixed", s, e

    def is_quoted_name(self, q: Quoted) -> bool:
        """A short quotation right after a naming noun (مستشفى "الأمل"، موقع "…") is a name, not speech."""
        if q.lost_open or q.recovered or self.words_in(q.start, q.end) > 4:
            return False
        return self.after_name_head(q)

    def after_name_head(self, q: Quoted) -> bool:
        return _word_before(self.norm, max(0, q.open - 20), q.open)[0] in name_heads()

    def do_cue(self, c: Cue) -> None:
        if self.quoted_at(c.start) is not None:
            return  # a cue inside someone's quotation is part of what they said
        target = self._target(c)
        if target is None:
            if c.kama:
                self.do_according_like(c.start, c.end, c.end, (c.start, c.end), c.form)
            else:
                self.do_post(c)
            return
        ss, _ = self.sentence(c.start)
        frame = (
            "participle" if c.form.tense == "part" else ("passive" if c.form.tense == "passive" else "vso")
        )
        pre_region = (ss, c.start) if c.start > ss and frame == "vso" else None
        if pre_region is not None and not _starts_at(self.norm, "و", c.start) and c.start - ss > 2:
            frame = "svo"
        kind, a, b = target
        conf = 0.8 if c.form.strength == "say" else 0.6
        region_end = self.quoted[a].open if kind == "quote" else a
        insort(self.claimed, (c.start, region_end))
        # relayed: وأشارت الوكالة نقلا عن مصادر مطلعة أن … — the cue is نقلا عن, the source follows it
        cue: Cue | tuple[int, int] = c
        subject = (c.end, region_end)
        # (the phrase needs its literal نقلا: one str.find rules most cues out)
        relay = (
            _RELAY.search(self.norm, c.end, region_end)
            if self.norm.find(_NAQLAN, c.end, region_end) >= 0
            else None
        )
        if relay is not None:
            cue, subject = (relay.start(), relay.end()), (relay.end(), region_end)
        if kind == "quote":
            q = self.quoted[a]
            self.consumed.add(a)
            self.emit(q.start, q.end, "direct", cue, frame, subject, pre_region, conf, c.form)
            return
        if kind == "colon":
            lead = b
            while lead < len(self.norm) and self.norm[lead] in " \t":
                lead += 1
            comp = _COMP.match(self.norm, lead)
            if comp is not None:
                b = comp.end()  # قال لـCNN: إن بلوغ … — the complementiser after the colon is not said
        end = self.clause_end(b)
        if end <= b:
            return
        qkind, s, e = self.content_kind(b, end)
        if qkind == "indirect" and self.norm[s:e].rstrip().endswith(")"):
            credit = _CREDIT_TAIL.search(self.norm, s, e)
            if credit is not None and credit.start() > s:
                e = credit.start()
        if kind == "colon" and qkind == "indirect":
            # a colon without quotation marks: the rest of the paragraph is the statement
            conf -= 0.2
        self.emit(s, e, qkind, cue, frame, subject, pre_region, conf, c.form)

    def do_post(self, c: Cue) -> None:
        """«…»، قال X — the quotation just before the verb."""
        if c.form.tense not in ("past", "pres"):
            return
        i = right(self.q_starts, c.start) - 1
        if i < 0 or i in self.consumed:
            return
        q = self.quoted[i]
        gap = self.norm[q.close + 1 if not q.recovered else q.close : c.start]
        if len(gap) > 4 or gap.strip(" \t.,،:;؛]") != "":
            return
        self.consumed.add(i)
        _, se = self.sentence(c.end)
        self.emit(q.start, q.end, "direct", c, "post", (c.end, se), None, 0.8)

    def do_according_like(
        self, ms: int, me: int, obj: int, cue: tuple[int, int], form: CueForm | None
    ) -> None:
        """Attribute the clause before (``…، بحسب X``) or after (``بحسب X، …``) an according-to phrase."""
        norm = self.norm
        if self.quoted_at(ms) is not None:
            return
        k = right(self.d_starts, ms) - 1
        if (
            k >= 0
            and ms <= self.d_sorted[k].end + 3
            and not _SENTENCE_GAP.search(norm, self.d_sorted[k].end, ms)
        ):
            return  # relayed: the statement already has its speaker (وفقا لوكالة … after قال الوزير إن)
        k = bisect_right(self.claimed, (ms, len(norm) + 1))
        for cs, ce in self.claimed[max(0, k - 3) : k]:
            if cs <= ms < ce:
                return  # نقلا عن inside a cue's subject: the cue's statement is relayed
        src = _WORD.search(norm, obj, obj + 40)
        if src is not None and _NOT_A_SOURCE.fullmatch(src.group()) is not None:
            return  # وفقا لميثاق الأمم المتحدة (in accordance with), حسب الاستطلاع (a poll shows)
        ss, se = self.sentence(ms)
        bs = max(ss, ms - _MAX_CLAUSE)
        before = norm[bs:ms].rstrip()
        if before.endswith(("،", ",", '"')) and _count_words(norm, bs, ms, 6) >= 3:
            s = ss
            fa = _FA_INNA.search(norm, ss, min(ms, ss + 60))
            if fa is not None and fa.start() - ss < 40:
                s = fa.end()
            e = ms
            after = _MIDDLE_REST.match(norm, obj, se)
            if (
                after is not None
                and _count_words(norm, bs, ms, 6) < 6
                and _count_words(norm, after.end(), se, 6) >= 6  # not a name in apposition
            ):
                # وشكلت هذه الانتصارات، بحسب خبراء، صفعة كبيرة: the phrase stands inside the statement
                e = self.clause_end(after.end())
            qkind, s2, e2 = self.content_kind(s, e)
            self.emit(s2, e2, qkind, cue, "according", (obj, se), None, 0.7, form)
            return
        if before.strip("و ") == "":
            comma = -1
            for m in _COMMA.finditer(norm, obj, min(se, obj + 400)):
                comma = m.start()
                if self.quoted_at(comma) is None:
                    break
            fa = _FA_INNA.search(norm, obj, min(se, obj + 200))
            if (
                fa is not None
                and _count_words(norm, obj, fa.start(), 9) <= 8
                and (comma < 0 or fa.start() < comma)
            ):
                comma = fa.start() - 1
            max_obj = 5 if form is not None and cue[1] - cue[0] > 0 and _starts_at(norm, "كما", ms) else 15
            if comma < 0 or _count_words(norm, obj, comma, max_obj + 1) > max_obj:
                return
            s = comma + 1
            while s < se and norm[s] in " \t":
                s += 1
            fa = _FA_INNA.match(norm, s)
            if fa is not None:
                s = fa.end()
            e = self.clause_end(s)
            qkind, s2, e2 = self.content_kind(s, e)
            self.emit(s2, e2, qkind, cue, "according", (obj, comma), None, 0.7, form)

    def according_verb(self, m: re.Match[str]) -> tuple[int, CueForm | None] | None:
        """Where the source of an according-to phrase starts (after بحسب / after the verb of بحسب ما أعلنه),
        or None when ``ما`` is not followed by a verb of saying (وفق ما لديهم من أوامر)."""
        if not m.group("acc").endswith("ما"):
            return m.end(), None
        v = _MA_VERB.match(self.norm, m.end())
        if v is None:
            return None
        forms = cue_forms()
        word = v.group("w") or ""
        bare = _OBJ_SUFFIX.sub("", word)
        form = forms.get(word) or forms.get(bare) or forms.get(bare[:-1] + "ي" if bare.endswith("ا") else "")
        if form is None and v.group("jaa") is None:
            return None
        return v.end(), form

    def do_according(self) -> None:
        for m in self.according:
            if self.is_blocked(m.start()):
                continue
            found = self.according_verb(m)
            if found is None:
                continue
            obj, form = found
            self.do_according_like(m.start(), m.end(), obj, (m.start(), obj), form)

    def do_noun_cues(self) -> None:
        for m in self.nouns:
            if self.is_blocked(m.start()) or self.quoted_at(m.start()) is not None:
                continue
            if self.norm[max(0, m.start() - 3) : m.start()].endswith("ما "):
                continue  # بحسب ما جاء في: an according-to phrase
            _, se = self.sentence(m.end())
            limit = min(se, m.end() + 200)
            comp = _COMP.search(self.norm, m.end(), limit)
            quote = self.quoted_opening_in(m.end(), limit)
            colon = self.norm.find(":", m.end(), limit)
            if quote is not None and (comp is None or quote[1].open < comp.start()):
                qi, q = quote
                self.consumed.add(qi)
                self.emit(
                    q.start, q.end, "direct", (m.start(), m.end()), "noun", (m.end(), q.open), None, 0.7
                )
            elif comp is not None:
                end = self.clause_end(comp.end())
                k, s, e = self.content_kind(comp.end(), end)
                self.emit(s, e, k, (m.start(), m.end()), "noun", (m.end(), comp.start()), None, 0.7)
            elif colon >= 0:
                end = self.clause_end(colon + 1)
                k, s, e = self.content_kind(colon + 1, end)
                self.emit(s, e, k, (m.start(), m.end()), "noun", (m.end(), colon), None, 0.6)

    def recover_lost_closers(self) -> None:
        """A quotation left open at the paragraph end ends before a cue that follows the words."""
        norm = self.norm
        for q in self.quoted:
            i = right(self.cue_starts, q.start + 10)
            while i < len(self.cues) and self.cues[i].start < q.close:
                c = self.cues[i]
                i += 1
                before = norm[max(q.start, c.start - 2) : c.start]
                # a participle cue with its complementiser is the writer's, not the speaker's:
                # the closing mark was forgotten before it
                if (
                    c.form.tense == "part"
                    and ("،" in before or "," in before)
                    and (q.recovered or _COMP.match(norm, c.end + 1) is not None)
                ):
                    q.close = c.start
                    q.recovered = True
                    break
                if not q.recovered:
                    continue
                if c.form.tense == "past" and (_starts_at(norm, "و", c.start) or "]" in before):
                    rest = norm[c.end : min(q.para_end, c.end + 300)]
                    if _COMP.search(rest) is None and len(_WORD.findall(rest)) <= 8:
                        q.close = c.start
                        break
            while q.close > q.start and norm[q.close - 1] in " \t":
                q.close -= 1

    def continuations(self) -> None:
        """Quotations that no cue claimed: a sentence of quoted words continues the current speaker."""
        norm = self.norm
        for i, q in enumerate(self.quoted):
            if i in self.consumed or self.is_blocked(q.open) or self.quoted_in_draft(q):
                continue
            words = self.words_in(q.start, q.end)
            j = q.open - 1
            while j >= q.para_start and norm[j] in " \t":
                j -= 1
            lead_empty = j < q.para_start
            stands_alone = q.lost_open or lead_empty or norm[j] in ".!؟?:"
            k = q.close + 1
            while k < q.para_end and norm[k] in " \t":
                k += 1
            whole_para = lead_empty and k >= q.para_end
            heading = whole_para and words < 6 and norm[q.start : q.end].rstrip()[-1:] not in ".!؟?"
            if stands_alone and words >= 3 and not heading:
                self.emit(q.start, q.end, "direct", None, "continuation", None, None, 0.55)

    def quoted_in_draft(self, q: Quoted) -> bool:
        k = right(self.d_starts, q.open) - 1
        return k >= 0 and q.close <= self.d_sorted[k].end + 1

    def do_headline(self) -> None:
        """A headline attribution: ``وزير الخارجية: …`` or ``… – الكرملين``, when the speaker side opens
        with a title, a role or a speaking body, or is named as a speaker in the article (topic labels such as
        ``تركيا: …`` are not attributions)."""
        if self.headline is None:
            return
        hs, he = self.headline
        norm = self.norm
        colon = norm.find(":", hs, he)
        if colon > hs:
            side, rest = (hs, colon), (colon + 1, he)
            if self.is_headline_speaker(*side) and _count_words(norm, rest[0], rest[1], 2) >= 2:
                k, s, e = self.content_kind(*rest)
                self.emit(s, e, k, (colon, colon + 1), "headline", side, None, 0.5)
            return
        lim = min(he, hs + 400)
        if norm.find("-", hs, lim) < 0 and norm.find("–", hs, lim) < 0 and norm.find("—", hs, lim) < 0:
            return  # no dash, so no ``… – speaker`` part
        dashes = [p for m in _HEAD_DASH.finditer(norm, hs, lim) for p in (m.start(), m.end())]
        parts = [hs, *dashes[:12], he]
        if len(parts) < 4:
            return
        first = (parts[0], parts[1])
        for i in range(2, len(parts) - 1, 2):
            side = (parts[i], parts[i + 1])
            if self.is_headline_speaker(*side) and _count_words(norm, first[0], first[1], 2) >= 2:
                dash = parts[1]
                cue = (dash + 1, dash + 2) if norm[dash : dash + 1] == " " else (dash, dash + 1)
                k, s, e = self.content_kind(*first)
                self.emit(s, e, k, cue, "headline", side, None, 0.5)
                return

    def is_headline_speaker(self, s: int, e: int) -> bool:
        words = _WORD.findall(self.norm, s, e)
        if not words or len(words) > 6 or any(not w.isalpha() for w in words[:1]):
            return False
        if words[0] in speaker_heads():
            return True
        phrase = " ".join(words)
        for d in self.drafts:
            region = d.features.get("subject_region")
            if region is None or d.features.get("frame") == "headline":
                continue
            # named as the speaker: the phrase opens the subject of a cue (قال وزير الطاقة …)
            subject_words = _WORD.findall(self.norm, region[0], region[1])
            if len(subject_words) <= 12 and phrase in " ".join(subject_words):
                return True
        return False

    def run(self) -> list[QuoteDraft]:
        self.recover_lost_closers()
        for c in self.cues:
            self.do_cue(c)
        self.do_noun_cues()
        self.do_according()
        self.continuations()
        self.do_headline()
        self.drafts.sort(key=lambda d: d.start)
        return self.drafts


def find_quotes(doc: Doc) -> None:
    """Stage: fill ``doc.quotes`` with drafts in normalised coordinates."""
    if not doc.norm.strip():
        doc.quotes = []
        return
    doc.quotes = _Finder(doc).run()

"""The one data model: an article kept exactly as given, spans into it, quotes made of spans.

Every span is half-open ``(start, end)`` in code points of ``Article.text`` (the original text).
Stages may work on the normalised text ``Article.norm`` and convert once with ``Article.omap``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any, Final, Literal

QuoteKind = Literal["direct", "indirect", "mixed"]
SpeakerType = Literal["person", "organisation", "source", "unknown"]


# whether this module runs compiled (mypyc): a compiled module's file is the extension, not the source
_COMPILED: Final = not __file__.endswith(".py")


def _store(obj: object, **fields: object) -> None:
    """Store fields on a frozen dataclass instance, as its generated __init__ does."""
    for name, value in fields.items():
        object.__setattr__(obj, name, value)


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open code-point interval ``[start, end)``."""

    start: int
    end: int

    # The frozen model classes write out their __init__ (the dataclass keeps it): compiled, a generated one
    # runs as interpreted Python (≈ 4× the time). Compiled code stores the fields directly, which mypy
    # calls assigning a read-only property (hence the ignores), and which frozen=True's __setattr__ does not
    # see; interpreted, that __setattr__ refuses them, so the fields are stored as the generated __init__
    # stores them (``_store``). Either way the instances stay frozen.
    def __init__(self, start: int, end: int) -> None:
        if not 0 <= start <= end:
            raise ValueError(f"bad span ({start}, {end})")
        if not _COMPILED:
            _store(self, start=start, end=end)
            return
        self.start = start  # type: ignore[misc]
        self.end = end  # type: ignore[misc]

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


#: rounded confidences by value: a few dozen values recur in every article, and ``round(x, 3)`` goes through
#: the float's decimal digits (≈ 0.3 µs; twice a quote in attribution, twice in its output record)
_ROUNDED: Final[dict[float, float]] = {}


def round3(x: float) -> float:
    """``round(x, 3)``, remembered. Only positive floats are kept: an int or -0.0 equals a key of another
    type or sign, and NaN equals nothing."""
    if type(x) is not float or not x > 0.0:
        return round(x, 3)
    r = _ROUNDED.get(x)
    if r is None:
        if len(_ROUNDED) >= 4096:
            _ROUNDED.clear()  # bounded on endless input; rounding is pure, only time is lost
        r = _ROUNDED[x] = round(x, 3)
    return r


class OffsetMap:
    """Maps positions of a derived (normalised) text back to the original and forward again.

    Stored as breakpoints of the shift ``delta = orig - norm``: for a normalised position ``n`` in
    ``[nb[i], nb[i+1])`` the original position is ``n + delta[i]``. A deleted original character raises
    the shift by one at the point of deletion; an inserted character maps to the original position of the
    character that follows it. The identity map has a single breakpoint, so the common case costs nothing.

    >>> m = OffsetMap.from_deletions([3], 6)   # "abcXde" -> "abcde"
    >>> m.to_orig(3), m.to_norm(4)
    (4, 3)
    """

    __slots__ = ("_delta", "_nb", "_ob", "norm_len", "orig_len")

    def __init__(self, nb: list[int], delta: list[int], orig_len: int, norm_len: int) -> None:
        self._nb = nb
        self._delta = delta
        # the largest original position each segment reaches, for to_norm's search (made at its first use:
        # most maps only ever go to the original)
        self._ob: list[int] | None = None
        self.orig_len = orig_len
        self.norm_len = norm_len

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls([0], [0], length, length)

    @classmethod
    def from_deletions(cls, deleted: list[int], orig_len: int) -> OffsetMap:
        """Map for a text made by deleting the (sorted) original positions ``deleted``."""
        nb = [0]
        delta = [0]
        for i, p in enumerate(deleted):
            n = p - i
            if nb[-1] == n:
                delta[-1] = i + 1
            else:
                nb.append(n)
                delta.append(i + 1)
        return cls(nb, delta, orig_len, orig_len - len(deleted))

    @classmethod
    def from_insertions(cls, positions: list[int], length: int) -> OffsetMap:
        """Map for a text made by inserting one character before each (sorted, distinct) position.

        An inserted character maps to the original position of the character that follows it.

        >>> m = OffsetMap.from_insertions([3], 5)   # "abcde" -> "abc de"
        >>> [m.to_orig(n) for n in range(7)]
        [0, 1, 2, 3, 3, 4, 5]
        """
        nb = [0]
        delta = [0]
        for i, p in enumerate(positions):
            nb.append(p + i + 1)
            delta.append(-(i + 1))
        return cls(nb, delta, length, length + len(positions))

    @property
    def is_identity(self) -> bool:
        return len(self._nb) == 1 and self._delta[0] == 0

    def to_orig(self, n: int) -> int:
        """Original position of normalised position ``n`` (``n == norm_len`` maps to ``orig_len``)."""
        if n >= self.norm_len:
            return self.orig_len
        i = bisect_right(self._nb, n) - 1
        return n + self._delta[i]

    def to_norm(self, o: int) -> int:
        """Normalised position of original position ``o``; a deleted character maps to the next kept one."""
        if o >= self.orig_len:
            return self.norm_len
        ob = self._ob
        if ob is None:
            nb, delta = self._nb, self._delta
            ob = self._ob = [nb[i + 1] - 1 + delta[i] for i in range(len(nb) - 1)]
        # the smallest n with to_orig(n) >= o: first segment that reaches o
        i = bisect_left(ob, o)
        return max(self._nb[i], o - self._delta[i])

    def span_to_orig(self, start: int, end: int) -> Span:
        """The original span of the normalised span ``[start, end)`` (``to_orig`` of each end, inlined)."""
        nb = self._nb
        delta = self._delta
        norm_len = self.norm_len
        s = self.orig_len if start >= norm_len else start + delta[bisect_right(nb, start) - 1]
        if end <= start:
            return Span(s, s)
        e = self.orig_len if end >= norm_len else end + delta[bisect_right(nb, end) - 1]
        return Span(s, e if e > s else s)

    def compose(self, inner: OffsetMap) -> OffsetMap:
        """Map from a text derived from this map's norm text (by ``inner``) straight to the original."""
        if inner.is_identity:
            return self
        if self.is_identity:
            return inner
        points = sorted(set(inner._nb) | {inner.to_norm(self._nb[i]) for i in range(len(self._nb))})
        nb: list[int] = []
        delta: list[int] = []
        for n in points:
            if n > inner.norm_len:
                continue
            d = self.to_orig(inner.to_orig(n)) - n
            if delta and delta[-1] == d:
                continue
            nb.append(n)
            delta.append(d)
        if not nb or nb[0] != 0:
            nb.insert(0, 0)
            delta.insert(0, self.to_orig(inner.to_orig(0)))
        return OffsetMap(nb, delta, self.orig_len, inner.norm_len)


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who said it. ``name`` is the fullest form of the speaker's name found in the article."""

    name: str | None
    mention: Span | None = None
    role: str | None = None
    type: SpeakerType = "unknown"
    gender: Literal["m", "f"] | None = None
    speaker_id: str | None = None
    confidence: float = 0.0

    def __init__(
        self,
        name: str | None,
        mention: Span | None = None,
        role: str | None = None,
        type: SpeakerType = "unknown",
        gender: Literal["m", "f"] | None = None,
        speaker_id: str | None = None,
        confidence: float = 0.0,
    ) -> None:
        if not _COMPILED:
            _store(self, name=name, mention=mention, role=role, type=type, gender=gender,
                   speaker_id=speaker_id, confidence=confidence)  # fmt: skip
            return
        self.name = name  # type: ignore[misc]
        self.mention = mention  # type: ignore[misc]
        self.role = role  # type: ignore[misc]
        self.type = type  # type: ignore[misc]
        self.gender = gender  # type: ignore[misc]
        self.speaker_id = speaker_id  # type: ignore[misc]
        self.confidence = confidence  # type: ignore[misc]


@dataclass(frozen=True, slots=True)
class Quote:
    """One reported statement: spans into ``Article.text`` plus its attribution."""

    span: Span
    kind: QuoteKind
    cue: Span | None = None
    speaker: Speaker | None = None
    addressee: Span | None = None
    said_on: str | None = None
    confidence: float = 0.0

    def __init__(
        self,
        span: Span,
        kind: QuoteKind,
        cue: Span | None = None,
        speaker: Speaker | None = None,
        addressee: Span | None = None,
        said_on: str | None = None,
        confidence: float = 0.0,
    ) -> None:
        if not _COMPILED:
            _store(self, span=span, kind=kind, cue=cue, speaker=speaker, addressee=addressee, said_on=said_on,
                   confidence=confidence)  # fmt: skip
            return
        self.span = span  # type: ignore[misc]
        self.kind = kind  # type: ignore[misc]
        self.cue = cue  # type: ignore[misc]
        self.speaker = speaker  # type: ignore[misc]
        self.addressee = addressee  # type: ignore[misc]
        self.said_on = said_on  # type: ignore[misc]
        self.confidence = confidence  # type: ignore[misc]

    def with_speaker_id(self, speaker_id: str) -> Quote:
        """The same quote, its speaker carrying the archive's identity (built directly: dataclasses.replace
        walks fields() and costs several times more on the ingest path)."""
        sp = self.speaker
        if sp is None:
            return self
        speaker = Speaker(sp.name, sp.mention, sp.role, sp.type, sp.gender, speaker_id, sp.confidence)
        return Quote(self.span, self.kind, self.cue, speaker, self.addressee, self.said_on, self.confidence)


@dataclass(frozen=True, slots=True)
class Article:
    """An article exactly as given. ``text`` is never altered; everything else is derived from it."""

    text: str
    id: str = ""
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None
    path: str | None = None
    author: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    # derived by the pipeline
    norm: str | None = None
    omap: OffsetMap | None = None
    chrome: tuple[Span, ...] = ()
    quotes: tuple[Quote, ...] = ()

    def __init__(
        self,
        text: str,
        id: str = "",
        title: str | None = None,
        date: str | None = None,
        url: str | None = None,
        source: str | None = None,
        path: str | None = None,
        author: str | None = None,
        meta: dict[str, Any] | None = None,
        norm: str | None = None,
        omap: OffsetMap | None = None,
        chrome: tuple[Span, ...] = (),
        quotes: tuple[Quote, ...] = (),
    ) -> None:
        if not _COMPILED:
            _store(self, text=text, id=id, title=title, date=date, url=url, source=source, path=path,
                   author=author, meta={} if meta is None else meta, norm=norm, omap=omap, chrome=chrome,
                   quotes=quotes)  # fmt: skip
            return
        self.text = text  # type: ignore[misc]
        self.id = id  # type: ignore[misc]
        self.title = title  # type: ignore[misc]
        self.date = date  # type: ignore[misc]
        self.url = url  # type: ignore[misc]
        self.source = source  # type: ignore[misc]
        self.path = path  # type: ignore[misc]
        self.author = author  # type: ignore[misc]
        self.meta = {} if meta is None else meta  # type: ignore[misc]
        self.norm = norm  # type: ignore[misc]
        self.omap = omap  # type: ignore[misc]
        self.chrome = chrome  # type: ignore[misc]
        self.quotes = quotes  # type: ignore[misc]

    def view(self, span: Span | None) -> str | None:
        """The original text under ``span`` (strings are views, never stored copies)."""
        return None if span is None else self.text[span.start : span.end]

    def _values(self) -> tuple[Any, ...]:
        """The fields in declaration order (Article(*values) rebuilds the article)."""
        return (
            self.text, self.id, self.title, self.date, self.url, self.source, self.path, self.author,
            self.meta, self.norm, self.omap, self.chrome, self.quotes,
        )  # fmt: skip

    def with_quotes(self, quotes: tuple[Quote, ...]) -> Article:
        """The same article with other quotes (built directly: dataclasses.replace walks fields())."""
        values = list(self._values())
        values[-1] = quotes
        return Article(*values)

    def __reduce__(self) -> tuple[type[Article], tuple[Any, ...]]:
        # positional fields: pickling (to and from worker processes) costs a third of the default
        return (Article, self._values())

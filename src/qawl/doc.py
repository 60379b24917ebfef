"""The working document that stages annotate: the article, its normalised text and what stages found.

Stages work in normalised coordinates (positions in ``Doc.norm``); ``pipeline.finish`` converts every span
to the original text once, through ``Doc.omap``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Final

from qawl._native import kernel
from qawl.model import Article, OffsetMap

# a non-empty line without its outer white space (str.strip's white space is the regex's \s)
_LINE = re.compile(r"\S(?:[^\n]*\S)?")


def _line_spans_py(norm: str) -> list[tuple[int, int]]:
    return [m.span() for m in _LINE.finditer(norm)]


# the native kernel when it is built: the same spans in one pass, without the regex engine
_line_spans: Final = kernel("line_spans", _line_spans_py)


@dataclass(slots=True)
class QuoteDraft:
    """A quote under construction, in normalised coordinates."""

    start: int
    end: int
    kind: str
    cue: tuple[int, int] | None = None
    cue_class: str | None = None  # verb / participle / according / noun / headline / none
    speaker: Any = None  # attribution.Speaker-like object set by the attribution stage
    addressee: tuple[int, int] | None = None
    said_on: str | None = None
    confidence: float = 0.5
    features: dict[str, Any] = field(default_factory=dict)

    # written out (the dataclass keeps it): compiled, a generated __init__ runs as interpreted Python
    def __init__(
        self,
        start: int,
        end: int,
        kind: str,
        cue: tuple[int, int] | None = None,
        cue_class: str | None = None,
        speaker: Any = None,
        addressee: tuple[int, int] | None = None,
        said_on: str | None = None,
        confidence: float = 0.5,
        features: dict[str, Any] | None = None,
    ) -> None:
        self.start = start
        self.end = end
        self.kind = kind
        self.cue = cue
        self.cue_class = cue_class
        self.speaker = speaker
        self.addressee = addressee
        self.said_on = said_on
        self.confidence = confidence
        self.features = {} if features is None else features


@dataclass(slots=True)
class Doc:
    article: Article
    norm: str
    omap: OffsetMap
    chrome: list[tuple[int, int]] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    quotes: list[QuoteDraft] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    #: False when ``norm`` has no Latin letter nor square bracket (``text.foreign.latin_or_bracket``)
    latin: bool = True
    _lines: list[tuple[int, int]] | None = field(default=None, init=False, repr=False)

    # written out (the dataclass keeps it): compiled, a generated __init__ runs as interpreted Python
    def __init__(self, article: Article, norm: str, omap: OffsetMap, latin: bool = True) -> None:
        self.article = article
        self.norm = norm
        self.omap = omap
        self.chrome = []
        self.paragraphs = []
        self.sentences = []
        self.quotes = []
        self.extra = {}
        self.latin = latin
        self._lines = None

    def lines(self) -> list[tuple[int, int]]:
        """Spans of the non-empty lines of ``norm``, outer white space excluded: found once, for the chrome
        marker and the segmenter (``" أ \n\nب"`` → ``[(1, 2), (5, 6)]``)."""
        if self._lines is None:
            self._lines = _line_spans(self.norm)
        return self._lines

"""The working document that stages annotate: the article, its normalised text and what stages found.

Stages work in normalised coordinates (positions in ``Doc.norm``); ``pipeline.finish`` converts every span
to the original text once, through ``Doc.omap``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qawl.model import Article, OffsetMap


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

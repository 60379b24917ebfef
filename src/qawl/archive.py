"""The statement archive's Python API: ingest articles, search quotes, list and curate speakers, export.

    >>> from qawl import archive
    >>> report = archive.ingest(["news.jsonl"], "sqlite:///news.db")      # doctest: +SKIP
    >>> archive.search("بيسكوف", db_url="news.db").items[0].quote.text    # doctest: +SKIP

Every function takes ``db_url`` (``sqlite:///path.db``, a plain path, or ``postgresql://…``; default
``./qawl.db``). The CLI (``qawl ingest|search|speakers|speaker|export``) and the web app call these.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Literal

from qawl.model import Article
from qawl.store import DEFAULT_DB_URL, Page, QuoteRow, SearchResult, SpeakerRow, Store, open_store

ExportFormat = Literal["jsonl", "csv", "parquet"]

#: articles written per transaction during ingestion
DEFAULT_BATCH_SIZE = 200

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_DB_URL",
    "ExportFormat",
    "IngestReport",
    "export",
    "get_speaker",
    "ingest",
    "merge_speakers",
    "open_archive",
    "search",
    "speaker_quotes",
    "speakers",
    "split_speaker",
]


@dataclass(slots=True)
class IngestReport:
    """What an ingestion did. ``errors`` holds one line per skipped input (``where: message``)."""

    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    quotes: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors


def open_archive(db_url: str | None = None, *, read_only: bool = False) -> Store:
    """Open the archive's store (migrating an older schema when writable)."""
    return open_store(db_url or DEFAULT_DB_URL, read_only=read_only)


def ingest(
    sources: Iterable[str | Path | Article],
    db_url: str | None = None,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    fields: dict[str, str] | None = None,
    force: bool = False,
    progress: bool | None = None,
    on_batch: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    """Extract quotes from every source (paths read with ``qawl.readers.read_paths``, or ``Article``s) and
    store them, one transaction per ``batch_size`` articles. Idempotent: an article already stored with the
    same content hash is skipped (before extraction); the same id with a new hash replaces its quotes.
    ``force`` re-extracts unchanged articles too. Resumable: a killed run loses at most its open batch, and
    rerunning it stores exactly one copy of everything. ``progress`` (default: stderr is a TTY) shows a bar.
    Unreadable inputs are reported in ``IngestReport.errors`` and skipped."""
    raise NotImplementedError


def search(
    query: str,
    *,
    db_url: str | None = None,
    speaker: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    kind: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> Page[SearchResult]:
    """Search quotes (Arabic-folded). ``speaker`` is a speaker id or a name (resolved like ingestion does)."""
    raise NotImplementedError


def speakers(
    *,
    db_url: str | None = None,
    query: str | None = None,
    type: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page[SpeakerRow]:
    """Canonical speakers, most quoted first; ``query`` filters by any name form."""
    raise NotImplementedError


def get_speaker(speaker_id: str, *, db_url: str | None = None) -> SpeakerRow | None:
    """One speaker (a merged-away id resolves to the speaker it joined)."""
    raise NotImplementedError


def speaker_quotes(
    speaker_id: str, *, db_url: str | None = None, limit: int = 50, offset: int = 0
) -> Page[QuoteRow]:
    """The quotes of one speaker, newest first."""
    raise NotImplementedError


def merge_speakers(keep: str, other: str, *, db_url: str | None = None) -> SpeakerRow:
    """Merge speaker ``other`` into ``keep`` (ids, or names resolving to exactly one speaker). The decision
    is stored and re-applied when articles are ingested again."""
    raise NotImplementedError


def split_speaker(speaker: str, forms: Iterable[str], *, db_url: str | None = None) -> SpeakerRow:
    """Move the quotes attributed under name ``forms`` out of ``speaker`` into a new speaker; returns it.
    The decision is stored and re-applied on re-ingestion."""
    raise NotImplementedError


def export(fmt: ExportFormat, out: str | Path | IO[str] | None = None, *, db_url: str | None = None) -> int:
    """Write every quote (with article and speaker context) as JSONL, CSV or Parquet to ``out`` (a path, a
    text stream, or stdout for ``None``; Parquet needs a path and the ``qawl[parquet]`` extra). Returns the
    number of quotes written. Raises ``ConfigError`` for a missing pyarrow or Parquet to a stream."""
    raise NotImplementedError

"""The statement archive's Python API: ingest articles, search quotes, list and curate speakers, export.

    >>> from qawl import archive
    >>> report = archive.ingest(["news.jsonl"], "sqlite:///news.db")      # doctest: +SKIP
    >>> archive.search("بيسكوف", db_url="news.db").items[0].quote.text    # doctest: +SKIP

Every function takes ``db_url`` (``sqlite:///path.db``, a plain path, or ``postgresql://…``; default
``./qawl.db``). The CLI (``qawl ingest|search|speakers|speaker|export``) and the web app call these.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Literal

from qawl.entities.names import name_key, speaker_id_for
from qawl.entities.resolve import SpeakerResolver, group_of
from qawl.entities.romanize import RomanizeMode
from qawl.errors import ConfigError, InputError, QawlError
from qawl.model import Article
from qawl.store import (
    DEFAULT_DB_URL,
    ArticleWrite,
    Page,
    QuoteRow,
    SearchResult,
    SpeakerRow,
    Store,
    open_store,
)
from qawl.store._util import outlet_of

ExportFormat = Literal["jsonl", "csv", "parquet"]

#: articles written per transaction during ingestion
DEFAULT_BATCH_SIZE = 200

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_DB_URL",
    "ExportFormat",
    "IngestReport",
    "content_hash",
    "export",
    "get_speaker",
    "ingest",
    "merge_speakers",
    "open_archive",
    "romanize_speakers",
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


def content_hash(article: Article) -> str:
    """What decides whether a stored article changed: its text and metadata, not derived fields."""
    payload = json.dumps(
        [article.text, article.title, article.date, article.url, article.source], ensure_ascii=False
    )
    return hashlib.sha256(payload.encode()).hexdigest()


# -- ingestion ------------------------------------------------------------------------------------------


def ingest(
    sources: Iterable[str | Path | Article],
    db_url: str | None = None,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    fields: dict[str, str] | None = None,
    force: bool = False,
    extract: bool = True,
    romanize: RomanizeMode = "rules",
    progress: bool | None = None,
    on_batch: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    """Extract quotes from every source (paths read with ``qawl.readers.read_inputs``, or ``Article``s) and
    store them, one transaction per ``batch_size`` articles. An ``Article`` that already has quotes is stored
    as given, and with ``extract=False`` every one is. Idempotent: an article already stored with the same
    content hash is skipped before extraction; the same id with a new hash replaces its quotes. ``force``
    re-extracts and replaces unchanged articles too. Resumable: a killed run loses at most its open batch,
    and rerunning it stores exactly one copy of everything. ``progress`` (default: stderr is a TTY) shows a
    bar. Unreadable inputs are reported in ``IngestReport.errors`` and skipped. New people get a Latin name
    (``romanize``: ``"rules"`` dictionary + rules, fast; ``"model"`` adds the ONNX model, ~10x slower)."""
    if batch_size < 1:
        raise ConfigError("batch size must be at least 1", where="ingest")
    report = IngestReport()
    t0 = time.perf_counter()
    with open_archive(db_url) as store, _progress_bar(progress) as tick:
        resolver = SpeakerResolver(store.speaker_index(), store.overrides(), romanize=romanize)
        batch: list[Article] = []
        for article in _articles(sources, fields, report):
            batch.append(article)
            if len(batch) >= batch_size:
                _ingest_batch(store, resolver, batch, force, extract, report)
                tick(report)
                batch = []
                if on_batch is not None:
                    on_batch(report)
        if batch:
            _ingest_batch(store, resolver, batch, force, extract, report)
            tick(report)
            if on_batch is not None:
                on_batch(report)
    report.seconds = time.perf_counter() - t0
    return report


def _articles(
    sources: Iterable[str | Path | Article], fields: dict[str, str] | None, report: IngestReport
) -> Iterator[Article]:
    paths: list[str] = []

    def flush() -> Iterator[Article]:
        if paths:
            for item in _read_paths(list(paths), fields):
                if isinstance(item, QawlError):
                    report.errors.append(str(item))
                else:
                    yield item
            paths.clear()

    for src in sources:
        if isinstance(src, Article):
            yield from flush()
            yield src
        else:
            paths.append(str(src))
    yield from flush()


def _read_paths(paths: list[str], fields: dict[str, str] | None) -> Iterator[Article | InputError]:
    from qawl.readers import read_inputs

    return read_inputs(paths, fields=fields)


def _ingest_batch(
    store: Store,
    resolver: SpeakerResolver,
    batch: list[Article],
    force: bool,
    extract: bool,
    report: IngestReport,
) -> None:
    from qawl.pipeline import extract_article  # the pipeline is heavy: load it only when ingesting

    report.read += len(batch)
    batch = [a if a.id else replace(a, id=content_hash(a)[:16]) for a in batch]
    stored = store.article_hashes([a.id for a in batch])
    writes: list[ArticleWrite] = []
    for a in batch:
        h = content_hash(a)
        if stored.get(a.id) == h and not force:
            report.unchanged += 1
            continue
        done = a if a.quotes or not extract else extract_article(a)
        quotes, keys = [], []
        for q in done.quotes:
            hit = resolver.resolve(q.speaker)
            if hit is not None and q.speaker is not None:
                q = q.with_speaker_id(hit[0])
            quotes.append(q)
            keys.append(hit[1] if hit else None)
        done = done.with_quotes(tuple(quotes))
        # a forced re-extraction replaces the stored quotes even though the hash is the same
        writes.append(ArticleWrite(done, h, outlet_of(a.source, a.url), tuple(keys), replace=force))
    result = store.write_batch(writes, resolver.pending())
    report.inserted += result.inserted
    report.updated += result.updated
    report.unchanged += result.unchanged
    report.quotes += result.quotes


@contextmanager
def _progress_bar(enabled: bool | None) -> Iterator[Callable[[IngestReport], None]]:
    """A rich bar on stderr (only at a terminal, unless forced off); yields ``tick(report)``."""
    from qawl.progress import ProgressBar, Tally

    tally = Tally()
    with ProgressBar(sys.stderr, enabled=enabled is not False) as bar:

        def tick(report: IngestReport) -> None:
            tally.articles, tally.quotes, tally.errors = report.read, report.quotes, len(report.errors)
            bar.update(tally)

        yield tick


# -- queries --------------------------------------------------------------------------------------------


def _speaker_ref(store: Store, ref: str) -> str:
    """A speaker id from an id or a name (exact name form first, then a unique substring match)."""
    ref = ref.strip()
    if ref.startswith("sp-") and store.get_speaker(ref) is not None:
        return ref
    key = name_key(ref)
    page = store.list_speakers(query=ref, limit=50)
    exact = [s for s in page.items if any(name_key(n) == key for n, _ in s.names) or name_key(s.name) == key]
    found = exact or list(page.items)
    if len(found) == 1:
        return found[0].id
    if not found:
        raise ConfigError(f"no speaker named {ref!r}", where="speaker")
    names = ", ".join(f"{s.id} ({s.name})" for s in found[:5])
    raise ConfigError(f"{ref!r} names several speakers: {names}; give an id", where="speaker")


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
    """Search quotes (Arabic-folded). ``speaker`` is a speaker id or a name."""
    with open_archive(db_url, read_only=True) as store:
        sid = _speaker_ref(store, speaker) if speaker else None
        return store.search(
            query,
            speaker_id=sid,
            outlet=outlet,
            since=since,
            until=until,
            kind=kind,
            limit=limit,
            offset=offset,
        )


def speakers(
    *,
    db_url: str | None = None,
    query: str | None = None,
    type: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page[SpeakerRow]:
    """Canonical speakers, most quoted first; ``query`` filters by any name form."""
    with open_archive(db_url, read_only=True) as store:
        return store.list_speakers(query=query, type=type, limit=limit, offset=offset)


def get_speaker(speaker: str, *, db_url: str | None = None) -> SpeakerRow | None:
    """One speaker by id or name (a merged-away id resolves to the speaker it joined)."""
    with open_archive(db_url, read_only=True) as store:
        try:
            return store.get_speaker(_speaker_ref(store, speaker))
        except ConfigError:
            return None


def speaker_quotes(
    speaker: str, *, db_url: str | None = None, limit: int = 50, offset: int = 0
) -> Page[QuoteRow]:
    """The quotes of one speaker (id or name), newest first."""
    with open_archive(db_url, read_only=True) as store:
        return store.speaker_quotes(_speaker_ref(store, speaker), limit=limit, offset=offset)


def merge_speakers(keep: str, other: str, *, db_url: str | None = None) -> SpeakerRow:
    """Merge speaker ``other`` into ``keep`` (ids, or names naming exactly one speaker). The decision is
    stored and re-applied when articles are ingested again."""
    with open_archive(db_url) as store:
        return store.merge_speakers(_speaker_ref(store, keep), _speaker_ref(store, other))


def split_speaker(speaker: str, forms: Iterable[str], *, db_url: str | None = None) -> SpeakerRow:
    """Move the quotes attributed under name ``forms`` out of ``speaker`` into a new speaker; returns it.
    The decision is stored and re-applied on re-ingestion."""
    forms = [f for f in forms if f.strip()]
    if not forms:
        raise ConfigError("give at least one name form to split off", where="speaker split")
    with open_archive(db_url) as store:
        sid = _speaker_ref(store, speaker)
        row = store.get_speaker(sid)
        assert row is not None
        new_id = speaker_id_for(group_of(row.type), name_key(forms[0]), salt=f"split:{sid}")
        return store.split_speaker(sid, forms, new_id, " ".join(forms[0].split()))


def romanize_speakers(*, db_url: str | None = None, mode: RomanizeMode = "model", min_quotes: int = 1) -> int:
    """Recompute the Latin names of people quoted at least ``min_quotes`` times (e.g. with the ONNX model
    after a fast ingest: ``mode="model"``). Returns how many speakers were updated."""
    from qawl.entities.romanize import latin_names
    from qawl.store import MAX_PAGE_SIZE, SpeakerDef

    done = 0
    with open_archive(db_url) as store:
        for type_ in ("person", "unknown"):
            offset = 0
            while True:
                page = store.list_speakers(type=type_, limit=MAX_PAGE_SIZE, offset=offset)
                rows = [s for s in page.items if s.quote_count >= min_quotes]
                latin = latin_names([s.name for s in rows], mode)
                defs = [
                    SpeakerDef(id=s.id, name=s.name, key=name_key(s.name), type=s.type, latin_name=lat)
                    for s, lat in zip(rows, latin, strict=True)
                    if lat and lat != s.latin_name
                ]
                if defs:
                    store.write_batch([], defs)
                done += len(defs)
                # most quoted first: once a page falls below the threshold, the rest does too
                if not page.has_more or len(rows) < len(page.items):
                    break
                offset += MAX_PAGE_SIZE
    return done


def export(fmt: ExportFormat, out: str | Path | IO[str] | None = None, *, db_url: str | None = None) -> int:
    """Write every quote (with article and speaker context) as JSONL, CSV or Parquet to ``out`` (a path, a
    text stream, or stdout for ``None``; Parquet needs a path and the ``qawl[parquet]`` extra). Returns the
    number of quotes written. Raises ``ConfigError`` for a missing pyarrow or Parquet to a stream."""
    from qawl.store.export import export_quotes

    with open_archive(db_url, read_only=True) as store:
        return export_quotes(store, fmt, out)

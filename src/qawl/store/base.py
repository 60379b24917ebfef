"""The archive's store interface: one abstract class, the rows it returns, and the records it writes.

Two backends implement it (``store/sqlite.py``, ``store/postgres.py``) and pass one contract suite
(``tests/store/test_contract.py``). Open one with ``qawl.store.open_store(url)``. Rows are frozen
dataclasses of plain values, so the web app and the CLI can serialise them with ``dataclasses.asdict``.

Every search and listing is paged: ``limit`` is clamped to ``MAX_PAGE_SIZE`` and queries longer than
``MAX_QUERY_LENGTH`` raise ``qawl.errors.ConfigError``.
"""

from __future__ import annotations

import abc
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Generic, Literal, TypeVar

from qawl.model import Article

#: the largest page any listing returns (a larger ``limit`` is clamped)
MAX_PAGE_SIZE = 500
#: the longest search query accepted, in characters
MAX_QUERY_LENGTH = 200

T = TypeVar("T")

OverrideAction = Literal["merge", "split"]


# ---------------------------------------------------------------------------------------------------------
# rows returned by the store


@dataclass(frozen=True, slots=True)
class OutletRow:
    """A news outlet (``Article.source``, or the URL's host when there is no source)."""

    name: str
    article_count: int = 0
    quote_count: int = 0


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """An archived article. ``text`` is ``None`` in listings and set by ``get_article``."""

    id: str
    url: str | None
    title: str | None
    date: str | None
    outlet: str | None
    content_hash: str
    ingested_at: str
    quote_count: int = 0
    text: str | None = None
    path: str | None = None


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """One stored quote. Spans are half-open code-point offsets into the article's text; ``*_text`` are
    the exact characters under them (stored verbatim, never re-normalised)."""

    id: int
    article_id: str
    ordinal: int
    start: int
    end: int
    text: str
    kind: str
    confidence: float
    cue_start: int | None = None
    cue_end: int | None = None
    cue_text: str | None = None
    addressee_start: int | None = None
    addressee_end: int | None = None
    addressee_text: str | None = None
    said_on: str | None = None
    speaker_id: str | None = None
    #: the name as the article gave it (the canonical name is ``speaker_canonical``)
    speaker_name: str | None = None
    speaker_canonical: str | None = None
    speaker_type: str | None = None
    speaker_confidence: float = 0.0
    mention_start: int | None = None
    mention_end: int | None = None
    mention_text: str | None = None
    role: str | None = None
    # article context, filled in searches and listings
    article_title: str | None = None
    article_date: str | None = None
    article_url: str | None = None
    outlet: str | None = None


@dataclass(frozen=True, slots=True)
class SpeakerRow:
    """A canonical speaker across the archive."""

    id: str
    name: str
    latin_name: str | None
    type: str
    gender: str | None
    quote_count: int = 0
    #: name forms seen in articles with how often, most frequent first
    names: tuple[tuple[str, int], ...] = ()
    #: roles seen with the name (e.g. المتحدث باسم الكرملين) with how often, most frequent first
    roles: tuple[tuple[str, int], ...] = ()
    article_count: int = 0
    first_date: str | None = None
    last_date: str | None = None


@dataclass(frozen=True, slots=True)
class SearchResult:
    """A quote matching a search, with a short highlighted excerpt (``[`` ``]`` mark the hits)."""

    quote: QuoteRow
    snippet: str
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a listing. ``total`` counts every match, not just this page."""

    items: tuple[T, ...]
    total: int
    limit: int
    offset: int

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.items) < self.total


@dataclass(frozen=True, slots=True)
class Override:
    """A manual identity decision, kept across re-ingestion and re-applied to new quotes.

    ``merge``: every quote whose speaker key is ``src_key`` goes to the speaker keyed ``dst_key``.
    ``split``: name form ``src_key`` never joins the speaker keyed ``dst_key``; it stands alone.
    """

    action: OverrideAction
    src_key: str
    dst_key: str
    created_at: str = ""


@dataclass(frozen=True, slots=True)
class SpeakerIndexEntry:
    """What entity resolution needs to know about an existing speaker (loaded once per ingest)."""

    id: str
    name: str
    type: str
    #: folded name keys of every form seen for this speaker
    keys: tuple[str, ...] = ()
    #: the speaker's own key (the one overrides name); may differ from ``name``'s after a rename
    key: str = ""


# ---------------------------------------------------------------------------------------------------------
# records the store writes


@dataclass(frozen=True, slots=True)
class SpeakerDef:
    """A canonical speaker to create or update (by ``id``)."""

    id: str
    name: str
    key: str
    type: str = "unknown"
    gender: str | None = None
    latin_name: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleWrite:
    """An extracted article ready to store. Quotes' ``speaker.speaker_id`` are canonical speaker ids
    (or ``None``); ``speaker_keys[i]`` is the folded name key of quote ``i``'s speaker (or ``None``)."""

    article: Article
    content_hash: str
    outlet: str | None
    speaker_keys: tuple[str | None, ...] = ()
    #: replace the stored article and quotes even when the content hash is unchanged (re-extraction)
    replace: bool = False


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What one ``write_batch`` did."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    quotes: int = 0
    errors: tuple[str, ...] = field(default_factory=tuple)


# ---------------------------------------------------------------------------------------------------------
# the interface


class Store(abc.ABC):
    """The archive. Methods are safe to call from several threads (each backend serialises access)."""

    url: str
    read_only: bool

    # -- lifecycle ---------------------------------------------------------------------------------------

    @abc.abstractmethod
    def close(self) -> None:
        """Release the connection. Idempotent."""

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @abc.abstractmethod
    def schema_version(self) -> int:
        """The schema version of the open database (after migration)."""

    # -- writing ---------------------------------------------------------------------------------------

    @abc.abstractmethod
    def article_hashes(self, ids: Sequence[str]) -> dict[str, str]:
        """Content hash of each given article id already stored (missing ids are absent)."""

    @abc.abstractmethod
    def write_batch(
        self, articles: Sequence[ArticleWrite], speakers: Sequence[SpeakerDef] = ()
    ) -> WriteResult:
        """Store a batch in ONE transaction: upsert ``speakers``, then each article. An article whose id and
        content hash are already stored is left as is; same id with a new hash replaces the article and all
        its quotes. Speaker statistics (name forms, roles, counts) are refreshed for every touched speaker.
        On any error nothing of the batch is kept and ``StoreError`` is raised."""

    @abc.abstractmethod
    def speaker_index(self) -> list[SpeakerIndexEntry]:
        """Every live (not merged-away) speaker with its name keys, for entity resolution."""

    @abc.abstractmethod
    def overrides(self) -> list[Override]:
        """Every manual merge/split decision, oldest first."""

    @abc.abstractmethod
    def merge_speakers(self, keep_id: str, other_id: str) -> SpeakerRow:
        """Merge ``other_id`` into ``keep_id``: its quotes move, it is remembered as an alias of ``keep_id``
        (``get_speaker(other_id)`` returns the kept one) and the decision is recorded as an ``Override``.
        Raises ``StoreError`` (code ``store``) for an unknown id or ``keep_id == other_id``."""

    @abc.abstractmethod
    def split_speaker(self, speaker_id: str, forms: Sequence[str], new_id: str, new_name: str) -> SpeakerRow:
        """Move the quotes whose speaker name form (folded) is one of ``forms`` out of ``speaker_id`` into a
        new speaker ``new_id`` called ``new_name``; record a ``split`` override for each form. Returns the
        new speaker. Raises ``StoreError`` when no quote of the speaker has one of the forms."""

    # -- reading ---------------------------------------------------------------------------------------

    @abc.abstractmethod
    def get_article(self, article_id: str) -> ArticleRow | None:
        """One article with its text, or ``None``."""

    @abc.abstractmethod
    def list_articles(
        self,
        *,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page[ArticleRow]:
        """Articles, newest ingested first (``text`` is ``None``). Dates compare as ISO strings."""

    @abc.abstractmethod
    def article_quotes(self, article_id: str) -> list[QuoteRow]:
        """The quotes of one article in text order."""

    @abc.abstractmethod
    def get_quote(self, quote_id: int) -> QuoteRow | None:
        """One quote with its article context, or ``None``."""

    @abc.abstractmethod
    def search(
        self,
        query: str,
        *,
        speaker_id: str | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        kind: str | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> Page[SearchResult]:
        """Quotes whose text (or speaker name) matches ``query``, Arabic-folded on both sides: hamza forms,
        diacritics, tatweel, ى/ي and ة/ه do not matter. An empty query lists every quote passing the
        filters, newest first. Short queries (under 3 characters) match as substrings."""

    @abc.abstractmethod
    def list_speakers(
        self, *, query: str | None = None, type: str | None = None, limit: int = 50, offset: int = 0
    ) -> Page[SpeakerRow]:
        """Speakers with most quotes first; ``query`` matches any of their name forms (folded substring)."""

    @abc.abstractmethod
    def get_speaker(self, speaker_id: str) -> SpeakerRow | None:
        """One speaker with name forms and roles; a merged-away id resolves to the speaker it joined."""

    @abc.abstractmethod
    def speaker_quotes(self, speaker_id: str, *, limit: int = 50, offset: int = 0) -> Page[QuoteRow]:
        """Quotes of one speaker (merged-away ids resolve), newest article first."""

    @abc.abstractmethod
    def list_outlets(self) -> list[OutletRow]:
        """Every outlet with article and quote counts, most articles first."""

    @abc.abstractmethod
    def stats(self) -> dict[str, int]:
        """Counts: ``articles``, ``quotes``, ``speakers``, ``outlets``."""

    @abc.abstractmethod
    def iter_articles(self, *, with_text: bool = False) -> Iterator[ArticleRow]:
        """Every article in id order (streamed; for export)."""

    @abc.abstractmethod
    def iter_quotes(self) -> Iterator[QuoteRow]:
        """Every quote with article context, by article id then position (streamed; for export)."""

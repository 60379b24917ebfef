"""The store logic both SQL backends share. SQL here is portable (SQLite ≥ 3.35 and PostgreSQL ≥ 15), written
with ``?`` placeholders (the PostgreSQL backend rewrites them); backends supply connections, transactions,
migrations and the full-text part of search. Every value goes through parameters, never into the SQL text.
"""

from __future__ import annotations

import abc
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any

from qawl.errors import StoreError
from qawl.model import Article, Quote
from qawl.store import _util as u
from qawl.store.base import (
    ArticleRow,
    ArticleWrite,
    OutletRow,
    Override,
    Page,
    QuoteRow,
    SearchResult,
    SpeakerDef,
    SpeakerIndexEntry,
    SpeakerRow,
    Store,
    WriteResult,
)

Row = dict[str, Any]

# quotes joined with their article and canonical speaker, for every read
QUOTE_COLUMNS = (
    "SELECT q.id, q.article_id, q.ordinal, q.q_start, q.q_end, q.text, q.kind, q.confidence, q.cue_start, "
    "q.cue_end, q.cue_text, q.addressee_start, q.addressee_end, q.addressee_text, q.said_on, q.speaker_id, "
    "q.speaker_name, q.speaker_type, q.speaker_confidence, q.mention_start, q.mention_end, q.mention_text, "
    "q.role, s.name AS speaker_canonical, a.title AS article_title, a.date AS article_date, "
    "a.url AS article_url, a.outlet AS outlet"
)
QUOTE_SELECT = (
    QUOTE_COLUMNS
    + " FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN speakers s ON s.id = q.speaker_id"
)
_CHUNK = 500


def quote_row(r: Row) -> QuoteRow:
    return QuoteRow(
        id=int(r["id"]),
        article_id=r["article_id"],
        ordinal=r["ordinal"],
        start=r["q_start"],
        end=r["q_end"],
        text=r["text"],
        kind=r["kind"],
        confidence=float(r["confidence"]),
        cue_start=r["cue_start"],
        cue_end=r["cue_end"],
        cue_text=r["cue_text"],
        addressee_start=r["addressee_start"],
        addressee_end=r["addressee_end"],
        addressee_text=r["addressee_text"],
        said_on=r["said_on"],
        speaker_id=r["speaker_id"],
        speaker_name=r["speaker_name"],
        speaker_canonical=r.get("speaker_canonical"),
        speaker_type=r["speaker_type"],
        speaker_confidence=float(r["speaker_confidence"] or 0.0),
        mention_start=r["mention_start"],
        mention_end=r["mention_end"],
        mention_text=r["mention_text"],
        role=r["role"],
        article_title=r.get("article_title"),
        article_date=r.get("article_date"),
        article_url=r.get("article_url"),
        outlet=r.get("outlet"),
    )


def article_row(r: Row) -> ArticleRow:
    return ArticleRow(
        id=r["id"],
        url=r["url"],
        title=r["title"],
        date=r["date"],
        outlet=r["outlet"],
        content_hash=r["content_hash"],
        ingested_at=r["ingested_at"],
        quote_count=r["quote_count"],
        text=r.get("text"),
        path=r.get("path"),
    )


def _quote_params(article: Article, ordinal: int, q: Quote, key: str | None) -> tuple[Any, ...]:
    t = article.text

    def view(s: Any) -> str | None:
        return None if s is None else t[s.start : s.end]

    sp = q.speaker
    mention = sp.mention if sp else None
    text = t[q.span.start : q.span.end]
    return (
        article.id,
        ordinal,
        q.span.start,
        q.span.end,
        text,
        q.kind,
        float(q.confidence),
        q.cue.start if q.cue else None,
        q.cue.end if q.cue else None,
        view(q.cue),
        q.addressee.start if q.addressee else None,
        q.addressee.end if q.addressee else None,
        view(q.addressee),
        q.said_on,
        sp.speaker_id if sp else None,
        sp.name if sp else None,
        key,
        sp.type if sp else None,
        float(sp.confidence) if sp else 0.0,
        mention.start if mention else None,
        mention.end if mention else None,
        view(mention),
        sp.role if sp else None,
        u.search_fold(text),
        u.search_fold(sp.name) if sp and sp.name else "",
    )


_INSERT_QUOTE = (
    "INSERT INTO quotes (article_id, ordinal, q_start, q_end, text, kind, confidence, cue_start, "
    "cue_end, cue_text, addressee_start, addressee_end, addressee_text, said_on, speaker_id, speaker_name, "
    "speaker_key, speaker_type, speaker_confidence, mention_start, mention_end, mention_text, role, folded, "
    "speaker_folded) "
    "VALUES (" + ", ".join(["?"] * 25) + ")"
)


class SqlStore(Store):
    """Shared implementation; subclasses provide the connection primitives below."""

    def __init__(self, url: str, *, read_only: bool) -> None:
        self.url = url
        self.read_only = read_only
        self._lock = threading.RLock()

    # -- backend primitives ------------------------------------------------------------------------------

    @abc.abstractmethod
    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Run a SELECT (or RETURNING) and return its rows as dicts."""

    @abc.abstractmethod
    def _exec(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run a statement; return the affected row count."""

    @abc.abstractmethod
    def _execmany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...

    @abc.abstractmethod
    def _transaction(self) -> AbstractContextManager[None]:
        """A write transaction: committed on exit, rolled back on an exception."""

    @abc.abstractmethod
    def _stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        """Rows of a large SELECT, fetched lazily."""

    @abc.abstractmethod
    def _fts_search(
        self, terms: list[str], where: str, params: list[Any], limit: int, offset: int
    ) -> tuple[list[Row], int]:
        """Full-text search on the folded quote text and speaker name; ``where`` (with ``params``) filters
        ``q``/``a`` columns. Returns the page of quote rows (``QUOTE_SELECT`` columns) and the total."""

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError("the archive is open read-only", where=self.url)

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        rows = self._query(sql, params)
        return rows[0] if rows else None

    # -- writing ---------------------------------------------------------------------------------------

    def article_hashes(self, ids: Sequence[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        with self._lock:
            for i in range(0, len(ids), _CHUNK):
                chunk = list(ids[i : i + _CHUNK])
                marks = ", ".join(["?"] * len(chunk))
                for r in self._query(f"SELECT id, content_hash FROM articles WHERE id IN ({marks})", chunk):
                    out[r["id"]] = r["content_hash"]
        return out

    def write_batch(
        self, articles: Sequence[ArticleWrite], speakers: Sequence[SpeakerDef] = ()
    ) -> WriteResult:
        self._check_writable()
        inserted = updated = unchanged = nquotes = 0
        with self._lock, self._transaction():
            for sd in speakers:
                self._exec(
                    "INSERT INTO speakers (id, name, key, latin_name, type, gender, quote_count, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, 0, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
                    "latin_name = COALESCE(excluded.latin_name, speakers.latin_name), "
                    "gender = COALESCE(excluded.gender, speakers.gender)",
                    (sd.id, sd.name, sd.key, sd.latin_name, sd.type, sd.gender, u.now()),
                )
            touched: set[str] = {sd.id for sd in speakers}
            hashes = self.article_hashes([w.article.id for w in articles])
            seen: set[str] = set()
            for w in articles:
                a = w.article
                if not a.id:
                    raise StoreError("article without an id", where=a.path or a.url)
                old = hashes.get(a.id)
                if old == w.content_hash or a.id in seen:
                    unchanged += 1
                    continue
                seen.add(a.id)
                if w.outlet:
                    self._exec(
                        "INSERT INTO outlets (name) VALUES (?) ON CONFLICT (name) DO NOTHING", (w.outlet,)
                    )
                if old is not None:
                    for r in self._query(
                        "SELECT DISTINCT speaker_id FROM quotes "
                        "WHERE article_id = ? AND speaker_id IS NOT NULL",
                        (a.id,),
                    ):
                        touched.add(r["speaker_id"])
                    self._exec("DELETE FROM quotes WHERE article_id = ?", (a.id,))
                    updated += 1
                else:
                    inserted += 1
                self._exec(
                    "INSERT INTO articles (id, url, title, date, date_iso, outlet, text, path, content_hash, "
                    "ingested_at, quote_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (id) DO UPDATE SET url = excluded.url, title = excluded.title, "
                    "date = excluded.date, "
                    "date_iso = excluded.date_iso, outlet = excluded.outlet, text = excluded.text, "
                    "path = excluded.path, content_hash = excluded.content_hash, "
                    "ingested_at = excluded.ingested_at, quote_count = excluded.quote_count",
                    (
                        a.id,
                        a.url,
                        a.title,
                        a.date,
                        u.iso_date(a.date),
                        w.outlet,
                        a.text,
                        a.path,
                        w.content_hash,
                        u.now(),
                        len(a.quotes),
                    ),
                )
                keys = list(w.speaker_keys) + [None] * (len(a.quotes) - len(w.speaker_keys))
                rows = [_quote_params(a, i, q, keys[i]) for i, q in enumerate(a.quotes)]
                if rows:
                    self._execmany(_INSERT_QUOTE, rows)
                nquotes += len(rows)
                touched.update(q.speaker.speaker_id for q in a.quotes if q.speaker and q.speaker.speaker_id)
            self._refresh_speakers(sorted(touched))
        return WriteResult(inserted=inserted, updated=updated, unchanged=unchanged, quotes=nquotes)

    def _refresh_speakers(self, ids: Sequence[str]) -> None:
        """Recompute name forms, roles and quote counts of ``ids`` from their quotes (in a transaction)."""
        for i in range(0, len(ids), _CHUNK):
            chunk = list(ids[i : i + _CHUNK])
            m = ", ".join(["?"] * len(chunk))
            self._exec(f"DELETE FROM speaker_names WHERE speaker_id IN ({m})", chunk)
            self._exec(
                "INSERT INTO speaker_names (speaker_id, form, key, count) SELECT speaker_id, speaker_name, "
                f"MIN(speaker_key), COUNT(*) FROM quotes WHERE speaker_id IN ({m}) "
                "AND speaker_name IS NOT NULL GROUP BY speaker_id, speaker_name",
                chunk,
            )
            self._exec(f"DELETE FROM speaker_roles WHERE speaker_id IN ({m})", chunk)
            self._exec(
                "INSERT INTO speaker_roles (speaker_id, role, count) SELECT speaker_id, role, COUNT(*) "
                f"FROM quotes WHERE speaker_id IN ({m}) AND role IS NOT NULL GROUP BY speaker_id, role",
                chunk,
            )
            self._exec(
                "UPDATE speakers SET quote_count = (SELECT COUNT(*) FROM quotes WHERE quotes.speaker_id = "
                f"speakers.id) WHERE id IN ({m})",
                chunk,
            )

    def speaker_index(self) -> list[SpeakerIndexEntry]:
        with self._lock:
            speakers = self._query("SELECT id, name, key, type FROM speakers WHERE merged_into IS NULL")
            keys: dict[str, set[str]] = {r["id"]: {r["key"]} for r in speakers}
            for r in self._query("SELECT speaker_id, key FROM speaker_names WHERE key IS NOT NULL"):
                if r["speaker_id"] in keys:
                    keys[r["speaker_id"]].add(r["key"])
        return [
            SpeakerIndexEntry(id=r["id"], name=r["name"], type=r["type"], keys=tuple(sorted(keys[r["id"]])))
            for r in speakers
        ]

    def overrides(self) -> list[Override]:
        with self._lock:
            rows = self._query(
                "SELECT action, src_key, dst_key, created_at FROM speaker_overrides ORDER BY id"
            )
        return [Override(r["action"], r["src_key"], r["dst_key"], r["created_at"]) for r in rows]

    def _live_id(self, speaker_id: str) -> str | None:
        """Follow merges from ``speaker_id`` to the live speaker (merges point to live ones: no cycles)."""
        for _ in range(50):
            r = self._one("SELECT id, merged_into FROM speakers WHERE id = ?", (speaker_id,))
            if r is None:
                return None
            if r["merged_into"] is None:
                return str(r["id"])
            speaker_id = r["merged_into"]
        raise StoreError(f"merge chain too long from {speaker_id}", where=self.url)

    def merge_speakers(self, keep_id: str, other_id: str) -> SpeakerRow:
        self._check_writable()
        with self._lock, self._transaction():
            keep, other = self._live_id(keep_id), self._live_id(other_id)
            if keep is None or other is None:
                raise StoreError(f"unknown speaker {keep_id if keep is None else other_id}", where=self.url)
            if keep == other:
                raise StoreError(f"{keep_id} and {other_id} are already the same speaker", where=self.url)
            kk = self._one("SELECT key FROM speakers WHERE id = ?", (keep,))
            assert kk is not None
            src_keys = {r["key"] for r in self._query("SELECT key FROM speakers WHERE id = ?", (other,))}
            src_keys |= {
                r["key"] for r in self._query("SELECT key FROM speaker_names WHERE speaker_id = ?", (other,))
            }
            self._exec("UPDATE quotes SET speaker_id = ? WHERE speaker_id = ?", (keep, other))
            self._exec(
                "UPDATE speakers SET merged_into = ? WHERE id = ? OR merged_into = ?", (keep, other, other)
            )
            for key in sorted(k for k in src_keys if k and k != kk["key"]):
                self._record_override("merge", key, kk["key"])
            self._refresh_speakers([keep, other])
        row = self.get_speaker(keep)
        assert row is not None
        return row

    def _record_override(self, action: str, src: str, dst: str) -> None:
        # a new decision about the same form replaces older ones (a split undoes a merge and vice versa)
        self._exec("DELETE FROM speaker_overrides WHERE src_key = ?", (src,))
        self._exec(
            "INSERT INTO speaker_overrides (action, src_key, dst_key, created_at) VALUES (?, ?, ?, ?)",
            (action, src, dst, u.now()),
        )

    def split_speaker(self, speaker_id: str, forms: Sequence[str], new_id: str, new_name: str) -> SpeakerRow:
        self._check_writable()
        from qawl.entities.names import name_key

        keys = sorted({name_key(f) for f in forms if f.strip()})
        with self._lock, self._transaction():
            sid = self._live_id(speaker_id)
            if sid is None:
                raise StoreError(f"unknown speaker {speaker_id}", where=self.url)
            src = self._one("SELECT key, type, gender FROM speakers WHERE id = ?", (sid,))
            assert src is not None
            m = ", ".join(["?"] * len(keys)) or "NULL"
            self._exec(
                "INSERT INTO speakers (id, name, key, type, gender, quote_count, created_at) "
                "VALUES (?, ?, ?, ?, ?, 0, ?) ON CONFLICT (id) DO UPDATE SET merged_into = NULL",
                (new_id, new_name, name_key(new_name), src["type"], src["gender"], u.now()),
            )
            n = self._exec(
                f"UPDATE quotes SET speaker_id = ? WHERE speaker_id = ? AND speaker_key IN ({m})",
                (new_id, sid, *keys),
            )
            if n == 0:
                raise StoreError(
                    f"speaker {speaker_id} has no quote under {', '.join(forms)}", where=self.url
                )
            for key in keys:
                self._record_override("split", key, src["key"])
            self._refresh_speakers([sid, new_id])
        row = self.get_speaker(new_id)
        assert row is not None
        return row

    # -- reading ---------------------------------------------------------------------------------------

    def get_article(self, article_id: str) -> ArticleRow | None:
        with self._lock:
            r = self._one("SELECT * FROM articles WHERE id = ?", (article_id,))
        return None if r is None else article_row(r)

    def _article_where(
        self, outlet: str | None, since: str | None, until: str | None
    ) -> tuple[str, list[Any]]:
        where, params = ["1 = 1"], []
        if outlet:
            where.append("a.outlet = ?")
            params.append(outlet)
        if (lo := u.bound(since, upper=False)) is not None:
            where.append("a.date_iso >= ?")
            params.append(lo)
        if (hi := u.bound(until, upper=True)) is not None:
            where.append("a.date_iso <= ?")
            params.append(hi)
        return " AND ".join(where), params

    def list_articles(
        self,
        *,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page[ArticleRow]:
        limit, offset = u.clamp(limit, offset)
        where, params = self._article_where(outlet, since, until)
        cols = "a.id, a.url, a.title, a.date, a.outlet, a.content_hash, a.ingested_at, a.quote_count, a.path"
        with self._lock:
            total = self._one(f"SELECT COUNT(*) AS n FROM articles a WHERE {where}", params)
            rows = self._query(
                f"SELECT {cols} FROM articles a WHERE {where} "
                "ORDER BY a.ingested_at DESC, a.id LIMIT ? OFFSET ?",
                [*params, limit, offset],
            )
        return Page(tuple(article_row(r) for r in rows), int(total["n"]) if total else 0, limit, offset)

    def article_quotes(self, article_id: str) -> list[QuoteRow]:
        with self._lock:
            rows = self._query(f"{QUOTE_SELECT} WHERE q.article_id = ? ORDER BY q.ordinal", (article_id,))
        return [quote_row(r) for r in rows]

    def get_quote(self, quote_id: int) -> QuoteRow | None:
        with self._lock:
            r = self._one(f"{QUOTE_SELECT} WHERE q.id = ?", (int(quote_id),))
        return None if r is None else quote_row(r)

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
        query = u.check_query(query)
        limit, offset = u.clamp(limit, offset)
        where, params = self._article_where(outlet, since, until)
        with self._lock:
            if speaker_id:
                sid = self._live_id(speaker_id)
                where += " AND q.speaker_id = ?"
                params.append(sid or speaker_id)
            if kind:
                where += " AND q.kind = ?"
                params.append(kind)
            terms = u.query_terms(query)
            whole = " ".join(terms)
            if not terms:
                rows, total = self._plain(where, params, limit, offset)
            elif len(whole) < u.MIN_FTS_QUERY:
                rows, total = self._substring(whole, where, params, limit, offset)
            else:
                rows, total = self._fts_search(terms, where, params, limit, offset)
                if total == 0:
                    # clitics glued to a word (لبيسكوف, وبيسكوف) defeat token matching: try substrings
                    rows, total = self._substring(whole, where, params, limit, offset)
        items = tuple(
            SearchResult(quote_row(r), u.snippet(r["text"], terms), float(r.get("score") or 0)) for r in rows
        )
        return Page(items, total, limit, offset)

    def _plain(self, where: str, params: list[Any], limit: int, offset: int) -> tuple[list[Row], int]:
        total = self._one(
            f"SELECT COUNT(*) AS n FROM quotes q JOIN articles a ON a.id = q.article_id WHERE {where}", params
        )
        rows = self._query(
            f"{QUOTE_SELECT} WHERE {where} "
            "ORDER BY a.date_iso DESC NULLS LAST, q.article_id, q.ordinal LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return rows, int(total["n"]) if total else 0

    def _substring(
        self, whole: str, where: str, params: list[Any], limit: int, offset: int
    ) -> tuple[list[Row], int]:
        pat = "%" + u.like_escape(whole) + "%"
        cond = f"{where} AND (q.folded LIKE ? ESCAPE '\\' OR q.speaker_folded LIKE ? ESCAPE '\\')"
        return self._plain(cond, [*params, pat, pat], limit, offset)

    def list_speakers(
        self, *, query: str | None = None, type: str | None = None, limit: int = 50, offset: int = 0
    ) -> Page[SpeakerRow]:
        query = u.check_query(query)
        limit, offset = u.clamp(limit, offset)
        where, params = ["s.merged_into IS NULL", "s.quote_count > 0"], []
        if type:
            where.append("s.type = ?")
            params.append(type)
        if query:
            from qawl.entities.names import name_key

            pat = "%" + u.like_escape(name_key(query)) + "%"
            where.append(
                "(s.key LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM speaker_names n "
                "WHERE n.speaker_id = s.id AND n.key LIKE ? ESCAPE '\\'))"
            )
            params += [pat, pat]
        w = " AND ".join(where)
        with self._lock:
            total = self._one(f"SELECT COUNT(*) AS n FROM speakers s WHERE {w}", params)
            ids = self._query(
                f"SELECT s.id FROM speakers s WHERE {w} ORDER BY s.quote_count DESC, s.name LIMIT ? OFFSET ?",
                [*params, limit, offset],
            )
            rows = [self._speaker_row(r["id"]) for r in ids]
        return Page(tuple(r for r in rows if r is not None), int(total["n"]) if total else 0, limit, offset)

    def _speaker_row(self, sid: str) -> SpeakerRow | None:
        s = self._one("SELECT * FROM speakers WHERE id = ?", (sid,))
        if s is None:
            return None
        names = self._query(
            "SELECT form, count FROM speaker_names WHERE speaker_id = ? ORDER BY count DESC, form", (sid,)
        )
        roles = self._query(
            "SELECT role, count FROM speaker_roles WHERE speaker_id = ? ORDER BY count DESC, role", (sid,)
        )
        agg = self._one(
            "SELECT COUNT(DISTINCT q.article_id) AS n, MIN(a.date_iso) AS lo, MAX(a.date_iso) AS hi "
            "FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.speaker_id = ?",
            (sid,),
        )
        return SpeakerRow(
            id=s["id"],
            name=s["name"],
            latin_name=s["latin_name"],
            type=s["type"],
            gender=s["gender"],
            quote_count=s["quote_count"],
            names=tuple((r["form"], int(r["count"])) for r in names),
            roles=tuple((r["role"], int(r["count"])) for r in roles),
            article_count=int(agg["n"]) if agg else 0,
            first_date=agg["lo"] if agg else None,
            last_date=agg["hi"] if agg else None,
        )

    def get_speaker(self, speaker_id: str) -> SpeakerRow | None:
        with self._lock:
            sid = self._live_id(speaker_id)
            return None if sid is None else self._speaker_row(sid)

    def speaker_quotes(self, speaker_id: str, *, limit: int = 50, offset: int = 0) -> Page[QuoteRow]:
        limit, offset = u.clamp(limit, offset)
        with self._lock:
            sid = self._live_id(speaker_id) or speaker_id
            rows, total = self._plain("q.speaker_id = ?", [sid], limit, offset)
        return Page(tuple(quote_row(r) for r in rows), total, limit, offset)

    def list_outlets(self) -> list[OutletRow]:
        with self._lock:
            rows = self._query(
                "SELECT o.name, (SELECT COUNT(*) FROM articles a WHERE a.outlet = o.name) AS na, "
                "(SELECT COALESCE(SUM(a.quote_count), 0) FROM articles a WHERE a.outlet = o.name) AS nq "
                "FROM outlets o ORDER BY na DESC, o.name"
            )
        return [OutletRow(r["name"], int(r["na"]), int(r["nq"])) for r in rows]

    def stats(self) -> dict[str, int]:
        with self._lock:
            out = {}
            for name, sql in (
                ("articles", "SELECT COUNT(*) AS n FROM articles"),
                ("quotes", "SELECT COUNT(*) AS n FROM quotes"),
                (
                    "speakers",
                    "SELECT COUNT(*) AS n FROM speakers WHERE merged_into IS NULL AND quote_count > 0",
                ),
                ("outlets", "SELECT COUNT(*) AS n FROM outlets"),
            ):
                r = self._one(sql)
                out[name] = int(r["n"]) if r else 0
        return out

    def iter_articles(self, *, with_text: bool = False) -> Iterator[ArticleRow]:
        cols = "id, url, title, date, outlet, content_hash, ingested_at, quote_count, path" + (
            ", text" if with_text else ""
        )
        for r in self._stream(f"SELECT {cols} FROM articles ORDER BY id"):
            yield article_row(r)

    def iter_quotes(self) -> Iterator[QuoteRow]:
        for r in self._stream(f"{QUOTE_SELECT} ORDER BY q.article_id, q.ordinal"):
            yield quote_row(r)

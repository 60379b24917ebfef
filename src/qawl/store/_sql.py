"""Articles, quotes and search in the SQL backends (see ``_sqlcore`` for the layering)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from qawl.errors import StoreError
from qawl.model import Article, Quote
from qawl.store import _util as u
from qawl.store._speakers import SpeakerOps
from qawl.store._sqlcore import _CHUNK, QUOTE_COLUMNS, QUOTE_SELECT, Row, article_row, quote_row
from qawl.store.base import (
    ArticleRow,
    ArticleWrite,
    OutletRow,
    Page,
    QuoteRow,
    SearchResult,
    SpeakerDef,
    WriteResult,
)

__all__ = ["QUOTE_COLUMNS", "QUOTE_SELECT", "Row", "SqlStore"]


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


class SqlStore(SpeakerOps):
    """Articles, quotes and search on top of the shared core and speaker operations."""

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
            if speakers:
                now = u.now()
                self._execmany(
                    "INSERT INTO speakers (id, name, key, latin_name, type, gender, quote_count, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, 0, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
                    "latin_name = COALESCE(excluded.latin_name, speakers.latin_name), "
                    "gender = COALESCE(excluded.gender, speakers.gender)",
                    [(sd.id, sd.name, sd.key, sd.latin_name, sd.type, sd.gender, now) for sd in speakers],
                )
            outlets = sorted({w.outlet for w in articles if w.outlet})
            if outlets:
                self._execmany(
                    "INSERT INTO outlets (name) VALUES (?) ON CONFLICT (name) DO NOTHING",
                    [(o,) for o in outlets],
                )
            touched: set[str] = {sd.id for sd in speakers}
            hashes = self.article_hashes([w.article.id for w in articles])
            seen: set[str] = set()
            for w in articles:
                a = w.article
                if not a.id:
                    raise StoreError("article without an id", where=a.path or a.url)
                old = hashes.get(a.id)
                if (old == w.content_hash and not w.replace) or a.id in seen:
                    unchanged += 1
                    continue
                seen.add(a.id)
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

    def _substring(
        self, whole: str, where: str, params: list[Any], limit: int, offset: int
    ) -> tuple[list[Row], int]:
        pat = "%" + u.like_escape(whole) + "%"
        cond = f"{where} AND (q.folded LIKE ? ESCAPE '\\' OR q.speaker_folded LIKE ? ESCAPE '\\')"
        return self._plain(cond, [*params, pat, pat], limit, offset)

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

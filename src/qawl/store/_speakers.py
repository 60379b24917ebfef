"""Speaker identities in the SQL backends: index for resolution, statistics, listings, merges and splits."""

from __future__ import annotations

from collections.abc import Sequence

from qawl.errors import StoreError
from qawl.store import _util as u
from qawl.store._sqlcore import _CHUNK, SqlCore, quote_row
from qawl.store.base import (
    Override,
    Page,
    QuoteRow,
    SpeakerIndexEntry,
    SpeakerRow,
)


class SpeakerOps(SqlCore):
    """Speaker methods of the store interface, written once for both backends."""

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
            SpeakerIndexEntry(
                id=r["id"], name=r["name"], type=r["type"], keys=tuple(sorted(keys[r["id"]])), key=r["key"]
            )
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

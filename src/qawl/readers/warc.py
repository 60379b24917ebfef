"""WARC archives (plain or gzipped) → Article for every HTML response record, via the HTML reader."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from qawl.errors import InputError
from qawl.model import Article
from qawl.readers.html import html_article


def read_warc(path: Path, *, stem: str) -> Iterator[Article | InputError]:
    """Yield one Article (or InputError) per HTML response; ``where`` is ``path:#N`` (N = record number)."""
    try:
        with path.open("rb") as f:
            head = f.read(5)
            if not (head.startswith(b"WARC/") or head.startswith(b"\x1f\x8b")):
                # checked here because warcio would read anything as an old-style ARC record
                yield InputError("not a WARC archive (no WARC/ header)", where=str(path))
                return
            f.seek(0)
            for n, record in enumerate(ArchiveIterator(f), 1):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                ctype = record.http_headers.get_header("Content-Type") or ""
                if "html" not in ctype.lower():
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                where = f"{path}:#{n}"
                payload = record.content_stream().read()
                try:
                    yield html_article(payload, id=f"{stem}-{n}", where=where, path=str(path), url=url)
                except InputError as exc:
                    yield exc
    except ArchiveLoadFailed as exc:
        yield InputError(f"not a readable WARC archive ({exc})", where=str(path))

"""WARC archives (plain or gzipped) → Article for every HTML response record, via the HTML reader."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from qawl.errors import InputError
from qawl.model import Article

if TYPE_CHECKING:
    from qawl.readers import RawPage


def read_warc(path: Path, *, stem: str, raw: bool = False) -> Iterator[Article | InputError | RawPage]:
    """Yield one Article (or InputError) per HTML response; ``where`` is ``path:#N`` (N = record number).
    With ``raw``, a ``RawPage`` instead: the page is parsed by ``parse_items``, where the caller likes."""
    from qawl.readers import RawPage, parse_items

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
                page = RawPage(record.content_stream().read(), f"{stem}-{n}", where, str(path), url)
                yield page if raw else parse_items(page, {})[0]
    except ArchiveLoadFailed as exc:
        yield InputError(f"not a readable WARC archive ({exc})", where=str(path))

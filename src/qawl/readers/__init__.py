"""Readers: files, directories and stdin → a stream of ``Article | InputError``.

An InputError is a value in the stream (it names the path and line), so one bad file never stops a batch.
Formats by extension: ``.txt``, ``.html``/``.htm``, ``.jsonl``/``.jsonl.gz``, ``.warc``/``.warc.gz``;
directories are walked recursively in sorted order; ``-`` reads stdin (JSONL when it starts with ``{``).
"""

from __future__ import annotations

import gzip
import itertools
import sys
import zlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO, NamedTuple

from qawl.errors import InputError
from qawl.model import Article
from qawl.readers.encoding import decode_text, has_arabic
from qawl.readers.jsonl import (
    FIELDS,
    FileLines,
    RawLines,
    file_blocks,
    parse_field_options,
    parse_lines,
    read_lines,
)

__all__ = [
    "FIELDS",
    "SUFFIXES",
    "FileLines",
    "Ids",
    "RawLines",
    "RawPage",
    "has_arabic",
    "parse_field_options",
    "parse_items",
    "read_inputs",
    "read_path",
    "read_stdin",
]

Item = Article | InputError


class RawPage(NamedTuple):
    """An HTML page not parsed yet (a file, or a WARC record's payload): finding its main text with
    trafilatura costs ten times or more what extracting its quotes does, so with ``raw`` the readers leave
    it to ``parse_items``, which ``qawl extract`` runs in its workers."""

    data: bytes
    id: str
    where: str
    path: str | None
    url: str | None

    @property
    def weight(self) -> tuple[int, int]:
        return 1, len(self.data)


RawItem = Article | InputError | RawLines | FileLines | RawPage


def parse_items(item: RawItem, fields: Mapping[str, str]) -> list[Article | InputError]:
    """The articles (and the errors in their place) of an item of ``read_inputs_raw``, as ``read_inputs``
    would have given them."""
    if isinstance(item, RawPage):
        from qawl.readers.html import html_article  # trafilatura: loaded where pages are parsed

        try:
            return [html_article(item.data, id=item.id, where=item.where, path=item.path, url=item.url)]
        except InputError as exc:
            return [exc]
    return parse_lines(item, fields)


#: extensions picked up when walking a directory (longest first: ".jsonl.gz" before ".gz")
SUFFIXES = (".jsonl.gz", ".warc.gz", ".jsonl", ".warc", ".html", ".htm", ".txt")


class Ids:
    """Hands out article ids derived from file names, unique within one run: ``a``, ``a-2``, ``a-3``…"""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def take(self, stem: str) -> str:
        n = self._seen.get(stem, 0) + 1
        self._seen[stem] = n
        return stem if n == 1 else f"{stem}-{n}"


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    return next((s for s in SUFFIXES if name.endswith(s)), None)


def _stem(path: Path) -> str:
    kind = _kind(path)
    return path.name[: -len(kind)] if kind else path.stem


def read_inputs(
    paths: Iterable[str], *, fields: Mapping[str, str] | None = None, stdin: BinaryIO | None = None
) -> Iterator[Item]:
    """Every article of every path in order; ``-`` is stdin (``stdin`` overrides ``sys.stdin.buffer``)."""
    for item in read_inputs_raw(paths, fields=fields, stdin=stdin, raw=False):
        assert not isinstance(item, RawLines | FileLines | RawPage)
        yield item


def read_inputs_raw(
    paths: Iterable[str],
    *,
    fields: Mapping[str, str] | None = None,
    stdin: BinaryIO | None = None,
    raw: bool = True,
) -> Iterator[RawItem]:
    """Like ``read_inputs``, but with ``raw`` JSON Lines records come undecoded, in blocks of lines (byte
    ranges of a file on disk, ``FileLines``, else the lines themselves, ``RawLines``), and HTML pages
    unparsed (``RawPage``). The caller finishes them with ``parse_items`` where it likes (``qawl extract``:
    in its worker processes)."""
    ids = Ids()
    for p in paths:
        if p == "-":
            yield from read_stdin(
                stdin if stdin is not None else sys.stdin.buffer, ids=ids, fields=fields or {}, raw=raw
            )
        else:
            yield from read_path(Path(p), ids=ids, fields=fields or {}, raw=raw)


def read_path(path: Path, *, ids: Ids, fields: Mapping[str, str], raw: bool = False) -> Iterator[RawItem]:
    """A file (any extension; unknown ones are read as text) or a directory (known extensions only)."""
    if path.is_dir():
        found = sorted(
            (f for f in path.rglob("*") if f.is_file() and _kind(f) and not f.name.startswith(".")),
            key=lambda f: f.relative_to(path).parts,
        )
        for f in found:
            yield from _read_file(f, ids=ids, fields=fields, raw=raw)
    elif not path.exists():
        yield InputError("no such file or directory", where=str(path))
    else:
        yield from _read_file(path, ids=ids, fields=fields, raw=raw)


def _read_file(path: Path, *, ids: Ids, fields: Mapping[str, str], raw: bool) -> Iterator[RawItem]:
    kind = _kind(path)
    stem = ids.take(_stem(path))
    where = str(path)
    try:
        if kind in (".warc", ".warc.gz"):
            # imported here: warcio and trafilatura (with lxml) cost ~100 ms, which JSONL input never needs
            from qawl.readers.warc import read_warc

            yield from read_warc(path, stem=stem, raw=raw)
        elif kind == ".jsonl.gz":
            yield from _read_jsonl_gz(path, stem=stem, fields=fields, raw=raw)
        elif kind == ".jsonl":
            # undecoded, a file on disk goes as byte ranges that the workers read themselves
            blocks = file_blocks(where, name=where, stem=stem) if raw else None
            if blocks is not None:
                yield from blocks
                return
            with path.open("rb", buffering=_IN_BUFFER) as f:
                yield from read_lines(f, name=where, stem=stem, fields=fields, raw=raw)
        elif kind in (".html", ".htm"):
            page = RawPage(path.read_bytes(), stem, where, where, None)
            yield page if raw else parse_items(page, fields)[0]
        else:
            yield Article(text=decode_text(path.read_bytes(), where), id=stem, path=where)
    except InputError as exc:
        yield exc
    except OSError as exc:
        yield InputError(f"cannot read ({exc.strerror or exc})", where=where)


#: bytes read from a JSON Lines file at a time (a read call a megabyte, not every two records)
_IN_BUFFER = 1 << 20


def _read_jsonl_gz(path: Path, *, stem: str, fields: Mapping[str, str], raw: bool) -> Iterator[RawItem]:
    """Like a .jsonl file; a corrupt or truncated archive ends the file with one error at the line reached."""
    lines = _GzipLines(path)
    yield from read_lines(lines, name=str(path), stem=stem, fields=fields, raw=raw)
    if lines.error is not None:
        yield InputError(f"corrupt gzip archive ({lines.error})", where=f"{path}:{lines.count + 1}")


class _GzipLines:
    """Iterates the lines of a gzip file and remembers, instead of raising, why it stopped early."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self.error: str | None = None

    def __iter__(self) -> Iterator[bytes]:
        try:
            with gzip.open(self.path, "rb") as f:
                for line in f:
                    self.count += 1
                    yield line
        except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
            self.error = str(exc) or type(exc).__name__


def read_stdin(
    stream: BinaryIO, *, ids: Ids, fields: Mapping[str, str], raw: bool = False
) -> Iterator[RawItem]:
    """Stdin: JSON Lines when the first non-blank byte is ``{``, else one text article (id ``stdin``).

    JSON Lines are streamed line by line, so a large corpus can be piped through without being held in memory.
    """
    head: list[bytes] = []
    for line in stream:
        head.append(line)
        if line.strip():
            break
    first = head[-1].removeprefix(b"\xef\xbb\xbf").lstrip() if head else b""
    if first.startswith(b"{"):
        lines = itertools.chain(head, stream)
        yield from read_lines(lines, name="<stdin>", stem=ids.take("stdin"), fields=fields, raw=raw)
        return
    try:
        yield Article(
            text=decode_text(b"".join(head) + stream.read(), "<stdin>"), id=ids.take("stdin"), path="-"
        )
    except InputError as exc:
        yield exc

"""JSON Lines → Article, one record per line (optionally gzipped). A bad line is reported, the next goes on.

Records carry ``id``, ``text`` and optionally ``title``, ``date``, ``url``, ``source``, ``author``; other
keys are ignored. ``fields`` renames: ``{"text": "body"}`` reads the article text from the ``body`` key.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterable, Iterator, Mapping
from itertools import accumulate
from typing import BinaryIO, NamedTuple

import orjson

from qawl.errors import ConfigError, InputError
from qawl.model import Article

#: article fields a record can fill
FIELDS = ("id", "text", "title", "date", "url", "source", "author")


def parse_field_options(options: Iterable[str]) -> dict[str, str]:
    """``["text=body", "id=uuid"]`` → ``{"text": "body", "id": "uuid"}``; a bad option is a ConfigError."""
    mapping: dict[str, str] = {}
    for opt in options:
        target, sep, key = opt.partition("=")
        target, key = target.strip(), key.strip()
        if not sep or not target or not key:
            raise ConfigError(f"--field wants FIELD=KEY, got {opt!r}")
        if target not in FIELDS:
            raise ConfigError(f"--field {opt!r}: unknown field {target!r} (one of {', '.join(FIELDS)})")
        mapping[target] = key
    return mapping


def record_article(rec: object, *, fields: Mapping[str, str], where: str, default_id: str) -> Article:
    """One decoded JSON record → Article; raises InputError naming ``where`` when it has no usable text."""
    if not isinstance(rec, dict):
        raise InputError(f"not a JSON object (got {type(rec).__name__})", where=where)
    text_key = fields.get("text", "text")
    text = rec.get(text_key)
    if not isinstance(text, str):
        raise InputError(f"record has no text (string field {text_key!r})", where=where)
    if not text or text.isspace():  # not text.strip(), which would copy the whole text
        raise InputError(f"record has an empty text (field {text_key!r})", where=where)
    get = rec.get
    return Article(
        text=text,
        id=_str(get(fields.get("id", "id"))) or default_id,
        title=_str(get(fields.get("title", "title"))),
        date=_str(get(fields.get("date", "date"))),
        url=_str(get(fields.get("url", "url"))),
        source=_str(get(fields.get("source", "source"))),
        author=_str(get(fields.get("author", "author"))),
        path=where,
    )


_SURROGATE = re.compile("[\ud800-\udfff]")


def _lone_surrogate(rec: object) -> str | None:
    """The first field of a record whose string holds half a surrogate pair (JSON allows ``"\\ud83d"``
    alone; UTF-8, the archive and every writer do not). A whole pair decodes to one character."""
    if isinstance(rec, dict):
        for key, value in rec.items():
            if isinstance(value, str) and _SURROGATE.search(value):
                return str(key)
    return None


def _str(value: object) -> str | None:
    return value if value is None or isinstance(value, str) else str(value)


class RawLine(NamedTuple):
    """One line of a JSON Lines file, not decoded yet, with its place."""

    raw: bytes
    where: str
    default_id: str
    first: bool  # the file's first line may open with a byte-order mark


def parse_line(line: RawLine, fields: Mapping[str, str]) -> Article | InputError | None:
    """Decode and parse one line: an Article, the InputError naming its place, or None for a blank line.

    orjson decodes a well-formed line in one pass over its bytes (≈ 9 µs for a 4 KB line against 14 for
    UTF-8 decoding and then ``json.loads``); any line it refuses (a byte-order mark, bad UTF-8, NaN, a
    number beyond a double, a blank line, broken JSON) takes the standard path, which accepts what the
    json module accepts and words the errors."""
    if not line.first:
        try:
            rec = orjson.loads(line.raw)
        except orjson.JSONDecodeError:
            pass
        else:
            return _record(rec, line, fields)
    try:
        text = line.raw.decode("utf-8-sig" if line.first else "utf-8")
    except UnicodeDecodeError as exc:
        return InputError(f"not UTF-8 ({exc.reason} at byte {exc.start})", where=line.where)
    if not text or text.isspace():  # isspace stops at the first letter; strip would copy the line
        return None
    try:
        rec = json.loads(text)
    except json.JSONDecodeError as exc:
        return InputError(f"not JSON ({exc.msg} at column {exc.colno})", where=line.where)
    return _record(rec, line, fields)


def _record(rec: object, line: RawLine, fields: Mapping[str, str]) -> Article | InputError:
    if (b"\\ud" in line.raw or b"\\uD" in line.raw) and (bad := _lone_surrogate(rec)):
        return InputError(f"field {bad!r} holds a lone surrogate escape: not Unicode text", where=line.where)
    try:
        return record_article(rec, fields=fields, where=line.where, default_id=line.default_id)
    except InputError as exc:
        return exc


class RawLines(NamedTuple):
    """Consecutive lines of one JSON Lines file, not decoded yet: ``qawl extract`` sends them to a worker
    process as one list of byte strings, where ``parse_items`` decodes them. The parent then only groups
    lines (a raw line each cost it as much to build and pickle as the rest of its share of a run)."""

    lines: list[bytes]
    name: str  # the file as errors name it
    stem: str  # default ids are ``stem-LINE``
    first: int  # number of ``lines[0]`` in the file, from 1
    size: int  # bytes in ``lines``

    @property
    def weight(self) -> tuple[int, int]:
        """(records, bytes): how much work the block is, for cutting a stream into tasks."""
        return len(self.lines), self.size


class FileLines(NamedTuple):
    """Consecutive lines of a JSON Lines file as a byte range of it, with where each line ends: the worker
    that decodes them reads them itself (``parse_lines``), so for a file on disk the parent of ``qawl
    extract`` sends no input to its workers, it only finds where the lines end."""

    path: str
    start: int  # byte offset of the first line
    ends: list[int]  # byte offset just past each line (its newline, or the end of the file)
    name: str
    stem: str
    first: int

    @property
    def weight(self) -> tuple[int, int]:
        return len(self.ends), self.ends[-1] - self.start

    def read(self) -> list[bytes]:
        """The lines, each with its newline, as iterating over the file gives them."""
        start = self.start
        with open(self.path, "rb") as f:  # read(size) reads on until it has them all, or the file ends
            f.seek(start)
            data = f.read(self.ends[-1] - start)
        if len(data) < self.ends[-1] - start:
            raise OSError(0, "the file is shorter than when its lines were found")
        lines = []
        for end in self.ends:
            lines.append(data[start - self.start : end - self.start])
            start = end
        return lines


def parse_lines(
    item: Article | InputError | RawLines | FileLines, fields: Mapping[str, str]
) -> list[Article | InputError]:
    """The articles (and the errors in their place) of an item of ``read_lines(..., raw=True)`` or
    ``file_blocks``, as ``read_lines`` would have given them; blank lines give nothing."""
    if isinstance(item, RawLines):
        lines = item.lines
    elif isinstance(item, FileLines):
        try:
            lines = item.read()
        except OSError as exc:  # gone or changed since its blocks were found
            return [InputError(f"cannot read ({exc.strerror or exc})", where=f"{item.name}:{item.first}")]
    else:
        return [item]
    out: list[Article | InputError] = []
    name, stem = item.name, item.stem
    for n, data in enumerate(lines, item.first):
        parsed = parse_line(RawLine(data, f"{name}:{n}", f"{stem}-{n}", n == 1), fields)
        if parsed is not None:
            out.append(parsed)
    return out


def file_blocks(path: str, *, name: str, stem: str) -> Iterator[FileLines] | None:
    """A JSON Lines file on disk as ``FileLines`` blocks of up to ``BLOCK_LINES`` lines (or
    ``BLOCK_BYTES``); None when it is not a regular file (a pipe, a device), which only the process
    reading it can read, for the caller to send its lines instead.

    Finding the lines costs one pass of buffered reading, about as fast as scanning a memory map of the
    file for newlines, without mapping a corpus of gigabytes into this process."""
    f = open(path, "rb", buffering=_SCAN_BUFFER)  # noqa: SIM115 (closed by _ranges, or here)
    if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
        f.close()
        return None
    return _ranges(f, path, name, stem)


def _ranges(f: BinaryIO, path: str, name: str, stem: str) -> Iterator[FileLines]:
    with f:
        start, first = 0, 1
        for block, size in _cut(f):
            ends = list(accumulate(map(len, block), initial=start))[1:]
            yield FileLines(path, start, ends, name, stem, first)
            start, first = start + size, first + len(block)


#: bytes read at a time while finding the lines of a file
_SCAN_BUFFER = 1 << 20


#: lines per ``RawLines`` block, and bytes after which a block ends early (one very long record stays
#: alone rather than weighing down a task); ``qawl extract`` sends a worker one block per task
BLOCK_LINES = 64
BLOCK_BYTES = 1 << 20


def read_lines(
    lines: Iterable[bytes],
    *,
    name: str,
    stem: str,
    fields: Mapping[str, str],
    first_line: int = 1,
    raw: bool = False,
) -> Iterator[Article | InputError | RawLines]:
    """Decode and parse each line; errors are yielded as values naming ``name:LINE``. With ``raw``, the
    lines are yielded undecoded, in ``RawLines`` blocks of up to ``BLOCK_LINES`` lines that ``parse_lines``
    finishes."""
    if raw:
        yield from _blocks(lines, name=name, stem=stem, first_line=first_line)
        return
    for n, data in enumerate(lines, first_line):
        parsed = parse_line(RawLine(data, f"{name}:{n}", f"{stem}-{n}", n == 1), fields)
        if parsed is not None:
            yield parsed


def _blocks(lines: Iterable[bytes], *, name: str, stem: str, first_line: int) -> Iterator[RawLines]:
    first = first_line
    for block, size in _cut(lines):
        yield RawLines(block, name, stem, first, size)
        first += len(block)


def _cut(lines: Iterable[bytes]) -> Iterator[tuple[list[bytes], int]]:
    """Runs of ``BLOCK_LINES`` lines, or fewer once they reach ``BLOCK_BYTES``, with their size in bytes:
    the blocks of ``RawLines`` and of ``FileLines`` alike."""
    block: list[bytes] = []
    size = 0
    for data in lines:
        block.append(data)
        size += len(data)
        if len(block) >= BLOCK_LINES or size >= BLOCK_BYTES:
            yield block, size
            block, size = [], 0
    if block:
        yield block, size

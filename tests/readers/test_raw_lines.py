"""Undecoded JSON Lines records (``qawl extract`` decodes them in its workers) end up exactly as read."""

from __future__ import annotations

import gzip
import io
import pickle
from pathlib import Path

from qawl.errors import InputError
from qawl.model import Article
from qawl.readers import RawLine, parse_item, read_inputs, read_inputs_raw

LINES = [
    '\ufeff{"id": "bom", "text": "قال الوزير إن الاجتماع انتهى"}',  # a first line with a byte-order mark
    "",
    "   ",
    "\u00a0",  # a blank line of non-ASCII space
    '{"id": "a", "text": "وأضاف المتحدث أن الوفد وصل", "date": "2024-05-01"}',
    '{"text": "بلا معرّف"}',
    "{not json",
    '{"id": "n", "text": 5}',
    '{"id": "e", "text": "  "}',
    '  {"id": "indented", "text": "قالت الوزارة"}',
    "[1, 2]",
]


def _key(item: object) -> object:
    return (type(item).__name__, str(item)) if isinstance(item, InputError) else item


def _write(path: Path, extra: bytes = b"") -> None:
    data = "\n".join(LINES).encode("utf-8") + b"\n" + extra
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(data))
    else:
        path.write_bytes(data)


def test_raw_items_parse_to_what_the_reader_gives(tmp_path: Path) -> None:
    for name in ("in.jsonl", "in.jsonl.gz"):
        path = tmp_path / name
        _write(path, extra=b'{"id": "bad", "text": "\xff\xfe"}\n')
        fields = {"id": "id"}
        expected = [_key(x) for x in read_inputs([str(path)], fields=fields)]
        raw = list(read_inputs_raw([str(path)], fields=fields))
        assert any(isinstance(x, RawLine) for x in raw)
        parsed = [x if isinstance(x, InputError) else parse_item(x, fields) for x in raw]
        assert [_key(x) for x in parsed] == expected
        assert len(expected) == 9 and sum(isinstance(x, Article) for x in expected) == 4


def test_raw_lines_from_stdin_and_text_files(tmp_path: Path) -> None:
    data = "\n".join(LINES).encode("utf-8")
    expected = [_key(x) for x in read_inputs(["-"], stdin=io.BytesIO(data))]
    raw = list(read_inputs_raw(["-"], stdin=io.BytesIO(data)))
    assert [_key(x if isinstance(x, InputError) else parse_item(x, {})) for x in raw] == expected
    text = tmp_path / "a.txt"
    text.write_text("قال الوزير", encoding="utf-8")
    (item,) = read_inputs_raw([str(text)])
    assert isinstance(item, Article) and parse_item(item, {}) is item


def test_a_raw_line_is_cheap_to_send_to_a_worker() -> None:
    line = RawLine(b'{"id": "a", "text": "x"}', "f.jsonl:2", "f-2", False)
    assert pickle.loads(pickle.dumps(line)) == line

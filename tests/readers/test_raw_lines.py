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


ODD_RECORDS = [
    b'{"id": "dup", "id": "last", "text": "\\u0642\\u0627\\u0644 x"}',  # duplicate keys: the last wins
    b'{"id": "nan", "text": "x", "score": NaN}',  # json accepts NaN, orjson does not
    b'{"id": "big", "text": "x", "n": 123456789012345678901234567890}',  # beyond 64 bits
    b'{"id": "inf", "text": "x", "f": 1e400}',  # beyond a double
    b'{"id": "s", "text": "\\ud83d"}',  # a lone surrogate
    b'{"id": "pair", "text": "\\ud83d\\ude00 \\u0000"}',
    b'{"id": "bad", "text": "\xff"}',  # not UTF-8
    b'{"id": "f", "text": "x", "f": 1.1e-7, "nested": {"a": [1, 2.5, null, true]}}',
    b"{broken",
]


def test_fast_and_standard_decoding_agree() -> None:
    """Lines orjson takes and lines it leaves to the json module come out as the json module reads them:
    the same values, the same errors."""
    for n, raw in enumerate(ODD_RECORDS, 2):
        fast = parse_item(RawLine(raw, f"f.jsonl:{n}", f"f-{n}", False), {})
        # a first line never goes through orjson (it may open with a byte-order mark)
        standard = parse_item(RawLine(raw, f"f.jsonl:{n}", f"f-{n}", True), {})
        assert _key(fast) == _key(standard), raw
    assert parse_item(RawLine(ODD_RECORDS[0], "f:2", "f-2", False), {}).id == "last"  # type: ignore[union-attr]
    nan = parse_item(RawLine(ODD_RECORDS[1], "f:3", "f-3", False), {})
    assert isinstance(nan, Article) and nan.text == "x"
    surrogate = parse_item(RawLine(ODD_RECORDS[4], "f:6", "f-6", False), {})
    assert isinstance(surrogate, InputError) and "lone surrogate" in str(surrogate)

"""Undecoded JSON Lines records (``qawl extract`` decodes them in its workers, in blocks of lines) end up
exactly as read."""

from __future__ import annotations

import gzip
import io
import pickle
from pathlib import Path

from qawl.errors import InputError
from qawl.model import Article
from qawl.readers import FileLines, RawLines, parse_items, read_inputs, read_inputs_raw
from qawl.readers.jsonl import BLOCK_LINES, RawLine, parse_line

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


def _parsed(raw: list[object], fields: dict[str, str]) -> list[object]:
    out: list[object] = []
    for x in raw:
        out.extend([x] if isinstance(x, InputError) else parse_items(x, fields))  # type: ignore[arg-type]
    return out


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
        assert any(isinstance(x, RawLines | FileLines) for x in raw)
        assert [_key(x) for x in _parsed(raw, fields)] == expected
        assert len(expected) == 9 and sum(isinstance(x, Article) for x in expected) == 4


def test_raw_lines_from_stdin_and_text_files(tmp_path: Path) -> None:
    data = "\n".join(LINES).encode("utf-8")
    expected = [_key(x) for x in read_inputs(["-"], stdin=io.BytesIO(data))]
    raw = list(read_inputs_raw(["-"], stdin=io.BytesIO(data)))
    assert [_key(x) for x in _parsed(raw, {})] == expected
    text = tmp_path / "a.txt"
    text.write_text("قال الوزير", encoding="utf-8")
    (item,) = read_inputs_raw([str(text)])
    assert isinstance(item, Article) and parse_items(item, {}) == [item]


def test_blocks_keep_line_numbers_across_their_bounds(tmp_path: Path) -> None:
    """Records, blank lines and bad lines more than a block long: every article and error names its own
    line, as the line-by-line reader does, and a truncated archive's error comes after the last block."""
    lines = [
        "" if n % 7 == 0 else "{bad" if n % 11 == 0 else f'{{"text": "قال الوزير {n}"}}'
        for n in range(1, 3 * BLOCK_LINES + 5)
    ]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    plain, packed = tmp_path / "many.jsonl", tmp_path / "many.jsonl.gz"
    plain.write_bytes(data)
    packed.write_bytes(gzip.compress(data)[:-12])  # cut short: a truncated archive
    for path in (plain, packed):
        raw = list(read_inputs_raw([str(path)]))
        blocks = [x for x in raw if isinstance(x, RawLines | FileLines)]
        # a file on disk goes as byte ranges, an archive as its lines
        assert all(isinstance(b, FileLines if path is plain else RawLines) for b in blocks)
        assert [b.weight[0] for b in blocks[:3]] == [BLOCK_LINES] * 3
        assert [b.first for b in blocks[:3]] == [1, BLOCK_LINES + 1, 2 * BLOCK_LINES + 1]
        expected = [_key(x) for x in read_inputs([str(path)])]
        assert [_key(x) for x in _parsed(raw, {})] == expected
    good = [n for n in range(1, len(lines) + 1) if n % 7 and n % 11]
    bad = [n for n in range(1, len(lines) + 1) if n % 7 and not n % 11]
    items = _parsed(list(read_inputs_raw([str(plain)])), {})
    assert [x.path for x in items if isinstance(x, Article)] == [f"{plain}:{n}" for n in good]
    assert [x.where for x in items if isinstance(x, InputError)] == [f"{plain}:{n}" for n in bad]
    items = _parsed(list(read_inputs_raw([str(packed)])), {})
    assert isinstance(items[-1], InputError) and "corrupt gzip" in str(items[-1])
    assert len(items) > 2 * BLOCK_LINES


def test_a_byte_range_reads_the_lines_a_file_gives(tmp_path: Path) -> None:
    """Carriage returns inside a line, a last line without a newline, CRLF endings: the same lines as
    iterating over the file; an empty file has no blocks; a file gone since its blocks were found is an
    input error at their first line, not a crash."""
    path = tmp_path / "odd.jsonl"
    data = b'{"text": "a\rb"}\r\n\r\n{"text": "\xd9\x82"}\n\n{"text": "end"}'
    path.write_bytes(data)
    (block,) = read_inputs_raw([str(path)])
    assert isinstance(block, FileLines) and block.weight == (5, len(data))
    with path.open("rb") as f:
        assert block.read() == list(f)
    path.write_bytes(data + b"\n")
    (block,) = read_inputs_raw([str(path)])
    with path.open("rb") as f:
        assert block.read() == list(f)
    assert [_key(x) for x in parse_items(block, {})] == [_key(x) for x in read_inputs([str(path)])]
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    assert list(read_inputs_raw([str(empty)])) == []
    path.write_bytes(data[:20])
    (short,) = parse_items(block, {})
    assert isinstance(short, InputError) and "shorter than" in str(short)
    path.unlink()
    (gone,) = parse_items(block, {})
    assert isinstance(gone, InputError) and str(gone).startswith(f"{path}:1: cannot read")


def test_a_block_of_raw_lines_is_cheap_to_send_to_a_worker() -> None:
    block = RawLines([b'{"id": "a", "text": "x"}\n', b"\n"], "f.jsonl", "f", 2, 26)
    assert pickle.loads(pickle.dumps(block)) == block
    assert block.weight == (2, 26)
    (article,) = parse_items(block, {})
    assert isinstance(article, Article) and article.path == "f.jsonl:2"


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
        fast = parse_line(RawLine(raw, f"f.jsonl:{n}", f"f-{n}", False), {})
        # a first line never goes through orjson (it may open with a byte-order mark)
        standard = parse_line(RawLine(raw, f"f.jsonl:{n}", f"f-{n}", True), {})
        assert _key(fast) == _key(standard), raw
    assert parse_line(RawLine(ODD_RECORDS[0], "f:2", "f-2", False), {}).id == "last"  # type: ignore[union-attr]
    nan = parse_line(RawLine(ODD_RECORDS[1], "f:3", "f-3", False), {})
    assert isinstance(nan, Article) and nan.text == "x"
    surrogate = parse_line(RawLine(ODD_RECORDS[4], "f:6", "f-6", False), {})
    assert isinstance(surrogate, InputError) and "lone surrogate" in str(surrogate)

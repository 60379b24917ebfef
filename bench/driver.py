"""The end-to-end run that bench/run.py times in a fresh process, and the "bare pass" it is compared with.

    python bench/driver.py SAMPLE.jsonl -o OUT.jsonl --workers 1      # read → extract → write JSONL
    python bench/driver.py SAMPLE.jsonl --bare                         # JSON decode, NFKC, split; no output

The extract mode does what ``qawl extract FILE --format jsonl`` does, without the CLI, so that the pipeline
can be measured before (or besides) the CLI. The bare pass imports nothing from qawl: its start-up is
Python's own.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qawl.errors import QawlError
    from qawl.model import Article

_SENT = re.compile(r"(?<=[.!?؟])\s+")


def bare(path: str) -> int:
    """The floor every run is compared with: decode, NFKC and sentence-split each text; write nothing."""
    n = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            text = json.loads(line)["text"]
            re.split(_SENT, unicodedata.normalize("NFKC", text))
            n += 1
    return n


def read_articles(path: str, suffix: str = "") -> Iterator[Article | QawlError]:
    """Articles of a JSONL file; a malformed line becomes an InputError in its place."""
    from qawl.errors import InputError
    from qawl.pipeline import make_article

    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            try:
                rec = json.loads(line)
                text = rec.pop("text")
            except (ValueError, KeyError, TypeError) as exc:
                yield InputError(f"not an article record: {exc}", where=f"{path}:{lineno}")
                continue
            if suffix:
                rec["id"] = f"{rec.get('id', lineno)}{suffix}"
            yield make_article(text, **rec)


def _lines(path: str) -> Iterator[str]:
    with open(path, encoding="utf-8") as f:
        yield from f


def parse_line(line: str) -> list[Article | QawlError]:
    """A JSONL line → its Article, or the InputError in its place (in the worker with
    ``--parse-in-workers``)."""
    from qawl.errors import InputError
    from qawl.pipeline import make_article

    try:
        rec = json.loads(line)
        text = rec.pop("text")
    except (ValueError, KeyError, TypeError) as exc:
        return [InputError(f"not an article record: {exc}", where=line[:40])]
    return [make_article(text, **rec)]


def json_line(article: Article) -> bytes:
    """The output line of an article (run in the worker with ``--encode-in-workers``)."""
    from qawl.cli import json_line as encode
    from qawl.records import article_record

    return encode(article_record(article)) + b"\n"  # as `qawl extract` writes it


def extract(path: str, out_path: str, workers: int, ordered: bool, chunk_size: int, offload: str = "") -> int:
    """Read → extract → write. ``offload``: "encode" builds and encodes the records in the workers
    (``extract_map``), "parse" also decodes the JSON there (``extract_map_raw``)."""
    from qawl.errors import QawlError
    from qawl.parallel import extract_map, extract_map_raw, extract_stream

    n = 0
    lines: Iterator[bytes | QawlError]
    if offload == "parse":
        lines = extract_map_raw(_lines(path), parse_line, json_line, workers, ordered, chunk_size)
    elif offload == "encode":
        lines = extract_map(read_articles(path), json_line, workers, ordered, chunk_size)
    else:
        lines = (
            x if isinstance(x, QawlError) else json_line(x)
            for x in extract_stream(read_articles(path), workers, ordered, chunk_size)
        )
    with open(out_path, "wb") as out:
        for line in lines:
            if isinstance(line, QawlError):
                print(line, file=sys.stderr)
                continue
            out.write(line)
            n += 1
    return n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input", help="JSONL file, one article record a line (text, id, title, ...)")
    ap.add_argument("-o", "--output", default="/dev/null")
    ap.add_argument("--workers", type=int, default=1, help="0: one per CPU; 1: in-process")
    ap.add_argument("--unordered", action="store_true")
    ap.add_argument("--chunk-size", type=int, default=64)
    ap.add_argument("--bare", action="store_true", help="the bare pass instead of extraction")
    ap.add_argument(
        "--encode-in-workers",
        action="store_true",
        help="build and encode records in the workers (extract_map)",
    )
    ap.add_argument(
        "--parse-in-workers",
        action="store_true",
        help="decode the JSON in the workers too (extract_map_raw)",
    )
    args = ap.parse_args(argv)
    if args.bare:
        bare(args.input)
    else:
        extract(
            args.input,
            args.output,
            args.workers,
            not args.unordered,
            args.chunk_size,
            "parse" if args.parse_in_workers else "encode" if args.encode_in_workers else "",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

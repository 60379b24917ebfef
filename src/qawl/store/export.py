"""Export every quote of the archive as JSONL, CSV or Parquet (one flat row per quote)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import asdict, fields
from pathlib import Path
from typing import IO, Any

from qawl.errors import ConfigError
from qawl.store.base import QuoteRow, Store

COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(QuoteRow))
_PARQUET_BATCH = 5000


def _rows(store: Store) -> Iterator[dict[str, Any]]:
    for q in store.iter_quotes():
        yield asdict(q)


def export_quotes(store: Store, fmt: str, out: str | Path | IO[str] | None) -> int:
    """Write the quotes of ``store`` to ``out`` (path, text stream, or stdout); returns how many."""
    if fmt == "parquet":
        if out is None or not isinstance(out, str | Path):
            raise ConfigError("parquet export needs an output file (-o FILE)", where="export")
        return _parquet(store, Path(out))
    if fmt not in ("jsonl", "csv"):
        raise ConfigError(f"unknown export format {fmt!r} (jsonl, csv, parquet)", where="export")
    if isinstance(out, str | Path):
        with open(out, "w", encoding="utf-8", newline="") as f:
            return _text(store, fmt, f)
    return _text(store, fmt, out if out is not None else sys.stdout)


def _text(store: Store, fmt: str, f: IO[str]) -> int:
    n = 0
    if fmt == "jsonl":
        for row in _rows(store):
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
        return n
    w = csv.DictWriter(f, fieldnames=COLUMNS)
    w.writeheader()
    for row in _rows(store):
        w.writerow(row)
        n += 1
    return n


def _parquet(store: Store, path: Path) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as e:
        raise ConfigError("parquet export needs pyarrow: pip install 'qawl[parquet]'", where="export") from e
    schema = pa.schema(
        [
            (
                c,
                pa.int64()
                if c in _INT_COLUMNS
                else pa.float64()
                if c in ("confidence", "speaker_confidence")
                else pa.string(),
            )
            for c in COLUMNS
        ]
    )
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in _rows(store):
            batch.append(row)
            if len(batch) >= _PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


_INT_COLUMNS = frozenset(
    {
        "id",
        "ordinal",
        "start",
        "end",
        "cue_start",
        "cue_end",
        "addressee_start",
        "addressee_end",
        "mention_start",
        "mention_end",
    }
)

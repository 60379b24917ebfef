"""The ``qawl`` command: parse arguments, call the library, print. Nothing here knows Arabic.

    qawl extract news/ -o quotes.jsonl          # every .txt/.html/.jsonl(.gz)/.warc(.gz) under news/
    qawl extract a.txt b.html --format table    # a readable table in the terminal
    qawl eval gold.jsonl [pred.jsonl] --json    # score predictions (or qawl's own) against a gold set

Exit status: 0 when every input was read, 1 when some input failed (each named on stderr as
``qawl: error: <path:line>: <message>``, the batch goes on), 2 for a usage or configuration error.
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple, Protocol, TextIO, TypeVar

import orjson

from qawl import __version__, _native, cli_archive, settings
from qawl.errors import ConfigError, QawlError
from qawl.model import Article
from qawl.progress import ProgressBar, Tally
from qawl.readers import has_arabic, parse_field_options, parse_items, read_inputs_raw
from qawl.records import article_record

Item = Article | QawlError
T = TypeVar("T")
Items = TypeVar("Items")
R = TypeVar("R")
Command = Callable[[argparse.Namespace], int | None]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qawl", description="Who said what in Arabic news.")
    parser.add_argument(
        "--version", action="version", version=f"qawl {__version__} (pipeline: {_native.build_kind()})"
    )
    parser.add_argument("--config", metavar="FILE", help=f"settings file (default: ./{settings.CONFIG_NAME})")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    ext = sub.add_parser("extract", help="find quotes and speakers in files, directories or stdin (-)")
    ext.add_argument(
        "paths", nargs="+", metavar="PATH", help=".txt .html .jsonl[.gz] .warc[.gz], a directory, or -"
    )
    settings.add_arguments(ext, "extract")
    ext.set_defaults(run=run_extract)

    ev = sub.add_parser("eval", help="score predictions (or qawl's own extraction) against a gold set")
    ev.add_argument("gold", metavar="GOLD.jsonl")
    ev.add_argument(
        "pred", metavar="PRED.jsonl", nargs="?", help="predictions; default: run qawl on the gold texts"
    )
    settings.add_arguments(ev, "eval")
    ev.set_defaults(run=run_eval)

    cli_archive.register(sub)
    for sp in sub.choices.values():
        # SUPPRESS: a subcommand must not reset a --config given before it
        sp.add_argument("--config", metavar="FILE", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (the console script passes it to ``sys.exit``)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help, --version (0) or a usage error (2)
        return exc.code if isinstance(exc.code, int) else 2
    # each subcommand sets `run` (archive subcommands may use argparse's usual `func`)
    run: Command | None = getattr(args, "run", None) or getattr(args, "func", None)
    if run is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(run(args) or 0)
    except ConfigError as exc:
        _say(f"qawl: error: {exc}")
        return 2
    except QawlError as exc:
        _say(f"qawl: error: {exc}")
        return 1
    except BrokenPipeError:
        # the reader of our stdout went away (`| head`): no traceback, and stdout goes to /dev/null so
        # that the interpreter's final flush does not raise again
        with suppress(OSError, ValueError, io.UnsupportedOperation):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        _say("qawl: interrupted")
        return 130


def _say(message: str) -> None:
    # sys.stderr is looked up each time so that messages go through the progress bar's redirection
    print(message, file=sys.stderr)


# --- extract ---------------------------------------------------------------------------------------------

#: articles per task sent to a worker; an input of at most this many runs in this process (a pool of
#: workers would get one task, so it could only add the cost of starting it)
CHUNK = 64


class Done(NamedTuple):
    """One extracted article as the writers need it, built in the worker so that the parent only writes.

    ``out`` is the record's JSON text (formats json, jsonl) or its quote rows (csv, table).
    """

    name: str
    quotes: int
    arabic: bool
    out: Any


def json_line(obj: Any) -> bytes:
    """One record as compact UTF-8 JSON: orjson is ~5x faster than ``json.dumps`` (a tenth of the whole
    extraction cost per article). Text holding a lone surrogate (valid in JSON input, not in UTF-8) is
    written by ``json`` with ASCII escapes instead."""
    try:
        return orjson.dumps(obj)
    except TypeError:
        return json.dumps(obj).encode("ascii")


def json_done(article: Article, *, with_text: bool = False) -> Done:
    """The article's record as one line of JSON (module level: pickled to the workers)."""
    line = json_line(article_record(article, with_text=with_text))
    return Done(article.path or article.id, len(article.quotes), has_arabic(article.text), line)


def rows_done(article: Article) -> Done:
    """The article's quotes as CSV rows (``CSV_COLUMNS``)."""
    rows = list(quote_rows(article))
    return Done(article.path or article.id, len(article.quotes), has_arabic(article.text), rows)


def run_extract(args: argparse.Namespace) -> int:
    cfg = settings.resolve("extract", args, config=getattr(args, "config", None))
    fields = parse_field_options(cfg["field"])
    fmt = cfg["format"]
    build = partial(json_done, with_text=cfg["with_text"]) if fmt in ("json", "jsonl") else rows_done
    # JSON Lines records are decoded in the worker processes: the parent only moves bytes
    items = read_inputs_raw(args.paths, fields=fields)
    parse = partial(parse_items, fields=fields)
    results = extract_map_raw(items, parse, build, workers=cfg["workers"], ordered=not cfg["unordered"])
    tally = Tally()
    # records printed to the terminal would tear the live bar apart, and they show progress themselves
    to_terminal = cfg["output"] in (None, "-") and sys.stdout.isatty()
    show_bar = not cfg["quiet"] and not to_terminal
    _settle_gc()
    with open_output(cfg["output"]) as out, ProgressBar(sys.stderr, enabled=show_bar) as bar:
        writer = WRITERS[fmt](out)
        for item in results:
            if isinstance(item, QawlError):
                tally.errors += 1
                _say(f"qawl: error: {item}")
            else:
                if not item.arabic and not cfg["quiet"]:
                    _say(f"qawl: warning: {item.name}: no Arabic text")
                writer.write(item)
                tally.articles += 1
                tally.quotes += item.quotes
            bar.update(tally)
        writer.close()
    if not cfg["quiet"]:
        _say(tally.summary())
    return 1 if tally.errors else 0


def _settle_gc() -> None:
    # Everything alive now (modules, lexicons, compiled patterns) lives until exit: freezing it keeps the
    # collector from walking it again and again (and forked workers from touching, so copying, its pages),
    # and rarer young collections suit the many short-lived objects per article. Measured on 10,000
    # articles: 287 collections taking 91 ms → 10 taking 17 ms.
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def extract_map_raw(
    items: Iterable[R | QawlError],
    parse: Callable[[R], Sequence[Item]],
    fn: Callable[[Article], T],
    *,
    workers: int = 0,
    ordered: bool = True,
) -> Iterator[T | QawlError]:
    """``fn`` of each extracted article, by ``workers`` processes (0: one per usable CPU); the items are raw
    records (or blocks of them) that ``parse`` turns into articles in the workers (input errors pass
    through)."""
    from qawl import parallel  # imported here: not needed to build the parser

    stream, n = _plan(items, workers)
    return parallel.extract_map_raw(stream, parse, fn, workers=n, ordered=ordered, chunk_size=CHUNK)


def extract_stream(items: Iterable[Item], *, workers: int = 0, ordered: bool = True) -> Iterator[Item]:
    """The extracted articles (input errors pass through), by ``workers`` processes (0: one per usable
    CPU)."""
    from qawl import parallel

    stream, n = _plan(items, workers)
    return parallel.extract_stream(stream, workers=n, ordered=ordered, chunk_size=CHUNK)


def _plan(items: Iterable[Items], workers: int) -> tuple[Iterator[Items], int]:
    """The items again and how many processes to use: ``workers`` (0 = one per usable CPU), but only this
    one when the input is a single chunk of ``CHUNK`` records (then read ahead whole)."""
    n = workers if workers > 0 else usable_cpus()
    it = iter(items)
    if n == 1:
        return it, 1
    from qawl.parallel import weight

    head: list[Items] = []
    records = 0
    for item in it:
        head.append(item)
        records += weight(item)[0]
        if records > CHUNK:
            return chain(head, it), n
    return iter(head), 1


def usable_cpus() -> int:
    """CPUs this process may run on: under ``taskset -c 0`` one, although ``os.cpu_count()`` says more."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


@contextmanager
def open_output(path: str | None) -> Iterator[TextIO]:
    """stdout, or ``path`` written atomically: a temporary file beside it, renamed only on success."""
    if path is None or path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(path)
    if target.exists() and not target.is_file():
        # a device or a pipe (/dev/null, a FIFO): write in place; renaming over it would replace the device
        try:
            f = open(target, "w", encoding="utf-8", newline="")  # noqa: SIM115 (closed below)
        except OSError as exc:
            raise ConfigError(f"cannot write output ({exc.strerror or exc})", where=path) from None
        with f:
            yield f
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise ConfigError(f"cannot write output ({exc.strerror or exc})", where=path) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="", buffering=_OUT_BUFFER) as f:
            yield f
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; give the usual permissions
        os.replace(tmp, target)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


#: bytes buffered before the output file is written to: a write call a megabyte, not every few records (each
#: call lets the other threads of a pooled run take the interpreter lock)
_OUT_BUFFER = 1 << 20


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# --- output formats --------------------------------------------------------------------------------------


class Writer(Protocol):
    def write(self, done: Done) -> None: ...
    def close(self) -> None: ...


class JsonlWriter:
    """One ``article_record`` per line. The records come encoded (``json_line``) and go to the stream's
    byte buffer when it has one (decoding them for the text layer to encode again cost 1.5 % of a run)."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.raw: BinaryIO | None = getattr(out, "buffer", None)
        out.flush()  # anything written as text so far goes first

    def put(self, data: bytes) -> None:
        if self.raw is not None:
            self.raw.write(data)
        else:
            self.out.write(data.decode("utf-8"))

    def write(self, done: Done) -> None:
        self.put(done.out + b"\n")

    def close(self) -> None:
        if self.raw is not None:
            self.raw.flush()
        self.out.flush()


class JsonWriter(JsonlWriter):
    """One JSON array of records, streamed (never held in memory)."""

    def __init__(self, out: TextIO) -> None:
        super().__init__(out)
        self.count = 0

    def write(self, done: Done) -> None:
        self.put((b"[\n" if self.count == 0 else b",\n") + done.out)
        self.count += 1

    def close(self) -> None:
        self.put(b"[]\n" if self.count == 0 else b"\n]\n")
        super().close()


CSV_COLUMNS = (
    "article_id", "path", "quote", "start", "end", "kind", "text", "cue", "speaker", "speaker_type",
    "speaker_role", "speaker_confidence", "addressee", "said_on", "confidence",
)  # fmt: skip


def quote_rows(article: Article) -> Iterator[list[Any]]:
    """One row per quote, in ``CSV_COLUMNS`` order; spans are given by their text."""
    rec = article_record(article)
    for n, q in enumerate(rec["quotes"], 1):
        sp = q["speaker"] or {}
        yield [
            rec["id"], rec["path"], n, q["start"], q["end"], q["kind"], q["text"], _text(q["cue"]),
            sp.get("name"), sp.get("type"), sp.get("role"), sp.get("confidence"), _text(q["addressee"]),
            q["said_on"], q["confidence"],
        ]  # fmt: skip


def _text(span: dict[str, Any] | None) -> str | None:
    return None if span is None else span["text"]


class CsvWriter:
    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.csv = csv.writer(out, lineterminator="\n")
        self.csv.writerow(CSV_COLUMNS)

    def write(self, done: Done) -> None:
        self.csv.writerows(done.out)

    def close(self) -> None:
        self.out.flush()


class TableWriter:
    """A rich table for reading in a terminal (built at the end, as column widths need every row)."""

    MAX_QUOTE = 200

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.rows: list[list[str]] = []
        self.articles = 0

    def write(self, done: Done) -> None:
        self.articles += 1
        for row in done.out:
            quote = row[6] if len(row[6]) <= self.MAX_QUOTE else row[6][: self.MAX_QUOTE] + "…"
            speaker = row[8] or "—"
            self.rows.append(
                [str(row[0]), f"{row[3]}–{row[4]}", row[5], speaker, row[7] or "—", quote, f"{row[14]:.2f}"]
            )

    def close(self) -> None:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"articles: {self.articles}, quotes: {len(self.rows)}", show_lines=True)
        for name in ("article", "span", "kind", "speaker", "cue", "quote", "conf"):
            table.add_column(name, overflow="fold")
        for row in self.rows:
            table.add_row(*row)
        console = Console(file=self.out, width=None if self.out.isatty() else 160)
        console.print(table)
        self.out.flush()


WRITERS: dict[str, Callable[[TextIO], Writer]] = {
    "jsonl": JsonlWriter,
    "json": JsonWriter,
    "csv": CsvWriter,
    "table": TableWriter,
}


# --- eval ------------------------------------------------------------------------------------------------


def run_eval(args: argparse.Namespace) -> int:
    from qawl import evaluate  # imported here: `qawl extract` does not need it

    cfg = settings.resolve("eval", args, config=getattr(args, "config", None))
    gold = evaluate.load_jsonl(args.gold)
    evaluate.check_gold(gold, args.gold)
    if args.pred is not None:
        pred = evaluate.load_jsonl(args.pred)
    else:
        pred = evaluate.predict(gold, run=lambda arts: extract_stream(arts, workers=cfg["workers"]))
    result = evaluate.score(gold, pred)
    if cfg["show_errors"] and result.errors:
        print(evaluate.format_errors(result.errors))
    if cfg["json"]:
        print(json.dumps(result.figures, ensure_ascii=False))
    else:
        print(evaluate.format_figures(result.figures))
    if cfg["reliability"]:
        tables = evaluate.reliability(result)
        if cfg["json"]:
            print(json.dumps({"reliability": evaluate.reliability_record(tables)}, ensure_ascii=False))
        else:
            print("\n" + evaluate.format_reliability(tables))
    return 0

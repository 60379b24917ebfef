"""Archive subcommands, registered by ``qawl.cli``: thin wrappers that parse arguments and call the
library (``qawl.archive``).

qawl ingest news/ --db news.db              # extract and store; rerun safely (idempotent, resumable)
qawl search "بيسكوف" --since 2018-01-01     # Arabic-folded full-text search over quotes
qawl speakers --query بيسكوف                # canonical speakers, most quoted first
qawl speaker merge sp-aaa sp-bbb            # sp-bbb is the same person as sp-aaa (kept on re-ingest)
qawl speaker split sp-aaa "ميدفيديف"        # quotes under that name form are someone else
qawl speaker romanize --min-quotes 3        # better Latin names (ONNX model) for the most quoted
qawl export --format csv -o quotes.csv
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict
from typing import Any

DB_HELP = "archive: sqlite:///path.db, a path, or postgresql://… (default: $QAWL_DB or ./qawl.db)"


def _db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="URL", default=None, help=DB_HELP)


def _db(args: argparse.Namespace) -> str:
    from qawl.store import DEFAULT_DB_URL

    return str(args.db or os.environ.get("QAWL_DB") or DEFAULT_DB_URL)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg,unused-ignore]
    """Add the archive subcommands to the main parser."""
    ing = subparsers.add_parser("ingest", help="extract quotes from files and store them in the archive")
    ing.add_argument(
        "paths", nargs="+", metavar="PATH", help=".txt .html .jsonl[.gz] .warc[.gz], a directory, or -"
    )
    _db_arg(ing)
    ing.add_argument("--batch-size", type=int, default=200, help="articles per transaction (default 200)")
    ing.add_argument(
        "--field", action="append", default=[], metavar="FIELD=KEY", help="JSONL key for a field"
    )
    ing.add_argument("--force", action="store_true", help="re-extract articles already stored unchanged")
    ing.add_argument(
        "--romanize",
        choices=["rules", "model", "off"],
        default="rules",
        help="Latin names of new people: dictionary+rules (fast, default), +ONNX model (better, slower), off",
    )
    ing.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    ing.set_defaults(run=run_ingest)

    se = subparsers.add_parser("search", help="search the archive's quotes (hamza/diacritics-insensitive)")
    se.add_argument("query", help="words to find (empty string: every quote)")
    _db_arg(se)
    se.add_argument("--speaker", help="speaker id or name")
    se.add_argument("--outlet")
    se.add_argument("--since", metavar="DATE")
    se.add_argument("--until", metavar="DATE")
    se.add_argument("--kind", choices=["direct", "indirect", "mixed"])
    se.add_argument("--limit", type=int, default=20)
    se.add_argument("--offset", type=int, default=0)
    se.add_argument("--json", action="store_true", help="one JSON object per result")
    se.set_defaults(run=run_search)

    sp = subparsers.add_parser("speakers", help="list canonical speakers, most quoted first")
    _db_arg(sp)
    sp.add_argument("--query", help="filter by any name form")
    sp.add_argument("--type", choices=["person", "organisation", "source", "unknown"])
    sp.add_argument("--limit", type=int, default=50)
    sp.add_argument("--offset", type=int, default=0)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(run=run_speakers)

    one = subparsers.add_parser("speaker", help="curate speaker identities (merge, split, show)")
    ops = one.add_subparsers(dest="speaker_command", metavar="ACTION")
    m = ops.add_parser("merge", help="merge speaker B into speaker A (ids or names)")
    m.add_argument("keep", metavar="A")
    m.add_argument("other", metavar="B")
    _db_arg(m)
    m.set_defaults(run=run_merge)
    s = ops.add_parser("split", help="move the quotes under some name forms of a speaker to a new speaker")
    s.add_argument("speaker", metavar="SPEAKER")
    s.add_argument("forms", nargs="+", metavar="FORM")
    _db_arg(s)
    s.set_defaults(run=run_split)
    ro = ops.add_parser("romanize", help="recompute Latin names of people (default: with the ONNX model)")
    ro.add_argument("--mode", choices=["model", "rules"], default="model")
    ro.add_argument("--min-quotes", type=int, default=1, help="only people quoted at least this often")
    _db_arg(ro)
    ro.set_defaults(run=run_romanize)
    sh = ops.add_parser("show", help="one speaker with name forms and roles")
    sh.add_argument("speaker", metavar="SPEAKER")
    _db_arg(sh)
    sh.set_defaults(run=run_show)

    ex = subparsers.add_parser("export", help="export every quote as JSONL, CSV or Parquet")
    _db_arg(ex)
    ex.add_argument("--format", choices=["jsonl", "csv", "parquet"], default="jsonl")
    ex.add_argument("-o", "--output", metavar="FILE", help="default: stdout (not for parquet)")
    ex.set_defaults(run=run_export)

    _add_serve(subparsers)


# ---- serve: OWNED BY THE WEB HELPER ------------------------------------------------------------------
def _add_serve(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg,unused-ignore]
    """Register ``qawl serve`` (the web helper fills this in; it calls ``qawl.web.app.serve`` lazily)."""

    def run_serve(args: argparse.Namespace) -> int:
        from qawl.web.app import serve  # type: ignore[import-not-found,unused-ignore]

        serve(_db(args), args.host, args.port, args.read_only, args.token)
        return 0

    p = sub.add_parser("serve", help="browse and search the archive in a web browser")
    _db_arg(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--read-only", action="store_true")
    p.add_argument("--token", default=None)
    p.set_defaults(run=run_serve)


# ---- end of serve ------------------------------------------------------------------------------------


def _say(msg: str) -> None:
    print(msg, file=sys.stderr)


def run_ingest(args: argparse.Namespace) -> int:
    from qawl import archive
    from qawl.readers import parse_field_options

    report = archive.ingest(
        args.paths,
        _db(args),
        batch_size=args.batch_size,
        fields=parse_field_options(args.field),
        force=args.force,
        romanize=args.romanize,
        progress=False if args.quiet else None,
    )
    for err in report.errors:
        _say(f"qawl: error: {err}")
    if not args.quiet:
        rate = report.read / report.seconds if report.seconds else 0.0
        _say(
            f"{report.read} articles read: {report.inserted} new, {report.updated} updated, "
            f"{report.unchanged} unchanged; {report.quotes} quotes stored; {len(report.errors)} errors "
            f"in {report.seconds:.1f} s ({rate:.0f} articles/s)"
        )
    return 0 if report.ok else 1


def _emit(obj: dict[str, Any]) -> None:
    print(json.dumps(obj, ensure_ascii=False))


def run_search(args: argparse.Namespace) -> int:
    from qawl import archive

    page = archive.search(
        args.query,
        db_url=_db(args),
        speaker=args.speaker,
        outlet=args.outlet,
        since=args.since,
        until=args.until,
        kind=args.kind,
        limit=args.limit,
        offset=args.offset,
    )
    for r in page.items:
        if args.json:
            _emit({**asdict(r.quote), "snippet": r.snippet, "score": r.score})
        else:
            q = r.quote
            who = q.speaker_canonical or q.speaker_name or "?"
            print(f"{q.article_id}\t{q.article_date or ''}\t{who}\t{q.kind}\t{r.snippet}")
    if not args.json:
        _say(f"{len(page.items)} of {page.total} quotes")
    return 0


def run_speakers(args: argparse.Namespace) -> int:
    from qawl import archive

    page = archive.speakers(
        db_url=_db(args), query=args.query, type=args.type, limit=args.limit, offset=args.offset
    )
    for s in page.items:
        if args.json:
            _emit(asdict(s))
        else:
            role = s.roles[0][0] if s.roles else ""
            print(f"{s.id}\t{s.quote_count}\t{s.type}\t{s.name}\t{s.latin_name or ''}\t{role}")
    if not args.json:
        _say(f"{len(page.items)} of {page.total} speakers")
    return 0


def run_merge(args: argparse.Namespace) -> int:
    from qawl import archive

    row = archive.merge_speakers(args.keep, args.other, db_url=_db(args))
    _say(f"merged into {row.id} ({row.name}): {row.quote_count} quotes")
    return 0


def run_split(args: argparse.Namespace) -> int:
    from qawl import archive

    row = archive.split_speaker(args.speaker, args.forms, db_url=_db(args))
    _say(f"split off {row.id} ({row.name}): {row.quote_count} quotes")
    print(row.id)
    return 0


def run_romanize(args: argparse.Namespace) -> int:
    from qawl import archive

    n = archive.romanize_speakers(db_url=_db(args), mode=args.mode, min_quotes=args.min_quotes)
    _say(f"{n} Latin names updated")
    return 0


def run_show(args: argparse.Namespace) -> int:
    from qawl import archive
    from qawl.errors import ConfigError

    row = archive.get_speaker(args.speaker, db_url=_db(args))
    if row is None:
        raise ConfigError(f"no speaker {args.speaker!r}", where="speaker show")
    _emit(asdict(row))
    return 0


def run_export(args: argparse.Namespace) -> int:
    from qawl import archive

    n = archive.export(args.format, args.output, db_url=_db(args))
    _say(f"{n} quotes exported")
    return 0

"""The one settings table: it drives the command-line options, the config file and docs/settings.md.

A value comes from, in order of precedence: the command line, the environment (``QAWL_<NAME>``), the
config file (``--config FILE``, else ``qawl.toml`` in the current directory, table ``[qawl]``), the default.

    [qawl]
    format = "csv"
    workers = 2
    field = ["text=body", "id=uuid"]

Regenerate the docs with ``python -m qawl.settings > docs/settings.md``.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qawl.errors import ConfigError

CONFIG_NAME = "qawl.toml"
ARCHIVE_COMMANDS = ("ingest", "search", "speakers", "speaker", "export", "serve")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting: ``name`` is the config key, the option is ``--name-with-dashes``; env QAWL_NAME."""

    name: str
    type: type
    default: Any
    help: str
    commands: tuple[str, ...]
    short: str | None = None
    choices: tuple[str, ...] | None = None
    metavar: str | None = None

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def env(self) -> str:
        return "QAWL_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("format", str, "jsonl", "output format", ("extract",), "-f", ("jsonl", "json", "csv", "table")),
    Setting(
        "output", str, None, "write to FILE (atomically) instead of stdout", ("extract",), "-o", None, "FILE"
    ),
    Setting("with_text", bool, False, "include each article's text in JSON output", ("extract",)),
    Setting(
        "workers",
        int,
        0,
        "worker processes for extraction: 0 = one per usable CPU, 1 = in this process (as is an input of 64 "
        "articles or fewer)",
        ("extract", "eval"),
        "-j",
        None,
        "N",
    ),
    Setting("unordered", bool, False, "with several workers, write articles as they finish", ("extract",)),
    Setting(
        "field",
        list,
        [],
        "JSONL key for an article field, FIELD=KEY (e.g. text=body); repeatable, comma-separated in env",
        ("extract",),
        metavar="FIELD=KEY",
    ),
    Setting(
        "quiet", bool, False, "no progress bar, summary or warnings on stderr", ("extract", "eval"), "-q"
    ),
    Setting("json", bool, False, "print the figures as one JSON line", ("eval",)),
    Setting(
        "show_errors", bool, False, "list misses, false alarms and wrong speakers (tab separated)", ("eval",)
    ),
    Setting(
        "reliability",
        bool,
        False,
        "print precision per confidence bin (with --json: a second JSON line)",
        ("eval",),
    ),
    Setting("db", str, "qawl.db", "archive database: SQLite path or postgresql:// URL", ARCHIVE_COMMANDS),
)
BY_NAME = {s.name: s for s in SETTINGS}


def add_arguments(parser: argparse.ArgumentParser, command: str) -> None:
    """Add the options of ``command``'s settings; their argparse default is None (= not given)."""
    for s in SETTINGS:
        if command not in s.commands:
            continue
        flags = [s.short, s.option] if s.short else [s.option]
        help_ = f"{s.help} [env {s.env}; default {_show(s.default)}]"
        if s.type is bool:
            parser.add_argument(
                *flags, dest=s.name, action=argparse.BooleanOptionalAction, default=None, help=help_
            )
        elif s.type is list:
            parser.add_argument(
                *flags, dest=s.name, action="append", default=None, metavar=s.metavar, help=help_
            )
        else:
            parser.add_argument(
                *flags,
                dest=s.name,
                type=s.type,
                choices=s.choices,
                default=None,
                metavar=s.metavar,
                help=help_,
            )


def load_config(path: str | Path | None, *, cwd: Path | None = None) -> tuple[dict[str, Any], str | None]:
    """The ``[qawl]`` table of ``path`` (which must exist) or of ``./qawl.toml`` (if any), and its name."""
    if path is None:
        candidate = (cwd or Path.cwd()) / CONFIG_NAME
        if not candidate.is_file():
            return {}, None
        path = candidate
    where = str(path)
    import tomllib  # here: a run without a config file does not need it (≈ 3 ms of start-up)

    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        raise ConfigError("config file not found", where=where) from None
    except OSError as exc:
        raise ConfigError(f"cannot read config file ({exc.strerror or exc})", where=where) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML ({exc})", where=where) from None
    table = data.get("qawl", {})
    if not isinstance(table, dict):
        raise ConfigError("[qawl] must be a table", where=where)
    for key in table:
        if key not in BY_NAME:
            raise ConfigError(f"unknown setting {key!r} in [qawl]", where=where)
    return table, where


def resolve(
    command: str,
    args: argparse.Namespace | Mapping[str, Any],
    *,
    config: str | Path | None = None,
    environ: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> dict[str, Any]:
    """Every setting of ``command`` with its effective value (command line > env > config file > default)."""
    given = vars(args) if isinstance(args, argparse.Namespace) else dict(args)
    env = os.environ if environ is None else environ
    table, where = load_config(config, cwd=cwd)
    values: dict[str, Any] = {}
    for s in SETTINGS:
        if command not in s.commands:
            continue
        if given.get(s.name) is not None:
            value = given[s.name]
        elif s.env in env:
            value = _from_env(s, env[s.env])
        elif s.name in table:
            value = _checked(s, table[s.name], where or "config")
        else:
            value = list(s.default) if isinstance(s.default, list) else s.default
        values[s.name] = value
    _validate(values)
    return values


def _from_env(s: Setting, raw: str) -> Any:
    if s.type is bool:
        low = raw.strip().lower()
        if low not in _TRUE | _FALSE:
            raise ConfigError(f"{s.env}={raw!r}: want one of 1/0, true/false, yes/no, on/off")
        return low in _TRUE
    if s.type is int:
        try:
            return int(raw)
        except ValueError:
            raise ConfigError(f"{s.env}={raw!r}: not an integer") from None
    if s.type is list:
        return [part.strip() for part in raw.split(",") if part.strip()]
    if s.choices and raw not in s.choices:
        raise ConfigError(f"{s.env}={raw!r}: want one of {', '.join(s.choices)}")
    return raw


def _checked(s: Setting, value: Any, where: str) -> Any:
    """A config-file value of the right type; TOML booleans are not integers here."""
    ok = (
        isinstance(value, list) and all(isinstance(v, str) for v in value)
        if s.type is list
        else isinstance(value, s.type) and not (s.type is int and isinstance(value, bool))
    )
    if not ok:
        raise ConfigError(f"setting {s.name!r} wants {_type_name(s)}, got {value!r}", where=where)
    if s.choices and value not in s.choices:
        raise ConfigError(
            f"setting {s.name!r} wants one of {', '.join(s.choices)}, got {value!r}", where=where
        )
    return value


def _validate(values: Mapping[str, Any]) -> None:
    workers = values.get("workers")
    if workers is not None and workers < 0:
        raise ConfigError(f"workers must be 0 (one per CPU) or more, not {workers}")


def _type_name(s: Setting) -> str:
    return {bool: "a boolean", int: "an integer", str: "a string", list: "a list of strings"}[s.type]


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return "[]" if not value else ", ".join(value)
    return str(value)


def render_docs() -> str:
    """docs/settings.md: the settings table in Markdown (a test keeps the file in sync)."""
    lines = [
        "# Settings",
        "",
        "<!-- generated by `python -m qawl.settings > docs/settings.md`; do not edit by hand -->",
        "",
        "Each setting is read, in order of precedence, from the command line, the environment variable, the",
        f"config file (`--config FILE`, else `{CONFIG_NAME}` in the current directory, table `[qawl]`), and",
        "its default. Booleans take `--name` / `--no-name` on the command line and `1/0`, `true/false`,",
        "`yes/no` or `on/off` in the environment; lists are repeated options, TOML arrays, or",
        "comma-separated in the environment.",
        "",
        "```toml",
        "[qawl]",
        'format = "csv"',
        "workers = 2",
        'field = ["text=body", "id=uuid"]',
        "```",
        "",
        "| setting | option | environment | type | default | commands | what |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in SETTINGS:
        option = f"`{s.short}`, `{s.option}`" if s.short else f"`{s.option}`"
        kind = " \\| ".join(s.choices) if s.choices else _type_name(s).split(" ", 1)[1]
        cells = [
            f"`{s.name}`",
            option,
            f"`{s.env}`",
            kind,
            f"`{_show(s.default)}`",
            ", ".join(s.commands),
            s.help,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render_docs(), end="")

"""The settings table: precedence (command line > env > qawl.toml > default), bad values, and the docs."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import Run

from qawl import settings
from qawl.errors import ConfigError
from qawl.progress import ProgressBar, Tally

DOCS = Path(__file__).resolve().parents[2] / "docs" / "settings.md"


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    settings.add_arguments(parser, "extract")
    return parser.parse_args(argv)


def test_defaults(tmp_path: Path) -> None:
    got = settings.resolve("extract", _parse(), environ={}, cwd=tmp_path)
    assert got == {
        "format": "jsonl",
        "output": None,
        "with_text": False,
        "workers": 0,
        "unordered": False,
        "field": [],
        "quiet": False,
    }


def test_precedence(tmp_path: Path) -> None:
    (tmp_path / "qawl.toml").write_text(
        '[qawl]\nformat = "csv"\nworkers = 3\nwith_text = true\nfield = ["text=body"]\n', encoding="utf-8"
    )
    got = settings.resolve("extract", _parse(), environ={}, cwd=tmp_path)
    assert (got["format"], got["workers"], got["with_text"], got["field"]) == ("csv", 3, True, ["text=body"])
    env = {"QAWL_FORMAT": "json", "QAWL_WITH_TEXT": "no", "QAWL_FIELD": "text=body, id=uuid"}
    got = settings.resolve("extract", _parse(), environ=env, cwd=tmp_path)
    assert (got["format"], got["workers"], got["with_text"], got["field"]) == (
        "json",
        3,
        False,
        ["text=body", "id=uuid"],
    )
    got = settings.resolve("extract", _parse("-f", "table", "--with-text"), environ=env, cwd=tmp_path)
    assert (got["format"], got["with_text"]) == ("table", True)
    got = settings.resolve("extract", _parse("--no-with-text"), environ={}, cwd=tmp_path)
    assert got["with_text"] is False


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[qawl]\ncolour = 1\n", "unknown setting 'colour'"),
        ("[qawl]\nworkers = true\n", "wants an integer"),
        ('[qawl]\nformat = "xml"\n', "wants one of jsonl, json, csv, table"),
        ("[qawl\n", "not valid TOML"),
        ('qawl = "x"\n', "must be a table"),
    ],
)
def test_bad_config_file_names_the_file(tmp_path: Path, toml: str, message: str) -> None:
    path = tmp_path / "conf.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as info:
        settings.resolve("extract", _parse(), config=path, environ={})
    assert info.value.where == str(path)


@pytest.mark.parametrize(
    "env", [{"QAWL_WORKERS": "two"}, {"QAWL_QUIET": "maybe"}, {"QAWL_FORMAT": "xml"}, {"QAWL_WORKERS": "-2"}]
)
def test_bad_environment_value(tmp_path: Path, env: dict[str, str]) -> None:
    with pytest.raises(ConfigError):
        settings.resolve("extract", _parse(), environ=env, cwd=tmp_path)


def test_config_from_cli(run: Any, batch: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QAWL_FORMAT", raising=False)
    conf = tmp_path / "my.toml"
    conf.write_text('[qawl]\nformat = "json"\nquiet = true\n', encoding="utf-8")
    for argv in (["--config", conf, "extract", batch], ["extract", batch, "--config", conf]):
        r: Run = run(*argv)
        assert r.status == 0 and r.err == ""
        assert [rec["id"] for rec in json.loads(r.out)] == ["a", "b"]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "qawl.toml").write_text('[qawl]\nformat = "csv"\n', encoding="utf-8")
    assert run("extract", batch, "-q").out.startswith("article_id,")
    monkeypatch.setenv("QAWL_FORMAT", "jsonl")
    assert json.loads(run("extract", batch, "-q").out.splitlines()[0])["id"] == "a"


def test_bad_config_is_exit_2(run: Any, batch: Path, tmp_path: Path) -> None:
    r: Run = run("--config", tmp_path / "absent.toml", "extract", batch)
    assert r.status == 2
    assert f"qawl: error: {tmp_path / 'absent.toml'}: config file not found" in r.err
    assert "Traceback" not in r.err


def test_docs_are_up_to_date() -> None:
    assert DOCS.read_text(encoding="utf-8") == settings.render_docs(), (
        "docs/settings.md is stale: run `python -m qawl.settings > docs/settings.md`"
    )


def test_every_setting_has_an_option_in_its_commands() -> None:
    for s in settings.SETTINGS:
        assert s.commands and s.help and s.env == "QAWL_" + s.name.upper()


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_and_from_the_second_item() -> None:
    tally = Tally()
    with ProgressBar(io.StringIO()) as bar:
        bar.update(tally)
        bar.update(tally)
        assert not bar.enabled
    tty = _Tty()
    with ProgressBar(tty) as bar:
        bar.update(tally)
        assert bar._progress is None  # one item: no bar
        tally.articles = 2
        bar.update(tally)
        assert bar._progress is not None
    with ProgressBar(_Tty(), enabled=False) as bar:
        assert not bar.enabled


def test_summary_line() -> None:
    tally = Tally()
    tally.articles, tally.quotes, tally.errors = 1, 2, 0
    assert tally.summary().startswith("1 article, 2 quotes, 0 errors in ")

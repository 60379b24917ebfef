"""Helpers and fixtures for the command-line tests: a fake extractor with known quotes, the CLI runner."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import pytest

import qawl.cli
from qawl.cli import main
from qawl.errors import QawlError
from qawl.model import Article, Quote, Span, Speaker

T = TypeVar("T")
ARABIC = "قال المتحدث باسم البلدية إن أعمال الصيانة ستنتهي قبل نهاية الشهر، مضيفا أن الطرق ستفتح تدريجيا."


@dataclass
class Run:
    status: int
    out: str
    err: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> object:
    def _run(*argv: str | Path) -> Run:
        capsys.readouterr()
        status = main([str(a) for a in argv])
        got = capsys.readouterr()
        return Run(status, got.out, got.err)

    return _run


def fake_extract(article: Article) -> Article:
    """One quote per article: its first word, said by 'سمير' (whatever the real finder does)."""
    end = article.text.find(" ") if " " in article.text else len(article.text)
    quote = Quote(
        span=Span(0, end),
        kind="direct",
        cue=None,
        speaker=Speaker(name="سمير", type="person", confidence=0.75),
        confidence=0.5,
    )
    return replace(article, quotes=(quote,))


def fake_extract_map_raw(
    items: Iterable[Any],
    parse: Callable[[Any], Sequence[Article | QawlError]],
    fn: Callable[[Article], T],
    **kw: object,
) -> Iterator[T | QawlError]:
    for item in items:
        if isinstance(item, QawlError):
            yield item
            continue
        for article in parse(item):
            yield article if isinstance(article, QawlError) else fn(fake_extract(article))


@pytest.fixture
def fake_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(qawl.cli, "extract_map_raw", fake_extract_map_raw)


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """A folder with two good Arabic articles: a.txt and b.txt."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARABIC, encoding="utf-8")
    (folder / "b.txt").write_text("وأضاف الوزير أن " + ARABIC, encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No qawl.toml from the working directory and no QAWL_* variables from the environment leak in."""
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))
    for name in [n for n in os.environ if n.startswith("QAWL_")]:
        monkeypatch.delenv(name)

"""The compiled build: a stale module never runs, QAWL_PURE switches it off, and the output is the same."""

from __future__ import annotations

import importlib.machinery
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from qawl import _native

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "ant-news.jsonl.gz"


def _fake_checkout(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("")
    package = tmp_path / "src" / "qawl"
    for source in _native.compiled_sources(ROOT / "src" / "qawl"):
        target = package / source.relative_to(ROOT / "src" / "qawl")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("")
    return package


def test_compiled_sources_are_the_pipeline_modules() -> None:
    names = {str(p.relative_to(ROOT / "src" / "qawl")) for p in _native.compiled_sources()}
    assert {"pipeline.py", "quotes/find.py", "attribution/attribute.py", "text/normalize.py"} <= names
    assert not any(n.endswith("__init__.py") for n in names)  # packages stay importable without the build
    assert "_native.py" not in names and "cli.py" not in names


def test_an_extension_older_than_its_source_is_stale(tmp_path: Path) -> None:
    package = _fake_checkout(tmp_path)
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    fresh, old = package / "quotes" / "find.py", package / "text" / "glue.py"
    fresh.with_suffix(suffix).write_bytes(b"")
    old.with_suffix(suffix).write_bytes(b"")
    os.utime(fresh, (1_000, 1_000))  # source older than its extension: current
    os.utime(old.with_suffix(suffix), (1_000, 1_000))  # extension older than its source: stale
    assert _native._stale(package) == ["text/glue.py"]


def test_an_installed_package_is_never_stale(tmp_path: Path) -> None:
    package = _fake_checkout(tmp_path)
    (tmp_path / "pyproject.toml").unlink()  # site-packages: no checkout around the package
    source = package / "model.py"
    source.with_suffix(importlib.machinery.EXTENSION_SUFFIXES[0]).write_bytes(b"")
    os.utime(source.with_suffix(importlib.machinery.EXTENSION_SUFFIXES[0]), (1_000, 1_000))
    assert _native._stale(package) == []


def _run(code: str, **env: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return result.stdout


def test_qawl_pure_loads_every_module_from_source() -> None:
    code = (
        "import qawl, qawl.pipeline, qawl.quotes.find, qawl.attribution.attribute as a, qawl._native as n;"
        "print(qawl.pipeline.__file__, a.__file__, n.is_compiled(), n.speedups() is None)"
    )
    pipeline, attribute, compiled, no_kernels = _run(code, QAWL_PURE="1").split()
    assert pipeline.endswith("pipeline.py") and attribute.endswith("attribute.py")
    assert compiled == "False" and no_kernels == "True"  # the native kernels are off too


def test_the_kernels_source_is_checked_for_staleness(tmp_path: Path) -> None:
    package = _fake_checkout(tmp_path)
    kernels = package / _native.KERNELS
    kernels.write_text("")
    ext = kernels.with_suffix(importlib.machinery.EXTENSION_SUFFIXES[0])
    ext.write_bytes(b"")
    os.utime(ext, (1_000, 1_000))
    assert _native._stale(package) == [_native.KERNELS]


def _records(limit: int, **env: str) -> list[str]:
    code = f"""
import gzip, json, sys
from qawl.pipeline import extract
from qawl.records import article_record
with gzip.open({str(CORPUS)!r}, "rt", encoding="utf-8") as f:
    for i, line in enumerate(f):
        if i >= {limit}:
            break
        r = json.loads(line)
        art = extract(r["text"], id=r["id"])
        print(json.dumps(article_record(art), ensure_ascii=False, sort_keys=True))
"""
    return _run(code, **env).splitlines()


@pytest.mark.slow
def test_compiled_and_pure_pipelines_give_identical_records() -> None:
    if not CORPUS.exists():
        pytest.skip(f"corpus not found at {CORPUS}")
    compiled = _run("import qawl, qawl.pipeline, qawl._native as n; print(n.is_compiled())").strip()
    if compiled != "True":
        pytest.skip("this install is pure Python (no compiled build to compare)")
    pure = _records(1500, QAWL_PURE="1")
    fast = _records(1500)
    assert len(pure) == len(fast) == 1500
    differing = [i for i, (a, b) in enumerate(zip(pure, fast, strict=True)) if a != b]
    assert not differing, f"{len(differing)} articles differ, first: {json.loads(pure[differing[0]])['id']}"

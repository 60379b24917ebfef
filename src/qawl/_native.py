"""The compiled build of the extraction pipeline, and the way back to pure Python.

``setup.py`` compiles the modules named here with mypyc (same source, C speed); the pure-Python sources
stay installed beside them, so the package works the same without a compiler. Python imports an extension
module in preference to a source file of the same name, so a compiled module that is older than its source
would silently run old code in a source checkout: then, or when ``QAWL_PURE`` is set, every ``qawl.``
submodule is loaded from its source instead, all of them together (compiled modules call each other
directly, so one stale module cannot be swapped out alone).

This module must stay pure Python and import nothing from qawl: ``setup.py`` reads it before qawl exists.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import TypeVar

F = TypeVar("F")

# Packages whose every module except __init__ is compiled, and single compiled modules (package-relative).
COMPILED_PACKAGES = ("text", "quotes", "attribution")
COMPILED_MODULES = ("model.py", "doc.py", "pipeline.py", "records.py")
# the name of mypyc's shared library for the whole group (one .so at the top level of site-packages)
GROUP = "qawl__mypyc"
# the native kernels, written in C (package-relative source; built with the compiled modules, or not at all)
KERNELS = "_speedups.c"

_HERE = Path(__file__).resolve().parent


def compiled_sources(package_dir: Path = _HERE) -> list[Path]:
    """The source files that the compiled build compiles, in a stable order."""
    out = [package_dir / name for name in COMPILED_MODULES]
    for pkg in COMPILED_PACKAGES:
        out += sorted(p for p in (package_dir / pkg).glob("*.py") if p.name != "__init__.py")
    return out


def _extension_of(source: Path) -> Path | None:
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        candidate = source.with_suffix(suffix)
        if candidate.exists():
            return candidate
    return None


def _stale(package_dir: Path = _HERE) -> list[str]:
    """Compiled modules older than their source, in a source checkout (a wheel install has no sources to
    edit, and unpacking one gives no meaningful modification times)."""
    if not (package_dir.parent.parent / "pyproject.toml").exists():
        return []
    stale = []
    for source in [*compiled_sources(package_dir), package_dir / KERNELS]:
        ext = _extension_of(source)
        if ext is not None and ext.stat().st_mtime < source.stat().st_mtime:
            stale.append(str(source.relative_to(package_dir)))
    return stale


def is_compiled() -> bool:
    """Whether the pipeline runs (or, not yet imported, would run) compiled code in this process."""
    spec = importlib.util.find_spec("qawl.pipeline")
    return spec is not None and spec.origin is not None and not spec.origin.endswith(".py")


def speedups() -> ModuleType | None:
    """The native kernels (``qawl._speedups``), or None when they are not built or pure Python is in use:
    then each caller runs the kernel's pure-Python definition."""
    if any(isinstance(f, _SourceFirst) for f in sys.meta_path):
        return None
    try:
        from qawl import _speedups
    except ImportError:
        return None
    return _speedups


def kernel(name: str, fallback: F) -> F:
    """The native kernel ``name`` of ``qawl._speedups``, or ``fallback``, its Python definition, when the
    kernels are not built or pure Python is in use."""
    kernels = speedups()
    return fallback if kernels is None else getattr(kernels, name)


def build_kind() -> str:
    if not is_compiled():
        return "pure Python"
    return "compiled with mypyc" if speedups() is not None else "compiled with mypyc, no native kernels"


class _SourceFirst:
    """A meta path finder (the protocol needs only ``find_spec``; importlib.abc would cost ~10 ms of
    start-up): loads every ``qawl.`` submodule from its ``.py`` source even where a compiled one exists."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if not fullname.startswith("qawl.") or path is None:
            return None
        leaf = fullname.rpartition(".")[2]
        for entry in map(Path, path):
            package = entry / leaf / "__init__.py"
            if package.is_file():
                return importlib.util.spec_from_file_location(
                    fullname, package, submodule_search_locations=[str(package.parent)]
                )
            module = entry / f"{leaf}.py"
            if module.is_file():
                return importlib.util.spec_from_file_location(fullname, module)
        return None


def use_pure_python() -> bool:
    """Install the source-first finder if the environment asks for it or the compiled modules are stale.
    Returns whether pure Python is in use. Called once, by ``qawl/__init__.py``, before anything else."""
    if any(isinstance(f, _SourceFirst) for f in sys.meta_path):
        return True
    if os.environ.get("QAWL_PURE", "") not in ("", "0"):
        sys.meta_path.insert(0, _SourceFirst())
        return True
    stale = _stale()
    if stale:
        warnings.warn(
            f"qawl: compiled modules are older than their sources ({', '.join(stale[:3])}"
            f"{', …' if len(stale) > 3 else ''}); running the pure-Python sources. "
            "Rebuild with `pip install -e .` for full speed, or set QAWL_PURE=1 to silence this.",
            RuntimeWarning,
            stacklevel=3,
        )
        sys.meta_path.insert(0, _SourceFirst())
        return True
    return False

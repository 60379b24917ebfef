"""Build script: the metadata lives in pyproject.toml; this file only adds the compiled pipeline.

The extraction pipeline (the modules listed in ``src/qawl/_native.py``) is compiled with mypyc when a C
compiler is available: the same typed source, about 1.4-2x faster. A few inner loops that only scan text
are native C (``src/qawl/_speedups.c``), each equal to a pure-Python definition that runs without them. Set
``QAWL_PURE_BUILD=1`` to skip both; if compiling fails, the build says so and installs the pure-Python package,
which behaves the same.
"""

from __future__ import annotations

import os
import runpy
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent
NATIVE = runpy.run_path(str(HERE / "src" / "qawl" / "_native.py"))


class OptionalBuildExt(build_ext):
    """Builds the compiled modules, or none of them: a half-built group would not import."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # a compiler error of any kind: fall back to the pure-Python package
            for output in self.get_outputs():
                Path(output).unlink(missing_ok=True)
            self.extensions = []
            print(f"qawl: compiling the pipeline failed ({exc}); installing pure Python", file=sys.stderr)


def ext_modules() -> list:
    if os.environ.get("QAWL_PURE_BUILD", "") not in ("", "0"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("qawl: mypyc is not available; installing pure Python", file=sys.stderr)
        return []
    sources = [str(p.relative_to(HERE)) for p in NATIVE["compiled_sources"](HERE / "src" / "qawl")]
    kernels = Extension("qawl._speedups", [str(Path("src") / "qawl" / NATIVE["KERNELS"])])
    try:
        return [*mypycify(sources, group_name=NATIVE["GROUP"].removesuffix("__mypyc"), opt_level="3"), kernels]
    except (Exception, SystemExit) as exc:  # mypyc type-checks first and exits on an error
        print(f"qawl: mypyc could not compile the pipeline ({exc}); installing pure Python", file=sys.stderr)
        return []


setup(ext_modules=ext_modules(), cmdclass={"build_ext": OptionalBuildExt})

"""qawl: who said what in Arabic news.

The extraction entry points load the pipeline (lexicons, automata) on first use, so that commands which
do not extract (``qawl search``, ``qawl serve --help``) start quickly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from qawl._native import use_pure_python

# before any compiled module is imported: fall back to the sources if the build is stale or QAWL_PURE is set
use_pure_python()

from qawl.errors import ConfigError, InputError, LexiconError, QawlError, StoreError  # noqa: E402
from qawl.model import Article, OffsetMap, Quote, Span, Speaker  # noqa: E402

if TYPE_CHECKING:
    from qawl.pipeline import extract, extract_article, extract_many, make_article
    from qawl.records import article_record

__all__ = [
    "Article",
    "ConfigError",
    "InputError",
    "LexiconError",
    "OffsetMap",
    "QawlError",
    "Quote",
    "Span",
    "Speaker",
    "StoreError",
    "article_record",
    "extract",
    "extract_article",
    "extract_many",
    "make_article",
]

__version__ = "0.1.0"

_LAZY = {
    "extract": "qawl.pipeline",
    "extract_article": "qawl.pipeline",
    "extract_many": "qawl.pipeline",
    "make_article": "qawl.pipeline",
    "article_record": "qawl.records",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'qawl' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value

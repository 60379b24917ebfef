"""qawl: who said what in Arabic news."""

from qawl.errors import ConfigError, InputError, LexiconError, QawlError, StoreError
from qawl.model import Article, OffsetMap, Quote, Span, Speaker
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

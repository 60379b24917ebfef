"""The error tree. Every error has a stable ``code`` and names the article or path it concerns."""

from __future__ import annotations


class QawlError(Exception):
    """Root of every error qawl raises on purpose."""

    code = "qawl"

    def __init__(self, message: str, *, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class InputError(QawlError):
    """A file or record that cannot be read as an article (bad encoding, binary, malformed JSON)."""

    code = "input"


class LexiconError(QawlError):
    """A data file of the package is malformed; names the file and line."""

    code = "lexicon"


class StoreError(QawlError):
    """The archive cannot be opened, migrated or written."""

    code = "store"


class ConfigError(QawlError):
    """A setting or command-line option has a value that cannot be used."""

    code = "config"

"""Quote finding (being written)."""

from __future__ import annotations

from qawl.doc import Doc


def find_quotes(doc: Doc) -> None:
    doc.quotes = []

"""Speaker attribution (being written)."""

from __future__ import annotations

from qawl.doc import Doc


def attribute(doc: Doc) -> None:
    return None

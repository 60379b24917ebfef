"""Page chrome: lines that are not article body (share buttons, comment counters, source links)."""

from __future__ import annotations

from qawl.doc import Doc


def mark_chrome(doc: Doc) -> None:
    """Placeholder: marks nothing yet."""
    doc.chrome = []

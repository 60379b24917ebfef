"""Paragraphs and sentences, in normalised coordinates."""

from __future__ import annotations

import re

from qawl.doc import Doc

_PARA = re.compile(r"[^\n]+")
_SENT_END = re.compile(r"(?<=[.!?؟])\s+")


def segment(doc: Doc) -> None:
    norm = doc.norm
    doc.paragraphs = [(m.start(), m.end()) for m in _PARA.finditer(norm)]
    sents: list[tuple[int, int]] = []
    for ps, pe in doc.paragraphs:
        start = ps
        for m in _SENT_END.finditer(norm, ps, pe):
            sents.append((start, m.start()))
            start = m.end()
        if start < pe:
            sents.append((start, pe))
    doc.sentences = sents

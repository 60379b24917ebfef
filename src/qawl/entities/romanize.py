"""Latin display names via the offline ``arabic-name-romanizer`` package (people only; cached).

The romanizer runs a small ONNX model for names outside its dictionary, which costs milliseconds per name;
ingestion therefore romanises each batch's new speakers in one ``transliterate_many`` call.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

_CACHE: dict[str, str | None] = {}
_CACHE_MAX = 100_000


@lru_cache(maxsize=1)
def _transliterator() -> Any:
    from arabic_name_romanizer import Transliterator  # loads its dictionaries and model: only when needed

    return Transliterator()


def _clean(out: object) -> str | None:
    if isinstance(out, list | tuple):  # the top_k > 1 shape: take the best candidate
        out = out[0] if out else None
    text = str(out).strip() if out is not None else ""
    return text or None


def latin_names(names: Sequence[str]) -> list[str | None]:
    """Latin forms of ``names`` in order: ``["عبد الفتاح السيسي"]`` → ``['Abdel Fattah al-Sissi']``."""
    todo = sorted({n for n in names if n.strip() and n not in _CACHE})
    if todo:
        if len(_CACHE) > _CACHE_MAX:
            _CACHE.clear()
        for name, out in zip(todo, _transliterator().transliterate_many(todo), strict=True):
            _CACHE[name] = _clean(out)
    return [_CACHE.get(n) if n.strip() else None for n in names]


def latin_name(name: str) -> str | None:
    """``latin_name("عبد الفتاح السيسي")`` → ``'Abdel Fattah al-Sissi'``; ``None`` if not romanisable."""
    return latin_names([name])[0]

"""Latin display names via the offline ``arabic-name-romanizer`` package (people only; cached).

Two modes: ``"rules"`` — the package's name dictionary, then its transliteration rules (about 0.6 ms a
name); ``"model"`` — the dictionary, then its small ONNX model for unknown names (better for foreign names,
about 6 ms a name on one core). Ingestion romanises each batch's new speakers in one call.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Literal

RomanizeMode = Literal["model", "rules", "off"]

_CACHE: dict[tuple[str, str], str | None] = {}
_CACHE_MAX = 100_000


@lru_cache(maxsize=2)
def _transliterator(mode: str) -> Any:
    from arabic_name_romanizer import Transliterator  # loads dictionaries (and the model): only when needed

    return Transliterator(auto_load_model=mode == "model")


def _clean(out: object) -> str | None:
    if isinstance(out, list | tuple):  # the top_k > 1 shape: take the best candidate
        out = out[0] if out else None
    text = str(out).strip() if out is not None else ""
    return text or None


def latin_names(names: Sequence[str], mode: RomanizeMode = "model") -> list[str | None]:
    """Latin forms of ``names`` in order: ``["عبد الفتاح السيسي"]`` → ``['Abdel Fattah al-Sissi']``."""
    if mode == "off":
        return [None] * len(names)
    todo = sorted({n for n in names if n.strip() and (mode, n) not in _CACHE})
    if todo:
        if len(_CACHE) > _CACHE_MAX:
            _CACHE.clear()
        for name, out in zip(todo, _transliterator(mode).transliterate_many(todo), strict=True):
            _CACHE[(mode, name)] = _clean(out)
    return [_CACHE.get((mode, n)) if n.strip() else None for n in names]


def latin_name(name: str, mode: RomanizeMode = "model") -> str | None:
    """``latin_name("عبد الفتاح السيسي")`` → ``'Abdel Fattah al-Sissi'``; ``None`` if not romanisable."""
    return latin_names([name], mode)[0]


def clear_cache() -> None:
    """Forget romanised names (benchmarks clear it between phases)."""
    _CACHE.clear()

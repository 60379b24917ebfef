"""Latin display names via the offline ``arabic-name-romanizer`` package (cached; people only)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=65536)
def latin_name(name: str) -> str | None:
    """``latin_name("عبد الفتاح السيسي")`` → ``'Abdel Fattah al-Sissi'``; ``None`` if not romanisable."""
    if not name.strip():
        return None
    import arabic_name_romanizer  # imported lazily: it loads its dictionaries on first use

    out = arabic_name_romanizer.transliterate(name)
    if isinstance(out, list | tuple):  # top_k > 1 shape; take the best candidate
        out = out[0] if out else None
    text = str(out).strip() if out is not None else ""
    return text or None

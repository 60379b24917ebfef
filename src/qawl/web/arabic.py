"""Arabic wording for the UI: counted nouns and labels.

Arabic counts agree with the number: 1 تصريح واحد, 2 تصريحان, 3–10 تصريحات, 11–99 تصريحًا, 100 تصريح.
"""

from __future__ import annotations

import re
from email.utils import parsedate_to_datetime

#: noun → (singular, dual, plural for 3–10, accusative singular for 11–99)
NOUNS: dict[str, tuple[str, str, str, str]] = {
    "statement": ("تصريح", "تصريحان", "تصريحات", "تصريحًا"),
    "article": ("مقال", "مقالان", "مقالات", "مقالًا"),
    "speaker": ("متحدث", "متحدثان", "متحدثين", "متحدثًا"),
    "page": ("صفحة", "صفحتان", "صفحات", "صفحة"),
}

KIND_AR = {"direct": "مباشر", "indirect": "غير مباشر", "mixed": "مختلط"}
TYPE_AR = {"person": "شخص", "organisation": "جهة", "source": "مصدر", "unknown": "غير محدد"}


def count(n: int, noun: str) -> str:
    """``count(1, "statement")`` → ``"تصريح واحد"``; ``count(17, "statement")`` → ``"17 تصريحًا"``."""
    singular, dual, plural, accusative = NOUNS[noun]
    if n == 1:
        return f"{singular} واحد" if noun != "page" else "صفحة واحدة"
    if n == 2:
        return dual
    rest = n % 100
    if 3 <= rest <= 10:
        return f"{n:,} {plural}"
    if 11 <= rest <= 99:
        return f"{n:,} {accusative}"
    return f"{n:,} {singular}"


_ISO = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def iso_date(value: str | None) -> str | None:
    """The ``YYYY-MM-DD`` (or ``YYYY-MM``, ``YYYY``) day of a stored date, or ``None`` when it cannot be read.

    ``"2024-03-05T10:00:00Z"`` → ``"2024-03-05"``; ``"Wed, 07 Mar 2018 10:21:00 GMT"`` → ``"2018-03-07"``.
    """
    if not value:
        return None
    value = value.strip()
    head = _ISO.match(value)
    if head:
        return head.group()
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None

"""Name keys: the folded form under which the archive compares speaker names.

name_key("دِيمتري  بيسكوف،")  →  'ديمتري بيسكوف'
name_key("وزارة الخارجية")     →  'وزاره الخارجيه'
"""

from __future__ import annotations

import hashlib
import re

from qawl.text.normalize import fold

# hamza seats fold too (مسؤول / مسئول / مسوول are one key); one-to-one, like the search fold
_KEY_FOLD = str.maketrans({"ؤ": "و", "ئ": "ي", "ء": None})
_NON_WORD = re.compile(r"[^\w]+")


def name_key(name: str) -> str:
    """Folded, lower-cased, punctuation-free, single-spaced form of a name."""
    key = fold(name).replace("ؤ", "و").replace("ئ", "ي").replace("ء", "")  # as _KEY_FOLD, scanned in C
    return " ".join(_NON_WORD.sub(" ", key.lower()).split())


def speaker_id_for(group: str, key: str, salt: str = "") -> str:
    """A stable id for the speaker first seen as ``key`` (deterministic, so a re-ingestion into a new archive
    gives the same ids). ``speaker_id_for("p", "دميتري بيسكوف")`` → ``'sp-…'`` (12 hex digits)."""
    digest = hashlib.sha1(f"{group}\x1f{key}\x1f{salt}".encode()).hexdigest()
    return f"sp-{digest[:12]}"

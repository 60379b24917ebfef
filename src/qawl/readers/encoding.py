"""Bytes → text for Arabic news files: UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1256, ISO-8859-6.

A UTF-8 BOM is stripped, so offsets index the text *without* the BOM (a reader that counts bytes or code
points of the raw file must subtract one). Legacy encodings are guessed by charset-normalizer, restricted to
the two plausible Arabic code pages, and accepted only when the result actually contains Arabic letters.
"""

from __future__ import annotations

import codecs
import re

from qawl.errors import InputError

#: encodings tried when the bytes are not UTF-8; anything else is not plausible for Arabic news
LEGACY_ARABIC = ("cp1256", "iso8859_6")

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3]")
# C0 controls other than tab, newline, form feed and carriage return: real text has (almost) none
_CONTROL = re.compile(b"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
_SNIFF = 8192


def has_arabic(text: str) -> bool:
    """True when ``text`` contains at least one Arabic letter: ``has_arabic("Hello")`` → False."""
    return _ARABIC_LETTER.search(text) is not None


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first few kilobytes (and no UTF-16/32 BOM)."""
    head = data[:_SNIFF]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in head:
        return True
    return len(_CONTROL.findall(head)) > max(2, len(head) // 100)


def decode(data: bytes, where: str) -> str:
    """Decode a whole text file; raise ``InputError`` naming ``where`` when it is not text.

    ``decode("قال".encode("cp1256"), "a.txt")`` → ``"قال"``.
    """
    if not data:
        raise InputError("empty file", where=where)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"cannot decode as {encoding} despite its byte-order mark ({exc.reason})", where=where
                ) from None
    if looks_binary(data):
        raise InputError("binary file", where=where)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass  # not UTF-8: try the legacy Arabic code pages below
    # imported here: charset-normalizer costs ~10 ms at start-up and UTF-8 input never needs it
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(LEGACY_ARABIC)).best()
    if best is not None:
        text = str(best)
        if has_arabic(text):
            return text
    raise InputError("cannot decode as UTF-8 or a legacy Arabic encoding (cp1256, iso-8859-6)", where=where)


def decode_text(data: bytes, where: str) -> str:
    """``decode``, and a file of nothing but white space (or a lone BOM) is empty too."""
    text = decode(data, where)
    if not text.strip():
        raise InputError("empty file (only white space)", where=where)
    return text

"""Thai text as rosters hold it: normalised, titles split from names, spaces collapsed.

Rosters are typed in Excel by many hands: decomposed vowels, double spaces, non-breaking
and zero-width spaces, a title glued to the first name (``นายสมชาย``). Two cells that a
person reads as the same name must compare equal here, or a re-import creates a twin.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\s\u00a0\u200b\u2060\ufeff]+")


def normal(value: object) -> str:
    """NFC text with surrounding spaces dropped and inner runs collapsed to one space."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    return _SPACES.sub(" ", text).strip()


def header_key(value: object) -> str:
    """A header compared without any spaces or case: ``ชื่อ - สกุล`` equals ``ชื่อ-สกุล``."""
    return normal(value).replace(" ", "").casefold()


def name_key(first: str, last: str) -> str:
    """The key two rows or records of the same person share (the title is not part of it)."""
    return f"{normal(first)} {normal(last)}".casefold()


def split_title(text: str, titles: tuple[str, ...]) -> tuple[str, str]:
    """``ว่าที่ร้อยตรี ดร.สมชาย ใจดี`` → (``ว่าที่ร้อยตรี ดร.``, ``สมชาย ใจดี``).

    Titles may be stacked and may touch the name without a space; ``titles`` is longest
    first so ``นางสาว`` is not read as ``นาง`` + ``สาว…``.
    """
    rest, found = normal(text), []
    while True:
        title = next((t for t in titles if rest.startswith(t) and len(rest) > len(t)), None)
        if title is None:
            return " ".join(found), rest
        found.append(title)
        rest = rest[len(title) :].strip()


def split_name(text: str) -> tuple[str, str] | None:
    """``สมชาย ใจดี`` → (``สมชาย``, ``ใจดี``); the last name keeps any further words."""
    parts = normal(text).split(" ")
    if len(parts) < 2:
        return None
    return parts[0], " ".join(parts[1:])


def school_key(name: str, prefixes: tuple[str, ...]) -> str:
    """A school name compared without its prefix: ``รร.บ้านไผ่`` equals ``โรงเรียนบ้านไผ่``."""
    text = normal(name)
    for prefix in sorted(prefixes, key=len, reverse=True):
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    return text.replace(" ", "").casefold()

"""Thai text as rosters hold it: normalised, titles split from names, spaces collapsed.

Rosters are typed in Excel by many hands: decomposed vowels, double spaces, non-breaking
and zero-width spaces, a title glued to the first name (``นายสมชาย``). Two cells that a
person reads as the same name must compare equal here, or a re-import creates a twin.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\s\u00a0\u200b\u2060\ufeff]+")
_BRACKETS = re.compile(r"\([^)]*\)")


def normal(value: object) -> str:
    """NFC text with surrounding spaces dropped and inner runs collapsed to one space."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    return _SPACES.sub(" ", text).strip()


def header_key(value: object) -> str:
    """A header compared without any spaces or case: ``ชื่อ - สกุล`` equals ``ชื่อ-สกุล``."""
    return normal(value).replace(" ", "").casefold()


def header_keys(value: object) -> list[str]:
    """The header's key, then the key without bracketed notes (``วันที่บรรจุ (พ.ศ.)``)."""
    keys = [header_key(value)]
    bare = header_key(_BRACKETS.sub("", normal(value)))
    return keys if bare in keys or not bare else [*keys, bare]


def value_key(value: object) -> str:
    """A cell value compared without spaces, dots or case: ``ผอ.ร.ร.`` equals ``ผอ.รร.``.

    Thai writes no spaces inside a phrase and abbreviates with dots placed at will, so
    neither tells two position or grade spellings apart.
    """
    return normal(value).replace(" ", "").replace(".", "").casefold()


def name_key(first: str, last: str) -> str:
    """The key two rows or records of the same person share (the title is not part of it)."""
    return f"{normal(first)} {normal(last)}".casefold()


def split_title(text: str, titles: tuple[str, ...]) -> tuple[str, str]:
    """``ว่าที่ร้อยตรี ดร.สมชาย ใจดี`` → (``ว่าที่ร้อยตรี ดร.``, ``สมชาย ใจดี``).

    Titles may be stacked and may touch the name without a space; ``titles`` is longest
    first so ``นางสาว`` is not read as ``นาง`` + ``สาว…``.
    """
    rest, found = normal(text), list[str]()
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


def strip_prefix(text: str, prefixes) -> tuple[str, str]:
    """(the prefix ``text`` starts with, or "", the rest without it); longest prefix first."""
    text = normal(text)
    for prefix in sorted(prefixes, key=len, reverse=True):
        if prefix and text.startswith(prefix) and len(text) > len(prefix):
            return prefix, text[len(prefix) :].strip()
    return "", text


def school_key(name: str, prefixes: tuple[str, ...]) -> str:
    """A school name compared without its prefix: ``รร.บ้านไผ่`` equals ``โรงเรียนบ้านไผ่``."""
    return strip_prefix(name, prefixes)[1].replace(" ", "").casefold()


def school_name(name: str, prefixes: tuple[str, ...]) -> str:
    """The name a new school is recorded under: ``ร.ร.บ้านโคก`` → ``โรงเรียนบ้านโคก``.

    The first prefix is the full word; an abbreviation is replaced by it, a name written
    without any prefix is kept as written (not every school's name starts with โรงเรียน).
    """
    prefix, rest = strip_prefix(name, prefixes)
    return f"{prefixes[0]}{rest}" if prefix and prefixes else normal(name)


def district_key(name: str, prefixes: dict[str, str]) -> str:
    """A district compared without its prefix: ``ดอนสะอาด`` equals ``อำเภอดอนสะอาด``, ``อ.ดอนสะอาด``."""
    return strip_prefix(name, prefixes)[1].replace(" ", "").casefold()


def district_name(name: str, prefixes: dict[str, str]) -> str:
    """A district as records hold it: ``อ.ดอนสะอาด`` and ``ดอนสะอาด`` → ``อำเภอดอนสะอาด``.

    ``prefixes`` maps each prefix to its full word; a name without one gets the first full
    word (อำเภอ); an office whose districts are เขต lists that first in its mapping file.
    """
    prefix, rest = strip_prefix(name, prefixes)
    if not rest:
        return ""
    full = prefixes.get(prefix) if prefix else next(iter(prefixes.values()), "")
    return f"{full}{rest}"

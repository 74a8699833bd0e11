"""Thai national-ID numbers in any disguise (PA501).

A 13-digit number passing the national-ID checksum must never be stored. People write one
as ``1-1017-00203-45-0``, ``1.1017.00203.45.0``, ``1101 7002 0345 0``, in Thai digits
(``๑๑๐๑…``) or full-width ones; YAML can fold it across two lines or spell a digit as an
escape. So digits of any script are read as digits, any grouping by spaces, dashes or dots
is seen through, and both the raw text (for the exact line) and the parsed values (for
what folding and escapes made of it) are searched.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from .problems import Pointer, Problem, problem

# What may stand between the digits of one number: spaces (also no-break and the wide
# ones), hyphens, dashes and the minus sign, dots (also the full-width and leader ones).
_SEPARATOR = (
    r" \t\u00a0\u2000-\u200a\u202f\u205f\u3000"
    r"\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d"
    r".\u00b7\u2024\u2027\u30fb\uff0e\uff61"
)
_RUN = r"\d+(?:[{sep}]{{1,3}}\d+)*"
# In the raw text a number is looked for within a line (the line of a hit is exact); in a
# parsed value across line breaks too (a block scalar keeps them).
_ON_A_LINE = re.compile(_RUN.format(sep=_SEPARATOR))
_IN_A_VALUE = re.compile(_RUN.format(sep=_SEPARATOR + r"\n\r"))
_DIGITS = re.compile(r"\d+")
LENGTH = 13


def is_national_id(digits: str) -> bool:
    """The Thai national-ID checksum: 13 digits, the last a mod-11 check of the first 12."""
    if len(digits) != LENGTH or not digits.isdecimal():
        return False
    digits = ascii_digits(digits)
    if digits[0] == "0":
        return False
    total = sum(int(d) * (LENGTH - i) for i, d in enumerate(digits[:12]))
    return (11 - total % 11) % 10 == int(digits[12])


def ascii_digits(text: str) -> str:
    """Digits of any script (Thai ๐–๙, full-width, ...) as 0–9."""
    return "".join(str(unicodedata.decimal(c)) if not c.isascii() else c for c in text)


def ids_in(text: str, pattern: re.Pattern = _ON_A_LINE) -> Iterator[tuple[int, str]]:
    """(offset, 13 ASCII digits) of every national ID written in ``text``.

    A run of digit groups joined by separators is one number however it is grouped; an
    ID is any stretch of whole groups holding 13 digits (``12 1101700203450`` still holds
    one), never part of a longer group (``11017002034501`` is not one).
    """
    for run in pattern.finditer(text):
        if run.end() - run.start() < LENGTH:
            continue  # too short to hold 13 digits: most runs (dates, counts, phones)
        groups = [(m.start(), m.group()) for m in _DIGITS.finditer(run.group())]
        for first in range(len(groups)):
            count = 0
            for last in range(first, len(groups)):
                count += len(groups[last][1])
                if count >= LENGTH:
                    break
            if count == LENGTH:
                digits = ascii_digits("".join(g for _, g in groups[first : last + 1]))
                if is_national_id(digits):
                    yield run.start() + groups[first][0], digits


def national_ids(text: str, file: str) -> list[Problem]:
    """PA501 at the line and column of every national ID in the raw ``text``."""
    out = []
    for offset, _ in ids_in(text):
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        out.append(problem("PA501", file, line=line, column=column))
    return out


def national_ids_in_data(data: Any, text: str, file: str) -> list[Problem]:
    """PA501 for each ID that only the parsed values show (folded, escaped): one the raw
    text already shows is reported there, at its exact column."""
    found = [
        (pointer, digits)
        for pointer, value in _long_strings(data, (), [])
        for _, digits in ids_in(value, _IN_A_VALUE)
    ]
    if not found:
        return []
    seen = {digits for _, digits in ids_in(text)}
    return [problem("PA501", file, pointer) for pointer, digits in found if digits not in seen]


def _long_strings(data: Any, pointer: Pointer, out: list) -> list[tuple[Pointer, str]]:
    """Every string in ``data`` (keys too) long enough to hold an ID, with its pointer."""
    items: Iterable[tuple[Any, Any]]
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return out
    for key, value in items:
        if isinstance(key, str) and len(key) >= LENGTH:
            out.append(((*pointer, key), key))
        if isinstance(value, str):
            if len(value) >= LENGTH:
                out.append(((*pointer, key), value))
        elif isinstance(value, dict | list):
            _long_strings(value, (*pointer, key), out)
    return out

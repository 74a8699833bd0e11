"""Rows below the header that are not people: totals, the signature block, blank-ish lines.

An HR officer's workbook ends with a total (``รวม 18 คน``) and a signed block
(``ลงชื่อ ........ ผู้รายงาน`` / ``(นายสมศักดิ์ ใจดี)`` / ``ตำแหน่ง ...``); read as people they
would each be a bad row and stop the import. They are recognised by the words in the
mapping's ``skip_rows`` (data, not code) and skipped with a notice naming the row, so
nothing vanishes without a word. A row is only ever read as a signature line when it is
short (a person's row fills many columns), so a remark that happens to hold such a word
does not hide a person.
"""

from __future__ import annotations

import datetime as dt
import re

from .mapping import Mapping
from .text import normal

SHORT = 3  # at most this many filled cells in a signature line
_DOTS = re.compile(r"^[\s._\-–—…:/]*$")  # a dotted line left for a signature or a date


def has_content(value: object) -> bool:
    """A cell that says something: a number, a date, or text with a letter or digit."""
    if isinstance(value, (dt.date, int, float)) and not isinstance(value, bool):
        return True
    return any(ch.isalnum() for ch in normal(value))


def row_kind(cells: list, read: set[int], mapping: Mapping) -> str | None:
    """``summary``, ``signature``, ``blank`` or ``empty`` for a row that is not a person.

    ``read`` are the columns the import reads; a row with nothing in them is ``blank``
    (a lone row number, a dash) or, with nothing anywhere, ``empty`` (skipped silently).
    """
    texts = [normal(v) for v in cells if normal(v)]
    if not texts:
        return "empty"
    words = mapping.skip_rows
    if any(_starts_with_word(t, words.get("summary", ())) for t in texts):
        return "summary"
    if len(texts) <= SHORT and _signature(texts, words):
        return "signature"
    if not any(has_content(cells[c]) for c in read if c < len(cells)):
        return "blank"
    return None


def _signature(texts: list[str], words: dict[str, tuple[str, ...]]) -> bool:
    if any(word in text for text in texts for word in words.get("signature", ())):
        return True
    lines = words.get("signature_lines", ())
    return all(
        _DOTS.match(text)
        or (text.startswith("(") and text.endswith(")"))
        or _starts_with_word(text, lines)
        for text in texts
    )


def _starts_with_word(text: str, words: tuple[str, ...]) -> bool:
    """``รวม 18 คน`` starts with the word รวม; ``รวมศักดิ์ ใจดี`` (a first name) does not."""
    for word in words:
        if text.casefold().startswith(word.casefold()):
            rest = text[len(word) :]
            if not rest or rest[0].isspace() or rest[0].isdigit() or rest[0] in ".:…":
                return True
    return False

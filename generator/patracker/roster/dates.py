"""Roster dates to ISO Gregorian, the only form files may hold (DOMAIN.md §3).

Decisions, because rosters hold every kind of date:

- A real date cell is read as it is; an Excel serial number (a date cell that lost its
  format, or ``38084`` typed in a CSV) is converted from Excel's 1900 epoch, with a warning.
- A four-digit year of 2400 or more is Buddhist Era: no appointment happened after CE 2400,
  so the reading is unambiguous and the date is converted (BE − 543), with a warning
  naming the row so the officer can check it. This holds for text (``7/4/2547``,
  ``7 เม.ย. 2547``) and for date cells whose year was typed in BE.
- A two-digit year (``7/4/47``) is ambiguous (BE 2547? CE 1947?): the row is refused.
- Day comes before month in slashed dates, as Thai offices write them.
- A date before 1950 or more than a year ahead is refused as a typing error.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..thai import MONTHS_LONG, MONTHS_SHORT
from .text import normal

EXCEL_EPOCH = dt.date(1899, 12, 30)
BE_OFFSET = 543
EARLIEST = dt.date(1950, 1, 1)
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?")
_DMY = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2}|\d{4})")
_SERIAL = re.compile(r"\d{4,6}(?:\.0+)?")
_MONTHS = {name.replace(".", ""): n for n, name in enumerate(MONTHS_SHORT, 1)} | {
    name: n for n, name in enumerate(MONTHS_LONG, 1)
}
_WORDS = re.compile(r"(\d{1,2})\s*([ก-๛.]+?)\s*(?:พ\.?\s*ศ\.?)?\s*(\d{2}|\d{4})")


@dataclass
class Parsed:
    """A date as ISO text, or why not; ``notes`` are (code, fields) warnings or errors."""

    value: str | None = None
    notes: list[tuple[str, dict]] = field(default_factory=list)


def parse_date(raw: object, today: dt.date) -> Parsed:
    """Read one roster date cell; see the module docstring for what is converted or refused."""
    found = Parsed()
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date):
        day = _calendar(raw.year, raw.month, raw.day, _shown(raw), found)
    elif isinstance(raw, (int, float)) and not isinstance(raw, bool):
        day = _serial(raw, str(raw), found)
    else:
        day = _text(normal(raw).translate(_THAI_DIGITS), found)
    if day is None:
        return found
    latest = today + dt.timedelta(days=366)
    if not EARLIEST <= day <= latest:
        found.notes.append(
            (
                "PA716",
                {
                    "found": day.isoformat(),
                    "start": EARLIEST.isoformat(),
                    "end": latest.isoformat(),
                },
            )
        )
        return found
    found.value = day.isoformat()
    return found


def _text(text: str, found: Parsed) -> dt.date | None:
    if _SERIAL.fullmatch(text):
        return _serial(float(text), text, found)
    for pattern, order in ((_ISO, "ymd"), (_DMY, "dmy"), (_WORDS, "dmy")):
        match = pattern.fullmatch(text)
        if match:
            parts = dict(zip(order, match.groups(), strict=True))
            return _assemble(parts, text, found)
    found.notes.append(("PA713", {"found": text}))
    return None


def _assemble(parts: dict[str, str], text: str, found: Parsed) -> dt.date | None:
    month = parts["m"]
    number = int(month) if month.isdigit() else _MONTHS.get(month.replace(".", ""))
    if len(parts["y"]) == 2:
        found.notes.append(("PA717", {"found": text}))
        return None
    return _calendar(int(parts["y"]), number or 0, int(parts["d"]), text, found)


def _calendar(year: int, month: int, day: int, shown: str, found: Parsed) -> dt.date | None:
    """A Gregorian date from parts whose year may be Buddhist Era (2400 and later)."""
    be = year >= 2400
    try:
        value = dt.date(year - BE_OFFSET if be else year, month, day)
    except ValueError:
        found.notes.append(("PA713", {"found": shown}))
        return None
    if be:
        found.notes.append(
            ("PA714", {"year": year, "found": shown, "converted": value.isoformat()})
        )
    return value


def _serial(number: float, shown: str, found: Parsed) -> dt.date | None:
    if number != int(number) or not 1 <= number < 2_958_466:
        found.notes.append(("PA713", {"found": shown}))
        return None
    day = EXCEL_EPOCH + dt.timedelta(days=int(number))
    found.notes.append(("PA715", {"found": shown, "converted": day.isoformat()}))
    return _calendar(day.year, day.month, day.day, shown, found)


def _shown(raw: object) -> str:
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return normal(raw)

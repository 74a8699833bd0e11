"""Thai presentation: Buddhist Era dates and Thai number formatting for pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from .engine.exact import floor

MONTHS_SHORT = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
MONTHS_LONG = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip


def as_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def be_date(value: dt.date | str | None, long: bool = False) -> str:
    """``2025-10-01`` → ``1 ต.ค. 2568`` (files are Gregorian; pages are Buddhist Era)."""
    day = as_date(value)
    if day is None:
        return "-"
    months = MONTHS_LONG if long else MONTHS_SHORT
    return f"{day.day} {months[day.month - 1]} {day.year + 543}"


def number(value: float | int | Fraction | Decimal | None, digits: int = 0) -> str:
    """Thousands separated; an exact engine figure (a score, a mean) is cut, not rounded,
    so 69.999 shows as 69.99 beside a 70 threshold (``engine.exact.floor``)."""
    if value is None:
        return "-"
    if isinstance(value, (Fraction, Decimal)):
        value = floor(value, digits)
    return f"{value:,.{digits}f}"


def percent(value: float | Fraction | Decimal | None, digits: int = 1) -> str:
    """A percentage, always cut downwards: 59.99 % shows as 59.9 %, never 60.0 %."""
    return "-" if value is None else f"{floor(value, digits):,.{digits}f}%"

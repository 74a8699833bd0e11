"""Thai presentation: Buddhist Era dates and Thai number formatting for pages."""

from __future__ import annotations

import datetime as dt

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


def number(value: float | int | None, digits: int = 0) -> str:
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


def percent(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}%"

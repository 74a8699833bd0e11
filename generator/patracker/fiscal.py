"""The Thai fiscal year: named by the Buddhist Era year in which it ends (DOMAIN.md §3).

A leaf module every stage may use: FY 2569 = 1 Oct 2025 – 30 Sep 2026, round 1 =
1 Oct – 31 Mar, round 2 = 1 Apr – 30 Sep. The office file holds the rounds it actually
uses; these are the defaults new records and the demo are laid out by.
"""

from __future__ import annotations

import datetime as dt

BE_OFFSET = 543


def fiscal_year_of(day: dt.date) -> int:
    """The BE fiscal year a date falls in."""
    return day.year + BE_OFFSET + (1 if day.month >= 10 else 0)


def fiscal_year_span(fiscal_year: int) -> tuple[dt.date, dt.date]:
    end = fiscal_year - BE_OFFSET
    return dt.date(end - 1, 10, 1), dt.date(end, 9, 30)


def round_span(fiscal_year: int, round_: int) -> tuple[dt.date, dt.date]:
    """The default dates of round 1 (Oct–Mar) or round 2 (Apr–Sep)."""
    start, end = fiscal_year_span(fiscal_year)
    if round_ == 1:
        return start, dt.date(end.year, 3, 31)
    return dt.date(end.year, 4, 1), end

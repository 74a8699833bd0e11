"""Dates as the office counts them: fiscal years, rounds, working days, Thai BE display.

Working days exclude weekends, Thai public holidays (the ``holidays`` package) and the
office's own closed days, because deadlines in the regulations are counted that way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import holidays

from ..fiscal import fiscal_year_of, fiscal_year_span  # noqa: F401  (part of this module's surface)
from ..thai import be_date


def round_of(rounds: Iterable, day: dt.date):
    """The office round (``model.Round``) containing ``day``, or None between rounds."""
    return next((r for r in rounds if r.start <= day <= r.end), None)


def thai_date(day: dt.date | None) -> str:
    """``1 ต.ค. 2568``: how every page and report shows a date."""
    return be_date(day)


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day ``months`` later, clamped to the month's end (31 Aug + 6 → 28/29 Feb)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


@lru_cache(maxsize=64)
def _thai_holidays(year: int) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("TH", years=year, language="th"))


@dataclass(frozen=True)
class WorkingCalendar:
    """Weekends + Thai public holidays + ``closed`` (office closed days, date → name)."""

    closed: dict[dt.date, str] = field(default_factory=dict)

    @classmethod
    def of(cls, office) -> WorkingCalendar:
        days = office.rules.closed_days if office is not None else ()
        return cls({c.date: c.name for c in days})

    def holiday(self, day: dt.date) -> str | None:
        """The name of the holiday on ``day`` (Thai), or None on a normal day."""
        return self.closed.get(day) or _thai_holidays(day.year).get(day)

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and self.holiday(day) is None

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``start`` (``start`` itself not counted)."""
        day = start
        while count > 0:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 if end ≤ start)."""
        days, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            days += self.is_working_day(day)
        return days

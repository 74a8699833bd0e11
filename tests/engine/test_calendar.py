"""Fiscal years, rounds and working days across Thai holidays, weekends and office closures."""

from __future__ import annotations

import datetime as dt

import pytest

from patracker.engine.calendar import (
    WorkingCalendar,
    add_months,
    fiscal_year_of,
    fiscal_year_span,
    round_of,
    thai_date,
)

from .conftest import office, rounds_2569

D = dt.date


@pytest.mark.parametrize(
    ("day", "fy"),
    [
        (D(2025, 9, 30), 2568),
        (D(2025, 10, 1), 2569),
        (D(2026, 9, 30), 2569),
        (D(2026, 10, 1), 2570),
    ],
)
def test_fiscal_year_boundaries(day, fy):
    assert fiscal_year_of(day) == fy


def test_fiscal_year_span():
    assert fiscal_year_span(2569) == (D(2025, 10, 1), D(2026, 9, 30))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2025, 10, 1), 1),
        (D(2026, 3, 31), 1),
        (D(2026, 4, 1), 2),
        (D(2026, 9, 30), 2),
        (D(2026, 10, 1), None),
    ],
)
def test_round_boundary_dates(day, expected):
    found = round_of(rounds_2569(), day)
    assert (found.round if found else None) == expected


@pytest.mark.parametrize(
    ("start", "days", "expected", "why"),
    [
        # Thu 9 Apr 2026 + 5: Fri 10; weekend; Songkran Mon-Wed 13-15; Thu 16, Fri 17; weekend; Mon 20, Tue 21
        (D(2026, 4, 9), 5, D(2026, 4, 21), "Songkran and a weekend"),
        (D(2025, 12, 4), 1, D(2025, 12, 8), "Fri 5 Dec (Father's Day), then a weekend"),
        (D(2026, 3, 2), 1, D(2026, 3, 4), "Makha Bucha on Tue 3 Mar 2026"),
        (D(2026, 3, 6), 1, D(2026, 3, 9), "a plain weekend"),
    ],
)
def test_add_working_days(start, days, expected, why):
    assert WorkingCalendar().add_working_days(start, days) == expected, why


def test_office_closed_days_are_not_working_days():
    # Mon 29 Dec 2025 + 1: Tue 30 closed by the office; 31 Dec, 1 and 2 Jan holidays; weekend
    closed = WorkingCalendar.of(office(closed=((D(2025, 12, 30), "ปิดสำนักงาน"),)))
    assert closed.add_working_days(D(2025, 12, 29), 1) == D(2026, 1, 5)
    assert WorkingCalendar().add_working_days(D(2025, 12, 29), 1) == D(2025, 12, 30)
    assert closed.holiday(D(2025, 12, 30)) == "ปิดสำนักงาน"


def test_holiday_names_are_thai():
    assert WorkingCalendar().holiday(D(2026, 4, 13)) == "วันสงกรานต์"
    assert WorkingCalendar().holiday(D(2026, 4, 17)) is None


def test_working_days_between():
    assert WorkingCalendar().working_days_between(D(2026, 4, 9), D(2026, 4, 21)) == 5
    assert WorkingCalendar().working_days_between(D(2026, 4, 21), D(2026, 4, 9)) == 0


@pytest.mark.parametrize(
    ("day", "text"),
    [(D(2025, 10, 1), "1 ต.ค. 2568"), (D(2026, 3, 31), "31 มี.ค. 2569"), (None, "-")],
)
def test_thai_date(day, text):
    assert thai_date(day) == text


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2025, 8, 31), 6, D(2026, 2, 28)),
        (D(2023, 8, 31), 6, D(2024, 2, 29)),
        (D(2024, 5, 15), 24, D(2026, 5, 15)),
    ],
)
def test_add_months_clamps_to_month_end(day, months, expected):
    assert add_months(day, months) == expected

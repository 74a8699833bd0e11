"""Salary step: 80 + 10 + 10 points and the five bands, all from forms/salary-step.yaml."""

from __future__ import annotations

import pytest

from patracker.engine.salary import band_of, salary_score

from .conftest import FORMS

STEP = FORMS.salary_step


@pytest.mark.parametrize(
    ("percent", "total", "band"),
    [
        ({"performance": 100, "participation": 100, "discipline": 100}, 100, "ดีเด่น"),
        # 75 % of 80 = 60, + 10 + 10
        ({"performance": 75, "participation": 100, "discipline": 100}, 80, "ดีมาก"),
        ({"performance": 75, "participation": 50, "discipline": 50}, 70, "ดี"),
        ({"performance": 62.5, "participation": 50, "discipline": 50}, 60, "พอใช้"),
        ({"performance": 62.5, "participation": 40, "discipline": 50}, 59, "ต้องปรับปรุง"),
        # a missing component scores 0, never more
        ({"performance": 100}, 80, "ดีมาก"),
        # out-of-range inputs are clamped
        ({"performance": 150, "participation": -5, "discipline": 100}, 90, "ดีเด่น"),
    ],
)
def test_salary_score(percent, total, band):
    result = salary_score(percent, STEP)
    assert result.total == pytest.approx(total)
    assert result.band_title == band


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (90, "outstanding"),
        (89.99, "very-good"),
        (80, "very-good"),
        (79.99, "good"),
        (70, "good"),
        (69.99, "fair"),
        (60, "fair"),
        (59.99, "improve"),
        (0, "improve"),
    ],
)
def test_band_edges(total, band):
    assert band_of(total, STEP)[0] == band


def test_components_are_80_10_10():
    assert [(c.key, c.weight) for c in STEP.components] == [
        ("performance", 80),
        ("participation", 10),
        ("discipline", 10),
    ]

"""Exact arithmetic wherever a threshold is compared (issue 18, item 1).

Binary floats would make these cases fail; the engine's exact fractions pass them, and
the pages cut figures downwards so a fail never shows as the pass mark.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from fractions import Fraction

import pytest

from conftest import project_at
from patracker import thai
from patracker.engine.exact import exact, floor, reaches
from patracker.engine.induction import evaluate_round, induction_tracks
from patracker.engine.kpis import Kpi
from patracker.engine.salary import band_of, salary_score
from patracker.engine.scoring import score
from patracker.model import InductionEvaluation, build_model
from patracker.report import _num
from patracker.validate import validate

from .conftest import FORMS

D = dt.date
W26 = FORMS.induction


def w26(member: str, conduct: dict, work: dict, n: int = 3) -> InductionEvaluation:
    return InductionEvaluation(
        f"people/a1/induction/e{n}-{member}.yaml", "a1", n, member, D(2026, 4, 1),
        {"conduct": conduct, "work": work}, True,
    )  # fmt: skip


FULL_WORK = {"2.1": 20, "2.2": 10, "2.3": 10, "2.4": 10}


@pytest.mark.parametrize(
    ("conduct", "percent", "passed"),
    [
        # 6.1 + 6.1 + 7.1 + 7.9 + 7.8 = 35.0 of 50 = 70 % exactly → passes evaluation 3's 70 %
        # (in binary floats the sum is 34.99999999999999 → 69.99999999999999 %, a fail)
        ({"1.1": 6.1, "1.2": 6.1, "1.3": 7.1, "1.4": 7.9, "1.5": 7.8}, Fraction(70), True),
        # 6.1 + 6.1 + 7.1 + 7.9 + 7.7 = 34.9 of 50 = 69.8 % → fails
        ({"1.1": 6.1, "1.2": 6.1, "1.3": 7.1, "1.4": 7.9, "1.5": 7.7}, Fraction(698, 10), False),
        # 9.9 + 9.8 + 9.7 + 0.3 + 5.3 = 35.0 → 70 % (floats happen to agree here)
        ({"1.1": 9.9, "1.2": 9.8, "1.3": 9.7, "1.4": 0.3, "1.5": 5.3}, Fraction(70), True),
    ],
)
def test_w26_exactly_70_percent_passes(conduct, percent, passed):
    members = ("d1", "k1", "x1")
    rows = [w26(m, conduct, FULL_WORK) for m in members]
    result = evaluate_round(3, rows, members, W26, D(2026, 5, 1))
    assert result.threshold == 70
    assert result.percent["conduct"] == percent  # exact, no approx
    assert result.percent["work"] == 100
    assert result.passed is passed


def test_w26_scores_written_in_yaml_reach_the_engine_as_their_text(records):
    """A record's 6.1 is 61/10 in the engine: from the file through the loader and model."""
    for text, want in (
        ("6.1", Fraction(61, 10)),
        ("7.9", Fraction(79, 10)),
        ("0.3", Fraction(3, 10)),
    ):
        assert exact(float(text)) == want
    assert exact(Decimal("7.8")) == Fraction(78, 10) and exact(7) == 7
    folder = records / "people" / "napa-jaiyen" / "induction"
    text = (folder / "e1-kanya-srisuk.yaml").read_text(encoding="utf-8")
    text = text.replace("evaluation: 1", "evaluation: 3")
    for code, points in (
        ("1.1", "6.1"),
        ("1.2", "6.1"),
        ("1.3", "7.1"),
        ("1.4", "7.9"),
        ("1.5", "7.8"),
    ):
        text = re.sub(rf'"{re.escape(code)}": \d+', f'"{code}": {points}', text, count=1)
    (folder / "e1-kanya-srisuk.yaml").unlink()
    (folder / "e3-kanya-srisuk.yaml").write_text(text, encoding="utf-8")
    project = project_at(records)
    model = build_model(validate(project).corpus, project.forms)
    (track,) = induction_tracks(model, project.forms, D(2026, 12, 1))
    (third,) = track.rounds
    # one member in so far (the others missing): 35 of 50 = 70 % exactly, the 70 % mark
    assert third.number == 3 and third.percent["conduct"] == 70
    assert all(p >= third.threshold for p in third.percent.values())


@pytest.mark.parametrize(
    ("value", "digits", "shown"),
    [
        (Fraction(5999, 100), 1, "59.9%"),  # 59.99 % never shows as 60.0 %
        (Fraction(179, 3), 1, "59.6%"),  # 59.666… → cut, not rounded to 59.7
        (Fraction(60), 1, "60.0%"),
        (59.99, 1, "59.9%"),  # a float is cut the same way
        (Fraction(209, 3), 2, "69.66%"),  # 69.666…
    ],
)
def test_percentages_are_cut_towards_the_verdict(value, digits, shown):
    assert thai.percent(value, digits) == shown


def test_numbers_from_the_engine_are_cut_too():
    # a PA 3 mean of 209.99/3 = 69.996… points shows 69.99 beside the 70 threshold, not 70.00
    assert thai.number(Fraction(20999, 300), 2) == "69.99"
    assert thai.number(Fraction(70), 2) == "70.00"
    assert floor(Fraction(-1, 3), 1) == Decimal("-0.4")  # towards minus infinity
    assert _num(Fraction(20999, 300)) == 69.99  # the report's cells agree with the pages


def test_pa2_total_of_exactly_70_passes_with_a_form_of_7_indicators():
    # 7 indicators share 60 points: 60/7 each; level 2 of 4 → 30/7 each, × 7 = 30 exactly;
    # Part 2 all level 4 = 20 + 10 + 10 = 40 → total 70 = 70 % (floats: 2/4*(60/7) summed
    # 7 times is 30.000000000000004 here, 13 indicators give 29.99999999999999)
    codes = tuple(f"1.{i}" for i in range(1, 8))
    result = score(
        dict.fromkeys(codes, 2),
        dict.fromkeys(("methods", "quantitative", "qualitative"), 4),
        FORMS.pa2,
        codes,
    )
    assert result.total == 70 and result.reaches(70) and not result.reaches(Fraction(7001, 100))
    codes13 = tuple(f"1.{i}" for i in range(1, 14))
    # 13 × (2/4 × 60/13) = 30 exactly
    assert score(dict.fromkeys(codes13, 2), {}, FORMS.pa2, codes13).part1 == 30


@pytest.mark.parametrize(
    ("percent", "total", "band"),
    [
        # 69 % of 80 = 55.2, 18 % of 10 = 1.8, 30 % of 10 = 3 → 60 exactly: พอใช้
        # (floats: 55.199999… + 1.8 + 3 = 59.99999999999999, ต้องปรับปรุง)
        ({"performance": 69, "participation": 18, "discipline": 30}, 60, "fair"),
        # 69.5 % of 80 = 55.6, 44 % of 10 = 4.4, 0 → 60 exactly
        ({"performance": 69.5, "participation": 44, "discipline": 0}, 60, "fair"),
        # 69.4 % of 80 = 55.52 + 4.4 = 59.92 → ต้องปรับปรุง
        (
            {"performance": 69.4, "participation": 44, "discipline": 0},
            Fraction(5992, 100),
            "improve",
        ),
    ],
)
def test_salary_bands_are_compared_exactly(percent, total, band):
    result = salary_score(percent, FORMS.salary_step)
    assert result.total == total and result.band == band
    assert band_of(Fraction(7999, 100), FORMS.salary_step)[0] == "good"  # 79.99 is ดี


def test_kpi_met_exactly():
    # 19 of 20 registered = 95 % exactly, target 95 → met; 94.96… → not met, shown 94.9 %
    met = Kpi("registered", "", "%", Fraction(100 * 19, 20), 95, (), ())
    assert met.met is True and reaches(Fraction(2374, 25), 95) is False
    assert thai.percent(Fraction(100 * 2374, 2500)) == "94.9%"

"""DOMAIN §9 KPIs with the ids behind each figure."""

from __future__ import annotations

import datetime as dt

import pytest

from patracker.engine import kpis

from .conftest import FORMS, agreement, committee, evaluation, make_model, person, review, survey

D = dt.date


def test_registered_counts_people_who_owe_a_pa():
    m = make_model(
        people=[
            person("t1"),
            person("t2"),
            person("t3"),
            person("a1", position="assistant-teacher"),  # ว26 track, not PA
            person("gone", left=D(2025, 5, 1)),  # left before the year
            person("x1", position="external-expert"),
        ],
        agreements=[agreement("t1"), agreement("t2", "draft")],
    )
    k = kpis.registered(m, FORMS, 2569)
    assert k.base == ("t1", "t2", "t3")
    assert k.counted == ("t1", "t2")
    assert k.missing == ("t3",)
    assert k.value == pytest.approx(200 / 3)
    assert k.met is False and k.target == 95


def test_committee_use_counts_reviews_and_this_rounds_evaluations():
    m = make_model(
        people=[person("t1")],
        committees=[committee("c", ("t1",), ("m1", "m2", "m3"))],
        reviews=[review("t1", "m1")],
        evaluations=[evaluation("t1", "m2"), evaluation("t1", "m3", rnd=2, day=D(2026, 9, 1))],
    )
    k = kpis.committee_use(m, 2569, 1)
    assert k.counted == ("m1", "m2") and k.missing == ("m3",)
    assert k.value == pytest.approx(200 / 3)
    assert kpis.committee_use(m, 2569, 2).counted == ("m1", "m3")


@pytest.mark.parametrize(
    ("counts", "percent"),
    [
        ((0, 0, 0, 1, 1), 90.0),
        ((0, 0, 0, 0, 10), 100.0),
        ((1, 0, 0, 0, 0), 20.0),
        ((0, 0, 0, 0, 0), None),
    ],
)
def test_satisfaction_is_the_mean_as_percent_of_the_scale(counts, percent):
    k = kpis.satisfaction(make_model(surveys=[survey(counts)]), 2569, 1)
    assert k.value == (pytest.approx(percent) if percent is not None else None)


def test_satisfaction_without_a_survey_has_no_value():
    k = kpis.satisfaction(make_model(), 2569, 1)
    assert k.value is None and k.met is None


def test_reports_per_round():
    m = make_model()
    assert kpis.reports(m, 2569).value == 1  # one page per round by default
    partial = kpis.reports(m, 2569, {(2569, 1): 2})
    assert partial.value == 0 and partial.counted == ("2569-r1",) and partial.met is False


def test_all_kpis_against_targets_from_the_office():
    found = kpis.all_kpis(
        make_model(people=[person("t1")], agreements=[agreement("t1")]), FORMS, 2569, 1
    )
    assert [k.key for k in found] == ["registered", "committee_use", "reports", "satisfaction"]
    assert [k.target for k in found] == [95, 100, 1, 85]
    assert found[0].met is True

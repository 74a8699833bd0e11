"""DPA applications: the workflow from forms, time in status, returns, duplicates, counts."""

from __future__ import annotations

import datetime as dt

import pytest

from patracker.engine import applications as apps

from .conftest import FORMS, application, make_model, person

D = dt.date
WF = FORMS.workflow
FULL = (
    ("draft", D(2026, 1, 1)),
    ("submitted", D(2026, 1, 5)),
    ("school-checked", D(2026, 1, 8)),
    ("esa-checked", D(2026, 1, 15)),
    ("with-committee", D(2026, 1, 20)),
    ("passed", D(2026, 3, 1)),
    ("awaiting-board", D(2026, 3, 10)),
    ("approved", D(2026, 4, 1)),
)
RESUBMITTED = (
    ("submitted", D(2026, 1, 5)),
    ("returned", D(2026, 1, 9), "หลักฐานไม่ครบ"),
    ("submitted", D(2026, 1, 19)),
    ("school-checked", D(2026, 1, 20)),
)


@pytest.mark.parametrize(
    ("steps", "illegal"),
    [
        (FULL, []),
        (RESUBMITTED, []),
        # an illegal jump: submitted straight to the committee
        (
            (("submitted", D(2026, 1, 5)), ("with-committee", D(2026, 1, 6))),
            [("submitted", "with-committee")],
        ),
        # cannot start in the middle
        ((("esa-checked", D(2026, 1, 5)),), [(None, "esa-checked")]),
        # a closed status is final
        (
            (
                ("submitted", D(2026, 1, 5)),
                ("withdrawn", D(2026, 1, 6)),
                ("submitted", D(2026, 1, 7)),
            ),
            [("withdrawn", "submitted")],
        ),
    ],
)
def test_illegal_steps(steps, illegal):
    found = apps.illegal_steps(application("x", "p1", *steps), WF)
    assert [(s.src, s.dst) for s in found] == illegal


def test_time_in_each_status_for_a_resubmission():
    a = application("x", "p1", *RESUBMITTED)
    # submitted 4 + 1 days, returned 10, school-checked open from 20 Jan to 1 Feb = 12
    assert apps.time_in_status(a, D(2026, 2, 1), WF) == {
        "submitted": 5,
        "returned": 10,
        "school-checked": 12,
    }
    assert apps.resubmissions(a) == 1
    assert apps.returns(a) == ("หลักฐานไม่ครบ",)


def test_a_closed_application_stops_the_clock():
    a = application("x", "p1", *FULL)
    spent = apps.time_in_status(a, D(2027, 1, 1), WF)
    assert "approved" not in spent
    assert spent["with-committee"] == 40 and sum(spent.values()) == 90


def test_duplicates_are_open_applications_of_one_person_for_one_standing():
    one = application("a", "p1", ("submitted", D(2026, 1, 5)))
    two = application("b", "p1", ("draft", D(2026, 1, 6)))
    other_standing = application("c", "p1", ("draft", D(2026, 1, 6)), standing="expert")
    closed = application("d", "p2", ("submitted", D(2026, 1, 5)), ("withdrawn", D(2026, 1, 6)))
    again = application("e", "p2", ("submitted", D(2026, 1, 7)))
    groups = apps.duplicates([one, two, other_standing, closed, again], WF)
    assert [[a.id for a in g] for g in groups] == [["a", "b"]]


def test_counts_like_the_inspectors_table():
    model = make_model(
        people=[
            person("p1", school="s1"),
            person("p2", school="s1"),
            person("p3", school="s2"),
            person("p4", school="s2"),
        ],
        applications=[
            application("a1", "p1", *FULL),  # approved → passed
            application("a2", "p2", *FULL[:5]),  # with the committee
            application("a3", "p3", *FULL[:1]),  # a draft: not submitted
            application("a4", "p4", *FULL[1:7]),  # awaiting the board
            application("a5", "p3", *RESUBMITTED, standing="expert"),  # being checked
        ],
    )
    table = apps.counts_by_school(model)
    assert {k: len(v) for k, v in table[""].items()} == {
        "submitted": 4,
        "checking": 1,
        "with-committee": 1,
        "passed": 1,
        "failed": 0,
        "awaiting-board": 1,
    }
    assert table["s1"]["passed"] == ["a1"]
    assert table["s2"]["submitted"] == ["a4", "a5"]
    assert list(table) == ["s1", "s2", ""]


def test_dwell_times_average_over_visits():
    a = application("x", "p1", *RESUBMITTED)
    dwell = {d.status: d for d in apps.dwell_times([a], D(2026, 2, 1), WF)}
    assert dwell["submitted"].visits == 2
    assert dwell["submitted"].mean_days == pytest.approx(2.5)
    assert dwell["submitted"].max_days == 4
    assert dwell["returned"].title == "ส่งคืนแก้ไข"

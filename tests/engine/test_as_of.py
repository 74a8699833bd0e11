"""A true ``--as-of D`` (issue 18, item 6): records dated after D do not count as done,
and no review is owed before the agreement was submitted. A small office worked out by
hand at three dates, then the demo office at three dates against its files read raw."""

from __future__ import annotations

import dataclasses
import datetime as dt
from fractions import Fraction

import pytest
import yaml

from patracker.asof import known_on
from patracker.engine import deadlines as dl
from patracker.engine import kpis, summary
from patracker.model import Agreement, build_model
from patracker.project import SOURCE_ROOT, Project
from patracker.validate import validate

from .conftest import (
    FORMS,
    agreement,
    committee,
    evaluation,
    make_model,
    person,
    progress,
    review,
)

D = dt.date
MEMBERS = ("m1", "m2", "m3")


def _with(found: Agreement, decided: dt.date) -> Agreement:
    return dataclasses.replace(found, decided=decided)


# t1 submitted 20 Oct 2025, approved 25 Oct; t2 submitted 10 Nov, approved 15 Nov.
# Reviews: m1 on t1 5 Nov, m2 on t1 10 Dec, m1 on t2 20 Nov (m3 never reviews).
# t1's progress entry 10 Jan 2026; every member evaluates t1 (level 3 = 75 %) on 10 Mar.
# FY 2569 round 1 due: agreement 31 Oct, review 30 Nov, progress 15 Feb, evaluation 31 Mar.
OFFICE = make_model(
    people=[person("t1"), person("t2"), *(person(m, "external-expert", school=None) for m in MEMBERS)],
    agreements=[
        _with(agreement("t1", submitted=D(2025, 10, 20)), D(2025, 10, 25)),
        _with(agreement("t2", submitted=D(2025, 11, 10)), D(2025, 11, 15)),
    ],
    reviews=[
        review("t1", "m1", D(2025, 11, 5)),
        review("t1", "m2", D(2025, 12, 10)),
        review("t2", "m1", D(2025, 11, 20)),
    ],
    progress=[progress("t1", D(2026, 1, 10))],
    evaluations=[evaluation("t1", m, day=D(2026, 3, 10)) for m in MEMBERS],
    committees=[committee("c", ("t1", "t2"), MEMBERS)],
)  # fmt: skip


def _state(day: dt.date):
    model = known_on(OFFICE, day)
    tasks = _tasks(model)
    status = {(t.kind, t.person, t.responsible): t.status(day, 7) for t in tasks}
    registered, use = kpis.registered(model, _forms(), 2569), kpis.committee_use(model, 2569, 1)
    return model, status, registered, use


def _forms():
    return FORMS


def _tasks(model):
    rnd = model.office.round(2569, 1)
    return tuple(t for p in ("t1", "t2") for t in dl.person_tasks(model, p, rnd))


@pytest.mark.parametrize(
    ("day", "expected", "use", "t1_result"),
    [
        # 31 Oct 2025: t1 submitted (20 Oct) and approved (25 Oct); t2's submission (10 Nov)
        # has not happened: t2's agreement is a draft, due today; no review is owed: t1's
        # agreement is approved already (a screening is not owed once it is, none was
        # filed by then: m1's of 5 Nov is later) and t2's is not submitted; evaluations
        # only of t1 (approved). Committee use: no review or evaluation yet → 0 of 3 = 0 %.
        (
            D(2025, 10, 31),
            {
                ("agreement", "t1", "t1"): "done",
                ("agreement", "t2", "t2"): "due-soon",
                ("progress", "t1", "t1"): "upcoming",
                ("progress", "t2", "t2"): "upcoming",
                **{("evaluation", "t1", m): "upcoming" for m in MEMBERS},
            },
            Fraction(0),
            "awaiting",
        ),
        # 1 Dec 2025: both submitted and approved; m1 reviewed both (5 and 20 Nov): those
        # stay done; m2 and m3 owe nothing more, the agreements being approved (m2's review
        # of t1 on 10 Dec is still to come). Committee use: m1 only → 1 of 3 = 33.3…%.
        (
            D(2025, 12, 1),
            {
                ("agreement", "t1", "t1"): "done",
                ("agreement", "t2", "t2"): "done",
                ("review", "t1", "m1"): "done",
                ("review", "t2", "m1"): "done",
                ("progress", "t1", "t1"): "upcoming",
                ("progress", "t2", "t2"): "upcoming",
                **{("evaluation", p, m): "upcoming" for p in ("t1", "t2") for m in MEMBERS},
            },
            Fraction(1, 3) * 100,
            "awaiting",
        ),
        # 20 Mar 2026: m2 reviewed t1 on 10 Dec (done); m3 never did (not owed: approved);
        # t2 logged no progress by
        # 15 Feb; every member evaluated t1 on 10 Mar (75 % each → passed); t2's PA 2 are
        # due 31 Mar, 11 days away (not "soon" at 7 days). Committee use: m1, m2 (reviews)
        # and m3 (an evaluation this round) → 3 of 3 = 100 %.
        (
            D(2026, 3, 20),
            {
                ("agreement", "t1", "t1"): "done",
                ("agreement", "t2", "t2"): "done",
                ("review", "t1", "m1"): "done",
                ("review", "t1", "m2"): "done",
                ("review", "t2", "m1"): "done",
                ("progress", "t1", "t1"): "done",
                ("progress", "t2", "t2"): "overdue",
                **{("evaluation", "t1", m): "done" for m in MEMBERS},
                **{("evaluation", "t2", m): "upcoming" for m in MEMBERS},
            },
            Fraction(100),
            "passed",
        ),
    ],
)
def test_a_small_office_at_three_dates(day, expected, use, t1_result):
    model, status, registered, committee_use = _state(day)
    assert status == expected
    # both teachers have a PA 1 file at every date (t2's as a draft on 31 Oct): 2 of 2
    assert registered.value == 100 and committee_use.value == use
    assert summary.round_summary(model, _forms(), "t1", 2569, 1).state == t1_result


def test_the_model_given_is_left_as_it_was():
    known_on(OFFICE, D(2025, 10, 1))
    assert OFFICE.agreements[("t2", 2569)].status == "approved" and len(OFFICE.reviews) == 3


# --- the demo office at three dates, against its files read without the engine --------

RECORDS = SOURCE_ROOT / "records"
DATES = (D(2026, 10, 20), D(2026, 11, 10), D(2026, 11, 20))  # FY 2570 round 1


def _raw(pattern: str):
    for path in sorted(RECORDS.glob(pattern)):
        yield path, yaml.safe_load(path.read_text(encoding="utf-8"))


def _day(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


@pytest.fixture(scope="module")
def demo():
    project = Project.at(RECORDS)
    return project, build_model(validate(project).corpus, project.forms)


@pytest.mark.parametrize("day", DATES)
def test_the_demo_office_as_known_on_three_dates(demo, day):
    project, full = demo
    model = known_on(full, day)
    tasks = dl.round_tasks(model, project.forms, 2570, 1)
    # by hand from the files: whose 2570 agreement stood submitted on the date (a returned
    # one stood submitted until the day it was returned)
    submitted = {
        path.parents[1].name
        for path, data in _raw("people/*/2570/agreement.yaml")
        if data.get("submitted")
        and _day(data["submitted"]) <= day
        and not (data["status"] == "returned" and _day(data["approval"]["date"]) <= day)
    }
    reviewed = {
        (path.parents[2].name, path.stem): _day(data["date"])
        for path, data in _raw("people/*/2570/reviews/*.yaml")
    }
    for task in tasks:
        assert task.done_on is None or task.done_on <= day  # nothing done after the date
        if task.kind == "review":
            assert task.person in submitted  # no review owed before the submission
            found = reviewed.get((task.person, task.responsible))
            assert task.done_on == (found if found and found <= day else None)
        if task.kind == "agreement":
            assert (task.done_on is not None) == (task.person in submitted)
    # committee use by hand: PA members of 2570 with a review dated by the day
    members = {
        m["person"]
        for _, data in _raw("committees/2570/*.yaml")
        if data["kind"] == "pa"
        for m in data["members"]
    }
    active = {member for (_, member), date in reviewed.items() if date <= day} & members
    use = kpis.committee_use(model, 2570, 1)
    assert set(use.counted) == active and use.value == Fraction(100 * len(active), len(members))

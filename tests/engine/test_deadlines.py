"""Due dates from the office file; who owes what; overdue and due-soon at the boundary."""

from __future__ import annotations

import datetime as dt

import pytest

from patracker.engine import deadlines as dl

from .conftest import FORMS, agreement, committee, evaluation, make_model, person, progress, review

D = dt.date


def model(**kw):
    people = [
        person("t1", school="s1"),
        person("t2", school="s2"),
        *(person(m, "external-expert", school=None) for m in ("m1", "m2", "m3")),
    ]
    return make_model(people=people, committees=[committee("c", ("t1", "t2"))], **kw)


def tasks_of(m, who, rnd=1):
    return {(t.kind, t.responsible): t for t in dl.person_tasks(m, who, m.office.round(2569, rnd))}


def test_round_deadlines_in_date_order_with_thai_titles():
    found = dl.round_deadlines(model().office.round(2569, 1))
    assert [d.key for d in found] == ["agreement", "review", "progress", "evaluation"]
    assert found[0].title == "ส่งข้อตกลงในการพัฒนางาน (PA 1)"


def test_without_an_agreement_only_the_assessee_owes_work():
    found = tasks_of(model(), "t2")
    assert set(found) == {("agreement", "t2"), ("progress", "t2")}
    assert found[("agreement", "t2")].done_on is None


def test_a_submitted_agreement_opens_reviews_but_not_evaluations():
    found = tasks_of(
        model(agreements=[agreement("t1", "submitted")], reviews=[review("t1", "m1")]), "t1"
    )
    assert found[("agreement", "t1")].done_on == D(2025, 10, 10)
    assert found[("review", "m1")].done_on == D(2025, 11, 1)
    assert found[("review", "m2")].done_on is None
    assert not any(kind == "evaluation" for kind, _ in found)


def test_evaluations_owed_by_each_member_once_approved():
    m = model(
        agreements=[agreement("t1")],
        evaluations=[evaluation("t1", "m1"), evaluation("t1", "m2", final=False)],
        progress=[progress("t1", D(2025, 9, 20), D(2025, 11, 3))],
    )
    found = tasks_of(m, "t1")
    assert found[("evaluation", "m1")].done_on == D(2026, 3, 10)
    assert found[("evaluation", "m2")].done_on is None  # a draft is not in
    assert found[("evaluation", "m3")].done_on is None
    assert found[("progress", "t1")].done_on == D(
        2025, 11, 3
    )  # the entry before the round is ignored
    all_tasks = dl.round_tasks(m, FORMS, 2569, 1)
    assert dl.next_due(all_tasks, "m3").kind == "evaluation"  # the screening is moot now
    assert dl.next_due(all_tasks, "m2").kind == "evaluation"


def test_a_screening_is_not_owed_once_the_agreement_is_approved():
    """Screening advises the director; after approval an unfiled one is owed by nobody
    (issue 22: 100 of 127 'overdue' items were such screenings), a filed one stays done."""
    m = model(agreements=[agreement("t1")], reviews=[review("t1", "m1")])
    found = tasks_of(m, "t1")
    assert found[("review", "m1")].done_on == D(2025, 11, 1)
    assert ("review", "m2") not in found and ("review", "m3") not in found
    late = dl.overdue(dl.round_tasks(m, FORMS, 2569, 1), D(2025, 12, 5))
    assert not any(t.kind == "review" for t in late)


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        (D(2026, 3, 23), "upcoming"),  # 8 days before
        (D(2026, 3, 24), "due-soon"),  # 7 days before
        (D(2026, 3, 31), "due-soon"),  # the due date itself is still on time
        (D(2026, 4, 1), "overdue"),  # the first day of round 2
    ],
)
def test_status_at_the_round_boundary(as_of, status):
    task = dl.Task("evaluation", "t1", "m1", D(2026, 3, 31))
    assert task.status(as_of, 7) == status
    assert (task in dl.overdue([task], as_of)) is (status == "overdue")
    assert (task in dl.due_soon([task], as_of, 7)) is (status == "due-soon")


def test_days_late():
    task = dl.Task("agreement", "t1", "t1", D(2025, 10, 31))
    assert task.days_late(D(2025, 11, 10)) == 10
    assert (
        dl.Task("agreement", "t1", "t1", D(2025, 10, 31), D(2025, 11, 2)).days_late(D(2026, 1, 1))
        == 2
    )


def test_lists_by_school_and_by_member():
    m = model(agreements=[agreement("t1", "submitted")])
    late = dl.overdue(dl.round_tasks(m, FORMS, 2569, 1), D(2025, 12, 1))
    schools = dl.by_school(late, m)
    assert {t.kind for t in schools["s1"]} == {"review"}
    assert {t.kind for t in schools["s2"]} == {"agreement"}
    members = dl.by_responsible(late)
    assert sorted(members) == ["m1", "m2", "m3", "t2"]
    assert all(t.person == "t1" for t in members["m1"])

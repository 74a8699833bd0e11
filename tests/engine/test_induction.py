"""ว26: per-aspect mean of all members against 60/60/70/70, deadlines, the old-rules flag."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from patracker.engine.calendar import WorkingCalendar
from patracker.engine.induction import (
    evaluate_round,
    induction_track,
    induction_tracks,
    notice_tasks,
)
from patracker.model import InductionFile

from .conftest import FORMS, committee, induction, make_model, person

D = dt.date
FORM = FORMS.induction
MEMBERS = ("d1", "k1", "x1")
AS_OF = D(2026, 6, 1)


def rows(n: int, *pairs, **kw):
    """(conduct, work) points out of 50 per member d1, k1, x1."""
    return [induction("a1", n, m, c, w, **kw) for m, (c, w) in zip(MEMBERS, pairs, strict=False)]


@pytest.mark.parametrize(
    ("n", "pairs", "percent", "passed"),
    [
        (1, [(30, 30)] * 3, {"conduct": 60, "work": 60}, True),  # exactly 60 % in evaluation 1
        (3, [(35, 35)] * 3, {"conduct": 70, "work": 70}, True),  # exactly 70 % in evaluation 3
        (3, [(40, 35), (30, 35), (34, 35)], {"conduct": 69.33, "work": 70}, False),  # mean 34.67/50
        (
            1,
            [(40, 35), (30, 35), (34, 35)],
            {"conduct": 69.33, "work": 70},
            True,
        ),  # same, 60 % rule
        (4, [(50, 20), (50, 20), (50, 20)], {"conduct": 100, "work": 40}, False),  # one aspect low
    ],
)
def test_round_pass_rule(n, pairs, percent, passed):
    result = evaluate_round(n, rows(n, *pairs), MEMBERS, FORM, AS_OF)
    assert result.percent == pytest.approx(percent, abs=0.01)
    assert result.threshold == FORM.pass_percent[n - 1]
    assert result.passed is passed


def test_a_missing_member_leaves_the_round_open():
    result = evaluate_round(1, rows(1, (40, 40), (40, 40)), MEMBERS, FORM, AS_OF)
    assert result.missing == ("x1",)
    assert result.passed is None


def test_notice_deadline_is_15_days_after_the_evaluation():
    evaluations = [
        induction("a1", 1, "d1", 40, 40, day=D(2026, 4, 1), notified=D(2026, 4, 16)),
        induction("a1", 1, "k1", 40, 40, day=D(2026, 4, 1), notified=D(2026, 4, 17)),
        induction("a1", 1, "x1", 40, 40, day=D(2026, 4, 1)),
    ]
    result = evaluate_round(1, evaluations, MEMBERS, FORM, as_of=D(2026, 4, 20))
    assert result.notify_due == D(2026, 4, 16)
    assert result.late_notices == ("k1", "x1")  # one told a day late, one not yet told
    on_time = evaluate_round(1, evaluations, MEMBERS, FORM, as_of=D(2026, 4, 16))
    assert on_time.late_notices == ("k1",)


def track(evaluations, appointed=D(2024, 10, 1), as_of=AS_OF, file=None):
    teacher = replace(
        person("a1", "assistant-teacher", "none", appointed=appointed), induction=file
    )
    return induction_track(
        teacher,
        evaluations,
        committee("ind", ("a1",), MEMBERS, kind="induction"),
        FORM,
        WorkingCalendar(),
        as_of,
    )


def test_each_member_owes_the_teacher_a_notice_done_on_the_day_they_told():
    told = {"d1": D(2026, 4, 16), "k1": D(2026, 4, 17), "x1": None}
    evaluations = [induction("a1", 1, m, 40, 40, day=D(2026, 4, 1), notified=told[m]) for m in told]
    tasks = notice_tasks([track(evaluations, as_of=D(2026, 4, 20))], {})
    assert [(t.person, t.responsible, t.due, t.done_on) for t in tasks] == [
        ("a1", member, D(2026, 4, 16), day) for member, day in told.items()
    ]
    assert [t.status(D(2026, 4, 20), 7) for t in tasks] == ["done", "done", "overdue"]
    assert [t.status(D(2026, 4, 10), 7) for t in tasks] == ["done", "done", "due-soon"]
    assert tasks[0].title == "แจ้งผลการประเมินครูผู้ช่วย (ว26) ครั้งที่ 1"


def test_no_notice_is_owed_before_every_member_evaluated_nor_by_or_to_someone_gone():
    early = [induction("a1", 1, m, 40, 40, day=D(2026, 4, 1)) for m in ("d1", "k1")]
    assert notice_tasks([track(early, as_of=D(2026, 4, 20))], {}) == ()  # x1 not in yet
    every = [*early, induction("a1", 1, "x1", 40, 40, day=D(2026, 4, 1))]
    assert len(notice_tasks([track(every, as_of=D(2026, 4, 20))], {})) == 3
    gone = person("k1", "teacher", "none", appointed=D(2010, 5, 16), left=D(2026, 4, 10))
    owed = notice_tasks([track(every, as_of=D(2026, 4, 20))], {"k1": gone})
    assert [t.responsible for t in owed] == ["d1", "x1"]


def test_a_fail_opens_an_appeal_window_of_5_working_days_from_the_teachers_notice():
    # failed evaluation 2; the members told the teacher their scores on 3 Apr, but the
    # window counts from the day the teacher received the results and the authority's
    # opinion [§5.2]: Thu 9 Apr 2026 → Fri 10, (Sat–Wed 11–15 Songkran and a weekend),
    # Thu 16, Fri 17, Mon 20, Tue 21 Apr = the 5th working day
    fails = [
        induction("a1", 2, m, 20, 20, day=D(2026, 4, 2), notified=D(2026, 4, 3)) for m in MEMBERS
    ]
    told = track(rows(1, *[(40, 40)] * 3) + fails, file=InductionFile(result_notice=D(2026, 4, 9)))
    assert [r.passed for r in told.rounds] == [True, False]
    assert told.passed is False
    assert told.appeal_due == D(2026, 4, 21)
    # nobody has told the teacher the authority's opinion yet: no window yet
    assert track(rows(1, *[(40, 40)] * 3) + fails).appeal_due is None


def test_overall_after_four_passes():
    evaluations = [e for n in (1, 2, 3, 4) for e in rows(n, *[(40, 40)] * 3)]
    result = track(evaluations)
    assert result.passed is True and result.completed == 4
    assert result.appeal_due is None
    assert track([e for e in evaluations if e.number < 4]).passed is None


def test_summary_due_30_days_after_the_two_years():
    # appointed 1 Oct 2024: the two years end on 30 Sep 2026, the day before the
    # anniversary (appointed ครู "the day after" [§5.1]); + 30 days = 30 Oct 2026 [§4.7]
    result = track([], appointed=D(2024, 10, 1))
    assert result.track_end == D(2026, 9, 30)
    assert result.summary_due == D(2026, 10, 30)


@pytest.mark.parametrize(("appointed", "old"), [(D(2018, 9, 30), True), (D(2018, 10, 1), False)])
def test_appointed_before_the_rules_is_flagged_not_evaluated(appointed, old):
    result = track(rows(1, *[(10, 10)] * 3), appointed=appointed)
    assert result.old_rules is old
    assert (result.rounds == ()) is old


def test_tracks_from_the_model_only_cover_assistant_teachers():
    model = make_model(
        people=[person("a1", "assistant-teacher", "none", appointed=D(2024, 10, 1)), person("t1")],
        induction=rows(1, *[(40, 40)] * 3),
        committees=[committee("ind", ("a1",), MEMBERS, fy=2568, kind="induction")],
    )
    (only,) = induction_tracks(model, FORMS, AS_OF)
    assert only.person == "a1" and only.rounds[0].passed is True

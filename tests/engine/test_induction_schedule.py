"""ว26 schedule, next steps and tasks (issue 18, items 2–4): every six months from
appointment, four in two years [ว19 §4.4]; the two years end the day before the
anniversary [§5.1]; summary within 30 days [§4.7]; after a fail, the authority's notice,
a 5-working-day appeal and the decision [§5.2]; older rules before 1 Oct 2018 [§6]."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from patracker.engine import deadlines as dl
from patracker.engine.calendar import WorkingCalendar
from patracker.engine.induction import induction_track, next_steps, schedule, track_tasks
from patracker.engine.kpis import all_kpis
from patracker.model import InductionFile

from .conftest import FORMS, committee, induction, make_model, person

D = dt.date
FORM = FORMS.induction
MEMBERS = ("d1", "k1", "x1")  # d1 chairs (the school director)
APPOINTED = D(2024, 10, 1)
# period n ends the day before appointed + 6n months:
# 1 Apr 2025 − 1 = 31 Mar 2025, 1 Oct 2025 − 1 = 30 Sep 2025, 31 Mar 2026, 30 Sep 2026
DUE = (D(2025, 3, 31), D(2025, 9, 30), D(2026, 3, 31), D(2026, 9, 30))


def evals(*numbers, score=40, notified=True):
    """Every member's final evaluation n, dated its due date, told 5 days later."""
    return [
        induction(
            "a1", n, m, score, score, day=DUE[n - 1],
            notified=DUE[n - 1] + dt.timedelta(days=5) if notified else None,
        )
        for n in numbers
        for m in MEMBERS
    ]  # fmt: skip


def state(records, as_of, file=None, appointed=APPOINTED):
    teacher = replace(
        person("a1", "assistant-teacher", "none", appointed=appointed), induction=file
    )
    track = induction_track(
        teacher,
        records,
        committee("ind", ("a1",), MEMBERS, kind="induction"),
        FORM,
        WorkingCalendar(),
        as_of,
    )
    tasks = track_tasks(track, {}, as_of)
    return track, tasks, next_steps(track, tasks, as_of)


@pytest.mark.parametrize(
    ("appointed", "due"),
    [
        (APPOINTED, DUE),
        # 31 Aug 2024 + 6 months = 28 Feb 2025 (no 31 Feb) − 1 day = 27 Feb; + 12 = 31 Aug
        # 2025 − 1 = 30 Aug; + 18 = 28 Feb 2026 − 1 = 27 Feb; + 24 = 31 Aug 2026 − 1 = 30 Aug
        (D(2024, 8, 31), (D(2025, 2, 27), D(2025, 8, 30), D(2026, 2, 27), D(2026, 8, 30))),
    ],
)
def test_four_evaluations_each_due_at_the_end_of_a_six_month_period(appointed, due):
    assert schedule(appointed, FORM) == due


@pytest.mark.parametrize(
    ("records", "as_of", "file", "first", "first_due", "who"),
    [
        # none yet: evaluation 1, by 31 Mar 2025, every member
        ([], D(2025, 1, 15), None, "ประเมินครูผู้ช่วย (ว26) ครั้งที่ 1", DUE[0], MEMBERS),
        # 1 and 2 done and told: evaluation 3 by 31 Mar 2026
        (evals(1, 2), D(2025, 12, 1), None, "ประเมินครูผู้ช่วย (ว26) ครั้งที่ 3", DUE[2], MEMBERS),
        # 2 done but not yet told: results due 30 Sep + 15 = 15 Oct 2025 come before evaluation 3
        (
            evals(1) + evals(2, notified=False),
            D(2025, 10, 2),
            None,
            "แจ้งผลการประเมินครูผู้ช่วย (ว26) ครั้งที่ 2",
            D(2025, 10, 15),
            MEMBERS,
        ),
        # all four done: the summary, due 30 Sep 2026 + 30 = 30 Oct 2026, by the chair
        (
            evals(1, 2, 3, 4),
            D(2026, 10, 5),
            None,
            "รายงานสรุปผลการประเมินครูผู้ช่วยครบสองปีต่อเขต (ว26)",
            D(2026, 10, 30),
            ("d1",),
        ),
    ],
)
def test_the_next_step_follows_the_schedule(records, as_of, file, first, first_due, who):
    _, _, steps = state(records, as_of, file)
    assert steps[0].title == first and steps[0].due == first_due
    assert steps[0].who == who


def test_summary_sent_closes_the_track_and_80_days_late_is_overdue():
    _, tasks, steps = state(evals(1, 2, 3, 4), D(2027, 1, 18))
    (summary,) = [t for t in tasks if t.kind == dl.SUMMARY]
    # due 30 Oct 2026; 18 Jan 2027 is 1 (Oct 31) + 30 (Nov) + 31 (Dec) + 18 = 80 days later
    assert (
        summary.status(D(2027, 1, 18), 7) == "overdue" and summary.days_late(D(2027, 1, 18)) == 80
    )
    assert summary.responsible == "d1"
    sent = InductionFile(summary_sent=D(2026, 10, 20))
    _, tasks, steps = state(evals(1, 2, 3, 4), D(2027, 1, 18), sent)
    assert steps == () and dl.overdue(tasks, D(2027, 1, 18)) == ()


def test_missed_evaluations_are_overdue_for_each_member():
    # appointed 1 Oct 2024, nothing filed by 10 Apr 2025: evaluation 1 (due 31 Mar) is 10
    # days late for each of the three members; evaluation 2 (30 Sep) is not due yet
    _, tasks, _ = state([], D(2025, 4, 10))
    late = dl.overdue(tasks, D(2025, 4, 10))
    assert [(t.kind, t.number, t.responsible, t.days_late(D(2025, 4, 10))) for t in late] == [
        (dl.EVALUATION, 1, m, 10) for m in sorted(MEMBERS)
    ]


FAILED = evals(1) + evals(2, score=20)  # 20 of 50 = 40 % < 60 % in evaluation 2


@pytest.mark.parametrize(
    ("file", "as_of", "titles", "appeal_due"),
    [
        # nobody told the teacher the authority's opinion: no window, the authority acts first
        (None, D(2025, 10, 20), ["ผลการประเมินครั้งที่ 2 ต่ำกว่าเกณฑ์", "ประเมินครูผู้ช่วย (ว26) ครั้งที่ 3"], None),
        # received Mon 6 Oct 2025: Tue 7, Wed 8, Thu 9, Fri 10, (weekend), Mon 13 Oct is the
        # 5th working day — but Mon 13 Oct 2025 is a Thai holiday (King Bhumibol memorial),
        # so Tue 14 Oct
        (
            InductionFile(result_notice=D(2025, 10, 6)),
            D(2025, 10, 8),
            ["ครูผู้ช่วยโต้แย้งผลการประเมิน (ว26)", "ผู้มีอำนาจพิจารณาและมีคำสั่ง", "ประเมินครูผู้ช่วย (ว26) ครั้งที่ 3"],
            D(2025, 10, 14),
        ),
        # the window closed unused: no appeal task, the decision is awaited
        (
            InductionFile(result_notice=D(2025, 10, 6)),
            D(2025, 10, 20),
            ["ผู้มีอำนาจพิจารณาและมีคำสั่ง", "ประเมินครูผู้ช่วย (ว26) ครั้งที่ 3"],
            D(2025, 10, 14),
        ),
        # the authority let the teacher continue: evaluation 3 as usual
        (
            InductionFile(
                result_notice=D(2025, 10, 6), outcome="continue", decided=D(2025, 10, 30)
            ),
            D(2025, 11, 1),
            ["ประเมินครูผู้ช่วย (ว26) ครั้งที่ 3"],
            D(2025, 10, 14),
        ),
        # discharged: nothing follows, nothing is owed after the order
        (
            InductionFile(
                result_notice=D(2025, 10, 6), outcome="discharged", decided=D(2025, 10, 30)
            ),
            D(2026, 5, 1),
            [],
            D(2025, 10, 14),
        ),
    ],
)
def test_after_a_fail_what_follows_is_what_the_regulation_says(file, as_of, titles, appeal_due):
    track, tasks, steps = state(FAILED, as_of, file)
    assert track.passed is False and track.appeal_due == appeal_due
    assert [s.title[: len(t)] for s, t in zip(steps, titles, strict=False)] == titles
    assert len(steps) == len(titles)
    assert not any(t.kind == dl.APPEAL for t in dl.overdue(tasks, as_of))
    if file and file.outcome == "discharged":
        assert dl.overdue(tasks, as_of) == ()  # evaluation 3 (31 Mar 2026) is not owed


def test_a_filed_appeal_is_a_done_task():
    file = InductionFile(result_notice=D(2025, 10, 6), appeal=D(2025, 10, 9))
    _, tasks, steps = state(FAILED, D(2025, 12, 1), file)
    (appeal,) = [t for t in tasks if t.kind == dl.APPEAL]
    assert (appeal.responsible, appeal.due, appeal.done_on) == (
        "a1",
        D(2025, 10, 14),
        D(2025, 10, 9),
    )
    assert steps[0].title.startswith("ผู้มีอำนาจพิจารณา")


@pytest.mark.parametrize(("appointed", "old"), [(D(2018, 9, 30), True), (D(2018, 10, 1), False)])
def test_older_rules_keep_the_flag_and_get_no_deadlines(appointed, old):
    track, tasks, steps = state([], D(2019, 12, 1), appointed=appointed)
    assert track.old_rules is old
    assert (tasks == () and steps == ()) is old
    if not old:  # 1 Oct 2018 + 6 months − 1 day = 31 Mar 2019: overdue on 1 Dec 2019
        assert {t.due for t in dl.overdue(tasks, D(2019, 12, 1))} == {
            D(2019, 3, 31),
            D(2019, 9, 30),
        }


def test_induction_tasks_leave_the_kpis_alone():
    base = dict(
        people=[person("a1", "assistant-teacher", "none", appointed=APPOINTED), person("t1")],
        committees=[committee("ind", ("a1",), MEMBERS, fy=2568, kind="induction")],
    )
    without, with_ = make_model(**base), make_model(**base, induction=FAILED)
    assert all_kpis(without, FORMS, 2569, 1) == all_kpis(with_, FORMS, 2569, 1)

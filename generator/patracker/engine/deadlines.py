"""What is due, by whom and by when (DOMAIN.md §3, §5): the office's due dates per round.

Each round in ``office.yaml`` lists its due dates (agreement, review, progress,
evaluation, report). Every assessee then owes the agreement and progress, and every
committee member owes a review and an evaluation. A task waits on what comes before it:
no review before the agreement is submitted, no evaluation before it is approved. A
screening is advice for the director's decision: once the agreement is approved, a
screening not filed is no longer owed (one filed still counts as done).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .summary import assessees, in_force

TASKS: dict[str, str] = {
    "agreement": "ส่งข้อตกลงในการพัฒนางาน (PA 1)",
    "review": "กลั่นกรองข้อตกลง",
    "progress": "รายงานความก้าวหน้า",
    "evaluation": "ส่งผลการประเมิน (PA 2)",
    "report": "รายงานผลการประเมินรอบ",
}
# ว26 (assistant teachers): outside the PA rounds, on each teacher's own two-year schedule
NOTICE = "induction-notice"  # results to the teacher after each evaluation [ว19 §4.6]
EVALUATION = "induction-evaluation"  # each member's evaluation every six months [§4.4]
SUMMARY = "induction-summary"  # the two-year summary to the ESA [§4.7]
APPEAL = "induction-appeal"  # the teacher's objection after a fail [§5.2]
INDUCTION = (EVALUATION, NOTICE, SUMMARY, APPEAL)
TITLES = {
    **TASKS,
    EVALUATION: "ประเมินครูผู้ช่วย (ว26)",
    NOTICE: "แจ้งผลการประเมินครูผู้ช่วย (ว26)",
    SUMMARY: "รายงานสรุปผลการประเมินครูผู้ช่วยครบสองปีต่อเขต (ว26)",
    APPEAL: "ครูผู้ช่วยโต้แย้งผลการประเมิน (ว26)",
}  # every kind of task
STATUS: dict[str, str] = {
    "done": "ส่งแล้ว",
    "overdue": "เกินกำหนด",
    "due-soon": "ใกล้ครบกำหนด",
    "upcoming": "ยังไม่ถึงกำหนด",
}


@dataclass(frozen=True, slots=True)
class Deadline:
    key: str
    title: str
    date: dt.date


@dataclass(frozen=True, slots=True)
class Task:
    kind: str  # a key of TITLES: a PA round's task (TASKS) or a ว26 notice
    person: str  # the assessee the task is about
    responsible: str  # who must act: the assessee or a committee member
    due: dt.date
    done_on: dt.date | None = None
    number: int | None = None  # which ว26 evaluation (1-4) an evaluation or notice is about

    @property
    def title(self) -> str:
        title = TITLES[self.kind]
        return f"{title} ครั้งที่ {self.number}" if self.number else title

    def status(self, as_of: dt.date, soon_days: int) -> str:
        if self.done_on is not None:
            return "done"
        if as_of > self.due:
            return "overdue"
        return "due-soon" if (self.due - as_of).days <= soon_days else "upcoming"

    def days_late(self, as_of: dt.date) -> int:
        return max(0, ((self.done_on or as_of) - self.due).days)


def round_deadlines(rnd) -> tuple[Deadline, ...]:
    """The due dates of a ``model.Round`` in date order, with Thai titles."""
    items = [Deadline(k, TASKS.get(k, k), d) for k, d in rnd.due.items()]
    return tuple(sorted(items, key=lambda d: (d.date, d.key)))


def person_tasks(model, person: str, rnd) -> tuple[Task, ...]:
    """The tasks of one assessee's PA in one round, done or not."""
    fy, due = rnd.fiscal_year, rnd.due
    agreement = model.agreements.get((person, fy))
    committee = model.pa_committee_of.get((person, fy))
    members = committee.member_ids if committee else ()
    out: list[Task] = []
    submitted = agreement is not None and agreement.status in ("submitted", "approved")
    if "agreement" in due:
        done = agreement.submitted if submitted else None
        out.append(Task("agreement", person, person, due["agreement"], done))
    if "review" in due and submitted:
        reviews = {r.member: r.date for r in model.reviews_of.get((person, fy), ())}
        decided = agreement.status == "approved"
        out += [
            Task("review", person, m, due["review"], reviews.get(m))
            for m in members
            if not decided or m in reviews
        ]
    if "progress" in due:
        out.append(
            Task("progress", person, person, due["progress"], _progress_on(model, person, rnd))
        )
    if "evaluation" in due and agreement is not None and agreement.status == "approved":
        found = in_force(model.evaluations_of.get((person, fy, rnd.round), ()))
        for m in members:
            entry = found.get(m)
            done = entry[0].date if entry is not None and entry[0].final else None
            out.append(Task("evaluation", person, m, due["evaluation"], done))
    return tuple(out)


def _progress_on(model, person: str, rnd) -> dt.date | None:
    progress = model.progress.get((person, rnd.fiscal_year))
    days = [e.date for e in progress.entries if rnd.contains(e.date)] if progress else []
    return min(days, default=None)


def round_tasks(model, forms, fiscal_year: int, round_: int, known=None) -> tuple[Task, ...]:
    """Every task of every assessee of the round (worked out once per model). ``known(person)``
    may give a person's tasks known to be current (from an earlier build), or None."""
    rnd = model.office.round(fiscal_year, round_)
    if rnd is None:
        return ()

    def tasks_of(person: str) -> tuple[Task, ...]:
        found = known(person) if known else None
        return person_tasks(model, person, rnd) if found is None else found

    return model.memo(
        ("round_tasks", id(forms), fiscal_year, round_),
        lambda: tuple(t for p in assessees(model, forms, fiscal_year, round_) for t in tasks_of(p)),
    )


def next_due(tasks: Iterable[Task], responsible: str) -> Task | None:
    """The earliest unfinished task someone must act on."""
    open_ = [t for t in tasks if t.responsible == responsible and t.done_on is None]
    return min(open_, key=lambda t: (t.due, t.kind, t.person), default=None)


def overdue(tasks: Iterable[Task], as_of: dt.date) -> tuple[Task, ...]:
    return tuple(sorted((t for t in tasks if t.status(as_of, 0) == "overdue"), key=_order))


def due_soon(tasks: Iterable[Task], as_of: dt.date, days: int) -> tuple[Task, ...]:
    """Unfinished tasks due from ``as_of`` to ``as_of + days`` inclusive."""
    return tuple(sorted((t for t in tasks if t.status(as_of, days) == "due-soon"), key=_order))


def _order(task: Task):
    return (task.due, task.kind, task.person, task.responsible)


def by_school(tasks: Iterable[Task], model) -> dict[str | None, tuple[Task, ...]]:
    """Tasks grouped by the assessee's school (None = office staff)."""
    out: dict[str | None, list[Task]] = defaultdict(list)
    for t in tasks:
        person = model.people.get(t.person)
        out[person.school if person else None].append(t)
    return {k: tuple(v) for k, v in out.items()}


def by_responsible(tasks: Iterable[Task]) -> dict[str, tuple[Task, ...]]:
    """Tasks grouped by who must act: the way a committee member sees their queue."""
    out: dict[str, list[Task]] = defaultdict(list)
    for t in tasks:
        out[t.responsible].append(t)
    return {k: tuple(v) for k, v in out.items()}

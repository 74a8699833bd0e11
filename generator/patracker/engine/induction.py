"""Assistant teachers (ว19/2561, form ว26/2561): four evaluations over two years.

The schedule [ว19 §4.4]: the committee sums up every six months from appointment, four
times in two years; period n ends the day before the n-th six-month anniversary, because
the teacher is appointed ครู "on the day after the period ends" [§5.1] (appointed 1 Oct
2024: evaluation 1 by 31 Mar 2025, … the two years end 30 Sep 2026). Each evaluation
passes when, for every aspect, the mean of all members' scores as a percentage of the
aspect's maximum reaches that evaluation's threshold (60/60/70/70 in the form file),
compared exactly. Deadlines: results to the teacher within ``notify_within_days`` of the
evaluation [§4.6]; the two-year summary to the ESA within ``summary_within_days`` of the
end [§4.7]; after a fail, an appeal within ``appeal_working_days`` working days of the day
the teacher *received* the results and the authority's opinion [§5.2] (none yet: no
window yet). Teachers appointed before ``rules_since`` follow the older rules [§6]: they
are flagged and given no deadlines here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from ..model import InductionFile
from .calendar import WorkingCalendar, add_months
from .deadlines import APPEAL, EVALUATION, NOTICE, SUMMARY, Task
from .exact import exact, mean

OLD_RULES_LABEL = "บรรจุก่อนหลักเกณฑ์ ว19/2561 — ใช้หลักเกณฑ์เดิม (ว20/2548) ไม่ประเมินในระบบนี้"
OUTCOMES = {"continue": "ให้รับราชการต่อไป", "discharged": "ให้ออกจากราชการ"}


@dataclass(frozen=True, slots=True)
class InductionRound:
    number: int
    date: dt.date | None  # the latest member's evaluation date
    threshold: Fraction
    percent: dict[str, Fraction]  # aspect key → mean of members, exact % of the aspect maximum
    missing: tuple[str, ...]  # members whose final evaluation is not in
    notify_due: dt.date | None
    late_notices: tuple[str, ...]  # members who told the teacher late (or not yet, past due)
    notified: dt.date | None = None  # the first notice the teacher received
    notices: tuple[tuple[str, dt.date | None], ...] = ()  # member → when they told the teacher
    filed: tuple[tuple[str, dt.date], ...] = ()  # member → the date of their final evaluation

    @property
    def passed(self) -> bool | None:
        if self.missing or not self.percent:
            return None
        return all(p >= self.threshold for p in self.percent.values())


@dataclass(frozen=True, slots=True)
class Step:
    """One thing that follows on an assistant teacher's track: a task with a due date, or
    a step the regulation names without one (the authority's decision)."""

    title: str
    due: dt.date | None
    who: tuple[str, ...] = ()  # person ids; empty: the authority (ผู้มีอำนาจตามมาตรา 53)
    task: Task | None = None


@dataclass(frozen=True, slots=True)
class InductionTrack:
    person: str
    old_rules: bool
    track_end: dt.date  # the last day of the two years (the day before the anniversary)
    summary_due: dt.date
    evaluations: int  # how many the form requires (4)
    rounds: tuple[InductionRound, ...] = ()
    appeal_due: dt.date | None = None
    schedule: tuple[dt.date, ...] = ()  # evaluation n is due by schedule[n - 1]
    members: tuple[str, ...] = ()
    chair: str | None = None  # the school director, who reports the summary
    summary_sent: dt.date | None = None
    result_notice: dt.date | None = None  # the teacher received results + opinion [§5.2]
    appeal: dt.date | None = None
    outcome: str | None = None  # continue | discharged
    decided: dt.date | None = None
    left: dt.date | None = None  # the teacher left the post

    @property
    def passed(self) -> bool | None:
        """False at the first failed evaluation; True once all required evaluations passed."""
        results = [r.passed for r in self.rounds]
        if False in results:
            return False
        return True if len(results) == self.evaluations and all(results) else None

    @property
    def completed(self) -> int:
        return sum(r.passed is not None for r in self.rounds)

    @property
    def failed(self) -> InductionRound | None:
        return next((r for r in self.rounds if r.passed is False), None)

    def round(self, number: int) -> InductionRound | None:
        return next((r for r in self.rounds if r.number == number), None)

    @property
    def ended(self) -> dt.date | None:
        """The day the teacher stopped being on the track early (left, or discharged)."""
        days = [d for d in (self.left, self.decided if self.outcome == "discharged" else None) if d]
        return min(days, default=None)


def aspect_percent(scores, aspect) -> Fraction:
    """One member's score on one aspect as an exact % of the aspect maximum (sum of item
    maxima): 6.1 + 6.1 + 7.1 + 7.9 + 7.8 of 50 is exactly 70 %, not 69.999…"""
    top = sum((exact(item.max or 0) for item in aspect.items), Fraction(0))
    got = sum((exact(scores.get(item.code, 0)) for item in aspect.items), Fraction(0))
    return 100 * got / top if top else Fraction(0)


def evaluate_round(
    number: int,
    evaluations: Iterable,
    members: Iterable[str],
    form,
    as_of: dt.date,
) -> InductionRound:
    """One evaluation n of one teacher from the members' records (``model.InductionEvaluation``)."""
    final = [e for e in evaluations if e.final]
    members = tuple(dict.fromkeys([*members, *(e.member for e in final)]))
    got = {e.member for e in final}
    percent = {
        a.code: found
        for a in form.aspects
        if (found := mean(aspect_percent(e.scores.get(a.code, {}), a) for e in final)) is not None
    }  # no aspect has a mean until a member's final evaluation is in
    day = max((e.date for e in final), default=None)
    due = day + dt.timedelta(days=form.notify_within_days) if day else None
    late = (
        tuple(
            e.member
            for e in final
            if (e.notified and e.notified > due) or (e.notified is None and as_of > due)
        )
        if due
        else ()
    )
    notices = [e.notified for e in final if e.notified]
    return InductionRound(
        number=number,
        date=day,
        threshold=exact(form.pass_percent[number - 1]),
        percent=percent,
        missing=tuple(m for m in members if m not in got),
        notify_due=due,
        late_notices=late,
        notified=min(notices, default=None),
        notices=tuple((e.member, e.notified) for e in final),
        filed=tuple((e.member, e.date) for e in final),
    )


def schedule(appointed: dt.date, form) -> tuple[dt.date, ...]:
    """When each evaluation is due: the last day of each six-month period [§4.4, §5.1]."""
    return tuple(
        add_months(appointed, n * form.months_between) - dt.timedelta(days=1)
        for n in range(1, form.evaluations + 1)
    )


def induction_track(
    person,
    evaluations: Iterable,
    committee,
    form,
    calendar: WorkingCalendar,
    as_of: dt.date,
) -> InductionTrack:
    """The whole ว26 track of one assistant teacher (``model.Person``) as of a date."""
    dates = schedule(person.appointed, form)
    end = dates[-1]
    base = {
        "person": person.id,
        "track_end": end,
        "summary_due": end + dt.timedelta(days=form.summary_within_days),
        "evaluations": form.evaluations,
        "schedule": dates,
        "left": person.left,
    }
    if person.appointed < dt.date.fromisoformat(form.rules_since):
        return InductionTrack(old_rules=True, **base)
    evaluations = list(evaluations)
    members = committee.member_ids if committee is not None else ()
    chair = (
        next((m.person for m in committee.members if m.role == "chair"), None)
        if committee
        else None
    )
    rounds = tuple(
        evaluate_round(n, [e for e in evaluations if e.number == n], members, form, as_of)
        for n in range(1, form.evaluations + 1)
        if any(e.number == n for e in evaluations)
    )
    record = person.induction or InductionFile()  # no file yet: nothing has followed
    told = record.result_notice
    failed = any(r.passed is False for r in rounds)
    appeal = calendar.add_working_days(told, form.appeal_working_days) if failed and told else None
    return InductionTrack(
        old_rules=False,
        rounds=rounds,
        appeal_due=appeal,
        members=members,
        chair=chair,
        summary_sent=record.summary_sent,
        result_notice=told,
        appeal=record.appeal,
        outcome=record.outcome,
        decided=record.decided,
        **base,
    )


def track_tasks(track: InductionTrack, people: Mapping, as_of: dt.date) -> tuple[Task, ...]:
    """Everything owed on one teacher's track, done or not: each member's evaluation n by
    its scheduled date, the results to the teacher (``notice_tasks``), the two-year summary
    (the chair), and — while the window is open or once used — the teacher's appeal. None
    for a teacher under the older rules, nor after they left or were discharged."""
    if track.old_rules:
        return ()
    ended = track.ended

    def owed(person: str, due: dt.date) -> bool:
        found = people.get(person)
        on_track = ended is None or due <= ended
        return on_track and (found is None or found.active_on(due))

    out: list[Task] = []
    for number, due in enumerate(track.schedule, 1):
        found = track.round(number)
        filed = dict(found.filed) if found else {}
        out += [
            Task(EVALUATION, track.person, m, due, filed.get(m), number)
            for m in track.members
            if owed(track.person, due) and owed(m, due)
        ]
    out += [t for t in notice_tasks([track], people) if ended is None or t.due <= ended]
    if track.chair and owed(track.person, track.track_end):
        out.append(Task(SUMMARY, track.person, track.chair, track.summary_due, track.summary_sent))
    if track.appeal_due and (track.appeal or as_of <= track.appeal_due):
        out.append(Task(APPEAL, track.person, track.person, track.appeal_due, track.appeal))
    return tuple(out)


def next_steps(track: InductionTrack, tasks: Iterable[Task], as_of: dt.date) -> tuple[Step, ...]:
    """What follows for the teacher. After a fail, first what the regulation says comes
    next [§5.2]: the authority's notice to the teacher (which opens the appeal window),
    the appeal, the decision. Then, earliest due first, the next evaluation, results still
    owed and the two-year summary: the same tasks the deadlines page lists."""
    if track.old_rules or track.outcome == "discharged":
        return ()
    open_ = [t for t in tasks if t.person == track.person and t.done_on is None]
    first: list[Step] = []
    failed = track.failed
    if failed is not None and track.outcome is None:
        if track.result_notice is None:
            first.append(
                Step(
                    f"ผลการประเมินครั้งที่ {failed.number} ต่ำกว่าเกณฑ์: ผู้มีอำนาจตามมาตรา 53 "
                    "พิจารณา และแจ้งผลพร้อมความเห็นให้ครูผู้ช่วยทราบ (เริ่มนับสิทธิโต้แย้ง)",
                    None,
                )
            )
        else:
            appeal = next((t for t in open_ if t.kind == APPEAL), None)
            if appeal is not None:
                first.append(Step(appeal.title, appeal.due, (track.person,), appeal))
            first.append(Step("ผู้มีอำนาจพิจารณาและมีคำสั่ง: ให้รับราชการต่อไป หรือให้ออกจากราชการ", None))
    dated: list[Step] = []
    evaluations = sorted((t for t in open_ if t.kind == EVALUATION), key=lambda t: t.number or 0)
    if evaluations:  # only the next one: the later ones follow it
        due = [t for t in evaluations if t.number == evaluations[0].number]
        dated.append(Step(due[0].title, due[0].due, tuple(t.responsible for t in due), due[0]))
    dated += [Step(t.title, t.due, (t.responsible,), t) for t in open_ if t.kind == NOTICE]
    if not evaluations or as_of > track.track_end:  # the summary once the evaluations are in
        dated += [Step(t.title, t.due, (t.responsible,), t) for t in open_ if t.kind == SUMMARY]
    dated.sort(key=lambda s: (s.due, (s.task.number if s.task else None) or 0))
    return tuple(_merge(first + dated))


def _merge(steps: list[Step]) -> list[Step]:
    """One line per title and due date, naming everyone who owes it."""
    out: dict[tuple, Step] = {}
    for step in steps:
        key = (step.title, step.due)
        if key in out:
            kept = out[key]
            out[key] = Step(kept.title, kept.due, (*kept.who, *step.who), kept.task)
        else:
            out[key] = step
    return list(out.values())


def notice_tasks(tracks: Iterable[InductionTrack], people: Mapping) -> tuple[Task, ...]:
    """What each member owes an assistant teacher after an evaluation: its results, by the
    round's ``notify_due``; done on the day the member told the teacher. Only once every
    member's evaluation is in (until then the due date would move with the last one), and
    only while the teacher and the member are in post on the due date."""

    def in_post(person: str, day: dt.date) -> bool:
        found = people.get(person)
        return found is None or found.active_on(day)

    return tuple(
        Task(NOTICE, track.person, member, rnd.notify_due, told, rnd.number)
        for track in tracks
        for rnd in track.rounds
        if rnd.notify_due is not None and not rnd.missing
        for member, told in rnd.notices
        if in_post(track.person, rnd.notify_due) and in_post(member, rnd.notify_due)
    )


def induction_tracks(model, forms, as_of: dt.date) -> tuple[InductionTrack, ...]:
    """Every assistant teacher's track, from the model."""
    form, calendar = forms.induction, WorkingCalendar.of(model.office)
    return tuple(
        induction_track(
            p,
            model.induction_of.get(p.id, ()),
            model.induction_committee_of.get(p.id),
            form,
            calendar,
            as_of,
        )
        for p in sorted(model.people.values(), key=lambda p: p.id)
        if p.position in form.positions
    )


def induction_tasks(tracks: Iterable[InductionTrack], people: Mapping, as_of: dt.date):
    """Every task of every track (they are counted apart from the PA rounds and the KPIs)."""
    return tuple(t for track in tracks for t in track_tasks(track, people, as_of))

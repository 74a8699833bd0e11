"""Assistant teachers (ว19/2561, form ว26/2561): four evaluations over two years.

Each evaluation passes when, for every aspect, the mean of all members' scores as a
percentage of the aspect's maximum reaches that evaluation's threshold (60/60/70/70 in
the form file). Deadlines: results to the teacher within ``notify_within_days`` of the
evaluation, the two-year summary within ``summary_within_days`` of the track's end, and
an appeal within ``appeal_working_days`` working days of being told of a fail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from .calendar import WorkingCalendar, add_months
from .deadlines import NOTICE, Task
from .exact import exact, mean

OLD_RULES_LABEL = "บรรจุก่อนหลักเกณฑ์ ว19/2561 — ใช้หลักเกณฑ์เดิม (ว20/2548) ไม่ประเมินในระบบนี้"


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

    @property
    def passed(self) -> bool | None:
        if self.missing or not self.percent:
            return None
        return all(p >= self.threshold for p in self.percent.values())


@dataclass(frozen=True, slots=True)
class InductionTrack:
    person: str
    old_rules: bool
    track_end: dt.date
    summary_due: dt.date
    evaluations: int  # how many the form requires (4)
    rounds: tuple[InductionRound, ...] = ()
    appeal_due: dt.date | None = None

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
        a.code: mean(aspect_percent(e.scores.get(a.code, {}), a) for e in final)
        for a in form.aspects
        if final
    }
    day = max((e.date for e in final), default=None)
    due = day + dt.timedelta(days=form.notify_within_days) if day else None
    late = tuple(
        e.member
        for e in final
        if (e.notified and e.notified > due) or (e.notified is None and as_of > due)
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
    end = add_months(person.appointed, form.evaluations * form.months_between)
    base = {
        "person": person.id,
        "track_end": end,
        "summary_due": end + dt.timedelta(days=form.summary_within_days),
        "evaluations": form.evaluations,
    }
    if person.appointed < dt.date.fromisoformat(form.rules_since):
        return InductionTrack(old_rules=True, **base)
    evaluations = list(evaluations)
    members = committee.member_ids if committee is not None else ()
    rounds = tuple(
        evaluate_round(n, [e for e in evaluations if e.number == n], members, form, as_of)
        for n in range(1, form.evaluations + 1)
        if any(e.number == n for e in evaluations)
    )
    failed = next((r for r in rounds if r.passed is False), None)
    appeal = None
    if failed is not None:
        told = failed.notified or failed.date
        appeal = calendar.add_working_days(told, form.appeal_working_days)
    return InductionTrack(old_rules=False, rounds=rounds, appeal_due=appeal, **base)


def notice_tasks(tracks: Iterable[InductionTrack], people: Mapping) -> tuple[Task, ...]:
    """What each member owes an assistant teacher after an evaluation: its results, by the
    round's ``notify_due``; done on the day the member told the teacher. Only once every
    member's evaluation is in (until then the due date would move with the last one), and
    only while the teacher and the member are in post on the due date."""

    def in_post(person: str, day: dt.date) -> bool:
        found = people.get(person)
        return found is None or found.active_on(day)

    return tuple(
        Task(NOTICE, track.person, member, rnd.notify_due, told)
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

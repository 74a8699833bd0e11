"""The office as its records knew it on a date: ``--as-of D`` shows what was done by D.

Records carry the dates things happened: an agreement's submission and approval, a
review, a PA 2, a progress entry, a ว26 evaluation and the day its results reached the
teacher, the steps of an application, what HR recorded after the ว26 evaluations. A
record dated after D did not exist yet on D, so it counts as not done: a submission made
later leaves the agreement a draft (and so no review is owed yet), a later approval
leaves it submitted, later evaluations, reviews and progress entries are left out, later
application steps are cut off. Records without a date (people, schools, committees,
surveys, a draft agreement) are taken as they are.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from .model import Agreement, InductionFile, Model, Person, Progress


def known_on(model: Model, day: dt.date) -> Model:
    """``model`` as known on ``day`` (a new model; the given one is left as it was)."""
    return Model(
        office=model.office,
        schools=model.schools,
        people={k: _person(p, day) for k, p in model.people.items()},
        agreements={k: _agreement(a, day) for k, a in model.agreements.items()},
        progress={k: _progress(p, day) for k, p in model.progress.items()},
        reviews=tuple(r for r in model.reviews if r.date <= day),
        evaluations=tuple(e for e in model.evaluations if e.date <= day),
        induction=tuple(
            e if e.notified is None or e.notified <= day else dataclasses.replace(e, notified=None)
            for e in model.induction
            if e.date <= day
        ),
        committees=model.committees,
        applications=tuple(
            dataclasses.replace(a, history=steps)
            for a in model.applications
            if (steps := tuple(s for s in a.history if s.date <= day))
        ),
        surveys=model.surveys,
        skipped=model.skipped,
    )


def _agreement(agreement: Agreement, day: dt.date) -> Agreement:
    if agreement.submitted is not None and agreement.submitted > day:
        return _undecided(dataclasses.replace(agreement, status="draft", submitted=None))
    if agreement.decided is not None and agreement.decided > day:
        return _undecided(dataclasses.replace(agreement, status="submitted"))
    return agreement


def _undecided(agreement: Agreement) -> Agreement:
    """The agreement before its approver's decision: no date, approver or note yet."""
    return dataclasses.replace(agreement, decided=None, approved_by=None, note=None)


def _progress(progress: Progress, day: dt.date) -> Progress:
    entries = tuple(e for e in progress.entries if e.date <= day)
    return (
        progress
        if len(entries) == len(progress.entries)
        else (dataclasses.replace(progress, entries=entries))
    )


def _person(person: Person, day: dt.date) -> Person:
    found = person.induction
    if found is None:
        return person

    def known(value: dt.date | None) -> dt.date | None:
        return value if value is not None and value <= day else None

    decided = known(found.decided)
    file = InductionFile(
        summary_sent=known(found.summary_sent),
        result_notice=known(found.result_notice),
        appeal=known(found.appeal),
        outcome=found.outcome if decided or found.decided is None else None,
        decided=decided,
    )
    return dataclasses.replace(person, induction=file) if file != found else person

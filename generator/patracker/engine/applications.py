"""DPA applications for a higher standing (DOMAIN.md §8): the status machine and its counts.

Allowed transitions, titles and which statuses are open come from ``forms.workflow`` (the
same object the validator uses), so a change to the workflow file changes both.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from statistics import fmean

from ..model import Application

# The inspectors' table (seed 001): each column is a set of current statuses, except
# "submitted", which counts every application that was ever submitted.
BUCKETS: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("submitted", "ยื่นคำขอ", frozenset()),
    (
        "checking",
        "อยู่ระหว่างตรวจสอบ",
        frozenset({"submitted", "school-checked", "esa-checked", "returned"}),
    ),
    ("with-committee", "รอผลคณะกรรมการ", frozenset({"with-committee"})),
    ("passed", "ผ่านเกณฑ์", frozenset({"passed", "approved"})),
    ("failed", "ไม่ผ่านเกณฑ์", frozenset({"failed", "rejected"})),
    ("awaiting-board", "รอเสนอ อ.ก.ค.ศ.", frozenset({"awaiting-board"})),
)


@dataclass(frozen=True, slots=True)
class Step:
    index: int
    src: str | None
    dst: str
    date: dt.date


def illegal_steps(application, workflow) -> tuple[Step, ...]:
    """Every transition in the history that the workflow does not allow."""
    out, previous = [], None
    for index, change in enumerate(application.history):
        if change.status not in workflow.statuses or not workflow.allows(previous, change.status):
            out.append(Step(index, previous, change.status, change.date))
        previous = change.status
    return tuple(out)


def is_open(application, workflow) -> bool:
    status = workflow.statuses.get(application.status)
    return bool(status and status.open)


def visits(application, as_of: dt.date, workflow) -> tuple[tuple[str, int], ...]:
    """(status, days) for each stay in a status; an open last status runs to ``as_of``."""
    history = application.history
    out = [(a.status, (b.date - a.date).days) for a, b in pairwise(history)]
    if is_open(application, workflow):
        out.append((history[-1].status, max(0, (as_of - history[-1].date).days)))
    return tuple(out)


def time_in_status(application, as_of: dt.date, workflow) -> dict[str, int]:
    """Days spent in each status, summed over visits (a returned-and-resubmitted one twice)."""
    days: dict[str, int] = defaultdict(int)
    for status, spent in visits(application, as_of, workflow):
        days[status] += spent
    return dict(days)


def returns(application) -> tuple[str, ...]:
    """The reasons of every return for correction, in order."""
    return tuple(c.reason or "-" for c in application.history if c.status == "returned")


def resubmissions(application) -> int:
    """How many times it was submitted again after a return."""
    statuses = [c.status for c in application.history]
    return sum(1 for pair in pairwise(statuses) if pair == ("returned", "submitted"))


def returned_reasons(applications: Iterable) -> Counter:
    return Counter(reason for a in applications for reason in returns(a))


def duplicates(
    applications: Iterable[Application], workflow
) -> tuple[tuple[Application, ...], ...]:
    """Groups of two or more open applications of one person for one standing."""
    groups: dict[tuple[str, str], list[Application]] = defaultdict(list)
    for a in applications:
        if is_open(a, workflow):
            groups[(a.person, a.standing)].append(a)
    return tuple(tuple(g) for g in groups.values() if len(g) > 1)


def bucket_counts(applications: Iterable) -> dict[str, list[str]]:
    """Bucket key → ids of the applications in it (ids, so a page can link the number)."""
    out: dict[str, list[str]] = {key: [] for key, _, _ in BUCKETS}
    for a in applications:
        statuses = {c.status for c in a.history}
        if "submitted" in statuses:
            out["submitted"].append(a.id)
        for key, _, current in BUCKETS:
            if a.status in current:
                out[key].append(a.id)
    return out


def counts_by_school(model) -> dict[str | None, dict[str, list[str]]]:
    """The inspectors' table per school (None = people without a school) and overall ("")."""
    by_school: dict[str | None, list] = defaultdict(list)
    for a in model.applications:
        person = model.people.get(a.person)
        by_school[person.school if person else None].append(a)
    out = {school: bucket_counts(apps) for school, apps in sorted(by_school.items(), key=_key)}
    out[""] = bucket_counts(model.applications)
    return out


def _key(item):
    return (item[0] is None, item[0] or "")


def status_counts(applications: Iterable) -> Counter:
    return Counter(a.status for a in applications)


@dataclass(frozen=True, slots=True)
class Dwell:
    status: str
    title: str
    visits: int
    mean_days: float
    max_days: int


def dwell_times(applications: Iterable, as_of: dt.date, workflow) -> tuple[Dwell, ...]:
    """For each status, how long applications stay in it (mean and max over visits)."""
    spans: dict[str, list[int]] = defaultdict(list)
    for a in applications:
        for status, spent in visits(a, as_of, workflow):
            spans[status].append(spent)
    return tuple(
        Dwell(key, s.title, len(spans[key]), fmean(spans[key]), max(spans[key]))
        for key, s in workflow.statuses.items()
        if spans.get(key)
    )

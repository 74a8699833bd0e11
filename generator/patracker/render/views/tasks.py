"""The PA round's tasks: what is due, late or soon, who owes it, and how to reach them
(the deadlines page, school, person and member pages, the reminders' digests)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING

from ...engine import deadlines
from ...engine.deadlines import Task
from .. import reads
from .base import View

if TYPE_CHECKING:
    pass


class Tasks(View):
    PLAIN = frozenset(["count_overdue", "round_deadlines", "soon_days", "status", "titles"])
    # who must act → their tasks: about them and the people they assess
    PERSON_MAPS = MappingProxyType(
        {"by_responsible": lambda view, p: view.site.responsible_reads(p)}
    )

    @cached_property
    def all(self) -> tuple[Task, ...]:
        site = self.site
        return deadlines.round_tasks(site.model, site.forms, site.fiscal_year, site.round.round)

    @property
    def soon_days(self) -> int:
        return self.site.office.rules.due_soon_days

    @cached_property
    def overdue(self) -> tuple[Task, ...]:
        return deadlines.overdue(self.all, self.site.as_of)

    @cached_property
    def due_soon(self) -> tuple[Task, ...]:
        return deadlines.due_soon(self.all, self.site.as_of, self.soon_days)

    @property
    def titles(self) -> dict[str, str]:
        """The PA round's kinds of task by their Thai titles, in the round's order."""
        return deadlines.TASKS

    @property
    def round_deadlines(self) -> tuple[deadlines.Deadline, ...]:
        return deadlines.round_deadlines(self.site.round)

    def status(self, task: Task) -> str:
        return task.status(self.site.as_of, self.soon_days)

    @reads.reads(lambda v, p: v.site.responsible_reads(p))
    def next_due(self, person_id: str) -> Task | None:
        return deadlines.next_due(self.by_responsible.get(person_id, ()), person_id)

    @cached_property
    def by_responsible(self) -> dict[str, tuple[Task, ...]]:
        return deadlines.by_responsible(self.all)

    @cached_property
    def by_school(self) -> dict[str | None, tuple[Task, ...]]:
        return deadlines.by_school(self.all, self.site.model)

    @cached_property
    def _overdue_set(self) -> frozenset[Task]:
        return frozenset(self.overdue)

    @reads.reads(lambda v, s: v.site.school_reads(s))
    def overdue_of_school(self, school_id: str | None) -> tuple[Task, ...]:
        return tuple(t for t in self.by_school.get(school_id, ()) if t in self._overdue_set)

    def count_overdue(self, tasks: Iterable[Task]) -> int:
        return sum(task in self._overdue_set for task in tasks)

    @reads.reads(lambda v, p: v.site.responsible_reads(p))
    def owed_by(self, member: str) -> tuple[Task, ...]:
        """Tasks a committee member must do this round about the people they assess."""
        return tuple(t for t in self.by_responsible.get(member, ()) if t.person != member)

    @reads.reads(lambda v, p: v.site.responsible_reads(p))
    def pending_by_person(self, member: str) -> dict[str, list[Task]]:
        """A member's open tasks grouped by the person they are about, in due order."""
        found: dict[str, list[Task]] = defaultdict(list)
        for task in self.owed_by(member):
            if not task.done_on:
                found[task.person].append(task)
        return found

    @reads.reads(reads.of_tasks)
    def group_by_school(self, tasks: Iterable[Task]) -> list[tuple[str | None, tuple[Task, ...]]]:
        site = self.site
        groups: dict[str | None, list[Task]] = defaultdict(list)
        for task in tasks:
            person = site.model.people.get(task.person)
            groups[person.school if person else None].append(task)
        return sorted(
            ((k, tuple(v)) for k, v in groups.items()), key=lambda kv: site.school_name(kv[0])
        )

    def member_backlog(self, members: Iterable[str]) -> list[tuple[str, int, int]]:
        """(member, late, due soon) of each of ``members`` with late or near tasks."""
        overdue, soon = set(self.overdue), set(self.due_soon)
        rows = []
        for member in members:
            owed = self.owed_by(member)
            late, near = sum(t in overdue for t in owed), sum(t in soon for t in owed)
            if late or near:
                rows.append((member, late, near))
        name_of = self.site.name_of
        return sorted(rows, key=lambda r: (-r[1], -r[2], name_of(r[0]), r[0]))

    @cached_property
    def _contacts(self) -> dict[str, dict]:
        corpus = self.site.corpus
        return {
            r.data.get("id", ""): r.data.get("contact") or {}
            for r in (corpus.of("person") if corpus else ())
            if isinstance(r.data.get("contact"), dict)
        }

    @reads.reads(reads.of_person)
    def contact(self, person_id: str) -> tuple[str | None, str | None]:
        """A person's phone and e-mail for staff chasing a late task; none on the public site."""
        if self.site.audience != "internal":
            return None, None
        found = self._contacts.get(person_id, {})
        phone, email = found.get("phone"), found.get("email")
        return (str(phone) if phone else None), (str(email) if email else None)

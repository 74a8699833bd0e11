"""Assistant teachers' ว26 tracks (engine/induction.py) and their tasks, apart from the
PA round's (the deadlines page, school, person and member pages, the digests)."""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING

from ...engine import deadlines, induction
from ...engine.deadlines import Task
from ...model import Committee
from .. import reads
from .base import View

if TYPE_CHECKING:
    pass


class Induction(View):
    PLAIN = frozenset(["committees_of", "next", "outcome"])
    PERSON_MAPS = MappingProxyType({"tracks": None})

    @cached_property
    def tracks(self) -> dict[str, induction.InductionTrack]:
        site = self.site
        return {t.person: t for t in induction.induction_tracks(site.model, site.forms, site.as_of)}

    @cached_property
    def tasks(self) -> tuple[Task, ...]:
        """Every ว26 task (engine.induction.track_tasks), apart from the PA round's tasks."""
        return induction.induction_tasks(
            self.tracks.values(), self.site.model.people, self.site.as_of
        )

    @cached_property
    def overdue(self) -> tuple[Task, ...]:
        """ว26 tasks past their due date: evaluations, results owed to the teacher, the
        two-year summary (an appeal is never overdue: its window just closes)."""
        return deadlines.overdue(self.tasks, self.site.as_of)

    @cached_property
    def due_soon(self) -> tuple[Task, ...]:
        site = self.site
        return deadlines.due_soon(self.tasks, site.as_of, site.office.rules.due_soon_days)

    @cached_property
    def _by_person(self) -> dict[str, tuple[Task, ...]]:
        found: dict[str, list[Task]] = defaultdict(list)
        for task in self.tasks:
            found[task.person].append(task)
        return {k: tuple(v) for k, v in found.items()}

    @cached_property
    def _by_responsible(self) -> dict[str, tuple[Task, ...]]:
        return deadlines.by_responsible(self.tasks)

    @reads.reads(reads.of_person)
    def steps(self, person_id: str) -> tuple[induction.Step, ...]:
        """What follows on an assistant teacher's ว26 track (the person page's next step)."""
        track = self.tracks.get(person_id)
        if track is None:
            return ()
        tasks = self._by_person.get(person_id, ())
        return induction.next_steps(track, tasks, self.site.as_of)

    def next(self, person_id: str) -> induction.Step | None:
        steps = self.steps(person_id)
        return steps[0] if steps else None

    def outcome(self, track: induction.InductionTrack) -> str:
        return induction.OUTCOMES.get(track.outcome or "", track.outcome or "-")

    @reads.reads(lambda v, m: v.reads_of_member(m))
    def owed_by(self, member: str) -> tuple[Task, ...]:
        """Open ว26 tasks a member (or a teacher, for an appeal) must act on, by due date."""
        return tuple(
            sorted(
                (t for t in self._by_responsible.get(member, ()) if t.done_on is None),
                key=lambda t: (t.due, t.person, t.number or 0),
            )
        )

    @reads.reads(lambda v, s: v.site.school_reads(s))
    def overdue_of_school(self, school_id: str | None) -> tuple[Task, ...]:
        return tuple(t for t in self.overdue if self._school_of(t.person) == school_id)

    def _school_of(self, person_id: str) -> str | None:
        person = self.site.person(person_id)
        return person.school if person else None

    def reads_of_member(self, member: str) -> list[str]:
        """What a member's ว26 tasks are about: the member and whom they assess."""
        assessed = (p for c in self.committees_of(member) for p in c.assessees)
        return [reads.person(member), *reads.people(assessed)]

    def committees_of(self, member: str) -> tuple[Committee, ...]:
        """The ว26 committees a member sits on, whatever year they were formed: a track
        runs two years."""
        return tuple(
            c
            for c in self.site.model.committees
            if c.kind == "induction" and member in c.member_ids
        )

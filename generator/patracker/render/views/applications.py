"""Applications for an academic standing (engine/applications.py): counts by school,
time in each status, reasons for return, duplicates (the applications and school pages)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import cached_property
from typing import TYPE_CHECKING

from ...engine import applications
from ...model import Application
from .. import reads
from .base import View

if TYPE_CHECKING:
    pass


class Applications(View):
    PLAIN = frozenset(["bucket_titles"])

    @cached_property
    def all(self) -> tuple[Application, ...]:
        return tuple(sorted(self.site.model.applications, key=lambda a: a.id))

    @cached_property
    def buckets(self) -> dict[str | None, dict[str, list[str]]]:
        return applications.counts_by_school(self.site.model)

    @property
    def bucket_titles(self) -> tuple[tuple[str, str], ...]:
        return tuple((key, title) for key, title, _ in applications.BUCKETS)

    def bucket_rows(self) -> list[tuple[str, dict[str, list[str]]]]:
        """(school, counts) by school name, then the office's total (``__all__``)."""
        buckets = self.buckets
        rows = [(school, counts) for school, counts in buckets.items() if school]
        rows.sort(key=lambda r: self.site.school_name(r[0]))
        return [*rows, ("__all__", buckets[""])]

    def dwell(self) -> tuple[applications.Dwell, ...]:
        return applications.dwell_times(self.all, self.site.as_of, self.site.forms.workflow)

    def returned_reasons(self) -> Counter:
        return applications.returned_reasons(self.all)

    def duplicates(self) -> tuple[tuple[Application, ...], ...]:
        return applications.duplicates(self.all, self.site.forms.workflow)

    def people(self, application_ids: Iterable[str]) -> tuple[str, ...]:
        """The people who filed these applications, each once, in order."""
        found = {a.id: a.person for a in self.all}
        return tuple(dict.fromkeys(found[i] for i in application_ids if i in found))

    @reads.reads(lambda v, s: v.site.school_reads(s))
    def of_school(self, school_id: str) -> tuple[Application, ...]:
        people = self.site.model.people
        return tuple(
            a for a in self.all if a.person in people and people[a.person].school == school_id
        )

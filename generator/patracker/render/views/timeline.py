"""A person's PA year by year: the fiscal years they have records in, what happened in
each, and which printable forms exist (the person page and the personal build)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from ...model import Round
from .. import reads
from .base import View
from .progress import Progress

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class Event:
    """One dated line of a person's timeline."""

    date: dt.date
    title: str
    detail: str = ""
    who: str | None = None
    links: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()


class Timeline(View):
    @reads.reads(reads.of_person)
    def fiscal_years_of(self, person_id: str) -> list[int]:
        """The years to show, newest first: those with records, and the current one."""
        years = self._fiscal_years.get(person_id, set())
        return sorted(years | {self.site.fiscal_year}, reverse=True)

    @cached_property
    def _fiscal_years(self) -> dict[str, set[int]]:
        """Person → the fiscal years they have an agreement or an evaluation in."""
        found: dict[str, set[int]] = defaultdict(set)
        for person, fiscal_year in self.site.model.agreements:
            found[person].add(fiscal_year)
        for evaluation in self.site.model.evaluations:
            found[evaluation.person].add(evaluation.fiscal_year)
        return found

    @reads.reads(reads.of_person)
    def filed_rounds(self, person_id: str, fiscal_year: int) -> list[tuple[Round, tuple]]:
        """(round, members who filed a PA 2) for the year's rounds where someone filed: the
        rounds whose printable forms exist (``printable.pa2_members``)."""
        summaries = Progress.of(self.site).summaries
        found = []
        for rnd in self.site.rounds_of(fiscal_year):
            result = summaries(rnd).get(person_id)
            if result and result.filed:
                found.append((rnd, result.filed))
        return found

    @reads.reads(reads.of_person)
    def events(self, person_id: str, fiscal_year: int) -> list[Event]:
        """Everything that happened to a person's PA in a fiscal year, oldest first."""
        model = self.site.model
        events: list[Event] = []
        agreement = model.agreements.get((person_id, fiscal_year))
        if agreement and agreement.submitted:
            events.append(
                Event(agreement.submitted, "เสนอข้อตกลงในการพัฒนางาน (PA 1)", who=person_id)
            )
        if agreement and agreement.decided:
            verdict = (
                "ให้ความเห็นชอบข้อตกลง"
                if agreement.status == "approved"
                else "ไม่เห็นชอบ ส่งคืนแก้ไขข้อตกลง"
            )
            events.append(
                Event(agreement.decided, verdict, agreement.note or "", who=agreement.approved_by)
            )
        labels = self.site.review_labels
        for review in model.reviews_of.get((person_id, fiscal_year), ()):
            notes = tuple(f"ตัวชี้วัด {code}: {text}" for code, text in review.comments.items())
            title = f"กรรมการกลั่นกรองข้อตกลง: {labels.get(review.decision, review.decision)}"
            events.append(
                Event(review.date, title, review.general or "", review.member, notes=notes)
            )
        progress = model.progress.get((person_id, fiscal_year))
        for entry in progress.entries if progress else ():
            title = f"บันทึกความก้าวหน้า ({_indicator_label(entry.indicator)})"
            events.append(Event(entry.date, title, entry.text, person_id, links=entry.links))
        for rnd in (1, 2):
            for evaluation in model.evaluations_of.get((person_id, fiscal_year, rnd), ()):
                if evaluation.amends:
                    events.append(
                        Event(
                            evaluation.date,
                            f"แก้ไขผลการประเมินรอบที่ {rnd}",
                            evaluation.reason or "",
                            evaluation.member,
                        )
                    )
                elif evaluation.final:
                    events.append(
                        Event(
                            evaluation.date,
                            f"ส่งผลการประเมิน (PA 2) รอบที่ {rnd}",
                            who=evaluation.member,
                        )
                    )
        return sorted(events, key=lambda e: e.date)


def _indicator_label(code: str) -> str:
    return (
        f"ประเด็นท้าทายข้อ {code.split('-')[1]}" if code.startswith("challenge-") else f"ตัวชี้วัด {code}"
    )

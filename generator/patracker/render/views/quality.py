"""What an HR officer should look at: records in a doubtful state, and evidence links
``check-links`` found broken (the quality page, person and member pages)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ... import linkcheck
from .. import reads
from .base import View

if TYPE_CHECKING:
    pass

Found = tuple[linkcheck.Evidence, linkcheck.Result]


class Quality(View):
    def attention(self) -> list[tuple[str, tuple[str, ...]]]:
        """Records an HR officer should look at, each as (Thai heading, people)."""
        site, model = self.site, self.site.model
        fy, minimum = site.fiscal_year, site.office.rules.min_weekly_hours
        in_pa = site.in_pa()
        agreements = [model.agreements.get((p, fy)) for p in in_pa]
        return [
            (
                "ข้อตกลงที่ถูกส่งคืนแก้ไขและยังไม่ได้เสนอใหม่",
                tuple(a.person for a in agreements if a and a.status == "returned"),
            ),
            (
                "ผู้ต้องจัดทำ PA ที่ยังไม่มีคณะกรรมการประเมิน",
                tuple(p for p in in_pa if (p, fy) not in model.pa_committee_of),
            ),
            (
                f"ภาระงานต่ำกว่าเกณฑ์ {minimum:g} ชั่วโมงต่อสัปดาห์",
                tuple(
                    a.person
                    for a in agreements
                    if a and a.weekly_hours is not None and a.weekly_hours < minimum
                ),
            ),
            (
                "ผลการประเมินที่กรรมการยังไม่ยืนยันผล (ยังเป็นร่าง)",
                tuple(
                    dict.fromkeys(
                        e.person for e in model.evaluations if not e.final and e.fiscal_year == fy
                    )
                ),
            ),
        ]

    @reads.reads(lambda _, p=None: [reads.EVERYONE if p is None else reads.person(p)])
    def broken_evidence(self, person: str | None = None) -> list[Found]:
        """(evidence, result) of each broken evidence link, of one person or of everyone."""
        return self._broken_evidence(person)

    def _broken_evidence(self, person: str | None) -> list[Found]:
        broken = self.site.broken_links
        if not broken:
            return []
        return [
            (e, broken[e.url])
            for e in linkcheck.evidence_of(self.site.model)
            if e.url in broken and person in (None, e.person)
        ]

    @reads.reads(lambda v, p: v.site.responsible_reads(p))
    def broken_evidence_assessed_by(self, member: str) -> list[Found]:
        """Broken evidence of the people a committee member assesses this fiscal year."""
        people = {p for c in self.site.committees_of(member) for p in c.assessees}
        return [found for found in self._broken_evidence(None) if found[0].person in people]

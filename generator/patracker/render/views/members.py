"""Committee members: who sits on a PA or ว26 committee, whom they assess, in what role
(the members' index and member pages, the deadlines page's backlog)."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ...model import Committee
from .base import View

if TYPE_CHECKING:
    pass


class Members(View):
    PLAIN = frozenset(["assessed_by", "ids", "role"])

    @cached_property
    def ids(self) -> tuple[str, ...]:
        """Everyone who sits on a PA committee this fiscal year or on a ว26 committee (a
        ว26 committee serves its two-year track, whatever year it was formed)."""
        model, year = self.site.model, self.site.fiscal_year
        found = {
            member
            for (member, fy) in model.committees_of_member
            if fy == year and member in model.people
        }
        found |= {m for c in model.committees if c.kind == "induction" for m in c.member_ids}
        return tuple(self.site.by_name(found))

    def assessed_by(self, member: str) -> tuple[str, ...]:
        return tuple(p for c in self.site.committees_of(member) for p in c.assessees)

    def role(self, committee: Committee | None, member: str) -> str:
        labels = self.site.role_labels
        role = committee.role_of(member) if committee else None
        return labels.get(role or "", labels["member"])

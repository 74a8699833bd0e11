"""How the office's PA is going: PA 3 results by round, KPIs, the latest survey
(the home page, schools, person and member pages, the public figures, print forms)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ...engine import kpis, summary
from ...model import Round
from .. import reads
from .base import View

if TYPE_CHECKING:
    from ..context import Site


class Progress(View):
    PLAIN = frozenset(["summaries"])

    def __init__(self, site: Site):
        super().__init__(site)
        self._summaries: dict[tuple[int, int], dict[str, summary.RoundSummary]] = {}

    def summaries(self, rnd: Round) -> Mapping[str, summary.RoundSummary]:
        """Person → their PA 3 result in a round (a page reads the results it looks up)."""
        key = (rnd.fiscal_year, rnd.round)
        if key not in self._summaries:
            site = self.site
            found = summary.round_summaries(site.model, site.forms, rnd.fiscal_year, rnd.round)
            self._summaries[key] = {s.person: s for s in found}
        return reads.by_person(self._summaries[key])

    def state_groups(self, rnd: Round) -> dict[str, tuple[str, ...]]:
        groups: dict[str, list[str]] = defaultdict(list)
        for person, result in self.summaries(rnd).items():
            groups[result.state].append(person)
        return {key: tuple(value) for key, value in groups.items()}

    @reads.reads(lambda v, s: v.site.school_reads(s))
    def pa_people_of(self, school_id: str) -> tuple[str, ...]:
        """Who owes a PA this year at a school."""
        site = self.site
        return tuple(
            p.id for p in site.model.people_by_school.get(school_id, ()) if site.does_pa(p.id)
        )

    @cached_property
    def kpis(self) -> tuple[kpis.Kpi, ...]:
        site = self.site
        return kpis.all_kpis(site.model, site.forms, site.fiscal_year, site.round.round)

    @cached_property
    def latest_survey(self) -> dict[str, Any] | None:
        """The newest satisfaction survey up to this round, with each question's %."""
        site = self.site
        survey = kpis.latest_survey(site.model, site.fiscal_year, site.round.round)
        if survey is None:
            return None
        questions = [(q, kpis.question_percent(q, survey.scale_max)) for q in survey.questions]
        return {
            "survey": survey,
            "percent": kpis.survey_percent(survey),
            "questions": questions,
            "answers": max((sum(q.counts) for q in survey.questions), default=0),
        }

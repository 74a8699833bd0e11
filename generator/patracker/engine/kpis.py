"""The office's success measures (DOMAIN.md §9) against the targets in ``office.yaml``.

Each KPI keeps the ids it counts (``counted``) and the ids of its whole base (``base``),
so every dashboard figure can link to the people or records behind it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from .exact import reaches
from .summary import assessees


@dataclass(frozen=True, slots=True)
class Kpi:
    key: str
    title: str
    unit: str  # "%" or "ฉบับ"
    value: Fraction | int | None  # exact; None when there is nothing to measure yet
    target: float
    counted: tuple[str, ...]
    base: tuple[str, ...]
    of_people: bool = True  # the ids are people's (list pages link them); else rounds, questions
    population: tuple[str, ...] = ()  # the positions the base counts, when it is people

    @property
    def met(self) -> bool | None:
        return reaches(self.value, self.target)

    @property
    def missing(self) -> tuple[str, ...]:
        """In the base but not counted: who still has to act."""
        counted = set(self.counted)
        return tuple(i for i in self.base if i not in counted)


def _percent(counted, base) -> Fraction | None:
    return Fraction(100 * len(counted), len(base)) if base else None


def registered(model, forms, fiscal_year: int) -> Kpi:
    """People of the KPI's population (``office.kpi_population``: by default teachers and
    supervisors, "ครู/ศึกษานิเทศก์" in the project proposal) who owe a PA this year and
    have a PA 1 file / all of them who owe one."""
    population = tuple(model.office.kpi_population.get("registered", ()))
    base = tuple(
        p
        for p in assessees(model, forms, fiscal_year)
        if p in model.people and model.people[p].position in population
    )
    counted = tuple(p for p in base if (p, fiscal_year) in model.agreements)
    return Kpi(
        "registered",
        "ลงทะเบียนภารกิจ PA (มีข้อตกลง PA 1)",
        "%",
        _percent(counted, base),
        model.office.kpi_targets.registered,
        counted,
        base,
        population=population,
    )


def committee_use(model, fiscal_year: int, round_: int) -> Kpi:
    """PA committee members with a review this year or an evaluation this round / all."""
    base = tuple(
        sorted(
            {
                m
                for c in model.committees
                if c.kind == "pa" and c.fiscal_year == fiscal_year
                for m in c.member_ids
            }
        )
    )
    active = {r.member for r in model.reviews if r.fiscal_year == fiscal_year}
    active |= {
        e.member for e in model.evaluations if (e.fiscal_year, e.round) == (fiscal_year, round_)
    }
    counted = tuple(m for m in base if m in active)
    return Kpi(
        "committee_use",
        "คณะกรรมการใช้ระบบ (กลั่นกรองหรือประเมิน)",
        "%",
        _percent(counted, base),
        model.office.kpi_targets.committee_use,
        counted,
        base,
    )


def reports(model, fiscal_year: int, published: Mapping[tuple[int, int], int] | None = None) -> Kpi:
    """Round reports per round: the fewest of any round of the year.

    ``published`` maps (fy, round) → reports produced; by default the site renders one
    report page and export for every round in ``office.yaml``.
    """
    rounds = model.office.rounds_of(fiscal_year)
    base = tuple(f"{fiscal_year}-r{r.round}" for r in rounds)
    made = {
        f"{fiscal_year}-r{r.round}": (
            1 if published is None else published.get((fiscal_year, r.round), 0)
        )
        for r in rounds
    }
    counted = tuple(k for k in base if made[k] > 0)
    return Kpi(
        "reports",
        "รายงานสารสนเทศผลการดำเนินงาน (ฉบับต่อรอบ)",
        "ฉบับ",
        min(made.values()) if made else None,
        model.office.kpi_targets.reports_per_round,
        counted,
        base,
        of_people=False,
    )


def survey_percent(survey) -> Fraction | None:
    """Pooled mean answer as % of the scale maximum (levels are 1..scale_max)."""
    total = weighted = 0
    for q in survey.questions:
        for level, count in enumerate(q.counts[: survey.scale_max], 1):
            total += count
            weighted += level * count
    return Fraction(100 * weighted, total * survey.scale_max) if total else None


def question_percent(question, scale_max: int) -> float | None:
    """One question's mean answer as % of the scale maximum, as ``survey_percent`` pools them."""
    counts = question.counts[:scale_max]
    total = sum(counts)
    weighted = sum(level * count for level, count in enumerate(counts, 1))
    return 100 * weighted / total / scale_max if total else None


def latest_survey(model, fiscal_year: int, round_: int):
    """The newest survey up to a round (a round's survey is taken at its end), or None."""
    found = [key for key in model.surveys if key <= (fiscal_year, round_)]
    return model.surveys[max(found)] if found else None


def satisfaction(model, fiscal_year: int, round_: int) -> Kpi:
    survey = model.surveys.get((fiscal_year, round_))
    codes = tuple(q.code for q in survey.questions) if survey else ()
    return Kpi(
        "satisfaction",
        "ความพึงพอใจต่อระบบ",
        "%",
        survey_percent(survey) if survey else None,
        model.office.kpi_targets.satisfaction,
        codes,
        codes,
        of_people=False,
    )


def all_kpis(model, forms, fiscal_year: int, round_: int, published=None) -> tuple[Kpi, ...]:
    """The four KPIs of a round; worked out once per model when ``published`` is the
    default (the dashboard, the round report and the aggregates all ask)."""

    def work() -> tuple[Kpi, ...]:
        return (
            registered(model, forms, fiscal_year),
            committee_use(model, fiscal_year, round_),
            reports(model, fiscal_year, published),
            satisfaction(model, fiscal_year, round_),
        )

    if published is not None:
        return work()
    return model.memo(("all_kpis", id(forms), fiscal_year, round_), work)

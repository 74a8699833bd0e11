"""Printable forms: PA 1 (the agreement), PA 2 (one member's evaluation), PA 3 (the summary).

Each form is its own page under ``print/<fy>/``, laid out like the official form so an
office can print it on A4 and sign it (``assets/print.css``). Every figure comes from the
engine (``scoring``, ``summary``), every label from the form files and schemas, and the
record text is handed to the templates as it was written, to be autoescaped there.
The person page links here through ``print/_links.html``, which asks the same questions
(``pa2_members``, ``has_pa3``) so that it never links to a page this module did not make.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from .. import fiscal
from ..engine import scoring
from ..engine.summary import RoundSummary
from . import pages  # the module, not its names: pages.py imports this one for PAGES
from .context import Site


@dataclass(frozen=True)
class Cell:
    """One target group's outcome and indicator (group is "" when the text is not split)."""

    group: str
    outcome: str
    indicator: str


@dataclass(frozen=True)
class Row:
    """One indicator of Part 1 as the assessee wrote it."""

    code: str
    title: str
    tasks: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class AspectRows:
    code: str
    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Hours:
    """Weekly workload lines 1.1–1.4 of the PA 1 header, with the schema's Thai titles."""

    teaching: tuple[tuple[str, float], ...]
    lines: tuple[tuple[str, float | None], ...]
    teaching_title: str

    @property
    def teaching_total(self) -> float:
        return sum(hours for _, hours in self.teaching)

    @property
    def total(self) -> float:
        return self.teaching_total + sum(h or 0 for _, h in self.lines)


# --- paths: the one place that names a print page -------------------------------------------


def pa1_path(fiscal_year: int, person: str) -> str:
    return f"print/{fiscal_year}/{person}-pa1.md"


def pa2_path(fiscal_year: int, round_: int, person: str, member: str) -> str:
    return f"print/{fiscal_year}/{person}-r{round_}-pa2-{member}.md"


def pa3_path(fiscal_year: int, round_: int, person: str) -> str:
    return f"print/{fiscal_year}/{person}-r{round_}-pa3.md"


# --- which pages exist -----------------------------------------------------------------------


def pa2_members(result: RoundSummary | None) -> tuple:
    """Committee members with an evaluation in force this round: each gets a PA 2 page."""
    return tuple(m for m in result.members if m.evaluation is not None) if result else ()


def has_pa3(result: RoundSummary | None) -> bool:
    """A PA 3 page exists once at least one member has filed (the rest show as missing)."""
    return bool(pa2_members(result))


# --- the builder -----------------------------------------------------------------------------


def print_pages(site: Site) -> Iterator[pages.Page]:
    """Every printable form of the site; registered in ``pages.PAGES``."""
    yield from pa1_pages(site)
    yield from evaluation_pages(site)


def pa1_pages(site: Site) -> Iterator[pages.Page]:
    groups = group_labels(site)
    for (person_id, fy), agreement in sorted(site.model.agreements.items()):
        person = site.person(person_id)
        form = site.forms.agreement_forms.get(agreement.form)
        if person is None or form is None:
            continue  # the validator reports both; a form cannot be printed without them
        data = site.record(agreement.path)
        aspects = part1_rows(form, data.get("part1", {}), groups)
        context = {
            "person": person,
            "fy": fy,
            "span": fiscal.fiscal_year_span(fy),
            "agreement": agreement,
            "form": form,
            "data": data,
            "aspects": aspects,
            "grouped": form.target_groups
            or any(c.group for a in aspects for r in a.rows for c in r.cells),
            "hours": weekly_hours(site, data.get("workload")),
            "salary_grade": site.record(f"people/{person_id}/person.yaml").get("salary_grade"),
        }
        title = f"{form.code} {person.name} ปีงบประมาณ {fy}"
        yield pages.Page(pa1_path(fy, person_id), "print/pa1.md", title, context)


def evaluation_pages(site: Site) -> Iterator[pages.Page]:
    for rnd in site.rounds:
        if rnd.start > site.as_of:
            continue
        for person_id, result in sorted(site.summaries(rnd).items()):
            person = site.person(person_id)
            if person is None or not has_pa3(result):
                continue
            form = site.forms.form_for(person.position)
            base = {"person": person, "fy": rnd.fiscal_year, "rnd": rnd, "result": result}
            for member in pa2_members(result):
                yield pa2_page(site, base, member, form)
            title = f"PA 3 {person.name} รอบที่ {rnd.round}/{rnd.fiscal_year}"
            context = {**base, "form": form}
            yield pages.Page(
                pa3_path(rnd.fiscal_year, rnd.round, person_id), "print/pa3.md", title, context
            )


def pa2_page(site: Site, base: dict, member, form) -> pages.Page:
    """One member's PA 2; a draft is scored the same way and marked as not final."""
    evaluation = member.evaluation
    score = member.score or scoring.score_evaluation(evaluation, site.forms.pa2, form)
    person, rnd = base["person"], base["rnd"]
    title = f"PA 2 {person.name} รอบที่ {rnd.round}/{rnd.fiscal_year} — {site.name_of(member.member)}"
    context = {
        **base,
        "member": member,
        "evaluation": evaluation,
        "score": score,
        "form": form,
        "points": {item.code: item for item in score.items},
        "sheet": pa2_sheet(site),
    }
    path = pa2_path(rnd.fiscal_year, rnd.round, person.id, member.member)
    return pages.Page(path, "print/pa2.md", title, context)


def pa2_sheet(site: Site) -> dict:
    """The PA 2 form file as written: its code and Thai title head the printed form."""
    return next(data for data in site.forms.raw.values() if data["kind"] == "pa2-scoring")


# --- shaping the record text ------------------------------------------------------------------


def group_labels(site: Site) -> dict[str, str]:
    """Target-group key → Thai title, read from the agreement schema (learners, staff...)."""
    by_group = site.project.schemas["agreement"]["$defs"]["by_group"]["properties"]
    return {key: spec.get("title", key) for key, spec in by_group.items()}


def part1_rows(form, part1: Mapping, groups: Mapping[str, str]) -> tuple[AspectRows, ...]:
    """Part 1 in the form's order, every indicator present (an empty one prints as blank)."""
    return tuple(
        AspectRows(
            aspect.code,
            aspect.title,
            tuple(_row(item, part1.get(item.code) or {}, groups) for item in aspect.items),
        )
        for aspect in form.aspects
    )


def _row(item, written: Mapping, groups: Mapping[str, str]) -> Row:
    return Row(
        item.code,
        item.title,
        str(written.get("tasks", "")),
        cells(written.get("outcomes", ""), written.get("indicators", ""), groups),
    )


def cells(outcomes, indicators, groups: Mapping[str, str]) -> tuple[Cell, ...]:
    """Line up outcomes and indicators per target group (ESA director) or as one cell."""
    if not isinstance(outcomes, Mapping) and not isinstance(indicators, Mapping):
        return (Cell("", str(outcomes or ""), str(indicators or "")),)
    outcomes = outcomes if isinstance(outcomes, Mapping) else {"": outcomes}
    indicators = indicators if isinstance(indicators, Mapping) else {"": indicators}
    keys = [k for k in groups if k in outcomes or k in indicators]
    keys += [k for k in {**outcomes, **indicators} if k not in keys]
    return tuple(
        Cell(groups.get(k, k), str(outcomes.get(k) or ""), str(indicators.get(k) or ""))
        for k in keys
    )


def weekly_hours(site: Site, workload: Mapping | None) -> Hours | None:
    """The 1.1–1.4 lines; None for forms without a workload section (ESA director)."""
    if not workload:
        return None
    spec = site.project.schemas["agreement"]["properties"]["workload"]["properties"]
    teaching = tuple((str(t["subject"]), float(t["hours"])) for t in workload.get("teaching", ()))
    lines = tuple(
        (spec[key]["title"], workload.get(key)) for key in ("support", "quality", "policy")
    )
    return Hours(teaching, lines, spec["teaching"]["title"])

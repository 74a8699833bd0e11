"""Printable forms: PA 1 (the agreement), PA 2 (one member's evaluation), PA 3 (the summary).

Three generic A4 pages, ``print/pa1.html``, ``print/pa2.html`` and ``print/pa3.html``, lay
out the official forms in the browser (``assets/print.js``, ``assets/print.css``) from the
query string (``?person=ID&fy=2570&round=1&member=ID``) and one small JSON file per person,
``print/data/<person>.json``. Pre-rendering a page per form cost a 5,000-person office
~47,000 pages; this costs one file per person.

Everything a form shows is worked out here, not in the browser: every figure comes from
the engine (``scoring``, ``summary``) and is formatted already, every label comes from the
form files and schemas, dates are Buddhist Era text. The JavaScript only lays it out, and
puts record text in the page as text, never as markup. What is the same for everyone
(titles, indicator lists, the PA 2 sheet) is carried once, inline in each page.

The person page links here through the ``print_links`` macro (``_macros.html``), which
asks the same questions (``pa2_members``, ``has_pa3``) so that it never links to a form
this module did not write.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .. import fiscal, thai
from ..engine import scoring
from ..engine.summary import RoundSummary
from ..kinds import REGISTRY
from . import reads, webforms
from .context import Site
from .output import Download, Page, compact_json
from .views import Progress

# print page → the title the page has until the script names the form it shows: the
# pages the registry's record kinds feed (kinds.py), in its order
KINDS: dict[str, str] = {page: title for k in REGISTRY for page, title in k.prints}
DEFAULT_ROLE = "กรรมการ"


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


# --- paths: the one place that names a print page or file ---------------------------------


def page_path(kind: str) -> str:
    return f"print/{kind}.md"


def data_path(person: str) -> str:
    return f"print/data/{person}.json"


def script_path(person: str) -> str:
    return f"print/data/{person}.js"


# --- which forms exist -----------------------------------------------------------------------


def pa2_members(result: RoundSummary | None) -> tuple:
    """Committee members with an evaluation in force this round: each gets a PA 2 form."""
    return result.filed if result else ()


def has_pa3(result: RoundSummary | None) -> bool:
    """A PA 3 form exists once at least one member has filed (the rest show as missing)."""
    return bool(pa2_members(result))


# --- the builder -----------------------------------------------------------------------------


def print_pages(site: Site) -> Iterator[Page | Download]:
    """The three print pages and every person's print data; registered in ``pages.PAGES``."""
    for kind, title in KINDS.items():
        context = {"kind": kind, "forms": webforms.to_script(definitions(site, kind))}
        # A4 documents without the theme; person pages already show what they print
        yield Page(
            page_path(kind),
            "print/form.md",
            title,
            context,
            bulk=True,
            searched=False,
            standalone=True,
        )
    groups = group_labels(site)
    for person_id, (agreements, rounds) in printable(site).items():
        # made only when an incremental build cannot reuse last build's file (reuse.py);
        # ``about``: whose records it shows (their committees' names come with them). The
        # JSON is made once for both files: the script is the same data for a site opened
        # from disk (file://), where fetch fails
        make = functools.partial(person_json, site, person_id, agreements, rounds, groups)
        data = reads.Shared(make, uses=2)
        yield Download(data_path(person_id), data, about=(person_id,))
        script = functools.partial(person_script, person_id, data)
        yield Download(script_path(person_id), script, about=(person_id,))


# --- what every person shares: the form definitions, inline in each page --------------------


def _aspects(form) -> list:
    """[[aspect code, title, [[indicator code, title], ...]], ...] in the form's order."""
    return [[a.code, a.title, [[i.code, i.title] for i in a.items]] for a in form.aspects]


def definitions(site: Site, kind: str) -> dict:
    forms = site.forms.agreement_forms
    pa2 = site.forms.pa2
    if kind == "pa1":
        return {
            "forms": {
                f.id: {"code": f.code, "title": f.title, "challenges": f.challenges}
                | {"aspects": _aspects(f)}
                for f in forms.values()
            }
        }
    if kind == "pa2":
        sheet = pa2_sheet(site)
        return {
            "code": sheet["code"],
            "title": sheet["title"],
            "levels": [[lv, pa2.levels[lv]] for lv in range(1, pa2.max_level + 1)],
            "part1_weight": thai.number(pa2.part1_weight),
            "part2_weight": thai.number(scoring.maximum(pa2) - pa2.part1_weight),
            "part2": [[w.key, w.title, thai.number(w.weight)] for w in pa2.part2],
            "forms": {f.id: _aspects(f) for f in forms.values()},
        }
    return {
        "part1_weight": thai.number(pa2.part1_weight),
        "part2_weight": thai.number(100 - pa2.part1_weight),
    }


def pa2_sheet(site: Site) -> dict:
    """The PA 2 form file as written: its code and Thai title head the printed form."""
    return next(data for data in site.forms.raw.values() if data["kind"] == "pa2-scoring")


# --- what each person has: one JSON file --------------------------------------------------


def printable(site: Site) -> dict[str, tuple[list, list]]:
    """person id → ([(agreement, form)], [(round, summary)]): the forms they can print."""
    found: dict[str, tuple[list, list]] = {}
    for (person_id, _), agreement in sorted(site.model.agreements.items()):
        form = site.forms.agreement_forms.get(agreement.form)
        if site.person(person_id) is None or form is None:
            continue  # the validator reports both; a form cannot be printed without them
        found.setdefault(person_id, ([], []))[0].append((agreement, form))
    for rnd in site.rounds:
        if rnd.start > site.as_of:
            continue
        for person_id, result in sorted(Progress.of(site).summaries(rnd).items()):
            if site.person(person_id) is not None and has_pa3(result):
                found.setdefault(person_id, ([], []))[1].append((rnd, result))
    return dict(sorted(found.items()))


def person_record(site: Site, person_id: str, agreements, rounds, groups) -> dict:
    """Everything one person's PA 1, PA 2 and PA 3 forms show, by fiscal year:
    ``{"name", "position", ..., "years": {"2570": {"pa1": {...}, "rounds": {"1": {"pa2":
    {member: {...}}, "pa3": {...}}}}}}``."""
    person = site.person(person_id)
    assert person is not None, person_id  # printable() lists only people of the model
    data = header(site, person)
    years = data["years"]
    for agreement, form in agreements:
        year = years.setdefault(str(agreement.fiscal_year), {})
        year["pa1"] = pa1_data(site, person, agreement, form, groups)
    for rnd, result in rounds:
        year = years.setdefault(str(rnd.fiscal_year), {})
        data["expected"] = site.expected_level(person.standing)
        agreement = site.model.agreements.get((person_id, rnd.fiscal_year))
        year["challenge_titles"] = list(agreement.challenge_titles) if agreement else []
        year.setdefault("rounds", {})[str(rnd.round)] = round_data(site, person, rnd, result)
    return data


def person_json(site: Site, person_id: str, agreements, rounds, groups) -> bytes:
    return compact_json(person_record(site, person_id, agreements, rounds, groups))


def person_script(person_id: str, data: Callable[[], bytes]) -> bytes:
    """``person_json`` as a script that print.js loads with <script src> when the site is
    opened from disk: browsers refuse fetch() on file:// but still run a local script.
    JSON is a JavaScript expression; the id is a slug (validated), so it quotes safely."""
    key = json.dumps(person_id).encode()
    return b"(window.paPrintData = window.paPrintData || {})[" + key + b"] = " + data() + b";\n"


def header(site: Site, person) -> dict:
    """Who the person is, as the forms' header prints it."""
    school = site.school_name(person.school)
    office = site.model.office.name if site.model.office else ""
    salary_grade = site.record(f"people/{person.id}/person.yaml").get("salary_grade")
    return {
        "id": person.id,
        "name": person.name,
        "position": site.position_labels.get(person.position, person.position),
        "standing": site.standing_labels.get(person.standing, person.standing),
        "school": school,
        "unit": f"{school} {office}" if person.school else office,
        "salary_grade": str(salary_grade) if salary_grade else "-",
        "years": {},
    }


@functools.lru_cache(maxsize=65536)
def _number(value: float, digits: int = 0) -> str:
    """``thai.number``, remembered: an office repeats the same few points and totals."""
    return thai.number(value, digits)


@functools.lru_cache(maxsize=4096)
def _point(level: int | None, points: float) -> tuple[int | None, str]:
    """A rated line as [level, points]: the same few pairs recur across an office."""
    return level, thai.number(points, 2)


@functools.lru_cache(maxsize=4096)
def _date(value) -> str | None:
    return thai.be_date(value, long=True) if value else None


def _text(value) -> str:
    return "" if value is None else str(value)


def sign(name: str, role: str, date=None) -> dict:
    """A signature block: name in brackets, role, date (None: a blank line to fill in)."""
    return {"name": name, "role": role, "date": _date(date)}


def pa1_data(site: Site, person, agreement, form, groups: Mapping[str, str]) -> dict:
    fy = agreement.fiscal_year
    data = site.record(agreement.path)
    part1 = data.get("part1", {})
    rows = {}
    for item in form.indicators:
        written = part1.get(item.code) or {}
        found = cells(written.get("outcomes", ""), written.get("indicators", ""), groups)
        row = {"tasks": _text(written.get("tasks", "")), "cells": [list(c) for c in found]}
        if row != {"tasks": "", "cells": [["", "", ""]]}:  # a blank row needs no data
            rows[item.code] = row
    grouped = form.target_groups or any(c[0] for r in rows.values() for c in r["cells"])
    approver = site.person(agreement.approved_by) if agreement.approved_by else None
    position = site.position_labels.get(person.position, person.position)
    span = fiscal.fiscal_year_span(fy)
    return {
        "form": form.id,
        "title": f"{form.code} {person.name} ปีงบประมาณ {fy}",
        "span": [_date(span[0]), _date(span[1])],
        "draft": None
        if agreement.status == "approved"
        else site.agreement_labels.get(agreement.status, agreement.status),
        "class_types": [_text(t) for t in data.get("class_types") or ()],
        "hours": hours_data(weekly_hours(site, data.get("workload"))),
        "grouped": bool(grouped),
        "part1": rows,
        "challenges": [
            {
                key: _text(c.get(key))
                for key in ("title", "policy", "problem", "methods", "quantitative", "qualitative")
            }
            for c in data.get("challenges", ())
        ],
        "sign": sign(person.name, f"{position} ผู้จัดทำข้อตกลง", agreement.submitted),
        "approved": agreement.status == "approved",
        "returned": agreement.status == "returned",
        "note": agreement.note or None,
        "approver": sign(
            approver.name if approver else "",
            site.position_labels.get(approver.position, approver.position)
            if approver
            else "ผู้บังคับบัญชา",
            agreement.decided,
        ),
    }


def hours_data(hours: Hours | None) -> dict | None:
    if hours is None:
        return None
    return {
        "title": hours.teaching_title,
        "teaching": [[subject, _number(h, 1)] for subject, h in hours.teaching],
        "teaching_total": _number(hours.teaching_total, 1),
        "lines": [[title, _number(h, 1) if h is not None else "-"] for title, h in hours.lines],
        "total": _number(hours.total, 1),
    }


def round_data(site: Site, person, rnd, result: RoundSummary) -> dict:
    form = site.forms.form_for(person.position)
    return {
        "form": form.id if form else None,
        "start": _date(rnd.start),
        "end": _date(rnd.end),
        "threshold": _number(result.threshold),
        "pa2": {
            m.member: pa2_data(site, person, rnd, result, m, form) for m in pa2_members(result)
        },
        "pa3": pa3_data(site, person, rnd, result),
    }


def role_label(site: Site, role: str | None) -> str:
    return site.role_labels.get(role, DEFAULT_ROLE) if role else DEFAULT_ROLE


def pa2_data(site: Site, person, rnd, result: RoundSummary, member, form) -> dict:
    """One member's PA 2; a draft is scored the same way and marked as not final."""
    evaluation = member.evaluation
    score = member.score or scoring.score_evaluation(evaluation, site.forms.pa2, form)
    name = site.name_of(member.member)
    role = role_label(site, member.role)
    return {
        "title": f"PA 2 {person.name} รอบที่ {rnd.round}/{rnd.fiscal_year} — {name}",
        "name": name,
        "role": role,
        "date": _date(evaluation.date),
        "final": bool(evaluation.final),
        "amends": evaluation.amends,
        "reason": evaluation.reason,
        "workload_ok": bool(evaluation.workload_ok),
        # code → [level or None, points]: every indicator of the form and every Part 2 item
        "items": {i.code: _point(i.level, i.points) for i in score.items},
        "comments": {code: _text(text) for code, text in evaluation.comments.items() if text},
        "part1": _number(score.part1, 2),
        "part2": _number(score.part2, 2),
        "total": _number(score.total, 2),
        "maximum": _number(score.maximum),
        "passed": score.reaches(result.threshold),
    }


def pa3_data(site: Site, person, rnd, result: RoundSummary) -> dict:
    members = []
    for m in result.members:
        row = {"id": m.member, "name": site.name_of(m.member), "role": role_label(site, m.role)}
        if m.score:
            verdict = "ผ่าน" if m.score.reaches(result.threshold) else "ไม่ผ่าน"
            if not m.score.gate_ok:
                verdict += " (ภาระงานไม่ครบเกณฑ์)"
            row |= {
                "part1": _number(m.score.part1, 2),
                "part2": _number(m.score.part2, 2),
                "total": _number(m.score.total, 2),
                "verdict": verdict,
            }
        else:
            row |= {"part1": "-", "part2": "-", "total": "-"}
            row["verdict"] = "ยังไม่ยืนยันผล" if m.evaluation else "ยังไม่ส่ง"
        members.append(row)
    data: dict[str, Any] = {
        "title": f"PA 3 {person.name} รอบที่ {rnd.round}/{rnd.fiscal_year}",
        "members": members,
        "mean": _number(result.mean, 2) if result.mean is not None else "-",
        "state": result.state,
        "label": result.label,
    }
    lowest = result.lowest
    if result.state == "failed" and lowest and lowest.score:  # the lowest is always scored
        data["lowest"] = {
            "name": site.name_of(lowest.member),
            "total": _number(lowest.score.total, 2),
            "weak": [
                [
                    site.item_label(person.id, item.code),
                    str(item.level) if item.level is not None else "-",
                ]
                for item in result.weak
            ],
        }
    return data


# --- shaping the record text ------------------------------------------------------------------


def group_labels(site: Site) -> dict[str, str]:
    """Target-group key → Thai title, read from the agreement schema (learners, staff...)."""
    by_group = site.project.schemas["agreement"]["$defs"]["by_group"]["properties"]
    return {key: spec.get("title", key) for key, spec in by_group.items()}


def cells(outcomes, indicators, groups: Mapping[str, str]) -> tuple[tuple[str, str, str], ...]:
    """Line up outcomes and indicators per target group (ESA director) or as one cell:
    (group title, outcome, indicator), the group "" when the text is not split."""
    if not isinstance(outcomes, dict) and not isinstance(indicators, dict):  # records are dicts
        return (("", _text(outcomes or ""), _text(indicators or "")),)
    outcomes = outcomes if isinstance(outcomes, dict) else {"": outcomes}
    indicators = indicators if isinstance(indicators, dict) else {"": indicators}
    keys = [k for k in groups if k in outcomes or k in indicators]
    keys += [k for k in {**outcomes, **indicators} if k not in keys]
    return tuple(
        (groups.get(k, k), _text(outcomes.get(k) or ""), _text(indicators.get(k) or ""))
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

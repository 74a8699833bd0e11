"""Roster import and export: the HR officer's Excel roster ↔ ``records/schools`` and ``people``.

``plan_import`` reads a roster (XLSX or CSV, Thai headers mapped by ``roster_mapping.yaml``)
and works out what would change; ``apply_import`` writes it, all or nothing, and only when
every row is clean (or bad rows are skipped) and the result validates. ``export_roster``
writes the roster back out in the same layout, so import(export(x)) changes nothing.

Decisions (see the modules for the why):

- people are matched by name and school before any id is made (``plan``); ids are romanised
  slugs (``ids``); nobody is deleted, absent people are listed as "left";
- an empty optional cell (subject, phone, e-mail) keeps the recorded value; names are the
  match key and are not rewritten; a changed name is a new person (no national ID to tell);
- Buddhist Era years and Excel serial dates are converted with a warning, two-digit years
  are refused (``dates``); merged cells are refused (``sheet``);
- the national-ID column is never read, only warned about once.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..problems import Problem, problem
from ..project import Project
from .commit import new_errors, write_all
from .existing import read_existing, taken_person_ids
from .export import export_roster
from .mapping import Mapping, load_mapping
from .plan import Plan, make_plan
from .rows import RowReader
from .sheet import read_table
from .show import plan_text, problem_line

__all__ = [
    "Mapping",
    "Plan",
    "apply_import",
    "export_roster",
    "load_mapping",
    "plan_import",
    "plan_text",
    "problem_line",
]


def plan_import(
    project: Project,
    source: Path,
    mapping: Mapping,
    sheet: str | None = None,
    today: dt.date | None = None,
) -> Plan:
    """What importing ``source`` would do; raises ProblemError when the file is unusable."""
    table = read_table(source, mapping, sheet)
    existing = read_existing(project.records)
    reader = RowReader(table, mapping, project.schemas, today or dt.date.today(), existing.office)
    entries = [reader.entry(row) for row in table.rows]
    order = list(project.schemas["person"]["properties"])
    taken = taken_person_ids(project.records, existing)
    return make_plan(table, entries, existing, mapping, taken, order)


def apply_import(project: Project, plan: Plan, skip_bad_rows: bool = False) -> list[Problem]:
    """Write the plan; return the problems that stopped it (nothing written) or []."""
    if plan.bad_rows and not skip_bad_rows:
        return [problem("PA725", plan.table.source, count=len(plan.bad_rows))]
    writes = plan.writes()
    if not writes:
        return []
    errors = new_errors(project, writes)
    if errors:
        return [*errors, problem("PA726", plan.table.source)]
    write_all(project.records, writes)
    return []

"""The two roster commands behind ``patracker import roster`` and ``export roster``.

Kept here so the command-line module only declares options. Exit codes: 0 done or
nothing to do, 1 bad rows or an invalid result (nothing written), 2 unusable input.
"""

from __future__ import annotations

from pathlib import Path

import typer

from ..problems import ProblemError
from ..project import Project
from . import apply_import, export_roster, load_mapping, plan_import, plan_text, problem_line


def run_import(
    source: Path,
    records: Path,
    sheet: str | None,
    mapping_file: Path | None,
    dry_run: bool,
    skip_bad_rows: bool,
) -> int:
    """Print the plan, then write it unless this is a dry run; return the exit code."""
    for path, what in ((source, "ไฟล์"), (records, "โฟลเดอร์")):
        if not path.exists():
            typer.echo(f"ไม่พบ{what} {path} — {path} does not exist", err=True)
            return 2
    project = Project.at(records)
    try:
        mapping = load_mapping(project.schemas, mapping_file)
        plan = plan_import(project, source, mapping, sheet)
    except ProblemError as exc:
        typer.echo("\n".join(problem_line(p) for p in exc.problems), err=True)
        return 2
    typer.echo(plan_text(plan, project.schemas), nl=False)
    if dry_run:
        typer.echo("ทดลองเท่านั้น ไม่ได้บันทึกไฟล์ — dry run, nothing written")
        return 1 if plan.bad_rows and not skip_bad_rows else 0
    stopped = apply_import(project, plan, skip_bad_rows)
    if stopped:
        typer.echo("\n".join(problem_line(p) for p in stopped), err=True)
        return 1
    if not plan.nothing_to_do:
        count = len(plan.new) + len(plan.changed)
        typer.echo(f"บันทึกแล้ว {count} ไฟล์ — wrote {count} file(s)")
    return 0


def run_export(out: Path, records: Path, mapping_file: Path | None) -> int:
    if not records.is_dir():
        typer.echo(f"ไม่พบโฟลเดอร์ {records} — no such folder", err=True)
        return 2
    project = Project.at(records)
    try:
        count = export_roster(project, out, load_mapping(project.schemas, mapping_file))
    except ProblemError as exc:
        typer.echo("\n".join(problem_line(p) for p in exc.problems), err=True)
        return 2
    typer.echo(f"ส่งออกบัญชีรายชื่อ {count} คนที่ {out} — exported {count} people to {out}")
    return 0

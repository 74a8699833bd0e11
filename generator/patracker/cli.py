"""The ``patracker`` command line. Each command is a thin shell over one pipeline stage."""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
import sys
from pathlib import Path
from typing import NoReturn

import typer

from .problems import ProblemError
from .project import Project, missing_records

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="PA Tracker — ตรวจสอบข้อมูล PA และสร้างเว็บไซต์ติดตาม (validate records, build the site).",
)


def _records_exist(records: Path) -> Path:
    """Every command reading records/ stops at once when there is none, saying how to point at it."""
    if (missing := missing_records(records)) is not None:
        _usage(missing)
    return records


RecordsOption = typer.Option(
    Path("records"),
    "--records",
    help="โฟลเดอร์ records/ — the records folder",
    callback=_records_exist,
)


def _iso_date(value: str | dt.date) -> dt.date:
    """A Gregorian ISO date (2026-11-20); anything else is a usage error (exit 2)."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"ต้องเป็นวันที่ ค.ศ. แบบ ปปปป-ดด-วว เช่น 2026-11-20 — "
            f"{value!r} is not an ISO date such as 2026-11-20"
        ) from None


AsOfOption = typer.Option(
    None,
    "--as-of",
    parser=_iso_date,
    help="วันที่อ้างอิง ค.ศ. เช่น 2026-11-20 (ค่าเริ่มต้น: วันนี้) — reference date",
)


def _records_root(paths: list[Path], records: Path | None) -> tuple[Path, list[str] | None]:
    """Find the records folder the PATH arguments live in; exit 2 when they don't share one."""
    if not paths:
        return (records or Path("records")), None
    roots, only = set(), []
    for path in paths:
        root = records or _find_root(path)
        if root is None:
            _usage(f"ไม่พบโฟลเดอร์ records ที่มี {path} — {path} is not inside a records folder")
        roots.add(root.resolve())
        relative = path.resolve().relative_to(root.resolve()).as_posix()
        only.append("" if relative == "." else relative)
    if len(roots) > 1:
        _usage("PATH ทุกตัวต้องอยู่ในโฟลเดอร์ records เดียวกัน — all PATHs must be in one records folder")
    root = roots.pop()
    shown = Path(os.path.relpath(root)) if root.is_relative_to(Path.cwd()) else root
    return shown, (None if "" in only else only)


def _find_root(path: Path) -> Path | None:
    if not path.exists():
        return None
    for candidate in [path, *path.resolve().parents] if path.is_dir() else path.resolve().parents:
        if (candidate / "office.yaml").is_file() or candidate.name == "records":
            return candidate
    return None


def _usage(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(2)


def _file_out(out: Path | None, records: Path) -> None:
    """Refuse (exit 2) an output file that is a folder or lies in records/ or schemas/."""
    from .outdir import OutputError, check_file_out, protected

    if out is not None:
        try:
            check_file_out(out, protected(records, Project.at(records).schemas_dir))
        except OutputError as exc:
            _usage(str(exc))


@app.command()
def validate(
    paths: list[Path] = typer.Argument(
        None, help="ไฟล์หรือโฟลเดอร์ที่จะรายงาน (ค่าเริ่มต้น: records/ ทั้งหมด)"
    ),
    output: str = typer.Option("text", "--format", help="text | github | json"),
    records: Path = typer.Option(None, "--records", help="โฟลเดอร์ records/ (ถ้าไม่ระบุจะหาจาก PATH)"),
    base: str = typer.Option(
        None, "--base", help="รุ่นฐานของคำขอแก้ไข: ตรวจข้อห้ามแก้ผลที่ยืนยันแล้ว/ประวัติคำขอ"
    ),
) -> None:
    """ตรวจสอบข้อมูลทั้งหมด รายงานทุกข้อผิดพลาดพร้อมบรรทัด — validate records, report every problem.

    Exit 0 when clean, 1 when errors were found, 2 on a usage error.
    """
    from .gcpause import cycle_collector_paused
    from .reporting import RENDERERS
    from .validate import validate as run

    if output not in RENDERERS:
        _usage(f"--format ต้องเป็น text, github หรือ json — unknown format {output!r}")
    root, only = _records_root(paths or [], records)
    if (missing := missing_records(root)) is not None:
        _usage(missing)
    project = Project.at(root)
    try:
        with cycle_collector_paused():  # main's check cache alone is millions of objects
            result = run(project, only=only)
    except ProblemError as exc:  # broken forms or schemas: the project itself is misconfigured
        sys.stdout.write(RENDERERS[output](exc.problems, Path("."), 0))
        raise typer.Exit(1) from None
    problems = result.problems
    if base:  # pull-request protection rules need the base revision (validate/protect.py)
        from .checkpr import revision_protections
        from .problems import Problem
        from .validate.protect import check_revisions

        protected = [*check_revisions(root, base), *revision_protections(root, base)]
        problems = sorted([*problems, *protected], key=Problem.sort_key)
    sys.stdout.write(RENDERERS[output](problems, root, result.checked))
    raise typer.Exit(1 if any(p.is_error for p in problems) else 0)


@app.command()
def new(
    kind: str = typer.Argument(..., help="person | agreement | evaluation | progress"),
    person: str = typer.Argument(..., help="รหัสบุคคล — the person's id"),
    fy: int = typer.Option(None, "--fy", help="ปีงบประมาณ พ.ศ. เช่น 2569"),
    round_: int = typer.Option(None, "--round", help="รอบการประเมิน 1 หรือ 2"),
    member: str = typer.Option(None, "--member", help="รหัสกรรมการผู้ประเมิน"),
    position: str = typer.Option("teacher", "--position", help="ตำแหน่ง (สำหรับ new person)"),
    school: str = typer.Option(None, "--school", help="รหัสโรงเรียน (สำหรับ new person)"),
    records: Path = RecordsOption,
) -> None:
    """สร้างไฟล์ตั้งต้นที่ถูกต้องจากแบบฟอร์ม — write one valid skeleton record; never overwrites."""
    from .scaffold import ScaffoldError, scaffold

    project = Project.at(records)
    try:
        path = scaffold(
            project,
            kind,
            person,
            fy=fy,
            round_=round_,
            member=member,
            position=position,
            school=school,
            today=dt.date.today(),
        )
    except ScaffoldError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(exc.exit_code) from None
    typer.echo(f"สร้างไฟล์ {path} แล้ว — created {path}")


@app.command()
def build(
    records: Path = RecordsOption,
    out: Path = typer.Option(Path("site"), "--out", help="โฟลเดอร์ผลลัพธ์ — output folder"),
    audience: str = typer.Option(
        "office",
        "--audience",
        help="office (= internal) | school | personal | public — schemas/audiences/audiences.yaml",
    ),
    school: str | None = typer.Option(
        None, "--school", help="เฉพาะโรงเรียนนี้ (--audience school) — only this school"
    ),
    audit: bool = typer.Option(
        True, "--audit/--no-audit", help="ตรวจการรั่วไหลตามกลุ่มผู้อ่านหลังสร้าง — leak check"
    ),
    as_of: dt.date = AsOfOption,
    quiet: bool = typer.Option(False, "--quiet", help="ไม่แสดงความคืบหน้า"),
    manual_shots: Path = typer.Option(
        None,
        "--manual-shots",
        help="โฟลเดอร์ภาพหน้าจอของคู่มือ (ค่าเริ่มต้น build/manual-shots) — the manual's screenshots",
    ),
) -> None:
    """สร้างเว็บไซต์จากข้อมูล — build the static site (atomically: a failed build changes nothing).

    A school, personal or public build is checked for leaks by its audience's rule
    afterwards (``audit-site``); a leak exits 1 and says what to fix."""
    from .build import BuildError, build_site

    reference = as_of or dt.date.today()
    try:
        where = build_site(
            Project.at(records),
            out,
            audience=audience,
            as_of=reference,
            quiet=quiet,
            manual_shots=manual_shots,
            school=school,
        )
    except BuildError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(exc.exit_code) from None
    typer.echo(f"สร้างเว็บไซต์แล้วที่ {where}/index.html — site built in {where}")
    from .audiences import get

    if audit and get(audience).others != "all":  # everyone may appear in the office's
        _audit_built(where, records, audience)


@app.command()
def serve(
    records: Path = RecordsOption,
    port: int = typer.Option(8000, "--port"),
    as_of: dt.date = AsOfOption,
) -> None:
    """แสดงตัวอย่างเว็บไซต์ที่ http://127.0.0.1:8000 และสร้างใหม่เมื่อข้อมูลเปลี่ยน — preview with live reload."""
    from .build import serve as run

    reference = as_of or dt.date.today()
    run(Project.at(records), port=port, as_of=reference)


@app.command()
def demo(
    out: Path = typer.Option(..., "--out", help="โฟลเดอร์ records ที่จะเขียน (ต้องว่างหรือยังไม่มี)"),
    people: int = typer.Option(150, "--people"),
    schools: int = typer.Option(12, "--schools"),
    seed: int = typer.Option(2569, "--seed"),
    area: int = typer.Option(0, "--area", help="เขตที่ (1, 2, ...) เพื่อสร้างหลายเขตสำหรับ rollup"),
    force: bool = typer.Option(False, "--force", help="เขียนทับโฟลเดอร์ที่มีอยู่"),
    history: bool = typer.Option(
        False, "--history", help="เขียนเป็นคลัง Git ที่มีประวัติหลายปี (--out คือคลัง ข้อมูลอยู่ใน OUT/records)"
    ),
    quiet: bool = typer.Option(False, "--quiet", help="ไม่แสดงความคืบหน้า"),
) -> None:
    """สร้างข้อมูลสาธิตของสำนักงานเขตสมมติ — write a realistic fictional office (deterministic per seed)."""
    from .demo import DemoSpec, write_office
    from .outdir import OutputError, check_demo_out, write_errors

    spec = DemoSpec(people=people, schools=schools, seed=seed, area=area)
    try:
        check_demo_out(out, force)
        with write_errors():
            typer.echo(write_office(spec, out, history=history, quiet=quiet))
    except OutputError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(exc.exit_code) from None


def main() -> None:
    """The console command. What a command made lives until the process ends, and the
    interpreter's last collection on the way out would walk all of it: three seconds
    after building a 5,000-person office. Frozen objects are not walked; the operating
    system frees them with the process (files are closed by the commands themselves)."""
    try:
        app()
    finally:
        gc.freeze()


# --- report (issue 5: domain engine) ----------------------------------------------------


@app.command()
def report(
    fy: int = typer.Option(..., "--fy", help="ปีงบประมาณ พ.ศ. เช่น 2569"),
    round_: int = typer.Option(..., "--round", help="รอบการประเมิน 1 หรือ 2"),
    fmt: str = typer.Option("md", "--format", help="md | csv | xlsx | json"),
    out: Path = typer.Option(None, "--out", help="ไฟล์ผลลัพธ์ (ค่าเริ่มต้น: แสดงบนจอ ยกเว้น xlsx)"),
    records: Path = RecordsOption,
    as_of: dt.date = AsOfOption,
) -> None:
    """รายงานผลการดำเนินงานประจำรอบสำหรับผู้บริหาร — the round report (KPIs, applications, results, overdue)."""
    from .asof import known_on
    from .model import build_model
    from .report import FORMATS, build_report, render
    from .validate import validate as run

    if fmt not in FORMATS:
        _usage(f"--format ต้องเป็น {', '.join(FORMATS)} — unknown format {fmt!r}")
    if fmt == "xlsx" and out is None:
        _usage("รูปแบบ xlsx ต้องระบุ --out — xlsx needs --out FILE")
    reference = as_of or dt.date.today()
    if not records.is_dir():
        _usage(f"ไม่พบโฟลเดอร์ {records} — no such folder")
    _file_out(out, records)
    project = Project.at(records)
    result = run(project)
    if result.errors:
        typer.echo(
            f"คำเตือน: ข้อมูลมีข้อผิดพลาด {len(result.errors)} รายการ (patracker validate) "
            f"— warning: {len(result.errors)} validation errors",
            err=True,
        )
    model = known_on(build_model(result.corpus, project.forms), reference)
    if model.office is None or model.office.round(fy, round_) is None:
        _usage(f"ไม่มีรอบที่ {round_} ของปีงบประมาณ {fy} ใน office.yaml — no such round")
    data = render(build_report(model, project.forms, fy, round_, reference, project.schemas), fmt)
    if out is None:
        sys.stdout.write(data.decode("utf-8-sig" if fmt == "csv" else "utf-8"))
        return
    out.write_bytes(data)
    typer.echo(f"เขียนรายงานที่ {out} — wrote {out}")


# --- history: change summaries and CODEOWNERS (issue 7) --------------------------------


@app.command()
def changes(
    base: str = typer.Argument(..., help="รุ่นฐานของคำขอแก้ไข เช่น origin/main — the PR base"),
    head: str = typer.Argument("HEAD", help="รุ่นที่เสนอ (ค่าเริ่มต้น HEAD) — the PR head"),
    fmt: str = typer.Option("md", "--format", help="md | json"),
    records: Path = RecordsOption,
    check: list[str] = typer.Option(
        [],
        "--check",
        help="ผลการตรวจก่อนหน้า ชื่อ=success|failure (ซ้ำได้) — an earlier check's outcome",
    ),
) -> None:
    """สรุปการเปลี่ยนแปลงของคำขอแก้ไขสำหรับผู้อนุมัติ — semantic summary of a pull request.

    Compares HEAD with its merge base with BASE. Exit 1 when the pull request edits a
    final evaluation, rewrites an application's history or proposes a file that does not
    load, or when a ``--check`` failed (shown ❌ at the top); 2 when Git cannot answer.
    """
    from .history.gitlog import GitError
    from .history.report import checks_ok, to_json, to_markdown
    from .history.summary import summarize

    if fmt not in ("md", "json"):
        _usage(f"--format ต้องเป็น md หรือ json — unknown format {fmt!r}")
    checks = {}
    for item in check:
        name, sep, outcome = item.rpartition("=")
        if not sep or not name.strip() or not outcome.strip():
            _usage(f"--check ต้องเป็น ชื่อ=ผล เช่น validate=failure — expected NAME=OUTCOME: {item!r}")
        checks[name.strip()] = outcome.strip()
    if not records.is_dir():
        _usage(f"ไม่พบโฟลเดอร์ {records} — no such folder")
    try:
        summary = summarize(records, base, head)
    except GitError as exc:
        typer.echo(f"อ่านประวัติ Git ไม่ได้ (ใช้ fetch-depth: 0?) — git error: {exc}", err=True)
        raise typer.Exit(2) from None
    sys.stdout.write(to_markdown(summary, checks) if fmt == "md" else to_json(summary, checks))
    raise typer.Exit(0 if summary.ok and checks_ok(checks) else 1)


@app.command("check-pr")
def check_pr(
    base: str = typer.Option(..., "--base", help="รุ่นฐานของคำขอแก้ไข เช่น origin/main — the PR base"),
    author: str = typer.Option(..., "--author", help="ชื่อผู้ใช้ GitHub ผู้เสนอ — the PR author's login"),
    head: str = typer.Option("HEAD", "--head", help="รุ่นที่เสนอ (ค่าเริ่มต้น HEAD) — the PR head"),
    output: str = typer.Option("text", "--format", help="text | github | json"),
    repo: Path = typer.Option(Path("."), "--repo", help="คลัง Git ที่มีทั้งสองรุ่น — the repository"),
    records: str = typer.Option("records", "--records", help="โฟลเดอร์ records ในคลัง"),
) -> None:
    """ตรวจสิทธิ์ผู้เสนอต่อทุกไฟล์ที่คำขอแก้ไขเปลี่ยน — may this author make every change in the PR?

    Judged with the access policy and the records of the BASE revision, read from Git:
    exit 0 allowed, 1 refused (each refusal names file, rule and who may), 2 usage.
    """
    from .checkpr import UnknownLogin
    from .checkpr import check_pr as run
    from .gcpause import cycle_collector_paused
    from .history.gitlog import GitError, repo_info
    from .reporting import RENDERERS

    if output not in RENDERERS:
        _usage(f"--format ต้องเป็น text, github หรือ json — unknown format {output!r}")
    info = repo_info(repo)
    if info is None:
        _usage(
            f"{repo.resolve()} ไม่ใช่คลัง Git (ระบุคลังด้วย --repo) — "
            "not a Git repository; point at one with --repo"
        )
    try:
        with cycle_collector_paused():  # every person file of the base, parsed: no cycles
            result = run(info.root, base, author, head, records)
    except UnknownLogin as exc:
        _usage(f"{exc.problem.th}\n{exc.problem.en}")
    except GitError as exc:
        _usage(f"อ่านรุ่น {base} หรือ {head} ไม่ได้ (ใช้ fetch-depth: 0?) — git error: {exc}")
    except ProblemError as exc:  # the base's policy itself is broken
        sys.stdout.write(RENDERERS[output](exc.problems, Path("."), 0))
        raise typer.Exit(1) from None
    shown = Path(os.path.relpath(info.root))
    sys.stdout.write(RENDERERS[output](result.problems, shown, result.checked))
    raise typer.Exit(0 if result.ok else 1)


@app.command("record-merge")
def record_merge(
    event: Path = typer.Option(..., "--event", help="ไฟล์เหตุการณ์ pull_request (GITHUB_EVENT_PATH)"),
    reviews: Path = typer.Option(
        ..., "--reviews", help="ผลจาก API รายการรีวิวของคำขอ — reviews JSON"
    ),
    commits: Path | None = typer.Option(
        None, "--commits", help="ผลจาก API รายการ commit ของคำขอ — the PR's commits JSON"
    ),
    repo: Path = typer.Option(Path("."), "--repo", help="คลัง Git ที่มี merge commit — the repository"),
    out: Path | None = typer.Option(
        None, "--out", help="โฟลเดอร์ปลายทาง (ค่าเริ่มต้น audit/prs ในคลัง) — output folder"
    ),
) -> None:
    """บันทึกผู้อนุมัติของคำขอที่รวมแล้วลง audit/prs/<n>.yaml — record a merged PR's approvals.

    From GitHub's pull_request ``closed`` event and the reviews (and commits) API answers:
    the PR's number, title, author, approving reviewers with times, merge commit, the
    commits it landed, and per changed file who could approve it and whether one did.
    Exit 0 written, 1 written but some file lacks an eligible approval, 2 bad input.
    """
    import json

    from .history.gitlog import repo_info
    from .mergerecord import AUDIT_DIR, MergeRecordError, build_record, read_json_list, write_record

    try:
        payload = json.loads(event.read_text(encoding="utf-8"))
        given = read_json_list(reviews.read_text(encoding="utf-8"))
        listed = read_json_list(commits.read_text(encoding="utf-8")) if commits else []
    except (OSError, ValueError) as exc:
        _usage(f"อ่านไฟล์ JSON ไม่ได้ — cannot read the JSON input: {exc}")
    info = repo_info(repo)
    try:
        record = build_record(payload, given, info.root if info else None, listed)
    except (MergeRecordError, KeyError, TypeError, ValueError) as exc:
        _usage(f"ข้อมูลเหตุการณ์ไม่ถูกต้อง — bad event payload: {exc}")
    root = info.root if info else repo
    target = write_record(record, out or root / AUDIT_DIR)
    typer.echo(str(target))
    from .messages import render

    lacking = [f for f in record.get("files", ()) if f.get("ok") is False]
    for found in lacking:
        eligible = ", ".join(f"@{login}" for login in found["eligible"]) or "-"
        th, en = render("PA651", pr=record["pr"], path=found["path"], eligible=eligible)
        typer.echo(f"warning[PA651] {th} — {en}")
    raise typer.Exit(1 if lacking else 0)


@app.command()
def codeowners(
    records: Path = RecordsOption,
    out: Path = typer.Option(None, "--out", help="ไฟล์ผลลัพธ์ (ค่าเริ่มต้น .github/CODEOWNERS ของคลัง)"),
    check: bool = typer.Option(
        False, "--check", help="ตรวจว่าไฟล์ที่ commit ไว้ตรงกับข้อมูล — exit 1 when stale"
    ),
) -> None:
    """สร้าง .github/CODEOWNERS จากนโยบายสิทธิ์และข้อมูล (ไม่มีผู้ใดอนุมัติข้อมูลของตนเอง) — generate CODEOWNERS.

    Exit 1 with --check when the file is stale or a path has no eligible owner with a
    GitHub login (each named, with the eligible people who lack one).
    """
    from .codeowners import generate, stale
    from .gcpause import cycle_collector_paused
    from .history.gitlog import repo_info
    from .messages import render

    if not records.is_dir():
        _usage(f"ไม่พบโฟลเดอร์ {records} — no such folder")
    info = repo_info(records)
    root = info.root if info else Path.cwd()
    target = out or root / ".github" / "CODEOWNERS"
    _file_out(target, records)
    try:
        with cycle_collector_paused():  # every person file parsed and routed: no cycles
            owners = generate(root, records)
    except ProblemError as exc:  # the policy itself is broken
        from .reporting import as_text

        sys.stdout.write(as_text(exc.problems, Path("."), 0))
        raise typer.Exit(1) from None
    for pattern, missing in owners.holes:
        names = ", ".join(h.shown() for h in missing) or "-"
        th, en = render("PA620", path=pattern, missing=names)
        typer.echo(f"error[PA620] {th} — {en}")
    wanted = owners.text
    current = target.read_text(encoding="utf-8") if target.is_file() else ""
    if check:
        if current != wanted:
            th, en = render("PA607", file=target)
            typer.echo(f"{th} — {en}\n{stale(current, wanted, str(target))}")
            raise typer.Exit(1)
        if owners.holes:
            raise typer.Exit(1)
        typer.echo(f"{target} ตรงกับข้อมูลแล้ว — up to date")
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(wanted, encoding="utf-8")
    typer.echo(f"เขียน {target} แล้ว — wrote {target}")
    raise typer.Exit(1 if owners.holes else 0)


# --- roster import and export (issue 10) -----------------------------------------------

import_app = typer.Typer(
    no_args_is_help=True, help="นำเข้าข้อมูลจากไฟล์ของสำนักงาน — import office files"
)
export_app = typer.Typer(
    no_args_is_help=True, help="ส่งออกข้อมูลเป็นไฟล์ของสำนักงาน — export office files"
)
app.add_typer(import_app, name="import")
app.add_typer(export_app, name="export")


@import_app.command("roster")
def import_roster(
    source: Path = typer.Argument(..., help="บัญชีรายชื่อ .xlsx หรือ .csv — the roster file"),
    sheet: str = typer.Option(None, "--sheet", help="ชื่อแผ่นงาน (ค่าเริ่มต้น: แผ่นแรก)"),
    mapping: Path = typer.Option(None, "--mapping", help="ไฟล์จับคู่หัวคอลัมน์ (YAML)"),
    dry_run: bool = typer.Option(False, "--dry-run", help="แสดงแผนเท่านั้น ไม่บันทึกไฟล์"),
    skip_bad_rows: bool = typer.Option(False, "--skip-bad-rows", help="ข้ามแถวที่มีปัญหา"),
    records: Path = RecordsOption,
) -> None:
    """นำเข้าบัญชีรายชื่อบุคลากรเป็น records/schools และ records/people — import the staff roster.

    Exit 0 when written or nothing to do, 1 on bad rows or an invalid result (nothing
    written), 2 when the file or mapping cannot be used.
    """
    from .roster.run import run_import

    raise typer.Exit(run_import(source, records, sheet, mapping, dry_run, skip_bad_rows))


@export_app.command("roster")
def export_roster(
    out: Path = typer.Option(..., "--out", help="ไฟล์ .xlsx ที่จะเขียน"),
    mapping: Path = typer.Option(None, "--mapping", help="ไฟล์จับคู่หัวคอลัมน์ (YAML)"),
    records: Path = RecordsOption,
) -> None:
    """ส่งออกบัญชีรายชื่อในรูปแบบเดียวกับที่นำเข้า — export the roster (import of it changes nothing)."""
    from .roster.run import run_export

    _file_out(out, records)
    raise typer.Exit(run_export(out, records, mapping))


# --- public site leak scanner (issue 9) -------------------------------------------------


@app.command("audit-site")
def audit_site(
    site: Path = typer.Argument(..., help="โฟลเดอร์เว็บไซต์ที่สร้างแล้ว — the built site"),
    records: Path = RecordsOption,
    audience: str = typer.Option(
        "public", "--audience", help="public | school | personal (schemas/audiences/audiences.yaml)"
    ),
) -> None:
    """ตรวจว่าเว็บไซต์ไม่มีข้อมูลส่วนบุคคลที่ผู้อ่านกลุ่มนี้ไม่ควรเห็น — scan a built site for leaks.

    Exit 0 when clean, 1 when a name, id, phone, e-mail, LINE id, birth date or national
    ID appears where the audience's rule forbids it, 2 on a usage error.
    """
    if not site.is_dir() or not records.is_dir():
        _usage(f"ไม่พบโฟลเดอร์ {site if not site.is_dir() else records} — no such folder")
    _audit_built(site, records, audience)


def _audit_built(site: Path, records: Path, audience: str) -> None:
    """The leak check of ``audience`` on ``site``: exit 1 on a leak, 2 on a usage error."""
    from .audience_audit import audit_audience
    from .audiences import AudienceError
    from .links import LinkSecretError

    try:
        leaks = audit_audience(site, records, audience)
    except (AudienceError, LinkSecretError) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    for leak in leaks:
        typer.echo(leak.message(), err=True)
    if leaks:
        typer.echo(
            f"พบข้อมูลส่วนบุคคล {len(leaks)} รายการที่ผู้อ่านกลุ่ม {audience} ไม่ควรเห็น ห้ามเผยแพร่ "
            f"— {len(leaks)} personal-data leak(s) for the {audience} audience; do not publish",
            err=True,
        )
        raise typer.Exit(1)
    typer.echo(f"ไม่พบข้อมูลส่วนบุคคลที่ไม่ควรเห็นใน {site} — no personal data leak in {site}")


@app.command("access-rules")
def access_rules(
    records: Path = RecordsOption,
    fmt: str = typer.Option("nginx", "--format", help="nginx"),
    out: Path = typer.Option(Path("access-rules"), "--out", help="โฟลเดอร์ผลลัพธ์ — output folder"),
    user_variable: str = typer.Option(
        "$remote_user", "--user-variable", help="ตัวแปร nginx ที่เก็บชื่อผู้ใช้ — login variable"
    ),
) -> None:
    """เขียนกฎการเข้าถึงของเว็บเซิร์ฟเวอร์ — write web-server rules: who reads which audience folder.

    Needs PATRACKER_LINK_SECRET (the personal folders' names). Exit 2 on a usage error."""
    from . import access_rules as rules
    from .links import LinkSecretError, link_secret

    if fmt != "nginx":
        from .messages import coded

        _usage(coded("PA947", fmt=fmt))
    if not re.fullmatch(r"\$[a-z_][a-z0-9_]*", user_variable):
        _usage("--user-variable ต้องเป็นตัวแปร nginx เช่น $remote_user — not an nginx variable")
    if not records.is_dir():
        _usage(f"ไม่พบโฟลเดอร์ {records} — no such folder")
    try:
        found = rules.grants(records, link_secret())
        written = rules.write(rules.nginx(found, user_variable), out)
    except (LinkSecretError, ValueError) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    for note in found.left_out:
        typer.echo(note, err=True)
    for path in written:
        typer.echo(f"เขียนแล้ว {path} — written")


# --- roll-up of many offices (issue 8) --------------------------------------------------


@app.command()
def rollup(
    inputs: list[Path] = typer.Argument(
        ..., help="เว็บไซต์ที่สร้างแล้ว หรือไฟล์ api/summary.json ของแต่ละเขต — built sites or JSON files"
    ),
    out: Path = typer.Option(Path("site-rollup"), "--out", help="โฟลเดอร์ผลลัพธ์ — output folder"),
    title: str = typer.Option(
        "ภาพรวม PA ระดับภูมิภาค", "--title", help="ชื่อเว็บไซต์ภาพรวม — the dashboard title"
    ),
    quiet: bool = typer.Option(False, "--quiet", help="ไม่แสดงความคืบหน้า"),
) -> None:
    """รวมข้อมูลสรุปของหลายเขตเป็นเว็บไซต์ภาพรวมระดับภูมิภาคหรือประเทศ — combine offices' aggregates.

    Exit 0 when built, 1 when an input is missing or breaks the JSON Schema (nothing built).
    """
    from .rollup import RollupError, run

    try:
        where, count = run(inputs, out, title, quiet=quiet)
    except RollupError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(exc.exit_code) from None
    typer.echo(f"สร้างเว็บไซต์ภาพรวม {count} เขตแล้วที่ {where} — roll-up of {count} offices built")


@app.command("cms-config")
def cms_config(
    records: Path = RecordsOption,
    out: Path = typer.Option(Path("admin"), "--out", help="โฟลเดอร์ผลลัพธ์ — output folder"),
) -> None:
    """เขียนการตั้งค่า Sveltia CMS (config.yml) จาก schemas — a git-backed editor's configuration.

    Every save in the CMS is a pull request (editorial workflow); see docs/cms.md.
    """
    from . import cms
    from .outdir import OutputError, write_errors

    if not records.is_dir():
        _usage(f"ไม่พบโฟลเดอร์ {records} — no such folder")
    try:
        with write_errors():
            written = cms.write(Project.at(records), out)
    except OutputError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(exc.exit_code) from None
    for path in written:
        typer.echo(f"เขียน {path} แล้ว — wrote {path}")


# --- reminders (issue 21) ---------------------------------------------------------------


@app.command()
def remind(
    records: Path = RecordsOption,
    as_of: dt.date = AsOfOption,
    channel: str = typer.Option(None, "--channel", help="email | line (ค่าเริ่มต้น: ทุกช่องทาง)"),
    dry_run: bool = typer.Option(False, "--dry-run", help="แสดงข้อความที่จะส่ง ไม่ส่งจริง"),
    only: str = typer.Option(None, "--only", help="รหัสบุคคล: ส่งให้คนเดียว"),
    site_url: str = typer.Option(
        None, "--site-url", envvar="PATRACKER_SITE_URL", help="ที่อยู่เว็บไซต์ภายใน — internal site URL"
    ),
) -> None:
    """ส่งสรุปงานที่ใกล้ครบกำหนดและเกินกำหนดให้แต่ละคน — send each person one digest.

    E-mail settings: PATRACKER_SMTP_HOST, _PORT, _STARTTLS, _USER, _PASSWORD, _FROM; LINE:
    PATRACKER_LINE_TOKEN (and PATRACKER_LINE_API). Exit 0 when every digest was sent (or
    nothing was due), 1 when any failed, 2 on a usage error.
    """
    from .remind.run import run_reminders

    if channel not in (None, "email", "line"):
        _usage(f"--channel ต้องเป็น email หรือ line — unknown channel {channel!r}")
    code = run_reminders(
        Project.at(records),
        as_of or dt.date.today(),
        channel=channel,
        dry_run=dry_run,
        only=only,
        site_url=site_url or "",
        echo=typer.echo,
    )
    raise typer.Exit(code)


# --- evidence links (issue 21) ----------------------------------------------------------


@app.command("check-links")
def check_links(
    records: Path = RecordsOption,
    as_of: dt.date = AsOfOption,
    max_age: int = typer.Option(6, "--max-age", help="ตรวจซ้ำลิงก์ที่ตรวจไว้เกินกี่วัน"),
    timeout: float = typer.Option(10.0, "--timeout", help="วินาทีต่อคำขอ"),
    workers: int = typer.Option(8, "--workers", help="ตรวจพร้อมกันกี่ลิงก์ (หนึ่งลิงก์ต่อเว็บไซต์)"),
    gap: float = typer.Option(1.0, "--gap", help="วินาทีระหว่างคำขอไปยังเว็บไซต์เดียวกัน"),
) -> None:
    """ตรวจว่าลิงก์หลักฐานในบันทึกความก้าวหน้ายังเปิดได้ — check every evidence link.

    Results are kept beside the records' caches; the next build flags broken links on the
    owner's page, their committee members' pages and the data-quality page. Exit 0.
    """
    from . import linkcheck
    from .model import build_model
    from .validate import validate as run

    project = Project.at(records)
    model = build_model(run(project).corpus, project.forms)
    today = as_of or dt.date.today()
    evidence = linkcheck.evidence_of(model)
    results = linkcheck.Results.load(records)
    due = linkcheck.stale(results, (e.url for e in evidence), today, max_age)
    results.update(linkcheck.check(due, today, timeout=timeout, workers=workers, gap=gap))
    results.save(records)
    broken = [e for e in evidence if e.url in results and results[e.url].broken]
    for e in broken:
        typer.echo(f"{e.person}\t{e.fiscal_year}\t{results[e.url].detail}\t{e.url}")
    typer.echo(
        f"ตรวจ {len(due)} ลิงก์ (ทั้งหมด {len(evidence)}) · เปิดไม่ได้ {len(broken)} — "
        f"checked {len(due)} of {len(evidence)} links; {len(broken)} broken"
    )

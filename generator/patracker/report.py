"""The round report an office sends its executives: ``patracker report --fy --round``.

``build_report`` turns engine results into plain tables (Thai titles and headers); the
renderers only lay them out, so every format carries the same figures:

- ``md``: a heading per table and a pipe table.
- ``csv``: ONE UTF-8 file with a BOM (Excel then reads Thai correctly). Tables are
  stacked: a line ``## <table title>``, the header row, the data rows, then one empty
  line before the next table. The first table is the report's metadata.
- ``xlsx``: one sheet per table, Thai sheet names and bold headers.
- ``json``: ``{"tables": [{"key", "title", "columns", "rows"}]}`` with ISO dates.

Dates show as Thai Buddhist-Era dates everywhere a person reads them (md, csv, xlsx).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections import Counter, defaultdict
from dataclasses import dataclass

from .engine import applications as apps
from .engine import deadlines, kpis, scoring, summary
from .engine.calendar import thai_date
from .engine.exact import floor

FORMATS = ("md", "csv", "xlsx", "json")
OFFICE_STAFF = "สำนักงานเขตพื้นที่การศึกษา"
TOTAL = "รวมทั้งเขต"
MET = {True: "บรรลุ", False: "ไม่บรรลุ", None: "ยังไม่มีข้อมูล"}


@dataclass(frozen=True, slots=True)
class Table:
    key: str
    title: str
    sheet: str  # a short Thai sheet name (Excel allows 31 characters)
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]


@dataclass(frozen=True, slots=True)
class Report:
    title: str
    tables: tuple[Table, ...]

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


# --- building ---------------------------------------------------------------------------


class _Names:
    """Thai display names for ids, falling back to the id for unknown ones."""

    def __init__(self, model, schemas=None, forms=None):
        self.model = model
        self.forms = forms
        self.standings = schemas.labels("standing") if schemas is not None else {}

    def person(self, ident: str) -> str:
        found = self.model.people.get(ident)
        return found.name if found else ident

    def school_of(self, person: str) -> str:
        found = self.model.school_of(person)
        return found.name if found else OFFICE_STAFF

    def school(self, ident: str | None) -> str:
        found = self.model.schools.get(ident) if ident else None
        return found.name if found else OFFICE_STAFF

    def standing(self, key: str) -> str:
        return self.standings.get(key, key)


def build_report(model, forms, fiscal_year: int, round_: int, as_of: dt.date, schemas=None):
    """Every table of the round report, computed by the engine as of ``as_of``."""
    names = _Names(model, schemas, forms)
    rnd = model.office.round(fiscal_year, round_)
    if rnd is None:
        raise KeyError(f"no round {round_} in fiscal year {fiscal_year}")
    results = summary.round_summaries(model, forms, fiscal_year, round_)
    tasks = deadlines.round_tasks(model, forms, fiscal_year, round_)
    soon = model.office.rules.due_soon_days
    title = f"รายงานผลการดำเนินงาน PA ปีงบประมาณ {fiscal_year} รอบที่ {round_}"
    overdue = deadlines.overdue(tasks, as_of)
    before = _previous_round(model, rnd)
    earlier = (
        summary.round_summaries(model, forms, before.fiscal_year, before.round) if before else ()
    )
    tables = (
        _meta(model, rnd, as_of, title),
        *_executive(model, forms, rnd, before, results, earlier, overdue, names, as_of),
        _kpi_table(model, forms, fiscal_year, round_),
        _applications_table(model, names),
        _dwell_table(model, forms, as_of),
        _returns_table(model, forms, names),
        _results_table(results, names, model),
        _failed_table(results, names),
        _overdue_table(overdue, names, as_of),
        _soon_table(deadlines.due_soon(tasks, as_of, soon), names, as_of, soon),
        _workload_table(model, tasks, names, fiscal_year, as_of),
    )
    return Report(title, tables)


# --- the executive page: what a director reads first -----------------------------------------

EXECUTIVE = ("highlights", "executive", "behind_schools", "behind_members")  # table keys
MOST_BEHIND = 5


def _previous_round(model, rnd):
    """The round before ``rnd`` in the office's calendar, or None for the first."""
    order = sorted(model.office.rounds, key=lambda r: (r.fiscal_year, r.round))
    at = next(
        i for i, r in enumerate(order) if (r.fiscal_year, r.round) == (rnd.fiscal_year, rnd.round)
    )
    return order[at - 1] if at else None


def _states(results) -> Counter:
    return Counter(r.state for r in results)


def _pass_rate(results) -> float | None:
    """Passed as % of those with a result (passed or failed)."""
    states = _states(results)
    decided = states["passed"] + states["failed"]
    return 100 * states["passed"] / decided if decided else None


def _change(now, then):
    return None if now is None or then is None else _num(now - then)


def _executive(model, forms, rnd, before, results, earlier, overdue, names, as_of):
    """Highlights in words, the KPIs and results against target and the round before, and
    the schools and committee members most behind: one page, before the detailed tables."""
    now_kpis = kpis.all_kpis(model, forms, rnd.fiscal_year, rnd.round)
    then_kpis = (
        {k.key: k for k in kpis.all_kpis(model, forms, before.fiscal_year, before.round)}
        if before
        else {}
    )
    rows = []
    for k in now_kpis:
        then = then_kpis.get(k.key)
        then_value = then.value if then else None
        rows.append(
            (
                f"{k.title} ({k.unit})",
                _num(k.value),
                _num(then_value),
                _change(k.value, then_value),
                k.target,
                MET[k.met],
            )
        )
    now_states, then_states = _states(results), _states(earlier)
    for key, label in (("passed", "ผ่านการประเมิน (คน)"), ("failed", "ไม่ผ่านการประเมิน (คน)")):
        now_n, then_n = now_states[key], (then_states[key] if before else None)
        rows.append((label, now_n, then_n, _change(now_n, then_n), None, "-"))
    rate_now, rate_then = _pass_rate(results), (_pass_rate(earlier) if before else None)
    rows.append(
        (
            "ร้อยละผู้ผ่าน (ของผู้ที่มีผลแล้ว)",
            _num(rate_now),
            _num(rate_then),
            _change(rate_now, rate_then),
            None,
            "-",
        )
    )
    rows.append(("งานเกินกำหนด (รายการ)", len(overdue), None, None, None, "-"))
    label = f"รอบที่ {before.round}/{before.fiscal_year}" if before else "รอบก่อน"
    columns = ("หัวข้อ", "รอบนี้", label, "เปลี่ยนแปลง", "เป้าหมาย", "ผล")
    executive = Table(
        "executive", "ตัวชี้วัดและผลการประเมินเทียบเป้าหมายและรอบก่อน", "สรุปผู้บริหาร", columns, tuple(rows)
    )

    late_by_school: dict[str, list] = defaultdict(list)
    late_by_member: dict[str, list] = defaultdict(list)
    for task in overdue:
        late_by_school[names.school_of(task.person)].append(task)
        if task.responsible != task.person:
            late_by_member[task.responsible].append(task)
    failed = Counter(names.school_of(r.person) for r in results if r.state == "failed")

    def worst(groups):
        return sorted(
            groups.items(),
            key=lambda kv: (-len(kv[1]), -max(t.days_late(as_of) for t in kv[1]), kv[0]),
        )[:MOST_BEHIND]

    schools = tuple(
        (school, len(tasks), failed[school], max(t.days_late(as_of) for t in tasks))
        for school, tasks in worst(late_by_school)
    )
    members = tuple(
        (names.person(member), len(tasks), max(t.days_late(as_of) for t in tasks))
        for member, tasks in worst(late_by_member)
    )
    behind_schools = Table(
        "behind_schools",
        f"โรงเรียนที่มีงานค้างมากที่สุด ({MOST_BEHIND} อันดับ)",
        "โรงเรียนงานค้าง",
        ("โรงเรียน", "งานเกินกำหนด", "ผู้ไม่ผ่าน", "ค้างนานที่สุด (วัน)"),
        schools,
    )
    behind_members = Table(
        "behind_members",
        f"กรรมการที่มีงานค้างมากที่สุด ({MOST_BEHIND} อันดับ)",
        "กรรมการงานค้าง",
        ("กรรมการ", "งานเกินกำหนด", "ค้างนานที่สุด (วัน)"),
        members,
    )
    highlights = Table(
        "highlights",
        "ประเด็นสำคัญ",
        "ประเด็นสำคัญ",
        ("ประเด็น",),
        tuple(
            (line,)
            for line in _highlights(
                now_kpis, results, rate_now, rate_then, label, overdue, schools, members
            )
        ),
    )
    return highlights, executive, behind_schools, behind_members


def _highlights(now_kpis, results, rate_now, rate_then, label, overdue, schools, members):
    """A few sentences an executive reads first, in Thai, from the same figures."""
    lines = []
    met = [k for k in now_kpis if k.met]
    unmet = [k for k in now_kpis if k.met is False]
    lines.append(
        f"ตัวชี้วัดบรรลุเป้าหมาย {len(met)} จาก {len(now_kpis)} ตัว"
        + (" ยังไม่บรรลุ: " + ", ".join(k.title for k in unmet) if unmet else "")
    )
    states = _states(results)
    decided = states["passed"] + states["failed"]
    if decided:
        line = f"มีผลการประเมินแล้ว {decided} จาก {len(results)} คน ผ่าน {states['passed']} คน (ร้อยละ {rate_now:.1f})"
        if rate_then is not None:
            line += f" เทียบกับร้อยละ {rate_then:.1f} ใน{label}"
        lines.append(line)
    else:
        lines.append(f"ยังไม่มีผลการประเมินของรอบนี้ (รอผล {states['awaiting']} คน)")
    if overdue:
        line = f"งานเกินกำหนด {len(overdue)} รายการ"
        if schools:
            line += f" มากที่สุดที่{schools[0][0]} ({schools[0][1]} รายการ)"
        if members:
            line += f" กรรมการที่ค้างมากที่สุด {members[0][0]} ({members[0][1]} รายการ)"
        lines.append(line)
    else:
        lines.append("ไม่มีงานเกินกำหนด")
    return lines


def _meta(model, rnd, as_of, title) -> Table:
    office = model.office
    rows = [
        ("รายงาน", title),
        ("สำนักงาน", office.name),
        ("ปีงบประมาณ", str(rnd.fiscal_year)),  # a year, not a quantity: never "2,569"
        ("รอบการประเมิน", rnd.round),
        ("ช่วงรอบ", f"{thai_date(rnd.start)} - {thai_date(rnd.end)}"),
        ("ข้อมูล ณ วันที่", as_of),
        ("เกณฑ์ผ่าน (ร้อยละ)", office.rules.pass_percent),
    ]
    rows += [(d.title, d.date) for d in deadlines.round_deadlines(rnd)]
    return Table("meta", "ข้อมูลรายงาน", "ข้อมูลรายงาน", ("รายการ", "ค่า"), tuple(rows))


def _kpi_table(model, forms, fiscal_year, round_) -> Table:
    rows = tuple(
        (
            k.title,
            _num(k.value),
            k.target,
            k.unit,
            MET[k.met],
            len(k.counted),
            len(k.base),
        )
        for k in kpis.all_kpis(model, forms, fiscal_year, round_)
    )
    columns = ("ตัวชี้วัด", "ผลที่ได้", "เป้าหมาย", "หน่วย", "ผลการประเมิน", "จำนวนที่นับได้", "จำนวนทั้งหมด")
    return Table("kpis", "ตัวชี้วัดความสำเร็จเทียบเป้าหมาย", "ตัวชี้วัดความสำเร็จ", columns, rows)


def _applications_table(model, names) -> Table:
    counts = apps.counts_by_school(model)
    rows = [
        (
            TOTAL if school == "" else names.school(school),
            *(len(ids[k]) for k, _, _ in apps.BUCKETS),
        )
        for school, ids in counts.items()
    ]
    rows.append(rows.pop(next(i for i, r in enumerate(rows) if r[0] == TOTAL)))
    columns = ("โรงเรียน", *(title for _, title, _ in apps.BUCKETS))
    return Table(
        "applications",
        "คำขอมีหรือเลื่อนวิทยฐานะ จำแนกตามสถานะและโรงเรียน",
        "คำขอวิทยฐานะ",
        columns,
        tuple(rows),
    )


def _dwell_table(model, forms, as_of) -> Table:
    rows = tuple(
        (d.title, d.visits, _num(d.mean_days), d.max_days)
        for d in apps.dwell_times(model.applications, as_of, forms.workflow)
    )
    columns = ("สถานะ", "จำนวนครั้ง", "เฉลี่ย (วัน)", "นานที่สุด (วัน)")
    return Table("dwell", "ระยะเวลาที่คำขออยู่ในแต่ละสถานะ", "ระยะเวลาแต่ละสถานะ", columns, rows)


def _returns_table(model, forms, names) -> Table:
    rows = [
        ("ส่งคืนแก้ไข", reason, n)
        for reason, n in apps.returned_reasons(model.applications).most_common()
    ]
    for group in apps.duplicates(model.applications, forms.workflow):
        ids = ", ".join(a.id for a in group)
        rows.append(("คำขอซ้ำซ้อน", f"{names.person(group[0].person)}: {ids}", len(group)))
    columns = ("ประเภท", "รายละเอียด", "จำนวน")
    return Table("returns", "การส่งคืนแก้ไขและคำขอซ้ำซ้อน", "ส่งคืนและซ้ำซ้อน", columns, tuple(rows))


_STATE_COLUMNS = (
    "passed",
    "failed",
    "awaiting",
    "agreement-not-approved",
    "no-agreement",
    "no-committee",
)


def _results_table(results, names, model) -> Table:
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for r in results:
        person = model.people.get(r.person)
        groups[(names.school_of(r.person), person.standing if person else "-")].append(r)
    groups[(TOTAL, "")] = list(results)
    rows = []
    order = list(names.standings)

    def rank(kv):
        school, standing = kv[0]
        return (school == TOTAL, school, order.index(standing) if standing in order else 99)

    for (school, standing), items in sorted(groups.items(), key=rank):
        states = Counter(r.state for r in items)
        means = [r.mean for r in items if r.state in ("passed", "failed")]
        rows.append(
            (
                school,
                names.standing(standing) if standing else "",
                len(items),
                *(states[s] for s in _STATE_COLUMNS),
                _num(sum(means) / len(means)) if means else None,
            )
        )
    columns = (
        "โรงเรียน",
        "วิทยฐานะ",
        "ผู้รับการประเมิน",
        *(summary.STATES[s] for s in _STATE_COLUMNS),
        "คะแนนเฉลี่ย",
    )
    return Table(
        "results", "ผลการประเมิน (PA 3) จำแนกตามโรงเรียนและวิทยฐานะ", "ผล PA 3", columns, tuple(rows)
    )


def _cause(result, names) -> str:
    """Why a round failed, in Thai: the workload gate when it failed (no scoring then),
    else the items below the pass share with their Thai titles, as the person page says."""
    if result.gate_failed:
        return "ภาระงานไม่ครบเกณฑ์ขั้นต่ำ (ไม่ประเมินคะแนน)"
    person = names.model.people.get(result.person)
    form = names.forms.form_for(person.position) if person and names.forms else None
    pa2 = names.forms.pa2 if names.forms else None
    if pa2 is None:
        return ", ".join(i.code for i in result.weak)
    return ", ".join(scoring.item_title(i.code, pa2, form) for i in result.weak)


def _failed_table(results, names) -> Table:
    rows = tuple(
        (
            names.person(r.person),
            names.school_of(r.person),
            _num(r.mean),
            names.person(r.lowest.member) if r.lowest else "-",
            _num(r.lowest.score.total) if r.lowest else None,
            "ไม่ผ่าน" if r.gate_failed else "",
            _cause(r, names),
        )
        for r in results
        if r.state == "failed"
    )
    columns = (
        "ผู้รับการประเมิน",
        "โรงเรียน",
        "คะแนนเฉลี่ย",
        "กรรมการที่ให้คะแนนต่ำสุด",
        "คะแนนต่ำสุด",
        "ภาระงานขั้นต่ำ",
        "รายการที่ต่ำกว่าเกณฑ์",
    )
    return Table("failed", "ผู้ไม่ผ่านการประเมินและรายการที่ทำให้คะแนนต่ำ", "ผู้ไม่ผ่าน", columns, rows)


def _task_rows(tasks, names, as_of, late: bool):
    return tuple(
        (
            names.school_of(t.person),
            names.person(t.responsible),
            t.title,
            names.person(t.person),
            t.due,
            t.days_late(as_of) if late else (t.due - as_of).days,
        )
        for t in tasks
    )


def _overdue_table(tasks, names, as_of) -> Table:
    columns = ("โรงเรียน", "ผู้รับผิดชอบ", "งาน", "ผู้รับการประเมิน", "กำหนดส่ง", "เกินกำหนด (วัน)")
    rows = _task_rows(tasks, names, as_of, late=True)
    return Table("overdue", "งานที่เกินกำหนด", "เกินกำหนด", columns, tuple(sorted(rows, key=_by_text)))


def _soon_table(tasks, names, as_of, days) -> Table:
    columns = ("โรงเรียน", "ผู้รับผิดชอบ", "งาน", "ผู้รับการประเมิน", "กำหนดส่ง", "เหลือ (วัน)")
    rows = _task_rows(tasks, names, as_of, late=False)
    title = f"งานที่ใกล้ครบกำหนด (ภายใน {days} วัน)"
    return Table("due_soon", title, "ใกล้ครบกำหนด", columns, tuple(sorted(rows, key=_by_text)))


def _by_text(row):
    return tuple(str(cell) for cell in row[:4])


def _workload_table(model, tasks, names, fiscal_year, as_of) -> Table:
    mine = deadlines.by_responsible(t for t in tasks if t.kind in ("review", "evaluation"))
    rows = []
    for c in sorted(model.committees, key=lambda c: c.id):
        if c.kind != "pa" or c.fiscal_year != fiscal_year:
            continue
        assessed = set(c.assessees)
        for m in c.members:
            own = [t for t in mine.get(m.person, ()) if t.person in assessed]
            evals = [t for t in own if t.kind == "evaluation"]
            rows.append(
                (
                    names.person(m.person),
                    _committee_name(c, names),
                    len(c.assessees),
                    sum(t.done_on is not None for t in evals),
                    sum(t.done_on is None for t in evals),
                    sum(t.status(as_of, 0) == "overdue" for t in own),
                )
            )
    columns = ("กรรมการ", "คณะกรรมการ", "ผู้รับการประเมิน", "ประเมินแล้ว", "ค้างประเมิน", "งานเกินกำหนด")
    return Table("workload", "ภาระงานของคณะกรรมการประเมิน", "ภาระงานกรรมการ", columns, tuple(rows))


def _committee_name(committee, names) -> str:
    """A committee as readers know it, by its chair (its id is a slug for files)."""
    chair = next((m.person for m in committee.members if m.role == "chair"), None)
    return f"ประธาน {names.person(chair)}" if chair else committee.id


def _num(value) -> float | None:
    """A figure for a cell, cut (not rounded) to 2 decimals like the pages (engine.exact)."""
    return None if value is None else float(floor(value, 2))


# --- rendering --------------------------------------------------------------------------


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, dt.date):
        return thai_date(value)
    return str(value)


def _inert(text: str) -> str:
    """A leading apostrophe keeps a spreadsheet from running record text as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) and text != "-" else text


def render_md(report: Report) -> str:
    out = [f"# {report.title}", ""]
    for table in report.tables:
        out += [f"## {table.title}", ""]
        out.append("| " + " | ".join(table.columns) + " |")
        out.append("|" + "---|" * len(table.columns))
        if not table.rows:
            out.append("| " + " | ".join(["ไม่มีรายการ", *[""] * (len(table.columns) - 1)]) + " |")
        for row in table.rows:
            out.append("| " + " | ".join(_cell(c).replace("|", "\\|") for c in row) + " |")
        out.append("")
    return "\n".join(out)


def render_csv(report: Report) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for index, table in enumerate(report.tables):
        if index:
            writer.writerow([])
        writer.writerow([f"## {table.title}"])
        writer.writerow(table.columns)
        writer.writerows(
            [_inert(c) if isinstance(c, str) else _cell(c) for c in row] for row in table.rows
        )
    return buffer.getvalue().encode("utf-8-sig")


def render_flat_csv(table: Table) -> bytes:
    """One table as a CSV that starts with its header row: dates ISO (yyyy-mm-dd, sortable
    as text), for a spreadsheet's filter and sort; UTF-8 with BOM for Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow(
            [
                c.isoformat()
                if isinstance(c, dt.date)
                else _inert(c)
                if isinstance(c, str)
                else _cell(c)
                for c in row
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def render_json(report: Report) -> str:
    def plain(value):
        return value.isoformat() if isinstance(value, dt.date) else value

    data = {
        "title": report.title,
        "tables": [
            {
                "key": t.key,
                "title": t.title,
                "columns": list(t.columns),
                "rows": [[plain(c) for c in row] for row in t.rows],
            }
            for t in report.tables
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_xlsx(report: Report) -> bytes:
    """One sheet per table through XlsxWriter: a third of openpyxl's time for the few
    dozen rows of a list, and the same bytes for the same tables (fixed document dates)."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, _XLSX_OPTIONS)
    book.set_properties({"created": _EPOCH})
    title, header = (
        book.add_format({"bold": True, "font_size": 13}),
        book.add_format({"bold": True}),
    )
    for table in report.tables:
        sheet = book.add_worksheet(table.sheet[:31])
        sheet.write_string(0, 0, table.title, title)
        sheet.write_row(1, 0, table.columns, header)
        for index, row in enumerate(table.rows, 2):
            sheet.write_row(index, 0, [thai_date(c) if isinstance(c, dt.date) else c for c in row])
        for index, name in enumerate(table.columns):
            width = max([len(str(name)), *(len(_cell(r[index])) for r in table.rows)])
            sheet.set_column(index, index, min(60, width + 4))
        sheet.freeze_panes(2, 0)
    book.close()
    return buffer.getvalue()


# record text is always text: never a formula, a number or a link because of how it looks
_XLSX_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}
_EPOCH = dt.datetime(2000, 1, 1)


def digest(report: Report) -> str:
    """A digest of every cell with its type: what the report's page and files all show, so
    an incremental build reuses them while it is unchanged (a date and its ISO text differ)."""
    return hashlib.sha1(repr(report).encode()).hexdigest()


def render(report: Report, fmt: str) -> bytes:
    """The report in one of ``FORMATS`` as bytes ready to write."""
    if fmt == "md":
        return render_md(report).encode("utf-8")
    if fmt == "csv":
        return render_csv(report)
    if fmt == "json":
        return render_json(report).encode("utf-8")
    if fmt == "xlsx":
        return render_xlsx(report)
    raise ValueError(f"unknown format {fmt!r}")

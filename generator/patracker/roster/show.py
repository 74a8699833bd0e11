"""The import plan as the HR officer reads it: Thai first, English after, rows named.

Field names come from the schema titles and enum values from their Thai labels, so the
plan reads like the forms do.
"""

from __future__ import annotations

from ..problems import Problem
from .plan import Change, Plan
from .rows import field_title

EMPTY = "(ว่าง)"


def plan_text(plan: Plan, schemas) -> str:
    """The whole plan: columns, skipped rows, problems, new, changed, unchanged, left."""
    table = plan.table
    where = f" แผ่นงาน {table.sheet}" if table.sheet else ""
    out = [f"บัญชีรายชื่อ {table.source}{where}: {len(table.rows)} แถว — {len(table.rows)} rows"]
    if plan.mapping is not None:
        out += columns_text(plan, schemas, plan.mapping)
    if table.skipped:
        out.append(f"แถวที่ข้าม (ไม่ใช่ข้อมูลบุคคล) — skipped rows ({len(table.skipped)}):")
        out += [f"  {problem_line(p)}" for p in table.skipped]
    if plan.problems:
        out.append(f"ปัญหา — problems ({len(plan.problems)}):")
        out += [f"  {problem_line(p)}" for p in plan.problems]
    out.append(f"สร้างใหม่ — new ({len(plan.new)}):")
    out += [f"  + {c.path}  {_label(c)}{_rows(c)}" for c in plan.new]
    out.append(f"แก้ไข — changed ({len(plan.changed)}):")
    for change in plan.changed:
        out.append(f"  ~ {change.path}  {_label(change)}{_rows(change)}")
        out += [f"      {_diff(change, d, schemas)}" for d in change.diffs]
    out.append(f"ไม่เปลี่ยนแปลง — unchanged: {len(plan.unchanged)}")
    out.append(f"ไม่อยู่ในบัญชีรายชื่อ (ไม่ลบ) — left, not removed ({len(plan.left)}):")
    out += [f"  - people/{pid}/person.yaml  {name}" for pid, name in plan.left]
    if plan.nothing_to_do:
        out.append("ไม่มีอะไรต้องเปลี่ยน — nothing to do")
    return "\n".join(out) + "\n"


def columns_text(plan: Plan, schemas, mapping) -> list[str]:
    """Each column of the roster and what it becomes: nothing is dropped without a word."""
    table = plan.table
    out = [f"คอลัมน์ (หัวตารางแถว {table.header}) — columns (header row {table.header}):"]
    for column in table.headers:
        header = column.header or "(ไม่มีหัวคอลัมน์)"
        if column.field is not None:
            title = field_title(schemas, mapping, column.field)
            what = f"{title} — {column.field}"
        else:
            what = f"ไม่นำเข้า: {column.why_th} — ignored: {column.why_en}"
        out.append(f"  {column.letter} {header} → {what}")
    return out


def problem_line(p: Problem) -> str:
    row = f"แถว {p.line}: " if p.line else ""
    return f"{p.file}:{p.line or 1}: {p.severity}[{p.code}] {row}{p.th} — {p.en}"


def _label(change: Change) -> str:
    return _name(change.after) if change.kind == "person" else str(change.after.get("name", ""))


def _name(data: dict) -> str:
    return (
        f"{data.get('title', '')}{data.get('first_name', '')} {data.get('last_name', '')}".strip()
    )


def _rows(change: Change) -> str:
    if not change.rows:
        return ""
    shown = ", ".join(map(str, change.rows[:5])) + ("…" if len(change.rows) > 5 else "")
    return f"  (แถว {shown})"


def _diff(change: Change, diff: tuple, schemas) -> str:
    pointer, old, new = diff
    title = schemas.title(change.kind, pointer)
    return f"{title}: {_value(schemas, pointer, old)} → {_value(schemas, pointer, new)}"


def _value(schemas, pointer: tuple, value: object) -> str:
    if value is None:
        return EMPTY
    if pointer in (("position",), ("standing",)):
        return schemas.labels(pointer[0]).get(str(value), str(value))
    return str(value)

"""The current roster as an XLSX in the import's own layout, so the office can round-trip.

Headers are the first header of each field in the mapping; positions and standings are
written as their Thai labels; the appointment date is a real date cell (Gregorian, shown
as YYYY-MM-DD) and phones are text, so Excel keeps their leading zero. People who have
``left`` are not exported: they are no longer on the roster.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .existing import read_existing
from .mapping import Mapping

SHEET = "บัญชีรายชื่อ"
DATE_FORMAT = "yyyy-mm-dd"


def export_roster(project, out: Path, mapping: Mapping) -> int:
    """Write the roster to ``out``; return how many people it lists."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    existing = read_existing(project.records)
    fields = _fields(mapping)
    book = Workbook()
    ws = book.active
    ws.title = SHEET
    ws.append([mapping.header(f) for f in fields])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    people = [p for p in existing.people.values() if "left" not in p]
    people.sort(key=lambda p: (str(p.get("school") or ""), str(p.get("id"))))
    for person in people:
        school = existing.schools.get(str(person.get("school") or ""), {})
        ws.append([_cell(f, person, school, mapping) for f in fields])
    column = fields.index("appointed") + 1 if "appointed" in fields else None
    for row in ws.iter_rows(min_row=2, min_col=column, max_col=column) if column else ():
        row[0].number_format = DATE_FORMAT
    for letter, width in zip(
        "ABCDEFGHIJKLMN", (12, 28, 22, 16, 30, 18, 13, 12, 14, 26, 13, 30), strict=False
    ):
        ws.column_dimensions[letter].width = width
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return len(people)


def _fields(mapping: Mapping) -> list[str]:
    names = ["full_name"] if "full_name" in mapping.columns else ["first_name", "last_name"]
    wanted = [
        "title",
        *names,
        "position",
        "standing",
        "school",
        "district",
        "appointed",
        "salary_grade",
        "position_number",
        "subject",
        "phone",
        "email",
        "line",
    ]
    return [f for f in wanted if f in mapping.columns]


def _cell(field: str, person: dict, school: dict, mapping: Mapping) -> object:
    contact = person.get("contact") or {}
    match field:
        case "full_name":
            return f"{person.get('first_name', '')} {person.get('last_name', '')}"
        case "position" | "standing":
            return mapping.labels[field].get(str(person.get(field)), person.get(field))
        case "school":
            return str(school.get("name", "")) or None
        case "district":
            return str(school.get("district", "")) or None
        case "appointed":
            return (
                dt.date.fromisoformat(str(person["appointed"])) if person.get("appointed") else None
            )
        case "phone" | "email" | "line":
            return str(contact[field]) if contact.get(field) else None
    value = person.get(field)
    return str(value) if value is not None else None

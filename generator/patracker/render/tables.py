"""Tables a page shows, as ``report.Table``s, so every one can be downloaded as CSV and XLSX.

The CSV and XLSX writers are the round report's own (UTF-8 with BOM for Excel, Thai
sheet names), so a list of people downloads exactly like the executives' report.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from .. import report
from .context import Site
from .views import Induction, Tasks

DOWNLOAD_FORMATS = ("csv", "xlsx")


def people_table(site: Site, title: str, ids: Iterable[str]) -> report.Table:
    rows = []
    for person_id in site.by_name(ids):
        person = site.person(person_id)
        if person is None:
            continue
        rows.append(
            (
                person.name,
                site.position_labels[person.position],
                site.standing_labels[person.standing],
                site.school_name(person.school),
            )
        )
    return report.Table(
        "people", title, "รายชื่อ", ("ชื่อ-สกุล", "ตำแหน่ง", "วิทยฐานะ", "โรงเรียน"), tuple(rows)
    )


def task_table(site: Site, key: str, title: str, sheet: str, tasks) -> report.Table:
    rows = tuple(
        (
            task.title,
            site.name_of(task.person),
            "ผู้รับการประเมิน" if task.responsible == task.person else site.name_of(task.responsible),
            site.school_name(p.school if (p := site.person(task.person)) else None),
            task.due,
            task.days_late(site.as_of),
        )
        for task in tasks
    )
    columns = ("งาน", "ผู้รับการประเมิน", "ผู้ต้องดำเนินการ", "โรงเรียน", "กำหนดส่ง", "เกินกำหนด (วัน)")
    return report.Table(key, title, sheet, columns, rows)


def downloads(stem: str, title: str, tables: tuple[report.Table, ...]):
    """``stem.csv`` and ``stem.xlsx`` of the tables, as (path, function making the bytes,
    digest of every figure) triples: a build whose figures did not change reuses the files."""
    document = report.Report(title, tables)
    figures = report.digest(document)
    return [
        (f"{stem}.{fmt}", functools.partial(report.render, document, fmt), figures)
        for fmt in DOWNLOAD_FORMATS
    ]


def lazy_downloads(stem: str, title: str, make_tables):
    """Like ``downloads``, with functions that make the bytes only when called."""

    def make(fmt: str):
        return lambda: report.render(report.Report(title, make_tables()), fmt)

    return [(f"{stem}.{fmt}", make(fmt)) for fmt in DOWNLOAD_FORMATS]


def deadline_list(site: Site) -> report.Table:
    """Every overdue and due-soon task in one table, for ``deadlines.csv``: a header row
    first, the due date ISO in its own column, so a spreadsheet filters and sorts it."""
    pa, w26 = Tasks.of(site), Induction.of(site)
    groups = (
        ("เกินกำหนด", pa.overdue),
        ("ใกล้ครบกำหนด", pa.due_soon),
        ("ว26 เกินกำหนด", w26.overdue),
        ("ว26 ใกล้ครบกำหนด", w26.due_soon),
    )
    rows = []
    for state, tasks in groups:
        for task in tasks:
            person = site.person(task.person)
            rows.append(
                (
                    state,
                    task.title,
                    site.name_of(task.person),
                    site.name_of(task.responsible),
                    site.school_name(person.school if person else None),
                    task.due,
                    site.cell(task.due),
                    task.days_late(site.as_of),
                )
            )
    columns = (
        "สถานะ",
        "งาน",
        "ผู้รับการประเมิน",
        "ผู้ต้องดำเนินการ",
        "โรงเรียน",
        "กำหนดส่ง (ค.ศ. ปปปป-ดด-วว)",
        "กำหนดส่ง",
        "เกินกำหนด (วัน)",
    )
    return report.Table("deadlines", "กำหนดส่งและงานค้าง", "งานค้าง", columns, tuple(rows))


def deadline_tables(site: Site) -> tuple[report.Table, ...]:
    tasks, induction = Tasks.of(site), Induction.of(site)
    return (
        task_table(site, "overdue", "งานเกินกำหนด", "เกินกำหนด", tasks.overdue),
        task_table(
            site,
            "due-soon",
            f"งานใกล้ครบกำหนดภายใน {tasks.soon_days} วัน",
            "ใกล้ครบกำหนด",
            tasks.due_soon,
        ),
        task_table(
            site,
            "induction-overdue",
            "ครูผู้ช่วย (ว26): งานเกินกำหนด (ประเมิน แจ้งผล สรุปผลสองปี)",
            "ว26 เกินกำหนด",
            induction.overdue,
        ),
        task_table(
            site,
            "induction-due-soon",
            f"ครูผู้ช่วย (ว26): งานใกล้ครบกำหนดภายใน {tasks.soon_days} วัน",
            "ว26 ใกล้ครบกำหนด",
            induction.due_soon,
        ),
    )

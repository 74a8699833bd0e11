"""Roster fixtures: a private copy of the demo office, and rosters written by the tests.

Rosters are built here with openpyxl (XLSX) or the csv module, never checked in, so each
test shows the exact cells it feeds the importer.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

from patracker.project import Project
from patracker.roster import load_mapping, plan_import
from patracker.validate import validate

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "records"
SCHEMAS = ROOT / "schemas"
TODAY = dt.date(2026, 1, 15)

HEADERS = [
    "ลำดับ",
    "คำนำหน้า",
    "ชื่อ-สกุล",
    "ตำแหน่ง",
    "วิทยฐานะ",
    "โรงเรียน",
    "อำเภอ",
    "วันที่บรรจุ",
    "กลุ่มสาระ",
    "โทรศัพท์",
    "อีเมล",
]
SCHOOL = "โรงเรียนบ้านไผ่งามวิทยา"  # in the demo office, id banphaingam-witthaya
SCHOOL_ID = "banphaingam-witthaya"
NEW_SCHOOL = "โรงเรียนโนนสูงพิทยาคม"  # not in the demo office
NEW_DISTRICT = "อำเภอโนนสูง"


def national_id(first12: str = "110170012345") -> str:
    """A 13-digit number that passes the Thai national-ID checksum (invented)."""
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)


@pytest.fixture
def office(tmp_path: Path) -> Project:
    """A private copy of the demo office's records; /work/main/records is never touched."""
    target = tmp_path / "office" / "records"
    shutil.copytree(DEMO, target)
    return Project.at(target, SCHEMAS)


@pytest.fixture
def mapping(office: Project):
    return load_mapping(office.schemas)


def write_xlsx(path: Path, rows: list[list], headers=HEADERS, title: bool = True, merge=()) -> Path:
    """A roster as offices keep it: a merged title line, the header, then the rows."""
    book = Workbook()
    ws = book.active
    ws.title = "ครู"
    if title:
        ws.append(["บัญชีรายชื่อข้าราชการครูและบุคลากรทางการศึกษา"])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws.append(headers)
    for row in rows:
        ws.append(row)
    for cells in merge:
        ws.merge_cells(cells)
    book.save(path)
    return path


def write_csv(path: Path, rows: list[list], headers=HEADERS) -> Path:
    """A roster saved by Excel as "CSV UTF-8": with a byte-order mark."""
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def person(records: Path, pid: str) -> dict:
    from patracker.load import read_file

    return dict(read_file(records / "people" / pid / "person.yaml", pid).data)


def people_of(records: Path, school: str) -> dict[str, dict]:
    out = {}
    for folder in sorted((records / "people").iterdir()):
        data = person(records, folder.name)
        if data.get("school") == school:
            out[folder.name] = data
    return out


def as_row(data: dict, school: str = SCHOOL, district: str = "อำเภอบ้านไผ่งาม") -> list:
    """The roster row of a recorded person, as the office would type it."""
    labels = {
        "teacher": "ครู",
        "school-director": "ผู้อำนวยการสถานศึกษา",
        "deputy-director": "รองผู้อำนวยการสถานศึกษา",
        "assistant-teacher": "ครูผู้ช่วย",
    }
    standings = {
        "none": "",
        "professional": "ชำนาญการ",
        "senior-professional": "ชำนาญการพิเศษ",
        "expert": "เชี่ยวชาญ",
    }
    contact = data.get("contact") or {}
    return [
        None,
        data["title"],
        f"{data['first_name']} {data['last_name']}",
        labels[data["position"]],
        standings[data["standing"]],
        school,
        district,
        dt.date.fromisoformat(data["appointed"]),
        data.get("subject"),
        contact.get("phone"),
        contact.get("email"),
    ]


def school_rows(records: Path) -> list[list]:
    return [as_row(d) for d in people_of(records, SCHOOL_ID).values()]


def tree_digest(records: Path) -> str:
    """One hash of every file's path and bytes: equal digests mean nothing was written."""
    digest = hashlib.sha256()
    for path in sorted(p for p in records.rglob("*") if p.is_file()):
        digest.update(path.relative_to(records).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def plan_of(office: Project, mapping, source: Path, **options):
    return plan_import(office, source, mapping, today=TODAY, **options)


def assert_valid(office: Project) -> None:
    result = validate(Project.at(office.records, SCHEMAS))
    assert result.ok, [f"{p.file}:{p.line} {p.code} {p.en}" for p in result.errors][:10]

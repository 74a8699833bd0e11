"""A tiny valid office for the history tests, written from Python data.

Small on purpose: one school, a teacher with an approved agreement, a committee of three,
final and non-final evaluations, and an application with a status history.
"""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

CODES = ("1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8")
CODES += ("2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3")


def fiscal_year(year: int, **flags) -> dict:
    """A fiscal year (Buddhist Era) of the office file: two rounds, October to March and
    April to September, each with its evaluation due on its last day."""
    first = year - 544  # FY 2569 begins in October 2025
    spans = ((f"{first}-10-01", f"{first + 1}-03-31"), (f"{first + 1}-04-01", f"{first + 1}-09-30"))
    rounds = [
        {"round": n, "start": start, "end": end, "due": {"evaluation": end}}
        for n, (start, end) in enumerate(spans, 1)
    ]
    return {"year": year, **flags, "rounds": rounds}


OFFICE = {
    "id": "sesa-thung-fah",
    "name": "สำนักงานเขตพื้นที่การศึกษามัธยมศึกษาทุ่งฟ้า",
    "short_name": "สพม.ทุ่งฟ้า",
    "province": "ทุ่งฟ้า",
    "hr": ["rattana-khamdee"],
    "fiscal_years": [fiscal_year(2569)],
    "rules": {"pass_percent": 70, "min_weekly_hours": 20, "due_soon_days": 14},
    "kpi_targets": {
        "registered": 95,
        "committee_use": 100,
        "reports_per_round": 1,
        "satisfaction": 85,
    },
}

SCHOOL = {
    "id": "ban-nong-bua",
    "name": "โรงเรียนบ้านหนองบัว",
    "district": "ทุ่งฟ้า",
    "director": "kanya-srisuk",
    "reviewers": ["kanya-srisuk", "wichai-boonmee"],
}


def person(pid, first, last, position, github=None, school="ban-nong-bua", standing="none"):
    data = {
        "id": pid,
        "title": "นาง" if first.startswith(("ก", "ม", "ร")) else "นาย",
        "first_name": first,
        "last_name": last,
        "position": position,
        "standing": standing,
        "appointed": "2010-05-16",
    }
    if school:
        data["school"] = school
    if github:
        data["github"] = github
    return data


PEOPLE = {
    "somchai-jaidee": person(
        "somchai-jaidee", "สมชาย", "ใจดี", "teacher", "somchai", standing="professional"
    ),
    "kanya-srisuk": person("kanya-srisuk", "กัญญา", "ศรีสุข", "school-director", "kanya-s"),
    "wichai-boonmee": person("wichai-boonmee", "วิชัย", "บุญมี", "deputy-director", "wichai-b"),
    "malee-raksa": person("malee-raksa", "มาลี", "รักษา", "supervisor", "malee-r", school=None),
    "prasert-kaewkla": person("prasert-kaewkla", "ประเสริฐ", "แก้วกล้า", "supervisor", school=None),
    "rattana-khamdee": person(
        "rattana-khamdee", "รัตนา", "คำดี", "officer", "rattana-hr", school=None
    ),
}

COMMITTEE = {
    "id": "pa-ban-nong-bua",
    "fiscal_year": 2569,
    "kind": "pa",
    "members": [
        {"person": "kanya-srisuk", "role": "chair"},
        {"person": "malee-raksa", "role": "member"},
        {"person": "prasert-kaewkla", "role": "member"},
    ],
    "assessees": ["somchai-jaidee"],
}

AGREEMENT = {
    "person": "somchai-jaidee",
    "fiscal_year": 2569,
    "form": "teacher",
    "status": "approved",
    "submitted": "2025-10-10",
    "approval": {"by": "kanya-srisuk", "date": "2025-10-20"},
    "workload": {
        "teaching": [{"subject": "คณิตศาสตร์", "hours": 16}],
        "support": 4,
        "quality": 2,
        "policy": 2,
    },
    "part1": {
        code: {
            "tasks": f"งานตามตัวชี้วัด {code}",
            "outcomes": f"ผลลัพธ์ตามตัวชี้วัด {code}",
            "indicators": f"ผู้เรียนร้อยละ 70 ผ่านเกณฑ์ {code}",
        }
        for code in CODES
    },
    "challenges": [
        {
            "title": "การอ่านจับใจความ",
            "problem": "ผู้เรียนร้อยละ 40 อ่านจับใจความไม่ได้",
            "methods": "ฝึกอ่านวันละ 15 นาที",
            "quantitative": "ผู้เรียนร้อยละ 70 ผ่านเกณฑ์",
            "qualitative": "ผู้เรียนรักการอ่าน",
        }
    ],
}


def evaluation(member: str, level: int = 3, final: bool = True, low: str | None = None) -> dict:
    """An evaluation of somchai-jaidee, round 1; ``low`` puts one indicator at level 2."""
    return {
        "person": "somchai-jaidee",
        "fiscal_year": 2569,
        "round": 1,
        "member": member,
        "date": "2026-03-10",
        "workload_ok": True,
        "part1": {code: {"level": 2 if code == low else level} for code in CODES},
        "part2": {k: {"level": level} for k in ("methods", "quantitative", "qualitative")},
        "final": final,
    }


APPLICATION = {
    "id": "somchai-jaidee-2569",
    "person": "somchai-jaidee",
    "standing": "senior-professional",
    "history": [
        {"status": "submitted", "date": "2025-11-01", "by": "somchai-jaidee"},
        {
            "status": "returned",
            "date": "2025-11-08",
            "by": "kanya-srisuk",
            "reason": "แนบหลักฐานไม่ครบ",
        },
    ],
}

EVALUATIONS = "people/somchai-jaidee/2569/evaluations"


def files() -> dict[str, dict]:
    """Every record of the office: path inside records/ → data."""
    out = {
        "office.yaml": OFFICE,
        "schools/ban-nong-bua.yaml": SCHOOL,
        "committees/2569/pa-ban-nong-bua.yaml": COMMITTEE,
        "people/somchai-jaidee/2569/agreement.yaml": AGREEMENT,
        f"{EVALUATIONS}/r1-malee-raksa.yaml": evaluation("malee-raksa", low="1.3"),
        f"{EVALUATIONS}/r1-kanya-srisuk.yaml": evaluation("kanya-srisuk", final=False),
        "applications/somchai-jaidee-2569.yaml": APPLICATION,
    }
    out.update({f"people/{pid}/person.yaml": data for pid, data in PEOPLE.items()})
    return copy.deepcopy(out)


def dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def write_office(records: Path) -> None:
    for path, data in files().items():
        target = records / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(dump(data), encoding="utf-8")

"""``patracker new``: one valid skeleton record, laid out from the form files, in Thai.

Every skeleton passes ``patracker validate`` as written, so a newcomer starts from a file
that works and only replaces the placeholder text. Existing files are never overwritten.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from .emit import scalar
from .fiscal import fiscal_year_span, round_span
from .kinds import REGISTRY
from .layout import ID, path_for
from .load import read_file
from .problems import ProblemError
from .project import Project

# the kinds the registry marks for scaffolding (kinds.py); each has a builder below
KINDS = tuple(k.name for k in REGISTRY if k.scaffold)
_GROUPS = (
    ("learners", "ผู้เรียน"),
    ("staff", "ข้าราชการครูและบุคลากรทางการศึกษา"),
    ("schools", "สถานศึกษา"),
    ("esa", "สำนักงานเขตพื้นที่การศึกษา"),
)


class ScaffoldError(Exception):
    def __init__(self, message: str, exit_code: int = 2):
        super().__init__(message)
        self.exit_code = exit_code


def scaffold(project: Project, kind: str, person: str, *, today: dt.date, **options) -> Path:
    """Write the skeleton and return its path; raise ScaffoldError with a Thai/English message."""
    if kind not in KINDS:
        raise ScaffoldError(f"ไม่รู้จักชนิด '{kind}' ใช้ได้: {', '.join(KINDS)} — unknown kind")
    if not re.fullmatch(ID, person):
        raise ScaffoldError(f"รหัส '{person}' ต้องเป็น a-z 0-9 และ - เท่านั้น — invalid id")
    relative, text = _BUILDERS[kind](project, person, today=today, **options)
    target = project.records / relative
    if target.exists():
        raise ScaffoldError(f"มีไฟล์ {target} อยู่แล้ว จะไม่เขียนทับ — {target} exists; not overwritten", 1)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def _need(value, flag: str):
    if value is None:
        raise ScaffoldError(f"ต้องระบุ {flag} — {flag} is required")
    return value


def _person_data(project: Project, person: str) -> dict:
    path = project.records / path_for("person", person=person)
    if not path.is_file():
        raise ScaffoldError(f"ไม่พบบุคคล '{person}' ({path}) — no such person", 1)
    try:
        return project.schemas.coerce("person", read_file(path, str(path)).data)
    except ProblemError as exc:
        raise ScaffoldError(
            f"อ่าน {path} ไม่ได้: {exc.problems[0].th} — {exc.problems[0].en}", 1
        ) from None


def _pa_form(project: Project, person: str):
    """The agreement form of the person's position; refuse positions that do no PA."""
    position = _person_data(project, person)["position"]
    form = project.forms.form_for(position)
    if form is None:
        raise ScaffoldError(f"ตำแหน่ง '{position}' ไม่ต้องจัดทำ PA — this position does no PA", 1)
    return form


def _clamp(day: dt.date, start: dt.date, end: dt.date) -> dt.date:
    return min(max(day, start), end)


def _new_person(
    project: Project, person: str, *, today: dt.date, position: str, school: str | None, **_
) -> tuple[str, str]:
    positions = project.schemas.labels("position")
    if position not in positions:
        raise ScaffoldError(
            f"ไม่รู้จักตำแหน่ง '{position}' ใช้ได้: {', '.join(positions)} — unknown position"
        )
    lines = [
        f"# ข้อมูลบุคคล — ตำแหน่ง{positions[position]}",
        "# แก้ข้อความในวงเล็บให้เป็นข้อมูลจริง วันที่ใช้ ค.ศ. (ปปปป-ดด-วว)",
        f"id: {person}",
        "title: นาย  # คำนำหน้าชื่อ",
        'first_name: "(ชื่อ)"',
        'last_name: "(นามสกุล)"',
        f"position: {position}",
        "standing: none  # none, professional (ชำนาญการ), senior-professional (ชำนาญการพิเศษ), expert, senior-expert",
    ]
    if school:
        lines.append(f"school: {scalar(school)}")
    lines.append(f"appointed: {today.isoformat()}  # วันที่บรรจุ")
    return path_for("person", person=person), "\n".join(lines) + "\n"


def _new_agreement(
    project: Project, person: str, *, today: dt.date, fy: int | None, **_
) -> tuple[str, str]:
    fy = _need(fy, "--fy")
    form = _pa_form(project, person)
    lines = [
        f"# ข้อตกลงในการพัฒนางาน ({form.code}) ปีงบประมาณ {fy}",
        f"# {form.title} — {form.circular}",
        "# แทนที่ข้อความในวงเล็บทุกช่อง แล้วเสนอผ่าน pull request; status: draft จนกว่าจะเสนอ",
        f"person: {person}",
        f"fiscal_year: {fy}",
        f"form: {form.id}",
        "status: draft",
        "part1:",
    ]
    for aspect in form.aspects:
        lines.append(f"  # {aspect.code}. {aspect.title}")
        for item in aspect.items:
            lines += [f"  {item.code}:  # {item.title}", '    tasks: "(งานที่จะปฏิบัติ)"']
            lines += _grouped("outcomes", "(ผลลัพธ์ที่คาดหวัง)", form.target_groups)
            lines += _grouped("indicators", "(ตัวชี้วัด)", form.target_groups)
    lines.append(f"challenges:  # ประเด็นท้าทาย {form.challenges} เรื่อง")
    for _challenge in range(form.challenges):
        lines += [
            '  - title: "(ชื่อประเด็นท้าทาย)"',
            '    problem: "(สภาพปัญหาพร้อมข้อมูลตัวเลขจริง)"',
            '    methods: "(วิธีการดำเนินการให้บรรลุผล)"',
            '    quantitative: "(ผลลัพธ์เชิงปริมาณ)"',
            '    qualitative: "(ผลลัพธ์เชิงคุณภาพ)"',
        ]
    return path_for("agreement", person=person, fy=fy), "\n".join(lines) + "\n"


def _grouped(key: str, placeholder: str, groups: bool) -> list[str]:
    if not groups:
        return [f'    {key}: "{placeholder}"']
    return [f"    {key}:"] + [f'      {g}: "{placeholder}"  # {title}' for g, title in _GROUPS]


def _new_evaluation(
    project: Project,
    person: str,
    *,
    today: dt.date,
    fy: int | None,
    round_: int | None,
    member: str | None,
    **_,
) -> tuple[str, str]:
    fy, rnd, member = _need(fy, "--fy"), _need(round_, "--round"), _need(member, "--member")
    form = _pa_form(project, person)
    round_start, round_end = round_span(fy, rnd)
    levels = project.forms.pa2.levels
    lines = [
        f"# แบบ PA 2 — ผลการประเมินรอบที่ {rnd} ปีงบประมาณ {fy} โดยกรรมการ {member}",
        "# ระดับ: " + ", ".join(f"{k} {v}" for k, v in sorted(levels.items())),
        "# ตั้ง final: true เมื่อยืนยันผล หลังจากนั้นห้ามแก้ไขไฟล์นี้ ให้ทำไฟล์แก้ไข (-amend1) แทน",
        f"person: {person}",
        f"fiscal_year: {fy}",
        f"round: {rnd}",
        f"member: {member}",
        f"date: {_clamp(today, round_start, round_end).isoformat()}",
        "workload_ok: true  # ภาระงานครบตามเกณฑ์ ก.ค.ศ.",
        "part1:",
    ]
    for item in form.indicators:
        lines.append(f"  {item.code}: {{level: 3}}  # {item.title}")
    lines.append("part2:  # ประเด็นท้าทาย")
    for part in project.forms.pa2.part2:
        lines.append(f"  {part.key}: {{level: 3}}  # {part.title} ({part.weight:g} คะแนน)")
    lines.append("final: false")
    return path_for("evaluation", person=person, fy=fy, round=rnd, member=member), "\n".join(
        lines
    ) + "\n"


def _new_progress(
    project: Project, person: str, *, today: dt.date, fy: int | None, **_
) -> tuple[str, str]:
    fy = _need(fy, "--fy")
    position = _person_data(project, person)["position"]
    form = project.forms.form_for(position)
    first = form.indicators[0] if form else None
    code = first.code if first else "challenge-1"
    lines = [
        f"# บันทึกความก้าวหน้า ปีงบประมาณ {fy} — เพิ่มรายการใหม่ต่อท้าย entries",
        f"person: {person}",
        f"fiscal_year: {fy}",
        "entries:",
        f"  - date: {_clamp(today, *fiscal_year_span(fy)).isoformat()}",
        f"    indicator: {code}  # {first.title if first else 'ประเด็นท้าทาย'} (หรือ challenge-1)",
        '    text: "(สิ่งที่ได้ดำเนินการและผลที่เกิดขึ้น)"',
        "    evidence: []  # - {title: ชื่อหลักฐาน, url: https://...}",
    ]
    return path_for("progress", person=person, fy=fy), "\n".join(lines) + "\n"


_BUILDERS: dict[str, Callable[..., tuple[str, str]]] = {
    "person": _new_person,
    "agreement": _new_agreement,
    "evaluation": _new_evaluation,
    "progress": _new_progress,
}

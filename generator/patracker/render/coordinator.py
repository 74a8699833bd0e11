"""The school DPA coordinator's checklist (issue 19.5): per school, each person's PA status
for the fiscal year in force, and every open action with who owes it, its form and the
document to collect.

The coordinator (the school file's ``dpa_admin``, DOMAIN.md §2) is who submits for the
teachers today (seed 000): she chases the teacher, the committee members and the
director. So the actions are the engine's tasks (``engine.deadlines`` for every started
round of the year, ``engine.induction`` steps for assistant teachers) plus two the engine
does not date: the director's decision on a submitted PA 1 (due with the screening, the
advice it decides on) and the applications waiting on the school or the applicant. The
page and the XLSX checklist show the same ``Action`` rows.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from urllib.parse import quote_plus

from ..engine import deadlines
from ..engine.deadlines import APPEAL, EVALUATION, NOTICE, SUMMARY
from ..model import Person, School
from ..thai import be_date
from . import reads
from .context import Site
from .views import Induction, Progress, Tasks

# who owes an action, as the coordinator says it
ROLES: dict[str, str] = {
    "self": "ผู้รับการประเมิน",
    "member": "กรรมการประเมิน",
    "director": "ผู้อำนวยการโรงเรียน",
    "coordinator": "ผู้ประสานงาน DPA โรงเรียน",
    "office": "สำนักงานเขต",
}
STATUS: dict[str, str] = {**deadlines.STATUS, "waiting": "รอดำเนินการ"}
_ORDER = {"overdue": 0, "due-soon": 1, "waiting": 2, "upcoming": 3}
# the document the coordinator collects for each kind of action
DOCUMENTS: dict[str, str] = {
    "agreement": "ข้อตกลงในการพัฒนางาน (PA 1) ที่ผู้รับการประเมินลงนาม",
    "returned": "ข้อตกลง (PA 1) ที่แก้ไขตามบันทึกของผู้อำนวยการ",
    "approval": "ข้อตกลง (PA 1) ที่ผู้อำนวยการลงนามเห็นชอบ",
    "review": "บันทึกการกลั่นกรองข้อตกลงของกรรมการ",
    "progress": "บันทึกความก้าวหน้าพร้อมลิงก์หลักฐาน",
    "evaluation": "แบบประเมิน PA 2 ของกรรมการ",
    EVALUATION: "แบบประเมินครูผู้ช่วย (ว26) ของกรรมการ",
    NOTICE: "หนังสือแจ้งผลการประเมินที่ครูผู้ช่วยลงนามรับทราบ",
    SUMMARY: "รายงานสรุปผลการประเมินครบสองปี (ส่งสำนักงานเขต)",
    APPEAL: "หนังสือโต้แย้งผลการประเมินของครูผู้ช่วย (ถ้ามี)",
    "authority": "คำสั่งหรือหนังสือแจ้งของผู้มีอำนาจ",
    "application": "เอกสารคำขอวิทยฐานะ",
}
# applications the school must move on: status → (who acts, what to do)
APPLICATION_STEPS: dict[str, tuple[str, str]] = {
    "draft": ("self", "ยื่นคำขอวิทยฐานะ"),
    "returned": ("self", "แก้ไขคำขอตามเหตุผลที่ส่งคืนแล้วยื่นอีกครั้ง"),
    "submitted": ("coordinator", "ตรวจสอบคำขอระดับโรงเรียน"),
}


@dataclass(frozen=True, slots=True)
class Action:
    """One thing someone must do for a person of the school."""

    person: str
    title: str
    owner: str | None  # person id; None: the office (the authority of ว19 §5)
    role: str  # a key of ROLES
    due: dt.date | None
    status: str  # a key of STATUS
    document: str
    form: str | None = None  # the site's form, relative to the site root
    form_title: str | None = None
    days_late: int = 0


@dataclass(frozen=True, slots=True)
class PersonRow:
    """What the coordinator sees of one person: their PA status and their open actions."""

    person: Person
    agreement: str
    screening: str
    evaluation: str
    induction: str
    applications: str
    actions: tuple[Action, ...]

    @property
    def overdue(self) -> int:
        return sum(a.status == "overdue" for a in self.actions)

    @property
    def now(self) -> tuple[Action, ...]:
        """The actions to chase now: overdue, due soon, or waiting without a due date."""
        return tuple(a for a in self.actions if a.status != "upcoming")

    @property
    def later(self) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if a.status == "upcoming")


@dataclass(frozen=True, slots=True)
class Checklist:
    school: School
    coordinator: str | None
    fiscal_year: int
    round: int
    as_of: dt.date
    rows: tuple[PersonRow, ...]

    @property
    def actions(self) -> tuple[Action, ...]:
        """Every open action, overdue first, then by due date and person."""
        found = [a for row in self.rows for a in row.actions]
        order = {row.person.id: n for n, row in enumerate(self.rows)}
        return tuple(sorted(found, key=lambda a: _rank(a, order)))

    @property
    def overdue(self) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if a.status == "overdue")

    def documents(self) -> list[tuple[str, int]]:
        """The documents to collect and how many of each (the page's short list)."""
        counts: dict[str, int] = {}
        for action in self.actions:
            counts[action.document] = counts.get(action.document, 0) + 1
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _rank(action: Action, order: dict[str, int]):
    far = dt.date.max
    return (_ORDER[action.status], action.due or far, order[action.person], action.title)


def form_link(kind: str, **keys) -> str:
    """A link to the site's form of ``kind`` (render/webforms.py), keys in the query."""
    return f"forms/{kind}.html?{query(keys)}"


_PLAIN = re.compile(r"[A-Za-z0-9_.-]*")  # what urlencode leaves as it is


def query(keys: dict) -> str:
    """``urlencode`` of the keys that have a value. Ids and years pass as they are; a
    checklist makes fifteen thousand links, and urlencode costs ten times this."""
    parts = []
    for key, value in keys.items():
        if value is not None:
            text = str(value)
            parts.append(f"{key}={text if _PLAIN.fullmatch(text) else quote_plus(text)}")
    return "&".join(parts)


def checklist(site: Site, school: School) -> Checklist:
    """The coordinator's checklist of one school as the site knows it on ``site.as_of``;
    worked out once per build (the index, the page and the XLSX all show it). It shows
    the school's people and their records: a page rendering it reads those (render/reads)."""
    reads.read(*site.school_reads(school.id))
    key = ("coordinator_checklist", id(site.forms), site.as_of, school.id)
    return site.model.memo(key, lambda: _checklist(site, school))


def _checklist(site: Site, school: School) -> Checklist:
    people = sorted(
        site.model.people_by_school.get(school.id, ()), key=lambda p: (p.first_name, p.id)
    )
    started = [r for r in site.rounds_of(site.fiscal_year) if r.start <= site.as_of]
    tasks = _open_tasks(site, started)
    rows = tuple(_row(site, school, p, started, tasks.get(p.id, ())) for p in people)
    return Checklist(school, school.dpa_admin, site.fiscal_year, site.round.round, site.as_of, rows)


def _open_tasks(site: Site, started) -> dict[str, list[tuple[object, deadlines.Task]]]:
    """Assessee → (round, task) of every open task of the year's started rounds, grouped
    once per build (every school's page and checklist, and the index, ask for them)."""

    def group() -> dict[str, list]:
        found: dict[str, list] = {}
        for rnd in started:
            for task in deadlines.round_tasks(site.model, site.forms, rnd.fiscal_year, rnd.round):
                if task.done_on is None:
                    found.setdefault(task.person, []).append((rnd, task))
        return found

    key = ("coordinator_tasks", id(site.forms), tuple((r.fiscal_year, r.round) for r in started))
    return site.model.memo(key, group)


def _row(site: Site, school: School, person: Person, started, tasks) -> PersonRow:
    actions: list[Action] = []
    pa = site.does_pa(person.id)
    if pa:
        actions += [_task_action(site, school, rnd, t) for rnd, t in tasks]
        actions += _approval(site, school, person, started)
    track = Induction.of(site).tracks.get(person.id)
    if track is not None:
        actions += _induction_actions(site, school, person)
    actions += _application_actions(site, school, person)
    return PersonRow(
        person=person,
        agreement=_agreement_text(site, person, pa, track),
        screening=_screening_text(site, person) if pa else "-",
        evaluation=_evaluation_text(site, person, started) if pa else "-",
        induction=_induction_text(site, track),
        applications=_applications_text(site, person),
        actions=tuple(actions),
    )


def _role(school: School, person: str, owner: str | None, kind: str = "") -> str:
    """Who owes it, as the coordinator chases them: the assessee, a committee member (a
    director on a committee is asked as a member), or the director as the approver of a
    PA 1 or the ว26 chair who reports the two-year summary."""
    if owner is None:
        return "office"
    if owner == person:
        return "self"
    if kind in ("approval", SUMMARY) and owner == school.director:
        return "director"
    return "member"


def _state(site: Site, due: dt.date | None) -> tuple[str, int]:
    if due is None:
        return "waiting", 0
    task = deadlines.Task("agreement", "", "", due)
    return Tasks.of(site).status(task), task.days_late(site.as_of)


def _task_action(site: Site, school: School, rnd, task: deadlines.Task) -> Action:
    fy, person, owner = rnd.fiscal_year, task.person, task.responsible
    title, document, form = task.title, DOCUMENTS[task.kind], None
    if task.kind == "agreement":
        form = form_link("agreement", person=person, fy=fy)
        if site.agreement_state(person, fy) == "returned":
            title, document = (
                "แก้ไขข้อตกลง (PA 1) ตามที่ผู้อำนวยการส่งคืน แล้วส่งอีกครั้ง",
                DOCUMENTS["returned"],
            )
    elif task.kind == "progress":
        title = f"{title} รอบที่ {rnd.round}"
        form = form_link("progress", person=person, fy=fy)
    elif task.kind == "review":
        form = form_link("review", person=person, fy=fy, member=owner)
    elif task.kind == "evaluation":
        title = f"{title} รอบที่ {rnd.round}"
        form = form_link("evaluation", person=person, fy=fy, round=rnd.round, member=owner)
    status, late = _state(site, task.due)
    return Action(
        person,
        title,
        owner,
        _role(school, person, owner, task.kind),
        task.due,
        status,
        document,
        form,
        _form_title(form),
        late,
    )


def _approval(site: Site, school: School, person: Person, started) -> list[Action]:
    """A submitted PA 1 waits on the director's decision, due with the screening (the
    advice it rests on); the approver's decision has no form of its own on the site (the
    teacher's form leaves it out, the access policy): the printable PA 1 is signed."""
    fy = site.fiscal_year
    if site.agreement_state(person.id, fy) != "submitted" or person.id == school.director:
        return []
    dues = [r.due.get("review") or r.due.get("agreement") for r in started]
    due = min((d for d in dues if d), default=None)
    status, late = _state(site, due)
    return [
        Action(
            person.id,
            "พิจารณาข้อตกลง (PA 1): เห็นชอบหรือส่งคืนแก้ไข",
            school.director,
            "director",
            due,
            status,
            DOCUMENTS["approval"],
            f"print/pa1.html?{query({'person': person.id, 'fy': fy})}",
            "แบบพิมพ์ PA 1 (ลงนาม)",
            late,
        )
    ]


def _induction_actions(site: Site, school: School, person: Person) -> list[Action]:
    """The ว26 steps that follow (the person page's next steps), one action per person
    who owes each; a step of the authority (after a fail) is the office's."""
    out: list[Action] = []
    for step in Induction.of(site).steps(person.id):
        task = step.task
        kind = task.kind if task else "authority"
        status, late = _state(site, step.due)
        for owner in step.who or (None,):
            form = None
            if task is not None and kind in (EVALUATION, NOTICE) and owner is not None:
                form = form_link("induction", person=person.id, member=owner, n=task.number)
            out.append(
                Action(
                    person.id,
                    step.title,
                    owner,
                    _role(school, person.id, owner, kind),
                    step.due,
                    status,
                    DOCUMENTS[kind],
                    form,
                    _form_title(form),
                    late,
                )
            )
    return out


def _application_actions(site: Site, school: School, person: Person) -> list[Action]:
    out = []
    for app in site.model.applications_of.get(person.id, ()):
        step = APPLICATION_STEPS.get(app.status)
        if step is None:
            continue
        role, title = step
        owner = person.id if role == "self" else school.dpa_admin
        standing = site.standing_labels.get(app.standing, app.standing)
        form = form_link("application", id=app.id)
        out.append(
            Action(
                person.id,
                f"{title} ({standing})",
                owner,
                role,
                None,
                "waiting",
                DOCUMENTS["application"],
                form,
                _form_title(form),
            )
        )
    return out


_FORM_TITLES = {
    "agreement": "แบบฟอร์ม PA 1",
    "progress": "แบบฟอร์มบันทึกความก้าวหน้า",
    "review": "แบบฟอร์มกลั่นกรองข้อตกลง",
    "evaluation": "แบบฟอร์มประเมิน PA 2",
    "induction": "แบบฟอร์มประเมินครูผู้ช่วย (ว26)",
    "application": "แบบฟอร์มคำขอวิทยฐานะ",
}


def _form_title(form: str | None) -> str | None:
    if form is None:
        return None
    return _FORM_TITLES[form.removeprefix("forms/").split(".", 1)[0]]


# --- the status columns ---------------------------------------------------------------------


def _agreement_text(site: Site, person: Person, pa: bool, track) -> str:
    if pa:
        return site.agreement_labels[site.agreement_state(person.id)]
    return "ประเมินตามแบบ ว26" if track is not None else "ไม่ต้องจัดทำ PA"


def _screening_text(site: Site, person: Person) -> str:
    fy = site.fiscal_year
    committee = site.model.pa_committee_of.get((person.id, fy))
    if committee is None:
        return "ยังไม่มีคณะกรรมการ"
    filed = {r.member for r in site.model.reviews_of.get((person.id, fy), ())}
    members = committee.member_ids
    return f"กลั่นกรองแล้ว {sum(m in filed for m in members)} จาก {len(members)} คน"


def _evaluation_text(site: Site, person: Person, started) -> str:
    parts = []
    for rnd in started:
        found = Progress.of(site).summaries(rnd).get(person.id)
        if found is None or not found.members:
            continue
        done = len(found.members) - len(found.missing)
        parts.append(f"รอบที่ {rnd.round}: ส่งแล้ว {done} จาก {len(found.members)} คน ({found.label})")
    return " · ".join(parts) or "-"


def _induction_text(site: Site, track) -> str:
    if track is None:
        return "-"
    if track.old_rules:
        return "ใช้หลักเกณฑ์เดิม (ว20/2548)"
    text = f"ประเมินแล้ว {track.completed} จาก {track.evaluations} ครั้ง"
    if track.passed is False:
        text += " · ผลต่ำกว่าเกณฑ์"
    if track.outcome:
        text += f" · {Induction.of(site).outcome(track)}"
    return text


def _applications_text(site: Site, person: Person) -> str:
    apps = site.model.applications_of.get(person.id, ())
    titles = site.status_titles
    return (
        " · ".join(
            f"{site.standing_labels.get(a.standing, a.standing)}: {titles.get(a.status, a.status)}"
            for a in apps
        )
        or "-"
    )


# --- the checklist file ---------------------------------------------------------------------

COLUMNS = (
    "ทำแล้ว",
    "ผู้รับการประเมิน",
    "สิ่งที่ต้องทำ",
    "ผู้ต้องดำเนินการ",
    "บทบาท",
    "กำหนด",
    "สถานะ",
    "เอกสารที่ต้องรวบรวม",
    "แบบฟอร์มบนเว็บไซต์",
)
STATUS_COLUMNS = (
    "ชื่อ-สกุล",
    "ตำแหน่ง",
    "ข้อตกลง (PA 1)",
    "การกลั่นกรอง",
    "ผลการประเมิน (PA 2)",
    "ครูผู้ช่วย (ว26)",
    "คำขอวิทยฐานะ",
    "งานเกินกำหนด",
)
_XLSX_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,  # record text is text: never a formula, number or link
    "strings_to_numbers": False,
    "strings_to_urls": False,
}
_EPOCH = dt.datetime(2000, 1, 1)  # fixed document dates: the same rows, the same bytes


def status_text(action: Action) -> str:
    if action.status == "overdue":
        return f"เกินกำหนด {action.days_late} วัน"
    return STATUS[action.status]


def action_cells(site: Site, action: Action) -> list[str]:
    """One checklist row, as the page's action table shows it."""
    owner = site.name_of(action.owner) if action.owner else ROLES["office"]
    return [
        "☐",
        site.name_of(action.person),
        action.title,
        owner,
        ROLES[action.role],
        be_date(action.due) if action.due else "-",
        status_text(action),
        action.document,
        action.form_title or "-",
    ]


def status_cells(site: Site, row: PersonRow) -> list:
    p = row.person
    return [
        p.name,
        site.position_labels.get(p.position, p.position),
        row.agreement,
        row.screening,
        row.evaluation,
        row.induction,
        row.applications,
        row.overdue,
    ]


def render_xlsx(site: Site, school: School) -> bytes:
    """The checklist as an A4-ready workbook: the actions to tick (overdue first, in red)
    and each person's status, with the school, the coordinator and the date on top."""
    import xlsxwriter

    found = checklist(site, school)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, _XLSX_OPTIONS)
    book.set_properties({"created": _EPOCH, "title": f"รายการติดตาม PA {school.name}"})
    title = book.add_format({"bold": True, "font_size": 13})
    header = book.add_format({"bold": True, "bg_color": "#E8EAF6", "border": 1, "text_wrap": True})
    cell = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    late = book.add_format(
        {"border": 1, "text_wrap": True, "valign": "top", "font_color": "#B71C1C"}
    )
    heading = (
        f"{school.name} · ผู้ประสานงาน DPA: "
        f"{site.name_of(found.coordinator) if found.coordinator else 'ยังไม่ได้ระบุ'} · "
        f"ปีงบประมาณ {found.fiscal_year} รอบที่ {found.round} · ข้อมูล ณ วันที่ {be_date(found.as_of)}"
    )
    sheets = (
        (
            "รายการที่ต้องดำเนินการ",
            COLUMNS,
            [(action_cells(site, a), a.status == "overdue") for a in found.actions],
        ),
        (
            "สถานะรายบุคคล",
            STATUS_COLUMNS,
            [(status_cells(site, r), r.overdue > 0) for r in found.rows],
        ),
    )
    for name, columns, rows in sheets:
        sheet = book.add_worksheet(name[:31])
        sheet.write_string(0, 0, heading, title)
        sheet.write_row(1, 0, columns, header)
        for index, (values, flagged) in enumerate(rows, 2):
            sheet.write_row(index, 0, values, late if flagged else cell)
        for index, column in enumerate(columns):
            width = max([len(column), *(len(str(v[index])) for v, _ in rows)])
            sheet.set_column(index, index, min(45, width + 2))
        sheet.freeze_panes(2, 0)
        sheet.repeat_rows(1)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        if rows:
            sheet.autofilter(1, 0, len(rows) + 1, len(columns) - 1)
    book.close()
    return buffer.getvalue()

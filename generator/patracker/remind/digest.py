"""What one person is told: a single digest of everything that concerns them on a day.

A person may wear several hats at once — an assessee with her own PA, a committee member
who owes screenings, evaluations and ว26 notices, a school's coordinator, an HR officer —
and gets one message that covers them all, built from the same tasks as the deadlines
page (``render.context.Site``), so a reminder never says what the site does not.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html import escape

from ..engine.deadlines import TITLES, Task
from ..render.views import Induction, Tasks
from ..thai import be_date


@dataclass(frozen=True)
class Section:
    """One hat: a heading, its lines, and a link to the page where the work is."""

    heading: str
    lines: tuple[str, ...]
    link: str


@dataclass(frozen=True)
class Digest:
    person: str
    name: str
    overdue: int
    due_soon: int
    sections: tuple[Section, ...] = field(default_factory=tuple)

    @property
    def subject(self) -> str:
        counts = []
        if self.overdue:
            counts.append(f"เกินกำหนด {self.overdue}")
        if self.due_soon:
            counts.append(f"ใกล้ครบกำหนด {self.due_soon}")
        return f"PA Tracker: งานที่ต้องดำเนินการ ({' · '.join(counts) or 'สรุปภาพรวม'})"

    def text(self, as_of) -> str:
        out = [f"เรียน {self.name}", "", f"สรุปงาน PA ที่เกี่ยวข้องกับท่าน ณ วันที่ {be_date(as_of)}", ""]
        for section in self.sections:
            out.append(section.heading)
            out += [f"- {line}" for line in section.lines]
            out += [f"ดูรายละเอียด: {section.link}", ""]
        out.append("ข้อความนี้ส่งจาก PA Tracker ตามที่ท่านยินยอมรับการแจ้งเตือน")
        out.append("หากไม่ต้องการรับอีก โปรดแจ้งกลุ่มบริหารงานบุคคลของสำนักงานเขต")
        return "\n".join(out)

    def html(self, as_of) -> str:
        parts = [
            f"<p>เรียน {escape(self.name)}</p>",
            f"<p>สรุปงาน PA ที่เกี่ยวข้องกับท่าน ณ วันที่ {escape(be_date(as_of))}</p>",
        ]
        for section in self.sections:
            items = "".join(f"<li>{escape(line)}</li>" for line in section.lines)
            link = escape(section.link, quote=True)
            parts.append(
                f"<h3>{escape(section.heading)}</h3><ul>{items}</ul>"
                f'<p><a href="{link}">ดูรายละเอียด</a></p>'
            )
        parts.append("<p><small>ข้อความนี้ส่งจาก PA Tracker ตามที่ท่านยินยอมรับการแจ้งเตือน</small></p>")
        return f'<html lang="th"><body>{"".join(parts)}</body></html>'


def digests(site, base_url: str) -> list[Digest]:
    """Every person with something to hear about on ``site.as_of``, in id order."""
    base = base_url.rstrip("/") + "/"
    open_tasks = _open_tasks(site)
    people = sorted(p for p, person in site.model.people.items() if person.active_on(site.as_of))
    out = []
    for person in people:
        sections = _sections(site, person, open_tasks, base)
        if sections:
            own = [t for t in open_tasks if t.responsible == person]
            late = sum(Tasks.of(site).status(t) == "overdue" for t in own)
            out.append(Digest(person, site.name_of(person), late, len(own) - late, tuple(sections)))
    return out


def _open_tasks(site) -> tuple[Task, ...]:
    """Overdue and due-soon tasks of the round and the ว26 notices, as the deadlines page
    lists them."""
    tasks, induction = Tasks.of(site), Induction.of(site)
    return (*tasks.overdue, *tasks.due_soon, *induction.overdue, *induction.due_soon)


def _sections(site, person: str, open_tasks, base: str) -> list[Section]:
    sections = []
    own = [t for t in open_tasks if t.responsible == person and t.person == person]
    if own:  # her own page: the personal one when links are configured (personal.py)
        from ..links import personal_link

        link = personal_link(person) or f"{base}people/{person}.html"
        sections.append(Section("งานของท่านเอง", tuple(_line(site, t) for t in own), link))
    owed = [t for t in open_tasks if t.responsible == person and t.person != person]
    if owed:
        lines = tuple(f"{_line(site, t)} — {site.name_of(t.person)}" for t in owed)
        sections.append(Section("งานในฐานะกรรมการ", lines, f"{base}members/{person}.html"))
    for school in _coordinated(site, person):
        late = Tasks.of(site).overdue_of_school(school.id)
        if late:
            lines = tuple(
                f"{_line(site, t)} — {site.name_of(t.person)} (ผู้ดำเนินการ: "
                f"{site.name_of(t.responsible)})"
                for t in late
            )
            sections.append(
                # the coordinator's page: who owes what, the forms and the documents
                Section(
                    f"รายการเกินกำหนดของ{school.name}", lines, f"{base}coordinators/{school.id}.html"
                )
            )
    if person in site.model.office.hr:
        sections.append(_office_summary(site, open_tasks, base))
    return sections


def _coordinated(site, person: str):
    """Schools for which the person is the DPA coordinator or a reviewer."""
    return [s for s in site.schools if person == s.dpa_admin or person in _reviewers(site, s.id)]


def _reviewers(site, school_id: str) -> tuple[str, ...]:
    return tuple(site.record(f"schools/{school_id}.yaml").get("reviewers", ()))


def _office_summary(site, open_tasks, base: str) -> Section:
    status = Tasks.of(site).status
    late = Counter(t.kind for t in open_tasks if status(t) == "overdue")
    soon = Counter(t.kind for t in open_tasks if status(t) == "due-soon")
    kinds = sorted(set(late) | set(soon), key=list(TITLES).index)
    lines = tuple(
        f"{TITLES[k]}: เกินกำหนด {late[k]} รายการ · ใกล้ครบกำหนด {soon[k]} รายการ" for k in kinds
    )
    return Section(
        "ภาพรวมของสำนักงาน", lines or ("ไม่มีงานเกินกำหนดหรือใกล้ครบกำหนด",), f"{base}deadlines.html"
    )


def _line(site, task: Task) -> str:
    late = task.days_late(site.as_of)
    state = f"เกินกำหนด {late} วัน" if late else "ใกล้ครบกำหนด"
    return f"{task.title}: {state} (กำหนด {be_date(task.due)})"

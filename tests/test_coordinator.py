"""The school DPA coordinator's checklist (issue 19.5) on a small hand-made office: who owes
each overdue action, the form it links to, a finished person with nothing to do, the
XLSX read back, and the page kept out of the public build."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from conftest import MINIMAL, edit, project_at
from patracker.asof import known_on
from patracker.model import build_model
from patracker.render import Renderer, iter_items
from patracker.render.context import Site
from patracker.render.coordinator import COLUMNS, checklist, form_link, query, render_xlsx
from patracker.render.output import Page
from patracker.thai import be_date
from patracker.validate import validate

TEMPLATES = Path(__file__).resolve().parents[1] / "site_templates"
SCHOOL = "ban-thung-kula"


@pytest.fixture
def office(tmp_path: Path) -> Path:
    """The minimal office with a DPA coordinator for its first school, and a PA 1 of the
    coordinator's own (malee-raksa) submitted but not yet decided by the director."""
    records = tmp_path / "records"
    shutil.copytree(MINIMAL, records)
    edit(
        records,
        f"schools/{SCHOOL}.yaml",
        "director: kanya-srisuk",
        "director: kanya-srisuk\ndpa_admin: malee-raksa",
    )
    source = (records / "people/somsak-thongdee/2569/agreement.yaml").read_text(encoding="utf-8")
    text = source.replace("person: somsak-thongdee", "person: malee-raksa")
    text = text.replace("status: approved", "status: submitted")
    text = re.sub(r"approval:\n(  .*\n)+", "", text)
    target = records / "people/malee-raksa/2569/agreement.yaml"
    target.parent.mkdir(parents=True)
    target.write_text(text, encoding="utf-8")
    return records


def site_of(records: Path, as_of: dt.date, audience: str = "internal") -> Site:
    project = project_at(records)
    result = validate(project)
    assert [p for p in result.problems if p.severity == "error"] == []
    model = known_on(build_model(result.corpus, project.forms), as_of)
    return Site(project=project, model=model, as_of=as_of, corpus=result.corpus, audience=audience)


def school_of(site: Site):
    return site.model.schools[SCHOOL]


def row_of(found, person: str):
    return next(r for r in found.rows if r.person.id == person)


def test_overdue_actions_name_who_owes_them_and_link_the_right_form(office):
    site = site_of(office, dt.date(2026, 3, 20))
    found = checklist(site, school_of(site))
    assert found.coordinator == "malee-raksa"
    overdue = {(a.person, a.title, a.owner, a.role): a for a in found.overdue}
    # the director owes the decision on a submitted PA 1, due with the screening (15 Nov 2025)
    decision = overdue[
        ("malee-raksa", "พิจารณาข้อตกลง (PA 1): เห็นชอบหรือส่งคืนแก้ไข", "kanya-srisuk", "director")
    ]
    assert decision.due == dt.date(2025, 11, 15)
    assert decision.days_late == (dt.date(2026, 3, 20) - dt.date(2025, 11, 15)).days
    assert decision.form == "print/pa1.html?person=malee-raksa&fy=2569"
    # the teacher owes her own progress report; the director her own PA 1
    progress = overdue[("malee-raksa", "รายงานความก้าวหน้า รอบที่ 1", "malee-raksa", "self")]
    assert progress.form == "forms/progress.html?person=malee-raksa&fy=2569"
    own = overdue[("kanya-srisuk", "ส่งข้อตกลงในการพัฒนางาน (PA 1)", "kanya-srisuk", "self")]
    assert own.form == "forms/agreement.html?person=kanya-srisuk&fy=2569"
    # ว26: the mentor and the outside expert have not filed evaluation 1 (due 15 Nov 2025)
    w26 = [a for a in found.overdue if a.person == "napa-jaiyen"]
    assert {(a.owner, a.role) for a in w26} == {
        ("malee-raksa", "member"),
        ("sunee-phonphan", "member"),
    }
    assert {a.form for a in w26} == {
        f"forms/induction.html?person=napa-jaiyen&member={m}&n=1"
        for m in ("malee-raksa", "sunee-phonphan")
    }
    # overdue first, the earliest due first
    dues = [a.due for a in found.actions if a.status == "overdue"]
    assert dues == sorted(dues)
    assert found.actions[: len(found.overdue)] == found.overdue


def test_a_committee_member_owes_a_late_pa2_of_a_finished_round(office):
    """In round 2, a PA 2 of round 1 still not final is overdue and owed by its member."""
    edit(
        office,
        "people/somsak-thongdee/2569/evaluations/r1-prasert-kaewkla.yaml",
        "final: true",
        "final: false",
    )
    site = site_of(office, dt.date(2026, 4, 5))
    found = checklist(site, school_of(site))
    late = [a for a in found.overdue if a.person == "somsak-thongdee"]
    assert [(a.title, a.owner, a.role, a.due) for a in late] == [
        ("ส่งผลการประเมิน (PA 2) รอบที่ 1", "prasert-kaewkla", "member", dt.date(2026, 3, 31))
    ]
    assert late[0].form == (
        "forms/evaluation.html?person=somsak-thongdee&fy=2569&round=1&member=prasert-kaewkla"
    )


def test_a_finished_person_shows_nothing_to_do(office):
    site = site_of(office, dt.date(2026, 3, 20))
    found = checklist(site, school_of(site))
    done = row_of(found, "somsak-thongdee")
    assert done.actions == ()
    assert done.agreement == "เห็นชอบ"
    assert "ส่งแล้ว 3 จาก 3 คน" in done.evaluation
    assert all(a.person != "somsak-thongdee" for a in found.actions)
    # and the page says so in that person's section
    html = render_page(site, SCHOOL)
    section = html.split('data-person="somsak-thongdee"', 1)[1].split("</section>", 1)[0]
    assert "ไม่มีสิ่งที่ต้องดำเนินการ" in section
    assert 'data-pa="action"' not in section


def test_an_application_submitted_waits_on_the_coordinator(office):
    edit(
        office,
        "applications/somsak-thongdee-2569.yaml",
        "  - status: school-checked\n    date: 2025-11-15\n    by: kanya-srisuk\n",
        "",
    )
    site = site_of(office, dt.date(2026, 3, 20))
    found = checklist(site, school_of(site))
    (app,) = [a for a in found.actions if a.person == "somsak-thongdee"]
    assert (app.owner, app.role, app.status, app.due) == (
        "malee-raksa",
        "coordinator",
        "waiting",
        None,
    )
    assert app.form == "forms/application.html?id=somsak-thongdee-2569"


def render_page(site: Site, school: str) -> str:
    items = [i for i in iter_items(site) if isinstance(i, Page)]
    page = next(i for i in items if i.path == f"coordinators/{school}.md")
    return Renderer(site, TEMPLATES).render(page)


def test_the_page_shows_every_action_with_owner_due_date_in_be_and_form(office):
    site = site_of(office, dt.date(2026, 3, 20))
    found = checklist(site, school_of(site))
    html = render_page(site, SCHOOL)
    assert html.count('data-pa="action"') == len(found.actions) + len(found.overdue)
    assert f"กำหนด {be_date(dt.date(2025, 11, 15))}" in html  # 15 พ.ย. 2568
    assert "2025-" not in html  # no Gregorian ISO date on the page
    assert 'href="../forms/progress.html?person=malee-raksa&amp;fy=2569"' in html
    assert 'href="../print/pa1.html?person=malee-raksa&amp;fy=2569"' in html
    assert 'href="ban-thung-kula.xlsx"' in html
    assert "ผู้อำนวยการโรงเรียน" in html and "กรรมการประเมิน" in html
    assert " style=" not in html and "<script" not in html and " on" + "click" not in html


def test_the_checklist_xlsx_has_the_pages_rows(office):
    site = site_of(office, dt.date(2026, 3, 20))
    found = checklist(site, school_of(site))
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(site, school_of(site))))
    assert book.sheetnames == ["รายการที่ต้องดำเนินการ", "สถานะรายบุคคล"]
    sheet = book["รายการที่ต้องดำเนินการ"]
    rows = list(sheet.iter_rows(values_only=True))
    assert "ผู้ประสานงาน DPA: นางสาวมาลี รักษา" in rows[0][0]
    assert rows[1] == COLUMNS
    body = rows[2:]
    assert len(body) == len(found.actions)
    for action, row in zip(found.actions, body, strict=True):
        assert row[1] == site.name_of(action.person)
        assert row[2] == action.title
        assert row[3] == site.name_of(action.owner)
        assert row[5] == be_date(action.due)
    first = body[0]
    assert first[0] == "☐" and first[6].startswith("เกินกำหนด")
    status = list(book["สถานะรายบุคคล"].iter_rows(values_only=True))[2:]
    assert [r[0] for r in status] == [r.person.name for r in found.rows]
    somsak = next(r for r in status if r[0] == "นายสมศักดิ์ ทองดี")
    assert somsak[-1] == 0


def test_the_coordinator_page_is_on_the_school_build_and_never_the_public_one(office):
    site = site_of(office, dt.date(2026, 3, 20), audience="school")
    paths = {i.path for i in iter_items(site)}
    assert f"coordinators/{SCHOOL}.md" in paths and f"coordinators/{SCHOOL}.xlsx" in paths
    public = site_of(office, dt.date(2026, 3, 20), audience="public")
    assert not [p for p in (i.path for i in iter_items(public)) if "coordinator" in p]


def test_the_coordinators_reminder_links_to_her_page(office):
    from patracker.remind.digest import digests

    site = site_of(office, dt.date(2026, 3, 20))
    (mine,) = [d for d in digests(site, "https://pa.example.org") if d.person == "malee-raksa"]
    section = next(s for s in mine.sections if s.heading.startswith("รายการเกินกำหนดของ"))
    assert section.link == f"https://pa.example.org/coordinators/{SCHOOL}.html"


@pytest.mark.parametrize(
    "keys",
    [
        {"person": "t-001", "fy": 2570, "member": None},
        {"id": "app_2570.v2", "round": 1},
        {"person": "ครู สมศรี", "member": "a&b=c/d?e+f~g"},
        {"x": ""},
    ],
)
def test_form_links_quote_as_urlencode_does(keys):
    from urllib.parse import urlencode

    expected = urlencode({k: v for k, v in keys.items() if v is not None})
    assert query(keys) == expected
    assert form_link("agreement", **keys) == f"forms/agreement.html?{expected}"

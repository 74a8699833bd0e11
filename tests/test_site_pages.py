"""Figures on the internal site's pages, checked against the domain engine."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
import yaml

from patracker import thai
from patracker.asof import known_on
from patracker.build import build_site
from patracker.engine import applications, deadlines, induction, summary
from patracker.model import build_model
from patracker.project import Project
from patracker.thai import be_date
from patracker.validate import validate

REPO = Path(__file__).resolve().parents[1]
RECORDS = REPO / "records"
AS_OF = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The demo site plus the model it was built from."""
    out = tmp_path_factory.mktemp("pages") / "site"
    project = Project.at(RECORDS)
    build_site(project, out, as_of=AS_OF, quiet=True)
    model = build_model(validate(project).corpus, project.forms)
    return out, project, model


def _text(path: Path) -> str:
    """Page text without tags, entities decoded, whitespace folded."""
    raw = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", htmllib.unescape(raw))


def test_a_failed_persons_page_shows_each_members_score_and_the_verdict(built):
    out, project, model = built
    results = summary.round_summaries(model, project.forms, 2569, 2)
    failed = next(r for r in results if r.state == "failed")
    page = _text(out / "people" / f"{failed.person}.html")
    assert "ผลการประเมินรอบที่ 2: ไม่ผ่าน" in page
    for member in failed.members:
        assert thai.number(member.score.total, 2) in page
    assert f"ค่าเฉลี่ย {thai.number(failed.mean, 2)}" in page
    assert f"คะแนนต่ำสุดจาก {model.people[failed.lowest.member].name}" in page


def test_deadlines_page_counts_what_the_engine_counts(built):
    out, project, model = built
    tasks = deadlines.round_tasks(model, project.forms, 2570, 1)
    late = deadlines.overdue(tasks, AS_OF)
    page = _text(out / "deadlines.html")
    assert f"เกินกำหนด ({len(late)} รายการ)" in page
    assert late, "the demo has overdue agreements on 20 Nov 2569"
    first = late[0]
    assert model.people[first.person].name in page


def test_person_page_says_what_is_due_next(built):
    out, project, model = built
    tasks = deadlines.round_tasks(model, project.forms, 2570, 1)
    person = next(t.person for t in deadlines.overdue(tasks, AS_OF) if t.responsible == t.person)
    task = deadlines.next_due(tasks, person)
    html = (out / "people" / f"{person}.html").read_text(encoding="utf-8")
    block = re.search(r'data-pa="next-due">(.*?)</div>', html, re.S).group(1)
    assert task.title in htmllib.unescape(block)
    assert be_date(task.due, long=True) in block
    assert "เกินกำหนด" in block


def test_applications_board_totals_match_the_engine(built):
    out, _, model = built
    overall = applications.counts_by_school(model)[""]
    page = _text(out / "applications.html")
    row = re.search(r"รวมทั้งเขต((?: \d+)+)", page).group(1).split()
    assert [int(n) for n in row] == [len(overall[key]) for key, _, _ in applications.BUCKETS]


def test_member_page_lists_the_people_they_assess(built):
    out, _, model = built
    committee = next(c for c in model.committees if c.kind == "pa" and c.fiscal_year == 2570)
    chair = committee.members[0].person
    page = _text(out / "members" / f"{chair}.html")
    for person in committee.assessees:
        assert model.people[person].name in page


def _git(cwd: Path, *args: str, **env: str) -> None:
    environment = {
        "GIT_AUTHOR_NAME": env.get("author", "ครูสมศรี"),
        "GIT_AUTHOR_EMAIL": "somsri@nakhonsuwan.example",
        "GIT_COMMITTER_NAME": env.get("committer", "ผู้ตรวจทาน"),
        "GIT_COMMITTER_EMAIL": "reviewer@nakhonsuwan.example",
        "PATH": "/usr/bin:/bin",
        "HOME": str(cwd),
    }
    subprocess.run(["git", *args], cwd=cwd, env=environment, check=True, capture_output=True)


def test_person_page_shows_a_merged_change_as_a_thai_field_diff(tmp_path: Path):
    """The audit trail: who changed which field from what to what, in which pull request."""
    repo = tmp_path / "office"
    shutil.copytree(RECORDS, repo / "records")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "records")
    _git(repo, "commit", "-q", "-m", "เริ่มต้นข้อมูล")
    evaluation = sorted((repo / "records").glob("people/*/2569/evaluations/r1-*.yaml"))[0]
    person = evaluation.parents[2].name
    text = evaluation.read_text(encoding="utf-8")
    old = re.search(r"^  1\.1:\n    level: (\d)", text, re.M).group(1)
    new = "4" if old != "4" else "3"
    _git(repo, "checkout", "-q", "-b", "fix-level")
    evaluation.write_text(
        text.replace(f"  1.1:\n    level: {old}", f"  1.1:\n    level: {new}", 1), encoding="utf-8"
    )
    _git(repo, "commit", "-q", "-am", "แก้ระดับตัวชี้วัด 1.1")
    _git(repo, "checkout", "-q", "main")
    _git(
        repo,
        "merge",
        "-q",
        "--no-ff",
        "fix-level",
        "-m",
        "Merge pull request #7 from somsri/fix-level",
    )
    out = tmp_path / "site"
    build_site(Project.at(repo / "records"), out, as_of=AS_OF, quiet=True)
    history = re.search(
        r'id="history">.*?</table>',
        (out / "people" / f"{person}.html").read_text(encoding="utf-8"),
        re.S,
    )
    assert history, "the person page has a history table"
    block = htmllib.unescape(history.group(0))
    assert f"1.1: ระดับ {old} → {new}" in block
    assert "PR #7" in block


def test_every_list_and_the_deadlines_download_as_csv_and_xlsx(built):
    from openpyxl import load_workbook

    out = built[0]
    listed = (out / "lists/agreements-approved.html").read_text(encoding="utf-8")
    links = re.findall(r'href="../people/[a-z0-9-]+\.html">(.*?)</a>', listed)
    names = [re.sub(r"<[^>]+>", "", link) for link in links]  # a name's words are spans
    book = load_workbook(out / "lists/agreements-approved.xlsx")
    sheet = book.worksheets[0]
    assert [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)] == [
        htmllib.unescape(n) for n in names
    ]
    csv_text = (out / "lists/agreements-approved.csv").read_bytes()
    assert csv_text.startswith(b"\xef\xbb\xbf")  # Excel opens Thai CSV correctly only with a BOM
    assert len(csv_text.decode("utf-8-sig").strip().splitlines()) == len(names) + 2
    assert (out / "deadlines.xlsx").is_file() and (out / "deadlines.csv").is_file()


def test_an_assistant_teacher_round_with_a_missing_member_names_who_is_awaited(tmp_path: Path):
    records = tmp_path / "records"
    shutil.copytree(RECORDS, records)
    files = sorted(records.glob("people/*/induction/e1-*.yaml"))
    dropped = files[0]
    person = dropped.parents[1].name
    member = dropped.stem.split("-", 1)[1]
    dropped.unlink()
    out = tmp_path / "site"
    build_site(Project.at(records), out, as_of=AS_OF, quiet=True)
    model = build_model(validate(Project.at(records)).corpus, Project.at(records).forms)
    page = _text(out / "people" / f"{person}.html")
    assert f"รอกรรมการ {model.people[member].name}" in page


def test_deadlines_page_lists_a_ws26_result_not_given_to_the_assistant_teacher(tmp_path: Path):
    """ว26: each member tells the assistant teacher the results within 15 days; one who has
    not is late on the deadlines page and in its workbook."""
    records = tmp_path / "records"
    shutil.copytree(RECORDS, records)
    untold = sorted(records.glob("people/*/induction/e1-*.yaml"))[0]
    text = untold.read_text(encoding="utf-8")
    untold.write_text(re.sub(r"^notified: .*\n", "", text, flags=re.M), encoding="utf-8")
    out = tmp_path / "site"
    build_site(Project.at(records), out, as_of=AS_OF, quiet=True)
    model = build_model(validate(Project.at(records)).corpus, Project.at(records).forms)
    teacher = model.people[untold.parents[1].name].name
    member = model.people[untold.stem.split("-", 1)[1]].name
    page = _text(out / "deadlines.html")
    late = page.split("ครูผู้ช่วย (ว26): ประเมินทุก 6 เดือน")[1].split("ใกล้ครบกำหนด")[0]
    # the untold result, and the demo's one two-year summary not yet sent to the ESA
    assert "เกินกำหนด (2 รายการ)" in late
    assert f"แจ้งผลการประเมินครูผู้ช่วย (ว26) ครั้งที่ 1 {teacher}" in late and member in late
    sheet = openpyxl.load_workbook(out / "deadlines.xlsx")["ว26 เกินกำหนด"]
    rows = [row[:3] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert ("แจ้งผลการประเมินครูผู้ช่วย (ว26) ครั้งที่ 1", teacher, member) in rows
    assert [r[0] for r in rows].count("รายงานสรุปผลการประเมินครูผู้ช่วยครบสองปีต่อเขต (ว26)") == 1


def test_people_who_share_a_name_are_listed_in_one_order_whatever_order_they_come_in(built):
    from patracker.render.context import Site

    _, project, model = built
    site = Site(project=project, model=model, as_of=AS_OF)
    names: dict[str, list[str]] = {}
    for person in model.people.values():
        names.setdefault(person.name, []).append(person.id)
    twins = next(ids for ids in names.values() if len(ids) > 1)
    others = sorted(model.people)[:5]
    assert site.by_name([*twins, *others]) == site.by_name([*reversed(twins), *others[::-1]])


def test_person_deadlines_member_and_report_pages_agree_with_the_engine(built):
    """One PA teacher whose agreement is overdue, and one assistant teacher on the ว26
    track: the person page, the deadlines page, the member page and the round report say
    what the engine says, with the same dates and days late."""
    out, project, model = built
    model = known_on(model, AS_OF)
    tasks = deadlines.round_tasks(model, project.forms, 2570, 1)
    late = deadlines.overdue(tasks, AS_OF)
    task = next(
        t
        for t in late
        if model.people[t.person].position == "teacher"
        and (t.person, 2570) in model.pa_committee_of
        and t.kind == "agreement"
    )
    teacher = model.people[task.person]
    chair = model.pa_committee_of[(teacher.id, 2570)].members[0].person
    due, days = be_date(task.due), task.days_late(AS_OF)
    # deadlines page: the row of the overdue list (task, person, school, who acts, their
    # phone and e-mail on the internal site, due date, days late)
    school = model.school_of(teacher.id).name
    contact = yaml.safe_load((RECORDS / "people" / teacher.id / "person.yaml").read_text())
    phone, email = contact["contact"]["phone"], contact["contact"]["email"]
    row = f"{task.title} {teacher.name} {school} ผู้รับการประเมิน {phone} {email} {due} {days}"
    assert row in _text(out / "deadlines.html")
    # round report of FY 2570 round 1: the same task, with the same days late
    report_row = f"{school} {teacher.name} {task.title} {teacher.name} {due} {days}"
    assert report_row in _text(out / "reports" / "2570-r1.html")
    # person page: the next thing to do is that task, overdue by as many days
    assert deadlines.next_due(tasks, teacher.id) == task
    page = _text(out / "people" / f"{teacher.id}.html")
    assert f"{task.title} ภายใน {be_date(task.due, long=True)} เกินกำหนด {days} วัน" in page
    result = summary.round_summary(model, project.forms, teacher.id, 2569, 2)
    if result.members:
        assert f"ผลการประเมินรอบที่ 2: {result.label}" in page
    # the chair's member page: the teacher, their agreement's state, nothing owed yet by
    # the chair (no review before a submission)
    state = model.agreements.get((teacher.id, 2570))
    label = project.schemas["agreement"]["properties"]["status"]["x-labels"].get(
        state.status if state else "", "ยังไม่มีข้อตกลง"
    )
    assert not any(t.person == teacher.id and t.responsible == chair for t in tasks)
    assert f"{teacher.name} {label}" in _text(out / "members" / f"{chair}.html")

    # ว26: the demo's assistant teacher whose two-year summary the chair has not sent
    site_tracks = induction.induction_tracks(model, project.forms, AS_OF)
    owed = induction.induction_tasks(site_tracks, model.people, AS_OF)
    (summary_task,) = [t for t in deadlines.overdue(owed, AS_OF) if t.kind == deadlines.SUMMARY]
    novice, chair = model.people[summary_task.person], model.people[summary_task.responsible]
    track = next(t for t in site_tracks if t.person == novice.id)
    first = induction.next_steps(track, owed, AS_OF)[0]
    assert first.task == summary_task
    due, days = be_date(summary_task.due), summary_task.days_late(AS_OF)
    assert (
        f"{first.title} ภายใน {be_date(first.due, long=True)} — {chair.name} เกินกำหนด {days} วัน"
        in _text(out / "people" / f"{novice.id}.html")
    )
    assert f"{summary_task.title} {novice.name}" in _text(out / "deadlines.html")
    assert f"{summary_task.title} {novice.name} {due} เกินกำหนด {days} วัน" in _text(
        out / "members" / f"{chair.id}.html"
    )

"""The forms in the built demo site, in headless Chromium (issue 10, "Done when"): each form
shows a Thai error beside an invalid field, refuses to produce a file until it is valid,
and the YAML it then produces passes ``patracker validate`` in a copy of ``records/``; the
GitHub link carries the same path and content."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from patracker import emit
from patracker.engine import scoring
from patracker.project import Project
from patracker.validate import validate

from .conftest import RECORDS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def warm_records(tmp_path_factory) -> Path:
    """One copy of the demo records, validated once so later runs re-check only new files."""
    target = tmp_path_factory.mktemp("forms") / "records"
    shutil.copytree(RECORDS, target)
    assert validate(Project.at(target)).ok
    return target


@pytest.fixture
def records_copy(warm_records: Path):
    """The warm copy; files a test writes into it are removed after the test."""
    before = set(warm_records.rglob("*.yaml"))
    yield warm_records
    for extra in set(warm_records.rglob("*.yaml")) - before:
        extra.unlink()


def open_form(page, base_url: str, query: str):
    page.goto(base_url + "forms/" + query)
    page.locator("#pa-submit").wait_for()


def fill_empty(page, text: str = "ทดสอบการกรอกแบบฟอร์ม", date: str | None = None) -> None:
    """Every empty field gets a plain valid value: selects their first choice."""
    for select in page.locator("#pa-form select").all():
        if select.input_value() == "":
            select.select_option(index=1)
    for field in page.locator("#pa-form textarea, #pa-form input[type=text]").all():
        if field.input_value() == "":
            field.fill(text)
    if date:
        for field in page.locator("#pa-form input[type=date]").all():
            if field.input_value() == "":
                field.fill(date)


def submit(page) -> tuple[str, str]:
    """Press the button; return (path shown, YAML shown) once the output is there."""
    page.locator("#pa-submit").click()
    page.wait_for_timeout(300)
    assert errors_of(page) == [], page.locator("#pa-form-status").text_content()
    page.locator("#pa-form-output").wait_for(state="visible")
    return page.locator("#pa-out-path").text_content(), page.locator("#pa-out-yaml").text_content()


def errors_of(page) -> list[str]:
    return [t for t in page.locator(".pa-error").all_text_contents() if t]


def assert_valid(records: Path, shown_path: str, text: str) -> None:
    assert shown_path.startswith("records/")
    target = records / shown_path.removeprefix("records/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    result = validate(Project.at(records))
    assert [p for p in result.errors] == [], text


def github_file(page) -> tuple[str, str]:
    href = page.locator("#pa-out-github").get_attribute("href")
    parts = urlsplit(href)
    assert parts.netloc == "github.com"
    query = parse_qs(parts.query)
    return query["filename"][0], query["value"][0]


def pa_assessee(site_model, fy: int, rnd: int):
    """A person with an approved agreement and a PA committee, and a member yet to evaluate."""
    for (person, year), committee in site_model.model.pa_committee_of.items():
        agreement = site_model.model.agreements.get((person, year))
        if year != fy or not agreement or agreement.status != "approved":
            continue
        done = {e.member for e in site_model.model.evaluations_of.get((person, fy, rnd), ())}
        free = [m for m in committee.member_ids if m not in done and m != person]
        if free:
            return site_model.person(person), free[0]
    raise AssertionError("no assessee left to evaluate in the demo office")


def test_pa2_evaluation_scores_as_the_engine_and_validates(
    page, base_url, site_model, records_copy
):
    rnd = site_model.round
    person, member = pa_assessee(site_model, rnd.fiscal_year, rnd.round)
    query = (
        f"evaluation.html?person={person.id}&fy={rnd.fiscal_year}&round={rnd.round}&member={member}"
    )
    open_form(page, base_url, query)
    expected = site_model.expected_level(person.standing)
    assert expected in page.locator(".pa-expected").first.text_content()
    page.locator("#pa-submit").click()
    assert "กรุณากรอกช่องนี้" in page.locator('[data-pointer="/date"]').text_content()
    assert page.locator("#pa-form-output").is_hidden()
    page.locator("#f_date").fill(rnd.start.isoformat())
    page.locator("#f_workload_ok").check()
    form = site_model.forms.form_for(person.position)
    levels = {code: 1 + i % 4 for i, code in enumerate(form.codes)}
    for code, level in levels.items():
        page.locator(f"#f_part1_{code.replace('.', '_')}_level").select_option(str(level))
    for key in ("methods", "quantitative", "qualitative"):
        page.locator(f"#f_part2_{key}_level").select_option("3")
    engine = scoring.score(
        levels,
        dict.fromkeys(("methods", "quantitative", "qualitative"), 3),
        site_model.forms.pa2,
        form.codes,
    )
    box = page.locator("[data-pa=score]")
    assert abs(float(box.get_attribute("data-total")) - engine.total) < 1e-9
    passed = engine.percent >= site_model.model.office.rules.pass_percent
    assert box.get_attribute("data-passed") == str(passed).lower()
    path, text = submit(page)
    assert (
        path
        == f"records/people/{person.id}/{rnd.fiscal_year}/evaluations/r{rnd.round}-{member}.yaml"
    )
    assert github_file(page) == (path, text)
    assert_valid(records_copy, path, text)


def test_esa_director_agreement_has_its_form_and_validates(
    page, base_url, site_model, records_copy
):
    director = next(p for p in site_model.people if p.position == "esa-director")
    fy = site_model.fiscal_year + 1
    open_form(page, base_url, f"agreement.html?person={director.id}&fy={fy}")
    assert page.locator("[id^=f_part1_][id$=_tasks]").count() == 15
    assert page.locator("[id^=f_challenges_][id$=_title]").count() == 3
    assert page.locator("#f_part1_1_1_outcomes_learners").count() == 1
    page.locator("#f_status").select_option("draft")
    page.locator("#pa-submit").click()
    assert "กรุณากรอกช่องนี้" in page.locator('[data-pointer="/part1/1.1/tasks"]').text_content()
    for code in site_model.forms.form_for("esa-director").codes:
        stem = f"#f_part1_{code.replace('.', '_')}"
        for key in ("outcomes", "indicators"):
            page.locator(f"{stem}_{key}_learners").fill("ผู้เรียนร้อยละ 80 ผ่านเกณฑ์")
    for field in page.locator("[id^=f_challenges_][id$=_policy]").all():
        field.fill("Quick Win 1")
    for field in page.locator("#pa-form textarea, [id^=f_challenges_][id$=_title]").all():
        name = field.get_attribute("id") or ""
        if not any(part in name for part in ("_outcomes_", "_indicators_", "_approval_")):
            field.fill("ทดสอบการกรอกแบบฟอร์ม")
    path, text = submit(page)
    assert path == f"records/people/{director.id}/{fy}/agreement.yaml"
    href = page.locator("#pa-out-github").get_attribute("href")
    # a long Thai agreement is downloaded, then uploaded on GitHub's page for its folder
    assert href.endswith("/upload/main/" + path.rsplit("/", 1)[0])
    assert page.locator("#pa-out-download").get_attribute("download") == "agreement.yaml"
    assert_valid(records_copy, path, text)


def test_new_person_refuses_a_bad_id_then_validates(page, base_url, records_copy):
    open_form(page, base_url, "person.html")
    page.locator("#f_id").fill("Bad Id")
    page.locator("#pa-submit").click()
    assert "รูปแบบไม่ถูกต้อง" in page.locator('[data-pointer="/id"]').text_content()
    assert page.locator("#pa-form-output").is_hidden()
    page.locator("#f_id").fill("test-new-person")
    page.locator("#f_title").fill("นางสาว")
    page.locator("#f_first_name").fill("ทดสอบ")
    page.locator("#f_last_name").fill("แบบฟอร์ม")
    page.locator("#f_position").select_option("teacher")
    page.locator("#f_standing").select_option("none")
    page.locator("#f_appointed").fill("2020-05-01")
    path, text = submit(page)
    assert path == "records/people/test-new-person/person.yaml"
    assert github_file(page) == (path, text)
    assert_valid(records_copy, path, text)


def test_progress_starts_from_the_current_entries(page, base_url, site_model, records_copy):
    fy = site_model.fiscal_year
    progress = next(p for (person, year), p in site_model.model.progress.items() if year == fy)
    open_form(page, base_url, f"progress.html?person={progress.person}&fy={fy}")
    before = page.locator("[id^=f_entries_][id$=_text]").count()
    assert before == len(progress.entries)
    add = page.get_by_role("button", name="เพิ่มความก้าวหน้า")
    add.click()
    add.click()  # two new entries; the first is removed again, the second kept
    row = page.locator(f"#f_entries_{before}_text").locator("xpath=../../..")
    row.get_by_role("button", name="ลบความก้าวหน้า").click()
    before += 1
    page.locator(f"#f_entries_{before}_text").fill("จัดกิจกรรมการเรียนรู้แบบโครงงาน")
    page.locator("#pa-submit").click()
    assert "กรุณากรอกช่องนี้" in page.locator(f'[data-pointer="/entries/{before}/date"]').text_content()
    page.locator(f"#f_entries_{before}_date").fill(site_model.as_of.isoformat())
    page.locator(f"#f_entries_{before}_indicator").select_option(index=1)
    path, text = submit(page)
    assert path == f"records/people/{progress.person}/{fy}/progress.yaml"
    folder = path.rsplit("/", 1)[0]
    assert page.locator("#pa-out-github").get_attribute("href").endswith("/upload/main/" + folder)
    assert_valid(records_copy, path, text)


def fetched_json(page) -> list[str]:
    """Paths (below the site root) of the forms' JSON files the tab asks for from now on."""
    asked: list[str] = []

    def note(request) -> None:
        path = urlsplit(request.url).path.lstrip("/")
        if path.startswith("forms/") and path.endswith(".json"):
            asked.append(path)

    page.on("request", note)
    return asked


def test_a_review_is_edited_from_its_assessees_file(page, base_url, site_model, records_copy):
    """A review written by member M about person P: the form reads P's file, and only it,
    and starts from the review as it stands; unchanged, it gives back the same record."""
    review = next(r for r in site_model.model.reviews if r.fiscal_year == site_model.fiscal_year)
    current = next(r.data for r in site_model.corpus.records if r.path == review.path)
    asked = fetched_json(page)
    open_form(
        page,
        base_url,
        f"review.html?person={review.person}&fy={review.fiscal_year}&member={review.member}",
    )
    assert asked == [f"forms/people/{review.person}.json"]
    assert "แก้ไขจากข้อมูลเดิม" in page.locator("#pa-form-status").text_content()
    assert page.locator("#f_date").input_value() == current["date"]
    assert page.locator("#f_decision").input_value() == current["decision"]
    path, text = submit(page)
    assert path == f"records/{review.path}"
    assert text == emit.dump(current) == (RECORDS / review.path).read_text(encoding="utf-8")
    folder = path.rsplit("/", 1)[0]
    assert page.locator("#pa-out-github").get_attribute("href").endswith("/upload/main/" + folder)
    assert_valid(records_copy, path, text)


def test_a_new_application_may_not_take_an_existing_id(page, base_url, site_model):
    taken = site_model.model.applications[0]
    person = next(p for p in site_model.people if p.id != taken.person)
    open_form(page, base_url, f"application.html?person={person.id}")
    assert person.name in page.locator("#pa-form-status").text_content()
    page.locator("#f_id").fill(taken.id)
    page.locator("#f_standing").select_option(index=1)
    page.locator("#f_entry_status").select_option(index=1)
    page.locator("#f_entry_date").fill(site_model.as_of.isoformat())
    page.locator("#f_entry_by").fill(person.id)
    page.locator("#pa-submit").click()
    page.locator("#pa-form-status").filter(has_text="มีอยู่แล้ว").wait_for()
    assert taken.id in page.locator("#pa-form-status").text_content()
    assert page.locator("#pa-form-output").is_hidden()


def test_committee_review(page, base_url, site_model, records_copy):
    fy = site_model.fiscal_year
    for (person, year), committee in site_model.model.pa_committee_of.items():
        done = {r.member for r in site_model.model.reviews_of.get((person, year), ())}
        free = [m for m in committee.member_ids if m not in done and m != person]
        if year == fy and free:
            break
    open_form(page, base_url, f"review.html?person={person}&fy={fy}&member={free[0]}")
    page.locator("#f_date").fill("2026-99-01")
    page.locator("#pa-submit").click()
    assert page.locator('[data-pointer="/date"]').text_content()
    page.locator("#f_date").fill(site_model.as_of.isoformat())
    page.locator("#f_decision").select_option("revise")
    page.locator("#f_comments_1_1").fill("ควรระบุตัวชี้วัดเชิงปริมาณให้ชัดเจน")
    path, text = submit(page)
    assert path == f"records/people/{person}/{fy}/reviews/{free[0]}.yaml"
    assert_valid(records_copy, path, text)


def test_induction_w26_checks_each_item_maximum(page, base_url, site_model, records_copy):
    form = site_model.forms.induction
    person, n, member = next(
        (person, n, m)
        for person, committee in site_model.model.induction_committee_of.items()
        for n in range(1, 5)
        for m in committee.member_ids
        if (n, m)
        not in {(e.number, e.member) for e in site_model.model.induction_of.get(person, ())}
    )
    open_form(page, base_url, f"induction.html?person={person}&n={n}&member={member}")
    first = form.aspects[0].items[0]
    field = page.locator(f"#f_{form.aspects[0].code}_{first.code.replace('.', '_')}")
    field.fill(str(first.max + 1))
    page.locator("#pa-submit").click()
    assert (
        f"ต้องไม่เกิน {first.max:g}"
        in page.locator(f'[data-pointer="/{form.aspects[0].code}/{first.code}"]').text_content()
    )
    for aspect in form.aspects:
        for item in aspect.items:
            page.locator(f"#f_{aspect.code}_{item.code.replace('.', '_')}").fill(str(item.max))
    page.locator("#f_date").fill(site_model.as_of.isoformat())
    path, text = submit(page)
    assert path == f"records/people/{person}/induction/e{n}-{member}.yaml"
    assert_valid(records_copy, path, text)


def test_application_offers_only_the_allowed_transitions(page, base_url, site_model, records_copy):
    flow = site_model.forms.workflow
    app = next(a for a in site_model.applications if flow.statuses[a.status].next)
    open_form(page, base_url, f"application.html?id={app.id}")
    options = page.locator("#f_entry_status option").all_text_contents()[1:]
    allowed = flow.statuses[app.status].next
    assert options == [flow.statuses[s].title for s in allowed]
    target = next((s for s in allowed if flow.statuses[s].needs_reason), allowed[0])
    page.locator("#f_entry_status").select_option(target)
    page.locator("#f_entry_date").fill(site_model.as_of.isoformat())
    page.locator("#f_entry_by").fill(site_model.corpus.office.data["hr"][0])
    if flow.statuses[target].needs_reason:
        page.locator("#pa-submit").click()
        assert "กรุณากรอกช่องนี้" in page.locator('[data-pointer="/entry/reason"]').text_content()
        page.locator("#f_entry_reason").fill("เอกสารหลักฐานไม่ครบ")
    path, text = submit(page)
    assert path == f"records/applications/{app.id}.yaml"
    assert_valid(records_copy, path, text)


TRICKY = {
    "plain": "ครูสมชาย ใจดี",
    "colon": "เวลา: 10.00 น.",
    "hash": "ข้อ #1 และ 2 #3",
    "dash": "- เริ่มด้วยขีด",
    "reserved": ["true", "null", "~", "False"],
    "number_text": "0812345678",
    "date_text": "2025-10-01",
    "quote": 'เขาว่า "ดี"',
    "empty": "",
    "ends_colon": "หมายเหตุ:",
    "multi": "บรรทัดหนึ่ง\nบรรทัดสอง",
    "nested": [{"a": 1, "b": 2.5, "c": True}, [], {}],
    "1.1": {"tasks": "ข้อความ"},
}


def test_browser_yaml_is_byte_for_byte_what_emit_writes(page, base_url):
    from patracker import emit

    open_form(page, base_url, "person.html")
    assert page.evaluate("data => window.PAYaml.dump(data)", TRICKY) == emit.dump(TRICKY)


def test_person_page_links_to_their_agreement_form(page, base_url, site_model):
    person = next(p for p in site_model.people if site_model.does_pa(p.id))
    page.goto(base_url + f"people/{person.id}.html")
    page.locator("[data-pa=form-links] summary").click()
    page.locator("[data-pa=form-links] a[href*='agreement.html']").click()
    page.locator("#pa-submit").wait_for()
    assert person.name in page.locator("#pa-form-status").text_content()
    form = site_model.forms.form_for(person.position)
    assert page.locator("[id^=f_part1_][id$=_tasks]").count() == len(form.codes)


def test_a_final_evaluation_is_never_edited_by_a_form(page, base_url, site_model):
    final = next(e for e in site_model.model.evaluations if e.final and not e.amends)
    query = (
        f"evaluation.html?person={final.person}&fy={final.fiscal_year}"
        f"&round={final.round}&member={final.member}"
    )
    page.goto(base_url + "forms/" + query)
    status = page.locator("#pa-form-status")
    status.filter(has_text="final").wait_for()
    assert page.locator("#pa-submit").count() == 0


def test_a_teacher_on_a_phone_proposes_a_pa1(page, base_url, site_model, records_copy, artifacts):
    """390 px wide: the teacher fills in her PA 1, downloads the file and gets GitHub's upload
    page for her folder; the file is what emit.dump writes and it validates."""
    page.set_viewport_size({"width": 390, "height": 844})
    fy = site_model.fiscal_year + 1
    teacher = next(p for p in site_model.people if p.position == "teacher")
    open_form(page, base_url, f"agreement.html?person={teacher.id}&fy={fy}")
    assert page.locator("#f_approval_by").count() == 0  # the director's part is not hers
    options = page.locator("#f_status option").all_text_contents()
    assert "เห็นชอบ" not in options
    page.locator("#f_status").select_option("submitted")
    date = page.locator("input[type=date]").first
    date.fill(f"{fy - 544}-10-05")
    assert page.locator(".pa-be-date").first.text_content() == f"5 ตุลาคม พ.ศ. {fy - 1}"
    fill_empty(page, date=f"{fy - 544}-10-05")
    page.screenshot(path=str(artifacts / "forms-phone-pa1-filled.png"))
    # no nested boxes squeezing the text areas: each keeps 65% of the phone's width
    # (nested boxes left them 234 px of 390; the page's own margins still take ~60 px)
    for area in page.locator("#pa-form textarea").all():
        assert area.bounding_box()["width"] >= 0.65 * 390, area.evaluate(
            "e => { const o = []; for (let n = e; n; n = n.parentElement) o.push(n.tagName + '.' + n.className + ':' + Math.round(n.getBoundingClientRect().x)); return e.id + ' ' + o.join(' < '); }"
        )
    body = page.locator("body").inner_text()
    for word in ("YAML", "pull request", "validate"):
        assert word not in body
    path, text = submit(page)
    page.screenshot(path=str(artifacts / "forms-phone-pa1.png"), full_page=True)
    assert path == f"records/people/{teacher.id}/{fy}/agreement.yaml"
    assert text == emit.dump(yaml.safe_load(text))
    href = page.locator("#pa-out-github").get_attribute("href")
    assert href.endswith(f"/upload/main/records/people/{teacher.id}/{fy}")
    assert_valid(records_copy, path, text)


def test_a_member_goes_from_their_page_to_a_prefilled_pa2(
    page, base_url, site_model, records_copy, artifacts
):
    """The member page links each assessee to the member's own PA 2 form for the current
    round, which opens with the person, year, round and member filled in; the member
    scores and gets a valid file (the demo has no open evaluation to edit this round)."""
    rnd = site_model.round
    person, member = pa_assessee(site_model, rnd.fiscal_year, rnd.round)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base_url + f"members/{member}.html")
    link = page.locator(f"a[href*='evaluation.html?person={person.id}&']").first
    page.screenshot(path=str(artifacts / "forms-member-page.png"), full_page=True)
    link.click()
    page.locator("#pa-submit").wait_for()
    assert member in page.locator("#f_member").text_content()  # locked: shown, not typed
    page.locator("#f_date").fill(rnd.start.isoformat())
    page.locator("#f_workload_ok").check()
    for code in site_model.forms.form_for(person.position).codes:
        page.locator(f"#f_part1_{code.replace('.', '_')}_level").select_option("3")
    for key in ("methods", "quantitative", "qualitative"):
        page.locator(f"#f_part2_{key}_level").select_option("3")
    path, text = submit(page)
    page.screenshot(path=str(artifacts / "forms-member-pa2.png"), full_page=True)
    assert path == (
        f"records/people/{person.id}/{rnd.fiscal_year}/evaluations/r{rnd.round}-{member}.yaml"
    )
    assert text == emit.dump(yaml.safe_load(text))
    assert_valid(records_copy, path, text)

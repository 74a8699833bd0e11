"""The HR officer's real-looking workbook (issue 23 §7): every row and column accounted for.

Each test feeds the workbook of ``workbook.py`` (or one cell of it changed) and checks one
thing the first import got wrong: totals and signatures blocked the import, อันดับ,
กลุ่มสาระ/วิชาเอก and เลขที่ตำแหน่ง vanished, ``ดอนสะอาด`` rewrote a school, a supervisor
under the office's name made a fake school, Thai abbreviations were unknown, and an
unknown date header was blamed on every row.
"""

from __future__ import annotations

import datetime as dt

import pytest

from patracker.problems import ProblemError
from patracker.roster import apply_import, plan_text
from patracker.roster.skip import row_kind

from .conftest import assert_valid, person, plan_of, tree_digest
from .workbook import (
    COL,
    DONSA,
    DONSA_ID,
    FIRST_ROW,
    HEADERS,
    KHOK,
    SIGNATURE_ROWS,
    TOTAL_ROW,
    hr_workbook,
    people_rows,
)


@pytest.fixture
def roster(office, tmp_path):
    return hr_workbook(tmp_path / "hr.xlsx", office.records)


def _row_of(name: str) -> int:
    """The sheet row of a person in the workbook, found by the name as typed."""
    from .workbook import PEOPLE

    return FIRST_ROW + next(i for i, p in enumerate(PEOPLE) if p[1] == name)


# --- rows that are not people --------------------------------------------------------------
def test_total_and_signature_rows_are_skipped_with_a_notice(office, mapping, roster):
    plan = plan_of(office, mapping, roster)
    assert plan.bad_rows == []
    skipped = [(p.line, p.code, p.severity) for p in plan.table.skipped]
    assert skipped == [
        (TOTAL_ROW, "PA727", "notice"),
        *[(row, "PA728", "notice") for row in SIGNATURE_ROWS],
    ]
    assert len(plan.table.rows) == 18
    text = plan_text(plan, office.schemas)
    assert "แถวที่ข้าม" in text and "รวม 18 คน" in text and "(นางกาญจนา สุขเจริญ)" in text
    assert not any(p.line in (TOTAL_ROW, *SIGNATURE_ROWS) for p in plan.problems)


@pytest.mark.parametrize(
    ("cells", "kind"),
    [
        (["รวม 18 คน"], "summary"),
        ([None, "รวมทั้งสิ้น", 18, "คน"], "summary"),
        (["ลงชื่อ", ".................", "ผู้รับรองข้อมูล"], "signature"),
        (["(นายสมศักดิ์ ใจดี)"], "signature"),
        (["ตำแหน่ง ผู้อำนวยการโรงเรียนบ้านโคกสูง"], "signature"),
        ([19, None, "-", "…"], "blank"),  # a row number and dashes only
        ([None, None, None], "empty"),
        # people whose names or remarks only look like those words are read
        ([1, "นาย", "รวมศักดิ์ ใจดี", "ครู", "-", None, None, KHOK], None),  # title apart
        ([2, None, "นางสาวมาลี ใจงาม", "ครู", "-", None, None, KHOK, None, None, None, "ลงชื่อแล้ว"], None),
    ],
)  # fmt: skip
def test_row_kinds(mapping, cells, kind):
    read = {2, 3, 7}  # name, position, school
    assert row_kind(cells, read, mapping) == kind


# --- every column accounted for ------------------------------------------------------------
def test_every_column_is_read_or_reported(office, mapping, roster):
    plan = plan_of(office, mapping, roster)
    report = {c.header: (c.field, c.kind) for c in plan.table.headers}
    assert report == {
        "ที่": (None, "ignored"),
        "เลขที่ตำแหน่ง": ("position_number", "read"),
        "ชื่อ - สกุล": ("full_name", "read"),
        "ตำแหน่ง": ("position", "read"),
        "วิทยฐานะ": ("standing", "read"),
        "อันดับ": ("salary_grade", "read"),
        "กลุ่มสาระ/วิชาเอก": ("subject", "read"),
        "สถานศึกษา": ("school", "read"),
        "อำเภอ": ("district", "read"),
        "วัน เดือน ปี ที่บรรจุ": ("appointed", "read"),
        "เบอร์โทร": ("phone", "read"),
        "หมายเหตุ": (None, "ignored"),
        "ชื่อเล่น": (None, "unknown"),
    }
    (unknown,) = [p for p in plan.problems if p.code == "PA730"]
    assert unknown.severity == "warning" and "'ชื่อเล่น'" in unknown.th and "M" in unknown.en
    text = plan_text(plan, office.schemas)
    for header in HEADERS:
        assert f" {header.replace(chr(10), ' ')} → " in text
    assert "L หมายเหตุ → ไม่นำเข้า" in text and "F อันดับ → อันดับเงินเดือน" in text


def test_a_column_without_header_but_with_data_is_reported(office, mapping, tmp_path):
    rows = people_rows(office.records)
    rows[0].append("✓")  # a tick in a column the header row leaves blank
    plan = plan_of(office, mapping, hr_workbook(tmp_path / "hr.xlsx", office.records, rows))
    extra = plan.table.headers[-1]
    assert (extra.letter, extra.header, extra.kind) == ("N", "", "blank")
    assert any(p.code == "PA730" and "N" in p.en for p in plan.problems)


def test_a_second_column_for_one_field_is_reported(office, mapping, tmp_path):
    headers = [*HEADERS[:-1], "วิชาเอก"]  # กลุ่มสาระ/วิชาเอก is read; วิชาเอก repeats it
    plan = plan_of(
        office, mapping, hr_workbook(tmp_path / "hr.xlsx", office.records, headers=headers)
    )
    last = plan.table.headers[-1]
    assert (last.header, last.field, last.kind) == ("วิชาเอก", None, "duplicate")
    assert "G" in last.why_en


def test_salary_grade_subject_and_position_number_are_imported(office, mapping, roster):
    plan = plan_of(office, mapping, roster)
    new = {c.after["first_name"]: c.after for c in plan.new if c.kind == "person"}
    assert new["ธนากร"]["salary_grade"] == "คศ.1"
    assert new["ธนากร"]["subject"] == "วิทยาศาสตร์และเทคโนโลยี"
    assert new["ธนากร"]["position_number"] == "4113"  # the number cell 4113, as text
    assert new["อรุณี"]["salary_grade"] == "ครูผู้ช่วย"
    assert "subject" not in new["ประเสริฐ"]  # "-" is no subject
    changed = {c.id: c for c in plan.changed}
    # ค.ศ.3 and คศ. 2 are the recorded grades, so only the position number is new
    for pid in ("wanphen-duangkaeo", "phimchanok-thongsuk"):
        assert [d[0] for d in changed[pid].diffs] == [("position_number",)]
    assert "เลขที่ตำแหน่ง: (ว่าง) → 4105" in plan_text(plan, office.schemas)

    assert apply_import(office, plan) == []
    assert_valid(office)
    assert person(office.records, "wanphen-duangkaeo")["position_number"] == "4105"
    again = plan_of(office, mapping, roster)
    assert again.nothing_to_do


def test_a_wrong_salary_grade_is_a_bad_row(office, mapping, tmp_path):
    rows = people_rows(office.records)
    rows[0][COL["อันดับ"]] = "คศ.9"
    plan = plan_of(office, mapping, hr_workbook(tmp_path / "hr.xlsx", office.records, rows))
    (bad,) = [p for p in plan.problems if p.is_error]
    assert (bad.code, bad.line) == ("PA712", FIRST_ROW)
    assert "อันดับเงินเดือน" in bad.th and "คศ.9" in bad.th and "คศ.4" in bad.th


# --- schools -------------------------------------------------------------------------------
def test_a_district_without_its_prefix_changes_no_school(office, mapping, roster):
    schools = office.records / "schools"
    before = {p.name: p.read_bytes() for p in schools.iterdir()}
    plan = plan_of(office, mapping, roster)
    assert not [c for c in plan.changed if c.kind == "school"]
    assert not [p for p in plan.problems if p.code in ("PA722", "PA723", "PA732")]
    assert apply_import(office, plan) == []
    after = {p.name: p.read_bytes() for p in schools.iterdir()}
    assert {n: b for n, b in after.items() if n in before} == before
    assert set(after) - set(before) == {"bankhoksung.yaml"}


def test_an_existing_school_is_never_changed_and_the_dry_run_says_so(office, mapping, tmp_path):
    rows = people_rows(office.records)
    for row in rows:
        if row[COL["สถานศึกษา"]] == DONSA:
            row[COL["อำเภอ"]] = "อ.หนองบัวแก้ว"  # another district than recorded
    source = hr_workbook(tmp_path / "hr.xlsx", office.records, rows)
    school = office.records / "schools" / f"{DONSA_ID}.yaml"
    before = school.read_bytes()
    plan = plan_of(office, mapping, source)
    (warning,) = [p for p in plan.problems if p.code == "PA732"]
    assert warning.severity == "warning" and warning.line == FIRST_ROW
    assert "อำเภอหนองบัวแก้ว" not in warning.th and "อ.หนองบัวแก้ว" in warning.th
    assert "อำเภอดอนสะอาด" in warning.th and f"schools/{DONSA_ID}.yaml" in warning.en
    assert f"schools/{DONSA_ID}.yaml" in plan_text(plan, office.schemas)
    assert plan.bad_rows == []
    assert apply_import(office, plan) == []
    assert school.read_bytes() == before


def test_rows_of_one_school_agree_on_a_district_whatever_its_prefix(office, mapping, tmp_path):
    rows = people_rows(office.records)
    khok = [r for r in rows if r[COL["สถานศึกษา"]] == KHOK]
    assert {r[COL["อำเภอ"]] for r in khok} == {"อ.โนนสูง", "โนนสูง"}
    plan = plan_of(office, mapping, hr_workbook(tmp_path / "hr.xlsx", office.records, rows))
    assert not [p for p in plan.problems if p.code == "PA723"]
    khok[0][COL["อำเภอ"]] = "อ.โนนไทย"
    plan = plan_of(office, mapping, hr_workbook(tmp_path / "hr2.xlsx", office.records, rows))
    assert [p.code for p in plan.problems if p.is_error] == ["PA723", "PA723"]


def test_a_new_school_is_recorded_under_its_full_name_and_district(office, mapping, roster):
    plan = plan_of(office, mapping, roster)
    (school,) = [c for c in plan.new if c.kind == "school"]
    director = next(c.id for c in plan.new if c.after.get("first_name") == "ประเสริฐ")
    assert school.after == {
        "id": "bankhoksung",
        "name": "โรงเรียนบ้านโคกสูง",
        "district": "อำเภอโนนสูง",
        "director": director,
    }


def test_a_supervisor_under_the_office_name_is_office_staff(office, mapping, roster):
    plan = plan_of(office, mapping, roster)
    schools = [c.after["name"] for c in plan.new if c.kind == "school"]
    assert schools == ["โรงเรียนบ้านโคกสูง"]  # no school called สพม.นครสุวรรณ
    supervisor = next(c for c in plan.changed if c.id == "chakkraphan-wongsawan")
    assert "school" not in supervisor.after
    assert supervisor.after["position"] == "supervisor"
    assert supervisor.after["standing"] == "senior-professional"


@pytest.mark.parametrize(
    "written",
    ["สำนักงานเขตพื้นที่การศึกษามัธยมศึกษานครสุวรรณ", "สพม. นครสุวรรณ", "สพม.", "สพม.นครสุวรรณ (กลุ่มนิเทศฯ)"],
)
def test_the_office_is_recognised_however_it_is_written(office, mapping, tmp_path, written):
    rows = people_rows(office.records)
    row = next(r for r in rows if r[COL["ชื่อ - สกุล"]] == "นายจักรพันธ์ วงษ์สวรรค์")
    row[COL["สถานศึกษา"]] = written
    plan = plan_of(office, mapping, hr_workbook(tmp_path / "hr.xlsx", office.records, rows))
    assert [c.id for c in plan.new if c.kind == "school"] == ["bankhoksung"]
    assert plan.bad_rows == []


def test_another_office_in_the_school_column_is_a_bad_row(office, mapping, tmp_path):
    rows = people_rows(office.records)
    row = next(r for r in rows if r[COL["ชื่อ - สกุล"]] == "นายจักรพันธ์ วงษ์สวรรค์")
    row[COL["สถานศึกษา"]] = "สพป.นครสุวรรณ เขต 2"
    plan = plan_of(office, mapping, hr_workbook(tmp_path / "hr.xlsx", office.records, rows))
    (bad,) = [p for p in plan.problems if p.is_error]
    assert bad.code == "PA733" and "สพม.นครสุวรรณ" in bad.th
    assert bad.line == _row_of("นายจักรพันธ์ วงษ์สวรรค์")


# --- Thai abbreviations --------------------------------------------------------------------
def test_thai_abbreviations_of_positions_and_standings(office, mapping, roster):
    plan = plan_of(office, mapping, roster)
    people = [c.after for c in [*plan.new, *plan.changed] if c.kind == "person"]
    after = {f"{p['first_name']} {p['last_name']}": p for p in people}
    expected = {
        "ภัทรา ปานทอง": ("school-director", "expert"),  # ผอ.ร.ร.
        "สุภาพร ศักดิ์ดี": ("deputy-director", "senior-professional"),  # รอง ผอ.รร.
        "ศุภชัย ประทุมมา": ("teacher", "senior-professional"),  # ครูชำนาญการพิเศษ, standing empty
        "วรรณิภา โพธิ์ศรี": ("teacher", "expert"),  # ครูเชี่ยวชาญ
        "จักรพันธ์ กาญจนวงศ์": ("teacher", "professional"),  # ครูชำนาญการ
        "ประเสริฐ มั่นคง": ("school-director", "senior-professional"),  # ผอ.รร.
        "อรุณี แก้วมณี": ("assistant-teacher", "none"),
    }
    assert {k: (after[k]["position"], after[k]["standing"]) for k in expected} == expected
    # recorded people read this way are unchanged apart from their new position number
    assert all(d[0] == ("position_number",) for c in plan.changed for d in c.diffs)


def test_a_joined_standing_that_contradicts_the_standing_column(office, mapping, tmp_path):
    rows = people_rows(office.records)
    rows[2][COL["วิทยฐานะ"]] = "ชำนาญการ"  # ครูชำนาญการพิเศษ in the position column
    plan = plan_of(office, mapping, hr_workbook(tmp_path / "hr.xlsx", office.records, rows))
    (bad,) = [p for p in plan.problems if p.is_error]
    assert (bad.code, bad.line) == ("PA731", FIRST_ROW + 2)
    assert "ชำนาญการพิเศษ" in bad.th and "ครูชำนาญการพิเศษ" in bad.th


# --- headers -------------------------------------------------------------------------------
def test_an_unknown_date_header_is_named_not_blamed_on_every_row(office, mapping, tmp_path):
    headers = [h if h != "วัน เดือน ปี\nที่บรรจุ" else "บรรจุเมื่อ" for h in HEADERS]
    source = hr_workbook(tmp_path / "hr.xlsx", office.records, headers=headers)
    with pytest.raises(ProblemError) as caught:
        plan_of(office, mapping, source)
    (stop,) = caught.value.problems
    assert stop.code == "PA701" and stop.line == 3
    assert "วันที่บรรจุ" in stop.th and "J 'บรรจุเมื่อ'" in stop.th and "J 'บรรจุเมื่อ'" in stop.en
    assert "ชื่อเล่น" in stop.th and "หมายเหตุ" not in stop.th  # known ignored columns are not listed


def test_a_header_with_a_bracketed_note_is_known(office, mapping, tmp_path):
    headers = [h if h != "วัน เดือน ปี\nที่บรรจุ" else "วันที่บรรจุ (วว/ดด/ปปปป)" for h in HEADERS]
    plan = plan_of(
        office, mapping, hr_workbook(tmp_path / "hr.xlsx", office.records, headers=headers)
    )
    assert plan.bad_rows == []
    assert plan.table.columns[COL["วัน เดือน ปี\nที่บรรจุ"]] == "appointed"


def test_the_whole_workbook_imports_valid_records_once(office, mapping, roster):
    plan = plan_of(office, mapping, roster)
    assert apply_import(office, plan) == []
    assert_valid(office)
    new = person(office.records, next(c.id for c in plan.new if c.after.get("first_name") == "อรุณี"))
    assert new["appointed"] == dt.date(2024, 10, 1).isoformat()  # "1 ต.ค. 2567"
    digest = tree_digest(office.records)
    again = plan_of(office, mapping, roster)
    assert again.nothing_to_do and apply_import(office, again) == []
    assert tree_digest(office.records) == digest


def test_without_a_standing_column_the_position_says_it(office, mapping, tmp_path):
    """Offices that write ครูชำนาญการ in one column have no วิทยฐานะ column at all."""
    drop = COL["วิทยฐานะ"]
    headers = [h for i, h in enumerate(HEADERS) if i != drop]
    rows = [[v for i, v in enumerate(r) if i != drop] for r in people_rows(office.records)]
    source = hr_workbook(tmp_path / "hr.xlsx", office.records, rows, headers=headers)
    plan = plan_of(office, mapping, source)
    assert plan.bad_rows == []
    by_id = {c.id: c for c in [*plan.new, *plan.changed]}
    assert by_id["chakkraphan-kanchanawong"].after["standing"] == "professional"  # ครูชำนาญการ
    # ผอ.ร.ร. says nothing about the standing: the recorded one is kept, not reset to none
    assert [d[0] for d in by_id["phattra-panthong"].diffs] == [("position_number",)]
    new = next(c.after for c in plan.new if c.after.get("first_name") == "มาลี")
    assert new["standing"] == "none"  # ครู, someone new


def test_line_is_read_and_birth_dates_are_left_out_with_a_reason(office, mapping, tmp_path):
    headers = [*HEADERS, "ไอดีไลน์", "วัน เดือน ปี เกิด"]
    rows = [[*r, None, dt.date(1985, 1, 2)] for r in people_rows(office.records)]
    rows[-3][-2] = "mali.jai"  # นางสาวมาลี ใจงาม, new
    source = hr_workbook(tmp_path / "hr.xlsx", office.records, rows, headers=headers)
    plan = plan_of(office, mapping, source)
    line, born = plan.table.headers[-2:]
    assert (line.field, born.field, born.kind) == ("line", None, "ignored")
    assert "ข้อมูลส่วนบุคคล" in born.why_th
    mali = next(c.after for c in plan.new if c.after.get("first_name") == "มาลี")
    assert mali["contact"] == {"line": "mali.jai"} and "birth_date" not in mali
    assert not any(p.code == "PA730" and "เกิด" in p.th for p in plan.problems)


def test_a_skipped_row_is_quoted_without_its_national_id(office, mapping, tmp_path):
    from .conftest import national_id

    number = national_id()
    rows = people_rows(office.records)
    grouped = f"{number[0]}-{number[1:5]}-{number[5:10]}-{number[10:12]}-{number[12]}"
    rows.append([19, *[None] * (len(HEADERS) - 1), number])  # a row number and an ID only
    rows.append([None] * (len(HEADERS) - 1) + [grouped])  # the ID again, under ชื่อเล่น
    source = hr_workbook(
        tmp_path / "hr.xlsx", office.records, rows, headers=[*HEADERS, "เลขประจำตัวประชาชน"]
    )
    plan = plan_of(office, mapping, source)
    first, second = [p for p in plan.table.skipped if p.code == "PA729"]
    assert first.line == FIRST_ROW + 18 and "'19'" in first.th
    assert second.line == FIRST_ROW + 19
    text = plan_text(plan, office.schemas)
    assert number not in text and grouped not in text

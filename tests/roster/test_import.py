"""Importing a roster: the plan, writing it, idempotency, and what may never be written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from patracker.roster import apply_import, plan_text

from .conftest import (
    NEW_DISTRICT,
    NEW_SCHOOL,
    SCHOOL,
    SCHOOL_ID,
    as_row,
    assert_valid,
    people_of,
    person,
    plan_of,
    school_rows,
    tree_digest,
    write_csv,
    write_xlsx,
)

NEW_TEACHER = [
    None, "นาย", "สมชาย ใจดีมาก", "ครู", "ชำนาญการ", SCHOOL, "อำเภอบ้านไผ่งาม",
    dt.date(2015, 5, 16), "คณิตศาสตร์", "081-234-5678", "somchai@example.org",
]  # fmt: skip
NEW_SCHOOL_ROWS = [
    [None, "นาง", "สมหญิง รักเรียน", "ผู้อำนวยการสถานศึกษา", "ชำนาญการพิเศษ", NEW_SCHOOL,
     NEW_DISTRICT, dt.date(2003, 6, 1), None, None, None],
    [None, "นางสาว", "วันเพ็ญ แสงทอง", "ครูผู้ช่วย", "", NEW_SCHOOL, NEW_DISTRICT,
     dt.date(2025, 5, 16), "ภาษาไทย", None, None],
]  # fmt: skip


def test_plan_lists_new_changed_unchanged_and_left(office, mapping, tmp_path):
    rows = school_rows(office.records)
    kept, dropped = rows[:-1], rows[-1]
    kept[0][4] = "เชี่ยวชาญ"  # a standing changed
    source = write_xlsx(tmp_path / "roster.xlsx", [*kept, NEW_TEACHER, *NEW_SCHOOL_ROWS])
    plan = plan_of(office, mapping, source)

    assert not plan.bad_rows
    new = {c.path for c in plan.new}
    assert new == {
        "schools/nonsungphityakm.yaml",
        "people/somchai-chaidimak/person.yaml",
        "people/somying-rakrian/person.yaml",
        "people/wanphen-saengthong/person.yaml",
    }
    (changed,) = plan.changed
    assert changed.diffs == [(("standing",), changed.before["standing"], "expert")]
    assert len(plan.unchanged) == len(kept) - 1
    left_name = f"{dropped[1]}{dropped[2]}"
    assert [name for _, name in plan.left] == [left_name]

    text = plan_text(plan, office.schemas)
    assert "วิทยฐานะ: " in text and "→ เชี่ยวชาญ" in text  # Thai title and label
    assert "ไม่อยู่ในบัญชีรายชื่อ" in text and left_name in text


def test_apply_writes_valid_records_and_second_run_has_nothing_to_do(office, mapping, tmp_path):
    rows = [*school_rows(office.records), NEW_TEACHER, *NEW_SCHOOL_ROWS]
    source = write_xlsx(tmp_path / "roster.xlsx", rows)
    assert apply_import(office, plan_of(office, mapping, source)) == []
    assert_valid(office)

    somchai = person(office.records, "somchai-chaidimak")
    assert somchai == {
        "id": "somchai-chaidimak",
        "title": "นาย",
        "first_name": "สมชาย",
        "last_name": "ใจดีมาก",
        "position": "teacher",
        "standing": "professional",
        "school": SCHOOL_ID,
        "appointed": "2015-05-16",
        "subject": "คณิตศาสตร์",
        "contact": {"phone": "0812345678", "email": "somchai@example.org"},
    }
    school = (office.records / "schools" / "nonsungphityakm.yaml").read_text("utf-8")
    assert "district: อำเภอโนนสูง" in school and "director: somying-rakrian" in school
    assert person(office.records, "wanphen-saengthong")["standing"] == "none"

    before = tree_digest(office.records)
    again = plan_of(office, mapping, source)
    assert again.nothing_to_do and not again.new and not again.changed
    assert "nothing to do" in plan_text(again, office.schemas)
    assert apply_import(office, again) == []
    assert tree_digest(office.records) == before


def test_reimport_updates_only_changed_fields_and_keeps_ids(office, mapping, tmp_path):
    people = people_of(office.records, SCHOOL_ID)
    pid, data = next((p, d) for p, d in people.items() if (d.get("contact") or {}).get("line"))
    row = as_row(data)
    row[9] = "0899999999"  # new phone
    row[8] = None  # an empty subject cell keeps the recorded subject
    source = write_xlsx(tmp_path / "roster.xlsx", [row])
    plan = plan_of(office, mapping, source)
    (change,) = plan.changed
    assert change.id == pid
    assert change.diffs == [(("contact", "phone"), data["contact"]["phone"], "0899999999")]
    assert "โทรศัพท์: " in plan_text(plan, office.schemas)
    assert apply_import(office, plan) == []
    after = person(office.records, pid)
    assert after["contact"]["line"] == data["contact"]["line"]  # not in the roster, kept
    assert after.get("subject") == data.get("subject")
    assert {k: v for k, v in after.items() if k != "contact"} == {
        k: v for k, v in data.items() if k != "contact"
    }


def test_a_person_who_moved_school_keeps_their_id(office, mapping, tmp_path):
    pid, data = next(iter(people_of(office.records, SCHOOL_ID).items()))
    row = as_row(data, school="โรงเรียนดอนสะอาดวิทยาคม", district="อำเภอดอนสะอาด")
    plan = plan_of(office, mapping, write_xlsx(tmp_path / "roster.xlsx", [row]))
    assert not plan.new
    (change,) = plan.changed
    assert change.id == pid and change.diffs == [(("school",), SCHOOL_ID, "donsa-at-witthayakhom")]


def test_nobody_is_deleted_and_absent_people_are_listed(office, mapping, tmp_path):
    source = write_xlsx(tmp_path / "roster.xlsx", [NEW_TEACHER])
    plan = plan_of(office, mapping, source)
    everyone = set(people_of(office.records, SCHOOL_ID))
    assert {pid for pid, _ in plan.left} == everyone
    assert apply_import(office, plan) == []
    assert everyone <= {p.name for p in (office.records / "people").iterdir()}


def test_dry_run_writes_nothing(office, tmp_path):
    from typer.testing import CliRunner

    from patracker.cli import app

    source = write_xlsx(tmp_path / "roster.xlsx", [NEW_TEACHER, *NEW_SCHOOL_ROWS])
    before = tree_digest(office.records)
    args = ["import", "roster", str(source), "--dry-run", "--records", str(office.records)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "people/somchai-chaidimak/person.yaml" in result.output
    assert "dry run" in result.output
    assert tree_digest(office.records) == before

    written = CliRunner().invoke(app, [*args[:3], "--records", str(office.records)])
    assert written.exit_code == 0, written.output
    assert tree_digest(office.records) != before


def test_csv_roster_imports_like_xlsx(office, mapping, tmp_path):
    row = [str(v) if v is not None else "" for v in NEW_TEACHER]
    row[7] = "16/05/2558"  # Buddhist Era, as Thai CSVs usually hold dates
    source = write_csv(tmp_path / "roster.csv", [row])
    plan = plan_of(office, mapping, source)
    assert not plan.bad_rows
    assert [p.code for p in plan.problems] == ["PA714"]
    (new,) = plan.new
    assert new.after["appointed"] == "2015-05-16"
    assert apply_import(office, plan) == []
    assert_valid(office)


def test_bad_rows_stop_the_whole_import(office, mapping, tmp_path):
    missing_position = [*NEW_SCHOOL_ROWS[0][:3], None, *NEW_SCHOOL_ROWS[0][4:]]
    unknown_standing = [*NEW_TEACHER[:4], "ชำนาญงาน", *NEW_TEACHER[5:]]
    source = write_xlsx(
        tmp_path / "roster.xlsx", [NEW_SCHOOL_ROWS[1], missing_position, unknown_standing]
    )
    before = tree_digest(office.records)
    plan = plan_of(office, mapping, source)
    found = {(p.line, p.code) for p in plan.problems}
    assert found == {(4, "PA711"), (5, "PA712")}  # sheet rows: title, header, then data
    standing = next(p for p in plan.problems if p.code == "PA712")
    assert "วิทยฐานะ" in standing.th and "ชำนาญงาน" in standing.th and "ชำนาญการ" in standing.th
    assert "standing" in standing.en
    (stopped,) = apply_import(office, plan)
    assert stopped.code == "PA725" and "--skip-bad-rows" in stopped.en
    assert tree_digest(office.records) == before


def test_skip_bad_rows_writes_the_clean_ones(office, mapping, tmp_path):
    unknown_standing = [*NEW_TEACHER[:4], "ชำนาญงาน", *NEW_TEACHER[5:]]
    source = write_xlsx(tmp_path / "roster.xlsx", [unknown_standing, *NEW_SCHOOL_ROWS])
    plan = plan_of(office, mapping, source)
    assert plan.bad_rows == [3]
    assert apply_import(office, plan, skip_bad_rows=True) == []
    assert (office.records / "people" / "somying-rakrian" / "person.yaml").is_file()
    assert not (office.records / "people" / "somchai-chaidimak").exists()
    assert_valid(office)


def test_a_bad_row_of_a_recorded_person_is_not_listed_as_left(office, mapping, tmp_path):
    rows = school_rows(office.records)
    rows[0][4] = "ชำนาญงาน"
    plan = plan_of(office, mapping, write_xlsx(tmp_path / "roster.xlsx", rows))
    assert plan.bad_rows == [3] and plan.left == []


def test_duplicate_person_is_a_bad_row(office, mapping, tmp_path):
    source = write_xlsx(tmp_path / "roster.xlsx", [NEW_TEACHER, NEW_SCHOOL_ROWS[0], NEW_TEACHER])
    plan = plan_of(office, mapping, source)
    (dup,) = plan.problems
    assert (dup.code, dup.line) == ("PA718", 5)
    assert "แถว 3" in dup.th and "row 3" in dup.en
    assert apply_import(office, plan, skip_bad_rows=True) == []
    assert not (office.records / "people" / "somchai-chaidimak-2").exists()


def test_merged_cells_are_bad_rows(office, mapping, tmp_path):
    first = list(NEW_SCHOOL_ROWS[0])
    second = [*NEW_SCHOOL_ROWS[1][:5], None, *NEW_SCHOOL_ROWS[1][6:]]  # school typed once
    source = write_xlsx(tmp_path / "roster.xlsx", [first, second], merge=["F3:F4"])
    plan = plan_of(office, mapping, source)
    assert {(p.line, p.code) for p in plan.problems} == {(3, "PA719"), (4, "PA719")}
    assert "F3:F4" in plan.problems[0].th


def test_excel_serial_and_buddhist_era_dates(office, mapping, tmp_path):
    serial = [*NEW_TEACHER[:7], 42140, *NEW_TEACHER[8:]]  # 2015-05-16 as Excel's number
    be_cell = [*NEW_SCHOOL_ROWS[0][:7], dt.date(2546, 6, 1), *NEW_SCHOOL_ROWS[0][8:]]
    be_text = [*NEW_SCHOOL_ROWS[1][:7], "16 พ.ค. 2568", *NEW_SCHOOL_ROWS[1][8:]]
    source = write_xlsx(tmp_path / "roster.xlsx", [serial, be_cell, be_text])
    plan = plan_of(office, mapping, source)
    assert not plan.bad_rows
    assert [(p.line, p.code, p.severity) for p in plan.problems] == [
        (3, "PA715", "warning"),
        (4, "PA714", "warning"),
        (5, "PA714", "warning"),
    ]
    dates = {c.id: c.after.get("appointed") for c in plan.new}
    assert dates["somchai-chaidimak"] == "2015-05-16"
    assert dates["somying-rakrian"] == "2003-06-01"
    assert dates["wanphen-saengthong"] == "2025-05-16"


def test_an_ambiguous_two_digit_year_is_refused(office, mapping, tmp_path):
    row = [*NEW_TEACHER[:7], "16/05/58", *NEW_TEACHER[8:]]
    plan = plan_of(office, mapping, write_xlsx(tmp_path / "roster.xlsx", [row]))
    (bad,) = plan.problems
    assert (bad.code, bad.line) == ("PA717", 3) and "พ.ศ." in bad.th


def test_title_glued_to_the_name_and_messy_spaces(office, mapping, tmp_path):
    import unicodedata

    row = list(NEW_TEACHER)
    row[1] = None
    row[2] = unicodedata.normalize("NFD", "ว่าที่ร้อยตรี ดร.สมชาย\u00a0  ใจดีมาก ")
    plan = plan_of(office, mapping, write_xlsx(tmp_path / "roster.xlsx", [row]))
    (new,) = plan.new
    assert (new.after["title"], new.after["first_name"], new.after["last_name"]) == (
        "ว่าที่ร้อยตรี ดร.",
        "สมชาย",
        "ใจดีมาก",
    )
    assert new.id == "somchai-chaidimak"


def test_no_title_anywhere_is_a_bad_row(office, mapping, tmp_path):
    row = [*NEW_TEACHER[:1], None, *NEW_TEACHER[2:]]
    plan = plan_of(office, mapping, write_xlsx(tmp_path / "roster.xlsx", [row]))
    assert [p.code for p in plan.problems] == ["PA721"]


def test_same_name_in_two_schools_gets_distinct_ids(office, mapping, tmp_path):
    twin = [*NEW_TEACHER[:5], NEW_SCHOOL, NEW_DISTRICT, *NEW_TEACHER[7:]]
    plan = plan_of(office, mapping, write_xlsx(tmp_path / "roster.xlsx", [NEW_TEACHER, twin]))
    ids = sorted(c.id for c in plan.new if c.kind == "person")
    assert ids == ["somchai-chaidimak", "somchai-chaidimak-2"]
    assert apply_import(office, plan) == []
    again = plan_of(office, mapping, write_xlsx(tmp_path / "again.xlsx", [twin, NEW_TEACHER]))
    assert again.nothing_to_do  # matched by name and school, whatever the row order


def test_a_new_school_needs_a_district(office, mapping, tmp_path):
    row = [*NEW_SCHOOL_ROWS[0][:6], None, *NEW_SCHOOL_ROWS[0][7:]]
    plan = plan_of(office, mapping, write_xlsx(tmp_path / "roster.xlsx", [row]))
    assert [(p.code, p.line) for p in plan.problems] == [("PA722", 3)]


def test_a_failed_write_leaves_nothing_behind(office, mapping, tmp_path, monkeypatch):
    import os

    import pytest

    from patracker.roster import commit

    source = write_xlsx(tmp_path / "roster.xlsx", [NEW_TEACHER, *NEW_SCHOOL_ROWS])
    plan = plan_of(office, mapping, source)
    before = tree_digest(office.records)
    real, calls = os.replace, []

    def failing(src, dst):
        if office.records in Path(dst).parents:  # a record, not a cache file beside them
            calls.append(dst)
            if len(calls) == 3:
                raise OSError("disk full")
        real(src, dst)

    monkeypatch.setattr(commit.os, "replace", failing)
    with pytest.raises(OSError):
        apply_import(office, plan)
    assert len(calls) == 3
    assert tree_digest(office.records) == before
    assert not list(office.records.rglob("*.tmp"))
    assert not (office.records / "people" / "somchai-chaidimak").exists()


def test_an_import_that_would_not_validate_writes_nothing(office):
    from patracker.roster.commit import new_errors

    broken = {"people/ghost/person.yaml": "id: ghost\ntitle: นาย\n"}
    errors = new_errors(office, broken)
    assert errors and all(p.file == "people/ghost/person.yaml" for p in errors)
    assert not (office.records / "people" / "ghost").exists()

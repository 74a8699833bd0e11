"""Export, the round trip, the national-ID column, and the mapping file."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook
from typer.testing import CliRunner

from patracker.cli import app
from patracker.roster import apply_import, export_roster, load_mapping

from .conftest import (
    HEADERS,
    NEW_DISTRICT,
    NEW_SCHOOL,
    SCHOOL,
    national_id,
    plan_of,
    tree_digest,
    write_xlsx,
)

ROW = [
    None, "นางสาว", "กาญจนา ทองดีเลิศ", "ครูผู้ช่วย", "", NEW_SCHOOL, NEW_DISTRICT,
    dt.date(2025, 5, 16), "ภาษาไทย", "0812345678", None,
]  # fmt: skip


def test_export_then_import_changes_nothing(office, mapping, tmp_path):
    out = tmp_path / "roster.xlsx"
    count = export_roster(office, out, mapping)
    people = [p for p in (office.records / "people").iterdir()]
    assert count == len(people)
    header = [c.value for c in load_workbook(out).active[1]]
    assert header[:4] == ["คำนำหน้า", "ชื่อ-สกุล", "ตำแหน่ง", "วิทยฐานะ"]
    plan = plan_of(office, mapping, out)
    assert plan.problems == [] and plan.nothing_to_do and plan.left == []
    assert len(plan.unchanged) == count


def test_round_trip_after_an_import(office, mapping, tmp_path):
    first = write_xlsx(tmp_path / "first.xlsx", [ROW])
    assert apply_import(office, plan_of(office, mapping, first)) == []
    out = tmp_path / "exported.xlsx"
    export_roster(office, out, mapping)
    ws = load_workbook(out).active
    header = [c.value for c in ws[1]]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    mine = next(r for r in rows if r[1] == "กาญจนา ทองดีเลิศ")
    assert mine[2:5] == ["ครูผู้ช่วย", "ไม่มีวิทยฐานะ", NEW_SCHOOL]  # labels from the schema
    assert mine[header.index("โทรศัพท์")] == "0812345678"  # text: the leading zero survives
    before = tree_digest(office.records)
    assert plan_of(office, mapping, out).nothing_to_do
    assert tree_digest(office.records) == before


def test_export_command(office, tmp_path):
    out = tmp_path / "cli.xlsx"
    result = CliRunner().invoke(
        app, ["export", "roster", "--out", str(out), "--records", str(office.records)]
    )
    assert result.exit_code == 0, result.output
    assert out.is_file() and "exported" in result.output


def test_national_id_column_is_never_stored(office, mapping, tmp_path):
    nid = national_id()
    headers = [*HEADERS, "เลขประจำตัวประชาชน", "เลขบัตรประชาชน"]
    rows = [[*ROW, nid, f"{nid[0]}-{nid[1:5]}-{nid[5:10]}-{nid[10:12]}-{nid[12]}"]]
    source = write_xlsx(tmp_path / "roster.xlsx", rows, headers=headers)
    result = CliRunner().invoke(
        app, ["import", "roster", str(source), "--records", str(office.records)]
    )
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if "PA706" in line]
    assert len(warnings) == 1 and "PDPA" in warnings[0]  # warned once
    assert nid not in result.output
    assert (office.records / "people" / "kanchana-thongdiloet").is_dir() or any(
        "ทองดีเลิศ" in p.read_text("utf-8") for p in office.records.rglob("person.yaml")
    )
    for path in office.records.rglob("*"):
        if path.is_file():
            text = path.read_text("utf-8")
            assert nid not in text and nid[1:5] + "-" + nid[5:10] not in text, path


def test_a_national_id_typed_in_another_column_is_a_bad_row(office, mapping, tmp_path):
    row = [*ROW[:9], national_id(), *ROW[10:]]
    plan = plan_of(office, mapping, write_xlsx(tmp_path / "roster.xlsx", [row]))
    assert "PA501" in [p.code for p in plan.problems] and plan.bad_rows == [3]


def test_an_office_mapping_renames_headers(office, tmp_path):
    own = tmp_path / "mapping.yaml"
    own.write_text(
        "columns:\n  full_name: [ชื่อผู้รับการประเมิน]\nvalues:\n  position:\n    ครู คศ.1: ครู\n",
        encoding="utf-8",
    )
    mapping = load_mapping(office.schemas, own)
    headers = ["ชื่อผู้รับการประเมิน" if h == "ชื่อ-สกุล" else h for h in HEADERS]
    row = [*ROW[:3], "ครู คศ.1", *ROW[4:]]
    plan = plan_of(office, mapping, write_xlsx(tmp_path / "r.xlsx", [row], headers=headers))
    (school, new) = plan.new
    assert new.after["position"] == "teacher" and school.kind == "school"


def test_a_mapping_alias_must_name_a_schema_label(office, tmp_path):
    own = tmp_path / "mapping.yaml"
    own.write_text("values:\n  standing:\n    คศ.3: ชำนาญการพิเศษมาก\n", encoding="utf-8")
    source = write_xlsx(tmp_path / "roster.xlsx", [ROW])
    result = CliRunner().invoke(
        app,
        ["import", "roster", str(source), "--mapping", str(own), "--records", str(office.records)],
    )
    assert result.exit_code == 2 and "PA705" in result.output


def test_enum_values_come_from_the_schema_labels(office, mapping):
    for label, key in (
        ("ครู", "teacher"),
        ("ครูผู้ช่วย", "assistant-teacher"),
        ("ผู้อำนวยการสถานศึกษา", "school-director"),
        ("ผู้อำนวยการโรงเรียน", "school-director"),
    ):
        assert mapping.enum("position", label) == key
    assert mapping.enum("standing", "ชำนาญการพิเศษ") == "senior-professional"
    assert mapping.enum("standing", "ครูชำนาญการพิเศษ") == "senior-professional"
    office.schemas.labels("standing")  # the same labels the forms show
    assert set(mapping.labels["standing"].values()) == set(
        office.schemas.labels("standing").values()
    )


def test_missing_required_column_and_unknown_sheet(office, tmp_path):
    headers = [h for h in HEADERS if h != "ตำแหน่ง"]
    source = write_xlsx(tmp_path / "roster.xlsx", [[*ROW[:3], *ROW[4:]]], headers=headers)
    runner, records = CliRunner(), ["--records", str(office.records)]
    result = runner.invoke(app, ["import", "roster", str(source), *records])
    assert result.exit_code == 2 and "PA701" in result.output and "ตำแหน่ง" in result.output
    result = runner.invoke(app, ["import", "roster", str(source), "--sheet", "ไม่มี", *records])
    assert result.exit_code == 2 and "PA702" in result.output


def test_bad_rows_exit_1_and_name_the_row(office, tmp_path):
    row = [*ROW[:3], None, *ROW[4:]]
    source = write_xlsx(tmp_path / "roster.xlsx", [row])
    before = tree_digest(office.records)
    result = CliRunner().invoke(
        app, ["import", "roster", str(source), "--records", str(office.records)]
    )
    assert result.exit_code == 1
    assert "แถว 3" in result.output and "PA711" in result.output and "PA725" in result.output
    assert tree_digest(office.records) == before
    assert SCHOOL  # the demo school is untouched by a refused import

"""The round report: four formats, the same figures as the engine, run on the demo office."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from patracker.asof import known_on
from patracker.cli import app
from patracker.engine import applications as apps
from patracker.engine import kpis, summary
from patracker.engine.exact import floor
from patracker.model import build_model
from patracker.project import SOURCE_ROOT, Project
from patracker.report import build_report, render
from patracker.validate import validate

from .conftest import FORMS, agreement, application, committee, evaluation, make_model, person

RECORDS = SOURCE_ROOT / "records"
AS_OF = "2026-03-25"
D = dt.date


def small_model():
    people = [person("t1", school="s1"), person("t2", school="s2")]
    people += [person(m, "external-expert", school=None) for m in ("m1", "m2", "m3")]
    return make_model(
        people=people,
        agreements=[agreement("t1")],
        committees=[committee("c", ("t1", "t2"))],
        evaluations=[
            evaluation("t1", "m1", 4, 4),
            evaluation("t1", "m2", 2, 2),
            evaluation("t1", "m3", 3, 3),
        ],
        applications=[
            application(
                "a1", "t1", ("submitted", D(2025, 11, 1)), ("returned", D(2025, 11, 3), "ขาดหลักฐาน")
            )
        ],
    )


def test_small_report_tables_hold_hand_computed_figures():
    report = build_report(small_model(), FORMS, 2569, 1, D(2026, 3, 25))
    failed = report.table("failed").rows
    assert len(failed) == 1
    name, _, mean, lowest, low, _, weak = failed[0]
    assert name == "นายt1 ทดสอบ"
    assert mean == pytest.approx((100 + 50 + 75) / 3, abs=0.01)
    assert (lowest, low) == ("นายm2 ทดสอบ", 50)
    # the items by their Thai titles, as the person page names them (not codes or keys)
    teacher = FORMS.agreement_forms["teacher"].indicators
    assert weak.startswith(f"1.1 {teacher[0].title}, 1.2 {teacher[1].title}")
    assert weak.endswith("ประเด็นท้าทาย: ผลลัพธ์การพัฒนาที่คาดหวังเชิงคุณภาพ")
    total = report.table("results").rows[-1]
    assert total[:5] == ("รวมทั้งเขต", "", 2, 0, 1)  # 2 assessees, 0 passed, 1 failed
    assert report.table("returns").rows == (("ส่งคืนแก้ไข", "ขาดหลักฐาน", 1),)
    overdue = report.table("overdue").rows
    assert ("โรงเรียนสอง", "นายt2 ทดสอบ", "ส่งข้อตกลงในการพัฒนางาน (PA 1)") in [r[:3] for r in overdue]


def test_all_formats_render_the_same_tables():
    report = build_report(small_model(), FORMS, 2569, 1, D(2026, 3, 25))
    md = render(report, "md").decode()
    assert md.startswith("# รายงานผลการดำเนินงาน PA ปีงบประมาณ 2569 รอบที่ 1")
    assert md.count("\n## ") == len(report.tables)
    assert "25 มี.ค. 2569" in md
    raw = render(report, "csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [row[0] for row in lines if row and row[0].startswith("## ")] == [
        f"## {t.title}" for t in report.tables
    ]
    data = json.loads(render(report, "json"))
    assert [t["key"] for t in data["tables"]] == [t.key for t in report.tables]
    assert data["tables"][0]["rows"][5] == ["ข้อมูล ณ วันที่", "2026-03-25"]
    book = load_workbook(io.BytesIO(render(report, "xlsx")))
    assert book.sheetnames == [t.sheet for t in report.tables]


@pytest.fixture(scope="module")
def demo():
    project = Project.at(RECORDS)
    model = build_model(validate(project).corpus, project.forms)
    # the report shows the office as its records knew it on --as-of (patracker.asof)
    return project, known_on(model, dt.date.fromisoformat(AS_OF))


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, demo):
    out = tmp_path_factory.mktemp("report")
    runner = CliRunner()
    for fmt in ("md", "csv", "xlsx", "json"):
        args = ["report", "--fy", "2569", "--round", "1", "--format", fmt]
        args += ["--records", str(RECORDS), "--as-of", AS_OF, "--out", str(out / f"r.{fmt}")]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    return out


def test_cli_writes_all_four_formats_for_the_demo_office(outputs):
    assert (outputs / "r.md").read_text(encoding="utf-8").startswith("# รายงาน")
    assert (outputs / "r.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert json.loads((outputs / "r.json").read_text(encoding="utf-8"))["tables"]
    assert load_workbook(outputs / "r.xlsx").sheetnames[0] == "ข้อมูลรายงาน"


def _sheet_rows(book, name):
    sheet = book[name]
    assert sheet.cell(2, 1).value  # row 1 is the title, row 2 the header
    return [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=3)]


def test_xlsx_figures_match_the_engine(outputs, demo):
    project, model = demo
    book = load_workbook(outputs / "r.xlsx")
    expected = {k.title: k for k in kpis.all_kpis(model, project.forms, 2569, 1)}
    for row in _sheet_rows(book, "ตัวชี้วัดความสำเร็จ"):
        k = expected[row[0]]
        assert row[1] == (float(floor(k.value, 2)) if k.value is not None else None)  # cut
        assert row[5:] == (len(k.counted), len(k.base))
    total = _sheet_rows(book, "คำขอวิทยฐานะ")[-1]
    counts = apps.counts_by_school(model)[""]
    assert total == ("รวมทั้งเขต", *(len(counts[key]) for key, _, _ in apps.BUCKETS))
    results = summary.round_summaries(model, project.forms, 2569, 1)
    states = [r.state for r in results]
    last = _sheet_rows(book, "ผล PA 3")[-1]
    assert last[:5] == (
        "รวมทั้งเขต",
        None,
        len(results),
        states.count("passed"),
        states.count("failed"),
    )
    assert len(_sheet_rows(book, "ผู้ไม่ผ่าน")) == states.count("failed")


def test_cli_refuses_an_unknown_round():
    result = CliRunner().invoke(
        app, ["report", "--fy", "2555", "--round", "1", "--records", str(RECORDS)]
    )
    assert result.exit_code == 2


def test_record_text_never_becomes_a_spreadsheet_formula():
    import csv
    import io

    from openpyxl import load_workbook

    from patracker.report import Report, Table, render

    hostile = '=HYPERLINK("https://x.example","คลิก")'
    table = Table("t", "ตาราง", "ตาราง", ("ชื่อ", "จำนวน"), ((hostile, -3), ("+ครูสมศรี", 5)))
    report = Report("รายงาน", (table,))
    rows = list(csv.reader(io.StringIO(render(report, "csv").decode("utf-8-sig"))))
    assert rows[2] == ["'" + hostile, "-3"]
    assert rows[3][0] == "'+ครูสมศรี"
    sheet = load_workbook(io.BytesIO(render(report, "xlsx"))).worksheets[0]
    assert sheet["A3"].data_type == "s" and sheet["A3"].value == hostile
    assert sheet["B3"].value == -3


def test_the_same_report_gives_the_same_xlsx_bytes():
    """Builds are reproducible: a download changes only when its figures do."""
    import time

    from patracker.report import Report, Table, render

    report = Report("รายงาน", (Table("t", "ตาราง", "ตาราง", ("ชื่อ",), (("ก",),)),))
    first = render(report, "xlsx")
    time.sleep(1.1)
    assert render(report, "xlsx") == first


def test_xlsx_sheets_have_a_bold_header_frozen_above_the_rows():
    from patracker.report import Report, Table, render

    table = Table("t", "ตาราง", "ตาราง", ("ชื่อ-สกุล", "จำนวน"), (("ครูสมศรี ใจดี", 5),))
    sheet = load_workbook(io.BytesIO(render(Report("รายงาน", (table,)), "xlsx"))).worksheets[0]
    assert sheet["A1"].value == "ตาราง" and sheet["A1"].font.b and sheet["A1"].font.sz == 13
    assert [c.value for c in sheet[2]] == ["ชื่อ-สกุล", "จำนวน"] and sheet["B2"].font.b
    assert not sheet["A3"].font.b
    assert sheet.freeze_panes == "A3"
    assert sheet.column_dimensions["A"].width >= len("ครูสมศรี ใจดี") + 4

"""An HR officer's roster as offices really send it, built with openpyxl.

Two title lines, a header with the office's own wording (``ชื่อ - สกุล``, ``อันดับ``,
``กลุ่มสาระ/วิชาเอก``, ``เลขที่ตำแหน่ง``, a line break inside a header), 18 people written
the way an officer types them (titles glued to names, ``ผอ.ร.ร.``, ``ครูชำนาญการ`` with the
standing column empty, ``ร.ร.`` school names, districts without ``อำเภอ``, a supervisor
listed under the office's name), then a total row and a signature block.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from .conftest import person

HEADERS = [
    "ที่",
    "เลขที่ตำแหน่ง",
    "ชื่อ - สกุล",
    "ตำแหน่ง",
    "วิทยฐานะ",
    "อันดับ",
    "กลุ่มสาระ/วิชาเอก",
    "สถานศึกษา",
    "อำเภอ",
    "วัน เดือน ปี\nที่บรรจุ",
    "เบอร์โทร",
    "หมายเหตุ",
    "ชื่อเล่น",
]
COL = {name: i for i, name in enumerate(HEADERS)}
FIRST_ROW = 4  # two title lines and the header above
DONSA = "ร.ร.ดอนสะอาดวิทยาคม"  # recorded as โรงเรียนดอนสะอาดวิทยาคม, อำเภอดอนสะอาด
DONSA_ID = "donsa-at-witthayakhom"
KHOK = "ร.ร.บ้านโคกสูง"  # not recorded: a new school
OFFICE = "สพม.นครสุวรรณ"  # the office itself (records/office.yaml short_name)

# (person id or None for someone new, name as typed, position, standing, grade, subject,
#  school, district, appointed (None: as recorded))
PEOPLE = [
    ("phattra-panthong", "นางสาวภัทรา ปานทอง", "ผอ.ร.ร.", "เชี่ยวชาญ", "คศ.4", "-", DONSA, "ดอนสะอาด", None),
    ("supaporn-sakdee", "นางสุภาพร ศักดิ์ดี", "รอง ผอ.รร.", "ชำนาญการพิเศษ", "คศ.3", "-", DONSA, "ดอนสะอาด", None),
    ("supachai-prathumma", "นายศุภชัย ประทุมมา", "ครูชำนาญการพิเศษ", None, "คศ.3", None, DONSA, "ดอนสะอาด", None),
    ("wannipha-phosri", "นางสาววรรณิภา โพธิ์ศรี", "ครูเชี่ยวชาญ", None, "คศ.4", None, DONSA, "ดอนสะอาด", None),
    ("wanphen-duangkaeo", "นางวันเพ็ญ ดวงแก้ว", "ครู", "ชำนาญการพิเศษ", "ค.ศ.3", None, DONSA, "ดอนสะอาด", None),
    ("chanphen-lamom", "นางจันทร์เพ็ญ ละม่อม", "ครูชำนาญการพิเศษ", None, "คศ.3", None, DONSA, "ดอนสะอาด", None),
    ("phonthip-sakdee", "นางพรทิพย์ ศักดิ์ดี", "ครู", "ชำนาญการพิเศษ", "คศ.3", None, DONSA, "ดอนสะอาด", None),
    ("chakkraphan-kanchanawong", "นายจักรพันธ์ กาญจนวงศ์", "ครูชำนาญการ", None, "คศ.2", None, DONSA, "ดอนสะอาด", None),
    ("phimchanok-thongsuk", "นางสาวพิมพ์ชนก ทองสุข", "ครูชำนาญการ", None, "คศ. 2", None, DONSA, "ดอนสะอาด", None),
    ("ekkachai-sukcharoen", "นายเอกชัย สุขเจริญ", "ครูชำนาญการ", None, "คศ.2", None, DONSA, "อ.ดอนสะอาด", None),
    ("phanuwat-chaiyasit", "นายภานุวัฒน์ ไชยสิทธิ์", "ครู", "-", "คศ.1", None, DONSA, "ดอนสะอาด", None),
    ("rattana-khamkaeo", "นางรัตนา คำแก้ว", "ครูผู้ช่วย", "-", "ครูผู้ช่วย", None, DONSA, "ดอนสะอาด", None),
    (None, "นายธนากร ศรีสุข", "ครู", "-", "คศ.1", "วิทยาศาสตร์และเทคโนโลยี", DONSA, "ดอนสะอาด", dt.date(2021, 6, 1)),
    ("chakkraphan-wongsawan", "นายจักรพันธ์ วงษ์สวรรค์", "ศึกษานิเทศก์ชำนาญการพิเศษ", None, "คศ.3", "-", OFFICE, "เมืองนครสุวรรณ", None),
    (None, "นายประเสริฐ มั่นคง", "ผอ.รร.", "ชำนาญการพิเศษ", "คศ.3", "-", KHOK, "อ.โนนสูง", dt.date(2006, 5, 16)),
    (None, "นางสาวมาลี ใจงาม", "ครู", "-", "คศ.1", "ภาษาไทย", KHOK, "อ.โนนสูง", dt.date(2020, 10, 1)),
    (None, "นางสาวอรุณี แก้วมณี", "ครูผู้ช่วย", "-", "ครูผู้ช่วย", "คณิตศาสตร์", KHOK, "โนนสูง", "1 ต.ค. 2567"),
    ("chiraporn-sriprasoet", "นางสาวจิราพร ศรีประเสริฐ", "ครูชำนาญการ", None, "คศ.2", None, "โรงเรียนบ้านไผ่งามวิทยา", "บ้านไผ่งาม", None),
]  # fmt: skip
TOTAL_ROW = FIRST_ROW + len(PEOPLE)  # "รวม 18 คน"
SIGNATURE_ROWS = [TOTAL_ROW + 2 + i for i in range(4)]  # after one empty row


def people_rows(records: Path) -> list[list]:
    """The 18 rows, recorded people's dates and subjects taken from their records."""
    rows = []
    for number, (pid, name, position, standing, grade, subject, school, district, day) in enumerate(
        PEOPLE, start=1
    ):
        data = person(records, pid) if pid else {}
        appointed = day or dt.date.fromisoformat(data["appointed"])
        row = [None] * len(HEADERS)
        row[COL["ที่"]] = number
        row[COL["เลขที่ตำแหน่ง"]] = 4100 + number  # a number cell, as Excel keeps it
        row[COL["ชื่อ - สกุล"]] = name
        row[COL["ตำแหน่ง"]] = position
        row[COL["วิทยฐานะ"]] = standing
        row[COL["อันดับ"]] = grade
        row[COL["กลุ่มสาระ/วิชาเอก"]] = subject if subject else data.get("subject")
        row[COL["สถานศึกษา"]] = school
        row[COL["อำเภอ"]] = district
        row[COL["วัน เดือน ปี\nที่บรรจุ"]] = appointed
        row[COL["เบอร์โทร"]] = (data.get("contact") or {}).get("phone")
        row[COL["ชื่อเล่น"]] = "ครูต้น" if number == 3 else None
        rows.append(row)
    rows[2][COL["หมายเหตุ"]] = "ย้ายมาเมื่อ 1 พ.ย. 2566"
    return rows


def hr_workbook(path: Path, records: Path, rows: list[list] | None = None, headers=HEADERS) -> Path:
    """Write the officer's workbook; ``rows`` replaces the 18 people when given."""
    book = Workbook()
    ws = book.active
    ws.title = "ข้อมูลครู"
    width = len(headers)
    ws.append(["บัญชีรายชื่อข้าราชการครูและบุคลากรทางการศึกษา ปีงบประมาณ 2569"])
    ws.append(["สำนักงานเขตพื้นที่การศึกษามัธยมศึกษานครสุวรรณ   ข้อมูล ณ วันที่ 10 มิถุนายน 2568"])
    for line in (1, 2):
        ws.merge_cells(start_row=line, start_column=1, end_row=line, end_column=width)
    ws.append(headers)
    people = people_rows(records) if rows is None else rows
    for row in people:
        ws.append(row)
    total = [None] * width
    total[0] = f"รวม {len(people)} คน"
    ws.append(total)
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=3)
    ws.append([])
    signed = COL["สถานศึกษา"]
    for text in (
        "ลงชื่อ ............................................ ผู้รายงาน",
        "(นางกาญจนา สุขเจริญ)",
        "ตำแหน่ง นักทรัพยากรบุคคลชำนาญการ",
        "วันที่ ........ เดือน .................... พ.ศ. ..........",
    ):
        line = [None] * width
        line[signed] = text
        ws.append(line)
        row = ws.max_row  # centred across three columns, as a signature block is
        ws.merge_cells(start_row=row, start_column=signed + 1, end_row=row, end_column=signed + 3)
    book.save(path)
    return path

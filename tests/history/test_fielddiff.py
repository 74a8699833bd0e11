"""Field diffs read as Thai sentences built from the schemas, not as YAML text."""

from __future__ import annotations

import copy

import pytest

from patracker.history.fielddiff import Differ
from patracker.load import read_bytes
from patracker.project import Project

from .office import AGREEMENT, APPLICATION, dump, evaluation


@pytest.fixture(scope="module")
def differ() -> Differ:
    return Differ(Project.at("records-that-do-not-exist").schemas)


def loaded(data: dict) -> dict:
    """Data as the strict loader gives it: unquoted scalars stay text."""
    return read_bytes(dump(data).encode(), "x.yaml").data


def texts(differ, kind, old, new) -> list[str]:
    return [c.text for c in differ.diff(kind, loaded(old), loaded(new))]


def test_indicator_level_reads_as_the_issue_asks(differ):
    old = evaluation("malee-raksa", low="1.3")
    new = evaluation("malee-raksa")
    assert texts(differ, "evaluation", old, new) == ["ตัวชี้วัด 1.3: ระดับ 2 → 3"]


def test_part2_comment_final_flag_and_date_use_schema_titles(differ):
    old = evaluation("malee-raksa", final=False)
    new = copy.deepcopy(old)
    new["part2"]["methods"]["comment"] = "ชัดเจน"
    new["final"] = True
    new["date"] = "2026-03-11"
    assert texts(differ, "evaluation", old, new) == [
        "วันที่ประเมิน: 10 มี.ค. 2569 → 11 มี.ค. 2569",
        "เพิ่ม วิธีการดำเนินการ — ความเห็น: ชัดเจน",
        "ยืนยันผลแล้ว: ไม่ใช่ → ใช่",
    ]


def test_application_status_transition_and_appended_entry(differ):
    new = copy.deepcopy(APPLICATION)
    new["history"].append({"status": "submitted", "date": "2025-11-12", "by": "somchai-jaidee"})
    assert texts(differ, "application", APPLICATION, new) == [
        "สถานะคำขอ: ส่งคืนแก้ไข → ยื่นคำขอ",
        "เพิ่ม ประวัติสถานะ รายการที่ 3: ยื่นคำขอ (12 พ.ย. 2568 โดย somchai-jaidee)",
    ]


def test_enum_labels_nested_fields_and_removals(differ):
    new = copy.deepcopy(AGREEMENT)
    new["status"] = "returned"
    new["part1"]["2.1"]["tasks"] = "งานใหม่"
    new["workload"]["support"] = 6
    del new["approval"]
    assert texts(differ, "agreement", AGREEMENT, new) == [
        "สถานะข้อตกลง: เห็นชอบ → ไม่เห็นชอบ (ส่งคืนแก้ไข)",
        "ลบ ความเห็นของผู้บังคับบัญชา (เดิม: kanya-srisuk · 20 ต.ค. 2568)",
        "1.2 งานส่งเสริมและสนับสนุนการจัดการเรียนรู้: 4 → 6",
        "ตัวชี้วัด 2.1 — งาน (Tasks): งานตามตัวชี้วัด 2.1 → งานใหม่",
    ]


def test_unchanged_data_gives_no_lines_even_if_quoting_differs(differ):
    text = dump(evaluation("kanya-srisuk"))
    requoted = text.replace("level: 3", "level: '3'")
    assert requoted != text
    old = read_bytes(text.encode(), "a").data
    new = read_bytes(requoted.encode(), "b").data
    assert differ.diff("evaluation", old, new) == []


def test_new_file_shows_its_key_content(differ):
    """A new application: its status headline, then its top-level values (not its history)."""
    lines = [c.text for c in differ.diff("application", None, loaded(APPLICATION))]
    assert lines[0] == "สถานะคำขอ: (ไม่มี) → ส่งคืนแก้ไข"
    assert "เพิ่ม รหัสคำขอ: somchai-jaidee-2569" in lines
    assert len(lines) == 1 + sum(not isinstance(v, list | dict) for v in APPLICATION.values())
    deleted = differ.diff("application", loaded(APPLICATION), None)
    assert [c.text for c in deleted] == ["สถานะคำขอ: ส่งคืนแก้ไข → (ไม่มี)"]


def test_new_evaluation_shows_who_and_when(differ):
    lines = [c.text for c in differ.diff("evaluation", None, loaded(evaluation("malee-raksa")))]
    assert "เพิ่ม รอบการประเมิน: 1" in lines or any(t.endswith(": 1") for t in lines)
    assert any("malee-raksa" in t for t in lines)
    assert not any("1.1" in t for t in lines)  # the indicators stay out of the headline

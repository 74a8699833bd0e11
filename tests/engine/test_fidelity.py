"""Issue 18, item 5: the registered KPI's population as the office sets it (seed 002's
"ครู/ศึกษานิเทศก์" by default), the ESA-director form's titles as seed 004 writes them, a
failed workload gate named as the cause, and Thai titles for the items that pulled a
total down."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

import pytest

from patracker.engine import kpis, summary
from patracker.engine.scoring import item_title
from patracker.report import _cause, _Names

from .conftest import (
    FORMS,
    TEACHER_CODES,
    agreement,
    committee,
    evaluation,
    make_model,
    office,
    person,
)


def _people():
    # two teachers, one supervisor, one school director, all owing a PA in FY 2569
    return [
        person("t1"),
        person("t2"),
        person("s1", "supervisor", school=None),
        person("d1", "school-director"),
    ]


@pytest.mark.parametrize(
    ("population", "base", "percent"),
    [
        # default (seed 002): teachers and supervisors t1, t2, s1; t1 and s1 have a PA 1 → 2/3
        (None, ("s1", "t1", "t2"), pytest.approx(200 / 3)),
        # an office that counts the school director too: 3 of 4 = 75 %
        (("teacher", "supervisor", "school-director"), ("d1", "s1", "t1", "t2"), 75),
        # teachers only: 1 of 2 = 50 %
        (("teacher",), ("t1", "t2"), 50),
    ],
)
def test_registered_kpi_counts_the_population_the_office_sets(population, base, percent):
    the_office = office()
    if population is not None:
        the_office = dataclasses.replace(
            the_office, kpi_population=MappingProxyType({"registered": population})
        )
    model = make_model(
        people=_people(),
        agreements=[agreement("t1"), agreement("s1"), agreement("d1")],
        the_office=the_office,
    )
    kpi = kpis.registered(model, FORMS, 2569)
    assert kpi.base == base and kpi.value == percent
    assert kpi.population == (population or ("teacher", "supervisor"))


# the sub-components seed 004 writes in full (the form had them shortened)
SEED_004 = {
    "1.3": "ส่งเสริม สนับสนุน วิเคราะห์ วิจัย และประสานงานด้านวิชาการ รวมทั้งส่งเสริม สนับสนุน การพัฒนา หรือการนำสื่อ นวัตกรรม และเทคโนโลยีทางการศึกษามาใช้ในการพัฒนาการจัดการศึกษา",
    "1.4": "ส่งเสริมให้มีการจัดระบบประกันคุณภาพการศึกษา ประเมินผลสถานศึกษา รวมทั้งส่งเสริมสนับสนุน การนิเทศการศึกษา",
    "2.1": "บริหารงานบุคคล บริหารงบประมาณ บริหารทั่วไป ให้เป็นไปตามกฎหมายที่เกี่ยวข้อง รวมทั้งส่งเสริมและพัฒนา ข้าราชการครูและบุคลากรทางการศึกษา",
    "4.1": "สร้างและพัฒนาความร่วมมืออย่างสร้างสรรค์กับ ข้าราชการครูและบุคลากรทางการศึกษา ผู้เรียน สถานศึกษา หน่วยงานภาครัฐ ชุมชน และเครือข่าย",
    "4.2": "จัดระบบการให้บริการ และประสานความร่วมมือกับ ชุมชนและเครือข่าย รวมทั้ง ประสาน ส่งเสริมและสนับสนุน การจัดการศึกษา",
}


@pytest.mark.parametrize(("code", "title"), sorted(SEED_004.items()))
def test_esa_director_titles_are_the_seeds(code, title):
    form = FORMS.agreement_forms["esa-director"]
    assert {i.code: i.title for i in form.indicators}[code] == title


def _failed_round(gate: bool):
    members = ("m1", "m2", "m3")
    levels = dict.fromkeys(TEACHER_CODES, 3) | {"1.1": 1}  # indicator 1.1 at level 1
    model = make_model(
        people=[person("t1"), *(person(m, "external-expert", school=None) for m in members)],
        agreements=[agreement("t1")],
        committees=[committee("c", ("t1",), members)],
        evaluations=[
            evaluation("t1", "m1", levels, 1, gate=gate),  # 53 points (see below)
            evaluation("t1", "m2"),
            evaluation("t1", "m3"),
        ],
    )
    return model, summary.round_summary(model, FORMS, "t1", 2569, 1)


def test_a_failed_workload_gate_is_the_cause_not_an_indicator():
    model, result = _failed_round(gate=False)
    # m1 found the workload below the minimum: total 0, so the round fails on the gate
    assert result.state == "failed" and result.gate_failed == ("m1",) and result.weak == ()
    assert _cause(result, _Names(model, None, FORMS)) == "ภาระงานไม่ครบเกณฑ์ขั้นต่ำ (ไม่ประเมินคะแนน)"


def test_weak_items_are_named_in_thai():
    model, result = _failed_round(gate=True)
    # m1: 14 indicators × level 3 (3 points each) + 1.1 at level 1 (1 point) = 43 of 60;
    # Part 2 at level 1: 20/4 + 10/4 + 10/4 = 10 of 40 → 53 < 70: failed by 1.1 and Part 2
    assert result.state == "failed" and result.lowest.score.total == 53
    cause = _cause(result, _Names(model, None, FORMS))
    teacher = FORMS.agreement_forms["teacher"]
    assert cause.startswith(f"1.1 {teacher.indicators[0].title}")
    assert "ประเด็นท้าทาย: ผลลัพธ์การพัฒนาที่คาดหวังเชิงปริมาณ" in cause
    assert "quantitative" not in cause and "qualitative" not in cause
    assert item_title("methods", FORMS.pa2) == "ประเด็นท้าทาย: วิธีการดำเนินการให้บรรลุผล"

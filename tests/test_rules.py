"""Layout, reference, rule and privacy checks: break the minimal tree in one place each time.

Every case copies ``tests/fixtures/minimal/records`` (which validates clean), changes one
thing, and asserts the exact (code, file, line) list the validator reports — nothing more.
A line is given as a snippet of the offending line, looked up after the change.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import MINIMAL, SCHEMAS, edit, full_problems, line_of, problems_of
from patracker.layout import classify
from patracker.load import read_file
from patracker.schemas import SchemaSet

PERSON = "people/somsak-thongdee/person.yaml"
AGREEMENT = "people/somsak-thongdee/2569/agreement.yaml"
PROGRESS = "people/somsak-thongdee/2569/progress.yaml"
REVIEW = "people/somsak-thongdee/2569/reviews/prasert-kaewkla.yaml"
EVALUATIONS = "people/somsak-thongdee/2569/evaluations"
EVAL_KANYA = f"{EVALUATIONS}/r1-kanya-srisuk.yaml"
EVAL_MALEE = f"{EVALUATIONS}/r1-malee-raksa.yaml"
EVAL_PRASERT = f"{EVALUATIONS}/r1-prasert-kaewkla.yaml"
AMENDMENT = f"{EVALUATIONS}/r1-malee-raksa-amend1.yaml"
ALL_EVALUATIONS = (EVAL_KANYA, EVAL_MALEE, AMENDMENT, EVAL_PRASERT)
INDUCTION = "people/napa-jaiyen/induction/e1-kanya-srisuk.yaml"
PA_COMMITTEE = "committees/2569/pa-ban-thung-kula.yaml"
INDUCTION_COMMITTEE = "committees/2569/induction-ban-thung-kula.yaml"
APPLICATION = "applications/somsak-thongdee-2569.yaml"
WICHAI_APPLICATION = "applications/wichai-boonmee-2568.yaml"
SCHOOL = "schools/ban-thung-kula.yaml"
OTHER_SCHOOL = "schools/nong-bua-witthaya.yaml"

Expected = tuple[str, str, int | str]


def test_minimal_tree_is_valid() -> None:
    assert problems_of(MINIMAL) == []


def test_minimal_tree_has_every_kind_of_record() -> None:
    from patracker.corpus import read_corpus
    from patracker.layout import KINDS
    from patracker.project import Project

    corpus = read_corpus(Project.at(MINIMAL))
    assert {r.kind for r in corpus.records} == set(KINDS)
    assert len(corpus.records) == 25
    positions = {r.data["position"] for r in corpus.of("person")}
    assert {"teacher", "assistant-teacher", "school-director", "supervisor"} <= positions
    assert "external-expert" in positions


def _check(records: Path, expected: list[Expected]) -> None:
    resolved = [
        (code, file, at if isinstance(at, int) else line_of(records, file, at))
        for code, file, at in expected
    ]
    assert problems_of(records) == sorted(resolved, key=lambda e: (e[1], e[2], e[0]))
    for found in full_problems(records):
        assert found.th.strip() and found.en.strip() and found.column >= 1


def _write(records: Path, relative: str, text: str) -> None:
    path = records / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _copy(records: Path, source: str, target: str, old: str = "", new: str = "") -> None:
    text = (records / source).read_text(encoding="utf-8")
    if old:
        assert text.count(old) == 1
        text = text.replace(old, new)
    _write(records, target, text)


def _drop_lines(records: Path, relative: str, start: str, count: int) -> None:
    lines = (records / relative).read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith(start))
    del lines[index : index + count]
    (records / relative).write_text("".join(lines), encoding="utf-8")


# --- layout ------------------------------------------------------------------------------


def test_pa201_file_in_an_unknown_place(records: Path) -> None:
    _write(records, "people/somsak-thongdee/notes.yaml", "note: บันทึก\n")
    _check(records, [("PA201", "people/somsak-thongdee/notes.yaml", 1)])


@pytest.mark.parametrize(
    "where",
    [
        "schools/ban_thung_kula.yaml",  # underscore is not in an id
        "people/somsak-thongdee/2569/evaluations/r3-kanya-srisuk.yaml",  # no round 3
        "people/somsak-thongdee/69/agreement.yaml",  # fiscal year must be BE 25xx
        "surveys/2569.yaml",
        "committees/pa-ban-thung-kula.yaml",  # committees live under their year
    ],
)
def test_pa201_near_misses_of_the_layout(records: Path, where: str) -> None:
    _write(records, where, "id: x\n")
    _check(records, [("PA201", where, 1)])


def test_pa206_file_that_is_not_yaml(records: Path) -> None:
    _write(records, "schools/ban-thung-kula.yml", "id: ban-thung-kula\n")
    _write(records, "people/somsak-thongdee/photo.jpg", "not an image")
    _check(
        records,
        [
            ("PA206", "people/somsak-thongdee/photo.jpg", 1),
            ("PA206", "schools/ban-thung-kula.yml", 1),
        ],
    )


def test_pa207_symlinked_file(records: Path) -> None:
    os.symlink(records / SCHOOL, records / "schools/alias-school.yaml")
    _check(records, [("PA207", "schools/alias-school.yaml", 1)])


def test_pa207_symlinked_folder_is_not_followed(records: Path) -> None:
    os.symlink(records / "people/somsak-thongdee", records / "people/somsak-link")
    _check(records, [("PA207", "people/somsak-link", 1)])


def test_pa208_names_that_clash_by_case(records: Path) -> None:
    shutil.copy(records / SCHOOL, records / "schools/Ban-thung-kula.yaml")
    # the file in the expected place is kept; the newcomer is the one reported
    _check(
        records,
        [
            ("PA201", "schools/Ban-thung-kula.yaml", 1),
            ("PA208", "schools/Ban-thung-kula.yaml", 1),
        ],
    )
    clash = next(p for p in full_problems(records) if p.code == "PA208")
    assert SCHOOL in clash.en


def test_pa209_office_file_missing(records: Path) -> None:
    (records / "office.yaml").unlink()
    _check(records, [("PA209", "office.yaml", 1)])


def test_pa202_id_differs_from_its_path(records: Path) -> None:
    edit(records, PERSON, "id: somsak-thongdee", "id: somsak-thongdi")
    _check(records, [("PA202", PERSON, "id: somsak-thongdi")])


@pytest.mark.parametrize(
    ("relative", "old", "new"),
    [
        (SCHOOL, "id: ban-thung-kula", "id: ban-thung-kula-2"),
        (PA_COMMITTEE, "id: pa-ban-thung-kula", "id: pa-ban"),
        (APPLICATION, "id: somsak-thongdee-2569", "id: somsak-2569"),
        (AGREEMENT, "person: somsak-thongdee", "person: malee-raksa"),
        (PROGRESS, "person: somsak-thongdee", "person: malee-raksa"),
        (INDUCTION, "person: napa-jaiyen", "person: somsak-thongdee"),
    ],
)
def test_pa202_every_kind_repeats_its_path_id(
    records: Path, relative: str, old: str, new: str
) -> None:
    edit(records, relative, old, new)
    _check(records, [("PA202", relative, new)])


@pytest.mark.parametrize(
    "relative", [AGREEMENT, PROGRESS, REVIEW, EVAL_KANYA, PA_COMMITTEE, "surveys/2569-r1.yaml"]
)
def test_pa203_fiscal_year_folder_disagrees_with_the_file(records: Path, relative: str) -> None:
    edit(records, relative, "fiscal_year: 2569", "fiscal_year: 2570")
    _check(records, [("PA203", relative, "fiscal_year: 2570")])


@pytest.mark.parametrize(
    ("relative", "old", "new"),
    [
        (EVAL_KANYA, "member: kanya-srisuk", "member: malee-raksa"),
        (EVAL_KANYA, "round: 1", "round: 2"),
        (REVIEW, "member: prasert-kaewkla", "member: malee-raksa"),
        (INDUCTION, "member: kanya-srisuk", "member: malee-raksa"),
        (INDUCTION, "evaluation: 1", "evaluation: 2"),
        ("surveys/2569-r1.yaml", "round: 1", "round: 2"),
    ],
)
def test_pa205_file_name_disagrees_with_the_file(
    records: Path, relative: str, old: str, new: str
) -> None:
    edit(records, relative, old, new)
    _check(records, [("PA205", relative, new)])


@pytest.mark.parametrize(
    ("relative", "old", "new"),
    [
        (PROGRESS, "date: 2026-01-12", "date: 2026-10-12"),
        (AGREEMENT, "submitted: 2025-10-10", "submitted: 2025-08-01"),  # before the 30 lead days
        (REVIEW, "date: 2025-10-15", "date: 2026-10-15"),
        ("office.yaml", "end: 2026-09-30", "end: 2026-10-30"),
    ],
)
def test_pa204_date_outside_the_fiscal_year(
    records: Path, relative: str, old: str, new: str
) -> None:
    edit(records, relative, old, new)
    _check(records, [("PA204", relative, new)])


def test_agreement_may_be_dated_within_the_lead_days_before_the_year(records: Path) -> None:
    edit(records, AGREEMENT, "submitted: 2025-10-10", "submitted: 2025-09-05")
    _check(records, [])


def test_pa411_buddhist_era_year_in_a_date(records: Path) -> None:
    edit(records, PERSON, "appointed: 2012-05-16", "appointed: 2555-05-16")
    _check(records, [("PA411", PERSON, "appointed: 2555-05-16")])
    (found,) = full_problems(records)
    assert "2012-05-16" in found.en and "2012-05-16" in found.th


# --- references --------------------------------------------------------------------------


def test_pa301_unknown_school(records: Path) -> None:
    edit(records, PERSON, "school: ban-thung-kula", "school: ban-thung-kulaa")
    _check(records, [("PA301", PERSON, "school: ban-thung-kulaa")])


@pytest.mark.parametrize(
    ("relative", "old", "new"),
    [
        (AGREEMENT, "by: kanya-srisuk", "by: kanya-sri"),
        (SCHOOL, "director: kanya-srisuk", "director: kanya-sri"),
        ("office.yaml", "hr: [rattana-khamdee]", "hr: [rattana-kham]"),
        (APPLICATION, "    by: kanya-srisuk\n    reason:", "    by: nobody\n    reason:"),
    ],
)
def test_pa302_unknown_person(records: Path, relative: str, old: str, new: str) -> None:
    edit(records, relative, old, new)
    snippet = new.split("\n")[0].strip()
    _check(records, [("PA302", relative, snippet)])


def test_pa302_unknown_committee_member(records: Path) -> None:
    edit(records, INDUCTION_COMMITTEE, "person: sunee-phonphan", "person: sunee-phon")
    _check(records, [("PA302", INDUCTION_COMMITTEE, "person: sunee-phon")])


def test_pa303_no_committee_for_the_assessee(records: Path) -> None:
    edit(records, PA_COMMITTEE, "assessees:\n  - somsak-thongdee", "assessees: []")
    _check(
        records,
        [("PA303", f, "person: somsak-thongdee") for f in (*ALL_EVALUATIONS, REVIEW)],
    )


def test_pa304_evaluator_not_on_the_committee(records: Path) -> None:
    target = f"{EVALUATIONS}/r1-wichai-boonmee.yaml"
    _copy(records, EVAL_KANYA, target, "member: kanya-srisuk", "member: wichai-boonmee")
    _check(records, [("PA304", target, "member: wichai-boonmee")])


def test_pa304_reviewer_not_on_the_committee(records: Path) -> None:
    target = "people/somsak-thongdee/2569/reviews/anan-chaiyo.yaml"
    _copy(records, REVIEW, target, "member: prasert-kaewkla", "member: anan-chaiyo")
    _check(records, [("PA304", target, "member: anan-chaiyo")])


def test_pa304_induction_evaluator_not_on_the_induction_committee(records: Path) -> None:
    target = "people/napa-jaiyen/induction/e1-prasert-kaewkla.yaml"
    _copy(records, INDUCTION, target, "member: kanya-srisuk", "member: prasert-kaewkla")
    _check(records, [("PA304", target, "member: prasert-kaewkla")])


def test_pa305_assessee_of_two_committees(records: Path) -> None:
    second = "committees/2569/pa-second.yaml"
    _copy(records, PA_COMMITTEE, second, "id: pa-ban-thung-kula", "id: pa-second")
    _check(records, [("PA305", second, "- somsak-thongdee")])


def test_pa306_amendment_of_a_missing_evaluation(records: Path) -> None:
    edit(records, AMENDMENT, "amends: r1-malee-raksa.yaml", "amends: r1-malee-raksaa.yaml")
    _check(records, [("PA306", AMENDMENT, "amends:")])


# --- rules -------------------------------------------------------------------------------


def test_pa401_indicator_missing(records: Path) -> None:
    _drop_lines(records, AGREEMENT, '  "3.3":', 4)
    _check(records, [("PA401", AGREEMENT, "part1:")])
    (found,) = full_problems(records)
    assert "missing 3.3" in found.en and "expected 15, found 14" in found.en


def test_pa401_indicator_numbered_outside_the_form(records: Path) -> None:
    edit(records, AGREEMENT, '"1.8":', '"1.9":')
    _check(records, [("PA401", AGREEMENT, "part1:")])
    (found,) = full_problems(records)
    assert "missing 1.8" in found.en and "not in the form 1.9" in found.en


def test_pa401_indicators_out_of_order(records: Path) -> None:
    edit(records, AGREEMENT, '"1.1":', '"1.X":')
    edit(records, AGREEMENT, '"1.2":', '"1.1":')
    edit(records, AGREEMENT, '"1.X":', '"1.2":')
    _check(records, [("PA401", AGREEMENT, "part1:")])
    assert "order must be 1.1, 1.2" in full_problems(records)[0].en


def test_pa401_indicator_extra_in_an_evaluation(records: Path) -> None:
    edit(
        records,
        EVAL_KANYA,
        '  "3.3":\n    level: 3\n',
        '  "3.3":\n    level: 3\n  "3.4":\n    level: 3\n',
    )
    _check(records, [("PA401", EVAL_KANYA, "part1:")])


def test_pa401_induction_item_missing(records: Path) -> None:
    _drop_lines(records, INDUCTION, '  "1.5":', 1)
    _check(records, [("PA401", INDUCTION, "conduct:")])


def test_pa402_wrong_form_for_the_position(records: Path) -> None:
    edit(records, AGREEMENT, "form: teacher", "form: school-director")
    _check(records, [("PA402", AGREEMENT, "form: school-director")])
    (found,) = full_problems(records)
    assert "use 'teacher'" in found.en and "ครู" in found.th


def test_pa402_unknown_form(records: Path) -> None:
    edit(records, AGREEMENT, "form: teacher", "form: pa1-s")
    _check(records, [("PA402", AGREEMENT, "form: pa1-s")])


def test_pa403_teacher_needs_one_challenge(records: Path) -> None:
    text = (records / AGREEMENT).read_text(encoding="utf-8")
    challenge = text[text.index("  - title:") :]
    _write(records, AGREEMENT, text + challenge)
    _check(records, [("PA403", AGREEMENT, "challenges:")])


ESA = "people/thawatchai-phetkla"
ESA_CODES = [
    *("1.1", "1.2", "1.3", "1.4"),
    *("2.1", "2.2", "2.3"),
    *("3.1", "3.2", "3.3"),
    *("4.1", "4.2"),
    *("5.1", "5.2", "5.3"),
]


def _esa_director(records: Path, challenges: int, grouped: bool = True) -> str:
    _write(
        records,
        f"{ESA}/person.yaml",
        "id: thawatchai-phetkla\ntitle: นาย\nfirst_name: ธวัชชัย\nlast_name: เพชรกล้า\n"
        "position: esa-director\nstanding: senior-expert\nappointed: 2001-04-01\n",
    )
    rows = ["person: thawatchai-phetkla", "fiscal_year: 2569", "form: esa-director"]
    rows += ["status: draft", "part1:"]
    for code in ESA_CODES:
        rows += [f'  "{code}":', f"    tasks: งานองค์ประกอบ {code}"]
        if grouped:
            rows += [
                "    outcomes:",
                f"      learners: ผู้เรียนได้รับประโยชน์ {code}",
                f"      schools: สถานศึกษาพัฒนา {code}",
                "    indicators:",
                f"      learners: ร้อยละ 80 ของผู้เรียน {code}",
            ]
        else:
            rows += [f"    outcomes: ผลลัพธ์ {code}", f"    indicators: ตัวชี้วัด {code}"]
    rows.append("challenges:")
    for n in range(1, challenges + 1):
        rows += [
            f"  - title: ประเด็นท้าทายที่ {n}",
            "    problem: ผลสัมฤทธิ์ O-NET ต่ำกว่าค่าเฉลี่ยประเทศร้อยละ 12",
            "    methods: ขั้นที่ 1 วิเคราะห์ข้อมูล ขั้นที่ 2 นิเทศ ขั้นที่ 3 ติดตาม",
            "    quantitative: โรงเรียนร้อยละ 80 มีผลสัมฤทธิ์สูงขึ้น",
            "    qualitative: ครูใช้ข้อมูลวางแผนการสอน",
            "    policy: Quick Win การอ่านออกเขียนได้",
        ]
    relative = f"{ESA}/2569/agreement.yaml"
    _write(records, relative, "\n".join(rows) + "\n")
    return relative


def test_esa_director_with_three_challenges_is_valid(records: Path) -> None:
    _esa_director(records, challenges=3)
    _check(records, [])


@pytest.mark.parametrize("count", [1, 2, 4])
def test_pa403_esa_director_needs_three_challenges(records: Path, count: int) -> None:
    relative = _esa_director(records, challenges=count)
    _check(records, [("PA403", relative, "challenges:")])
    (found,) = full_problems(records)
    assert f"exactly 3 challenge issue(s) (found {count})" in found.en


def test_pa410_esa_director_outcomes_need_target_groups(records: Path) -> None:
    relative = _esa_director(records, challenges=3, grouped=False)
    expected = []
    for code in ESA_CODES:
        expected.append(("PA410", relative, f"outcomes: ผลลัพธ์ {code}"))
        expected.append(("PA410", relative, f"indicators: ตัวชี้วัด {code}"))
    _check(records, expected)


def test_pa410_teacher_outcomes_are_plain_text(records: Path) -> None:
    edit(
        records,
        AGREEMENT,
        "    outcomes: ผู้เรียนได้รับการพัฒนาตามตัวชี้วัด 2.1",
        "    outcomes:\n      learners: ผู้เรียนได้รับการพัฒนาตามตัวชี้วัด 2.1",
    )
    line = line_of(records, AGREEMENT, '"2.1"') + 2
    _check(records, [("PA410", AGREEMENT, line)])


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("role: member\n  - person: prasert", "role: chair\n  - person: prasert", PA_COMMITTEE),
        (
            "  - person: prasert-kaewkla\n    role: member\n",
            "  - person: prasert-kaewkla\n    role: member\n  - person: malee-raksa\n    role: member\n",
            PA_COMMITTEE,
        ),
        ("    role: chair\n", "    role: member\n", INDUCTION_COMMITTEE),
    ],
    ids=["two-chairs", "four-members-one-twice", "no-chair"],
)
def test_pa404_committee_composition(records: Path, old: str, new: str, where: str) -> None:
    edit(records, where, old, new)
    _check(records, [("PA404", where, "members:")])


def test_pa404_committee_of_two(records: Path) -> None:
    _drop_lines(records, INDUCTION_COMMITTEE, "  - person: sunee-phonphan", 2)
    _check(records, [("PA404", INDUCTION_COMMITTEE, "members:")])
    assert "2 members, 2 distinct, 1 chair(s)" in full_problems(records)[0].en


def test_pa410_member_assesses_themself(records: Path) -> None:
    edit(records, PA_COMMITTEE, "  - somsak-thongdee", "  - somsak-thongdee\n  - malee-raksa")
    _check(records, [("PA410", PA_COMMITTEE, "  - malee-raksa")])


@pytest.mark.parametrize(
    "date", ["2026-04-02", "2025-09-30"], ids=["after-round-1", "before-the-year"]
)
def test_pa405_evaluation_date_outside_its_round(records: Path, date: str) -> None:
    edit(records, EVAL_PRASERT, "date: 2026-03-10", f"date: {date}")
    _check(records, [("PA405", EVAL_PRASERT, f"date: {date}")])


@pytest.mark.parametrize("status", ["submitted", "returned"])
def test_pa406_evaluation_of_an_agreement_never_approved(records: Path, status: str) -> None:
    edit(records, AGREEMENT, "status: approved", f"status: {status}")
    _check(records, [("PA406", f, "person: somsak-thongdee") for f in ALL_EVALUATIONS])
    assert all(status in p.en for p in full_problems(records))


def test_pa406_evaluation_without_any_agreement(records: Path) -> None:
    (records / AGREEMENT).unlink()
    _check(records, [("PA406", f, "person: somsak-thongdee") for f in ALL_EVALUATIONS])


def test_pa407_two_open_applications_for_the_same_standing(records: Path) -> None:
    # filed after the first one, although its name sorts before it
    second = "applications/somsak-thongdee-2569-b.yaml"
    _write(
        records,
        second,
        "id: somsak-thongdee-2569-b\nperson: somsak-thongdee\nstanding: senior-professional\n"
        "history:\n  - status: submitted\n    date: 2025-12-01\n    by: somsak-thongdee\n",
    )
    _check(records, [("PA407", second, "standing:")])
    assert APPLICATION in full_problems(records)[0].en


def test_closed_application_does_not_block_a_new_one(records: Path) -> None:
    second = "applications/wichai-boonmee-2569.yaml"
    _write(
        records,
        second,
        "id: wichai-boonmee-2569\nperson: wichai-boonmee\nstanding: senior-professional\n"
        "history:\n  - status: submitted\n    date: 2025-12-01\n    by: wichai-boonmee\n",
    )
    _check(records, [])


def test_pa408_assistant_teacher_on_a_pa_committee(records: Path) -> None:
    edit(records, PA_COMMITTEE, "  - somsak-thongdee", "  - somsak-thongdee\n  - napa-jaiyen")
    _check(records, [("PA408", PA_COMMITTEE, "  - napa-jaiyen")])


def test_pa408_assistant_teacher_with_an_agreement(records: Path) -> None:
    target = "people/napa-jaiyen/2569/agreement.yaml"
    _copy(records, AGREEMENT, target, "person: somsak-thongdee", "person: napa-jaiyen")
    _check(records, [("PA408", target, "form: teacher")])


def test_pa408_assistant_teacher_with_a_pa_evaluation(records: Path) -> None:
    target = "people/napa-jaiyen/2569/evaluations/r1-kanya-srisuk.yaml"
    _copy(records, EVAL_KANYA, target, "person: somsak-thongdee", "person: napa-jaiyen")
    _check(records, [("PA408", target, "person: napa-jaiyen")])


@pytest.mark.parametrize(
    ("relative", "old", "new"),
    [
        (APPLICATION, "  - status: school-checked", "  - status: esa-checked"),  # skips a step
        (WICHAI_APPLICATION, "  - status: approved", "  - status: withdrawn"),  # too late
    ],
)
def test_pa409_illegal_status_change(records: Path, relative: str, old: str, new: str) -> None:
    edit(records, relative, old, new)
    _check(records, [("PA409", relative, new.strip())])


def test_pa409_every_illegal_step_is_reported(records: Path) -> None:
    edit(records, APPLICATION, "  - status: returned", "  - status: approved")
    # submitted → approved is illegal, and so is approved → submitted after it
    _check(
        records,
        [("PA409", APPLICATION, "status: approved"), ("PA409", APPLICATION, 12)],
    )


def test_pa409_application_cannot_start_half_way(records: Path) -> None:
    _drop_lines(records, "applications/wichai-boonmee-2568.yaml", "  - status: draft", 3)
    _drop_lines(records, "applications/wichai-boonmee-2568.yaml", "  - status: submitted", 3)
    _check(records, [("PA409", "applications/wichai-boonmee-2568.yaml", "school-checked")])
    assert "allowed: draft, submitted" in full_problems(records)[0].en


def test_pa410_returned_application_needs_a_reason(records: Path) -> None:
    edit(records, APPLICATION, "    reason: แนบหลักฐานผลงานไม่ครบตามที่กำหนด\n", "")
    _check(records, [("PA410", APPLICATION, "  - status: returned")])


def test_pa412_application_history_going_back_in_time(records: Path) -> None:
    edit(records, APPLICATION, "date: 2025-11-12", "date: 2025-11-07")
    _check(records, [("PA412", APPLICATION, "date: 2025-11-07")])


def test_pa412_agreement_approved_before_it_was_submitted(records: Path) -> None:
    edit(records, AGREEMENT, "  date: 2025-10-20", "  date: 2025-10-05")
    _check(records, [("PA412", AGREEMENT, "  date: 2025-10-05")])


def test_pa412_round_ending_before_it_starts(records: Path) -> None:
    edit(records, "office.yaml", "end: 2026-03-31", "end: 2025-09-30")
    # the end is both before the start and outside the fiscal year
    _check(
        records,
        [("PA204", "office.yaml", "end: 2025-09-30"), ("PA412", "office.yaml", "end: 2025-09-30")],
    )


@pytest.mark.parametrize(
    ("relative", "old", "new", "snippet"),
    [
        (PROGRESS, 'indicator: "1.3"', 'indicator: "3.4"', 'indicator: "3.4"'),
        (PROGRESS, "indicator: challenge-1", "indicator: challenge-2", "challenge-2"),
        (REVIEW, '"1.4":', '"4.1":', '"4.1"'),
        (EVAL_MALEE, "final: true", "final: false", "amends:"),
    ],
    ids=[
        "progress-indicator",
        "progress-challenge",
        "review-comment",
        "amend-not-final",
    ],
)
def test_pa410_rules_of_the_record(
    records: Path, relative: str, old: str, new: str, snippet: str
) -> None:
    edit(records, relative, old, new)
    where = AMENDMENT if snippet == "amends:" else relative
    _check(records, [("PA410", where, snippet)])


def test_pa410_draft_agreement_cannot_carry_an_approval(records: Path) -> None:
    edit(records, AGREEMENT, "status: approved", "status: draft")
    # and, a draft never being approved, its evaluations are out of place too
    _check(
        records,
        [("PA410", AGREEMENT, "approval:")]
        + [("PA406", f, "person: somsak-thongdee") for f in ALL_EVALUATIONS],
    )


def test_pa410_approved_agreement_needs_its_approval(records: Path) -> None:
    _drop_lines(records, AGREEMENT, "approval:", 4)
    _check(records, [("PA410", AGREEMENT, "status: approved")])


def test_pa410_amendment_needs_a_reason(records: Path) -> None:
    _drop_lines(records, AMENDMENT, "reason:", 1)
    _check(records, [("PA410", AMENDMENT, 1)])


def test_pa410_amends_only_in_an_amendment_file(records: Path) -> None:
    edit(records, EVAL_KANYA, "final: true", "final: true\nreason: แก้ไขคะแนน")
    _check(records, [("PA410", EVAL_KANYA, "reason:")])


def test_pa413_induction_score_over_the_item_maximum(records: Path) -> None:
    edit(records, INDUCTION, '"1.2": 9', '"1.2": 12')
    _check(records, [("PA413", INDUCTION, '"1.2": 12')])


def test_pa414_induction_of_someone_not_an_assistant_teacher(records: Path) -> None:
    edit(
        records,
        "people/napa-jaiyen/person.yaml",
        "position: assistant-teacher",
        "position: teacher",
    )
    _check(records, [("PA414", INDUCTION, "person: napa-jaiyen")])


def test_pa415_school_director_from_another_school(records: Path) -> None:
    edit(records, OTHER_SCHOOL, "director: anan-chaiyo", "director: kanya-srisuk")
    _check(records, [("PA415", OTHER_SCHOOL, "director: kanya-srisuk")])


# --- privacy -----------------------------------------------------------------------------

VALID_ID = "1101700203450"  # passes the mod-11 checksum
INVALID_ID = "1101700203451"


@pytest.mark.parametrize(
    "written",
    [VALID_ID, "1-1017-00203-45-0", "1 1017 00203 45 0"],
    ids=["digits", "dashes", "spaces"],
)
def test_pa501_national_id_anywhere_is_flagged(records: Path, written: str) -> None:
    edit(records, PROGRESS, "ร้อยละ 61", f"ร้อยละ 61 (อ้างอิง {written})")
    line = line_of(records, PROGRESS, written)
    _check(records, [("PA501", PROGRESS, line)])
    (found,) = full_problems(records)
    text = (records / PROGRESS).read_text(encoding="utf-8").splitlines()[line - 1]
    assert text[found.column - 1 :].startswith(written)


def test_pa501_national_id_in_a_comment_is_flagged(records: Path) -> None:
    edit(records, PERSON, "id: somsak-thongdee\n", f"id: somsak-thongdee  # {VALID_ID}\n")
    _check(records, [("PA501", PERSON, 1)])


@pytest.mark.parametrize(
    "written",
    [INVALID_ID, "0101700203450", "11017002034501", "110170020345"],
    ids=["bad-checksum", "leading-zero", "fourteen-digits", "twelve-digits"],
)
def test_pa501_other_long_numbers_are_not_flagged(records: Path, written: str) -> None:
    edit(records, PROGRESS, "ร้อยละ 61", f"ร้อยละ 61 (อ้างอิง {written})")
    _check(records, [])


# --- robustness --------------------------------------------------------------------------

_WRONG_SHAPES = ("x", 7, ["x"], {"x": 1}, None)


def _records_and_fields() -> list[tuple[str, str]]:
    out = []
    for path in sorted(MINIMAL.rglob("*.yaml")):
        relative = path.relative_to(MINIMAL).as_posix()
        out += [(relative, key) for key in read_file(path, relative).data]
    return out


@pytest.mark.parametrize(("relative", "key"), _records_and_fields())
def test_a_field_of_the_wrong_shape_never_crashes_the_validator(
    records: Path, relative: str, key: str
) -> None:
    """Rules run beside schema errors: a record of any shape must not stop the validator."""
    schemas = SchemaSet(SCHEMAS)
    kind = classify(relative).kind
    data = read_file(MINIMAL / relative, relative).data
    for value in _WRONG_SHAPES:
        broken = {**data, key: value}
        (records / relative).write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
        found = full_problems(records)
        assert all(p.line and p.column for p in found)
        written = read_file(records / relative, relative).data
        if schemas.check(kind, schemas.coerce(kind, written), relative):
            # the broken file explains itself first
            assert any(p.file == relative and p.code.startswith("PA1") for p in found)


# --- ว26 as the regulation says (issue 18): the committee's make-up [ว19/2561 §1: the
# school director chairs, a teacher of the school mentors, an outside qualified person]
# and what a notice of results carries [§4.6]

# napa-jaiyen teaches at ban-thung-kula; its director is kanya-srisuk, its teachers
# malee-raksa and somsak-thongdee; wichai-boonmee teaches at nong-bua-witthaya;
# prasert-kaewkla is a supervisor of the office; sunee-phonphan an outside expert


@pytest.mark.parametrize(
    ("old", "new", "at"),
    [
        # the mentor from another school while the teacher's own school has teachers
        ("person: malee-raksa", "person: wichai-boonmee", "person: wichai-boonmee"),
        # the mentor is not a teacher (a supervisor, of no school)
        ("person: malee-raksa", "person: prasert-kaewkla", "person: prasert-kaewkla"),
        # the outside member teaches at the teacher's own school
        ("person: sunee-phonphan", "person: somsak-thongdee", "person: somsak-thongdee"),
        # a role missing: two mentors, no outside member
        ("role: expert", "role: mentor", "members:"),
    ],
)
def test_w26_committee_is_director_teacher_and_outsider(records, old, new, at):
    edit(records, INDUCTION_COMMITTEE, old, new)
    assert problems_of(records) == [
        ("PA416", INDUCTION_COMMITTEE, line_of(records, INDUCTION_COMMITTEE, at))
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # told the teacher, but without observations → PA417 on "notified"
        ("observations: ควรบันทึกหลังสอนสม่ำเสมอ\n", "", [("PA417", "notified:")]),
        # nor strengths
        ("strengths: ตั้งใจและตรงต่อเวลา\n", "", [("PA417", "notified:")]),
        # not told yet: nothing is required yet
        ("notified: 2025-11-20\n", "", []),
    ],
)
def test_a_notice_of_results_carries_strengths_areas_to_develop_and_observations(
    records, old, new, expected
):
    edit(records, INDUCTION, old, new)
    found = [(code, INDUCTION, line_of(records, INDUCTION, at)) for code, at in expected]
    assert problems_of(records) == found

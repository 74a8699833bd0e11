"""`patracker new` writes skeletons that validate as written and never overwrite."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from patracker.cli import app
from patracker.project import Project
from patracker.validate import validate

RECORDS = Path(__file__).resolve().parents[1] / "records"
runner = CliRunner()


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    target = tmp_path / "records"
    shutil.copytree(RECORDS, target)
    return target


def _new(records: Path, *args: str):
    return runner.invoke(app, ["new", *args, "--records", str(records)])


def _person_with(records: Path, position: str) -> str:
    for path in sorted(records.glob("people/*/person.yaml")):
        if f"position: {position}\n" in path.read_text(encoding="utf-8"):
            return path.parent.name
    raise AssertionError(position)


def test_new_person_then_agreement_progress_and_evaluation_validate(demo_copy: Path):
    school = sorted(demo_copy.glob("schools/*.yaml"))[0].stem
    assert _new(demo_copy, "person", "nok-newcomer", "--school", school).exit_code == 0
    assert _new(demo_copy, "agreement", "nok-newcomer", "--fy", "2570").exit_code == 0
    assert _new(demo_copy, "progress", "nok-newcomer", "--fy", "2570").exit_code == 0
    written = demo_copy / "people/nok-newcomer"
    assert sorted(p.relative_to(written).as_posix() for p in written.rglob("*.yaml")) == [
        "2570/agreement.yaml",
        "2570/progress.yaml",
        "person.yaml",
    ]
    agreement = (written / "2570/agreement.yaml").read_text(encoding="utf-8")
    assert "# สร้างและหรือพัฒนาหลักสูตร" in agreement  # Thai comments from the form file
    assert validate(Project.at(demo_copy)).problems == []


@pytest.mark.parametrize(
    "position,indicators,challenges",
    [("teacher", 15, 1), ("esa-director", 15, 3), ("supervisor", 11, 1)],
)
def test_agreement_skeleton_follows_the_persons_form(
    demo_copy: Path, position, indicators, challenges
):
    person = _person_with(demo_copy, position)
    shutil.rmtree(demo_copy / "people" / person / "2570", ignore_errors=True)
    result = _new(demo_copy, "agreement", person, "--fy", "2570")
    assert result.exit_code == 0, result.output
    data = Project.at(demo_copy)
    problems = [p for p in validate(data).problems if p.file.startswith(f"people/{person}/")]
    assert problems == []
    text = (demo_copy / "people" / person / "2570/agreement.yaml").read_text(encoding="utf-8")
    assert text.count("tasks:") == indicators
    assert text.count("- title:") == challenges


def test_evaluation_skeleton_for_a_committee_member_validates(demo_copy: Path):
    committee = (demo_copy / "committees/2570").glob("*-pa.yaml")
    text = next(iter(sorted(committee))).read_text(encoding="utf-8")
    member = text.split("person: ", 1)[1].split("\n", 1)[0]
    assessee = text.split("assessees:\n  - ", 1)[1].split("\n", 1)[0]
    agreement = demo_copy / f"people/{assessee}/2570/agreement.yaml"
    body = agreement.read_text(encoding="utf-8")
    if "status: approved" not in body:
        pytest.fail(
            "the first assessee of the first committee should have an approved agreement in the demo"
        )
    (demo_copy / f"people/{assessee}/2570/evaluations").mkdir(exist_ok=True)
    result = _new(
        demo_copy, "evaluation", assessee, "--fy", "2570", "--round", "1", "--member", member
    )
    assert result.exit_code == 0, result.output
    assert validate(Project.at(demo_copy)).problems == []


def test_refuses_to_overwrite(demo_copy: Path):
    person = _person_with(demo_copy, "teacher")
    path = demo_copy / f"people/{person}/2569/agreement.yaml"
    before = path.read_bytes()
    result = _new(demo_copy, "agreement", person, "--fy", "2569")
    assert result.exit_code == 1
    assert "ไม่เขียนทับ" in result.output and "not overwritten" in result.output
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "args,code",
    [
        (["widget", "someone"], 2),
        (["agreement", "Not_An_Id", "--fy", "2570"], 2),
        (["agreement", "nobody-at-all", "--fy", "2570"], 1),
        (["agreement", "nobody-at-all"], 2),
    ],
)
def test_usage_errors(demo_copy: Path, args, code):
    assert _new(demo_copy, *args).exit_code == code

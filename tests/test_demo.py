"""The demo office: valid, reproducible, and each single break gives one precise error."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest

from patracker.demo import DemoSpec, generate, write_demo
from patracker.emit import dump
from patracker.project import Project
from patracker.validate import validate

REPO = Path(__file__).resolve().parents[1]
RECORDS = REPO / "records"


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    target = tmp_path / "records"
    shutil.copytree(RECORDS, target)
    return target


def test_demo_records_validate_clean():
    result = validate(Project.at(RECORDS))
    assert result.problems == []
    assert len(result.corpus.of("person")) == 150
    assert len(result.corpus.of("school")) == 12


def test_committed_demo_is_what_the_generator_writes(tmp_path: Path):
    """records/ is reproducible: regenerate it with `patracker demo --out records --force`."""
    files = generate(DemoSpec())
    committed = {p.relative_to(RECORDS).as_posix() for p in RECORDS.rglob("*.yaml")}
    assert committed == set(files)
    for relative in sorted(files)[:: max(1, len(files) // 60)]:
        assert (RECORDS / relative).read_text(encoding="utf-8") == dump(files[relative]), relative


def test_generation_is_deterministic_per_seed():
    small = DemoSpec(people=40, schools=3, seed=7)
    assert generate(small) == generate(small)
    assert generate(small) != generate(DemoSpec(people=40, schools=3, seed=8))


@pytest.mark.parametrize("people,schools", [(25, 2), (400, 30)])
def test_any_size_validates(tmp_path: Path, people: int, schools: int):
    out = tmp_path / "records"
    count = write_demo(DemoSpec(people=people, schools=schools, seed=3), out)
    result = validate(Project.at(out))
    assert result.problems == []
    assert count == len(result.corpus.records)
    assert len(result.corpus.of("person")) >= people


def test_demo_covers_every_state():
    files = generate(DemoSpec())
    agreement_states = {d["status"] for p, d in files.items() if p.endswith("2570/agreement.yaml")}
    assert agreement_states == {"draft", "submitted", "approved", "returned"}
    statuses = {
        h["status"] for p, d in files.items() if p.startswith("applications/") for h in d["history"]
    }
    workflow = Project.at(RECORDS).forms.workflow
    assert statuses == set(workflow.statuses)
    resubmitted = [
        d
        for p, d in files.items()
        if p.startswith("applications/")
        and [h["status"] for h in d["history"]].count("submitted") > 1
    ]
    assert resubmitted, "one application is returned and resubmitted"
    assert any("-amend" in p for p in files)
    assert any(p.startswith("surveys/") for p in files)
    assert any("/induction/" in p for p in files)


def _sample_files(root: Path, count: int) -> list[Path]:
    files = sorted(root.rglob("*.yaml"))
    return random.Random(4).sample(files, count)


def test_an_unknown_field_in_any_record_is_one_error_on_its_line(demo_copy: Path):
    """Break each of a sample of records (every kind appears) and expect exactly one error."""
    project = Project.at(demo_copy)
    for path in _sample_files(demo_copy, 12):
        original = path.read_text(encoding="utf-8")
        path.write_text(original + "bogus_field: 1\n", encoding="utf-8")
        problems = validate(project).problems
        path.write_text(original, encoding="utf-8")
        relative = path.relative_to(demo_copy).as_posix()
        assert [(p.code, p.file, p.line) for p in problems] == [
            ("PA101", relative, original.count("\n") + 1)
        ], relative


SEMANTIC_BREAKS = [
    # (file glob, pattern, replacement, the one expected code)
    ("people/*/person.yaml", r"^standing: \S+", "standing: yes", "PA104"),
    ("people/*/2569/evaluations/r1-*.yaml", r"^date: 2026-", "date: 2025-", "PA405"),
    ("schools/*.yaml", r"^director: \S+", "director: nobody-here", "PA302"),
    (
        "applications/*.yaml",
        r"^history:\n  - status: draft\n(?!  - )",
        "history:\n  - status: approved\n",
        "PA409",
    ),
    ("people/*/2570/agreement.yaml", r"^  1\.8:", "  1.9:", "PA401"),
    ("committees/2570/*.yaml", r"role: member", "role: chair", "PA404"),
]


@pytest.mark.parametrize("pattern,old,new,code", SEMANTIC_BREAKS)
def test_one_semantic_break_gives_one_precise_error(demo_copy: Path, pattern, old, new, code):
    regex = re.compile(old, re.MULTILINE)
    path = next(
        p for p in sorted(demo_copy.glob(pattern)) if regex.search(p.read_text(encoding="utf-8"))
    )
    original = path.read_text(encoding="utf-8")
    path.write_text(regex.sub(new, original, count=1), encoding="utf-8")
    problems = validate(Project.at(demo_copy)).problems
    relative = path.relative_to(demo_copy).as_posix()
    assert [(p.code, p.file) for p in problems] == [(code, relative)]
    assert problems[0].line and problems[0].th and problems[0].en

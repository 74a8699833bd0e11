"""Shared fixtures: the minimal valid records tree and a way to validate a broken copy of it."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from patracker.build import build_site
from patracker.project import Project
from patracker.validate import validate

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SCHEMAS = ROOT / "schemas"
FIXTURES = TESTS / "fixtures"
MINIMAL = FIXTURES / "minimal" / "records"
LOAD = FIXTURES / "load"
DEMO = ROOT / "records"  # the demo office (``patracker demo``)
DEMO_AS_OF = dt.date(2026, 11, 20)
LINK_SECRET = "tests-link-secret-0123456789"  # signs the personal build's links


_SHARED: dict[str, object] = {}


def project_at(records: Path) -> Project:
    """A project for ``records`` that reuses one compiled set of schemas and forms."""
    project = Project.at(records, SCHEMAS)
    if not _SHARED:
        _SHARED["schemas"], _SHARED["forms"] = project.schemas, project.forms
    project.__dict__.update(_SHARED)  # fills the cached properties
    return project


def problems_of(records: Path, only: list[str] | None = None) -> list[tuple[str, str, int]]:
    """Validate ``records`` and return every problem as (code, file, line)."""
    result = validate(project_at(records), only=only)
    return [(p.code, p.file, p.line) for p in result.problems]


@pytest.fixture(scope="session")
def personal_site(tmp_path_factory) -> Path:
    """The demo office built once for the audience "personal", its links signed with
    ``LINK_SECRET``: the audience tests read its files, a browser test opens a page."""
    out = tmp_path_factory.mktemp("personal") / "site-personal"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PATRACKER_LINK_SECRET", LINK_SECRET)
        build_site(Project.at(DEMO), out, audience="personal", as_of=DEMO_AS_OF, quiet=True)
    return out


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """A private copy of the minimal valid tree, ready to be broken in one place."""
    target = tmp_path / "records"
    shutil.copytree(MINIMAL, target)
    return target


def edit(records: Path, relative: str, old: str, new: str) -> None:
    """Replace the one occurrence of ``old`` in a record file with ``new``."""
    path = records / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {relative}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(records: Path, relative: str, snippet: str) -> int:
    """The 1-based line of the one line of a record file that contains ``snippet``."""
    lines = (records / relative).read_text(encoding="utf-8").splitlines()
    found = [n for n, line in enumerate(lines, 1) if snippet in line]
    assert len(found) == 1, f"{snippet!r} is on lines {found} of {relative}"
    return found[0]


def full_problems(records: Path, only: list[str] | None = None):
    """Every problem of ``records`` as the validator reports it."""
    return validate(project_at(records), only=only).problems


def pointers_in(data, prefix=()):
    """Every JSON path inside loaded data: keys of mappings and indexes of lists."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*prefix, key)
            yield from pointers_in(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield (*prefix, index)
            yield from pointers_in(value, (*prefix, index))

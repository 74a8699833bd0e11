"""One school build and one personal build of the demo office, shared by the audience tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from patracker.build import build_site
from patracker.project import Project

REPO = Path(__file__).resolve().parents[2]
RECORDS = REPO / "records"
AS_OF = dt.date(2026, 11, 20)
SECRET = "tests-link-secret-0123456789"
SCHOOL = "banphaingam-witthaya"
TEACHER = "anchalee-boonma"  # a teacher of SCHOOL with a PA committee


def person(person_id: str) -> dict:
    return yaml.safe_load((RECORDS / "people" / person_id / "person.yaml").read_text("utf-8"))


def someone_elsewhere() -> dict:
    """A teacher of another school, with a phone number."""
    for path in sorted(RECORDS.glob("people/*/person.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        if data.get("school") not in (SCHOOL, None) and (data.get("contact") or {}).get("phone"):
            return data
    raise AssertionError("the demo office has one school only")


@pytest.fixture(scope="session")
def school_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("school") / "site-school"
    build_site(Project.at(RECORDS), out, audience="school", school=SCHOOL, as_of=AS_OF, quiet=True)
    return out


@pytest.fixture(scope="session")
def personal_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("personal") / "site-personal"
    mp = pytest.MonkeyPatch()
    mp.setenv("PATRACKER_LINK_SECRET", SECRET)
    try:
        build_site(Project.at(RECORDS), out, audience="personal", as_of=AS_OF, quiet=True)
    finally:
        mp.undo()
    return out

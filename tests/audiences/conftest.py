"""One school build of the demo office, shared by the audience tests (the personal build,
``personal_site``, is in the tests' root conftest: a browser test opens it too)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import DEMO, DEMO_AS_OF, LINK_SECRET
from patracker.build import build_site
from patracker.project import Project

RECORDS, AS_OF, SECRET = DEMO, DEMO_AS_OF, LINK_SECRET  # the names the audience tests use
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

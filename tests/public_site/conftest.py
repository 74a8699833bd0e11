"""One public build of the demo office, shared by the public-site and leak-scanner tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from patracker.build import build_site
from patracker.project import Project

REPO = Path(__file__).resolve().parents[2]
RECORDS = REPO / "records"
AS_OF = dt.date(2026, 11, 20)


@pytest.fixture(scope="session")
def public_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("public") / "site-public"
    build_site(Project.at(RECORDS), out, audience="public", as_of=AS_OF, quiet=True)
    return out

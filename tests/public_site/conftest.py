"""One public build of the demo office, shared by the public-site and leak-scanner tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DEMO, DEMO_AS_OF
from patracker.build import build_site
from patracker.project import Project

RECORDS, AS_OF = DEMO, DEMO_AS_OF  # the names the public-site tests use


@pytest.fixture(scope="session")
def public_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("public") / "site-public"
    build_site(Project.at(RECORDS), out, audience="public", as_of=AS_OF, quiet=True)
    return out

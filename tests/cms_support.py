"""Node, decap-cms and decap-server for the CMS tests, installed by the project's own
script (scripts/cms-test-deps.sh) from Debian and the npm registry, cached outside the
repository. A missing tool is a failure, never a skip."""

from __future__ import annotations

import functools
import subprocess
from pathlib import Path

import pytest

from patracker.project import SOURCE_ROOT

SCRIPT = SOURCE_ROOT / "scripts" / "cms-test-deps.sh"


@functools.cache
def node_modules() -> Path:
    done = subprocess.run([str(SCRIPT)], capture_output=True, text=True, check=False)
    if done.returncode:
        pytest.fail(f"{SCRIPT.name} failed:\n{done.stderr[-3000:]}")
    return Path(done.stdout.strip().splitlines()[-1])

"""The lock file is the install: `make site` and `make test` install exactly uv.lock, so a
new release on PyPI cannot change what a fresh machine runs. These tests fail when
pyproject.toml and the lock drift apart, or when the Makefile stops installing from it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from patracker.project import SOURCE_ROOT

UV = Path(sys.executable).with_name("uv")


def _check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(UV), "lock", "--check", "--offline"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_lock_matches_pyproject() -> None:
    done = _check(SOURCE_ROOT)
    assert done.returncode == 0, f"run `make lock`: {done.stderr}"


def test_a_changed_dependency_without_a_new_lock_fails(tmp_path: Path) -> None:
    for name in ("pyproject.toml", "uv.lock", "README.md"):
        shutil.copy(SOURCE_ROOT / name, tmp_path / name)
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"typer>=0.12,<1"', '"typer>=0.13,<1"'))
    assert _check(tmp_path).returncode != 0


def test_the_makefile_installs_the_frozen_lock() -> None:
    makefile = (SOURCE_ROOT / "Makefile").read_text()
    assert "sync --frozen" in makefile
    assert "pip install --quiet -e" not in makefile  # the old unpinned install
    assert "uv.lock" in makefile  # a new lock reinstalls

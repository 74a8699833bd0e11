from __future__ import annotations

import pytest

from .gitrepo import GitRepo, office_repo


@pytest.fixture
def repo(tmp_path) -> GitRepo:
    """A repository holding the tiny office in its first commit."""
    made = office_repo(tmp_path / "office")
    (made.path / ".gitignore").write_text(".patracker-cache/\n", encoding="utf-8")
    made.commit("ignore the cache")
    return made

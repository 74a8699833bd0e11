"""Temporary Git repositories with several authors, branches and pull-request merges."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .office import dump, write_office

AUTHORS = {
    "somchai": ("สมชาย ใจดี", "somchai@example.org"),
    "kanya": ("กัญญา ศรีสุข", "4021+kanya-s@users.noreply.github.com"),  # as GitHub writes it
    "malee": ("มาลี รักษา", "malee@example.org"),
    "rattana": ("รัตนา คำดี", "rattana@example.org"),
}


class GitRepo:
    """A repository in ``path`` with records/ and schemas/ beside it, commits dated in order."""

    def __init__(self, path: Path):
        self.path = path
        self.records = path / "records"
        self.clock = 1_767_225_600  # 2026-01-01T00:00:00Z; every commit one hour later
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, author: str = "rattana") -> str:
        name, email = AUTHORS[author]
        self.clock += 3600
        stamp = f"@{self.clock} +0700"
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": name,
            "GIT_AUTHOR_EMAIL": email,
            "GIT_COMMITTER_NAME": name,
            "GIT_COMMITTER_EMAIL": email,
            "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_DATE": stamp,
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        done = subprocess.run(
            ["git", "-C", str(self.path), *args], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def write(self, path: str, data: dict | str) -> None:
        """Write one record (path inside records/) from data or raw YAML text."""
        target = self.records / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(data if isinstance(data, str) else dump(data), encoding="utf-8")

    def remove(self, path: str) -> None:
        (self.records / path).unlink()

    def commit(self, message: str, author: str = "rattana") -> str:
        self.git("add", "-A", author=author)
        self.git("commit", "-q", "-m", message, author=author)
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD")

    def merge_pr(self, branch: str, number: int, merger: str, owner: str = "somchai") -> str:
        """Merge ``branch`` into main the way GitHub's merge button does."""
        self.git("checkout", "-q", "main", author=merger)
        message = f"Merge pull request #{number} from {owner}/{branch}\n\nแก้ไขข้อมูลจาก {branch}"
        self.git("merge", "-q", "--no-ff", "-m", message, branch, author=merger)
        return self.head()


def office_repo(path: Path) -> GitRepo:
    """A repository whose first commit is the whole tiny office."""
    repo = GitRepo(path)
    write_office(repo.records)
    repo.commit("นำเข้าข้อมูลสำนักงานเขต", author="rattana")
    return repo

"""`patracker demo --history`: a repository whose HEAD is the demo and whose PRs the history reader attributes."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from patracker.demo import DemoSpec, generate
from patracker.demo.gitimport import write_history
from patracker.demo.history import plan_history
from patracker.emit import dump
from patracker.history import load_history

SPEC = DemoSpec(people=40, schools=3, seed=11)
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("history") / "office"
    write_history(SPEC, out)
    return out


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout


def test_head_is_exactly_the_demo(repo: Path):
    files = generate(SPEC)
    written = {p.relative_to(repo / "records").as_posix() for p in (repo / "records").rglob("*")}
    assert {p for p in written if p.endswith(".yaml")} == set(files)
    for relative, data in files.items():
        assert (repo / "records" / relative).read_text(encoding="utf-8") == dump(data), relative
    assert git(repo, "status", "--porcelain") == ""


def test_same_seed_same_repository(repo: Path, tmp_path: Path):
    again = tmp_path / "again"
    write_history(SPEC, again)
    assert git(again, "rev-parse", "HEAD") == git(repo, "rev-parse", "HEAD")
    other = tmp_path / "other"
    write_history(DemoSpec(people=40, schools=3, seed=12), other)
    assert git(other, "rev-parse", "HEAD") != git(repo, "rev-parse", "HEAD")


def test_pull_requests_are_no_ff_merges_with_numbers(repo: Path):
    merges = git(repo, "log", "--merges", "--format=%s").splitlines()
    assert len(merges) > 100
    assert all(m.startswith("Merge pull request #") and " from " in m for m in merges)
    plan = plan_history(SPEC)
    assert int(git(repo, "rev-list", "--count", "HEAD")) == plan.commit_count
    assert git(repo, "for-each-ref", "--format=%(refname)").split() == ["refs/heads/main"]


def test_history_reader_attributes_every_change(repo: Path):
    history = load_history(repo, repo / "records", use_cache=False)
    assert history.complete
    changes = history.changes
    unattributed = [c for c in changes if c.pr is None]
    assert [c.path for c in unattributed] == ["office.yaml"]  # the first, direct commit
    assert all(c.approver for c in changes if c.pr and c.merge)
    authors = Counter(c.author for c in changes)
    assert len(authors) >= 10 and all(any("฀" <= ch <= "๿" for ch in a) for a in authors)
    years = {c.date.year for c in changes}
    assert len(years) >= 3


def test_records_grow_the_way_an_office_works(repo: Path):
    history = load_history(repo, repo / "records", use_cache=False)
    oldest_first = list(reversed(history.changes))
    kinds = Counter((c.kind, c.action) for c in oldest_first)
    for wanted in (
        ("person", "added"),
        ("agreement", "added"),
        ("agreement", "modified"),
        ("evaluation", "added"),
        ("application", "modified"),
        ("progress", "modified"),
        ("office", "modified"),
    ):
        assert kinds[wanted], wanted
    approved = next(
        p
        for p, d in generate(SPEC).items()
        if p.endswith("agreement.yaml") and d["status"] == "approved"
    )
    steps = [c for c in oldest_first if c.path == approved]
    assert [c.action for c in steps] == ["added", "modified", "modified"]
    assert steps[-1].approver and steps[0].author != steps[-1].author  # the approver decided
    assert any("amend" in c.path for c in oldest_first)


def test_cli_writes_the_repository_with_plain_progress_in_ci(tmp_path: Path):
    out = tmp_path / "repo"
    env = {**os.environ, "CI": "true"}
    done = subprocess.run(
        [BIN / "patracker", "demo", "--history", "--people", "25", "--schools", "2", "--out", out],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert (out / "records" / "office.yaml").is_file() and (out / ".git").is_dir()
    assert "50% (" in done.stderr and "\x1b[" not in done.stderr
    quiet = subprocess.run(
        [
            BIN / "patracker",
            "demo",
            "--quiet",
            "--people",
            "25",
            "--schools",
            "2",
            "--out",
            tmp_path / "q",
        ],
        capture_output=True,
        text=True,
    )
    assert quiet.returncode == 0 and quiet.stderr == ""

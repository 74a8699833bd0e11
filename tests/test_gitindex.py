"""A fresh checkout is validated from main's file cache by the blob ids Git already knows:
the verdict is exactly a cold validation's, and only what changed is read."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

import patracker.corpus as corpus_module
import patracker.validate as validate_module
from patracker.filecache import FileCache, blob_id
from patracker.gitindex import vouched_blobs
from patracker.project import Project
from patracker.validate import validate

MINIMAL = Path(__file__).parent / "fixtures" / "minimal" / "records"
ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org",
}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], env=ENV, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The minimal office committed on main, with the cache directory ignored."""
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root / "records")
    (root / ".gitignore").write_text(".patracker-cache/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "office")
    return root


def as_new_process() -> None:
    """Forget what this process remembers of earlier reads, as a new CI step would."""
    FileCache._loaded.clear()
    corpus_module._LAST.clear()
    validate_module._SCANNED.clear()
    validate_module._FINDINGS.clear()


def as_fresh_checkout(repo: Path) -> None:
    """Every file gets a new mtime (a checkout writes each file), and Git's index records
    the new stats as a checkout does; the file cache's stat test then misses on all."""
    stamp = time.time() - 10
    for path in (repo / "records").rglob("*"):
        os.utime(path, (stamp, stamp))
    git(repo, "update-index", "-q", "--really-refresh")


def score_out_of_range(records: Path) -> Path:
    """The first PA 2 evaluation with a level 3, its first such level made 9 (PA1xx)."""
    evaluation = next(
        p
        for p in sorted(records.glob("people/*/*/evaluations/*.yaml"))
        if "level: 3" in p.read_text(encoding="utf-8")
    )
    text = evaluation.read_text(encoding="utf-8")
    evaluation.write_text(text.replace("level: 3", "level: 9", 1), encoding="utf-8")
    return evaluation


def propose(repo: Path) -> dict[str, str]:
    """A pull request that changes, adds and deletes records and breaks one; returns
    the changed paths by what happened to them."""
    records = repo / "records"
    evaluation = score_out_of_range(records)
    person = sorted(records.glob("people/*/person.yaml"))[0]
    added = records / "people" / "new-person" / "person.yaml"
    added.parent.mkdir()
    shutil.copy(person, added)
    deleted = sorted(records.glob("committees/*/pa-*.yaml"))[0]
    deleted.unlink()
    broken = sorted(records.glob("people/*/person.yaml"))[-1]
    broken.write_text("name: [ไม่ปิดวงเล็บ\nschool: x\n", encoding="utf-8")
    relative = {
        "changed": evaluation,
        "added": added,
        "deleted": deleted,
        "broken": broken,
    }
    return {k: p.relative_to(records).as_posix() for k, p in relative.items()}


def test_a_fresh_checkout_of_a_pull_request_gets_a_cold_validations_verdict(
    repo: Path, monkeypatch
):
    monkeypatch.setattr(corpus_module, "ASK_GIT_ABOVE", 0)  # the small office asks Git too
    project = Project.at(repo / "records")
    assert validate(project).problems == []  # main's check cache, as the site workflow saves
    cache_file = FileCache.beside(project.records, project.schemas_dir).location
    saved = cache_file.stat().st_mtime_ns
    base = git(repo, "rev-parse", "HEAD")
    paths = propose(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "proposal")
    head = git(repo, "rev-parse", "HEAD")
    git(repo, "checkout", "-q", "--detach", base)
    git(repo, "restore", f"--source={head}", "--staged", "--worktree", "--", "records")
    as_fresh_checkout(repo)
    as_new_process()
    hashed: list[bytes] = []

    def spy(content: bytes) -> str:
        hashed.append(content)
        return blob_id(content)

    monkeypatch.setattr(corpus_module, "blob_id", spy)
    fast = validate(Project.at(repo / "records")).problems
    records = repo / "records"
    read_again = {paths[k] for k in ("changed", "added", "broken")}
    assert sorted(hashed) == sorted((records / p).read_bytes() for p in read_again)
    assert cache_file.stat().st_mtime_ns == saved  # a few changes: the journal, not a rewrite

    cold = validate(Project.at(records), use_cache=False).problems
    assert fast == cold
    by_code = {p.code: p.file for p in cold}
    assert by_code["PA106"] == paths["changed"]  # a level out of range
    assert by_code["PA007"] == paths["broken"]  # a YAML syntax error
    assert by_code["PA202"] == paths["added"]  # the copied person's id is not her folder's
    assert by_code["PA303"] not in paths.values()  # an unchanged file: its committee is gone


def test_git_vouches_only_for_files_it_has_checked(repo: Path):
    records = repo / "records"
    files = sorted(p.relative_to(records).as_posix() for p in records.rglob("*.yaml"))
    vouched = vouched_blobs(records)
    assert vouched == {p: blob_id((records / p).read_bytes()) for p in files}
    edited, hidden, *_ = files
    (records / edited).write_text("name: แก้แล้ว\n", encoding="utf-8")
    git(repo, "update-index", "--assume-unchanged", f"records/{hidden}")
    (records / hidden).write_text("name: ซ่อนไว้\n", encoding="utf-8")  # Git won't look
    (records / "untracked.yaml").write_text("a: 1\n", encoding="utf-8")
    after = vouched_blobs(records)
    assert set(after) == set(files) - {edited, hidden}
    assert all(after[p] == blob_id((records / p).read_bytes()) for p in after)


def test_outside_git_nothing_is_vouched_for(tmp_path: Path):
    records = tmp_path / "records"
    shutil.copytree(MINIMAL, records)
    assert vouched_blobs(records) == {}
    assert validate(Project.at(records)).problems == []


def test_a_file_changed_after_the_checkout_is_read_not_trusted(repo: Path, monkeypatch):
    """Git lists a file whose stat changed since its index entry: it is hashed and
    checked, never answered with the cached result of its index blob."""
    monkeypatch.setattr(corpus_module, "ASK_GIT_ABOVE", 0)
    records = repo / "records"
    validate(Project.at(records))
    as_fresh_checkout(repo)
    score_out_of_range(records)
    as_new_process()
    found = validate(Project.at(records)).problems
    assert [p.code for p in found] == ["PA106"]

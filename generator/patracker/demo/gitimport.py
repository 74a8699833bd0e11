"""Writing a planned history (demo_history.py) as a Git repository through ``git fast-import``,
and what ``patracker demo`` runs (``write_office``: records only, or with their history).

One ``git commit`` per change would take minutes for a large office; fast-import takes the
whole history as one stream and writes packs directly. Pull requests are a branch off the
main line's tip and a ``--no-ff`` merge (first parent: the main line, second: the branch),
exactly the graph GitHub leaves, so ``history.attribution`` reads them like real ones.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from contextlib import nullcontext
from functools import partial
from pathlib import Path

from ..emit import dump
from ..outdir import DEMO_MARK, DEMO_TEXT
from ..progress import Step, no_step, progress
from .history import RECORDS, Author, Commit, Plan, PullRequest, plan_history
from .records import DemoSpec, write_demo

WORK_REF = "refs/heads/pull-request"  # where branch commits are made; deleted at the end
GITHUB = Author("GitHub", "noreply")


class _Stream:
    """The fast-import command stream, with blobs written once per distinct content."""

    def __init__(self, sink):
        self.sink = sink
        self.marks = 0
        self.blobs: dict[bytes, int] = {}

    def mark(self) -> int:
        self.marks += 1
        return self.marks

    def data(self, raw: bytes) -> None:
        self.sink.write(b"data %d\n" % len(raw) + raw + b"\n")

    def blob(self, content: dict | str) -> int:
        raw = (content if isinstance(content, str) else dump(content)).encode("utf-8")
        if raw not in self.blobs:
            self.blobs[raw] = self.mark()
            self.sink.write(b"blob\nmark :%d\n" % self.blobs[raw])
            self.data(raw)
        return self.blobs[raw]

    def commit(self, ref: str, commit: Commit, committer: Author, parents, files) -> int:
        """Write a commit; ``files`` maps path → blob mark; return the commit's mark."""
        mark = self.mark()
        stamp = int(commit.when.timestamp())
        head = (
            f"commit {ref}\nmark :{mark}\n"
            f"author {_ident(commit.author)} {stamp} +0700\n"
            f"committer {_ident(committer)} {stamp} +0700\n"
        )
        self.sink.write(head.encode("utf-8"))
        self.data(commit.message.encode("utf-8"))
        lines = [f"from :{parents[0]}"] if parents else []
        lines += [f"merge :{p}" for p in parents[1:]]
        lines += [f"M 100644 :{blob} {path}" for path, blob in sorted(files.items())]
        self.sink.write(("\n".join(lines) + "\n\n").encode("utf-8") if lines else b"\n")
        return mark


def _ident(author: Author) -> str:
    return f"{author.name} <{author.email}>"


def _blobs(stream: _Stream, commit: Commit) -> dict[str, int]:
    return {path: stream.blob(content) for path, content in commit.files.items()}


def write_pull(stream: _Stream, tip: int, pull: PullRequest) -> int:
    """Branch off ``tip``, commit, and land the pull request; return the new main tip."""
    changed: dict[str, int] = {}
    if pull.squash:
        only = pull.commits[0]
        files = _blobs(stream, only)
        squashed = Commit(pull.merged, f"{pull.title} (#{pull.number})", {}, only.author)
        return stream.commit("refs/heads/main", squashed, GITHUB, [tip], files)
    branch_tip = tip
    for commit in pull.commits:
        files = _blobs(stream, commit)
        changed.update(files)
        branch_tip = stream.commit(WORK_REF, commit, commit.author, [branch_tip], files)
    message = f"Merge pull request #{pull.number} from {pull.branch}\n\n{pull.title}\n"
    merge = Commit(pull.merged, message, {}, pull.merger)
    return stream.commit("refs/heads/main", merge, pull.merger, [tip, branch_tip], changed)


def write_repository(plan: Plan, out: Path, step: Step | None = None) -> None:
    """Create the repository in a folder beside ``out`` and move it into place when done."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".demo-history-", dir=out.parent))
    try:
        _git(staging, "init", "-q", "-b", "main")
        _import(plan, staging, step or no_step)
        _git(staging, "update-ref", "-d", WORK_REF)
        _git(staging, "reset", "-q", "--hard", "main")
        (staging / ".git" / DEMO_MARK).write_text(DEMO_TEXT, encoding="utf-8")  # for --force
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if out.exists():
        shutil.rmtree(out)
    staging.rename(out)


def _import(plan: Plan, repo: Path, step: Step) -> None:
    process = subprocess.Popen(
        [
            "git",
            "-C",
            str(repo),
            "-c",
            "core.compression=1",
            "fast-import",
            "--quiet",
            "--done",
            "--depth=0",
        ],
        stdin=subprocess.PIPE,
        env=_env(),
    )
    stdin = process.stdin
    assert stdin is not None  # opened with stdin=PIPE
    try:
        stream = _Stream(stdin)
        first = plan.initial
        tip = stream.commit("refs/heads/main", first, first.author, [], _blobs(stream, first))
        for pull in plan.pulls:
            tip = write_pull(stream, tip, pull)
            step(1)
        stdin.write(b"done\n")
    finally:
        stdin.close()
        code = process.wait()
    if code:
        raise RuntimeError(f"git fast-import ล้มเหลว (รหัส {code}) — git fast-import failed")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=_env())


def _env() -> dict[str, str]:
    """Git unaffected by the user's hooks and templates, so the repository is reproducible."""
    return {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C"}


def write_history(spec: DemoSpec, out: Path, track=None) -> tuple[int, int]:
    """Write the repository into ``out`` atomically; return (record files, commits).

    ``track(total)``, when given, is a context manager yielding ``step(n)`` (progress.py),
    advanced once per pull request.
    """
    plan = plan_history(spec)
    with track(len(plan.pulls)) if track else nullcontext(lambda n=1: None) as step:
        write_repository(plan, Path(out), step)
    return len(plan.final), plan.commit_count


def write_office(spec: DemoSpec, out: Path, *, history: bool, quiet: bool) -> str:
    """What ``patracker demo`` does: records only, or the repository with its history.

    Returns the Thai/English line to print.
    """
    if not history:
        count = write_demo(spec, out, partial(progress, "เขียนไฟล์ข้อมูลสาธิต", quiet=quiet))
        return f"เขียนข้อมูลสาธิต {count:,} ไฟล์ที่ {out} — wrote {count:,} files"
    track = partial(progress, "สร้างประวัติ Git (คำขอรวมการแก้ไข)", quiet=quiet)
    count, commits = write_history(spec, out, track)
    return (
        f"เขียนคลัง Git {commits:,} commit ข้อมูล {count:,} ไฟล์ที่ {out / RECORDS} "
        f"— wrote a repository of {commits:,} commits, {count:,} files in {out / RECORDS}"
    )

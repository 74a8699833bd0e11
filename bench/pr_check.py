"""Time the verdict of a data-only pull request as ``.github/workflows/records.yml`` gives it.

    python bench/pr_check.py RECORDS WORK OUT.json

Copies the office in RECORDS into a new Git repository under WORK with its generated
CODEOWNERS, proposes a one-file pull request (a teacher adds a line to her own progress of
an open year, as her GitHub login), then runs the judge job's steps after checkout the way
the workflow does — ``uv sync`` of the restored environment, the PR's records put in place
with ``git restore``, ``validate`` with main's check cache (made here by validating the
base once, then every file's mtime reset as a fresh checkout has it), ``check-pr``,
``codeowners --check``, ``changes`` — each timed.
Python's bytecode goes to a folder of its own under WORK (``PYTHONPYCACHEPREFIX``), new
for each run: the first step compiles PA Tracker as a fresh CI checkout does, the later
steps reuse it, whatever ``PYTHONDONTWRITEBYTECODE`` the caller has set.
Writes {"seconds": total, "steps": {name: seconds}, "load": {name: 1-minute load average
when the step started}, "ok": bool}.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
ENV |= {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org"}
ENV |= {"GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}


def run(*args, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=ENV, capture_output=True, text=True, check=check
    )


def teacher_with_progress(records: Path) -> tuple[str, Path]:
    """(login, progress file) of someone with a login and a progress file of the newest year."""
    files = sorted(records.glob("people/*/*/progress.yaml"))
    newest = max(int(p.parent.name) for p in files)
    for progress in (p for p in files if int(p.parent.name) == newest):
        person = (progress.parents[1] / "person.yaml").read_text(encoding="utf-8")
        for line in person.splitlines():
            if line.startswith("github: "):
                return line.split(": ", 1)[1].strip(), progress
    raise SystemExit("no person with a login and a progress file")


def prepare(records: Path, work: Path) -> tuple[Path, str, str, str]:
    repo = work / "repo"
    shutil.rmtree(repo, ignore_errors=True)
    shutil.copytree(records, repo / "records")
    run("git", "init", "-q", "-b", "main", cwd=repo)
    (repo / ".gitignore").write_text(".patracker-cache/\n", encoding="utf-8")
    run(BIN / "patracker", "codeowners", cwd=repo, check=False)
    run("git", "add", "-A", cwd=repo)
    run("git", "commit", "-q", "-m", "office", cwd=repo)
    base = run("git", "rev-parse", "HEAD", cwd=repo).stdout.strip()
    login, progress = teacher_with_progress(repo / "records")
    text = progress.read_text(encoding="utf-8")
    progress.write_text(text.replace("text: ", "text: (แก้ไข) ", 1), encoding="utf-8")
    run("git", "commit", "-q", "-am", "ความก้าวหน้า", cwd=repo)
    head = run("git", "rev-parse", "HEAD", cwd=repo).stdout.strip()
    run("git", "checkout", "-q", "--detach", base, cwd=repo)
    return repo, base, head, login


def main(records: Path, work: Path, out: Path) -> int:
    repo, base, head, login = prepare(records, work)
    pycache = work / "pycache"
    shutil.rmtree(pycache, ignore_errors=True)
    ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    ENV["PYTHONPYCACHEPREFIX"] = str(pycache)
    patracker = BIN / "patracker"
    # main's check cache, as the site workflow saves it; then a fresh checkout's mtimes
    run(patracker, "validate", "records", cwd=repo, check=False)
    stamp = time.time()
    for path in (repo / "records").rglob("*"):
        os.utime(path, (stamp, stamp))
    run("git", "update-index", "-q", "--really-refresh", cwd=repo, check=False)  # as checkout
    steps: dict[str, float] = {}
    load: dict[str, float] = {}
    codes: dict[str, int] = {}
    ok = True

    def step(name: str, *args, cwd: Path = repo, shell: bool = False) -> None:
        nonlocal ok
        load[name] = os.getloadavg()[0]
        start = time.perf_counter()
        if shell:
            done = subprocess.run(args[0], shell=True, cwd=cwd, env=ENV, capture_output=True)
        else:
            done = run(*args, cwd=cwd, check=False)
        steps[name] = time.perf_counter() - start
        codes[name] = done.returncode
        ok = ok and done.returncode == 0

    uv = BIN / "uv"
    sync = f"UV_PROJECT_ENVIRONMENT={BIN.parent} {uv} sync --frozen --inexact --quiet"
    step("install (uv sync, environment restored from cache)", sync, cwd=ROOT, shell=True)
    owners = work / "CODEOWNERS"
    owners.write_bytes(run("git", "show", f"{head}:.github/CODEOWNERS", cwd=repo).stdout.encode())
    step(
        "the PR's records in place",
        "git",
        "restore",
        f"--source={head}",
        "--staged",
        "--worktree",
        "--",
        "records",
    )
    step("validate (main's check cache)", patracker, "validate", "records", "--format", "github")
    step("check-pr", patracker, "check-pr", "--base", base, "--head", head, "--author", login)
    step("codeowners --check", patracker, "codeowners", "--check", "--out", owners)
    step("changes", patracker, "changes", base, head, "--format", "md")
    result = {"seconds": sum(steps.values()), "steps": steps, "load": load, "ok": ok}
    result["exit"] = codes
    out.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])))

"""The GitHub configuration: workflows lint clean, and the PR checks work when run here."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from .access_office import access_office, access_repo
from .office import EVALUATIONS, evaluation

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent


def workflow(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def step(name: str, step_id: str) -> tuple[dict, dict]:
    """A step of the first job, and that job's environment."""
    job = next(iter(workflow(name)["jobs"].values()))
    found = [s for s in job["steps"] if s.get("id") == step_id or s.get("name") == step_id]
    assert len(found) == 1, f"no single step {step_id!r} in {name}"
    return found[0], job.get("env", {})


def run_step(repo, script: str, env: dict, summary: Path) -> subprocess.CompletedProcess:
    """Run a workflow ``run:`` script the way the runner does: bash -e, with the job env."""
    environment = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_STEP_SUMMARY": str(summary),
        "CI": "true",
        **env,
    }
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=repo.path,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_workflows_lint_clean_with_actionlint():
    actionlint = shutil.which("actionlint", path=f"{BIN}{os.pathsep}{os.environ['PATH']}")
    assert actionlint, "actionlint is missing: install the dev extras (make test does)"
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    assert len(files) >= 2
    done = subprocess.run([actionlint, *files], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_really_checks(tmp_path):
    """The lint test above can fail: a broken workflow is reported."""
    actionlint = shutil.which("actionlint", path=f"{BIN}{os.pathsep}{os.environ['PATH']}")
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n"
    )
    done = subprocess.run([actionlint, str(broken)], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 1 and "nope" in done.stdout


# --- records.yml: the base branch's PA Tracker judges the pull request's files as data ---

PR = 7
STEPS = ("fetch", "validate", "access", "codeowners", "Change summary for the reviewer")
CANARY = "pr-code-ran"


def records_job() -> dict:
    return workflow("records.yml")["jobs"]["judge"]


def open_pull_request(repo, tmp_path, change) -> dict[str, str]:
    """An origin holding main and refs/pull/7/head (as GitHub keeps a PR), the workspace
    checked out at the base; ``change(repo)`` makes the PR's commit. The job's env."""
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", str(origin)], check=True)
    repo.git("remote", "add", "origin", str(origin))
    repo.git("push", "-q", "origin", "main")
    base = repo.head()
    repo.git("checkout", "-q", "-b", "pr", author="kanya")
    change(repo)
    head = repo.commit("คำขอแก้ไข", author="kanya")
    repo.git("push", "-q", "origin", f"HEAD:refs/pull/{PR}/head")
    repo.git("checkout", "-q", "--detach", base)
    repo.git("branch", "-q", "-D", "pr")
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    return {
        "PR_NUMBER": str(PR),
        "PR_AUTHOR": "kanya-s",
        "BASE_SHA": base,
        "HEAD_SHA": head,
        "RUNNER_TEMP": str(runner_temp),
    }


def run_job(repo, env: dict[str, str], summary: Path) -> dict[str, subprocess.CompletedProcess]:
    """The judge job's steps after install, as the runner runs them (job env, step env,
    working directory, ``if: !cancelled()``); step outcomes feed the summary's env."""
    job = records_job()
    done: dict[str, subprocess.CompletedProcess] = {}
    outcomes = {}
    for name in STEPS:
        found, _ = step("records.yml", name)
        assert "${{" not in found["run"], f"{name}: untrusted text spliced into a script"
        step_env = {
            k: v.replace("${{ steps.validate.outcome }}", outcomes.get("validate", "skipped"))
            .replace("${{ steps.access.outcome }}", outcomes.get("access", "skipped"))
            .replace("${{ steps.codeowners.outcome }}", outcomes.get("codeowners", "skipped"))
            for k, v in found.get("env", {}).items()
        }
        assert "working-directory" not in found  # every step runs in the base checkout
        result = run_step(repo, found["run"], {**job_env(job), **env, **step_env}, summary)
        done[name] = result
        outcomes[found.get("id", name)] = "success" if result.returncode == 0 else "failure"
    return done


def job_env(job: dict) -> dict[str, str]:
    """The job's literal env (the ``${{ }}`` values are what the test supplies)."""
    return {k: str(v) for k, v in job.get("env", {}).items() if "${{" not in str(v)}


def plant_canaries(repo) -> None:
    """Code in the PR that would leave a file behind if anything ever ran it."""
    marker = f"open({str(repo.path / CANARY)!r}, 'w').write('ran')\n"
    for path in ("sitecustomize.py", "generator/patracker/__init__.py", "conftest.py"):
        target = repo.path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"import builtins\n{marker}", encoding="utf-8")
    (repo.path / "Makefile").write_text(
        f".venv/.installed:\n\ttouch {repo.path / CANARY}\n", encoding="utf-8"
    )
    protect = repo.path / "generator" / "patracker" / "validate" / "protect.py"
    protect.parent.mkdir(parents=True, exist_ok=True)
    protect.write_text("def check_pairs(pairs):\n    return []\n", encoding="utf-8")


def weaken_and_cheat(repo) -> None:
    """kanya switches the protection rules off in the PR's code and edits malee's final
    evaluation, breaking a record's YAML on the way."""
    plant_canaries(repo)
    repo.write(f"{EVALUATIONS}/r1-malee-raksa.yaml", evaluation("malee-raksa"))
    bad = evaluation("kanya-srisuk", final=False)
    bad["part1"]["1.4"]["level"] = 5
    repo.write(f"{EVALUATIONS}/r1-kanya-srisuk.yaml", bad)


def test_a_pull_request_that_weakens_the_checks_is_judged_by_the_base(repo, tmp_path):
    env = open_pull_request(repo, tmp_path, weaken_and_cheat)
    summary = tmp_path / "summary.md"
    done = run_job(repo, env, summary)
    assert done["fetch"].returncode == 0, done["fetch"].stderr
    changed = repo.git("status", "--porcelain", "--untracked-files=all").splitlines()
    assert changed and all(line.split()[-1].startswith("records/") for line in changed)  # data
    assert not (repo.path / "generator").exists() and not (repo.path / "sitecustomize.py").exists()
    validate = done["validate"]
    assert validate.returncode == 1
    path = f"records/{EVALUATIONS}"
    assert (
        f"::error file={path}/r1-kanya-srisuk.yaml,line=15,col=5,title=PA106::" in validate.stdout
    )
    access = done["access"]
    assert access.returncode == 1, access.stdout + access.stderr
    assert "title=PA601::" in access.stdout  # malee's final evaluation, edited
    assert "file=generator/patracker/validate/protect.py" in access.stdout  # not a maintainer
    assert not (repo.path / CANARY).exists(), "the pull request's code was executed"
    text = summary.read_text(encoding="utf-8")
    assert "❌ **ไม่ผ่านการตรวจ**" in text
    assert "| ตรวจข้อมูล (validate) | ❌ ไม่ผ่าน |" in text
    assert "| สิทธิ์ผู้เสนอ (check-pr) | ❌ ไม่ผ่าน |" in text
    assert done["Change summary for the reviewer"].returncode == 1


def valid_office() -> dict:
    """access_office(): valid records as they are (its closed year's rounds lie in it)."""
    return access_office()


def test_a_members_own_draft_passes_every_step(tmp_path):
    """The office with logins, maintainers and its generated CODEOWNERS on main; kanya
    lowers her own draft: every step passes and the summary says so."""
    repo = access_repo(tmp_path / "office")
    repo.write("office.yaml", valid_office())
    (repo.path / ".gitignore").write_text(".patracker-cache/\n", encoding="utf-8")
    generated = subprocess.run(
        [str(BIN / "patracker"), "codeowners"], cwd=repo.path, capture_output=True, text=True
    )
    assert generated.returncode == 0, generated.stdout + generated.stderr
    repo.commit("CODEOWNERS")

    def lower(repo):
        draft = evaluation("kanya-srisuk", final=False, level=2)
        repo.write(f"{EVALUATIONS}/r1-kanya-srisuk.yaml", draft)

    env = open_pull_request(repo, tmp_path, lower)
    summary = tmp_path / "summary.md"
    done = run_job(repo, env, summary)
    for name in STEPS:
        assert done[name].returncode == 0, (name, done[name].stdout, done[name].stderr)
    text = summary.read_text(encoding="utf-8")
    assert "✅ **ผ่านการตรวจทุกขั้น**" in text and "❌" not in text
    assert "| CODEOWNERS | ✅ ผ่าน |" in text


def test_a_symlink_in_the_records_is_refused(repo, tmp_path):
    def link(repo):
        (repo.records / "people" / "somchai-jaidee" / "notes.yaml").symlink_to("/etc/hostname")

    env = open_pull_request(repo, tmp_path, link)
    found, _ = step("records.yml", "fetch")
    done = run_step(repo, found["run"], {**env}, tmp_path / "s.md")
    assert done.returncode == 1 and "title=PA650::" in done.stdout


def test_records_workflow_never_runs_pull_request_code():
    spec = workflow("records.yml")
    assert set(spec[True]) == {"pull_request_target"}  # PyYAML reads the key `on` as True
    assert spec["permissions"] == {}
    job = records_job()
    assert job["name"] == "judge-records" and job["permissions"] == {"contents": "read"}
    text = (WORKFLOWS / "records.yml").read_text(encoding="utf-8")
    assert "secrets." not in text and "github.token" not in text
    checkout = next(
        s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/checkout")
    )
    assert checkout["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    assert checkout["with"]["fetch-depth"] == 0
    for found in job["steps"]:
        script = found.get("run", "")
        assert "${{" not in script, found["name"]
        assert "pip install" not in script and "uv " not in script
    scripts = "\n".join(s.get("run", "") for s in job["steps"])
    for command in ("patracker validate", "patracker check-pr", "patracker codeowners --check"):
        assert command in scripts
    assert '--author "$PR_AUTHOR"' in scripts
    assert job["env"]["PR_AUTHOR"] == "${{ github.event.pull_request.user.login }}"
    caches = [s for s in job["steps"] if "cache" in str(s.get("uses", ""))]
    assert len(caches) == 2  # the install and the check cache, both saved on main only
    assert all(c["uses"].startswith("actions/cache/restore@") for c in caches)
    names = [s["name"] for s in job["steps"]]
    install = next(i for i, n in enumerate(names) if n.startswith("Install"))
    assert install < names.index(step("records.yml", "fetch")[0]["name"])  # code before data
    fetch = step("records.yml", "fetch")[0]["run"]
    assert 'git restore --source="$HEAD_SHA" --staged --worktree -- records' in fetch


def test_the_check_cache_a_pull_request_reads_is_saved_only_by_runs_on_main():
    """records.yml restores main's check cache read only, under a key naming the judging
    code, schemas and lock; every step that saves a cache under that key belongs to a
    workflow run by a push or by hand, and no pull-request workflow saves any cache."""
    restore = next(
        s for s in records_job()["steps"] if s.get("with", {}).get("path") == ".patracker-cache"
    )
    assert restore["uses"].startswith("actions/cache/restore@")
    code = "hashFiles('generator/patracker/**/*.py', 'schemas/**', 'uv.lock')"
    prefix = restore["with"]["restore-keys"]
    assert code in prefix and prefix.endswith("-") and restore["with"]["key"].startswith(prefix)
    savers = []
    for path in sorted(WORKFLOWS.glob("*.yml")):
        spec = workflow(path.name)
        triggers = set(spec[True]) if isinstance(spec[True], dict) else {spec[True]}
        for job in spec["jobs"].values():
            for found in job.get("steps", []):
                uses = str(found.get("uses", ""))
                if not uses.startswith(("actions/cache@", "actions/cache/save@")):
                    continue
                assert not triggers & {"pull_request", "pull_request_target"}, path.name
                if found["with"]["key"].startswith(prefix):  # what a save writes under
                    savers.append((path.name, triggers))
    assert savers == [("site.yml", {"push", "workflow_dispatch"})]


# --- tests.yml: the code suite only when code changes ---------------------------------------


def test_code_tests_run_only_when_code_changes(repo, tmp_path):
    spec = workflow("tests.yml")
    assert set(spec[True]) == {"pull_request"}
    jobs = spec["jobs"]
    assert jobs["tests"]["name"] == "code-tests"
    assert jobs["tests"]["if"] == "${{ needs.changes.outputs.code == 'true' }}"
    assert "make test" in "\n".join(s.get("run", "") for s in jobs["tests"]["steps"])
    [filter_step] = [s for s in jobs["changes"]["steps"] if s.get("id") == "filter"]
    base = repo.head()

    def code_flag(path: str, text: str) -> str:
        target = repo.path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        head = repo.commit(f"แก้ {path}")
        out = tmp_path / f"out-{head[:7]}"
        env = {"BASE_SHA": base, "HEAD_SHA": head, "GITHUB_OUTPUT": str(out)}
        done = run_step(repo, filter_step["run"], env, tmp_path / "s.md")
        assert done.returncode == 0, done.stderr
        return out.read_text(encoding="utf-8").strip()

    assert code_flag("records/surveys/note.txt", "ข้อมูล") == "code=false"
    assert code_flag("generator/x.py", "x = 1\n") == "code=true"


# --- merge-audit.yml ---------------------------------------------------------------------


def test_merge_audit_records_approvals_with_least_rights():
    spec = workflow("merge-audit.yml")
    assert spec[True] == {"pull_request_target": {"types": ["closed"]}}
    assert spec["permissions"] == {}
    job = spec["jobs"]["record"]
    assert job["if"] == "${{ github.event.pull_request.merged == true }}"
    assert job["permissions"] == {"contents": "write", "pull-requests": "read"}
    scripts = "\n".join(s.get("run", "") for s in job["steps"])
    assert "patracker record-merge --event" in scripts and "refs/heads/$TRAIL" in scripts
    assert all("${{" not in s.get("run", "") for s in job["steps"])


def test_site_workflow_builds_both_audiences_and_publishes_only_public():
    jobs = workflow("site.yml")["jobs"]
    steps = jobs["build"]["steps"]
    scripts = "\n".join(s.get("run", "") for s in steps)
    assert "make site\n" in scripts + "\n" and "make site-public" in scripts
    uses = {s["uses"].split("@")[0]: s.get("with", {}) for s in steps if "uses" in s}
    assert uses["actions/upload-pages-artifact"]["path"] == "site-public/"
    assert uses["actions/upload-artifact"]["path"] == "site/"
    assert jobs["deploy-public"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_pre_commit_hook_runs_validation_on_the_changed_record(repo):
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for r in config["repos"] for h in r["hooks"]}
    hook = hooks["patracker-validate"]
    bad = evaluation("kanya-srisuk", final=False)
    bad["part1"]["1.4"]["level"] = 5
    repo.write(f"{EVALUATIONS}/r1-kanya-srisuk.yaml", bad)
    changed = f"records/{EVALUATIONS}/r1-kanya-srisuk.yaml"
    assert re.search(hook["files"], changed)
    done = run_step(repo, f"{hook['entry']} {changed}", {}, repo.path / "unused")
    assert done.returncode == 1 and "PA106" in done.stdout
    protect = hooks["patracker-protect"]
    repo.write(f"{EVALUATIONS}/r1-malee-raksa.yaml", evaluation("malee-raksa"))
    done = run_step(repo, protect["entry"], {}, repo.path / "unused")
    assert done.returncode == 1 and "PA601" in done.stdout


def test_review_doc_names_the_required_checks_and_protection():
    """docs/review.md must name the checks exactly as the workflows call them."""
    doc = (ROOT / "docs" / "review.md").read_text(encoding="utf-8")
    required = [
        workflow("records.yml")["jobs"]["judge"]["name"],
        workflow("tests.yml")["jobs"]["tests"]["name"],
    ]
    for name in required:
        assert f"| `{name}` |" in doc, name
    assert f"`{required[0]}`, `{required[1]}`" in doc
    for setting in (
        "Require review from Code Owners",
        "Dismiss stale pull request approvals when new commits are pushed",
        "Require approval of the most recent reviewable push",
    ):
        assert setting in doc


def test_merge_audit_job_commits_each_record_to_the_audit_trail_branch(repo, tmp_path):
    """The record and commit steps, run as the runner would after two merges: the first
    creates the audit-trail branch, the second adds to it; main is never written."""
    from .test_record_merge import merge_pr, payloads, squash_pr

    origin = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", str(origin)], check=True)
    repo.git("remote", "add", "origin", str(origin))
    job = workflow("merge-audit.yml")["jobs"]["record"]
    steps = {s["name"]: s for s in job["steps"]}
    record_step, commit_step = (
        steps["Write audit/prs/<n>.yaml"],
        steps["Commit it to the audit-trail branch"],
    )
    for number, make, style in ((21, merge_pr, "merge"), (22, squash_pr, "squash")):
        temp = tmp_path / f"runner-temp-{number}"  # each job runs on a fresh runner
        ids = make(repo)
        repo.git("push", "-q", "origin", "main")
        args = dict(zip(*[iter(payloads(tmp_path, style, ids))] * 2, strict=True))
        temp.mkdir()
        shutil.copy(args["--reviews"], temp / "reviews.json")
        shutil.copy(args.get("--commits", os.devnull), temp / "commits.json")
        out = tmp_path / f"output-{number}"
        env = {
            **job_env(job),
            "PR_NUMBER": str(number),
            "GITHUB_EVENT_PATH": args["--event"],
            "RUNNER_TEMP": str(temp),
            "GITHUB_OUTPUT": str(out),
        }
        done = run_step(repo, record_step["run"], env, tmp_path / "s.md")
        assert done.returncode == 0, done.stdout + done.stderr  # 1 (flagged) still commits
        status = "0" if number == 21 else "1"  # #22 had no eligible approval
        assert out.read_text(encoding="utf-8").strip() == f"status={status}"
        done = run_step(repo, commit_step["run"], env, tmp_path / "s.md")
        assert done.returncode == 0, done.stdout + done.stderr

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(origin), *args], capture_output=True, text=True, check=True
        ).stdout

    listed = git("ls-tree", "-r", "--name-only", "audit-trail").split()
    assert listed == ["audit/prs/21.yaml", "audit/prs/22.yaml"]
    main_files = git("ls-tree", "-r", "--name-only", "main").split()
    assert not any(path.startswith("audit/") for path in main_files)
    shown = git("show", "audit-trail:audit/prs/22.yaml")
    assert yaml.safe_load(shown)["approvals"][0]["login"] == "wichai-b"

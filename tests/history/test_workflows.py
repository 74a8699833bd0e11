"""The GitHub configuration: workflows lint clean, and the PR checks work when run here."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

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


def bad_pull_request(repo) -> None:
    """main as GitHub's checkout sees it (origin/main), and a PR with a bad record."""
    repo.git("update-ref", "refs/remotes/origin/main", "HEAD")
    repo.git("checkout", "-q", "-b", "pr", author="kanya")
    bad = evaluation("kanya-srisuk", final=False)
    bad["part1"]["1.4"]["level"] = 5
    bad["workload_okay"] = True
    repo.write(f"{EVALUATIONS}/r1-kanya-srisuk.yaml", bad)
    repo.write(f"{EVALUATIONS}/r1-malee-raksa.yaml", evaluation("malee-raksa"))
    repo.commit("ผลการประเมินที่ผิด", author="kanya")


def test_validate_step_annotates_the_bad_record(repo, tmp_path):
    bad_pull_request(repo)
    found, env = step("validate.yml", "validate")
    assert "--format github" in found["run"] and "--base" in found["run"]
    done = run_step(repo, found["run"], {**env, "BASE_REF": "main"}, tmp_path / "summary.md")
    assert done.returncode == 1, done.stderr
    path = f"records/{EVALUATIONS}"
    assert f"::error file={path}/r1-kanya-srisuk.yaml,line=15,col=5,title=PA106::" in done.stdout
    assert "title=PA101::" in done.stdout  # workload_okay: unknown field
    assert f"::error file={path}/r1-malee-raksa.yaml,line=13,col=5,title=PA601::" in done.stdout


def test_summary_step_writes_the_job_summary(repo, tmp_path):
    bad_pull_request(repo)
    found, env = step("validate.yml", "Change summary for the reviewer")
    summary = tmp_path / "summary.md"
    done = run_step(repo, found["run"], {**env, "BASE_REF": "main"}, summary)
    assert done.returncode == 1  # the final evaluation was edited
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## สรุปการเปลี่ยนแปลงข้อมูล PA")
    assert "ตัวชี้วัด 1.4: ระดับ 3 → 5" in text and "PA601" in text


def test_validate_workflow_fetches_full_history_and_checks_codeowners():
    job = next(iter(workflow("validate.yml")["jobs"].values()))
    checkout = next(
        s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/checkout")
    )
    assert checkout["with"]["fetch-depth"] == 0
    scripts = "\n".join(s.get("run", "") for s in job["steps"])
    assert "patracker codeowners --check" in scripts and "make test" in scripts


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

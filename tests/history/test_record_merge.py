"""`patracker record-merge`: a merged pull request's approvals, kept in Git as audit/prs/<n>.yaml.

Each merge style is made for real in a scratch repository; the recorded GitHub payloads in
tests/fixtures/merges get that repository's commit ids and dates, then the command must
write the right file: approvers (not the merger), the commits it landed, and per file
whether someone eligible approved it.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from patracker.cli import app
from patracker.mergerecord import approvals

from .office import EVALUATIONS, evaluation

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "merges"
DRAFT = f"{EVALUATIONS}/r1-kanya-srisuk.yaml"
PROGRESS = "people/somchai-jaidee/2569/progress.yaml"


def progress(*months: str) -> dict:
    entries = [
        {"date": f"2025-{m}-02", "indicator": "1.1", "text": "จัดกิจกรรมตามแผน"} for m in months
    ]
    return {"person": "somchai-jaidee", "fiscal_year": 2569, "entries": entries}


def date_of(repo, commit: str) -> str:
    return repo.git("log", "-1", "--format=%aI", commit)


def payloads(tmp_path: Path, style: str, ids: dict[str, str]) -> list[str]:
    """The recorded payloads of ``style`` with the scratch repository's ids: CLI options."""
    args = []
    for part in ("event", "reviews", "commits"):
        source = FIXTURES / f"{style}.{part}.json"
        if not source.exists():
            continue
        text = source.read_text(encoding="utf-8")
        for name, value in ids.items():
            text = text.replace(f"@{name}@", value)
        target = tmp_path / f"{style}.{part}.json"
        target.write_text(text, encoding="utf-8")
        args += [f"--{part}", str(target)]
    return args


def record(repo, args: list[str]):
    with contextlib.chdir(repo.path):
        return runner.invoke(app, ["record-merge", *args])


def written(repo, number: int) -> dict:
    return yaml.safe_load((repo.path / "audit" / "prs" / f"{number}.yaml").read_text("utf-8"))


def merge_pr(repo) -> dict[str, str]:
    """PR #21: kanya lowers her draft's 1.4, merged with a merge commit by rattana."""
    base = repo.head()
    repo.git("checkout", "-q", "-b", "round-1", author="kanya")
    repo.write(DRAFT, evaluation("kanya-srisuk", final=False, low="1.4"))
    head = repo.commit("ปรับตัวชี้วัด 1.4", author="kanya")
    merge = repo.merge_pr("round-1", 21, merger="rattana", owner="kanya-s")
    return {"MERGE": merge, "HEAD": head, "BASE": base}


def squash_pr(repo) -> dict[str, str]:
    """PR #22: kanya finalises her evaluation in two commits, squash-merged."""
    base = repo.head()
    repo.git("checkout", "-q", "-b", "final", author="kanya")
    repo.write(DRAFT, evaluation("kanya-srisuk", final=True, low="1.4"))
    first = repo.commit("ยืนยันผล", author="kanya")
    repo.write(DRAFT, evaluation("kanya-srisuk", final=True, low="1.5"))
    head = repo.commit("แก้คำผิด", author="kanya")
    repo.git("checkout", "-q", "main", author="kanya")
    repo.git("merge", "-q", "--squash", "final", author="kanya")
    merge = repo.commit("ผลประเมินของกัญญา ยืนยันผล (#22)", author="kanya")
    return {
        "MERGE": merge,
        "HEAD": head,
        "FIRST": first,
        "BASE": base,
        "DATE1": date_of(repo, first),
        "DATE2": date_of(repo, head),
    }


def rebase_pr(repo) -> dict[str, str]:
    """PR #23: somchai adds his progress in two commits; main moves on; rebase-merged."""
    base = repo.head()
    repo.git("checkout", "-q", "-b", "progress", author="somchai")
    repo.write(PROGRESS, progress("10"))
    first = repo.commit("ความก้าวหน้าเดือนตุลาคม", author="somchai")
    repo.write(PROGRESS, progress("10", "11"))
    head = repo.commit("ความก้าวหน้าเดือนพฤศจิกายน", author="somchai")
    dates = {"DATE1": date_of(repo, first), "DATE2": date_of(repo, head)}
    repo.git("checkout", "-q", "main", author="rattana")
    repo.write("people/wichai-boonmee/person.yaml", _renamed_wichai(repo))
    repo.commit("แก้ชื่อ (#20)", author="rattana")
    repo.git("checkout", "-q", "progress", author="kanya")
    repo.git("rebase", "-q", "main", author="kanya")
    repo.git("checkout", "-q", "main", author="kanya")
    repo.git("merge", "-q", "--ff-only", "progress", author="kanya")
    return {"MERGE": repo.head(), "HEAD": head, "FIRST": first, "BASE": base, **dates}


def _renamed_wichai(repo) -> str:
    text = (repo.records / "people/wichai-boonmee/person.yaml").read_text(encoding="utf-8")
    return text.replace("บุญมี", "บุญมาก")


def test_merge_commit_records_the_approver_not_the_merger(repo, tmp_path):
    ids = merge_pr(repo)
    done = record(repo, payloads(tmp_path, "merge", ids))
    assert done.exit_code == 0, done.output
    got = written(repo, 21)
    assert got["pr"] == 21 and got["title"] == "ผลประเมินรอบ 1 ของสมชาย (กัญญา) ปรับตัวชี้วัด 1.4"
    assert got["url"] == "https://github.com/sesa-thung-fah/pa-records/pull/21"
    assert got["author"] == "kanya-s" and got["merged_by"] == "rattana-hr"
    # changes requested, then approved: counts; the comments count for nothing
    assert got["approvals"] == [
        {"login": "rattana-hr", "at": "2026-01-02T02:00:00Z", "commit": ids["HEAD"], "latest": True}
    ]
    assert got["style"] == "merge" and got["merge_commit"] == ids["MERGE"]
    assert got["commits"] == [ids["HEAD"], ids["MERGE"]] and got["onto"] == ids["BASE"]
    # kanya is the chair but filled the file in herself: HR approves it, and did
    assert got["files"] == [
        {
            "path": f"records/{DRAFT}",
            "eligible": ["rattana-hr"],
            "approved_by": ["rattana-hr"],
            "ok": True,
        }
    ]


def test_squash_merge_without_an_eligible_approval_is_flagged(repo, tmp_path):
    ids = squash_pr(repo)
    done = record(repo, payloads(tmp_path, "squash", ids))
    assert done.exit_code == 1, done.output  # written, but flagged
    assert "merged without an eligible approval" in done.output
    got = written(repo, 22)
    assert got["style"] == "squash" and got["commits"] == [ids["MERGE"]]
    # HR's approval was dismissed; wichai's stands, on an older push, and is not eligible
    assert [(a["login"], a["latest"]) for a in got["approvals"]] == [("wichai-b", False)]
    [file] = got["files"]
    assert file["eligible"] == ["rattana-hr"] and file["approved_by"] == [] and not file["ok"]


def test_rebase_merge_records_every_rebased_commit(repo, tmp_path):
    ids = rebase_pr(repo)
    done = record(repo, payloads(tmp_path, "rebase", ids))
    assert done.exit_code == 0, done.output
    got = written(repo, 23)
    landed = repo.git("rev-list", "-n", "2", "main").split()[::-1]
    assert got["style"] == "rebase" and got["commits"] == landed
    assert ids["HEAD"] not in landed  # rebased: new ids, recorded from the branch itself
    [file] = got["files"]
    assert file["path"] == f"records/{PROGRESS}" and file["approved_by"] == ["kanya-s"]


def test_without_the_commits_list_a_squash_subject_still_tells(repo, tmp_path):
    ids = squash_pr(repo)
    args = payloads(tmp_path, "squash", ids)
    args = args[: args.index("--commits")]
    assert record(repo, args).exit_code == 1
    assert written(repo, 22)["commits"] == [ids["MERGE"]]


def test_an_unmerged_pull_request_is_refused(repo, tmp_path):
    event = json.loads((FIXTURES / "merge.event.json").read_text(encoding="utf-8"))
    event["pull_request"]["merged"] = False
    (tmp_path / "e.json").write_text(json.dumps(event), encoding="utf-8")
    (tmp_path / "r.json").write_text("[]", encoding="utf-8")
    done = record(
        repo, ["--event", str(tmp_path / "e.json"), "--reviews", str(tmp_path / "r.json")]
    )
    assert done.exit_code == 2 and "not a merged pull request" in done.output
    assert not (repo.path / "audit").exists()


def test_paginated_reviews_and_self_approval():
    pages = [
        [{"user": {"login": "a"}, "state": "APPROVED", "submitted_at": "1", "commit_id": "x"}],
        [{"user": {"login": "A"}, "state": "CHANGES_REQUESTED", "submitted_at": "2"}],
        [{"user": {"login": "b"}, "state": "APPROVED", "submitted_at": "3", "commit_id": "y"}],
    ]
    found = approvals([r for page in pages for r in page], "y")
    assert found == [{"login": "b", "at": "3", "commit": "y", "latest": True}]


def test_the_subject_approving_their_own_record_is_not_an_eligible_approval(repo, tmp_path):
    """somchai (whose evaluation it is) approves kanya's change to it: flagged."""
    ids = merge_pr(repo)
    args = payloads(tmp_path, "merge", ids)
    reviews = Path(args[args.index("--reviews") + 1])
    reviews.write_text(
        reviews.read_text(encoding="utf-8").replace("rattana-hr", "somchai"), "utf-8"
    )
    done = record(repo, args)
    assert done.exit_code == 1 and "PA651" in done.output
    [file] = written(repo, 21)["files"]
    assert file["approved_by"] == [] and "somchai" not in file["eligible"]

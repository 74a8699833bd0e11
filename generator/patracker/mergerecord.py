"""The approval of a merged pull request, written into the audit trail as a small file.

Git remembers who wrote a change and, for a merge commit, who pressed Merge — but not who
*approved* it, and a squash or rebase merge keeps neither. When a pull request is merged,
the workflow hands this module GitHub's ``pull_request`` event and the pull request's
reviews (and commits) from the API; it writes ``audit/prs/<n>.yaml``: number, title,
author, the reviewers whose latest review approves with their times, the merge commit,
the commits the merge put on the branch, and for every file changed who was eligible to
approve it (``access.Access.approvers_for`` at the revision the pull request was merged
onto) and whether one of them did. The history pages and the data-quality page read it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from .history.attribution import SQUASH_PR
from .history.gitlog import GitError, git

AUDIT_DIR = Path("audit") / "prs"
DECIDING = ("APPROVED", "CHANGES_REQUESTED", "DISMISSED")  # a COMMENTED review changes nothing


class MergeRecordError(ValueError):
    """The event or the reviews are not what a merged pull request gives (Thai — English)."""


def read_json_list(text: str) -> list[dict]:
    """A JSON array, an array of pages (``gh api --paginate --slurp``) or JSON lines
    (``gh api --paginate --jq '.[]'``) → the list of objects."""
    text = text.strip()
    if not text:
        return []
    try:
        found = json.loads(text)
    except json.JSONDecodeError:
        found = [json.loads(line) for line in text.splitlines() if line.strip()]
    if isinstance(found, dict):
        found = [found]
    flat = [i for page in found for i in (page if isinstance(page, list) else [page])]
    if not all(isinstance(item, dict) for item in flat):
        raise MergeRecordError("รายการไม่ใช่ออบเจกต์ JSON — expected JSON objects")
    return flat


def approvals(reviews: list[dict], head_sha: str | None) -> list[dict]:
    """Reviewers whose latest deciding review approves, in the order they approved.

    As GitHub counts them: a later "changes requested" or a dismissal cancels an approval,
    a comment does not. ``latest`` says whether the approval was of the last push."""
    last: dict[str, dict] = {}
    for review in sorted(reviews, key=lambda r: str(r.get("submitted_at") or "")):
        login = (review.get("user") or {}).get("login")
        if login and review.get("state") in DECIDING:
            last[login.casefold()] = review
    out = [
        {
            "login": review["user"]["login"],
            "at": review.get("submitted_at"),
            "commit": review.get("commit_id"),
            "latest": bool(head_sha) and review.get("commit_id") == head_sha,
        }
        for review in last.values()
        if review.get("state") == "APPROVED"
    ]
    return sorted(out, key=lambda a: (str(a["at"]), a["login"]))


@dataclass
class Landing:
    """What the merge put on the branch: its style, its commits, the revision it was merged
    onto, and the files it changed (repository-relative)."""

    style: str  # merge | squash | rebase | unknown (the merge commit is not in this clone)
    commits: list[str]
    onto: str | None
    files: list[str]


def landing(repo: Path, merge_commit: str, count: int, pr_commits=()) -> Landing:
    """How the merge commit reached the branch, read from Git.

    Two parents: a merge commit. One parent: a rebase when the last ``count`` first-parent
    commits carry the pull request's commits (same message and author date, as the
    commits API lists them), else a squash; without the API's list, a subject ending in
    "(#n)" means a squash."""
    try:
        line = git(repo, "rev-list", "--parents", "-n", "1", merge_commit).decode().split()
    except GitError:
        return Landing("unknown", [merge_commit], None, [])
    parents = line[1:]
    if len(parents) > 1:
        brought = git(repo, "rev-list", f"{parents[0]}..{merge_commit}").decode().split()
        return Landing("merge", brought[::-1], parents[0], _files(repo, parents[0], merge_commit))
    chain = _first_parent(repo, merge_commit, max(count, 1))
    if pr_commits:
        n = _rebased(chain, pr_commits)
        style, n = ("rebase", n) if n else ("squash", 1)
    else:
        squash = bool(SQUASH_PR.search(_subject(chain[0][2])))
        style, n = ("squash", 1) if squash else ("rebase", min(count, len(chain)))
    brought = [c[0] for c in chain[:n]][::-1]
    onto = _parent(repo, brought[0])
    return Landing(style, brought, onto, _files(repo, onto, merge_commit))


def _first_parent(repo: Path, tip: str, n: int) -> list[tuple[str, str, str]]:
    out = git(repo, "log", "--first-parent", f"-n{n}", "--format=%H%x00%aI%x00%B%x1e", tip)
    rows = [r.strip("\n") for r in out.decode("utf-8", "replace").split("\x1e") if r.strip()]
    return [tuple(row.split("\x00", 2)) for row in rows]  # type: ignore[misc]


def _rebased(chain, pr_commits) -> int:
    """How many of the newest first-parent commits are the pull request's commits, rebased."""
    wanted = list(reversed(pr_commits))
    n = 0
    for (_, date, message), commit in zip(chain, wanted, strict=False):
        body = commit.get("commit") or {}
        when = (body.get("author") or {}).get("date")
        if message.strip() != str(body.get("message", "")).strip() or not _same_time(date, when):
            break
        n += 1
    return n if n == len(wanted) else 0


def _subject(message: str) -> str:
    return message.splitlines()[0] if message else ""


def _same_time(a: str | None, b: str | None) -> bool:
    try:
        return dt.datetime.fromisoformat(str(a)) == dt.datetime.fromisoformat(str(b))
    except ValueError:
        return False


def _parent(repo: Path, commit: str) -> str | None:
    try:
        return git(repo, "rev-parse", "--verify", "-q", f"{commit}^").decode().strip() or None
    except GitError:
        return None


def _files(repo: Path, onto: str | None, tip: str) -> list[str]:
    if onto is None:
        out = git(repo, "show", "--name-only", "--format=", tip)
    else:
        out = git(repo, "diff", "--name-only", "--no-renames", onto, tip)
    return sorted(p for p in out.decode().splitlines() if p)


def eligibility(repo: Path, onto: str | None, files: list[str], logins: list[str], author: str):
    """Per file: who was eligible to approve it at ``onto`` and whether one of them did.

    The pull request's author never counts, even if listed among the approvers."""
    from .access import Access
    from .problems import ProblemError

    try:
        access = Access.at(repo, onto)
    except (GitError, ProblemError, OSError) as exc:
        return None, f"อ่านนโยบายสิทธิ์ไม่ได้ — cannot read the access policy: {exc}"
    approved = {login.casefold() for login in logins} - {author.casefold()}
    out = []
    for path in files:
        eligible = sorted(access.approvers_for(path))
        by = sorted(login for login in eligible if login.casefold() in approved)
        out.append({"path": path, "eligible": eligible, "approved_by": by, "ok": bool(by)})
    return out, None


def build_record(
    event: dict,
    reviews: list[dict],
    repo: Path | None = None,
    pr_commits: Sequence[dict] = (),
) -> dict:
    """The audit record of the merged pull request in ``event``."""
    pr = event.get("pull_request")
    if not isinstance(pr, dict) or not pr.get("merged"):
        raise MergeRecordError(
            "เหตุการณ์นี้ไม่ใช่คำขอแก้ไขที่ถูกรวมแล้ว (pull_request.merged ไม่เป็น true)"
            " — the event is not a merged pull request"
        )
    number, author = int(pr["number"]), (pr.get("user") or {}).get("login", "")
    head = (pr.get("head") or {}).get("sha")
    approved = approvals(reviews, head)
    merge_commit = pr.get("merge_commit_sha")
    record = {
        "pr": number,
        "title": pr.get("title", ""),
        "url": pr.get("html_url"),
        "author": author,
        "merged_by": (pr.get("merged_by") or {}).get("login"),
        "merged_at": pr.get("merged_at"),
        "base": (pr.get("base") or {}).get("ref"),
        "head_commit": head,
        "merge_commit": merge_commit,
        "approvals": approved,
    }
    if repo is not None and merge_commit:
        landed = landing(repo, merge_commit, int(pr.get("commits") or 1), pr_commits)
        record.update(style=landed.style, commits=landed.commits, onto=landed.onto)
        logins = [a["login"] for a in approved]
        files, note = eligibility(repo, landed.onto, landed.files, logins, author)
        record["files"] = files if files is not None else [{"path": p} for p in landed.files]
        if note:
            record["note"] = note
    return record


def write_record(record: dict, out_dir: Path) -> Path:
    """Write ``<out_dir>/<n>.yaml`` whole or not at all (temp file + rename)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{record['pr']}.yaml"
    text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=1000)
    handle, temp = tempfile.mkstemp(dir=out_dir, prefix=".pr-", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.replace(temp, target)
    return target

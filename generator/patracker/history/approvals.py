"""The merge audit files (``audit/prs/<n>.yaml``, written by ``patracker record-merge``)
as the history reads them: who approved each pull request, and whether anyone eligible did.

Git alone only knows who pressed Merge (and not even that for a squash or rebase); these
files are the approvals. A change is matched to its file by the pull request number its
merge or squash commit names, or by its commit id among those the merge landed (a rebase
merge names no number). A file that cannot be read is skipped with a Thai note.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..load import read_file
from ..problems import ProblemError

AUDIT_DIR = Path("audit") / "prs"


THAI_TIME = dt.timezone(dt.timedelta(hours=7))


@dataclass(frozen=True, slots=True)
class Approval:
    login: str
    at: str | None  # ISO 8601 as GitHub gives it (UTC)
    latest: bool  # the approval was of the pull request's last push

    @property
    def day(self) -> dt.date | None:
        """The day of the approval in Thailand (pages show Thai dates)."""
        try:
            when = dt.datetime.fromisoformat(str(self.at))
        except ValueError:
            return None
        return (when.astimezone(THAI_TIME) if when.tzinfo else when).date()


@dataclass(frozen=True, slots=True)
class MergeRecord:
    pr: int
    title: str
    url: str | None
    author: str | None
    merged_by: str | None
    merged_at: str | None
    approvals: tuple[Approval, ...]
    commits: tuple[str, ...]
    lacking: tuple[str, ...]  # repository paths merged without an eligible approval
    eligible: dict[str, tuple[str, ...]]  # repository path → who could have approved it
    source: str  # the audit file, repository-relative

    def unapproved(self, path: str) -> bool:
        return path in self.lacking


@dataclass
class AuditTrail:
    records: dict[int, MergeRecord]
    notes: list[str]

    def __post_init__(self) -> None:
        self._by_commit = {c: r for r in self.records.values() for c in r.commits}

    def find(self, pr: int | None, commit: str, merge: str | None = None) -> MergeRecord | None:
        if pr is not None and pr in self.records:
            return self.records[pr]
        return self._by_commit.get(commit) or (self._by_commit.get(merge) if merge else None)

    def lacking(self) -> list[tuple[MergeRecord, str]]:
        """(record, repository path) of every file merged without an eligible approval."""
        return [
            (record, path)
            for _, record in sorted(self.records.items(), reverse=True)
            for path in record.lacking
        ]


def read_audit(root: Path) -> AuditTrail:
    """Every merge audit file under ``root/audit/prs`` (none: an empty trail)."""
    folder = Path(root) / AUDIT_DIR
    records: dict[int, MergeRecord] = {}
    notes: list[str] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        name = path.relative_to(root).as_posix()
        try:
            records_pr = _record(read_file(path, name).data, name)
        except ProblemError as exc:
            notes.append(f"{name}: {exc.problems[0].th}")
            continue
        except (KeyError, TypeError, ValueError):
            notes.append(f"{name}: อ่านบันทึกการอนุมัติไม่ได้ (รูปแบบไม่ถูกต้อง)")
            continue
        records[records_pr.pr] = records_pr
    return AuditTrail(records, notes)


def _record(data: dict, name: str) -> MergeRecord:
    files = [f for f in data.get("files") or () if isinstance(f, dict)]
    return MergeRecord(
        pr=int(str(data["pr"])),
        title=str(data.get("title") or ""),
        url=_link(data.get("url")),
        author=_text(data.get("author")),
        merged_by=_text(data.get("merged_by")),
        merged_at=_text(data.get("merged_at")),
        approvals=tuple(
            Approval(str(a["login"]), _text(a.get("at")), str(a.get("latest")) == "true")
            for a in data.get("approvals") or ()
        ),
        commits=tuple(str(c) for c in data.get("commits") or (data.get("merge_commit"),) if c),
        lacking=tuple(str(f["path"]) for f in files if str(f.get("ok")) == "false"),
        eligible={str(f["path"]): tuple(map(str, f.get("eligible") or ())) for f in files},
        source=name,
    )


def _link(value: object) -> str | None:
    """Only an https address becomes a link (never ``javascript:`` or the like)."""
    text = _text(value)
    return text if text and text.startswith("https://") else None


def _text(value: object) -> str | None:
    return None if value is None else str(value)

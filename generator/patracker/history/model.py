"""The audit trail as the site renderer sees it: record changes and the queries on them."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from ..layout import classify
from ..thai import be_date
from .approvals import AuditTrail, MergeRecord
from .fielddiff import FieldChange

ACTIONS_TH = {
    "added": "สร้างไฟล์",
    "modified": "แก้ไข",
    "deleted": "ลบไฟล์",
    "snapshot": "ฉบับแรกที่มีในประวัติ (ประวัติก่อนหน้าไม่ครบ)",
}


_NOREPLY = re.compile(r"^(?:\d+\+)?([A-Za-z0-9-]+)@users\.noreply\.github\.com$")


def github_login(email: str | None) -> str | None:
    """``12345+somchai@users.noreply.github.com`` → ``somchai``; None for other addresses."""
    found = _NOREPLY.match(email or "")
    return found.group(1) if found else None


@dataclass(slots=True)
class Change:
    """One record file changed by one commit: who, when, through which pull request, what."""

    path: str  # inside records/, e.g. people/somsak/2569/evaluations/r1-malee.yaml
    kind: str | None  # record kind from the path; None for a file in an unknown place
    action: str  # added | modified | deleted | snapshot (first seen in a shallow clone)
    commit: str
    author: str
    email: str
    date: dt.datetime  # when the change was written (author date)
    subject: str
    fields: tuple[FieldChange, ...] = ()
    person: str | None = None
    school: str | None = None  # set for school records and person files
    note: str | None = None  # why a version could not be read, if it could not
    merged_at: dt.datetime | None = None  # when it reached the main line
    pr: int | None = None
    approver: str | None = None  # who merged the pull request
    approver_email: str | None = None
    merge: str | None = None
    pr_title: str | None = None
    # from the merge audit file (audit/prs/<n>.yaml), when there is one
    pr_url: str | None = None
    pr_author: str | None = None  # the pull request's author (a GitHub login)
    approvals: tuple = ()  # history.approvals.Approval: who approved, when
    audited: bool = False  # an audit file records this change's pull request
    unapproved: bool = False  # merged without an approval from anyone eligible

    @property
    def where(self) -> dict[str, object]:
        """The fiscal year, round, member and ว26 evaluation number in the file's path."""
        ref = classify(self.path)
        keys = ref.keys if ref else {}
        return {k: keys.get(k) for k in ("fy", "round", "member", "n", "amend")}

    @property
    def login(self) -> str | None:
        """The author's GitHub login when GitHub wrote the commit (web editor, noreply e-mail)."""
        return github_login(self.email)

    @property
    def approver_login(self) -> str | None:
        """The approver's GitHub login: match it to a person's ``github`` field for a name."""
        return github_login(self.approver_email)

    @property
    def action_th(self) -> str:
        return ACTIONS_TH.get(self.action, self.action)

    @property
    def date_th(self) -> str:
        return be_date(self.date.date())

    def as_dict(self) -> dict:
        """Plain data for templates and JSON exports."""
        return {
            "path": self.path,
            "kind": self.kind,
            "action": self.action,
            "action_th": self.action_th,
            "commit": self.commit,
            "author": self.author,
            "date": self.date.isoformat(),
            "date_th": self.date_th,
            "merged_at": self.merged_at.isoformat() if self.merged_at else None,
            "subject": self.subject,
            "pr": self.pr,
            "pr_title": self.pr_title,
            "pr_url": self.pr_url,
            "pr_author": self.pr_author,
            "approvals": [{"login": a.login, "at": a.at} for a in self.approvals],
            "unapproved": self.unapproved,
            "where": self.where,
            "approver": self.approver,
            "approver_login": self.approver_login,
            "login": self.login,
            "person": self.person,
            "school": self.school,
            "note": self.note,
            "fields": [f.as_dict() for f in self.fields],
        }


@dataclass
class History:
    """Every change to the records reachable from HEAD, newest first."""

    changes: list[Change] = field(default_factory=list)
    head: str | None = None
    complete: bool = True
    notice_th: str | None = None  # why the history is incomplete or missing
    notice_en: str | None = None
    parsed_commits: int = 0  # commits read from git by this load (the rest came from cache)
    total_commits: int = 0
    audit: AuditTrail = field(default_factory=lambda: AuditTrail({}, []))
    prefix: str = ""  # where records/ is in the repository ("records/")

    def lacking_approval(self) -> list[tuple[MergeRecord, str]]:
        """(audit record, path inside records/ or the repository) of every file merged
        without an eligible approval, newest pull request first."""
        out = []
        for record, path in self.audit.lacking():
            inside = path[len(self.prefix) :] if path.startswith(self.prefix) else path
            out.append((record, inside))
        return out

    @cached_property
    def _by_path(self) -> dict[str, list[Change]]:
        grouped: dict[str, list[Change]] = defaultdict(list)
        for change in self.changes:
            grouped[change.path].append(change)
        return grouped

    @cached_property
    def _by_person(self) -> dict[str, list[Change]]:
        grouped: dict[str, list[Change]] = defaultdict(list)
        for change in self.changes:
            if change.person:
                grouped[change.person].append(change)
        return grouped

    @cached_property
    def schools(self) -> dict[str, str | None]:
        """Each person's school as their newest person file says."""
        found: dict[str, str | None] = {}
        for change in self.changes:  # newest first: the first seen wins
            if change.kind == "person" and change.person and change.person not in found:
                found[change.person] = change.school
        return found

    def for_record(self, path: str) -> list[Change]:
        """Changes to one record file (path inside records/), newest first."""
        return list(self._by_path.get(path, ()))

    def for_person(self, person: str) -> list[Change]:
        """Changes to every record of one person (their folder and applications), newest first."""
        return list(self._by_person.get(person, ()))

    def school_of(self, change: Change) -> str | None:
        """The school a change belongs to: the school record itself, or the person's school."""
        if change.kind == "school":
            return change.school
        return self.schools.get(change.person) if change.person else None

    def recent(self, n: int = 50, school: str | None = None) -> list[Change]:
        """The last ``n`` changes that reached the main line, optionally of one school only."""
        if school is None:
            return self.changes[:n]
        return [c for c in self.changes if self.school_of(c) == school][:n]

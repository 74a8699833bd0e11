"""The "history" stage: Git history as the audit trail of every record.

One ``git log`` pass over the whole repository, attributed to pull requests and their
approvers from GitHub's merge commits, with a Thai field-level diff of every record
change, cached by commit id. Public surface for the site renderer:

- ``load_history(repo_root, records_dir)`` → ``History``
- ``History.for_record(path)``, ``History.for_person(person)``, ``History.recent(n, school)``
- ``Change`` (one record change) and ``FieldChange`` (one field, with its Thai text)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..messages import render
from ..project import Project
from . import cache
from .approvals import AuditTrail, read_audit
from .attribution import attribute
from .fielddiff import FieldChange
from .gitlog import GitError, RepoInfo, read_log, repo_info
from .model import Change, History
from .reader import RecordParser, stored_commits

__all__ = ["Change", "FieldChange", "History", "load_history"]

CACHE_DIR = ".patracker-cache"


def load_history(
    repo_root: Path | str = ".",
    records_dir: Path | str = "records",
    project: Project | None = None,
    cache_dir: Path | str | None = None,
    use_cache: bool = True,
) -> History:
    """The history of every record under ``records_dir`` reachable from HEAD.

    Never fails a build: outside Git or with no commits the history is empty, and in a
    shallow clone it is marked incomplete, each time with a Thai notice saying why.
    ``cache_dir`` defaults to ``.patracker-cache/`` at the repository root.
    """
    info = repo_info(Path(repo_root))
    if info is None or info.head is None:
        detail = "ไม่ใช่คลัง Git" if info is None else "ยังไม่มี commit"
        th, en = render("PA608", detail=detail)
        return History(complete=False, notice_th=th, notice_en=en)
    records = Path(records_dir)
    records = (records if records.is_absolute() else Path(repo_root) / records).resolve()
    prefix = records.relative_to(info.root.resolve()).as_posix().strip(".") + "/"
    prefix = "" if prefix == "/" else prefix
    project = project or Project.at(records)
    where = None if not use_cache else Path(cache_dir or info.root / CACHE_DIR)
    key = {
        "prefix": prefix,
        "schemas": cache.schema_fingerprint(project.schemas_dir),
        "boundary": sorted(info.boundary),
    }
    known = cache.read(where, key)
    parsed = 0
    head = info.head  # not None: checked above
    if head not in known:
        new = _read_new(info, head, prefix, known)
        if new is None:  # the cache names commits git no longer has: start over
            known, new = {}, read_log(info.root, prefix)
        parsed = len(new)
        known.update(
            stored_commits(new, prefix, info.boundary, RecordParser(info.root, project.schemas))
        )
        cache.write(where, key, known)
    return _assemble(known, info, head, parsed, read_audit(info.root), prefix)


def _read_new(info: RepoInfo, head: str, prefix: str, known: dict[str, dict]):
    try:
        return read_log(info.root, prefix, (head,), tuple(cache.tips(known)))
    except GitError:
        return None


def _assemble(
    known: dict[str, dict], info: RepoInfo, head: str, parsed: int, audit: AuditTrail, prefix: str
) -> History:
    landings = attribute(_View(known), head)
    when = {cid: dt.datetime.fromisoformat(landing.merged_at) for cid, landing in landings.items()}
    written = {cid: dt.datetime.fromisoformat(known[cid]["date"]) for cid in landings}
    changes = [
        _change(cid, known[cid], entry, landings[cid], when[cid], written[cid], audit, prefix)
        for cid in sorted(landings, key=lambda cid: (when[cid], written[cid]))
        for entry in known[cid]["entries"]
    ]
    changes.reverse()
    complete = not info.shallow
    th = en = None
    if info.shallow:
        th, en = render("PA606", count=len(landings))
    return History(
        changes=changes,
        head=info.head,
        complete=complete,
        notice_th=th,
        notice_en=en,
        parsed_commits=parsed,
        total_commits=len(landings),
        audit=audit,
        prefix=prefix,
    )


def _change(
    commit_id: str,
    stored: dict,
    entry: dict,
    landing,
    merged_at: dt.datetime,
    date: dt.datetime,
    audit: AuditTrail,
    prefix: str,
) -> Change:
    found = audit.find(landing.pr, commit_id, landing.merge)
    change = Change(
        path=entry["path"],
        kind=entry["kind"],
        action=entry["action"],
        commit=commit_id,
        author=stored["author"],
        email=stored["email"],
        date=date,
        subject=stored["subject"],
        fields=tuple(FieldChange.from_dict(f) for f in entry["fields"]),
        person=entry["person"],
        school=entry["school"],
        note=entry["note"],
        merged_at=merged_at,
        pr=landing.pr,
        approver=landing.approver,
        approver_email=landing.approver_email,
        merge=landing.merge,
        pr_title=landing.title,
    )
    if found is not None:
        change.pr, change.pr_title, change.pr_url = found.pr, found.title, found.url
        change.pr_author = found.author
        change.approvals = found.approvals
        change.audited = True
        change.unapproved = found.unapproved(prefix + entry["path"])
    return change


class _View(dict):
    """Stored commits seen through the attribute names ``attribution`` reads."""

    def __init__(self, known: dict[str, dict]):
        super().__init__({cid: _Stored(cid, data) for cid, data in known.items()})


class _Stored:
    __slots__ = ("author", "body", "committed", "email", "id", "parents", "subject")

    def __init__(self, cid: str, data: dict):
        self.id = cid
        self.parents = tuple(data["parents"])
        self.author = data["author"]
        self.email = data["email"]
        self.committed = data["committed"]
        self.subject = data["subject"]
        self.body = data["body"]

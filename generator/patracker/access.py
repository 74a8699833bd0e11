"""Who may change what (DOMAIN.md §12): the access policy as data, and its questions.

The policy (``schemas/access/policy.yaml``) says, for each kind of record and each action,
which roles may author it and which roles approve it; anything not granted is refused.
Roles are relative to the file: its subject, the committee member named in its file name,
the subject's chair, superior, school reviewers or DPA admin, the office's HR officers,
the maintainers. Who holds a role comes from the records (person files carry GitHub
logins; ``office.yaml`` names HR and maintainers), always read at one revision — for a
pull request its *base*, so a pull request can never grant itself a right.

Public API, used by ``check-pr``, ``codeowners`` and the merge audit:

- ``Access.at(root, rev=None, records="records")`` — the policy and the directory at a
  Git revision (None: the working tree);
- ``Access.may_author(login, change) -> Verdict`` — may this login make this change;
- ``Access.approvers_for(path, data=None) -> set[str]`` — the GitHub logins who may approve
  a change to ``path`` (repository-relative): never its subject, never the member who filled
  it in. A merge without an approval from one of them lacks an eligible approval.
- ``approvers_for(path, root, rev)`` / ``access_at(root, rev)`` — the same, with the access
  of each commit read once (many merges of one history).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from .history.gitlog import GitError, git, list_tree, read_blobs
from .kinds import REGISTRY
from .layout import RecordRef, classify
from .load import read_bytes
from .locate import with_marks
from .problems import Problem, ProblemError, problem
from .project import SOURCE_ROOT
from .schemas import check_document

_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
POLICY = "schemas/access/policy.yaml"
POLICY_SCHEMA = "schemas/access/policy.schema.json"
ACTIONS = ("create", "change", "delete")
CODE = "code"

ROLE_NAMES = {
    "subject": ("เจ้าของข้อมูล", "the subject"),
    "member": ("กรรมการผู้ประเมินตามชื่อไฟล์", "the committee member named in the file"),
    "chair": ("ประธานคณะกรรมการ", "the committee chair"),
    "superior": ("ผู้บังคับบัญชา", "the superior"),
    "school-reviewers": ("ผู้ตรวจทานของโรงเรียน", "the school's reviewers"),
    "school-dpa-admin": ("เจ้าหน้าที่ DPA ของโรงเรียน", "the school's DPA admin"),
    "hr": ("กลุ่มบริหารงานบุคคล", "HR officers"),
    "maintainers": ("ผู้ดูแลโปรแกรม", "maintainers"),
}
ACTION_NAMES = {
    "create": ("สร้าง", "create"),
    "change": ("แก้ไข", "change"),
    "delete": ("ลบ", "delete"),
}
# how messages name what a change touches: each record kind's label (kinds.py), and code
KIND_NAMES = {
    **{k.name: k.label for k in REGISTRY},
    CODE: ("โปรแกรม/แบบฟอร์ม/นโยบาย", "code, schema or policy file"),
}


# --- the policy -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Grant:
    """One role's right to an action, with the limits the policy puts on it."""

    role: str
    only_fields: frozenset[str] | None = None
    except_fields: frozenset[str] = frozenset()
    statuses: frozenset[str] | None = None

    def describe(self) -> tuple[str, str]:
        th, en = ROLE_NAMES[self.role]
        if self.only_fields is not None:
            fields = ", ".join(sorted(self.only_fields))
            th, en = f"{th} (เฉพาะช่อง {fields})", f"{en} (only {fields})"
        if self.statuses is not None:
            statuses = ", ".join(sorted(self.statuses))
            th, en = f"{th} (สถานะ {statuses})", f"{en} (status {statuses})"
        return th, en


@dataclass(frozen=True, slots=True)
class KindPolicy:
    grants: dict[str, tuple[Grant, ...]]  # action → grants
    approve: tuple[tuple[str, ...], ...]  # tiers of roles
    immutable: frozenset[str]


@dataclass(frozen=True, slots=True)
class Policy:
    kinds: dict[str, KindPolicy]
    reason_min_chars: int
    reason_min_words: int
    generated: frozenset[str] = frozenset()  # anyone may set these to the generated text


def load_policy(raw: bytes, name: str = POLICY, schema: dict | None = None) -> Policy:
    """Parse and check the policy; raise ``ProblemError`` naming file and line when it is bad."""
    loaded = read_bytes(raw, name)
    if schema is None:
        schema = json.loads((SOURCE_ROOT / POLICY_SCHEMA).read_text(encoding="utf-8"))
    data, problems = check_document(schema, loaded.data, name)
    if problems or loaded.problems:
        raise ProblemError(with_marks([*loaded.problems, *problems], loaded.marks))
    kinds = {}
    for kind, body in data["kinds"].items():
        grants = {action: tuple(_grant(g) for g in body[action]) for action in ACTIONS}
        approve = tuple(tuple(tier) for tier in body["approve"])
        kinds[kind] = KindPolicy(grants, approve, frozenset(body.get("immutable", ())))
    amendment = data["amendment"]
    return Policy(
        kinds,
        amendment["reason_min_chars"],
        amendment["reason_min_words"],
        frozenset(data.get("generated", ())),
    )


def _grant(raw: str | dict) -> Grant:
    if isinstance(raw, str):
        return Grant(raw)
    only = raw.get("only_fields")
    statuses = raw.get("statuses")
    return Grant(
        raw["role"],
        frozenset(only) if only is not None else None,
        frozenset(raw.get("except_fields", ())),
        frozenset(statuses) if statuses is not None else None,
    )


# --- a revision's files -----------------------------------------------------------------


class Tree:
    """The files of one revision (a Git commit, or the working tree when ``rev`` is None)."""

    def __init__(self, root: Path, rev: str | None):
        self.root, self.rev = Path(root), rev
        self._blobs: dict[str, str] = {}  # path → blob id, from listings at ``rev``

    def paths(self, under: str, person_files: bool = False) -> list[str]:
        """Repository-relative paths of the files under the folder ``under``; with
        ``person_files``, only its ``<id>/person.yaml`` (a people folder holds every record
        of the office, and the directory needs only these)."""
        if person_files:
            return self._person_files(under)
        if self.rev is not None:
            try:
                blobs = list_tree(self.root, self.rev, [under])
            except GitError:
                return []
            self._blobs.update(blobs)
            return sorted(blobs)
        folder = self.root / under
        if not folder.is_dir():
            return []
        return sorted(p.relative_to(self.root).as_posix() for p in folder.rglob("*") if p.is_file())

    def _person_files(self, under: str) -> list[str]:
        if self.rev is None:
            folder = self.root / under
            files = folder.glob("*/person.yaml") if folder.is_dir() else ()
            return sorted(p.relative_to(self.root).as_posix() for p in files)
        try:
            blobs = list_tree(self.root, self.rev, [under])
        except GitError:
            return []
        found = [p for p in blobs if p.count("/") == under.count("/") + 2]
        found = [p for p in found if p.endswith("/person.yaml")]
        self._blobs.update((p, blobs[p]) for p in found)
        return sorted(found)

    def read(self, paths: Iterable[str]) -> dict[str, bytes | None]:
        paths = list(paths)
        if self.rev is not None:
            # by blob id where a listing gave one: a rev:path spec walks the 5,000-entry
            # people tree again for every file (3.6 s against 0.1 s for 5,000 people)
            specs = {p: self._blobs.get(p) or f"{self.rev}:{p}" for p in paths}
            blobs = read_blobs(self.root, list(specs.values()))
            return {p: blobs.get(spec) for p, spec in specs.items()}
        out = {}
        for path in paths:
            file = self.root / path
            out[path] = file.read_bytes() if file.is_file() else None
        return out

    def load(self, paths: Iterable[str]) -> dict[str, dict]:
        """Parsed records; a file that cannot be read is left out (the validator says why).

        The directory reads thousands of person files that the base's own checks have
        already passed, and needs only ids and logins from them, so libyaml's plain safe
        loader serves (5,000 people: 0.9 s instead of 3 s); values are compared as text."""
        out = {}
        for path, raw in self.read(paths).items():
            if raw is None:
                continue
            try:
                data = yaml.load(raw, Loader=_FAST)
            except yaml.YAMLError:
                continue
            if isinstance(data, dict):
                out[path] = data
        return out


# --- who is who at one revision -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Target:
    """What a repository path holds, for the policy: its kind and the ids in its path."""

    path: str  # repository-relative
    kind: str  # a record kind, or "code"
    record: str | None = None  # path inside records/ (None for code)
    person: str | None = None
    fy: int | None = None
    member: str | None = None
    amend: int | None = None
    round: int | None = None


def classify_path(path: str, records: str = "records") -> Target:
    """A repository path → its kind and ids; everything outside ``records/`` is code, and
    so is a file in an unknown place inside it (the validator reports that)."""
    prefix = records.strip("/") + "/"
    if not path.startswith(prefix):
        return Target(path, CODE)
    inside = path[len(prefix) :]
    ref = classify(inside)
    if ref is None:
        return Target(path, CODE)
    return Target(
        path,
        ref.kind,
        inside,
        _text_key(ref, "person"),
        _int_key(ref, "fy"),
        _text_key(ref, "member"),
        _int_key(ref, "amend"),
        _int_key(ref, "round"),
    )


def _text_key(ref: RecordRef, key: str) -> str | None:
    value = ref.get(key)
    return None if value is None else str(value)


def _int_key(ref: RecordRef, key: str) -> int | None:
    """The layout parses the year, amendment and round numbers to int; anything else is
    not a number the policy can compare, so it is treated as absent."""
    value = ref.get(key)
    return value if isinstance(value, int) else None


@dataclass(frozen=True, slots=True)
class Holder:
    """Someone who holds a role: a person of the office, or a maintainer known by login."""

    person: str | None
    login: str | None
    name: str

    def shown(self) -> str:
        login = f"@{self.login}" if self.login else "ไม่มีชื่อผู้ใช้ GitHub/no GitHub login"
        return f"{self.name} ({login})"


@dataclass(frozen=True, slots=True)
class Committee:
    fy: int
    kind: str
    members: tuple[str, ...]
    chairs: tuple[str, ...]
    assessees: frozenset[str]


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def _ids(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


@dataclass
class Directory:
    """The office's people, schools, committees and applications at one revision."""

    people: dict[str, dict] = field(default_factory=dict)
    schools: dict[str, dict] = field(default_factory=dict)
    committees: list[Committee] = field(default_factory=list)
    applicants: dict[str, str] = field(default_factory=dict)  # application record path → person
    hr: list[str] = field(default_factory=list)
    maintainers: list[str] = field(default_factory=list)
    closed_years: frozenset[int] = frozenset()
    decided: frozenset[str] = frozenset({"failed", "approved", "rejected", "withdrawn"})

    @classmethod
    def read(cls, tree: Tree, records: str = "records") -> Directory:
        prefix = records.strip("/") + "/"
        wanted = {
            p: ref
            for under in ("people", "schools", "committees", "applications")
            for p in tree.paths(prefix + under, person_files=under == "people")
            if (ref := classify(p[len(prefix) :])) is not None
            and ref.kind in ("person", "school", "committee", "application")
        }
        loaded = tree.load([prefix + "office.yaml", *wanted])
        out = cls()
        office = loaded.pop(prefix + "office.yaml", {})
        out.hr = _ids(office.get("hr"))
        out.maintainers = _ids(office.get("maintainers"))
        out.closed_years = frozenset(
            y
            for year in office.get("fiscal_years") or ()
            if isinstance(year, dict)
            and str(year.get("closed")) in ("true", "True")
            and (y := _int(year.get("year"))) is not None
        )
        for path, data in loaded.items():
            ref = wanted[path]
            if ref.kind == "person":
                out.people[str(ref["person"])] = data
            elif ref.kind == "school":
                out.schools[str(ref["id"])] = data
            elif ref.kind == "application":
                out.applicants[ref.path] = str(data.get("person", ""))
            else:
                out.committees.append(_committee(ref, data))
        workflow = tree.load(["schemas/forms/application-workflow.yaml"])
        statuses = next(iter(workflow.values()), {}).get("statuses")
        if isinstance(statuses, dict):
            out.decided = frozenset(
                s
                for s, v in statuses.items()
                if isinstance(v, dict) and str(v.get("open")).lower() == "false"
            )
        return out

    @cached_property
    def logins(self) -> dict[str, str]:
        """GitHub login (case-insensitive, as GitHub treats them) → person id."""
        return {
            str(data["github"]).casefold(): pid
            for pid, data in self.people.items()
            if data.get("github")
        }

    def holder(self, person: str) -> Holder:
        found = self._holders.get(person)
        if found is None:
            found = self._holders[person] = self._holder(person)
        return found

    @cached_property
    def _holders(self) -> dict[str, Holder]:
        return {}

    def _holder(self, person: str) -> Holder:
        data = self.people.get(person, {})
        name = " ".join(str(data[k]) for k in ("first_name", "last_name") if data.get(k))
        login = data.get("github")
        return Holder(person, str(login) if login else None, name or person)

    @cached_property
    def assessed_by(self) -> dict[str, list[Committee]]:
        """Each assessee's committees, every year and kind."""
        out: dict[str, list[Committee]] = {}
        for committee in self.committees:
            for person in committee.assessees:
                out.setdefault(person, []).append(committee)
        return out

    @cached_property
    def esa_directors(self) -> list[str]:
        return [p for p, data in self.people.items() if data.get("position") == "esa-director"]

    def committees_of(self, subject: str, kind: str, fy: int | None) -> list[Committee]:
        """The subject's committees of ``kind``; of ``fy`` when given, else the latest year's."""
        found = [c for c in self.assessed_by.get(subject, ()) if c.kind == kind]
        if fy is not None:
            return [c for c in found if c.fy == fy]
        latest = max((c.fy for c in found), default=None)
        return [c for c in found if c.fy == latest]


def _committee(ref: RecordRef, data: dict) -> Committee:
    members = [m for m in data.get("members") or () if isinstance(m, dict)]
    return Committee(
        fy=_int(data.get("fiscal_year")) or int(ref["fy"]),
        kind=str(data.get("kind", "pa")),
        members=tuple(str(m.get("person")) for m in members),
        chairs=tuple(str(m.get("person")) for m in members if m.get("role") == "chair"),
        assessees=frozenset(_ids(data.get("assessees"))),
    )


# --- the questions --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Change:
    """One file a pull request changes: its repository path and both sides as data."""

    path: str
    old: dict | None
    new: dict | None

    @property
    def action(self) -> str:
        return "create" if self.old is None else ("delete" if self.new is None else "change")


@dataclass(frozen=True, slots=True)
class Verdict:
    """May this login make this change; when not, the refusal and who may."""

    allowed: bool
    problem: Problem | None = None
    who: tuple[Holder, ...] = ()

    def __post_init__(self) -> None:
        # a refusal without its problem would be dropped by check-pr: a change let through
        if self.allowed != (self.problem is None):
            raise ValueError("a verdict carries a problem exactly when it refuses")


class Access:
    """The policy and the directory of one revision, answering who may author and approve."""

    def __init__(self, policy: Policy, directory: Directory, records: str = "records"):
        self.policy, self.directory, self.records = policy, directory, records.strip("/")

    @classmethod
    def at(cls, root: Path, rev: str | None = None, records: str = "records") -> Access:
        """Read the policy and the records of ``rev`` (None: the working tree) in ``root``.

        A revision without a policy file falls back to the policy PA Tracker ships with."""
        tree = Tree(root, rev)
        raw = tree.read([POLICY]).get(POLICY)
        if raw is None:
            raw = (SOURCE_ROOT / POLICY).read_bytes()
        schema_raw = tree.read([POLICY_SCHEMA]).get(POLICY_SCHEMA)
        schema = json.loads(schema_raw) if schema_raw else None
        return cls(load_policy(raw, POLICY, schema), Directory.read(tree, records), records)

    def target(self, path: str) -> Target:
        return classify_path(path, self.records)

    def person_of_login(self, login: str) -> str | None:
        return self.directory.logins.get(login.casefold())

    def known(self, login: str) -> bool:
        folded = login.casefold()
        return self.person_of_login(login) is not None or folded in {
            m.casefold() for m in self.directory.maintainers
        }

    # --- roles -------------------------------------------------------------------------

    def subject(self, target: Target, data: dict | None = None) -> str | None:
        if target.kind == "application":
            if data is not None and data.get("person"):
                return str(data["person"])
            return self.directory.applicants.get(target.record) if target.record else None
        return target.person

    def holders(self, role: str, target: Target, subject: str | None) -> list[Holder]:
        """Everyone who holds ``role`` for the file ``target`` at this revision."""
        d = self.directory
        if role == "maintainers":
            return [self._maintainer(login) for login in d.maintainers]
        ids: list[str] = []
        if role == "hr":
            ids = d.hr
        elif role == "subject":
            ids = [subject] if subject else []
        elif role == "member":
            ids = [target.member] if target.member and self._sits(target, subject) else []
        elif role == "chair":
            kind = "induction" if target.kind == "induction" else "pa"
            fy = None if target.kind == "induction" else target.fy
            ids = [c for com in d.committees_of(subject or "", kind, fy) for c in com.chairs]
        elif role in ("superior", "school-reviewers", "school-dpa-admin"):
            ids = self._school_roles(role, subject)
        return [d.holder(p) for p in dict.fromkeys(ids)]

    def _maintainer(self, login: str) -> Holder:
        person = self.person_of_login(login)
        if person:
            return self.directory.holder(person)
        return Holder(None, login, login)

    def _sits(self, target: Target, subject: str | None) -> bool:
        """The member named in the file name sits on the subject's committee for that year."""
        if not target.member or not subject or target.member == subject:
            return False
        kind = "induction" if target.kind == "induction" else "pa"
        return any(
            target.member in c.members
            for c in self.directory.assessed_by.get(subject, ())
            if c.kind == kind and (kind == "induction" or c.fy == target.fy)
        )

    def _school_roles(self, role: str, subject: str | None) -> list[str]:
        person = self.directory.people.get(subject or "", {})
        school = self.directory.schools.get(str(person.get("school", "")), {})
        if role == "school-reviewers":
            return _ids(school.get("reviewers"))
        if role == "school-dpa-admin":
            return [str(school["dpa_admin"])] if school.get("dpa_admin") else []
        director = school.get("director")
        if director and director != subject:
            return [str(director)]
        # a director or someone outside a school answers to the ESA director
        return [pid for pid in self.directory.esa_directors if pid != subject]

    # --- may author ---------------------------------------------------------------------

    def may_author(self, login: str, change: Change) -> Verdict:
        """Whether ``login`` may make ``change`` under the policy (protection rules aside)."""
        target = self.target(change.path)
        subject = self.subject(target, change.old if change.old is not None else change.new)
        grants = self.policy.kinds[target.kind].grants[change.action]
        author = self.person_of_login(login)
        folded = login.casefold()
        limited: list[tuple[Grant, str]] = []
        for grant in grants:
            holders = self.holders(grant.role, target, subject)
            if not any(
                (h.person is not None and h.person == author)
                or (h.login is not None and h.login.casefold() == folded)
                for h in holders
            ):
                continue
            reason = _limit(grant, target, change)
            if reason is None:
                return Verdict(True)
            limited.append((grant, reason))
        who = self._who(grants, target, subject)
        return Verdict(False, self._refusal(login, author, change, target, who, limited), who)

    def _who(self, grants, target: Target, subject: str | None) -> tuple[Holder, ...]:
        return tuple(
            dict.fromkeys(h for g in grants for h in self.holders(g.role, target, subject))
        )

    def _refusal(self, login, author, change, target, who, limited) -> Problem:
        kind_th, kind_en = KIND_NAMES[target.kind]
        action_th, action_en = ACTION_NAMES[change.action]
        grants = self.policy.kinds[target.kind].grants[change.action]
        roles_th = ", ".join(g.describe()[0] for g in grants) or "ไม่มีผู้ใดมีสิทธิ์"
        roles_en = ", ".join(g.describe()[1] for g in grants) or "nobody"
        people = ", ".join(h.shown() for h in who) or "-"
        me = f"@{login}" + (f" ({author})" if author else "")
        if limited:
            grant, reason = limited[0]
            return problem(
                "PA611",
                target.path,
                line=1,
                column=1,
                login=me,
                role_th=ROLE_NAMES[grant.role][0],
                role_en=ROLE_NAMES[grant.role][1],
                limit=reason,
                roles_th=roles_th,
                roles_en=roles_en,
                people=people,
            )
        return problem(
            "PA610",
            target.path,
            line=1,
            column=1,
            login=me,
            action_th=action_th,
            action_en=action_en,
            kind_th=kind_th,
            kind_en=kind_en,
            roles_th=roles_th,
            roles_en=roles_en,
            people=people,
        )

    # --- approvers ----------------------------------------------------------------------

    def approver_holders(self, path: str, data: dict | None = None) -> list[Holder]:
        """Who may approve a change to ``path``: the first tier of the policy's ``approve``
        with someone eligible — never the subject, never the member who filled the file in.
        A tier is passed over only when it has nobody eligible, never because its people
        lack a GitHub login (a chair without a login is a hole codeowners reports, not a
        silent hand-over to HR); so holders without a login are returned too."""
        target = self.target(path)
        return self.approvers_of(target, self.subject(target, data))

    def approvers_of(self, target: Target, subject: str | None) -> list[Holder]:
        """``approver_holders`` for a target made by hand (codeowners: a folder's kinds)."""
        excluded = {subject, target.member} - {None}
        for tier in self.policy.kinds[target.kind].approve:
            found = [
                h
                for role in tier
                for h in self.holders(role, target, subject)
                if h.person is None or h.person not in excluded
            ]
            if found:
                return list(dict.fromkeys(found))
        return []

    def eligible_without_login(self, target: Target, subject: str | None) -> list[Holder]:
        """The approvers of ``target`` who have no GitHub login: named when nobody
        eligible has one."""
        return [h for h in self.approvers_of(target, subject) if not h.login]

    def approvers_for(self, path: str, data: dict | None = None) -> set[str]:
        """GitHub logins who may approve a change to ``path`` (repository-relative).

        ``data`` is the record's content when known (an application's applicant is in it).
        An empty set means nobody eligible has a login: such a change cannot be approved."""
        return {h.login for h in self.approver_holders(path, data) if h.login}


def _changed_fields(change: Change) -> set[str]:
    old, new = change.old or {}, change.new or {}
    return {k for k in {*old, *new} if old.get(k) != new.get(k)}


def _statuses(target: Target, change: Change) -> list[str]:
    """The statuses a change sets: an agreement's resulting status, an application's
    appended history entries."""
    if target.kind == "application":
        old = (change.old or {}).get("history") or []
        new = (change.new or {}).get("history") or []
        if not isinstance(old, list) or not isinstance(new, list):
            return []
        added = new[len(old) :]
        return [str(e.get("status")) for e in added if isinstance(e, dict)]
    side = change.new if change.new is not None else change.old
    status = (side or {}).get("status")
    return [str(status)] if status is not None else []


def _limit(grant: Grant, target: Target, change: Change) -> str | None:
    """Why this grant does not cover the change (a short bilingual text), or None."""
    fields = _changed_fields(change)
    if grant.only_fields is not None and not fields <= grant.only_fields:
        extra = ", ".join(sorted(fields - grant.only_fields))
        return f"แก้ช่อง {extra} ไม่ได้ / may not change {extra}"
    touched = fields & grant.except_fields
    if touched:
        names = ", ".join(sorted(touched))
        return f"แก้ช่อง {names} ไม่ได้ / may not change {names}"
    if grant.statuses is not None:
        bad = [s for s in _statuses(target, change) if s not in grant.statuses]
        if bad:
            return f"ตั้งสถานะ {', '.join(bad)} ไม่ได้ / may not set status {', '.join(bad)}"
    return None


# --- for callers that ask about many files or merges -----------------------------------------


@functools.lru_cache(maxsize=16)
def _access_at_commit(root: str, commit: str, records: str) -> Access:
    return Access.at(Path(root), commit, records)


def access_at(root: Path, rev: str | None = None, records: str = "records") -> Access:
    """``Access.at``, remembered per commit (a revision is resolved to its commit id first),
    so asking about every merge of a history reads each base once; the working tree
    (``rev=None``) is read afresh every time."""
    if rev is None:
        return Access.at(Path(root), None, records)
    commit = git(Path(root), "rev-parse", "--verify", f"{rev}^{{commit}}").decode().strip()
    return _access_at_commit(str(Path(root).resolve()), commit, records)


def approvers_for(
    path: str,
    root: Path = Path("."),
    rev: str | None = None,
    records: str = "records",
    data: dict | None = None,
) -> set[str]:
    """The GitHub logins who may approve a change to ``path`` (repository-relative) under
    the policy and records of ``rev`` — for a merge, its first parent. Empty: nobody
    eligible has a login. See ``Access.approvers_for``."""
    return access_at(root, rev, records).approvers_for(path, data)

"""``patracker changes``: what a pull request does to the records, told for a reviewer.

A reviewer approving by merging should not have to read YAML. This compares the head of
a pull request with its merge base and tells, per person: which records, which fields
from what to what (Thai labels), how each committee member's PA 2 score and the round's
pass/fail move, application status transitions, new and deleted files — and whether the
pull request breaks a protection rule (``validate.protect``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..engine.exact import floor
from ..engine.scoring import Score, score
from ..engine.summary import verdict
from ..layout import RecordRef, classify
from ..load import Loaded, read_bytes
from ..problems import Problem, ProblemError
from ..project import Project
from ..validate.protect import Pair, check_pairs
from .fielddiff import Differ, FieldChange, last_status
from .gitlog import GitError, diff_tree, git, list_tree, merge_base, read_blobs, repo_info

ACTIONS = {"A": "added", "D": "deleted"}
ACTIONS_TH = {"added": "สร้างใหม่", "modified": "แก้ไข", "deleted": "ลบ"}
OFFICE_GROUP = ""  # files that belong to no one person


@dataclass
class MemberScore:
    """One committee member's PA 2 total before and after (None: no evaluation or no gate)."""

    member: str
    before: float | None
    after: float | None
    passed_before: bool | None
    passed_after: bool | None


@dataclass
class RoundResult:
    """The round's pass/fail for one assessee: every filed member at or above the threshold."""

    person: str
    fiscal_year: int
    round: int
    before: str  # passed | failed | awaiting
    after: str
    lowest_before: float | None
    lowest_after: float | None


@dataclass
class FileSummary:
    path: str
    kind: str | None
    action: str  # added | modified | deleted
    person: str | None
    title: str  # what the record is, in Thai
    fields: list[FieldChange] = field(default_factory=list)
    score: MemberScore | None = None
    status: tuple[str | None, str | None] | None = None  # application status before/after


@dataclass
class Summary:
    base: str
    head: str
    start: str  # the merge base actually compared
    files: list[FileSummary]
    names: dict[str, str]
    rounds: list[RoundResult]
    problems: list[Problem]
    threshold: float | None

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    def by_person(self) -> dict[str, list[FileSummary]]:
        grouped: dict[str, list[FileSummary]] = defaultdict(list)
        for item in self.files:
            grouped[item.person or OFFICE_GROUP].append(item)
        return dict(sorted(grouped.items(), key=lambda kv: (kv[0] == OFFICE_GROUP, kv[0])))


class _Side:
    """Both revisions' file contents, read with as few git calls as possible."""

    def __init__(self, root: Path, prefix: str, revs: tuple[str, str]):
        self.root, self.prefix, self.revs = root, prefix, revs
        self.blobs: dict[str, bytes | None] = {}
        self.unreadable: dict[str, list[Problem]] = {}  # proposed files that do not load

    def fetch(self, paths: list[str]) -> None:
        specs = [f"{rev}:{self.prefix}{p}" for p in paths for rev in self.revs]
        self.blobs.update(read_blobs(self.root, [s for s in specs if s not in self.blobs]))

    def load(self, rev: str, path: str) -> Loaded | None:
        raw = self.blobs.get(f"{rev}:{self.prefix}{path}")
        if raw is None:
            return None
        try:
            return read_bytes(raw, path)
        except ProblemError as exc:
            if rev == self.revs[-1]:
                self.unreadable[path] = exc.problems
            return None


def summarize(records: Path, base: str, head: str = "HEAD") -> Summary:
    """Compare ``head`` with its merge base with ``base`` under the ``records`` folder."""
    records = Path(records).resolve()
    info = repo_info(records)
    if info is None:
        raise GitError(f"{records} ไม่ได้อยู่ในคลัง Git — not inside a Git repository")
    project = Project.at(records)
    prefix = records.relative_to(info.root.resolve()).as_posix().strip(".")
    prefix = f"{prefix}/" if prefix else ""
    start = merge_base(info.root, base, head)
    head_id = git(info.root, "rev-parse", "--verify", f"{head}^{{commit}}").decode().strip()
    changed = diff_tree(info.root, start, head_id, prefix)
    side = _Side(info.root, prefix, (start, head_id))
    paths = [c.path[len(prefix) :] for c in changed]
    side.fetch([*paths, "office.yaml"])
    threshold = _threshold(side, head_id, project)
    differ = Differ(project.schemas)
    files, pairs = [], []
    for change, path in zip(changed, paths, strict=True):
        old, new = side.load(start, path), side.load(head_id, path)
        pairs.append(Pair(path, old, new))
        files.append(
            _file(
                project, differ, path, ACTIONS.get(change.status, "modified"), old, new, threshold
            )
        )
    rounds = _rounds(side, files, project, threshold)
    names = _names(side, files, head_id, start)
    unreadable = [p for found in side.unreadable.values() for p in found]
    problems = [*unreadable, *check_pairs(pairs)]
    return Summary(base, head, start, files, names, rounds, problems, threshold)


def _typed(project: Project, kind: str | None, loaded: Loaded | None) -> dict | None:
    if loaded is None:
        return None
    if kind in project.schemas.bundled:
        return project.schemas.coerce(kind, loaded.data)
    return loaded.data


def _file(project, differ, path, action, old_loaded, new_loaded, threshold) -> FileSummary:
    ref = classify(path)
    kind = ref.kind if ref else None
    old, new = _typed(project, kind, old_loaded), _typed(project, kind, new_loaded)
    item = FileSummary(
        path=path,
        kind=kind,
        action=action,
        person=_person(ref, new or old),
        title=_title(project, ref),
        fields=differ.diff(kind, old, new),
    )
    if kind == "evaluation":
        item.score = _member_score(project, ref, old, new, threshold)
    if kind == "application":
        item.status = (last_status(old), last_status(new))
    return item


def _person(ref: RecordRef | None, data: dict | None) -> str | None:
    if ref is None:
        return None
    if "person" in ref.keys:
        return str(ref["person"])
    if ref.kind == "application" and data:
        return data.get("person")
    return None


def _title(project: Project, ref: RecordRef | None) -> str:
    """What the record is, e.g. "ผลการประเมิน (PA 2) รอบ 1/2569 โดยกรรมการ malee-raksa"."""
    if ref is None:
        return "ไฟล์นอกโครงสร้างข้อมูล"
    title = (
        project.schemas[ref.kind].get("title", ref.kind)
        if ref.kind in project.schemas.bundled
        else ref.kind
    )
    keys = ref.keys
    parts = [title]
    if "round" in keys and "fy" in keys:
        parts.append(f"รอบ {keys['round']}/{keys['fy']}")
    elif "fy" in keys:
        parts.append(f"ปี {keys['fy']}")
    if "n" in keys:
        parts.append(f"ครั้งที่ {keys['n']}")
    if "member" in keys:
        parts.append(f"โดยกรรมการ {keys['member']}")
    if keys.get("amend"):
        parts.append(f"(บันทึกแก้ไขครั้งที่ {keys['amend']})")
    if ref.kind in ("school", "committee", "application"):
        parts.append(str(keys["id"]))
    return " ".join(parts)


def _score(project: Project, data: dict | None) -> Score | None:
    """A member's PA 2 score (engine.scoring); None without data or with unreadable levels."""
    if not data:
        return None
    try:
        part1 = {code: item["level"] for code, item in data["part1"].items()}
        part2 = {key: item["level"] for key, item in data["part2"].items()}
    except (KeyError, TypeError, AttributeError):
        return None
    if not all(isinstance(v, int) for v in [*part1.values(), *part2.values()]):
        return None
    return score(part1, part2, project.forms.pa2, gate_ok=data.get("workload_ok") is True)


def _shown(result: Score | None) -> float | None:
    """A total as the summary shows it: cut to 2 decimals; None without the workload gate."""
    return None if result is None or not result.gate_ok else float(floor(result.total, 2))


def _passes(result: Score | None, threshold) -> bool | None:
    if result is None or threshold is None:
        return None
    return result.reaches(threshold)  # the engine's exact comparison


def _member_score(project, ref, old, new, threshold) -> MemberScore:
    before, after = _score(project, old), _score(project, new)
    return MemberScore(
        str(ref["member"]),
        _shown(before),
        _shown(after),
        _passes(before, threshold),
        _passes(after, threshold),
    )


def _threshold(side: _Side, head: str, project: Project) -> float | None:
    office = _typed(project, "office", side.load(head, "office.yaml"))
    if office is None:
        return None
    try:
        return office["rules"]["pass_percent"]
    except (TypeError, KeyError, ValueError):
        return None


def _rounds(side: _Side, files, project, threshold) -> list[RoundResult]:
    """Pass/fail of every round a changed evaluation belongs to, before and after."""
    keys = sorted(
        {
            (f.person, int(ref["fy"]), int(ref["round"]))
            for f in files
            if f.kind == "evaluation" and (ref := classify(f.path)) is not None
        }
    )
    if not keys:
        return []
    folders = [f"{side.prefix}people/{p}/{fy}/evaluations" for p, fy, _ in keys]
    listed = {rev: list_tree(side.root, rev, folders) for rev in side.revs}
    side.fetch([p[len(side.prefix) :] for paths in listed.values() for p in paths])
    out = []
    for person, fy, rnd in keys:
        results = []
        for rev in side.revs:
            found = _in_force(side, rev, listed[rev], person, fy, rnd, project)
            results.append(_round_state(found, threshold))
        (before, low_before), (after, low_after) = results
        out.append(RoundResult(person, fy, rnd, before, after, low_before, low_after))
    return out


def _in_force(side, rev, listed, person, fy, rnd, project) -> dict[str, tuple[dict, Score | None]]:
    """member → the evaluation in force: the highest amendment, else the original."""
    best: dict[str, tuple[int, dict]] = {}
    for full in listed:
        ref = classify(full[len(side.prefix) :])
        if ref is None or ref.kind != "evaluation" or ref["person"] != person:
            continue
        if (ref["fy"], ref["round"]) != (fy, rnd):
            continue
        data = _typed(project, "evaluation", side.load(rev, ref.path))
        amend = int(ref.get("amend", 0))
        if data is not None and amend >= best.get(str(ref["member"]), (-1, {}))[0]:
            best[str(ref["member"])] = (amend, data)
    return {member: (data, _score(project, data)) for member, (_, data) in best.items()}


COMMITTEE_SIZE = 3  # DOMAIN.md §5: a chair and two members


def _round_state(found: dict, threshold) -> tuple[str, float | None]:
    """The engine's PA 3 verdict (``engine.summary.verdict``) on the members' final
    evaluations; a committee has three members, so fewer finals are still awaited."""
    finals = [result for data, result in found.values() if data.get("final") is True]
    shown = [_shown(r) for r in finals]
    lowest = min((t for t in shown if t is not None), default=None)
    if threshold is None:
        return "awaiting", lowest
    unreadable = [r for r in finals if r is None]
    scores = [r for r in finals if r is not None]
    scores += [None] * (COMMITTEE_SIZE - len(finals))
    if unreadable and len(finals) >= COMMITTEE_SIZE:
        return "failed", lowest  # a final evaluation whose levels cannot be read
    return verdict(scores, threshold), lowest


def _names(side: _Side, files, head: str, start: str) -> dict[str, str]:
    """Display names of the people involved, from their person files."""
    ids = {f.person for f in files if f.person}
    ids |= {f.score.member for f in files if f.score}
    paths = [f"people/{pid}/person.yaml" for pid in sorted(ids)]
    side.fetch(paths)
    names = {}
    for pid, path in zip(sorted(ids), paths, strict=True):
        loaded = side.load(head, path) or side.load(start, path)
        data = loaded.data if loaded else {}
        parts = [data.get("title", ""), data.get("first_name", ""), " " + data.get("last_name", "")]
        text = "".join(str(p) for p in parts).strip()
        names[pid] = text or pid
    return names

"""``patracker check-pr``: may this author make every change this pull request makes?

Each changed file is judged twice, both times with the policy and the records of the
pull request's *base* revision, read from Git as data (never the working tree, never code
from the pull request): first the access policy (``access.py``: who may create, change or
delete it), then the protection rules that bind everyone once a record is final
(``validate/protect.py``'s PA601–604 and the ones here: final ว26 evaluations, approved
agreements once the year's evaluations are final, closed fiscal years' progress, decided
applications, amendments by the same member with a real reason).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from .access import Access, Change, Target, Tree
from .codeowners import generate
from .fiscal import fiscal_year_of
from .history.gitlog import (
    GitError,
    _raw_changes,
    diff_tree,
    git,
    merge_base,
    read_blobs,
    repo_info,
)
from .layout import RecordRef, classify
from .load import Loaded, read_bytes
from .problems import Problem, ProblemError, problem
from .validate.protect import Pair, _append_only, _final_evaluation


class UnknownLogin(Exception):
    """The author's login is nobody's at the base revision: a usage error (exit 2)."""

    def __init__(self, login: str):
        super().__init__(login)
        self.problem = problem("PA619", "", line=1, column=1, login=login)


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a changed file: absent (None), unreadable ({}), or loaded."""

    loaded: Loaded | None
    present: bool

    @property
    def data(self) -> dict | None:
        if not self.present:
            return None
        return self.loaded.data if self.loaded is not None else {}


@dataclass
class Result:
    problems: list[Problem]
    checked: int

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def check_pr(
    root: Path, base: str, login: str, head: str = "HEAD", records: str = "records"
) -> Result:
    """Judge every file changed between the merge base of ``base`` and ``head``.

    Raises ``UnknownLogin`` when ``login`` is in no person file (nor maintainers) at the
    base, and ``GitError`` when a revision is missing."""
    start = merge_base(root, base, head)
    access = Access.at(root, start, records)
    if not access.known(login):
        raise UnknownLogin(login)
    raw = git(root, "diff", "--raw", "--no-renames", "--no-abbrev", "-z", start, head)
    paths = [c.path for c in _raw_changes(raw.decode("utf-8", "replace"), "")]
    blobs = read_blobs(root, [f"{rev}:{p}" for p in paths for rev in (start, head)])
    base_tree = Tree(root, start)
    found: list[Problem] = []
    for path in paths:
        old = _side(blobs.get(f"{start}:{path}"), path)
        new = _side(blobs.get(f"{head}:{path}"), path)
        change = Change(path, old.data, new.data)
        verdict = access.may_author(login, change)
        refusal = verdict.problem  # set exactly when the verdict refuses (Verdict checks)
        if refusal is not None and not _as_generated(access, root, head, records, path, blobs):
            found.append(refusal)
        target = access.target(path)
        found += [replace(p, file=path) for p in protections(access, target, old, new, base_tree)]
    return Result(sorted(found, key=Problem.sort_key), len(paths))


def _as_generated(access: Access, root: Path, head: str, records: str, path: str, blobs) -> bool:
    """A generated file (the policy's ``generated``) set to exactly what PA Tracker makes
    from the head's records: whoever may change those records may commit it."""
    if path not in access.policy.generated or path != ".github/CODEOWNERS":
        return False

    try:
        wanted = generate(root, root / records, rev=head).text
    except (GitError, ProblemError):
        return False
    return blobs.get(f"{head}:{path}") == wanted.encode("utf-8")


def revision_protections(records: Path, base: str) -> list[Problem]:
    """The protection rules beyond PA601–604 between ``base`` and the working tree, for
    ``validate --base`` (files named inside ``records/``; no policy question is asked).
    An unreadable base is ``check_revisions``'s PA605 to report, so nothing is added."""
    records = Path(records).resolve()
    info = repo_info(records)
    if info is None:
        return []
    prefix = records.relative_to(info.root.resolve()).as_posix()
    if prefix in ("", "."):
        return []
    try:
        start = merge_base(info.root, base, "HEAD")
        access = Access.at(info.root, start, prefix)
        changed = diff_tree(info.root, start, None, prefix + "/")
    except (GitError, ProblemError):
        return []
    blobs = read_blobs(info.root, [f"{start}:{c.path}" for c in changed])
    base_tree = Tree(info.root, start)
    found: list[Problem] = []
    for change in changed:
        on_disk = info.root / change.path
        old = _side(blobs.get(f"{start}:{change.path}"), change.path)
        new = _side(on_disk.read_bytes() if on_disk.is_file() else None, change.path)
        target = access.target(change.path)
        found += protections(access, target, old, new, base_tree, legacy=False)
    return found


def _side(raw: bytes | None, path: str) -> Side:
    if raw is None:
        return Side(None, False)
    if not path.endswith((".yaml", ".yml")):
        return Side(None, True)
    try:
        return Side(read_bytes(raw, path), True)
    except ProblemError:
        return Side(None, True)


# --- protection rules: what nobody may change once it is final ---------------------------


def protections(
    access: Access, target: Target, old: Side, new: Side, base: Tree, legacy: bool = True
) -> list[Problem]:
    """Every protection rule the policy names for this kind, applied to one changed file
    (problems named inside ``records/``). ``legacy=False`` leaves out PA601–604, which
    ``validate --base`` already runs through ``protect.check_revisions``."""
    rules = access.policy.kinds[target.kind].immutable
    if target.record is None:
        return []
    out: list[Problem] = []
    pair = Pair(target.record, old.loaded, new.loaded if new.present else None)
    if old.loaded is not None:
        if legacy and "final" in rules and target.kind == "evaluation":
            out += _final_evaluation(pair, _ref(target))
        if "final" in rules and target.kind == "induction":
            out += _final_induction(target, old.loaded, new)
        if legacy and "append-only" in rules and target.kind == "application":
            out += _append_only(pair)
        if "decided" in rules and target.kind == "application" and new.present:
            out += _decided(access, target, old.loaded, new)
        if "evaluated-agreement" in rules and target.kind == "agreement":
            out += _evaluated(target, old.loaded, new, base, "PA615")
        if "evaluated-review" in rules and target.kind == "review":
            out += _evaluated(target, old.loaded, new, base, "PA622")
    if "amendment" in rules and target.amend and new.loaded is not None:
        out += _amendment(access, target, new.loaded)
    if "closed-year" in rules and target.kind == "progress":
        out += _closed_year(access, target, old, new)
    return out


def _ref(target: Target) -> RecordRef:
    ref = classify(_record(target))
    assert ref is not None, target.path  # the target's kind came from classifying this path
    return ref


def _final(data: dict) -> bool:
    return str(data.get("final")) in ("true", "True", "TRUE")


def _record(target: Target) -> str:
    """The path inside ``records/`` of a record target: ``protections`` returns before any
    rule runs when the target is code, so every rule below has one."""
    assert target.record is not None, target.path
    return target.record


def _action(new: Side) -> tuple[str, str]:
    return ("ลบ", "deleted") if not new.present else ("แก้ไข", "edited")


def _final_induction(target: Target, old: Loaded, new: Side) -> list[Problem]:
    if not _final(old.data) or (new.loaded is not None and new.loaded.data == old.data):
        return []
    th, en = _action(new)
    return [problem("PA612", _record(target), line=1, column=1, action_th=th, action_en=en)]


def _amendment(access: Access, target: Target, new: Loaded) -> list[Problem]:
    out = []
    expected = f"r{target.round}-{target.member}.yaml"
    found = str(new.data.get("amends", ""))
    if found != expected:
        line, column = new.marks.get(("amends",), (1, 1))
        out.append(
            problem(
                "PA613",
                _record(target),
                ("amends",),
                line=line,
                column=column,
                expected=expected,
                found=found or "-",
                member=target.member,
            )
        )
    reason = str(new.data.get("reason") or "")
    chars, words = _sentence(reason)
    policy = access.policy
    if chars < policy.reason_min_chars or words < policy.reason_min_words:
        line, column = new.marks.get(("reason",), (1, 1))
        out.append(
            problem(
                "PA614",
                _record(target),
                ("reason",),
                line=line,
                column=column,
                chars=policy.reason_min_chars,
                words=policy.reason_min_words,
                found_chars=chars,
                found_words=words,
            )
        )
    return out


def _sentence(text: str) -> tuple[int, int]:
    """Characters (no spaces) and words of a reason; Thai is segmented by PyThaiNLP."""
    chars = sum(1 for c in text if not c.isspace())
    if not chars:
        return 0, 0
    from pythainlp.tokenize import word_tokenize

    words = [w for w in word_tokenize(text, engine="newmm") if any(c.isalnum() for c in w)]
    return chars, len(words)


def _evaluated(target: Target, old: Loaded, new: Side, base: Tree, code: str) -> list[Problem]:
    """An approved agreement, or a committee review, is fixed once any evaluation of its
    fiscal year is final: the result was given on what they said then."""
    if target.kind == "agreement" and str(old.data.get("status")) != "approved":
        return []
    if new.loaded is not None and new.loaded.data == old.data:
        return []
    folder = f"{target.path.split(f'/{target.fy}/', 1)[0]}/{target.fy}/evaluations"
    finals = [p for p, data in base.load(base.paths(folder)).items() if _final(data)]
    if not finals:
        return []
    th, en = _action(new)
    return [
        problem(
            code,
            _record(target),
            line=1,
            column=1,
            action_th=th,
            action_en=en,
            fy=target.fy,
            evaluation=finals[0].rsplit("/", 1)[-1],
        )
    ]


def _closed_year(access: Access, target: Target, old: Side, new: Side) -> list[Problem]:
    closed = access.directory.closed_years
    if target.fy in closed:
        th, en = ("สร้าง", "created") if not old.present else _action(new)
        return [
            problem(
                "PA616", _record(target), line=1, column=1, fy=target.fy, action_th=th, action_en=en
            )
        ]
    if new.loaded is None:
        return []
    before = (old.loaded.data.get("entries") if old.loaded else None) or []
    entries = new.loaded.data.get("entries") or []
    if not isinstance(entries, list):
        return []
    out = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or entry in before:
            continue
        fy = _fiscal_year(entry.get("date"))
        if fy in closed:
            line, column = new.loaded.marks.get(("entries", index, "date"), (1, 1))
            out.append(
                problem(
                    "PA617",
                    _record(target),
                    ("entries", index, "date"),
                    line=line,
                    column=column,
                    date=entry.get("date"),
                    fy=fy,
                )
            )
    return out


def _fiscal_year(value: object) -> int | None:
    try:
        return fiscal_year_of(dt.date.fromisoformat(str(value)))
    except ValueError:
        return None


def _decided(access: Access, target: Target, old: Loaded, new: Side) -> list[Problem]:
    history = old.data.get("history")
    if not isinstance(history, list) or not history or not isinstance(history[-1], dict):
        return []
    status = str(history[-1].get("status"))
    if status not in access.directory.decided:
        return []
    if new.loaded is not None and new.loaded.data == old.data:
        return []
    return [problem("PA618", _record(target), line=1, column=1, status=status)]

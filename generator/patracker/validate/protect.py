"""Protection rules that need the base of a pull request, not just its result.

Some records are promises: a final evaluation is never edited again (a correction is a
new amendment record that points to it and says why, DOMAIN.md §5), and an application's
status history is only ever appended to, because each entry is an act someone took on a
date. A tree on its own cannot show that either was broken; comparing the pull request's
head with its base can. ``patracker changes`` and ``patracker validate --base`` run these.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..history.gitlog import GitError, diff_tree, merge_base, read_blobs, repo_info
from ..layout import RecordRef, classify, path_for
from ..load import Loaded, read_bytes
from ..problems import Pointer, Problem, ProblemError, problem


@dataclass(frozen=True, slots=True)
class Pair:
    """One record file as it was at the base and as it is now (None: absent on that side)."""

    path: str  # inside records/
    old: Loaded | None
    new: Loaded | None


def check_pairs(pairs: Iterable[Pair]) -> list[Problem]:
    """Every protection problem among changed files; files of other kinds pass untouched."""
    found: list[Problem] = []
    for pair in pairs:
        ref = classify(pair.path)
        if ref is None or pair.old is None:
            continue
        if ref.kind == "evaluation":
            found += _final_evaluation(pair, ref)
        elif ref.kind == "application":
            found += _append_only(pair)
    return found


def _final_evaluation(pair: Pair, ref: RecordRef) -> list[Problem]:
    if pair.old is None or str(pair.old.data.get("final")) not in ("true", "True"):
        return []  # a new file, or one not final before: nothing to protect
    suggest = path_for("evaluation", **{**ref.keys, "amend": int(ref.get("amend", 0)) + 1})
    suggest = suggest.rsplit("/", 1)[-1]
    if pair.new is None:
        return [problem("PA602", pair.path, line=1, column=1, suggest=suggest)]
    if pair.new.data == pair.old.data:
        return []  # comments or layout only: nothing the evaluation says has changed
    pointer = first_difference(pair.old.data, pair.new.data)
    line, column = _mark(pair.new, pointer)
    return [problem("PA601", pair.path, pointer, line=line, column=column, suggest=suggest)]


def _append_only(pair: Pair) -> list[Problem]:
    if pair.old is None:
        return []  # a new application: nothing was there to keep
    if pair.new is None:
        return [problem("PA604", pair.path, line=1, column=1)]
    before = _history(pair.old.data)
    after = _history(pair.new.data)
    for index, entry in enumerate(before):
        if index < len(after) and after[index] == entry:
            continue
        removed = index >= len(after)
        pointer: Pointer = (
            ("history",) if removed else first_difference(entry, after[index], ("history", index))
        )
        line, column = _mark(pair.new, pointer)
        status = entry.get("status", "?") if isinstance(entry, dict) else "?"
        return [
            problem(
                "PA603",
                pair.path,
                pointer,
                line=line,
                column=column,
                n=index + 1,
                status=status,
                action_th="ลบ" if removed else "แก้ไข",
                action_en="removed" if removed else "changed",
            )
        ]
    return []


def _history(data: dict) -> list:
    history = data.get("history")
    return history if isinstance(history, list) else []


def first_difference(old: object, new: object, pointer: Pointer = ()) -> Pointer:
    """Where two documents first differ, in the order of the new one."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*new, *(k for k in old if k not in new)]:
            if old.get(key) != new.get(key):
                return first_difference(old.get(key), new.get(key), (*pointer, key))
    if isinstance(old, list) and isinstance(new, list):
        for index in range(max(len(old), len(new))):
            a = old[index] if index < len(old) else None
            b = new[index] if index < len(new) else None
            if a != b:
                return first_difference(a, b, (*pointer, index))
    return pointer


def _mark(loaded: Loaded, pointer: Pointer) -> tuple[int, int]:
    while pointer and pointer not in loaded.marks:
        pointer = pointer[:-1]
    return loaded.marks.get(pointer, (1, 1))


# --- reading both sides from Git -------------------------------------------------------


def check_revisions(records: Path, base: str, head: str | None = None) -> list[Problem]:
    """Protection problems between ``base`` and ``head`` (None: the working tree).

    The base is the merge base of the two, as a pull request sees it. A base that is not
    in the history (a shallow clone in CI) is itself an error: the rules could not be run.
    """
    records = Path(records).resolve()
    info = repo_info(records)
    if info is None:
        return [problem("PA605", "", line=1, column=1, base=base, detail="not a Git repository")]
    prefix = records.relative_to(info.root.resolve()).as_posix().strip(".")
    prefix = f"{prefix}/" if prefix else ""
    try:
        start = merge_base(info.root, base, head or "HEAD")
        changed = diff_tree(info.root, start, head, prefix)
    except GitError as exc:
        detail = str(exc).splitlines()[-1] if str(exc) else "unknown revision"
        return [problem("PA605", "", line=1, column=1, base=base, detail=detail)]
    pairs = _pairs(info.root, records, prefix, changed, start, head)
    return check_pairs(pairs)


def _pairs(root: Path, records: Path, prefix: str, changed, start: str, head: str | None):
    interesting = [c for c in changed if _kind(c.path[len(prefix) :]) in _PROTECTED]
    specs = [f"{start}:{c.path}" for c in interesting]
    if head is not None:
        specs += [f"{head}:{c.path}" for c in interesting]
    blobs = read_blobs(root, specs)
    for change in interesting:
        path = change.path[len(prefix) :]
        old = _load(blobs.get(f"{start}:{change.path}"), path)
        if head is not None:
            new = _load(blobs.get(f"{head}:{change.path}"), path)
        else:
            on_disk = records / path
            new = _load(on_disk.read_bytes() if on_disk.is_file() else None, path)
        yield Pair(path, old, new)


_PROTECTED = frozenset({"evaluation", "application"})


def _kind(path: str) -> str | None:
    ref = classify(path)
    return ref.kind if ref else None


def _load(raw: bytes | None, name: str) -> Loaded | None:
    """A version that cannot be parsed counts as absent; the validator reports why."""
    if raw is None:
        return None
    try:
        return read_bytes(raw, name)
    except ProblemError:
        return None

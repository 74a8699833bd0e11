"""Reading a whole ``records/`` tree: every file found, placed, loaded and checked alone.

This is the reader of the pipeline. It walks the tree once (refusing symlinks, files in
unknown places, non-YAML files and names that clash by case), and runs the per-file checks
of ``validate.files`` on each record. What it returns — the records that loaded and the
problems found so far — is what the cross-file rules and the model work from.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG

from .filecache import FileCache, blob_id
from .layout import RecordRef, classify
from .load import MAX_BYTES
from .problems import Problem, problem


@dataclass(slots=True)
class Record:
    ref: RecordRef
    data: dict
    # False when the file failed its schema: its data may have any shape, so the cross-file
    # rules leave it alone (its schema errors already say what is wrong with it).
    sound: bool = True

    @property
    def path(self) -> str:
        return self.ref.path

    @property
    def kind(self) -> str:
        return self.ref.kind


@dataclass
class Corpus:
    root: Path
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    blobs: dict[str, str | None] = field(default_factory=dict)  # path → Git blob id

    def __post_init__(self) -> None:
        self._by_kind: dict[str, list[Record]] | None = None
        self._owned: dict[str, list[Record]] | None = None

    def of(self, kind: str) -> list[Record]:
        if self._by_kind is None:
            grouped: dict[str, list[Record]] = defaultdict(list)
            for record in self.records:
                grouped[record.kind].append(record)
            self._by_kind = grouped
        return self._by_kind.get(kind, [])

    def index(self, kind: str, key: str = "id") -> dict[str, Record]:
        """Records of ``kind`` by an id taken from their path."""
        return {r.ref.keys[key]: r for r in self.of(kind)}

    def owned(self) -> dict[str, list[Record]]:
        """Person id → the records in their folder and the applications they made."""
        if self._owned is None:
            found: dict[str, list[Record]] = defaultdict(list)
            for record in self.records:
                path = record.path
                if path.startswith("people/"):
                    found[path.split("/", 2)[1]].append(record)
                elif path.startswith("applications/") and isinstance(record.data, dict):
                    found[str(record.data.get("person"))].append(record)
            self._owned = dict(found)
        return self._owned

    @property
    def office(self) -> Record | None:
        found = self.of("office")
        return found[0] if found else None


@dataclass
class Tree:
    """What is under a records folder: each file's path with its size and mtime."""

    files: list[str]
    stats: dict[str, tuple[int, int]]  # path → (size, mtime in ns)
    problems: list[Problem]


def scan(root: Path) -> Tree:
    """Every regular file under ``root`` (posix paths relative to it), statted once."""
    stats: dict[str, tuple[int, int]] = {}
    problems: list[Problem] = []
    stack = [""]
    base = os.fspath(root)
    while stack:
        relative = stack.pop()
        with os.scandir(os.path.join(base, relative) if relative else base) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                path = f"{relative}/{entry.name}" if relative else entry.name
                if entry.is_symlink():
                    problems.append(problem("PA207", path, line=1, column=1))
                elif entry.is_dir():
                    stack.append(path)
                else:
                    stat = entry.stat()
                    stats[path] = (stat.st_size, stat.st_mtime_ns)
    files = sorted(stats)
    return Tree(files, stats, problems + _case_clashes(files))


def rescan(root: Path, before: Tree, changed: Iterable[str]) -> Tree | None:
    """``before`` brought up to date at the ``changed`` paths only (what a file watcher saw
    change under ``root``); None when one of them is a folder or a link, and the whole
    tree must be scanned again."""
    stats = dict(before.stats)
    changed = set(changed)
    for path in changed:
        if any(part.startswith(".") for part in path.split("/")):
            continue  # hidden, as in ``scan``
        try:
            found = os.lstat(os.path.join(root, path))
        except FileNotFoundError:
            stats.pop(path, None)
            continue
        if not S_ISREG(found.st_mode):
            return None
        stats[path] = (found.st_size, found.st_mtime_ns)
    files = sorted(stats)
    links = [p for p in before.problems if p.code == "PA207" and p.file not in changed]
    return Tree(files, stats, links + _case_clashes(files))


def walk(root: Path) -> tuple[list[str], list[Problem]]:
    """Every regular file under ``root`` as a posix path relative to it, plus place problems."""
    tree = scan(root)
    return tree.files, tree.problems


def _case_clashes(files: list[str]) -> list[Problem]:
    if len({path.casefold() for path in files}) == len(files):
        return []  # the usual case, told without grouping
    groups: dict[str, list[str]] = defaultdict(list)
    for path in files:
        groups[path.casefold()].append(path)
    out = []
    for paths in groups.values():
        if len(paths) < 2:
            continue
        # Keep the file that sits where the layout expects it; report the others.
        keeper, *others = sorted(paths, key=lambda p: (classify(p) is None, p))
        out += [problem("PA208", path, line=1, column=1, other=keeper) for path in others]
    return sorted(out, key=lambda p: p.file)


def read_corpus(
    project, paths: list[str] | None = None, use_cache: bool = True, tree: Tree | None = None
) -> Corpus:
    """Load every record under ``project.records`` (or only ``paths`` inside it).

    Files unchanged since the last run come from the file cache; the rest are checked,
    across processes when there are many. ``tree`` is a scan already made of the folder.
    """
    root = project.records
    if paths is not None:
        tree = Tree(sorted(paths), {p: _stat(root, p) for p in paths}, [])
    tree = tree or scan(root)
    corpus = Corpus(root=root, problems=list(tree.problems))
    cache = FileCache.beside(root, project.schemas_dir) if use_cache else FileCache(None, "")
    placed, pending, results = [], [], {}
    for path in tree.files:
        ref = classify(path)
        if ref is None:
            code = "PA201" if path.endswith(".yaml") else "PA206"
            corpus.problems.append(problem(code, path, line=1, column=1, where=path))
            continue
        placed.append(ref)
        hit = cache.trusted(path, *tree.stats[path])
        if hit is None:
            pending.append((ref, tree.stats[path]))
        else:
            results[path] = hit
    results.update(_check_all(project, pending, cache))
    for ref in placed:
        data, found = results[ref.path]
        corpus.problems.extend(found)
        if data is not None:
            sound = not any(p.code.startswith("PA1") for p in found)
            corpus.records.append(Record(ref, data, sound))
    corpus.blobs = {ref.path: cache.blob(ref.path) for ref in placed}
    if paths is None:
        cache.keep_only({ref.path for ref in placed})
    cache.save()
    return corpus


def _stat(root: Path, path: str) -> tuple[int, int]:
    stat = os.stat(os.path.join(root, path))
    return stat.st_size, stat.st_mtime_ns


PARALLEL_ABOVE = 1500


def _check_all(project, pending: list, cache: FileCache) -> dict[str, tuple]:
    """Check files the cache could not vouch for: by content hash first, then for real."""
    out, work = {}, []
    for ref, stat in pending:
        if stat[0] > MAX_BYTES:  # refused before reading: never hash a 50 MB file
            out[ref.path] = _check_one(project, ref)
            continue
        raw = (project.records / ref.path).read_bytes()
        blob = blob_id(raw)
        hit = cache.by_content(ref.path, blob)
        if hit is None:
            work.append((ref, stat, blob, raw))
        else:
            cache.put(ref.path, stat, blob, *hit)
            out[ref.path] = hit
    for (ref, stat, blob, _), result in zip(work, _run_checks(project, work), strict=True):
        cache.put(ref.path, stat, blob, *result)
        out[ref.path] = result
    return out


def _check_one(project, ref):
    from .validate.files import check_file  # validate imports this module; import at call time

    return check_file(project, ref, project.records / ref.path)


def _run_checks(project, work: list) -> list[tuple]:
    from .validate.files import check_bytes

    workers = min(os.cpu_count() or 1, 4)
    if len(work) < PARALLEL_ABOVE or workers < 2:
        return [check_bytes(project, ref, raw) for ref, _, _, raw in work]
    jobs = [(ref, raw) for ref, _, _, raw in work]
    chunk = max(1, len(jobs) // (workers * 8))
    with ProcessPoolExecutor(
        workers, initializer=_worker_start, initargs=(project.records, project.schemas_dir)
    ) as pool:
        return list(pool.map(_worker_check, jobs, chunksize=chunk))


_WORKER_PROJECT = None


def _worker_start(records: Path, schemas_dir: Path) -> None:
    global _WORKER_PROJECT
    from .project import Project

    _WORKER_PROJECT = Project(records=records, schemas_dir=schemas_dir)


def _worker_check(job):
    from .validate.files import check_bytes

    ref, raw = job
    return check_bytes(_WORKER_PROJECT, ref, raw)

"""Reading a whole ``records/`` tree: every file found, placed, loaded and checked alone.

This is the reader of the pipeline. It walks the tree once (refusing symlinks, files in
unknown places, non-YAML files and names that clash by case), and runs the per-file checks
of ``filechecks`` on each record. What it returns — the records that loaded and the
problems found so far — is what the cross-file rules and the model work from.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from stat import S_ISREG

from .filecache import RACY_SECONDS, FileCache, blob_id
from .filechecks import check_bytes, check_file
from .gitindex import vouched_blobs
from .layout import RecordRef, classify
from .load import MAX_BYTES
from .problems import Problem, problem
from .project import Project


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
        """Records of ``kind`` by an id (a text key) taken from their path."""
        return {str(r.ref.keys[key]): r for r in self.of(kind)}

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
    A process that reads the same tree again (``serve``) redoes only the changed files.
    """
    root = project.records
    if paths is not None:
        tree = Tree(sorted(paths), {p: _stat(root, p) for p in paths}, [])
    tree = tree or scan(root)
    cache = FileCache.beside(root, project.schemas_dir) if use_cache else FileCache(None, "")
    whole = paths is None and use_cache
    again = _reread(project, tree, cache) if whole else None
    if again is not None:
        return again
    started = time.time()
    placement, own, placed, pending, results = [], {}, [], [], {}
    for path in tree.files:
        ref = cache.ref(path) or classify(path)
        if ref is None:
            code = "PA201" if path.endswith(".yaml") else "PA206"
            placement.append(problem(code, path, line=1, column=1, where=path))
            continue
        placed.append(ref)
        hit = cache.trusted(path, *tree.stats[path])
        if hit is None:
            pending.append((ref, tree.stats[path]))
        else:
            results[path] = hit
    asking = cache.entries and len(pending) > ASK_GIT_ABOVE  # an empty cache: nothing to find
    vouched = vouched_blobs(root) if asking else {}
    results.update(_check_all(project, pending, cache, vouched))
    records = []
    for ref in placed:
        data, found = results[ref.path]
        if found:
            own[ref.path] = found
        if data is not None:
            records.append(Record(ref, data, _sound(found)))
    blobs = {ref.path: cache.blob(ref.path) for ref in placed}
    if paths is None:
        cache.keep_only({ref.path for ref in placed})
    cache.save()
    reading = _Reading(started, cache.key, tree, placement, own, records, blobs)
    if whole:
        _LAST[os.fspath(root)] = reading
    return reading.corpus(root)


def _sound(found: list[Problem]) -> bool:
    return not any(p.code.startswith("PA1") for p in found)


@dataclass
class _Reading:
    """What ``read_corpus`` made of a tree, kept per records folder in the process so that
    the next read of it (``serve``'s next build) redoes only the files that changed."""

    at: float  # when the files were read (time.time())
    key: str  # the file cache's key: what a file's result depends on besides its bytes
    tree: Tree
    placement: list[Problem]  # files in no known place
    own: dict[str, list[Problem]]  # path → the problems found in that file alone
    records: list[Record]  # in path order
    blobs: dict[str, str | None]

    def corpus(self, root: Path) -> Corpus:
        problems = [*self.tree.problems, *self.placement]
        problems += [p for path in sorted(self.own) for p in self.own[path]]
        return Corpus(root=root, records=list(self.records), problems=problems, blobs=self.blobs)

    @cached_property
    def index(self) -> dict[str, int]:
        return {record.path: at for at, record in enumerate(self.records)}


_LAST: dict[str, _Reading] = {}  # records folder → its last whole read in this process
REREAD_AT_MOST = 200  # changed files; beyond that a whole read is as quick


def _reread(project, tree: Tree, cache: FileCache) -> Corpus | None:
    """The last read of this tree with its changed files read again; None when there is no
    last read to start from, or the change is more than a few record files' content."""
    last = _LAST.get(os.fspath(project.records))
    if last is None or last.key != cache.key or tree.stats.keys() != last.tree.stats.keys():
        return None
    started = time.time()
    racy = (last.at - RACY_SECONDS) * 1e9  # written this close to the read: may have changed
    before = last.tree.stats
    changed = [p for p, stat in tree.stats.items() if stat != before[p] or stat[1] >= racy]
    if len(changed) > REREAD_AT_MOST or any(p not in last.index for p in changed):
        return None
    refs = [last.records[last.index[path]].ref for path in changed]
    results = {}
    for ref in refs:
        results[ref.path] = cache.trusted(ref.path, *tree.stats[ref.path])
    pending = [(ref, tree.stats[ref.path]) for ref in refs if results[ref.path] is None]
    results.update(_check_all(project, pending, cache))
    if any(data is None for data, _ in results.values()):
        return None  # a record that no longer loads: read whole, as the first time
    records, own, blobs = list(last.records), dict(last.own), dict(last.blobs)
    for ref in refs:
        data, found = results[ref.path]
        records[last.index[ref.path]] = Record(ref, data, _sound(found))
        own.pop(ref.path, None)
        if found:
            own[ref.path] = found
        blobs[ref.path] = cache.blob(ref.path)
    cache.save()
    reading = _Reading(started, cache.key, tree, last.placement, own, records, blobs)
    reading.index = last.index  # same paths, same places
    _LAST[os.fspath(project.records)] = reading
    return reading.corpus(project.records)


def _stat(root: Path, path: str) -> tuple[int, int]:
    stat = os.stat(os.path.join(root, path))
    return stat.st_size, stat.st_mtime_ns


PARALLEL_ABOVE = 1500
ASK_GIT_ABOVE = 200  # files the stat test missed; fewer are hashed sooner than Git is asked


def _check_all(
    project, pending: list, cache: FileCache, vouched: dict[str, str] | None = None
) -> dict[str, tuple]:
    """Check files the cache could not vouch for: by the blob id Git vouches for (a fresh
    checkout), else by content hash, else for real. A result found by Git's blob id is not
    stored again: the entry already holds it, and rewriting every entry's mtime after a
    checkout would cost more than asking Git again next time."""
    out, work = {}, []
    vouched = vouched or {}
    for ref, stat in pending:
        hit = cache.by_content(ref.path, vouched[ref.path]) if ref.path in vouched else None
        if hit is not None:
            out[ref.path] = hit
            continue
        if stat[0] > MAX_BYTES:  # refused before reading: never hash a 50 MB file
            out[ref.path] = _check_one(project, ref)
            continue
        raw = (project.records / ref.path).read_bytes()
        blob = blob_id(raw)
        hit = cache.by_content(ref.path, blob)
        if hit is None:
            work.append((ref, stat, blob, raw))
        else:
            cache.put(ref, stat, blob, *hit)
            out[ref.path] = hit
    for (ref, stat, blob, _), result in zip(work, _run_checks(project, work), strict=True):
        cache.put(ref, stat, blob, *result)
        out[ref.path] = result
    return out


def _check_one(project, ref):
    return check_file(project, ref, project.records / ref.path)


def _run_checks(project, work: list) -> list[tuple]:
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

    _WORKER_PROJECT = Project(records=records, schemas_dir=schemas_dir)


def _worker_check(job):
    ref, raw = job
    return check_bytes(_WORKER_PROJECT, ref, raw)

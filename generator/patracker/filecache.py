"""Remembering per-file check results between runs, keyed by each file's Git blob id.

Checking a file alone (load, type, schema, privacy) depends only on its bytes, its path
and PA Tracker's own schemas and code, so a result can be reused while those are the
same. A file whose size and mtime are unchanged is trusted without reading it, except
when it was written too close to the cache's own save to tell (Git's "racily clean"
rule); any other file is read and hashed like ``git hash-object``.

Like Git, it cannot see an edit whose tool then puts back the old size and mtime by hand.
The cache is local and disposable (``.patracker-cache/`` beside ``records/``). It is
stored with ``marshal``, which holds only plain data, so loading it never runs code.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import time
from pathlib import Path
from typing import ClassVar

from .layout import RecordRef
from .problems import Problem

FORMAT = 2
RACY_SECONDS = 2.0
_CODE = (
    "load.py",
    "yamlhints.py",
    "schemas.py",
    "layout.py",
    "kinds.py",
    "messages.py",
    "problems.py",
    "filechecks.py",
    "locate.py",
    "privacy.py",
)  # every module of the package that filechecks.py uses (tests/test_cache.py checks)


def beside_records(records: Path, kind: str, of: str | None = None) -> Path:
    """Where a cache file of ``kind`` lives: ``.patracker-cache/`` next to ``records/``,
    named after the records folder (or after ``of``, what else it belongs to)."""
    root = Path(records).resolve()
    name = hashlib.sha1((str(root) if of is None else of).encode()).hexdigest()[:16]
    return root.parent / ".patracker-cache" / f"{kind}-{name}.marshal"


def blob_id(content: bytes) -> str:
    """The id Git gives these bytes (``git hash-object``)."""
    return hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()


def fingerprint(schemas_dir: Path) -> str:
    """Everything besides a file's bytes that its check depends on: schemas and checking code."""
    digest = hashlib.sha1(str(FORMAT).encode())
    package = Path(__file__).parent
    for path in [*sorted(Path(schemas_dir).rglob("*")), *(package / name for name in _CODE)]:
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def _encode(problem: Problem) -> tuple:
    return (
        problem.file,
        problem.code,
        problem.th,
        problem.en,
        problem.pointer,
        problem.line,
        problem.column,
        problem.severity,
        problem.field,
    )


def _decode(row: tuple) -> Problem:
    file, code, th, en, pointer, line, column, severity, field = row
    return Problem(file, code, th, en, tuple(pointer), line, column, severity, field)


class FileCache:
    """Per-file results: ``path → (size, mtime_ns, blob id, data, problems, kind, ids)``.

    Saving rewrites the whole file only when much has changed; a few changed entries (one
    record edited) go to a small journal beside it, read back on top of it. A process that
    reads the same cache again (``patracker serve``, a build after a build) reuses what it
    loaded while the files on disk are the ones it loaded or saved.
    """

    _loaded: ClassVar[dict[Path, tuple]] = {}  # location → (file states, key, state)
    JOURNAL_MAX = 2000  # entries; beyond this (or 5 % of the cache) the base is rewritten

    def __init__(self, location: Path | None, key: str):
        self.location, self.key = location, key
        self.entries: dict[str, tuple] = {}
        self.changes: dict[str, tuple | None] = {}  # what the journal holds (None: removed)
        self.saved_at = self.journal_saved_at = 0.0
        self.hits = 0
        self.dirty = False
        if location and location.is_file():
            self._load()

    @property
    def file(self) -> Path:
        """The cache file; asked for only where ``location`` is set (loading and saving)."""
        assert self.location is not None, "a cache without a location is never read or saved"
        return self.location

    @property
    def journal(self) -> Path:
        return self.file.with_suffix(".journal")

    def _states(self) -> tuple:
        journal = _file_state(self.journal) if self.journal.is_file() else None
        return _file_state(self.file), journal

    def _load(self) -> None:
        states = self._states()
        memo = self._loaded.get(self.file)
        if memo and memo[0] == states and memo[1] == self.key:
            self.entries, self.changes, self.saved_at, self.journal_saved_at = memo[2]
            return
        base = read_marshal(self.file)
        if base is None or base.get("key") != self.key:
            return
        self.entries, self.saved_at = base["entries"], base["saved_at"]
        journal = read_marshal(self.journal) if states[1] else None
        if journal and journal.get("key") == self.key and journal.get("base") == self.saved_at:
            self.changes, self.journal_saved_at = journal["entries"], journal["saved_at"]
            self.entries = dict(self.entries)
            for path, entry in self.changes.items():
                if entry is None:
                    self.entries.pop(path, None)
                else:
                    self.entries[path] = entry
        self._remember(states)

    def _remember(self, states: tuple) -> None:
        state = (self.entries, self.changes, self.saved_at, self.journal_saved_at)
        self._loaded[self.file] = (states, self.key, state)

    @classmethod
    def beside(cls, records: Path, schemas_dir: Path) -> FileCache:
        """The cache of a records folder, kept in ``.patracker-cache/`` next to it."""
        return cls(beside_records(records, "files"), fingerprint(schemas_dir))

    def trusted(self, path: str, size: int, mtime_ns: int):
        """The cached result if size and mtime match and the file is not racily new: not
        written within two seconds before the save that recorded it."""
        entry = self.entries.get(path)
        if entry is None or entry[0] != size or entry[1] != mtime_ns:
            return None
        saved_at = self.journal_saved_at if path in self.changes else self.saved_at
        if mtime_ns / 1e9 >= saved_at - RACY_SECONDS:
            return None
        self.hits += 1
        return entry[3], [_decode(p) for p in entry[4]] if entry[4] else []

    def by_content(self, path: str, blob: str):
        entry = self.entries.get(path)
        if entry is None or entry[2] != blob:
            return None
        self.hits += 1
        return entry[3], [_decode(p) for p in entry[4]]

    def ref(self, path: str) -> RecordRef | None:
        """Where the record at ``path`` belongs, as ``layout.classify`` said when it was
        cached (the layout's code is part of the key): a new process need not match every
        path again."""
        entry = self.entries.get(path)
        return RecordRef(path, entry[5], entry[6]) if entry else None

    def blob(self, path: str) -> str | None:
        entry = self.entries.get(path)
        return entry[2] if entry else None

    def _writable(self) -> None:
        """Copy before the first change: what was loaded is shared with the memo."""
        if not self.dirty:
            self.entries, self.changes, self.dirty = dict(self.entries), dict(self.changes), True

    def put(
        self, ref: RecordRef, stat: tuple[int, int], blob: str, data, problems: list[Problem]
    ) -> None:
        """Remember a file's result; ``stat`` is its (size, mtime in ns)."""
        self._writable()
        entry = (stat[0], stat[1], blob, data, [_encode(p) for p in problems], ref.kind, ref.keys)
        self.entries[ref.path] = self.changes[ref.path] = entry

    def keep_only(self, paths: set[str]) -> None:
        gone = set(self.entries) - paths
        if gone:
            self._writable()
            for path in gone:
                del self.entries[path]
                self.changes[path] = None

    def save(self) -> None:
        """Write atomically when anything changed; a cache that cannot be written is not kept.

        A file re-hashed only because it was racily new counts as a change, so that the
        next run can trust it by size and mtime.
        """
        if self.location is None or not self.dirty:
            return
        now = time.time()
        small = len(self.changes) <= max(self.JOURNAL_MAX, len(self.entries) // 20)
        if self.saved_at and small:  # a journal needs a base file under it
            body = {"key": self.key, "base": self.saved_at, "saved_at": now}
            if not write_marshal(self.journal, {**body, "entries": self.changes}):
                return
            self.journal_saved_at = now
        else:
            body = {"key": self.key, "saved_at": now, "entries": self.entries}
            if not write_marshal(self.location, body):
                return
            with contextlib.suppress(OSError):
                self.journal.unlink(missing_ok=True)
            self.saved_at, self.changes = now, {}
        self._remember(self._states())
        self.dirty = False


def read_marshal(path: Path) -> dict | None:
    """A cache file's contents, or None if it is missing or not one of ours."""
    try:
        stored = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return stored if isinstance(stored, dict) else None


def write_marshal(path: Path, body: dict) -> bool:
    """Replace a cache file atomically (a reader sees the old file or the new, never half);
    False if it cannot be written: a cache that cannot be written is simply not kept."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(marshal.dumps(body))
        os.replace(temporary, path)
    except (OSError, ValueError):
        return False
    return True


def _file_state(path: Path) -> tuple:
    stat = path.stat()
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


# the code whose answers TreeCache and RecheckCache keep: the rules and what they call
_RULE_CODE = (
    "corpus.py",
    "filecache.py",
    "filechecks.py",
    "fiscal.py",
    "forms.py",
    "gitindex.py",
    "locate.py",
    "project.py",
    "validate",
)


class TreeCache:
    """The whole tree's problems, reused when no file's path, size or mtime has changed."""

    def __init__(self, location: Path, key: str):
        self.location, self.key = location, key

    @classmethod
    def beside(cls, records: Path, schemas_dir: Path) -> TreeCache:
        digest = hashlib.sha1(fingerprint(schemas_dir).encode())
        package = Path(__file__).parent
        for name in _RULE_CODE:
            for path in (
                sorted((package / name).rglob("*.py"))
                if (package / name).is_dir()
                else [package / name]
            ):
                digest.update(path.read_bytes())
        return cls(beside_records(records, "tree"), digest.hexdigest())

    @staticmethod
    def state(tree) -> tuple[str, float]:
        """A digest of every file's path, size and mtime, and the newest mtime among them."""
        stats = tree.stats
        lines = "".join(f"{path}\0{stats[path][0]}\0{stats[path][1]}\n" for path in tree.files)
        newest = max((mtime_ns for _, mtime_ns in stats.values()), default=0)
        return hashlib.sha1(lines.encode()).hexdigest(), newest / 1e9

    def get(self, state: tuple[str, float]) -> tuple[list[Problem], int] | None:
        stored = read_marshal(self.location)
        digest, newest = state
        if stored is None or (stored.get("key"), stored.get("state")) != (self.key, digest):
            return None
        if newest >= stored["saved_at"] - RACY_SECONDS:
            return None
        return [_decode(p) for p in stored["problems"]], stored["count"]

    def put(self, state: tuple[str, float], problems: list[Problem], count: int) -> None:
        body = {
            "key": self.key,
            "state": state[0],
            "saved_at": time.time(),
            "problems": [_encode(p) for p in problems],
            "count": count,
        }
        write_marshal(self.location, body)


class RecheckCache:
    """What the per-record rules found, record by record (``validate._one_at_a_time``),
    kept for the next process. A build whose tree is unchanged takes its problems from
    ``TreeCache`` and checks nothing, so without this file the first edit after it would
    check every record again. Each entry names the record blobs and look-up states it was
    found with, so an old file is still right: only what changed since is checked again."""

    def __init__(self, records: Path, key: str):
        self.location, self.key = beside_records(records, "rechecks"), key

    def load(self) -> dict[str, tuple]:
        """Rule name → (look-up states, blob by path, problems by path); empty if none."""
        stored = read_marshal(self.location)
        if stored is None or stored.get("key") != self.key:
            return {}
        return {
            rule: (state, blobs, {path: [_decode(p) for p in found] for path, found in by_file})
            for rule, (state, blobs, by_file) in stored["rules"].items()
        }

    def save(self, memo: dict[str, tuple]) -> None:
        rules = {
            rule: (
                state,
                blobs,
                [(path, [_encode(p) for p in found]) for path, found in by_file.items()],
            )
            for rule, (state, blobs, by_file) in memo.items()
        }
        write_marshal(self.location, {"key": self.key, "rules": rules})

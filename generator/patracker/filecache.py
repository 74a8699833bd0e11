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

import hashlib
import marshal
import os
import time
from pathlib import Path
from typing import ClassVar

from .problems import Problem

FORMAT = 1
RACY_SECONDS = 2.0
_CODE = ("load.py", "schemas.py", "layout.py", "messages.py", "problems.py", "validate/files.py")


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
    """Per-file results: ``path → (size, mtime_ns, blob id, data, problems)``.

    A process that reads the same cache file again (``patracker serve``, a build after a
    build) reuses what it loaded while the file on disk is the one it loaded or saved.
    """

    _loaded: ClassVar[dict[Path, tuple]] = {}  # location → (file state, key, entries, saved)

    def __init__(self, location: Path | None, key: str):
        self.location, self.key = location, key
        self.entries: dict[str, tuple] = {}
        self.saved_at = 0.0
        self.hits = 0
        self.dirty = False
        if location and location.is_file():
            self.entries, self.saved_at = self._load(location, key)

    @classmethod
    def _load(cls, location: Path, key: str) -> tuple[dict, float]:
        state = _file_state(location)
        memo = cls._loaded.get(location)
        if memo and memo[0] == state and memo[1] == key:
            return memo[2], memo[3]
        try:
            stored = marshal.loads(location.read_bytes())
        except (ValueError, EOFError, TypeError):
            stored = None
        if not isinstance(stored, dict) or stored.get("key") != key:
            return {}, 0.0
        cls._loaded[location] = (state, key, stored["entries"], stored["saved_at"])
        return stored["entries"], stored["saved_at"]

    @classmethod
    def beside(cls, records: Path, schemas_dir: Path) -> FileCache:
        """The cache of a records folder, kept in ``.patracker-cache/`` next to it."""
        root = Path(records).resolve()
        name = hashlib.sha1(str(root).encode()).hexdigest()[:16]
        return cls(
            root.parent / ".patracker-cache" / f"files-{name}.marshal", fingerprint(schemas_dir)
        )

    def trusted(self, path: str, size: int, mtime_ns: int):
        """The cached result if size and mtime match and the file is not racily new."""
        entry = self.entries.get(path)
        if entry is None or entry[0] != size or entry[1] != mtime_ns:
            return None
        if mtime_ns / 1e9 >= self.saved_at - RACY_SECONDS:
            return None
        self.hits += 1
        return entry[3], [_decode(p) for p in entry[4]]

    def by_content(self, path: str, blob: str):
        entry = self.entries.get(path)
        if entry is None or entry[2] != blob:
            return None
        self.hits += 1
        return entry[3], [_decode(p) for p in entry[4]]

    def blob(self, path: str) -> str | None:
        entry = self.entries.get(path)
        return entry[2] if entry else None

    def put(
        self, path: str, stat: tuple[int, int], blob: str, data, problems: list[Problem]
    ) -> None:
        """Remember a file's result; ``stat`` is its (size, mtime in ns)."""
        self.entries = self.entries if self.dirty else dict(self.entries)  # the memo stays
        self.entries[path] = (stat[0], stat[1], blob, data, [_encode(p) for p in problems])
        self.dirty = True

    def keep_only(self, paths: set[str]) -> None:
        gone = set(self.entries) - paths
        if gone:
            self.entries = {p: e for p, e in self.entries.items() if p in paths}
            self.dirty = True

    def save(self) -> None:
        """Write atomically when anything changed; a cache that cannot be written is not kept.

        A file re-hashed only because it was racily new counts as a change, so that the
        next run can trust it by size and mtime.
        """
        if self.location is None or not self.dirty:
            return
        try:
            self.location.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.location.with_suffix(f".{os.getpid()}.tmp")
            saved_at = time.time()
            body = {"key": self.key, "saved_at": saved_at, "entries": self.entries}
            temporary.write_bytes(marshal.dumps(body))
            os.replace(temporary, self.location)
            state = _file_state(self.location)
            self._loaded[self.location] = (state, self.key, self.entries, saved_at)
            self.saved_at, self.dirty = saved_at, False
        except (OSError, ValueError):
            pass


def _file_state(path: Path) -> tuple:
    stat = path.stat()
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


_RULE_CODE = ("corpus.py", "forms.py", "validate")


class TreeCache:
    """The whole tree's problems, reused when no file's path, size or mtime has changed."""

    def __init__(self, location: Path, key: str):
        self.location, self.key = location, key

    @classmethod
    def beside(cls, records: Path, schemas_dir: Path) -> TreeCache:
        root = Path(records).resolve()
        digest = hashlib.sha1(fingerprint(schemas_dir).encode())
        package = Path(__file__).parent
        for name in _RULE_CODE:
            for path in (
                sorted((package / name).rglob("*.py"))
                if (package / name).is_dir()
                else [package / name]
            ):
                digest.update(path.read_bytes())
        name = hashlib.sha1(str(root).encode()).hexdigest()[:16]
        return cls(root.parent / ".patracker-cache" / f"tree-{name}.marshal", digest.hexdigest())

    @staticmethod
    def state(tree) -> tuple[str, float]:
        """A digest of every file's path, size and mtime, and the newest mtime among them."""
        digest, newest = hashlib.sha1(), 0
        for path in tree.files:
            size, mtime_ns = tree.stats[path]
            digest.update(f"{path}\0{size}\0{mtime_ns}\n".encode())
            newest = max(newest, mtime_ns)
        return digest.hexdigest(), newest / 1e9

    def get(self, state: tuple[str, float]) -> tuple[list[Problem], int] | None:
        try:
            stored = marshal.loads(self.location.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            return None
        digest, newest = state
        if not isinstance(stored, dict) or (stored.get("key"), stored.get("state")) != (
            self.key,
            digest,
        ):
            return None
        if newest >= stored["saved_at"] - RACY_SECONDS:
            return None
        return [_decode(p) for p in stored["problems"]], stored["count"]

    def put(self, state: tuple[str, float], problems: list[Problem], count: int) -> None:
        try:
            self.location.parent.mkdir(parents=True, exist_ok=True)
            body = {
                "key": self.key,
                "state": state[0],
                "saved_at": time.time(),
                "problems": [_encode(p) for p in problems],
                "count": count,
            }
            temporary = self.location.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_bytes(marshal.dumps(body))
            os.replace(temporary, self.location)
        except (OSError, ValueError):
            pass

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
    """Per-file results: ``path → (size, mtime_ns, blob id, data, problems)``."""

    def __init__(self, location: Path | None, key: str):
        self.location, self.key = location, key
        self.entries: dict[str, tuple] = {}
        self.saved_at = 0.0
        self.hits = 0
        if location and location.is_file():
            try:
                stored = marshal.loads(location.read_bytes())
            except (ValueError, EOFError, TypeError):
                stored = None
            if isinstance(stored, dict) and stored.get("key") == key:
                self.entries, self.saved_at = stored["entries"], stored["saved_at"]

    @classmethod
    def beside(cls, records: Path, schemas_dir: Path) -> FileCache:
        """The cache of a records folder, kept in ``.patracker-cache/`` next to it."""
        root = Path(records).resolve()
        name = hashlib.sha1(str(root).encode()).hexdigest()[:16]
        return cls(
            root.parent / ".patracker-cache" / f"files-{name}.marshal", fingerprint(schemas_dir)
        )

    def trusted(self, path: str, stat: os.stat_result):
        """The cached result if size and mtime match and the file is not racily new."""
        entry = self.entries.get(path)
        if entry is None or entry[0] != stat.st_size or entry[1] != stat.st_mtime_ns:
            return None
        if stat.st_mtime_ns / 1e9 >= self.saved_at - RACY_SECONDS:
            return None
        self.hits += 1
        return entry[3], [_decode(p) for p in entry[4]]

    def by_content(self, path: str, blob: str):
        entry = self.entries.get(path)
        if entry is None or entry[2] != blob:
            return None
        self.hits += 1
        return entry[3], [_decode(p) for p in entry[4]]

    def put(
        self, path: str, stat: os.stat_result, blob: str, data, problems: list[Problem]
    ) -> None:
        self.entries[path] = (
            stat.st_size,
            stat.st_mtime_ns,
            blob,
            data,
            [_encode(p) for p in problems],
        )

    def keep_only(self, paths: set[str]) -> None:
        for gone in set(self.entries) - paths:
            del self.entries[gone]

    def save(self) -> None:
        """Write atomically; a cache that cannot be written is simply not kept."""
        if self.location is None:
            return
        try:
            self.location.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.location.with_suffix(f".{os.getpid()}.tmp")
            body = {"key": self.key, "saved_at": time.time(), "entries": self.entries}
            temporary.write_bytes(marshal.dumps(body))
            os.replace(temporary, self.location)
        except (OSError, ValueError):
            pass


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
    def state(records: Path, files: list[str]) -> tuple[str, float]:
        """A digest of every file's path, size and mtime, and the newest mtime among them."""
        digest, newest = hashlib.sha1(), 0.0
        for path in files:
            stat = os.stat(os.path.join(records, path))
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
            newest = max(newest, stat.st_mtime_ns / 1e9)
        return digest.hexdigest(), newest

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

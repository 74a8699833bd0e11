"""The history cache: parsed commits and their field diffs, keyed by commit id.

Commits never change, so what was parsed once is kept in ``.patracker-cache/`` and a
rebuild after one new commit reads and diffs only that commit. The cache is thrown away
whole when anything its contents depend on changes: the records folder, the schemas
(labels come from them), the shallow boundary, or this file's format.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

FORMAT = 2  # 2: a new file's entry lists its top-level values
FILE = "history.json"


def schema_fingerprint(schemas_dir: Path) -> str:
    """A digest of every schema and form file: a changed title changes the diff labels."""
    digest = hashlib.sha256()
    for path in sorted(Path(schemas_dir).rglob("*")):
        if path.is_file() and path.suffix in (".json", ".yaml"):
            digest.update(path.relative_to(schemas_dir).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def read(directory: Path | None, key: dict) -> dict[str, dict]:
    """Cached commits (id → stored commit) when the cache matches ``key``; else nothing."""
    if directory is None:
        return {}
    try:
        stored = json.loads((Path(directory) / FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(stored, dict) or stored.get("key") != {**key, "format": FORMAT}:
        return {}
    commits = stored.get("commits")
    return commits if isinstance(commits, dict) else {}


def write(directory: Path | None, key: dict, commits: dict[str, dict]) -> None:
    """Replace the cache atomically, so a killed build never leaves half a file."""
    if directory is None:
        return
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    ignore = directory / ".gitignore"
    if not ignore.exists():  # never let the cache be committed into the office's records
        ignore.write_text("*\n", encoding="utf-8")
    body = json.dumps(
        {"key": {**key, "format": FORMAT}, "commits": commits},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".history-", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(body)
    os.replace(temporary, directory / FILE)


def tips(commits: dict[str, dict]) -> list[str]:
    """Cached commits that no cached commit has as a parent: where the next log can stop."""
    parents = {p for commit in commits.values() for p in commit["parents"]}
    return sorted(c for c in commits if c not in parents)

"""Writing an import: check the result validates, then write all files or none.

The records are copied to a scratch folder, the new files laid over the copy, and the
whole tree validated there; only errors the import would add (not ones already in the
records) stop it. Then every file is written to a temporary name beside its target and
renamed into place; if any step fails, the renames already done are undone, so a failed
import never leaves half a roster behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..problems import Problem
from ..project import Project
from ..validate import validate


def new_errors(project: Project, writes: dict[str, str]) -> list[Problem]:
    """Validation errors the records would have after ``writes`` and do not have now."""
    with tempfile.TemporaryDirectory(prefix="patracker-roster-") as scratch:
        copy = Path(scratch) / "records"
        shutil.copytree(project.records, copy, symlinks=True)
        for relative, text in writes.items():
            (copy / relative).parent.mkdir(parents=True, exist_ok=True)
            (copy / relative).write_text(text, encoding="utf-8")
        after = validate(Project.at(copy, project.schemas_dir)).errors
    if not after:
        return []
    before = {_key(p) for p in validate(project).errors}
    return [p for p in after if _key(p) not in before]


def _key(p: Problem) -> tuple:
    return (p.file, p.code, p.en)


def write_all(records: Path, writes: dict[str, str]) -> None:
    """Write every file or, on any failure, none (the previous contents come back)."""
    staged: list[tuple[Path, Path]] = []
    created: list[Path] = []
    done: list[tuple[Path, bytes | None]] = []
    try:
        for relative, text in sorted(writes.items()):
            target = records / relative
            created += _make_parents(target.parent, records)
            handle, name = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
            staged.append((Path(name), target))
            with os.fdopen(handle, "wb") as out:
                out.write(text.encode("utf-8"))
                out.flush()
                os.fsync(out.fileno())
        for temporary, target in staged:
            previous = target.read_bytes() if target.exists() else None
            os.replace(temporary, target)
            done.append((target, previous))
    except BaseException:
        _undo(done, staged, created)
        raise


def _make_parents(folder: Path, records: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; return the ones made, deepest last."""
    missing = []
    while not folder.exists() and folder != records:
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
    return list(reversed(missing))


def _undo(done, staged, created) -> None:
    for target, previous in reversed(done):
        if previous is None:
            target.unlink(missing_ok=True)
        else:
            target.write_bytes(previous)
    for temporary, _ in staged:
        temporary.unlink(missing_ok=True)
    for folder in reversed(created):
        if folder.exists() and not any(folder.iterdir()):
            folder.rmdir()

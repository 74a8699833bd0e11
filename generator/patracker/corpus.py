"""Reading a whole ``records/`` tree: every file found, placed, loaded and checked alone.

This is the reader of the pipeline. It walks the tree once (refusing symlinks, files in
unknown places, non-YAML files and names that clash by case), and runs the per-file checks
of ``validate.files`` on each record. What it returns — the records that loaded and the
problems found so far — is what the cross-file rules and the model work from.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .layout import RecordRef, classify
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

    def __post_init__(self) -> None:
        self._by_kind: dict[str, list[Record]] | None = None

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

    @property
    def office(self) -> Record | None:
        found = self.of("office")
        return found[0] if found else None


def walk(root: Path) -> tuple[list[str], list[Problem]]:
    """Every regular file under ``root`` as a posix path relative to it, plus place problems."""
    files: list[str] = []
    problems: list[Problem] = []
    stack = [""]
    while stack:
        relative = stack.pop()
        with os.scandir(root / relative) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                path = f"{relative}/{entry.name}" if relative else entry.name
                if entry.is_symlink():
                    problems.append(problem("PA207", path, line=1, column=1))
                elif entry.is_dir():
                    stack.append(path)
                else:
                    files.append(path)
    files.sort()
    return files, problems + _case_clashes(files)


def _case_clashes(files: list[str]) -> list[Problem]:
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


def read_corpus(project, paths: list[str] | None = None) -> Corpus:
    """Load every record under ``project.records`` (or only ``paths`` inside it)."""
    from .validate.files import check_file  # validate imports this module; import at call time

    root = project.records
    files, problems = walk(root) if paths is None else (sorted(paths), [])
    corpus = Corpus(root=root, problems=problems)
    for path in files:
        ref = classify(path)
        if ref is None:
            code = "PA201" if path.endswith(".yaml") else "PA206"
            corpus.problems.append(problem(code, path, line=1, column=1, where=path))
            continue
        data, found = check_file(project, ref, root / path)
        corpus.problems.extend(found)
        if data is not None:
            sound = not any(p.code.startswith("PA1") for p in found)
            corpus.records.append(Record(ref, data, sound))
    return corpus

"""Turning a problem's JSON path into the line and column of the key it is about."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .load import read_file
from .problems import Pointer, Problem, ProblemError


def position(marks: dict[Pointer, tuple[int, int]], pointer: Pointer) -> tuple[int, int]:
    """The mark of ``pointer`` or of its nearest ancestor that has one."""
    pointer = tuple(pointer)
    while pointer not in marks and pointer:
        pointer = pointer[:-1]
    return marks.get(pointer, (1, 1))


def with_marks(problems: list[Problem], marks: dict[Pointer, tuple[int, int]]) -> list[Problem]:
    return [
        p if p.line else replace(p, line=(at := position(marks, p.pointer))[0], column=at[1])
        for p in problems
    ]


def locate_all(problems: list[Problem], root: Path) -> list[Problem]:
    """Give every problem a line, re-reading (once) each file that has unplaced problems."""
    marks_by_file: dict[str, dict] = {}
    out = []
    for found in problems:
        if found.line:
            out.append(found)
            continue
        if found.file not in marks_by_file:
            try:
                marks_by_file[found.file] = read_file(root / found.file, found.file).marks
            except (ProblemError, OSError):
                marks_by_file[found.file] = {}
        line, column = position(marks_by_file[found.file], found.pointer)
        out.append(replace(found, line=line, column=column))
    return out

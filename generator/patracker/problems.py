"""Problems: what every stage reports instead of raising.

A problem names its file and either a line or a JSON path into the document; the
validator turns paths into lines at the end (see ``locate``), so rule code never has to
carry YAML marks around.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .messages import render

Pointer = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    code: str
    th: str
    en: str
    pointer: Pointer = ()
    line: int | None = None
    column: int | None = None
    severity: str = "error"
    field: str = field(default="", compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def at(self, line: int, column: int) -> Problem:
        return replace(self, line=line, column=column)

    def sort_key(self) -> tuple:
        """File by file, line by line; but a file that could not be read at all comes
        first: it is the cause of whatever else is reported about what it holds."""
        return (not self.fatal, self.file, self.line or 0, self.column or 0, self.code)

    @property
    def fatal(self) -> bool:
        """Whether this problem stopped its file from loading (every PA0xx but a
        duplicate key, after which the data is still usable)."""
        return self.code.startswith("PA0") and self.code != "PA011"


def problem(
    code: str,
    file: str,
    pointer: Pointer = (),
    *,
    line: int | None = None,
    column: int | None = None,
    severity: str = "error",
    **fields: object,
) -> Problem:
    """Build a problem from the message catalogue."""
    th, en = render(code, **fields)
    return Problem(
        file=file,
        code=code,
        th=th,
        en=en,
        pointer=tuple(pointer),
        line=line,
        column=column,
        severity=severity,
        field=pointer_text(pointer),
    )


def pointer_text(pointer: Pointer) -> str:
    """``('part1', '1.3', 'level')`` → ``part1.1.3.level`` style text for messages."""
    return (
        "".join(
            f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p))
            for i, p in enumerate(pointer)
        )
        or "(file)"
    )


class ProblemError(Exception):
    """Raised by a stage that cannot go on; carries the problems that stopped it."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(f"{p.file}: {p.en}" for p in problems))
        self.problems = problems

"""What every build does first, whatever it makes (the office site, a school's, the
personal pages): the records validated, or a ``BuildError`` saying why in Thai and English.
"""

from __future__ import annotations

from collections.abc import Iterable

from .project import Project
from .reporting import as_text
from .validate import validate


class BuildError(Exception):
    """The build cannot go on; the message says why in Thai and English. Exit code 2 when
    the output folder is refused (nothing was tried), 1 otherwise."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


def validated(project: Project, changed: Iterable[str] | None = None):
    """The validation result, or a BuildError carrying every error in Thai and English."""
    result = validate(project, changed=changed)
    if not result.ok:
        report = as_text(result.errors, project.records, result.checked)
        raise BuildError(
            f"ข้อมูลมีข้อผิดพลาด ไม่สร้างเว็บไซต์ — records have errors, nothing built\n{report}"
        )
    return result

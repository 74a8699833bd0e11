"""Writing problems for people and machines: text with the source line, GitHub, JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from .problems import Problem

FORMATS = ("text", "github", "json")


def shown_path(records: Path, problem: Problem) -> str:
    return (Path(records) / problem.file).as_posix()


def _source_line(records: Path, problem: Problem, cache: dict[str, list[str]]) -> str | None:
    if not problem.line:
        return None
    if problem.file not in cache:
        try:
            text = (Path(records) / problem.file).read_text(encoding="utf-8", errors="replace")
            cache[problem.file] = text.splitlines() if len(text) < 2_000_000 else []
        except OSError:
            cache[problem.file] = []
    lines = cache[problem.file]
    return lines[problem.line - 1] if 0 < problem.line <= len(lines) else None


def as_text(problems: Iterable[Problem], records: Path, checked: int) -> str:
    cache: dict[str, list[str]] = {}
    out = []
    problems = list(problems)
    for p in problems:
        out.append(
            f"{shown_path(records, p)}:{p.line or 1}:{p.column or 1}: {p.severity}[{p.code}] {p.th} — {p.en}"
        )
        source = _source_line(records, p, cache)
        if source is not None:
            number = str(p.line)
            out.append(f"  {number} | {source}")
            out.append(f"  {' ' * len(number)} | {' ' * ((p.column or 1) - 1)}^")
    out.append(summary(problems, checked))
    return "\n".join(out) + "\n"


def summary(problems: list[Problem], checked: int) -> str:
    errors = [p for p in problems if p.is_error]
    files = len({p.file for p in errors})
    if not errors:
        return f"ตรวจแล้ว {checked:,} ไฟล์ ไม่พบข้อผิดพลาด — {checked:,} files checked, no errors"
    return (
        f"พบข้อผิดพลาด {len(errors):,} รายการใน {files:,} ไฟล์ (ตรวจ {checked:,} ไฟล์)"
        f" — {len(errors):,} errors in {files:,} files ({checked:,} checked)"
    )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(problems: Iterable[Problem], records: Path, checked: int) -> str:
    """Workflow commands GitHub turns into annotations on the changed lines."""
    out = []
    problems = list(problems)
    for p in problems:
        level = "error" if p.is_error else "warning"
        props = ",".join(
            (
                f"file={_escape_property(shown_path(records, p))}",
                f"line={p.line or 1}",
                f"col={p.column or 1}",
                f"title={_escape_property(p.code)}",
            )
        )
        out.append(f"::{level} {props}::{_escape_data(f'{p.th} — {p.en}')}")
    out.append(summary(problems, checked))
    return "\n".join(out) + "\n"


def as_json(problems: Iterable[Problem], records: Path, checked: int) -> str:
    problems = list(problems)
    body = {
        "checked": checked,
        "errors": sum(p.is_error for p in problems),
        "problems": [
            {
                "file": shown_path(records, p),
                "line": p.line,
                "column": p.column,
                "severity": p.severity,
                "code": p.code,
                "field": p.field,
                "message_th": p.th,
                "message_en": p.en,
            }
            for p in problems
        ],
    }
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


RENDERERS = {"text": as_text, "github": as_github, "json": as_json}

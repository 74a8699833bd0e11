"""A YAML syntax error, placed where the person made it and explained in Thai.

libyaml reports where it *noticed* the problem, which for the commonest mistakes is the
line after the one to fix: a key without its colon is noticed at the next key, an
unclosed quote or bracket at the end of the file. The scanner's *context* mark points at
the line that started the trouble, so for those errors that is the line reported. The
cause is then guessed from the error and the line itself (a tab, an indentation step,
a missing colon, an unclosed quote or bracket) and explained in words a person who has
never heard of YAML can act on; the parser's own words stay in the English detail.
"""

from __future__ import annotations

import yaml

from .problems import Problem, problem

# The contexts whose mark is where the mistake is, not where it was noticed.
_AT_CONTEXT = (
    "while scanning a simple key",
    "while scanning a quoted scalar",
    "while parsing a flow sequence",
    "while parsing a flow mapping",
    "while parsing a flow node",
)

HINTS: dict[str, tuple[str, str]] = {
    "colon": (
        "บรรทัดนี้ขาดเครื่องหมาย : หลังชื่อช่อง ให้เขียนเป็น ชื่อช่อง: ค่า (มีช่องว่างหนึ่งช่องหลัง :)",
        "this line lacks the colon after its key; write 'key: value'",
    ),
    "tab": (
        "บรรทัดนี้ย่อหน้าด้วยแท็บ (Tab) ซึ่ง YAML ไม่ยอมรับ ให้ลบแท็บแล้วย่อหน้าด้วยการเว้นวรรค (space) แทน",
        "this line is indented with a tab, which YAML refuses; indent with spaces",
    ),
    "indent": (
        "การย่อหน้าไม่ตรงกัน ช่องที่อยู่ระดับเดียวกันต้องย่อหน้าเท่ากันทุกบรรทัด"
        " (เว้นวรรค 2 ช่องต่อหนึ่งระดับ) ให้ตรวจบรรทัดนี้กับบรรทัดก่อนหน้า",
        "the indentation does not line up; keys at the same level must be indented alike",
    ),
    "value-colon": (
        "ค่าในบรรทัดนี้มีเครื่องหมาย : ตามด้วยช่องว่าง หรือบรรทัดนี้ย่อหน้าเกินบรรทัดก่อนหน้า"
        ' ถ้าค่ามี : ให้ครอบค่าด้วยเครื่องหมายคำพูด เช่น note: "เวลา: 10 โมง"',
        "a value holds ': ' or the line is indented too far; quote such a value",
    ),
    "quote": (
        "เปิดเครื่องหมายคำพูด (\" หรือ ') ที่บรรทัดนี้แล้วไม่ได้ปิด ให้ใส่เครื่องหมายปิดท้ายค่า",
        "a quote opened on this line is never closed",
    ),
    "bracket": (
        "เปิดวงเล็บ [ หรือ { ที่บรรทัดนี้แล้วไม่ได้ปิด หรือขาดจุลภาค (,) คั่นระหว่างรายการ",
        "a [ or { opened on this line is never closed, or a comma is missing",
    ),
    "other": (
        "สาเหตุที่พบบ่อย: ขาดเครื่องหมาย : หลังชื่อช่อง, ย่อหน้าด้วยแท็บแทนการเว้นวรรค,"
        " ย่อหน้าไม่ตรงกับบรรทัดอื่นในระดับเดียวกัน, เปิดเครื่องหมายคำพูดหรือวงเล็บแล้วไม่ได้ปิด",
        "usual causes: a missing colon, a tab, uneven indentation, an unclosed quote or bracket",
    ),
}


def syntax_problem(exc: yaml.YAMLError, text: str, name: str) -> Problem:
    """PA007 for ``exc`` raised while parsing ``text`` (the file ``name``)."""
    if isinstance(exc, yaml.MarkedYAMLError):
        line, column, cause = place_and_explain(exc, text)
        detail = detail_en(exc)
    else:  # reader errors carry no mark
        line, column, cause, detail = 1, 1, "other", str(exc)
    hint_th, hint_en = HINTS[cause]
    return problem(
        "PA007", name, line=line, column=column, detail=detail, hint_th=hint_th, hint_en=hint_en
    )


def place_and_explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """(1-based line, column, cause key of ``HINTS``) of a YAML syntax error in ``text``."""
    mark = exc.problem_mark or exc.context_mark
    if exc.context in _AT_CONTEXT and exc.context_mark is not None:
        mark = exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    rows = text.splitlines()
    if line > len(rows) or not rows[line - 1].strip():  # noticed at the end of the file
        written = [n for n, row in enumerate(rows[: line - 1], 1) if row.strip()]
        line, column = (written[-1], 1) if written else (1, 1)
    cause = _cause(exc, text, line)
    if cause == "value-colon" and (before := _keyless_line_before(rows, line)):
        return before, 1, "colon"
    return line, column, cause


def _keyless_line_before(rows: list[str], line: int) -> int | None:
    """The line before ``line`` when it is a key without its colon: YAML reads it and the
    next line as one text and stumbles only on the next line's colon."""
    row = rows[line - 1] if line <= len(rows) else ""
    for number in range(line - 1, 0, -1):
        before = rows[number - 1]
        if not before.strip() or before.lstrip().startswith("#"):
            continue
        same = len(before) - len(before.lstrip()) == len(row) - len(row.lstrip())
        keyless = ":" not in before and not before.lstrip().startswith(("-", "[", "{"))
        return number if same and keyless else None
    return None


def _cause(exc: yaml.MarkedYAMLError, text: str, line: int) -> str:
    rows = text.splitlines()
    row = rows[line - 1] if 0 < line <= len(rows) else ""
    indent = row[: len(row) - len(row.lstrip(" \t"))]
    problem = exc.problem or ""
    if "\t" in indent or "'\\t'" in problem:
        return "tab"
    context = exc.context or ""
    if context == "while scanning a simple key":
        return "colon"
    if context == "while scanning a quoted scalar":
        return "quote"
    if context.startswith("while parsing a flow"):
        return "bracket"
    if problem.startswith("mapping values are not allowed"):
        return "value-colon"
    if context.startswith("while parsing a block"):
        return "indent"
    return "other"


def detail_en(exc: yaml.MarkedYAMLError) -> str:
    """The parser's own words: the problem, and what it was reading when it met it."""
    problem = exc.problem or str(exc)
    return f"{problem} ({exc.context})" if exc.context else problem

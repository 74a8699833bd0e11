"""Strict YAML loading — the first stage of the pipeline.

Records are typed by hand by people who are not programmers, so this loader refuses what
YAML would otherwise get silently wrong: duplicate keys, anchors and aliases (which also
stops alias bombs), merge keys, tags, a BOM, invisible or bidirectional control characters,
text that is not NFC, files that are huge or nested absurdly deep.

It never guesses types. Like StrictYAML, a plain (unquoted) scalar stays text — ``yes``,
``1:30``, ``0812345678``, ``1.10`` and ``2025-10-01`` all arrive as written — and is only
turned into a number or boolean later, where the record's schema asks for one
(``coerce``). Only an empty value, ``~`` and ``null`` load as nothing.

It walks libyaml's event stream (the C parser when PyYAML has it) and records the line
and column of every key and item, so any later error can point at the right line.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from .problems import Pointer, Problem, ProblemError, problem
from .yamlhints import syntax_problem

MAX_BYTES = 1 << 20
MAX_DEPTH = 32
# libyaml ≥ 0.2.5 as bundled by PyYAML 6.0.4 refuses nesting past 1000 levels itself, while
# scanning, before our own limit sees the events: the same problem, the same message.
_LIBYAML_DEPTH = "exceeded maximum nesting depth"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
WITH_LIBYAML = _Loader is not yaml.SafeLoader

# C0/C1 controls except tab, LF and CR; and the Unicode line/paragraph separators, which
# YAML counts as line breaks while editors do not (every later line number would be off).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# Characters that draw nothing yet are not controls: Unicode's format characters (zero-width
# space and joiners, soft hyphen, word joiner, a BOM inside the text, tag characters, ...)
# and the Hangul fillers. They can hide text, or make two ids that look the same differ.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u17b4\u17b5"
    "\u180e\u200b-\u200d\u2060-\u2065\u206a-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)
_REFUSED = ((_CONTROL, "PA004"), (_BIDI, "PA005"), (_INVISIBLE, "PA017"))
# A double-quoted scalar may write any character as an escape; what each escape stands for.
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0abtnvfreN_LP\\])")
_SHORT_ESCAPES = {
    "0": "\x00", "a": "\x07", "b": "\x08", "t": "\t", "n": "\n", "v": "\x0b", "f": "\x0c",
    "r": "\r", "e": "\x1b", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
    "\\": "\\",
}  # fmt: skip
# libyaml reports a plain scalar's style as '', the pure-Python parser as None.
_PLAIN = ("", None)
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


class Plain(str):
    """A scalar that was written without quotes; ``coerce`` may type it by schema."""

    __slots__ = ()


@dataclass(slots=True)
class Loaded:
    """A parsed file: its data and where each key or item stands (1-based line, column)."""

    data: dict
    marks: dict[Pointer, tuple[int, int]]
    text: str
    problems: list[Problem]  # found but not fatal (duplicate keys): the data is still usable


def read_file(path: Path, name: str) -> Loaded:
    """Load one record file; raise ``ProblemError`` naming the file and line on bad input."""
    size = os.stat(path).st_size
    if size > MAX_BYTES:
        raise ProblemError([problem("PA001", name, line=1, column=1, size=size, limit=MAX_BYTES)])
    with open(path, "rb") as handle:
        return read_bytes(handle.read(), name)


def read_bytes(raw: bytes, name: str) -> Loaded:
    if len(raw) > MAX_BYTES:
        raise ProblemError(
            [problem("PA001", name, line=1, column=1, size=len(raw), limit=MAX_BYTES)]
        )
    text = _decode(raw, name)
    problems: list[Problem] = []
    data, marks = _compose(text, name, problems)
    return Loaded(data, marks, text, problems)


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raise ProblemError([problem("PA003", name, line=1, column=1)])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, _ = _position(raw, exc.start)
        # Count the column in characters, as every other mark does, not in bytes.
        start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[start : exc.start].decode("utf-8", errors="replace")) + 1
        raise ProblemError(
            [problem("PA002", name, line=line, column=column, byte=raw[exc.start])]
        ) from None
    for pattern, code in _REFUSED:
        found = pattern.search(text)
        if found:
            line, column = _position(text, found.start())
            raise ProblemError(
                [problem(code, name, line=line, column=column, codepoint=ord(found.group()))]
            )
    if not unicodedata.is_normalized("NFC", text):
        line, row = next(
            (n, row)
            for n, row in enumerate(text.splitlines(), 1)
            if not unicodedata.is_normalized("NFC", row)
        )
        raise ProblemError([problem("PA006", name, line=line, column=_not_nfc_column(row))])
    return text


def _not_nfc_column(row: str) -> int:
    """The column of the character cluster where ``row`` first differs from its NFC form."""
    normal = unicodedata.normalize("NFC", row)
    start = next(
        (i for i, (a, b) in enumerate(zip(row, normal, strict=False)) if a != b),
        min(len(row), len(normal)),
    )
    start = min(start, len(row) - 1)
    while start > 0 and unicodedata.combining(row[start]):
        start -= 1
    return start + 1


def _position(buffer: str | bytes, offset: int) -> tuple[int, int]:
    if isinstance(buffer, str):
        line, start = buffer.count("\n", 0, offset) + 1, buffer.rfind("\n", 0, offset) + 1
    else:
        line, start = buffer.count(b"\n", 0, offset) + 1, buffer.rfind(b"\n", 0, offset) + 1
    return line, offset - start + 1


def _compose(text: str, name: str, problems: list[Problem]) -> tuple[dict, dict]:
    """Build plain Python data from the event stream, refusing what YAML gets wrong."""
    marks: dict[Pointer, tuple[int, int]] = {(): (1, 1)}
    # Each frame: [container, path, pending key or None, {key: line}]
    stack: list[list] = []
    root: object = _MISSING
    documents = 0

    def fail(code: str, mark, **fields) -> ProblemError:
        return ProblemError(
            [problem(code, name, line=mark.line + 1, column=mark.column + 1, **fields)]
        )

    def place(value, mark) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        frame = stack[-1]
        container, path = frame[0], frame[1]
        if isinstance(container, list):
            container.append(value)
            marks[(*path, len(container) - 1)] = (mark.line + 1, mark.column + 1)
            return
        key = frame[2]
        frame[2] = None
        if key[0] in container:
            return  # the duplicate was reported when its key was read; keep the first value
        container[key[0]] = value

    def open_key(value, mark, event) -> None:
        frame = stack[-1]
        if value is None:
            raise fail("PA015", mark)
        if event.style in _PLAIN and value == "<<":
            raise fail("PA009", mark)
        key = str(value)
        seen = frame[3]
        if key in seen:
            problems.append(
                problem(
                    "PA011",
                    name,
                    line=mark.line + 1,
                    column=mark.column + 1,
                    key=key,
                    first_line=seen[key],
                )
            )
        else:
            seen[key] = mark.line + 1
            marks[(*frame[1], key)] = (mark.line + 1, mark.column + 1)
        frame[2] = (key,)

    def expecting_key() -> bool:
        return bool(stack) and isinstance(stack[-1][0], dict) and stack[-1][2] is None

    try:
        for event in yaml.parse(text, Loader=_Loader):
            kind = type(event)
            mark = event.start_mark
            if isinstance(event, yaml.ScalarEvent):
                _refuse_decorations(event, fail)
                value = _scalar(event)
                if event.style == '"':
                    _refuse_escaped(event, text, name)
                if expecting_key():
                    open_key(value, mark, event)
                else:
                    place(value, mark)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                _refuse_decorations(event, fail)
                if expecting_key():
                    raise fail("PA015", mark)
                if len(stack) >= MAX_DEPTH:
                    raise fail("PA012", mark, limit=MAX_DEPTH)
                container: dict | list = {} if kind is yaml.MappingStartEvent else []
                path = _child_path(stack)
                place(container, mark)
                stack.append([container, path, None, {}])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
            elif kind is yaml.AliasEvent:
                raise fail("PA008", mark)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise fail("PA013", mark)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if exc.problem == _LIBYAML_DEPTH:  # newer libyaml stops deep nesting before we do
            raise ProblemError(
                [problem("PA012", name, line=line, column=column, limit=MAX_DEPTH)]
            ) from None
        raise ProblemError([syntax_problem(exc, text, name)]) from None
    except yaml.YAMLError as exc:  # reader errors carry no mark
        raise ProblemError([syntax_problem(exc, text, name)]) from None

    if root is _MISSING or root is None:
        raise ProblemError([problem("PA014", name, line=1, column=1)])
    if not isinstance(root, dict):
        raise ProblemError([problem("PA016", name, line=1, column=1)])
    return root, marks


def _child_path(stack: list[list]) -> Pointer:
    """The path the next value will take inside the innermost open container."""
    if not stack:
        return ()
    container, path, key = stack[-1][0], stack[-1][1], stack[-1][2]
    if isinstance(container, list):
        return (*path, len(container))
    return (*path, key[0])


def _refuse_decorations(event, fail) -> None:
    if event.anchor is not None:
        raise fail("PA008", event.start_mark)
    if event.tag is not None and not (
        # libyaml reports the implicit tags of plain collections as None; '!' is the
        # non-specific tag of a quoted scalar. Anything else was written by hand.
        event.tag == "!" and isinstance(event, yaml.ScalarEvent)
    ):
        raise fail("PA010", event.start_mark, tag=event.tag)


def _refuse_escaped(event, text: str, name: str) -> None:
    """Refuse what an escape in a double-quoted scalar (``"\\u202e"``) puts in the value that
    the raw text may not hold, pointing at the escape: the reader sees the same text."""
    value = event.value
    for pattern, code in _REFUSED:
        found = pattern.search(value)
        if found:
            char = found.group()
            offset, written = _escape_of(text, event, char)
            line, column = _position(text, offset)
            raise ProblemError(
                [
                    problem(
                        code,
                        name,
                        line=line,
                        column=column,
                        codepoint=ord(char),
                        hint_th=f" (เขียนเป็นรหัสหลีก {written} ในเครื่องหมายคำพูด)",
                        hint_en=f" (written as the escape {written})",
                    )
                ]
            )
    if not unicodedata.is_normalized("NFC", value):
        line, column = event.start_mark.line + 1, event.start_mark.column + 1
        raise ProblemError([problem("PA006", name, line=line, column=column)])


def _escape_of(text: str, event, char: str) -> tuple[int, str]:
    """Where in ``text`` the scalar writes ``char`` as an escape, and the escape as written."""
    start, end = event.start_mark.index, event.end_mark.index
    for found in _ESCAPE.finditer(text, start, end):
        code = found.group(1)
        meant = _SHORT_ESCAPES.get(code) or chr(int(code[1:], 16))
        if meant == char:
            return found.start(), found.group()
    return start, f"U+{ord(char):04X}"


def _scalar(event) -> str | None:
    value = event.value
    if event.style in _PLAIN:
        return None if value in _NULLS else Plain(value)
    return str(value)


class _Missing:
    pass


_MISSING = _Missing()

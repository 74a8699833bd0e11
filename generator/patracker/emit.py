"""Writing records as YAML people can edit: block style, plain where safe, quoted where not.

Used by the commands whose job is to write records (``new``, ``demo``, imports). Output
always loads back through the strict loader to the same data.
"""

from __future__ import annotations

import json
import re
from typing import Any

_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`~][^\n\t]*")
_RESERVED = frozenset(
    {"null", "Null", "NULL", "~", "true", "True", "TRUE", "false", "False", "FALSE"}
)


def scalar(value: Any) -> str:
    """One scalar as YAML text (strings with newlines are the caller's block literals)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if (
        _PLAIN.fullmatch(text)
        and text == text.strip()
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and text not in _RESERVED
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def key(name: str) -> str:
    return scalar(name)


def dump(data: dict) -> str:
    return "\n".join(_lines(data, 0)) + "\n"


def _lines(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    out: list[str] = []
    if isinstance(value, dict):
        for k, v in value.items():
            out += _entry(f"{pad}{key(k)}:", v, indent)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and item:
                first, *rest = _lines(item, indent + 2)
                out.append(f"{pad}- {first.lstrip()}")
                out += rest
            else:
                out += _entry(f"{pad}-", item, indent)
    return out


def _entry(head: str, value: Any, indent: int) -> list[str]:
    if isinstance(value, dict) and value:
        return [head, *_lines(value, indent + 2)]
    if isinstance(value, list) and value:
        return [head, *_lines(value, indent + 2)]
    if isinstance(value, (dict, list)):
        return [f"{head} {'{}' if isinstance(value, dict) else '[]'}"]
    if isinstance(value, str) and "\n" in value:
        body = [
            (" " * (indent + 2) + line) if line else "" for line in value.rstrip("\n").split("\n")
        ]
        return [f"{head} |-" if not value.endswith("\n") else f"{head} |", *body]
    return [f"{head} {scalar(value)}"]

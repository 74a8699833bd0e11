"""Field-level diffs of two versions of a record, labelled in Thai from the schemas.

Reviewers and teachers do not read YAML, so a change is told as what it means —
"ตัวชี้วัด 1.3: ระดับ 2 → 3", "สถานะคำขอ: ส่งคืนแก้ไข → ยื่นคำขอ" — from the parsed
data of both versions, never as a text diff. Labels come from each field's ``title`` in
the schema and enum values from its ``x-labels``, so a corrected schema corrects the
history too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..load import Plain
from ..schemas import SchemaSet, resolve
from ..thai import as_date, be_date

_INDICATOR = re.compile(r"[1-9][0-9]?\.[1-9][0-9]?")
_RATED_KEYS = frozenset({"level", "comment"})
STATUS_LABEL = "สถานะคำขอ"
NOTHING = "(ไม่มี)"


class _Gone:
    """A key or item that one side does not have (unlike ``None``, an empty value)."""

    def __repr__(self) -> str:
        return "GONE"


GONE = _Gone()


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One changed field: where, its Thai label, the old and new value as shown, the line."""

    pointer: tuple[str | int, ...]
    label: str
    old: str | None  # None: the field did not exist before
    new: str | None  # None: the field was removed
    text: str

    def as_dict(self) -> dict:
        return {
            "pointer": list(self.pointer),
            "label": self.label,
            "old": self.old,
            "new": self.new,
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, data: dict) -> FieldChange:
        return cls(tuple(data["pointer"]), data["label"], data["old"], data["new"], data["text"])


class Differ:
    """Diffs records of any kind against the schemas of one project."""

    def __init__(self, schemas: SchemaSet):
        self.schemas = schemas

    def diff(self, kind: str | None, old: dict | None, new: dict | None) -> list[FieldChange]:
        """What changed from ``old`` to ``new``; a new file gets its top-level values, a
        deleted one only its headline."""
        out: list[FieldChange] = []
        if kind == "application":
            out += self._status_line(old, new)
        if kind is None or kind not in self.schemas.bundled or new is None:
            return out
        if old is None:  # a new file: its key content, the top-level values
            return out + [
                self._line(kind, (key,), GONE, value)
                for key, value in new.items()
                if not isinstance(value, dict | list) and value is not None
            ]
        self._walk(kind, (), old, new, out)
        return out

    def _walk(self, kind: str, pointer: tuple, old: Any, new: Any, out: list) -> None:
        if old == new:
            return
        if isinstance(old, dict) and isinstance(new, dict):
            for key in [*old, *(k for k in new if k not in old)]:
                self._walk(kind, (*pointer, key), old.get(key, GONE), new.get(key, GONE), out)
            return
        if isinstance(old, list) and isinstance(new, list) and _has_mappings(old, new):
            for i in range(max(len(old), len(new))):
                before = old[i] if i < len(old) else GONE
                after = new[i] if i < len(new) else GONE
                self._walk(kind, (*pointer, i), before, after, out)
            return
        out.append(self._line(kind, pointer, old, new))

    def _line(self, kind: str, pointer: tuple, old: Any, new: Any) -> FieldChange:
        label = self.label(kind, pointer)
        unit = "ระดับ " if pointer and pointer[-1] == "level" else ""
        before = None if old is GONE else self.shown(kind, pointer, old)
        after = None if new is GONE else self.shown(kind, pointer, new)
        if before is None:
            text = f"เพิ่ม {label}: {unit}{after}"
        elif after is None:
            text = f"ลบ {label} (เดิม: {unit}{before})"
        else:
            text = f"{label}: {unit}{before} → {after}"
        return FieldChange(pointer, label, before, after, text)

    # --- labels ------------------------------------------------------------------------

    def label(self, kind: str, pointer: tuple) -> str:
        """The Thai name of a field, with the indicator or list item it belongs to."""
        if not pointer:
            return "ทั้งไฟล์"
        if pointer[-1] in _RATED_KEYS and len(pointer) > 1:
            context = self._segment(kind, pointer[:-1])
            return (
                context if pointer[-1] == "level" else f"{context} — {self._segment(kind, pointer)}"
            )
        own = self._segment(kind, pointer)
        for depth in range(len(pointer) - 1, 0, -1):
            if _identifies(pointer[depth - 1]):
                return f"{self._segment(kind, pointer[:depth])} — {own}"
        return own

    def _segment(self, kind: str, pointer: tuple) -> str:
        key = pointer[-1]
        if isinstance(key, int):
            return f"{self._title(kind, pointer[:-1])} รายการที่ {key + 1}"
        if _INDICATOR.fullmatch(key):
            return f"ตัวชี้วัด {key}"
        return self._title(kind, pointer)

    def _title(self, kind: str, pointer: tuple) -> str:
        title = self.schemas.title(kind, pointer) if pointer else kind
        return str(pointer[-1]) if title == "ข้อมูล" and pointer else title

    # --- values ------------------------------------------------------------------------

    def shown(self, kind: str, pointer: tuple, value: Any) -> str:
        """A value as a Thai reader should see it: enum labels, BE dates, yes/no, short text."""
        if value is None:
            return "(ว่าง)"
        if isinstance(value, bool):
            return "ใช่" if value else "ไม่ใช่"
        if isinstance(value, float):
            return f"{value:g}"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, Plain):
            typed = self._typed(kind, pointer, value)
            if not isinstance(typed, str):
                return self.shown(kind, pointer, typed)
        if isinstance(value, str):
            return self._text(kind, pointer, value)
        if isinstance(value, list):
            if _has_mappings(value, []):
                return f"{len(value)} รายการ"
            return ", ".join(self.shown(kind, (*pointer, 0), v) for v in value) or "(ว่าง)"
        return self._mapping(kind, pointer, value)

    def _typed(self, kind: str, pointer: tuple, value: Plain) -> Any:
        """Type one unquoted scalar as its schema says (the loader keeps them all text)."""
        root = self.schemas[kind]
        types = resolve(self._node(kind, pointer), root).get("type")
        wanted = {types} if isinstance(types, str) else set(types or ())
        if "boolean" in wanted and value in ("true", "false"):
            return value == "true"
        return value

    def _text(self, kind: str, pointer: tuple, value: str) -> str:
        node, root = self._node(kind, pointer), self.schemas[kind]
        target = resolve(node, root)
        labels = node.get("x-labels") or target.get("x-labels") or {}
        if value in labels:
            return labels[value]
        if "date" in (node.get("format"), target.get("format")):
            return be_date(value) if as_date(value) else value
        return short(value)

    def _mapping(self, kind: str, pointer: tuple, value: dict) -> str:
        if "level" in value and len(value) <= 2:
            return f"ระดับ {self.shown(kind, (*pointer, 'level'), value['level'])}"
        if "status" in value:
            status = self.shown(kind, (*pointer, "status"), value["status"])
            when = self.shown(kind, (*pointer, "date"), value.get("date"))
            by = f" โดย {value['by']}" if value.get("by") else ""
            return f"{status} ({when}{by})"
        parts = [
            self.shown(kind, (*pointer, k), v)
            for k, v in value.items()
            if not isinstance(v, (dict, list))
        ]
        return short(" · ".join(parts[:3]), 100) or "(กลุ่มข้อมูล)"

    def _node(self, kind: str, pointer: tuple) -> dict:
        root = self.schemas[kind]
        node: Any = root
        for key in pointer:
            node = resolve(node, root)
            if isinstance(key, int):
                node = node.get("items", {})
                continue
            props = node.get("properties", {})
            extra = node.get("additionalProperties")
            node = props.get(key, extra if isinstance(extra, dict) else {})
        return node if isinstance(node, dict) else {}

    # --- applications ------------------------------------------------------------------

    def _status_line(self, old: dict | None, new: dict | None) -> list[FieldChange]:
        before, after = last_status(old), last_status(new)
        if before == after:
            return []
        pointer = ("history", 0, "status")
        shown_before = NOTHING if before is None else self.shown("application", pointer, before)
        shown_after = NOTHING if after is None else self.shown("application", pointer, after)
        text = f"{STATUS_LABEL}: {shown_before} → {shown_after}"
        return [FieldChange(("status",), STATUS_LABEL, shown_before, shown_after, text)]


def short(text: str, limit: int = 80) -> str:
    """Long free text shortened for a one-line diff; the full text stays in the record."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def last_status(data: dict | None) -> str | None:
    """The current status of an application: the last entry of its history."""
    history = (data or {}).get("history")
    if isinstance(history, list) and history and isinstance(history[-1], dict):
        return history[-1].get("status")
    return None


def _identifies(key: str | int) -> bool:
    return isinstance(key, int) or bool(_INDICATOR.fullmatch(str(key)))


def _has_mappings(*lists: list) -> bool:
    return any(isinstance(item, dict) for items in lists for item in items)

"""JSON Schemas: loading, typing plain scalars by schema, and checking records against them.

Each ``schemas/<kind>.schema.json`` refers to ``common.schema.json`` for shared types. Here
every schema is bundled into one self-contained document, so the same bytes serve
jsonschema, the compiled fast path (fastjsonschema) and later the browser's validator.

Checking has two speeds: a compiled validator answers "valid?" for the common case, and
only when it says no does jsonschema walk the record to explain every error in Thai and
English — check-jsonschema's split between validating and reporting.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import json
import re
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator, FormatChecker

from .load import Plain
from .problems import Pointer, Problem, problem

COMMON = "common.schema.json"
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_NUMBER = re.compile(r"[-+]?(0|[1-9][0-9]*)(\.[0-9]+)?")
_BOOLEANS = {
    "true": True,
    "false": False,
    "True": True,
    "False": False,
    "TRUE": True,
    "FALSE": False,
}
_NOT_BOOLEANS = {"yes", "no", "on", "off", "y", "n", "ใช่", "ไม่ใช่"}

TYPE_NAMES = {
    "string": ("ข้อความ", "text"),
    "integer": ("จำนวนเต็ม", "a whole number"),
    "number": ("ตัวเลข", "a number"),
    "boolean": ("true หรือ false", "true or false"),
    "object": ("กลุ่มข้อมูล (ช่อง: ค่า)", "a mapping (key: value)"),
    "array": ("รายการ (ขึ้นต้นด้วย -)", "a list (items starting with -)"),
    "null": ("ค่าว่าง", "empty"),
}


def is_real_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


_COMPILED: dict[str, Any] = {}  # schema text → its compiled check, for every build in a process


def _fast_validator(schema: dict):
    """fastjsonschema's compiled check of ``schema`` (compiling takes a quarter second)."""
    text = json.dumps(schema, sort_keys=True)
    if text not in _COMPILED:
        # fastjsonschema rewrites $refs in place while compiling: give it a copy.
        draft7 = {**json.loads(text), "$schema": "http://json-schema.org/draft-07/schema#"}
        _COMPILED[text] = fastjsonschema.compile(draft7, formats={"date": is_real_date})
    return _COMPILED[text]


_FORMATS = FormatChecker(formats=())
_FORMATS.checks("date")(is_real_date)


class SchemaSet:
    """All schemas of one ``schemas/`` directory, bundled and ready to check records."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        common = json.loads((self.directory / COMMON).read_text(encoding="utf-8"))
        self._common_defs = common["$defs"]
        self.bundled: dict[str, dict] = {}
        self._compiled: dict[str, Any] = {}  # kind → fastjsonschema's check, made when needed
        self._coercers: dict[str, Any] = {}  # kind → the function typing its scalars
        for path in sorted(self.directory.glob("*.schema.json")):
            name = path.name.removesuffix(".schema.json")
            if path.name != COMMON:
                raw = json.loads(path.read_text(encoding="utf-8"))
                self.bundled[name] = bundle(raw, self._common_defs)

    def kinds(self) -> list[str]:
        return sorted(self.bundled)

    def __getitem__(self, kind: str) -> dict:
        return self.bundled[kind]

    @cached_property
    def _explainers(self) -> dict[str, Draft202012Validator]:
        return {
            kind: Draft202012Validator(schema, format_checker=_FORMATS)
            for kind, schema in self.bundled.items()
        }

    def _fast(self, kind: str):
        """The compiled check of one kind, compiled when first needed: a build whose
        records all come from the cache checks only the forms (50 of 160 ms)."""
        found = self._compiled.get(kind)
        if found is None:
            found = self._compiled[kind] = _fast_validator(self.bundled[kind])
        return found

    def coerce(self, kind: str, data: Any) -> Any:
        """Type the plain scalars of ``data`` as the schema of ``kind`` asks."""
        if kind not in self._coercers:
            schema = self.bundled[kind]
            plain = "allOf" not in schema  # conditional schemas (forms) take the general walk
            self._coercers[kind] = (
                _compile(schema, schema, {}) if plain else lambda d: _coerce(schema, d, schema)
            )
        return self._coercers[kind](data)

    def check(self, kind: str, data: Any, file: str) -> list[Problem]:
        """Every schema problem in ``data``; an empty list when it is valid."""
        try:
            self._fast(kind)(data)
            return []
        except fastjsonschema.JsonSchemaException:
            pass
        schema = self.bundled[kind]
        found = [
            _explain(error, schema, file) for error in self._explainers[kind].iter_errors(data)
        ]
        return [p for group in found for p in group]

    def labels(self, definition: str) -> dict[str, str]:
        """Thai labels of an enumerated common type, e.g. ``labels('position')``."""
        return dict(self._common_defs[definition].get("x-labels", {}))

    def title(self, kind: str, pointer: Pointer) -> str:
        return title_at(self.bundled[kind], pointer)


def check_document(schema: dict, data: Any, file: str) -> tuple[Any, list[Problem]]:
    """Type and check one document against a self-contained schema outside ``SchemaSet``
    (the access policy): its plain scalars typed, and every problem in Thai and English."""
    typed = _coerce(schema, data, schema)
    found = Draft202012Validator(schema, format_checker=_FORMATS).iter_errors(typed)
    return typed, [p for error in found for p in _explain(error, schema, file)]


def bundle(schema: dict, common_defs: dict) -> dict:
    """Make ``schema`` self-contained: copy the common definitions in, point refs at them."""
    out = _rewrite_refs(copy.deepcopy(schema))
    defs = {**copy.deepcopy(common_defs), **out.get("$defs", {})}
    out["$defs"] = defs
    return out


def _rewrite_refs(node: Any) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(COMMON + "#"):
            node["$ref"] = ref[len(COMMON) :]
        for value in node.values():
            _rewrite_refs(value)
    elif isinstance(node, list):
        for value in node:
            _rewrite_refs(value)
    return node


def resolve(node: Any, root: dict) -> dict:
    """Follow ``$ref`` chains inside one bundled schema."""
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 16:
        parts = node["$ref"].lstrip("#/").split("/")
        target: Any = root
        for part in parts:
            if part:
                target = target[part]
        node = target
        seen += 1
    return node if isinstance(node, dict) else {}


def _child(node: dict, root: dict, key: str | int, value: Any = None) -> Any:
    """The (unresolved) subschema that governs ``key`` inside an object or array node."""
    node = resolve(node, root)
    if isinstance(key, int):
        return node.get("items", {})
    props = node.get("properties", {})
    if key in props:
        return props[key]
    extra = node.get("additionalProperties")
    if isinstance(extra, dict):
        return extra
    for branch in _matching_branches(node, value, root):
        sub = resolve(branch, root).get("properties", {})
        if key in sub and sub[key] is not True:
            return sub[key]
    return {}


def _matching_branches(node: dict, value: Any, root: dict) -> Iterator[dict]:
    for part in node.get("allOf", ()):
        condition = part.get("if")
        if condition is None:
            yield part
        elif value is not None and Draft202012Validator(condition).is_valid(value):
            yield part.get("then", {})


def _coerce(node: Any, value: Any, root: dict) -> Any:
    if isinstance(value, dict):
        return {
            key: _coerce(_child(node, root, key, value), item, root) for key, item in value.items()
        }
    if isinstance(value, list):
        item_node = resolve(node, root).get("items", {})
        return [_coerce(item_node, item, root) for item in value]
    if isinstance(value, Plain):
        return _type_plain(str(value), resolve(node, root).get("type"))
    return value


def _compile(node: Any, root: dict, memo: dict[int, Any]):
    """A function that coerces values governed by ``node``: the schema walk done once, not per record."""
    target = resolve(node, root)
    if id(target) in memo:
        return memo[id(target)]
    cell: list = []
    memo[id(target)] = lambda value: cell[0](value)  # lets recursive schemas refer to themselves
    types = target.get("type")
    properties = {
        key: _compile(sub, root, memo) for key, sub in target.get("properties", {}).items()
    }
    extra = target.get("additionalProperties")
    fallback = _compile(extra, root, memo) if isinstance(extra, dict) else _untyped
    items = (
        _compile(target["items"], root, memo) if isinstance(target.get("items"), dict) else _untyped
    )

    def coerce(value: Any) -> Any:
        if isinstance(value, Plain):
            return _type_plain(str(value), types)
        if isinstance(value, dict):
            return {key: properties.get(key, fallback)(item) for key, item in value.items()}
        if isinstance(value, list):
            return [items(item) for item in value]
        return value

    cell.append(coerce)
    memo[id(target)] = coerce
    return coerce


def _untyped(value: Any) -> Any:
    """Values no schema describes: plain scalars stay text, containers are walked."""
    if isinstance(value, Plain):
        return str(value)
    if isinstance(value, dict):
        return {key: _untyped(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_untyped(item) for item in value]
    return value


def _type_plain(text: str, types: Any) -> Any:
    if types is None or types == "string":
        return text
    wanted = {types} if isinstance(types, str) else set(types)
    if "integer" in wanted and _INT.fullmatch(text):
        return int(text)
    if "number" in wanted and _NUMBER.fullmatch(text):
        return float(text) if "." in text else int(text)
    if "boolean" in wanted and text in _BOOLEANS:
        return _BOOLEANS[text]
    return text


def title_at(root: dict, pointer: Pointer) -> str:
    """The Thai title of the field at ``pointer``: the property's own title wins over its type's."""
    node: Any = root
    for key in pointer:
        node = _child(node, root, key)
    if isinstance(node, dict) and "title" in node:
        return node["title"]
    return resolve(node, root).get("title", "ข้อมูล")


def _explain(error, root: dict, file: str) -> list[Problem]:
    path: Pointer = tuple(error.absolute_path)
    validator = error.validator
    if "propertyNames" in error.absolute_schema_path:
        key = str(error.instance)
        return [_simple("PA105", file, (*path, key), root, f"'{key}'", hint=_hint(error.schema))]
    if validator == "additionalProperties":
        return _unknown_keys(error, root, file, path)
    if validator == "required":
        present = set(error.instance) if isinstance(error.instance, dict) else set()
        return [
            problem("PA102", file, path, key=key, title=title_at(root, (*path, key)))
            for key in error.validator_value
            if key not in present
        ]
    found = _shown(error.instance)
    if validator == "type":
        return [_type_problem(error, root, file, path, found)]
    if validator in ("enum", "const"):
        allowed = error.validator_value if validator == "enum" else [error.validator_value]
        labels = error.schema.get("x-labels", {})
        shown = ", ".join(f"{a} ({labels[a]})" if a in labels else str(a) for a in allowed)
        return [_simple("PA104", file, path, root, found, allowed=shown)]
    if validator == "format" or (validator == "pattern" and error.schema.get("format") == "date"):
        return [_simple("PA108", file, path, root, str(error.instance))]
    if validator == "pattern":
        return [_simple("PA105", file, path, root, found, hint=_hint(error.schema))]
    if validator in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return [_bounded("PA106", file, path, root, found, error)]
    if validator in ("minItems", "maxItems", "minProperties", "maxProperties"):
        return [_bounded("PA107", file, path, root, found, error)]
    if validator in ("minLength", "maxLength"):
        return [_bounded("PA109", file, path, root, found, error)]
    if validator == "uniqueItems":
        return [_simple("PA111", file, path, root, found)]
    return [_simple("PA110", file, path, root, found, detail=error.message)]


def _simple(
    code: str, file: str, path: Pointer, root: dict, found: str, hint: str = "", **extra
) -> Problem:
    hint_th = f" — {hint}" if hint else ""
    return problem(
        code,
        file,
        path,
        title=title_at(root, path),
        field=_field(path),
        found=found,
        hint_th=hint_th,
        hint_en="",
        **extra,
    )


def _hint(schema: dict) -> str:
    return schema.get("description", "")


_BOUND_TEXT = {
    "minimum": ("ไม่น้อยกว่า {v}", "at least {v}"),
    "maximum": ("ไม่เกิน {v}", "at most {v}"),
    "exclusiveMinimum": ("มากกว่า {v}", "more than {v}"),
    "exclusiveMaximum": ("น้อยกว่า {v}", "less than {v}"),
    "minItems": ("อย่างน้อย {v} รายการ", "at least {v} items"),
    "maxItems": ("ไม่เกิน {v} รายการ", "at most {v} items"),
    "minProperties": ("อย่างน้อย {v} ช่อง", "at least {v} entries"),
    "maxProperties": ("ไม่เกิน {v} ช่อง", "at most {v} entries"),
    "minLength": ("อย่างน้อย {v} ตัวอักษร", "at least {v} characters"),
    "maxLength": ("ไม่เกิน {v} ตัวอักษร", "at most {v} characters"),
}


def _bounded(code: str, file: str, path: Pointer, root: dict, found: str, error) -> Problem:
    th, en = _BOUND_TEXT[error.validator]
    value = error.validator_value
    return problem(
        code,
        file,
        path,
        title=title_at(root, path),
        field=_field(path),
        found=found,
        bound_th=th.format(v=value),
        bound_en=en.format(v=value),
    )


def _type_problem(error, root: dict, file: str, path: Pointer, found: str) -> Problem:
    wanted = error.validator_value
    wanted = [wanted] if isinstance(wanted, str) else list(wanted)
    expected_th = " หรือ ".join(TYPE_NAMES[t][0] for t in wanted)
    expected_en = " or ".join(TYPE_NAMES[t][1] for t in wanted)
    hint_th = hint_en = ""
    if "boolean" in wanted and str(error.instance).lower() in _NOT_BOOLEANS:
        hint_th, hint_en = " (ใช้ true หรือ false)", " (write true or false)"
    elif wanted == ["string"] and isinstance(error.instance, (int, float)):
        hint_th, hint_en = " (ใส่เครื่องหมายคำพูดครอบ)", " (put it in quotes)"
    return problem(
        "PA103",
        file,
        path,
        title=title_at(root, path),
        field=_field(path),
        expected_th=expected_th,
        expected_en=expected_en,
        found=found,
        hint_th=hint_th,
        hint_en=hint_en,
    )


def _unknown_keys(error, root: dict, file: str, path: Pointer) -> list[Problem]:
    known = list(error.schema.get("properties", {}))
    patterns = error.schema.get("patternProperties", {})
    out = []
    for key in error.instance:
        if key in known or any(re.search(p, key) for p in patterns):
            continue
        close = difflib.get_close_matches(key, known, n=1)
        hint_th = f" (หมายถึง '{close[0]}' หรือไม่?)" if close else ""
        hint_en = f" (did you mean '{close[0]}'?)" if close else ""
        out.append(problem("PA101", file, (*path, key), key=key, hint_th=hint_th, hint_en=hint_en))
    return out


def _field(path: Pointer) -> str:
    return ".".join(str(p) for p in path) or "(file)"


def _shown(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "กลุ่มข้อมูล" if isinstance(value, dict) else "รายการ"
    if value is None:
        return "ค่าว่าง"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."

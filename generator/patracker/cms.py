"""A Decap CMS configuration (Sveltia CMS reads the same) generated from the same schemas.

Offices that want a full git-backed editor get one collection per record kind, with the
folder and path pattern of the record layout (layout.py), widgets from the JSON Schema
types, Thai labels and help from each field's title and description, and the editorial
workflow, so every save is a pull request that CI validates like any other. Agreements
get one collection per agreement form (filtered on the ``form`` field), so each position
sees its own indicators; maps keyed by indicator codes become objects with one field per
code. The CMS cannot express every rule (e.g. a member must sit on the committee): CI's
``patracker validate`` stays the judge.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from . import outdir
from .layout import path_for
from .project import Project
from .schemas import resolve

# kind → (records subfolder, identifier field); files below the folder follow path_for
COLLECTIONS: dict[str, tuple[str, str]] = {
    "school": ("schools", "id"),
    "person": ("people", "id"),
    "agreement": ("people", "person"),
    "progress": ("people", "person"),
    "review": ("people", "member"),
    "evaluation": ("people", "member"),
    "induction": ("people", "member"),
    "committee": ("committees", "id"),
    "application": ("applications", "id"),
    "survey": ("surveys", "fiscal_year"),
}
# path keys → the record field that carries them (filechecks.py's identity)
_FIELDS = {
    "person": "person",
    "fy": "fiscal_year",
    "round": "round",
    "member": "member",
    "n": "evaluation",
    "id": "id",
}
_DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def entry_path(kind: str, folder: str) -> str:
    """The collection's ``path``: the layout's path below ``folder``, ids as templates."""
    keys = {key: "{{" + field + "}}" for key, field in _FIELDS.items()}
    if kind == "person":
        keys["person"] = "{{id}}"
    return path_for(kind, **keys).removeprefix(folder + "/").removesuffix(".yaml")


def field(name: str, node: Any, root: dict, required: bool) -> dict:
    """One CMS field for a schema property."""
    target = resolve(node, root)
    own = node if isinstance(node, dict) else {}
    out: dict[str, Any] = {
        "name": name,
        "label": own.get("title") or target.get("title", name),
        "required": required,
    }
    hint = own.get("description") or target.get("description")
    if hint:
        out["hint"] = hint
    return {**out, **widget(target, root)}


def widget(node: dict, root: dict) -> dict:
    kind = node.get("type")
    kind = kind[0] if isinstance(kind, list) else kind
    if "enum" in node:
        labels = node.get("x-labels", {})
        options = [{"label": labels.get(str(v), str(v)), "value": v} for v in node["enum"]]
        return {"widget": "select", "options": options}
    if kind == "object":
        return _object(node, root)
    if kind == "array":
        return _array(node, root)
    if kind in ("integer", "number"):
        out = {"widget": "number", "value_type": "int" if kind == "integer" else "float"}
        for key, option in (("minimum", "min"), ("maximum", "max")):
            if key in node:
                out[option] = node[key]
        return out
    if kind == "boolean":
        return {"widget": "boolean"}
    out = {"widget": "text" if node.get("maxLength", 0) > 200 else "string"}
    pattern = _DATE if node.get("format") == "date" else node.get("pattern")
    if pattern:
        out["pattern"] = [pattern, node.get("description", "รูปแบบไม่ถูกต้อง")]
    return out


def _object(node: dict, root: dict) -> dict:
    required = set(node.get("required", ()))
    fields = [
        field(key, sub, root, key in required) for key, sub in node.get("properties", {}).items()
    ]
    return {"widget": "object", "fields": fields}


def _array(node: dict, root: dict) -> dict:
    items = resolve(node.get("items", {}), root)
    if items.get("type") == "object":
        return {"widget": "list", "fields": _object(items, root)["fields"]}
    return {"widget": "list", "field": field("item", node.get("items", {}), root, True)}


def keyed(schema: dict, key: str, codes: list[tuple[str, str]]) -> None:
    """Turn the map at property ``key`` (keys are indicator codes) into one field per code."""
    node = schema["properties"][key]
    value = node.get("additionalProperties", {})
    node["properties"] = {code: {**value, "title": f"{code} {title}"} for code, title in codes}


def _target_groups(schema: dict, grouped: bool) -> None:
    """Outcomes and indicators: one text, or one text per target group (ESA director)."""
    group = copy.deepcopy(schema["$defs"]["by_group"])
    group = {**group, "type": "object"} if grouped else {"$ref": "#/$defs/text"}
    for entry in schema["properties"]["part1"]["properties"].values():
        entry.update(copy.deepcopy(resolve(entry, schema)))
        entry.pop("$ref", None)
        for key in ("outcomes", "indicators"):
            entry["properties"][key] = {**entry["properties"][key], **group}
            if grouped:
                entry["properties"][key].pop("$ref", None)


def collections(project: Project) -> list[dict]:
    schemas, forms = project.schemas, project.forms
    union = {i.code: i.title for f in forms.agreement_forms.values() for i in f.indicators}
    out = []
    for kind, (folder, identifier) in COLLECTIONS.items():
        schema = copy.deepcopy(schemas[kind])
        variants: list[tuple[str, str, dict, dict | None]] = []
        if kind == "agreement":
            for form in forms.agreement_forms.values():
                narrowed = copy.deepcopy(schema)
                keyed(narrowed, "part1", [(i.code, i.title) for i in form.indicators])
                _target_groups(narrowed, form.target_groups)
                label = f"{schema['title']} — {form.code}"
                variants.append(
                    (f"agreement-{form.id}", label, narrowed, {"field": "form", "value": form.id})
                )
        else:
            if kind == "evaluation":
                keyed(schema, "part1", sorted(union.items()))
            if kind == "review":
                keyed(schema, "comments", sorted(union.items()))
            if kind == "induction":
                for aspect in forms.induction.aspects:
                    schema["properties"][aspect.code] = copy.deepcopy(
                        resolve(schema["properties"][aspect.code], schema)
                    ) | {"title": aspect.title}
                    keyed(schema, aspect.code, [(i.code, i.title) for i in aspect.items])
            variants.append((kind, schema["title"], schema, None))
        for name, label, narrowed, condition in variants:
            entry = {
                "name": name,
                "label": label,
                "description": schema.get("description", ""),
                "folder": f"records/{folder}",
                "path": entry_path(kind, folder),
                "extension": "yaml",
                "format": "yaml",
                "create": True,
                "identifier_field": identifier,
                "summary": "{{" + identifier + "}}",
                "fields": _object(narrowed, narrowed)["fields"],
            }
            if condition:
                entry["filter"] = condition
            out.append(entry)
    return out


def config(project: Project) -> dict:
    office = _office(project)
    return {
        "backend": {
            "name": "github",
            "repo": str(office.get("repository", "OWNER/REPO")),
            "branch": "main",
        },
        "publish_mode": "editorial_workflow",
        "media_folder": "records/media",
        "locale": "th",
        "collections": collections(project),
    }


def _office(project: Project) -> dict:
    from .load import read_file

    path = project.records / "office.yaml"
    return dict(read_file(path, "office.yaml").data) if path.is_file() else {}


HEADER = "# Generated by `patracker cms-config`"
ADMIN_HTML = """<!doctype html>
<html lang="th">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>PA Tracker — แก้ไขข้อมูล</title>
</head>
<body>
<!-- the CMS bundle is served from this folder (scripts/vendor-cms.sh), never from a CDN -->
<script src="cms.js"></script>
</body>
</html>
"""


def write(project: Project, out: Path) -> list[Path]:
    """Write ``config.yml`` and ``index.html`` into ``out``; return the files written.

    Only these two files are written, and only over files this command wrote: never into
    the repository root, records/ or schemas/ (``outdir.OutputError``)."""
    keep = outdir.protected(project.records, project.schemas_dir)
    outdir.check_files_out(out, keep, {"config.yml": HEADER, "index.html": "PA Tracker"})
    out.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(config(project), allow_unicode=True, sort_keys=False, width=1000)
    header = HEADER + " from schemas/ — do not edit by hand\n"
    (out / "config.yml").write_text(header + text, encoding="utf-8")
    (out / "index.html").write_text(ADMIN_HTML, encoding="utf-8")
    return [out / "config.yml", out / "index.html"]

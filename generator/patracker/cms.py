"""A Decap CMS configuration (Sveltia CMS reads the same) generated from the same schemas.

Offices that want a full git-backed editor get one collection per record kind the
registry (kinds.py) marks for the CMS, with the folder, path pattern, identifier and list
label the registry gives, widgets from the JSON Schema types, Thai labels and help from
each field's title and description, and the editorial workflow, so every save is a pull request that CI validates like any other. Agreements
get one collection per agreement form (filtered on the ``form`` field), so each position
sees its own indicators; maps keyed by indicator codes become objects with one field per
code. The CMS cannot express every rule (e.g. a member must sit on the committee): CI's
``patracker validate`` stays the judge.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import yaml

from . import outdir
from .kinds import REGISTRY, Kind
from .layout import path_for
from .project import Project
from .schemas import resolve

_DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# the format cms_format.js registers: YAML read and written exactly as emit.dump
FORMAT = "patracker-yaml"
# the field cms_format.js adds on reading (the record's kind, never written back)
KIND_FIELD = "record_kind"
# the names the format adds on reading beside a person or member id (list labels only)
NAME_FIELDS = {"person": "person_name", "member": "member_name"}


def entry_path(kind: Kind) -> str:
    """The collection's ``path``: the layout's path below its folder, each id written as
    the field that repeats it (the kind's identity); optional parts left out."""
    keys = {key: "{{" + field + "}}" for field, key in kind.identity}
    return path_for(kind.name, **keys).removeprefix(kind.folder + "/").removesuffix(".yaml")


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
    out: dict[str, Any]
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


def optional_objects(fields: list[dict]) -> None:
    """An optional group forces nothing: its parts are optional too (CI checks the rest).

    Decap validates an object's required parts even when the object itself is optional,
    so a new PA 1 could not be saved without inventing the director's approval."""
    for entry in fields:
        subfields = entry.get("fields", ())
        if not entry["required"]:
            _all_optional(subfields)
        optional_objects(list(subfields))


def _all_optional(fields) -> None:
    for entry in fields:
        entry["required"] = False
        _all_optional(entry.get("fields", ()))
        if "field" in entry:
            _all_optional([entry["field"]])


def order_tree(fields: list[dict]) -> dict:
    """The field order at every depth, for the format's writer (Decap passes the top only)."""
    tree: dict[str, Any] = {"__order": [f["name"] for f in fields]}
    for entry in fields:
        if entry.get("fields"):
            tree[entry["name"]] = order_tree(entry["fields"])
    return tree


def _array(node: dict, root: dict) -> dict:
    items = resolve(node.get("items", {}), root)
    if items.get("type") == "object":
        return {"widget": "list", "fields": _object(items, root)["fields"]}
    return {"widget": "list", "field": field("item", node.get("items", {}), root, True)}


def keyed(schema: dict, key: str, codes: list[tuple[str, str]], every: bool = False) -> None:
    """Turn the map at property ``key`` (keys are indicator codes) into one field per code;
    ``every``: each code is required (a PA 1 has all of its form's indicators)."""
    node = schema["properties"][key]
    value = node.get("additionalProperties", {})
    node["properties"] = {code: {**value, "title": f"{code} {title}"} for code, title in codes}
    if every:
        node["required"] = [code for code, _ in codes]


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
    for entry in REGISTRY:
        if entry.cms is None:
            continue
        kind, cms = entry.name, entry.cms
        schema = copy.deepcopy(schemas[kind])
        variants: list[tuple[str, str, dict, dict | None]] = []
        if kind == "agreement":
            for form in forms.agreement_forms.values():
                narrowed = copy.deepcopy(schema)
                keyed(narrowed, "part1", [(i.code, i.title) for i in form.indicators], every=True)
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
            fields = _object(narrowed, narrowed)["fields"]
            optional_objects(fields)
            if condition is None and cms.by_kind:
                condition = {"field": KIND_FIELD, "value": kind}
            if condition:
                fields = _fixed(fields, condition)
            collection = {
                "name": name,
                "label": label,
                "description": schema.get("description", ""),
                "folder": f"records/{entry.folder}",
                "path": entry_path(entry),
                "extension": "yaml",
                "format": FORMAT,
                "create": True,
                "identifier_field": cms.identifier,
                "summary": cms.summary,
                # Decap's generic preview shows raw values and ids beside the form, which
                # it halves; the form itself is what people read
                "editor": {"preview": False},
                "fields": fields,
            }
            if condition:
                collection["filter"] = condition
            out.append(collection)
    return out


def _fixed(fields: list[dict], condition: dict) -> list[dict]:
    """The field a collection filters on is fixed: hidden, with its value as the default,
    so a new entry stays in its list (an agreement saved without typing its form did not)."""
    hidden = {
        "name": condition["field"],
        "label": condition["field"],
        "widget": "hidden",
        "default": condition["value"],
    }
    rest = [f for f in fields if f["name"] != condition["field"]]
    if condition["field"] == KIND_FIELD:
        return [*rest, hidden]
    at = next(i for i, f in enumerate(fields) if f["name"] == condition["field"])
    return [*rest[:at], hidden, *rest[at:]]


def config(project: Project) -> dict:
    office = _office(project)
    return {
        "backend": {
            "name": "github",
            "repo": str(office.get("repository", "OWNER/REPO")),
            "branch": str(office.get("default_branch", "main")),
        },
        # always: main is protected (docs/review.md), so a direct commit ("simple") would be
        # refused, and where it got through it would skip the judge-records check
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
<!-- PA Tracker's record format (patracker-format.js): YAML exactly as the validator expects -->
<script src="patracker-format.js"></script>
</body>
</html>
"""


FORMAT_JS = Path(__file__).with_name("cms_format.js")


def format_script(settings: dict, names: dict[str, str] | None = None) -> str:
    """cms_format.js with every collection's field order (keyed by its top-level names)
    and the people's names for the lists' labels (id → "นายวิชัย บุญมี")."""
    order = {
        ",".join(f["name"] for f in c["fields"]): order_tree(c["fields"])
        for c in settings["collections"]
    }
    text = FORMAT_JS.read_text(encoding="utf-8")
    embedded = (("ORDER", order), ("NAMES", names or {}), ("NAME_FIELDS", NAME_FIELDS))
    for name, value in embedded:
        marker = f"var {name} = {{}}; // @{name}@"
        assert marker in text, f"cms_format.js lost its {name} marker"
        text = text.replace(marker, f"var {name} = {json.dumps(value, ensure_ascii=False)};")
    return text


def people_names(records: Path) -> dict[str, str]:
    """Each person's id → title and name, from records/people/*/person.yaml (the lists'
    labels; the CMS is on the internal site only, where names are shown anyway)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    out = {}
    for path in sorted((records / "people").glob("*/person.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        if isinstance(data, dict) and data.get("first_name"):
            name = f"{data.get('title', '')}{data['first_name']} {data.get('last_name', '')}"
            out[path.parent.name] = name.strip()
    return out


def write(project: Project, out: Path) -> list[Path]:
    """Write ``config.yml``, ``index.html`` and ``patracker-format.js`` into ``out``.

    Only these files are written, and only over files this command wrote: never into
    the repository root, records/ or schemas/ (``outdir.OutputError``)."""
    keep = outdir.protected(project.records, project.schemas_dir)
    outdir.check_files_out(
        out,
        keep,
        {"config.yml": HEADER, "index.html": "PA Tracker", "patracker-format.js": "PA Tracker"},
    )
    out.mkdir(parents=True, exist_ok=True)
    settings = config(project)
    text = yaml.safe_dump(settings, allow_unicode=True, sort_keys=False, width=1000)
    header = HEADER + " from schemas/ — do not edit by hand\n"
    (out / "config.yml").write_text(header + text, encoding="utf-8")
    (out / "index.html").write_text(ADMIN_HTML, encoding="utf-8")
    script = format_script(settings, people_names(project.records))
    (out / "patracker-format.js").write_text(script, encoding="utf-8")
    return [out / "config.yml", out / "index.html", out / "patracker-format.js"]

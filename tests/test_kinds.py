"""The registry of record kinds (kinds.py): every kind fully described, consistent with its
schema, and enough — with a schema — for a new kind to be laid out and validated."""

from __future__ import annotations

import json
import shutil
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import MINIMAL, ROOT
from patracker import access, cms, kinds, layout, scaffold
from patracker.filechecks import identity
from patracker.layout import RecordRef
from patracker.messages import CATALOGUE
from patracker.project import Project
from patracker.render import printable, webforms
from patracker.schemas import SchemaSet, resolve
from patracker.validate import validate

SCHEMAS = ROOT / "schemas"


@pytest.fixture(scope="module")
def schema_set() -> SchemaSet:
    return SchemaSet(SCHEMAS)


def node_at(schema: dict, pointer: tuple) -> dict:
    """The schema node a record pointer reaches (``*``: an item of a list)."""
    node = schema
    for part in pointer:
        node = resolve(node, schema)
        node = node["items"] if part == "*" else node["properties"][part]
    return resolve(node, schema)


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_record_schema_has_an_entry_and_every_entry_a_schema():
    top = {p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.schema.json")}
    assert set(kinds.KINDS) == top - set(kinds.NOT_RECORDS)
    assert set(kinds.NOT_RECORDS) <= top
    assert all((SCHEMAS / k.schema).is_file() for k in kinds.REGISTRY)
    assert [k.name for k in kinds.REGISTRY] == list(kinds.KINDS)  # names are unique


@pytest.mark.parametrize("kind", kinds.REGISTRY, ids=lambda k: k.name)
def test_each_entry_agrees_with_its_schema(kind: kinds.Kind, schema_set: SchemaSet):
    schema = schema_set[kind.name]
    properties = schema["properties"]
    assert set(kind.keys) <= set(kinds.KEYS), "a path placeholder that is not a path key"
    # identity: each field is in the schema and repeats a key of the path; every key but
    # an optional one is repeated by some field (the CMS and the web forms rely on it)
    for field, key in kind.identity:
        assert field in properties, field
        assert key in kind.keys, key
    required = {key for key in kind.keys if not kinds.KEYS[key].prefix}
    assert {key for _, key in kind.identity} == required
    # references: each names a field of the schema and a kind that can be named
    for ref in kind.references:
        node_at(schema, ref.pointer)
        target = kinds.of(ref.kind)
        assert target.key is not None and target.key in target.keys
        assert target.missing in CATALOGUE
    assert kind.label[0] and kind.label[1]
    if kind.cms is not None:
        assert kind.folder, "a CMS collection needs a folder"
        assert kind.cms.identifier in properties
        fields = {p.strip("{} ") for p in kind.cms.summary.split("{{")[1:]}
        # besides the record's own fields, the names the CMS format adds beside an id
        named = {cms.NAME_FIELDS[p] for p in cms.NAME_FIELDS if p in properties}
        assert {f.split("}}")[0].strip() for f in fields} <= set(properties) | named
    if kind.form is not None:
        assert kind.form.title
        assert kind.form.author is None or kind.form.author in access.ROLE_NAMES
        if kind.form.final is not None:
            assert node_at(schema, (kind.form.final,))["type"] == "boolean"


def test_whatever_other_records_name_is_a_kind_with_an_id():
    named = {ref.kind for k in kinds.REGISTRY for ref in k.references}
    assert named == {k.name for k in kinds.REGISTRY if k.missing}
    assert named == {"person", "school"}


def test_each_reader_follows_the_registry():
    """Print pages, scaffolds, forms and access labels are the registry's, nothing more."""
    assert set(scaffold.KINDS) == set(scaffold._BUILDERS)
    assert tuple(k.name for k in kinds.REGISTRY if k.scaffold) == scaffold.KINDS
    assert list(webforms.KINDS) == [k.name for k in kinds.REGISTRY if k.form]
    assert set(printable.KINDS) == {page for k in kinds.REGISTRY for page, _ in k.prints}
    assert {
        **{k.name: k.label for k in kinds.REGISTRY},
        access.CODE: access.KIND_NAMES[access.CODE],
    } == access.KIND_NAMES
    assert tuple(kinds.KINDS) == layout.KINDS


def test_an_unknown_kind_is_an_error_not_an_empty_default():
    with pytest.raises(kinds.UnknownKind):
        kinds.of("toy")
    with pytest.raises(ValueError, match="toy"):
        layout.path_for("toy", id="x")
    with pytest.raises(kinds.UnknownKind):  # was a silent "no identity to check"
        identity(RecordRef("toys/ball.yaml", "toy", {"id": "ball"}), {"id": "top"}, None)


@pytest.mark.parametrize("kind", kinds.REGISTRY, ids=lambda k: k.name)
def test_a_path_written_from_the_template_is_read_back(kind: kinds.Kind):
    values = {"person": "anan-chaiyo", "fy": 2569, "round": 2, "member": "kanya-s", "n": 3}
    values |= {"id": "ban-a", "amend": 1}
    keys = {key: values[key] for key in kind.keys}
    path = layout.path_for(kind.name, **keys)
    assert placeholders(kind.path) == set(kind.keys)
    ref = layout.classify(path)
    assert ref is not None and ref.kind == kind.name and ref.keys == keys


# --- adding a kind: a schema and a registry entry are enough to validate it -----------------

TOY = kinds.Kind(
    "toy",
    "toys/{fy}/{id}.yaml",
    ("ของเล่น", "toy"),
    identity=(("id", "id"), ("fiscal_year", "fy")),
    references=(kinds.Ref(("owner",), "person"), kinds.Ref(("lent_to", "*"), "person")),
)
TOY_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "toy.schema.json",
    "title": "ของเล่น",
    "description": "ของเล่นตัวอย่าง (records/toys/<ปี>/<รหัส>.yaml)",
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "fiscal_year", "owner"],
    "properties": {
        "id": {"$ref": "common.schema.json#/$defs/id", "title": "รหัส", "description": "รหัส"},
        "fiscal_year": {"type": "integer", "title": "ปีงบประมาณ", "description": "ปี พ.ศ."},
        "owner": {
            "$ref": "common.schema.json#/$defs/id",
            "title": "เจ้าของ",
            "description": "รหัสบุคคล",
        },
        "lent_to": {
            "$ref": "common.schema.json#/$defs/ids",
            "title": "ผู้ยืม",
            "description": "รหัสบุคคล",
        },
    },
}


@pytest.fixture
def toy_project(tmp_path: Path) -> Iterator[Path]:
    """A copy of the minimal office whose schemas/ has one more kind, toy."""
    records = tmp_path / "repo" / "records"
    shutil.copytree(MINIMAL, records)
    shutil.copytree(SCHEMAS, tmp_path / "repo" / "schemas")
    text = json.dumps(TOY_SCHEMA, ensure_ascii=False, indent=2)
    (tmp_path / "repo" / "schemas" / "toy.schema.json").write_text(text, encoding="utf-8")
    (records / "toys" / "2569").mkdir(parents=True)
    yield records
    layout.classify.cache_clear()  # it remembered the toy paths


def toy(records: Path, name: str, text: str) -> None:
    (records / "toys" / "2569" / name).write_text(text, encoding="utf-8")


def problems(records: Path) -> list[tuple[str, str]]:
    layout.classify.cache_clear()
    result = validate(Project.at(records), use_cache=False)
    return sorted((p.code, p.file) for p in result.problems)


def test_a_kind_without_an_entry_is_a_file_in_an_unknown_place(toy_project: Path):
    toy(toy_project, "ball.yaml", "id: ball\nfiscal_year: 2569\nowner: anan-chaiyo\n")
    assert problems(toy_project) == [("PA201", "toys/2569/ball.yaml")]


def test_a_registered_kind_is_laid_out_checked_for_identity_and_references(
    toy_project: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(kinds, "REGISTRY", (*kinds.REGISTRY, TOY))
    monkeypatch.setitem(kinds.KINDS, "toy", TOY)
    toy(toy_project, "ball.yaml", "id: ball\nfiscal_year: 2569\nowner: anan-chaiyo\n")
    assert problems(toy_project) == []
    assert layout.path_for("toy", fy=2569, id="ball") == "toys/2569/ball.yaml"

    toy(toy_project, "kite.yaml", "id: top\nfiscal_year: 2568\nowner: nobody\nlent_to: [ghost]\n")
    (toy_project / "toys" / "yoyo.yaml").write_text("id: yoyo\n", encoding="utf-8")
    toy(toy_project, "drum.yaml", "id: drum\nfiscal_year: 2569\ncolour: red\n")
    assert problems(toy_project) == [
        ("PA101", "toys/2569/drum.yaml"),  # no such field
        ("PA102", "toys/2569/drum.yaml"),  # owner is required
        ("PA201", "toys/yoyo.yaml"),  # not where the template puts a toy
        ("PA202", "toys/2569/kite.yaml"),  # id is not the file name
        ("PA203", "toys/2569/kite.yaml"),  # fiscal year is not the folder
        ("PA302", "toys/2569/kite.yaml"),  # no such owner
        ("PA302", "toys/2569/kite.yaml"),  # no such borrower
    ]

"""`patracker cms-config`: a Decap/Sveltia configuration generated from the schemas."""

from __future__ import annotations

import re

import yaml
from typer.testing import CliRunner

from patracker.cli import app
from patracker.layout import classify
from patracker.project import SOURCE_ROOT, Project

RECORDS = SOURCE_ROOT / "records"


def written(tmp_path) -> dict:
    result = CliRunner().invoke(
        app, ["cms-config", "--records", str(RECORDS), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "cms.js" in (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "//" not in re.sub(
        r"<!--.*?-->", "", (tmp_path / "index.html").read_text(encoding="utf-8")
    )
    return yaml.safe_load((tmp_path / "config.yml").read_text(encoding="utf-8"))


def test_every_save_is_a_pull_request_to_the_office_repository(tmp_path):
    config = written(tmp_path)
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"]["name"] == "github"
    assert config["backend"]["repo"] == "nakhonsuwan-esa/pa-records"


def test_collection_paths_follow_the_record_layout(tmp_path):
    values = {
        "id": "x-1",
        "person": "x-1",
        "member": "m-1",
        "fiscal_year": "2569",
        "round": "1",
        "evaluation": "2",
    }
    for collection in written(tmp_path)["collections"]:
        path = re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], collection["path"])
        folder = collection["folder"].removeprefix("records/")
        ref = classify(f"{folder}/{path}.yaml")
        assert ref is not None, collection["path"]
        assert collection["name"].startswith(ref.kind)


def test_fields_carry_thai_labels_and_widgets_from_the_schemas(tmp_path):
    project = Project.at(RECORDS)
    by_name = {c["name"]: c for c in written(tmp_path)["collections"]}
    person = {f["name"]: f for f in by_name["person"]["fields"]}
    assert (
        person["first_name"]["label"]
        == project.schemas["person"]["properties"]["first_name"]["title"]
    )
    assert person["position"]["widget"] == "select"
    labels = project.schemas.labels("position")
    assert {o["value"]: o["label"] for o in person["position"]["options"]} == labels
    assert person["appointed"]["pattern"][0].startswith("^[0-9]{4}")
    esa = {f["name"]: f for f in by_name["agreement-esa-director"]["fields"]}
    assert by_name["agreement-esa-director"]["filter"] == {"field": "form", "value": "esa-director"}
    part1 = esa["part1"]["fields"]
    assert [f["name"] for f in part1] == list(project.forms.agreement_forms["esa-director"].codes)
    outcomes = {f["name"]: f for f in part1[0]["fields"]}["outcomes"]
    assert outcomes["widget"] == "object"
    assert [f["name"] for f in outcomes["fields"]] == ["learners", "staff", "schools", "esa"]


def _fields(collection: dict) -> dict:
    return {f["name"]: f for f in collection["fields"]}


def test_an_optional_group_forces_none_of_its_parts(tmp_path):
    by_name = {c["name"]: c for c in written(tmp_path)["collections"]}
    approval = _fields(by_name["agreement-teacher"])["approval"]
    assert approval["required"] is False
    assert [f["required"] for f in approval["fields"]] == [False] * len(approval["fields"])
    # required fields elsewhere stay required
    assert _fields(by_name["agreement-teacher"])["status"]["required"] is True
    # a PA 1 has every indicator of its form, each with its tasks, outcomes and indicators;
    # an evaluation lists every form's indicators, so none of them is required there
    for indicator in _fields(by_name["agreement-teacher"])["part1"]["fields"]:
        assert indicator["required"] is True, indicator["name"]
        assert [f["required"] for f in indicator["fields"]] == [True, True, True]
    part1 = _fields(by_name["evaluation"])["part1"]["fields"]
    assert not any(f["required"] for f in part1)


def test_record_kinds_sharing_a_folder_get_their_own_lists_and_fixed_fields(tmp_path):
    config = written(tmp_path)
    by_name = {c["name"]: c for c in config["collections"]}
    for kind in ("progress", "review", "evaluation"):
        assert by_name[kind]["filter"] == {"field": "record_kind", "value": kind}
        hidden = _fields(by_name[kind])["record_kind"]
        assert (hidden["widget"], hidden["default"]) == ("hidden", kind)
    form = _fields(by_name["agreement-teacher"])["form"]
    assert (form["widget"], form["default"]) == ("hidden", "teacher")
    names = [f["name"] for f in by_name["agreement-teacher"]["fields"]]
    assert names[:4] == ["person", "fiscal_year", "form", "status"]
    assert all(c["format"] == "patracker-yaml" for c in config["collections"])
    assert all(c["editor"] == {"preview": False} for c in config["collections"])
    assert "first_name" in by_name["person"]["summary"]
    for kind in ("agreement-teacher", "progress", "review", "evaluation"):
        assert "{{person_name}}" in by_name[kind]["summary"], kind  # names, not ids
    assert "{{member_name}}" in by_name["evaluation"]["summary"]
    assert "patracker-format.js" in (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "registerCustomFormat" in (tmp_path / "patracker-format.js").read_text(encoding="utf-8")


def test_the_branch_comes_from_the_office_file(tmp_path):
    import shutil

    records = tmp_path / "records"
    shutil.copytree(RECORDS, records, ignore=shutil.ignore_patterns("people", "committees"))
    office = records / "office.yaml"
    office.write_text(
        office.read_text(encoding="utf-8") + "default_branch: records\n", encoding="utf-8"
    )
    out = tmp_path / "admin"
    result = CliRunner().invoke(app, ["cms-config", "--records", str(records), "--out", str(out)])
    assert result.exit_code == 0, result.output
    config = yaml.safe_load((out / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"]["branch"] == "records"

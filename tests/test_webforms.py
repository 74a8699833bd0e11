"""The data the form pages carry comes from the schemas and the forms files (issue 10)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from patracker.model import build_model
from patracker.project import SOURCE_ROOT, Project
from patracker.render import render_pages
from patracker.render.context import Site
from patracker.render.webforms import KINDS, page_data, path_template
from patracker.validate import validate

RECORDS = SOURCE_ROOT / "records"


def make_site(audience: str = "internal") -> Site:
    project = Project.at(RECORDS)
    result = validate(project)
    model = build_model(result.corpus, project.forms)
    return Site(project, model, dt.date(2026, 11, 20), audience, corpus=result.corpus)


@pytest.fixture(scope="module")
def site() -> Site:
    return make_site()


@pytest.fixture(scope="module")
def pages(site) -> dict:
    return render_pages(site, SOURCE_ROOT / "site_templates")


def test_pa2_page_carries_the_pa2_weights_and_the_office_pass_mark(site):
    data = page_data(site, "evaluation")["scoring"]
    pa2 = site.forms.pa2
    assert data["part1_weight"] == pa2.part1_weight
    assert [(p["key"], p["weight"]) for p in data["part2"]] == [
        (p.key, p.weight) for p in pa2.part2
    ]
    assert data["max_level"] == pa2.max_level
    assert data["pass_percent"] == site.corpus.office.data["rules"]["pass_percent"]
    assert data["expected_levels"] == site.forms.expected_levels


def test_esa_director_agreement_form_has_15_indicators_target_groups_and_3_challenges(site):
    schema = page_data(site, "agreement")["variants"]["esa-director"]
    part1 = schema["properties"]["part1"]
    assert part1["required"] == list(site.forms.agreement_forms["esa-director"].codes)
    assert len(part1["required"]) == 15
    assert schema["$defs"]["form_group"]["type"] == "object"
    assert set(schema["$defs"]["form_group"]["properties"]) == {
        "learners",
        "staff",
        "schools",
        "esa",
    }
    assert schema["properties"]["challenges"]["minItems"] == 3
    assert schema["properties"]["challenges"]["maxItems"] == 3
    teacher = page_data(site, "agreement")["variants"]["teacher"]
    assert teacher["$defs"]["form_group"] == {"$ref": "#/$defs/text"}
    assert teacher["properties"]["challenges"]["maxItems"] == 1


def test_induction_items_carry_their_maximum_from_the_w26_form(site):
    schema = page_data(site, "induction")["variants"]["*"]
    for aspect in site.forms.induction.aspects:
        props = schema["properties"][aspect.code]["properties"]
        assert {code: p["maximum"] for code, p in props.items()} == {
            i.code: i.max for i in aspect.items
        }


def test_pages_validate_against_the_same_bundled_schema(site):
    for kind in KINDS:
        data = page_data(site, kind)
        assert data["schema"] == site.project.schemas[kind]
        assert data["repository"] == site.corpus.office.data["repository"]
        assert re.fullmatch(r"[a-z0-9/{}_.-]+\.yaml", data["path"])
    assert path_template("evaluation") == "people/{person}/{fy}/evaluations/r{round}-{member}.yaml"


def test_form_pages_embed_json_that_cannot_close_the_script(pages):
    page = pages["forms/agreement.md"]
    found = re.search(
        r'<script type="application/json" id="pa-form-data">(.*?)</script>', page, re.S
    )
    assert found and "<" not in found.group(1)
    assert json.loads(found.group(1))["kind"] == "agreement"


def test_final_evaluations_are_locked_and_not_published_for_editing(site, pages):
    final = next(e for e in site.model.evaluations if e.final)
    person = json.loads(pages[f"forms/people/{final.person}.json"])
    assert person["locked"][final.path] == "final"
    assert f"forms/records/{final.path.removesuffix('.yaml')}.json" not in pages
    (_, fy), agreement = next(iter(site.model.agreements.items()))
    assert fy >= site.fiscal_year - 1
    assert f"forms/records/{agreement.path.removesuffix('.yaml')}.json" in pages


def test_the_public_site_has_no_forms():
    pages = render_pages(make_site("public"), SOURCE_ROOT / "site_templates")
    assert not [p for p in pages if p.startswith("forms/")]

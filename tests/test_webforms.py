"""The data the form pages carry comes from the schemas and the forms files (issue 10)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from fractions import Fraction

import pytest

from patracker.access import load_policy
from patracker.engine.exact import exact
from patracker.model import build_model
from patracker.project import SOURCE_ROOT, Project
from patracker.render import render_pages
from patracker.render.context import Site
from patracker.render.webforms import (
    KINDS,
    author_grant,
    editable,
    evaluation_schema,
    for_author,
    fraction_text,
    page_data,
    path_template,
)
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
    """As exact fractions (text), so the page's running total compares as the engine does."""
    data = page_data(site, "evaluation")["scoring"]
    pa2 = site.forms.pa2
    assert Fraction(data["part1_weight"]) == exact(pa2.part1_weight)
    assert [(p["key"], Fraction(p["weight"])) for p in data["part2"]] == [
        (p.key, exact(p.weight)) for p in pa2.part2
    ]
    assert data["max_level"] == pa2.max_level
    assert Fraction(data["pass_percent"]) == exact(site.corpus.office.data["rules"]["pass_percent"])
    assert fraction_text(70.5) == "141/2"  # never the float 70.5 the browser would round
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


def person_files(pages: dict) -> dict[str, dict]:
    """person id → the content of their ``forms/people/<id>.json``."""
    found = re.compile(r"forms/people/([^/]+)\.json")
    return {m[1]: json.loads(v) for p, v in pages.items() if (m := found.fullmatch(p))}


def test_forms_are_the_pages_and_one_file_per_person(site, pages):
    forms = sorted(p for p in pages if p.startswith("forms/"))
    assert forms == sorted(
        ["forms/index.md"]
        + [f"forms/{kind}.md" for kind in KINDS]
        + [f"forms/people/{p.id}.json" for p in site.people]
    )


def test_final_evaluations_are_locked_and_absent_from_every_file(site, pages):
    files = person_files(pages)
    finals = [e for e in site.model.evaluations if e.final]
    assert finals
    for final in finals:
        assert files[final.person]["locked"][final.path] == "final"
    published = {path for f in files.values() for path in f["records"]}
    assert published.isdisjoint(e.path for e in finals)
    (person, fy), agreement = next(iter(site.model.agreements.items()))
    assert fy >= site.fiscal_year - 1
    current = next(r.data for r in site.corpus.records if r.path == agreement.path)
    assert files[person]["records"][agreement.path] == current


NEXT_YEAR = """  - year: 2571
    rounds:
      - round: 1
        start: 2027-10-01
        end: 2028-03-31
        due:
          agreement: 2027-10-31
          review: 2027-11-30
          progress: 2028-02-15
          evaluation: 2028-03-31
          report: 2028-04-15
"""


def test_records_older_than_last_fiscal_year_are_locked_as_past(tmp_path):
    """A year on (fiscal year 2571), the office's 2569 records are past: locked, not sent."""
    records = tmp_path / "records"
    shutil.copytree(RECORDS, records)
    office = records / "office.yaml"
    office.write_text(office.read_text().replace("\nrules:", "\n" + NEXT_YEAR + "rules:", 1))
    project = Project.at(records)
    result = validate(project)
    assert result.ok
    model = build_model(result.corpus, project.forms)
    later = Site(project, model, dt.date(2027, 11, 20), "internal", corpus=result.corpus)
    assert later.fiscal_year == 2571
    files = person_files(render_pages(later, SOURCE_ROOT / "site_templates"))
    past = [(p, a.path) for (p, fy), a in later.model.agreements.items() if fy == 2569]
    assert past
    for person, path in past:
        assert files[person]["locked"][path] == "past"
    kept = {path for f in files.values() for path in f["records"]}
    assert kept == {path for path, _ in editable(later)}
    assert not [p for p in kept if "/2569/" in p]
    assert [p for p in kept if "/2570/" in p]


def test_each_file_holds_exactly_its_persons_editable_records(site, pages):
    files = person_files(pages)
    applications = {a.path: a.person for a in site.model.applications}
    assert applications
    for person, data in files.items():
        assert data["id"] == person
        for path in [*data["records"], *data["locked"]]:
            if path.startswith("applications/"):
                assert applications[path] == person, path
            else:
                assert path.startswith(f"people/{person}/"), path
        assert set(data["records"]).isdisjoint(data["locked"])
    held = [(path, data) for f in files.values() for path, data in f["records"].items()]
    assert len(held) == len({path for path, _ in held})  # no record in two files
    records = {r.path: r.data for r in site.corpus.records}
    assert dict(held) == dict(editable(site)) == {path: records[path] for path, _ in held}
    assert set(applications) <= dict(held).keys()


def test_person_files_are_compact_and_name_committees_of_the_page(site, pages):
    person = next(p for p in site.people if site.does_pa(p.id))
    raw = pages[f"forms/people/{person.id}.json"]
    assert raw == json.dumps(json.loads(raw), ensure_ascii=False, separators=(",", ":")).encode()
    assert person.name.encode() in raw and b"\\u0e" not in raw and b", " not in raw[:200]
    data = json.loads(raw)
    assert "position_label" not in data and "name" not in json.dumps(data["committees"])
    committee = site.model.pa_committee_of[(person.id, site.fiscal_year)]
    key = data["committees"][str(site.fiscal_year)]
    for kind in ("review", "evaluation"):
        members = page_data(site, kind)["committees"][key]
        assert [m["id"] for m in members] == list(committee.member_ids)
        assert members[0]["name"] == site.name_of(committee.member_ids[0])
    assert key not in page_data(site, "induction")["committees"]
    assert "committees" not in page_data(site, "agreement")
    labels = page_data(site, "agreement")["position_labels"]
    assert labels[person.position] == site.position_labels[person.position]


def test_the_application_page_knows_whose_file_holds_each_application(site):
    owners = page_data(site, "application")["applications"]
    assert owners == {a.id: a.person for a in site.model.applications}


def test_the_public_site_has_no_forms():
    pages = render_pages(make_site("public"), SOURCE_ROOT / "site_templates")
    assert not [p for p in pages if p.startswith("forms/")]


def test_the_teachers_pa1_form_follows_the_access_policy(site):
    """A teacher may not approve her own agreement: no approval group, no "approved"."""
    data = page_data(site, "agreement")
    for schema in data["variants"].values():
        assert "approval" not in schema["properties"]
        assert schema["properties"]["status"]["enum"] == ["draft", "submitted"]
        assert "เห็นชอบ" not in schema["properties"]["status"]["description"]
        assert "approval" not in schema.get("required", [])
    assert data["branch"] == "main"


def test_the_form_page_speaks_no_developer_words(pages):
    page = next(text for path, text in pages.items() if path.startswith("forms/agreement"))
    visible = re.sub(r"<script.*?</script>", "", page, flags=re.S)
    for word in ("YAML", "pull request", "patracker validate"):
        assert word not in visible


def test_a_member_page_links_each_assessee_to_the_members_own_forms(site, pages):
    committee = next(c for c in site.model.committees if c.kind == "pa" and c.assessees)
    member, person = committee.member_ids[0], committee.assessees[0]
    page = pages[f"members/{member}.md"]
    link = (
        f"forms/evaluation.html?person={person}&amp;fy={site.fiscal_year}"
        f"&amp;round={site.round.round}&amp;member={member}"
    )
    assert link in page
    assert (
        f"forms/review.html?person={person}&amp;fy={site.fiscal_year}&amp;member={member}" in page
    )


POLICY = SOURCE_ROOT / "schemas" / "access" / "policy.yaml"


def test_a_members_final_flag_is_on_the_form_only_if_the_policy_lets_the_member_set_it(site):
    """The evaluation form's author is the policy's first creator (the member); the final
    flag is theirs today. An office whose policy keeps it from members gets a form
    without it, and the file still carries the flag (false, or as it stood)."""
    assert author_grant(site, "evaluation").role == "member"
    for schema in page_data(site, "evaluation")["variants"].values():
        assert "final" in schema["properties"] and "x-kept" not in schema
    text = POLICY.read_text(encoding="utf-8")
    block = "  evaluation:\n    create: [member]\n"
    assert block in text
    limited = text.replace(
        block, "  evaluation:\n    create: [{role: member, except_fields: [final]}]\n"
    )
    grant = load_policy(limited.encode(), "policy.yaml").kinds["evaluation"].grants["create"][0]
    form = next(iter(site.forms.agreement_forms.values()))
    schema = for_author(evaluation_schema(site, form), grant)
    assert "final" not in schema["properties"] and "final" not in schema["required"]
    assert schema["x-kept"] == {"final": False}


def test_the_teachers_pa1_keeps_the_approval_it_may_not_touch(site):
    """A returned PA 1 is edited by its teacher without losing the director's approval."""
    for schema in page_data(site, "agreement")["variants"].values():
        assert schema["x-kept"] == {"approval": None}


def test_checkbox_hints_say_ticked_not_true_or_false(site):
    def hints(node) -> list[str]:
        if isinstance(node, dict):
            own = [node["description"]] if isinstance(node.get("description"), str) else []
            return own + [h for v in node.values() for h in hints(v)]
        return [h for v in node for h in hints(v)] if isinstance(node, list) else []

    for kind in ("evaluation", "induction"):
        found = hints(page_data(site, kind)["variants"])
        assert any("เลือก" in h for h in found), kind
        assert not [h for h in found if re.search(r"\b(true|false)\b", h)], kind


def test_the_director_has_a_form_of_only_what_the_policy_lets_them_set(site):
    """The policy's superior may change a PA 1's status and approval only: their form has
    just those (both to fill in), the rest kept from the record; a PA 2 has no such role."""
    data = page_data(site, "agreement")
    assert set(data["roles"]) == {"superior"}
    for schema in data["roles"]["superior"].values():
        assert list(schema["properties"]) == ["status", "approval"]
        assert schema["required"] == ["status", "approval"]
        assert schema["properties"]["status"]["enum"] == ["approved", "returned"]
        assert {"person", "part1", "challenges"} <= set(schema["x-kept"])
    assert page_data(site, "evaluation")["roles"] == {}

"""api/summary.json and the per-round files: schema-valid, equal to the engine, safe in public."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from patracker import aggregates
from patracker.model import build_model
from patracker.project import Project
from patracker.render.context import Site
from patracker.render.views import Progress, Tasks
from patracker.validate import validate

REPO = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def model_and_project():
    project = Project.at(REPO / "records")
    result = validate(project)
    return build_model(result.corpus, project.forms), project


def site(model_and_project, audience: str) -> Site:
    model, project = model_and_project
    return Site(project=project, model=model, as_of=AS_OF, audience=audience)


def counts(data) -> list:
    """Every count-like value in an aggregates file (items' counts, totals, people)."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("count", "total", "people_in_pa"):
                found.append(value)
            else:
                found += counts(value)
    elif isinstance(data, list):
        for value in data:
            found += counts(value)
    return found


@pytest.mark.parametrize("audience", ["internal", "public"])
def test_files_follow_the_schema(model_and_project, audience):
    files = aggregates.files(site(model_and_project, audience))
    assert set(files) == {
        "api/summary.json",
        "api/2569-r1.json",
        "api/2569-r2.json",
        "api/2570-r1.json",
    }
    summary = json.loads(files.pop("api/summary.json"))
    assert aggregates.problems(summary) == []
    assert [r["path"] for r in summary["rounds"]] == sorted(files)
    for content in files.values():
        assert aggregates.problems(json.loads(content), "round") == []


def test_schema_check_can_fail(model_and_project):
    summary = json.loads(aggregates.files(site(model_and_project, "public"))["api/summary.json"])
    summary["agreements"]["items"][0]["count"] = -1
    summary["office"]["first_name"] = "สมชาย"
    found = aggregates.problems(summary)
    assert any("agreements/items/0/count" in p for p in found)
    assert any("first_name" in p for p in found)


def test_internal_counts_are_the_engine_s(model_and_project):
    s = site(model_and_project, "internal")
    summary = json.loads(aggregates.files(s)["api/summary.json"])
    groups = s.agreement_groups()
    assert {i["key"]: i["count"] for i in summary["agreements"]["items"]} == {
        k: len(v) for k, v in groups.items()
    }
    assert summary["agreements"]["total"] == len(s.in_pa())
    assert summary["overdue"]["total"] == len(Tasks.of(s).overdue)
    kinds = {i["key"] for i in summary["overdue"]["items"]}
    assert {t.kind for t in Tasks.of(s).all} <= kinds  # the PA round's kinds of task, and no other:
    assert "induction-notice" not in kinds  # ว26 notices are not among the round's tasks
    assert summary["applications"]["total"] == len(s.model.applications)
    assert (summary["fiscal_year"], summary["round"]) == (s.round.fiscal_year, s.round.round)
    kpi = {k["key"]: k for k in summary["kpis"]}
    assert kpi["registered"]["value"] == round(Progress.of(s).kpis[0].value, 1)


def test_public_counts_are_suppressed_and_name_nobody(model_and_project):
    s = site(model_and_project, "public")
    files = aggregates.files(s)
    every = [c for content in files.values() for c in counts(json.loads(content))]
    assert every and all(c in ("< 5", "ไม่เปิดเผย") or c >= 5 for c in every)
    assert "< 5" in every  # the demo has small groups: suppression really happened
    text = "\n".join(content.decode("utf-8") for content in files.values())
    for person in s.model.people.values():
        assert person.id not in text and person.last_name not in text
    assert not re.search(r"\b0\d{8,9}\b", text)  # no phone numbers

"""build_model: typed records and indexes from a corpus; broken records are skipped."""

from __future__ import annotations

import datetime as dt

import pytest

from patracker.corpus import Corpus, Record
from patracker.layout import classify
from patracker.model import build_model
from patracker.project import SOURCE_ROOT, Project
from patracker.validate import validate

from .conftest import FORMS


@pytest.fixture(scope="module")
def demo():
    project = Project.at(SOURCE_ROOT / "records")
    result = validate(project)
    return result, build_model(result.corpus, project.forms)


def test_demo_records_convert_completely(demo):
    result, model = demo
    assert model.skipped == ()
    assert len(model.people) == len(result.corpus.of("person"))
    assert len(model.evaluations) == len(result.corpus.of("evaluation"))
    assert all(isinstance(r.start, dt.date) for r in model.office.rounds)


def test_demo_indexes_agree_with_the_records(demo):
    _, model = demo
    for (person, fy), committee in model.pa_committee_of.items():
        assert person in committee.assessees and committee.fiscal_year == fy
    for school, people in model.people_by_school.items():
        assert all(p.school == school for p in people)
    for (person, fy, rnd), evaluations in model.evaluations_of.items():
        assert all((e.person, e.fiscal_year, e.round) == (person, fy, rnd) for e in evaluations)
    assert sum(len(v) for v in model.evaluations_of.values()) == len(model.evaluations)


def _record(path: str, data: dict) -> Record:
    return Record(classify(path), data)


def test_a_broken_record_is_skipped_not_fatal(tmp_path):
    corpus = Corpus(
        root=tmp_path,
        records=[
            _record("schools/s1.yaml", {"id": "s1", "name": "โรงเรียน", "district": "อำเภอ"}),
            _record("schools/s2.yaml", {"id": "s2"}),  # no name: already a schema error
            _record(
                "people/p1/person.yaml",
                {
                    "id": "p1",
                    "title": "นาง",
                    "first_name": "สมศรี",
                    "last_name": "ใจดี",
                    "position": "teacher",
                    "standing": "none",
                    "appointed": "2020-05-01",
                    "school": "s1",
                },
            ),
            _record("people/p2/person.yaml", {"id": "p2", "appointed": "2567-01-01"}),
        ],
    )
    model = build_model(corpus, FORMS)
    assert list(model.schools) == ["s1"]
    assert model.people["p1"].appointed == dt.date(2020, 5, 1)
    assert model.people["p1"].name == "นางสมศรี ใจดี"
    assert model.skipped == ("people/p2/person.yaml", "schools/s2.yaml")
    assert model.office is None

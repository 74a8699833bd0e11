"""What the first site shows, computed from the validated corpus.

A thin, read-only view for the templates: schools with their people, each person's
records per fiscal year, and the office's headline counts. The domain engine (scoring,
deadlines, KPIs) will feed richer views into the same templates.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from ..corpus import Corpus
from ..fiscal import fiscal_year_of
from ..project import Project


@dataclass
class PersonView:
    id: str
    name: str
    position: str
    standing: str
    school_id: str | None
    school_name: str
    appointed: str
    agreements: dict[int, dict] = field(default_factory=dict)
    evaluations: dict[int, list[dict]] = field(default_factory=lambda: defaultdict(list))
    progress: dict[int, list[dict]] = field(default_factory=dict)
    induction: list[dict] = field(default_factory=list)

    def agreement_status(self, fy: int) -> str:
        agreement = self.agreements.get(fy)
        return agreement["status"] if agreement else "missing"


@dataclass
class SchoolView:
    id: str
    name: str
    district: str
    people: list[PersonView] = field(default_factory=list)


@dataclass
class SiteView:
    office: dict
    as_of: dt.date
    fiscal_year: int
    schools: list[SchoolView]
    people: list[PersonView]
    position_labels: dict[str, str]
    standing_labels: dict[str, str]
    status_labels: dict[str, str]
    pa_positions: frozenset[str]

    def name_of(self, person_id: str) -> str:
        person = self._by_id.get(person_id)
        return person.name if person else person_id

    @cached_property
    def _by_id(self) -> dict[str, PersonView]:
        return {p.id: p for p in self.people}

    @property
    def in_pa(self) -> list[PersonView]:
        return [p for p in self.people if p.position in self.pa_positions]

    def agreement_counts(self, people: list[PersonView] | None = None) -> Counter:
        people = (
            self.in_pa if people is None else [p for p in people if p.position in self.pa_positions]
        )
        return Counter(p.agreement_status(self.fiscal_year) for p in people)

    def evaluations_filed(self, rnd: int) -> int:
        return sum(
            1
            for p in self.in_pa
            for e in p.evaluations.get(self.fiscal_year, [])
            if e["round"] == rnd
        )


def build_view(corpus: Corpus, project: Project, as_of: dt.date) -> SiteView:
    office = corpus.office.data
    years = sorted(y["year"] for y in office["fiscal_years"])
    wanted = fiscal_year_of(as_of)
    fiscal_year = (
        wanted
        if wanted in years
        else max(y for y in years if y <= wanted)
        if years[0] <= wanted
        else years[0]
    )
    schools = {
        r.data["id"]: SchoolView(r.data["id"], r.data["name"], r.data["district"])
        for r in corpus.of("school")
    }
    people: dict[str, PersonView] = {}
    for record in sorted(
        corpus.of("person"), key=lambda r: (r.data["first_name"], r.data["last_name"])
    ):
        data = record.data
        school = schools.get(data.get("school"))
        person = PersonView(
            id=data["id"],
            name=f"{data['title']}{data['first_name']} {data['last_name']}",
            position=data["position"],
            standing=data["standing"],
            school_id=school.id if school else None,
            school_name=school.name if school else office["short_name"],
            appointed=data["appointed"],
        )
        people[person.id] = person
        if school:
            school.people.append(person)
    for record in corpus.of("agreement"):
        people[record.ref["person"]].agreements[record.ref["fy"]] = record.data
    for record in corpus.of("evaluation"):
        people[record.ref["person"]].evaluations[record.ref["fy"]].append(record.data)
    for record in corpus.of("progress"):
        people[record.ref["person"]].progress[record.ref["fy"]] = record.data["entries"]
    for record in corpus.of("induction"):
        people[record.ref["person"]].induction.append(record.data)
    status = project.schemas["agreement"]["properties"]["status"]["x-labels"]
    return SiteView(
        office=office,
        as_of=as_of,
        fiscal_year=fiscal_year,
        schools=sorted(schools.values(), key=lambda s: s.name),
        people=list(people.values()),
        position_labels=project.schemas.labels("position"),
        standing_labels=project.schemas.labels("standing"),
        status_labels={**status, "missing": "ยังไม่มีข้อตกลง"},
        pa_positions=project.forms.pa_positions,
    )

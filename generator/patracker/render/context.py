"""What every page may read: the model, the build's Git history and the shared look-ups.

Templates get one ``Site``. It knows the reference date and the round in force, the
labels of the schemas, the people, schools and committees, and keeps the lists of people
that figures link to (``people_list``), which become their own pages at the end of a
build. What one family of pages shows (tasks, ว26, applications, ...) is that family's
view model in ``render/views/``, made once per build through ``Site.view``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from .. import linkcheck, thai
from ..corpus import Corpus
from ..engine import scoring, summary
from ..forms import Forms
from ..history.model import History
from ..model import Committee, Model, Office, Person, Round, School
from ..project import Project
from ..remind.state import SentLog
from . import reads
from .output import PeopleList
from .reads import of_person

V = TypeVar("V")


@dataclass
class Site:
    project: Project
    model: Model
    as_of: dt.date
    audience: str = "internal"
    warnings: list = field(default_factory=list)  # validation problems of severity "warning"
    corpus: Corpus | None = None  # the validated records as written, for pages that show full text
    lists: dict[str, PeopleList] = field(default_factory=dict)
    manual_shots: Path | None = None  # the manual's screenshots (render/manual.py)
    # a school's or a person's build: the names it may show of people outside its model,
    # their evaluators' (audiences.py); their pages, links and contacts are not in the build
    outside: dict[str, str] = field(default_factory=dict)
    # the Git history of the records, read once by build_site's "history" stage (history/);
    # empty when the caller did not read it (a page then shows no changes)
    history: History = field(default_factory=History)

    def __post_init__(self) -> None:
        # Made here, in the building process: a forked worker making it on first use would
        # touch every record, and so copy the memory of all of them (58,000 pages, 0.3 s).
        self._records = {r.path: r.data for r in self.corpus.records} if self.corpus else {}
        self._views: dict[Callable[[Site], Any], Any] = {}

    def view(self, make: Callable[[Site], V]) -> V:
        """The view model ``make(site)`` (a class of ``render/views``), made once per build."""
        found = self._views.get(make)
        if found is None:
            found = self._views[make] = make(self)
        return found

    @property
    def office(self) -> Office:
        office = self.model.office
        if office is None:  # validation stops a tree without records/office.yaml first
            raise ValueError("the records have no office.yaml")
        return office

    # --- labels --------------------------------------------------------------------------

    @cached_property
    def forms(self) -> Forms:
        return self.project.forms

    @cached_property
    def position_labels(self) -> dict[str, str]:
        return self.project.schemas.labels("position")

    def position_names(self, positions: Iterable[str]) -> str:
        """``ครู, ศึกษานิเทศก์``: the positions a KPI's base counts, in Thai."""
        return ", ".join(self.position_labels.get(p, p) for p in positions)

    @cached_property
    def standing_labels(self) -> dict[str, str]:
        return self.project.schemas.labels("standing")

    @cached_property
    def agreement_labels(self) -> dict[str, str]:
        labels = self.project.schemas["agreement"]["properties"]["status"]["x-labels"]
        return {**labels, "missing": "ยังไม่มีข้อตกลง"}

    @cached_property
    def status_titles(self) -> dict[str, str]:
        return {key: status.title for key, status in self.forms.workflow.statuses.items()}

    @cached_property
    def review_labels(self) -> dict[str, str]:
        return self.project.schemas["review"]["properties"]["decision"]["x-labels"]

    @cached_property
    def role_labels(self) -> dict[str, str]:
        member = self.project.schemas["committee"]["properties"]["members"]["items"]
        return member["properties"]["role"]["x-labels"]

    def expected_level(self, standing: str) -> str:
        return scoring.expected_level(standing, self.forms)

    @reads.reads(of_person)
    def item_label(self, person_id: str, code: str) -> str:
        """``2.1 จัดทำข้อมูล...`` for an indicator, the Thai title alone for a Part 2 item."""
        person = self.model.people.get(person_id)
        form = self.forms.form_for(person.position) if person else None
        return scoring.item_title(code, self.forms.pa2, form)

    @staticmethod
    def cell(value: object) -> str:
        if isinstance(value, dt.date):
            return thai.be_date(value)
        if isinstance(value, (float, Fraction)):
            return thai.number(value, 2)
        if isinstance(value, int):
            return thai.number(value)
        return "-" if value is None else str(value)

    # --- time ----------------------------------------------------------------------------

    @cached_property
    def round(self) -> Round:
        """The round in force on the reference date (else the latest begun, else the first)."""
        rounds = self.rounds
        begun = [r for r in rounds if r.start <= self.as_of]
        return next(
            (r for r in rounds if r.contains(self.as_of)), begun[-1] if begun else rounds[0]
        )

    @property
    def fiscal_year(self) -> int:
        return self.round.fiscal_year

    @cached_property
    def rounds(self) -> tuple[Round, ...]:
        return tuple(sorted(self.office.rounds, key=lambda r: r.start))

    @cached_property
    def finished_rounds(self) -> tuple[Round, ...]:
        return tuple(r for r in self.rounds if r.end < self.as_of)

    @property
    def last_finished(self) -> Round | None:
        return self.finished_rounds[-1] if self.finished_rounds else None

    def rounds_of(self, fiscal_year: int) -> tuple[Round, ...]:
        """The year's rounds begun by the reference date."""
        return tuple(
            r for r in self.rounds if r.fiscal_year == fiscal_year and r.start <= self.as_of
        )

    # --- people, schools, committees -----------------------------------------------------

    @cached_property
    def people(self) -> tuple[Person, ...]:
        return tuple(sorted(self.model.people.values(), key=lambda p: (p.first_name, p.last_name)))

    def personal_link(self, person_id: str) -> str | None:
        """Her page in the personal build, when the link secret and address are set."""
        from ..links import personal_link

        return personal_link(person_id)

    @reads.reads(of_person)
    def person(self, person_id: str) -> Person | None:
        return self.model.people.get(person_id)

    @reads.reads(lambda _, p: [f"name/{p}"])
    def name_of(self, person_id: str) -> str:
        person = self.model.people.get(person_id)
        return person.name if person else self.outside.get(person_id, person_id)

    def names(self, person_ids: Iterable[str]) -> str:
        return ", ".join(self.name_of(p) for p in person_ids)

    def by_name(self, ids: Iterable[str]) -> list[str]:
        """Ids sorted by name, then id: two people may share a name, and a set of ids
        comes in another order in every process."""
        return sorted(ids, key=lambda i: (self.name_of(i), i))

    def school_name(self, school_id: str | None) -> str:
        school = self.model.schools.get(school_id) if school_id else None
        return school.name if school else self.office.short_name

    @cached_property
    def schools(self) -> tuple[School, ...]:
        return tuple(sorted(self.model.schools.values(), key=lambda s: s.name))

    def committees_of(self, member: str) -> tuple[Committee, ...]:
        """The PA committees a member sits on this fiscal year."""
        return tuple(self.model.committees_of_member.get((member, self.fiscal_year), ()))

    def in_pa(self, fiscal_year: int | None = None) -> tuple[str, ...]:
        """Who owes a PA in the year; asked on every page, so computed once per year."""
        year = fiscal_year or self.fiscal_year
        if year not in self._in_pa:
            self._in_pa[year] = summary.assessees(self.model, self.forms, year)
        return self._in_pa[year]

    @reads.reads(of_person)
    def does_pa(self, person_id: str, fiscal_year: int | None = None) -> bool:
        year = fiscal_year or self.fiscal_year
        if year not in self._in_pa_sets:
            self._in_pa_sets[year] = frozenset(self.in_pa(year))
        return person_id in self._in_pa_sets[year]

    @cached_property
    def _in_pa(self) -> dict[int, tuple[str, ...]]:
        return {}

    @cached_property
    def _in_pa_sets(self) -> dict[int, frozenset[str]]:
        return {}

    @reads.reads(of_person)
    def agreement_state(self, person_id: str, fiscal_year: int | None = None) -> str:
        agreement = self.model.agreements.get((person_id, fiscal_year or self.fiscal_year))
        return agreement.status if agreement else "missing"

    def agreement_groups(self, people: tuple[str, ...] | None = None) -> dict[str, tuple[str, ...]]:
        """Agreement status → the people in it, for the current fiscal year."""
        groups: dict[str, list[str]] = {
            key: [] for key in ("approved", "submitted", "draft", "returned", "missing")
        }
        for person in self.in_pa() if people is None else people:
            groups[self.agreement_state(person)].append(person)
        return {key: tuple(ids) for key, ids in groups.items()}

    @reads.reads(lambda _, path: reads.of_path(path))
    def record(self, path: str) -> dict:
        """A record's data as written (e.g. an agreement's full text for the printable PA 1)."""
        return self._records.get(path, {})

    # --- lists that figures link to ------------------------------------------------------

    def people_list(self, slug: str, title: str, people: Iterable[str]) -> str:
        """Register the people a figure counts; return the list page's path from the site root.
        The page being rendered collects it too (``reads.listed``): a page rendered in a
        forked worker, or reused from the last build, still has its list built."""
        found = self.lists[slug] = PeopleList(slug, title, tuple(people))
        reads.listed(found)
        return f"lists/{slug}.html"

    # --- what look-ups read (render/reads.py) ---------------------------------------------

    def responsible_reads(self, person_id: str) -> list[str]:
        """The round's tasks someone must act on are about them and the people they assess
        this fiscal year (whose records say what is done)."""
        assessed = (p for c in self.committees_of(person_id) for p in c.assessees)
        return [reads.person(person_id), *reads.people(assessed)]

    def school_reads(self, school_id: str | None) -> list[str]:
        """Who belongs to the school (their person records say so) and their records."""
        staff = self.model.people_by_school.get(school_id, ())
        return [f"school/{school_id}", *reads.people(p.id for p in staff)]

    # --- what other commands wrote beside the records (person pages, reuse keys) ---------

    @cached_property
    def broken_links(self) -> dict[str, linkcheck.Result]:
        """URL → the last check's result, for links found broken (internal site only; a
        build never touches the network, it reads what ``check-links`` found)."""
        if self.audience != "internal":
            return {}
        found = linkcheck.Results.load(self.project.records)
        return {url: result for url, result in found.items() if result.broken}

    @cached_property
    def _sent_reminders(self) -> dict[str, list[dict]]:
        if self.audience != "internal":
            return {}
        by_person: dict[str, list[dict]] = defaultdict(list)
        for sent in SentLog.beside(self.project.records).sent:
            by_person[sent["person"]].append(sent)
        return by_person

    @reads.reads(lambda _, p: [f"reminders/{p}"])
    def reminders_of(self, person: str) -> list[dict]:
        """The digests sent to a person, newest first: {"date", "channel"}."""
        return sorted(self._sent_reminders.get(person, ()), key=lambda s: s["date"], reverse=True)

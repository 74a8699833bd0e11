"""What every page may read: the model and the engine's answers, computed once per build.

Templates get one ``Site``. It knows the reference date and the round in force, asks the
engine for summaries, tasks, KPIs and ว26 tracks once, and keeps the lists of people that
figures link to (``people_list``), which become their own pages at the end of a build.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from pathlib import Path

from .. import linkcheck, thai
from ..corpus import Corpus
from ..engine import applications, deadlines, induction, kpis, scoring, summary
from ..model import Model, Person, Round
from ..project import Project
from ..remind.state import SentLog
from . import reads
from .output import PeopleList
from .reads import of_person, of_tasks


@dataclass(frozen=True)
class Event:
    """One dated line of a person's timeline."""

    date: dt.date
    title: str
    detail: str = ""
    who: str | None = None
    links: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()


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

    def __post_init__(self) -> None:
        # Made here, in the building process: a forked worker making it on first use would
        # touch every record, and so copy the memory of all of them (58,000 pages, 0.3 s).
        self._records = {r.path: r.data for r in self.corpus.records} if self.corpus else {}

    # --- labels --------------------------------------------------------------------------

    @cached_property
    def forms(self):
        return self.project.forms

    @cached_property
    def position_labels(self) -> dict[str, str]:
        return self.project.schemas.labels("position")

    def position_names(self, positions) -> str:
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

    def expected_level(self, standing: str) -> str:
        return scoring.expected_level(standing, self.forms)

    # --- time ----------------------------------------------------------------------------

    @cached_property
    def round(self) -> Round:
        """The round in force on the reference date (else the latest begun, else the first)."""
        rounds = sorted(self.model.office.rounds, key=lambda r: r.start)
        begun = [r for r in rounds if r.start <= self.as_of]
        return next(
            (r for r in rounds if r.contains(self.as_of)), begun[-1] if begun else rounds[0]
        )

    @property
    def fiscal_year(self) -> int:
        return self.round.fiscal_year

    @cached_property
    def rounds(self) -> tuple[Round, ...]:
        return tuple(sorted(self.model.office.rounds, key=lambda r: r.start))

    @cached_property
    def finished_rounds(self) -> tuple[Round, ...]:
        return tuple(r for r in self.rounds if r.end < self.as_of)

    @property
    def last_finished(self) -> Round | None:
        return self.finished_rounds[-1] if self.finished_rounds else None

    # --- people --------------------------------------------------------------------------

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

    @cached_property
    def _editors(self) -> dict[str, str]:
        """A person's name by their e-mail address and GitHub login (lower case), to show
        who changed a record instead of a Git identity."""
        found: dict[str, str] = {}
        for record in self.corpus.of("person") if self.corpus else ():
            person = self.model.people.get(record.data.get("id", ""))
            if person is None:
                continue
            email = (record.data.get("contact") or {}).get("email")
            for key in (email, record.data.get("github")):
                if isinstance(key, str) and key:
                    found[key.lower()] = person.name
        return found

    @cached_property
    def _contacts(self) -> dict[str, dict]:
        return {
            r.data.get("id"): r.data.get("contact") or {}
            for r in (self.corpus.of("person") if self.corpus else ())
            if isinstance(r.data.get("contact"), dict)
        }

    @reads.reads(of_person)
    def contact(self, person_id: str) -> tuple[str | None, str | None]:
        """A person's phone and e-mail for staff chasing a late task; none on the public site."""
        if self.audience != "internal":
            return None, None
        found = self._contacts.get(person_id, {})
        phone, email = found.get("phone"), found.get("email")
        return (str(phone) if phone else None), (str(email) if email else None)

    @reads.reads(lambda *_: ["editors"])
    def editor_name(self, author: str, email: str | None, login: str | None) -> str | None:
        """The name of the person behind a commit, or None when no person record matches."""
        for key in (email, login):
            if key and key.lower() in self._editors:
                return self._editors[key.lower()]
        return None

    @cached_property
    def _by_login(self) -> dict[str, str]:
        return {p.github.casefold(): p.id for p in self.model.people.values() if p.github}

    @reads.reads(lambda *_: ["logins"])
    def person_of_login(self, login: str | None) -> str | None:
        """The person whose file carries this GitHub login (logins ignore case, as GitHub's)."""
        return self._by_login.get(login.casefold()) if login else None

    def names(self, person_ids) -> str:
        return ", ".join(self.name_of(p) for p in person_ids)

    def school_name(self, school_id: str | None) -> str:
        school = self.model.schools.get(school_id) if school_id else None
        return school.name if school else self.model.office.short_name

    @cached_property
    def schools(self):
        return tuple(sorted(self.model.schools.values(), key=lambda s: s.name))

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
    def _in_pa(self) -> dict:
        return {}

    @cached_property
    def _in_pa_sets(self) -> dict:
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

    # --- engine answers ------------------------------------------------------------------

    def summaries(self, rnd: Round) -> Mapping[str, summary.RoundSummary]:
        """Person → their result in the round (a page reads the results it looks up)."""
        key = (rnd.fiscal_year, rnd.round)
        if key not in self._summaries:
            found = summary.round_summaries(self.model, self.forms, rnd.fiscal_year, rnd.round)
            self._summaries[key] = {s.person: s for s in found}
        return reads.by_person(self._summaries[key])

    @cached_property
    def _summaries(self) -> dict:
        return {}

    def state_groups(self, rnd: Round) -> dict[str, tuple[str, ...]]:
        groups: dict[str, list[str]] = defaultdict(list)
        for person, result in self.summaries(rnd).items():
            groups[result.state].append(person)
        return {key: tuple(value) for key, value in groups.items()}

    @cached_property
    def tasks(self) -> tuple[deadlines.Task, ...]:
        return deadlines.round_tasks(self.model, self.forms, self.fiscal_year, self.round.round)

    @property
    def soon_days(self) -> int:
        return self.model.office.rules.due_soon_days

    @cached_property
    def overdue(self) -> tuple[deadlines.Task, ...]:
        return deadlines.overdue(self.tasks, self.as_of)

    @cached_property
    def due_soon(self) -> tuple[deadlines.Task, ...]:
        return deadlines.due_soon(self.tasks, self.as_of, self.soon_days)

    @reads.reads(lambda site, p: site.responsible_reads(p))
    def next_due(self, person_id: str) -> deadlines.Task | None:
        return deadlines.next_due(self.tasks_by_responsible.get(person_id, ()), person_id)

    @cached_property
    def latest_survey(self):
        """The newest satisfaction survey up to this round, with each question's %."""
        survey = kpis.latest_survey(self.model, self.fiscal_year, self.round.round)
        if survey is None:
            return None
        questions = [(q, kpis.question_percent(q, survey.scale_max)) for q in survey.questions]
        return {
            "survey": survey,
            "percent": kpis.survey_percent(survey),
            "questions": questions,
            "answers": max((sum(q.counts) for q in survey.questions), default=0),
        }

    @property
    def task_titles(self) -> dict[str, str]:
        """The PA round's kinds of task by their Thai titles, in the round's order."""
        return deadlines.TASKS

    def task_status(self, task: deadlines.Task) -> str:
        return task.status(self.as_of, self.soon_days)

    @cached_property
    def tasks_by_responsible(self) -> dict[str, tuple[deadlines.Task, ...]]:
        return deadlines.by_responsible(self.tasks)

    @cached_property
    def tasks_by_school(self) -> dict[str | None, tuple[deadlines.Task, ...]]:
        return deadlines.by_school(self.tasks, self.model)

    @cached_property
    def kpis(self) -> tuple[kpis.Kpi, ...]:
        return kpis.all_kpis(self.model, self.forms, self.fiscal_year, self.round.round)

    @cached_property
    def induction_tracks(self) -> dict[str, induction.InductionTrack]:
        return {t.person: t for t in induction.induction_tracks(self.model, self.forms, self.as_of)}

    @cached_property
    def induction_overdue(self) -> tuple[deadlines.Task, ...]:
        """ว26 tasks past their due date: evaluations, results owed to the teacher, the
        two-year summary (an appeal is never overdue: its window just closes)."""
        return deadlines.overdue(self.induction_tasks, self.as_of)

    @cached_property
    def induction_due_soon(self) -> tuple[deadlines.Task, ...]:
        return deadlines.due_soon(self.induction_tasks, self.as_of, self.soon_days)

    @cached_property
    def induction_tasks(self) -> tuple[deadlines.Task, ...]:
        """Every ว26 task (engine.induction.track_tasks), apart from the PA round's tasks."""
        return induction.induction_tasks(
            self.induction_tracks.values(), self.model.people, self.as_of
        )

    @cached_property
    def _induction_by_person(self) -> dict[str, tuple[deadlines.Task, ...]]:
        found: dict[str, list] = defaultdict(list)
        for task in self.induction_tasks:
            found[task.person].append(task)
        return {k: tuple(v) for k, v in found.items()}

    @reads.reads(of_person)
    def induction_steps(self, person_id: str) -> tuple[induction.Step, ...]:
        """What follows on an assistant teacher's ว26 track (the person page's next step)."""
        track = self.induction_tracks.get(person_id)
        if track is None:
            return ()
        tasks = self._induction_by_person.get(person_id, ())
        return induction.next_steps(track, tasks, self.as_of)

    def induction_next(self, person_id: str) -> induction.Step | None:
        steps = self.induction_steps(person_id)
        return steps[0] if steps else None

    def induction_outcome(self, track) -> str:
        return induction.OUTCOMES.get(track.outcome, track.outcome or "-")

    @reads.reads(lambda site, m: site.induction_reads(m))
    def induction_owed_by(self, member: str) -> tuple[deadlines.Task, ...]:
        """Open ว26 tasks a member (or a teacher, for an appeal) must act on, by due date."""
        return tuple(
            sorted(
                (t for t in self._induction_by_responsible.get(member, ()) if t.done_on is None),
                key=lambda t: (t.due, t.person, t.number or 0),
            )
        )

    @cached_property
    def _induction_by_responsible(self) -> dict[str, tuple[deadlines.Task, ...]]:
        return deadlines.by_responsible(self.induction_tasks)

    @reads.reads(lambda site, s: site.school_reads(s))
    def induction_overdue_of_school(self, school_id: str | None) -> tuple[deadlines.Task, ...]:
        people = self.model.people
        return tuple(
            t
            for t in self.induction_overdue
            if (people[t.person].school if t.person in people else None) == school_id
        )

    def induction_committees_of(self, member: str):
        """The ว26 committees a member sits on, whatever year they were formed: a track
        runs two years."""
        return tuple(
            c for c in self.model.committees if c.kind == "induction" and member in c.member_ids
        )

    @cached_property
    def members(self) -> tuple[str, ...]:
        """Everyone who sits on a PA committee this fiscal year or on a ว26 committee (a
        ว26 committee serves its two-year track, whatever year it was formed)."""
        found = {
            m
            for (member, fy) in self.model.committees_of_member
            if fy == self.fiscal_year and member in self.model.people
            for m in [member]
        }
        found |= {m for c in self.model.committees if c.kind == "induction" for m in c.member_ids}
        return tuple(self.by_name(found))

    def committees_of(self, member: str):
        return self.model.committees_of_member.get((member, self.fiscal_year), ())

    @cached_property
    def applications(self):
        return tuple(sorted(self.model.applications, key=lambda a: a.id))

    @cached_property
    def application_buckets(self):
        return applications.counts_by_school(self.model)

    def application_dwell(self):
        return applications.dwell_times(self.applications, self.as_of, self.forms.workflow)

    def returned_reasons(self):
        return applications.returned_reasons(self.applications)

    def duplicate_applications(self):
        return applications.duplicates(self.applications, self.forms.workflow)

    @reads.reads(lambda _, path: reads.of_path(path))
    def record(self, path: str) -> dict:
        """A record's data as written (e.g. an agreement's full text for the printable PA 1)."""
        return self._records.get(path, {})

    # --- per school and per person -----------------------------------------------------

    def by_name(self, ids) -> list[str]:
        """Ids sorted by name, then id: two people may share a name, and a set of ids
        comes in another order in every process."""
        return sorted(ids, key=lambda i: (self.name_of(i), i))

    def pa_people_of(self, school_id: str) -> tuple[str, ...]:
        return tuple(
            p.id for p in self.model.people_by_school.get(school_id, ()) if self.does_pa(p.id)
        )

    @reads.reads(lambda site, s: site.school_reads(s))
    def overdue_of_school(self, school_id: str | None) -> tuple[deadlines.Task, ...]:
        return tuple(t for t in self.tasks_by_school.get(school_id, ()) if t in self._overdue_set)

    @cached_property
    def _overdue_set(self) -> frozenset:
        return frozenset(self.overdue)

    def count_overdue(self, tasks) -> int:
        return sum(task in self._overdue_set for task in tasks)

    @reads.reads(lambda site, s: site.school_reads(s))
    def applications_of_school(self, school_id: str):
        return tuple(
            a
            for a in self.applications
            if self.model.people.get(a.person) and self.model.people[a.person].school == school_id
        )

    @reads.reads(of_person)
    def fiscal_years_of(self, person_id: str) -> list[int]:
        years = self._fiscal_years.get(person_id, set())
        return sorted(years | {self.fiscal_year}, reverse=True)

    @cached_property
    def _fiscal_years(self) -> dict[str, set[int]]:
        """Person → the fiscal years they have an agreement or an evaluation in."""
        found: dict[str, set[int]] = defaultdict(set)
        for person, fiscal_year in self.model.agreements:
            found[person].add(fiscal_year)
        for evaluation in self.model.evaluations:
            found[evaluation.person].add(evaluation.fiscal_year)
        return found

    def rounds_of(self, fiscal_year: int) -> tuple[Round, ...]:
        return tuple(
            r for r in self.rounds if r.fiscal_year == fiscal_year and r.start <= self.as_of
        )

    def filed_rounds(self, person_id: str, fiscal_year: int) -> list[tuple[Round, tuple]]:
        """(round, members who filed a PA 2) for the year's rounds where someone filed: the
        rounds whose printable forms exist (``printable.pa2_members``)."""
        found = []
        for rnd in self.rounds_of(fiscal_year):
            result = self.summaries(rnd).get(person_id)
            if result and result.filed:
                found.append((rnd, result.filed))
        return found

    @cached_property
    def review_labels(self) -> dict[str, str]:
        return self.project.schemas["review"]["properties"]["decision"]["x-labels"]

    @reads.reads(of_person)
    def item_label(self, person_id: str, code: str) -> str:
        """``2.1 จัดทำข้อมูล...`` for an indicator, the Thai title alone for a Part 2 item."""
        person = self.model.people.get(person_id)
        form = self.forms.form_for(person.position) if person else None
        return scoring.item_title(code, self.forms.pa2, form)

    @reads.reads(of_person)
    def timeline(self, person_id: str, fiscal_year: int) -> list[Event]:
        """Everything that happened to a person's PA in a fiscal year, oldest first."""
        events: list[Event] = []
        agreement = self.model.agreements.get((person_id, fiscal_year))
        if agreement and agreement.submitted:
            events.append(
                Event(agreement.submitted, "เสนอข้อตกลงในการพัฒนางาน (PA 1)", who=person_id)
            )
        if agreement and agreement.decided:
            verdict = (
                "ให้ความเห็นชอบข้อตกลง"
                if agreement.status == "approved"
                else "ไม่เห็นชอบ ส่งคืนแก้ไขข้อตกลง"
            )
            events.append(
                Event(agreement.decided, verdict, agreement.note or "", who=agreement.approved_by)
            )
        for review in self.model.reviews_of.get((person_id, fiscal_year), ()):
            notes = tuple(f"ตัวชี้วัด {code}: {text}" for code, text in review.comments.items())
            title = (
                f"กรรมการกลั่นกรองข้อตกลง: {self.review_labels.get(review.decision, review.decision)}"
            )
            events.append(
                Event(review.date, title, review.general or "", review.member, notes=notes)
            )
        progress = self.model.progress.get((person_id, fiscal_year))
        for entry in progress.entries if progress else ():
            title = f"บันทึกความก้าวหน้า ({self._indicator_label(entry.indicator)})"
            events.append(Event(entry.date, title, entry.text, person_id, links=entry.links))
        for rnd in (1, 2):
            for evaluation in self.model.evaluations_of.get((person_id, fiscal_year, rnd), ()):
                if evaluation.amends:
                    events.append(
                        Event(
                            evaluation.date,
                            f"แก้ไขผลการประเมินรอบที่ {rnd}",
                            evaluation.reason or "",
                            evaluation.member,
                        )
                    )
                elif evaluation.final:
                    events.append(
                        Event(
                            evaluation.date,
                            f"ส่งผลการประเมิน (PA 2) รอบที่ {rnd}",
                            who=evaluation.member,
                        )
                    )
        return sorted(events, key=lambda e: e.date)

    def _indicator_label(self, code: str) -> str:
        return (
            f"ประเด็นท้าทายข้อ {code.split('-')[1]}"
            if code.startswith("challenge-")
            else f"ตัวชี้วัด {code}"
        )

    @cached_property
    def role_labels(self) -> dict[str, str]:
        member = self.project.schemas["committee"]["properties"]["members"]["items"]
        return member["properties"]["role"]["x-labels"]

    def member_role(self, committee, member: str) -> str:
        role = committee.role_of(member) if committee else None
        return self.role_labels.get(role, self.role_labels["member"])

    # --- committee members, deadlines, applications ------------------------------------

    @reads.reads(lambda site, m: site.responsible_reads(m))
    def owed_by(self, member: str) -> tuple[deadlines.Task, ...]:
        """Tasks a committee member must do this round about the people they assess."""
        return tuple(t for t in self.tasks_by_responsible.get(member, ()) if t.person != member)

    @reads.reads(lambda site, m: site.responsible_reads(m))
    def pending_by_person(self, member: str) -> dict[str, list[deadlines.Task]]:
        """A member's open tasks grouped by the person they are about, in due order."""
        found: dict[str, list[deadlines.Task]] = defaultdict(list)
        for task in self.owed_by(member):
            if not task.done_on:
                found[task.person].append(task)
        return found

    def assessed_by(self, member: str) -> tuple[str, ...]:
        return tuple(p for c in self.committees_of(member) for p in c.assessees)

    @property
    def round_deadlines(self):
        return deadlines.round_deadlines(self.round)

    @reads.reads(of_tasks)
    def group_by_school(self, tasks) -> list[tuple[str | None, tuple[deadlines.Task, ...]]]:
        groups: dict[str | None, list] = defaultdict(list)
        for task in tasks:
            person = self.model.people.get(task.person)
            groups[person.school if person else None].append(task)
        return sorted(
            ((k, tuple(v)) for k, v in groups.items()), key=lambda kv: self.school_name(kv[0])
        )

    def member_backlog(self) -> list[tuple[str, int, int]]:
        overdue, soon = set(self.overdue), set(self.due_soon)
        rows = []
        for member in self.members:
            owed = self.owed_by(member)
            late, near = sum(t in overdue for t in owed), sum(t in soon for t in owed)
            if late or near:
                rows.append((member, late, near))
        return sorted(rows, key=lambda r: (-r[1], -r[2], self.name_of(r[0]), r[0]))

    @property
    def bucket_titles(self) -> tuple[tuple[str, str], ...]:
        return tuple((key, title) for key, title, _ in applications.BUCKETS)

    def bucket_rows(self) -> list[tuple[str, dict]]:
        buckets = self.application_buckets
        rows = [(school, counts) for school, counts in buckets.items() if school]
        rows.sort(key=lambda r: self.school_name(r[0]))
        return [*rows, ("__all__", buckets[""])]

    def application_people(self, application_ids) -> tuple[str, ...]:
        found = {a.id: a.person for a in self.applications}
        return tuple(dict.fromkeys(found[i] for i in application_ids if i in found))

    # --- the audit trail ------------------------------------------------------------------

    @cached_property
    def history(self):
        """Git history of the records (empty, with a notice, outside Git); read once per build."""
        from ..history import load_history

        records = self.project.records.resolve()
        return load_history(repo_root=records.parent, records_dir=records, project=self.project)

    def kind_title(self, kind: str) -> str:
        schema = self.project.schemas.bundled.get(kind)
        return schema["title"] if schema else kind

    @reads.reads(lambda *_, **__: [reads.HISTORY_ALL])
    def recent_changes(self, school: str | None = None, n: int = 100):
        return self.history.recent(n, school=school)

    # --- data quality ---------------------------------------------------------------------

    def attention(self) -> list[tuple[str, tuple[str, ...]]]:
        """Records an HR officer should look at, each as (Thai heading, people)."""
        fy, minimum = self.fiscal_year, self.model.office.rules.min_weekly_hours
        in_pa = self.in_pa()
        agreements = [self.model.agreements.get((p, fy)) for p in in_pa]
        return [
            (
                "ข้อตกลงที่ถูกส่งคืนแก้ไขและยังไม่ได้เสนอใหม่",
                tuple(a.person for a in agreements if a and a.status == "returned"),
            ),
            (
                "ผู้ต้องจัดทำ PA ที่ยังไม่มีคณะกรรมการประเมิน",
                tuple(p for p in in_pa if (p, fy) not in self.model.pa_committee_of),
            ),
            (
                f"ภาระงานต่ำกว่าเกณฑ์ {minimum:g} ชั่วโมงต่อสัปดาห์",
                tuple(
                    a.person
                    for a in agreements
                    if a and a.weekly_hours is not None and a.weekly_hours < minimum
                ),
            ),
            (
                "ผลการประเมินที่กรรมการยังไม่ยืนยันผล (ยังเป็นร่าง)",
                tuple(
                    dict.fromkeys(
                        e.person
                        for e in self.model.evaluations
                        if not e.final and e.fiscal_year == fy
                    )
                ),
            ),
        ]

    @staticmethod
    def cell(value) -> str:
        if isinstance(value, dt.date):
            return thai.be_date(value)
        if isinstance(value, (float, Fraction)):
            return thai.number(value, 2)
        if isinstance(value, int):
            return thai.number(value)
        return "-" if value is None else str(value)

    # --- lists that figures link to ------------------------------------------------------

    def people_list(self, slug: str, title: str, people) -> str:
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

    def induction_reads(self, member: str) -> list[str]:
        assessed = (p for c in self.induction_committees_of(member) for p in c.assessees)
        return [reads.person(member), *reads.people(assessed)]

    def school_reads(self, school_id: str | None) -> list[str]:
        """Who belongs to the school (their person records say so) and their records."""
        staff = self.model.people_by_school.get(school_id, ())
        return [f"school/{school_id}", *reads.people(p.id for p in staff)]

    # --- evidence links (patracker check-links) ------------------------------------------

    @cached_property
    def broken_links(self) -> dict[str, linkcheck.Result]:
        """URL → the last check's result, for links found broken (internal site only; a
        build never touches the network, it reads what ``check-links`` found)."""
        if self.audience != "internal":
            return {}
        found = linkcheck.Results.load(self.project.records)
        return {url: result for url, result in found.items() if result.broken}

    @reads.reads(lambda _, p=None: [reads.EVERYONE if p is None else reads.person(p)])
    def broken_evidence(self, person: str | None = None) -> list[tuple]:
        """(evidence, result) of each broken evidence link, of one person or of everyone."""
        return self._broken_evidence(person)

    def _broken_evidence(self, person: str | None) -> list[tuple]:
        if not self.broken_links:
            return []
        return [
            (e, self.broken_links[e.url])
            for e in linkcheck.evidence_of(self.model)
            if e.url in self.broken_links and person in (None, e.person)
        ]

    @reads.reads(lambda site, m: site.responsible_reads(m))
    def broken_evidence_assessed_by(self, member: str) -> list[tuple]:
        """Broken evidence of the people a committee member assesses this fiscal year."""
        people = {p for c in self.committees_of(member) for p in c.assessees}
        return [found for found in self._broken_evidence(None) if found[0].person in people]

    # --- reminders sent (patracker remind) ------------------------------------------------

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

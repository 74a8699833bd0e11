"""The loaded records as small typed objects, with the look-ups every page and rule needs.

The corpus holds raw dicts checked file by file; the engine and the site renderer want
dates as dates and relations as indexes. ``build_model`` converts once. A record too
broken to convert (the validator already reports why) is left out and its path kept in
``Model.skipped``, so a half-valid tree still renders.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .corpus import Corpus, Record
from .layout import RecordRef

Key = tuple[str, int]  # (person, fiscal year)


def _date(value) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _day(value) -> dt.date:
    """A date the schema requires: a record without it is too broken to convert."""
    found = _date(value)
    if found is None:
        raise ValueError("a required date is missing")
    return found


def _id(ref: RecordRef, key: str) -> str:
    """An id from the record's path (``layout`` parses ids as text)."""
    value = ref[key]
    if not isinstance(value, str):
        raise TypeError(f"{key} in {ref.path} is not an id")
    return value


def _number(ref: RecordRef, key: str) -> int:
    """A year, round or number from the record's path (``layout`` parses them as int)."""
    value = ref[key]
    if not isinstance(value, int):
        raise TypeError(f"{key} in {ref.path} is not a number")
    return value


def _frozen(mapping: Mapping) -> Mapping:
    return MappingProxyType(dict(mapping))


# --- the office -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Round:
    fiscal_year: int
    round: int
    start: dt.date
    end: dt.date
    due: Mapping[str, dt.date]  # agreement, review, progress, evaluation, report (some optional)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class ClosedDay:
    date: dt.date
    name: str


@dataclass(frozen=True, slots=True)
class Rules:
    pass_percent: float
    min_weekly_hours: float
    due_soon_days: int
    agreement_lead_days: int = 0
    closed_days: tuple[ClosedDay, ...] = ()


KPI_POPULATION = {"registered": ("teacher", "supervisor")}


@dataclass(frozen=True, slots=True)
class KpiTargets:
    registered: float
    committee_use: float
    reports_per_round: int
    satisfaction: float


@dataclass(frozen=True, slots=True)
class Office:
    id: str
    name: str
    short_name: str
    province: str
    hr: tuple[str, ...]
    rounds: tuple[Round, ...]
    rules: Rules
    kpi_targets: KpiTargets
    # KPI → the positions its base counts; the registered KPI counts "ครู/ศึกษานิเทศก์"
    # (teachers and supervisors) as the project proposal (seed 002) words it
    kpi_population: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType(dict(KPI_POPULATION))
    )

    def round(self, fiscal_year: int, number: int) -> Round | None:
        return next(
            (r for r in self.rounds if (r.fiscal_year, r.round) == (fiscal_year, number)), None
        )

    def rounds_of(self, fiscal_year: int) -> tuple[Round, ...]:
        return tuple(r for r in self.rounds if r.fiscal_year == fiscal_year)


# --- people and places ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class School:
    id: str
    name: str
    district: str
    size: str | None = None
    director: str | None = None
    dpa_admin: str | None = None


@dataclass(frozen=True, slots=True)
class InductionFile:
    """What follows an assistant teacher's ว26 evaluations, kept on their person file by HR:
    the two-year summary sent to the ESA [ว19 §4.7] and, after a fail, the day the teacher
    received the results and the authority's opinion, their appeal and the decision [§5.2]."""

    summary_sent: dt.date | None = None
    result_notice: dt.date | None = None
    appeal: dt.date | None = None
    outcome: str | None = None  # continue | discharged
    decided: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    title: str
    first_name: str
    last_name: str
    position: str
    standing: str
    appointed: dt.date
    school: str | None = None
    subject: str | None = None
    left: dt.date | None = None
    induction: InductionFile | None = None
    github: str | None = None  # GitHub login: ties pull requests and approvals to the person

    @property
    def name(self) -> str:
        return f"{self.title}{self.first_name} {self.last_name}"

    def active_on(self, day: dt.date) -> bool:
        return self.appointed <= day and (self.left is None or day <= self.left)


# --- PA records -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Agreement:
    path: str
    person: str
    fiscal_year: int
    form: str
    status: str  # draft | submitted | approved | returned
    codes: tuple[str, ...]
    challenges: int
    submitted: dt.date | None = None
    approved_by: str | None = None
    decided: dt.date | None = None
    weekly_hours: float | None = None  # None when the form has no workload section
    challenge_titles: tuple[str, ...] = ()
    note: str | None = None  # the approver's note (why it was returned)


@dataclass(frozen=True, slots=True)
class ProgressEntry:
    date: dt.date
    indicator: str
    evidence: int
    text: str = ""
    links: tuple[tuple[str, str], ...] = ()  # (title, url) of each piece of evidence


@dataclass(frozen=True, slots=True)
class Progress:
    path: str
    person: str
    fiscal_year: int
    entries: tuple[ProgressEntry, ...]


@dataclass(frozen=True, slots=True)
class Review:
    path: str
    person: str
    fiscal_year: int
    member: str
    date: dt.date
    decision: str
    general: str | None = None
    comments: Mapping[str, str] = field(default_factory=dict)  # indicator code → feedback


@dataclass(frozen=True, slots=True)
class Evaluation:
    """One committee member's PA 2 for one round; ``amends`` names the file it replaces."""

    path: str
    person: str
    fiscal_year: int
    round: int
    member: str
    date: dt.date
    workload_ok: bool
    part1: Mapping[str, int]
    part2: Mapping[str, int]
    final: bool
    comments: Mapping[str, str] = field(default_factory=dict)
    amend: int | None = None
    amends: str | None = None
    reason: str | None = None

    @property
    def filename(self) -> str:
        return self.path.rsplit("/", 1)[-1]


@dataclass(frozen=True, slots=True)
class InductionEvaluation:
    path: str
    person: str
    number: int
    member: str
    date: dt.date
    scores: Mapping[str, Mapping[str, float]]  # aspect key → item code → points
    final: bool
    notified: dt.date | None = None
    strengths: str | None = None
    to_develop: str | None = None
    observations: str | None = None


@dataclass(frozen=True, slots=True)
class Member:
    person: str
    role: str


@dataclass(frozen=True, slots=True)
class Committee:
    path: str
    id: str
    fiscal_year: int
    kind: str  # pa | induction
    members: tuple[Member, ...]
    assessees: tuple[str, ...]

    @property
    def member_ids(self) -> tuple[str, ...]:
        return tuple(m.person for m in self.members)

    def role_of(self, person: str) -> str | None:
        return next((m.role for m in self.members if m.person == person), None)


@dataclass(frozen=True, slots=True)
class StatusChange:
    status: str
    date: dt.date
    by: str
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Application:
    path: str
    id: str
    person: str
    standing: str
    history: tuple[StatusChange, ...]

    @property
    def status(self) -> str:
        return self.history[-1].status


@dataclass(frozen=True, slots=True)
class Question:
    code: str
    text: str
    counts: tuple[int, ...]  # respondents at level 1..scale_max


@dataclass(frozen=True, slots=True)
class Survey:
    path: str
    fiscal_year: int
    round: int
    scale_max: int
    questions: tuple[Question, ...]


# --- the model --------------------------------------------------------------------------


@dataclass(frozen=True)
class Model:
    office: Office | None
    schools: Mapping[str, School]
    people: Mapping[str, Person]
    agreements: Mapping[Key, Agreement]
    progress: Mapping[Key, Progress]
    reviews: tuple[Review, ...]
    evaluations: tuple[Evaluation, ...]
    induction: tuple[InductionEvaluation, ...]
    committees: tuple[Committee, ...]
    applications: tuple[Application, ...]
    surveys: Mapping[tuple[int, int], Survey]
    skipped: tuple[str, ...] = ()
    _index: dict = field(default_factory=dict, repr=False, compare=False)

    def memo(self, key, build):
        """``build()``, worked out once: the model does not change after it is built."""
        if key not in self._index:
            self._index[key] = build()
        return self._index[key]

    @property
    def people_by_school(self) -> Mapping[str | None, tuple[Person, ...]]:
        return self.memo("people_by_school", lambda: _group(self.people.values(), "school"))

    @property
    def pa_committee_of(self) -> Mapping[Key, Committee]:
        """(assessee, fiscal year) → their PA committee (the first, if data names two)."""

        def build():
            out: dict[Key, Committee] = {}
            for c in self.committees:
                if c.kind == "pa":
                    for person in c.assessees:
                        out.setdefault((person, c.fiscal_year), c)
            return out

        return self.memo("pa_committee_of", build)

    @property
    def induction_committee_of(self) -> Mapping[str, Committee]:
        def build():
            out: dict[str, Committee] = {}
            for c in self.committees:
                if c.kind == "induction":
                    for person in c.assessees:
                        out.setdefault(person, c)
            return out

        return self.memo("induction_committee_of", build)

    @property
    def committees_of_member(self) -> Mapping[tuple[str, int], tuple[Committee, ...]]:
        """(member, fiscal year) → committees they sit on."""

        def build():
            out: dict[tuple[str, int], list[Committee]] = defaultdict(list)
            for c in self.committees:
                for m in c.members:
                    out[(m.person, c.fiscal_year)].append(c)
            return {k: tuple(v) for k, v in out.items()}

        return self.memo("committees_of_member", build)

    @property
    def evaluations_of(self) -> Mapping[tuple[str, int, int], tuple[Evaluation, ...]]:
        """(assessee, fiscal year, round) → every evaluation file, amendments included."""
        return self.memo(
            "evaluations_of",
            lambda: _group(self.evaluations, lambda e: (e.person, e.fiscal_year, e.round)),
        )

    @property
    def reviews_of(self) -> Mapping[Key, tuple[Review, ...]]:
        return self.memo(
            "reviews_of", lambda: _group(self.reviews, lambda r: (r.person, r.fiscal_year))
        )

    @property
    def induction_of(self) -> Mapping[str, tuple[InductionEvaluation, ...]]:
        return self.memo("induction_of", lambda: _group(self.induction, "person"))

    @property
    def applications_of(self) -> Mapping[str, tuple[Application, ...]]:
        return self.memo("applications_of", lambda: _group(self.applications, "person"))

    def school_of(self, person: str) -> School | None:
        found = self.people.get(person)
        return self.schools.get(found.school) if found and found.school else None


def _group(items, key) -> Mapping:
    get = key if callable(key) else (lambda item: getattr(item, key))
    out: dict = defaultdict(list)
    for item in items:
        out[get(item)].append(item)
    return {k: tuple(v) for k, v in out.items()}


# --- conversion -------------------------------------------------------------------------


def _office(data: dict) -> Office:
    rounds = tuple(
        Round(
            fiscal_year=year["year"],
            round=r["round"],
            start=_day(r["start"]),
            end=_day(r["end"]),
            due=_frozen({k: _date(v) for k, v in r.get("due", {}).items()}),
        )
        for year in data["fiscal_years"]
        for r in year["rounds"]
    )
    rules = data["rules"]
    targets = data["kpi_targets"]
    return Office(
        id=data["id"],
        name=data["name"],
        short_name=data["short_name"],
        province=data["province"],
        hr=tuple(data.get("hr", ())),
        rounds=rounds,
        rules=Rules(
            pass_percent=rules["pass_percent"],
            min_weekly_hours=rules["min_weekly_hours"],
            due_soon_days=rules["due_soon_days"],
            agreement_lead_days=rules.get("agreement_lead_days", 0),
            closed_days=tuple(
                ClosedDay(_day(c["date"]), c["name"]) for c in rules.get("closed_days", ())
            ),
        ),
        kpi_targets=KpiTargets(
            registered=targets["registered"],
            committee_use=targets["committee_use"],
            reports_per_round=targets["reports_per_round"],
            satisfaction=targets["satisfaction"],
        ),
        kpi_population=_frozen(
            {**KPI_POPULATION}
            | {k: tuple(v) for k, v in (data.get("kpi_population") or {}).items()}
        ),
    )


def _school(r: Record) -> School:
    d = r.data
    return School(
        d["id"], d["name"], d["district"], d.get("size"), d.get("director"), d.get("dpa_admin")
    )


def _person(r: Record) -> Person:
    d = r.data
    return Person(
        id=d["id"],
        title=d["title"],
        first_name=d["first_name"],
        last_name=d["last_name"],
        position=d["position"],
        standing=d["standing"],
        appointed=_day(d["appointed"]),
        school=d.get("school"),
        subject=d.get("subject"),
        left=_date(d.get("left")),
        induction=_induction_file(d.get("induction")),
        github=str(d["github"]) if d.get("github") else None,
    )


def _induction_file(d: dict | None) -> InductionFile | None:
    if not d:
        return None
    return InductionFile(
        summary_sent=_date(d.get("summary_sent")),
        result_notice=_date(d.get("result_notice")),
        appeal=_date(d.get("appeal")),
        outcome=d.get("outcome"),
        decided=_date(d.get("decided")),
    )


def _weekly_hours(workload: dict | None) -> float | None:
    if not workload:
        return None
    teaching = sum(item["hours"] for item in workload.get("teaching", ()))
    return teaching + sum(workload.get(k, 0) for k in ("support", "quality", "policy"))


def _agreement(r: Record) -> Agreement:
    d = r.data
    approval = d.get("approval") or {}
    return Agreement(
        path=r.path,
        person=_id(r.ref, "person"),
        fiscal_year=_number(r.ref, "fy"),
        form=d["form"],
        status=d["status"],
        codes=tuple(d["part1"]),
        challenges=len(d["challenges"]),
        submitted=_date(d.get("submitted")),
        approved_by=approval.get("by"),
        decided=_date(approval.get("date")),
        weekly_hours=_weekly_hours(d.get("workload")),
        challenge_titles=tuple(c["title"] for c in d["challenges"]),
        note=approval.get("note"),
    )


def _progress(r: Record) -> Progress:
    entries = tuple(
        ProgressEntry(
            _day(e["date"]),
            e["indicator"],
            len(e.get("evidence", ())),
            e["text"],
            tuple((x["title"], x["url"]) for x in e.get("evidence", ())),
        )
        for e in r.data["entries"]
    )
    return Progress(r.path, _id(r.ref, "person"), _number(r.ref, "fy"), entries)


def _review(r: Record) -> Review:
    d = r.data
    return Review(
        r.path,
        _id(r.ref, "person"),
        _number(r.ref, "fy"),
        _id(r.ref, "member"),
        _day(d["date"]),
        d["decision"],
        general=d.get("general"),
        comments=_frozen(d.get("comments", {})),
    )


def _evaluation(r: Record) -> Evaluation:
    d = r.data
    ratings = {**d["part1"], **d["part2"]}
    return Evaluation(
        path=r.path,
        person=_id(r.ref, "person"),
        fiscal_year=_number(r.ref, "fy"),
        round=_number(r.ref, "round"),
        member=_id(r.ref, "member"),
        date=_day(d["date"]),
        workload_ok=bool(d["workload_ok"]),
        part1=_frozen({code: v["level"] for code, v in d["part1"].items()}),
        part2=_frozen({key: v["level"] for key, v in d["part2"].items()}),
        final=bool(d["final"]),
        comments=_frozen({k: v["comment"] for k, v in ratings.items() if v.get("comment")}),
        amend=r.ref.get("amend"),
        amends=d.get("amends"),
        reason=d.get("reason"),
    )


def _induction(r: Record, aspects: tuple[str, ...]) -> InductionEvaluation:
    d = r.data
    return InductionEvaluation(
        path=r.path,
        person=_id(r.ref, "person"),
        number=_number(r.ref, "n"),
        member=_id(r.ref, "member"),
        date=_day(d["date"]),
        scores=_frozen({a: _frozen(d.get(a, {})) for a in aspects}),
        final=bool(d["final"]),
        notified=_date(d.get("notified")),
        strengths=d.get("strengths"),
        to_develop=d.get("to_develop"),
        observations=d.get("observations"),
    )


def _committee(r: Record) -> Committee:
    d = r.data
    return Committee(
        path=r.path,
        id=d["id"],
        fiscal_year=d["fiscal_year"],
        kind=d["kind"],
        members=tuple(Member(m["person"], m["role"]) for m in d["members"]),
        assessees=tuple(d["assessees"]),
    )


def _application(r: Record) -> Application:
    d = r.data
    history = tuple(
        StatusChange(h["status"], _day(h["date"]), h["by"], h.get("reason")) for h in d["history"]
    )
    if not history:
        raise ValueError("empty history")
    return Application(r.path, d["id"], d["person"], d["standing"], history)


def _survey(r: Record) -> Survey:
    d = r.data
    questions = tuple(Question(q["code"], q["text"], tuple(q["counts"])) for q in d["questions"])
    return Survey(r.path, d["fiscal_year"], d["round"], d["scale_max"], questions)


# (path, Git blob id, aspects) → what the record converted to in the last build: the model
# objects are immutable, so a record whose file did not change is not converted again.
_converted: dict[tuple, object] = {}


def build_model(corpus: Corpus, forms) -> Model:
    """Convert every loaded record; skip (and list) the ones too broken to read."""
    global _converted
    skipped: list[str] = []
    aspects = tuple(a.code for a in forms.induction.aspects)
    before, kept = _converted, {}

    def convert(kind: str, make) -> list:
        out = []
        for record in corpus.of(kind):
            blob = corpus.blobs.get(record.path)
            key = (record.path, blob, aspects) if blob else None
            made = before.get(key) if key else None
            if made is None:
                try:
                    made = make(record)
                except (KeyError, TypeError, ValueError, AttributeError):
                    skipped.append(record.path)
                    continue
            if key:
                kept[key] = made
            out.append(made)
        return out

    office_record = corpus.office
    office = None
    if office_record is not None:
        try:
            office = _office(office_record.data)
        except (KeyError, TypeError, ValueError, AttributeError):
            skipped.append(office_record.path)
    model = Model(
        office=office,
        schools=_frozen({s.id: s for s in convert("school", _school)}),
        people=_frozen({p.id: p for p in convert("person", _person)}),
        agreements=_frozen(
            {(a.person, a.fiscal_year): a for a in convert("agreement", _agreement)}
        ),
        progress=_frozen({(p.person, p.fiscal_year): p for p in convert("progress", _progress)}),
        reviews=tuple(convert("review", _review)),
        evaluations=tuple(convert("evaluation", _evaluation)),
        induction=tuple(convert("induction", lambda r: _induction(r, aspects))),
        committees=tuple(convert("committee", _committee)),
        applications=tuple(convert("application", _application)),
        surveys=_frozen({(s.fiscal_year, s.round): s for s in convert("survey", _survey)}),
        skipped=tuple(sorted(skipped)),
    )
    _converted = kept
    return model

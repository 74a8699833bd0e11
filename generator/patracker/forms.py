"""Forms and scoring rules as data: the typed view of ``schemas/forms/*.yaml``.

The validator, the domain engine, the pages and the printable forms all read these
objects, so adding or correcting a form is an edit to a YAML file, never to code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .load import read_file
from .locate import with_marks
from .problems import Problem, ProblemError
from .schemas import SchemaSet


@dataclass(frozen=True, slots=True)
class Item:
    code: str
    title: str
    max: float | None = None


@dataclass(frozen=True, slots=True)
class Aspect:
    code: str
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class AgreementForm:
    id: str
    code: str
    title: str
    circular: str
    positions: tuple[str, ...]
    challenges: int
    target_groups: bool
    aspects: tuple[Aspect, ...]
    # worked out once: the validator and the engine ask for them for every record
    indicators: tuple[Item, ...] = field(init=False, repr=False, compare=False)
    codes: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        indicators = tuple(item for aspect in self.aspects for item in aspect.items)
        object.__setattr__(self, "indicators", indicators)
        object.__setattr__(self, "codes", tuple(item.code for item in indicators))


@dataclass(frozen=True, slots=True)
class Weighted:
    key: str
    title: str
    weight: float


@dataclass(frozen=True, slots=True)
class PA2Scoring:
    max_level: int
    part1_weight: float
    part2: tuple[Weighted, ...]
    levels: dict[int, str]


@dataclass(frozen=True, slots=True)
class Seat:
    """One seat of a ว26 committee: who may fill it (positions; empty = anyone) and whether
    from the teacher's own school (``same``) or from outside it (``outside``)."""

    role: str
    title: str
    positions: tuple[str, ...]
    school: str


@dataclass(frozen=True, slots=True)
class InductionForm:
    id: str
    code: str
    title: str
    positions: tuple[str, ...]
    evaluations: int
    months_between: int
    pass_percent: tuple[float, ...]
    notify_within_days: int
    summary_within_days: int
    appeal_working_days: int
    rules_since: str
    aspects: tuple[Aspect, ...]
    committee: tuple[Seat, ...] = ()

    def aspect(self, key: str) -> Aspect:
        return next(a for a in self.aspects if a.code == key)


@dataclass(frozen=True, slots=True)
class Band:
    key: str
    title: str
    min: float


@dataclass(frozen=True, slots=True)
class SalaryStep:
    components: tuple[Weighted, ...]
    bands: tuple[Band, ...]


@dataclass(frozen=True, slots=True)
class Status:
    key: str
    title: str
    open: bool
    next: tuple[str, ...]
    needs_reason: bool


@dataclass(frozen=True, slots=True)
class Workflow:
    start: tuple[str, ...]
    statuses: dict[str, Status]

    def allows(self, src: str | None, dst: str) -> bool:
        if src is None:
            return dst in self.start
        return dst in self.statuses[src].next


class Forms:
    """Every form file of a ``schemas/`` directory, checked against ``form.schema.json``."""

    def __init__(self, schemas: SchemaSet):
        self.schemas = schemas
        self.directory = schemas.directory / "forms"
        self.raw: dict[str, dict] = {}
        problems: list[Problem] = []
        for path in sorted(self.directory.glob("*.yaml")):
            name = f"schemas/forms/{path.name}"
            try:
                loaded = read_file(path, name)
                problems.extend(loaded.problems)
                data = schemas.coerce("form", loaded.data)
            except ProblemError as exc:
                problems.extend(exc.problems)
                continue
            problems.extend(with_marks(schemas.check("form", data, name), loaded.marks))
            self.raw[path.stem] = data
        if problems:
            raise ProblemError(problems)

    def _of_kind(self, kind: str) -> list[dict]:
        return [data for data in self.raw.values() if data["kind"] == kind]

    def _one(self, kind: str) -> dict:
        (found,) = self._of_kind(kind)
        return found

    @cached_property
    def agreement_forms(self) -> dict[str, AgreementForm]:
        return {data["id"]: _agreement_form(data) for data in self._of_kind("agreement-form")}

    def form_for(self, position: str) -> AgreementForm | None:
        """The agreement form a position fills in; None when the position does no PA."""
        for form in self.agreement_forms.values():
            if position in form.positions:
                return form
        return None

    @cached_property
    def pa_positions(self) -> frozenset[str]:
        return frozenset(p for form in self.agreement_forms.values() for p in form.positions)

    @cached_property
    def pa2(self) -> PA2Scoring:
        data = self._one("pa2-scoring")
        return PA2Scoring(
            max_level=data["max_level"],
            part1_weight=data["part1_weight"],
            part2=tuple(Weighted(p["key"], p["title"], p["weight"]) for p in data["part2"]),
            levels={lv["level"]: lv["title"] for lv in data["levels"]},
        )

    @cached_property
    def expected_levels(self) -> dict[str, str]:
        return dict(self._one("expected-levels")["standings"])

    @cached_property
    def induction(self) -> InductionForm:
        data = self._one("induction-form")
        return InductionForm(
            id=data["id"],
            code=data["code"],
            title=data["title"],
            positions=tuple(data["positions"]),
            evaluations=data["evaluations"],
            months_between=data["months_between"],
            pass_percent=tuple(data["pass_percent"]),
            notify_within_days=data["notify_within_days"],
            summary_within_days=data["summary_within_days"],
            appeal_working_days=data["appeal_working_days"],
            rules_since=data["rules_since"],
            aspects=tuple(_aspect(a, code_key="key", items_key="items") for a in data["aspects"]),
            committee=tuple(
                Seat(role, s["title"], tuple(s.get("positions", ())), s["school"])
                for role, s in data.get("committee", {}).items()
            ),
        )

    @cached_property
    def salary_step(self) -> SalaryStep:
        data = self._one("salary-step")
        return SalaryStep(
            components=tuple(
                Weighted(c["key"], c["title"], c["weight"]) for c in data["components"]
            ),
            bands=tuple(
                sorted(
                    (Band(b["key"], b["title"], b["min"]) for b in data["bands"]),
                    key=lambda b: -b.min,
                )
            ),
        )

    @cached_property
    def workflow(self) -> Workflow:
        data = self._one("workflow")
        return Workflow(
            start=tuple(data["start"]),
            statuses={
                key: Status(
                    key, s["title"], s["open"], tuple(s["next"]), s.get("needs_reason", False)
                )
                for key, s in data["statuses"].items()
            },
        )


def _aspect(data: dict, code_key: str = "code", items_key: str = "indicators") -> Aspect:
    return Aspect(
        code=str(data[code_key]),
        title=data["title"],
        items=tuple(Item(i["code"], i["title"], i.get("max")) for i in data[items_key]),
    )


def _agreement_form(data: dict) -> AgreementForm:
    return AgreementForm(
        id=data["id"],
        code=data["code"],
        title=data["title"],
        circular=data.get("circular", ""),
        positions=tuple(data["positions"]),
        challenges=data["challenges"],
        target_groups=data["target_groups"],
        aspects=tuple(_aspect(a) for a in data["aspects"]),
    )


def load_forms(schemas_dir: Path) -> Forms:
    return Forms(SchemaSet(schemas_dir))

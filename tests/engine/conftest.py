"""Small factories for engine tests: model objects built in memory, rules from the real forms."""

from __future__ import annotations

import datetime as dt

import pytest

from patracker.forms import load_forms
from patracker.model import (
    Agreement,
    Application,
    ClosedDay,
    Committee,
    Evaluation,
    InductionEvaluation,
    KpiTargets,
    Member,
    Model,
    Office,
    Person,
    Progress,
    ProgressEntry,
    Question,
    Review,
    Round,
    Rules,
    School,
    StatusChange,
    Survey,
)
from patracker.project import SOURCE_ROOT

FORMS = load_forms(SOURCE_ROOT / "schemas")
TEACHER_CODES = FORMS.agreement_forms["teacher"].codes
D = dt.date


@pytest.fixture(scope="session")
def forms():
    return FORMS


def rounds_2569() -> tuple[Round, ...]:
    return (
        Round(
            2569,
            1,
            D(2025, 10, 1),
            D(2026, 3, 31),
            {
                "agreement": D(2025, 10, 31),
                "review": D(2025, 11, 30),
                "progress": D(2026, 2, 15),
                "evaluation": D(2026, 3, 31),
            },
        ),
        Round(2569, 2, D(2026, 4, 1), D(2026, 9, 30), {"evaluation": D(2026, 9, 30)}),
    )


def office(pass_percent: float = 70, closed: tuple[tuple[dt.date, str], ...] = ()) -> Office:
    return Office(
        id="test-office",
        name="สำนักงานทดสอบ",
        short_name="สพท.ทดสอบ",
        province="ทดสอบ",
        hr=("hr-1",),
        rounds=rounds_2569(),
        rules=Rules(
            pass_percent=pass_percent,
            min_weekly_hours=20,
            due_soon_days=7,
            closed_days=tuple(ClosedDay(d, n) for d, n in closed),
        ),
        kpi_targets=KpiTargets(
            registered=95, committee_use=100, reports_per_round=1, satisfaction=85
        ),
    )


def person(
    ident: str,
    position: str = "teacher",
    standing: str = "professional",
    school: str | None = "s1",
    appointed: dt.date = D(2015, 5, 1),
    left: dt.date | None = None,
) -> Person:
    return Person(ident, "นาย", ident, "ทดสอบ", position, standing, appointed, school, None, left)


def agreement(who: str, status: str = "approved", fy: int = 2569, submitted=D(2025, 10, 10)):
    return Agreement(
        path=f"people/{who}/{fy}/agreement.yaml",
        person=who,
        fiscal_year=fy,
        form="teacher",
        status=status,
        codes=TEACHER_CODES,
        challenges=1,
        submitted=None if status == "draft" else submitted,
        approved_by="dir" if status in ("approved", "returned") else None,
        decided=D(2025, 10, 15) if status in ("approved", "returned") else None,
        weekly_hours=22,
    )


def evaluation(
    who: str,
    member: str,
    part1=3,
    part2=3,
    *,
    rnd: int = 1,
    fy: int = 2569,
    final: bool = True,
    gate: bool = True,
    day: dt.date = D(2026, 3, 10),
    amend: int | None = None,
    amends: str | None = None,
) -> Evaluation:
    """``part1``/``part2`` are one level for every item or a dict of levels."""
    levels1 = part1 if isinstance(part1, dict) else dict.fromkeys(TEACHER_CODES, part1)
    keys = ("methods", "quantitative", "qualitative")
    levels2 = part2 if isinstance(part2, dict) else dict.fromkeys(keys, part2)
    suffix = f"-amend{amend}" if amend else ""
    return Evaluation(
        path=f"people/{who}/{fy}/evaluations/r{rnd}-{member}{suffix}.yaml",
        person=who,
        fiscal_year=fy,
        round=rnd,
        member=member,
        date=day,
        workload_ok=gate,
        part1=levels1,
        part2=levels2,
        final=final,
        amend=amend,
        amends=amends,
        reason="แก้ไข" if amends else None,
    )


def committee(
    ident: str,
    assessees: tuple[str, ...],
    members: tuple[str, ...] = ("m1", "m2", "m3"),
    fy: int = 2569,
    kind: str = "pa",
) -> Committee:
    roles = ("chair", "member", "member") if kind == "pa" else ("chair", "mentor", "expert")
    roles += ("member",) * (len(members) - len(roles))
    return Committee(
        path=f"committees/{fy}/{ident}.yaml",
        id=ident,
        fiscal_year=fy,
        kind=kind,
        members=tuple(Member(m, r) for m, r in zip(members, roles, strict=False)),
        assessees=tuple(assessees),
    )


def review(who: str, member: str, day: dt.date = D(2025, 11, 1), fy: int = 2569) -> Review:
    return Review(f"people/{who}/{fy}/reviews/{member}.yaml", who, fy, member, day, "accepted")


def progress(who: str, *days: dt.date, fy: int = 2569) -> Progress:
    return Progress(
        f"people/{who}/{fy}/progress.yaml", who, fy, tuple(ProgressEntry(d, "1.1", 1) for d in days)
    )


def induction(who: str, n: int, member: str, conduct: float, work: float, **kw):
    """A ว26 record whose aspect totals are ``conduct`` and ``work`` points (of 50 each)."""
    return InductionEvaluation(
        path=f"people/{who}/induction/e{n}-{member}.yaml",
        person=who,
        number=n,
        member=member,
        date=kw.get("day", D(2026, 4, 1)),
        scores={"conduct": {"1.1": conduct}, "work": {"2.1": work}},
        final=kw.get("final", True),
        notified=kw.get("notified"),
    )


def application(ident: str, who: str, *steps, standing: str = "senior-professional"):
    """``steps`` are (status, date) or (status, date, reason)."""
    history = tuple(StatusChange(s[0], s[1], who, s[2] if len(s) > 2 else None) for s in steps)
    return Application(f"applications/{ident}.yaml", ident, who, standing, history)


def survey(counts: tuple[int, ...], scale_max: int = 5, fy: int = 2569, rnd: int = 1) -> Survey:
    return Survey(
        f"surveys/{fy}-r{rnd}.yaml", fy, rnd, scale_max, (Question("q1", "พึงพอใจ", counts),)
    )


def make_model(
    *,
    people=(),
    schools=(School("s1", "โรงเรียนหนึ่ง", "อำเภอหนึ่ง"), School("s2", "โรงเรียนสอง", "อำเภอสอง")),
    agreements=(),
    progress=(),
    reviews=(),
    evaluations=(),
    induction=(),
    committees=(),
    applications=(),
    surveys=(),
    the_office: Office | None = None,
) -> Model:
    return Model(
        office=the_office or office(),
        schools={s.id: s for s in schools},
        people={p.id: p for p in people},
        agreements={(a.person, a.fiscal_year): a for a in agreements},
        progress={(p.person, p.fiscal_year): p for p in progress},
        reviews=tuple(reviews),
        evaluations=tuple(evaluations),
        induction=tuple(induction),
        committees=tuple(committees),
        applications=tuple(applications),
        surveys={(s.fiscal_year, s.round): s for s in surveys},
    )

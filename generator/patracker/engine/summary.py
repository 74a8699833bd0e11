"""PA 3: the round result of one assessee from their committee's evaluations (DOMAIN.md §5).

Pass means every committee member's total reaches the office ``pass_percent``; one member
below is a fail, one member missing is "awaiting". An amendment replaces the evaluation
it amends, so the result always reads the latest word of each member.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from functools import partial

from ..model import Evaluation
from .exact import exact, mean
from .scoring import Item, Score, score_evaluation, weak_items

STATES: dict[str, str] = {
    "no-agreement": "ยังไม่มีข้อตกลง (PA 1)",
    "agreement-not-approved": "ข้อตกลงยังไม่ได้รับความเห็นชอบ",
    "no-committee": "ยังไม่มีคณะกรรมการประเมิน",
    "awaiting": "รอผลการประเมิน",
    "passed": "ผ่าน",
    "failed": "ไม่ผ่าน",
}
AMENDED_LABEL = "มีการแก้ไขผลการประเมิน"


@dataclass(frozen=True, slots=True)
class MemberResult:
    member: str
    role: str | None
    evaluation: Evaluation | None  # in force (after amendments), or None
    score: Score | None  # only for a final evaluation
    replaced: tuple[str, ...] = ()  # paths of evaluations an amendment superseded

    @property
    def status(self) -> str:
        """final | draft | missing."""
        if self.evaluation is None:
            return "missing"
        return "final" if self.evaluation.final else "draft"


@dataclass(frozen=True, slots=True)
class RoundSummary:
    person: str
    fiscal_year: int
    round: int
    state: str
    threshold: Fraction
    members: tuple[MemberResult, ...] = ()
    lowest: MemberResult | None = None
    weak: tuple[Item, ...] = ()

    @property
    def scored(self) -> tuple[tuple[MemberResult, Score], ...]:
        """Each member whose final evaluation is in, with its score."""
        return tuple((m, m.score) for m in self.members if m.score is not None)

    @property
    def missing(self) -> tuple[str, ...]:
        """Members whose final evaluation is not in yet (drafts count as missing)."""
        return tuple(m.member for m in self.members if m.score is None)

    @property
    def filed(self) -> tuple:
        """Members with an evaluation in force, final or draft: each has a PA 2 to print."""
        return tuple(m for m in self.members if m.evaluation is not None)

    @property
    def mean(self) -> Fraction | None:
        return mean(score.total for _, score in self.scored)

    @property
    def passed(self) -> bool | None:
        return {"passed": True, "failed": False}.get(self.state)

    @property
    def gate_failed(self) -> tuple[str, ...]:
        """Members whose final evaluation found the workload below the minimum: the cause
        of the fail, before any indicator (no gate, no scoring)."""
        return tuple(m.member for m, score in self.scored if not score.gate_ok)

    @property
    def amended(self) -> bool:
        return any(m.replaced for m in self.members)

    @property
    def label(self) -> str:
        text = STATES[self.state]
        return f"{text} ({AMENDED_LABEL})" if self.amended else text


def in_force(evaluations: Iterable[Evaluation]) -> dict[str, tuple[Evaluation, tuple[str, ...]]]:
    """member → (the evaluation in force, paths it replaced), following ``amends`` links."""
    evaluations = list(evaluations)
    superseded = {e.amends for e in evaluations if e.amends}
    out: dict[str, tuple[Evaluation, tuple[str, ...]]] = {}
    for member in dict.fromkeys(e.member for e in evaluations):
        own = [e for e in evaluations if e.member == member]
        live = [e for e in own if e.filename not in superseded]
        current = max(live or own, key=lambda e: e.amend or 0)
        replaced = tuple(e.path for e in own if e is not current and e.filename in superseded)
        out[member] = (current, replaced)
    return out


def summarize(
    person: str,
    fiscal_year: int,
    round_: int,
    *,
    agreement,
    committee,
    evaluations: Iterable,
    forms,
    pass_percent: float,
    form=None,
) -> RoundSummary:
    """The PA 3 result from explicit inputs; ``round_summary`` fetches them from a model."""
    result = partial(RoundSummary, person, fiscal_year, round_, threshold=exact(pass_percent))
    if agreement is None:
        return result(state="no-agreement")
    if agreement.status != "approved":
        return result(state="agreement-not-approved")
    if committee is None:
        return result(state="no-committee")
    found = in_force(evaluations)
    members = tuple(
        _member_result(m.person, m.role, found.get(m.person), forms.pa2, form)
        for m in committee.members
    )
    scored = [(m, m.score) for m in members if m.score is not None]
    lowest = min(scored, key=lambda found: found[1].total, default=None)
    weak: tuple[Item, ...] = ()
    # a failed workload gate is the cause itself: no indicator pulled that total down
    if lowest is not None and lowest[1].gate_ok:
        weak = weak_items(lowest[1], forms.pa2, pass_percent)
    state = verdict([m.score for m in members], pass_percent)
    return result(state=state, members=members, lowest=lowest[0] if lowest else None, weak=weak)


def verdict(scores: Iterable[Score | None], pass_percent) -> str:
    """The PA 3 rule on each member's score (None: their final evaluation is not in):
    awaiting until every member's is in, then passed when every one reaches
    ``pass_percent`` (compared exactly), else failed. The change summary of a pull
    request (``history.summary``) asks this too, so the rule lives once."""
    given = list(scores)
    found = [s for s in given if s is not None]
    if len(found) < len(given):
        return "awaiting"
    return "passed" if all(s.reaches(pass_percent) for s in found) else "failed"


def _member_result(member, role, found, pa2, form) -> MemberResult:
    if found is None:
        return MemberResult(member, role, None, None)
    evaluation, replaced = found
    result = score_evaluation(evaluation, pa2, form) if evaluation.final else None
    return MemberResult(member, role, evaluation, result, replaced)


def round_summary(model, forms, person: str, fiscal_year: int, round_: int) -> RoundSummary:
    """PA 3 of one assessee for one round, read from the model and the office rules."""
    who = model.people.get(person)
    return summarize(
        person,
        fiscal_year,
        round_,
        agreement=model.agreements.get((person, fiscal_year)),
        committee=model.pa_committee_of.get((person, fiscal_year)),
        evaluations=model.evaluations_of.get((person, fiscal_year, round_), ()),
        forms=forms,
        pass_percent=model.office.rules.pass_percent,
        form=forms.form_for(who.position) if who else None,
    )


def assessees(model, forms, fiscal_year: int, round_: int | None = None) -> tuple[str, ...]:
    """Everyone who owes a PA in the year (or round): PA positions active in it, or on a
    PA committee's list. Assistant teachers are on the ว26 track instead."""
    span = model.office.rounds_of(fiscal_year) if model.office else ()
    if round_ is not None:
        span = tuple(r for r in span if r.round == round_)
    out = {
        p.id
        for p in model.people.values()
        if p.position in forms.pa_positions and any(_active(p, r) for r in span)
    }
    out |= {person for (person, fy) in model.pa_committee_of if fy == fiscal_year}
    return tuple(sorted(out))


def _active(person, rnd) -> bool:
    return person.appointed <= rnd.end and (person.left is None or person.left >= rnd.start)


def round_summaries(
    model, forms, fiscal_year: int, round_: int, known=None
) -> tuple[RoundSummary, ...]:
    """Every assessee's result of the round; worked out once per model (pages, reports and
    aggregates all ask). ``known(person)`` may give a result known to be current (carried
    from an earlier build), or None to have it worked out."""

    def work() -> tuple[RoundSummary, ...]:
        return tuple(
            (known and known(p)) or round_summary(model, forms, p, fiscal_year, round_)
            for p in assessees(model, forms, fiscal_year, round_)
        )

    return model.memo(("round_summaries", id(forms), fiscal_year, round_), work)

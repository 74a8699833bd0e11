"""PA 2: one committee member's score, from levels to points (DOMAIN.md §5).

Part 1 is the sum of indicator levels scaled to ``part1_weight`` (15 indicators at level
4 = 60 points; a form with another count scales the same way), each Part 2 item is its
level scaled to its weight. Weights and the level range come from ``forms.pa2``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

from .exact import exact


class Item(NamedTuple):
    """One rated line: an indicator code or a Part 2 key, with its points."""

    code: str
    level: int | None
    points: Fraction
    weight: Fraction


@dataclass(frozen=True, slots=True)
class Score:
    part1: Fraction
    part2: Fraction
    total: Fraction
    maximum: Fraction
    gate_ok: bool  # the workload gate: no gate, no scoring (total is then 0)
    rated: tuple[tuple[str, int | None, Fraction], ...]  # (code or key, level, weight) in order
    top: int  # the highest level

    @property
    def items(self) -> tuple[Item, ...]:
        """Each rated line with its points. Made when asked: an office's round results need
        only the totals of some thirty thousand PA 2, the pages only a few lines each."""
        return tuple(
            Item(code, level, _points(level, weight, self.top, self.gate_ok), weight)
            for code, level, weight in self.rated
        )

    @property
    def percent(self) -> Fraction:
        return 100 * self.total / self.maximum if self.maximum else Fraction(0)

    def reaches(self, pass_percent) -> bool:
        """Whether this member's total reaches the pass mark, compared exactly."""
        return self.percent >= exact(pass_percent)


def _points(level: int | None, weight: Fraction, top: int, gate_ok: bool) -> Fraction:
    return Fraction(0) if level is None or not gate_ok else Fraction(level, top) * weight


def maximum(pa2) -> Fraction:
    return exact(pa2.part1_weight) + sum((exact(p.weight) for p in pa2.part2), Fraction(0))


def score(
    part1: Mapping[str, int],
    part2: Mapping[str, int],
    pa2,
    codes: tuple[str, ...] | None = None,
    gate_ok: bool = True,
) -> Score:
    """Score levels; ``codes`` are the form's indicators (a missing one counts as 0)."""
    codes = tuple(part1) if codes is None else codes
    per_indicator = exact(pa2.part1_weight) / len(codes) if codes else Fraction(0)
    rated = [(code, part1.get(code), per_indicator) for code in codes]
    rated += [(w.key, part2.get(w.key), exact(w.weight)) for w in pa2.part2]
    top = pa2.max_level
    points = [_points(level, weight, top, gate_ok) for _, level, weight in rated]
    first = sum(points[: len(codes)], Fraction(0))
    second = sum(points[len(codes) :], Fraction(0))
    return Score(first, second, first + second, maximum(pa2), gate_ok, tuple(rated), top)


def score_evaluation(evaluation, pa2, form=None) -> Score:
    """Score a ``model.Evaluation`` against its assessee's agreement form (if known)."""
    return score(
        evaluation.part1,
        evaluation.part2,
        pa2,
        codes=form.codes if form is not None else None,
        gate_ok=evaluation.workload_ok,
    )


def weak_items(result: Score, pa2, pass_percent) -> tuple[Item, ...]:
    """Items whose own level falls below the pass share: the ones pulling the total down.

    With 4 levels and a 70 % pass mark that is level 2 and 1: the rule follows the data.
    """
    mark = exact(pass_percent)
    return tuple(
        i for i in result.items if i.level is None or Fraction(100 * i.level, pa2.max_level) < mark
    )


def item_title(code: str, pa2, form=None) -> str:
    """A rated line in Thai: ``2.1 <indicator title>`` (from the assessee's agreement form),
    or ``ประเด็นท้าทาย: <title>`` for a Part 2 item — never the key ``quantitative``."""
    part2 = next((p.title for p in pa2.part2 if p.key == code), None)
    if part2:
        return f"ประเด็นท้าทาย: {part2}"
    title = next((i.title for i in form.indicators if i.code == code), "") if form else ""
    return f"{code} {title}".strip()


def expected_level(standing: str, forms) -> str:
    """The level of practice a standing is judged against (forms/expected-levels.yaml)."""
    return forms.expected_levels.get(standing, "-")


def workload_gate(agreement, rules) -> bool | None:
    """Whether the PA 1 weekly hours meet the office minimum; None when not declared."""
    if agreement is None or agreement.weekly_hours is None:
        return None
    return exact(agreement.weekly_hours) >= exact(rules.min_weekly_hours)

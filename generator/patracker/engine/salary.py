"""Salary-step evaluation per round (DOMAIN.md §7): weighted components and bands.

The components (80 performance from PA + 10 participation + 10 discipline) and the bands
come from ``forms.salary_step``; each component is given as a percentage of its weight.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from .exact import exact


@dataclass(frozen=True, slots=True)
class SalaryResult:
    points: dict[str, Fraction]  # component key → exact points out of its weight
    total: Fraction
    band: str  # band key
    band_title: str


def band_of(total, salary_step) -> tuple[str, str]:
    """The highest band whose minimum ``total`` reaches (bands are sorted high → low),
    compared exactly: 79.99 is ดี, and 80 made of 60 + 10 + 10 is ดีมาก."""
    for band in salary_step.bands:
        if exact(total) >= exact(band.min):
            return band.key, band.title
    lowest = salary_step.bands[-1]
    return lowest.key, lowest.title


def salary_score(percent: Mapping, salary_step) -> SalaryResult:
    """Combine component percentages (0–100, e.g. performance = the PA 3 mean %) into points.

    A component left out scores 0, so a missing input can never raise a band.
    """
    points = {
        c.key: max(Fraction(0), min(Fraction(100), exact(percent.get(c.key, 0))))
        / 100
        * exact(c.weight)
        for c in salary_step.components
    }
    total = sum(points.values(), Fraction(0))
    key, title = band_of(total, salary_step)
    return SalaryResult(points, total, key, title)

"""Exact numbers for every comparison with a threshold (ว26, PA 2, salary bands, KPIs).

Binary floats make 6.1 + 6.1 + 7.1 + 7.9 + 7.8 = 34.999…, so an assistant teacher at
exactly 70 % would fail. The engine therefore works in ``fractions.Fraction``: a number
from a record or a form becomes the fraction its decimal text says (``exact``), sums and
means stay exact, and a figure is only rounded when shown (``floor``), always downwards,
so a shown figure never crosses a threshold the exact value did not (59.99… % shows as
59.9 %, never 60.0 %).
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

Number = int | float | Decimal | Fraction


def exact(value: Number) -> Fraction:
    """The exact value a record or form wrote. YAML text such as ``6.1`` is read as a
    float whose shortest ``repr`` is that same text (any decimal of at most 15 significant
    digits round-trips), so ``Fraction(repr(x))`` is 61/10, not the binary approximation."""
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


def mean(values) -> Fraction | None:
    """The exact mean of ``values`` (None for none)."""
    found = [exact(v) for v in values]
    return sum(found, Fraction(0)) / len(found) if found else None


def floor(value: Number, digits: int) -> Decimal:
    """``value`` cut (towards minus infinity) to ``digits`` decimals, for display."""
    scaled = math.floor(exact(value) * 10**digits)
    return Decimal(scaled).scaleb(-digits)


def reaches(value: Number | None, threshold: Number) -> bool | None:
    """``value >= threshold``, exactly; None when there is no value."""
    return None if value is None else exact(value) >= exact(threshold)

"""The change summary of a pull request gives the engine's PA 3 verdict (issue 18): the
pass rule lives once, in ``engine.summary.verdict``, compared exactly."""

from __future__ import annotations

import pytest

from patracker.engine.summary import verdict
from patracker.history.summary import _round_state, _score
from patracker.project import SOURCE_ROOT, Project

PROJECT = Project.at(SOURCE_ROOT / "records")
CODES = PROJECT.forms.agreement_forms["teacher"].codes


def pa2(level1: int, level2: int, gate: bool = True, final: bool = True) -> dict:
    return {
        "workload_ok": gate,
        "final": final,
        "part1": {code: {"level": level1} for code in CODES},
        "part2": {k: {"level": level2} for k in ("methods", "quantitative", "qualitative")},
    }


@pytest.mark.parametrize(
    ("members", "state", "lowest"),
    [
        # 15 × level 3 = 45 of 60, Part 2 level 3 = 30 of 40 → 75 each: passed
        ([pa2(3, 3)] * 3, "passed", 75.0),
        # one member: 15 × level 2 = 30 + Part 2 level 4 = 40 → exactly 70 = the mark: passed
        ([pa2(3, 3), pa2(3, 3), pa2(2, 4)], "passed", 70.0),
        # 15 × 2 = 30 + Part 2 level 3 = 30 → 60 < 70: failed
        ([pa2(3, 3), pa2(3, 3), pa2(2, 3)], "failed", 60.0),
        # a failed workload gate scores 0 (shown as no total): failed
        ([pa2(3, 3), pa2(3, 3), pa2(3, 3, gate=False)], "failed", 75.0),
        # two final, one draft: still awaited
        ([pa2(3, 3), pa2(3, 3), pa2(1, 1, final=False)], "awaiting", 75.0),
    ],
)
def test_the_change_summary_asks_the_engine(members, state, lowest):
    found = {f"m{i}": (data, _score(PROJECT, data)) for i, data in enumerate(members)}
    assert _round_state(found, 70) == (state, lowest)
    finals = [s for data, s in found.values() if data["final"]]
    if len(finals) == 3:
        assert verdict(finals, 70) == state  # the same rule, from the engine

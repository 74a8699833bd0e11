"""PA 2 scoring: hand-computed totals, scaling for other indicator counts, the gate."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from patracker.engine.scoring import expected_level, score, weak_items, workload_gate
from patracker.forms import PA2Scoring, Weighted

from .conftest import FORMS, TEACHER_CODES, agreement

PA2 = FORMS.pa2
SUPERVISOR = FORMS.agreement_forms["supervisor"].codes


def levels(*pairs: tuple[int, int], codes=TEACHER_CODES) -> dict[str, int]:
    """(count, level) pairs in order over the codes: levels((14, 3), (1, 2))."""
    flat = [level for count, level in pairs for _ in range(count)]
    assert len(flat) == len(codes)
    return dict(zip(codes, flat, strict=True))


def p2(methods: int, quantitative: int, qualitative: int) -> dict[str, int]:
    return {"methods": methods, "quantitative": quantitative, "qualitative": qualitative}


@pytest.mark.parametrize(
    ("part1", "part2", "expected_part1", "expected_total"),
    [
        (levels((15, 4)), p2(4, 4, 4), 60, 100),
        (levels((15, 3)), p2(3, 3, 3), 45, 75),
        (levels((15, 1)), p2(1, 1, 1), 15, 25),
        # 14×3 + 1×2 = 44 of 60 → 44; methods 3/4×20 = 15, 2/4×10 = 5, 4/4×10 = 10
        (levels((14, 3), (1, 2)), p2(3, 2, 4), 44, 74),
        # exactly 70: Part 1 sum 40 → 40 points; 20 + 5 + 5
        (levels((10, 3), (5, 2)), p2(4, 2, 2), 40, 70),
        # 69: one level less in Part 1 (sum 39 → 39 points)
        (levels((9, 3), (6, 2)), p2(4, 2, 2), 39, 69),
    ],
)
def test_teacher_totals(part1, part2, expected_part1, expected_total):
    result = score(part1, part2, PA2, codes=TEACHER_CODES)
    assert result.part1 == pytest.approx(expected_part1)
    assert result.total == pytest.approx(expected_total)
    assert result.percent == pytest.approx(expected_total)
    assert result.maximum == 100


@pytest.mark.parametrize(("level", "expected_part1"), [(4, 60), (3, 45), (2, 30)])
def test_other_indicator_counts_scale_to_the_part1_weight(level, expected_part1):
    assert len(SUPERVISOR) != 15
    result = score(dict.fromkeys(SUPERVISOR, level), p2(4, 4, 4), PA2, codes=SUPERVISOR)
    assert result.part1 == pytest.approx(expected_part1)


def test_a_missing_indicator_scores_zero():
    part1 = dict.fromkeys(TEACHER_CODES[:-1], 4)  # 14 of 15 at level 4 = 56 of 60
    result = score(part1, p2(4, 4, 4), PA2, codes=TEACHER_CODES)
    assert result.part1 == pytest.approx(56)
    assert [i.code for i in weak_items(result, PA2, 70)] == [TEACHER_CODES[-1]]


def test_failed_workload_gate_scores_nothing():
    result = score(levels((15, 4)), p2(4, 4, 4), PA2, codes=TEACHER_CODES, gate_ok=False)
    assert result.total == 0 and not result.gate_ok


def test_weights_come_from_the_form_data():
    custom = PA2Scoring(
        max_level=5,
        part1_weight=50,
        part2=(Weighted("methods", "วิธีการ", 50),),
        levels={},
    )
    result = score({"1.1": 5, "1.2": 0 + 5}, {"methods": 1}, custom)
    assert result.part1 == pytest.approx(50)
    assert result.part2 == pytest.approx(10)


def test_weak_items_are_the_levels_below_the_pass_share():
    part1 = levels((13, 3), (1, 2), (1, 1))
    result = score(part1, p2(3, 2, 4), PA2, codes=TEACHER_CODES)
    assert [i.code for i in weak_items(result, PA2, 70)] == ["3.2", "3.3", "quantitative"]
    # a stricter office (80 %) also flags level 3 (75 %)
    assert len(weak_items(result, PA2, 80)) == 17


@pytest.mark.parametrize(
    ("standing", "expected"),
    [
        ("none", "การปรับประยุกต์"),
        ("professional", "การแก้ไขปัญหา"),
        ("senior-professional", "การริเริ่ม พัฒนา"),
        ("expert", "การคิดค้น ปรับเปลี่ยน"),
        ("senior-expert", "การสร้างการเปลี่ยนแปลง"),
    ],
)
def test_expected_level_per_standing(standing, expected):
    assert expected_level(standing, FORMS) == expected


def test_workload_gate_against_office_minimum():
    from .conftest import office

    rules = office().rules  # minimum 20
    assert workload_gate(agreement("a"), rules) is True  # 22 hours
    assert workload_gate(None, rules) is None


@given(
    st.lists(st.integers(1, 4), min_size=15, max_size=15),
    st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4)),
    st.booleans(),
)
def test_totals_stay_within_0_and_100(part1, part2, gate):
    result = score(
        dict(zip(TEACHER_CODES, part1, strict=True)), p2(*part2), PA2, TEACHER_CODES, gate
    )
    assert 0 <= result.total <= 100
    assert result.total == pytest.approx(result.part1 + result.part2)

"""PA 3: pass only when every member reaches the office threshold; states and amendments."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from patracker.engine.summary import round_summaries, round_summary, summarize

from .conftest import FORMS, TEACHER_CODES, agreement, committee, evaluation, make_model, person

# Part 1 levels giving exact totals with Part 2 at (4, 2, 2) = 30 points (see test_scoring).
AT_70 = dict(zip(TEACHER_CODES, [3] * 10 + [2] * 5, strict=True))  # 40 + 30 = 70
AT_69 = dict(zip(TEACHER_CODES, [3] * 9 + [2] * 6, strict=True))  # 39 + 30 = 69
P2 = {"methods": 4, "quantitative": 2, "qualitative": 2}


def run(evaluations, agreement_status="approved", with_committee=True, pass_percent=70):
    return summarize(
        "t1",
        2569,
        1,
        agreement=agreement("t1", agreement_status) if agreement_status else None,
        committee=committee("c", ("t1",)) if with_committee else None,
        evaluations=evaluations,
        forms=FORMS,
        pass_percent=pass_percent,
        form=FORMS.agreement_forms["teacher"],
    )


CASES = {
    "all 75 → passed": ([("m1", 3, 3), ("m2", 3, 3), ("m3", 3, 3)], "passed", 75.0, ()),
    "exactly 70 → passed": (
        [("m1", AT_70, P2), ("m2", 3, 3), ("m3", 3, 3)],
        "passed",
        (70 + 75 + 75) / 3,
        (),
    ),
    "one member at 69 → failed": (
        [("m1", 4, 4), ("m2", AT_69, P2), ("m3", 4, 4)],
        "failed",
        (100 + 69 + 100) / 3,
        (),
    ),
    "missing member → awaiting": ([("m1", 3, 3), ("m3", 3, 3)], "awaiting", 75.0, ("m2",)),
    "nobody yet → awaiting": ([], "awaiting", None, ("m1", "m2", "m3")),
}


@pytest.mark.parametrize(("rows", "state", "mean", "missing"), CASES.values(), ids=CASES.keys())
def test_round_states(rows, state, mean, missing):
    result = run([evaluation("t1", m, a, b) for m, a, b in rows])
    assert result.state == state
    assert result.missing == missing
    assert result.mean == (pytest.approx(mean) if mean is not None else None)


def test_failed_names_the_lowest_member_and_the_indicators():
    result = run(
        [
            evaluation("t1", "m1", 4, 4),
            evaluation("t1", "m2", AT_69, P2),
            evaluation("t1", "m3", 3, 3),
        ]
    )
    assert result.lowest.member == "m2"
    assert result.lowest.score.total == pytest.approx(69)
    assert [i.code for i in result.weak] == [*TEACHER_CODES[9:], "quantitative", "qualitative"]
    assert result.label == "ไม่ผ่าน"


def test_threshold_comes_from_the_office():
    rows = [evaluation("t1", m, 3, 3) for m in ("m1", "m2", "m3")]  # 75 each
    assert run(rows, pass_percent=75).state == "passed"
    assert run(rows, pass_percent=76).state == "failed"


def test_a_draft_evaluation_is_not_in_yet():
    result = run(
        [
            evaluation("t1", "m1", 3, 3),
            evaluation("t1", "m2", 3, 3),
            evaluation("t1", "m3", 3, 3, final=False),
        ]
    )
    assert result.state == "awaiting"
    assert result.missing == ("m3",)
    assert result.members[2].status == "draft"


def test_failed_workload_gate_fails_the_round():
    rows = [
        evaluation("t1", "m1", 4, 4, gate=False),
        evaluation("t1", "m2", 4, 4),
        evaluation("t1", "m3", 4, 4),
    ]
    result = run(rows)
    assert result.state == "failed" and result.lowest.member == "m1"


@pytest.mark.parametrize(
    ("status", "committee_exists", "state"),
    [
        (None, True, "no-agreement"),
        ("draft", True, "agreement-not-approved"),
        ("submitted", True, "agreement-not-approved"),
        ("returned", True, "agreement-not-approved"),
        ("approved", False, "no-committee"),
    ],
)
def test_states_before_evaluation(status, committee_exists, state):
    assert run([evaluation("t1", "m1", 4, 4)], status, committee_exists).state == state


def test_an_amendment_replaces_the_evaluation_it_amends():
    original = evaluation("t1", "m2", AT_69, P2)
    fixed = evaluation("t1", "m2", 3, 3, amend=1, amends="r1-m2.yaml")
    rows = [evaluation("t1", "m1", 3, 3), original, fixed, evaluation("t1", "m3", 3, 3)]
    result = run(rows)
    assert result.state == "passed"
    assert result.amended
    assert result.members[1].evaluation is fixed
    assert result.members[1].replaced == (original.path,)
    assert result.label == "ผ่าน (มีการแก้ไขผลการประเมิน)"


def test_a_chain_of_amendments_keeps_the_last():
    first = evaluation("t1", "m2", 3, 3)
    second = evaluation("t1", "m2", 4, 4, amend=1, amends="r1-m2.yaml")
    third = evaluation("t1", "m2", AT_69, P2, amend=2, amends="r1-m2-amend1.yaml")
    result = run([evaluation("t1", "m1", 3, 3), third, first, second, evaluation("t1", "m3", 3, 3)])
    assert result.members[1].evaluation is third
    assert result.state == "failed"


def test_round_summaries_from_the_model():
    model = make_model(
        people=[
            person("t1"),
            person("t2"),
            person("a1", position="assistant-teacher"),
            person("m1"),
            person("m2"),
            person("m3"),
        ],
        agreements=[agreement("t1")],
        committees=[committee("c", ("t1", "t2"))],
        evaluations=[evaluation("t1", m, 3, 3) for m in ("m1", "m2", "m3")],
    )
    results = {r.person: r.state for r in round_summaries(model, FORMS, 2569, 1)}
    assert results["t1"] == "passed"
    assert results["t2"] == "no-agreement"
    assert "a1" not in results  # assistant teachers follow ว26, not PA
    assert round_summary(model, FORMS, "t1", 2569, 2).state == "awaiting"


# --- properties -------------------------------------------------------------------------

LEVELS = st.lists(st.integers(1, 4), min_size=18, max_size=18)
MEMBERS = st.lists(LEVELS, min_size=3, max_size=3)


def from_levels(member: str, levels: list[int]):
    part1 = dict(zip(TEACHER_CODES, levels[:15], strict=True))
    part2 = dict(zip(("methods", "quantitative", "qualitative"), levels[15:], strict=True))
    return evaluation("t1", member, part1, part2)


def outcome(members: list[list[int]], names=("m1", "m2", "m3")):
    rows = [from_levels(n, lv) for n, lv in zip(names, members, strict=True)]
    return summarize(
        "t1",
        2569,
        1,
        agreement=agreement("t1"),
        committee=committee("c", ("t1",), names),
        evaluations=rows,
        forms=FORMS,
        pass_percent=70,
    )


@settings(max_examples=150)
@given(MEMBERS, st.integers(0, 2), st.integers(0, 17))
def test_pass_is_monotone_in_every_rating(members, who, item):
    before = outcome(members).passed
    raised = [list(m) for m in members]
    raised[who][item] = min(4, raised[who][item] + 1)
    after = outcome(raised).passed
    assert not (before and not after)
    lowered = [list(m) for m in members]
    lowered[who][item] = max(1, lowered[who][item] - 1)
    assert not (outcome(lowered).passed and not before)


@settings(max_examples=150)
@given(MEMBERS, LEVELS)
def test_adding_a_member_below_threshold_never_turns_fail_into_pass(members, extra):
    before = outcome(members)
    low = from_levels("m4", extra)
    after = summarize(
        "t1",
        2569,
        1,
        agreement=agreement("t1"),
        committee=committee("c", ("t1",), ("m1", "m2", "m3", "m4")),
        evaluations=[
            *(from_levels(n, lv) for n, lv in zip(("m1", "m2", "m3"), members, strict=True)),
            low,
        ],
        forms=FORMS,
        pass_percent=70,
    )
    low_total = after.members[3].score.total
    if low_total < 70:
        assert after.state == "failed"
    if before.state == "failed":
        assert after.state == "failed"

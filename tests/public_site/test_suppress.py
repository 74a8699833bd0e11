"""Small-count suppression: checked against brute force, not against its own reasoning.

For small tables we enumerate every table a reader could reconstruct from what is
published ("< 5" means 0–4, "ไม่เปิดเผย" means 5 or more, numbers are exact, totals are
sums) and require each protected figure to take at least two values among them.
"""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from patracker.suppress import HIDDEN_TEXT, SMALL_TEXT, Table

CAP = 24  # hidden cells are tried up to here: fewer candidates can only make the check stricter


def _allowed(text: str) -> range:
    if text == SMALL_TEXT:
        return range(0, 5)
    if text == HIDDEN_TEXT:
        return range(5, CAP + 1)
    value = int(text.replace(",", ""))
    return range(value, value + 1)


def _fits(text: str, value: int) -> bool:
    return value in _allowed(text) if text != HIDDEN_TEXT else value >= 5


def readers_tables(table: Table, rows: int, cols: int):
    """Every table consistent with the published view of ``table``."""
    ranges = [_allowed(table.text(i, j)) for i in range(rows) for j in range(cols)]
    for values in itertools.product(*ranges):
        grid = [values[i * cols : (i + 1) * cols] for i in range(rows)]
        if table.row_totals and not all(
            _fits(table.text(i, -1), sum(grid[i])) for i in range(rows)
        ):
            continue
        if table.col_totals and not all(
            _fits(table.text(-1, j), sum(r[j] for r in grid)) for j in range(cols)
        ):
            continue
        if (table.row_totals or table.col_totals) and not _fits(
            table.text(-1, -1) if table.col_totals else table.text(0, -1),
            sum(map(sum, grid)),
        ):
            continue
        yield grid


def assert_protected(cells: list[list[int]], col_totals: bool) -> Table:
    table = Table([list(r) for r in cells], col_totals=col_totals)
    rows, cols = len(cells), len(cells[0])
    candidates = list(readers_tables(table, rows, cols))
    assert cells in [[list(r) for r in c] for c in candidates]  # the truth is among them
    for i, j in itertools.product(range(rows), range(cols)):
        if table.text(i, j) in (SMALL_TEXT, HIDDEN_TEXT):
            assert len({c[i][j] for c in candidates}) > 1, (cells, i, j)
        else:
            assert int(table.text(i, j).replace(",", "")) >= 5
    for i in range(rows):
        if table.text(i, -1) in (SMALL_TEXT, HIDDEN_TEXT):
            assert len({sum(c[i]) for c in candidates}) > 1, (cells, "row", i)
    return table


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 12), min_size=2, max_size=4))
def test_no_protected_count_of_a_breakdown_can_be_worked_out(row: list[int]):
    assert_protected([row], col_totals=False)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.integers(0, 9), min_size=2, max_size=2), min_size=2, max_size=2))
def test_no_protected_count_of_a_two_way_table_can_be_worked_out(cells: list[list[int]]):
    assert_protected(cells, col_totals=True)


def test_two_small_counts_beside_large_ones_need_nothing_more():
    table = assert_protected([[120, 20, 3, 2, 5]], col_totals=False)
    assert [table.text(0, j) for j in range(6)] == ["120", "20", "< 5", "< 5", "5", "150"]


def test_one_small_count_hides_its_smallest_neighbour_too():
    table = assert_protected([[40, 9, 3]], col_totals=False)
    assert [table.text(0, j) for j in range(4)] == ["40", HIDDEN_TEXT, SMALL_TEXT, "52"]


def test_two_small_counts_that_must_both_be_four_are_not_published_with_their_total():
    table = assert_protected([[4, 4]], col_totals=False)
    assert table.text(0, -1) == HIDDEN_TEXT


def test_all_zero_is_not_given_away():
    table = assert_protected([[0, 0, 0]], col_totals=False)
    assert table.text(0, -1) == SMALL_TEXT

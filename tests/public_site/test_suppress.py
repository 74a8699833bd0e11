"""Small-count suppression: checked against brute force, not against its own reasoning.

For small tables we enumerate every table a reader could reconstruct from what is
published ("< 5" means 0–4, "ไม่เปิดเผย" means 5 or more, numbers are exact, totals are
sums) and require each protected figure to take at least two values among them.
"""

from __future__ import annotations

import itertools
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from patracker import suppress
from patracker.suppress import HIDDEN_TEXT, SMALL_TEXT, Table

CAP = 24  # hidden cells are tried up to here: fewer candidates can only make the check stricter


def _allowed(text: str, cap: int = CAP) -> range:
    """The counts a published cell's text allows: "< 5" any of 0-4, a hidden one 5 or more
    (tried up to ``cap``), a number itself."""
    if text == SMALL_TEXT:
        return range(0, 5)
    if text == HIDDEN_TEXT:
        return range(5, cap + 1)
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


# --- any shape, checked by an enumerator that prunes by line --------------------------------

WIDE = 12  # hidden counts are tried up to here (the tables below hold counts up to 9)


def _range(text: str) -> range:
    return _allowed(text, WIDE)


def _total_fits(text: str | None, value: int) -> bool:
    """Whether a line's sum agrees with its published total (None: not published)."""
    if text is None:
        return True
    return value >= 5 if text == HIDDEN_TEXT else value in _range(text)


def _published(table: Table, i: int, j: int) -> str | None:
    """The text of a total, or None when the table does not publish it."""
    return None if table.state[(i, j)] == "free" else table.text(i, j)


def recoverable(table: Table, rows: int, cols: int) -> list[str]:
    """Every protected figure of ``table`` a reader can work out exactly from what is
    published: all tables that agree with the published view are enumerated (row by row,
    keeping only rows that agree with their row total), and a protected cell, row total,
    column total or grand total that is the same in all of them is given away."""
    row_text = [_published(table, i, cols) for i in range(rows)]
    col_text = [_published(table, rows, j) for j in range(cols)]
    grand = _published(table, rows, cols)
    per_row = [
        [
            values
            for values in itertools.product(*(_range(table.text(i, j)) for j in range(cols)))
            if _total_fits(row_text[i], sum(values))
        ]
        for i in range(rows)
    ]
    seen: dict[str, set[int]] = {}
    for grid in itertools.product(*per_row):
        sums = [sum(row[j] for row in grid) for j in range(cols)]
        if not all(_total_fits(col_text[j], sums[j]) for j in range(cols)):
            continue
        if not _total_fits(grand, sum(sums)):
            continue
        figures = {f"cell {i},{j}": grid[i][j] for i in range(rows) for j in range(cols)}
        figures |= {f"row {i}": sum(grid[i]) for i in range(rows)}
        figures |= {f"column {j}": sums[j] for j in range(cols)}
        figures["grand"] = sum(sums)
        for name, value in figures.items():
            seen.setdefault(name, set()).add(value)
    protected = {f"cell {i},{j}": table.text(i, j) for i in range(rows) for j in range(cols)}
    protected |= {f"row {i}": row_text[i] for i in range(rows)}
    protected |= {f"column {j}": col_text[j] for j in range(cols)}
    protected["grand"] = grand
    assert seen, "the true table must agree with what is published"
    return sorted(
        name
        for name, text in protected.items()
        if text in (SMALL_TEXT, HIDDEN_TEXT) and len(seen[name]) < 2
    )


_SMALLISH = st.sampled_from([0, 0, 1, 2, 3, 4, 4, 5, 5, 6, 7, 9])


@st.composite
def tables(draw):
    rows = draw(st.integers(1, 3))
    cols = draw(st.integers(1, 6 // rows if rows > 1 else 5))
    cells = [[draw(_SMALLISH) for _ in range(cols)] for _ in range(rows)]
    return cells, draw(st.booleans()), draw(st.booleans())


@settings(max_examples=150, deadline=None)
@given(tables())
def test_no_suppressed_figure_of_a_small_random_table_can_be_recovered(shape):
    cells, row_totals, col_totals = shape
    table = Table([list(r) for r in cells], row_totals=row_totals, col_totals=col_totals)
    rows, cols = len(cells), len(cells[0])
    assert recoverable(table, rows, cols) == [], cells
    for i, j in itertools.product(range(rows), range(cols)):
        text = table.text(i, j)
        assert text in (SMALL_TEXT, HIDDEN_TEXT) or int(text.replace(",", "")) >= 5
        assert (text == SMALL_TEXT) == (cells[i][j] < 5)


def test_the_brute_force_check_finds_what_plain_subtraction_gives_away():
    """Without complementary suppression, a lone "< 5" beside its row total is recovered."""
    table = Table([[40, 9, 3]], col_totals=False)
    table.state = {cell: ("small" if table.matrix[0][cell[1]] == 3 and cell[0] == 0 else state)
                   for cell, state in table.state.items()}  # fmt: skip
    table.state.update({cell: "shown" for cell, state in table.state.items() if state == "hidden"})
    assert recoverable(table, 1, 3) == ["cell 0,2"]


def test_complementary_cells_are_inner_cells_when_there_are_some():
    """A results table by school: the office totals stay published."""
    rng = random.Random(4)
    cells = [[rng.choice([0, 1, 3, 4, 6, 9, 15, 30]) for _ in range(3)] for _ in range(300)]
    table = Table(cells)
    assert all(table.text(-1, j)[0].isdigit() for j in range(3))
    assert table.text(-1, -1) == f"{sum(map(sum, cells)):,}"
    assert table.pinned() == []  # the exact check agrees: nothing can be worked out


def _work_per_cell(rows: int) -> float:
    """Rectangles tried per cell of a random results table of ``rows`` schools."""
    rng = random.Random(rows)
    cells = [[rng.choice([0, 1, 2, 4, 5, 8, 12, 25]) for _ in range(3)] for _ in range(rows)]
    tried = 0
    real = suppress._Rectangles._cost

    def counting(self, corners):
        nonlocal tried
        tried += 1
        return real(self, corners)

    suppress._Rectangles._cost = counting
    try:
        Table(cells)
    finally:
        suppress._Rectangles._cost = real
    return tried / (rows * 3)


def test_complementary_suppression_does_constant_work_per_cell():
    """Linear in the cells: the work per cell does not grow with the table (it did: every
    check walked the whole table, and every hidden cell was checked again each round)."""
    small, large = _work_per_cell(500), _work_per_cell(20_000)
    assert large <= small * 1.5 + 1, (small, large)


@settings(max_examples=40, deadline=None)
@given(tables())
def test_the_exact_fallback_alone_also_protects(shape):
    """Where no rectangle is found, the exact check and neighbour hiding still protect."""
    cells, row_totals, col_totals = shape
    real = suppress._Rectangles.best
    suppress._Rectangles.best = lambda self, cell: None
    try:
        table = Table([list(r) for r in cells], row_totals=row_totals, col_totals=col_totals)
    finally:
        suppress._Rectangles.best = real
    assert recoverable(table, len(cells), len(cells[0])) == [], cells

"""Small-count suppression for the public site: no count under 5, and none worked out by sum.

Policy (docs/deploy.md, "ความเป็นส่วนตัว"): every count from 0 to 4 is shown as "< 5" (primary suppression;
zero too, since "0 failed" says something about everyone in the group). A published table
also publishes sums — its row and column totals — so a hidden cell could be recovered by
subtraction. After primary suppression we therefore check every hidden cell: could it take
another value while every published figure stays true? If not, we hide more (the smallest
published cell beside it, shown as "ไม่เปิดเผย"), and check again.

The check is exact. Put the table and its totals in one matrix whose rows and columns all
sum to zero (totals negated). Another table that agrees with what is published differs from
the true one by a circulation on the hidden cells; by conformal decomposition, a hidden cell
can change iff it lies on a cycle that can move by one step within every cell's known
bounds ("< 5" means 0–4, "ไม่เปิดเผย" means 5 or more, an unpublished total is free). That
is one path search in a residual graph per hidden cell and direction.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

LIMIT = 5
SMALL, HIDDEN, FREE, SHOWN = "small", "hidden", "free", "shown"
SMALL_TEXT, HIDDEN_TEXT = "< 5", "ไม่เปิดเผย"
_BIG = 10**9


@dataclass
class Table:
    """Counts by row and column, with row/column totals published or not."""

    cells: list[list[int]]
    row_totals: bool = True
    col_totals: bool = True
    state: dict[tuple[int, int], str] = field(init=False)

    def __post_init__(self) -> None:
        self.matrix = _extended(self.cells)
        self.state = {}
        rows, cols = len(self.matrix), len(self.matrix[0])
        for i in range(rows):
            for j in range(cols):
                last_row, last_col = i == rows - 1, j == cols - 1
                unpublished = (last_col and not self.row_totals) or (
                    last_row and not self.col_totals
                )
                if unpublished:
                    self.state[(i, j)] = FREE
                elif abs(self.matrix[i][j]) < LIMIT:
                    self.state[(i, j)] = SMALL
                else:
                    self.state[(i, j)] = SHOWN
        protect(self)

    def text(self, i: int, j: int) -> str:
        """What to print for cell (i, j); index -1 (or len) means the total of that line."""
        i, j = i % len(self.matrix), j % len(self.matrix[0])
        state = self.state[(i, j)]
        if state == SMALL:
            return SMALL_TEXT
        if state in (HIDDEN, FREE):
            return HIDDEN_TEXT
        return f"{abs(self.matrix[i][j]):,}"

    def pinned(self) -> list[tuple[int, int]]:
        return [
            cell
            for cell, state in self.state.items()
            if state in (SMALL, HIDDEN) and pinned(self, cell)
        ]


def _extended(cells: list[list[int]]) -> list[list[int]]:
    """Cells plus a negated total column and row and the grand total: every line sums to 0."""
    rows = [[*row, -sum(row)] for row in cells]
    cols = [-sum(col) for col in zip(*cells, strict=True)] if cells else []
    return [*rows, [*cols, sum(sum(row) for row in cells)]]


def _bounds(table: Table, cell: tuple[int, int]) -> tuple[int, int]:
    """What a reader knows about the matrix entry at ``cell`` (totals are stored negated)."""
    state = table.state[cell]
    value = table.matrix[cell[0]][cell[1]]
    if state == SHOWN:
        return value, value
    if state == FREE:
        return -_BIG, _BIG
    low, high = (0, LIMIT - 1) if state == SMALL else (LIMIT, _BIG)
    return (-high, -low) if _is_total(table, cell) else (low, high)


def _is_total(table: Table, cell: tuple[int, int]) -> bool:
    last_i, last_j = len(table.matrix) - 1, len(table.matrix[0]) - 1
    return (cell[0] == last_i) != (cell[1] == last_j)


def pinned(table: Table, cell: tuple[int, int]) -> bool:
    """Whether a hidden cell has only one value consistent with everything published."""
    return not (_can_move(table, cell, +1) or _can_move(table, cell, -1))


def _can_move(table: Table, cell: tuple[int, int], step: int) -> bool:
    low, high = _bounds(table, cell)
    value = table.matrix[cell[0]][cell[1]]
    if not low <= value + step <= high:
        return False
    # Nodes: ("r", i) and ("c", j). Raising entry (i, j) walks r→c; lowering walks c→r.
    edges: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for other, state in table.state.items():
        if other == cell or state == SHOWN:
            continue
        lo, hi = _bounds(table, other)
        v = table.matrix[other[0]][other[1]]
        row, col = ("r", other[0]), ("c", other[1])
        if v + 1 <= hi:
            edges.setdefault(row, []).append(col)
        if v - 1 >= lo:
            edges.setdefault(col, []).append(row)
    start, goal = (("c", cell[1]), ("r", cell[0])) if step > 0 else (("r", cell[0]), ("c", cell[1]))
    return _reachable(edges, start, goal)


def _reachable(edges, start, goal) -> bool:
    seen, queue = {start}, deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            return True
        for nxt in edges.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return False


def protect(table: Table) -> None:
    """Hide more cells until no hidden cell can be worked out (ends: each round hides one)."""
    while True:
        stuck = next(
            (c for c, s in table.state.items() if s in (SMALL, HIDDEN) and pinned(table, c)), None
        )
        hide = _complement(table, stuck) if stuck else None
        if hide is None:
            return
        table.state[hide] = HIDDEN


def _complement(table: Table, cell: tuple[int, int]) -> tuple[int, int] | None:
    """The published entry to hide next: the smallest cell on the same row or column."""
    i, j = cell
    line = [(i, k) for k in range(len(table.matrix[0]))] + [
        (k, j) for k in range(len(table.matrix))
    ]
    shown = [c for c in line if table.state[c] == SHOWN]
    if not shown:  # nothing left beside it: hide the smallest published entry anywhere
        shown = [c for c, s in table.state.items() if s == SHOWN]
    if not shown:
        return None
    # inner cells before totals, then the smallest: hide as little as possible
    return min(shown, key=lambda c: (_is_total(table, c), abs(table.matrix[c[0]][c[1]])))

"""Small-count suppression for the public site: no count under 5, and none worked out by sum.

Policy (docs/deploy.md, "ความเป็นส่วนตัว"): every count from 0 to 4 is shown as "< 5" (primary suppression;
zero too, since "0 failed" says something about everyone in the group). A published table
also publishes sums — its row and column totals — so a hidden cell could be recovered by
subtraction. So more is hidden ("ไม่เปิดเผย", complementary suppression) until every hidden
cell could take another value while every published figure stays true.

Put the table and its totals in one matrix whose rows and columns all sum to zero (totals
negated). Another table that agrees with what is published differs from the true one by a
circulation on the hidden cells. ``protect`` gives every hidden cell the smallest such
circulation, a rectangle, and hides what that needs: a few candidate rows per cell, so the
time is linear in the cells (a results table of 30,000 schools takes seconds). ``pinned``
is the exact check, one path search per hidden cell and direction in a residual graph
(by conformal decomposition a cell can change iff it lies on a cycle that can move one
step within every cell's known bounds: "< 5" means 0–4, "ไม่เปิดเผย" 5 or more, an
unpublished total is free); ``protect`` falls back on it only where no rectangle exists.
"""

from __future__ import annotations

from collections import defaultdict, deque
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
    """Hide more cells until no hidden cell can be worked out; time linear in the cells.

    Each hidden cell gets a witness: a rectangle of four entries that are hidden or not
    published — itself, one on its row, one on its column and the one where those two
    meet — along which a step (up on two opposite corners, down on the other two) keeps
    every line's sum and every entry within what a reader knows of it. That other table
    agrees with everything published and differs in all four corners, so none of them can
    be worked out. Hiding more later only widens what a reader must allow, so a witness
    stays good, and each corner of one needs no other. Of the rectangles through a few
    likely rows, the one chosen hides the least: cells already hidden first, then no total
    if an inner cell will do, then the fewest and smallest. Should none be found (no table
    tried so far has needed it) the exact check decides, and the smallest published
    neighbour is hidden until it passes.
    """
    finder = _Rectangles(table)
    todo = deque(sorted(c for c, s in table.state.items() if s in (SMALL, HIDDEN)))
    witnessed: set[tuple[int, int]] = set()
    while todo:
        cell = todo.popleft()
        if cell in witnessed:
            continue
        corners = finder.best(cell)
        if corners is not None:
            for corner in corners:
                finder.hide(corner)
            witnessed.update(corners)
            continue
        while pinned(table, cell):
            hide = _complement(table, cell)
            if hide is None:
                break
            finder.hide(hide)
            todo.append(hide)


class _Rectangles:
    """Finds a cell's cheapest witness rectangle in constant time per cell.

    It keeps, for every column and step, the rows whose entry there is hidden and can take
    that step, and for every pair of columns and steps the rows where both can: a
    rectangle that hides nothing more is then one look-up. Otherwise a few rows of each
    kind are tried (one free corner, the smallest published entries, the totals row).
    """

    TRY = 4  # rows of each kind

    def __init__(self, table: Table):
        self.table = table
        self.rows, self.cols = len(table.matrix), len(table.matrix[0])
        self.steps: dict[tuple[int, int], tuple[int, ...]] = {}  # unshown cell → its steps
        self.unshown: list[list[int]] = [[] for _ in range(self.rows)]  # row → its columns
        self.movable: dict[tuple[int, int], list[int]] = defaultdict(list)  # (col, step) → rows
        self.pairs: dict[tuple[int, int, int, int], list[int]] = defaultdict(list)
        for cell, state in table.state.items():
            if state != SHOWN:
                self._add(cell)

        def by_size(column: int) -> list[int]:  # rows by their entry's size, smallest first
            return sorted(range(self.rows), key=lambda i: (abs(table.matrix[i][column]), i))

        self.smallest = [by_size(j) for j in range(self.cols)]
        self.skip = [0] * self.cols  # smallest[j][:skip[j]] are no longer shown
        # weights of _cost: a cell outweighs the counts of three, a total three cells, ...
        self.cell = 3 * max((abs(v) for row in table.matrix for v in row), default=0) + 1
        self.total = 4 * self.cell
        self.grand = 4 * self.total

    def _add(self, cell: tuple[int, int]) -> None:
        i, j = cell
        steps = self.steps[cell] = tuple(s for s in (1, -1) if self._can_step(cell, s))
        for step in steps:
            self.movable[(j, step)].append(i)
        for k in self.unshown[i]:
            for step in steps:
                for other in self.steps[(i, k)]:
                    self.pairs[(j, step, k, other)].append(i)
                    self.pairs[(k, other, j, step)].append(i)
        self.unshown[i].append(j)

    def hide(self, cell: tuple[int, int]) -> None:
        if self.table.state[cell] == SHOWN:
            self.table.state[cell] = HIDDEN
            self._add(cell)

    def best(self, cell: tuple[int, int]) -> list[tuple[int, int]] | None:
        i, j = cell
        best, best_cost = None, None
        for step in self.steps[cell]:
            for k in range(self.cols):
                if k == j or not self._can_step((i, k), -step):
                    continue
                paid = self._cost((i, k))
                if best_cost is not None and paid >= best_cost:
                    continue
                for row in self._rows(i, j, k, step):
                    cost = paid + self._cost((row, j)) + self._cost((row, k))
                    if best_cost is not None and cost >= best_cost:
                        continue
                    if self._can_step((row, j), -step) and self._can_step((row, k), step):
                        best, best_cost = [(i, j), (i, k), (row, j), (row, k)], cost
                        if cost == 0:
                            return best
        return best

    def _rows(self, i: int, j: int, k: int, step: int) -> list[int]:
        """Rows to try for the rectangle on (i, j) and (i, k): both far corners hidden
        already and able to step, one of them, the smallest published, the totals row."""
        found: dict[int, None] = {}
        for row in self.pairs[(j, -step, k, step)][-2:]:
            found[row] = None
        for key in ((j, -step), (k, step)):
            for row in self.movable[key][-self.TRY :]:
                found.setdefault(row, None)
        order, at, state = self.smallest[j], self.skip[j], self.table.state
        while at < len(order) and state[(order[at], j)] != SHOWN:
            at += 1
        self.skip[j] = at
        for row in order[at : at + self.TRY]:
            found.setdefault(row, None)
        found.setdefault(self.rows - 1, None)
        found.pop(i, None)
        return list(found)

    def _cost(self, cell: tuple[int, int]) -> int:
        """What hiding the entry costs (nothing if it is not published): a grand total
        more than any totals, a total more than any inner cells, a cell more than any
        counts, then its count. One number, so that three corners' costs add up."""
        if self.table.state[cell] != SHOWN:
            return 0
        i, j = cell
        last_i, last_j = i == self.rows - 1, j == self.cols - 1
        rank = self.grand if last_i and last_j else self.total if last_i or last_j else 0
        return rank + self.cell + abs(self.table.matrix[i][j])

    def _can_step(self, cell: tuple[int, int], step: int) -> bool:
        """Whether the entry can move by ``step`` within what a reader knows of it once
        hidden (a published one would be hidden, and then known to be 5 or more)."""
        state = self.table.state[cell]
        if state == FREE:
            return True
        steps = self.steps.get(cell)
        if steps is not None:
            return step in steps
        if state == SHOWN:
            self.table.state[cell] = HIDDEN
            low, high = _bounds(self.table, cell)
            self.table.state[cell] = SHOWN
        else:
            low, high = _bounds(self.table, cell)
        return low <= self.table.matrix[cell[0]][cell[1]] + step <= high


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

"""Put every cell of a row under the column it belongs to.

Flattened tables lose empty cells or gain stray ones, so a row can be shifted against
its header. Each column has a role (a code column holds 3/5/7-digit codes, a name
column text, a value column amounts …); a row whose cells all fit the roles of the
columns they sit in is kept as it is, otherwise its non-empty cells are re-placed, in
order, where they fit best, preferring small moves (:func:`place`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from .cells import cell_amount, cell_kind
from .grid import Cell, Row
from .model import ColumnRole

Kind = str
Fit = Callable[[Kind, ColumnRole], float]
SHIFT_COST = 0.1
SHIFT_CHANGE_COST = 0.15

TEXT_KINDS: frozenset[str] = frozenset({"text", "level", "nature", "operator", "unit"})


def account_fit(kind: Kind, role: ColumnRole) -> float:
    """How well a cell of ``kind`` fits a column of an account table (negative: it does not)."""
    if kind in ("empty",):
        return 0.0
    if role == "code":
        return 2.0 if kind == "code" else -1.0 if kind == "null" else -2.0
    if role == "name":
        return 1.0 if kind in TEXT_KINDS else 0.0 if kind == "null" else -2.0
    if role == "line":
        return 1.0 if kind == "amount" else -1.0
    if role == "value":
        return (
            1.0
            if kind in ("amount", "null")
            else 0.5
            if kind in ("quantity", "points")
            else 0.0
            if kind == "code"
            else -2.0
        )
    if role == "text":
        return 0.5
    return -0.5


def aligned_cells(
    row: Row, roles: Sequence[ColumnRole], fit: Fit, kind_of: Callable[[str], Kind] = cell_kind
) -> list[Cell]:
    """The cells of ``row``, one per column: as printed when they fit, re-placed otherwise.

    ``kind_of`` tells what a cell holds (:func:`~.cells.cell_kind` by default); a column
    the row has no cell for gets an empty point cell.
    """
    width = len(roles)
    kinds = [kind_of(cell.text) for cell in row.cells]
    if _fits(kinds, roles, fit):
        placed = {position: cell for position, cell in enumerate(row.cells)}
    else:
        placed = place(row.cells, kinds, roles, fit)
    end = row.cells[-1].end if row.cells else row.end
    return [placed.get(column) or _empty(row.cells, column, end) for column in range(width)]


def place(cells: list[Cell], kinds: list[Kind], roles: Sequence[ColumnRole], fit: Fit) -> dict[int, Cell]:
    """The best placement of the non-empty ``cells``, in order, into distinct columns.

    A placement scores, per cell, ``fit(kind, role)`` minus :data:`SHIFT_COST` per column
    the cell moved and :data:`SHIFT_CHANGE_COST` per column its move differs from the
    previous cell's (a row shifted as a whole beats cells scattered one by one); the best
    total wins (dynamic programming over cells × columns). A row with more non-empty
    cells than columns keeps its positions.
    """
    filled = [(position, cell, kind) for position, (cell, kind) in enumerate(zip(cells, kinds)) if kind != "empty"]
    width = len(roles)
    if not filled or len(filled) > width:
        return {position: cell for position, cell in enumerate(cells) if position < width}

    def gain(item: int, column: int) -> float:
        position, _, kind = filled[item]
        return fit(kind, roles[column]) - SHIFT_COST * abs(column - position)

    def change(item: int, column: int, before: int) -> float:
        shift, previous = column - filled[item][0], before - filled[item - 1][0]
        return SHIFT_CHANGE_COST * abs(shift - previous)

    minus = float("-inf")
    best = [[minus] * width for _ in filled]
    back = [[-1] * width for _ in filled]
    for column in range(width):
        best[0][column] = gain(0, column)
    for item in range(1, len(filled)):
        for column in range(item, width):
            options = [(best[item - 1][before] - change(item, column, before), before) for before in range(column)]
            score, before = max(options, key=lambda option: (option[0], -abs(option[1] - column)))
            if score > minus:
                best[item][column] = score + gain(item, column)
                back[item][column] = before
    column = max(range(width), key=lambda at: (best[-1][at], -at))
    placed: dict[int, Cell] = {}
    for item in range(len(filled) - 1, -1, -1):
        placed[column] = filled[item][1]
        column = back[item][column]
    return placed


def carry_down(rows: list[list[Cell]], columns: Sequence[int]) -> None:
    """Fill merged cells left empty on continuation rows with the value above (in place).

    ``columns`` are nested levels, outermost first: an inner level is carried only while
    every level outside it was carried too (a new 一级指标 starts its 二级指标 afresh).
    """
    above: list[Cell | None] = [None] * len(columns)
    for cells in rows:
        carried = True
        for depth, column in enumerate(columns):
            cell = cells[column]
            if cell.text:
                carried = False
                above[depth] = cell
                above[depth + 1 :] = [None] * (len(columns) - depth - 1)
            elif carried and above[depth] is not None:
                source = above[depth]
                cells[column] = Cell(source.text, source.start, source.end, spanned=True)


def same_values(first: list[Cell], second: list[Cell], columns: Sequence[int]) -> bool:
    """Whether two rows hold the same non-empty amounts in ``columns`` (and at least one)."""
    values = [(cell_amount(first[column].text), cell_amount(second[column].text)) for column in columns]
    filled = [(a, b) for a, b in values if a is not None or b is not None]
    return bool(filled) and all(a is not None and b is not None and Decimal(a) == Decimal(b) for a, b in filled)


def _fits(kinds: list[Kind], roles: Sequence[ColumnRole], fit: Fit) -> bool:
    return all(
        kind == "empty" or (position < len(roles) and fit(kind, roles[position]) >= 0)
        for position, kind in enumerate(kinds)
    )


def _empty(cells: list[Cell], column: int, end: int) -> Cell:
    """The printed empty cell at ``column``, else an empty point cell where that cell was (or at ``end``)."""
    if column < len(cells):
        cell = cells[column]
        return cell if not cell.text else Cell("", cell.start, cell.start)
    return Cell("", end, end)

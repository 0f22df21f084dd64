"""Spreadsheet dumps written column by column: a header and all its cells, then the next.

``科目编码, 301, 30101, …, 科目名称, 工资福利支出, 基本工资, …, 决算数, 5,860,476.57, …``
is three columns of equal length one after another. The grid is rebuilt row by row:
row 0 holds the column headers, row ``i`` the ``i``-th cell of every column.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...structure import Block
from ..grid import Grid, Row
from .cell_lines import line_cells
from .kinds import CellKind, kinds_of
from .widths import infer_row_width

MAX_COLUMNS = 8
MIN_COLUMN_LENGTH = 3


def column_count(kinds: Sequence[CellKind]) -> int | None:
    """The number of columns if the cells read as whole columns one after another.

    Each of the ``k`` equal parts must start with a label (its header) and hold one kind
    of cell below it (empty marks fit any kind), some part numbers and some part labels;
    and reading the cells row by row must fit worse (see :func:`infer_row_width`). None
    otherwise.
    """
    by_rows = infer_row_width(kinds)
    if by_rows is not None and by_rows.conflicts == 0:
        return None
    for count in range(2, MAX_COLUMNS + 1):
        length, rest = divmod(len(kinds), count)
        if rest or length < MIN_COLUMN_LENGTH:
            continue
        parts = [kinds[index * length : (index + 1) * length] for index in range(count)]
        body_kinds = [{kind for kind in part[1:] if kind != "blank"} for part in parts]
        if (
            all(part[0] == "label" for part in parts)
            and all(len(found) <= 1 for found in body_kinds)
            and {"number"} in body_kinds
            and {"label"} in body_kinds
        ):
            return count
    return None


def read_column_major(block: Block) -> Grid:
    """The grid of a block of one-cell lines that reads as whole columns (see :func:`column_count`)."""
    cells = line_cells(block.text)
    count = column_count(kinds_of(cell.text for cell in cells)) or 1
    length = len(cells) // count
    rows = []
    for index in range(length):
        row = [cells[column * length + index] for column in range(count)]
        filled = [cell for cell in row if cell.text] or row
        rows.append(Row(row, min(cell.start for cell in filled), max(cell.end for cell in filled)))
    return Grid(rows, "column_major", block.start, block.end)

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
from .cells import mark_read_as_empty
from .kinds import kinds_of
from .widths import row_width_fits

MAX_COLUMNS = 8
MIN_COLUMN_LENGTH = 3


def column_count(texts: Sequence[str]) -> int | None:
    """The number of columns if the cell ``texts`` read as whole columns one after another.

    Each of the ``k`` equal parts must start with a label (its header) and hold one kind
    of cell below it (empty marks fit any kind), some part numbers and some part labels;
    and no reading of the cells row by row may fit without conflicts (see
    :func:`~.widths.row_width_fits`). None otherwise.
    """
    if any(fit.conflicts == 0 for fit in row_width_fits(texts)):
        return None
    kinds = kinds_of(texts)
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
    """The grid of a block of one-cell lines that reads as whole columns (see
    :func:`column_count`); a cell holding only an empty mark (``—``) is read as an empty
    cell, as such a dump has no other way to print one."""
    cells = line_cells(block.text)
    count = column_count([cell.text for cell in cells]) or 1
    cells = [mark_read_as_empty(cell) for cell in cells]
    length = len(cells) // count
    rows = []
    for index in range(length):
        row = [cells[column * length + index] for column in range(count)]
        filled = [cell for cell in row if cell.text] or row
        rows.append(Row(row, min(cell.start for cell in filled), max(cell.end for cell in filled)))
    return Grid(rows, "column_major", block.start, block.end)

"""Tables dumped one cell per line (Word and spreadsheet exports).

Three flattenings are read:

* cells prefixed by a tab, a blank line between rows: a tab line starts a cell, an
  untabbed line continues the cell above it (text wrapped or broken into paragraphs,
  even after blank lines), a tab-only line is an empty cell;
* untabbed lines, a blank line between rows: each line is a cell;
* untabbed lines with no blank lines at all: the row width is inferred from the header
  and the kinds of the cells (:func:`~.widths.infer_row_width`); an empty mark (``—``)
  is an empty cell, as nothing else can print one. Such a dump cannot tell an empty
  cell from a printed ``—``, and gives no width to a table without a number below its
  header.

A blank line before a cell is taken as a row boundary, unless it sits inside a cell:
see :func:`merge_split_rows`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from ...structure import Block
from ...text import MappedText
from ..grid import Cell, Grid, Row
from .cells import cell_at, is_blank, joined_cell, line_spans, mark_read_as_empty
from .widths import infer_row_width

MAX_MERGED_GROUPS = 4


class Placed(NamedTuple):
    """A cell and the span of block text its lines cover."""

    cell: Cell
    start: int
    end: int


def read_cell_lines(block: Block) -> Grid:
    """The grid of a one-cell-per-line table block."""
    view = block.text
    notes: list[str] = []
    if any(view.text[start:end].startswith("\t") for start, end in line_spans(view.text)):
        groups = tab_prefixed_groups(view)
    else:
        groups = line_groups(view)
        if len(groups) == 1:
            groups, note = split_by_inferred_width(groups[0])
            notes.append(note)
    rows, merged = merge_split_rows(groups)
    if merged:
        notes.append(f"joined {merged} row(s) split by a blank line inside a cell")
    return Grid([_row(view, row) for row in rows], "cell_lines", block.start, block.end, notes)


def tab_prefixed_groups(view: MappedText) -> list[list[Placed]]:
    """Cells of tab-prefixed lines, grouped at blank lines that come before a tab line."""
    text = view.text
    groups: list[list[Placed]] = []
    line_start = 0
    pieces: list[tuple[int, int]] = []  # the lines of the cell being read
    blank_before = False
    for start, end in line_spans(text):
        line = text[start:end]
        if is_blank(line):
            blank_before = True
            continue
        if pieces and not line.startswith("\t"):
            pieces.append((start, end))
        else:
            if pieces:
                groups[-1].append(Placed(joined_cell(view, pieces), line_start, pieces[-1][1]))
            if blank_before or not groups:
                groups.append([])
            line_start, pieces = start, [(start + line.startswith("\t"), end)]
        blank_before = False
    if pieces:
        groups[-1].append(Placed(joined_cell(view, pieces), line_start, pieces[-1][1]))
    return groups


def line_groups(view: MappedText) -> list[list[Placed]]:
    """One cell per non-blank line, grouped at blank lines."""
    groups: list[list[Placed]] = [[]]
    for start, end in line_spans(view.text):
        if is_blank(view.text[start:end]):
            if groups[-1]:
                groups.append([])
            continue
        groups[-1].append(Placed(cell_at(view, start, end), start, end))
    return [group for group in groups if group]


def line_cells(view: MappedText) -> list[Cell]:
    """One cell per non-blank line, in order."""
    return [placed.cell for group in line_groups(view) for placed in group]


def split_by_inferred_width(cells: list[Placed]) -> tuple[list[list[Placed]], str]:
    """Cells with nothing between rows cut into rows of the inferred width (one column if
    no width fits); a cell holding only an empty mark (``—``) is read as an empty cell,
    as such a dump has no other way to print one."""
    fit = infer_row_width([placed.cell.text for placed in cells])
    width = fit.width if fit else 1
    cells = [placed._replace(cell=mark_read_as_empty(placed.cell)) for placed in cells]
    rows = [cells[index : index + width] for index in range(0, len(cells), width)]
    note = f"row width {width} inferred from the cell kinds" if fit else "row width could not be inferred"
    return rows, note


def merge_split_rows(groups: Sequence[list[Placed]]) -> tuple[list[list[Placed]], int]:
    """Groups of cells (split at blank lines) put together where a blank line was inside a
    cell rather than between rows.

    A group keeps its own row when its width equals the width of the row before it or of
    the group after it. Otherwise it is joined with the up to three groups that follow when
    together they make exactly the width of the row before or of the group after them, each
    of them being narrower than that width (``绩\\n效\\n\\n指\\n\\n标\\n\\n`` then the other
    eight header cells make the nine-cell rows that follow). Returns the rows and how many
    joins were made.
    """
    rows: list[list[Placed]] = []
    merged = 0
    index = 0
    while index < len(groups):
        previous = len(rows[-1]) if rows else None
        width = len(groups[index])
        following = len(groups[index + 1]) if index + 1 < len(groups) else None
        take = 1
        if width not in (previous, following):
            take = _joinable(groups, index, previous) or 1
        rows.append([placed for group in groups[index : index + take] for placed in group])
        merged += take - 1
        index += take
    return rows, merged


def _joinable(groups: Sequence[list[Placed]], index: int, previous: int | None) -> int | None:
    """How many groups from ``index`` on make one row of a width seen around them."""
    total = len(groups[index])
    for last in range(index + 1, min(index + MAX_MERGED_GROUPS, len(groups))):
        total += len(groups[last])
        after = len(groups[last + 1]) if last + 1 < len(groups) else None
        for target in (previous, after):
            if target == total and all(len(group) < target for group in groups[index : last + 1]):
                return last + 1 - index
    return None


def _row(view: MappedText, placed: list[Placed]) -> Row:
    return Row([item.cell for item in placed], *view.to_source(placed[0].start, placed[-1].end))

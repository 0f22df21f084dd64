"""Long cells printed in a column of a space-aligned table, as PDF text extraction shows them.

A cell wider than its column wraps onto the lines below, in the same column, each line as
full as it can be; :func:`~.repairs.rejoin_wrapped_cells` reads such lines back into one
cell. :func:`wrap_column` picks a column width at which every wrapped line reads back as
the rest of its cell, and no cell reads as the rest of the one above it.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from .columns import display_width
from .kinds import cell_kind
from .repairs import MIN_WRAPPED_WIDTH, leaves_no_room, may_break, may_continue

WRAP_WIDTHS = range(30, MIN_WRAPPED_WIDTH + 3, -1)  # display widths a column of long cells may have
LINE_START_FORBIDDEN = "。，、；：？！）》」』”’%"  # marks a printed line never starts with


def continuable_rows(rows: Sequence[Sequence[str]]) -> list[bool]:
    """For each row, whether it could be read as the wrapped rest of the row above: it has
    cells, and each may continue a label (:func:`~.repairs.may_continue`) under a label."""
    flags = [False]
    for above, row in pairwise(rows):
        filled = [index for index, cell in enumerate(row) if cell]
        under_labels = all(index < len(above) and cell_kind(above[index]) == "label" for index in filled)
        flags.append(bool(filled) and under_labels and all(may_continue(row[index]) for index in filled))
    return flags


def wrap_column(cells: Sequence[str], continuable: Sequence[bool]) -> list[list[str]]:
    """The printed lines of each cell of a column (top to bottom), wrapped at the widest of
    :data:`WRAP_WIDTHS` that reads back unambiguously (:func:`reads_back`), else at the
    widest; ``continuable`` flags the rows that could be read as the rest of the row above
    (:func:`continuable_rows`)."""
    for limit in WRAP_WIDTHS:
        wrapped = [wrap_cell(cell, limit) for cell in cells]
        if reads_back(wrapped, continuable):
            return wrapped
    return [wrap_cell(cell, WRAP_WIDTHS[0]) for cell in cells]


def reads_back(column: Sequence[Sequence[str]], continuable: Sequence[bool]) -> bool:
    """Whether the lines of a printed column read back as its cells: every wrapped line is
    at least :data:`MIN_WRAPPED_WIDTH` wide and the line after it may continue it
    (:func:`~.repairs.may_continue`); and no cell of a continuable row sits under a line
    that leaves no room for its first word (:func:`~.repairs.leaves_no_room`)."""
    width = max((display_width(line) for lines in column for line in lines), default=0)
    wrapped = [(line, after) for lines in column for line, after in pairwise(lines)]
    if any(display_width(line) < MIN_WRAPPED_WIDTH or not may_continue(after) for line, after in wrapped):
        return False
    return not any(
        flag and below[0] and leaves_no_room(display_width(lines[-1]), width, below[0])
        for lines, below, flag in zip(column, column[1:], continuable[1:], strict=False)
    )


def wrap_cell(text: str, limit: int) -> list[str]:
    """``text`` printed ``limit`` display columns wide: each line ends at a break point
    (:func:`~.repairs.may_break`) that leaves no room for the rest's first unbreakable part
    (:func:`~.repairs.leaves_no_room`): the last such point whose next line neither starts
    with a closing mark (as typesetting has it) nor reads as a new item
    (:func:`~.repairs.may_continue`), else the last one."""
    lines = []
    while display_width(text) > limit and (cut := _break_at(text, limit)):
        lines.append(text[:cut])
        text = text[cut:]
    return [*lines, text]


def _break_at(text: str, limit: int) -> int | None:
    """Where ``text`` wraps in a column ``limit`` wide (see :func:`wrap_cell`); None if nowhere."""
    full = []
    used = 0
    for position in range(1, len(text)):
        used += display_width(text[position - 1])
        if used > limit:
            break
        if may_break(text[position - 1], text[position]) and leaves_no_room(used, limit, text[position:]):
            full.append(position)
    clean = [position for position in full if may_continue(text[position:]) and text[position] not in LINE_START_FORBIDDEN]
    return (clean or full or [None])[-1]

"""How many cells make a row, for tables dumped one cell per line with nothing between rows.

Columns of a budget table hold one kind of cell each (names, or amounts and codes) and
the header row is labels. The row width is the smallest width at which the header is
all labels and, below it, every column holds one kind of cell (empty marks fit any).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from .kinds import CellKind

MAX_WIDTH = 16


class WidthFit(NamedTuple):
    """A row width and the number of cells that disagree with their column's kind."""

    width: int
    conflicts: int


def infer_row_width(kinds: Sequence[CellKind]) -> WidthFit | None:
    """The row width of a one-cell-per-line dump, from the kinds of its cells in order.

    A width is considered when it divides the number of cells, leaves at least one row
    below the header, puts no number in the header (the first ``width`` cells) and gives
    some column numbers. Of those, the one with the fewest conflicts wins; ties go to the
    smallest width. None when no width is considered.
    """
    best: WidthFit | None = None
    for width in range(2, min(MAX_WIDTH, len(kinds) // 2) + 1):
        if len(kinds) % width or "number" in kinds[:width]:
            continue
        columns = _column_kinds(kinds, width)
        if not any(column["number"] for column in columns):
            continue
        conflicts = sum(sum(column.values()) - max(column.values(), default=0) for column in columns)
        if best is None or conflicts < best.conflicts:
            best = WidthFit(width, conflicts)
    return best


def _column_kinds(kinds: Sequence[CellKind], width: int) -> list[Counter[CellKind]]:
    """For each column below the header, how many of its cells are of each non-blank kind."""
    return [Counter(kind for kind in kinds[width + index :: width] if kind != "blank") for index in range(width)]

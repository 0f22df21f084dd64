"""The layout-independent form of a table: rows of cells, each cell traced to the source.

Every layout parser (tab-separated, one cell per line, runs of spaces, pipes, HTML)
turns a table region into a ``Grid``; everything after that — headers, alignment,
typed rows — works on grids and never looks at the layout again.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    """One cell: its analysis text and where it sits in the raw document text.

    ``text`` is the cell's content with markup removed, wrapped lines joined and outer
    whitespace stripped (``""`` for an empty cell). ``start``/``end`` are offsets into
    ``Document.text`` covering the content (a point, ``start == end``, for an empty
    cell). ``spanned`` marks a copy of a cell that spans several grid positions
    (HTML rowspan/colspan, or a merged cell repeated by the flattening).
    """

    text: str
    start: int
    end: int
    spanned: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.text


@dataclass
class Row:
    """One row of a grid, in reading order; ``start``/``end`` cover the row in the raw text."""

    cells: list[Cell]
    start: int
    end: int

    @property
    def texts(self) -> list[str]:
        return [cell.text for cell in self.cells]


@dataclass
class Grid:
    """A table region rebuilt as rows of cells, before any interpretation.

    Rows may have different lengths (missing trailing cells, shifted rows); ``layout``
    names the flattening it was read from (``tabbed``, ``cell_lines``, ``spaced``,
    ``pipe``, ``html``, ``column_major``).
    """

    rows: list[Row]
    layout: str
    start: int
    end: int
    notes: list[str] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((len(row.cells) for row in self.rows), default=0)

"""Table blocks read into grids, whatever flattening the table went through.

:func:`read_grid` detects how a table block was flattened and reads it with the
module for that layout; every layout gives the same :class:`~mbnlp.tables.grid.Grid`.
"""

from __future__ import annotations

from ...loading import Document
from ...structure import Block
from ..grid import Grid
from .cell_lines import read_cell_lines
from .column_major import read_column_major
from .detect import detect_layout
from .html import read_html
from .pipe import read_pipe
from .spaced import read_spaced
from .tabbed import read_tabbed

__all__ = ["detect_layout", "read_grid"]


def read_grid(document: Document, block: Block) -> Grid:
    """The grid of a table block (``block.kind == "table"``) of ``document``."""
    layout = detect_layout(document, block)
    if layout == "html":
        return read_html(document, block)
    if layout == "pipe":
        return read_pipe(block)
    if layout == "tabbed":
        return read_tabbed(block)
    if layout == "spaced":
        return read_spaced(block)
    if layout == "column_major":
        return read_column_major(block)
    return read_cell_lines(block)

"""Tables written out as text in each flattening the layout readers understand.

:func:`render_grid` is the inverse of :func:`~mbnlp.tables.layouts.read_grid` within
each layout's limits (see the layout modules): tests render a table in every layout
and check that each reads back to the same cells.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from ..loading import Document
from ..structure import split_blocks
from .layouts import read_grid
from .layouts.columns import display_width
from .layouts.kinds import cell_kind
from .layouts.wrapping import continuable_rows, wrap_column

LAYOUTS = ("tabbed", "cell_lines", "cell_lines_no_blank", "spaced", "pipe", "html")
EMPTY_MARK = "—"
COLUMN_GAP = "  "

Rows = Sequence[Sequence[str]]


def render_grid(rows: Rows, layout: str) -> str:
    """``rows`` (lists of cell texts) written as a table in ``layout``, one of :data:`LAYOUTS`:

    * ``tabbed``: a line per row, a tab between cells;
    * ``cell_lines``: a tab-prefixed line per cell, a blank line between rows;
    * ``cell_lines_no_blank``: a line per cell, nothing between rows, every row as wide as the
      table (as dumps of regular tables print every cell), empty cells as ``—``;
    * ``spaced``: cells padded to their column's display width, two spaces between columns,
      columns with nothing but numbers below the first row right-aligned; a long cell wraps
      onto the lines below, in its column (:func:`~.layouts.wrapping.wrap_column`), as PDF
      text extraction prints a table whose cells hold long text;
    * ``pipe``: a Markdown pipe table, the first row as its header;
    * ``html``: an HTML ``<table>``.
    """
    try:
        writer = WRITERS[layout]
    except KeyError:
        raise ValueError(f"unknown layout {layout!r}; expected one of {', '.join(LAYOUTS)}") from None
    return writer(rows)


def _tabbed(rows: Rows) -> str:
    return "\n".join("\t".join(row) for row in rows)


def _cell_lines(rows: Rows) -> str:
    return "\n\n".join("\n".join(f"\t{cell}" for cell in row) for row in rows)


def _cell_lines_no_blank(rows: Rows) -> str:
    return "\n".join(cell or EMPTY_MARK for row in _padded(rows) for cell in row)


def _spaced(rows: Rows) -> str:
    columns = [list(column) for column in zip(*_padded(rows), strict=True)]
    continuable = continuable_rows(rows)
    wrapped = [wrap_column(column, continuable) for column in columns]
    widths = [max(display_width(line) for lines in column for line in lines) for column in wrapped]
    numeric = [all(cell_kind(cell) != "label" for cell in column[1:]) for column in columns]
    printed = []
    for cells in zip(*wrapped, strict=True):
        for line in range(max(len(lines) for lines in cells)):
            pieces = [lines[line] if line < len(lines) else "" for lines in cells]
            padded = [_pad(piece, widths[column], right=numeric[column]) for column, piece in enumerate(pieces)]
            printed.append(COLUMN_GAP.join(padded).rstrip())
    return "\n".join(printed)


def _padded(rows: Rows) -> list[list[str]]:
    """``rows`` made as wide as the widest, with empty cells."""
    width = max((len(row) for row in rows), default=0)
    return [[*row, *[""] * (width - len(row))] for row in rows]


def _pad(cell: str, width: int, *, right: bool) -> str:
    padding = " " * (width - display_width(cell))
    return padding + cell if right else cell + padding


def _pipe(rows: Rows) -> str:
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    lines = [_pipe_row(rows[0]), "|" + "---|" * width]
    lines.extend(_pipe_row(row) for row in rows[1:])
    return "\n".join(lines)


def _pipe_row(row: Sequence[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |"


def _html(rows: Rows) -> str:
    lines = ["<table>"]
    for row in rows:
        cells = "".join(f"<td>{html.escape(cell)}</td>" for cell in row)
        lines.append(f"<tr>{cells}</tr>")
    lines.append("</table>")
    return "\n".join(lines)


WRITERS: dict[str, Callable[[Rows], str]] = {
    "tabbed": _tabbed,
    "cell_lines": _cell_lines,
    "cell_lines_no_blank": _cell_lines_no_blank,
    "spaced": _spaced,
    "pipe": _pipe,
    "html": _html,
}


def rerender_tables(document: Document, layout: str) -> str:
    """``document.text`` with every table region rewritten as its grid in ``layout``.

    The same tables in another flattening: everything outside the table regions is
    kept as it is, so a reconstruction of the result must give the same rows.
    """
    text = document.text
    pieces: list[str] = []
    cursor = 0
    for block in split_blocks(document):
        if block.kind != "table":
            continue
        rendered = render_grid([row.texts for row in read_grid(document, block).rows], layout)
        pieces += [text[cursor : block.start], rendered.rstrip("\n")]
        cursor = block.end
    pieces.append(text[cursor:])
    return "".join(pieces)

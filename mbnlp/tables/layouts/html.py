"""HTML ``<table>`` elements, parsed from the raw text with :mod:`html.parser`.

The parser gives the structure (rows, cells, ``rowspan``/``colspan``) and the raw span of
each cell's content; the cell's text is that span in the document's cleaned view
(tags removed, entities decoded, ``<br>`` a space), with runs of whitespace collapsed to
one space, so ``<b>合计</b>`` reads ``合计`` with offsets on the raw characters. A cell
spanning several grid positions fills all of them: the top-left one is the cell, the
others are copies with ``spanned=True`` and the same offsets. The rows and cells of a
table nested in a cell are not rows of the grid: their text is part of that cell's text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import regex

from ...loading import Document
from ...structure import Block
from ..grid import Cell, Grid, Row
from .cells import empty_cell, strip_span

WHITESPACE = regex.compile(r"\s+")
MAX_SPAN = 1000


@dataclass
class _ParsedCell:
    start: int  # raw span of the content
    end: int
    rowspan: int
    colspan: int


@dataclass
class _ParsedRow:
    start: int
    end: int
    cells: list[_ParsedCell] = field(default_factory=list)


def read_html(document: Document, block: Block) -> Grid:
    """The grid of an HTML table block (its raw region is the ``<table>`` element)."""
    parsed = parse_table(document.text, block.start, block.end)
    cells = {id(cell): cell_text(document, cell.start, cell.end) for row in parsed for cell in row.cells}
    grid: list[dict[int, Cell]] = [{} for _ in parsed]
    for index, row in enumerate(parsed):
        column = 0
        for item in row.cells:
            while column in grid[index]:
                column += 1
            cell = cells[id(item)]
            last_row = len(parsed) if item.rowspan == 0 else min(len(parsed), index + item.rowspan)
            for r in range(index, last_row):
                for c in range(column, column + item.colspan):
                    copy = (r, c) != (index, column)
                    grid[r].setdefault(c, Cell(cell.text, cell.start, cell.end, spanned=True) if copy else cell)
            column += item.colspan
    rows = [_row(document.text, row, positions) for row, positions in zip(parsed, grid, strict=True)]
    return Grid(rows, "html", block.start, block.end)


def cell_text(document: Document, start: int, end: int) -> Cell:
    """The cell whose content is ``document.text[start:end]``, read through the cleaned view."""
    clean = document.clean
    clean_start, clean_end = strip_span(clean.text, *clean.to_clean(start, end))
    if clean_start == clean_end:
        return empty_cell(start)
    text = WHITESPACE.sub(" ", clean.text[clean_start:clean_end])
    return Cell(text, *clean.to_source(clean_start, clean_end))


def _row(text: str, row: _ParsedRow, positions: dict[int, Cell]) -> Row:
    """A row of the grid: the cells at its positions, an empty cell where a gap is left."""
    width = max(positions, default=-1) + 1
    cells = [positions.get(column) or empty_cell(row.start) for column in range(width)]
    return Row(cells, *strip_span(text, row.start, row.end))


def parse_table(text: str, start: int, end: int) -> list[_ParsedRow]:
    """The rows and cells (raw content spans, spans) of the table element ``text[start:end]``."""
    parser = _TableParser(text[start:end], start)
    parser.feed(text[start:end])
    parser.close()
    parser.finish(end)
    return [row for row in parser.rows if row.cells]


class _TableParser(HTMLParser):
    """Collects rows and cells of the outermost table, with raw offsets."""

    def __init__(self, source: str, base: int) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[_ParsedRow] = []
        self._source = source
        self._base = base
        self._line_starts = [0] + [index + 1 for index, char in enumerate(source) if char == "\n"]
        self._depth = 0
        self._cell: _ParsedCell | None = None
        self._row: _ParsedRow | None = None

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._base + self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        here = self._offset()
        if tag == "table":
            self._depth += 1
        if self._depth != 1:
            return
        if tag == "tr":
            self._close_row(here, here)
            self._row = _ParsedRow(here, here)
        elif tag in ("td", "th"):
            self._close_cell(here)
            if self._row is None:
                self._row = _ParsedRow(here, here)
            content = here + len(self.get_starttag_text() or "")
            values = dict(attrs)
            self._cell = _ParsedCell(content, content, _span(values.get("rowspan")), _span(values.get("colspan")) or 1)

    def handle_endtag(self, tag: str) -> None:
        here = self._offset()
        if self._depth == 1:
            if tag in ("td", "th"):
                self._close_cell(here)
            elif tag == "tr":
                self._close_row(here, self._tag_end(here))
            elif tag == "table":
                self._close_row(here, here)
        if tag == "table":
            self._depth -= 1

    def _tag_end(self, start: int) -> int:
        """The raw offset just after the tag that starts at raw offset ``start``."""
        close = self._source.find(">", start - self._base)
        return start if close < 0 else self._base + close + 1

    def finish(self, end: int) -> None:
        """Close what the markup left open."""
        self._close_row(end, end)

    def _close_cell(self, at: int) -> None:
        if self._cell is not None and self._row is not None:
            self._cell.end = at
            self._row.cells.append(self._cell)
            self._row.end = at
        self._cell = None

    def _close_row(self, at: int, row_end: int) -> None:
        self._close_cell(at)
        if self._row is not None:
            self._row.end = max(self._row.end, row_end)
            self.rows.append(self._row)
        self._row = None


def _span(value: str | None) -> int:
    """A rowspan/colspan attribute as a count (0 for a rowspan to the end of the table)."""
    try:
        return min(max(int(value or 1), 0), MAX_SPAN)
    except ValueError:
        return 1

"""Tab-separated rows (OCR and spreadsheet exports): one line per row, a tab between cells.

Empty cells stay in place (``a\\t\\tb`` is three cells, the middle one empty), so a
row keeps the column positions it was printed with; rows may differ in length. Blank
lines (page breaks) are skipped. A line without a tab inside the region is a row of
one cell.
"""

from __future__ import annotations

import regex

from ...structure import Block
from ...text import MappedText
from ..grid import Grid, Row
from .cells import cell_at, combined, is_blank, line_spans

WORD_FRAGMENT = regex.compile(r"\p{Han}{1,2}")


def read_tabbed(block: Block) -> Grid:
    """The grid of a tab-separated table block."""
    view = block.text
    rows: list[Row] = []
    after_break: list[bool] = []
    blank_before = False
    for start, end in line_spans(view.text):
        if is_blank(view.text[start:end]):
            blank_before = bool(rows)
            continue
        rows.append(_row(view, start, end))
        after_break.append(blank_before)
        blank_before = False
    rows, rejoined = rejoin_broken_words(rows, after_break)
    notes = [f"rejoined {rejoined} word(s) broken by a page break"] if rejoined else []
    return Grid(rows, "tabbed", block.start, block.end, notes)


def _row(view: MappedText, start: int, end: int) -> Row:
    cells = []
    cell_start = start
    while (tab := view.text.find("\t", cell_start, end)) >= 0:
        cells.append(cell_at(view, cell_start, tab))
        cell_start = tab + 1
    cells.append(cell_at(view, cell_start, end))
    return Row(cells, *view.to_source(start, end))


def rejoin_broken_words(rows: list[Row], after_break: list[bool]) -> tuple[list[Row], int]:
    """Rows with a word that a page break cut in two put back together.

    A row that follows a blank line and whose only text is one or two Chinese characters
    (``\\t\\t\\t出\\t`` after ``…\\t基本支\\t…``) is the end of the word in the same column
    of the row before, when that cell ends in a Chinese character: the fragment is
    appended to it and the fragment row dropped. Returns the rows and how many words were
    rejoined.
    """
    kept: list[Row] = []
    rejoined = 0
    for row, broken in zip(rows, after_break, strict=True):
        filled = [index for index, cell in enumerate(row.cells) if cell.text]
        if broken and kept and len(filled) == 1 and WORD_FRAGMENT.fullmatch(row.cells[filled[0]].text):
            column = filled[0]
            above = kept[-1]
            if column < len(above.cells) and regex.search(r"\p{Han}$", above.cells[column].text):
                cells = list(above.cells)
                cells[column] = combined(cells[column], row.cells[column])
                kept[-1] = Row(cells, above.start, max(above.end, cells[column].end))
                rejoined += 1
                continue
        kept.append(row)
    return kept, rejoined

"""Which flattening a table block went through, from the look of its lines."""

from __future__ import annotations

import regex

from ...loading import Document
from ...structure import Block
from ...structure.blocks import PIPE_ROW, PIPE_SEPARATOR
from .cells import is_blank, line_spans
from .column_major import column_count

HTML_TABLE_START = regex.compile(r"\s*<table\b", regex.IGNORECASE)
COLUMN_GAP = regex.compile(r"(?:^|\S) {2,}\S")  # between two cells, or before a cell under a later column


def detect_layout(document: Document, block: Block) -> str:
    """``html``, ``pipe``, ``tabbed``, ``cell_lines``, ``spaced`` or ``column_major``.

    * ``html``: the raw region is a ``<table>`` element;
    * ``pipe``: pipe rows with a ``|---|`` separator line;
    * ``tabbed``: lines with tabs between cells; also tab-prefixed one-cell lines when
      the block has no blank line (nothing would separate the rows);
    * ``cell_lines``: tab-prefixed one-cell lines with blank lines between rows, or
      untabbed short lines one cell each;
    * ``spaced``: half the lines or more have cells separated by runs of two or more
      spaces, or a cell indented by such a run (text wrapped in a later column);
    * ``column_major``: untabbed one-cell lines without blank lines that read as whole
      columns one after another (:func:`~.column_major.column_count`).
    """
    if HTML_TABLE_START.match(document.text, block.start, block.end):
        return "html"
    text = block.text.text
    lines = [text[start:end] for start, end in line_spans(text)]
    filled = [line for line in lines if not is_blank(line)]
    if sum(bool(PIPE_ROW.fullmatch(line)) for line in filled) >= 2 and any(
        PIPE_SEPARATOR.fullmatch(line) for line in filled
    ):
        return "pipe"
    tabbed = [line for line in filled if "\t" in line]
    if tabbed:
        one_cell = sum(line.startswith("\t") and line.count("\t") == 1 for line in tabbed)
        has_blank = len(filled) < len(lines)
        return "cell_lines" if 2 * one_cell > len(tabbed) and has_blank else "tabbed"
    if 2 * sum(bool(COLUMN_GAP.search(line.rstrip())) for line in filled) >= len(filled):
        return "spaced"
    if len(filled) == len(lines) and column_count([line.strip() for line in filled]):  # the texts of its cells
        return "column_major"
    return "cell_lines"

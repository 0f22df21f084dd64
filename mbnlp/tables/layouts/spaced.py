"""Space-aligned rows, as PDF text extraction writes them.

Cells are separated by runs of two or more spaces; words inside a cell by single spaces.
Each line is placed in the table's columns by position (:mod:`.columns`), so a row
gets one cell per column, empty where nothing is printed under that column. A row of a
two-sided table (income and expenditure halves side by side) is one row holding both
halves.

PDF artefacts repaired here: page-number lines dropped; words printed letter-spaced
(``合    计``) read as one cell ``合计``; codes printed with spaces (``210 11 01``) read as
``2101101``, offsets covering the printed span; a run of spaces inside a column (a cell
whose text holds one) kept inside the cell (:func:`~.columns.join_gaps_inside_columns`);
values continued on the next line and cells wrapped onto the lines below put back into
their row (:mod:`.repairs`).

What space-aligned text cannot carry: a row with no text (it prints as nothing), a
column with no text on any line (nothing marks where it was), and a row of labels under
a label that fills its column, which reads as that label's wrapped rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

import regex

from ...structure import Block
from ...text import MappedText
from ..grid import Cell, Grid, Row
from .cells import empty_cell, is_blank, line_spans
from .columns import Span, Token, column_of, display_width, find_columns, join_gaps_inside_columns, overlaps
from .repairs import SlotRow, is_page_number, joined_code, merge_value_lines, rejoin_wrapped_cells

LETTER_SPACED = regex.compile(r"(?:[合总小] {2,8}计|项 {2,8}目|收 {2,8}入|支 {2,8}出|[栏行] {2,8}次|金 {2,8}额)(?!\S)")
TOKEN = regex.compile(LETTER_SPACED.pattern + r"|\S+(?: \S+)*")
WORD = regex.compile(r"\S+")
MIN_SPLIT_WORD = 2


def read_spaced(block: Block) -> Grid:
    """The grid of a space-aligned table block."""
    view = block.text
    notes: list[str] = []
    spans = [span for span in line_spans(view.text) if not is_blank(view.text[slice(*span)])]
    pages = [span for span in spans if is_page_number(view.text[slice(*span)])]
    if pages:
        notes.append(f"dropped {len(pages)} page-number line(s)")
    spans = [span for span in spans if span not in pages]
    tokens = join_gaps_inside_columns([line_tokens(view, *span) for span in spans], view.text)
    lines = list(zip(spans, tokens, strict=True))
    codes = sum(token.text != view.text[token.start : token.end] for _, tokens in lines for token in tokens)
    if codes:
        notes.append(f"read {codes} letter-spaced word(s) or spaced code(s) as one")
    columns = find_columns([tokens for _, tokens in lines])
    rows = [_slot_row(view, span, tokens, columns) for span, tokens in lines]
    rows, merged = merge_value_lines(rows)
    if merged:
        notes.append(f"merged {merged} line(s) of values into the row above")
    rows, joined = rejoin_wrapped_cells(rows, columns)
    if joined:
        notes.append(f"rejoined {joined} line(s) of cells wrapped onto the next line")
    return Grid([_row(row) for row in rows], "spaced", block.start, block.end, notes)


def line_tokens(view: MappedText, start: int, end: int) -> list[Token]:
    """The cells of one line and their display columns; a letter-spaced word or a code
    printed with spaces gets its text without the spaces."""
    tokens = []
    for token in _scan(view, start, end, TOKEN, 0):
        text = token.text.replace(" ", "") if LETTER_SPACED.fullmatch(token.text) else token.text
        tokens.append(replace(token, text=joined_code(text) or text))
    return tokens


def _scan(view: MappedText, start: int, end: int, pattern: regex.Pattern, column: int) -> list[Token]:
    """The matches of ``pattern`` in ``view.text[start:end]``, display columns counted from
    ``column`` at ``start``."""
    tokens = []
    position = start
    for match in pattern.finditer(view.text, start, end):
        column += display_width(view.text[position : match.start()])
        width = display_width(match.group())
        tokens.append(Token(match.group(), match.start(), match.end(), column, column + width))
        column += width
        position = match.end()
    return tokens


def _slot_row(view: MappedText, span: tuple[int, int], tokens: Sequence[Token], columns: Sequence[Span]) -> SlotRow:
    """A line's tokens placed in the columns (a taken column pushes a token to the next free one)."""
    slots: list[Cell | None] = [None] * len(columns)
    lines: list[Token | None] = [None] * len(columns)
    for token in tokens:
        for part in _split_over_columns(view, token, columns):
            index = column_of((part.left, part.right), columns)
            free = [i for i in range(index, len(columns)) if slots[i] is None] or [
                i for i in range(index, -1, -1) if slots[i] is None
            ]
            cell = Cell(part.text, *view.to_source(part.start, part.end))
            if free:
                slots[free[0]], lines[free[0]] = cell, part
            else:
                slots[index] = Cell(f"{slots[index].text} {cell.text}", slots[index].start, cell.end)
                lines[index] = part
    content = view.text[slice(*span)]
    start = span[0] + len(content) - len(content.lstrip())
    return SlotRow(slots, *view.to_source(start, span[0] + len(content.rstrip())), lines)


def _split_over_columns(view: MappedText, token: Token, columns: Sequence[Span]) -> list[Token]:
    """``token`` split at single spaces when each word sits over its own column, in order."""
    covered = [index for index, column in enumerate(columns) if overlaps((token.left, token.right), column)]
    if len(covered) < 2 or " " not in token.text or token.text != view.text[token.start : token.end]:
        return [token]
    words = _scan(view, token.start, token.end, WORD, token.left)
    places = [column_of((word.left, word.right), columns) for word in words]
    if all(len(word.text) >= MIN_SPLIT_WORD for word in words) and all(a < b for a, b in pairwise(places)):
        return words
    return [token]


def _row(row: SlotRow) -> Row:
    cells = []
    position = row.start
    for cell in row.slots:
        cells.append(cell if cell is not None else empty_cell(position))
        position = cells[-1].end
    return Row(cells, row.start, row.end)

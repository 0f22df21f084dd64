"""Header rows: where they end, which rows only number the columns, and one label per column.

A header of several rows is merged column by column into a path of labels joined with
``/`` (``本年支出/基本支出``). A label that spans several columns is printed once, in its
first column, with the others left empty (or repeated as ``spanned`` copies): an empty
header cell takes the label on its left when both columns have labels below them.
Identical labels stacked in one column (rowspan copies) collapse to one; a label over one
column with another over that column only under it is one label wrapped over two lines.

The 栏次 row numbers the amount columns (:func:`column_numbers`); a 合计 printed on the
类/款/项/栏次 line belongs to the first data row, not to the header (:func:`displaced_total`).
"""

from __future__ import annotations

from itertools import pairwise

import regex

from .cells import LIST_MARKER, cell_kind, compact, is_total_label
from .grid import Cell, Row

NUMBERING_WORDS = frozenset({"栏次", "行次", "类", "款", "项"})
DROPPED_LABELS = frozenset({"栏次"})
MAX_HEADER_ROWS = 6
MAX_LABEL = 30
SEPARATOR = "/"
INTEGER = regex.compile(r"\d{1,2}")


def is_numbering_row(texts: list[str]) -> bool:
    """Whether a row only numbers the columns: 栏次/行次/类/款/项 and the integers 1, 2, 3 …"""
    cells = [cell for text in texts if (cell := compact(text))]
    if not cells or not all(cell in NUMBERING_WORDS or INTEGER.fullmatch(cell) for cell in cells):
        return False
    numbers = [int(cell) for cell in cells if cell not in NUMBERING_WORDS]
    consecutive = all(after == before + 1 for before, after in pairwise(numbers))
    return consecutive and (len(numbers) < len(cells) or len(numbers) >= 2)


def column_numbers(rows: list[Row]) -> list[int]:
    """The positions of the numbers 1, 2, 3 … of the first 栏次 row among the first rows
    (empty when there is none): they sit over the amount columns, in step with the data."""
    for row in rows[: MAX_HEADER_ROWS + 2]:
        if is_numbering_row(row.texts):
            numbers = [
                (at, int(compact(text))) for at, text in enumerate(row.texts) if INTEGER.fullmatch(compact(text))
            ]
            if len(numbers) >= 2 and numbers[0][1] == 1:
                return [position for position, _ in numbers]
        elif is_data_row(row.texts):
            break
    return []


def displaced_total(header: list[Row]) -> tuple[list[Row], Cell | None]:
    """The header without a total label printed on its numbering line (``类 款 项 栏次 合计``),
    and that label: it names the first data row, which the flattening left unlabelled."""
    for index, row in enumerate(header):
        filled = [position for position, text in enumerate(row.texts) if compact(text)]
        totals = [position for position in filled if is_total_label(row.texts[position])]
        words = [position for position in filled if compact(row.texts[position]) in NUMBERING_WORDS]
        if len(totals) == 1 and words and len(totals) + len(words) == len(filled):
            label = row.cells[totals[0]]
            cells = [Cell("", cell.start, cell.start) if cell is label else cell for cell in row.cells]
            return [*header[:index], Row(cells, row.start, row.end), *header[index + 1 :]], label
    return header, None


def is_data_row(texts: list[str]) -> bool:
    """Whether a row holds data: an amount or a code, or a lone total label (an empty table's 合计)."""
    kinds = [cell_kind(text) for text in texts]
    if any(kind in ("amount", "code") for kind in kinds):
        return True
    filled = [text for text in texts if compact(text)]
    return len(filled) == 1 and is_total_label(filled[0])


def split_header(rows: list[Row]) -> tuple[list[Row], list[Row]]:
    """``(header rows, data rows)``; rows that only number the columns belong to neither.

    The header is every row before the first data row. A table without a data row in its
    first rows (a table of text) has its first row as header when that row reads as
    labels (short cells), else no header.
    """
    kept = [row for row in rows if not is_numbering_row(row.texts)]
    first_data = next((index for index, row in enumerate(kept) if is_data_row(row.texts)), None)
    if first_data is not None and first_data <= MAX_HEADER_ROWS:
        return kept[:first_data], kept[first_data:]
    if kept and all(len(compact(text)) <= MAX_LABEL for text in kept[0].texts):
        return kept[:1], kept[1:]
    return [], kept


def label_paths(header: list[Row], width: int) -> list[list[str]]:
    """For each of ``width`` columns, its header labels from top to bottom."""
    grid = [row_labels(row, width) for row in header]
    for top in range(len(grid) - 1):
        below = [any(row[column] for row in grid[top + 1 :]) for column in range(width)]
        source: int | None = None
        for column in range(width):
            if grid[top][column]:
                source = column if below[column] else None
            elif source is not None and below[column]:
                grid[top][column] = grid[top][source]
            else:
                source = None
    _join_wrapped(grid)
    paths = []
    for column in range(width):
        path: list[str] = []
        for row in grid:
            if row[column] and (not path or path[-1] != row[column]):
                path.append(row[column])
        paths.append(path)
    return paths


def _join_wrapped(grid: list[list[str]]) -> None:
    """Join a label wrapped over two header rows (``一般公共预算`` / ``拨款收入``), in place: a
    label over one column only, with a label over that column only under it and nothing
    further down, is one label (a parent label spans several columns)."""
    for top in range(len(grid) - 1):
        upper, lower = grid[top], grid[top + 1]
        for column, label in enumerate(upper):
            if (
                label
                and lower[column]
                and label != lower[column]
                and _alone(upper, column)
                and _alone(lower, column)
                and not any(row[column] for row in grid[top + 2 :])
            ):
                lower[column], upper[column] = label + lower[column], ""


def _alone(labels: list[str], column: int) -> bool:
    """Whether the label at ``column`` spans that column only (its neighbours differ)."""
    return all(labels[other] != labels[column] for other in (column - 1, column + 1) if 0 <= other < len(labels))


def join_label(path: list[str]) -> str:
    """One label from a path (``["本年支出", "基本支出"]`` → ``本年支出/基本支出``)."""
    return SEPARATOR.join(path)


def row_labels(row: Row, width: int) -> list[str]:
    """The labels of one header row over ``width`` columns (``""`` where none; 栏次 dropped;
    list markers dropped, ``一、人员经费`` → ``人员经费``)."""
    texts = [LIST_MARKER.sub("", compact(text), count=1) for text in row.texts[:width]]
    texts += [""] * (width - len(texts))
    return ["" if text in DROPPED_LABELS else text for text in texts]

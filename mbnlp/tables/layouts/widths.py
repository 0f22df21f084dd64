"""How many cells make a row, for tables dumped one cell per line with nothing between rows.

Every row of the dump has the table's width (a dump of a regular table prints every
cell, ``—`` where it is empty), so the width divides the number of cells. The header is
the rows before the first row holding a number; below it, each column holds one kind of
cell (names, classification codes, or amounts; empty marks fit any) and codes ascend
down a column, as budget tables list them.

A width is considered when the header is at least a row and the body at least a row with
numbers, and when reading at that width does not cut through what a row keeps together:

* no header row is empty, and the first two rows do not repeat each other (the same
  empty cells and, copies of a merged cell taken once, at most one other cell
  different: the halves of a two-sided table, or blocks side by side, read as rows);
* copies of one label (a merged header cell) do not run from the end of a header row
  into the next;
* column numbers (``1 2 3 …`` in consecutive cells, from the ``栏次``/``行次`` before them)
  sit in one row.

A width's disagreements are the cells that disagree with their column's kind plus the
codes that come below a larger code in their column. A multiple of another considered
width (two rows read as one) must leave fewer than half of that width's disagreements,
since splitting columns can only make them look purer. Of the widths left, the one
with the fewest disagreements wins; ties go to the smaller width. Widths that read
equally well are the dump's inherent ambiguity (:func:`row_width_fits` lists them).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise
from typing import Literal, NamedTuple

import regex

from .kinds import cell_kind

MAX_WIDTH = 24
CODE = regex.compile(r"[1-9]\d{2}(?:\d{2}){0,2}")  # a classification code: 3, 5 or 7 digits
NUMBERING_WORDS = frozenset({"栏次", "行次"})

ColumnKind = Literal["label", "code", "number", "blank"]


class WidthFit(NamedTuple):
    """A row width, the cells that disagree with their column's kind, and its
    disagreements (those cells and the codes out of order)."""

    width: int
    conflicts: int
    disagreements: int


def infer_row_width(texts: Sequence[str]) -> WidthFit | None:
    """The row width of a one-cell-per-line dump of the cell ``texts`` (see the module
    docstring), or None when no width is considered."""
    fits = row_width_fits(texts)
    return fits[0] if fits else None


def row_width_fits(texts: Sequence[str]) -> list[WidthFit]:
    """The widths that may be chosen for a one-cell-per-line dump, best first."""
    return list(_width_fits(tuple(texts)))


@lru_cache(maxsize=16)  # a block's cells are weighed when its layout is detected, and again when it is read
def _width_fits(texts: tuple[str, ...]) -> tuple[WidthFit, ...]:
    kinds = [column_kind(text) for text in texts]
    numbering = numbering_spans(texts)
    fits = []
    for width in range(2, min(MAX_WIDTH, len(texts) // 2) + 1):
        if len(texts) % width or any(start // width != end // width for start, end in numbering):
            continue
        rows = [list(texts[index : index + width]) for index in range(0, len(texts), width)]
        row_kinds = [kinds[index : index + width] for index in range(0, len(texts), width)]
        header = next((at for at, row in enumerate(row_kinds) if "code" in row or "number" in row), len(rows))
        if not 0 < header < len(rows) or not _header_reads_as_rows(rows[:header], row_kinds[:header]):
            continue
        body = list(zip(*rows[header:], strict=True))
        body_kinds = [
            Counter(kind for kind in column if kind != "blank") for column in zip(*row_kinds[header:], strict=True)
        ]
        if not any(column["number"] or column["code"] for column in body_kinds):
            continue
        conflicts = sum(sum(column.values()) - max(column.values(), default=0) for column in body_kinds)
        descents = sum(_descending_codes(column) for column in body)
        fits.append(WidthFit(width, conflicts, conflicts + descents))
    kept = [
        fit
        for fit in fits
        if not any(
            fit.width % other.width == 0 and 2 * fit.disagreements >= other.disagreements
            for other in fits
            if other.width < fit.width
        )
    ]
    return tuple(sorted(kept, key=lambda fit: (fit.disagreements, fit.width)))


def column_kind(text: str) -> ColumnKind:
    """``code`` for a classification code, else the cell's kind (:func:`~.kinds.cell_kind`)."""
    kind = cell_kind(text)
    return "code" if kind == "number" and CODE.fullmatch(text.strip()) else kind


def numbering_spans(texts: Sequence[str]) -> list[tuple[int, int]]:
    """``(first, last)`` cell indices of each run of column numbers: cells reading ``1``,
    ``2``, ``3`` … (two or more), from the ``栏次``/``行次`` before them when only empty
    cells sit between."""
    spans = []
    index = 0
    while index < len(texts):
        if texts[index].strip() != "1":
            index += 1
            continue
        last = index
        while last + 1 < len(texts) and texts[last + 1].strip() == str(last + 2 - index):
            last += 1
        if last > index:
            word = index - 1
            while word >= 0 and cell_kind(texts[word]) == "blank":
                word -= 1
            spans.append((word if word >= 0 and texts[word].strip() in NUMBERING_WORDS else index, last))
        index = last + 1
    return spans


def _header_reads_as_rows(rows: Sequence[Sequence[str]], kinds: Sequence[Sequence[ColumnKind]]) -> bool:
    """Whether the header rows at a width read as rows (see the module docstring)."""
    if any(all(kind == "blank" for kind in row) for row in kinds):
        return False
    if len(rows) > 1 and _repeats(rows[0], rows[1]):
        return False
    return not any(
        kind[-1] == "label" and above[-1] == below[0]
        for (above, below), kind in zip(pairwise(rows), kinds, strict=False)
    )


def _repeats(first: Sequence[str], second: Sequence[str]) -> bool:
    """Whether two rows are the same but for one cell, with copies of a merged cell taken once."""
    first, second = _merged(first), _merged(second)
    blanks = [cell_kind(text) == "blank" for text in first], [cell_kind(text) == "blank" for text in second]
    if len(first) != len(second) or blanks[0] != blanks[1]:
        return False
    return sum(a != b for a, b in zip(first, second, strict=True)) <= 1


def _merged(row: Sequence[str]) -> list[str]:
    """``row`` with each run of copies of one label taken once."""
    return [text for at, text in enumerate(row) if at == 0 or text != row[at - 1] or cell_kind(text) == "blank"]


def _descending_codes(column: Sequence[str]) -> int:
    """How many classification codes in a column come right below a larger code."""
    codes = [text.strip() for text in column if CODE.fullmatch(text.strip())]
    return sum(above > below for above, below in pairwise(codes))

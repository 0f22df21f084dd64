"""Repairs of what PDF text extraction does to tables, on rows of column slots.

Each repair takes rows whose cells sit in column slots (``None`` where a column is
empty on that line) and returns the repaired rows and how many repairs it made.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..grid import Cell
from .cells import combined
from .kinds import cell_kind, is_value

PAGE_NUMBER = regex.compile(
    r"\s*(?:[-—–－]+\s*\d{1,4}\s*[-—–－]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?)\s*"
)
SPACED_CODE = regex.compile(r"[1-9]\d{2}(?: \d{2}){1,2}")
ENUMERATED = regex.compile(r"(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]|其中)")


@dataclass
class SlotRow:
    """One table row as column slots, and its raw span."""

    slots: list[Cell | None]
    start: int
    end: int


def is_page_number(line: str) -> bool:
    """Whether a line is a page number (``—23—``, ``- 7 -``, ``— 3 —``, ``第 3 页``)."""
    return bool(PAGE_NUMBER.fullmatch(line))


def joined_code(text: str) -> str | None:
    """A classification code printed with spaces (``201 06 01``) without them, or None."""
    return text.replace(" ", "") if SPACED_CODE.fullmatch(text) else None


def merge_value_lines(rows: list[SlotRow]) -> tuple[list[SlotRow], int]:
    """Lines holding only values put back into the row above.

    When a line holds numbers or empty marks and nothing else, every one of them in a
    column that is empty in the row above, and that row has a label, the values belong to
    that row: one row's values split over two lines, or a two-sided table's labels on
    one line and their values on the next.
    """
    kept: list[SlotRow] = []
    merged = 0
    for row in rows:
        filled = [index for index, cell in enumerate(row.slots) if cell is not None]
        above = kept[-1] if kept else None
        if (
            above is not None
            and filled
            and all(is_value(row.slots[index].text) for index in filled)
            and all(above.slots[index] is None for index in filled)
            and any(cell is not None and cell_kind(cell.text) == "label" for cell in above.slots)
        ):
            for index in filled:
                above.slots[index] = row.slots[index]
            above.end = max(above.end, row.end)
            merged += 1
            continue
        kept.append(row)
    return kept, merged


def rejoin_wrapped_names(rows: list[SlotRow]) -> tuple[list[SlotRow], int]:
    """Names wrapped onto the next line, after the numbers of their row, joined back.

    A line whose only cell is a label that does not start a new item (no enumeration
    such as ``四、`` or ``（一）``, no digit) continues the label in the same column of the
    row above, when that row has numbers.
    """
    kept: list[SlotRow] = []
    joined = 0
    for row in rows:
        filled = [index for index, cell in enumerate(row.slots) if cell is not None]
        above = kept[-1] if kept else None
        if above is not None and len(filled) == 1 and _continues(above, row.slots[filled[0]], filled[0]):
            column = filled[0]
            above.slots[column] = combined(above.slots[column], row.slots[column])
            above.end = max(above.end, row.end)
            joined += 1
            continue
        kept.append(row)
    return kept, joined


def _continues(above: SlotRow, fragment: Cell, column: int) -> bool:
    """Whether ``fragment`` reads as the wrapped end of the label in ``column`` of ``above``."""
    name = above.slots[column]
    return (
        name is not None
        and cell_kind(name.text) == "label"
        and cell_kind(fragment.text) == "label"
        and not fragment.text[0].isdigit()
        and not ENUMERATED.match(fragment.text)
        and any(cell is not None and cell_kind(cell.text) == "number" for cell in above.slots)
    )

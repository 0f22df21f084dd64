"""Repairs of what PDF text extraction does to tables, on rows of column slots.

Each repair takes rows whose cells sit in column slots (``None`` where a column is
empty on that line) and returns the repaired rows and how many repairs it made. What
makes a line read as the wrapped rest of a cell (:func:`may_break`, :func:`may_continue`,
:func:`leaves_no_room`) is shared with :mod:`.wrapping`, which prints long cells so.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..grid import Cell
from .cells import combined
from .columns import Span, Token, display_width
from .kinds import cell_kind, is_value

PAGE_NUMBER = regex.compile(
    r"\s*(?:[-—–－]+\s*\d{1,4}\s*[-—–－]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?)\s*"
)
SPACED_CODE = regex.compile(r"[1-9]\d{2}(?: \d{2}){1,2}")
ENUMERATED = regex.compile(r"(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]|其中)")
WIDE = 2  # display columns of a wide character
MIN_WRAPPED_WIDTH = 20  # display columns: a full line this wide is text wrapped in a wide column


@dataclass
class SlotRow:
    """One table row as column slots, its raw span, and the last line printed in each slot."""

    slots: list[Cell | None]
    start: int
    end: int
    lines: list[Token | None]


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
                above.lines[index] = row.lines[index]
            above.end = max(above.end, row.end)
            merged += 1
            continue
        kept.append(row)
    return kept, merged


def rejoin_wrapped_cells(rows: list[SlotRow], columns: list[Span]) -> tuple[list[SlotRow], int]:
    """Lines that carry on cells of the row above, wrapped in their columns, joined back.

    A line continues the row above when each of its cells may continue a label
    (:func:`may_continue`), fits inside its column, and sits under a label of that row
    whose last printed line leaves no room in the column for the cell's first word
    (:func:`leaves_no_room`: the text did not fit and went on below); and either those
    lines are at least :data:`MIN_WRAPPED_WIDTH` wide (text wrapped in a wide column) or
    the line is one cell, not starting with a digit, under a row with numbers (a name
    wrapped after its row's numbers). Header lines over narrow columns stay rows of their
    own; so does a row under a full label that reads as a new item (``四、…``) — and a
    label row under a full label that does not is read as its wrapped rest, the layout's
    inherent ambiguity.
    """
    kept: list[SlotRow] = []
    joined = 0
    for row in rows:
        filled = [index for index, cell in enumerate(row.slots) if cell is not None]
        above = kept[-1] if kept else None
        if above is not None and filled and _carries_on(above, row, filled, columns):
            for index in filled:
                above.slots[index] = combined(above.slots[index], row.slots[index])
                above.lines[index] = row.lines[index]
            above.end = max(above.end, row.end)
            joined += 1
            continue
        kept.append(row)
    return kept, joined


def starts_item(text: str) -> bool:
    """Whether a cell text starts a new item: ``四、``, ``（一）``, ``1.``, ``其中``."""
    return bool(ENUMERATED.match(text))


def may_continue(text: str) -> bool:
    """Whether a cell text may be the wrapped rest of a label: a label not starting a new item."""
    return cell_kind(text) == "label" and not starts_item(text)


def leaves_no_room(right: int, column_right: int, text: str) -> bool:
    """Whether a line printed up to display column ``right`` leaves no room before
    ``column_right`` for the start of ``text`` up to its first break point
    (:func:`first_unbreakable`) and one more wide character (a line may end a character
    early, so that a line does not start with a mark or an item number)."""
    return right + display_width(first_unbreakable(text)) + WIDE > column_right


def first_unbreakable(text: str) -> str:
    """``text`` up to the first place a printed line may break (:func:`may_break`)."""
    for position in range(1, len(text)):
        if may_break(text[position - 1], text[position]):
            return text[:position]
    return text


def may_break(before: str, after: str) -> bool:
    """Whether a printed line may break between two characters: not next to a space (the
    space would be lost) and not between two ASCII characters (numbers and Latin words stay
    whole), so that the lines join back to the text (:func:`~.cells.join_texts`)."""
    return not (before.isspace() or after.isspace() or (before.isascii() and after.isascii()))


def _carries_on(above: SlotRow, row: SlotRow, filled: list[int], columns: list[Span]) -> bool:
    """Whether the cells of ``row`` (in the ``filled`` slots) continue the cells of ``above``."""
    for index in filled:
        name, line = above.slots[index], above.lines[index]
        fragment, printed = row.slots[index], row.lines[index]
        if not (
            name is not None
            and line is not None
            and printed is not None
            and printed.right <= columns[index][1]
            and cell_kind(name.text) == "label"
            and may_continue(fragment.text)
            and leaves_no_room(line.right, columns[index][1], fragment.text)
        ):
            return False
    if all(above.lines[index].right - above.lines[index].left >= MIN_WRAPPED_WIDTH for index in filled):
        return True
    return (
        len(filled) == 1
        and not row.slots[filled[0]].text[0].isdigit()
        and any(cell is not None and cell_kind(cell.text) == "number" for cell in above.slots)
    )

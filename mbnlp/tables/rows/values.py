"""Cell texts as record values: exact decimal strings, kept text, or None."""

from __future__ import annotations

from collections.abc import Callable

from ...normalize import is_null_marker, parse_quantity
from ..cells import cell_amount, compact
from ..model import ColumnRole, ReconstructedTable, TableRow


def number(text: str) -> str | None:
    """The decimal a cell prints, with ``%`` or a unit dropped (``72.3%`` → ``72.3``,
    ``10分`` → ``10``); None for an empty cell, a dash, or text."""
    return cell_amount(text) or parse_quantity(text).value


def text_or_none(text: str) -> str | None:
    """The cell text (spaces between Han characters removed), None when empty or a dash."""
    value = compact(text)
    return None if is_null_marker(value) else value


def table_cell(text: str) -> str | None:
    """A cell as the ``rows`` of a ``Table`` record: amounts normalised, dashes and blanks None."""
    return cell_amount(text) or text_or_none(text)


def role_reader(table: ReconstructedTable, row: TableRow) -> Callable[[ColumnRole], str]:
    """``cell(role)``: the text of ``row`` in the first column of ``table`` with that role
    (``""`` when the table has no such column)."""
    positions: dict[str, int] = {}
    for index, column in enumerate(table.columns):
        positions.setdefault(column.role, index)

    def cell(role: ColumnRole) -> str:
        return row.cells[positions[role]].text if role in positions else ""

    return cell

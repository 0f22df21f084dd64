"""Rows of statement tables (决算/预算 tables keyed by code or line-item name).

After alignment (:mod:`.align`):

* a block that holds only an amount (``公用经费合计`` printed in one block, its amount
  in the next) gives the amount to the nearest block before it that has a label but no
  amount;
* a row with neither code nor name whose amounts repeat the next row's is a duplicate
  printed by the flattening and is dropped;
* a first row with neither code nor name whose amounts are the sums of the 类 rows is
  the table's total (合计) left unlabelled; a total label printed on the numbering line
  (:func:`~.header.displaced_total`) is put back in its first key cell;
* rows whose first label is a total (合计, 总计, 本年收入合计 …; a dash before it does not
  count) are marked;
* ``行次`` columns and rows left with nothing are dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ..classification import level_of
from ..normalize import is_null_marker
from .align import account_fit, aligned_cells, same_values
from .anchoring import anchored_paths
from .cells import cell_amount, is_total_label
from .columns import account_columns
from .grid import Cell, Row
from .model import Column, TableRow


def statement_rows(
    header: list[Row], data: list[Row], width: int, numbers: Sequence[int] = (), total_label: Cell | None = None
) -> tuple[list[Column], list[TableRow]]:
    """The columns and the aligned, cleaned rows of a statement table.

    ``numbers`` are the positions of the 栏次 numbers (the header is re-anchored on them when
    it is out of step, :mod:`.anchoring`); ``total_label`` a 合计 printed away from its row.
    """
    columns = account_columns(anchored_paths(header, data, list(numbers), width), data, width)
    roles = [column.role for column in columns]
    rows = [TableRow(aligned_cells(row, roles, account_fit), row.start, row.end) for row in data]
    if len({column.group for column in columns}) > 1:
        for row in rows:
            _attach_orphans(row.cells, columns)
    rows = _without_duplicates(rows, columns)
    for row in rows:
        first = next((cell.text for cell in row.cells if cell.text and not is_null_marker(cell.text)), "")
        row.total = is_total_label(first)
    _mark_unlabelled_total(rows, columns, total_label)
    kept = [index for index, column in enumerate(columns) if column.role != "line"]
    columns = [columns[index] for index in kept]
    rows = [TableRow([row.cells[index] for index in kept], row.start, row.end, row.total) for row in rows]
    return columns, [row for row in rows if any(cell.text for cell in row.cells)]


def _key_columns(columns: list[Column]) -> list[int]:
    return [index for index, column in enumerate(columns) if column.role in ("code", "name")]


def _value_columns(columns: list[Column]) -> list[int]:
    return [index for index, column in enumerate(columns) if column.role == "value"]


def _attach_orphans(cells: list[Cell], columns: list[Column]) -> None:
    """Move the amount of a block without code or name to the nearest labelled block before it
    that has no amount (in place)."""
    groups = sorted({column.group for column in columns})
    keys = {
        group: [i for i, c in enumerate(columns) if c.group == group and c.role in ("code", "name")] for group in groups
    }
    values = {group: [i for i, c in enumerate(columns) if c.group == group and c.role == "value"] for group in groups}
    waiting: list[int] = []
    for group in groups:
        labelled = any(cells[index].text for index in keys[group])
        filled = [index for index in values[group] if cells[index].text]
        if labelled and not filled and values[group]:
            waiting.append(group)
        elif not labelled and filled and waiting:
            target = values[waiting.pop()][0]
            source = filled[0]
            cells[target], cells[source] = cells[source], Cell("", cells[source].start, cells[source].start)


def _without_duplicates(rows: list[TableRow], columns: list[Column]) -> list[TableRow]:
    """Rows without the unlabelled copies of the row that follows them."""
    keys, values = _key_columns(columns), _value_columns(columns)
    kept = []
    for row, following in zip(rows, [*rows[1:], None]):
        unlabelled = not any(row.cells[index].text for index in keys)
        if unlabelled and following is not None and same_values(row.cells, following.cells, values):
            continue
        kept.append(row)
    return kept


def _mark_unlabelled_total(rows: list[TableRow], columns: list[Column], label: Cell | None) -> None:
    """Mark the first row when it has no label and each of its amounts is the sum of the 类 rows;
    ``label`` (if any) goes into its first key cell."""
    keys, values = _key_columns(columns), _value_columns(columns)
    codes = [index for index, column in enumerate(columns) if column.role == "code"]
    if not rows or not codes or any(rows[0].cells[index].text for index in keys):
        return
    classes = [row for row in rows if any(level_of(row.cells[index].text) == "类" for index in codes)]
    filled = [index for index in values if cell_amount(rows[0].cells[index].text) is not None]
    if (
        classes
        and filled
        and all(_sum(classes, index) == Decimal(cell_amount(rows[0].cells[index].text)) for index in filled)
    ):
        rows[0].total = True
        if label is not None:
            names = [index for index in keys if columns[index].role == "name"]
            rows[0].cells[(names or keys)[0]] = label


def _sum(rows: list[TableRow], column: int) -> Decimal:
    return sum((Decimal(cell_amount(row.cells[column].text) or 0) for row in rows), Decimal(0))

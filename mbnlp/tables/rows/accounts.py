"""``Account`` records (SPEC §2) from reconstructed statement tables.

* One record per (row, block, value column) whose cell prints a number; blank cells and
  dashes give no record (a blank is not 0; the ``Table`` record keeps them as null).
* ``code``: the row's code in the block (joined when 类/款/项 are printed in separate
  columns), None for lines without one (合计, 三公 lines, 人员经费合计 …).
* ``name``: as printed, without list marker (``一、``, ``（一）``, ``1.``), ``其中：`` or
  ``（类）`` mark (a total label printed across the code columns, ``合计``, names its row);
  from the classification dictionary when the row prints a code only;
  None when the row prints neither (the column then says what the amount is).
* ``level``: 类/款/项 from the code length; ``side``: income/expenditure in two-sided
  tables; ``column``: the merged header label.
* ``suggested_code``: the code the classification gives for the printed name where the
  printed code does not fit it (:mod:`~mbnlp.tables.codes`).
* ``unit``: a unit in the name (``公务用车保有量（辆）`` → 辆), else a money unit in the
  column label (``批复金额（万元）``), else ``%`` for a printed percentage, else the table's.
* Performance tables give no accounts (see :mod:`.indicators`, :mod:`.funds`).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ...classification import level_of, lookup
from ...normalize import parse_quantity, unit_from_name
from ...records.models import Account
from ..cells import cell_amount, is_total_label, plain_name
from ..codes import row_codes
from ..model import Column, ReconstructedTable, TableRow

PERFORMANCE_KINDS = frozenset({"performance_indicators", "project_funds"})
COLUMN_UNIT = regex.compile(r"[（(]\s*(亿元|万元|千元|元)\s*[）)]")


def account_records(table: ReconstructedTable) -> list[Account]:
    """The amounts of a statement table, one record per printed number."""
    if table.kind in PERFORMANCE_KINDS:
        return []
    blocks = [_Block.of(table, group) for group in sorted({column.group for column in table.columns})]
    records = []
    for row, codes in zip(table.rows, row_codes(table.columns, table.rows)):
        for block in blocks:
            records.extend(_records(table, block, row, codes[block.group], row.suggested_codes.get(block.group)))
    return records


@dataclass(frozen=True)
class _Block:
    """The columns of one block of a table by role, read once per table: name and code columns
    (in printed order), and each value column with the money unit its label names."""

    group: int
    names: list[int]
    codes: list[int]
    values: list[tuple[Column, int, str | None]]

    @classmethod
    def of(cls, table: ReconstructedTable, group: int) -> _Block:
        columns = [(index, column) for index, column in enumerate(table.columns) if column.group == group]
        return cls(
            group,
            [index for index, column in columns if column.role == "name"],
            [index for index, column in columns if column.role == "code"],
            [(column, index, _column_unit(column)) for index, column in columns if column.role == "value"],
        )


def _records(
    table: ReconstructedTable, block: _Block, row: TableRow, code: str | None, suggested: str | None
) -> list[Account]:
    amounts = []
    for column, index, column_unit in block.values:
        cell = row.cells[index]
        value, unit = _value(cell.text)
        if value is not None:
            amounts.append((column, cell, value, column_unit or unit))
    if not amounts:  # the name and code are looked up only for rows that print an amount
        return []
    texts = [row.cells[i].text for i in block.names if row.cells[i].text]
    texts += [row.cells[i].text for i in block.codes if is_total_label(row.cells[i].text)]
    printed = plain_name(texts[0]) if texts else None
    subject = lookup(code) if code and not printed else None
    name = printed or (subject.name if subject else None)
    level = level_of(code) if code else None
    name_unit = name and unit_from_name(name)
    return [
        Account(
            table=table.id,
            code=code,
            name=name,
            level=level,
            side=column.side,
            column=column.label,
            value=value,
            unit=name_unit or unit or table.unit,
            start=cell.start,
            end=cell.end,
            suggested_code=suggested,
        )
        for column, cell, value, unit in amounts
    ]


def _value(text: str) -> tuple[str | None, str | None]:
    """The amount a cell prints, and ``%`` when it prints a percentage."""
    amount = cell_amount(text)
    if amount is not None:
        return amount, None
    quantity = parse_quantity(text)
    return quantity.value, quantity.unit if quantity.value is not None else None


def _column_unit(column: Column) -> str | None:
    found = COLUMN_UNIT.search(column.label)
    return found.group(1) if found else None

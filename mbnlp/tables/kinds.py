"""Which SPEC §2 kind a statement table is, from its title words and its structure.

* ``three_public``: the title or the line items speak of “三公”经费 (因公出国（境）费,
  公务用车, 公务接待费) and no row carries a code;
* ``income_expenditure_summary``: a two-sided table (an income block and an expenditure block);
* ``economic_detail``: rows keyed by economic codes (3xx), or several code/name/amount
  blocks side by side;
* ``account_detail``: rows keyed by functional codes (2xx); a table without rows whose
  header names a code column (an empty 政府性基金 table) is one too, or ``economic_detail``
  when the header says 经济分类;
* ``other``: anything else.
"""

from __future__ import annotations

import regex

from ..classification import kind_of, normalise_code
from ..records.models import TableKind
from .model import Column, TableRow

THREE_PUBLIC_TITLE = regex.compile(r"三公")
THREE_PUBLIC_ITEM = regex.compile(r"因公出国|公务用车|公务接待")
MIN_THREE_PUBLIC_ITEMS = 2
CODE_HEADER = regex.compile(r"编码|代码")
ECONOMIC_HEADER = regex.compile(r"经济分类")


def statement_kind(title: str | None, columns: list[Column], rows: list[TableRow]) -> TableKind:
    """The kind of a table that is not a performance table."""
    codes = [
        code
        for row in rows
        for column, cell in zip(columns, row.cells)
        if column.role == "code" and (code := normalise_code(cell.text))
    ]
    names = [cell.text for row in rows for column, cell in zip(columns, row.cells) if column.role == "name"]
    if not codes and (
        THREE_PUBLIC_TITLE.search(title or "")
        or sum(1 for name in names if THREE_PUBLIC_ITEM.search(name)) >= MIN_THREE_PUBLIC_ITEMS
    ):
        return "three_public"
    if any(column.side for column in columns):
        return "income_expenditure_summary"
    if codes:
        economic = sum(1 for code in codes if kind_of(code) == "economic")
        code_blocks = {column.group for column in columns if column.role == "code"}
        return "economic_detail" if len(code_blocks) > 1 or 2 * economic > len(codes) else "account_detail"
    labels = "".join(column.label for column in columns)
    values = [cell.text for row in rows for column, cell in zip(columns, row.cells) if column.role == "value"]
    if CODE_HEADER.search(labels) and not any(values):
        return "economic_detail" if ECONOMIC_HEADER.search(labels) else "account_detail"
    return "other"

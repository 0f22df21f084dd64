"""The document as the checks see it: each table with its logical role and its lines of facts.

A *line* is one block of one row (a two-sided summary row has an income line and an
expenditure line; a 基本支出 table printed as three code/name/amount blocks has three lines
per row), with its plain name, its code (the one the ``Account`` records give, the suggested
code where the printed one does not fit its name) and the fact under each value column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import regex

from ..loading import Document
from ..records import Account, Fund, Indicator, Statement
from ..structure import Block
from ..tables import ReconstructedTable, TableRecords
from ..tables.cells import compact, is_total_label, plain_name
from .facts import Amount, Blank, Fact, cell_fact
from .roles import Role, table_role

PERFORMANCE_KINDS = ("performance_indicators", "project_funds")
NUMBERING = regex.compile(r"^(?:栏次|行次|栏\s*次)$")
MIN_NUMBERED = 3


@dataclass(frozen=True)
class Line:
    """One block of one table row: plain name (``卫生健康支出``), name as printed (``九、卫生健康支出``),
    code, total mark and the amount of each value column (a :class:`Blank` where the cell is
    blank or a dash)."""

    row: int
    group: int
    name: str
    printed: str
    code: str | None
    total: bool
    start: int
    end: int
    values: dict[int, Amount]


@dataclass
class TableView:
    """A reconstructed table, its logical role and its lines."""

    table: ReconstructedTable
    role: Role | None
    lines: list[Line] = field(default_factory=list)

    @property
    def caption(self) -> str:
        """How messages name the table: ``t2 公开02表 收入决算表``."""
        parts = [self.table.id, self.table.label, self.table.title]
        return " ".join(part for part in parts if part)

    def value_columns(self, group: int | None = None) -> list[int]:
        """The value columns (of one block when ``group`` is given), in printed order."""
        return [
            index
            for index, column in enumerate(self.table.columns)
            if column.role == "value" and (group is None or column.group == group)
        ]

    def label(self, column: int) -> str:
        return self.table.columns[column].label

    def groups(self) -> list[int]:
        return sorted({column.group for column in self.table.columns})


@dataclass
class CheckContext:
    """Everything the rules read: the text, the year, the table views, the performance records,
    the narrative's statements and the document's blocks (to group statements by paragraph)."""

    text: str
    year: int | None
    views: list[TableView]
    indicators: list[Indicator]
    funds: list[Fund]
    statements: list[Statement] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)

    def with_role(self, role: Role) -> list[TableView]:
        return [view for view in self.views if view.role == role]

    def first(self, role: Role) -> TableView | None:
        """The first table with ``role`` (a document prints each statement once)."""
        return next(iter(self.with_role(role)), None)

    def of_kind(self, *kinds: str) -> list[TableView]:
        return [view for view in self.views if view.table.kind in kinds]


def check_context(
    document: Document,
    tables: list[ReconstructedTable],
    records: TableRecords,
    year: int | None = None,
    statements: Sequence[Statement] = (),
    blocks: Sequence[Block] = (),
) -> CheckContext:
    """The context of ``document`` from its reconstructed tables, their records, its statements and blocks."""
    accounts = {(account.table, account.start): account for account in records.accounts}
    views = []
    for table in tables:
        view = TableView(table, table_role(table))
        if table.kind not in PERFORMANCE_KINDS:
            rows = range(len(table.rows))
            view.lines = [
                line for row in rows for group in view.groups() if (line := _line(view, row, group, accounts))
            ]
        views.append(view)
    return CheckContext(
        document.text, year, views, list(records.indicators), list(records.funds), list(statements), list(blocks)
    )


def _line(view: TableView, row: int, group: int, accounts: dict[tuple[str, int], Account]) -> Line | None:
    """One block of one row; None when the block prints nothing."""
    table, cells = view.table, view.table.rows[row].cells
    columns = [index for index, column in enumerate(table.columns) if column.group == group]
    names = [compact(cells[i].text) for i in columns if table.columns[i].role == "name" and cells[i].text]
    printed = names[0] if names else ""
    name = plain_name(printed)
    found = [accounts[(table.id, cells[i].start)] for i in columns if (table.id, cells[i].start) in accounts]
    code = next((account.suggested_code or account.code for account in found if account.code), None)
    if NUMBERING.match(name) or (not name and not code and not any(cells[i].text for i in columns)):
        return None
    values = {
        i: _amount(view, row, i, accounts.get((table.id, cells[i].start)), name or code or "")
        for i in columns
        if table.columns[i].role == "value"
    }
    if _numbers_columns(values):
        return None
    total = is_total_label(name) or (table.rows[row].total and not name)
    return Line(row, group, name, printed, code, total, table.rows[row].start, table.rows[row].end, values)


def _numbers_columns(values: dict[int, Amount]) -> bool:
    """Whether a row's amounts are 1, 2, 3 … (or 5, 6, 7 …): the 栏次 row numbering the columns."""
    facts = [fact for fact in values.values() if isinstance(fact, Fact)]
    numbers = [fact.value for fact in facts]
    return (
        len(facts) >= MIN_NUMBERED
        and all(fact.digits == 0 for fact in facts)
        and all(later - earlier == 1 for earlier, later in zip(numbers, numbers[1:]))
    )


def _amount(view: TableView, row: int, column: int, account: Account | None, key: str) -> Amount:
    """The fact a cell prints (in the unit its account record gives), else a blank."""
    cell = view.table.rows[row].cells[column]
    label = f"{view.caption} {key} · {view.label(column)}"
    unit = account.unit if account is not None else view.table.unit
    return cell_fact(cell, unit, label) or Blank((view.table.id, row, column), cell.start, cell.end, label)

"""The document as the checks see it: each table with its logical role and its lines of facts.

A *line* is one block of one row (a two-sided summary row has an income line and an
expenditure line; a 基本支出 table printed as three code/name/amount blocks has three lines
per row), with its plain name, its code (the one the ``Account`` records give, the suggested
code where the printed one does not fit its name) and the fact under each value column.

Facts the rules derive from a table or from the whole document (its coded columns, its summary
sides, the narrative's stated figures) are computed once per view or context (:func:`derived`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, wraps
from itertools import pairwise
from typing import Any, NamedTuple, TypeVar

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
    derived: dict[Callable[..., Any], Any] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def caption(self) -> str:
        """How messages name the table: ``t2 公开02表 收入决算表``."""
        parts = [self.table.id, self.table.label, self.table.title]
        return " ".join(part for part in parts if part)

    def value_columns(self, group: int | None = None) -> list[int]:
        """The value columns (of one block when ``group`` is given), in printed order."""
        return self._value_columns.get(group, [])

    def label(self, column: int) -> str:
        return self.table.columns[column].label

    def groups(self) -> list[int]:
        return self._groups

    @cached_property
    def _groups(self) -> list[int]:
        return sorted({column.group for column in self.table.columns})

    @cached_property
    def _value_columns(self) -> dict[int | None, list[int]]:
        """The value columns of the table (key None) and of each block."""
        found: dict[int | None, list[int]] = {None: []}
        for index, column in enumerate(self.table.columns):
            if column.role == "value":
                found[None].append(index)
                found.setdefault(column.group, []).append(index)
        return found


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
    derived: dict[Callable[..., Any], Any] = field(default_factory=dict, repr=False, compare=False)

    def with_role(self, role: Role) -> list[TableView]:
        return [view for view in self.views if view.role == role]

    def first(self, role: Role) -> TableView | None:
        """The first table with ``role`` (a document prints each statement once)."""
        return next(iter(self.with_role(role)), None)

    def of_kind(self, *kinds: str) -> list[TableView]:
        return [view for view in self.views if view.table.kind in kinds]


Owner = TypeVar("Owner", TableView, CheckContext)
Derived = TypeVar("Derived")


def derived(function: Callable[[Owner], Derived]) -> Callable[[Owner], Derived]:
    """``function`` of a table view or of the context, computed on first use and kept on that object:
    several rules read the same facts of a table or of the narrative, and none changes them."""

    @wraps(function)
    def once(owner: Owner) -> Derived:
        if function not in owner.derived:
            owner.derived[function] = function(owner)
        return owner.derived[function]

    return once


def check_context(
    document: Document,
    tables: list[ReconstructedTable],
    records: TableRecords,
    year: int | None = None,
    statements: Sequence[Statement] = (),
    blocks: Sequence[Block] = (),
) -> CheckContext:
    """The context of ``document`` from its reconstructed tables, their records, its statements and blocks."""
    accounts: dict[str, dict[int, Account]] = {}
    for account in records.accounts:
        accounts.setdefault(account.table, {})[account.start] = account
    views = []
    for table in tables:
        view = TableView(table, table_role(table))
        if table.kind not in PERFORMANCE_KINDS:
            view.lines = _lines(view, accounts.get(table.id, {}))
        views.append(view)
    return CheckContext(
        document.text, year, views, list(records.indicators), list(records.funds), list(statements), list(blocks)
    )


class BlockColumns(NamedTuple):
    """The columns of one block of a table (``group``): all of them, its name columns, its value columns."""

    group: int
    columns: list[int]
    names: list[int]
    values: list[int]


def _lines(view: TableView, accounts: dict[int, Account]) -> list[Line]:
    """The lines of a table, row by row, block by block; ``accounts``: its account records by cell start."""
    blocks = []
    for group in view.groups():
        columns = [(i, column.role) for i, column in enumerate(view.table.columns) if column.group == group]
        names, values = ([i for i, role in columns if role == wanted] for wanted in ("name", "value"))
        blocks.append(BlockColumns(group, [i for i, _ in columns], names, values))
    return [
        line for row in range(len(view.table.rows)) for block in blocks if (line := _line(view, row, block, accounts))
    ]


def _line(view: TableView, row: int, block: BlockColumns, accounts: dict[int, Account]) -> Line | None:
    """One block of one row; None when it prints nothing."""
    printed_row = view.table.rows[row]
    cells = printed_row.cells
    names = [compact(cells[i].text) for i in block.names if cells[i].text]
    printed = names[0] if names else ""
    name = plain_name(printed)
    found = [accounts[cells[i].start] for i in block.columns if cells[i].start in accounts]
    code = next((account.suggested_code or account.code for account in found if account.code), None)
    if NUMBERING.match(name) or (not name and not code and not any(cells[i].text for i in block.columns)):
        return None
    key = name or code or ""
    values = {i: _amount(view, row, i, accounts.get(cells[i].start), key) for i in block.values}
    if _numbers_columns(values):
        return None
    total = is_total_label(name) or (printed_row.total and not name)
    return Line(row, block.group, name, printed, code, total, printed_row.start, printed_row.end, values)


def _numbers_columns(values: dict[int, Amount]) -> bool:
    """Whether a row's amounts are 1, 2, 3 … (or 5, 6, 7 …): the 栏次 row numbering the columns."""
    facts = [fact for fact in values.values() if isinstance(fact, Fact)]
    if len(facts) < MIN_NUMBERED or any(fact.digits for fact in facts):
        return False
    return all(later.value - earlier.value == 1 for earlier, later in pairwise(facts))


def _amount(view: TableView, row: int, column: int, account: Account | None, key: str) -> Amount:
    """The fact a cell prints (in the unit its account record gives), else a blank."""
    cell = view.table.rows[row].cells[column]
    label = f"{view.caption} {key} · {view.label(column)}"
    unit = account.unit if account is not None else view.table.unit
    return cell_fact(cell, unit, label) or Blank((view.table.id, row, column), cell.start, cell.end, label)

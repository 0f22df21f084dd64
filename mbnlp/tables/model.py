"""The structured form of a table: typed columns, aligned rows, and where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..records.models import TableKind
from .grid import Cell

Side = Literal["income", "expenditure"]
ColumnRole = Literal[
    # statements keyed by account
    "code", "name", "line", "value", "text", "blank",
    # performance indicators
    "label", "level1", "level2", "level3", "nature", "operator", "target", "actual", "unit",
    "weight", "score", "deviation",
    # project funds
    "item", "initial_budget", "full_year_budget", "executed", "execution_rate",
]  # fmt: skip


@dataclass(frozen=True)
class Column:
    """One column: its merged header label (``本年支出/基本支出``), what it holds, and for
    tables with several blocks side by side, the block (``group``) and ``side`` it belongs to."""

    label: str
    role: ColumnRole
    group: int = 0
    side: Side | None = None


@dataclass
class TableRow:
    """One data row aligned to the table's columns (one cell per column; an absent cell is an
    empty point cell). ``start``/``end`` cover the row in the raw text; ``total`` marks 合计,
    总计, 总分 and the like; ``suggested_codes`` gives, per block, the code the classification
    suggests where the printed one does not fit the row's name (:mod:`.codes`)."""

    cells: list[Cell]
    start: int
    end: int
    total: bool = False
    suggested_codes: dict[int, str] = field(default_factory=dict)

    @property
    def texts(self) -> list[str]:
        return [cell.text for cell in self.cells]


@dataclass(frozen=True)
class ProjectContext:
    """The project a performance table is about: 项目名称, 主管部门 (or 部门/单位名称), 实施单位."""

    project: str | None = None
    department: str | None = None
    implementer: str | None = None


@dataclass
class ReconstructedTable:
    """A table with its header merged, rows aligned and typed, and its context.

    ``title`` is the printed title (``收入支出决算总表``), ``label`` the printed table number
    (``公开01表``, ``表1``), ``unit`` the declared money unit (else the document default).
    ``start``/``end`` are raw offsets of the table's rows (header included); ``notes`` are
    the repairs the layout reader made (page numbers dropped, codes joined …) and the
    printed codes that do not fit their names.
    """

    id: str
    kind: TableKind
    title: str | None
    label: str | None
    unit: str | None
    start: int
    end: int
    columns: list[Column]
    rows: list[TableRow]
    context: ProjectContext = field(default_factory=ProjectContext)
    layout: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def header(self) -> list[str]:
        """One merged label per column."""
        return [column.label for column in self.columns]

    def columns_with(self, role: ColumnRole) -> list[int]:
        """Indices of the columns that hold ``role``."""
        return [index for index, column in enumerate(self.columns) if column.role == role]

"""The facts of a performance self-evaluation table (绩效自评表): its fund rows, its indicator
rows and its 总分 row, each fact traced to its cell.

The funds table and the indicators table of one printed table share title and project; the
fund weight printed only in the block label (``预算执行情况 (20分)``) is a fact at that label.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..normalize import parse_quantity
from ..records import Fund, Indicator
from ..tables import ReconstructedTable, TableRow
from ..tables.model import ColumnRole
from .document import CheckContext, TableView, derived
from .facts import Fact, cell_fact, parse_fact, rate_fact

LABEL_WEIGHT = regex.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[）)]")
AMOUNTS: tuple[ColumnRole, ...] = ("initial_budget", "full_year_budget", "executed")
NO_REASON = regex.compile(r"^(?:无|没有|不适用)?[。.]?$")


@dataclass
class FundRow:
    record: Fund
    facts: dict[str, Fact | None]


@dataclass
class IndicatorRow:
    record: Indicator
    row: TableRow
    facts: dict[str, Fact | None]
    deviation: tuple[int, int] | None  # the 偏差原因 cell, when it states a reason


@dataclass
class PerformanceTable:
    """One 绩效自评表: its funds (may be absent), indicators and 总分 row facts."""

    caption: str
    indicators_view: TableView | None
    funds_view: TableView | None
    funds: list[FundRow] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    total: dict[str, Fact | None] = field(default_factory=dict)

    @property
    def total_fund(self) -> FundRow | None:
        """The 年度资金总额 row."""
        return next((fund for fund in self.funds if fund.record.item == "年度资金总额"), None)

    def has_column(self, role: ColumnRole) -> bool:
        return self.indicators_view is not None and bool(self.indicators_view.table.columns_with(role))


@derived
def performance_tables(context: CheckContext) -> list[PerformanceTable]:
    """Every performance table of the document: each indicators table with the funds table printed
    above it in the same 自评表, then any funds table printed without indicators."""
    funds = [view for view in context.views if view.table.kind == "project_funds"]
    found, paired = [], set()
    for view in context.views:
        if view.table.kind != "performance_indicators":
            continue
        above = next(
            (f for f in reversed(funds) if f.table.id not in paired and _same_table(f.table, view.table)), None
        )
        if above is not None:
            paired.add(above.table.id)
        found.append(_performance(context, view, above))
    return found + [_performance(context, view, view) for view in funds if view.table.id not in paired]


def _same_table(funds: ReconstructedTable, indicators: ReconstructedTable) -> bool:
    return funds.title == indicators.title and funds.context == indicators.context and funds.start < indicators.start


def _performance(context: CheckContext, main: TableView, funds: TableView | None) -> PerformanceTable:
    """The performance table named after ``main`` (its indicators table, else its funds table)."""
    project = main.table.context.project
    parts = (main.table.id, main.table.label, main.table.title, project and f"（{project}）")
    caption = " ".join(part for part in parts if part)
    indicators = main if main.table.kind == "performance_indicators" else None
    table = PerformanceTable(caption, indicators, funds)
    if funds is not None:
        table.funds = _fund_rows(context, funds)
    if indicators is not None:
        table.indicators = _indicator_rows(context, indicators)
        total = next((row for row in indicators.table.rows if row.total), None)
        if total is not None:
            table.total = {
                role: _cell(indicators.table, total, role, None, f"{caption} 总分 · {role}")
                for role in ("weight", "score")
            }
    return table


def _cell(table: ReconstructedTable, row: TableRow, role: ColumnRole, unit: str | None, label: str) -> Fact | None:
    columns = table.columns_with(role)
    return cell_fact(row.cells[columns[0]], unit, label) if columns else None


def _fund_rows(context: CheckContext, view: TableView) -> list[FundRow]:
    table = view.table
    rows = {row.start: row for row in table.rows}
    records = [fund for fund in context.funds if fund.table == table.id]
    found = []
    for index, record in enumerate(records):
        row = rows[record.start]
        label = f"{view.caption} {record.item}"
        facts = {
            role: _cell(table, row, role, record.unit if role in AMOUNTS else None, f"{label} · {role}")
            for role in (*AMOUNTS, "weight", "score")
        }
        rate = _cell(table, row, "execution_rate", "%", f"{label} · 执行率")
        facts["execution_rate"] = rate_fact(rate) if rate is not None else None
        if index == 0 and facts["weight"] is None:
            facts["weight"] = _label_weight(context.text, table, f"{label} · weight")
        found.append(FundRow(record, facts))
    return found


def _label_weight(text: str, table: ReconstructedTable, label: str) -> Fact | None:
    """The weight printed in the funds block header (``预算执行情况 (20分)``)."""
    if table.columns_with("weight") or not table.rows:
        return None
    match = LABEL_WEIGHT.search(text, table.start, table.rows[0].start)
    return parse_fact(match.group(1), match.start(1), match.end(1), None, label) if match else None


def _indicator_rows(context: CheckContext, view: TableView) -> list[IndicatorRow]:
    table = view.table
    rows = {row.start: row for row in table.rows}
    found = []
    for record in (indicator for indicator in context.indicators if indicator.table == table.id):
        row = rows[record.start]
        label = f"{view.caption} {record.level3}"
        facts = {role: _cell(table, row, role, None, f"{label} · {role}") for role in ("weight", "score")}
        for role in ("target", "actual"):
            columns = table.columns_with(role)
            cell = row.cells[columns[0]] if columns else None
            quantity = parse_quantity(cell.text) if cell is not None else None
            facts[role] = (
                parse_fact(quantity.value, cell.start, cell.end, quantity.unit, f"{label} · {role}")
                if cell is not None and quantity is not None and quantity.value is not None
                else None
            )
        deviations = table.columns_with("deviation")
        cell = row.cells[deviations[0]] if deviations else None
        stated = cell is not None and record.deviation is not None and not NO_REASON.match(record.deviation)
        found.append(IndicatorRow(record, row, facts, (cell.start, cell.end) if stated and cell is not None else None))
    return found

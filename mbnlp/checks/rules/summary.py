"""T1 收入支出决算总表 and T4 财政拨款收入支出决算总表: the two-sided summaries.

Each side reads as: its lines (the top level of the list: ``一、`` lines when numbered, never
``其中：``), its 本年收入合计/本年支出合计, the carry-overs between that and its 总计
(年初结转和结余, 使用非财政拨款结余, 结余分配, 年末结转和结余, 结转下年 …; a fund breakdown
under a carry-over line is not counted twice) and its 总计. T4 is also balanced per fund column.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import regex

from ...records import Check
from ..document import CheckContext, Line, TableView, derived
from ..facts import printed
from ..registry import rule
from ..verdict import sum_check

SIDE_TOTAL = {"income": regex.compile(r"^(?:本年)?收入合计$"), "expenditure": regex.compile(r"^(?:本年)?支出合计$")}
GRAND_TOTAL = regex.compile(r"总计$")
CARRY_OVER = regex.compile(r"结转|结余|弥补|分配")
FUNDS = ("一般公共预算", "政府性基金", "国有资本")
INCLUDED = regex.compile(r"^其中")
MARKERS = [
    regex.compile(r"^[一二三四五六七八九十]+[、.．]"),
    regex.compile(r"^[（(][一二三四五六七八九十]+[）)]"),
    regex.compile(r"^\d+[.．、](?!\d)"),
    regex.compile(r"^[（(]\d+[）)]"),
]


@dataclass
class Side:
    """One side of a summary table, its value columns and its lines read by position."""

    side: str
    columns: list[int]
    items: list[Line]
    total: Line | None
    carry_overs: list[Line]
    breakdown: list[Line]
    grand: Line | None


@derived
def summary_sides(view: TableView) -> dict[str, Side]:
    """The income and expenditure sides of a two-sided summary table."""
    sides = {}
    for group in view.groups():
        columns = view.value_columns(group)
        side = next((view.table.columns[c].side for c in columns if view.table.columns[c].side), None)
        if side is None:
            continue
        lines = [line for line in view.lines if line.group == group and line.name]
        at_total = next((i for i, line in enumerate(lines) if SIDE_TOTAL[side].match(line.name)), None)
        at_grand = next((i for i, line in enumerate(lines) if GRAND_TOTAL.search(line.name)), None)
        items = _top_level(lines[:at_total] if at_total is not None else [])
        between = lines[at_total + 1 : at_grand] if at_total is not None and at_grand is not None else []
        carry_overs = _carry_overs(between)
        breakdown = [line for line in between if fund_of(line.name) and line not in carry_overs]
        total = lines[at_total] if at_total is not None else None
        grand = lines[at_grand] if at_grand is not None else None
        sides[side] = Side(side, columns, items, total, carry_overs, breakdown, grand)
    return sides


def fund_of(text: str) -> str | None:
    """The fund (一般公共预算, 政府性基金, 国有资本) a label names."""
    return next((fund for fund in FUNDS if fund in text), None)


def _summaries(context: CheckContext) -> Iterator[tuple[TableView, dict[str, Side]]]:
    for view in context.views:
        if view.role in ("T1", "T4"):
            yield view, summary_sides(view)


def _top_level(lines: list[Line]) -> list[Line]:
    """The lines of the list's top level: those numbered like the outermost numbered line, or
    all when none is numbered; ``其中：`` lines never."""
    lines = [line for line in lines if not INCLUDED.match(line.printed)]
    levels = [
        next((depth for depth, marker in enumerate(MARKERS) if marker.match(line.printed)), None) for line in lines
    ]
    numbered = [level for level in levels if level is not None]
    if not numbered:
        return lines
    return [line for line, level in zip(lines, levels) if level == min(numbered)]


def _carry_overs(lines: list[Line]) -> list[Line]:
    """Carry-over lines, without the per-fund breakdown printed under one of them."""
    found: list[Line] = []
    for line in lines:
        if INCLUDED.match(line.printed) or not CARRY_OVER.search(line.name):
            continue
        if fund_of(line.name) and any(not fund_of(earlier.name) for earlier in found):
            continue
        found.append(line)
    return found


def _side_total(rule_id: str, side_name: str, words: str, context: CheckContext) -> Iterator[Check | None]:
    for view, sides in _summaries(context):
        side = sides.get(side_name)
        if side is None or side.total is None:
            continue
        for column in side.columns:
            subject = f"{view.caption}（{view.label(column)}）{side.total.name} = {words}"
            yield sum_check(
                rule_id, subject, side.total.values.get(column), [line.values.get(column) for line in side.items]
            )


def _grand_total(rule_id: str, side_name: str, context: CheckContext) -> Iterator[Check | None]:
    for view, sides in _summaries(context):
        side = sides.get(side_name)
        if side is None or side.total is None or side.grand is None:
            continue
        words = " + ".join([side.total.name, *(line.name for line in side.carry_overs)])
        for column in side.columns:
            subject = f"{view.caption}（{view.label(column)}）{side.grand.name} = {words}"
            parts = [side.total.values.get(column), *(line.values.get(column) for line in side.carry_overs)]
            yield sum_check(rule_id, subject, side.grand.values.get(column), parts)


@rule(
    "summary.income_total",
    zh="收支总表（T1/T4）：本年收入合计 = 各收入项目之和",
    en="Summary tables (T1/T4): 本年收入合计 equals the sum of the income lines",
)
def income_total(context: CheckContext) -> Iterator[Check | None]:
    yield from _side_total("summary.income_total", "income", "各收入项目之和", context)


@rule(
    "summary.expenditure_total",
    zh="收支总表（T1/T4）：本年支出合计 = 各支出项目之和（每个金额列）",
    en="Summary tables (T1/T4): 本年支出合计 equals the sum of the expenditure lines, in every amount column",
)
def expenditure_total(context: CheckContext) -> Iterator[Check | None]:
    yield from _side_total("summary.expenditure_total", "expenditure", "各支出项目之和", context)


@rule(
    "summary.income_grand_total",
    zh="收支总表：收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余",
    en="Summary tables: income 总计 equals 本年收入合计 plus 使用非财政拨款结余 plus 年初结转和结余",
)
def income_grand_total(context: CheckContext) -> Iterator[Check | None]:
    yield from _grand_total("summary.income_grand_total", "income", context)


@rule(
    "summary.expenditure_grand_total",
    zh="收支总表：支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余（每个金额列）",
    en="Summary tables: expenditure 总计 equals 本年支出合计 plus 结余分配 plus 年末结转和结余, in every amount column",
)
def expenditure_grand_total(context: CheckContext) -> Iterator[Check | None]:
    yield from _grand_total("summary.expenditure_grand_total", "expenditure", context)


@rule(
    "summary.balance",
    zh="收支总表：收入总计 = 支出总计",
    en="Summary tables: income 总计 equals expenditure 总计",
)
def balance(context: CheckContext) -> Iterator[Check | None]:
    for view, sides in _summaries(context):
        income, expenditure = sides.get("income"), sides.get("expenditure")
        if not (
            income and expenditure and income.grand and expenditure.grand and income.columns and expenditure.columns
        ):
            continue
        found = expenditure.grand.values.get(expenditure.columns[0])
        subject = f"{view.caption} 支出总计 = 收入总计"
        yield sum_check("summary.balance", subject, found, [income.grand.values.get(income.columns[0])])


@rule(
    "summary.fund_balance",
    zh="财政拨款收支总表（T4）：每种资金 本年支出 = 本年收入 + 年初结转和结余 − 年末结转和结余",
    en="T4, per fund column (一般公共预算/政府性基金/国有资本经营): 本年支出 equals 本年收入 plus "
    "年初结转和结余 minus 年末结转和结余",
)
def fund_balance(context: CheckContext) -> Iterator[Check | None]:
    for view, sides in _summaries(context):
        income, expenditure = sides.get("income"), sides.get("expenditure")
        if view.role != "T4" or not (income and expenditure and expenditure.total) or len(income.columns) != 1:
            continue
        (income_column,) = income.columns
        for column in expenditure.columns:
            fund = fund_of(view.label(column))
            received = next((line for line in income.items if fund and fund_of(line.name) == fund), None)
            if fund is None or received is None:
                continue
            carried_in = [line for line in income.breakdown if fund_of(line.name) == fund]
            if not carried_in and any(_printed_nonzero(line, income_column) for line in income.carry_overs):
                continue  # a carry-over not broken down by fund cannot be attributed
            parts = [received.values.get(income_column), *(line.values.get(income_column) for line in carried_in)]
            parts += [line.values.get(column) for line in expenditure.carry_overs]
            signs = [1] * (1 + len(carried_in)) + [-1] * len(expenditure.carry_overs)
            subject = f"{view.caption}（{fund}）本年支出 = 本年收入 + 年初结转和结余 − 年末结转和结余"
            yield sum_check("summary.fund_balance", subject, expenditure.total.values.get(column), parts, signs=signs)


def _printed_nonzero(line: Line, column: int) -> bool:
    fact = printed(line.values.get(column))
    return fact is not None and fact.value != 0

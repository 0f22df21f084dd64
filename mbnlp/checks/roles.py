"""Which statement a table is (SPEC §4 logical names), from its kind and its title, never its position.

T1 收入支出决算总表 (收支预算总表), T2 收入决算表, T3 支出决算表, T4 财政拨款收入支出决算总表,
T5 一般公共预算财政拨款支出决算表, T6 一般公共预算财政拨款基本支出决算表 (T6P: the 项目支出
table by economic code), T7 “三公”经费表, T8 政府性基金, T9 国有资本经营; 预算 documents use
the same words with 预算 for 决算. Documents number these tables differently (公开01表, 表一 …).
"""

from __future__ import annotations

from typing import Literal

import regex

from ..tables import ReconstructedTable
from ..tables.cells import compact

Role = Literal["T1", "T2", "T3", "T4", "T5", "T6", "T6P", "T7", "T8", "T9"]

FUND_T8 = regex.compile(r"政府性基金")
FUND_T9 = regex.compile(r"国有资本经营")
APPROPRIATION = regex.compile(r"财政拨款")
GENERAL_BUDGET = regex.compile(r"一般公共预算")
BASIC = regex.compile(r"基本支出")
PROJECT = regex.compile(r"项目支出")
INCOME_TABLE = regex.compile(r"收入(?:决算|预算)(?:明细)?表")
EXPENDITURE_TABLE = regex.compile(r"支出(?:决算|预算)(?:明细)?表")


def table_role(table: ReconstructedTable) -> Role | None:
    """The logical statement ``table`` is, or None (performance tables, other tables)."""
    title = compact(table.title or "")
    if table.kind == "three_public":
        return "T7"
    if table.kind in ("performance_indicators", "project_funds", "other"):
        return None
    if FUND_T8.search(title):
        return "T8"
    if FUND_T9.search(title):
        return "T9"
    if table.kind == "income_expenditure_summary":
        return "T4" if APPROPRIATION.search(title) else "T1"
    if table.kind == "economic_detail" or BASIC.search(title):
        if BASIC.search(title):
            return "T6"
        return "T6P" if PROJECT.search(title) else None
    if GENERAL_BUDGET.search(title) and EXPENDITURE_TABLE.search(title):
        return "T5"
    if INCOME_TABLE.search(title) and not APPROPRIATION.search(title):
        return "T2"
    if EXPENDITURE_TABLE.search(title) and not APPROPRIATION.search(title):
        return "T3"
    return None

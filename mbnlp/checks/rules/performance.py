"""Performance self-evaluation tables (绩效自评表): 总分 = fund row + Σ indicators (weights and
scores); score ≤ weight; 执行率 = 全年执行数 / 全年预算数; fund score = weight × 执行率;
年度资金总额 = 财政拨款 + 上年结转资金 + 其他资金; a quantitative indicator's score follows
from its target and actual, and a missed target has a 偏差原因.

Scores printed once for a group of indicators (a merged cell) leave the other rows blank: in
the 总分 sums those blanks are continuation cells, not missing values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from decimal import Decimal

import regex

from ...normalize import MONEY_FACTORS
from ...records import Check
from ..document import CheckContext
from ..facts import Fact, parse_fact
from ..performance import IndicatorRow, performance_tables
from ..registry import rule
from ..verdict import bound_check, formula_check, presence_check, skip_check, sum_check

AMOUNT_ROLES = {"initial_budget": "年初预算数", "full_year_budget": "全年预算数", "executed": "全年执行数"}
FUND_PARTS = ("财政拨款", "上年结转资金", "其他资金")
DEPARTMENT = "部门整体"
DEPARTMENT_PARTS = regex.compile(r"(基本支出总额|项目支出总额)[ \t]*(\d[\d,]*(?:\.\d+)?)")
HEADER_REACH = 200  # characters above a funds table where a 部门整体 table prints its 基本/项目支出总额
UPWARD, DOWNWARD = (">=", ">"), ("<=", "<")
HUNDRED = Decimal(100)
SCALE_PREFIX = {"万": 4, "千": 3, "百": 2}


def _total(context: CheckContext, rule_id: str, role: str, word: str) -> Iterator[Check | None]:
    for table in performance_tables(context):
        if table.indicators_view is None:
            continue
        indicator_facts = [row.facts[role] for row in table.indicators]
        found = table.total.get(role)
        if found is None and not any(indicator_facts):
            continue
        fund = table.total_fund
        parts = ([fund.facts[role]] if fund is not None else []) + indicator_facts
        subject = f"{table.caption} 总分{word} = 资金{word} + 各指标{word}之和"
        yield sum_check(rule_id, subject, found, parts, merged_blanks=any(indicator_facts))


@rule(
    "performance.total_weight",
    zh="绩效自评表：总分行分值 = 预算执行（资金）分值 + 各指标分值之和",
    en="Performance tables: the 总分 weight equals the fund-row weight plus the sum of the indicator weights",
)
def total_weight(context: CheckContext) -> Iterator[Check | None]:
    yield from _total(context, "performance.total_weight", "weight", "分值")


@rule(
    "performance.total_score",
    zh="绩效自评表：总分行得分 = 预算执行（资金）得分 + 各指标得分之和",
    en="Performance tables: the 总分 score equals the fund-row score plus the sum of the indicator scores",
)
def total_score(context: CheckContext) -> Iterator[Check | None]:
    yield from _total(context, "performance.total_score", "score", "得分")


@rule(
    "performance.score_within_weight",
    zh="绩效自评表：每行得分 ≤ 分值（指标行、资金行、总分行）",
    en="Performance tables: every score is at most its weight (indicator rows, the fund row, the 总分 row)",
)
def score_within_weight(context: CheckContext) -> Iterator[Check | None]:
    rule_id = "performance.score_within_weight"
    for table in performance_tables(context):
        fund = table.total_fund
        if fund is not None and fund.facts["score"] is not None:
            yield bound_check(
                rule_id, f"{table.caption} {fund.record.item} 得分 ≤ 分值", fund.facts["score"], fund.facts["weight"]
            )
        if not table.has_column("weight"):
            continue
        for row in table.indicators:
            subject = f"{table.caption} {row.record.level3} 得分 ≤ 分值"
            yield bound_check(rule_id, subject, row.facts["score"], row.facts["weight"])
        yield bound_check(
            rule_id, f"{table.caption} 总分 得分 ≤ 分值", table.total.get("score"), table.total.get("weight")
        )


@rule(
    "performance.fund_execution_rate",
    zh="绩效自评表：执行率 = 全年执行数 ÷ 全年预算数（按表列位数舍入）",
    en="Performance tables: 执行率 equals 全年执行数 / 全年预算数, rounded as printed",
)
def fund_execution_rate(context: CheckContext) -> Iterator[Check | None]:
    for table in performance_tables(context):
        for fund in table.funds:
            rate = fund.facts["execution_rate"]
            if rate is None:
                continue
            inputs = [fund.facts["executed"], fund.facts["full_year_budget"]]
            subject = f"{table.caption} {fund.record.item} 执行率"
            yield formula_check(
                "performance.fund_execution_rate",
                subject,
                rate,
                inputs,
                lambda done, budget: done / budget * HUNDRED,
                "全年执行数 ÷ 全年预算数",
            )


@rule(
    "performance.fund_score",
    zh="绩效自评表：预算执行得分 = 分值 × 执行率（执行率超过100%按100%计）",
    en="Performance tables: the fund score equals weight × 执行率 (capped at 100%)",
)
def fund_score(context: CheckContext) -> Iterator[Check | None]:
    for table in performance_tables(context):
        fund = table.total_fund
        if fund is None or fund.facts["score"] is None:
            continue
        subject = f"{table.caption} {fund.record.item} 得分"
        inputs = [fund.facts["weight"], fund.facts["execution_rate"]]
        yield formula_check(
            "performance.fund_score",
            subject,
            fund.facts["score"],
            inputs,
            lambda weight, rate: weight * min(rate, HUNDRED) / HUNDRED,
            "分值 × 执行率",
        )


@rule(
    "performance.funds_total",
    zh="绩效自评表：年度资金总额 = 财政拨款 + 上年结转资金 + 其他资金（年初预算、全年预算、全年执行各列）",
    en="Performance tables: 年度资金总额 = 财政拨款 + 上年结转资金 + 其他资金, in each of the three amount columns",
)
def funds_total(context: CheckContext) -> Iterator[Check | None]:
    for table in performance_tables(context):
        total = table.total_fund
        parts = [fund for fund in table.funds if fund.record.item in FUND_PARTS]
        if total is None or not parts:
            continue
        words = " + ".join(fund.record.item for fund in parts)
        for role, column in AMOUNT_ROLES.items():
            subject = f"{table.caption}（{column}）年度资金总额 = {words}"
            yield sum_check("performance.funds_total", subject, total.facts[role], [fund.facts[role] for fund in parts])


@rule(
    "performance.indicator_score",
    zh="绩效自评表：定量指标（≥、>、≤、<）达到目标得满分，"
    "未达到得 分值×实际值/目标值（≥、>）或 分值×目标值/实际值（≤、<）",
    en="Performance tables: a quantitative indicator (>=, >, <=, <) scores its full weight when the actual meets "
    "the target, otherwise weight × actual/target (>=, >) or weight × target/actual (<=, <)",
)
def indicator_score(context: CheckContext) -> Iterator[Check | None]:
    for table in performance_tables(context):
        if not table.has_column("weight"):
            continue
        for row in table.indicators:
            compared = _compared(row)
            if compared is None or (row.facts["weight"] is None and row.facts["score"] is None):
                continue
            target, actual = compared
            subject = (
                f"{table.caption} {row.record.level3}（{row.record.operator} {target.value}，实际 {actual.value}）得分"
            )
            upward = row.record.operator in UPWARD
            description = "分值 × 实际值 ÷ 目标值" if upward else "分值 × 目标值 ÷ 实际值"
            if _met(row.record.operator, target.value, actual.value):
                description = "达到目标得满分"
            inputs = [row.facts["weight"], actual, target]
            yield formula_check(
                "performance.indicator_score", subject, row.facts["score"], inputs, _proportional(upward), description
            )


@rule(
    "performance.indicator_deviation",
    zh="绩效自评表：定量指标未达到目标值时须填写偏差原因",
    en="Performance tables: a quantitative indicator that misses its target has a 偏差原因 (deviation reason)",
)
def indicator_deviation(context: CheckContext) -> Iterator[Check | None]:
    rule_id = "performance.indicator_deviation"
    for table in performance_tables(context):
        for row in table.indicators:
            compared = _compared(row)
            if compared is None or _met(row.record.operator, compared[0].value, compared[1].value):
                continue
            target, actual = compared
            missed = f"（{row.record.operator} {target.value}，实际 {actual.value}）"
            subject = f"{table.caption} {row.record.level3} 未达到目标{missed}的偏差原因"
            evidence = [target.span, actual.span] + ([row.deviation] if row.deviation else [])
            if not table.has_column("deviation"):
                yield skip_check(rule_id, f"{subject}：表中无偏差原因栏，无法核对。", evidence)
            else:
                yield presence_check(rule_id, subject, row.deviation is not None, evidence)


def _compared(row: IndicatorRow) -> tuple[Fact, Fact] | None:
    """The target and actual of a quantitative indicator with an inequality, in one unit."""
    target, actual = row.facts["target"], row.facts["actual"]
    if row.record.operator not in UPWARD + DOWNWARD or target is None or actual is None:
        return None
    if target.unit == actual.unit or not target.unit or not actual.unit:
        return target, actual
    scaled_target = _rescaled(target, actual.unit)
    if scaled_target is not None:
        return scaled_target, actual
    scaled_actual = _rescaled(actual, target.unit)
    return (target, scaled_actual) if scaled_actual is not None else None


def _rescaled(fact: Fact, unit: str) -> Fact | None:
    """``fact`` in ``unit`` when the two differ by a scale prefix (34 万人 → 340000 人) or are money units."""
    if fact.unit in MONEY_FACTORS and unit in MONEY_FACTORS:
        return fact.in_unit(unit)
    prefix, rest = (fact.unit or "")[:1], (fact.unit or "")[1:]
    if rest != unit or prefix not in SCALE_PREFIX:
        return None
    power = SCALE_PREFIX[prefix]
    return replace(fact, value=fact.value.scaleb(power), digits=fact.digits - power, unit=unit)


def _proportional(upward: bool) -> Callable[[Decimal, Decimal, Decimal], Decimal]:
    """The score of a quantitative indicator: weight × actual/target (``>=``, ``>``) or
    weight × target/actual (``<=``, ``<``), never above the weight."""

    def score(weight: Decimal, actual: Decimal, target: Decimal) -> Decimal:
        ratio = actual / target if upward else target / actual
        return weight * min(ratio, Decimal(1))

    return score


def _met(operator: str | None, target: Decimal, actual: Decimal) -> bool:
    """Whether ``actual`` meets ``target``; ``>``/``<`` are read like ``>=``/``<=`` (documents write
    大于 for 不低于, and the proportional score is the full weight at equality anyway)."""
    return actual >= target if operator in UPWARD else actual <= target


@rule(
    "performance.department_total",
    zh="部门整体绩效自评表：部门整体支出总额（执行数）= 表头所列基本支出总额 + 项目支出总额",
    en="Department-wide performance tables: 部门整体支出总额 (执行数) equals the 基本支出总额 + 项目支出总额 printed "
    "above the table",
)
def department_total(context: CheckContext) -> Iterator[Check | None]:
    for table in performance_tables(context):
        total, view = table.total_fund, table.funds_view
        if total is None or view is None or DEPARTMENT not in context.text[total.record.start : total.record.end]:
            continue
        above = context.text[max(0, view.table.start - HEADER_REACH) : view.table.start]
        offset = view.table.start - len(above)
        parts = [
            parse_fact(
                match.group(2), offset + match.start(2), offset + match.end(2), total.record.unit, match.group(1)
            )
            for match in DEPARTMENT_PARTS.finditer(above)
        ]
        if len(parts) == 2:
            subject = f"{table.caption} 部门整体支出总额（执行数）= 基本支出总额 + 项目支出总额"
            yield sum_check("performance.department_total", subject, total.facts["executed"], parts)

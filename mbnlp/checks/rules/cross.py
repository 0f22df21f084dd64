"""Table ↔ table: T1 本年收入合计 = T2 合计; T1 本年支出合计 = T3 合计; T2 财政拨款收入 = T4
本年收入合计; T4 一般公共预算 expenditure = T5 合计; T5 基本支出 = T6 total; a code reported
in two tables of the same measure carries the same amount; an empty T8/T9 is explained."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from ...classification import kind_of, suggest_code
from ...records import Check
from ...tables.cells import compact
from ..coded import coded_columns
from ..columns import RATE, TOTAL_LABEL, measure_of
from ..document import CheckContext, Line, TableView
from ..facts import Amount, Fact, printed
from ..registry import rule
from ..roles import Role
from ..verdict import presence_check, sum_check
from .economic import PERSONNEL, PUBLIC, basic_total, named_line
from .summary import Side, fund_of, summary_sides

PLAIN_TOTAL = regex.compile(r"^(?:合计|总计)?$")
CARRY_OVER_COLUMN = regex.compile(r"结转|结余")
APPROPRIATION_COLUMN = regex.compile(r"财政拨款")
SENTENCE = regex.compile(r"[^。；;\n]+")
EMPTY_STATEMENT = regex.compile(r"空表|无数据|没有数据|(?:无|没有|未)[^。；]{0,40}(?:收支|收入|支出|数据)")
FUND_WORDS = {"T8": "政府性基金", "T9": "国有资本经营"}


def total_line(view: TableView) -> Line | None:
    """The 合计 row of a code-keyed table (labelled 合计/总计 or unlabelled)."""
    return next(
        (line for line in view.lines if line.total and line.code is None and PLAIN_TOTAL.match(line.name)), None
    )


def total_column(view: TableView, within: str | None = None) -> int | None:
    """The column of a table's overall total: a one-level total label (合计, 本年收入合计), else
    the first total column under ``within`` (``本年支出/小计``)."""
    columns = [c for c in view.value_columns() if not RATE.search(view.label(c))]
    paths = {c: [compact(part) for part in view.label(c).split("/")] for c in columns}
    top = [c for c in columns if len(paths[c]) == 1 and TOTAL_LABEL.search(paths[c][0])]
    under = [c for c in columns if within and paths[c][0] == within and TOTAL_LABEL.search(paths[c][-1])]
    return next(iter(top or under), None)


def column_named(view: TableView, pattern: regex.Pattern, within: str | None = None) -> int | None:
    """The first value column whose label matches ``pattern`` (under ``within`` or at the top level)."""
    for column in view.value_columns():
        parts = [compact(part) for part in view.label(column).split("/")]
        if within and len(parts) > 1 and parts[0] != within:
            continue
        if pattern.search("/".join(parts)):
            return column
    return None


def _side(context: CheckContext, role: Role, side: str) -> tuple[TableView, Side] | None:
    view = context.first(role)
    found = summary_sides(view).get(side) if view else None
    return (view, found) if view and found else None


def total_cell(view: TableView, column: int | None) -> Amount | None:
    """The amount of a table's 合计 row in ``column``; None when it prints no such row or column."""
    line = total_line(view)
    return line.values.get(column) if line is not None and column is not None else None


@rule(
    "cross.t1_income_equals_t2_total",
    zh="表间：收入支出决算总表（T1）本年收入合计 = 收入决算表（T2）合计（T2含上年结转列时与T1收入总计比较）",
    en="Between tables: T1 本年收入合计 equals the T2 合计 (T1 收入总计 when T2 includes a carry-over column)",
)
def t1_income_equals_t2_total(context: CheckContext) -> Iterator[Check | None]:
    found, view = _side(context, "T1", "income"), context.first("T2")
    if found is None or view is None or found[1].total is None:
        return
    t1, income = found
    total = total_cell(view, total_column(view))
    carried = printed(total_cell(view, column_named(view, CARRY_OVER_COLUMN))) is not None
    compare = income.grand if carried else income.total
    if compare is None or not income.columns or total is None:
        return
    subject = f"{view.caption} 合计 = {t1.caption} {compare.name}"
    yield sum_check("cross.t1_income_equals_t2_total", subject, total, [compare.values.get(income.columns[0])])


@rule(
    "cross.t1_expenditure_equals_t3_total",
    zh="表间：收入支出决算总表（T1）本年支出合计 = 支出决算表（T3）合计",
    en="Between tables: T1 本年支出合计 equals the T3 合计",
)
def t1_expenditure_equals_t3_total(context: CheckContext) -> Iterator[Check | None]:
    found, view = _side(context, "T1", "expenditure"), context.first("T3")
    if found is None or view is None or found[1].total is None or not found[1].columns:
        return
    t1, expenditure = found
    total = total_cell(view, total_column(view, "本年支出"))
    if total is None:
        return
    subject = f"{view.caption} 合计 = {t1.caption} 本年支出合计"
    parts = [expenditure.total.values.get(expenditure.columns[0])]
    yield sum_check("cross.t1_expenditure_equals_t3_total", subject, total, parts)


@rule(
    "cross.t2_appropriation_equals_t4_income",
    zh="表间：收入决算表（T2）财政拨款收入 = 财政拨款收入支出决算总表（T4）本年收入合计"
    "（一般公共预算、政府性基金、国有资本经营之和）",
    en="Between tables: T2 财政拨款收入 equals the T4 本年收入合计 (general budget plus government funds plus "
    "state capital; the general-budget line when the others are 0)",
)
def t2_appropriation_equals_t4_income(context: CheckContext) -> Iterator[Check | None]:
    found, view = _side(context, "T4", "income"), context.first("T2")
    if found is None or view is None or found[1].total is None or not found[1].columns:
        return
    t4, income = found
    column = column_named(view, APPROPRIATION_COLUMN)
    total = total_cell(view, column)
    if column is None or total is None:
        return
    subject = f"{view.caption} 合计·{view.label(column)} = {t4.caption} 本年收入合计"
    parts = [income.total.values.get(income.columns[0])]
    yield sum_check("cross.t2_appropriation_equals_t4_income", subject, total, parts)


@rule(
    "cross.t4_general_budget_equals_t5_total",
    zh="表间：财政拨款收入支出决算总表（T4）一般公共预算财政拨款本年支出合计 = "
    "一般公共预算财政拨款支出决算表（T5）合计",
    en="Between tables: the T4 一般公共预算 本年支出合计 equals the T5 合计",
)
def t4_general_budget_equals_t5_total(context: CheckContext) -> Iterator[Check | None]:
    found, view = _side(context, "T4", "expenditure"), context.first("T5")
    if found is None or view is None or found[1].total is None:
        return
    t4, expenditure = found
    column = next((c for c in expenditure.columns if fund_of(t4.label(c)) == "一般公共预算"), None)
    found_fact = total_cell(view, total_column(view, "本年支出"))
    if column is None or found_fact is None:
        return
    subject = f"{view.caption} 合计 = {t4.caption} 一般公共预算财政拨款本年支出合计"
    yield sum_check(
        "cross.t4_general_budget_equals_t5_total", subject, found_fact, [expenditure.total.values.get(column)]
    )


@rule(
    "cross.t5_basic_equals_t6_total",
    zh="表间：一般公共预算财政拨款支出决算表（T5）基本支出 = 基本支出决算表（T6）合计（人员经费合计 + 公用经费合计）",
    en="Between tables: the T5 基本支出 equals the T6 total (人员经费合计 plus 公用经费合计)",
)
def t5_basic_equals_t6_total(context: CheckContext) -> Iterator[Check | None]:
    t5, t6 = context.first("T5"), context.first("T6")
    if t5 is None or t6 is None:
        return
    found_fact = total_cell(t5, _basic_column(t5))
    if found_fact is None:
        return
    for coded in coded_columns(t6):
        basic = basic_total(t6, coded)
        personnel, public = named_line(coded, PERSONNEL), named_line(coded, PUBLIC)
        if basic is not None:
            parts, words = [basic[1]], basic[0].name or "合计"
        elif personnel is not None and public is not None:
            parts, words = [personnel[1], public[1]], "人员经费合计 + 公用经费合计"
        else:
            continue
        subject = f"{t5.caption} 合计·基本支出 = {t6.caption} {words}"
        yield sum_check("cross.t5_basic_equals_t6_total", subject, found_fact, parts)


def _basic_column(view: TableView) -> int | None:
    """The 基本支出 column of T5: ``基本支出``, else ``基本支出/小计``, else ``基本支出/合计`` (under 本年支出)."""
    for pattern in (r"(?:^|/)基本支出$", r"基本支出/小计$", r"基本支出/合计$"):
        column = column_named(view, regex.compile(pattern), within="本年支出")
        if column is not None:
            return column
    return None


@rule(
    "cross.same_code_same_amount",
    zh="同一科目在报告同一口径的表中金额相同（T1支出各类 = T3各类；T4一般公共预算各类 = T5各类；同表重复编码金额一致）",
    en="A code reported in tables of the same measure carries the same amount (T1 expenditure lines = T3 类 rows; "
    "T4 一般公共预算 lines = T5 类 rows; a code repeated within a table)",
)
def same_code_same_amount(context: CheckContext) -> Iterator[Check | None]:
    for view in context.of_kind("account_detail", "economic_detail"):
        for coded in coded_columns(view):
            for code, facts in coded.conflicts.items():
                subject = f"{view.caption}（{coded.measure}）编码 {code} 重复列示"
                yield sum_check("cross.same_code_same_amount", subject, facts[1], [facts[0]])
    yield from _class_lines(context, "T1", "T3", None)
    yield from _class_lines(context, "T4", "T5", "一般公共预算")


def _class_lines(
    context: CheckContext, summary_role: Role, detail_role: Role, fund: str | None
) -> Iterator[Check | None]:
    found, detail = _side(context, summary_role, "expenditure"), context.first(detail_role)
    if found is None or detail is None:
        return
    summary, side = found
    column = next((c for c in side.columns if fund is None or fund_of(summary.label(c)) == fund), None)
    detail_column = total_column(detail, "本年支出")
    if column is None or detail_column is None:
        return
    measure = measure_of(detail.label(detail_column), len(detail.groups()))
    coded = next((c for c in coded_columns(detail) if c.measure == measure), None)
    if coded is None:
        return
    for line in side.items:
        codes = [code for code in suggest_code(line.name) if len(code) == 3 and kind_of(code) == "functional"]
        if len(codes) != 1 or codes[0] not in coded.facts:
            continue
        subject = f"{detail.caption} {codes[0]} {line.name} = {summary.caption}（{summary.label(column)}）"
        yield sum_check("cross.same_code_same_amount", subject, coded.facts[codes[0]], [line.values.get(column)])


@rule(
    "cross.empty_table_statement",
    zh="空的政府性基金表（T8）、国有资本经营表（T9）须有“本表无数据/为空表/无…收支”之类的说明",
    en="An empty T8 (政府性基金) or T9 (国有资本经营) table comes with an explicit statement that it is empty",
)
def empty_table_statement(context: CheckContext) -> Iterator[Check | None]:
    starts = sorted(view.table.start for view in context.views)
    for view in context.views:
        fund = FUND_WORDS.get(view.role or "")
        if fund is None or any(
            isinstance(fact, Fact) and fact.value for line in view.lines for fact in line.values.values()
        ):
            continue
        following = next((start for start in starts if start > view.table.start), len(context.text))
        statement = _empty_statement(context.text, view, fund, following)
        evidence = [(view.table.start, view.table.end)] + ([statement] if statement else [])
        yield presence_check("cross.empty_table_statement", f"{view.caption} 为空表", statement is not None, evidence)


def _empty_statement(text: str, view: TableView, fund: str, following: int) -> tuple[int, int] | None:
    """A sentence saying the table is empty: below the table (before the next one), one saying 本表
    or naming its fund or label and no other fund; else, anywhere, one naming its fund or label."""
    label = compact(view.table.label or "") or None
    others = [word for word in FUND_WORDS.values() if word != fund]
    anywhere = None
    for sentence in SENTENCE.finditer(text):
        words = compact(sentence.group())
        if not EMPTY_STATEMENT.search(words):
            continue
        named = fund in words or (label is not None and label in words)
        below = view.table.start <= sentence.start() < following
        if below and (named or "本表" in words) and not any(other in words for other in others):
            return sentence.span()
        if named and anywhere is None:
            anywhere = sentence.span()
    return anywhere

"""Narrative ↔ numbers (SPEC §4): what the 说明 states — an amount, a change, a comparison, a
completion rate, a share, a list total, a project's self-evaluation — agrees with the figures it
is computed from (its own and the tables'), and a 决算数 that differs from its 年初预算数 in the
具体情况 list carries a reason."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher

import regex

from ...normalize import MONEY_FACTORS
from ...records import Check, Statement
from ..document import CheckContext
from ..facts import Fact, common_unit, format_decimal, parse_fact
from ..narrative import (
    BASES,
    BUDGETS,
    Stated,
    account_key,
    block_of,
    ends_lead,
    following_blocks,
    lines,
    narrative_blocks,
    nearest_before,
    plain_total,
    preceding_blocks,
    stated_facts,
)
from ..performance import PerformanceTable, performance_tables
from ..registry import rule
from ..verdict import formula_check, presence_check, skip_check, sum_check

RISE = frozenset({"增加", "增长"})
FALL = frozenset({"减少", "下降"})
HUNDRED = Decimal(100)
TOTAL_WORDS = ("收入合计", "支出合计")
SUMMARY = regex.compile(r"^[ \t]*(?P<name>[^\n：:。]{2,60}?)(?:绩效)?自评综述[^\n]*$", regex.MULTILINE)
HEADING = regex.compile(r"\s*(?:#|[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|\d+[.．、])")
SCORE = regex.compile(r"得分\s*(\d+(?:\.\d+)?)\s*分")
PROJECT_WORDS = regex.compile(r"项目|[\s“”\"]")
SIMILAR = 0.6
PERFORMANCE_ROLES = {
    "得分": "score",
    "全年预算数": "full_year_budget",
    "决算数": "executed",
    "完成率": "execution_rate",
}
BUDGET_COLUMN = regex.compile(r"预算(?!.*决算)")
TOTAL_WORD = regex.compile(r"[、和及]|总计|合计")
TOTAL_NAMES = frozenset({"本年收入合计", "本年支出合计", "收入合计", "支出合计", "收入总计", "支出总计"})


@dataclass(frozen=True)
class Candidate:
    """A table amount a narrative figure may be stating: where, the fact, and whether it is the
    line's first amount (its total column)."""

    caption: str
    fact: Fact
    primary: bool


@rule(
    "narrative.table_value",
    zh="说明：陈述的某科目（项目）决算数 = 表中同名科目的数（元/万元换算后，容差取两者的印出精度）",
    en="A 决算数 the narrative states for a line item equals the table value of that item, after 元/万元 conversion",
)
def table_value(context: CheckContext) -> Iterator[Check | None]:
    items = [
        item
        for item in stated_facts(context)
        if item.measure == "决算数" and item.account and item.fact.unit in MONEY_FACTORS
    ]
    keys = {account_key(item.account) for item in items if item.account}
    cells = _table_cells(context, keys | {f"{key}支出" for key in keys})
    for item in items:
        key = account_key(item.account)
        candidates = cells.get(key) or cells.get(f"{key}支出", [])
        if candidates and not _total_of(context.text, item.statement):
            yield _value_check(item, candidates)


@rule(
    "narrative.change",
    zh="说明：陈述的增减额/增减率 = 两个陈述数之差（/比较基数），方向（增加/减少）与差的正负一致",
    en="A stated change (amount or rate) equals the difference of the two stated figures and points the right way",
)
def stated_change(context: CheckContext) -> Iterator[Check | None]:
    facts = stated_facts(context)
    for index, item in enumerate(facts):
        if item.measure not in ("增减额", "增减率"):
            continue
        compared = _compared(facts, index)
        if compared is None:
            yield skip_check("narrative.change", f"{item.subject}：未陈述比较的两个数，无法核对。", [item.fact.span])
            continue
        current, base = compared
        yield _change_check(item, current, base)


@rule(
    "narrative.comparison",
    zh="说明：不带数字的比较（决算数与年初预算数持平、增加、减少）与两个陈述数的大小关系一致",
    en="A comparison stated without a figure (决算数 持平/增加/减少 against 年初预算数) matches the two stated figures",
)
def stated_comparison(context: CheckContext) -> Iterator[Check | None]:
    facts, blocks = stated_facts(context), narrative_blocks(context)
    for statement in context.statements:
        block = block_of(blocks, statement.start)
        if statement.value is not None or statement.change is None or block is None:
            continue
        before = [fact for fact in facts if fact.line == block and fact.fact.start < statement.start]
        measures = (statement.compare_to,) if statement.compare_to in BASES else BASES
        base = next((fact for fact in reversed(before) if fact.measure in measures), None)
        current = next((fact for fact in reversed(before) if fact.measure == "决算数"), None)
        subject = f"说明 {statement.account or ''} 决算数与{statement.compare_to or '比较数'}“{statement.change}”"
        if base is None or current is None:
            yield skip_check(
                "narrative.comparison", f"{subject}：未陈述比较的两个数，无法核对。", [(statement.start, statement.end)]
            )
            continue
        yield _comparison_check(subject, statement, current, base)


@rule(
    "narrative.completion_rate",
    zh="说明：陈述的完成率 = 决算数 / 年初（全年）预算数",
    en="A stated completion rate equals 决算数 / 年初预算数 (or 全年预算数 when the text says so)",
)
def completion_rate(context: CheckContext) -> Iterator[Check | None]:
    facts = stated_facts(context)
    for index, item in enumerate(facts):
        if item.measure != "完成率":
            continue
        budget = _nearest(facts, index, BUDGETS)
        actual = _nearest(facts, index, ("决算数",))
        if budget is None or actual is None:
            yield skip_check(
                "narrative.completion_rate", f"{item.subject}：未陈述决算数或预算数，无法核对。", [item.fact.span]
            )
            continue
        if budget.fact.value == 0:
            message = f"{item.subject}：预算数为0，完成率无定义，无法核对。"
            yield skip_check("narrative.completion_rate", message, [actual.fact.span, budget.fact.span, item.fact.span])
            continue
        yield _ratio_check("narrative.completion_rate", item, actual, budget, "决算数/预算数×100%")


@rule(
    "narrative.share",
    zh="说明：陈述的占比 = 该项 / 合计（文中所说的分母，如本年收入合计、本年支出合计或所属段落的总数）",
    en="A stated share equals part / total (the denominator the text names, else the total the list is introduced by)",
)
def stated_share(context: CheckContext) -> Iterator[Check | None]:
    facts, blocks = stated_facts(context), narrative_blocks(context)
    for index, item in enumerate(facts):
        if item.measure != "占比":
            continue
        part = nearest_before(facts, index, lambda earlier: earlier.measure == "决算数")
        total = _denominator(context.text, blocks, facts, index, part)
        if part is None or total is None:
            message = f"{item.subject}：未陈述{'该项金额' if part is None else '分母（合计）'}，无法核对。"
            yield skip_check("narrative.share", message, [item.fact.span])
            continue
        if total.fact.value == 0:
            if part.fact.value == 0 and item.fact.value == 0:
                evidence = [part.fact.span, total.fact.span, item.fact.span]
                yield Check(
                    rule="narrative.share", status="pass", message=f"{item.subject}：各项均为0。", evidence=evidence
                )
            else:
                message = f"{item.subject}：分母为0，占比无定义，无法核对。"
                yield skip_check("narrative.share", message, [part.fact.span, total.fact.span, item.fact.span])
            continue
        yield _ratio_check("narrative.share", item, part, total, f"该项/{total.account or '合计'}×100%")


@rule(
    "narrative.items_total",
    zh="说明：以“其中：”引出的具体情况列表中，各项的决算数（年初预算数）之和 = 所属类的决算数（年初预算数）；重复印出的同一行只计一次",
    en="In a 具体情况 list, the items' 决算数 (年初预算数) add up to the stated total of their class; a line printed "
    "twice counts once",
)
def items_total(context: CheckContext) -> Iterator[Check | None]:
    facts, blocks = stated_facts(context), narrative_blocks(context)
    by_line = lines(facts)
    for line, members in by_line.items():
        if not ends_lead(context.text, line):
            continue
        items = _item_lines(context.text, blocks, line, by_line)
        if not items:
            continue
        for measure in ("决算数", "年初预算数"):
            total = next((member for member in members if member.measure == measure), None)
            if total is None:
                continue
            parts = [_first(by_line[item], measure) for item in items]
            subject = f"{total.subject}：以下各项{measure}"
            yield sum_check(
                "narrative.items_total", subject, total.fact, [part.fact for part in parts if part], where="文中"
            )


@rule(
    "narrative.reason_required",
    zh="说明：一般公共预算财政拨款支出决算具体情况中，决算数与年初预算数不同的项目须说明原因",
    en="In the 具体情况 list, an item whose 决算数 differs from its 年初预算数 has a REASON",
)
def reason_required(context: CheckContext) -> Iterator[Check | None]:
    facts, blocks = stated_facts(context), narrative_blocks(context)
    by_line = lines(facts)
    for lead in by_line:
        if not ends_lead(context.text, lead):
            continue
        for line in _item_lines(context.text, blocks, lead, by_line, once=False):
            yield _reason_check(by_line[line], line)


def _reason_check(members: list[Stated], line: tuple[int, int]) -> Check | None:
    """An item line whose 决算数 differs from its 年初预算数 names a reason for it."""
    budget, actual = _first(members, "年初预算数"), _first(members, "决算数")
    if budget is None or actual is None:
        return None
    unit = common_unit([budget.fact, actual.fact])
    evidence = [budget.fact.span, actual.fact.span]
    subject = f"说明 {actual.account or ''} 决算数 {actual.statement.value} 与年初预算数 {budget.statement.value}"
    if budget.fact.in_unit(unit).value == actual.fact.in_unit(unit).value:
        message = f"{subject}相同，无需说明原因。"
        return Check(rule="narrative.reason_required", status="pass", message=message, evidence=evidence)
    reason = next((member.statement for member in members if _reason_in(member, line)), None)
    if reason is not None and reason.reason_start is not None and reason.reason_end is not None:
        evidence.append((reason.reason_start, reason.reason_end))
    return presence_check("narrative.reason_required", f"{subject}不同，差异原因", reason is not None, evidence)


@rule(
    "narrative.performance",
    zh="说明：项目自评综述陈述的自评得分、全年预算数、执行数、完成率 = 该项目绩效自评表的总分得分、年度资金总额各数",
    en="A project's 自评综述 states the score, 全年预算数, 执行数 and rate its 绩效自评表 prints (总分 and 年度资金总额)",
)
def performance_summary(context: CheckContext) -> Iterator[Check | None]:
    tables = [table for table in performance_tables(context) if _project(table)]
    if not tables:
        return
    blocks = narrative_blocks(context)
    by_line = lines(stated_facts(context))
    for match in SUMMARY.finditer(context.text):
        table = _named_table(tables, PROJECT_WORDS.sub("", match.group("name")))
        if table is None:
            continue
        line = block_of(blocks, match.start()) or (match.start(), match.end())
        narrated = [(fact.measure, fact.fact) for fact in by_line.get(line, [])]
        for later in _section_lines(context.text, blocks, line):
            narrated += [(fact.measure, fact.fact) for fact in by_line.get(later, []) if _loose_rate(fact)]
        score = SCORE.search(context.text, *line)
        if score is not None:
            narrated.insert(0, ("得分", parse_fact(score.group(1), score.start(1), score.end(1), None, "得分")))
        fund = table.total_fund
        for measure, fact in narrated:
            role = PERFORMANCE_ROLES.get(measure)
            source = table.total.get("score") if role == "score" else fund.facts.get(role) if fund and role else None
            if fact is None or role is None:
                continue
            subject = f"说明 {_project(table)} {measure} {fact.value}{fact.unit or ''}（{table.caption}）"
            if source is None:
                yield skip_check("narrative.performance", f"{subject}：表中该数为空白，无法核对。", [fact.span])
                continue
            yield _identity_check("narrative.performance", subject, fact, source.in_unit(fact.unit))


def _section_lines(text: str, blocks: list[tuple[int, int]], line: tuple[int, int]) -> Iterator[tuple[int, int]]:
    """The blocks that go on about the project a summary names, up to the next heading or summary."""
    for later in following_blocks(blocks, line):
        if HEADING.match(text, later[0], later[1]) or SUMMARY.match(text, later[0], later[1]):
            return
        yield later


def _loose_rate(fact: Stated) -> bool:
    """A 完成率 stated without an account of its own (``资金执行率达 99.8%``)."""
    return fact.measure == "完成率" and fact.account is None


def _project(table: PerformanceTable) -> str | None:
    fund = table.total_fund
    return fund.record.project if fund is not None and fund.record.project else None


def _named_table(tables: list[PerformanceTable], name: str) -> PerformanceTable | None:
    """The table whose project the narrative ``name`` most resembles (None below :data:`SIMILAR`)."""
    scored = [
        (SequenceMatcher(None, name, PROJECT_WORDS.sub("", _project(table) or "")).ratio(), table) for table in tables
    ]
    ratio, table = max(scored, key=lambda pair: pair[0])
    return table if ratio >= SIMILAR else None


def _identity_check(rule_id: str, subject: str, stated: Fact, source: Fact) -> Check | None:
    """``stated`` (narrative) equals ``source`` (a table cell in the same unit), within both printed precisions."""
    check = formula_check(rule_id, subject, stated, [source], lambda value: value, "表中数", where="文中")
    return None if check is None else check.model_copy(update={"evidence": [stated.span, source.span]})


def _table_cells(context: CheckContext, keys: set[str]) -> dict[str, list[Candidate]]:
    """The amounts of the statement tables by account key (those in ``keys``): each line's amounts
    outside budget columns and, on a total row, each column by its label (``基本支出``)."""
    cells: dict[str, list[Candidate]] = {}
    for view in context.views:
        if view.role is None:
            continue
        budgets = {column for column in view.value_columns() if BUDGET_COLUMN.search(view.label(column))}
        for line in view.lines:
            amounts = [
                (column, fact)
                for column, fact in line.values.items()
                if isinstance(fact, Fact) and column not in budgets
            ]
            if line.name and amounts and not line.total and account_key(line.name) in keys:
                cells.setdefault(account_key(line.name), []).extend(
                    Candidate(view.caption, fact, index == 0) for index, (_, fact) in enumerate(amounts)
                )
            if line.total or line.name in TOTAL_NAMES:
                named = [(account_key(line.name), amounts[0][1])] if line.name and amounts else []
                named += [(account_key(view.label(column)), fact) for column, fact in amounts]
                for key, fact in named:
                    if key in keys:
                        cells.setdefault(key, []).append(Candidate(view.caption, fact, True))
    return cells


def _total_of(text: str, statement: Statement) -> bool:
    """Whether the words between the account and the figure make it a total of more than the
    account (``财政拨款收入、支出总计均为…``)."""
    if statement.account_end is None or statement.account_end > statement.start:
        return False
    return bool(TOTAL_WORD.search(text, statement.account_end, statement.start))


def _value_check(item: Stated, candidates: list[Candidate]) -> Check | None:
    """``item`` against the table amounts of its account: the first that agrees passes; else the
    failure is reported against the nearest line total (a line's first amount)."""
    checks = [
        (
            candidate,
            _identity_check(
                "narrative.table_value",
                f"{item.subject}（{candidate.caption}）",
                item.fact,
                candidate.fact.in_unit(item.fact.unit),
            ),
        )
        for candidate in candidates
    ]
    passing = next((check for _, check in checks if check is not None and check.status == "pass"), None)
    if passing is not None:
        return passing
    primary = [(candidate, check) for candidate, check in checks if candidate.primary] or checks
    unit = item.fact.unit
    return min(primary, key=lambda pair: abs(pair[0].fact.in_unit(unit).value - item.fact.value))[1]


def _compared(facts: list[Stated], index: int) -> tuple[Stated, Stated] | None:
    """The current figure and the base a change compares (nearest first on the same line)."""
    item = facts[index]
    measures = (item.statement.compare_to,) if item.statement.compare_to in BASES else BASES
    base_value = item.statement.base

    def is_base(earlier: Stated) -> bool:
        return earlier.measure in measures and (base_value is None or earlier.statement.value == base_value)

    base = nearest_before(facts, index, is_base)
    current = _nearest(facts, index, ("决算数",))
    return None if base is None or current is None else (current, base)


def _nearest(facts: list[Stated], index: int, measures: tuple[str, ...]) -> Stated | None:
    """The nearest figure of one of ``measures`` before ``facts[index]`` on its line, one of the
    same account first."""
    account = facts[index].account

    def same_account(earlier: Stated) -> bool:
        return earlier.measure in measures and earlier.account == account

    return (account and nearest_before(facts, index, same_account)) or nearest_before(
        facts, index, lambda earlier: earlier.measure in measures
    )


def _change_check(item: Stated, current: Stated, base: Stated) -> Check | None:
    """The change ``item`` states between ``current`` and ``base``: magnitude, then direction."""
    unit = common_unit([current.fact, base.fact])
    now, then = current.fact.in_unit(unit), base.fact.in_unit(unit)
    evidence = [current.fact.span, base.fact.span, item.fact.span]
    rate = item.measure == "增减率"
    if rate:
        found: Fact = item.fact
        formula: Callable[..., Decimal] = _change_rate
        description = "|决算数-比较数|/比较数×100%"
    else:
        found = item.fact.in_unit(unit) if item.fact.unit != "%" else item.fact
        formula = _difference
        description = "|决算数-比较数|"
    if rate and now.value == then.value == 0:
        status = "pass" if item.fact.value == 0 else "skip"
        note = "均为0，增减率为0" if status == "pass" else "比较数为0，增减率无定义，无法核对"
        return Check(rule="narrative.change", status=status, message=f"{item.subject}：{note}。", evidence=evidence)
    check = formula_check("narrative.change", item.subject, found, [now, then], formula, description, where="文中")
    if check is None:
        return None
    check = check.model_copy(update={"evidence": evidence})
    if check.status != "pass":
        return check
    change = item.statement.change
    wrong = (change in RISE and now.value < then.value) or (change in FALL and now.value > then.value)
    if not wrong:
        return check
    direction = "增加" if now.value > then.value else "减少"
    message = (
        f"{item.subject}：陈述为“{change}”，但 {format_decimal(now.value)} 对比 {format_decimal(then.value)}"
        f"{'（' + unit + '）' if unit else ''} 实为{direction}，方向不符。"
    )
    return check.model_copy(update={"status": "fail", "severity": "material", "message": message})


def _comparison_check(subject: str, statement: Statement, current: Stated, base: Stated) -> Check:
    """Whether ``current`` stands to ``base`` as ``statement.change`` says (equal within both precisions for 持平)."""
    unit = common_unit([current.fact, base.fact])
    now, then = current.fact.in_unit(unit), base.fact.in_unit(unit)
    difference = now.value - then.value
    tolerance = now.half_width + then.half_width
    if abs(difference) <= tolerance:
        holds = statement.change == "持平"
    else:
        holds = statement.change in (RISE if difference > 0 else FALL)
    shown = f"{format_decimal(now.value)} 对比 {format_decimal(then.value)}{'（' + unit + '）' if unit else ''}"
    evidence = [current.fact.span, base.fact.span, (statement.start, statement.end)]
    if holds:
        return Check(
            rule="narrative.comparison", status="pass", message=f"{subject}：{shown}，相符。", evidence=evidence
        )
    return Check(
        rule="narrative.comparison",
        status="fail",
        severity="material",
        message=f"{subject}：{shown}，与陈述不符。",
        expected=format_decimal(then.value),
        found=format_decimal(now.value),
        evidence=evidence,
    )


def _difference(new: Decimal, old: Decimal) -> Decimal:
    return abs(new - old)


def _change_rate(new: Decimal, old: Decimal) -> Decimal:
    return abs(new - old) / old * HUNDRED


def _percent(part: Decimal, whole: Decimal) -> Decimal:
    return part / whole * HUNDRED


def _ratio_check(rule_id: str, item: Stated, numerator: Stated, denominator: Stated, description: str) -> Check | None:
    """``item`` (a printed percentage) = numerator / denominator × 100."""
    unit = common_unit([numerator.fact, denominator.fact])
    top, bottom = numerator.fact.in_unit(unit), denominator.fact.in_unit(unit)
    check = formula_check(rule_id, item.subject, item.fact, [top, bottom], _percent, description, where="文中")
    if check is None:
        return None
    return check.model_copy(update={"evidence": [numerator.fact.span, denominator.fact.span, item.fact.span]})


def _denominator(
    text: str, blocks: list[tuple[int, int]], facts: list[Stated], index: int, part: Stated | None
) -> Stated | None:
    """The total a share is of: the total the text names (``占本年支出合计的``), else the figure
    the list or sentence is introduced by (a figure without a share of its own, else the block's
    first when its share is of a named total), else the 本年收入/支出合计 an introducing block names."""
    item = facts[index]
    named = item.statement.denominator
    if named:
        return _named_total(facts, index, plain_total(named))
    introduced = nearest_before(
        facts,
        index,
        lambda earlier: earlier.measure == "决算数" and earlier is not part and not _has_share(facts, earlier),
    )
    if introduced is not None:
        return introduced
    opening = next((fact for fact in facts if fact.line == item.line and fact.measure == "决算数"), None)
    if (
        opening is not None
        and opening is not part
        and opening.fact.start < item.fact.start
        and _named_share(facts, opening)
    ):
        return opening
    for line in preceding_blocks(blocks, item.line):
        above = [earlier for earlier in facts if earlier.line == line]
        if any(earlier.measure == "占比" for earlier in above):
            continue
        lead = next((earlier for earlier in reversed(above) if earlier.measure == "决算数"), None)
        if lead is not None:
            return lead
        words = text[line[0] : line[1]]
        name = next((plain_total(word) for word in TOTAL_WORDS if plain_total(word) in plain_total(words)), None)
        return _named_total(facts, index, name) if name and "合计" in words else None
    return None


def _named_total(facts: list[Stated], index: int, name: str) -> Stated | None:
    """The nearest 决算数 before ``facts[index]`` whose account, read as a total, is ``name``."""
    for earlier in reversed(facts[:index]):
        if earlier.measure == "决算数" and earlier.account and plain_total(earlier.account) == name:
            return earlier
    return None


def _named_share(facts: list[Stated], item: Stated) -> bool:
    """Whether ``item`` is followed by a share of a named total (``占本年支出合计的99.85%``): the
    block then goes on to break ``item`` itself down."""
    position = facts.index(item)
    following = facts[position + 1 : position + 2]
    return _has_share(facts, item) and following[0].statement.denominator is not None


def _has_share(facts: list[Stated], item: Stated) -> bool:
    """Whether a share follows ``item`` before the next figure: it is itself a part."""
    position = facts.index(item)
    following = facts[position + 1 : position + 2]
    return bool(following) and following[0].measure == "占比" and following[0].line == item.line


def _item_lines(
    text: str,
    blocks: list[tuple[int, int]],
    lead: tuple[int, int],
    by_line: dict[tuple[int, int], list[Stated]],
    *,
    once: bool = True,
) -> list[tuple[int, int]]:
    """The item lines a lead introduces (each stating 年初预算数 and 决算数); a line printed
    twice is listed once unless ``once`` is false."""
    items, seen = [], set()
    for line in following_blocks(blocks, lead):
        members = by_line.get(line, [])
        if ends_lead(text, line) or not (_first(members, "年初预算数") and _first(members, "决算数")):
            break
        printed = text[line[0] : line[1]].strip()
        if not once or printed not in seen:
            seen.add(printed)
            items.append(line)
    return items


def _first(members: list[Stated], measure: str) -> Stated | None:
    return next((member for member in members if member.measure == measure), None)


def _reason_in(member: Stated, line: tuple[int, int]) -> bool:
    statement = member.statement
    return statement.reason_start is not None and line[0] <= statement.reason_start < line[1]

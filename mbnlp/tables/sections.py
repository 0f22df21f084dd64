"""The parts of a performance self-evaluation table (绩效自评表).

One printed table holds several tables: project context rows (项目名称, 主管部门,
实施单位), the 项目资金 block (a header of 年初预算数/全年预算数/全年执行数/分值/执行率/得分
and one row per fund source), the 年度总体目标 rows, and the 绩效指标 block (a header
of 一级/二级/三级指标 … and one row per indicator, up to the 总分 row). Sections are
found by their header words, wherever they sit.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from .cells import CACHE_SIZE, cell_kind, compact
from .grid import Row
from .model import ProjectContext

CONTEXT_KEYS = {
    "project": regex.compile(r"^项目名称$"),
    "department": regex.compile(r"^(?:主管部门|部门名称|单位名称)$"),
    "implementer": regex.compile(r"^(?:项目)?实施单位$"),
}
FUND_WORDS = regex.compile(r"年初预算|全年预算|预算数|执行数|执行率|分值|得分")
BUDGET_WORD = regex.compile(r"预算(?!执行)")
EXECUTION_WORD = regex.compile(r"执行数|执行率")
BLOCK_NAME = regex.compile(r"项目资金|预算执行")
LEVEL_HEADER = regex.compile(r"(?:^|/)\K[一二三]级指标$")
INDICATOR_LABEL = "绩效指标"
TOTAL = regex.compile(r"^(?:总分|合计|总计)")
TRAILER = regex.compile(r"^(?:其他需(?:要)?说明(?:的)?事项|偏差大|改进措施|备注)")
BRACKETED = regex.compile(r"^[（(].*[）)]$")
VALUE_KINDS = frozenset({"amount", "null", "points", "quantity", "code"})
MONEY = regex.compile(r"-?[\d,]+\.\d+%?")

HeaderWords = tuple[bool, bool, str | None]


@dataclass
class Section:
    """A header (one or more rows), the data rows under it, and the row printed just
    above the header when it names the block (``项目资金（万元）``) without being part of it."""

    header: list[Row]
    rows: list[Row]
    above: Row | None = None


@dataclass
class PerformanceParts:
    """What a performance table holds; a part it does not print is None. ``others`` are
    further blocks of rows with a header and money amounts (a 重点工作任务 list)."""

    context: ProjectContext
    funds: Section | None
    indicators: Section | None
    others: list[list[Row]]


def performance_parts(rows: list[Row]) -> PerformanceParts | None:
    """The context, funds and indicators of a performance table, or None if ``rows`` hold
    neither a funds header nor an indicators header."""
    words = [[_header_words(text) for text in row.texts] for row in rows]
    fund_at = next((index for index, row in enumerate(words) if _is_fund_header(row)), None)
    indicator_at = next((index for index, row in enumerate(words) if _is_indicator_header(row)), None)
    if fund_at is None and indicator_at is None:
        return None
    first = min(index for index in (fund_at, indicator_at) if index is not None)
    funds = _funds(rows, fund_at, indicator_at) if fund_at is not None else None
    funds = funds if funds is not None and funds.rows else None
    indicators = _indicators(rows, indicator_at) if indicator_at is not None else None
    used = {id(row) for section in (funds, indicators) if section for row in (*section.header, *section.rows)}
    rest = [row for row in rows if id(row) not in used and not _is_context(row)]
    return PerformanceParts(_context(rows[:first]), funds, indicators, _amount_blocks(rest))


def _is_fund_header(words: list[HeaderWords]) -> bool:
    """A row naming the budget and its execution (年初预算数 … 全年执行数, 执行率)."""
    return any(budget for budget, _, _ in words) and any(execution for _, execution, _ in words)


def _is_indicator_header(words: list[HeaderWords]) -> bool:
    """A row naming two of 一级/二级/三级指标 (also as the last part of a merged label, ``绩效指标/一级指标``)."""
    return len({level for _, _, level in words if level}) >= 2


@lru_cache(maxsize=CACHE_SIZE)  # every cell of every table is asked, the same header words in each
def _header_words(text: str) -> HeaderWords:
    """Whether a cell is a funds header word naming the budget, whether one naming its
    execution, and the ``一级指标``-style label it ends with (None if none)."""
    text = compact(text)
    found = LEVEL_HEADER.search(text)
    level = found.group() if found else None
    if not FUND_WORDS.search(text):
        return False, False, level
    return BUDGET_WORD.search(text) is not None, EXECUTION_WORD.search(text) is not None, level


def _funds(rows: list[Row], at: int, stop: int | None) -> Section:
    """The header at ``at`` (with continuation rows that only hold bracketed notes such as
    ``(20分)``) and the fund rows below it, up to the first row that is not one."""
    end = len(rows) if stop is None or stop < at else stop
    above = rows[at - 1] if at > 0 and any(BLOCK_NAME.search(text) for text in rows[at - 1].texts) else None
    header = [rows[at]]
    index = at + 1
    while index < end and _is_bracketed(rows[index]):
        header.append(rows[index])
        index += 1
    data = []
    while index < end and _is_fund_row(rows[index]):
        data.append(rows[index])
        index += 1
    return Section(header, data, above)


def _is_bracketed(row: Row) -> bool:
    filled = [compact(text) for text in row.texts if compact(text)]
    return bool(filled) and all(BRACKETED.match(text) for text in filled)


def _is_fund_row(row: Row) -> bool:
    """One text cell (the fund source) and otherwise only amounts, rates, scores or dashes."""
    kinds = [cell_kind(text) for text in row.texts]
    labels = [kind for kind in kinds if kind not in VALUE_KINDS and kind != "empty"]
    return len(labels) == 1


def _indicators(rows: list[Row], at: int) -> Section:
    """The header at ``at`` (with the row above when it carries the upper header labels,
    such as ``绩效指标 … 年度指标值 … 分值 得分``) and the indicator rows up to and
    including the 总分 row; trailing rows (其他需说明事项, 偏差大…) are left out."""
    header = [rows[at]]
    above = rows[at - 1] if at > 0 else None
    if above is not None and INDICATOR_LABEL in map(compact, above.texts) and sum(map(bool, above.texts)) >= 2:
        header.insert(0, above)
    data = []
    for row in rows[at + 1 :]:
        first = next((compact(text) for text in row.texts if compact(text)), "")
        if TRAILER.match(first):
            continue
        data.append(row)
        if TOTAL.match(first):
            break
    return Section(header, data)


def _is_context(row: Row) -> bool:
    return any(pattern.match(compact(text)) for text in row.texts for pattern in CONTEXT_KEYS.values())


def _amount_blocks(rows: list[Row]) -> list[list[Row]]:
    """Runs of rows between one-cell rows (section titles) that hold a header row and money
    amounts (decimals); the rest (goals, narrative) is not tabular data."""
    blocks: list[list[Row]] = [[]]
    for row in rows:
        if sum(1 for text in row.texts if compact(text)) <= 1:
            blocks.append([])
        else:
            blocks[-1].append(row)
    return [block for block in blocks if len(block) > 1 and not _has_money(block[0]) and any(map(_has_money, block))]


def _has_money(row: Row) -> bool:
    return any(MONEY.fullmatch(compact(text)) for text in row.texts)


def _context(rows: list[Row]) -> ProjectContext:
    """项目名称 / 主管部门 / 实施单位 from label–value pairs in the rows before the first section."""
    found: dict[str, str] = {}
    for row in rows:
        texts = [compact(text) for text in row.texts]
        for position, text in enumerate(texts):
            for key, pattern in CONTEXT_KEYS.items():
                if key not in found and pattern.match(text):
                    value = next((later for later in texts[position + 1 :] if later), "")
                    if value and not any(other.match(value) for other in CONTEXT_KEYS.values()):
                        found[key] = value
    return ProjectContext(**found)

"""Columns and rows of the two tables inside a 绩效自评表: project funds and indicators.

Column roles come from header words (一级指标, 指标性质, 年度指标值, 计量单位, 分值, 得分 …;
年初预算数, 全年预算数, 全年执行数, 执行率 …). Rows are aligned to those roles by the
kind of their cells (:mod:`.align`); 一级/二级指标 left empty on continuation rows are
carried down; the 总分 row puts its numbers under 分值 and 得分.
"""

from __future__ import annotations

import regex

from .align import aligned_cells, carry_down
from .cells import cell_kind, compact, is_number_like, level_name
from .grid import Cell, Row
from .header import join_label
from .model import Column, ColumnRole, TableRow
from .sections import TOTAL, Section

INDICATOR_ROLES: list[tuple[regex.Pattern, ColumnRole]] = [
    (regex.compile(r"一级指标"), "level1"),
    (regex.compile(r"二级指标"), "level2"),
    (regex.compile(r"三级指标|指标名称"), "level3"),
    (regex.compile(r"指标性质|指标类型"), "nature"),
    (regex.compile(r"指标方向|运算符"), "operator"),
    (regex.compile(r"计量单位|度量单位|^单位$"), "unit"),
    (regex.compile(r"偏差"), "deviation"),
    (regex.compile(r"实际"), "actual"),
    (regex.compile(r"指标值|目标值|预期值"), "target"),
    (regex.compile(r"分值|权重"), "weight"),
    (regex.compile(r"得分"), "score"),
    (regex.compile(r"绩效指标|绩效目标"), "label"),
]
FUND_ROLES: list[tuple[regex.Pattern, ColumnRole]] = [
    (regex.compile(r"年初预算"), "initial_budget"),
    (regex.compile(r"得分"), "score"),
    (regex.compile(r"执行率"), "execution_rate"),
    (regex.compile(r"全年预算|调整后预算|预算数"), "full_year_budget"),
    (regex.compile(r"执行数|实际支出"), "executed"),
    (regex.compile(r"分值|权重"), "weight"),
]
FUND_VALUES: frozenset[str] = frozenset(role for _, role in FUND_ROLES)
LEVELS: tuple[ColumnRole, ...] = ("level1", "level2")
VALUE_ROLES: tuple[ColumnRole, ...] = ("nature", "operator", "target", "actual", "weight", "score")
UPPER_STEMS = frozenset({"产出", "效益", "满意度", "成本", "决策", "过程"})
LOWER_ENDINGS = regex.compile(r"(?:数量|质量|时效|效益|影响|满意度|成本)$")
LEVEL_KINDS = frozenset({"upper", "lower", "level"})
BRACKETED = regex.compile(r"^[（(].*[）)]$")


def indicator_columns(paths: list[list[str]]) -> list[Column]:
    """One column per header path, its role read from the lowest label that names one."""
    return [Column(join_label(path), _role(path, INDICATOR_ROLES)) for path in paths]


def fund_columns(paths: list[list[str]], rows: list[Row]) -> list[Column]:
    """Fund value columns by header word; the column most rows print their fund source in is ``item``."""
    roles = [_role(path, FUND_ROLES) for path in paths]
    item = _item_column(rows, len(paths))
    if item is not None and roles[item] == "blank":
        roles[item] = "item"
    return [Column(join_label(path), role) for path, role in zip(paths, roles)]


def indicator_rows(section: Section, columns: list[Column]) -> list[TableRow]:
    """The indicator rows aligned to ``columns``, merged levels carried down, 总分 marked."""
    roles = [column.role for column in columns]
    aligned = []
    for row in section.rows:
        total = _is_total(row)
        cells = (
            _total_cells(row, roles)
            if total
            else _named(aligned_cells(row, roles, indicator_fit, indicator_kind), roles)
        )
        aligned.append(TableRow(cells, row.start, row.end, total))
    levels = [roles.index(role) for role in LEVELS if role in roles]
    carry_down([row.cells for row in aligned if not row.total], levels)
    return aligned


def fund_rows(section: Section, columns: list[Column]) -> list[TableRow]:
    """The fund rows aligned to ``columns``."""
    roles = [column.role for column in columns]
    return [TableRow(aligned_cells(row, roles, fund_fit), row.start, row.end) for row in section.rows]


def indicator_kind(text: str) -> str:
    """:func:`~.cells.cell_kind`, with level labels told apart by the standard indicator
    framework: ``upper`` for a 一级 name (产出/效益/满意度/成本指标), ``lower`` for a 二级
    name (数量/质量/时效/…效益/…影响/…满意度/…成本), ``level`` for another …指标."""
    kind = cell_kind(text)
    stem = level_name(text).removesuffix("指标")
    if kind in ("level", "text") and stem in UPPER_STEMS:
        return "upper"
    if kind in ("level", "text") and LOWER_ENDINGS.search(stem):
        return "lower"
    return kind


def indicator_fit(kind: str, role: ColumnRole) -> float:
    """How well a cell of ``kind`` (:func:`indicator_kind`) fits an indicator column
    (negative: it does not)."""
    if kind == "empty":
        return 0.0
    if kind == "null":
        return -0.5 if role in ("level1", "level2", "level3") else 0.0
    level = kind in LEVEL_KINDS
    number = kind in ("amount", "code", "points", "quantity")
    if role == "label":
        return 1.0 if kind == "level" else 0.0 if level else -1.0
    if role in LEVELS:
        preferred = "upper" if role == "level1" else "lower"
        return (
            2.5 if kind == preferred else 2.0 if kind == "level" else 0.5 if level else 0.3 if kind == "text" else -2.0
        )
    if role == "level3":
        return 1.5 if kind == "text" else 0.5 if level else -2.0
    if role == "nature":
        return 2.0 if kind in ("nature", "operator") else -2.0
    if role == "operator":
        return 2.0 if kind == "operator" else -2.0
    if role in ("target", "actual"):
        return 1.5 if number else 1.0 if kind == "text" else -1.0
    if role == "unit":
        return 2.0 if kind == "unit" else -1.5
    if role in ("weight", "score"):
        return 2.0 if kind in ("amount", "code", "points") else -1.0 if number else -2.0
    if role == "deviation":
        return 1.0 if kind == "text" or level else -0.5
    return -1.5


def fund_fit(kind: str, role: ColumnRole) -> float:
    """How well a cell of ``kind`` fits a fund column (negative: it does not)."""
    if kind == "empty":
        return 0.0
    value = is_number_like(kind) or kind == "null"
    if role == "item":
        return -2.0 if value else 1.5
    if role in FUND_VALUES:
        return 1.5 if value else -2.0
    return -0.5


def _role(path: list[str], patterns: list[tuple[regex.Pattern, ColumnRole]]) -> ColumnRole:
    """The role named by the lowest label of ``path`` that names one (bracketed notes such
    as ``(20分*执行率)`` name none), else ``blank``."""
    for label in reversed(path):
        if BRACKETED.match(label):
            continue
        for pattern, role in patterns:
            if pattern.search(label):
                return role
    return "blank"


def _item_column(rows: list[Row], width: int) -> int | None:
    """The column holding the most fund-source labels (the text cell of each fund row)."""
    counts = [0] * width
    for row in rows:
        for position, text in enumerate(row.texts[:width]):
            if cell_kind(text) in ("text", "level"):
                counts[position] += 1
                break
    return max(range(width), key=lambda column: counts[column]) if any(counts) else None


def _named(cells: list[Cell], roles: list[ColumnRole]) -> list[Cell]:
    """A row with values but no 三级指标 name takes as name its last level label
    (``服务对象满意度`` placed under 二级 by its look); the levels above are then carried."""
    if "level3" not in roles:
        return cells
    name = roles.index("level3")
    has_values = any(cells[roles.index(role)].text for role in VALUE_ROLES if role in roles)
    if cells[name].text or not has_values:
        return cells
    for role in reversed(LEVELS):
        if role in roles and cells[roles.index(role)].text:
            at = roles.index(role)
            cells[name], cells[at] = cells[at], Cell("", cells[at].start, cells[at].start)
            break
    return cells


def _is_total(row: Row) -> bool:
    first = next((compact(text) for text in row.texts if compact(text)), "")
    return TOTAL.match(first) is not None


def _total_cells(row: Row, roles: list[ColumnRole]) -> list[Cell]:
    """The 总分 row: its label first, its numbers under 分值 and 得分 (in order when both are
    printed, else the one number under 得分), everything else empty."""
    cells = [Cell("", row.start, row.start) for _ in roles]
    filled = [cell for cell in row.cells if compact(cell.text)]
    if not filled:
        return cells
    cells[0] = filled[0]
    numbers = [cell for cell in filled[1:] if is_number_like(cell_kind(cell.text))]
    targets = [roles.index(role) for role in ("weight", "score") if role in roles]
    for column, cell in zip(targets[-len(numbers) :] if len(numbers) < len(targets) else targets, numbers):
        cells[column] = cell
    return cells

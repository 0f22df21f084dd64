"""What each column of a statement table holds, and which columns form one block.

A column's role comes from its header label and from the cells under it: codes
(3/5/7 digits) make a code column, text a name column, amounts a value column; a
``行次`` column numbers lines. Columns then fall into blocks, each a code and/or name
followed by its values: a 基本支出 table printed as 人员经费 | 公用经费 has several
blocks side by side, a two-sided summary has an income block and an expenditure block.
"""

from __future__ import annotations

from collections import Counter

import regex

from .cells import cell_kind, is_total_label
from .grid import Row
from .header import join_label
from .model import Column, ColumnRole, Side

CODE_LABEL = regex.compile(r"编码|代码|^(?:类|款|项)$")
NAME_LABEL = regex.compile(r"名称|^项目(?:$|[（(])|^$")
LINE_LABEL = regex.compile(r"行次|序号")
LEVEL_MARKERS = frozenset({"类", "款", "项"})
CODE_PART = regex.compile(r"\d{2}|\d{3}(?:\d{2}){0,2}")
GENERIC_TOP = "项目"
MAJORITY = 0.6
TEXTUAL = frozenset({"text", "level", "nature", "operator", "unit"})
NUMERIC = frozenset({"amount", "null", "points", "quantity", "code"})


def account_columns(paths: list[list[str]], data: list[Row], width: int) -> list[Column]:
    """The columns of a table keyed by code or name: labels, roles, blocks and sides."""
    roles = _one_name_per_block(
        [_role(paths[column], [_text(row, column) for row in data], column) for column in range(width)]
    )
    groups = _groups(roles)
    sides = _sides(paths, groups)
    return [
        Column(_label(paths[column], roles[column]), roles[column], groups[column], sides.get(groups[column]))
        for column in range(width)
    ]


def _role(path: list[str], texts: list[str], column: int) -> ColumnRole:
    """The role of one column from its label and its cells (total labels such as 合计, which
    also sit in code columns, do not count unless nothing else is printed)."""
    leaf = path[-1] if path else ""
    if LINE_LABEL.search(leaf):
        return "line"
    printed = [text for text in texts if text.strip()]
    if leaf in LEVEL_MARKERS and printed and all(CODE_PART.fullmatch(text.strip()) for text in printed):
        return "code"
    kinds = Counter(map(cell_kind, [text for text in printed if not is_total_label(text)]))
    filled = sum(kinds.values())
    label = join_label(path)
    if not filled and any(map(is_total_label, texts)):
        return "name"
    if not filled:
        return "blank" if NAME_LABEL.search(leaf) or CODE_LABEL.search(leaf) else "value"
    if kinds["code"] >= MAJORITY * filled and (CODE_LABEL.search(label) or not label or column == 0):
        return "code"
    if sum(kinds[kind] for kind in NUMERIC) >= MAJORITY * filled:
        return "value"
    if sum(kinds[kind] for kind in TEXTUAL) >= MAJORITY * filled:
        return "name"
    return "text"


def _one_name_per_block(roles: list[ColumnRole]) -> list[ColumnRole]:
    """Only the first of adjacent text columns names the line (``单位名称`` | ``单位性质``), and
    only when values follow it: the others are text (``主要内容``, ``偏差原因``)."""
    refined: list[ColumnRole] = []
    for column, role in enumerate(roles):
        before = next((earlier for earlier in reversed(refined) if earlier != "blank"), None)
        after = next((later for later in roles[column + 1 :] if later in ("code", "name", "value")), None)
        named = role == "name" and before not in ("name", "text") and (after == "value" or column == 0)
        refined.append("text" if role == "name" and not named else role)
    return refined


def _groups(roles: list[ColumnRole]) -> list[int]:
    """The block of each column: a new block starts at a code column (not one right after
    another code column), or at a name column once the current block has a name or values."""
    groups = []
    group, has_key, has_name, has_values = 0, False, False, False
    previous: ColumnRole | None = None
    for role in roles:
        after_code = role == "code" and previous == "code"  # 类 | 款 | 项 printed in separate columns
        starts = (role == "code" and (has_key or has_values) and not after_code) or (
            role == "name" and (has_name or has_values)
        )
        if starts:
            group, has_key, has_name, has_values = group + 1, False, False, False
        has_key = has_key or role in ("code", "name")
        has_name = has_name or role == "name"
        has_values = has_values or role == "value"
        groups.append(group)
        previous = role if role != "blank" else previous
    return groups


def _sides(paths: list[list[str]], groups: list[int]) -> dict[int, Side]:
    """income/expenditure for each block of a two-sided table (both sides present), else nothing."""
    sides: dict[int, Side] = {}
    for group in sorted(set(groups)):
        words = "".join(part for column, path in enumerate(paths) if groups[column] == group for part in path[:1])
        income, expenditure = "收入" in words, "支出" in words
        if income != expenditure:
            sides[group] = "income" if income else "expenditure"
    if len(set(groups)) < 2 or set(sides.values()) != {"income", "expenditure"} or len(sides) != len(set(groups)):
        return {}
    return sides


def _label(path: list[str], role: ColumnRole) -> str:
    """The merged label; a code or name column drops 类/款/项 markers and a leading 项目."""
    if role not in ("code", "name"):
        return join_label(path)
    parts = [part for part in path if part not in LEVEL_MARKERS] or path
    if len(parts) > 1 and parts[0] == GENERIC_TOP:
        parts = parts[1:]
    return join_label(parts)


def _text(row: Row, column: int) -> str:
    return row.cells[column].text if column < len(row.cells) else ""

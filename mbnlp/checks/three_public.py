"""The amounts of a “三公”经费 table by measure (预算数, 决算数, 2024年预算数 …) and item.

Two printed shapes: items as rows (``1.因公出国（境）费 | 预算数 | 决算数``), or items as
columns under measure headers (``预算数/合计 | 预算数/因公出国（境）费 | …``, or one row per
year). Items: the total (合计, 支出合计, “三公”经费), 因公出国（境）费, 公务用车购置及运行维护费,
its 购置费 and 运行维护费, and 公务接待费; counts (批次, 辆 …) and sub-items (国内接待费) are not items.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..tables.cells import compact, plain_name
from .document import TableView, derived
from .facts import Amount, Fact

ITEMS: list[tuple[str, regex.Pattern]] = [
    ("total", regex.compile(r"^(?:(?:支出)?合计|总计|“?三公”?经费(?:支出)?(?:合计)?)$")),
    ("abroad", regex.compile(r"因公出国[（(]境[)）]费(?:用)?$")),
    ("vehicle", regex.compile(r"公务用车购置及运行(?:维护|维修)费$")),
    ("purchase", regex.compile(r"^(?:公务用车)?购置费$")),
    ("operation", regex.compile(r"^(?:公务用车)?运行(?:维护|维修)费$")),
    ("reception", regex.compile(r"公务接待费$")),
]
ITEM_NAMES = {
    "total": "合计",
    "abroad": "因公出国（境）费",
    "vehicle": "公务用车购置及运行维护费",
    "purchase": "公务用车购置费",
    "operation": "公务用车运行维护费",
    "reception": "公务接待费",
}
SUBTOTAL = regex.compile(r"^(?:小计|合计)$")
MIN_ITEM_ROWS = 2


@dataclass
class ThreePublic:
    """``facts[measure][item]``: the amount (a blank where none is printed)."""

    view: TableView
    facts: dict[str, dict[str, Amount]]


def item_of(text: str) -> str | None:
    """The 三公 item a row name or header part names."""
    name = plain_name(text)
    return next((item for item, pattern in ITEMS if pattern.search(name)), None)


@derived
def three_public_facts(view: TableView) -> ThreePublic:
    """The amounts of a 三公 table in either printed shape."""
    row_items = [item_of(line.printed) for line in view.lines]
    items_as_rows = sum(1 for item in row_items if item) >= MIN_ITEM_ROWS
    column_items = {column: _column_item(view.label(column)) for column in view.value_columns()}
    facts: dict[str, dict[str, Amount]] = {}
    for line, row_item in zip(view.lines, row_items):
        for column in view.value_columns(line.group):
            if items_as_rows:
                item, measure = row_item, compact(view.label(column))
            else:
                item, where = column_items[column]
                measure = "/".join(part for part in (line.name, where) if part)
            if item is not None:
                found = facts.setdefault(measure, {})
                if not isinstance(found.get(item), Fact):
                    found[item] = line.values[column]
    return ThreePublic(view, facts)


def _column_item(label: str) -> tuple[str | None, str]:
    """The item a column header names and the measure part above it
    (``决算数/公务用车购置及运行维护费/小计`` → vehicle, ``决算数``)."""
    parts = [compact(part) for part in label.split("/") if compact(part)]
    for depth in range(len(parts) - 1, -1, -1):
        leaf = parts[depth]
        joined = "".join(parts[depth - 1 : depth + 1]) if depth else leaf
        if SUBTOTAL.match(leaf) and depth and item_of(parts[depth - 1]) == "vehicle":
            return "vehicle", "/".join(parts[: depth - 1])
        if SUBTOTAL.match(leaf) and depth <= 1:
            return "total", "/".join(parts[:depth])
        for text, start in ((leaf, depth), (joined, depth - 1)):
            item = item_of(text)
            if item is not None:
                above = [part for part in parts[: max(start, 0)] if item_of(part) is None]
                return item, "/".join(above)
    return None, ""

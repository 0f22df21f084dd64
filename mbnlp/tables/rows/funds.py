"""``Fund`` records (SPEC §2) from a reconstructed ``project_funds`` table.

* One record per fund row, also when every amount is blank (kept with nulls).
* ``item`` is canonical: ``年度资金总额`` for the total row whatever its printed label
  (``年度财政资金总额``, ``部门整体支出总额``), ``财政拨款`` for ``其中：财政拨款`` /
  ``其中：当年财政拨款``, ``上年结转资金``, ``其他资金``; another label is kept as printed,
  without ``其中：``.
* Amounts, weight, rate and score by header word (年初预算数, 全年预算数 or a lone
  预算数, 全年执行数, 分值, 执行率, 得分); ``——`` and blanks are None; ``72.3%`` → ``72.3``.
* A weight printed only in the block label (``预算执行情况 (20分)``) is the total row's weight.
* ``unit``: the table's (the unit of the funds block, ``项目资金（万元）``).
"""

from __future__ import annotations

import regex

from ...records.models import Fund
from ..cells import plain_name
from ..model import ReconstructedTable, TableRow
from .values import number, role_reader

CANONICAL_ITEMS: list[tuple[regex.Pattern, str]] = [
    (regex.compile(r"总额|合计"), "年度资金总额"),
    (regex.compile(r"财政拨款|财政资金"), "财政拨款"),
    (regex.compile(r"结转|结余"), "上年结转资金"),
    (regex.compile(r"其他资金"), "其他资金"),
]
LABEL_WEIGHT = regex.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[）)]")


def fund_records(table: ReconstructedTable) -> list[Fund]:
    """The fund rows of ``table`` (empty unless it is a ``project_funds`` table)."""
    if table.kind != "project_funds":
        return []
    label_weight = _label_weight(table)
    records = []
    for index, row in enumerate(table.rows):
        record = _fund(table, row)
        if record is not None:
            if index == 0 and record.weight is None:
                record = record.model_copy(update={"weight": label_weight})
            records.append(record)
    return records


def canonical_item(label: str) -> str:
    """The SPEC name of a fund source row (``其中：当年财政拨款`` → ``财政拨款``)."""
    name = plain_name(label)
    return next((item for pattern, item in CANONICAL_ITEMS if pattern.search(name)), name)


def _fund(table: ReconstructedTable, row: TableRow) -> Fund | None:
    cell = role_reader(table, row)
    label = plain_name(cell("item"))
    if not label:
        return None
    return Fund(
        table=table.id,
        project=table.context.project,
        item=canonical_item(label),
        initial_budget=number(cell("initial_budget")),
        full_year_budget=number(cell("full_year_budget")),
        executed=number(cell("executed")),
        weight=number(cell("weight")),
        execution_rate=number(cell("execution_rate")),
        score=number(cell("score")),
        unit=table.unit,
        start=row.start,
        end=row.end,
    )


def _label_weight(table: ReconstructedTable) -> str | None:
    """A weight printed in the label of a funds block that has no 分值 column (``(20分)``)."""
    if table.columns_with("weight"):
        return None
    for column in table.columns:
        found = LABEL_WEIGHT.search(column.label)
        if found:
            return found.group(1)
    return None

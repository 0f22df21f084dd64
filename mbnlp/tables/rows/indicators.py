"""``Indicator`` records (SPEC §2) from a reconstructed ``performance_indicators`` table.

* One record per row with a 三级指标 name and some value; the 总分 row is not an indicator (it stays a
  marked total row of the table), nor are placeholder (``……``), empty or 二级-only rows.
* ``level1``/``level2`` as carried down, without a group weight (``产出指标(50分)`` →
  ``产出指标``); ``level3`` as printed.
* ``nature``: 正向/反向/定性/定量 as written; None when that column holds operators.
* ``operator``: from the 指标方向 column, else from the 指标性质 column when it holds
  operators, else glued to the target (``≥284970人``); an operator glued to the actual is
  not the indicator's.
* ``target``/``actual``: the number when the cell is a quantity, else the text as printed
  (``显著提升``); ``unit`` from the unit column as written, else glued to the target,
  else from the name (``下乡稽核人数（人）``).
* ``weight``/``score``: decimals as printed (``10分`` → ``10``, ``5.00`` stays);
  ``deviation``: the 偏差原因 cell, None when empty.
"""

from __future__ import annotations

from ...normalize import canonical_operator, canonical_unit, parse_quantity, unit_from_name
from ...records.models import Indicator
from ..cells import NATURE_WORDS, compact, level_name
from ..model import ReconstructedTable, TableRow
from .values import number, role_reader, text_or_none

VALUE_ROLES = ("nature", "operator", "target", "actual", "weight", "score")


def indicator_records(table: ReconstructedTable) -> list[Indicator]:
    """The indicators of ``table`` (empty unless it is a ``performance_indicators`` table)."""
    if table.kind != "performance_indicators":
        return []
    return [record for row in table.rows if not row.total if (record := _indicator(table, row)) is not None]


def _indicator(table: ReconstructedTable, row: TableRow) -> Indicator | None:
    cell = role_reader(table, row)
    name = text_or_none(cell("level3"))
    if name is None or not any(text_or_none(cell(role)) for role in VALUE_ROLES):
        return None
    nature_text = compact(cell("nature"))
    target = parse_quantity(cell("target"))
    operator = (
        canonical_operator(cell("operator"))
        or (canonical_operator(nature_text) if nature_text not in NATURE_WORDS else None)
        or target.operator
    )
    return Indicator(
        table=table.id,
        project=table.context.project,
        level1=text_or_none(level_name(cell("level1"))),
        level2=text_or_none(level_name(cell("level2"))),
        level3=name,
        nature=nature_text.removesuffix("指标") if nature_text in NATURE_WORDS else None,
        operator=operator,
        target=_value(cell("target")),
        actual=_value(cell("actual")),
        unit=(canonical_unit(cell("unit")) if text_or_none(cell("unit")) else None)
        or target.unit
        or unit_from_name(name),
        weight=number(cell("weight")),
        score=number(cell("score")),
        deviation=text_or_none(cell("deviation")),
        start=row.start,
        end=row.end,
    )


def _value(text: str) -> str | None:
    """A target or actual: its number when it is a quantity, else its text."""
    quantity = parse_quantity(text)
    return quantity.value if quantity.value is not None else text_or_none(text)

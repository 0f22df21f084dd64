"""The amounts of code-keyed tables by measure and code, for roll-ups and cross-table checks.

A measure is what a column reports (``本年支出合计``, or ``决算数`` shared by the blocks of a
基本支出 table). A code printed twice in one measure with the same amount is one fact (a
repeated line is not counted twice); with different amounts it is a conflict, reported by
``cross.same_code_same_amount`` and left out of the roll-ups.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..classification import parent_code
from .columns import measure_of
from .document import Line, TableView, derived
from .facts import Amount, Fact


@dataclass
class CodedColumn:
    """One measure of one table: the amount of each code (a blank where the row prints none), the
    codes printed more than once with different amounts, the code-less lines (合计 …) and the codes
    printed under each code (its children, in code order)."""

    measure: str
    facts: dict[str, Amount]
    conflicts: dict[str, list[Fact]]
    lines: list[tuple[Line, Amount]]
    children: dict[str | None, list[str]] = field(default_factory=dict)


@derived
def coded_columns(view: TableView) -> list[CodedColumn]:
    """Every measure of a code-keyed table."""
    blocks = len(view.groups())
    measures = {column: measure_of(view.label(column), blocks) for column in view.value_columns()}
    found: dict[str, CodedColumn] = {}
    seen: dict[str, dict[str, list[Amount]]] = defaultdict(lambda: defaultdict(list))
    for line in view.lines:
        for column in view.value_columns(line.group):
            measure = measures[column]
            coded = found.setdefault(measure, CodedColumn(measure, {}, {}, []))
            fact = line.values[column]
            if line.code is None:
                coded.lines.append((line, fact))
            else:
                seen[measure][line.code].append(fact)
    for measure, codes in seen.items():
        coded = found[measure]
        for code, facts in codes.items():
            shown = [fact for fact in facts if isinstance(fact, Fact)]
            if len(shown) > 1 and len({fact.value for fact in shown}) > 1:
                coded.conflicts[code] = shown
            else:
                coded.facts[code] = shown[0] if shown else facts[0]
        for code in sorted(codes):
            coded.children.setdefault(parent_code(code), []).append(code)
    return list(found.values())

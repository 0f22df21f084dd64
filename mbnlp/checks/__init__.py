"""The validator (SPEC §4): facts of a document that disagree with each other are reported as
``Check`` records, never silently fixed.

>>> checks = run_checks(document, reconstructed_tables, records)   # list[Check]
>>> checks = run_checks(document, reconstructed_tables, records, year, statements, blocks)  # and the narrative
>>> RULES["summary.income_total"].zh
'收支总表（T1/T4）：本年收入合计 = 各收入项目之和'

Each rule has a stable id, its rule in words and a function (:mod:`.rules`); arithmetic is
exact (``Decimal``) with the rounding envelope of :mod:`.verdict`.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..loading import Document
from ..records import Check, Statement
from ..structure import Block
from ..tables import ReconstructedTable, TableRecords
from . import rules  # noqa: F401  (registers the rules)
from .document import CheckContext, check_context
from .registry import RULES, Rule, apply_rules

__all__ = ["RULES", "CheckContext", "Rule", "check_context", "run_checks"]


def run_checks(
    document: Document,
    tables: list[ReconstructedTable],
    records: TableRecords,
    year: int | None = None,
    statements: Sequence[Statement] = (),
    blocks: Sequence[Block] = (),
) -> list[Check]:
    """Every check of ``document``: its tables, and its narrative ``statements`` against them
    (``year``: the budget year, to pick a 三公 column; ``blocks``: the document's blocks, which
    group the statements by paragraph)."""
    return apply_rules(check_context(document, tables, records, year, statements, blocks))

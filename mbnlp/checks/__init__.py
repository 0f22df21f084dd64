"""The validator (SPEC §4): facts of a document that disagree with each other are reported as
``Check`` records, never silently fixed.

>>> checks = check_tables(document, reconstructed_tables, records)   # list[Check]
>>> checks = check_document(load_document("examples/tab_tables_final_accounts.txt"))
>>> RULES["summary.income_total"].zh
'收支总表（T1/T4）：本年收入合计 = 各收入项目之和'

Each rule has a stable id, its rule in words and a function (:mod:`.rules`); arithmetic is
exact (``Decimal``) with the rounding envelope of :mod:`.verdict`.
"""

from __future__ import annotations

from ..loading import Document
from ..records import Check
from ..structure import detect_meta, split_blocks
from ..tables import ReconstructedTable, TableRecords, reconstruct, table_records
from . import rules  # noqa: F401  (registers the rules)
from .document import CheckContext, check_context
from .registry import RULES, Rule, apply_rules

__all__ = ["RULES", "CheckContext", "Rule", "check_context", "check_document", "check_tables"]


def check_tables(
    document: Document, tables: list[ReconstructedTable], records: TableRecords, year: int | None = None
) -> list[Check]:
    """Every table check of ``document`` (``year``: the budget year, to pick a 三公 column)."""
    return apply_rules(check_context(document, tables, records, year))


def check_document(document: Document) -> list[Check]:
    """The table checks of ``document``, running the structure and table stages it needs
    (the ``checks`` of ``mbnlp.extract``, without the entity stage)."""
    blocks = split_blocks(document)
    meta = detect_meta(document, blocks)
    tables = reconstruct(document, blocks, meta)
    return check_tables(document, tables, table_records(tables), meta.year)

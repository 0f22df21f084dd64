"""Typed SPEC §2 records from reconstructed tables: tables, indicators, funds, accounts."""

from __future__ import annotations

from typing import NamedTuple

from ...records.models import Account, Fund, Indicator, Table
from ..model import ReconstructedTable
from .accounts import account_records
from .funds import canonical_item, fund_records
from .indicators import indicator_records
from .values import table_cell

__all__ = ["TableRecords", "account_records", "canonical_item", "fund_records", "indicator_records", "table_records"]


class TableRecords(NamedTuple):
    """The records of a document's tables, each list in document order."""

    tables: list[Table]
    indicators: list[Indicator]
    funds: list[Fund]
    accounts: list[Account]


def table_records(tables: list[ReconstructedTable]) -> TableRecords:
    """``Table``, ``Indicator``, ``Fund`` and ``Account`` records of reconstructed tables."""
    return TableRecords(
        tables=[table_record(table) for table in tables],
        indicators=[record for table in tables for record in indicator_records(table)],
        funds=[record for table in tables for record in fund_records(table)],
        accounts=[record for table in tables for record in account_records(table)],
    )


def table_record(table: ReconstructedTable) -> Table:
    """The ``Table`` record: merged header, and rows of normalised cells (amounts without
    separators, blanks and dashes null)."""
    return Table(
        id=table.id,
        kind=table.kind,
        title=table.title or table.label,
        label=table.label,
        unit=table.unit,
        project=table.context.project,
        start=table.start,
        end=table.end,
        header=table.header,
        rows=[[table_cell(cell.text) for cell in row.cells] for row in table.rows],
    )

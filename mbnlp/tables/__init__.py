"""Tables: table regions read into grids, then interpreted as structured tables and typed rows.

>>> tables = reconstruct(document)          # list[ReconstructedTable], ids t1, t2, …
>>> records = table_records(tables)         # TableRecords(tables, indicators, funds, accounts)
"""

from .model import Column, ProjectContext, ReconstructedTable, TableRow
from .reconstruct import reconstruct
from .rows import TableRecords, table_records

__all__ = ["Column", "ProjectContext", "ReconstructedTable", "TableRecords", "TableRow", "reconstruct", "table_records"]

"""The output contract (SPEC §2): typed records and their tabular views."""

from .models import (
    Account,
    Check,
    DocumentResult,
    Entity,
    Error,
    Fund,
    Indicator,
    Meta,
    Statement,
    Table,
    document_json_schema,
)
from .tabular import RECORD_TYPES, arrow_schema, to_arrow_tables

__all__ = [
    "Account",
    "Check",
    "DocumentResult",
    "Entity",
    "Error",
    "Fund",
    "Indicator",
    "Meta",
    "RECORD_TYPES",
    "Statement",
    "Table",
    "arrow_schema",
    "document_json_schema",
    "to_arrow_tables",
]

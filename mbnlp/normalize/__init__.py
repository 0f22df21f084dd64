"""Printed numbers, operators and units in their canonical, exact form."""

from .numbers import MONEY_FACTORS, NULL_MARKERS, is_amount, is_null_marker, parse_amount, to_yuan
from .quantities import (
    MONEY_UNITS,
    UNITS,
    Quantity,
    canonical_operator,
    canonical_unit,
    parse_quantity,
    unit_from_name,
)

__all__ = [
    "MONEY_FACTORS",
    "MONEY_UNITS",
    "NULL_MARKERS",
    "UNITS",
    "Quantity",
    "canonical_operator",
    "canonical_unit",
    "is_amount",
    "is_null_marker",
    "parse_amount",
    "parse_quantity",
    "to_yuan",
    "unit_from_name",
]

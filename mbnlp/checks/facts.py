"""Printed numbers as facts: an exact value, how it was rounded, its unit and where it is printed.

A number printed with decimals (``2,343.53``) stands for any value that rounds to it, so it
carries half a unit of its last printed digit as uncertainty; a printed integer (a weight
``10``, a score ``98``, an amount ``50``) is exact, except a rate (``100%``), which is always a
rounded ratio. Money facts in different units are compared after scaling to 元.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from ..normalize import MONEY_FACTORS, parse_amount, parse_quantity
from ..tables.grid import Cell

RATE_UNITS = frozenset({"%"})
CACHE_SIZE = 1 << 16
ZERO = Decimal(0)


@dataclass(frozen=True)
class Fact:
    """One printed number. ``value`` is exact as printed (in ``unit``); ``digits`` is the
    number of printed decimals; ``rounded`` says whether the print rounds the true value;
    ``start``/``end`` are raw offsets of the cell; ``label`` says what it is, for messages."""

    value: Decimal
    digits: int
    rounded: bool
    unit: str | None
    start: int
    end: int
    label: str

    @property
    def step(self) -> Decimal:
        """One unit of the last printed digit (0.01 for ``2,343.53``)."""
        return digit_unit(self.digits)

    @property
    def half_width(self) -> Decimal:
        """How far the true value may lie from the printed one: half a step if rounded, else 0."""
        return half_unit(self.digits) if self.rounded else ZERO

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    def in_unit(self, unit: str | None) -> Fact:
        """This fact expressed in the money unit ``unit`` (itself when either unit is not money)."""
        if unit == self.unit or unit not in MONEY_FACTORS or self.unit not in MONEY_FACTORS:
            return self
        shift = MONEY_FACTORS[self.unit] - MONEY_FACTORS[unit]
        return replace(self, value=self.value.scaleb(shift), digits=self.digits - shift, unit=unit)


@dataclass(frozen=True)
class Blank:
    """A blank or dash where an amount could stand. Not 0 — unless another identity of the same
    document holds only with it read as 0. ``key`` names the cell (table id, row, column)."""

    key: tuple[str, int, int]
    start: int
    end: int
    label: str


Amount = Fact | Blank


def printed(amount: Amount | None) -> Fact | None:
    """The fact, or None for a blank or an absent cell."""
    return amount if isinstance(amount, Fact) else None


def parse_fact(text: str, start: int, end: int, unit: str | None, label: str) -> Fact | None:
    """The fact a cell prints (``2,343.53``, ``72.3%``, ``10分``, ``≥95%``), None for a blank,
    a dash or text. A unit glued to the number (``%``) overrides ``unit``."""
    number = printed_number(text)
    if number is None:
        return None
    value, digits, glued = number
    unit = glued or unit
    return Fact(value, digits, digits > 0 or unit in RATE_UNITS, unit, start, end, label)


@lru_cache(maxsize=CACHE_SIZE)
def printed_number(text: str) -> tuple[Decimal, int, str | None] | None:
    """The value, printed decimals and glued unit (``%`` of ``72.3%``) of the number ``text`` prints;
    None for a blank, a dash or text. Cached (bounded): the same cell texts come back in every table."""
    amount, unit = parse_amount(text), None
    if amount is None:
        quantity = parse_quantity(text)
        amount, unit = quantity.value, quantity.unit
    if amount is None:
        return None
    return Decimal(amount), len(amount.partition(".")[2]), unit


@lru_cache(maxsize=64)
def digit_unit(digits: int) -> Decimal:
    """One unit of the ``digits``-th decimal (``10`` for -1)."""
    return Decimal(1).scaleb(-digits)


@lru_cache(maxsize=64)
def half_unit(digits: int) -> Decimal:
    """Half a unit of the ``digits``-th decimal."""
    return digit_unit(digits) / 2


def cell_fact(cell: Cell, unit: str | None, label: str) -> Fact | None:
    """:func:`parse_fact` of a table cell."""
    return parse_fact(cell.text, cell.start, cell.end, unit, label)


def rate_fact(fact: Fact) -> Fact:
    """A printed percentage read as a rounded rate, also when printed as an integer (``100``)."""
    return replace(fact, rounded=True, unit="%")


def common_unit(facts: list[Fact]) -> str | None:
    """The unit to compare ``facts`` in: their unit when they share one, else 元."""
    units = {fact.unit for fact in facts}
    if len(units) <= 1:
        return next(iter(units), None)
    return "元" if units <= set(MONEY_FACTORS) | {None} else None


def format_decimal(value: Decimal) -> str:
    """A decimal string for a record (no exponent, no negative zero)."""
    text = format(value, "f")
    return text[1:] if text.startswith("-") and not value else text

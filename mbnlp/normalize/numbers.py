"""Printed amounts as exact decimal strings, and money amounts brought to 元.

An amount is normalised without ever passing through a float: separators and
full-width forms are removed, a parenthesised amount becomes negative, and the
printed decimals are kept as printed (``"468.00"`` stays ``"468.00"``).
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from functools import lru_cache

import regex

NULL_MARKERS: frozenset[str] = frozenset(
    {"", "—", "——", "―", "――", "–", "-", "--", "－", "－－", "/", "／", "*", "＊", "…", "……"}
)
"""Cell texts (after stripping whitespace) that mean "no value"."""

MONEY_FACTORS: dict[str, int] = {"元": 0, "千元": 3, "万元": 4, "亿元": 8}
"""Money units and the power of ten that brings an amount in them to 元."""

_ASCII = str.maketrans(
    {
        **{chr(0xFF10 + digit): str(digit) for digit in range(10)},
        "．": ".",
        "，": ",",
        "（": "(",
        "）": ")",
        "－": "-",
        "−": "-",  # minus sign
        "＋": "+",
    }
)
_AMOUNT = regex.compile(
    r"(?P<sign>[+-]?)(?P<digits>(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)"
    r"|\((?P<negative>(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)\)"
)
_WHITESPACE = "\u3000\xa0 \t\r\n"
_EXACT = decimal.Context(prec=1000, traps=[decimal.Inexact, decimal.InvalidOperation])
CACHE_SIZE = 16_384
"""Results of :func:`parse_amount` and :func:`to_yuan` remembered: a document's cells repeat
(``0.00``) and every stage reads them again (tables, entities, checks)."""


def is_null_marker(text: str) -> bool:
    """Whether ``text`` is empty, whitespace, or a dash/slash/star that marks an empty cell."""
    return text.strip(_WHITESPACE) in NULL_MARKERS


@lru_cache(maxsize=CACHE_SIZE)
def parse_amount(text: str) -> str | None:
    """The canonical decimal string of a printed number, or None if ``text`` is not one.

    ``"4,593,144.30"`` → ``"4593144.30"``; ``"（2.3）"`` → ``"-2.3"``; ``"+5"`` → ``"5"``;
    full-width digits and punctuation are accepted. Printed decimals are kept exactly.
    Null markers, text with a unit (``"1,447.71万元"``) and anything else that is not
    purely a number give None; thousand separators must group by three.
    """
    match = _AMOUNT.fullmatch(text.strip(_WHITESPACE).translate(_ASCII))
    if match is None:
        return None
    if match["negative"] is not None:
        sign, digits = "-", match["negative"]
    else:
        sign, digits = match["sign"], match["digits"]
    value = Decimal(digits.replace(",", ""))
    if sign == "-" and value:
        value = -value
    return format(value, "f")


def is_amount(text: str) -> bool:
    """Whether ``text`` is purely a printed number (see :func:`parse_amount`)."""
    return parse_amount(text) is not None


@lru_cache(maxsize=CACHE_SIZE)
def to_yuan(value: str, unit: str | None) -> str | None:
    """The amount ``value`` in ``unit`` expressed in 元, exactly; None for a non-money unit.

    The result has at least two decimals and never loses a digit:
    ``to_yuan("1447.71", "万元")`` → ``"14477100.00"``, ``to_yuan("1.2345678", "万元")``
    → ``"12345.678"``. ``value`` may be printed (separators, full-width); a value that
    is not a number gives None.
    """
    if unit is None:
        return None
    power = MONEY_FACTORS.get("".join(unit.split()))
    amount = parse_amount(value)
    if power is None or amount is None:
        return None
    with decimal.localcontext(_EXACT):
        yuan = Decimal(amount).scaleb(power)
        reduced = yuan.normalize()
        exponent = reduced.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -2:
            return format(reduced, "f")
        return format(yuan.quantize(Decimal("0.01")), "f")

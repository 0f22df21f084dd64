"""The syntax of classification codes: 3 digits for a 类, 5 for a 款, 7 for a 项.

The first digit tells the classification: ``2`` is the functional classification
(支出功能分类, 201–234), ``3`` the economic one (部门预算支出经济分类, 301–399).
Codes and names are read again and again from the same printed texts, so their normal
forms are cached (bounded: :data:`CACHE_SIZE`).
"""

from __future__ import annotations

from functools import lru_cache

import regex

LEVELS: dict[int, str] = {3: "类", 5: "款", 7: "项"}
KINDS: dict[str, str] = {"2": "functional", "3": "economic"}

_DIGITS = str.maketrans({chr(0xFF10 + digit): str(digit) for digit in range(10)})
_SPACES = regex.compile(r"[\s\u3000]+")
CACHE_SIZE = 1 << 16


@lru_cache(maxsize=CACHE_SIZE)
def normalise_code(text: str) -> str | None:
    """The code in ``text`` without spaces and in ASCII digits, if it has 3, 5 or 7 digits.

    ``"201 06 01"`` → ``"2010601"``; ``"２１０"`` → ``"210"``; ``"21015011"`` → None.
    """
    code = _SPACES.sub("", text).translate(_DIGITS)
    if len(code) in LEVELS and code.isascii() and code.isdigit():
        return code
    return None


def level_of(code: str) -> str | None:
    """``"类"``, ``"款"`` or ``"项"`` by the number of digits (3, 5, 7); None for no code."""
    normalised = normalise_code(code)
    return LEVELS[len(normalised)] if normalised else None


def kind_of(code: str) -> str | None:
    """``"functional"`` for a code starting with 2, ``"economic"`` for 3, else None."""
    normalised = normalise_code(code)
    return KINDS.get(normalised[0]) if normalised else None


def parent_code(code: str) -> str | None:
    """The code of the level above (``"2101501"`` → ``"21015"``); None for a 类 or no code."""
    normalised = normalise_code(code)
    return normalised[:-2] if normalised and len(normalised) > 3 else None

"""What a cell holds, as far as finding rows and columns needs to know."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Literal

import regex

from ..cells import CACHE_SIZE

CellKind = Literal["number", "label", "blank"]

NUMBER = regex.compile(r"[-+−]?[（(]?[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?[）)]?%?")
BLANK_MARK = regex.compile(r"[—–\-－/*\s]*")  # `—`, `——`, `-`, `/`, `*` stand for an empty cell


@lru_cache(maxsize=CACHE_SIZE)  # a text is judged again per candidate width and per reading of the block
def cell_kind(text: str) -> CellKind:
    """``blank`` for an empty cell or an empty mark, ``number`` for an amount, rate or code,
    ``label`` for anything else."""
    if BLANK_MARK.fullmatch(text):
        return "blank"
    if NUMBER.fullmatch(text.strip()):
        return "number"
    return "label"


def is_value(text: str) -> bool:
    """Whether a non-empty cell text is a number or an empty mark (not a label)."""
    return bool(text) and cell_kind(text) != "label"


def kinds_of(texts: Iterable[str]) -> list[CellKind]:
    """The kind of each cell text."""
    return [cell_kind(text) for text in texts]

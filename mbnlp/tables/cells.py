"""What a single cell holds: a code, an amount, an operator, a unit, a label or text.

Everything here looks at one cell text at a time; tables are interpreted elsewhere. The
same texts come back in every pass over a table and across documents (labels, dashes,
common amounts), so the functions of a text are cached (bounded: :data:`CACHE_SIZE`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

import regex

from ..normalize import UNITS, canonical_operator, canonical_unit, is_null_marker, parse_amount, parse_quantity

CellKind = Literal[
    "empty", "null", "code", "amount", "points", "quantity", "operator", "nature", "unit", "level", "text"
]

CODE = regex.compile(r"[1-9]\d{2}(?:\s?\d{2}){0,2}")
LIST_MARKER = regex.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[）)]\s*、?|\d{1,2}\s*[.．、](?!\d)|[①-⑳])\s*"
)
LEVEL_SUFFIX = regex.compile(r"\s*[（(]\s*\d+(?:\.\d+)?\s*分\s*[）)]\s*[：:]?$")
LEVEL_MARK = regex.compile(r"\s*[（(][类款项][）)]\s*$")
INCLUDED = regex.compile(r"^\s*其中\s*[：:]\s*")
LEVEL_WORD = regex.compile(r"指标$")
NATURE_WORDS = frozenset({"正向", "反向", "定性", "定量", "正向指标", "反向指标", "定性指标", "定量指标"})
HAN_GAP = regex.compile(r"(?<=\p{Han})\s+(?=\p{Han})")
SCALES = "十百千万亿"
TOTAL = regex.compile(r"(?:合计|总计|总分|小计)$")
CACHE_SIZE = 1 << 16


@lru_cache(maxsize=CACHE_SIZE)
def compact(text: str) -> str:
    """``text`` without whitespace between Han characters (``收 入`` → ``收入``, ``合    计`` → ``合计``)."""
    return HAN_GAP.sub("", text.strip())


def is_code(text: str) -> bool:
    """Whether ``text`` is a budget classification code of 3, 5 or 7 digits (spaces between parts allowed)."""
    return CODE.fullmatch(text.strip()) is not None


@lru_cache(maxsize=CACHE_SIZE)
def is_total_label(text: str) -> bool:
    """Whether a row label names a total (合计, 总计, 总分, 小计, 本年收入合计, （一）支出合计 …)."""
    if "计" not in text and "分" not in text:  # the name ends in one of them, and holds only characters of the text
        return False
    return TOTAL.search(plain_name(text)) is not None


@lru_cache(maxsize=CACHE_SIZE)
def plain_name(text: str) -> str:
    """A line-item name without its list marker (``一、``, ``（一）``, ``1.``), ``其中：`` prefix,
    ``（类）``-style level mark and inner spaces between Han characters."""
    name = compact(text)
    name = LIST_MARKER.sub("", name, count=1)
    name = INCLUDED.sub("", name, count=1)
    return LEVEL_MARK.sub("", name).strip()


def level_name(text: str) -> str:
    """An indicator level label without its score annotation (``产出指标(50分)`` → ``产出指标``)."""
    return LEVEL_SUFFIX.sub("", compact(text)).strip()


@lru_cache(maxsize=CACHE_SIZE)
def cell_kind(text: str) -> CellKind:
    """The kind of one cell, judged on its own text."""
    stripped = compact(text)
    if not stripped:
        return "empty"
    if is_null_marker(stripped):
        return "null"
    if is_code(stripped):
        return "code"
    if cell_amount(stripped) is not None:
        return "amount"
    if stripped in NATURE_WORDS:
        return "nature"
    if canonical_operator(stripped) is not None:
        return "operator"
    quantity = parse_quantity(stripped)
    if quantity.value is not None:
        return "points" if quantity.unit == "分" and quantity.operator is None else "quantity"
    if _is_unit(stripped):
        return "unit"
    if LEVEL_WORD.search(level_name(stripped)):
        return "level"
    return "text"


@lru_cache(maxsize=CACHE_SIZE)
def cell_amount(text: str) -> str | None:
    """The amount a cell text prints (:func:`~mbnlp.normalize.parse_amount`): kinds, alignment,
    totals and records all ask for it, so each text is parsed once."""
    return parse_amount(text)


def _is_unit(text: str) -> bool:
    """A known unit, possibly scaled (``万份``, ``万人次``)."""
    unit = canonical_unit(text) or ""
    return unit in UNITS or (len(unit) > 1 and unit[0] in SCALES and unit[1:] in UNITS)


def is_number_like(kind: CellKind) -> bool:
    """Amounts, codes (a 3-digit integer reads as either), scores (``10分``) and quantities with units."""
    return kind in ("amount", "code", "points", "quantity")

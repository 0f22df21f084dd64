"""Operators, units and the quantities of indicator cells (``≥284970人``, ``95%以上``).

Operator words follow the legal reading of Chinese quantity words (民法典 第一千二百五十九条):
以上、以下、以内 include the number itself (``95%以上`` is ``>= 95``), 超过 and 不满
exclude it (``>`` and ``<``).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .numbers import MONEY_FACTORS, is_null_marker, parse_amount

MONEY_UNITS: frozenset[str] = frozenset(MONEY_FACTORS)
UNITS: frozenset[str] = MONEY_UNITS | frozenset(
    {
        # rates
        "%", "‰", "个百分点", "百分点", "倍",
        # people and households
        "人", "人次", "万人", "万人次", "名", "位", "户", "户次", "家", "家次", "例", "床",
        # things and events
        "个", "辆", "次", "份", "台（套）", "台", "套", "批次", "批", "项", "种", "篇", "件",
        "本", "册", "张", "场", "期", "所", "座", "间", "处", "条", "块", "支", "村", "亩", "万亩",
        "平方米", "公里", "千米", "米", "吨", "万吨",
        # scores and time
        "分", "天", "日", "个工作日", "工作日", "小时", "分钟", "周", "月", "个月", "季度", "年",
        # money per head
        "元/人", "元/人次", "元/人·年", "元/人/年", "元/月", "元/年", "元/人/月",
    }
)  # fmt: skip
"""The canonical units of SPEC §3 and the other units indicator tables use."""

_OPERATORS: dict[str, str] = {
    **dict.fromkeys(
        ("≥", ">=", "≧", "⩾", "大于等于", "大于或等于", "不低于", "不少于", "不小于", "至少", "以上"), ">="
    ),
    **dict.fromkeys(
        ("≤", "<=", "≦", "⩽", "小于等于", "小于或等于", "不高于", "不超过", "不多于", "不大于", "至多", "以下", "以内"),
        "<=",
    ),
    **dict.fromkeys(("=", "==", "等于"), "="),
    **dict.fromkeys((">", "大于", "高于", "超过", "多于"), ">"),
    **dict.fromkeys(("<", "小于", "低于", "少于", "不足", "不满"), "<"),
}
_SUFFIX_OPERATORS = ("以上", "以下", "以内")  # written after the number: 95%以上
_WIDTH = str.maketrans({"＞": ">", "＜": "<", "＝": "=", "％": "%", "(": "（", ")": "）", "／": "/"})
_SPACES = regex.compile(r"[\s\u3000]+")
_PREFIX_OPERATOR = "|".join(
    regex.escape(word) for word in sorted(_OPERATORS, key=len, reverse=True) if word not in _SUFFIX_OPERATORS
)
_QUANTITY = regex.compile(
    rf"(?:(?P<operator>{_PREFIX_OPERATOR})\s*)?"
    r"(?P<number>[+\-−－]?[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?|[（(][0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?[）)])"
    r"\s*(?P<unit>[^0-9０-９]*?)"
    rf"\s*(?P<suffix>{'|'.join(_SUFFIX_OPERATORS)})?"
)
_NAME_UNIT = regex.compile(r"[（(](?:单位[:：])?(?P<unit>[^（）()]*(?:[（(][^（）()]*[）)])?)[）)]$")


@dataclass(frozen=True)
class Quantity:
    """A cell value split into operator, number and unit; qualitative text has ``value`` None.

    ``text`` is the cell text as given (outer whitespace removed).
    """

    operator: str | None
    value: str | None
    unit: str | None
    text: str


def canonical_operator(text: str) -> str | None:
    """``>=``, ``<=``, ``=``, ``>`` or ``<`` for an operator symbol or word, else None.

    Accepts symbols in ASCII, full-width and ``≧``/``≦`` forms and the words 大于等于,
    不低于, 不少于, 以上, 小于等于, 不高于, 不超过, 以下, 以内, 等于, 大于, 高于, 超过,
    小于, 低于, 不满 and their like.
    """
    return _OPERATORS.get(_SPACES.sub("", text.translate(_WIDTH)))


def canonical_unit(text: str) -> str | None:
    """The canonical spelling of a unit: no spaces, ``%`` for ``％``, full-width brackets.

    ``"万 元"`` → ``"万元"``; ``"台(套)"`` → ``"台（套）"``. Unknown units are returned
    in the same canonical spelling; empty text gives None.
    """
    unit = _SPACES.sub("", text.translate(_WIDTH))
    return unit or None


def parse_quantity(text: str) -> Quantity:
    """Split an operator and a glued unit from a number: ``"≥284970人"`` → (``>=``, ``284970``, ``人``).

    A unit must be a known one (:data:`UNITS`); text that is not an optional operator,
    a number and an optional known unit (``"显著提升"``, ``"100家医院"``) is qualitative:
    every field but ``text`` is None, as it is for a null marker.
    """
    stripped = text.strip()
    qualitative = Quantity(None, None, None, stripped)
    if is_null_marker(stripped):
        return qualitative
    match = _QUANTITY.fullmatch(stripped.translate(_WIDTH))
    if match is None or (match["operator"] and match["suffix"]):
        return qualitative
    value = parse_amount(match["number"])
    unit = canonical_unit(match["unit"])
    if value is None or (unit is not None and unit not in UNITS):
        return qualitative
    operator = match["operator"] or match["suffix"]
    return Quantity(canonical_operator(operator) if operator else None, value, unit, stripped)


def unit_from_name(name: str) -> str | None:
    """The known unit in brackets at the end of an indicator name, else None.

    ``"下乡稽核人数（人）"`` → ``"人"``; ``"执行率（%）"`` → ``"%"``; ``"（财政拨付）"`` → None.
    """
    match = _NAME_UNIT.search(_SPACES.sub("", name.translate(_WIDTH)))
    if match is None:
        return None
    unit = canonical_unit(match["unit"])
    return unit if unit in UNITS else None

"""Exact amounts, money in 元, operators, units and the quantities of indicator cells."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mbnlp.normalize import (
    MONEY_UNITS,
    NULL_MARKERS,
    UNITS,
    Quantity,
    canonical_operator,
    canonical_unit,
    is_amount,
    is_null_marker,
    parse_amount,
    parse_quantity,
    to_yuan,
    unit_from_name,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4,593,144.30", "4593144.30"),
        (" 11,229.01 ", "11229.01"),
        ("\u300011,229.01\t", "11229.01"),
        ("４，５９３．３０", "4593.30"),
        ("（2.3）", "-2.3"),
        ("(2.3)", "-2.3"),
        ("(1,234.50)", "-1234.50"),
        ("-2.3", "-2.3"),
        ("−2.3", "-2.3"),
        ("－2.3", "-2.3"),
        ("+5", "5"),
        ("468.00", "468.00"),
        ("100.0", "100.0"),
        ("0", "0"),
        ("0.0000001", "0.0000001"),
        ("-0.00", "0.00"),
    ],
)
def test_parse_amount(text: str, expected: str) -> None:
    assert parse_amount(text) == expected
    assert is_amount(text)


@pytest.mark.parametrize(
    "text",
    ["1,447.71万元", "95%", "显著提升", "2022年", "1,2345", "12.", ".5", "1.2.3", "(-2.3)", "--2", "一百", "1 000"],
)
def test_parse_amount_rejects_what_is_not_purely_a_number(text: str) -> None:
    assert parse_amount(text) is None
    assert not is_amount(text)


@pytest.mark.parametrize("text", sorted(NULL_MARKERS) + [" ", "\u3000", " — ", "\n"])
def test_null_markers_are_not_amounts(text: str) -> None:
    assert is_null_marker(text)
    assert parse_amount(text) is None


def test_a_number_is_not_a_null_marker() -> None:
    assert not is_null_marker("0")
    assert not is_null_marker("-2.3")


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("1447.71", "万元", "14477100.00"),
        ("0.0055", "万元", "55.00"),
        ("1.234567", "万元", "12345.67"),
        ("0.000001", "万元", "0.01"),
        ("1.2345678", "万元", "12345.678"),
        ("3500523.54", "元", "3500523.54"),
        ("5", "元", "5.00"),
        ("2.5", "千元", "2500.00"),
        ("1.5", "亿元", "150000000.00"),
        ("-2.3", "万元", "-23000.00"),
        ("1,447.71", "万 元", "14477100.00"),
        ("0", "万元", "0.00"),
    ],
)
def test_to_yuan(value: str, unit: str, expected: str) -> None:
    assert to_yuan(value, unit) == expected


@pytest.mark.parametrize(("value", "unit"), [("95", "%"), ("10", "人"), ("10", None), ("—", "万元"), ("abc", "元")])
def test_to_yuan_is_none_without_a_money_amount(value: str, unit: str | None) -> None:
    assert to_yuan(value, unit) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        *[(word, ">=") for word in ["大于等于", "≥", ">=", "≧", "＞＝", "不低于", "不少于", "以上", " ≥ "]],
        *[(word, "<=") for word in ["小于等于", "≤", "<=", "≦", "不高于", "不超过", "不多于", "以下", "以内"]],
        *[(word, "=") for word in ["等于", "=", "＝"]],
        *[(word, ">") for word in ["大于", ">", "＞", "高于", "超过"]],
        *[(word, "<") for word in ["小于", "<", "＜", "低于", "不满"]],
        *[(word, None) for word in ["", "正向", "定性", "约", "≠"]],
    ],
)
def test_canonical_operator(text: str, expected: str | None) -> None:
    assert canonical_operator(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("万 元", "万元"),
        ("％", "%"),
        ("台(套)", "台（套）"),
        ("台（套）", "台（套）"),
        (" 人次 ", "人次"),
        ("", None),
        (" ", None),
    ],
)
def test_canonical_unit(text: str, expected: str | None) -> None:
    assert canonical_unit(text) == expected


def test_units_cover_spec_section_3() -> None:
    spec_units = [
        "元",
        "万元",
        "亿元",
        "%",
        "个百分点",
        "人",
        "人次",
        "户",
        "个",
        "家",
        "辆",
        "次",
        "份",
        "台（套）",
        "批次",
        "项",
        "种",
        "篇",
        "件",
        "分",
        "天",
        "年",
        "元/人",
    ]
    assert set(spec_units) <= UNITS
    assert MONEY_UNITS == {"元", "千元", "万元", "亿元"}
    assert all(canonical_unit(unit) == unit for unit in UNITS)


@pytest.mark.parametrize(
    ("text", "operator", "value", "unit"),
    [
        ("≥284970人", ">=", "284970", "人"),
        ("大于等于70", ">=", "70", None),
        ("95%", None, "95", "%"),
        ("≤30天", "<=", "30", "天"),
        ("10分", None, "10", "分"),
        ("100.00", None, "100.00", None),
        ("=100", "=", "100", None),
        ("≥85%", ">=", "85", "%"),
        ("1,234人次", None, "1234", "人次"),
        ("≧90％", ">=", "90", "%"),
        ("11229.01 万元", None, "11229.01", "万元"),
        ("≥ 85 %", ">=", "85", "%"),
        ("不低于95%", ">=", "95", "%"),
        ("95%以上", ">=", "95", "%"),
        ("30天以内", "<=", "30", "天"),
        ("＞０", ">", "0", None),
        ("5个工作日", None, "5", "个工作日"),
        ("10台(套)", None, "10", "台（套）"),
    ],
)
def test_parse_quantity(text: str, operator: str | None, value: str, unit: str | None) -> None:
    assert parse_quantity(text) == Quantity(operator, value, unit, text.strip())


@pytest.mark.parametrize("text", ["显著提升", "有效改善", "100家医院", "2022年12月", "90%-100%", "≥95%以下", "1 000人"])
def test_qualitative_text_is_kept_with_no_value(text: str) -> None:
    assert parse_quantity(text) == Quantity(None, None, None, text)


@pytest.mark.parametrize("text", ["—", "", " ", "-", "/"])
def test_null_marker_quantity_is_empty(text: str) -> None:
    quantity = parse_quantity(text)
    assert (quantity.operator, quantity.value, quantity.unit) == (None, None, None)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("下乡稽核人数（人）", "人"),
        ("资金拨付时限(天)", "天"),
        ("执行率（%）", "%"),
        ("执行率（％）", "%"),
        ("设备购置数量（台（套））", "台（套）"),
        ("资金总额（单位：万元）", "万元"),
        ("资金到位率（财政拨付）", None),
        ("参保人数", None),
        ("（人）人数", None),
    ],
)
def test_unit_from_name(name: str, expected: str | None) -> None:
    assert unit_from_name(name) == expected


def _group_thousands(digits: str) -> str:
    head = len(digits) % 3 or 3
    return ",".join([digits[:head]] + [digits[index : index + 3] for index in range(head, len(digits), 3)])


decimals = st.builds(
    lambda sign, integer, fraction: Decimal(f"{sign}{integer}" + (f".{fraction}" if fraction else "")),
    st.sampled_from(["", "-"]),
    st.integers(min_value=0, max_value=10**15),
    st.text(alphabet="0123456789", max_size=8),
)


@given(decimals, st.booleans(), st.booleans())
def test_parse_amount_of_a_formatted_decimal_is_its_exact_string(value: Decimal, grouped: bool, wide: bool) -> None:
    canonical = format(value, "f")
    magnitude = canonical.lstrip("-")
    integer, _, fraction = magnitude.partition(".")
    printed = (_group_thousands(integer) if grouped else integer) + (f".{fraction}" if fraction else "")
    if value < 0:
        printed = f"（{printed}）" if wide else f"-{printed}"
    if wide:
        printed = printed.translate(str.maketrans("0123456789.,", "０１２３４５６７８９．，"))
    expected = canonical if value != 0 else magnitude
    assert parse_amount(printed) == expected


@given(decimals)
def test_to_yuan_of_wan_is_exactly_ten_thousand_times(value: Decimal) -> None:
    yuan = to_yuan(format(value, "f"), "万元")
    assert yuan is not None
    assert Decimal(yuan) == value * 10000
    assert len(yuan.partition(".")[2]) >= 2

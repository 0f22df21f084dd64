"""The 政府收支分类科目 package data and the questions asked of it."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest
import regex

from mbnlp.classification import (
    Subject,
    children,
    comparable_name,
    kind_of,
    level_of,
    lookup,
    name_matches,
    normalise_code,
    parent,
    parent_code,
    suggest_code,
)
from mbnlp.classification.data import classification

# Code and name pairs as seeds 002 (2023) and 003 (2022) print them in their tables.
SEED_002_PAIRS = [
    ("210", "卫生健康支出"),
    ("21013", "医疗救助"),
    ("2101399", "其他医疗救助支出"),
    ("21015", "医疗保障管理事务"),
    ("2101550", "事业运行"),
    ("301", "工资福利支出"),
    ("30108", "机关事业单位基本养老保险缴费"),
    ("30109", "职业年金缴费"),
    ("30212", "因公出国(境)费用"),
    ("30213", "维修(护)费"),
    ("30303", "退职(役)费"),
    ("30399", "其他对个人和家庭的补助"),
    ("307", "债务利息及费用支出"),
    ("31022", "无形资产购置"),
    ("399", "其他支出"),
    ("39908", "对民间非营利组织和群众性自治组织补贴"),
    ("39909", "经常性赠与"),
    ("39910", "资本性赠与"),
]
SEED_003_PAIRS = [
    ("201", "一般公共服务支出"),
    ("20136", "其他共产党事务支出"),
    ("2013699", "其他共产党事务支出"),
    ("208", "社会保障和就业支出"),
    ("20805", "行政事业单位养老支出"),
    ("2080501", "行政单位离退休"),
    ("2080505", "机关事业单位基本养老保险缴费支出"),
    ("2080506", "机关事业单位职业年金缴费支出"),
    ("210", "卫生健康支出"),
    ("21011", "行政事业单位医疗"),
    ("2101101", "行政单位医疗"),
    ("2101103", "公务员医疗补助"),
    ("21015", "医疗保障管理事务"),
    ("2101501", "行政运行"),
    ("2101504", "信息化建设"),
    ("2101505", "医疗保障政策管理"),
    ("221", "住房保障支出"),
    ("22102", "住房改革支出"),
    ("2210201", "住房公积金"),
    ("30113", "住房公积金"),
    ("30212", "因公出国（境）费用"),
    ("30303", "退职（役）费"),
    ("30399", "其他个人和家庭的补助支出"),
    ("30703", "国内债务发行费用"),
    ("309", "资本性支出（基本建设）"),
    ("30922", "无形资产购置"),
    ("30999", "其他基本建设支出"),
    ("311", "对企业补助（基本建设）"),
    ("31203", "政府投资基金股权投资"),
    ("313", "对社会保障基金补助"),
    ("31302", "对社会保险基金补助"),
    ("31303", "补充全国社会保障基金"),
    ("31304", "对机关事业单位职业年金的补助"),
    ("39906", "赠与"),
    ("39907", "国家赔偿费用支出"),
]
SEED_YEARS = {"002": 2023, "003": 2022}
MISPRINTED = {("20921", "文物和陈列品购置")}  # seed 003 prints 30921 this way
_CODE = regex.compile(r"[23][0-9]{2}(?:[0-9]{2}){0,2}")
_HAN = regex.compile(r"\p{Han}")


@pytest.mark.parametrize(("code", "name"), SEED_002_PAIRS)
def test_seed_002_pairs_are_known(code: str, name: str) -> None:
    assert name_matches(code, name, year=2023)
    assert lookup(code, year=2023) is not None


@pytest.mark.parametrize(("code", "name"), SEED_003_PAIRS)
def test_seed_003_pairs_are_known(code: str, name: str) -> None:
    assert name_matches(code, name, year=2022)
    assert lookup(code, year=2022) is not None


def printed_pairs(text: str) -> list[tuple[str, str]]:
    """Each code cell of a tab-separated row with the first name cell after it."""
    pairs = []
    for line in regex.sub(r"</?b>", "", text).splitlines():
        cells = [cell.strip() for cell in line.split("\t")]
        for index, cell in enumerate(cells):
            if _CODE.fullmatch(cell):
                name = next((later for later in cells[index + 1 : index + 4] if later), "")
                if _HAN.search(name):
                    pairs.append((cell, name))
    return pairs


@pytest.mark.parametrize("prefix", sorted(SEED_YEARS))
def test_every_pair_printed_in_a_seed_table_is_known(prefix: str, seed: Callable[[str], Path]) -> None:
    pairs = set(printed_pairs(seed(prefix).read_text(encoding="utf-8")))
    assert len(pairs) > 50
    unknown = {pair for pair in pairs if not name_matches(*pair, year=SEED_YEARS[prefix])}
    assert unknown <= MISPRINTED


def test_the_listed_pairs_are_the_ones_the_seeds_print(seed: Callable[[str], Path]) -> None:
    for prefix, listed in [("002", SEED_002_PAIRS), ("003", SEED_003_PAIRS)]:
        assert set(listed) <= set(printed_pairs(seed(prefix).read_text(encoding="utf-8")))


def test_an_economic_row_printed_with_a_functional_number_is_flagged() -> None:
    assert lookup("20921") is None
    assert not name_matches("20921", "文物和陈列品购置")
    assert suggest_code("文物和陈列品购置", near="20921") == ["30921", "31021"]
    assert suggest_code("文物和陈列品购置", near="31019")[0] == "31021"


def test_a_code_printed_beside_another_name_is_flagged() -> None:
    assert not name_matches("2101501", "事业运行")
    assert suggest_code("事业运行", near="2101501")[0] == "2101550"


@pytest.mark.parametrize(
    ("code", "level"),
    [("210", "类"), ("21015", "款"), ("2101501", "项"), ("302", "类"), ("30201", "款"), ("2101", None), ("", None)],
)
def test_levels_by_length(code: str, level: str | None) -> None:
    assert level_of(code) == level


def test_levels_in_the_data_agree_with_the_code_length() -> None:
    for code, periods in classification().periods.items():
        assert {period.subject.level for period in periods} == {level_of(code)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("201 06 01", "2010601"),
        ("2101501", "2101501"),
        (" 210 ", "210"),
        ("２１０１５", "21015"),
        ("21015\u300001", "2101501"),
        ("2101", None),
        ("21015011", None),
        ("21O15", None),
        ("", None),
        ("二一〇", None),
    ],
)
def test_normalise_code(text: str, expected: str | None) -> None:
    assert normalise_code(text) == expected


def test_the_kind_follows_the_first_digit() -> None:
    assert kind_of("2101501") == "functional"
    assert kind_of("30101") == "economic"
    assert kind_of("101") is None
    assert lookup("30113") == Subject("30113", "住房公积金", "款", "economic")
    assert lookup("2210201") == Subject("2210201", "住房公积金", "项", "functional")
    assert lookup("30113", kind="functional") is None
    assert lookup("201 06 01") == lookup("2010601")


@pytest.mark.parametrize(
    ("code", "year", "name"),
    [
        ("210", 2018, "医疗卫生与计划生育支出"),
        ("210", 2019, "卫生健康支出"),
        ("210", None, "卫生健康支出"),
        ("207", 2018, "文化体育与传媒支出"),
        ("207", 2019, "文化旅游体育与传媒支出"),
        ("21001", 2018, "医疗卫生与计划生育管理事务"),
        ("21001", 2022, "卫生健康管理事务"),
        ("21305", 2020, "扶贫"),
        ("21305", 2022, "巩固脱贫衔接乡村振兴"),
        ("30311", 2017, "住房公积金"),
        ("30311", 2022, "代缴社会保险费"),
    ],
)
def test_names_change_by_year(code: str, year: int | None, name: str) -> None:
    subject = lookup(code, year=year)
    assert subject is not None and subject.name == name


def test_a_code_did_not_exist_before_it_was_introduced() -> None:
    assert lookup("21015", year=2018) is None
    assert lookup("21015", year=2019) is not None
    assert not name_matches("21015", "医疗保障管理事务", year=2018)
    assert not name_matches("210", "卫生健康支出", year=2018)
    assert name_matches("210", "医疗卫生与计划生育支出")


def test_a_code_no_longer_in_use_is_still_recognised() -> None:
    subject = lookup("21005")
    assert subject is not None and subject.name == "医疗保障"
    assert "21005" not in [child.code for child in children("210")]
    assert "21005" in [child.code for child in children("210", year=2017)]


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("30212", "因公出国 ( 境 ) 费用"),
        ("21015", "医疗保障管理事务（款）"),
        ("210", "“卫生健康支出”"),
        ("20103", "政府办公厅(室)及相关机构事务"),
        ("2101301", "城乡医疗救助"),
        ("21013", "医疗救助"),
        ("21305", "巩固脱贫攻坚成果衔接乡村振兴"),
        ("20805", "行政事业单位离退休"),
    ],
)
def test_name_matches_tolerates_printing_variants_and_aliases(code: str, name: str) -> None:
    assert name_matches(code, name)


@pytest.mark.parametrize(
    ("code", "name"),
    [("21013", "城乡医疗救助"), ("2101301", "医疗救助"), ("2101501", "医疗保障政策管理"), ("9999999", "行政运行")],
)
def test_name_matches_rejects_other_names(code: str, name: str) -> None:
    assert not name_matches(code, name)


def test_comparable_name_keeps_quotes_inside_a_name() -> None:
    assert comparable_name("“三公”经费") == "“三公”经费"
    assert comparable_name("“进修及培训”") == "进修及培训"


def test_parent_and_children() -> None:
    assert parent_code("2101501") == "21015"
    assert parent("2101501") == lookup("21015")
    assert parent("21015") == lookup("210")
    assert parent("210") is None
    assert [child.code for child in children("21013")] == ["2101301", "2101302", "2101399"]
    assert [child.name for child in children("22102")] == ["住房公积金", "提租补贴", "购房补贴"]
    assert children("2101501") == []


def test_every_class_from_201_to_234_is_present_with_its_sections() -> None:
    classes = [code for code in classification().periods if len(code) == 3 and code.startswith("2")]
    expected = {"201", "202", "203", "204", "205", "206", "207", "208", "210", "211", "212", "213", "214", "215"}
    expected |= {"216", "217", "219", "220", "221", "222", "223", "224", "227", "229", "230", "231", "232", "233"}
    assert expected | {"234"} == set(classes)
    assert all(children(code) for code in expected - {"227"})


def test_the_economic_classes_are_present_with_their_details() -> None:
    for code in ["301", "302", "303", "307", "309", "310", "311", "312", "313", "399"]:
        assert children(code), code
    assert [child.code for child in children("301")][:3] == ["30101", "30102", "30103"]


def test_every_subject_has_its_parent_and_names_do_not_overlap_in_time() -> None:
    data = classification()
    for code, periods in data.periods.items():
        above = parent_code(code)
        assert above is None or above in data.periods, code
        for earlier, later in pairwise(periods):
            assert earlier.until is not None and later.since is not None and earlier.until < later.since, code

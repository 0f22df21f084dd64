"""Statements of the narrative (SPEC §2 ``statements``): facts read in the seeds and the examples.

Each document goes through the shipped NER pipeline on its narrative and its reconstructed tables
(statements read the narrative and the cells of running text inside tables, as ``mbnlp extract`` does).
"""

from __future__ import annotations

import doctest
from collections.abc import Callable
from pathlib import Path

import pytest

from mbnlp.loading import load_document
from mbnlp.ner.extract import extract_entities, load_pipeline
from mbnlp.records import Entity, Statement
from mbnlp.statements import extract_statements, lists, measures, sentences
from mbnlp.statements.lists import heading_account, named_item
from mbnlp.statements.measures import Cue, classify, compared_measure, share_of
from mbnlp.structure import detect_meta, split_blocks
from mbnlp.tables import reconstruct

EXAMPLES = Path(__file__).parents[1] / "examples"
Extracted = tuple[str, list[Statement]]


def extracted(path: Path) -> Extracted:
    """The raw text of a document and its statements."""
    document = load_document(path.read_bytes(), source=str(path))
    blocks = split_blocks(document)
    tables = reconstruct(document, blocks, detect_meta(document, blocks))
    entities = extract_entities(load_pipeline(), document, blocks, tables)
    return document.text, extract_statements(document, blocks, entities)


@pytest.fixture(scope="module")
def seed_statements(seed: Callable[[str], Path]) -> Callable[[str], Extracted]:
    cache: dict[str, Extracted] = {}

    def get(prefix: str) -> Extracted:
        if prefix not in cache:
            cache[prefix] = extracted(seed(prefix))
        return cache[prefix]

    return get


def find(statements: list[Statement], **fields: object) -> list[Statement]:
    return [s for s in statements if all(getattr(s, name) == value for name, value in fields.items())]


def one(statements: list[Statement], **fields: object) -> Statement:
    found = find(statements, **fields)
    assert len(found) == 1, (fields, found)
    return found[0]


def test_seed_000_health_spending_is_compared_with_its_initial_budget(seed_statements) -> None:
    text, statements = seed_statements("000")
    final = one(statements, account="卫生健康支出", measure="决算数", value="799.8")
    assert (final.unit, final.compare_to, final.change, final.yuan) == ("万元", "年初预算数", "减少", "7998000.00")
    assert text[final.start : final.end] == "799.8"
    assert text[final.account_start : final.account_end] == "卫生健康支出"
    one(statements, account="卫生健康支出", measure="年初预算数", value="2324.76")
    change = one(statements, account="卫生健康支出", measure="增减额", value="1145.91")  # as stated (≠ 2324.76 − 799.8)
    assert (change.compare_to, change.change, change.base) == ("年初预算数", "减少", "2324.76")


def test_seed_000_an_item_heading_governs_the_figures_after_it(seed_statements) -> None:
    text, statements = seed_statements("000")
    publicity = find(statements, account="宣传管理")
    assert [(s.measure, s.value) for s in publicity] == [("年初预算数", "0"), ("决算数", "0.55"), ("完成率", "100")]
    assert publicity[2].compare_to == "年初预算数"
    assert publicity[1].reason.startswith("为党史教育经费")
    assert text[publicity[1].reason_start : publicity[1].reason_end] == publicity[1].reason
    operation = find(statements, account="行政运行", measure="完成率")
    assert [s.value for s in operation] == ["210"]


def test_seed_000_a_list_gives_one_statement_per_item(seed_statements) -> None:
    text, statements = seed_statements("000")
    staff = one(statements, account="人员经费", measure="决算数")
    assert staff.value == "482.85"
    office = one(statements, account="公用经费", measure="决算数")
    items = [s for s in statements if staff.end < s.start < office.start]
    assert [(s.account, s.value) for s in items[:3]] == [
        ("基本工资", "118.3"),
        ("津贴补贴", "97.74"),
        ("奖金", "16.26"),
    ]
    assert len(items) == 9 and {s.measure for s in items} == {"决算数"}
    assert items[-1].account == "住房公积金" and items[-1].value == "28.99"
    assert "人员经费" in text[staff.sentence_start : staff.sentence_end]
    assert {text[s.sentence_start : s.sentence_end][:5] for s in items} == {"主要包括："}


def test_seed_000_shares_rates_and_changes(seed_statements) -> None:
    _, statements = seed_statements("000")
    assert one(statements, account="基本支出", measure="占比").value == "36.24"
    assert one(statements, measure="完成率", value="57.44").compare_to == "年初预算数"
    carry = one(statements, account="年末结转和结余", measure="增减率")
    assert (carry.value, carry.change) == ("67", None)  # printed 增长（减少）67%: the direction is not given
    unitless = find(statements, measure="增减额", value="1072.63")
    assert unitless[0].unit == "万元" and unitless[0].yuan == "10726300.00"  # printed without unit: the sentence's


def test_years_counts_and_list_markers_are_no_statements(seed_statements) -> None:
    _, statements = seed_statements("000")
    assert not find(statements, value="2022")  # 2022年度
    assert {s.unit for s in statements} == {"万元", "%"}  # no 个, 辆, 人次, 分, list markers (（一）, 1．)
    assert not find(statements, value="1", measure="决算数", unit=None)


def test_seed_004_amounts_in_yuan_and_shares_of_a_named_total(seed_statements) -> None:
    _, statements = seed_statements("004")
    wages = one(statements, account="工资福利支出", measure="决算数", value="13592704.60")
    assert (wages.unit, wages.yuan) == ("元", "13592704.60")
    change = one(statements, account="工资福利支出", measure="增减额", value="206574.29")
    assert (change.base, change.compare_to, change.reason) == ("13386130.31", "年初预算数", "人员工资增加")
    education = one(statements, account="教育支出", measure="占比")
    assert (education.value, education.denominator) == ("0.01", "本年财政拨款支出")
    income = one(statements, account="财政拨款收入", measure="占比")
    assert (income.value, income.denominator) == ("100", "收入合计")


def test_seed_004_rates_reasons_and_undecided_changes(seed_statements) -> None:
    _, statements = seed_statements("004")
    aid = one(statements, account="医疗救助", measure="增减率")
    assert (aid.value, aid.change, aid.compare_to, aid.reason) == ("176.8", "增长", "年初预算数", "年中增加项目资金")
    household = find(statements, account="对个人和家庭补助支出", measure="决算数")  # named by the item, not tagged
    assert [s.value for s in household][:2] == ["50624.00", "0"]
    capital = find(statements, account="其他资本性支出", measure="增减额")
    assert capital[0].value == "0" and capital[0].change is None  # 增加(减少)0元


def test_seed_004_a_heading_names_the_account_of_the_paragraph_below(seed_statements) -> None:
    _, statements = seed_statements("004")
    reception = find(statements, account="公务接待费")
    assert [(s.measure, s.value) for s in reception] == [("决算数", "0"), ("年初预算数", "17632"), ("增减额", "17632")]
    assert reception[2].change == "减少" and reception[2].reason == "无公务接待支出"


def test_seed_002_the_previous_year_named_by_its_number(seed_statements) -> None:
    _, statements = seed_statements("002")
    income = one(statements, account="收入合计", measure="增减额")
    assert (income.value, income.compare_to, income.change) == ("10641.92", "上年决算数", "增加")
    three = one(statements, measure="全年预算数", value="6.55")
    assert one(statements, measure="完成率", value="24").compare_to == "全年预算数"
    assert three.unit == "万元"
    assert [s.account for s in find(statements, value="0", measure="决算数")][:4] == [
        "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入",
    ]  # fmt: skip
    assert find(statements, account="本年收入", value="0")  # a line the NER left untagged, named by its clause


def test_seed_002_a_comparison_with_the_full_year_budget_stated_without_a_figure(seed_statements) -> None:
    text, statements = seed_statements("002")
    compared = find(statements, measure="增减额", value=None)
    assert [s.account for s in compared][1:] == ["因公出国(境)费", "公务用车购置及运行费", "公务接待费"]
    assert [s.start for s in compared] == [10469, 10625, 10808, 11082]  # the first is the “三公”经费 total's
    assert {(text[s.start : s.end], s.change, s.compare_to, s.unit) for s in compared} == {
        ("小于", "减少", "全年预算数", None)
    }
    car = one(statements, account="公务用车购置及运行费", measure="增减额", value=None)
    assert car.reason == "落实过紧日子要求压减公务运行费用支出"


def test_seed_003_running_text_inside_a_self_evaluation_table(seed_statements) -> None:
    _, statements = seed_statements("003")
    assert one(statements, measure="决算数", value="450.34").account == "基本支出"
    assert one(statements, measure="占比", value="98.05").account == "基本支出"
    hospitality = find(statements, account="公务接待费")
    assert [(s.measure, s.value) for s in hospitality][-3:] == [
        ("上年决算数", "0.4"),
        ("增减额", "0.27"),
        ("增减率", "67.5"),
    ]
    assert (hospitality[-2].change, hospitality[-2].compare_to) == ("增加", "上年决算数")
    assert one(statements, measure="增减额", value="1.23").account == "公务用车运行维护支出"  # 2.37 → 1.14


def test_our_own_text_budget_larger_or_equal_without_a_figure(tmp_path: Path) -> None:
    path = tmp_path / "own.txt"
    path.write_text(  # seed 000's 行政运行 figures (48.65 → 102.34), our wording
        "一、财政拨款支出决算具体情况\n\n1．行政运行（项）。年初预算48.65万元，支出决算102.34万元。"
        "决算数大于年初预算数，增加53.69万元，主要原因：新增人员经费。\n\n2．培训费年初预算3万元，支出决算3万元，决算数与年初预算数持平。\n",
        encoding="utf-8",
    )
    text, statements = extracted(path)
    larger = one(statements, account="行政运行", measure="增减额", value=None)
    assert (text[larger.start : larger.end], larger.value, larger.change, larger.compare_to) == (
        "大于", None, "增加", "年初预算数",
    )  # fmt: skip
    assert larger.reason == "新增人员经费"
    assert one(statements, account="行政运行", measure="增减额", value="53.69").base == "48.65"  # not stopped by 大于
    equal = one(statements, measure="增减额", change="持平")
    assert (text[equal.start : equal.end], equal.compare_to) == ("持平", "年初预算数")


def test_a_measure_word_glued_to_an_account_states_the_measure() -> None:
    text = "（一）资金情况\n\n财政拨款全年预算480.00万元，全年执行数475.20万元，执行率99.00%。\n"
    document = load_document(text.encode("utf-8"))
    tagged = [("ACCOUNT", "财政拨款全年预算"), ("AMOUNT", "480.00"), ("AMOUNT", "475.20"), ("AMOUNT", "99.00")]
    units = {"480.00": "万元", "475.20": "万元", "99.00": "%"}
    entities = [
        Entity(label=label, start=(start := text.index(word)), end=start + len(word), text=word,
               value=word if label == "AMOUNT" else None, unit=units.get(word))
        for label, word in tagged
    ]  # fmt: skip
    statements = extract_statements(document, split_blocks(document), entities)
    assert [(s.account, s.measure, s.value) for s in statements] == [
        ("财政拨款", "全年预算数", "480.00"), ("财政拨款", "决算数", "475.20"), ("财政拨款", "完成率", "99.00"),
    ]  # fmt: skip


def test_example_wrapped_lines_level_results_and_shared_figures() -> None:
    _, statements = extracted(EXAMPLES / "narrative_final_accounts_yuan.txt")
    income = one(statements, account="本年收入合计", measure="增减率")
    assert (income.value, income.change) == ("11.18", "增长")  # 增 and 长 on two lines
    flat = one(statements, account="行政单位医疗", measure="增减额")
    assert (flat.value, flat.change, flat.compare_to) == (None, "持平", "年初预算数")
    assert one(statements, account="行政单位医疗", measure="决算数").change == "持平"
    shared = [
        s.account for s in statements if s.value == "0" and s.start == find(statements, account="经营支出")[0].start
    ]
    assert shared == ["上缴上级支出", "经营支出", "对附属单位补助支出"]


def test_our_own_text_hundred_millions_bracketed_negatives_and_full_width(tmp_path: Path) -> None:
    path = tmp_path / "own.txt"
    path.write_text(
        "白鹭县医疗保障局2024年度部门决算说明\n\n一、收入支出决算总体情况说明\n\n（一）支出决算情况\n\n"
        "2024年度本年支出合计1.25亿元，比上年减少（2.3）万元，下降１.８%。主要原因是信息系统建设项目完工。\n",
        encoding="utf-8",
    )
    _, statements = extracted(path)
    assert [(s.measure, s.value, s.unit) for s in statements] == [
        ("决算数", "1.25", "亿元"), ("增减额", "-2.3", "万元"), ("增减率", "1.8", "%"),
    ]  # fmt: skip
    assert statements[0].yuan == "125000000.00" and statements[1].yuan == "-23000.00"
    assert {s.account for s in statements} == {"本年支出合计"}
    assert {s.reason for s in statements} == {"信息系统建设项目完工"}


def test_measure_vocabulary() -> None:
    assert classify("，支出决算", False, "final_accounts") == Cue("决算数")
    assert classify("万元，调整预算", False, "final_accounts") == Cue("全年预算数")
    assert classify("，与上年决算", False, "final_accounts") == Cue("上年决算数")
    assert classify("基本工资", False, "budget") == Cue("年初预算数")
    assert classify("万元，降低", True, "final_accounts") == Cue("增减率", "下降")
    assert classify("单价", False, "final_accounts") is None
    assert classify("万元左右下降至", False, "final_accounts") == Cue("决算数")  # a level reached, not a change
    assert classify("，共计", True, "final_accounts") is None
    assert compared_measure("比2023年年初预算增加", 2024) == "年初预算数"
    assert compared_measure("年初结转和结余") is None
    assert share_of("，占政府采购支出总额的") == "政府采购支出总额"


def test_item_names() -> None:
    assert named_item("（2）公务用车运行费：主要用于", 0, 14).text == "公务用车运行费"
    assert named_item("本年度无此项支出。", 0, 9) is None
    assert heading_account("1.“教育支出”（类）", 0, 11, []) is None


@pytest.mark.parametrize("module", [measures, sentences, lists], ids=lambda module: module.__name__)
def test_the_docstring_examples_hold(module: object) -> None:
    assert doctest.testmod(module).failed == 0

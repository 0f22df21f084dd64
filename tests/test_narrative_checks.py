"""Narrative checks (SPEC §4, 说明 ↔ numbers): the rules on statement lists built by hand, then
facts read in the seeds (seed 000's 卫生健康支出 change of 1145.91 where the figures differ by
1524.96; its 25.11 line printed twice counted once; its 说明 swapping two projects' budgets;
seed 002's class amounts that are other lines' amounts), then an example of ours: consistent,
and after one number changes exactly the checks that use it fail."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from mbnlp.checks import RULES, CheckContext
from mbnlp.loading import load_document
from mbnlp.pipeline import check_document
from mbnlp.records import Check, Statement

EXAMPLES = Path(__file__).parents[1] / "examples"


def statement(
    text: str, value: str, measure: str, *, nth: int = 1, after: int = 0, unit: str = "万元", **fields
) -> Statement:
    """The statement of the ``nth`` printing of ``value`` in ``text`` from offset ``after``."""
    start = after - 1
    for _ in range(nth):
        start = text.index(value, start + 1)
    return Statement(measure=measure, value=value, unit=unit, start=start, end=start + len(value), **fields)


def run(rule: str, text: str, statements: list[Statement]) -> list[Check]:
    context = CheckContext(text, None, [], [], [], statements)
    return [check for check in RULES[rule].function(context) if check is not None]


def spans(check: Check, text: str) -> list[str]:
    return [text[start:end] for start, end in check.evidence]


# --- the rules on hand-built statements ------------------------------------------------------


def test_a_change_must_equal_the_difference_of_the_stated_figures() -> None:
    text = "卫生健康支出决算799.8万元，比年初预算2324.76万元减少1145.91万元。"
    stated = [
        statement(text, "799.8", "决算数", account="卫生健康支出"),
        statement(text, "2324.76", "年初预算数", account="卫生健康支出"),
        statement(
            text, "1145.91", "增减额", account="卫生健康支出", compare_to="年初预算数", change="减少", base="2324.76"
        ),
    ]
    (check,) = run("narrative.change", text, stated)
    assert (check.status, check.severity) == ("fail", "material")
    assert Decimal(check.expected) == Decimal("1524.96") and check.found == "1145.91"
    assert spans(check, text) == ["799.8", "2324.76", "1145.91"]


def test_a_change_pointing_the_wrong_way_fails() -> None:
    text = "住房保障支出决算28.99万元，比年初预算34.74万元增加5.75万元。"
    stated = [
        statement(text, "28.99", "决算数", account="住房保障支出"),
        statement(text, "34.74", "年初预算数", account="住房保障支出"),
        statement(text, "5.75", "增减额", account="住房保障支出", compare_to="年初预算数", change="增加"),
    ]
    (check,) = run("narrative.change", text, stated)
    assert (check.status, check.severity) == ("fail", "material") and "方向不符" in check.message


@pytest.mark.parametrize(("rate", "status", "severity"), [("42.56", "pass", None), ("42.55", "fail", "rounding")])
def test_a_change_rate_is_judged_at_its_printed_precision(rate: str, status: str, severity: str | None) -> None:
    # 1072.63 / 2520.34 = 42.559…%: 42.56 is right, a truncated 42.55 is off by one unit of the last digit
    text = f"支出决算1447.71万元，年初预算2520.34万元，减少1072.63万元，下降{rate}%。"
    stated = [
        statement(text, "1447.71", "决算数"),
        statement(text, "2520.34", "年初预算数"),
        statement(text, "1072.63", "增减额", compare_to="年初预算数", change="减少"),
        statement(text, rate, "增减率", unit="%", compare_to="年初预算数", change="下降"),
    ]
    checks = run("narrative.change", text, stated)
    assert [(c.status, c.severity) for c in checks] == [("pass", None), (status, severity)]


def test_a_change_against_a_figure_the_text_never_states_is_skipped() -> None:
    text = "本年支出合计2354.71万元，比上年增加181.83万元。"
    stated = [
        statement(text, "2354.71", "决算数"),
        statement(text, "181.83", "增减额", compare_to="上年决算数", change="增加"),
    ]
    (check,) = run("narrative.change", text, stated)
    assert check.status == "skip" and check.evidence == [(text.index("181.83"), text.index("181.83") + 6)]


def test_completion_rates() -> None:
    text = (
        "甲项年初预算202.59万元，支出决算2.58万元，完成年初预算的12%。\n乙项年初预算0万元，支出决算0.55万元，完成100%。"
    )
    stated = [
        statement(text, "202.59", "年初预算数", account="甲项"),
        statement(text, "2.58", "决算数", account="甲项"),
        statement(text, "12", "完成率", unit="%", account="甲项", compare_to="年初预算数"),
        statement(text, "0", "年初预算数", after=text.index("乙项"), account="乙项"),
        statement(text, "0.55", "决算数", account="乙项"),
        statement(text, "100", "完成率", unit="%", account="乙项", compare_to="年初预算数"),
    ]
    wrong, undefined = run("narrative.completion_rate", text, stated)
    assert (wrong.status, wrong.severity, wrong.expected) == ("fail", "material", "1.27")  # 2.58 / 202.59
    assert undefined.status == "skip" and "预算数为0" in undefined.message


def test_a_share_of_the_named_total_and_of_the_introducing_figure() -> None:
    text = (
        "本年支出合计1447.43万元。\n"
        "其中基本支出524.57万元，占本年支出合计的36.24%。\n"
        "三公经费支出3.59万元，其中公务用车费3.59万元，占100%；公务接待费0万元，占0%。"
    )
    stated = [
        statement(text, "1447.43", "决算数", account="本年支出合计"),
        statement(text, "524.57", "决算数", account="基本支出"),
        statement(text, "36.24", "占比", unit="%", account="基本支出", denominator="本年支出合计"),
        statement(text, "3.59", "决算数", account="三公经费"),
        statement(text, "3.59", "决算数", nth=2, account="公务用车费"),
        statement(text, "100", "占比", unit="%", account="公务用车费"),
        statement(text, "0", "决算数", nth=2, account="公务接待费"),
        statement(text, "0", "占比", nth=3, unit="%", account="公务接待费"),
    ]
    basic, vehicles, reception = run("narrative.share", text, stated)
    assert basic.status == "pass" and spans(basic, text) == ["524.57", "1447.43", "36.24"]  # 36.2415…
    assert vehicles.status == "pass" and spans(vehicles, text)[1] == "3.59"
    assert reception.status == "pass"


LIST = (
    "社会保障和就业支出决算172.06万元，年初预算157.78万元。其中：\n"
    "甲（项）。年初预算102.19万元，支出决算113.94万元。差异原因：人员增加。\n"
    "乙（项）。年初预算30.24万元，支出决算31.81万元。差异原因：基数上调。\n"
    "丙（项）。年初预算25.35万元，支出决算25.11万元。\n"
    "丙（项）。年初预算25.35万元，支出决算25.11万元。\n"
    "丁（项）。年初预算0万元，支出决算1.2万元。差异原因：科目调整。\n"
)


def list_statements(text: str) -> list[Statement]:
    """The statements of :data:`LIST`, read line by line (reason spans where a line gives one)."""
    stated = [
        statement(text, "172.06", "决算数", account="社会保障和就业支出"),
        statement(text, "157.78", "年初预算数", account="社会保障和就业支出"),
    ]
    start = text.index("\n") + 1
    for line in text[start:].splitlines():
        account = line[0]
        reason = line.find("原因：")
        fields = {
            "reason": line[reason + 3 : -1],
            "reason_start": start + reason + 3,
            "reason_end": start + len(line) - 1,
        }
        fields = fields if reason >= 0 else {}
        budget, actual = (line.index(word) + 2 for word in ("预算", "决算"))
        for measure, at in (("年初预算数", budget), ("决算数", actual)):
            value = line[at : line.index("万元", at)]
            stated.append(statement(text, value, measure, after=start + at, account=account, **fields))
        start += len(line) + 1
    return stated


def test_a_list_item_printed_twice_counts_once_in_the_list_total() -> None:
    # 113.94 + 31.81 + 25.11 + 1.2 = 172.06 only with the repeated line counted once
    actual, budget = run("narrative.items_total", LIST, list_statements(LIST))
    assert actual.status == "pass" and Decimal(actual.expected) == Decimal("172.06")
    assert budget.status == "pass" and Decimal(budget.expected) == Decimal("157.78")
    changed = LIST.replace(
        "丙（项）。年初预算25.35万元，支出决算25.11万元。\n丁", "丙（项）。年初预算25.35万元，支出决算25.12万元。\n丁"
    )
    actual, _ = run("narrative.items_total", changed, list_statements(changed))
    assert (actual.status, actual.severity) == ("fail", "material")  # a different second line is an item of its own


def test_an_item_whose_actual_differs_from_its_budget_needs_a_reason() -> None:
    checks = run("narrative.reason_required", LIST, list_statements(LIST))
    assert [c.status for c in checks] == ["pass", "pass", "fail", "fail", "pass"]  # 丙 25.35 → 25.11 gives none
    assert spans(checks[0], LIST)[2] == "人员增加"


def compared(text: str, word: str, change: str, compare_to: str = "年初预算数") -> Statement:
    start = text.index(word)
    return Statement(measure="增减额", value=None, change=change, compare_to=compare_to, start=start, end=start + 2)


@pytest.mark.parametrize(
    ("word", "change", "status"), [("大于", "增加", "pass"), ("小于", "减少", "fail"), ("持平", "持平", "fail")]
)
def test_a_comparison_without_a_figure_matches_the_two_figures(word: str, change: str, status: str) -> None:
    text = f"行政运行年初预算48.65万元，支出决算102.34万元。决算数{word}年初预算数。"  # seed 000's figures
    stated = [
        statement(text, "48.65", "年初预算数", account="行政运行"),
        statement(text, "102.34", "决算数", account="行政运行"),
        compared(text, word, change),
    ]
    (check,) = run("narrative.comparison", text, stated)
    assert check.status == status and spans(check, text) == ["102.34", "48.65", word]


# --- the seeds, read by hand ----------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_checks(seed) -> Callable[[str], tuple[str, list[Check]]]:
    found: dict[str, tuple[str, list[Check]]] = {}

    def checks(prefix: str) -> tuple[str, list[Check]]:
        if prefix not in found:
            document = load_document(seed(prefix))
            found[prefix] = (document.text, check_document(document))
        return found[prefix]

    return checks


def one(checks: list[Check], rule: str, *words: str) -> list[Check]:
    return [c for c in checks if c.rule == rule and all(word in c.message for word in words)]


def test_seed_000_health_change_is_1524_96_not_1145_91(seed_checks) -> None:
    text, checks = seed_checks("000")
    (check,) = one(checks, "narrative.change", "卫生健康支出", "1145.91")
    assert (check.status, check.severity, check.found) == ("fail", "material", "1145.91")
    assert Decimal(check.expected) == Decimal("1524.96")
    assert spans(check, text) == ["799.8", "2324.76", "1145.91"]


def test_seed_000_the_repeated_25_11_line_is_not_an_inconsistency(seed_checks) -> None:
    text, checks = seed_checks("000")
    (social,) = one(checks, "narrative.items_total", "社会保障和就业支出 决算数")
    assert social.status == "pass" and Decimal(social.expected) == Decimal("172.06") and social.found == "172.06"
    assert spans(social, text).count("25.11") == 1
    repeated = one(checks, "narrative.reason_required", "其他行政事业单位养老保险缴费支出")
    assert [c.status for c in repeated] == ["pass", "pass"]  # 25.35 → 25.11, reason stated on both lines
    rates = one(checks, "narrative.completion_rate", "其他行政事业单位养老保险缴费支出")
    assert [c.status for c in rates] == ["pass", "pass"]  # 25.11 / 25.35 = 99.05% → 99%


def test_seed_000_narrative_swaps_the_relief_projects_budgets(seed_checks) -> None:
    text, checks = seed_checks("000")
    (budget,) = one(checks, "narrative.performance", "医疗救助基金 全年预算数")
    assert budget.status == "fail" and spans(budget, text) == ["468", "400.00"]
    (score,) = one(checks, "narrative.performance", "城乡居民医疗救助 得分")
    assert score.status == "fail" and spans(score, text) == ["90", "99.68"]
    (rate,) = one(checks, "narrative.performance", "2022中央财政医疗服务与保障能力提升补助资金 完成率")
    assert rate.status == "pass" and spans(rate, text) == ["89.54", "89.54"]


def test_seed_002_narrative_amounts_against_its_tables(seed_checks) -> None:
    text, checks = seed_checks("002")
    (basic,) = one(checks, "narrative.table_value", "基本支出 决算数 590.11")
    assert basic.status == "pass" and spans(basic, text) == ["590.11", "590.11"]  # 说明 and 公开03 合计 row
    misplaced = one(checks, "narrative.table_value", "一般公共服务 决算数 628.04")
    assert [(c.status, spans(c, text)) for c in misplaced] == [("fail", ["628.04", "0.00"])] * 2
    (rate,) = one(checks, "narrative.performance", "完成率 99.8%")
    assert rate.status == "pass" and "舍入" in rate.message  # 99.8 is inside a printed 100%


def test_seed_002_department_total_is_not_its_basic_plus_project_spending(seed_checks) -> None:
    text, checks = seed_checks("002")
    (check,) = one(checks, "performance.department_total")
    assert (check.status, check.severity, check.found) == ("fail", "material", "11757.05")
    assert Decimal(check.expected) == Decimal("11229.01")
    assert spans(check, text) == ["11757.05", "590.11", "10638.90"]


def test_seed_002_abroad_spending_of_0_is_not_less_than_its_budget_of_0(seed_checks) -> None:
    text, checks = seed_checks("002")
    compared = one(checks, "narrative.comparison")
    assert [(c.status, spans(c, text)) for c in compared] == [
        ("pass", ["1.57", "6.55", "小于"]),
        ("fail", ["0", "0", "小于"]),  # 因公出国(境)费: 全年预算 0, 决算 0
        ("pass", ["1.57", "6", "小于"]),
        ("pass", ["0", "0.55", "小于"]),
    ]
    assert "因公出国(境)费" in compared[1].message and compared[1].severity == "material"


# --- an example of ours: consistent, then one number changed --------------------------------

EXAMPLE = "tab_tables_final_accounts.txt"
THREE_PUBLIC = 213  # the 说明 line on the “三公” spending


def example_checks(line: int | None = None, old: str = "", new: str = "") -> list[Check]:
    lines = (EXAMPLES / EXAMPLE).read_text(encoding="utf-8").split("\n")
    if line is not None:
        assert old in lines[line - 1]
        lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return check_document(load_document("\n".join(lines).encode(), source=EXAMPLE))


def failed(checks: list[Check]) -> list[str]:
    return sorted(c.rule for c in checks if c.status == "fail")


def test_the_example_narrative_agrees_with_its_tables() -> None:
    checks = example_checks()
    narrative = [c for c in checks if c.rule.startswith("narrative.")]
    assert failed(checks) == []
    assert {c.rule for c in narrative if c.status == "pass"} >= {
        "narrative.table_value", "narrative.change", "narrative.share",
    }  # fmt: skip


def test_changing_a_narrative_number_fails_only_its_change() -> None:
    assert failed(example_checks(THREE_PUBLIC, "比预算减少1.62万元", "比预算减少1.72万元")) == ["narrative.change"]


def test_changing_a_table_number_fails_its_table_identities_and_the_narrative_stating_it() -> None:
    # 公开09表 公务用车购置及运行维护费 决算数 2.96 → 3.06, which the 说明 states as 2.96
    assert failed(example_checks(187, "2.96", "3.06")) == [
        "narrative.table_value", "three_public.total", "three_public.vehicle",
    ]  # fmt: skip


@pytest.mark.parametrize(("stated", "status"), [("4200元", "pass"), ("4150元", "pass"), ("4100元", "fail")])
def test_a_narrative_in_yuan_against_a_table_in_wanyuan(stated: str, status: str) -> None:
    # the table prints 0.42 万元 (4150–4250 元): 4150 元 is inside the envelope, 4100 元 beyond it
    checks = example_checks(THREE_PUBLIC, "公务接待费支出决算0.42万元", f"公务接待费支出决算{stated}")
    (check,) = one(checks, "narrative.table_value", "公务接待费")
    assert check.status == status and Decimal(check.expected) == Decimal(4200)

"""The validator (SPEC §4): the rounding envelope and blanks on hand-made facts; on the seeds,
identities that hold pass and the inconsistencies found by reading fail, with the severity and
the cells read; on the examples nothing fails, and changing one number fails exactly the checks
that use it; the rule catalogue, the CLI and the pipeline stage."""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

import mbnlp
from mbnlp.checks import RULES
from mbnlp.checks.catalogue import catalogue_markdown
from mbnlp.checks.facts import Blank, parse_fact
from mbnlp.checks.registry import resolve
from mbnlp.checks.roles import table_role
from mbnlp.checks.verdict import Outcome, bound_check, formula_check, sum_check
from mbnlp.cli import app
from mbnlp.loading import load_document
from mbnlp.pipeline import check_document
from mbnlp.records import Check
from mbnlp.tables import reconstruct

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples"
GOLD = ROOT / "annotations" / "inconsistencies.jsonl"
runner = CliRunner()


def fact(text: str, unit: str | None = "万元", at: int = 0):
    return parse_fact(text, at, at + len(text), unit, text)


def blank(column: int) -> Blank:
    return Blank(("t1", 0, column), 0, 0, "blank")


def checks_of(path: Path) -> tuple[str, list[Check]]:
    document = load_document(path)
    return document.text, check_document(document)


def cells(check: Check, text: str) -> list[tuple[str, int]]:
    """The text of each evidence span and the line it starts on."""
    return [(text[start:end], text.count("\n", 0, start) + 1) for start, end in check.evidence]


def only(checks: list[Check], rule: str, *words: str) -> Check:
    found = [c for c in checks if c.rule == rule and all(word in c.message for word in words)]
    assert len(found) == 1, [c.message for c in found]
    return found[0]


# --- the envelope and blanks -------------------------------------------------------------


def test_a_100_wan_gap_on_a_500_million_total_is_material() -> None:
    check = sum_check("t.r", "5亿元", fact("50,000.00"), [fact("30,000.00"), fact("19,900.00")])
    assert (check.status, check.severity, check.expected, check.found) == ("fail", "material", "49900.00", "50000.00")


def test_a_cent_on_five_two_decimal_parts_passes_with_a_rounding_note() -> None:
    parts = [fact(text) for text in ("1.11", "2.22", "3.33", "4.44", "5.55")]
    check = sum_check("t.r", "five", fact("16.66"), parts)
    assert check.status == "pass" and check.severity is None and "舍入" in check.message
    assert (check.expected, check.found) == ("16.65", "16.66")


def test_just_beyond_the_envelope_is_a_rounding_failure() -> None:
    check = sum_check("t.r", "two", fact("3.35"), [fact("1.11"), fact("2.22")])  # envelope 0.015, gap 0.02
    assert (check.status, check.severity) == ("fail", "rounding")


def test_integers_are_exact_so_one_point_is_material() -> None:
    check = sum_check("t.r", "scores", fact("98", None), [fact("90", None), fact("7", None)])
    assert (check.status, check.severity) == ("fail", "material")


def test_amounts_in_yuan_and_wan_are_compared_in_one_unit() -> None:
    check = sum_check("t.r", "units", fact("14,477,100.00", "元"), [fact("1447.71", "万元")])
    assert check.status == "pass" and Decimal(check.expected) == Decimal("14477100.00")


def test_blank_inputs_are_skipped_never_passed() -> None:
    assert sum_check("t.r", "none", blank(0), [blank(1), blank(2)]) is None
    assert sum_check("t.r", "no total", blank(0), [fact("1.00"), fact("2.00")]).status == "skip"
    assert sum_check("t.r", "no parts", fact("3.00"), [blank(1), blank(2)]).status == "skip"
    assert sum_check("t.r", "zeros", fact("0.00"), [blank(1), blank(2)]).status == "pass"
    assert formula_check("t.r", "rate", None, [fact("1.00"), fact("2.00")], lambda a, b: a / b, "÷").status == "skip"
    assert bound_check("t.r", "part", fact("1.00"), blank(1)).status == "skip"


def test_a_blank_part_is_zero_only_when_the_document_shows_it() -> None:
    holds = sum_check("t.r", "holds", fact("5.00"), [fact("5.00"), blank(1)])
    assert isinstance(holds, Outcome) and holds.check.status == "pass" and holds.blanks == (("t1", 0, 1),)
    broken = sum_check("t.r", "broken", fact("6.00"), [fact("5.00"), blank(1)])
    assert isinstance(broken, Outcome) and broken.check.status == "fail"
    assert [c.status for c in resolve([broken])] == ["skip"]
    assert [c.status for c in resolve([broken, holds])] == ["fail", "pass"]


def test_formulas_get_the_envelope_of_their_rounded_inputs() -> None:
    def rate(done: Decimal, budget: Decimal) -> Decimal:
        return done / budget * 100

    rounded = formula_check("t.r", "rate", fact("72.3", "%"), [fact("87.7"), fact("121.3")], rate, "÷")
    assert rounded.status == "pass"
    assert formula_check("t.r", "rate", fact("73.3", "%"), [fact("87.7"), fact("121.3")], rate, "÷").severity == (
        "material"
    )
    assert formula_check("t.r", "rate", fact("0", "%"), [fact("0.00"), fact("0.00")], rate, "÷").status == "skip"


# --- the seeds: what holds passes, what was found by reading fails --------------------------


def test_seed_003_summary_income_total_equals_grand_total(seed) -> None:
    text, checks = checks_of(seed("003"))
    check = only(checks, "summary.income_grand_total", "公开01表")
    assert check.status == "pass" and check.expected == check.found == "4593144.30"
    assert cells(check, text) == [("4,593,144.30", 43), ("4,593,144.30", 40)]  # 总计, 本年收入合计


def test_seed_002_expenditure_class_210_is_the_sum_of_its_kuan(seed) -> None:
    text, checks = checks_of(seed("002"))
    check = only(checks, "rollup.class_equals_sum_of_kuan", "公开03表", "（本年支出合计）210")
    assert check.status == "pass"
    assert cells(check, text) == [("11,229.01", 138), ("10,580.40", 139), ("648.61", 141)]


def test_seed_002_tail_differences_pass_with_a_rounding_note(seed) -> None:
    text, checks = checks_of(seed("002"))
    income = only(checks, "summary.income_total", "公开01表")
    assert (income.status, income.expected, income.found) == ("pass", "11229.02", "11229.01")
    assert "舍入" in income.message and cells(income, text)[0] == ("11,229.01", 92)
    wages = only(checks, "economic.class_equals_sum_of_items", "公开06表", "301")
    assert (wages.status, wages.expected, wages.found) == ("pass", "497.58", "497.57")
    assert cells(wages, text)[:2] == [("497.57", 233), ("272.26", 235)]


def test_seed_001_fund_score_is_not_weight_times_rate(seed) -> None:
    text, checks = checks_of(seed("001"))
    check = only(checks, "performance.fund_score")
    assert (check.status, check.severity, check.expected, check.found) == ("fail", "material", "7.23", "9")
    assert cells(check, text) == [("9", 131), ("10分", 129), ("72.3%", 130)]
    total = only(checks, "performance.total_score")
    assert (total.status, total.severity, total.expected, total.found) == ("fail", "material", "97", "98")
    assert cells(total, text)[:2] == [("98", 387), ("9", 131)]


def test_seed_003_central_funds_table_weights_scores_and_rounding(seed) -> None:
    text, checks = checks_of(seed("003"))
    weights = only(checks, "performance.total_weight", "中央财政")
    assert (weights.status, weights.severity, weights.expected, weights.found) == ("fail", "material", "95", "100")
    assert cells(weights, text)[:2] == [("100", 433), ("10", 413)]
    scores = only(checks, "performance.total_score", "中央财政")
    assert (scores.expected, scores.found, scores.severity) == ("89.70", "94.70", "material")
    fund = only(checks, "performance.fund_score", "中央财政")
    assert (fund.status, fund.severity, fund.found) == ("fail", "rounding", "4.70")
    assert Decimal(fund.expected) == Decimal("4.71")
    assert cells(fund, text) == [("4.70", 413), ("10", 413), ("47.10%", 413)]
    party = only(checks, "performance.total_score", "党建工作经费")
    assert party.status == "pass" and party.found == "97.70"


def test_seed_002_merged_scores_do_not_reach_the_total(seed) -> None:
    text, checks = checks_of(seed("002"))
    check = only(checks, "performance.total_score", "城乡居民医疗保险工作经费")
    assert (check.status, check.severity, check.expected, check.found) == ("fail", "material", "80", "100")
    assert cells(check, text) == [("100分", 565), ("20", 552), ("20", 554), ("20", 558), ("20", 560)]
    assert only(checks, "performance.total_score", "镇办医疗保障服务中心经费").status == "pass"


def test_seed_000_missed_targets_without_a_reason(seed) -> None:
    text, checks = checks_of(seed("000"))
    failed = [c for c in checks if c.status == "fail" and not c.rule.startswith("narrative.")]
    assert [c.rule for c in failed] == ["performance.indicator_deviation"] * 2
    assert [cells(c, text) for c in failed] == [[("95", 411), ("92", 412)], [("2.9", 1005), ("2.8", 1006)]]
    consistent = only(checks, "performance.fund_score", "2022中央财政")  # 10 × 89.54% = 8.954 → 8.95
    assert consistent.status == "pass" and consistent.found == "8.95"
    scored = only(checks, "performance.indicator_score", "工作满意度")  # 10 × 92/95 = 9.684 → 9.68
    assert scored.status == "pass" and scored.found == "9.68"


def test_seed_failures_are_exactly_the_inconsistencies_read_by_hand(seeds_dir) -> None:
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    for path in sorted(seeds_dir.glob("*.txt")):
        checks = check_document(load_document(path))
        read = [g for g in gold if g["doc"] == path.name and g["rule"] and g["status"] == "fail"]
        found = [(c.rule, c.severity) for c in checks if c.status == "fail"]
        assert sorted(found) == sorted((g["rule"], g["severity"]) for g in read), path.name


def test_the_inconsistency_list_is_stand_off_on_the_seeds(seeds_dir) -> None:
    for line in map(json.loads, GOLD.read_text(encoding="utf-8").splitlines()):
        data = (seeds_dir / line["doc"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == line["sha256"], line["id"]
        text = load_document(data).text
        for fact in line["facts"]:
            printed = text[slice(*fact["span"])]
            number = printed.replace(",", "").removesuffix("%").removesuffix("分")
            assert fact["value"] in (printed, number), (line["id"], printed)
        description = line["description"]
        assert not any(description[i : i + 29] in text for i in range(len(description) - 28)), line["id"]


def test_statements_are_found_by_title_not_position(seed) -> None:
    roles = [table_role(table) for table in reconstruct(load_document(seed("003")))]
    assert roles[:8] == ["T1", "T2", "T3", "T4", "T5", "T6", "T6P", "T7"]  # 公开05 is titled …收入支出决算表
    roles = [table_role(table) for table in reconstruct(load_document(EXAMPLES / "pipe_and_html_tables.md"))]
    assert roles == ["T1", "T5", "T6", "T7"]  # 表一…表四: no T2, T3 or T4 printed


# --- the examples: consistent by construction ----------------------------------------------


@pytest.mark.parametrize("path", sorted(EXAMPLES.iterdir()), ids=lambda path: path.name)
def test_no_check_fails_on_an_example(path: Path) -> None:
    """Nothing fails; a table check is never skipped (a narrative change against a 上年 figure the
    text does not state is, see tests/test_narrative_checks.py)."""
    _, checks = checks_of(path)
    assert [c.message for c in checks if c.status == "fail"] == []
    assert [c.message for c in checks if c.status == "skip" and not c.rule.startswith("narrative.")] == []


def mutated(name: str, line: int, old: str, new: str) -> tuple[str, list[Check]]:
    lines = (EXAMPLES / name).read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    document = load_document("\n".join(lines).encode(), source=name)
    return document.text, check_document(document)


def test_changing_one_xiang_fails_its_kuan_and_its_row() -> None:
    # 公开03表 2101506 医疗保障经办 本年支出合计 186.50 → 186.60 (基本支出 blank, 项目支出 186.50)
    _, checks = mutated("tab_tables_final_accounts.txt", 94, "186.50", "186.60")
    failed = sorted((c.rule, c.message.split("：")[0]) for c in checks if c.status == "fail")
    assert failed == [
        ("rollup.kuan_equals_sum_of_xiang", "t3 公开03表 支出决算表（本年支出/合计）21015 = 其下各项之和"),
        ("row.total_equals_components", "t3 公开03表 支出决算表 · 2101506 医疗保障经办"),
    ]


def test_changing_a_total_fails_its_roll_up_its_row_and_the_table_it_must_equal() -> None:
    _, checks = mutated("tab_tables_final_accounts.txt", 84, "2,354.71", "2,354.81")  # 公开03表 合计
    failed = sorted(c.rule for c in checks if c.status == "fail")
    assert failed == [
        "cross.t1_expenditure_equals_t3_total",
        "rollup.total_equals_sum_of_classes",
        "row.total_equals_components",
    ]


def test_an_empty_table_needs_its_statement() -> None:
    text, checks = checks_of(EXAMPLES / "tab_tables_final_accounts.txt")
    statement = only(checks, "cross.empty_table_statement", "公开07表")
    assert statement.status == "pass" and cells(statement, text)[1] == (
        "备注：本中心2022年度无政府性基金预算财政拨款收支，本表为空表",
        171,
    )
    lines = (EXAMPLES / "tab_tables_final_accounts.txt").read_text(encoding="utf-8").split("\n")
    for line in (171, 219):  # the note under the table, and the narrative naming 公开07表
        lines[line - 1] = ""
    checks = check_document(load_document("\n".join(lines).encode()))
    assert only(checks, "cross.empty_table_statement", "公开07表").status == "fail"
    assert only(checks, "cross.empty_table_statement", "公开08表").status == "pass"


# --- catalogue, CLI, pipeline ---------------------------------------------------------------


def test_every_rule_has_a_stable_id_and_words() -> None:
    assert len(RULES) >= 25
    for rule_id, rule in RULES.items():
        assert re.fullmatch(r"[a-z_]+\.[a-z0-9_]+", rule_id) and rule.zh and rule.en
    named_in_the_issue = {
        "summary.income_total", "summary.balance", "rollup.class_equals_sum_of_kuan", "row.total_equals_components",
        "cross.t1_income_equals_t2_total", "economic.personnel_equals_301_303", "three_public.total",
        "performance.total_weight", "performance.fund_execution_rate", "performance.fund_score",
        "performance.indicator_score", "performance.funds_total",
    }  # fmt: skip
    assert named_in_the_issue <= set(RULES)


def test_docs_checks_md_is_generated_from_the_rules() -> None:
    assert (ROOT / "docs" / "checks.md").read_text(encoding="utf-8") == catalogue_markdown()


def test_cli_prints_failures_first_with_their_sources(seed) -> None:
    result = runner.invoke(app, ["check", str(seed("001"))])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[0] == "FAIL (material)  performance.total_score"
    assert "  expected 97   found 98" in lines
    assert any(line.startswith("  L131") and "【9】" in line for line in lines)
    assert lines[-1].startswith("30 checks: ") and "2 failed (2 material, 0 rounding)" in lines[-1]


def test_cli_exit_status_is_0_without_material_failures(seed) -> None:
    result = runner.invoke(app, ["check", str(EXAMPLES / "space_aligned_budget.txt")])
    assert result.exit_code == 0 and result.output.strip().endswith("0 failed (0 material, 0 rounding)")


def test_extract_stores_the_checks() -> None:
    document = load_document(EXAMPLES / "pipe_and_html_tables.md")
    result = mbnlp.extract(document)
    assert result.checks == check_document(document) and result.checks
    assert json.loads(result.to_json())["checks"][0]["rule"] in RULES

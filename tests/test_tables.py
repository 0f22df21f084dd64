"""Tables: grids → structured tables → SPEC §2 records.

Unit tests build small grids by hand; document tests assert facts read in the seeds
(through the ``seed`` fixture) and in the project's own examples (docs/examples.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mbnlp.loading import load_document
from mbnlp.records.models import Account, Indicator
from mbnlp.tables import ReconstructedTable, TableRecords, reconstruct, table_records
from mbnlp.tables.align import account_fit, aligned_cells, carry_down, place
from mbnlp.tables.anchoring import anchored_paths
from mbnlp.tables.cells import cell_kind, is_total_label, plain_name
from mbnlp.tables.codes import flag_codes
from mbnlp.tables.finding import read_heading
from mbnlp.tables.grid import Cell, Row
from mbnlp.tables.header import column_numbers, displaced_total, is_numbering_row, label_paths, split_header
from mbnlp.tables.performance import indicator_fit, indicator_kind
from mbnlp.tables.rows import canonical_item
from mbnlp.tables.sections import performance_parts
from mbnlp.tables.statements import statement_rows

EXAMPLES = Path(__file__).parents[1] / "examples"


def row(*texts: str, at: int = 0) -> Row:
    """A hand-made row; cell ``i`` sits at offsets ``at + 10 i``."""
    cells = [Cell(text, at + 10 * i, at + 10 * i + len(text)) for i, text in enumerate(texts)]
    return Row(cells, at, at + 10 * len(texts))


def rows(*lines: tuple[str, ...]) -> list[Row]:
    return [row(*line, at=1000 * number) for number, line in enumerate(lines)]


Loaded = tuple[list[ReconstructedTable], TableRecords]


def load(path: Path) -> Loaded:
    tables = reconstruct(load_document(path))
    return tables, table_records(tables)


def only(items: list, **fields) -> object:
    found = [item for item in items if all(getattr(item, key) == value for key, value in fields.items())]
    assert len(found) == 1, f"{len(found)} records match {fields}"
    return found[0]


def accounts_of(loaded: Loaded, table: ReconstructedTable) -> list[Account]:
    return [record for record in loaded[1].accounts if record.table == table.id]


def indicators_of(loaded: Loaded, table: ReconstructedTable) -> list[Indicator]:
    return [record for record in loaded[1].indicators if record.table == table.id]


def labelled(loaded: Loaded, label: str) -> ReconstructedTable:
    return only(loaded[0], label=label)


def total_row(table: ReconstructedTable) -> list[str]:
    totals = [r for r in table.rows if r.total]
    assert len(totals) == 1
    return totals[0].texts


# --- cells, header, alignment ---------------------------------------------------------


def test_cell_kinds() -> None:
    assert [cell_kind(text) for text in ("2101501", "4,593,144.30", "——", "≥284970人", "10分", "大于等于")] == [
        "code",
        "amount",
        "null",
        "quantity",
        "points",
        "operator",
    ]
    assert [cell_kind(text) for text in ("正向", "%", "万份", "产出指标(50分)", "行政运行", "")] == [
        "nature",
        "unit",
        "unit",
        "level",
        "text",
        "empty",
    ]
    assert [
        indicator_kind(text) for text in ("产出指标", "时效指标", "社会效益", "服务对象满意度指标", "资金管理")
    ] == [
        "upper",
        "lower",
        "lower",
        "lower",
        "text",
    ]


def test_names_and_totals() -> None:
    assert plain_name("（一）支出合计") == "支出合计"
    assert plain_name("其中：当年财政拨款") == "当年财政拨款"
    assert plain_name("八、社会保障和就业支出") == "社会保障和就业支出"
    assert plain_name("卫生健康支出（类）") == "卫生健康支出"
    assert plain_name("合    计") == "合计"
    assert all(map(is_total_label, ["合计", "总计", "本年收入合计", "人员经费合计", "（一）支出合计", "总分"]))
    assert not is_total_label("合计数说明")


def test_numbering_rows_are_recognised() -> None:
    assert is_numbering_row(["栏次", "", "1", "栏次", "", "2"])
    assert is_numbering_row(["类", "款", "项", "1", "2", "3", "4"])
    assert is_numbering_row(["栏 次", "", "", ""])
    assert is_numbering_row(["1", "2", "3", "4"])
    assert not is_numbering_row(["1", "科左中旗医疗保障局", "财政拨款的行政单位"])
    assert not is_numbering_row(["2", "5"])


def test_multi_row_header_is_merged_per_column() -> None:
    grid = rows(
        ("项目", "", "本年支出", "", ""),
        ("科目代码", "科目名称", "小计", "基本支出", "项目支出"),
        ("栏次", "", "1", "2", "3"),
        ("合计", "", "11,208.44", "569.54", "10,638.90"),
        ("210", "卫生健康支出", "11,208.44", "569.54", "10,638.90"),
    )
    header, data = split_header(grid)
    assert len(header) == 2 and len(data) == 2
    assert label_paths(header, 5)[2:] == [["本年支出", "小计"], ["本年支出", "基本支出"], ["本年支出", "项目支出"]]
    columns, aligned = statement_rows(header, data, 5)
    assert [column.label for column in columns] == [
        "科目代码",
        "科目名称",
        "本年支出/小计",
        "本年支出/基本支出",
        "本年支出/项目支出",
    ]
    assert [column.role for column in columns] == ["code", "name", "value", "value", "value"]
    assert aligned[0].total and not aligned[1].total


def test_rowspan_copies_collapse_and_spanned_labels_fill_right() -> None:
    header = rows(
        ("预算数", "预算数", "预算数", "决算数"),
        ("合计", "公务用车购置及运行维护费", "", "合计"),
        ("合计", "小计", "公务用车购置费", "合计"),
    )
    assert label_paths(header, 4) == [
        ["预算数", "合计"],
        ["预算数", "公务用车购置及运行维护费", "小计"],
        ["预算数", "公务用车购置及运行维护费", "公务用车购置费"],
        ["决算数", "合计"],
    ]


def test_wrapped_labels_join_and_list_markers_go() -> None:
    header = rows(
        ("一、人员经费", "", "", "合计", "一般公共预算", "公务用车购置及运行维护费", ""),
        ("科目编码", "科目名称", "预算数", "", "拨款收入", "小计", "运行维护费"),
    )
    assert label_paths(header, 7) == [
        ["人员经费", "科目编码"],
        ["人员经费", "科目名称"],
        ["人员经费", "预算数"],
        ["合计"],
        ["一般公共预算拨款收入"],  # one word printed over two lines
        ["公务用车购置及运行维护费", "小计"],  # a parent spans several columns
        ["公务用车购置及运行维护费", "运行维护费"],
    ]


# A header whose lower rows lost their cells but kept their order: 人员经费 and 项目支出
# land right of their columns, 项目支出 past the last numbered column, and 基本支出 one
# cell left of the 小计 it stands over.
SHIFTED_HEADER = (
    ("科目编码", "科目名称", "本年收入", "", "本年支出", "", "", "", ""),
    ("", "", "", "", "基本支出", "", "项目支出", "", ""),
    ("", "", "合计", "财政拨款", "合计", "小计", "", "人员经费", "项目支出"),
    ("栏次", "", "1", "2", "3", "4", "5", "6", ""),
    ("", "合计", "10.00", "10.00", "10.00", "8.00", "8.00", "2.00", ""),
    ("201", "一般公共服务支出", "10.00", "10.00", "10.00", "8.00", "8.00", "2.00", ""),
)


def test_a_header_out_of_step_with_its_numbered_columns_is_read_again_by_order() -> None:
    grid = rows(*SHIFTED_HEADER)
    header, data = split_header(grid)
    assert column_numbers(grid) == [2, 3, 4, 5, 6, 7]
    assert label_paths(header, 9)[8] == ["本年支出", "项目支出"]  # as printed: over an empty, unnumbered column
    assert anchored_paths(header, data, column_numbers(grid), 9)[2:] == [
        ["本年收入", "合计"],
        ["本年收入", "财政拨款"],
        ["本年支出", "合计"],
        ["本年支出", "基本支出", "小计"],
        ["本年支出", "基本支出", "人员经费"],
        ["本年支出", "项目支出"],
        [],
    ]
    columns, _ = statement_rows(header, data, 9, column_numbers(grid))
    assert [column.label for column in columns][6:8] == ["本年支出/基本支出/人员经费", "本年支出/项目支出"]
    ordinary = rows(("科目编码", "科目名称", "本年支出", ""), ("", "", "合计", "基本支出"))
    assert anchored_paths(ordinary, [], [2, 3], 4) == label_paths(ordinary, 4)


def test_a_total_printed_on_the_numbering_line_names_the_first_row() -> None:
    grid = rows(
        ("科目编码", "", "本年收入合计", "财政拨款收入"),
        ("类", "款", "栏次", "合计"),
        ("", "", "1", "2"),
        ("", "", "15.00", "15.00"),
        ("201", "", "5.00", "5.00"),
        ("208", "", "10.00", "10.00"),
    )
    header, data = split_header(grid)
    header, total = displaced_total(header)
    assert total is not None and total.text == "合计" and "合计" not in header[1].texts
    columns, aligned = statement_rows(header, data, 4, column_numbers(grid), total)
    assert aligned[0].total and aligned[0].cells[0] is total
    table = ReconstructedTable("t1", "account_detail", None, None, "元", 0, 1, columns, aligned)
    first = table_records([table]).accounts[0]
    assert (first.code, first.name, first.column, first.value) == (None, "合计", "本年收入合计", "15.00")


def test_a_code_that_does_not_fit_its_name_gets_the_nearest_code_of_that_name() -> None:
    grid = rows(
        ("科目编码", "科目名称", "决算数"),
        ("30919", "其他交通工具购置", "1.00"),
        ("20921", "文物和陈列品购置", "2.00"),  # a 309xx row printed as 20921
        ("30922", "无形资产购置", "3.00"),
        ("30212", "因公出国(境) 费用", "4.00"),  # the official name, printed with other brackets
        ("30299", "办公杂项", "5.00"),  # a name the classification does not know
    )
    header, data = split_header(grid)
    columns, aligned = statement_rows(header, data, 3)
    table = ReconstructedTable("t1", "economic_detail", None, None, "元", 0, 1, columns, aligned)
    flag_codes(table)
    records = table_records([table]).accounts
    assert [(record.code, record.suggested_code) for record in records] == [
        ("30919", None),
        ("20921", "30921"),
        ("30922", None),
        ("30212", None),
        ("30299", None),
    ]
    assert len(table.notes) == 1 and "20921" in table.notes[0] and "30921" in table.notes[0]


def test_a_shifted_row_is_placed_by_cell_kinds() -> None:
    roles = ["code", "name", "value", "value"]
    shifted = row("", "201", "一般公共服务支出", "3,668.00")
    assert [cell.text for cell in aligned_cells(shifted, roles, account_fit)] == [
        "201",
        "一般公共服务支出",
        "3,668.00",
        "",
    ]
    fitting = row("208", "社会保障和就业支出", "", "12.00")
    assert [cell.text for cell in aligned_cells(fitting, roles, account_fit)] == fitting.texts


def test_an_indicator_row_missing_its_first_cell_moves_right() -> None:
    roles = ["level1", "level2", "level3", "nature", "target", "unit", "actual", "weight", "score", "deviation"]
    printed = row("时效指标", "医保经办服务能力", "=", "有所提升", "%", "有所提升", "10", "10.00")
    placed = aligned_cells(printed, roles, indicator_fit, indicator_kind)
    assert [cell.text for cell in placed][:4] == ["", "时效指标", "医保经办服务能力", "="]
    kinds = [indicator_kind(cell.text) for cell in printed.cells]
    assert sorted(place(printed.cells, kinds, roles, indicator_fit)) == list(range(1, 9))


def test_merged_levels_are_carried_down_within_their_parent() -> None:
    table = [[Cell(text, 0, len(text)) for text in line] for line in (["产出", "数量"], ["", ""], ["效益", ""])]
    carry_down(table, [0, 1])
    assert [[cell.text for cell in line] for line in table] == [["产出", "数量"], ["产出", "数量"], ["效益", ""]]
    assert table[1][0].spanned and not table[0][0].spanned


def test_side_by_side_blocks_and_an_amount_printed_in_the_next_block() -> None:
    grid = rows(
        ("人员经费", "", "", "公用经费", "", "", "", "", ""),
        ("科目编码", "科目名称", "决算数", "科目编码", "科目名称", "决算数", "科目编码", "科目名称", "决算数"),
        ("301", "工资福利支出", "497.57", "302", "商品和服务支出", "19.74", "310", "资本性支出", "3.50"),
        ("人员经费合计", "", "546.30", "公用经费合计", "", "", "", "", "23.24"),
    )
    header, data = split_header(grid)
    columns, aligned = statement_rows(header, data, 9)
    assert [column.group for column in columns] == [0, 0, 0, 1, 1, 1, 2, 2, 2]
    assert columns[5].label == "公用经费/决算数"
    assert aligned[1].texts == ["", "人员经费合计", "546.30", "", "公用经费合计", "23.24", "", "", ""]


def test_two_sided_summary_has_sides_and_no_line_numbers() -> None:
    grid = rows(
        ("收 入", "", "", "支 出", "", ""),
        ("项目", "行次", "金额", "项目", "行次", "金额"),
        ("栏次", "", "1", "栏次", "", "2"),
        ("一、一般公共预算财政拨款收入", "1", "4,593,144.30", "一、一般公共服务支出", "31", "3,668.00"),
        ("", "9", "", "九、卫生健康支出", "39", "3,875,345.21"),
        ("", "30", "", "", "61", ""),
        ("本年收入合计", "27", "4,593,144.30", "本年支出合计", "57", "4,593,144.30"),
    )
    header, data = split_header(grid)
    columns, aligned = statement_rows(header, data, 6)
    assert [(column.label, column.side) for column in columns] == [
        ("收入/项目", "income"),
        ("收入/金额", "income"),
        ("支出/项目", "expenditure"),
        ("支出/金额", "expenditure"),
    ]
    assert len(aligned) == 3 and aligned[-1].total


def test_codeless_copies_are_dropped_and_an_unlabelled_first_row_is_the_total() -> None:
    grid = rows(
        ("科目编码", "本年收入合计"),
        ("", "15.00"),
        ("201", "5.00"),
        ("", "5.00"),
        ("20136", "5.00"),
        ("208", "10.00"),
    )
    header, data = split_header(grid)
    _, aligned = statement_rows(header, data, 2)
    assert [r.texts for r in aligned] == [["", "15.00"], ["201", "5.00"], ["20136", "5.00"], ["208", "10.00"]]
    assert [r.total for r in aligned] == [True, False, False, False]


def test_codes_printed_in_separate_class_columns_are_joined() -> None:
    grid = rows(
        ("类", "款", "项", "科目名称", "决算数"),
        ("210", "", "", "卫生健康支出", "10.00"),
        ("", "15", "", "医疗保障管理事务", "10.00"),
        ("", "", "01", "行政运行", "10.00"),
    )
    header, data = split_header(grid)
    columns, aligned = statement_rows(header, data, 5)
    table = ReconstructedTable("t1", "account_detail", None, None, "元", 0, 1, columns, aligned)
    records = table_records([table]).accounts
    assert [(r.code, r.level, r.name) for r in records] == [
        ("210", "类", "卫生健康支出"),
        ("21015", "款", "医疗保障管理事务"),
        ("2101501", "项", "行政运行"),
    ]


def test_performance_sections() -> None:
    grid = rows(
        ("项目名称", "城乡医疗救助资金"),
        ("主管部门", "某县医疗保障局", "实施单位", "某县医疗保障局"),
        ("项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率（%）", "得分"),
        ("", "年度资金总额", "520.00", "586.00", "571.35", "10", "97.50", "9.75"),
        ("", "其中：财政拨款", "520.00", "560.00", "545.35", "——", "97.38", "——"),
        ("年度总体目标", "预期目标", "实际完成情况"),
        ("绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"),
        ("绩效指标", "产出指标", "数量指标", "救助人次", "≥12000", "11280", "8", "7.52"),
        ("总分", "100", "99.27"),
        ("偏差大或目标未完成原因分析", "无"),
    )
    parts = performance_parts(grid)
    assert parts is not None
    assert (parts.context.project, parts.context.department) == ("城乡医疗救助资金", "某县医疗保障局")
    assert [r.texts[1] for r in parts.funds.rows] == ["年度资金总额", "其中：财政拨款"]
    assert parts.indicators.rows[-1].texts[0] == "总分" and len(parts.indicators.rows) == 2
    assert parts.others == []
    assert performance_parts(rows(("项目", "行次", "预算数", "全年预算数", "决算统计数"))) is None


def test_fund_items_are_canonical() -> None:
    assert canonical_item("其中：当年财政拨款") == "财政拨款"
    assert canonical_item("年度财政资金总额") == "年度资金总额"
    assert canonical_item("部门整体支出总额") == "年度资金总额"
    assert canonical_item("上年结转资金") == "上年结转资金"


def test_heading_lines() -> None:
    heading = read_heading(["一般公共预算财政拨款基本支出决算明细表", "公开 06", "表", "单位：万", "元"])
    assert (heading.title, heading.label, heading.unit) == (
        "一般公共预算财政拨款基本支出决算明细表",
        "公开06表",
        "万元",
    )
    heading = read_heading(["表1                               收支预算总表", "部门：某县卫生健康局    金额单位：万元"])
    assert (heading.title, heading.label, heading.unit) == ("收支预算总表", "表1", "万元")
    assert read_heading(["(2022年度）"]).title is None


PAGE_BREAK_LINES = (
    "支出决算表",
    "公开03表",
    "单位：万元",
    "科目编码\t科目名称\t合计\t基本支出\t项目支出",
    "合计\t\t30.00\t20.00\t10.00",
    "208\t社会保障和就业支出\t12.00\t12.00\t",
    "",
    "— 2 —",
    "",
    "科目编码\t科目名称\t合计\t基本支出\t项目支出",
    "210\t卫生健康支出\t18.00\t8.00\t10.00",
    "",
    "注：本表反映部门本年度各项支出情况。",
    "",
    "一般公共预算财政拨款基本支出决算表",
    "公开06表",
    "科目编码\t科目名称\t决算数",
    "301\t工资福利支出\t20.00",
    "302\t商品和服务支出\t10.00",
)


def test_a_table_continued_after_a_page_break_is_one_table() -> None:
    text = "\n".join(PAGE_BREAK_LINES)
    tables = reconstruct(load_document(text.encode("utf-8")))
    assert [(t.label, t.kind, len(t.rows)) for t in tables] == [
        ("公开03表", "account_detail", 3),
        ("公开06表", "economic_detail", 2),
    ]
    assert tables[0].rows[-1].texts[:2] == ["210", "卫生健康支出"]
    assert tables[1].unit == "万元"  # no unit declared: the document's default


def test_a_new_unit_line_starts_a_new_table() -> None:
    lines = [*PAGE_BREAK_LINES[:6], "", "单位：元", "", "项目\t预算数\t决算数", "合计\t5.00\t3.38"]
    tables = reconstruct(load_document("\n".join(lines).encode("utf-8")))
    assert [(t.label, t.unit, len(t.rows)) for t in tables] == [("公开03表", "万元", 2), (None, "元", 1)]


# --- the seeds ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds(seed) -> dict[str, Loaded]:
    return {prefix: load(seed(prefix)) for prefix in ("000", "001", "002", "003", "004")}


def test_seed_000_performance_tables(seeds) -> None:
    loaded = seeds["000"]
    tables, records = loaded
    assert [t.kind for t in tables] == ["other"] + ["project_funds", "performance_indicators"] * 3
    assert [t.id for t in tables] == [f"t{n}" for n in range(1, 8)]
    funds, indicators = tables[1], tables[2]
    assert funds.context == indicators.context and funds.context.project == "城乡居民医疗救助"
    assert indicators.title == "项目支出绩效自评表"
    rescue = indicators_of(loaded, indicators)
    assert len(rescue) == 12
    share = only(rescue, level3="重特大疾病医疗救助人次占直接救助人次比重")
    assert (share.level1, share.level2, share.nature, share.operator) == ("产出指标", "数量指标", "正向", ">=")
    assert (share.target, share.actual, share.unit, share.weight, share.score) == ("28", "28", "%", "8", "8")
    assert total_row(indicators)[-3:-1] == ["100", "99.68"]
    qualitative = only(rescue, level3="避免困难群众因病返贫")
    assert (qualitative.nature, qualitative.operator, qualitative.target, qualitative.unit) == (
        "定性",
        None,
        "显著提升",
        None,
    )
    total = only(records.funds, table=funds.id, item="年度资金总额")
    assert (total.initial_budget, total.full_year_budget, total.executed) == ("468.00", "468.00", "468.00")
    assert (total.weight, total.execution_rate, total.score, total.unit) == ("10", "100.00", "10", "万元")
    assert only(records.funds, table=funds.id, item="财政拨款").weight is None  # printed ——
    third = only(records.funds, table=tables[5].id, item="年度资金总额")
    assert (third.executed, third.execution_rate, third.score) == ("5.82", "89.54", "8.95")
    assert len(indicators_of(loaded, tables[6])) == 24
    assert only(indicators_of(loaded, tables[6]), level3="下乡稽核人数（人）").unit == "人"
    assert not records.accounts


def test_seed_001_indicators_with_glued_operators(seeds) -> None:
    loaded = seeds["001"]
    tables, records = loaded
    assert [t.kind for t in tables] == ["project_funds", "performance_indicators"]
    assert tables[0].context.project == "城乡居民医疗保险代办" and tables[0].title == "2022年度部门整体支出绩效自评表"
    indicators = indicators_of(loaded, tables[1])
    assert len(indicators) == 15
    people = only(indicators, level3="居民医保资金筹资人数")
    assert (people.operator, people.target, people.unit, people.weight, people.score) == (
        ">=",
        "284970",
        "人",
        "7",
        "7",
    )
    assert (people.level1, people.nature) == ("产出指标", None)  # 产出指标 (50分): group weight dropped
    assert only(indicators, level3="各级财政补助资金到位率").deviation == "存在指标缓慢"
    satisfied = only(indicators, level3="工作满意度")
    assert (satisfied.level1, satisfied.level2, satisfied.actual) == ("效益指标", "服务对象满意度指标", "95.5")
    assert total_row(tables[1])[-3:-1] == ["100分", "98"]
    total = only(records.funds, item="年度资金总额")
    assert (total.executed, total.weight, total.execution_rate, total.score) == ("87.7", "10", "72.3", "9")
    assert only(records.funds, item="财政拨款").executed is None


def test_seed_002_statement_tables(seeds) -> None:
    loaded = seeds["002"]
    tables, records = loaded
    assert [t.kind for t in tables[9:]] == ["project_funds", "performance_indicators"] * 3
    kinds = {t.label: t.kind for t in tables if t.label}
    assert kinds == {
        "公开01表": "income_expenditure_summary",
        "公开02表": "account_detail",
        "公开03表": "account_detail",
        "公开04表": "income_expenditure_summary",
        "公开05表": "account_detail",
        "公开06表": "economic_detail",
        "公开07表": "account_detail",
        "公开08表": "account_detail",
        "公开09表": "three_public",
    }
    expenditure = labelled(loaded, "公开03表")
    running = only(accounts_of(loaded, expenditure), code="2101550", column="基本支出")
    assert (running.name, running.level, running.value, running.unit) == ("事业运行", "项", "590.11", "万元")
    basic = labelled(loaded, "公开05表")
    assert basic.header[2:] == ["本年支出/小计", "本年支出/基本支出", "本年支出/项目支出"]
    summary = accounts_of(loaded, labelled(loaded, "公开01表"))
    assert only(summary, name="本年收入合计").side == "income"
    assert only(summary, name="卫生健康支出").value == "11229.01"
    assert len(summary) == 42
    economic = accounts_of(loaded, labelled(loaded, "公开06表"))
    assert only(economic, name="公用经费合计").value == "23.24"  # printed in the next block
    assert only(economic, code="30113").value == "91.31"
    assert not accounts_of(loaded, labelled(loaded, "公开07表"))
    three = accounts_of(loaded, labelled(loaded, "公开09表"))
    assert only(three, column="决算数/公务用车购置及运行维护费/公务用车运行维护费").value == "1.57"
    assert all(record.name is None for record in three)
    workers = only(records.indicators, level3="城乡居民参加基本医疗保险人数")
    assert (workers.operator, workers.target, workers.unit, workers.actual) == (">=", "34", "万人", "344683")
    assert len(records.indicators) == 22
    assert [f.weight for f in records.funds] == ["20", "20", "20"]  # printed in the block label (20分)


def test_seed_003_shifted_and_codeless_tables(seeds) -> None:
    loaded = seeds["003"]
    tables, records = loaded
    assert [t.kind for t in tables] == [
        "income_expenditure_summary",  # 公开01
        "account_detail",  # 公开02
        "account_detail",  # 公开03
        "income_expenditure_summary",  # 公开04
        "account_detail",  # 公开05
        "economic_detail",  # 公开06
        "economic_detail",  # 公开07
        "three_public",  # 公开10
        "other",  # 公开11 国有资产
        "other",  # 公开12 text
        "other",  # 部门整体支出绩效自评表: 重点工作任务 amounts
        "performance_indicators",  # … its 绩效指标
        "project_funds",
        "performance_indicators",
        "project_funds",  # 公开14.2
        "performance_indicators",
    ]
    summary = labelled(loaded, "公开01表")
    assert summary.unit == "元" and summary.kind == "income_expenditure_summary"
    income = only(accounts_of(loaded, summary), name="本年收入合计")
    assert (income.side, income.value, income.column) == ("income", "4593144.30", "收入/金额")
    revenue = labelled(loaded, "公开02表")
    revenue_accounts = accounts_of(loaded, revenue)
    assert len(revenue_accounts) == 40  # 20 rows × 2 columns; the code-less copies give none
    policy = only(revenue_accounts, code="2101505", column="本年收入合计")
    assert (policy.name, policy.value) == ("医疗保障政策管理", "83530.34")
    assert revenue.rows[0].total
    total = only(revenue_accounts, column="本年收入合计", code=None)
    assert (total.name, total.value) == ("合计", "4593144.30")  # 合计 printed on the 类 款 项 栏次 line
    assert revenue.header[3:9] == [
        "本年收入合计",
        "财政拨款收入",
        "上级补助收入",
        "事业收入/小计",
        "事业收入/其中：教育收费",
        "经营收入",
    ]
    grants = labelled(loaded, "公开05表")  # its 5-line header is shifted against the 栏次 row and the data
    assert grants.header[3:14] == [
        "年初结转和结余/合计",
        "年初结转和结余/基本支出结转",
        "年初结转和结余/项目支出结转和结余",
        "本年收入/合计",
        "本年收入/基本支出",
        "本年收入/项目支出",
        "本年支出/合计",
        "本年支出/基本支出/小计",
        "本年支出/基本支出/人员经费",
        "本年支出/基本支出/公用经费",
        "本年支出/项目支出",
    ]
    grant_accounts = accounts_of(loaded, grants)
    assert only(grant_accounts, code=None, column="本年支出/基本支出/公用经费").value == "453189.96"
    assert only(grant_accounts, code=None, column="本年支出/项目支出").name is None  # the total row prints no label
    running = only(grant_accounts, code="2101501", column="本年支出/基本支出/人员经费")
    assert (running.name, running.value) == ("行政运行", "3047333.58")
    basic = labelled(loaded, "公开06表")
    assert basic.kind == "economic_detail"
    housing = only(accounts_of(loaded, basic), code="30113")
    assert (housing.name, housing.value, housing.unit, housing.level) == ("住房公积金", "302586.00", "元", "款")
    assert only(accounts_of(loaded, basic), name="公用经费合计").value == "453189.96"
    projects = labelled(loaded, "公开07表")
    assert only(accounts_of(loaded, projects), name="公用经费合计").value == "89698.34"
    relics = projects.rows[10]  # 30112 … | 30211 差旅费 | 20921 文物和陈列品购置 | 31302 …
    assert relics.texts[6:8] == ["20921", "文物和陈列品购置"] and relics.suggested_codes == {2: "30921"}
    assert [note for note in projects.notes if "20921" in note] == [
        "code 20921 does not fit its name 文物和陈列品购置: the classification gives 30921"
    ]
    assert not any(record.suggested_code for record in records.accounts)  # the 20921 row holds no amount
    three = accounts_of(loaded, labelled(loaded, "公开10表"))
    cars = only(three, name="公务用车保有量（辆）")
    assert (cars.value, cars.unit) == ("1", "辆")
    assert labelled(loaded, "公开11表").kind == "other"
    timely = only(records.indicators, level3="医保经办服务能力")
    assert (timely.level1, timely.level2, timely.operator, timely.weight) == ("产出指标", "时效指标", "=", "10")
    whole = [r for r in records.indicators if r.project is None]
    assert len(whole) == 12 and all(r.nature is None for r in whole)
    assert only(whole, level3="服务对象满意度").level2 == "社会效益指标"
    tasks = [t for t in tables if t.title == "2022年度部门整体支出绩效自评表" and t.kind == "other"]
    rescue = only(accounts_of(loaded, tasks[0]), name="城乡医疗救助", column="实际支出金额（万元）")
    assert (rescue.value, rescue.unit) == ("420.00", "万元")
    assert [f.item for f in records.funds] == ["年度资金总额", "财政拨款", "上年结转资金", "其他资金"] * 2
    assert total_row(tables[13])[-3:-1] == ["100", "94.70"]


def test_seed_004_text_table(seeds) -> None:
    tables, records = seeds["004"]
    assert [(t.kind, t.title) for t in tables] == [("other", "部门整体绩效目标设立情况")]
    assert not (records.accounts or records.indicators or records.funds)


def test_records_point_into_the_seed(seeds, seed) -> None:
    text = load_document(seed("003")).text
    tables, records = seeds["003"]
    for record in records.accounts:
        assert text[record.start : record.end].replace(",", "").rstrip("%") == record.value
    assert all(t.start < t.end for t in tables)
    assert [t.id for t in records.tables] == [t.id for t in tables]


# --- the examples ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def examples() -> dict[str, Loaded]:
    return {path.name: load(path) for path in sorted(EXAMPLES.iterdir())}


def test_every_example_table_kind(examples) -> None:
    kinds = {name: [t.kind for t in tables] for name, (tables, _) in examples.items()}
    assert kinds == {
        "cell_per_line_no_blank_lines.txt": [
            "income_expenditure_summary",
            "account_detail",
            "economic_detail",
            "three_public",
        ],
        "cell_per_line_performance.txt": ["project_funds", "performance_indicators"],
        "narrative_final_accounts_yuan.txt": [],
        "pipe_and_html_tables.md": ["income_expenditure_summary", "account_detail", "economic_detail", "three_public"],
        "space_aligned_budget.txt": [
            "income_expenditure_summary",
            "account_detail",
            "account_detail",
            "economic_detail",
            "three_public",
        ],
        "tab_tables_final_accounts.txt": [
            "income_expenditure_summary",
            "account_detail",
            "account_detail",
            "income_expenditure_summary",
            "account_detail",
            "economic_detail",
            "account_detail",
            "account_detail",
            "three_public",
        ],
    }


def test_example_tab_tables(examples) -> None:
    loaded = examples["tab_tables_final_accounts.txt"]
    counts = [len(accounts_of(loaded, t)) for t in loaded[0]]
    assert counts == [42, 34, 33, 19, 33, 34, 0, 0, 12]
    summary = accounts_of(loaded, labelled(loaded, "公开01表"))
    assert only(summary, name="本年收入合计").value == "2343.53"
    assert only(summary, name="本年支出合计", side="expenditure").value == "2354.71"
    assert [r.value for r in summary if r.name == "总计"] == ["2364.58", "2364.58"]
    spending = labelled(loaded, "公开03表")
    assert spending.header[2:5] == ["本年支出/合计", "本年支出/基本支出", "本年支出/项目支出"]
    assert labelled(loaded, "公开02表").unit == "万元"  # from the 编制单位 … 单位：万元 row
    economic = accounts_of(loaded, labelled(loaded, "公开06表"))
    assert only(economic, name="公用经费合计").value == "93.11"
    assert only(economic, code="30231").column == "公用经费/决算数"
    grants = accounts_of(loaded, labelled(loaded, "公开04表"))
    assert only(grants, name="卫生健康支出", column="支出/一般公共预算财政拨款").value == "2245.39"
    three = accounts_of(loaded, labelled(loaded, "公开09表"))
    assert only(three, name="合计", column="决算数").value == "3.38"
    assert only(three, name="公务用车运行维护费", column="预算数").value == "4.00"  # printed （2）公务用车运行维护费


def test_example_tab_tables_by_kind(examples) -> None:
    loaded = examples["tab_tables_final_accounts.txt"]
    summary = accounts_of(loaded, labelled(loaded, "公开01表"))  # two-sided, with 行次 and 栏次
    other = only(summary, name="其他收入")
    assert (other.side, other.column, other.value, other.code, other.level) == (
        "income",
        "收入/金额",
        "3.46",
        None,
        None,
    )
    health = only(summary, name="卫生健康支出")  # its income half is empty (行次 9 only)
    assert (health.side, health.column, health.value) == ("expenditure", "支出/金额", "2248.85")
    assert only(summary, name="年末结转和结余").side == "expenditure"
    revenue = accounts_of(loaded, labelled(loaded, "公开02表"))
    assert only(revenue, code="2101550", column="其他收入").value == "3.46"
    assert only(revenue, name="合计", column="本年收入合计").code is None
    spending = accounts_of(loaded, labelled(loaded, "公开03表"))
    assert only(spending, code="2101506", column="本年支出/项目支出").value == "186.50"
    grants = accounts_of(loaded, labelled(loaded, "公开04表"))
    carried = only(grants, name="年初财政拨款结转和结余")
    assert (carried.side, carried.column, carried.value) == ("income", "收入/金额", "21.05")
    general = accounts_of(loaded, labelled(loaded, "公开05表"))
    assert only(general, code="2101550", column="本年支出/基本支出").value == "608.91"
    economic = labelled(loaded, "公开06表")  # three code/name/amount blocks side by side
    assert [column.group for column in economic.columns] == [0, 0, 0, 1, 1, 1, 2, 2, 2]
    items = accounts_of(loaded, economic)
    wages = only(items, code="30101")
    assert (wages.name, wages.level, wages.column, wages.value) == ("基本工资", "款", "人员经费/决算数", "198.36")
    assert only(items, code="30239").value == "9.84"  # its row leaves the first block empty
    assert only(items, code="31002").column == "公用经费/决算数"  # third block, still under 公用经费
    assert only(items, name="人员经费合计").value == "645.84"
    for label in ("公开07表", "公开08表"):  # empty tables: a 合计 row and no amounts
        empty = labelled(loaded, label)
        assert empty.kind == "account_detail" and empty.rows[0].total and not accounts_of(loaded, empty)


def test_example_performance_table(examples) -> None:
    loaded = examples["cell_per_line_performance.txt"]
    tables, records = loaded
    indicators = records.indicators
    assert len(indicators) == 12
    missed = only(indicators, level3="医疗救助人次")
    assert (missed.level1, missed.level2, missed.operator, missed.target, missed.actual) == (
        "产出指标",
        "数量指标",
        ">=",
        "12000",
        "11280",
    )
    assert (missed.unit, missed.weight, missed.score) == ("人次", "8", "7.52") and missed.deviation
    reverse = only(indicators, level3="救助申请审核办结时限")
    assert (reverse.nature, reverse.operator, reverse.target, reverse.unit) == ("反向", "<=", "15", "天")
    assert only(indicators, level3="救助资金发放准确率").operator == "="
    assert sum(float(i.weight) for i in indicators) == 90
    assert total_row(tables[1])[:3] == ["总分", "", ""] and "99.27" in total_row(tables[1])
    total = only(records.funds, item="年度资金总额")
    assert (total.initial_budget, total.full_year_budget, total.executed) == ("520.00", "586.00", "571.35")
    assert (total.weight, total.execution_rate, total.score) == ("10", "97.50", "9.75")
    assert only(records.funds, item="上年结转资金").full_year_budget == "26.00"
    grants = only(records.funds, item="财政拨款")  # printed 其中：财政拨款
    assert (grants.executed, grants.execution_rate, grants.weight, grants.score) == ("545.35", "97.38", None, None)
    assert {(f.project, f.unit) for f in records.funds} == {("城乡医疗救助资金", "万元")}
    assert missed.deviation.startswith("受大病保险起付线下调影响") and missed.nature == "正向"
    assert only(indicators, level3="重点救助对象政策范围内住院自付费用救助比例").operator == ">="  # 大于等于70
    cost = only(indicators, level3="资助参保人均补助标准")
    assert (cost.level2, cost.operator, cost.target, cost.actual, cost.unit) == ("成本指标", "=", "380", "380", "元/人")
    burden = only(indicators, level3="困难群众医疗费用负担")
    assert (burden.level1, burden.level2, burden.nature, burden.operator) == ("效益指标", "社会效益指标", "定性", None)
    assert (burden.target, burden.actual, burden.unit, burden.deviation) == ("有效减轻", "有效减轻", None, None)
    satisfied = only(indicators, level3="定点医疗机构满意度")  # 一级 and 二级 carried down
    assert (satisfied.level1, satisfied.level2, satisfied.actual, satisfied.score) == (
        "满意度指标",
        "服务对象满意度指标",
        "88.2",
        "10",
    )


def test_example_space_aligned_budget(examples) -> None:
    loaded = examples["space_aligned_budget.txt"]
    assert [len(accounts_of(loaded, t)) for t in loaded[0]] == [9, 40, 39, 27, 12]
    summary = accounts_of(loaded, labelled(loaded, "表1"))
    assert only(summary, name="收入总计").value == "2340.11"
    assert only(summary, name="本年支出合计").side == "expenditure"
    spending = accounts_of(loaded, labelled(loaded, "表3"))
    health = only(spending, code="2100408", column="项目支出")  # printed 210 04 08
    assert (health.name, health.value, health.level) == ("基本公共卫生服务", "1286.40", "项")
    economic = accounts_of(loaded, labelled(loaded, "表4"))
    assert only(economic, name="公用经费合计").value == "82.26"
    three = accounts_of(loaded, labelled(loaded, "表5"))
    assert only(three, name="2024年预算数", column="合计").value == "8.00"
    assert only(three, name="2023年预算数", column="因公出国（境）费").value == "0.00"  # 因公出国 / （境）费
    assert only(three, name="2023年预算数", column="公务用车购置及运行维护费/运行维护费").value == "6.50"
    income = only(summary, name="一般公共预算拨款收入")  # both halves of the summary on one line
    assert (income.side, income.column, income.value) == ("income", "预算数", "2298.61")
    health = only(summary, name="卫生健康支出")
    assert (health.side, health.column, health.value) == ("expenditure", "预算数", "2186.27")
    assert only(summary, name="上年结转结余").side == "income"
    assert not [r for r in summary if r.name in ("结转下年", "政府性基金预算拨款收入")]  # printed blank
    revenue = labelled(loaded, "表2")
    assert revenue.header[4:6] == ["一般公共预算拨款收入", "政府性基金预算收入"]  # one word over two lines
    assert only(accounts_of(loaded, revenue), code="2100408", column="上年结转").value == "41.50"
    assert only(economic, code="30231").column == "公用经费/预算数"  # printed 二、公用经费
    assert only(economic, name="人员经费合计").column == "人员经费/预算数"


def test_example_pipe_and_html_tables(examples) -> None:
    loaded = examples["pipe_and_html_tables.md"]
    assert [len(accounts_of(loaded, t)) for t in loaded[0]] == [10, 35, 22, 12]
    summary = accounts_of(loaded, labelled(loaded, "表一"))
    assert only(summary, name="年初结转和结余").value == "12.30"
    spending = labelled(loaded, "表二")
    assert spending.rows[0].total
    assert only(accounts_of(loaded, spending), code="2101502", column="项目支出").value == "18.20"
    assert only(accounts_of(loaded, labelled(loaded, "表三")), name="人员经费合计").value == "346.16"
    three = accounts_of(loaded, labelled(loaded, "表四"))
    assert only(three, column="决算数/公务接待费").value == "0.58"
    assert labelled(loaded, "表四").header[:6] == [  # rowspan and colspan
        "预算数/合计",
        "预算数/因公出国（境）费",
        "预算数/公务用车购置及运行维护费/小计",
        "预算数/公务用车购置及运行维护费/公务用车购置费",
        "预算数/公务用车购置及运行维护费/公务用车运行维护费",
        "预算数/公务接待费",
    ]
    cars = only(three, column="决算数/公务用车购置及运行维护费/公务用车运行维护费")
    assert (cars.name, cars.value, cars.unit) == (None, "2.15", "万元")
    income = only(summary, name="一般公共预算财政拨款收入")  # HTML, colspan 收 入 over 项目 | 行次 | 金额
    assert (income.side, income.column, income.value) == ("income", "收入/金额", "1389.62")
    assert [(r.side, r.value) for r in summary if r.name == "总计"] == [
        ("income", "1401.92"),
        ("expenditure", "1401.92"),
    ]
    total = only(accounts_of(loaded, spending), name="合计", column="合计")  # **合计** in a pipe table
    assert (total.code, total.value) == (None, "1395.10")
    assert only(accounts_of(loaded, spending), code="2101501", column="基本支出").value == "286.74"
    economic = labelled(loaded, "表三")
    assert [r.texts[1] for r in economic.rows if r.total] == ["人员经费合计", "公用经费合计", "基本支出合计"]
    assert only(accounts_of(loaded, economic), code="30231").value == "2.15"


def test_example_cell_lines_without_blank_lines(examples) -> None:
    loaded = examples["cell_per_line_no_blank_lines.txt"]
    assert [len(accounts_of(loaded, t)) for t in loaded[0]] == [12, 35, 26, 12]
    tables = loaded[0]
    spending = accounts_of(loaded, tables[1])
    assert [r.column for r in spending if r.code == "2080102"] == ["本年支出合计", "项目支出"]  # 基本支出 printed —
    economic = accounts_of(loaded, tables[2])
    assert only(economic, code="30231").value == "38762.40"
    assert only(economic, name="人员经费合计").value == "5889276.57"
    assert only(accounts_of(loaded, tables[3]), name="合计", column="决算数").value == "47902.40"
    assert tables[1].rows[0].total and tables[1].rows[0].texts[:2] == ["", "合计"]  # the printed — of an empty code cell
    assert [r.texts[1] for r in tables[2].rows if r.total] == ["人员经费合计", "公用经费合计"]
    summary = accounts_of(loaded, tables[0])
    assert only(summary, name="年末结转和结余").side == "expenditure"
    assert [(r.side, r.value) for r in summary if r.name == "总计"] == [
        ("income", "9305486.62"),
        ("expenditure", "9305486.62"),
    ]
    assert only(spending, code=None, column="本年支出合计").name == "合计"
    assert only(accounts_of(loaded, tables[3]), name="公务用车购置费", column="预算数").value == "0.00"  # 其中：…


def test_table_records_follow_the_contract(examples) -> None:
    tables, records = examples["tab_tables_final_accounts.txt"]
    first = records.tables[0]
    assert (first.id, first.kind, first.title, first.unit) == (
        "t1",
        "income_expenditure_summary",
        "收入支出决算总表",
        "万元",
    )
    assert first.header == tables[0].header
    assert first.rows[0] == ["一、一般公共预算财政拨款收入", "2340.07", "一、一般公共服务支出", "0.00"]
    assert ["", "9"] not in first.rows
    grants = records.tables[1]
    assert grants.rows[0][:4] == [None, "合计", "2343.53", "2340.07"]

"""Table blocks read into grids, for every flattening, checked against the seeds and examples.

Rows asserted here were read off the documents by hand: the seeds through their raw
lines (tabs, blank lines and tags as printed), the examples as written in examples/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mbnlp.loading import Document, load_document
from mbnlp.structure import Block, split_blocks
from mbnlp.tables.grid import Cell, Grid, Row
from mbnlp.tables.layouts import detect_layout, read_grid
from mbnlp.tables.layouts.cell_lines import Placed, merge_split_rows
from mbnlp.tables.layouts.kinds import cell_kind
from mbnlp.tables.layouts.repairs import is_page_number, joined_code
from mbnlp.tables.layouts.widths import infer_row_width, row_width_fits
from mbnlp.tables.layouts.wrapping import continuable_rows, wrap_cell, wrap_column
from mbnlp.tables.render import LAYOUTS, render_grid

EXAMPLES = Path(__file__).parents[1] / "examples"
SEED_PREFIXES = ["000", "001", "002", "003", "004"]


def tables_of(document: Document) -> list[tuple[Block, Grid]]:
    return [(block, read_grid(document, block)) for block in split_blocks(document) if block.kind == "table"]


def grid_after(document: Document, anchor: str, nth: int = 0) -> Grid:
    """The ``nth`` table grid after the first occurrence of ``anchor``."""
    position = document.text.index(anchor)
    return [grid for block, grid in tables_of(document) if block.start > position][nth]


def texts(grid: Grid) -> list[list[str]]:
    return [row.texts for row in grid.rows]


def row_with(grid: Grid, text: str) -> Row:
    """The first row with a cell reading ``text``."""
    return next(row for row in grid.rows if text in row.texts)


def cell_with(grid: Grid, text: str) -> Cell:
    return next(cell for row in grid.rows for cell in row.cells if cell.text == text)


def raw(document: Document, cell: Cell | Row) -> str:
    return document.text[cell.start : cell.end]


def assert_traced(document: Document, grid: Grid) -> None:
    """Every cell's raw span holds the cell's characters, in order, starting and ending
    with them (whitespace aside); an empty cell is a point inside the table."""
    clean = document.clean
    for row in grid.rows:
        assert grid.start <= row.start <= row.end <= grid.end
        for cell in row.cells:
            assert grid.start <= cell.start <= cell.end <= grid.end
            if not cell.text:
                assert cell.start == cell.end
                continue
            source = clean.text[slice(*clean.to_clean(cell.start, cell.end))]
            wanted = "".join(cell.text.split())
            found = iter("".join(source.split()))
            assert all(char in found for char in wanted), (cell, source)
            assert source.strip()[0] == cell.text[0] and source.strip()[-1] == cell.text[-1], (cell, source)


@pytest.fixture(scope="module")
def seeds(seed) -> dict[str, Document]:
    return {prefix: load_document(seed(prefix)) for prefix in SEED_PREFIXES}


def example(name: str) -> Document:
    return load_document(EXAMPLES / name)


# --- every seed and example: offsets ------------------------------------------------


@pytest.mark.parametrize("prefix", SEED_PREFIXES)
def test_every_seed_cell_is_traced_to_its_raw_characters(seeds, prefix: str) -> None:
    grids = tables_of(seeds[prefix])
    assert grids
    for _, grid in grids:
        assert_traced(seeds[prefix], grid)


@pytest.mark.parametrize("name", sorted(path.name for path in EXAMPLES.iterdir()))
def test_every_example_cell_is_traced_to_its_raw_characters(name: str) -> None:
    document = example(name)
    for _, grid in tables_of(document):
        assert_traced(document, grid)


# --- seed 000: one cell per tab-prefixed line, blank line between rows ---------------


def test_seed_000_performance_table(seeds) -> None:
    document = seeds["000"]
    grid = grid_after(document, "项目支出绩效自评表")
    assert grid.layout == "cell_lines" and grid.notes == []
    assert row_with(grid, "年度资金总额").texts == [
        "", "", "年度资金总额", "468.00", "468.00", "", "468.00", "", "10", "100.00", "", "10",
    ]  # fmt: skip
    assert row_with(grid, "一级指标").texts == [
        "绩效指标", "一级指标", "二级指标", "三级指标", "指标性质", "指标方向",
        "年度指标值", "实际完成值", "计量单位", "分值", "得分", "偏差原因分析及改进措施",
    ]  # fmt: skip
    assert row_with(grid, "工作满意度").texts == [
        "绩效指标", "满意度指标", "服务对象满意度", "工作满意度", "正向", "大于等于", "95", "92", "%", "10", "9.68", "",
    ]  # fmt: skip
    assert texts(grid)[-1] == ["总分"] + [""] * 8 + ["100", "99.68", ""]
    assert texts(grid)[0] == ["项目名称", "城乡居民医疗救助"]
    funds = cell_with(grid, "项目资金（万元）")  # an untabbed line after a blank line continues the cell
    assert raw(document, funds) == "项目资金\n\n（万元）"


def test_seed_000_merged_cells_left_empty_stay_empty(seeds) -> None:
    grid = grid_after(seeds["000"], "项目支出绩效自评表", nth=1)
    assert row_with(grid, "重特大疾病医疗救助人次占直接救助人次比重").texts[:4] == [
        "", "", "", "重特大疾病医疗救助人次占直接救助人次比重",
    ]  # fmt: skip
    assert texts(grid)[-1] == ["总分", "100", "100.0", ""]


# --- seed 001: blank lines inside cells, words broken over lines ----------------------


def test_seed_001_cells_broken_over_lines(seeds) -> None:
    document = seeds["001"]
    grid = grid_after(document, "部门整体支出绩效自评表")
    assert grid.layout == "cell_lines"
    budget = cell_with(grid, "年初预算数")
    assert raw(document, budget) == "年初\n预算数"
    assert row_with(grid, "年初预算数").texts == [
        "",
        "",
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
    ]
    assert row_with(grid, "年度资金总额").texts == ["", "年度资金总额", "121.3", "121.3", "87.7", "10分", "72.3%", "9"]


def test_seed_001_rows_split_by_blank_lines_inside_cells_are_joined(seeds) -> None:
    document = seeds["001"]
    grid = grid_after(document, "部门整体支出绩效自评表")
    header = row_with(grid, "一级指标")
    assert header.texts == [
        "绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施",
    ]  # fmt: skip
    assert raw(document, header.cells[0]) == "绩\n效\n\n指\n\n标"
    assert row_with(grid, "定点医药机构监督检查覆盖率").texts == [
        "", "效益指标（40分）", "经济效益指标", "定点医药机构监督检查覆盖率", "100%", "100%", "5", "5", "",
    ]  # fmt: skip
    assert row_with(grid, "符合资助条件的农村低 收入人口资助参保政策").texts == [
        "", "", "生态效益指标", "符合资助条件的农村低 收入人口资助参保政策", "≥99%", "≥100%", "5", "5", "",
    ]  # fmt: skip
    assert row_with(grid, "居民医保资金筹资人数").texts[4:] == ["≥284970人", "≥284970人", "7", "7", ""]
    assert texts(grid)[-1] == ["总分", "100分", "98", ""]
    assert "joined 4 row(s) split by a blank line inside a cell" in grid.notes


# --- seed 002: tab-separated Markdown from OCR --------------------------------------


def test_seed_002_bold_total_row(seeds) -> None:
    document = seeds["002"]
    grid = grid_after(document, "公开 05 表")
    assert grid.layout == "tabbed"
    total = row_with(grid, "合计")
    assert total.texts == ["合计", "", "11,208.44", "569.54", "10,638.90"]
    assert raw(document, total.cells[0]) == "合计"
    assert document.text[total.cells[0].start - 3 : total.cells[0].end + 4] == "<b>合计</b>"
    assert raw(document, total.cells[3]) == "569.54"


def test_seed_002_basic_expenditure_detail_keeps_nine_columns(seeds) -> None:
    grid = grid_after(seeds["002"], "公开 06")
    assert {len(row.cells) for row in grid.rows} == {9}
    assert texts(grid)[1] == ["科目代码", "科目名称", "决算数"] * 3
    assert row_with(grid, "30101").texts == [
        "30101",
        "基本工资",
        "272.26",
        "30201",
        "办公费",
        "4.82",
        "30701",
        "国内债务付息",
        "0.00",
    ]
    assert row_with(grid, "30299").texts == ["", "", "", "30299", "其他商品和服务支出", "4.50", "", "", ""]
    assert texts(grid)[-1] == ["人员经费合计", "", "546.30", "公用经费合计", "", "", "", "", "23.24"]


def test_seed_002_word_broken_by_a_page_break_is_rejoined(seeds) -> None:
    document = seeds["002"]
    grid = grid_after(document, "公开 08 表")
    assert texts(grid) == [
        ["项目", "", "本年支出", "", ""],
        ["科目代码", "科目名称", "合计", "基本支出", "项目支出"],
        ["栏次", "", "1", "2", "3"],
        ["合计", "", "", "", ""],
    ]
    assert raw(document, cell_with(grid, "基本支出")) == "基本支\t项目支出\n\n\t\t\t出"  # from 基本支 to 出


def test_seed_002_checkboxes_read_as_marks(seeds) -> None:
    document = seeds["002"]
    position = document.text.index("项目名称\t镇办医疗保障服务中心经费")
    grid = next(grid for block, grid in tables_of(document) if block.start == position)
    assert row_with(grid, "项目类别").texts[:2] == ["项目类别", "1、部门预算项目 ☑ 2、省专项 ☐ 3、中央转移支付项目 ☐"]


# --- seed 003: tab-separated 公开表 with shifted rows ---------------------------------


def test_seed_003_amounts_stay_in_their_columns(seeds) -> None:
    grid = grid_after(seeds["003"], "公开02表")
    header = texts(grid)[0]
    assert (header[3], header[4]) == ("本年收入合计", "财政拨款收入")
    assert row_with(grid, "2101505").texts == ["2101505", "", "", "83,530.34", "83,530.34"] + [""] * 8


def test_seed_003_shifted_row_keeps_the_order_printed(seeds) -> None:
    grid = grid_after(seeds["003"], "公开03表")
    assert texts(grid)[1] == ["支出功能分类 科目编码", "科目名称"] + [""] * 7  # name header one cell left
    assert row_with(grid, "2101505").texts == [
        "2101505",
        "",
        "医疗保障政策管理",
        "83,530.34",
        "",
        "83,530.34",
        "",
        "",
        "",
    ]


def test_seed_003_two_sided_summary(seeds) -> None:
    grid = grid_after(seeds["003"], "公开01表")
    assert texts(grid)[:4] == [
        ["收入", "", "", "支出", "", ""],
        ["项目", "行次", "金额", "项目(按功能分类)", "行次", "金额"],
        ["栏次", "", "1", "栏次", "", "2"],
        ["一、一般公共预算财政拨款收入", "1", "4,593,144.30", "一、一般公共服务支出", "31", "3,668.00"],
    ]
    assert row_with(grid, "九、卫生健康支出").texts == ["", "9", "", "九、卫生健康支出", "39", "3,875,345.21"]
    assert texts(grid)[-1] == ["总计", "30", "4,593,144.30", "总计", "60", "4,593,144.30"]


def test_seed_003_three_public_bold_heading_row(seeds) -> None:
    document = seeds["003"]
    grid = grid_after(document, "公开10表")
    row = row_with(grid, "一、“三公”经费支出")
    assert row.texts == ["一、“三公”经费支出", "1", "—", "—", "—"]
    assert raw(document, row.cells[0]) == "一、“三公”经费支出"


# --- seed 004: a small one-cell-per-line table ----------------------------------------


def test_seed_004_table(seeds) -> None:
    ((_, grid),) = tables_of(seeds["004"])
    assert grid.layout == "cell_lines"
    assert texts(grid)[0] == ["序号", "职责", "年度任务", "绩效指标及指标值"]
    assert texts(grid)[7] == ["", "", "", "2.要情上报率"]
    assert texts(grid)[-1] == ["", "", "", "4.困难人员信息准确率"]
    assert {len(row.cells) for row in grid.rows} == {4}


# --- examples ------------------------------------------------------------------------


def test_example_tab_tables() -> None:
    document = example("tab_tables_final_accounts.txt")
    grids = tables_of(document)
    assert [grid.layout for _, grid in grids] == ["tabbed"] * 9
    summary = grid_after(document, "公开01表")
    assert texts(summary)[0] == ["收入", "", "", "支出", "", ""]  # 编制单位/单位 line stays outside
    assert row_with(summary, "本年收入合计").texts == [
        "本年收入合计",
        "27",
        "2,343.53",
        "本年支出合计",
        "57",
        "2,354.71",
    ]
    assert row_with(summary, "十九、住房保障支出").texts == ["", "19", "", "十九、住房保障支出", "49", "47.22"]
    expenditure = grid_after(document, "公开03表")
    assert texts(expenditure)[:2] == [
        ["项目", "", "本年支出", "", "", "", "", ""],
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"],
    ]
    assert row_with(expenditure, "2101506").texts == ["2101506", "医疗保障经办", "186.50", "", "186.50", "", "", ""]
    detail = grid_after(document, "公开06表")
    assert row_with(detail, "30101").texts == [
        "30101",
        "基本工资",
        "198.36",
        "30201",
        "办公费",
        "14.26",
        "31002",
        "办公设备购置",
        "4.75",
    ]
    assert texts(grid_after(document, "公开09表")) == [
        ["项目", "预算数", "决算数"],
        ["合计", "5.00", "3.38"],
        ["1.因公出国（境）费", "0.00", "0.00"],
        ["2.公务用车购置及运行维护费", "4.00", "2.96"],
        ["（1）公务用车购置费", "0.00", "0.00"],
        ["（2）公务用车运行维护费", "4.00", "2.96"],
        ["3.公务接待费", "1.00", "0.42"],
    ]


def test_example_cell_per_line_performance() -> None:
    document = example("cell_per_line_performance.txt")
    ((_, grid),) = tables_of(document)
    assert grid.layout == "cell_lines"
    assert row_with(grid, "年度资金总额").texts == [
        "",
        "年度资金总额",
        "520.00",
        "586.00",
        "571.35",
        "10",
        "97.50",
        "9.75",
    ]
    assert row_with(grid, "其他资金").texts == ["", "其他资金", "0.00", "0.00", "0.00", "——", "——", "——"]
    assert row_with(grid, "一级指标").texts == [
        "绩效指标", "一级指标", "二级指标", "三级指标", "指标性质", "年度指标值",
        "实际完成值", "计量单位", "分值", "得分", "偏差原因分析及改进措施",
    ]  # fmt: skip
    missed = row_with(grid, "医疗救助人次")
    assert missed.texts[:10] == ["", "", "", "医疗救助人次", "正向", "≥12000", "11280", "人次", "8", "7.52"]
    assert missed.texts[10].startswith("受大病保险起付线下调影响")
    assert row_with(grid, "救助资金拨付时限").texts == [
        "",
        "",
        "时效指标",
        "救助资金拨付时限",
        "反向",
        "≤30",
        "25",
        "天",
        "6",
        "6",
        "",
    ]
    assert texts(grid)[-1] == ["总分", "100", "99.27", "自评等级：优"]  # the 填表人 line after it is not a row


def test_example_space_aligned_two_sided_summary() -> None:
    document = example("space_aligned_budget.txt")
    grid = grid_after(document, "收支预算总表")
    assert grid.layout == "spaced"
    assert texts(grid) == [
        ["收入项目", "预算数", "支出项目（按功能分类）", "预算数"],
        ["一、一般公共预算拨款收入", "2,298.61", "一、社会保障和就业支出", "96.48"],
        ["二、政府性基金预算拨款收入", "", "二、卫生健康支出", "2,186.27"],
        ["三、国有资本经营预算拨款收入", "", "三、住房保障支出", "57.36"],
        ["四、财政专户管理资金收入", "", "", ""],
        ["五、单位资金", "", "", ""],
        ["本年收入合计", "2,298.61", "本年支出合计", "2,340.11"],
        ["上年结转结余", "41.50", "结转下年", ""],
        ["收入总计", "2,340.11", "支出总计", "2,340.11"],
    ]


def test_example_space_aligned_detail_tables() -> None:
    document = example("space_aligned_budget.txt")
    income = grid_after(document, "收入预算表")
    assert texts(income)[:3] == [
        ["科目编码", "科目名称", "合计", "上年结转", "一般公共预算", "政府性基金", "单位资金"],
        ["", "", "", "", "拨款收入", "预算收入", ""],
        ["", "合计", "2,340.11", "41.50", "2,298.61", "", ""],
    ]
    assert raw(document, income.rows[2].cells[1]) == "合    计"
    assert row_with(income, "2100408").texts == ["2100408", "基本公共卫生服务", "1,286.40", "41.50", "1,244.90", "", ""]
    expenditure = grid_after(document, "支出预算表")
    row = row_with(expenditure, "2100408")
    assert row.texts == ["2100408", "基本公共卫生服务", "1,286.40", "", "1,286.40"]
    assert raw(document, row.cells[0]) == "210 04 08"
    assert row_with(expenditure, "2100101").texts == ["2100101", "行政运行", "468.25", "468.25", ""]
    assert row_with(expenditure, "221").texts == ["221", "住房保障支出", "57.36", "57.36", ""]
    basic = grid_after(document, "一般公共预算基本支出预算表")
    assert texts(basic)[:2] == [
        ["一、人员经费", "", "", "二、公用经费", "", ""],
        ["科目编码", "科目名称", "预算数", "科目编码", "科目名称", "预算数"],
    ]
    assert row_with(basic, "30299").texts == ["", "", "", "30299", "其他商品和服务支出", "10.60"]
    assert texts(basic)[-1] == ["人员经费合计", "", "578.55", "公用经费合计", "", "82.26"]
    three = grid_after(document, "“三公”经费预算表")
    assert texts(three)[2:] == [
        ["2023年预算数", "8.90", "0.00", "6.50", "0.00", "6.50", "2.40"],
        ["2024年预算数", "8.00", "0.00", "6.00", "0.00", "6.00", "2.00"],
    ]
    assert texts(three)[0][1] == "合计" and texts(three)[1][2:6] == ["（境）费", "小计", "购置费", "运行维护费"]


def test_example_space_aligned_page_numbers_stay_outside() -> None:
    document = example("space_aligned_budget.txt")
    assert len(tables_of(document)) == 5
    for page in ("— 1 —", "— 3 —", "— 5 —"):
        position = document.text.index(page)
        assert all(not block.start <= position < block.end for block, _ in tables_of(document))


def test_example_pipe_and_html() -> None:
    document = example("pipe_and_html_tables.md")
    grids = tables_of(document)
    assert [grid.layout for _, grid in grids] == ["html", "pipe", "pipe", "html"]
    summary = grids[0][1]
    assert texts(summary)[0] == ["收 入"] * 3 + ["支 出"] * 3  # colspan=3, &nbsp;&nbsp; between the characters
    assert [cell.spanned for cell in summary.rows[0].cells] == [False, True, True, False, True, True]
    assert len({(cell.start, cell.end) for cell in summary.rows[0].cells[:3]}) == 1
    assert texts(summary)[2] == ["栏次", "", "1", "栏次", "", "2"]  # &nbsp; cells are empty
    total = row_with(summary, "本年收入合计")
    assert total.texts == ["本年收入合计", "6", "1,389.62", "本年支出合计", "26", "1,395.10"]
    assert document.text[total.cells[2].start - 3 : total.cells[2].end + 4] == "<b>1,389.62</b>"
    assert row_with(summary, "四、事业收入").texts == ["四、事业收入", "4", "", "", "24", ""]
    pipe = grids[1][1]
    assert texts(pipe)[0] == ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
    bold = pipe.rows[1]
    assert bold.texts == ["", "合计", "1,395.10", "379.85", "1,015.25"]
    assert raw(document, bold.cells[1]) == "合计"
    assert row_with(pipe, "2101301").texts == ["2101301", "城乡医疗救助", "932.47", "", "932.47"]
    assert texts(grids[2][1])[-1] == ["", "基本支出合计", "379.85"]
    three = grids[3][1]
    assert (
        texts(three)[2]
        == ["合计", "因公出国（境）费", "小计", "公务用车购置费", "公务用车运行维护费", "公务接待费"] * 2
    )
    assert [cell.spanned for cell in three.rows[2].cells[:3]] == [True, True, False]  # rowspan=2 copies
    assert texts(three)[3] == [
        "4.50",
        "0.00",
        "3.00",
        "0.00",
        "3.00",
        "1.50",
        "2.73",
        "0.00",
        "2.15",
        "0.00",
        "2.15",
        "0.58",
    ]


def test_example_cell_per_line_without_blank_lines() -> None:
    document = example("cell_per_line_no_blank_lines.txt")
    grids = [grid for _, grid in tables_of(document)]
    assert [grid.layout for grid in grids] == ["cell_lines", "cell_lines", "column_major", "cell_lines"]
    assert [grid.width for grid in grids] == [4, 5, 3, 3]
    assert texts(grids[0])[0] == ["收入项目", "金额", "支出项目", "金额"]
    assert texts(grids[0])[-1] == ["总计", "9,305,486.62", "总计", "9,305,486.62"]
    total = grids[1].rows[1]
    assert total.texts == ["", "合计", "9,263,886.62", "6,501,286.62", "2,762,600.00"]  # `—`: how the dump prints empty
    assert total.cells[0].start == total.cells[0].end and raw(document, total)[0] == "—"
    assert row_with(grids[1], "2080102").texts == ["2080102", "一般行政管理事务", "412,600.00", "", "412,600.00"]
    assert texts(grids[2])[0] == ["科目编码", "科目名称", "决算数"]
    assert row_with(grids[2], "30231").texts == ["30231", "公务用车运行维护费", "38,762.40"]
    assert texts(grids[2])[-2:] == [["", "人员经费合计", "5,889,276.57"], ["", "公用经费合计", "612,010.05"]]
    assert texts(grids[3])[3] == ["公务用车购置及运行维护费", "45,000.00", "38,762.40"]


# --- PDF repairs, each on a small document of our own --------------------------------


def read_only_table(text: str) -> tuple[Document, Grid]:
    document = load_document(text.encode("utf-8"))
    ((_, grid),) = tables_of(document)
    return document, grid


@pytest.mark.parametrize("line", ["—23—", "- 7 -", "— 3 —", "第 3 页", "第3页 共12页"])
def test_page_number_lines(line: str) -> None:
    assert is_page_number(line)


@pytest.mark.parametrize("line", ["2022", "— 合计 —", "第三部分", "3.50"])
def test_not_page_number_lines(line: str) -> None:
    assert not is_page_number(line)


@pytest.mark.parametrize(
    ("printed", "code"), [("201 06 01", "2010601"), ("210 11 01", "2101101"), ("208 05", "20805"), ("301 01", "30101")]
)
def test_codes_printed_with_spaces(printed: str, code: str) -> None:
    assert joined_code(printed) == code


@pytest.mark.parametrize("text", ["2022 12 31", "12 34", "行政 运行", "2010601"])
def test_not_codes_printed_with_spaces(text: str) -> None:
    assert joined_code(text) is None


SPACED_DETAIL = """支出决算表
单位：万元
科目编码     科目名称                          合计      基本支出
201 06 01    财政事务                        120.00        120.00
2101505      医疗保障政策管理                 83.53
                                                            83.53

                                  — 7 —

2080505      机关事业单位基本养老保险缴        96.48         96.48
             费支出
四、住房保障支出
210 11 01    行政单位医疗                     38.72         38.72
注：以上为虚构数字。
"""


def test_spaced_repairs_page_numbers_codes_split_values_and_wrapped_names() -> None:
    document, grid = read_only_table(SPACED_DETAIL)
    assert texts(grid) == [
        ["科目编码", "科目名称", "合计", "基本支出"],
        ["2010601", "财政事务", "120.00", "120.00"],
        ["2101505", "医疗保障政策管理", "83.53", "83.53"],  # values split over two lines
        ["2080505", "机关事业单位基本养老保险缴费支出", "96.48", "96.48"],  # name wrapped after the numbers
        ["四、住房保障支出", "", "", ""],  # an enumerated item is a row of its own, not a wrapped name
        ["2101101", "行政单位医疗", "38.72", "38.72"],
    ]
    assert raw(document, grid.rows[1].cells[0]) == "201 06 01"
    assert raw(document, grid.rows[3].cells[1]).startswith("机关事业单位基本养老保险缴") and raw(
        document, grid.rows[3].cells[1]
    ).endswith("\n             费支出")
    assert grid.notes == [
        "dropped 1 page-number line(s)",
        "read 2 letter-spaced word(s) or spaced code(s) as one",
        "merged 1 line(s) of values into the row above",
        "rejoined 1 line(s) of cells wrapped onto the next line",
    ]


def test_spaced_two_sided_labels_and_values_on_separate_lines() -> None:
    _, grid = read_only_table(
        "收入支出决算总表\n单位：万元\n"
        "项目                        金额      项目                      金额\n"
        "一、一般公共预算财政拨款收入            一、社会保障和就业支出\n"
        "                         1,389.62                                 42.36\n"
        "本年收入合计             1,389.62      本年支出合计           1,395.10\n"
        "总计                     1,401.92      总计                   1,401.92\n"
    )
    assert texts(grid) == [
        ["项目", "金额", "项目", "金额"],
        ["一、一般公共预算财政拨款收入", "1,389.62", "一、社会保障和就业支出", "42.36"],
        ["本年收入合计", "1,389.62", "本年支出合计", "1,395.10"],
        ["总计", "1,401.92", "总计", "1,401.92"],
    ]


PERFORMANCE_LINES = [
    "项目名称    城乡医疗救助资金",
    "主管部门",
    "一级指标    二级指标            三级指标        分值  偏差原因分析",
    "产出指标    数量指标            资助参保人数       8  受低保对象动态调整影响，年末在",
    "                                                      册人数较年初减少，资助人数未达",
    "                                                      到年初计划。  已与民政部门建立",
    "                                                      月度比对机制。",
    "            时效指标            资金拨付时限       6",
    "满意度指标  服务对象满意度指标  救助对象满意度    10",
    "改进措施及结果应用方案",
]


def test_spaced_cells_wrapped_in_their_column_are_read_back_into_one_cell() -> None:
    document, grid = read_only_table("项目支出绩效自评表\n（2022年度）\n" + "\n".join(PERFORMANCE_LINES) + "\n")
    assert texts(grid) == [
        ["项目名称", "城乡医疗救助资金", "", "", ""],
        ["主管部门", "", "", "", ""],
        ["一级指标", "二级指标", "三级指标", "分值", "偏差原因分析"],
        [
            "产出指标", "数量指标", "资助参保人数", "8",
            "受低保对象动态调整影响，年末在册人数较年初减少，资助人数未达到年初计划。  已与民政部门建立月度比对机制。",
        ],
        ["", "时效指标", "资金拨付时限", "6", ""],
        ["满意度指标", "服务对象满意度指标", "救助对象满意度", "10", ""],
        ["改进措施及结果应用方案", "", "", "", ""],  # wider than its column: a row, not wrapped text
    ]  # fmt: skip
    reason = grid.rows[3].cells[4]
    assert raw(document, reason).startswith("受低保对象") and raw(document, reason).endswith("月度比对机制。")
    assert grid.notes == ["rejoined 3 line(s) of cells wrapped onto the next line"]


def test_wrap_breaks_where_the_lines_join_back() -> None:
    assert wrap_cell("受低保对象动态调整影响，年末在册人数较年初减少。", 20) == [
        "受低保对象动态调整影",
        "响，年末在册人数较年",  # not before the comma: a printed line never starts with one
        "初减少。",
    ]
    assert wrap_cell("按DRGs付费和按病种分值付费改革全面推开", 10) == ["按DRGs付费", "和按病种分", "值付费改革", "全面推开"]


def test_wrapped_column_never_starts_a_line_like_a_new_item() -> None:
    lines = wrap_column(["目标", "完成全年任务。2、资助参保人数达到计划"], continuable_rows([["目标"], ["完成"]]))
    assert lines == [["目标"], ["完成全年任务。2、资助参保人数", "达到计划"]]


def test_tabbed_fragment_that_is_not_a_page_break_stays_a_row() -> None:
    _, grid = read_only_table("项目\t\t本年支出\n\t\t小计\n合计\t\t1.00\n行政运行\t\t1.00\n")
    assert texts(grid) == [["项目", "", "本年支出"], ["", "", "小计"], ["合计", "", "1.00"], ["行政运行", "", "1.00"]]


def test_cell_line_groups_are_joined_only_to_a_width_seen_around_them() -> None:
    def groups(*widths: int) -> list[list[Placed]]:
        return [[Placed(Cell("x", 0, 1), 0, 1)] * width for width in widths]

    rows, merged = merge_split_rows(groups(3, 1, 8, 9, 9))
    assert [len(row) for row in rows] == [3, 9, 9, 9] and merged == 1
    rows, merged = merge_split_rows(groups(2, 2, 4, 8, 8, 3, 3))
    assert [len(row) for row in rows] == [2, 2, 4, 8, 8, 3, 3] and merged == 0
    rows, merged = merge_split_rows(groups(9, 4, 5, 9))
    assert [len(row) for row in rows] == [9, 9, 9] and merged == 1


def test_html_spans_breaks_and_entities() -> None:
    html = (
        '<table>\n<tr><th rowspan="2">项目</th><th colspan="2">本年<br>支出</th></tr>\n'
        "<tr><th>基本&nbsp;支出</th><th>项目支出</th></tr>\n"
        "<tr><td><b>合计</b></td><td>1,000.00</td><td>&nbsp;</td></tr>\n</table>"
    )
    document, grid = read_only_table(f"说明如下。\n{html}\n后文。\n")
    assert texts(grid) == [
        ["项目", "本年 支出", "本年 支出"],
        ["项目", "基本 支出", "项目支出"],
        ["合计", "1,000.00", ""],
    ]
    assert [[cell.spanned for cell in row.cells] for row in grid.rows] == [
        [False, False, True],
        [True, False, False],
        [False, False, False],
    ]
    assert raw(document, grid.rows[0].cells[1]) == "本年<br>支出"
    assert raw(document, grid.rows[1].cells[0]) == "项目"
    assert raw(document, grid.rows[2].cells[0]) == "合计"


def test_pipe_escaped_pipe_and_short_separator() -> None:
    document, grid = read_only_table("| 科目 | 金额 |\n|:--|--:|\n| 收入\\|支出 | 100.00 |\n| 合计 | 100.00 |\n")
    assert texts(grid) == [["科目", "金额"], ["收入|支出", "100.00"], ["合计", "100.00"]]
    assert raw(document, grid.rows[1].cells[0]) == "收入\\|支出"


@pytest.mark.parametrize(
    ("name", "layouts"),
    [
        ("tab_tables_final_accounts.txt", {"tabbed"}),
        ("cell_per_line_performance.txt", {"cell_lines"}),
        ("space_aligned_budget.txt", {"spaced"}),
        ("pipe_and_html_tables.md", {"html", "pipe"}),
        ("cell_per_line_no_blank_lines.txt", {"cell_lines", "column_major"}),
    ],
)
def test_detected_layouts(name: str, layouts: set[str]) -> None:
    document = example(name)
    found = {detect_layout(document, block) for block in split_blocks(document) if block.kind == "table"}
    assert found == layouts


# --- row widths of one-cell-per-line dumps without blank lines -------------------------


def widths(cells: str) -> list[int]:
    return [fit.width for fit in row_width_fits(cells.split())]


def test_the_halves_of_a_two_sided_table_are_not_rows() -> None:
    assert widths(
        "收入项目 金额 支出项目 金额 一、财政拨款收入 100.00 一、社会保障和就业支出 80.00 "
        "二、其他收入 0.00 二、卫生健康支出 20.00 总计 100.00 总计 100.00"
    ) == [4]  # at 2, 收入项目 金额 and 支出项目 金额 would be two header rows that repeat


def test_column_numbers_stay_in_one_row() -> None:
    cells = "项目 — 本年支出 — — 科目代码 科目名称 合计 基本支出 项目支出 栏次 — 1 2 3 合计 — — — —"
    assert widths(cells) == [5]  # at 4, 栏次 ends a row and 1 2 3 start the next


def test_codes_ascend_down_their_column() -> None:
    cells = (
        "人员经费 — — 公用经费 — — 资本性支出 — — " + "科目编码 科目名称 金额 " * 3
        + "301 工资福利支出 572.31 302 商品和服务支出 78.46 310 资本性支出 3.80 "
        "30101 基本工资 168.24 30201 办公费 18.60 31002 办公设备购置 3.80 "
        "30102 津贴补贴 142.56 30205 水费 1.20 — — — 30103 奖金 52.80 30206 电费 6.80 — — —"
    )
    fits = row_width_fits(cells.split())
    # at 6 every column holds cells of its kind, but a code column alternates between two
    # blocks (301, 310, 30201, 30102, 30206 in the first), so codes go down 5 times
    assert [(fit.width, fit.conflicts, fit.disagreements) for fit in fits] == [(9, 0, 0), (6, 0, 5)]


def test_two_rows_read_as_one_must_halve_the_disagreements() -> None:
    cells = "科目编码 科目名称 金额 201 一般公共服务支出 1.00 20101 人大事务 1.00 2010101 行政运行 1.00"
    assert widths(cells) == [3, 2]  # at 6 the rows pair up with no fewer disagreements than at 3


def test_no_width_without_a_number_below_the_header() -> None:
    assert widths("项目 说明 甲 乙 丙 丁") == []
    assert infer_row_width("项目 说明 甲 乙 丙 丁".split()) is None


# --- every layout reads back what render_grid wrote ----------------------------------

LABELS = [
    "行政运行", "一般行政管理事务", "社会保障和就业支出", "卫生健康支出", "医疗保障管理事务", "住房公积金",
    "一、一般公共预算财政拨款收入", "二、上级补助收入", "（一）支出合计", "其中：公务接待费",
    "机关事业单位基本养老保险缴费支出", "合计", "总计", "基本工资", "因公出国（境）费", "支出功能分类 科目编码", "收 入",
]  # fmt: skip
HEADERS = ["项目", "科目编码", "科目名称", "金额", "本年支出合计", "基本支出", "项目支出", "预算数", "决算数", "行次"]
CODES = ["201", "20136", "2013699", "2101501", "2210201", "30101"]
AMOUNTS = st.builds("{:,}.{:02d}".format, st.integers(0, 99_999_999), st.integers(0, 99))


@st.composite
def budget_tables(draw: st.DrawFn) -> list[list[str]]:
    """A header of labels over rows of a label column, then a label/code/amount column, then
    code and amount columns; cells may be ``—`` or empty, but every row below the header
    has a number; codes ascend down their column (as budget tables list them); the last
    row (合计) is full."""
    width = draw(st.integers(3, 6))
    kinds = ["label", draw(st.sampled_from(["label", "code", "amount"]))]
    kinds += [draw(st.sampled_from(["code", "amount", "amount"])) for _ in range(width - 3)] + ["amount"]

    def value(kind: str, *, full: bool) -> str:
        if not full and kind != "label" and (mark := draw(st.sampled_from(["", "—", None, None]))) is not None:
            return mark
        return draw({"label": st.sampled_from(LABELS), "code": st.sampled_from(CODES), "amount": AMOUNTS}[kind])

    header = [draw(st.sampled_from(HEADERS))]
    header += [draw(st.sampled_from([*HEADERS, ""])) for _ in range(width - 2)] + [draw(st.sampled_from(HEADERS))]
    rows = [header]
    for _ in range(draw(st.integers(1, 5))):
        row = [value(kind, full=False) for kind in kinds]
        if not any(cell and cell_kind(cell) == "number" for cell in row[1:]):
            row[-1] = draw(AMOUNTS)
        rows.append(row)
    rows.append(["合计"] + [value(kind, full=True) for kind in kinds[1:]])
    for column, kind in enumerate(kinds):
        if kind == "code":
            coded = [row for row in rows[1:] if row[column] in CODES]
            for row, code in zip(coded, sorted(row[column] for row in coded), strict=True):
                row[column] = code
    return rows


def read_back(rows: list[list[str]], layout: str) -> list[list[str]]:
    text = "表1 支出决算表\n单位：万元\n" + render_grid(rows, layout) + "\n注：本表数字为随机生成。\n"
    document, grid = read_only_table(text)
    assert_traced(document, grid)
    return texts(grid)


@pytest.mark.parametrize("layout", LAYOUTS)
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=budget_tables())
def test_every_layout_reads_back_what_was_rendered(layout: str, rows: list[list[str]]) -> None:
    """Limits of the layouts, which the generated tables respect:

    * ``spaced``: every column has text on some row; the header has text in its first and
      last columns; a row whose only text is labels could read as wrapped text, so every
      body row has a number;
    * ``cell_lines_no_blank``: empty cells are written ``—`` (a blank line would end the
      row) and a ``—`` reads back as an empty cell; the header is all labels, each column
      below it one kind of cell, every body row has a number (a row of labels alone reads
      as one more header row) and at least a fifth of the lines are numbers, so that the
      row width can be inferred;
    * every layout: a row with a single cell is indistinguishable from a title or a
      paragraph, so tables have three or more columns.
    """
    expected = [["" if cell == "—" else cell for cell in row] for row in rows] if layout == "cell_lines_no_blank" else rows
    assert read_back(rows, layout) == expected


def test_render_spaced_aligns_numbers_right() -> None:
    text = render_grid([["项目", "金额", "决算数"], ["行政运行", "1.00", "1,234.56"], ["合计", "—", ""]], "spaced")
    assert text.split("\n") == ["项目      金额    决算数", "行政运行  1.00  1,234.56", "合计         —"]


def test_render_unknown_layout() -> None:
    with pytest.raises(ValueError, match="unknown layout"):
        render_grid([["a"]], "latex")

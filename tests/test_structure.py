"""Blocks (headings, paragraphs, tables) and document meta, checked against the seeds."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest

from mbnlp.loading import Document, load_document
from mbnlp.records.models import Meta
from mbnlp.structure import Block, detect_meta, split_blocks

SEED_PREFIXES = ["000", "001", "002", "003", "004"]


def blocks_of(document: Document) -> list[Block]:
    return split_blocks(document)


def block_at(blocks: list[Block], position: int) -> Block:
    """The block whose raw span holds ``position``."""
    found = [block for block in blocks if block.start <= position < block.end]
    assert len(found) == 1, f"no single block at {position}"
    return found[0]


def raw(document: Document, block: Block) -> str:
    return document.text[block.start : block.end]


def tables(blocks: list[Block]) -> list[Block]:
    return [block for block in blocks if block.kind == "table"]


# --- every seed ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def loaded(seed) -> dict[str, tuple[Document, list[Block]]]:
    documents = {prefix: load_document(seed(prefix)) for prefix in SEED_PREFIXES}
    return {prefix: (document, split_blocks(document)) for prefix, document in documents.items()}


@pytest.mark.parametrize("prefix", SEED_PREFIXES)
def test_blocks_are_ordered_disjoint_and_cover_the_text(loaded, prefix: str) -> None:
    document, blocks = loaded[prefix]
    assert all(0 <= block.start < block.end <= len(document.text) for block in blocks)
    assert all(before.end <= after.start for before, after in pairwise(blocks))
    covered = [False] * len(document.text)
    for block in blocks:
        assert block.text.to_source(0, len(block.text.text)) == (block.start, block.end)
        assert (block.level is not None) == (block.kind == "heading")
        covered[block.start : block.end] = [True] * (block.end - block.start)
    clean = document.clean
    for index, char in enumerate(clean.text):
        if not char.isspace() and char not in "#*":  # Markdown heading marks stay outside headings
            start, end = clean.to_source(index, index + 1)
            assert all(covered[start:end]), f"clean offset {index} ({char!r}) is in no block"


@pytest.mark.parametrize(
    ("prefix", "department", "year", "doc_kind", "default_unit"),
    [
        ("000", "科尔沁左翼中旗医疗保障局", 2022, "final_accounts", "万元"),
        ("001", "益阳市资阳区医疗保障局", 2022, "performance_report", "万元"),
        ("002", "曾都区医疗保障服务中心", 2023, "final_accounts", "万元"),
        ("003", "新平彝族傣族自治县医疗保障局", 2022, "final_accounts", "元"),
        ("004", "门头沟区医疗保障局", 2022, "final_accounts", "元"),
    ],
)
def test_meta(loaded, prefix: str, department: str, year: int, doc_kind: str, default_unit: str) -> None:
    document, blocks = loaded[prefix]
    meta = detect_meta(document, blocks)
    assert isinstance(meta, Meta)
    assert meta.department.endswith(department)
    assert meta.department in (department, "随州市" + department, "北京市" + department)
    assert (meta.year, meta.doc_kind, meta.default_unit) == (year, doc_kind, default_unit)


# --- seed 000: three 项目支出绩效自评表, one cell per tab-prefixed line ---------------


def test_seed_000_tables(loaded) -> None:
    document, blocks = loaded["000"]
    found = tables(blocks)
    assert len(found) == 4
    units = raw(document, found[0])
    assert units.lstrip("\t").startswith("序号") and units.endswith("参照公务员法管理的事业单位")
    projects = [
        ("城乡居民医疗救助", "99.68"),
        ("医疗救助基金", "100.0"),
        ("2022中央财政医疗服务与保障能力提升补助资金", "98.88"),
    ]
    for table, (project, total_score) in zip(found[1:], projects):
        text = raw(document, table)
        assert text.lstrip("\t").startswith("项目名称")
        assert f"\t项目名称\n\t{project}\n" in text
        assert text.count("\t项目名称\n") == 1 and text.count("\t总分\n") == 1
        assert text.rstrip().endswith(total_score)
        assert "项目支出绩效自评表" not in text
        assert table.text.text == text  # no markup in this seed
    first = raw(document, found[1])
    assert "\t年度资金总额\n\t468.00\n" in first
    assert "1、通过医疗救助" in first  # a cell's text wrapped onto untabbed lines stays inside
    narrative = document.text.index("城乡居民医疗救助项目自评综述")
    assert block_at(blocks, narrative).kind == "paragraph"


# --- seed 003: 公开01…公开14.2, tab-separated -----------------------------------------


@pytest.mark.parametrize(
    ("label", "facts"),
    [
        ("公开01表", ["本年收入合计", "4,593,144.30"]),
        ("公开02表", ["2013699", "3,668.00"]),
        ("公开03表", ["2101501\t\t行政运行", "3,500,523.54"]),
        ("公开04表", ["一般公共预算财政拨款", "总计\t64"]),
        ("公开05表", ["2101501", "4,050,256.00"]),
        ("公开06表", ["30101\t基本工资\t894,081.00", "人员经费合计"]),
        ("公开07表", ["30216\t培训费\t5,542.00", "89,698.34"]),
        ("公开10表", ["公务用车运行维护费", "11,358.20"]),
        ("公开11表", ["1,073,049.63"]),
        ("公开12表", ["部门概况"]),
        ("公开14.2表", ["新平县医保局党建工作经费", "97.70"]),
    ],
)
def test_seed_003_each_public_table_is_a_table_block(loaded, label: str, facts: list[str]) -> None:
    document, blocks = loaded["003"]
    position = document.text.index(label)
    after = [block for block in blocks if block.start > position]
    table = next(block for block in after if block.kind == "table")
    assert all(block.kind != "table" for block in after[: after.index(table)])
    text = raw(document, table)
    assert all(fact in text for fact in facts)
    assert re.search(r"公开\s*\d+(?:\.\d+)?\s*表", text) is None and "金额单位" not in text


def test_seed_003_titles_and_units_stay_outside(loaded) -> None:
    document, blocks = loaded["003"]
    assert len(tables(blocks)) == 13
    for label in ("公开01表", "金额单位：元", "部门：新平彝族傣族自治县医疗保障局"):
        assert block_at(blocks, document.text.index(label)).kind == "paragraph"
    assert block_at(blocks, document.text.index("收入支出决算表")).kind == "heading"


# --- seed 002: Markdown from OCR, 公开 01 … 09 ----------------------------------------


@pytest.mark.parametrize(
    ("label", "fact"),
    [
        ("公开 01 表", "11,229.01"),
        ("公开 02 表", "2101399"),
        ("公开 03 表", "10,638.90"),
        ("公开 05 表", "2101550"),
        ("公开 06", "30101\t基本工资\t272.26"),
        ("公开 09 表", "1.57"),
    ],
)
def test_seed_002_public_tables(loaded, label: str, fact: str) -> None:
    document, blocks = loaded["002"]
    position = document.text.index(label)
    table = next(block for block in blocks if block.start > position and block.kind == "table")
    assert fact in raw(document, table)
    assert fact in table.text.text


def test_seed_002_toc_and_markdown_headings(loaded) -> None:
    document, blocks = loaded["002"]
    assert len(tables(blocks)) == 12
    toc = document.text.index("二、收入决算表.....")
    assert block_at(blocks, toc).kind == "paragraph"
    heading = block_at(blocks, document.text.index("## 二、收入决算表") + 3)
    assert (heading.kind, heading.level, heading.text.text) == ("heading", 2, "二、收入决算表")
    bold = block_at(blocks, document.text.index("**第四部分") + 2)
    assert (bold.kind, bold.level, bold.text.text) == ("heading", 1, "第四部分 其他需要说明的情况")


def test_seed_002_page_break_inside_a_sentence_is_rejoined(loaded) -> None:
    document, blocks = loaded["002"]
    position = document.text.index("基本工资 272.26 万")
    paragraph = block_at(blocks, position)
    assert paragraph.kind == "paragraph"
    assert "基本工资 272.26 万元、" in paragraph.text.text
    start = paragraph.text.text.index("272.26 万元")
    source_start, source_end = paragraph.text.to_source(start, start + len("272.26 万元"))
    assert document.text[source_start:source_end] == "272.26 万\n\n元"


# --- seed 004: narrative with a small table ------------------------------------------


def test_seed_004_narrative_is_never_a_table(loaded) -> None:
    document, blocks = loaded["004"]
    found = tables(blocks)
    assert len(found) == 1
    table = raw(document, found[0])
    assert table.lstrip("\t").startswith("序号") and table.endswith("4.困难人员信息准确率")
    assert document.text.index("部门整体绩效目标设立情况") < found[0].start
    assert found[0].end < document.text.index("（三）整体绩效目标实现情况")
    for anchor in ["174,399,542.21", "175,596,398.46", "11,818.54", "638,398.54", "1,924.32万元", "9612人次", "93分"]:
        position = document.text.find(anchor)
        assert position >= 0
        while position >= 0:
            assert block_at(blocks, position).kind == "paragraph", anchor
            position = document.text.find(anchor, position + 1)
    for item in ["1.贯彻执行", "8.完成区委", "PAGE"]:
        assert block_at(blocks, document.text.index(item)).kind == "paragraph"


@pytest.mark.parametrize(
    ("heading", "level"),
    [
        ("第二部分 2022年度部门决算说明", 1),
        ("三、财政拨款收入支出决算总体情况说明", 2),
        ("（一）收入决算说明", 3),
        ("（二）支出决算说明", 3),
        ("1.因公出国（境）费用", 4),
        ("（1）产出数量", 5),
        ("①数量指标。", 6),
    ],
)
def test_seed_004_headings(loaded, heading: str, level: int) -> None:
    document, blocks = loaded["004"]
    block = block_at(blocks, document.text.index(heading))
    assert (block.kind, block.level, block.text.text) == ("heading", level, heading)


# --- synthetic layouts ---------------------------------------------------------------


def split(text: str) -> tuple[Document, list[Block]]:
    document = load_document(text.encode("utf-8"))
    return document, split_blocks(document)


def test_hard_wrapped_paragraph_is_rejoined_with_exact_offsets() -> None:
    lines = ["本部门本年度收入合计为", "1,234.56万元，比上年增加", "12.34万元，增长1.0%。"]
    document, blocks = split("一、收入决算情况说明\n" + "\n".join(lines) + "\n二、支出决算情况说明\n")
    assert [(block.kind, block.level) for block in blocks] == [("heading", 2), ("paragraph", None), ("heading", 2)]
    paragraph = blocks[1]
    assert paragraph.text.text == "".join(lines)
    assert raw(document, paragraph) == "\n".join(lines)
    for index, char in enumerate(paragraph.text.text):
        source_start, source_end = paragraph.text.to_source(index, index + 1)
        assert document.text[source_start:source_end] == char


def test_wrapped_ascii_words_keep_a_space() -> None:
    _, blocks = split("The budget of the\nbureau was revised.")
    assert [block.text.text for block in blocks] == ["The budget of the bureau was revised."]


def test_lines_that_do_not_continue_a_paragraph() -> None:
    _, blocks = split(
        "部门基本情况\n\n本部门共设三个内设机构。\n1.拟订医疗保障政策，组织实施\n2.负责基金管理；\nPAGE\n14\n"
    )
    assert [block.kind for block in blocks] == ["paragraph"] * 5
    assert [block.text.text for block in blocks][-1] == "PAGE 14"


def test_heading_levels_and_sentences() -> None:
    _, blocks = split(
        "第一部分 概况\n一、主要职能\n（一）部门职责\n1.基本情况\n（1）人员情况\n①数量指标。\n### 收入决算表\n"
        "（二）负责基金管理工作，建立健全机制。\n（三）收入合计100万元\n1.项目名称：医疗救助项目\n"
    )
    assert [(block.kind, block.level) for block in blocks] == [
        ("heading", 1),
        ("heading", 2),
        ("heading", 3),
        ("heading", 4),
        ("heading", 5),
        ("heading", 6),
        ("heading", 3),
        ("paragraph", None),
        ("paragraph", None),
        ("paragraph", None),
    ]
    assert blocks[6].text.text == "收入决算表"


def test_pipe_table() -> None:
    document, blocks = split(
        "说明如下。\n\n| 科目 | 金额 |\n|---|---|\n| 合计 | 100.00 |\n| 行政运行 | 60.00 |\n\n后文。\n"
    )
    assert [block.kind for block in blocks] == ["paragraph", "table", "paragraph"]
    assert raw(document, blocks[1]) == "| 科目 | 金额 |\n|---|---|\n| 合计 | 100.00 |\n| 行政运行 | 60.00 |"


def test_html_table_region_is_the_whole_element() -> None:
    html = (
        "<table border=1>\n<tr><td>科目</td><td>金额</td></tr>\n"
        "<tr><td>合计</td><td><b>1,000.00</b></td></tr>\n</table>"
    )
    document, blocks = split(f"说明如下。\n{html}\n后文。\n")
    assert [block.kind for block in blocks] == ["paragraph", "table", "paragraph"]
    table = blocks[1]
    assert raw(document, table) == html
    assert table.text.text == "科目\t金额\n合计\t1,000.00\n"
    start = table.text.text.index("1,000.00")
    assert document.text[slice(*table.text.to_source(start, start + 8))] == "1,000.00"


def test_space_separated_columns_from_pdf_extraction() -> None:
    rows = [
        "项目                  行次      金额        项目            行次      金额",
        "一般公共预算财政拨款收入    1   4,593,144.30    一般公共服务支出    31    3,668.00",
        "本年收入合计              27   4,593,144.30    本年支出合计        57   4,593,144.30",
    ]
    document, blocks = split(
        "收入支出决算总表\n金额单位：元\n" + "\n".join(rows) + "\n注：本表反映部门本年度的总收支。\n"
    )
    assert [block.kind for block in blocks] == ["paragraph", "paragraph", "table", "paragraph"]
    assert raw(document, blocks[2]) == "\n".join(rows)


def test_one_cell_per_line_with_blank_lines_between_rows() -> None:
    cells = "科目\n金额\n\n基本工资\n272.26\n\n津贴补贴\n0.00\n\n奖金\n10.00"
    document, blocks = split(f"支出情况如下：\n\n{cells}\n\n以上合计为 282.26 元。\n")
    assert [block.kind for block in blocks] == ["paragraph", "table", "paragraph"]
    assert raw(document, blocks[1]) == cells


def test_narrative_list_is_not_a_table() -> None:
    text = (
        "（一）部门职责\n\n1.贯彻执行医疗保障政策，拟订规划；\n\n2.负责基金管理；\n\n3.完成其他任务。\n\n"
        "一是加强管理\n二是优化服务\n\n本年收入合计 100 元\n本年支出合计 100 元\n\nPAGE  \n14\n"
    )
    _, blocks = split(text)
    assert tables(blocks) == []


def test_tab_line_of_captions_stays_outside() -> None:
    document, blocks = split(
        "收入决算表\n公开02表\n编制单位：某某中心\t\t\t单位：万元\n科目编码\t科目名称\t金额\n合计\t\t1.00\n"
        "填表人：张三\t联系电话：0000-1234567\n"
    )
    assert [block.kind for block in blocks] == ["paragraph", "paragraph", "paragraph", "table", "paragraph"]
    assert raw(document, blocks[3]) == "科目编码\t科目名称\t金额\n合计\t\t1.00"


def test_pipe_separator_with_alignment_colons() -> None:
    _, blocks = split("| 科目 | 金额 |\n|---|--:|\n| 合计 | 1.00 |\n")
    assert [block.kind for block in blocks] == ["table"]


def test_space_separated_rows_take_in_short_lines_page_numbers_and_a_group_header() -> None:
    rows = [
        "  一、人员经费                       二、公用经费",
        "  科目编码   科目名称     预算数     科目编码   科目名称     预算数",
        "  301        工资福利支出  572.31     302        商品和服务支出  78.46",
        "四、财政专户管理资金收入",
        "",
        "                — 4 —",
        "",
        "  30101      基本工资      168.24     30201      办公费        18.60",
        "  人员经费合计             578.55     公用经费合计               82.26",
    ]
    document, blocks = split(
        "表4  基本支出预算表\n金额单位：万元\n" + "\n".join(rows) + "\n\n— 5 —\n\n一、收支预算总体情况\n"
    )
    assert [block.kind for block in blocks] == ["paragraph", "paragraph", "table", "paragraph", "heading"]
    assert raw(document, blocks[2]) == "\n".join(rows)
    assert raw(document, blocks[3]) == "— 5 —"


def test_one_cell_per_line_without_blank_lines() -> None:
    cells = "项目\n预算数\n决算数\n合计\n60,000.00\n47,902.40\n公务接待费\n15,000.00\n9,140.00"
    document, blocks = split(
        f"五、三公经费支出决算表\n金额单位：元\n{cells}\n六、决算情况说明\n本年支出合计9,263,886.62元。\n"
    )
    assert [block.kind for block in blocks] == ["heading", "paragraph", "table", "heading", "paragraph"]
    assert raw(document, blocks[2]) == cells


PERFORMANCE_ROWS = [
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


def test_space_separated_table_takes_in_wrapped_text_and_its_opening_and_closing_rows() -> None:
    document, blocks = split(
        "项目支出绩效自评表\n（2022年度）\n" + "\n".join(PERFORMANCE_ROWS) + "\n\n三、自评结论\n本项目自评得分92分。\n"
    )
    (table,) = tables(blocks)
    assert raw(document, table) == "\n".join(PERFORMANCE_ROWS)  # （2022年度） stays a caption above the table
    assert [block.text.text for block in blocks if block.kind != "table"][-2:] == ["三、自评结论", "本项目自评得分92分。"]


def test_space_separated_rows_bridge_any_number_of_indented_wrapped_lines() -> None:
    wrapped = ["          " + "医疗救助资金按季度拨付到位" + str(number) for number in range(12)]
    rows = ["项目        内容                          金额", "资金拨付    按照救助对象名单逐月核对  12.50", *wrapped]
    rows.append("合计                                      12.50")
    document, blocks = split("\n".join(rows) + "\n")
    (table,) = tables(blocks)
    assert raw(document, table) == "\n".join(rows)


def test_markdown_heading_between_two_space_separated_tables_splits_them() -> None:
    first = ["科目编码  科目名称  金额", "2010101   行政运行  1.00"]
    second = ["科目编码  科目名称  金额", "2080505   养老保险  2.00"]
    document, blocks = split("\n".join(first) + "\n\n### 表二\n\n" + "\n".join(second) + "\n")
    assert [raw(document, block) for block in tables(blocks)] == ["\n".join(first), "\n".join(second)]


def test_one_cell_per_line_without_blank_lines_keeps_long_cells_and_heading_like_end_cells() -> None:
    cells = [
        "一、人员经费", "—", "二、公用经费", "—",
        "科目编码", "金额", "科目编码", "金额",
        "301", "572.31", "302", "78.46",
        "30101", "168.24", "30201", "18.60",
        "备注", "—", "说明", "本表按“—”列示空缺金额，人员经费含离退休人员经费。",
        "—", "—", "—", "1.基本工资",
    ]  # fmt: skip
    document, blocks = split("基本支出预算表\n金额单位：万元\n" + "\n".join(cells) + "\n\n六、其他说明\n无。\n")
    (table,) = tables(blocks)
    assert raw(document, table) == "\n".join(cells)  # starts after the unit line, ends at the blank line

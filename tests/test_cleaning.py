"""The cleaned analysis view and its map back to raw offsets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mbnlp.loading import clean_text, load_document
from mbnlp.text import MappedText, apply_replacements


def raw_of(raw: str, clean: MappedText, found: str) -> str:
    """The raw text that the first occurrence of ``found`` in the clean view came from."""
    start = clean.text.index(found)
    source_start, source_end = clean.to_source(start, start + len(found))
    return raw[source_start:source_end]


def test_bold_tags_are_removed_and_offsets_land_on_the_raw_characters() -> None:
    raw = "<b>本年收入合计</b>\t27\t11,229.01"
    clean = clean_text(raw)
    assert clean.text == "本年收入合计\t27\t11,229.01"
    assert clean.to_source(0, 6) == (3, 9)
    assert raw_of(raw, clean, "本年收入合计") == "本年收入合计"
    assert raw_of(raw, clean, "11,229.01") == "11,229.01"


def test_checkboxes_become_marks() -> None:
    raw = '项目类别\t1、部门预算项目 <input checked="" type="checkbox"/> 2、省专项 <input type="checkbox"/>'
    clean = clean_text(raw)
    assert clean.text == "项目类别\t1、部门预算项目 ☑ 2、省专项 ☐"
    assert raw_of(raw, clean, "☑") == '<input checked="" type="checkbox"/>'
    assert raw_of(raw, clean, "☐") == '<input type="checkbox"/>'


def test_latex_as_ocr_writes_it() -> None:
    raw = r"正向指标（即目标值为 $\geq X$ ，得分=权重\*B/A），反向指标（即目标值为 $\leq 5\%$ ）"
    clean = clean_text(raw)
    assert clean.text == "正向指标（即目标值为 ≥X ，得分=权重*B/A），反向指标（即目标值为 ≤5% ）"
    assert raw_of(raw, clean, "≥X") == r"\geq X"
    assert raw_of(raw, clean, "X") == "X"
    assert raw_of(raw, clean, "*") == r"\*"
    assert clean_text(r"<math>\geq X</math>得分").text == "≥X得分"
    assert clean_text(r"$3 \times 4$").text == "3 ×4"


def test_entities_and_spaces() -> None:
    raw = "合计&nbsp;&nbsp;100&amp;200&lt;b&gt;\u3000万元\xa0整"
    clean = clean_text(raw)
    assert clean.text == "合计  100&200<b> 万元 整"
    assert raw_of(raw, clean, "&") == "&amp;"
    assert raw_of(raw, clean, "<b>") == "&lt;b&gt;"
    assert raw_of(raw, clean, "万元") == "万元"
    assert clean_text("&unknown;").text == "&unknown;"


def test_full_width_digits_and_signs_are_ascii_without_edits() -> None:
    raw = "１２３．４５％，－６，比上年增加１，２３４元。1．行政运行"
    clean = clean_text(raw)
    assert clean.text == "123.45%，-6，比上年增加1,234元。1．行政运行"
    assert clean.edits == []
    assert clean.to_source(0, 6) == (0, 6)


def test_line_structure_is_kept() -> None:
    raw = "\t项目名称\n\t城乡居民医疗救助\n\n收入\t\t\t支出\n  缩进  \n"
    assert clean_text(raw).text == raw
    assert clean_text("一\r\n二\r三\f四").text == "一\n二\n三\n四"


def test_html_table_reads_as_tab_separated_rows() -> None:
    raw = (
        "<table>\n <tr>\n  <td>科目</td>\n  <td>金额<br/>（元）</td>\n </tr>\n"
        "<tr><td><b>合计</b></td><td>1,000.00</td></tr>\n</table>\n后文"
    )
    clean = clean_text(raw)
    assert clean.text == "科目\t金额 （元）\n合计\t1,000.00\n\n后文"
    assert raw_of(raw, clean, "合计") == "合计"
    start = clean.text.index("1,000.00")
    assert raw[slice(*clean.to_source(start, start + 8))] == "1,000.00"


def test_paragraphs_inside_a_tab_separated_cell_do_not_split_the_row() -> None:
    raw = "\t<p>一是目标。</p> <p>二是目标。</p>\t完成\n下一行"
    assert clean_text(raw).text == "\t一是目标。  二是目标。 \t完成\n下一行"
    assert clean_text("<p>备注：一。</p> <p>二。</p>").text == "备注：一。\n 二。\n"


def test_bold_amount_in_seed_maps_to_the_raw_characters(seed) -> None:
    document = load_document(seed("002"))
    raw, clean = document.text, document.clean
    assert "<b>11,229.01</b>" in raw
    mapped = []
    start = clean.text.find("11,229.01")
    while start >= 0:
        source_start, source_end = clean.to_source(start, start + 9)
        assert raw[source_start:source_end] == "11,229.01"
        mapped.append(source_start)
        start = clean.text.find("11,229.01", start + 1)
    assert any(raw[position - 3 : position] == "<b>" for position in mapped)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_cleaning_keeps_every_line_of_plain_text(seed, prefix: str) -> None:
    document = load_document(seed(prefix))
    clean = document.clean
    assert "\r" not in clean.text and "\u3000" not in clean.text
    plain = [line for line in document.text.split("\n") if not any(mark in line for mark in "<&$\\\u3000")]
    assert all(line in clean.text for line in plain)


def test_replacements_compose_back_to_the_first_source() -> None:
    raw = "<b>基本工资 272.26 万</b>\n\n元、伙食补助费"
    clean = clean_text(raw)
    joined = apply_replacements(clean, [(clean.text.index("\n"), clean.text.rindex("\n") + 1, "")])
    assert joined.text == "基本工资 272.26 万元、伙食补助费"
    start = joined.text.index("万元")
    assert raw[slice(*joined.to_source(start, start + 2))] == "万</b>\n\n元"
    assert raw[slice(*joined.to_source(start + 1, start + 5))] == "元、伙食"
    part = joined.slice(start, len(joined.text))
    assert raw[slice(*part.to_source(1, 3))] == "元、"
    assert part.to_clean(*part.to_source(1, 3)) == (1, 3)


def test_mapped_text_rules() -> None:
    source = "ab<xy>cd"
    first = apply_replacements(MappedText.identity(source), [(2, 6, "ZW")])
    assert first.text == "abZWcd"
    assert first.edits == [(2, 4, 2, 6)]
    assert first.to_source(2, 3) == (2, 6)  # part of a replaced region: the whole region
    assert first.to_source(4, 4) == (6, 6)  # an empty span: a point
    assert first.to_source(4, 6) == (6, 8)  # past the edit: a constant shift
    assert first.to_clean(6, 8) == (4, 6)
    part = first.slice(3, 6)
    assert (part.text, part.to_source(0, 1), part.to_source(1, 3)) == ("Wcd", (2, 6), (6, 8))
    merged = apply_replacements(first, [(1, 3, "Q")])  # overlaps the first edit in part
    assert merged.text == "aQWcd"
    assert merged.edits == [(1, 3, 1, 6)]
    assert merged.to_source(4, 5) == (7, 8)
    inserted = apply_replacements(first, [(4, 4, "+")])
    assert (inserted.text, inserted.to_source(4, 5), inserted.to_source(5, 6)) == ("abZW+cd", (6, 6), (6, 7))
    with pytest.raises(ValueError, match="outside the text"):
        first.to_source(0, 9)
    with pytest.raises(ValueError, match="out of order"):
        apply_replacements(first, [(3, 4, ""), (1, 2, "")])


PLAIN = st.text(alphabet="收入支出合计万元项目abcXYZ0123456789、。：\n\t ", min_size=1, max_size=6)
MARKUP = st.sampled_from(
    [
        "<b>",
        "</b>",
        "<br>",
        "</p>",
        "<p>",
        '<span class="x">',
        "</span>",
        "&nbsp;",
        "&amp;",
        "&lt;",
        "$\\geq X$",
        "$\\leq 5\\%$",
        "\\*",
        "\\_",
        "\u3000",
        "１",
        "％",
        "．",
        "，",
        "\r\n",
        '<input type="checkbox" checked>',
        '<input type="checkbox">',
        "<!-- note -->",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.booleans(), PLAIN, MARKUP), min_size=1, max_size=12))
def test_clean_spans_map_into_the_raw_text(pieces: list[tuple[bool, str, str]]) -> None:
    raw = ""
    plain_positions: list[int] = []
    for with_markup, plain, markup in pieces:
        plain_positions.extend(range(len(raw), len(raw) + len(plain)))
        raw += plain
        if with_markup:
            raw += markup
    clean = clean_text(raw)
    size = len(clean.text)
    previous = (0, 0)
    for start in range(size + 1):
        source = clean.to_source(start, start)
        assert 0 <= source[0] <= len(raw) and source >= previous
        previous = source
        for end in range(start, min(size, start + 8) + 1):
            source_start, source_end = clean.to_source(start, end)
            assert 0 <= source_start <= source_end <= len(raw)
    for position in plain_positions:
        start, end = clean.to_clean(position, position + 1)
        assert end == start + 1
        assert clean.text[start] == raw[position]
        assert clean.to_source(start, end) == (position, position + 1)

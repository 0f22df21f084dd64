"""The rule layer of SPEC §3 on the seed documents: spans checked by reading each seed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from mbnlp.ner import build_rules_pipeline, find_quantities, find_reasons

ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def nlp() -> spacy.Language:
    return build_rules_pipeline()


@pytest.fixture(scope="module")
def seed_doc(nlp, seed) -> Callable[[str], Doc]:
    """``seed_doc("004")``: the seed's text through the rule pipeline, once per module."""
    docs: dict[str, Doc] = {}

    def get(prefix: str) -> Doc:
        if prefix not in docs:
            docs[prefix] = nlp(seed(prefix).read_text(encoding="utf-8"))
        return docs[prefix]

    return get


def spans_in(doc: Doc, context: str, occurrence: int = 0) -> list[tuple[str, str]]:
    """``(text, label)`` of the rule spans inside the ``occurrence``-th ``context`` of the doc."""
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(context, start + 1)
    end = start + len(context)
    return [
        (span.text, span.label_) for span in doc.spans["rules"] if start <= span.start_char and span.end_char <= end
    ]


def the_span(doc: Doc, context: str, text: str, label: str) -> spacy.tokens.Span:
    """The rule span ``text``/``label`` inside the first ``context``; its offsets are checked."""
    start = doc.text.index(context) + context.index(text)
    found = [span for span in doc.spans["rules"] if (span.start_char, span.label_) == (start, label)]
    assert found, f"no {label} {text!r} in {context!r}: {spans_in(doc, context)}"
    assert found[0].end_char == start + len(text) and found[0].text == text
    return found[0]


# --- seed 000: 万元 narrative, cell-per-line performance tables --------------------------------


def test_amount_with_unit_in_wan_yuan(seed_doc) -> None:
    doc = seed_doc("000")
    amount = the_span(doc, "与年初预算2520.34万元相比", "2520.34", "AMOUNT")
    assert (amount._.value, amount._.unit, amount._.yuan) == ("2520.34", "万元", "25203400.00")
    the_span(doc, "与年初预算2520.34万元相比", "万元", "UNIT")
    percent = the_span(doc, "减少55.5%。", "55.5", "AMOUNT")
    assert (percent._.value, percent._.unit, percent._.yuan) == ("55.5", "%", None)


def test_reason_after_its_trigger(seed_doc) -> None:
    doc = seed_doc("000")
    reason = "部分社保资金项目支出决算时在财政部门列支"
    the_span(doc, f"变动原因：{reason}；", reason, "REASON")
    the_span(doc, "差异原因缩减三公经费支出。", "缩减三公经费支出", "REASON")


def test_accounts_before_level_markers_and_in_quotes(seed_doc) -> None:
    doc = seed_doc("000")
    assert spans_in(doc, "宣传事务（款）宣传管理（项）") == [
        ("宣传事务", "ACCOUNT"),
        ("宣传管理", "ACCOUNT"),
    ]
    the_span(doc, "2022年度财政拨款“三公”经费预算4.5万元", "“三公”经费", "ACCOUNT")


def test_years_list_markers_dates_phones_and_document_numbers_are_no_amounts(seed_doc) -> None:
    doc = seed_doc("000")
    assert ("2022", "AMOUNT") not in spans_in(doc, "科尔沁左翼中旗医疗保障局2022年度收入决算总计")
    assert spans_in(doc, "（一）收入决算总计1447.71万元") == [("1447.71", "AMOUNT"), ("万元", "UNIT")]
    assert not [label for _, label in spans_in(doc, "截至2022年12月31日") if label == "AMOUNT"]
    assert not [label for _, label in spans_in(doc, "联系电话：0475-3215769") if label == "AMOUNT"]
    assert not [label for _, label in spans_in(doc, "（通医保办发【2022】103号）") if label == "AMOUNT"]
    assert spans_in(doc, "1.本年收入决算合计1446.87万元")[:1] == [("1446.87", "AMOUNT")]


def test_account_names_used_as_everyday_words_projects_or_titles_are_no_accounts(seed_doc) -> None:
    doc = seed_doc("000")
    assert spans_in(doc, "负责医疗保障经办管理和公共服务体系、信息化建设") == []
    assert spans_in(doc, "医疗保险、生育保险和医疗救助等政策") == []
    assert spans_in(doc, "医疗救助基金项目") == []
    assert spans_in(doc, "项目支出绩效自评表") == []
    assert ("电费", "ACCOUNT") not in spans_in(seed_doc("004"), "办公用房水电费")


def test_counts_take_their_units(seed_doc) -> None:
    doc = seed_doc("000")
    assert spans_in(doc, "累计0人次") == [("0", "AMOUNT"), ("人次", "UNIT")]


# --- seed 001: performance self-evaluation, cells with U+3000 and operators -----------------------


def test_operator_is_not_part_of_the_amount(seed_doc) -> None:
    doc = seed_doc("001")
    assert spans_in(doc, "　≥284970人") == [("284970", "AMOUNT"), ("人", "UNIT")]
    assert spans_in(doc, "\t72.3%") == [("72.3", "AMOUNT"), ("%", "UNIT")]
    score = the_span(doc, "\t10分", "10", "AMOUNT")
    assert (score._.value, score._.unit) == ("10", "分")


def test_digits_inside_a_quoted_name_and_phone_numbers_are_no_amounts(seed_doc) -> None:
    doc = seed_doc("001")
    assert not [label for _, label in spans_in(doc, "打造“15分钟医保服务圈”") if label == "AMOUNT"]
    assert not [label for _, label in spans_in(doc, "联系电话：13337277062") if label == "AMOUNT"]
    assert spans_in(doc, "(1)细化预算编制工作") == []
    assert spans_in(doc, "全年预算121.3万元支出87.7万元") == [
        ("121.3", "AMOUNT"),
        ("万元", "UNIT"),
        ("87.7", "AMOUNT"),
        ("万元", "UNIT"),
    ]


# --- seed 002: OCR Markdown, tab tables with 行次, a unit broken across lines ---------------------


def test_spaced_amount_and_a_declared_unit_broken_across_lines(seed_doc) -> None:
    doc = seed_doc("002")
    assert spans_in(doc, "均为 11229.01 万元") == [("11229.01", "AMOUNT"), ("万元", "UNIT")]
    broken = the_span(doc, "单位：万\n\n元", "万\n\n元", "UNIT")
    assert broken.text == "万\n\n元"


def test_codes_and_row_numbers_are_no_amounts(seed_doc) -> None:
    doc = seed_doc("002")
    assert spans_in(doc, "例如 2101550 事业运行") == [("事业运行", "ACCOUNT")]
    assert spans_in(doc, "公开 01 表") == []
    row = spans_in(doc, "<b>本年收入合计</b>\t27\t11,229.01")
    assert row == [("本年收入合计", "ACCOUNT"), ("11,229.01", "AMOUNT")]
    assert spans_in(doc, "210\t卫生健康支出\t11,229.01") == [("卫生健康支出", "ACCOUNT"), ("11,229.01", "AMOUNT")]


def test_reason_after_a_spaced_trigger(seed_doc) -> None:
    doc = seed_doc("002")
    reason = "2023 年收入支出中包含医疗保险基金，2022 年收入支出中不包含此项费用"
    the_span(doc, f"主要原因是 {reason}。", reason, "REASON")


# --- seed 003: 决算公开表 in 元, codes under 类/款/项 ------------------------------------------------


def test_statement_line_with_row_number(seed_doc) -> None:
    doc = seed_doc("003")
    line = "一、一般公共预算财政拨款收入\t1\t4,593,144.30"
    assert spans_in(doc, line) == [("一般公共预算财政拨款收入", "ACCOUNT"), ("4,593,144.30", "AMOUNT")]
    assert the_span(doc, line, "4,593,144.30", "AMOUNT")._.value == "4593144.30"
    assert spans_in(doc, "金额单位：元") == [("元", "UNIT")]


def test_codes_document_numbers_and_model_names_are_no_amounts(seed_doc) -> None:
    doc = seed_doc("003")
    assert spans_in(doc, "2101501\t\t行政运行\t3,500,523.54") == [("行政运行", "ACCOUNT"), ("3,500,523.54", "AMOUNT")]
    assert spans_in(doc, "（新机改发〔2019〕1号）") == []
    assert not [label for _, label in spans_in(doc, "HPQJ200打印机") if label == "AMOUNT"]
    assert not [label for _, label in spans_in(doc, "栏次\t\t1\t栏次\t\t2") if label == "AMOUNT"]


# --- seed 004: narrative in 元 -----------------------------------------------------------------------


def test_amount_in_yuan_with_its_account(seed_doc) -> None:
    doc = seed_doc("004")
    context = "财政拨款收入174,399,542.21元"
    assert spans_in(doc, context) == [("财政拨款收入", "ACCOUNT"), ("174,399,542.21", "AMOUNT"), ("元", "UNIT")]
    amount = the_span(doc, context, "174,399,542.21", "AMOUNT")
    assert (amount._.value, amount._.unit, amount._.yuan) == ("174399542.21", "元", "174399542.21")


def test_quoted_account_and_reasons(seed_doc) -> None:
    doc = seed_doc("004")
    assert spans_in(doc, "“进修及培训”（款，下同）") == [("进修及培训", "ACCOUNT")]
    the_span(doc, "主要原因：收回资金。", "收回资金", "REASON")
    the_span(doc, "主要减少原因:车辆燃料费及车辆运行费降低。", "车辆燃料费及车辆运行费降低", "REASON")


def test_lists_of_economic_names_units_and_scores(seed_doc) -> None:
    doc = seed_doc("004")
    assert spans_in(doc, "包括基本工资、津贴补贴、奖金、伙食补助费") == [
        ("基本工资", "ACCOUNT"),
        ("津贴补贴", "ACCOUNT"),
        ("奖金", "ACCOUNT"),
        ("伙食补助费", "ACCOUNT"),
    ]
    assert spans_in(doc, "专用设备0台（套）") == [("0", "AMOUNT"), ("台（套）", "UNIT")]
    assert spans_in(doc, "绩效自评总分：93分") == [("93", "AMOUNT"), ("分", "UNIT")]
    assert spans_in(doc, "2022年3月") == []


# --- behaviour on text we write ----------------------------------------------------------------------


def test_negative_and_full_width_amounts(nlp) -> None:
    doc = nlp("增减额（2.3）万元，增减率为-2.3%，下降１２３．４５％")
    amounts = [(span.text, span._.value, span._.unit) for span in doc.spans["rules"] if span.label_ == "AMOUNT"]
    assert amounts == [("2.3", "-2.3", "万元"), ("-2.3", "-2.3", "%"), ("１２３．４５", "123.45", "%")]


def test_offsets_are_character_offsets_of_the_text_given(nlp) -> None:
    text = "  其中：\n基本支出 14,159,221.42元，主要原因：人员增加。"
    doc = nlp(text)
    assert [span.label_ for span in doc.spans["rules"]] == ["ACCOUNT", "AMOUNT", "UNIT", "REASON"]
    for span in doc.spans["rules"]:
        assert text[span.start_char : span.end_char] == span.text
    assert [(start, end) for start, end in find_reasons(text)] == [(text.index("人员增加"), text.index("。"))]
    assert [(q.start, q.end) for q in find_quantities(text)] == [(text.index("14"), text.index("元"))]


def test_a_line_break_inside_an_account_name(nlp) -> None:
    doc = nlp("其中：基本支\n出6,842,115.70元")
    assert [(span.text, span.label_) for span in doc.spans["rules"]][:2] == [
        ("基本支\n出", "ACCOUNT"),
        ("6,842,115.70", "AMOUNT"),
    ]


def test_a_wrapped_line_does_not_end_a_reason(nlp) -> None:
    text = "主要原因是：城乡居民基本养老保险财政补助标\n准提高。\n二、收入决算情况说明"
    assert [text[start:end] for start, end in find_reasons(text)] == ["城乡居民基本养老保险财政补助标\n准提高"]
    assert [text[start:end] for start, end in find_reasons("偏差原因分析及改进措施\t无")] == []


def test_flat_entities_and_precedence_with_an_earlier_entity_component() -> None:
    text = "基本支出14,159,221.42元，主要原因：人员增加。"
    for ents, expected in (("fill", "MODEL"), ("overwrite", "AMOUNT")):
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "mbnlp.JiebaTokenizer.v1"}}})
        ruler = nlp.add_pipe("entity_ruler")  # stands in for a statistical ner that ran first
        ruler.add_patterns([{"label": "MODEL", "pattern": "14,159,221.42"}])
        nlp.add_pipe("mbnlp_rules", config={"ents": ents})
        doc = nlp(text)
        assert [(entity.text, entity.label_) for entity in doc.ents] == [
            ("基本支出", "ACCOUNT"),
            ("14,159,221.42", expected),
            ("元", "UNIT"),
        ]
        assert ("人员增加", "REASON") in [(span.text, span.label_) for span in doc.spans["rules"]]


def test_labels_select_what_the_component_writes() -> None:
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "mbnlp.JiebaTokenizer.v1"}}})
    nlp.add_pipe("mbnlp_rules", config={"labels": ["REASON"], "ents": "none"})
    doc = nlp("基本支出14,159,221.42元，主要原因：人员增加。")
    assert [(span.text, span.label_) for span in doc.spans["rules"]] == [("人员增加", "REASON")]
    assert doc.ents == ()
    with pytest.raises(ValueError, match="unknown labels"):
        nlp.add_pipe("mbnlp_rules", name="other", config={"labels": ["MONEY"]})


def test_the_training_config_builds_the_same_pipeline(tmp_path, nlp) -> None:
    config = spacy.util.load_config(ROOT / "training" / "rules.cfg")
    built = spacy.util.load_model_from_config(config, auto_fill=True)
    assert built.pipe_names == nlp.pipe_names == ["mbnlp_rules"]
    text = "“进修及培训”（款，下同）2022年度决算12,000元，主要原因：收回资金。"
    nlp.to_disk(tmp_path)
    loaded = spacy.load(tmp_path)
    found = []
    for pipeline in (nlp, built, loaded):
        doc = pipeline(text)
        found.append([(span.start_char, span.end_char, span.label_) for span in doc.spans["rules"]])
    assert found[0] == found[1] == found[2]
    assert [label for _, _, label in found[0]] == ["ACCOUNT", "AMOUNT", "UNIT", "REASON"]

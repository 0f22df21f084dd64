"""mbnlp's spaCy tokenizer: number and unit boundaries, dictionaries, serialisation, no global jieba."""

from __future__ import annotations

import pickle
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jieba
import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from mbnlp.segmentation import JiebaTokenizer, domain_dictionary, is_number_token, read_dictionary

ROOT = Path(__file__).parents[1]
TOKENIZER = {"nlp": {"tokenizer": {"@tokenizers": "mbnlp.JiebaTokenizer.v1"}}}


@pytest.fixture(scope="module")
def nlp() -> spacy.Language:
    return spacy.blank("zh", config=TOKENIZER)


def texts(nlp: spacy.Language, text: str) -> list[str]:
    return [token.text for token in nlp(text)]


def seed_text(seed: Callable[[str], Path], prefix: str) -> str:
    return seed(prefix).read_text(encoding="utf-8")


def test_a_number_with_thousand_separators_is_one_token(nlp, seed) -> None:
    line = "一、一般公共预算财政拨款收入\t1\t4,593,144.30"
    assert line in seed_text(seed, "003")
    assert texts(nlp, line)[-1] == "4,593,144.30"


def test_a_percentage_is_number_then_sign(nlp, seed) -> None:
    assert "减少55.5%。" in seed_text(seed, "000")
    assert texts(nlp, "减少55.5%。") == ["减少", "55.5", "%", "。"]


def test_a_space_between_number_and_unit_is_trailing_whitespace(nlp, seed) -> None:
    assert "均为 11229.01 万元" in seed_text(seed, "002")
    doc = nlp("均为 11229.01 万元")
    assert [(token.text, token.whitespace_) for token in doc] == [
        ("均", ""),
        ("为", " "),
        ("11229.01", " "),
        ("万元", ""),
    ]


def test_parenthesised_negative_amounts_and_signs(nlp) -> None:
    assert texts(nlp, "增减额（2.3）万元") == ["增减额", "（", "2.3", "）", "万元"]
    assert texts(nlp, "增减率为-2.3%") == ["增减率", "为", "-2.3", "%"]
    assert texts(nlp, "区间100-80%") == ["区间", "100", "-", "80", "%"]  # a range, not a sign


def test_full_width_digits_and_percent(nlp) -> None:
    assert texts(nlp, "下降１２３．４５％。") == ["下降", "１２３．４５", "％", "。"]


def test_years_and_dates_are_split_from_their_characters(nlp, seed) -> None:
    assert "科尔沁左翼中旗医疗保障局2022年度收入决算总计" in seed_text(seed, "000")
    assert texts(nlp, "医疗保障局2022年度收入")[1:3] == ["2022", "年度"]
    assert texts(nlp, "截至2022年12月31日") == ["截至", "2022", "年", "12", "月", "31", "日"]


def test_a_unit_after_yu_and_a_bare_wan_are_tokens_of_their_own(nlp) -> None:
    # SPEC §3 / annotations/ner/README.md: the UNIT skips one 余; 万 alone is a UNIT
    assert texts(nlp, "问题10余项") == ["问题", "10", "余", "项"]
    assert texts(nlp, "资料8万余册")[:3] == ["资料", "8", "万"]
    assert texts(nlp, "页 1000 余份")[1:4] == ["1000", "余", "份"]
    assert texts(nlp, "11229.01 万元") == ["11229.01", "万元"]


def test_an_account_name_is_split_from_a_following_income_or_expenditure(nlp) -> None:
    # the ACCOUNT boundary of SPEC §3 must be a token boundary
    assert texts(nlp, "政府性基金预算财政拨款收入") == ["政府性基金预算财政拨款", "收入"]
    assert texts(nlp, "机关事业单位职业年金缴费支出") == ["机关事业单位职业年金缴费", "支出"]
    assert texts(nlp, "使用非财政拨款结余")[-1] == "非财政拨款结余"
    assert "政府性基金预算财政拨款" in texts(nlp, "本年无政府性基金预算财政拨款收、支、余")  # not 无政府


def test_a_line_break_is_a_token_and_never_glues_characters(nlp) -> None:
    assert texts(nlp, "同比增\n长11.18%") == ["同比", "增", "\n", "长", "11.18", "%"]
    assert texts(nlp, "万\n\n元") == ["万", "\n\n", "元"]


def test_dictionary_words_are_whole(nlp) -> None:
    assert texts(nlp, "年度本年收入合计") == ["年度", "本年收入合计"]
    assert texts(nlp, "财政拨款“三公”经费支出决算") == ["财政拨款", "“", "三公", "”", "经费", "支出", "决算"]


def test_the_domain_dictionary_is_up_to_date_and_well_formed() -> None:
    check = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_domain_dict.py"), "--check"],
        check=False,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    entries = domain_dictionary()
    assert all(len(entry.word) >= 2 and not any(char.isdigit() for char in entry.word) for entry in entries)
    assert {entry.tag for entry in entries} == {"item", "acc", "unit", "term", None}


def test_a_malformed_dictionary_line_names_its_place() -> None:
    assert read_dictionary("医保服务圈 9000 term\n\n基金监管") == read_dictionary("医保服务圈 9000 term\n基金监管 \n")
    with pytest.raises(ValueError, match="user.txt:2"):
        read_dictionary("医保服务圈\n医保 服务 圈 三", "user.txt")


def test_the_user_dictionary_changes_segmentation_and_is_saved_with_the_pipeline(tmp_path) -> None:
    user_dict = tmp_path / "user.txt"
    user_dict.write_text("医保服务圈 90000 n\n", encoding="utf-8")
    text = "打造“15分钟医保服务圈”"
    plain = spacy.blank("zh", config=TOKENIZER)
    assert "医保服务圈" not in texts(plain, text)
    config = {"nlp": {"tokenizer": {"@tokenizers": "mbnlp.JiebaTokenizer.v1", "user_dict": str(user_dict)}}}
    nlp = spacy.blank("zh", config=config)
    assert texts(nlp, text) == ["打造", "“", "15", "分钟", "医保服务圈", "”"]
    nlp.to_disk(tmp_path / "pipeline")
    assert (tmp_path / "pipeline" / "tokenizer" / "user_dict.txt").read_text(encoding="utf-8") == "医保服务圈 90000 n\n"
    user_dict.unlink()  # the saved pipeline carries the content, not the path
    assert "医保服务圈" in texts(spacy.load(tmp_path / "pipeline"), text)
    restored = spacy.blank("zh", config=TOKENIZER)
    restored.tokenizer.from_bytes(nlp.tokenizer.to_bytes())
    assert "医保服务圈" in texts(restored, text)


def test_a_pipeline_without_user_dictionary_round_trips(tmp_path) -> None:
    nlp = spacy.blank("zh", config=TOKENIZER)
    nlp.to_disk(tmp_path)
    loaded = spacy.load(tmp_path)
    assert isinstance(loaded.tokenizer, JiebaTokenizer)
    assert loaded.tokenizer.user_dictionary_text() is None
    assert texts(loaded, "财政拨款收入174,399,542.21元") == ["财政拨款收入", "174,399,542.21", "元"]


def test_the_tokenizer_pickles(nlp) -> None:
    nlp("x")  # builds the private jieba, which holds a lock
    copy = pickle.loads(pickle.dumps(nlp.tokenizer))
    assert [token.text for token in copy("年初结转和结余0.84万元")] == ["年初结转和结余", "0.84", "万元"]


def test_the_global_jieba_is_never_touched() -> None:
    initialized, words = jieba.dt.initialized, len(jieba.dt.FREQ)
    nlp = spacy.blank("zh", config=TOKENIZER)
    nlp("本年收入合计11,229.01万元")
    assert nlp.tokenizer.jieba is not jieba.dt
    assert (jieba.dt.initialized, len(jieba.dt.FREQ)) == (initialized, words)
    assert "本年收入合计" not in jieba.dt.FREQ


@pytest.mark.parametrize(
    ("prefix", "sentence", "spans"),
    [
        ("000", "与年初预算2520.34万元相比", ["2520.34", "万元"]),
        ("004", "财政拨款收入174,399,542.21元", ["财政拨款收入", "174,399,542.21", "元"]),
        ("004", "“进修及培训”（款，下同）", ["进修及培训"]),
        ("000", "宣传事务（款）宣传管理（项）", ["宣传事务", "宣传管理"]),
    ],
)
def test_spec_spans_in_seed_sentences_fall_on_token_boundaries(nlp, seed, prefix, sentence, spans) -> None:
    text = seed_text(seed, prefix)
    doc = nlp(text)
    start = text.index(sentence)
    for span in spans:
        span_start = start + sentence.index(span)
        assert doc.char_span(span_start, span_start + len(span)) is not None, span


ALPHABET = st.sampled_from(
    list("0123456789０１２３４５６７８９,.，．%％-－+（）()万元年度本收入合计“”《》 \t\n\u3000\r\xa0aZ≥:：")
)


@settings(max_examples=300, deadline=None)
@given(st.text(ALPHABET, max_size=40) | st.text(max_size=40))
def test_any_text_reassembles_exactly(nlp, text: str) -> None:
    doc = nlp(text)
    assert "".join(token.text_with_ws for token in doc) == text
    assert all(token.text for token in doc)


@pytest.mark.parametrize(
    ("text", "one_number"),
    [
        ("4,593,144.30", True),
        ("－2.3", True),
        ("１２３", True),
        ("2023.4.20", True),
        ("55.5%", False),
        ("1,234,5678", False),
        (" 12", False),
        ("（2.3）", False),
        ("—", False),
        ("", False),
    ],
)
def test_is_number_token_says_whether_the_tokenizer_makes_one_number_token(nlp, text, one_number) -> None:
    assert is_number_token(text) is one_number
    if one_number:
        assert texts(nlp, text) == [text]

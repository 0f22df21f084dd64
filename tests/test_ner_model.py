"""The shipped NER pipeline (models/mbnlp-zh) and the entities of ``mbnlp extract``.

Each fact below was read in a seed document: a short context string, the entities the
pipeline must find inside it (surface, label) and those it must not. The context is
located in the seed at test time and the pipeline runs over the whole line around it,
so no seed text is stored here beyond these short facts.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Span
from typer.testing import CliRunner

from mbnlp import load_document
from mbnlp.about import __version__
from mbnlp.cli import app
from mbnlp.ner import REASON_KEY, RuleRecognizer, build_rules_pipeline, entity_spans
from mbnlp.ner.extract import DEFAULT_MODEL, load_pipeline, model_version
from mbnlp.pipeline import extract

A, U, C, R = "AMOUNT", "UNIT", "ACCOUNT", "REASON"
Fact = tuple[str, str, list[tuple[str, str]], list[tuple[str, str]]]

FACTS: list[Fact] = [
    # seed, context, must find, must not find
    ("000", "与年初预算2520.34万元相比", [("2520.34", A), ("万元", U)], []),
    (
        "000",
        "变动原因：部分社保资金项目支出决算时在财政部门列支；",
        [("部分社保资金项目支出决算时在财政部门列支", R)],
        [("变动原因：部分社保资金项目支出决算时在财政部门列支", R), ("部分社保资金项目支出决算时在财政部门列支；", R)],
    ),
    ("000", "宣传事务（款）宣传管理（项）", [("宣传事务", C), ("宣传管理", C)], [("宣传事务（款）", C)]),
    (
        "000",
        "医疗保障管理事务（款）行政运行（项）。年初预算48.65万元",
        [("医疗保障管理事务", C), ("行政运行", C), ("48.65", A), ("万元", U)],
        [],
    ),
    ("000", "一般公共服务类决算数为0.55万元", [("一般公共服务", C), ("0.55", A), ("万元", U)], [("一般公共服务类", C)]),
    ("000", "（一）一般公共服务（类）", [("一般公共服务", C)], [("一", A)]),
    (
        "000",
        "公用经费41.72万元。主要包括：办公费12.13万元、印刷费1.44万元",
        [("公用经费", C), ("41.72", A), ("办公费", C), ("12.13", A), ("印刷费", C), ("1.44", A)],
        [],
    ),
    ("000", "2022年度收入决算总计", [("收入决算总计", C)], [("2022", A), ("年", U)]),
    ("004", "财政拨款收入174,399,542.21元", [("财政拨款收入", C), ("174,399,542.21", A), ("元", U)], []),
    ("004", "“进修及培训”（款，下同）", [("进修及培训", C)], [("“进修及培训”", C)]),
    (
        "004",
        "比上年减少1,386,913.39元，下降0.8%",
        [("1,386,913.39", A), ("元", U), ("0.8", A), ("%", U)],
        [],
    ),
    ("004", "主要原因：收回资金。", [("收回资金", R)], [("收回资金。", R)]),
    ("004", "2022年度本年收入合计", [("本年收入合计", C)], [("2022", A)]),
    ("001", "打造“15分钟医保服务圈”", [], [("15", A), ("分钟", U)]),
    ("001", "资料8万余册", [("8", A), ("万", U)], [("万余册", U)]),
    ("002", "收、支总计均为 11229.01 万元", [("收、支总计", C), ("11229.01", A), ("万元", U)], []),
    ("002", "增长 1812.7%", [("1812.7", A), ("%", U)], []),
    (
        "002",
        "主要原因是 2023 年收入支出中包含医疗保险基金",
        [],
        [("2023", A), ("年", U)],
    ),
    (
        "002",
        "决算数小于全年预算数的主要原因：落实过紧日子要求压减公务运行费用支出",
        [("落实过紧日子要求压减公务运行费用支出", R)],
        [],
    ),
    ("002", "发现的问题及原因：一是队伍建设还不够全面", [], [("一是队伍建设还不够全面", R)]),  # a list of problems
    ("002", "1. 因公出国(境)费全年预算为0万元", [("因公出国(境)费", C), ("0", A), ("万元", U)], [("1", A)]),
    ("002", "一般公共预算财政拨款收入 11208.44 万元", [("一般公共预算财政拨款收入", C), ("11208.44", A)], []),
    ("003", "单价200万元以上大型设备", [("200", A), ("万元", U)], []),
]


@pytest.fixture(scope="module")
def nlp() -> spacy.Language:
    return spacy.load(DEFAULT_MODEL)


@pytest.fixture(scope="module")
def seed_text(seed: Callable[[str], Path]) -> Callable[[str], str]:
    cache: dict[str, str] = {}

    def text(prefix: str) -> str:
        if prefix not in cache:
            cache[prefix] = load_document(seed(prefix)).text
        return cache[prefix]

    return text


def tagged(nlp: spacy.Language, text: str, context: str) -> set[tuple[str, str]]:
    """The entities the pipeline finds inside the first occurrence of ``context``, run over its line."""
    at = text.index(context)
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    line_end = len(text) if line_end < 0 else line_end
    doc = nlp(text[line_start:line_end])
    low, high = at - line_start, at - line_start + len(context)
    return {(span.text, span.label_) for span in entity_spans(doc) if low <= span.start_char and span.end_char <= high}


@pytest.mark.parametrize(("prefix", "context", "wanted", "unwanted"), FACTS, ids=[f"{f[0]}:{f[1][:12]}" for f in FACTS])
def test_the_shipped_model_tags_facts_read_in_the_seeds(nlp, seed_text, prefix, context, wanted, unwanted) -> None:
    found = tagged(nlp, seed_text(prefix), context)
    for entity in wanted:
        assert entity in found, f"{entity} not found in {context!r}: {sorted(found)}"
    for entity in unwanted:
        assert entity not in found, f"{entity} wrongly found in {context!r}"


def test_the_facts_make_at_least_forty_assertions() -> None:
    assert sum(len(wanted) + len(unwanted) for _, _, wanted, unwanted in FACTS) >= 40
    assert {prefix for prefix, *_ in FACTS} == {"000", "001", "002", "003", "004"}
    assert {label for *_, wanted, _ in FACTS for _, label in wanted} == {A, U, C, R}


# --- the shipped pipeline ----------------------------------------------------------------------


def test_the_shipped_model_loads_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the model tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    nlp = spacy.load(DEFAULT_MODEL)
    assert nlp.pipe_names == ["tok2vec", "ner", "mbnlp_rules", "mbnlp_reason_filter"]
    assert sorted(nlp.get_pipe("ner").labels) == [C, A, U]
    assert nlp.get_pipe("mbnlp_rules").authoritative == (A,)
    assert nlp.get_pipe("mbnlp_reason_filter").cfg["spans_key"] == REASON_KEY


def test_the_rules_decide_amount_and_fill_around_the_model() -> None:
    rules = RuleRecognizer(ents="fill", authoritative=["AMOUNT"])
    doc = build_rules_pipeline().make_doc("2022年度基本支出合计1447.71万元")
    doc.ents = [Span(doc, 0, 1, label=A), Span(doc, 1, 3, label=C)]  # a model's AMOUNT 2022 and ACCOUNT 年度基本支出合计
    rules(doc)
    # the model's AMOUNT is gone, its ACCOUNT stays (fill: the rules' 基本支出合计 overlaps it), the rules add the rest
    assert [(span.text, span.label_) for span in doc.ents] == [("年度基本支出合计", C), ("1447.71", A), ("万元", U)]


def test_the_shipped_model_records_what_it_was_trained_on() -> None:
    meta = json.loads((DEFAULT_MODEL / "meta.json").read_text(encoding="utf-8"))
    assert meta["name"] == "mbnlp-zh" and meta["version"] == __version__
    data = meta["training_data"]
    assert data["held_out"] == [] and len(data["documents"]) == 10
    assert sorted(data["gold_files"]) == sorted(path.name for path in (DEFAULT_MODEL.parents[1] / "annotations" / "ner").glob("*.jsonl"))
    assert all(len(digest) == 64 for digest in data["gold_files"].values())
    size = sum(path.stat().st_size for path in DEFAULT_MODEL.rglob("*") if path.is_file())
    assert size < 30 * 1024 * 1024


def test_the_default_pipeline_is_the_shipped_model_and_rules_otherwise() -> None:
    assert model_version(load_pipeline()) == f"mbnlp-zh-{__version__}"
    assert load_pipeline() is load_pipeline()  # loaded once per process
    assert load_pipeline(None, None) is load_pipeline(str(DEFAULT_MODEL)) is load_pipeline()  # and per folder
    assert model_version(build_rules_pipeline()) == f"rules-{__version__}"


def test_a_user_dictionary_reaches_the_tokenizer(tmp_path: Path) -> None:
    words = tmp_path / "user.txt"
    words.write_text("社保资金项目 3000\n", encoding="utf-8")
    nlp = load_pipeline(str(DEFAULT_MODEL), str(words))
    assert "社保资金项目" in [token.text for token in nlp("部分社保资金项目支出")]


# --- extraction ----------------------------------------------------------------------------------


def test_extract_fills_entities_at_raw_offsets(seed: Callable[[str], Path]) -> None:
    document = load_document(seed("000"))
    result = extract(document)
    assert result.model_version == f"mbnlp-zh-{__version__}"
    assert len(result.entities) > 500
    for entity in result.entities:
        assert document.text[entity.start : entity.end] == entity.text
    at = document.text.index("与年初预算2520.34万元相比") + len("与年初预算")
    amount = next(entity for entity in result.entities if entity.start == at and entity.label == A)
    assert (amount.text, amount.value, amount.unit, amount.yuan) == ("2520.34", "2520.34", "万元", "25203400.00")
    reason_at = document.text.index("变动原因：部分社保资金") + len("变动原因：")
    assert any(entity.label == R and entity.start == reason_at for entity in result.entities)


def test_a_table_amount_without_a_unit_takes_the_tables_unit(seed: Callable[[str], Path]) -> None:
    document = load_document(seed("003"))  # 公开01表, 金额单位：元
    result = extract(document)
    at = document.text.index("一、一般公共预算财政拨款收入\t1\t4,593,144.30")
    cell = at + len("一、一般公共预算财政拨款收入\t1\t")
    amount = next(entity for entity in result.entities if entity.start == cell)
    assert (amount.label, amount.text, amount.value, amount.unit, amount.yuan) == (
        A, "4,593,144.30", "4593144.30", "元", "4593144.30",
    )  # fmt: skip
    account = next(entity for entity in result.entities if entity.start == at + len("一、"))
    assert (account.label, account.text) == (C, "一般公共预算财政拨款收入")
    assert not any(entity.start == cell - 2 for entity in result.entities)  # the 行次 1 is no AMOUNT


def test_mbnlp_extract_writes_entities_with_model_options(seed: Callable[[str], Path], tmp_path: Path) -> None:
    words = tmp_path / "user.txt"
    words.write_text("社保资金项目 3000\n", encoding="utf-8")
    out = tmp_path / "out"
    arguments = ["extract", str(seed("004")), "--out", str(out), "--no-progress"]
    result = CliRunner().invoke(app, [*arguments, "--model", str(DEFAULT_MODEL), "--user-dict", str(words)])
    assert result.exit_code == 0, result.output
    line = json.loads((out / "documents.jsonl").read_text(encoding="utf-8").splitlines()[0])
    text = load_document(seed("004")).text
    assert line["model_version"] == f"mbnlp-zh-{__version__}"
    assert line["entities"] and all(text[e["start"] : e["end"]] == e["text"] for e in line["entities"])
    at = text.index("财政拨款收入174,399,542.21元") + len("财政拨款收入")
    amount = next(e for e in line["entities"] if e["start"] == at)
    assert (amount["value"], amount["unit"], amount["yuan"]) == ("174399542.21", "元", "174399542.21")


def test_mbnlp_evaluate_prints_and_writes_scores(tmp_path: Path) -> None:
    gold = DEFAULT_MODEL.parents[1] / "annotations" / "ner" / "own.jsonl"
    out = tmp_path / "scores.json"
    result = CliRunner().invoke(app, ["evaluate", "--model", str(DEFAULT_MODEL), "--gold", str(gold), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "ACCOUNT" in result.output and "partial F1" in result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["model"] == f"mbnlp-zh-{__version__}" and len(report["documents"]) == 5
    assert report["strict"]["micro"]["gold"] == 518  # the spans of our own five documents
    assert report["strict"]["AMOUNT"]["f"] > 0.9  # trained on them: a fit, not an accuracy

"""Training data, the training run and the evaluation metrics of the NER pipeline.

The gold is read with ``mbnlp.annotations.load_gold``; the training run is tiny (two of
our own documents, a few steps) so that CI stays fast.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc
from typer.testing import CliRunner

from mbnlp import load_document
from mbnlp.annotations import GoldDocument, load_gold
from mbnlp.cli import app
from mbnlp.evaluation import evaluate, score_spans
from mbnlp.ner import REASON_KEY, build_rules_pipeline
from mbnlp.ner.reason_filter import opens_at, trigger_ends
from mbnlp.training import DEFAULT_CONFIG, MODEL_NAME, make_example, paragraphs, split_documents, train
from mbnlp.training.corpus import create_gold_corpus

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "annotations" / "ner"
OWN_GOLD = GOLD_DIR / "own.jsonl"


@pytest.fixture(scope="module")
def gold(seeds_dir: Path) -> list[GoldDocument]:
    return load_gold(GOLD_DIR)


@pytest.fixture(scope="module")
def nlp() -> spacy.Language:
    return build_rules_pipeline()


# --- examples --------------------------------------------------------------------------------


def test_every_gold_span_aligns_with_our_tokenizer(gold: list[GoldDocument], nlp: spacy.Language) -> None:
    misaligned = []
    total = 0
    for document in gold:
        for start, end in document.regions:
            doc = nlp.make_doc(document.text[start:end])
            for span in document.spans:
                if start <= span[0] and span[1] <= end:
                    total += 1
                    if doc.char_span(span[0] - start, span[1] - start) is None:
                        misaligned.append((document.doc, document.span_text(span), span[2]))
    assert total == 3094
    assert misaligned == []


def test_paragraphs_keep_every_gold_span_and_cut_at_paragraph_ends(gold: list[GoldDocument]) -> None:
    for document in gold:
        pieces = paragraphs(document)
        assert sum(len(piece.spans) for piece in pieces) == len(document.spans)
        for piece in pieces:
            assert piece.text == document.text[piece.start : piece.end]
            for start, end, _ in piece.spans:
                assert 0 <= start < end <= len(piece.text)
    own = next(document for document in gold if document.doc == "own/renshe_final_accounts_2023_ocr.txt")
    texts = [piece.text for piece in paragraphs(own)]
    # a heading is its own paragraph; a hard wrap inside a sentence does not cut it
    assert "一、收入支出决算总体情况说明" in texts
    assert any(text.startswith("本年收入合计") and "财政拨\n款收入" in text for text in texts)


def test_an_example_holds_flat_entities_and_reasons_in_their_span_group(gold: list[GoldDocument], nlp) -> None:
    own = next(document for document in gold if document.doc == "own/weijian_budget_2024.txt")
    piece = next(piece for piece in paragraphs(own) if "主要原因是" in piece.text)
    example = make_example(nlp, piece)
    entities = {(span.text, span.label_) for span in example.reference.ents}
    reasons = [span.text for span in example.reference.spans[REASON_KEY]]
    assert ("11229.01", "AMOUNT") in entities and ("万元", "UNIT") in entities
    assert reasons == ["基本公共卫生服务上级补助资金尚未下达，年初未列入预算"]
    assert not example.predicted.ents  # the model starts from raw text


def test_documents_are_split_by_name_never_by_paragraph(gold: list[GoldDocument], nlp) -> None:
    held = ["004_042fe53351928818.txt", "own/weijian_budget_2024.txt"]
    train_docs = split_documents(gold, held, "train")
    dev_docs = split_documents(gold, held, "dev")
    assert sorted(document.doc for document in dev_docs) == sorted(held)
    assert len(train_docs) == len(gold) - 2 and not set(held) & {document.doc for document in train_docs}
    reader = create_gold_corpus(str(GOLD_DIR), held_out=held, split="dev")
    texts = {example.reference.text for example in reader(nlp)}
    assert any("174,399,542.21" in text for text in texts)  # seed 004
    with pytest.raises(ValueError, match="not in the gold"):
        split_documents(gold, ["nope.txt"], "dev")


# --- training ------------------------------------------------------------------------------


def _tiny_gold(tmp_path: Path) -> Path:
    """Two of our own documents, as a gold file of their own."""
    lines = OWN_GOLD.read_text(encoding="utf-8").splitlines()[:2]
    path = tmp_path / "tiny.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_tiny_training_run_is_reproducible_and_leaves_out_the_held_out_document(tmp_path: Path) -> None:
    gold_file = _tiny_gold(tmp_path)
    held = ["own/renshe_final_accounts_2023_ocr.txt"]
    first = train(gold_file, tmp_path / "a", seed=0, held_out_docs=held, max_steps=3)
    second = tmp_path / "b"  # the same run through the command line
    arguments = ["train", "--annotations", str(gold_file), "--out", str(second), "--seed", "0", "--max-steps", "3"]
    result = CliRunner().invoke(app, [*arguments, "--held-out", held[0]])
    assert result.exit_code == 0, result.output
    for part in ("ner/model", "tok2vec/model", "mbnlp_reason_filter/model"):
        assert (first / part).read_bytes() == (second / part).read_bytes()
    meta = json.loads((first / "meta.json").read_text(encoding="utf-8"))
    assert meta["name"] == MODEL_NAME
    data = meta["training_data"]
    assert data["gold_files"] == {"tiny.jsonl": _sha256(gold_file)}
    assert list(data["documents"]) == ["own/minzheng_final_accounts_2023.txt"]
    assert data["held_out"] == held and data["seed"] == 0 and data["max_steps"] == 3
    loaded = spacy.load(first)
    assert loaded.pipe_names == spacy.util.load_config(DEFAULT_CONFIG)["nlp"]["pipeline"]
    assert loaded("财政拨款收入174,399,542.21元").text == "财政拨款收入174,399,542.21元"


def test_a_trigger_is_labelled_by_the_gold_reason_right_after_it() -> None:
    doc = build_rules_pipeline().make_doc("经费减少2万元，变动原因：人员调出。四、存在的问题及原因")
    ends = trigger_ends(doc)
    assert [doc.text[end - 5 : end] for end in ends] == ["变动原因：", "问题及原因"]
    reason_start = doc.text.index("人员调出")
    assert [opens_at(doc.text, end, [reason_start]) for end in ends] == [True, False]


def test_the_reason_filter_fitted_without_seed_002_rejects_its_list_of_problems(
    seed: Callable[[str], Path],
) -> None:
    nlp = build_rules_pipeline()
    nlp.add_pipe("mbnlp_reason_filter")
    reader = create_gold_corpus(str(GOLD_DIR), held_out=["002_5fb32d9fdb188baf.txt"], split="train")
    nlp.initialize(lambda: reader(nlp))
    text = load_document(seed("002")).text

    def line_with(context: str) -> Doc:
        at = text.index(context)
        return nlp(text[text.rfind("\n", 0, at) + 1 : text.find("\n", at)])

    problems = line_with("发现的问题及原因：")  # opens a list of problems, explains no change (gold: no REASON)
    assert [span.text for span in problems.spans["rules"] if span.label_ == "REASON"] == ["一是队伍建设还不够全面"]
    assert list(problems.spans[REASON_KEY]) == []
    shortfall = line_with("决算数小于全年预算数的主要原因：落实过紧日子要求压减公务运行费用支出")
    assert "落实过紧日子要求压减公务运行费用支出" in [span.text for span in shortfall.spans[REASON_KEY]]
    assert "2023年发生公务用车运行维护费，2022年没有" in [span.text for span in shortfall.spans[REASON_KEY]]
    assert not list(nlp("一般公共预算财政拨款收入 11208.44 万元").spans[REASON_KEY])


# --- evaluation ----------------------------------------------------------------------------


def test_score_spans_counts_strict_and_partial_matches_inside_regions() -> None:
    gold = [(0, 4, "ACCOUNT"), (5, 9, "AMOUNT"), (9, 11, "UNIT"), (12, 30, "REASON"), (31, 33, "AMOUNT")]
    predicted = [
        (0, 4, "ACCOUNT"),  # right
        (5, 8, "AMOUNT"),  # wrong end: strict miss, partial hit
        (9, 11, "UNIT"),  # right
        (14, 30, "REASON"),  # wrong start: strict miss, partial hit
        (20, 25, "AMOUNT"),  # nothing there: wrong both ways
        (40, 42, "AMOUNT"),  # outside the annotated region: not counted
    ]
    scores = score_spans(gold, predicted, regions=[(0, 35)])
    amount = scores.strict["AMOUNT"]
    assert (amount.tp, amount.predicted, amount.gold) == (0, 2, 2)
    assert scores.partial["AMOUNT"].precision == 0.5 and scores.partial["AMOUNT"].recall == 0.5
    assert scores.strict["REASON"].f1 == 0.0 and scores.partial["REASON"].f1 == 1.0
    assert scores.strict["ACCOUNT"].f1 == 1.0 and scores.strict["UNIT"].f1 == 1.0
    micro = scores.micro
    assert (micro.tp, micro.predicted, micro.gold) == (2, 5, 5)
    assert micro.precision == pytest.approx(0.4) and micro.recall == pytest.approx(0.4)


def test_a_label_with_nothing_to_score_has_no_f1() -> None:
    scores = score_spans([(0, 2, "AMOUNT")], [(0, 2, "AMOUNT")])
    assert scores.strict["REASON"].f1 is None and scores.strict["AMOUNT"].f1 == 1.0


def test_evaluate_runs_a_pipeline_over_the_regions(nlp: spacy.Language) -> None:
    text = "其中：财政拨款收入174,399,542.21元。标题共5人"
    gold = GoldDocument(
        doc="hand-made",
        text=text,
        spans=[(3, 9, "ACCOUNT"), (9, 23, "AMOUNT"), (23, 24, "UNIT"), (25, 27, "ACCOUNT")],
        regions=[(0, 25), (25, 27)],  # 共5人 was not annotated
    )
    scores = evaluate(nlp, [gold])
    assert scores.strict["AMOUNT"].f1 == 1.0 and scores.strict["UNIT"].f1 == 1.0
    account = scores.strict["ACCOUNT"]  # 财政拨款收入 found; the made-up account 标题 is not
    assert (account.tp, account.predicted, account.gold) == (1, 1, 2)
    assert account.precision == 1.0 and account.recall == 0.5
    assert scores.strict["AMOUNT"].predicted == 1  # not the 5 outside the regions
    assert scores.micro.precision == 1.0 and scores.micro.recall == 0.75


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()

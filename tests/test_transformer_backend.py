"""The transformers backend: a tiny random BERT built from our own characters is fine-tuned on the
exported gold by ``training/train_transformer.py``, packaged as a spaCy pipeline, reloaded and used
by ``mbnlp extract --model``. Nothing is downloaded.

The tiny model is weak, so the facts about extraction are those the ``mbnlp_rules`` layer after it
guarantees (normalised AMOUNT values, read in ``examples/narrative_final_accounts_yuan.txt``); the
model's own part is checked structurally: its entities reach the final ``doc.ents`` where the rules
only fill gaps, and it scores above chance on the held-out document.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import spacy
import torch
from typer.testing import CliRunner

from mbnlp.cli import app
from mbnlp.hf import decode, joint_labels
from mbnlp.hf.datasets import export_dataset
from mbnlp.hf.tiny import build_tiny_checkpoint
from mbnlp.ner import build_rules_pipeline

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "narrative_final_accounts_yuan.txt"
DEV, TEST = "own/weijian_performance_2023.txt", "own/weijian_budget_2024.txt"
MAX_LENGTH = 128
SENTENCE = "本年收入合计4,321.50万元，比上年增加120.00万元，增长2.86%。主要原因是基本支出增加。"  # ours


@pytest.fixture(scope="module", autouse=True)
def one_thread() -> Iterator[None]:
    """One torch thread: on a shared CPU, two spinning threads made training 20× slower."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("transformer")
    dataset = export_dataset(ROOT / "annotations", root / "data", dev=[DEV], test=[TEST])
    base = build_tiny_checkpoint(
        root / "base", (text for split in dataset.values() for text in split["text"]), max_length=MAX_LENGTH
    )
    spec = importlib.util.spec_from_file_location("train_transformer", ROOT / "training" / "train_transformer.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    out = root / "model"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        script.main(
            ["--dataset", str(root / "data"), "--base", str(base), "--out", str(out), "--max-steps", "60", "--lr",
             "5e-3", "--batch-size", "16", "--max-length", str(MAX_LENGTH), "--stride", "32"]
        )  # fmt: skip
    report = json.loads(printed.getvalue()[printed.getvalue().rindex('{\n  "out"') :])
    return out, report["dev"]


@pytest.fixture(scope="module")
def nlp(trained: tuple[Path, dict]) -> spacy.Language:
    return spacy.load(trained[0])


def test_bio_decoding_of_joint_and_plain_labels() -> None:
    labels = ["B-AMOUNT|O", "I-AMOUNT|B-REASON", "O|I-REASON", "B-UNIT|I-REASON", "B-ACCOUNT|I-REASON", "I-ACCOUNT|O"]
    # position 3 is skipped (a space the model does not see): spans run over it
    assert decode(labels, [0, 1, 2, 4, 5, 6]) == [
        (0, 2, "AMOUNT"), (1, 6, "REASON"), (4, 5, "UNIT"), (5, 7, "ACCOUNT")
    ]  # fmt: skip
    # plain BIO labels; an I- that continues nothing starts a span
    assert decode(["B-UNIT", "B-UNIT", "I-AMOUNT", "B-REASON", "I-REASON"], range(5)) == [
        (0, 1, "UNIT"), (1, 2, "UNIT"), (2, 3, "AMOUNT"), (3, 5, "REASON")
    ]  # fmt: skip


def test_package_is_a_spacy_pipeline_with_the_model_inside(trained: tuple[Path, dict], nlp: spacy.Language) -> None:
    out = trained[0]
    assert nlp.pipe_names == ["mbnlp_hf_ner", "mbnlp_rules"]
    assert nlp.meta["name"] == "mbnlp-zh-transformer"
    rules = nlp.config["components"]["mbnlp_rules"]
    assert (rules["ents"], rules["authoritative"]) == ("fill", ["AMOUNT"])
    config = json.loads((out / "mbnlp_hf_ner" / "model" / "config.json").read_text(encoding="utf-8"))
    assert [config["id2label"][str(index)] for index in range(21)] == joint_labels()
    assert config["max_position_embeddings"] == MAX_LENGTH and config["hidden_size"] == 64


def test_tiny_model_learns_above_chance_on_the_held_out_document(trained: tuple[Path, dict]) -> None:
    dev = trained[1]
    # untrained, the random head scored micro F1 0.005-0.017 here (seeds 0-2); 60 steps find units and amounts
    assert dev["eval_f1"] > 0.25
    assert dev["eval_f1_UNIT"] > 0.5


def test_model_entities_survive_the_rules_layer(nlp: spacy.Language) -> None:
    with nlp.select_pipes(disable=["mbnlp_rules"]):
        model_only = nlp(SENTENCE)
    full = nlp(SENTENCE)
    rules = build_rules_pipeline()(SENTENCE)
    rule_amounts = [(span.start, span.end) for span in rules.ents if span.label_ == "AMOUNT"]
    assert model_only.ents, "the model tagged nothing"
    kept = {
        (span.start_char, span.end_char, span.label_)
        for span in model_only.ents
        if span.label_ != "AMOUNT" and not any(start < span.end and span.start < end for start, end in rule_amounts)
    }
    final = {(span.start_char, span.end_char, span.label_) for span in full.ents}
    assert kept and kept <= final
    amounts = [(span.text, span._.value, span._.unit, span._.yuan) for span in full.ents if span.label_ == "AMOUNT"]
    assert amounts == [
        ("4,321.50", "4321.50", "万元", "43215000.00"), ("120.00", "120.00", "万元", "1200000.00"),
        ("2.86", "2.86", "%", None),
    ]  # fmt: skip
    assert "reasons" in full.spans  # the model's REASON group, read by the extraction


def test_long_text_is_read_in_overlapping_windows(nlp: spacy.Language) -> None:
    text = SENTENCE * 6
    assert len(text) > 2 * MAX_LENGTH
    spans = nlp.get_pipe("mbnlp_hf_ner").predict([text, ""])
    assert spans[1] == []
    assert max(start for start, _, _ in spans[0]) > 2 * MAX_LENGTH


def test_extract_uses_the_packaged_model(trained: tuple[Path, dict], tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["extract", str(EXAMPLE), "--out", str(tmp_path), "--model", str(trained[0]), "--no-progress"]
    )
    assert result.exit_code == 0, result.output
    record = json.loads((tmp_path / "documents.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert record["model_version"].startswith("mbnlp-zh-transformer-")
    amounts = {entity["text"]: entity for entity in record["entities"] if entity["label"] == "AMOUNT"}
    assert {key: amounts["15,332,831.54"][key] for key in ("value", "unit", "yuan")} == {
        "value": "15332831.54", "unit": "元", "yuan": "15332831.54"
    }  # fmt: skip
    assert (amounts["11.18"]["value"], amounts["11.18"]["unit"], amounts["11.18"]["yuan"]) == ("11.18", "%", None)
    text = EXAMPLE.read_text(encoding="utf-8")
    start = amounts["15,396,036.66"]["start"]
    assert text[start : start + 13] == "15,396,036.66"

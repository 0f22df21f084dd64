"""``mbnlp annotations export --format hf``: the NER gold as a Hugging Face DatasetDict.

Facts checked by reading seed 000 (its 决算 summary paragraph: 年初预算 ``2520.34`` ``万元``, a
变动原因 whose REASON holds the ACCOUNT ``项目支出``) and our own OCR-style document (an
ACCOUNT broken by a line wrap); the label totals are those of ``annotations/ner/README.md``.
"""

from __future__ import annotations

from pathlib import Path

import datasets
import pytest
from typer.testing import CliRunner

from mbnlp.annotations import load_gold
from mbnlp.cli import app
from mbnlp.hf import FLAT_TAGS, REASON_TAGS
from mbnlp.hf.datasets import split_documents

ROOT = Path(__file__).resolve().parents[1]
DEV, TEST = "own/weijian_performance_2023.txt", "own/weijian_budget_2024.txt"
SEED_000 = "000_faa4df6e31bf1811.txt"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("hf") / "ner"
    arguments = ["annotations", "export", "--format", "hf", "--out", str(out), "--annotations", f"{ROOT}/annotations"]
    result = CliRunner().invoke(app, [*arguments, "--dev", DEV, "--test", TEST])
    assert result.exit_code == 0, result.output
    return out, result.output


@pytest.fixture(scope="module")
def dataset(exported: tuple[Path, str]) -> datasets.DatasetDict:
    return datasets.load_from_disk(str(exported[0]))


def row(split: datasets.Dataset, row_id: str) -> dict:
    return split[split["id"].index(row_id)]


def test_splits_are_by_document_and_reload(dataset: datasets.DatasetDict, exported: tuple[Path, str]) -> None:
    assert list(dataset) == ["train", "dev", "test"]
    assert set(dataset["dev"]["doc"]) == {DEV}
    assert set(dataset["test"]["doc"]) == {TEST}
    assert set(dataset["train"]["doc"]) == {
        "000_faa4df6e31bf1811.txt", "001_87a8803eb2674df3.txt", "002_5fb32d9fdb188baf.txt",
        "003_9adcdd7e9b7fe2b9.txt", "004_042fe53351928818.txt", "own/minzheng_final_accounts_2023.txt",
        "own/renshe_final_accounts_2023_ocr.txt", "own/zhujian_final_accounts_fullwidth.txt",
    }  # fmt: skip
    assert f"dev: {len(dataset['dev'])} rows from 1 documents" in exported[1]


def test_features_are_class_labels_over_the_documented_tags(dataset: datasets.DatasetDict) -> None:
    features = dataset["train"].features
    assert list(features) == ["id", "doc", "text", "tokens", "ner_tags", "reason_tags", "offsets"]
    assert features["ner_tags"].feature.names == [
        "O", "B-AMOUNT", "I-AMOUNT", "B-UNIT", "I-UNIT", "B-ACCOUNT", "I-ACCOUNT"
    ]  # fmt: skip
    assert features["reason_tags"].feature.names == ["O", "B-REASON", "I-REASON"]
    assert list(FLAT_TAGS) == features["ner_tags"].feature.names
    assert list(REASON_TAGS) == features["reason_tags"].feature.names


def test_every_gold_span_begins_one_b_tag(dataset: datasets.DatasetDict) -> None:
    begins = {"AMOUNT": 0, "UNIT": 0, "ACCOUNT": 0, "REASON": 0}
    for split in dataset.values():
        for tags, names in (("ner_tags", FLAT_TAGS), ("reason_tags", REASON_TAGS)):
            for sequence in split[tags]:
                for tag in sequence:
                    if names[tag].startswith("B-"):
                        begins[names[tag][2:]] += 1
    assert begins == {"AMOUNT": 1081, "UNIT": 1078, "ACCOUNT": 849, "REASON": 86}


def test_seed_amount_unit_and_nested_reason_tags(dataset: datasets.DatasetDict, seeds_dir: Path) -> None:
    example = row(dataset["train"], f"{SEED_000}:1365")
    text, tags, reasons = example["text"], example["ner_tags"], example["reason_tags"]
    assert example["tokens"] == list(text)
    assert example["offsets"][0] == [1365, 1366] and example["offsets"][-1] == [1365 + len(text) - 1, 1365 + len(text)]
    seed_text = load_gold(ROOT / "annotations" / "ner" / SEED_000.replace(".txt", ".jsonl"))[0].text
    assert seed_text[1365 : 1365 + len(text)] == text

    at = text.index("2520.34")
    assert [FLAT_TAGS[tag] for tag in tags[at : at + 10]] == [
        "B-AMOUNT", *["I-AMOUNT"] * 6, "B-UNIT", "I-UNIT", "O"
    ]  # fmt: skip
    assert text[at + 7 : at + 9] == "万元"

    reason = 87  # the 变动原因 clause, up to its "；"
    assert text[reason - 3 : reason] == "原因：" and text[reason + 20] == "；"
    assert [REASON_TAGS[tag] for tag in reasons[reason - 1 : reason + 21]] == ["O", "B-REASON", *["I-REASON"] * 19, "O"]
    account = text.index("项目支出", reason)
    assert account < reason + 20
    assert [FLAT_TAGS[tag] for tag in tags[account : account + 4]] == ["B-ACCOUNT", *["I-ACCOUNT"] * 3]
    assert all(REASON_TAGS[tag] == "I-REASON" for tag in reasons[account : account + 4])


def test_a_span_over_a_line_wrap_tags_the_line_break(dataset: datasets.DatasetDict) -> None:
    example = row(dataset["train"], "own/renshe_final_accounts_2023_ocr.txt:192")
    at = example["text"].index("财政拨\n款收入")
    assert [FLAT_TAGS[tag] for tag in example["ner_tags"][at : at + 7]] == ["B-ACCOUNT", *["I-ACCOUNT"] * 6]
    assert example["tokens"][at + 3] == "\n"


def test_default_split_is_a_seeded_partition_of_the_documents(seeds_dir: Path) -> None:
    gold = load_gold(ROOT / "annotations" / "ner")
    first, again = split_documents(gold, seed=0), split_documents(gold, seed=0)
    names = {name: [document.doc for document in split] for name, split in first.items()}
    assert names == {name: [document.doc for document in split] for name, split in again.items()}
    assert [len(names[name]) for name in ("train", "dev", "test")] == [8, 1, 1]
    assert sorted(doc for split in names.values() for doc in split) == sorted(document.doc for document in gold)
    with pytest.raises(ValueError, match="not in the gold"):
        split_documents(gold, dev=["no_such_document.txt"])

"""``mbnlp annotate``: pre-annotated tasks for Label Studio, doccano and DocBin, and the uncertainty ranking.

Facts read by hand: seed 000 has the ACCOUNT ``收入决算总计`` at [1383, 1389] (its gold,
annotations/ner/000_*.jsonl); seed 001's first reconstructed table ``t1`` has ``年度资金总额`` in
row 0, column 1 and ``121.3`` in column 2. The ranking paragraphs are our own sentences.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mbnlp.annotations import load_gold
from mbnlp.annotations.importing import import_export
from mbnlp.annotations.ranking import rank_by_uncertainty, uncertainty_scores
from mbnlp.annotations.tasks import Task, load_tasks, outside_regions
from mbnlp.annotations.tools import read_tasks, write_tasks
from mbnlp.ner.extract import DEFAULT_MODEL, load_pipeline, model_version

GOLD = Path(__file__).parents[1] / "annotations" / "ner"


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline(str(DEFAULT_MODEL))


@pytest.fixture(scope="module")
def seed_tasks(nlp, seeds_dir) -> list[Task]:
    return load_tasks(nlp, sorted(seeds_dir.glob("*.txt")))


def test_tasks_carry_document_offset_and_model_version(nlp, seed_tasks, seed):
    task = next(task for task in seed_tasks if task.doc == seed("000").name and task.offset <= 1383 < task.end)
    assert task.kind == "paragraph"
    assert task.sha256 == "876b4155bc1f09c37319b281d9f6e2949dbf89ddf9000ed572b805bd7d515b09"
    assert task.model_version == model_version(nlp) == "mbnlp-zh-0.1.0"
    assert (1383, 1389, "ACCOUNT") in task.document_spans()
    assert task.text[1383 - task.offset : 1389 - task.offset] == "收入决算总计"


def test_table_cells_carry_their_row_and_column(seed_tasks, seed):
    cells = {(t.table, t.row, t.column): t for t in seed_tasks if t.doc == seed("001").name and t.kind == "cell"}
    assert cells["t1", 0, 1].text == "年度资金总额"
    assert cells["t1", 0, 2].text == "121.3"
    assert (0, 5, "AMOUNT") in cells["t1", 0, 2].spans


def _reviewed_unchanged(path: Path) -> None:
    """What a Label Studio export of the tasks looks like when every prediction was accepted as is."""
    tasks = json.loads(path.read_text(encoding="utf-8"))
    for task in tasks:
        task["annotations"] = [{"id": 1, "result": task["predictions"][0]["result"], "was_cancelled": False}]
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize(("fmt", "seeds"), [("labelstudio", 5), ("doccano", 5), ("docbin", 2)])
def test_round_trip_gives_identical_spans(fmt, seeds, nlp, seed_tasks, seeds_dir, tmp_path):
    # a DocBin packs each Doc slowly (srsly looks its msgpack extensions up per Doc): two seeds suffice there
    names = sorted({task.doc for task in seed_tasks})[:seeds]
    tasks = [task for task in seed_tasks if task.doc in names]
    path = write_tasks(tasks, tmp_path / f"tasks.{fmt}", fmt, nlp)
    assert read_tasks(path, fmt, nlp) == tasks
    if fmt == "labelstudio":
        _reviewed_unchanged(path)
    result = import_export(path, fmt, nlp, docs_dir=seeds_dir)
    assert result.issues == [] and result.changes == []
    out = tmp_path / "gold.jsonl"
    out.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in result.records), "utf-8")
    gold = {document.doc: document for document in load_gold(out, seeds_dir)}
    assert sorted(gold) == names
    for doc in names:
        expected = sorted(span for task in tasks if task.doc == doc for span in task.document_spans())
        assert gold[doc].spans == expected
        assert gold[doc].regions == sorted((task.offset, task.end) for task in tasks if task.doc == doc)


def test_labelstudio_task_shape(nlp, seed_tasks, tmp_path):
    path = write_tasks(seed_tasks[:40], tmp_path / "tasks.json", "labelstudio", nlp)
    task = next(t for t in json.loads(path.read_text(encoding="utf-8")) if t["predictions"][0]["result"])
    assert set(task["data"]) >= {"text", "doc", "sha256", "offset", "kind", "model_version"}
    result = task["predictions"][0]["result"][0]
    assert result["from_name"] == "label" and result["to_name"] == "text" and result["type"] == "labels"
    value = result["value"]
    assert task["data"]["text"][value["start"] : value["end"]] == value["text"]


def test_ranking_puts_rule_model_disagreement_first(nlp):
    disputed = "培训费、差旅费、会议费共计8.8万元。"  # the rules tag 培训费 as ACCOUNT, the model does not
    agreed = "本单位无公务用车购置费支出。"  # both tag 公务用车购置费 and nothing else
    (_, disputed_count), (_, agreed_count) = uncertainty_scores(nlp, [disputed, agreed])
    assert (disputed_count, agreed_count) == (1, 0)
    tasks = [Task("own.txt", "0" * 64, offset, text, "paragraph") for offset, text in ((0, agreed), (100, disputed))]
    assert [task.text for task in rank_by_uncertainty(nlp, tasks)] == [disputed, agreed]


def test_ranking_needs_a_statistical_model():
    from mbnlp.ner import build_rules_pipeline

    with pytest.raises(ValueError, match="trained pipeline"):
        uncertainty_scores(build_rules_pipeline(), ["本单位无公务用车购置费支出。"])


def test_annotated_regions_are_left_out(seed_tasks, seed, seeds_dir):
    gold = load_gold(GOLD / "000_faa4df6e31bf1811.jsonl", seeds_dir)
    regions = {(document.doc, document.sha256): document.regions for document in gold}
    left = outside_regions(seed_tasks, regions)
    assert not any(task.doc == seed("000").name and task.offset <= 1383 < task.end for task in left)
    assert any(task.doc == seed("001").name for task in left)


def test_cli_writes_docbin_tasks_and_ranks(tmp_path):
    from spacy.tokens import DocBin
    from typer.testing import CliRunner

    from mbnlp.cli import app

    own = GOLD / "own" / "weijian_budget_2024.txt"
    out = tmp_path / "tasks.spacy"
    written = CliRunner().invoke(app, ["annotate", str(own), "--format", "docbin", "--out", str(out)])
    assert written.exit_code == 0, written.output
    docs = list(DocBin().from_disk(out).get_docs(load_pipeline(str(DEFAULT_MODEL)).vocab))
    paragraph = next(doc for doc in docs if doc.user_data["offset"] == 32)
    assert paragraph.user_data["doc"] == "weijian_budget_2024.txt"
    sha256 = "86cd9d18e51b4637c4262126ca4a869618de9d7bf70b9551b0568d137da077f1"
    assert paragraph.user_data["doc_id"] == paragraph.user_data["sha256"] == sha256
    assert paragraph.user_data["model_version"] == "mbnlp-zh-0.1.0"
    assert ("11229.01", "AMOUNT") in [(span.text, span.label_) for span in paragraph.ents]
    args = ["annotate", str(own), "--rank", "uncertainty", "--top", "2", "--out", str(tmp_path / "ranked.json")]
    ranked = CliRunner().invoke(app, args)
    assert ranked.exit_code == 0, ranked.output
    tasks = json.loads((tmp_path / "ranked.json").read_text(encoding="utf-8"))
    scores = [task["predictions"][0]["score"] for task in tasks]
    assert len(tasks) == 2 and scores == sorted(scores, reverse=True)
    assert {task["data"]["kind"] for task in tasks} == {"paragraph"}

"""``mbnlp annotations import``: corrected exports → stand-off gold, validated, diffed against the pre-annotation.

The document is our own ``annotations/ner/own/weijian_budget_2024.txt``. Its paragraph at offset 32
reads ``2024年收入预算总计11229.01 万元，…下降2.3%，主要原因是：基本公共卫生服务上级补助资金尚未下达，
年初未列入预算。``; the shipped model tags there, among others, AMOUNT ``11229.01`` [43, 51], UNIT ``%``
[109, 110] and REASON ``基本公共卫生服务上级补助资金尚未下达，年初未列入预算`` [117, 143] (read by hand).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mbnlp.annotations.diff import count_changes, diff_spans
from mbnlp.annotations.importing import import_export
from mbnlp.annotations.tasks import load_tasks
from mbnlp.annotations.tools import write_tasks
from mbnlp.ner.extract import DEFAULT_MODEL, load_pipeline

OWN = Path(__file__).parents[1] / "annotations" / "ner" / "own"
DOC = "weijian_budget_2024.txt"
PARAGRAPH = 32


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline(str(DEFAULT_MODEL))


@pytest.fixture(scope="module")
def tasks(nlp):
    return load_tasks(nlp, [OWN / DOC])


def _export(tasks, nlp, path: Path, edit) -> Path:
    """A Label Studio export of ``tasks``, every task reviewed; ``edit`` changes the result of the task at 32."""
    write_tasks(tasks, path, "labelstudio", nlp)
    records = json.loads(path.read_text(encoding="utf-8"))
    for record in records:
        result = [dict(item, value=dict(item["value"])) for item in record["predictions"][0]["result"]]
        if record["data"]["offset"] == PARAGRAPH:
            result = edit(record["data"]["text"], result)
        record["annotations"] = [{"id": 7, "result": result, "was_cancelled": False}]
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


def _span(text: str, start: int, end: int, label: str) -> dict:
    value = {"start": start, "end": end, "text": text[start:end], "labels": [label]}
    return {"from_name": "label", "to_name": "text", "type": "labels", "value": value}


def test_moved_deleted_added_are_reported_exactly(tasks, nlp, tmp_path):
    def edit(text, result):
        kept = []
        for item in result:
            value = item["value"]
            if value["labels"] == ["UNIT"] and value["text"] == "%":
                continue  # deleted: UNIT % at [109, 110]
            if value["labels"] == ["REASON"]:
                value.update(end=103, text=text[85:103])  # moved: the REASON ends before "，年初未列入预算"
            kept.append(item)
        return [*kept, _span(text, 85, 93, "ACCOUNT")]  # added: ACCOUNT 基本公共卫生服务

    path = _export(tasks, nlp, tmp_path / "export.json", edit)
    result = import_export(path, "labelstudio", nlp, docs_dir=OWN)
    assert result.issues == []
    assert [(c.kind, c.before, c.after) for c in result.changes] == [
        ("removed", (109, 110, "UNIT"), None),
        ("added", None, (117, 125, "ACCOUNT")),
        ("moved", (117, 143, "REASON"), (117, 135, "REASON")),
    ]
    counts = count_changes(result.changes)
    assert counts["ACCOUNT"] == {"added": 1, "removed": 0, "relabelled": 0, "moved": 0}
    assert counts["UNIT"] == {"added": 0, "removed": 1, "relabelled": 0, "moved": 0}
    assert counts["REASON"] == {"added": 0, "removed": 0, "relabelled": 0, "moved": 1}
    assert counts["AMOUNT"] == {"added": 0, "removed": 0, "relabelled": 0, "moved": 0}
    (record,) = result.records
    assert [117, 135, "REASON"] in record["spans"] and [117, 143, "REASON"] not in record["spans"]
    assert [117, 125, "ACCOUNT"] in record["spans"] and [109, 110, "UNIT"] not in record["spans"]


def test_relabelled_span():
    (change,) = diff_spans("d", [(0, 3, "AMOUNT")], [(0, 3, "UNIT")])
    assert (change.kind, change.label, change.after) == ("relabelled", "AMOUNT", (0, 3, "UNIT"))


def test_misaligned_span_is_listed_with_its_fix_and_kept_in_place(tasks, nlp, tmp_path):
    def edit(text, result):
        assert text[11:16] == "11229"
        return [*result, _span(text, 11, 16, "AMOUNT")]  # half of the token 11229.01 (and overlapping it)

    path = _export(tasks, nlp, tmp_path / "export.json", edit)
    result = import_export(path, "labelstudio", nlp, docs_dir=OWN)
    misaligned = [issue for issue in result.issues if issue.kind == "misaligned"]
    assert [(issue.span, issue.fix) for issue in misaligned] == [((43, 48, "AMOUNT"), (43, 51, "AMOUNT"))]
    assert "'11229.01'" in misaligned[0].message
    overlap = [issue for issue in result.issues if issue.kind == "overlap"]
    assert [issue.span for issue in overlap] == [(43, 51, "AMOUNT")]
    assert [43, 48, "AMOUNT"] in result.records[0]["spans"]  # never silently moved
    assert result.blocking(keep_misaligned=True) == overlap


def test_invalid_spans_are_caught(tasks, nlp, tmp_path):
    def edit(text, result):
        wrong_text = _span(text, 74, 77, "AMOUNT")
        wrong_text["value"]["text"] = "2.4"
        spaced = _span(text, 19, 22, "UNIT")  # " 万元" with its leading space
        return [*result, _span(text, 0, 4, "YEAR"), _span(text, 200, 205, "AMOUNT"), wrong_text, spaced]

    path = _export(tasks, nlp, tmp_path / "export.json", edit)
    issues = {issue.kind: issue for issue in import_export(path, "labelstudio", nlp, docs_dir=OWN).issues}
    assert set(issues) == {"label", "outside", "text", "whitespace"}
    assert issues["label"].span == (32, 36, "YEAR")
    assert issues["whitespace"].fix == (52, 54, "UNIT")
    assert "'2.4'" in issues["text"].message and "'2.3'" in issues["text"].message


def test_doccano_label_labels_and_entities_are_read(tasks, nlp, tmp_path):
    path = write_tasks(tasks, tmp_path / "tasks.jsonl", "doccano", nlp)
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for number, line in enumerate(lines):  # doccano exports: older "labels", newer "entities", meta under "meta"
        spans = line.pop("label")
        if number % 3 == 0:
            line["label"] = spans
        elif number % 3 == 1:
            line["labels"] = spans
        elif number % 3 == 2:
            line["entities"] = [{"start_offset": s, "end_offset": e, "label": label} for s, e, label in spans]
        line["meta"] = {key: line.pop(key) for key in ("doc", "sha256", "offset")}
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    result = import_export(path, "doccano", nlp, docs_dir=OWN)
    assert result.issues == [] and result.changes == []
    assert sorted(map(tuple, result.records[0]["spans"])) == sorted(s for t in tasks for s in t.document_spans())


def test_a_changed_document_is_refused(tasks, nlp, tmp_path):
    changed = tmp_path / "docs"
    changed.mkdir()
    (changed / DOC).write_text((OWN / DOC).read_text(encoding="utf-8") + "\n补记。\n", encoding="utf-8")
    path = write_tasks(tasks, tmp_path / "tasks.jsonl", "doccano", nlp)
    result = import_export(path, "doccano", nlp, docs_dir=changed)
    assert result.records == [] and result.skipped == [DOC]
    assert result.issues[0].kind == "document" and "sha256 mismatch" in result.issues[0].message


def test_cli_writes_nothing_on_a_misaligned_span(tasks, nlp, tmp_path):
    from typer.testing import CliRunner

    from mbnlp.cli import app

    path = _export(tasks, nlp, tmp_path / "export.json", lambda text, result: [*result, _span(text, 86, 90, "ACCOUNT")])
    out = tmp_path / "gold" / "new.jsonl"
    args = ["annotations", "import", str(path), "--from", "labelstudio", "--docs", str(OWN), "--out", str(out)]
    refused = CliRunner().invoke(app, args)
    assert refused.exit_code == 1 and not out.exists()
    assert "misaligned" in refused.output and "[117, 125, 'ACCOUNT']" in refused.output
    kept = CliRunner().invoke(app, [*args, "--keep-misaligned"])
    assert kept.exit_code == 0, kept.output
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["doc"] == DOC and [118, 122, "ACCOUNT"] in record["spans"]

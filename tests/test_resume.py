"""Resumable, atomic outputs: a run killed at any moment loses nothing and repeats nothing on resume."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import duckdb
import pyarrow.dataset as ds
import pytest
from typer.testing import CliRunner

from mbnlp.cli import app
from mbnlp.ner.rules import build_rules_pipeline
from mbnlp.outputs import DOCUMENTS_JSONL, OutputWriter
from mbnlp.outputs.writer import repair_journal
from mbnlp.records import RECORD_TYPES, DocumentResult, Error

EXAMPLES = Path(__file__).parents[1] / "examples"
runner = CliRunner()


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def rules_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The rules-only NER pipeline as a folder for ``--model`` (fast, deterministic)."""
    folder = tmp_path_factory.mktemp("model") / "rules"
    build_rules_pipeline().to_disk(folder)
    return folder


def write_documents(folder: Path, count: int) -> dict[str, str]:
    """``count`` distinct small documents (invented text, one varying line); doc_id -> file name."""
    folder.mkdir()
    ids = {}
    for number in range(count):
        text = (
            f"青溪县测试局2022年部门决算\n一、支出决算表\n金额单位：万元\n项目\t金额\n"
            f"行政运行\t{number}.50\n事业运行\t{number + 1}.25\n备注：第{number}号测试文件。\n"
        )
        data = text.encode()
        (folder / f"doc_{number:03d}.txt").write_bytes(data)
        ids[hashlib.sha256(data).hexdigest()] = f"doc_{number:03d}.txt"
    return ids


def count_lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def kill_after_lines(command: list[str], journal: Path, lines: int) -> None:
    """Start ``command`` and SIGKILL its whole process group once ``journal`` has ``lines`` lines."""
    log = journal.parent.parent / "killed-run.log"
    with log.open("wb") as stderr:
        process = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=stderr)
        deadline = time.monotonic() + 120  # a guard against a hung run, not a speed assertion
        while count_lines(journal) < lines:
            assert process.poll() is None, f"the run ended before {lines} lines: {log.read_text()}"
            assert time.monotonic() < deadline, "no progress"
            time.sleep(0.02)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def assert_each_document_once(out: Path, doc_ids: set[str]) -> None:
    """Every doc_id once in the journal, and its records exactly once in every dataset and table."""
    lines = read_jsonl(out / DOCUMENTS_JSONL)
    assert Counter(line["doc_id"] for line in lines) == Counter(doc_ids)
    expected = {
        record_type: Counter(
            {line["doc_id"]: 1 if record_type == "documents" else len(line[record_type]) for line in lines}
        )
        for record_type in RECORD_TYPES
    }
    with duckdb.connect(str(out / "mbnlp.duckdb"), read_only=True) as con:
        for record_type in RECORD_TYPES:
            want = +expected[record_type]
            query = f'SELECT doc_id, count(*) FROM "{record_type}" GROUP BY doc_id'
            assert Counter(dict(con.execute(query).fetchall())) == want, record_type
            if want:
                table = ds.dataset(out / record_type, format="parquet").to_table(columns=["doc_id"])
                assert Counter(table["doc_id"].to_pylist()) == want, record_type
    assert not list(out.rglob(".tmp-*"))


def test_kill_9_mid_run_then_resume_records_every_document_once(tmp_path: Path, rules_model: Path) -> None:
    ids = write_documents(tmp_path / "docs", 200)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "mbnlp", "extract", str(tmp_path / "docs"), "--out", str(out), "--no-progress"]
    command += ["--model", str(rules_model), "--part-size", "16"]
    kill_after_lines([*command, "--jobs", "2"], out / DOCUMENTS_JSONL, 70)
    assert not (out / "mbnlp.duckdb").exists()  # the run never finished

    done_before = count_lines(out / DOCUMENTS_JSONL)  # whole lines; a torn last one is redone
    assert 70 <= done_before < 200
    resumed = subprocess.run(command, capture_output=True, text=True, check=False)
    assert resumed.returncode == 0, resumed.stderr
    assert (
        resumed.stdout.strip() == f"200 inputs: 200 ok, 0 failed, 0 duplicates ({done_before} done by an earlier run)"
    )
    assert_each_document_once(out, set(ids))
    sources = {Path(line["source"]).name for line in read_jsonl(out / DOCUMENTS_JSONL)}
    assert sources == set(ids.values())

    again = subprocess.run(command, capture_output=True, text=True, check=False)
    assert again.stdout.strip() == "200 inputs: 200 ok, 0 failed, 0 duplicates (200 done by an earlier run)"
    assert_each_document_once(out, set(ids))


def test_failed_input_is_retried_and_its_old_records_removed(tmp_path: Path, rules_model: Path) -> None:
    docs = tmp_path / "docs"
    write_documents(docs, 2)
    broken = docs / "doc_001.txt"
    good = broken.read_bytes()
    broken.write_bytes(b"")
    out = tmp_path / "out"
    args = ["extract", str(docs), "--out", str(out), "--no-progress", "--model", str(rules_model)]
    first = runner.invoke(app, args)
    assert first.output.strip().splitlines()[-1] == "2 inputs: 1 ok, 1 failed, 0 duplicates"

    broken.write_bytes(good)
    second = runner.invoke(app, args)
    assert second.exit_code == 0
    assert second.output.strip().splitlines()[-1] == "2 inputs: 2 ok, 0 failed, 0 duplicates (1 done by an earlier run)"
    lines = read_jsonl(out / DOCUMENTS_JSONL)
    assert [(Path(line["source"]).name, line["status"]) for line in lines] == [
        ("doc_000.txt", "ok"),
        ("doc_001.txt", "ok"),
    ]
    with duckdb.connect(str(out / "mbnlp.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM errors").fetchall() == [(0,)]
        assert con.execute("SELECT count(*) FROM documents").fetchall() == [(2,)]


def test_same_bytes_under_a_new_path_is_a_duplicate_of_the_earlier_run(tmp_path: Path, rules_model: Path) -> None:
    docs = tmp_path / "docs"
    write_documents(docs, 1)
    copy = tmp_path / "later" / "副本 one.txt"
    copy.parent.mkdir()
    shutil.copy(docs / "doc_000.txt", copy)
    out = tmp_path / "out"
    options = ["--out", str(out), "--no-progress", "--model", str(rules_model)]
    runner.invoke(app, ["extract", str(docs), *options])
    result = runner.invoke(app, ["extract", str(copy), *options])
    assert result.output.strip().splitlines()[-1] == "1 inputs: 0 ok, 0 failed, 1 duplicates"
    first, second = read_jsonl(out / DOCUMENTS_JSONL)
    assert second["status"] == "duplicate" and second["duplicate_of"] == first["source"]
    assert second["doc_id"] == first["doc_id"]


def _result(number: int, errors: int = 0) -> DocumentResult:
    return DocumentResult(
        doc_id=f"{number:064x}",
        source=f"doc{number}.txt",
        status="failed" if errors else "ok",
        errors=[Error(stage="load", message=f"problem {n}") for n in range(errors)],
    )


def test_writer_repairs_what_a_killed_run_left(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with OutputWriter(out, flush_every=2) as writer:
        for number in range(3):
            writer.write(_result(number, errors=number))
    # A killed run: one part set without its committing documents part, a torn journal line.
    shutil.copy(next((out / "errors").glob("part-*.parquet")), out / "errors" / "part-zzz-00000.parquet")
    (out / "documents" / ".tmp-part-zzz-00000.parquet").write_bytes(b"PAR1")
    with (out / DOCUMENTS_JSONL).open("a", encoding="utf-8") as journal:
        journal.write(_result(7).to_json()[:40])

    writer = OutputWriter(out)
    assert sorted(key[1] for key in writer.done) == ["doc0.txt", "doc1.txt", "doc2.txt"]
    assert not (out / "errors" / "part-zzz-00000.parquet").exists()
    assert not list(out.rglob(".tmp-*"))
    writer.retract([(f"{2:064x}", "doc2.txt")])
    writer.write(_result(2))
    writer.close()
    assert_each_document_once(out, {f"{n:064x}" for n in range(3)})
    with duckdb.connect(str(out / "mbnlp.duckdb"), read_only=True) as con:
        assert con.execute("SELECT source, message FROM errors").fetchall() == [("doc1.txt", "problem 0")]


def test_repair_journal_cuts_only_a_torn_last_line(tmp_path: Path) -> None:
    journal = tmp_path / DOCUMENTS_JSONL
    journal.write_bytes(b'{"a": 1}\n{"b": 2}\n{"c": ')
    repair_journal(journal)
    assert journal.read_bytes() == b'{"a": 1}\n{"b": 2}\n'
    repair_journal(journal)
    assert journal.read_bytes() == b'{"a": 1}\n{"b": 2}\n'
    journal.write_bytes(b'{"c": ')
    repair_journal(journal)
    assert journal.read_bytes() == b""


def test_a_second_writer_on_the_same_folder_is_refused(tmp_path: Path) -> None:
    with OutputWriter(tmp_path / "out"):
        result = runner.invoke(app, ["extract", str(EXAMPLES), "--out", str(tmp_path / "out"), "--no-progress"])
    assert result.exit_code == 2
    assert "is being written by another mbnlp run" in result.output


def test_a_reopened_journal_gives_back_sources_with_quotes_and_backslashes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    source = 'docs\\a "引号" 文件.txt'
    with OutputWriter(out) as writer:
        writer.write(DocumentResult(doc_id="a" * 64, source=source))
        writer.write(DocumentResult(doc_id=None, source="missing.txt", status="failed"))
    writer = OutputWriter(out)
    assert list(writer.done.values()) == [("a" * 64, source, "ok"), (None, "missing.txt", "failed")]
    writer.close()

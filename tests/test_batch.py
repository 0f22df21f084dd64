"""Bulk extraction from the command line: every input accounted for, outputs agree."""

from __future__ import annotations

import codecs
import json
import os
import shutil
from pathlib import Path

import duckdb
import jsonschema
import pyarrow.dataset as ds
import pytest
from typer.testing import CliRunner

from mbnlp import extract, load_document
from mbnlp.batch import extract_locally
from mbnlp.batch import runner as batch_runner
from mbnlp.batch.runner import IN_FLIGHT_PER_WORKER
from mbnlp.cli import app
from mbnlp.pipeline import extract_file
from mbnlp.records import RECORD_TYPES, DocumentResult, document_json_schema

runner = CliRunner()


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def mixed_batch(tmp_path: Path, seed) -> Path:
    """An empty file, a PDF, an undecodable file, a valid seed and a byte-identical copy of it."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "a_empty.txt").write_bytes(b"")
    (inputs / "b_scan.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    (inputs / "c_broken.txt").write_bytes("收入决算表".encode() + b"\xff\xfe\xfa" + "单位：万元".encode())
    shutil.copy(seed("004"), inputs / "d_seed.txt")
    shutil.copy(seed("004"), inputs / "e_same bytes 副本.txt")
    return inputs


def test_mixed_batch_accounts_for_every_input(tmp_path: Path, mixed_batch: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(mixed_batch), "--out", str(out), "--csv", "--no-progress"])
    assert result.exit_code == 1, result.output
    assert result.output.strip().splitlines()[-1] == "5 inputs: 1 ok, 3 failed, 1 duplicates"

    lines = read_jsonl(out / "documents.jsonl")
    by_name = {Path(line["source"]).name: line for line in lines}
    assert [by_name[n]["status"] for n in sorted(by_name)] == ["failed", "failed", "failed", "ok", "duplicate"]
    assert by_name["e_same bytes 副本.txt"]["duplicate_of"] == by_name["d_seed.txt"]["source"]
    assert by_name["e_same bytes 副本.txt"]["doc_id"] == by_name["d_seed.txt"]["doc_id"]
    assert by_name["d_seed.txt"]["meta"]["department"].endswith("门头沟区医疗保障局")
    assert "PDF" in by_name["b_scan.txt"]["errors"][0]["message"]
    assert "empty" in by_name["a_empty.txt"]["errors"][0]["message"]
    for name in ("a_empty.txt", "b_scan.txt", "c_broken.txt"):
        assert by_name[name]["source"] in by_name[name]["errors"][0]["message"]

    with duckdb.connect(str(out / "mbnlp.duckdb"), read_only=True) as con:
        errors = con.execute("SELECT source, stage, message FROM errors ORDER BY source").fetchall()
        assert [Path(source).name for source, _, _ in errors] == ["a_empty.txt", "b_scan.txt", "c_broken.txt"]
        assert con.execute("SELECT status, count(*) FROM documents GROUP BY status ORDER BY status").fetchall() == [
            ("duplicate", 1),
            ("failed", 3),
            ("ok", 1),
        ]
    assert (out / "csv" / "errors.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_outputs_validate_and_agree(tmp_path: Path, seeds_dir: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(seeds_dir), "--out", str(out), "--jobs", "2", "--no-progress"])
    assert result.exit_code == 0, result.output
    lines = read_jsonl(out / "documents.jsonl")
    assert len(lines) == 5
    validator = jsonschema.Draft202012Validator(document_json_schema())
    for line in lines:
        validator.validate(line)
    with duckdb.connect(str(out / "mbnlp.duckdb"), read_only=True) as con:
        for record_type in RECORD_TYPES:
            expected = len(lines) if record_type == "documents" else sum(len(line[record_type]) for line in lines)
            assert con.execute(f'SELECT count(*) FROM "{record_type}"').fetchone()[0] == expected
            if (out / record_type).is_dir():
                assert ds.dataset(out / record_type, format="parquet").count_rows() == expected
            columns = con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                [record_type],
            ).fetchall()
            assert columns[:2] == [("doc_id",), ("source",)]
        years = dict(con.execute("SELECT regexp_extract(source, '(\\d{3})_', 1), year FROM documents").fetchall())
    assert years == {"000": 2022, "001": 2022, "002": 2023, "003": 2022, "004": 2022}


def test_jobs_do_not_change_results(tmp_path: Path, seeds_dir: Path) -> None:
    for jobs in ("1", "2"):
        runner.invoke(app, ["extract", str(seeds_dir), "--out", str(tmp_path / jobs), "-j", jobs, "--no-progress"])
    assert read_jsonl(tmp_path / "1" / "documents.jsonl") == read_jsonl(tmp_path / "2" / "documents.jsonl")


def test_globs_and_missing_paths(tmp_path: Path, seeds_dir: Path) -> None:
    out = tmp_path / "out"
    pattern = str(seeds_dir / "00[12]_*.txt")
    result = runner.invoke(app, ["extract", pattern, str(tmp_path / "nope.txt"), "--out", str(out), "--no-progress"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == "3 inputs: 2 ok, 1 failed, 0 duplicates"
    missing = read_jsonl(out / "documents.jsonl")[-1]
    assert missing["status"] == "failed" and "nope.txt" in missing["errors"][0]["message"]


def test_rerun_resumes_and_force_replaces(tmp_path: Path, seed) -> None:
    out = tmp_path / "out"
    first = runner.invoke(app, ["extract", str(seed("001")), "--out", str(out), "--no-progress"])
    assert first.output.strip().splitlines()[-1] == "1 inputs: 1 ok, 0 failed, 0 duplicates"
    part = next((out / "documents").glob("part-*.parquet"))
    again = runner.invoke(app, ["extract", str(seed("001")), "--out", str(out), "--no-progress"])
    assert again.output.strip().splitlines()[-1] == "1 inputs: 1 ok, 0 failed, 0 duplicates (1 done by an earlier run)"
    assert list((out / "documents").glob("part-*.parquet")) == [part]
    forced = runner.invoke(app, ["extract", str(seed("001")), "--out", str(out), "--no-progress", "--force"])
    assert forced.output.strip().splitlines()[-1] == "1 inputs: 1 ok, 0 failed, 0 duplicates"
    assert len(read_jsonl(out / "documents.jsonl")) == 1
    assert [p.name for p in (out / "documents").glob("part-*.parquet")] != [part.name]


def test_max_bytes_refuses_large_files(tmp_path: Path, seed) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(seed("001")), "--out", str(out), "--max-bytes", "100", "--no-progress"])
    assert result.exit_code == 1
    (line,) = read_jsonl(out / "documents.jsonl")
    assert "larger than 100 bytes" in line["errors"][0]["message"]


@pytest.mark.parametrize(
    "args",
    [
        ["extract", "--out", "x"],  # no PATH
        ["extract", "somefile.txt"],  # no --out
        ["extract", "f.txt", "--out", "x", "--jobs", "0"],
        ["nonsense-command"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert runner.invoke(app, args).exit_code == 2


def test_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "no input documents" in result.output


def test_help_explains_every_option() -> None:
    text = runner.invoke(app, ["extract", "--help"]).output
    for option in ("--out", "--jobs", "--csv", "--max-bytes", "--progress", "--force", "--unordered", "--engine"):
        assert option in text
    assert "extract" in runner.invoke(app, ["--help"]).output


def test_schema_command_prints_the_output_schema() -> None:
    schema = json.loads(runner.invoke(app, ["schema"]).output)
    assert schema["title"] == "DocumentResult"
    assert {"doc_id", "source", "meta", "entities", "tables", "indicators", "funds", "accounts",
            "statements", "checks", "errors"} <= set(schema["properties"])


@pytest.mark.parametrize("prefix", ["000", "002", "003"])
def test_reencoded_seed_gives_the_same_results(seed, prefix: str) -> None:
    text = seed(prefix).read_text(encoding="utf-8")
    variants = [
        text.encode("utf-8"),
        text.encode("gbk"),
        text.encode("gb18030"),
        codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        codecs.BOM_UTF8 + text.encode("utf-8"),
    ]
    results = [extract(load_document(data, source="seed")).model_dump(exclude={"doc_id", "encoding"}) for data in variants]
    assert all(result == results[0] for result in results)
    assert results[0]["meta"]["year"] == (2023 if prefix == "002" else 2022)


def test_unordered_output_holds_the_same_lines(tmp_path: Path, seeds_dir: Path) -> None:
    for name, extra in (("ordered", []), ("unordered", ["--unordered"])):
        paths = [str(seeds_dir), str(tmp_path / "nope.txt")]
        options = ["--out", str(tmp_path / name), "-j", "2", "--no-progress", *extra]
        result = runner.invoke(app, ["extract", *paths, *options])
        assert result.output.strip().splitlines()[-1] == "6 inputs: 5 ok, 1 failed, 0 duplicates"
    ordered = read_jsonl(tmp_path / "ordered" / "documents.jsonl")
    unordered = read_jsonl(tmp_path / "unordered" / "documents.jsonl")
    assert sorted(unordered, key=lambda line: line["source"]) == sorted(ordered, key=lambda line: line["source"])
    assert unordered[-1]["source"].endswith("nope.txt")  # inputs that are not extracted come last


def test_workers_take_only_a_few_sources_ahead(seeds_dir: Path) -> None:
    paths = sorted(seeds_dir.glob("*.txt")) * 3
    taken: list[str] = []

    def sources():
        for path in paths:
            taken.append(str(path))
            yield str(path)

    results = extract_locally(sources(), jobs=2, max_bytes=None)
    first = next(results)
    assert len(taken) <= 2 * IN_FLIGHT_PER_WORKER
    every = [first, *results]
    assert [result.source for result in every] == [str(path) for path in paths]
    assert [result.doc_id for result in every[5:10]] == [result.doc_id for result in every[:5]]


def _extract_or_die(path: str, **options) -> DocumentResult:
    """``extract_file``, except that the worker process dies on a file named ``die*``."""
    if Path(path).name.startswith("die"):
        os._exit(1)
    return extract_file(path, **options)


def test_a_dying_worker_fails_only_the_documents_in_flight(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch_runner, "extract_file", _extract_or_die)  # worker processes are forked
    text = (Path(__file__).parents[1] / "examples" / "narrative_final_accounts_yuan.txt").read_text(encoding="utf-8")
    names = ["a.txt", "die.txt", "b.txt", "c.txt", "d.txt", "e.txt", "f.txt"]
    for number, name in enumerate(names):
        (tmp_path / name).write_text(f"{text}\n第{number}号。\n", encoding="utf-8")
    results = list(extract_locally([str(tmp_path / name) for name in names], jobs=2))
    assert [Path(result.source).name for result in results] == names
    died = results[1]
    assert died.status == "failed" and died.errors[0].stage == "worker"
    assert "the worker process died while extracting it" in died.errors[0].message
    # At most 2 * IN_FLIGHT_PER_WORKER documents were in flight with it; the ones after went to a new pool.
    assert [result.status for result in results[1 + 2 * IN_FLIGHT_PER_WORKER :]] == ["ok", "ok"]

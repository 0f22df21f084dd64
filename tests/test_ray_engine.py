"""The Ray engine gives the same outputs as the local engine, on a local two-CPU Ray instance."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from mbnlp.batch import BatchSummary
from mbnlp.distributed import extract
from mbnlp.distributed.ray_engine import in_source_order, ray_session
from mbnlp.errors import EngineError
from mbnlp.outputs.writer import ResultLine
from mbnlp.records import RECORD_TYPES, DocumentResult

EXAMPLES = Path(__file__).parents[1] / "examples"


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    """One local Ray instance of two CPUs for the whole module; the engine reuses it."""
    with ray_session(None, num_cpus=2):
        yield


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, seed) -> list[str]:
    """The five seeds, the six examples, an empty file, a PDF and a byte-identical copy of seed 004."""
    extra = tmp_path_factory.mktemp("extra")
    (extra / "a_empty.txt").write_bytes(b"")
    (extra / "b_scan.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    shutil.copy(seed("004"), extra / "c_copy.txt")
    return [str(seeds_dir), str(EXAMPLES), str(extra)]


Runs = dict[str, tuple[BatchSummary, Path]]


@pytest.fixture(scope="module")
def runs(local_ray: None, batch: list[str], tmp_path_factory: pytest.TempPathFactory) -> Runs:
    """The same batch extracted by each engine: its counts and its output folder."""
    out = tmp_path_factory.mktemp("out")
    return {
        "ray": (extract(batch, out / "ray", engine="ray", jobs=2), out / "ray"),
        "local": (extract(batch, out / "local", engine="local", jobs=1), out / "local"),
    }


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def query(out: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(out / "mbnlp.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_ray_counts_as_local(runs: Runs) -> None:
    assert runs["ray"][0] == runs["local"][0] == BatchSummary(inputs=14, ok=11, failed=2, duplicates=1)


def test_ray_writes_the_same_documents_as_local(runs: Runs, seed) -> None:
    ray_lines = read_jsonl(runs["ray"][1] / "documents.jsonl")
    assert ray_lines == read_jsonl(runs["local"][1] / "documents.jsonl")
    by_name = {Path(line["source"]).name: line for line in ray_lines}
    assert by_name[seed("004").name]["meta"]["department"].endswith("门头沟区医疗保障局")
    assert by_name["c_copy.txt"]["duplicate_of"] == by_name[seed("004").name]["source"]
    assert by_name["narrative_final_accounts_yuan.txt"]["meta"]["department"] == "鹭江市青禾区医疗保障局"
    assert by_name["space_aligned_budget.txt"]["meta"]["year"] == 2024


def test_bad_inputs_fail_alike(runs: Runs) -> None:
    sql = "SELECT source, stage, message FROM errors ORDER BY source"
    errors = query(runs["ray"][1], sql)
    assert errors == query(runs["local"][1], sql)
    assert [Path(source).name for source, _, _ in errors] == ["a_empty.txt", "b_scan.txt"]
    assert "empty" in errors[0][2]
    assert "PDF" in errors[1][2]


def test_record_counts_agree(runs: Runs) -> None:
    counts = {
        engine: {name: query(out, f'SELECT count(*) FROM "{name}"')[0][0] for name in RECORD_TYPES}
        for engine, (_, out) in runs.items()
    }
    assert counts["ray"] == counts["local"]
    assert counts["ray"]["documents"] == 14


def _duplicate(source: str) -> ResultLine:
    return ResultLine.of(DocumentResult(doc_id="0" * 64, source=source, status="duplicate", duplicate_of="first.txt"))


def test_documents_ray_gave_up_on_become_failures_in_place() -> None:
    sources = ["a.txt", "b.txt", "c.txt", "d.txt"]
    rows = iter([(0, _duplicate("a.txt")), (2, _duplicate("c.txt"))])
    results = list(in_source_order(sources, rows))
    assert [(r.source, r.status) for r in results] == [
        ("a.txt", "duplicate"),
        ("b.txt", "failed"),
        ("c.txt", "duplicate"),
        ("d.txt", "failed"),
    ]
    assert results[1].result().errors[0].stage == "worker"
    assert results[1].result().errors[0].message.startswith("b.txt: Ray gave up on it")


def test_a_failed_run_fails_the_documents_left() -> None:
    def rows() -> Iterator[tuple[int, ResultLine]]:
        yield 0, _duplicate("a.txt")
        raise RuntimeError("actor could not load the model")

    results = list(in_source_order(["a.txt", "b.txt", "c.txt"], rows()))
    assert [r.status for r in results] == ["duplicate", "failed", "failed"]
    assert results[2].result().errors[0].message == "c.txt: the Ray engine failed: RuntimeError: actor could not load the model"


def test_missing_ray_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(EngineError, match=r"pip install 'mbnlp\[ray\]'"):
        extract([str(EXAMPLES / "space_aligned_budget.txt")], tmp_path / "out", engine="ray")

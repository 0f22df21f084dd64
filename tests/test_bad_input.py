"""Bad and extreme input: every file ends as the right result or as an error row naming the problem."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from mbnlp import load_document
from mbnlp.cli import app
from mbnlp.structure import detect_meta, split_blocks
from mbnlp.tables import reconstruct, table_records

runner = CliRunner()
MAX_BYTES = 10_000_000
BIG = 200 * 1024 * 1024
TITLE = "青溪县测试局2022年部门决算\n"
UTF8_PART = "第一行说明\n".encode()


def wide_table() -> str:
    """A tab-separated table of 500 columns and 3 rows (invented numbers)."""
    header = "\t".join(["项目"] + [f"第{column}列" for column in range(1, 500)])
    rows = [
        "\t".join([f"支出{row}"] + [f"{row}{column}.{column % 100:02d}" for column in range(1, 500)])
        for row in (1, 2, 3)
    ]
    return f"{TITLE}一、宽表\n金额单位：元\n{header}\n" + "\n".join(rows) + "\n"


def nested_html(depth: int) -> str:
    """A small HTML table inside ``depth`` nested ``<div>`` elements."""
    table = (
        "<table><tr><th>项目</th><th>金额</th></tr><tr><td>行政运行</td><td>12.50</td></tr>"
        "<tr><td>事业运行</td><td>3.25</td></tr></table>"
    )
    body = f"<p>{TITLE.strip()}</p><p>金额单位：万元</p>{table}"
    return "<html><body>" + "<div>" * depth + body + "</div>" * depth + "</body></html>"


BAD_INPUTS: dict[str, bytes] = {
    "空 文件.txt": b"",
    "只有 BOM.txt": b"\xef\xbb\xbf",
    "扫描件 scan.txt": b"\x89PNG\r\n\x1a\n" + bytes(range(1, 200)),
    "binary.txt": bytes(range(1, 32)) * 50,  # 27 of every 31 are control characters (not tab, LF, FF, CR)
    "截断 utf8.txt": f"{TITLE}支出合计 12.50万元\n".encode() + "元".encode()[:2],
    "混合 编码.txt": UTF8_PART + "第二行说明\n".encode("gbk"),
    "nul bytes.txt": "说明".encode() + b"\x00\x00" + "金额".encode(),
    "宽表 500列.txt": wide_table().encode(),
    "深层 nested.html": nested_html(10_000).encode(),
}


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict]]:
    """One batch over every bad input plus a sparse 200 MB file, refused by ``--max-bytes``."""
    folder = tmp_path_factory.mktemp("bad") / "输入 文件夹"
    folder.mkdir()
    for name, data in BAD_INPUTS.items():
        (folder / name).write_bytes(data)
    with (folder / "巨大 200MB.txt").open("wb") as big:
        big.truncate(BIG)  # sparse: costs no disk, and is never read
    out = folder.parent / "out"
    result = runner.invoke(
        app, ["extract", str(folder), "--out", str(out), "--max-bytes", str(MAX_BYTES), "--no-progress"]
    )
    assert result.exit_code == 1, result.output
    assert result.output.strip().splitlines()[-1] == "10 inputs: 3 ok, 7 failed, 0 duplicates"
    lines = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    return out, {Path(line["source"]).name: line for line in lines}


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("空 文件.txt", "empty file"),
        ("只有 BOM.txt", "empty file (no text after the byte-order mark or before a cut character)"),
        ("扫描件 scan.txt", "is a PNG image; run OCR on it first"),
        ("binary.txt", "looks like binary data (1350 control characters in 1550)"),
        ("混合 编码.txt", f"invalid UTF-8: undecodable byte 0xb5 at offset {len(UTF8_PART)}"),
        ("nul bytes.txt", "contains a NUL byte at offset 6: binary data, or UTF-16/32 without a byte-order mark"),
        ("巨大 200MB.txt", f"is {BIG} bytes, larger than {MAX_BYTES} bytes (the --max-bytes limit)"),
    ],
)
def test_refused_input_is_an_error_row_naming_file_and_problem(batch, name: str, reason: str) -> None:
    out, lines = batch
    line = lines[name]
    assert line["status"] == "failed"
    (error,) = line["errors"]
    assert error["message"] == f"{line['source']}: {reason}"
    with duckdb.connect(str(out / "mbnlp.duckdb"), read_only=True) as con:
        assert con.execute("SELECT message FROM errors WHERE source = ?", [line["source"]]).fetchall() == [
            (error["message"],)
        ]


def test_a_200_mb_file_is_refused_by_default_without_reading_it(batch, tmp_path: Path) -> None:
    out, lines = batch
    big = lines["巨大 200MB.txt"]["source"]
    result = runner.invoke(app, ["extract", big, "--out", str(tmp_path / "out"), "--no-progress"])
    assert result.output.strip().splitlines()[-1] == "1 inputs: 0 ok, 1 failed, 0 duplicates"
    (line,) = map(json.loads, (tmp_path / "out" / "documents.jsonl").read_text(encoding="utf-8").splitlines())
    assert line["doc_id"] is None  # never hashed
    assert line["errors"][0]["message"] == f"{big}: is {BIG} bytes, larger than 20000000 bytes (the --max-bytes limit)"


def test_sources_keep_spaces_and_chinese_names(batch) -> None:
    out, lines = batch
    assert set(lines) == {*BAD_INPUTS, "巨大 200MB.txt"}
    for name, line in lines.items():
        assert line["source"].endswith(f"输入 文件夹/{name}")
    with duckdb.connect(str(out / "mbnlp.duckdb"), read_only=True) as con:
        sources = {source for (source,) in con.execute("SELECT source FROM documents").fetchall()}
    assert sources == {line["source"] for line in lines.values()}


def test_file_cut_inside_its_last_character_is_extracted_with_a_warning(batch) -> None:
    _, lines = batch
    line = lines["截断 utf8.txt"]
    assert line["status"] == "ok"
    assert line["meta"]["year"] == 2022
    (warning,) = line["warnings"]
    assert "ends inside a multi-byte utf-8 character" in warning
    assert [(e["text"], e["yuan"]) for e in line["entities"] if e["label"] == "AMOUNT"] == [("12.50", "125000.00")]


def test_table_of_500_columns(batch) -> None:
    _, lines = batch
    (table,) = lines["宽表 500列.txt"]["tables"]
    assert len(table["header"]) == 500
    assert table["header"][-1] == "第499列"
    assert [row[0] for row in table["rows"]] == ["支出1", "支出2", "支出3"]
    assert table["rows"][1][1] == "21.01" and table["rows"][1][499] == "2499.99"
    assert table["unit"] == "元"


def test_deeply_nested_html(batch) -> None:
    _, lines = batch
    line = lines["深层 nested.html"]
    (table,) = line["tables"]
    assert table["header"] == ["项目", "金额"]
    assert table["rows"] == [["行政运行", "12.50"], ["事业运行", "3.25"]]
    assert line["meta"]["department"] == "青溪县测试局" and line["meta"]["default_unit"] == "万元"
    raw = nested_html(10_000)
    assert [(a["name"], a["value"], raw[a["start"] : a["end"]]) for a in line["accounts"]] == [
        ("行政运行", "12.50", "12.50"),
        ("事业运行", "3.25", "3.25"),
    ]


def test_100000_one_cell_lines_read_as_one_two_column_table() -> None:
    """A cell-per-line dump of 49 999 rows; the structure and table stages stay linear."""
    pairs = "".join(f"支出{row}\n{row}.{row % 100:02d}\n" for row in range(1, 50_000))
    text = f"一、支出决算表\n金额单位：元\n项目\n金额\n{pairs}"
    assert text.count("\n") == 100_002
    document = load_document(text.encode(), source="long")
    blocks = split_blocks(document)
    meta = detect_meta(document, blocks)
    (table,) = reconstruct(document, blocks, meta)
    (record,) = table_records([table]).tables
    assert record.header == ["项目", "金额"]
    assert len(record.rows) == 49_999
    assert record.rows[12_344] == ["支出12345", "12345.45"]
    cell = table.rows[12_344].cells[1]
    assert document.text[cell.start : cell.end] == "12345.45"

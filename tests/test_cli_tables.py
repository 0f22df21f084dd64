"""``mbnlp tables``: reconstructed tables printed for a person to compare with the source."""

from __future__ import annotations

from typer.testing import CliRunner

from mbnlp.cli import app

runner = CliRunner()


def test_prints_one_table_with_its_rows_and_source_lines(seed) -> None:
    result = runner.invoke(app, ["tables", str(seed("002")), "--table", "t3"])
    assert result.exit_code == 0, result.output
    assert "支出决算表" in result.output and "公开03表" in result.output and "单位：万元" in result.output
    row = next(line for line in result.output.splitlines() if "2101550" in line)
    assert [cell.strip() for cell in row.strip("│ ").split("│")][:5] == ["2101550", "事业运行", "648.61", "590.11", "58.50"]
    assert "lines 134–142" in result.output


def test_unknown_table_and_bad_input(seed, tmp_path) -> None:
    assert runner.invoke(app, ["tables", str(seed("002")), "--table", "t999"]).exit_code == 1
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["tables", str(empty)])
    assert result.exit_code == 2 and "empty file" in result.output

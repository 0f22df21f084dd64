"""The bundled sample documents (written by us): what a reader sees in each one."""

from __future__ import annotations

from pathlib import Path

import pytest

import mbnlp

EXAMPLES = Path(__file__).parents[1] / "examples"


@pytest.mark.parametrize(
    ("name", "department", "year", "doc_kind", "default_unit"),
    [
        ("narrative_final_accounts_yuan.txt", "鹭江市青禾区医疗保障局", 2023, "final_accounts", "元"),
        ("tab_tables_final_accounts.txt", "桐岭市医疗保障事务中心", 2022, "final_accounts", "万元"),
        ("cell_per_line_performance.txt", "禾丰县医疗保障局", 2022, "performance_report", "万元"),
        ("space_aligned_budget.txt", "岷川县卫生健康局", 2024, "budget", "万元"),
        ("pipe_and_html_tables.md", "云岭县医疗保障局", 2023, "final_accounts", "万元"),
        ("cell_per_line_no_blank_lines.txt", "青溪县人力资源和社会保障局", 2023, "final_accounts", "元"),
    ],
)
def test_example_meta(name: str, department: str, year: int, doc_kind: str, default_unit: str) -> None:
    result = mbnlp.extract(mbnlp.load_document(EXAMPLES / name))
    assert result.status == "ok"
    assert result.meta.model_dump() == {
        "department": department,
        "year": year,
        "doc_kind": doc_kind,
        "default_unit": default_unit,
    }


def test_every_example_is_covered() -> None:
    assert len(list(EXAMPLES.iterdir())) == 6

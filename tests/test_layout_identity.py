"""Every layout gives the same rows for the same table.

Each seed and example is extracted as it is, and again with every table region rewritten
in each layout of :data:`~mbnlp.tables.render.LAYOUTS` (:func:`rerender_tables`); the
typed records (indicators, funds, accounts) and the tables (kind, title, unit, header,
rows) must be the same. Offsets differ by construction and are not compared.

What a layout cannot carry is its inherent ambiguity, and is said here rather than hidden:

* ``spaced``: a row with no text at all prints as nothing (a blank line between printed
  lines is only spacing), so the table loses that row;
* ``cell_lines_no_blank``: a table with no number below its first row (an empty
  statement table, a table of text) gives a dump without blank lines no row width to
  read it by (see :mod:`mbnlp.tables.layouts.widths`). Such a dump also prints an empty
  cell as ``—``, which reads back as an empty cell whatever the original held; the
  records are the same either way.

A table the original has in such a shape (:data:`LOSSES`) is left out of the comparison
of ``tables``; every record must still be the same, and so must every other table.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mbnlp
from mbnlp.classification import children, lookup
from mbnlp.loading import Document, load_document
from mbnlp.records import DocumentResult
from mbnlp.structure import split_blocks
from mbnlp.tables.grid import Grid
from mbnlp.tables.layouts import read_grid
from mbnlp.tables.layouts.kinds import cell_kind
from mbnlp.tables.render import LAYOUTS, render_grid, rerender_tables

EXAMPLES = Path(__file__).parents[1] / "examples"
SEED_PREFIXES = ["000", "001", "002", "003", "004"]
RECORD_TYPES = ("indicators", "funds", "accounts")
TABLE_FIELDS = ("kind", "title", "unit", "header", "rows")
OFFSETS = ("start", "end")


def has_empty_row(grid: Grid) -> bool:
    """Whether a row has no text: ``spaced`` prints it as nothing."""
    return any(not any(row.texts) for row in grid.rows)


def has_no_number_below_first_row(grid: Grid) -> bool:
    """Whether no cell below the first row is a number: ``cell_lines_no_blank`` gives no row width."""
    return not any(cell_kind(text) == "number" for row in grid.rows[1:] for text in row.texts)


LOSSES: dict[str, Callable[[Grid], bool]] = {"spaced": has_empty_row, "cell_lines_no_blank": has_no_number_below_first_row}


def facts(result: DocumentResult) -> dict[str, list[dict]]:
    """The records and tables of an extraction, without offsets."""
    found = {
        kind: [record.model_dump(exclude=set(OFFSETS)) for record in getattr(result, kind)] for kind in RECORD_TYPES
    }
    found["tables"] = [table.model_dump(include=set(TABLE_FIELDS)) for table in result.tables]
    return found


def lossy_tables(document: Document, result: DocumentResult, layout: str) -> set[int]:
    """Positions in ``result.tables`` of the tables printed from a grid ``layout`` cannot carry."""
    if layout not in LOSSES:
        return set()
    lossy = LOSSES[layout]
    lost = [
        (block.start, block.end)
        for block in split_blocks(document)
        if block.kind == "table" and lossy(read_grid(document, block))
    ]
    return {at for at, table in enumerate(result.tables) if any(start <= table.start < end for start, end in lost)}


LABELS = [f"seed {prefix}" for prefix in SEED_PREFIXES] + sorted(path.name for path in EXAMPLES.iterdir())


@pytest.fixture(scope="module")
def originals(seed) -> dict[str, tuple[Document, DocumentResult]]:
    """Each seed and example, and its extraction."""
    found = {}
    for label in LABELS:
        document = load_document(seed(label.removeprefix("seed ")) if label.startswith("seed ") else EXAMPLES / label)
        found[label] = (document, mbnlp.extract(document))
    return found


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("label", LABELS)
def test_every_layout_gives_the_same_records_and_tables(originals, label: str, layout: str) -> None:
    document, original = originals[label]
    rerendered = load_document(rerender_tables(document, layout).encode("utf-8"), source=f"{label}#{layout}")
    expected, found = facts(original), facts(mbnlp.extract(rerendered))
    for kind in RECORD_TYPES:
        assert found[kind] == expected[kind], kind
    assert len(found["tables"]) == len(expected["tables"])
    lost = lossy_tables(document, original, layout)
    for at, (table, wanted) in enumerate(zip(found["tables"], expected["tables"], strict=True)):
        if at not in lost:
            assert table == wanted, f"table {at + 1}: {wanted['title']}"


def test_the_losses_are_the_ones_stated(originals) -> None:
    """The tables left out above, read off the documents: seed 001's 部门整体支出绩效自评表
    (its funds and its indicators) has an empty row between 可持续影响指标 and 服务对象满意度指标;
    seed 003's 公开12表 (部门整体支出绩效自评情况) holds text only; the example's 公开07表 and
    公开08表 are empty tables (a header and a 合计 row)."""
    lost = [
        (label, layout, original.tables[at].kind, original.tables[at].label or original.tables[at].title)
        for label, (document, original) in originals.items()
        for layout in LOSSES
        for at in sorted(lossy_tables(document, original, layout))
    ]
    assert lost == [
        ("seed 001", "spaced", "project_funds", "2022年度部门整体支出绩效自评表"),
        ("seed 001", "spaced", "performance_indicators", "2022年度部门整体支出绩效自评表"),
        ("seed 003", "cell_lines_no_blank", "other", "公开12表"),
        ("tab_tables_final_accounts.txt", "cell_lines_no_blank", "account_detail", "公开07表"),
        ("tab_tables_final_accounts.txt", "cell_lines_no_blank", "account_detail", "公开08表"),
    ]


# --- random statement tables, one document per layout ---------------------------------

FUNCTIONAL_CLASSES = ["201", "205", "208", "210", "213", "221"]
AMOUNTS = st.one_of(
    st.sampled_from(["0.00", "—"]),
    st.builds("{:,}.{:02d}".format, st.integers(0, 9_999_999), st.integers(0, 99)),
)
FULL_AMOUNTS = st.builds("{:,}.{:02d}".format, st.integers(1, 9_999_999), st.integers(0, 99))
INCOME_LINES = ["一、一般公共预算财政拨款收入", "二、政府性基金预算财政拨款收入", "三、上级补助收入", "四、事业收入", "五、其他收入"]
NUMERALS = "一二三四五六七八九十"


@st.composite
def coded_rows(draw: st.DrawFn) -> list[tuple[str, str]]:
    """Codes with their official names, 类 then its 款 then their 项, in code order."""
    subjects = []
    for code in draw(st.sets(st.sampled_from(FUNCTIONAL_CLASSES), min_size=1, max_size=2)):
        subjects.append(lookup(code))
        for section in draw(st.lists(st.sampled_from(children(code)[:4]), min_size=1, max_size=2, unique=True)):
            subjects.append(section)
            if items := children(section.code)[:4]:
                subjects += draw(st.lists(st.sampled_from(items), max_size=2, unique=True))
    return sorted((subject.code, subject.name) for subject in subjects)


@st.composite
def expenditure_tables(draw: st.DrawFn) -> list[list[str]]:
    """科目编码 科目名称 合计 基本支出 项目支出, a 合计 row, then coded rows."""
    rows = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]]
    rows.append(["", "合计", draw(FULL_AMOUNTS), draw(AMOUNTS), draw(AMOUNTS)])
    rows += [[code, name, draw(FULL_AMOUNTS), draw(AMOUNTS), draw(AMOUNTS)] for code, name in draw(coded_rows())]
    return rows


@st.composite
def summary_tables(draw: st.DrawFn) -> list[list[str]]:
    """A two-sided summary: income lines beside expenditure 类, then the totals; the first
    line has an amount (a line of names alone under the header reads as a header row)."""
    income = INCOME_LINES[: draw(st.integers(1, len(INCOME_LINES)))]
    classes = sorted(draw(st.sets(st.sampled_from(FUNCTIONAL_CLASSES), min_size=1, max_size=5)))
    spending = [f"{NUMERALS[at]}、{lookup(code).name}" for at, code in enumerate(classes)]
    rows = [["收入", "", "支出", ""], ["项目", "金额", "项目（按功能分类）", "金额"]]
    for at in range(max(len(income), len(spending))):
        left = [income[at], draw(FULL_AMOUNTS if at == 0 else AMOUNTS)] if at < len(income) else ["", ""]
        right = [spending[at], draw(AMOUNTS)] if at < len(spending) else ["", ""]
        rows.append(left + right)
    rows.append(["本年收入合计", draw(FULL_AMOUNTS), "本年支出合计", draw(FULL_AMOUNTS)])
    rows.append(["总计", draw(FULL_AMOUNTS), "总计", draw(FULL_AMOUNTS)])
    return rows


def accounts_in(rows: list[list[str]], layout: str) -> list[dict]:
    """The ``accounts`` records of a small document holding ``rows`` printed in ``layout``."""
    text = f"支出决算表\n单位：万元\n{render_grid(rows, layout)}\n"
    result = mbnlp.extract(load_document(text.encode("utf-8")))
    return [record.model_dump(exclude=set(OFFSETS)) for record in result.accounts]


@settings(max_examples=25, deadline=None)
@given(rows=st.one_of(expenditure_tables(), summary_tables()))
def test_random_statement_tables_give_the_same_accounts_in_every_layout(rows: list[list[str]]) -> None:
    expected = accounts_in(rows, "tabbed")
    amounts = [cell.replace(",", "") for row in rows for cell in row if cell_kind(cell) == "number" and "." in cell]
    assert sorted(record["value"] for record in expected) == sorted(amounts)
    for layout in LAYOUTS:
        assert accounts_in(rows, layout) == expected, layout

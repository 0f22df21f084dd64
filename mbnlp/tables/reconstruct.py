"""From table blocks to structured tables.

1. Each table block is read into a grid (:func:`~mbnlp.tables.layouts.read_grid`); its
   title, label and unit are read around it (:mod:`.finding`); a block that continues
   the table before it (page break) is merged into it.
2. A performance table (绩效自评表) is split into its project-funds table and its
   indicators table, which share the project context (:mod:`.sections`,
   :mod:`.performance`); blocks of other rows that hold amounts (a 重点工作任务 list)
   become statement tables of their own.
3. Any other table is a statement table: header merged (re-anchored on its 栏次 numbers when
   printed out of step, :mod:`.anchoring`), rows aligned to typed columns, totals marked
   (:mod:`.statements`), kind decided (:mod:`.kinds`), codes that do not fit their names
   flagged (:mod:`.codes`).

Tables are numbered ``t1``, ``t2`` … in document order.
"""

from __future__ import annotations

from dataclasses import replace

import regex

from ..loading import Document
from ..records.models import Meta, TableKind
from ..structure import Block, detect_meta, split_blocks
from .cells import compact
from .codes import flag_codes
from .finding import (
    TableHeading,
    caption_before,
    continues,
    heading_before,
    heading_in_rows,
    leading_meta_rows,
    repeated_header,
)
from .grid import Grid, Row
from .header import column_numbers, displaced_total, label_paths, split_header
from .kinds import statement_kind
from .layouts import read_grid
from .model import ProjectContext, ReconstructedTable
from .performance import fund_columns, fund_rows, indicator_columns, indicator_rows
from .sections import PerformanceParts, Section, performance_parts
from .statements import statement_rows

BRACKETED_UNIT = regex.compile(r"[（(]\s*(亿\s*元|万\s*元|千\s*元|元)\s*[）)]")


def reconstruct(
    document: Document, blocks: list[Block] | None = None, meta: Meta | None = None
) -> list[ReconstructedTable]:
    """The tables of ``document`` in document order (its blocks and meta are found when
    not given).

    A statement table without a declared unit takes the document's default unit; the
    funds of a performance table take the unit declared in or above the table, else none.
    """
    blocks = split_blocks(document) if blocks is None else blocks
    default_unit = (detect_meta(document, blocks) if meta is None else meta).default_unit
    tables = [
        table for heading, grid in printed_tables(document, blocks) for table in interpret(heading, grid, default_unit)
    ]
    return [replace(table, id=f"t{number}") for number, table in enumerate(tables, 1)]


def printed_tables(document: Document, blocks: list[Block]) -> list[tuple[TableHeading, Grid]]:
    """Each printed table: its heading and its grid (meta rows removed, continuations merged)."""
    found: list[tuple[TableHeading, Grid]] = []
    last = -1
    for index, block in enumerate(blocks):
        if block.kind != "table":
            continue
        grid = read_grid(document, block)
        meta = leading_meta_rows(grid.rows)
        heading = heading_in_rows(grid.rows[:meta]).filled_from(heading_before(blocks, index))
        grid = replace(grid, rows=grid.rows[meta:])
        if not grid.rows:
            continue
        if found and continues(found[-1][1], grid, heading, blocks[last + 1 : index]):
            previous_heading, previous = found[-1]
            rows = grid.rows[repeated_header(previous, grid) :]
            merged = replace(previous, rows=previous.rows + rows, end=grid.end, notes=previous.notes + grid.notes)
            found[-1] = (previous_heading.filled_from(heading), merged)
        else:
            found.append((heading.filled_from(caption_before(blocks, index)), grid))
        last = index
    return found


def interpret(heading: TableHeading, grid: Grid, default_unit: str | None) -> list[ReconstructedTable]:
    """The structured tables one printed table holds (two or more for a performance table)."""
    parts = performance_parts(grid.rows)
    if parts is None:
        tables = [statement_table(heading, grid.rows, grid.layout, heading.unit or default_unit)]
    else:
        tables = performance_tables(heading, grid, parts, default_unit)
    return [replace(table, notes=[*grid.notes, *table.notes]) for table in tables]


def statement_table(heading: TableHeading, rows: list[Row], layout: str, unit: str | None) -> ReconstructedTable:
    """A table keyed by code or line-item name."""
    header, data = split_header(rows)
    header, total_label = displaced_total(header)
    columns, aligned = statement_rows(header, data, _width(rows), column_numbers(rows), total_label)
    table = ReconstructedTable(
        id="",
        kind=statement_kind(heading.title, columns, aligned),
        title=heading.title,
        label=heading.label,
        unit=unit,
        start=rows[0].start,
        end=rows[-1].end,
        columns=columns,
        rows=aligned,
        layout=layout,
    )
    flag_codes(table)
    return table


def performance_tables(
    heading: TableHeading, grid: Grid, parts: PerformanceParts, default_unit: str | None
) -> list[ReconstructedTable]:
    """The funds table, the indicators table and any other block of amounts, in printed order."""
    tables: list[tuple[int, ReconstructedTable]] = []
    for rows in parts.others:
        table = statement_table(heading, rows, grid.layout, heading.unit or default_unit)
        tables.append((rows[0].start, replace(table, context=parts.context)))
    if parts.funds is not None:
        tables.append((_start(parts.funds), _funds_table(heading, grid.layout, parts.funds, parts.context)))
    if parts.indicators is not None:
        indicators = _indicators_table(heading, grid.layout, parts.indicators, parts.context)
        tables.append((_start(parts.indicators), indicators))
    return [table for _, table in sorted(tables, key=lambda pair: pair[0])]


def _funds_table(heading: TableHeading, layout: str, section: Section, context: ProjectContext) -> ReconstructedTable:
    paths = label_paths(section.header, _width(section.header + section.rows))
    columns = fund_columns(paths, section.rows)
    table = _section_table("project_funds", heading, layout, section, context)
    return replace(table, columns=columns, rows=fund_rows(section, columns), unit=_fund_unit(heading, section))


def _indicators_table(
    heading: TableHeading, layout: str, section: Section, context: ProjectContext
) -> ReconstructedTable:
    columns = indicator_columns(label_paths(section.header, _width(section.header + section.rows)))
    table = _section_table("performance_indicators", heading, layout, section, context)
    return replace(table, columns=columns, rows=indicator_rows(section, columns))


def _section_table(
    kind: TableKind, heading: TableHeading, layout: str, section: Section, context: ProjectContext
) -> ReconstructedTable:
    """A table over one section of a performance table, still without columns and rows."""
    return ReconstructedTable(
        id="",
        kind=kind,
        title=heading.title,
        label=heading.label,
        unit=None,
        start=_start(section),
        end=(section.rows or section.header)[-1].end,
        columns=[],
        rows=[],
        context=context,
        layout=layout,
    )


def _fund_unit(heading: TableHeading, section: Section) -> str | None:
    """The money unit printed in the funds block label (``项目资金（万元）``), else the table's declared unit."""
    rows = section.header + ([section.above] if section.above else [])
    for row in rows:
        for text in row.texts:
            found = BRACKETED_UNIT.search(compact(text))
            if found:
                return regex.sub(r"\s", "", found.group(1))
    return heading.unit


def _start(section: Section) -> int:
    return section.header[0].start


def _width(rows: list[Row]) -> int:
    """The number of columns: the longest row, without trailing columns empty in every row."""
    width = max((len(row.cells) for row in rows), default=0)
    while width and all(len(row.cells) < width or not row.cells[width - 1].text for row in rows):
        width -= 1
    return width

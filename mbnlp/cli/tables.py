"""``mbnlp tables``: print the reconstructed tables of a document next to their source lines."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table as RichTable

from ..errors import MbnlpInputError
from ..loading import load_document
from ..tables import ReconstructedTable, reconstruct
from ._app import app

WIDE = 400  # when piped (to a file or ``less -S``), keep every row on one line


def _line_number(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def render_table(table: ReconstructedTable, text: str) -> RichTable:
    """One reconstructed table as a rich table, its caption saying where it sits in the source."""
    context = [
        table.id,
        table.label,
        table.title,
        table.kind,
        table.unit and f"单位：{table.unit}",
        table.context.project and f"项目：{table.context.project}",
    ]
    where = f"lines {_line_number(text, table.start)}–{_line_number(text, table.end)}, layout {table.layout}"
    view = RichTable(title=" · ".join(part for part in context if part), caption=where, show_lines=False)
    for column in table.columns:
        label = column.label if column.side is None else f"{column.label} ({column.side})"
        view.add_column(label, overflow="fold")
    for row in table.rows:
        view.add_row(*row.texts, style="bold" if row.total else None)
    return view


@app.command()
def tables(
    path: Annotated[Path, typer.Argument(help="A document (text, Markdown or HTML).", show_default=False)],
    table_id: Annotated[
        Optional[str], typer.Option("--table", "-t", help="Print only this table (t1, t2, …).")
    ] = None,
) -> None:
    """Print the tables reconstructed from PATH as aligned text, so a person can compare them
    with the source: title, label, kind, unit, project, the source lines they came from, the
    merged header and every row (totals in bold)."""
    try:
        document = load_document(path)
    except MbnlpInputError as error:
        raise typer.BadParameter(str(error), param_hint="PATH") from error
    console = Console(width=None if sys.stdout.isatty() else WIDE)
    found = [table for table in reconstruct(document) if table_id in (None, table.id)]
    if not found:
        typer.echo("no table found" if table_id is None else f"no table {table_id}", err=True)
        raise typer.Exit(code=1)
    for table in found:
        console.print(render_table(table, document.text))

"""The ``mbnlp`` command line: one shared Typer app, one module per command."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from ..about import __version__

app = typer.Typer(
    name="mbnlp",
    help=(
        "Turn Chinese government budget documents (部门决算, 部门预算, 绩效自评) into clean, "
        "typed, checkable data: entities, tables, indicator/fund/account rows, statements and checks, "
        "each traced to its character offsets in the source text."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"mbnlp {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        Optional[bool],
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the mbnlp version and exit."),
    ] = None,
) -> None:
    """mbnlp: budget documents in, trustworthy tables out."""

"""The ``mbnlp`` command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from .about import __version__
from .batch import DOCUMENT_SUFFIXES, extract_paths
from .errors import NoInputsError
from .records import document_json_schema

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


@app.command()
def extract(
    paths: Annotated[
        list[str],
        typer.Argument(
            help=(
                "Input files, folders (searched recursively for "
                + ", ".join(f"*{s}" for s in sorted(DOCUMENT_SUFFIXES))
                + ") or glob patterns such as 'docs/**/*.txt' (quote them). "
                "Text may be UTF-8 (with or without BOM), GBK/GB18030 or UTF-16 with BOM."
            ),
            show_default=False,
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help=(
                "Output folder. Receives documents.jsonl (one JSON object per input, failed ones "
                "included), one Parquet dataset per record type (<record type>/part-*.parquet) and "
                "mbnlp.duckdb (one table per record type). Outputs of an earlier run there are replaced."
            ),
        ),
    ],
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, help="Worker processes; output order stays the input order.")
    ] = 1,
    csv: Annotated[
        bool, typer.Option("--csv", help="Also write csv/<record type>.csv, UTF-8 with BOM so Excel opens them.")
    ] = False,
    max_bytes: Annotated[
        Optional[int],
        typer.Option("--max-bytes", min=1, help="Refuse (as an error record) any input larger than this many bytes."),
    ] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar on stderr.")] = True,
) -> None:
    """Extract every input into OUT and print 'N inputs: X ok, Y failed, Z duplicates'.

    Each input ends as exactly one line of documents.jsonl: a result, a failure (with its
    reason in the errors table) or a duplicate (the same bytes as an earlier path). One
    broken file never stops the batch. Exit status: 0 if every input succeeded, 1 if some
    failed, 2 for usage errors.
    """
    try:
        summary = extract_paths(paths, out, jobs=jobs, csv=csv, max_bytes=max_bytes, progress=progress)
    except NoInputsError as error:
        raise typer.BadParameter(str(error), param_hint="PATHS") from error
    typer.echo(str(summary))
    raise typer.Exit(code=1 if summary.failed else 0)


@app.command()
def schema() -> None:
    """Print the JSON Schema of one line of documents.jsonl (the SPEC §2 object)."""
    typer.echo(json.dumps(document_json_schema(), ensure_ascii=False, indent=2))

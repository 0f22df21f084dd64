"""``mbnlp extract``: bulk extraction into the SPEC §2 output folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..batch import DOCUMENT_SUFFIXES, extract_paths
from ..errors import NoInputsError
from ._app import app


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
    model: Annotated[
        Optional[Path],
        typer.Option(
            "--model", exists=True, file_okay=False, help="NER pipeline folder; default: the shipped model, else rules only."
        ),
    ] = None,
    user_dict: Annotated[
        Optional[Path],
        typer.Option("--user-dict", exists=True, dir_okay=False, help="Extra jieba dictionary (word [freq] [tag] a line)."),
    ] = None,
) -> None:
    """Extract every input into OUT and print 'N inputs: X ok, Y failed, Z duplicates'.

    Each input ends as exactly one line of documents.jsonl: a result, a failure (with its
    reason in the errors table) or a duplicate (the same bytes as an earlier path). One
    broken file never stops the batch. Exit status: 0 if every input succeeded, 1 if some
    failed, 2 for usage errors.
    """
    try:
        summary = extract_paths(
            paths,
            out,
            jobs=jobs,
            csv=csv,
            max_bytes=max_bytes,
            progress=progress,
            model=None if model is None else str(model),
            user_dict=None if user_dict is None else str(user_dict),
        )
    except NoInputsError as error:
        raise typer.BadParameter(str(error), param_hint="PATHS") from error
    typer.echo(str(summary))
    raise typer.Exit(code=1 if summary.failed else 0)

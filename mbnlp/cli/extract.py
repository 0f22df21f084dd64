"""``mbnlp extract``: bulk extraction into the SPEC §2 output folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..batch import DOCUMENT_SUFFIXES, Engine, extract_paths
from ..errors import EngineError, NoInputsError, OutputLockedError
from ._app import app

DEFAULT_MAX_BYTES = 20_000_000
"""Over 300 times the largest seed document (60 kB); bounds the memory and time one input can take."""


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
                "mbnlp.duckdb (one table per record type). A folder holding an earlier run is resumed: "
                "inputs recorded there as ok or duplicate are skipped, failed ones retried (see --force)."
            ),
        ),
    ],
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Worker processes (with --engine ray: Ray actors); each loads the model once.",
        ),
    ] = 1,
    unordered: Annotated[
        bool,
        typer.Option(
            "--unordered",
            help="Write each result as soon as it is done rather than in input order (local engine; "
            "duplicates and missing inputs come last).",
        ),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Start afresh: remove an earlier run's outputs in OUT and recompute all.")
    ] = False,
    engine: Annotated[
        Engine,
        typer.Option("--engine", help="local: a pool of worker processes; ray: a Ray cluster (see --address)."),
    ] = "local",
    address: Annotated[
        Optional[str],
        typer.Option(
            "--address",
            help="Ray cluster address with --engine ray: auto, HOST:PORT or ray://HOST:10001; default: a local one.",
        ),
    ] = None,
    part_size: Annotated[
        int, typer.Option("--part-size", min=1, help="Documents per Parquet part file (a run killed loses none).")
    ] = 200,
    csv: Annotated[
        bool, typer.Option("--csv", help="Also write csv/<record type>.csv, UTF-8 with BOM so Excel opens them.")
    ] = False,
    max_bytes: Annotated[
        int,
        typer.Option(
            "--max-bytes",
            min=0,
            help="Refuse (as an error record, without reading it) any input larger than this many bytes; 0: no limit.",
        ),
    ] = DEFAULT_MAX_BYTES,
    progress: Annotated[bool, typer.Option(help="Show a progress bar on stderr.")] = True,
    model: Annotated[
        Optional[Path],
        typer.Option(
            "--model",
            exists=True,
            file_okay=False,
            help="NER pipeline folder; default: the shipped model, else rules only.",
        ),
    ] = None,
    user_dict: Annotated[
        Optional[Path],
        typer.Option(
            "--user-dict", exists=True, dir_okay=False, help="Extra jieba dictionary (word [freq] [tag] a line)."
        ),
    ] = None,
) -> None:
    """Extract every input into OUT and print 'N inputs: X ok, Y failed, Z duplicates'.

    Each input ends as exactly one line of documents.jsonl: a result, a failure (with its
    reason in the errors table) or a duplicate (the same bytes as an earlier path). One
    broken file never stops the batch; a killed run, run again, resumes where it stopped.
    Exit status: 0 if every input succeeded, 1 if some failed, 2 for usage errors.
    """
    try:
        summary = extract_paths(
            paths,
            out,
            jobs=jobs,
            csv=csv,
            max_bytes=max_bytes or None,
            progress=progress,
            model=None if model is None else str(model),
            user_dict=None if user_dict is None else str(user_dict),
            ordered=not unordered,
            force=force,
            engine=engine,
            address=address,
            part_size=part_size,
        )
    except NoInputsError as error:
        raise typer.BadParameter(str(error), param_hint="PATHS") from error
    except OutputLockedError as error:
        raise typer.BadParameter(str(error), param_hint="--out") from error
    except EngineError as error:
        typer.echo(f"Error: {error}", err=True)
        raise typer.Exit(code=2) from error
    typer.echo(str(summary))
    raise typer.Exit(code=1 if summary.failed else 0)

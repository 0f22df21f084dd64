"""``mbnlp train``: train the NER pipeline on the gold annotations."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..training import DEFAULT_CONFIG
from ..training import train as train_pipeline
from ._app import app


@app.command()
def train(
    annotations: Annotated[
        Path, typer.Option("--annotations", help="The annotations folder (its ner/ gold is used) or a gold .jsonl file.")
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the trained pipeline (replaced).")],
    config: Annotated[Path, typer.Option("--config", help="The spaCy training config.")] = DEFAULT_CONFIG,
    seed: Annotated[int, typer.Option("--seed", help="Random seed: the same seed gives the same weights.")] = 0,
    held_out: Annotated[
        Optional[list[str]],
        typer.Option("--held-out", help="A gold document name to leave out of training and score as dev (repeatable)."),
    ] = None,
    max_steps: Annotated[
        Optional[int], typer.Option("--max-steps", min=1, help="Override the config's [training] max_steps.")
    ] = None,
) -> None:
    """Train the mbnlp pipeline (rules + tok2vec + ner) on the gold and save it to OUT,
    loadable with spacy.load(OUT). Progress goes to stderr."""
    path = train_pipeline(
        annotations, out, config=config, seed=seed, held_out_docs=held_out, max_steps=max_steps, log=sys.stderr
    )
    typer.echo(f"saved {path}")

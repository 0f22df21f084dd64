"""``mbnlp annotations export``: the NER gold as a dataset for other tools."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .annotations import annotations_app


class ExportFormat(str, Enum):
    hf = "hf"


@annotations_app.command("export")
def export(
    out: Annotated[Path, typer.Option("--out", "-o", help="The folder to write (datasets.load_from_disk reads it).")],
    format: Annotated[
        ExportFormat, typer.Option("--format", help="hf: a Hugging Face datasets DatasetDict (train/dev/test).")
    ] = ExportFormat.hf,
    annotations: Annotated[
        Path, typer.Option("--annotations", help="The annotations folder (its ner/ gold) or a gold .jsonl file.")
    ] = Path("annotations"),
    dev: Annotated[
        Optional[list[str]], typer.Option("--dev", help="A gold document name for the dev split (repeatable).")
    ] = None,
    test: Annotated[
        Optional[list[str]], typer.Option("--test", help="A gold document name for the test split (repeatable).")
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Shuffles the documents when no --dev/--test is given.")] = 0,
    ratio: Annotated[
        float,
        typer.Option("--ratio", min=0.0, max=0.5, help="Share of the documents for each of test and dev if unnamed."),
    ] = 0.1,
) -> None:
    """Export the NER gold, split by document, and print the rows and documents of each split.

    Rows are paragraphs, character-level: id, doc, text, tokens, ner_tags (BIO over AMOUNT,
    UNIT, ACCOUNT), reason_tags (BIO over REASON, which may nest the others) and offsets
    (each character's [start, end] in its document). The seeds' text is read from the seed
    folder now and written only to OUT.
    """
    from ..hf.component import require_transformers
    from ..hf.datasets import export_dataset

    require_transformers(("datasets",))
    dataset = export_dataset(annotations, out, dev=dev or (), test=test or (), seed=seed, ratio=ratio)
    for name, split in dataset.items():
        typer.echo(f"{name}: {len(split)} rows from {len(set(split['doc']))} documents")
    typer.echo(f"saved {out}")

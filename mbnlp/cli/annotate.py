"""``mbnlp annotate``: pre-annotate documents as tasks for Label Studio, doccano or spaCy, optionally
ranked by where annotating helps most."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table as RichTable
from spacy.language import Language

from ..annotations import load_gold
from ..annotations.ranking import rank_by_uncertainty
from ..annotations.tasks import Task, load_tasks, outside_regions
from ..annotations.tools import FORMATS, write_tasks
from ..batch.inputs import find_inputs
from ..ner.extract import load_pipeline
from ._app import app

RANKINGS = ("uncertainty",)


@app.command()
def annotate(
    docs: Annotated[list[str], typer.Argument(help="Document files, folders (recursive) or glob patterns.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the tasks.")],
    fmt: Annotated[str, typer.Option("--format", help=f"One of: {', '.join(FORMATS)}.")] = "labelstudio",
    model: Annotated[
        Optional[str], typer.Option("--model", help="A pipeline folder; default: the shipped model, else the rules.")
    ] = None,
    cells: Annotated[
        bool, typer.Option("--cells/--no-cells", help="Also write table cells (with table, row, column).")
    ] = True,
    rank: Annotated[
        Optional[str], typer.Option("--rank", help="Only unannotated paragraphs, most useful first: uncertainty.")
    ] = None,
    gold: Annotated[
        Optional[Path], typer.Option("--gold", help="With --rank: gold whose annotated regions are left out.")
    ] = None,
    top: Annotated[Optional[int], typer.Option("--top", min=1, help="With --rank: keep the N best paragraphs.")] = None,
) -> None:
    """Pre-annotate DOCS with the NER pipeline and write one task per paragraph, heading and table
    cell, each carrying its document (file name), sha256, offset and the model version, in the
    format an annotation tool imports unchanged (docs/annotation.md)."""
    if fmt not in FORMATS:
        raise typer.BadParameter(f"unknown format {fmt!r}; formats are {', '.join(FORMATS)}", param_hint="--format")
    if rank is not None and rank not in RANKINGS:
        raise typer.BadParameter(f"unknown ranking {rank!r}; rankings are {', '.join(RANKINGS)}", param_hint="--rank")
    inputs = find_inputs(docs)
    missing = [item.source for item in inputs if not item.exists]
    if missing or not inputs:
        raise typer.BadParameter(f"no such document: {', '.join(missing) or ' '.join(docs)}", param_hint="DOCS")
    nlp = load_pipeline(model)
    tasks = load_tasks(nlp, [item.source for item in inputs], cells=cells and rank is None)
    if rank is not None:
        tasks = _ranked(nlp, tasks, gold, top)
    write_tasks(tasks, out, fmt, nlp)
    typer.echo(f"wrote {len(tasks)} tasks ({sum(len(task.spans) for task in tasks)} spans) to {out}")


def _ranked(nlp: Language, tasks: list[Task], gold: Path | None, top: int | None) -> list[Task]:
    """The paragraphs outside ``gold``'s regions, ranked by uncertainty, printed and cut to ``top``."""
    regions = {(document.doc, document.sha256): document.regions for document in load_gold(gold)} if gold else {}
    paragraphs = [task for task in outside_regions(tasks, regions) if task.kind == "paragraph"]
    try:
        ranked = rank_by_uncertainty(nlp, paragraphs)[:top]
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--rank") from None
    view = RichTable(title=f"{len(ranked)} of {len(paragraphs)} unannotated paragraphs, most uncertain first")
    for column in ("score", "uncertainty", "disagreement", "doc", "offset", "text"):
        view.add_column(column, justify="left" if column in ("doc", "text") else "right")
    for task in ranked:
        view.add_row(
            f"{task.score:.3f}", f"{task.extra['uncertainty']:.3f}", str(task.extra["disagreement"]),
            task.doc, str(task.offset), task.text[:24].replace("\n", " "),
        )  # fmt: skip
    Console(stderr=True).print(view)
    return ranked

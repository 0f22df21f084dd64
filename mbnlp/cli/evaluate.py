"""``mbnlp evaluate``: score a pipeline against the NER gold (SPEC §5)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table as RichTable

from ..annotations import LABELS, load_gold
from ..evaluation import NerScores
from ..evaluation import evaluate as evaluate_pipeline
from ..ner.extract import load_pipeline, model_version
from ._app import app


def render_scores(scores: NerScores, title: str) -> RichTable:
    """Strict P/R/F1 per label and micro, and partial-overlap F1, as a rich table."""
    view = RichTable(title=title)
    for column in ("label", "gold", "predicted", "strict P", "strict R", "strict F1", "partial F1"):
        view.add_column(column, justify="left" if column == "label" else "right")
    rows = [(label, scores.strict[label], scores.partial[label]) for label in LABELS]
    rows.append(("micro", scores.micro, scores.micro_partial))
    for label, strict, partial in rows:
        view.add_row(
            label, str(strict.gold), str(strict.predicted),
            _percent(strict.precision), _percent(strict.recall), _percent(strict.f1), _percent(partial.f1),
            style="bold" if label == "micro" else None,
        )  # fmt: skip
    return view


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.2f}"


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Option("--gold", help="A gold .jsonl file or a folder of them.")],
    model: Annotated[
        Optional[str],
        typer.Option("--model", help="A pipeline folder; default: the shipped model, else the rules only."),
    ] = None,
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Also write the scores as JSON here.")] = None,
) -> None:
    """Score MODEL on the annotated regions of the gold documents: strict span P/R/F1 per
    label and micro-averaged, and partial-overlap F1 (SPEC §5)."""
    nlp = load_pipeline(model)
    documents = load_gold(gold)
    scores = evaluate_pipeline(nlp, documents)
    version = model_version(nlp)
    Console().print(render_scores(scores, f"{version} on {gold} ({len(documents)} documents)"))
    if json_out is not None:
        report = {"model": version, "gold": str(gold), "documents": [d.doc for d in documents], **scores.as_dict()}
        json_out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

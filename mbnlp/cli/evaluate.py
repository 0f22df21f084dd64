"""``mbnlp evaluate``: score a pipeline against the NER gold (SPEC §5), or compare two pipelines on it."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable

from ..annotations import LABELS, GoldDocument, load_gold
from ..evaluation import NerScores
from ..evaluation import evaluate as evaluate_pipeline
from ..evaluation.compare import Comparison, compare
from ..ner import build_rules_pipeline
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
    versus: Annotated[
        Optional[tuple[str, str]],
        typer.Option("--compare", help="Compare two pipelines instead: OLD NEW (folders, or 'rules' for the rules)."),
    ] = None,
) -> None:
    """Score MODEL on the annotated regions of the gold documents: strict span P/R/F1 per
    label and micro-averaged, and partial-overlap F1 (SPEC §5). With --compare OLD NEW: the
    per-label F1 deltas, their bootstrap 95% intervals and the gold spans that flipped; exits 1
    when NEW is worse than OLD on a label by more than the noise (docs/annotation.md)."""
    documents = load_gold(gold)
    if versus is not None:
        _compare(versus, documents, gold, json_out)
        return
    nlp = load_pipeline(model)
    scores = evaluate_pipeline(nlp, documents)
    version = model_version(nlp)
    Console().print(render_scores(scores, f"{version} on {gold} ({len(documents)} documents)"))
    if json_out is not None:
        report = {"model": version, "gold": str(gold), "documents": [d.doc for d in documents], **scores.as_dict()}
        json_out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _compare(names: tuple[str, str], documents: list[GoldDocument], gold: Path, json_out: Path | None) -> None:
    """Compare the pipelines OLD and NEW on ``documents`` and print (and write) the result; exit 1 when flagged."""
    old, new = (build_rules_pipeline() if name == "rules" else load_pipeline(name) for name in names)
    result = compare(old, new, documents)
    console = Console()
    console.print(render_comparison(result, f"{names[0]} → {names[1]} on {gold} ({len(documents)} documents)"))
    for flip in result.flips:
        console.print(
            f"{'lost' if flip.found_by == 'old' else 'gained'} {flip.span[2]} {flip.doc} "
            f"[{flip.span[0]}, {flip.span[1]}] {flip.text!r}",
            markup=False, highlight=False, soft_wrap=True,
        )  # fmt: skip
    flagged = ", ".join(f"{delta.label} ({delta.metric})" for delta in result.flagged)
    verdict = f"worse beyond noise: {flagged}" if flagged else "no label worse beyond noise"
    typer.echo(f"{len(result.flips)} gold spans flipped; {verdict}")
    if json_out is not None:
        report = {
            "old": names[0], "new": names[1], "gold": str(gold),
            "deltas": [asdict(delta) for delta in result.deltas], "flips": [asdict(flip) for flip in result.flips],
        }  # fmt: skip
        json_out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if flagged:
        raise typer.Exit(1)


def render_comparison(result: Comparison, title: str) -> RichTable:
    """Per label and metric: F1 of OLD and NEW, the delta, its 95% interval, and the flag."""
    view = RichTable(title=title)
    for column in ("label", "metric", "old F1", "new F1", "delta", "95% interval", "flag"):
        view.add_column(column, justify="left" if column in ("label", "metric", "flag") else "right")
    for delta in result.deltas:
        view.add_row(
            delta.label, delta.metric, _percent(delta.old), _percent(delta.new), f"{100 * delta.delta:+.2f}",
            escape(f"[{100 * delta.low:+.2f}, {100 * delta.high:+.2f}]"), "WORSE" if delta.flagged else "",
            style="bold red" if delta.flagged else None,
        )  # fmt: skip
    return view

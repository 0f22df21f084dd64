"""``mbnlp annotations import``: a corrected Label Studio / doccano / DocBin export → stand-off gold, validated,
with what the correction changed versus the pre-annotation."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable

from ..annotations.diff import CHANGE_KINDS, Change, count_changes
from ..annotations.importing import ImportResult, import_export
from ..annotations.tools import FORMATS, read_tasks
from ..ner.extract import load_pipeline
from .annotations import annotations_app


@annotations_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="The export: Label Studio JSON, doccano JSONL or a .spacy DocBin.")],
    source: Annotated[str, typer.Option("--from", help=f"The export's format: {', '.join(FORMATS)}.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The stand-off gold to write (annotations/ner/NAME.jsonl).")],
    docs: Annotated[
        Optional[Path], typer.Option("--docs", help="Where the documents are; default: seeds beside the repository.")
    ] = None,
    pre: Annotated[
        Optional[Path], typer.Option("--pre", help="The tasks mbnlp annotate wrote (same format), to diff against.")
    ] = None,
    model: Annotated[
        Optional[str], typer.Option("--model", help="The pipeline whose tokenizer spans must align with.")
    ] = None,
    keep_misaligned: Annotated[
        bool, typer.Option("--keep-misaligned", help="Write the gold even with spans off token boundaries.")
    ] = False,
    changes_out: Annotated[
        Optional[Path], typer.Option("--changes", help="Also write every change as JSON lines here.")
    ] = None,
) -> None:
    """Validate the reviewed tasks of FILE and write them as stand-off gold (SPEC §5): one line per
    document with its spans and the regions reviewed. Prints every problem (with a suggested fix)
    and the changes versus the pre-annotation per label. Exits 1, writing nothing, on any problem
    (misaligned spans excepted with --keep-misaligned)."""
    if source not in FORMATS:
        raise typer.BadParameter(f"unknown format {source!r}; formats are {', '.join(FORMATS)}", param_hint="--from")
    nlp = load_pipeline(model)
    baseline = read_tasks(pre, source, nlp) if pre is not None else None
    result = import_export(file, source, nlp, docs_dir=docs, pre=baseline)
    console = Console()
    for issue in result.issues:
        line = f"[red]{issue.kind}[/red] {escape(issue.doc)}: {escape(issue.message)}"
        console.print(line, highlight=False, soft_wrap=True)
    if result.changes is not None:
        console.print(render_changes(result.changes))
        if changes_out is not None:
            _write_lines(changes_out, (_change_record(change) for change in result.changes))
    blocking = result.blocking(keep_misaligned)
    typer.echo(_summary(result, len(blocking)))
    if blocking:
        raise typer.Exit(1)
    _write_lines(out, result.records)
    typer.echo(f"wrote {len(result.records)} documents to {out}")


def render_changes(changes: list[Change]) -> RichTable:
    """Added, removed, relabelled and moved spans per label."""
    view = RichTable(title=f"changes versus the pre-annotation ({len(changes)})")
    view.add_column("label")
    for kind in CHANGE_KINDS:
        view.add_column(kind, justify="right")
    for label, counts in count_changes(changes).items():
        view.add_row(label, *(str(counts[kind]) for kind in CHANGE_KINDS))
    return view


def _change_record(change: Change) -> dict:
    return {
        "doc": change.doc, "kind": change.kind, "label": change.label, "before": change.before, "after": change.after
    }


def _write_lines(path: Path, records: Iterable[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), encoding="utf-8")


def _summary(result: ImportResult, blocking: int) -> str:
    spans = sum(len(record["spans"]) for record in result.records)
    return (
        f"{result.tasks} reviewed tasks, {len(result.records)} documents, {spans} spans; "
        f"{len(result.issues)} problems ({blocking} blocking)"
    )

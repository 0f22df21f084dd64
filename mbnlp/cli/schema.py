"""``mbnlp schema``: the JSON Schema of the output object."""

from __future__ import annotations

import json

import typer

from ..records import document_json_schema
from ._app import app


@app.command()
def schema() -> None:
    """Print the JSON Schema of one line of documents.jsonl (the SPEC §2 object)."""
    typer.echo(json.dumps(document_json_schema(), ensure_ascii=False, indent=2))

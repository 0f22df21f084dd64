"""``mbnlp annotations …``: the gold annotations as data — import corrected exports, export datasets.

This module owns the ``annotations`` sub-app; each subcommand lives in the module of its job
and registers itself on :data:`annotations_app`.
"""

from __future__ import annotations

import typer

from ._app import app

annotations_app = typer.Typer(
    name="annotations",
    help="Import corrected annotation-tool exports into the stand-off gold and export the gold as datasets.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(annotations_app)

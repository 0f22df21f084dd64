"""``python -m mbnlp``: the command line."""

from .cli import app

app(prog_name="mbnlp")

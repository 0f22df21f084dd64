"""The ``mbnlp`` command line (``mbnlp --help``): one module per command, one shared app."""

from . import check, evaluate, extract, schema, tables, train  # noqa: F401  (each module registers its command)
from ._app import app

__all__ = ["app"]

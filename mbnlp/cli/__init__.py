"""The ``mbnlp`` command line (``mbnlp --help``): one module per command, one shared app."""

from . import extract, schema, tables  # noqa: F401  (each module registers its command)
from ._app import app

__all__ = ["app"]

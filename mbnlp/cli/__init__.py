"""The ``mbnlp`` command line (``mbnlp --help``): one module per command, one shared app."""

# each module registers its command on the shared app
from . import (  # noqa: F401
    annotate,
    annotations_export,
    annotations_import,
    check,
    evaluate,
    extract,
    schema,
    tables,
    train,
)
from ._app import app

__all__ = ["app"]

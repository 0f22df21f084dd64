"""Package metadata."""

__title__ = "mbnlp"
__version__ = "0.1.0"

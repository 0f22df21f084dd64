"""Bulk extraction over files, folders and globs."""

from .inputs import DOCUMENT_SUFFIXES, InputFile, find_inputs
from .runner import BatchSummary, Engine, extract_locally, extract_paths

__all__ = [
    "DOCUMENT_SUFFIXES",
    "BatchSummary",
    "Engine",
    "InputFile",
    "extract_locally",
    "extract_paths",
    "find_inputs",
]

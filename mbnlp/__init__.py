"""mbnlp: turn Chinese government budget documents into clean, typed, checkable data.

    >>> import mbnlp
    >>> document = mbnlp.load_document("examples/narrative_final_accounts_yuan.txt")
    >>> result = mbnlp.extract(document)
    >>> result.meta.department
"""

from .about import __version__
from .batch import BatchSummary, extract_paths
from .errors import EngineError, MbnlpError, MbnlpInputError, NoInputsError
from .loading import Document, load_document
from .pipeline import check_document, extract, extract_file
from .records import DocumentResult, document_json_schema

__all__ = [
    "BatchSummary",
    "Document",
    "DocumentResult",
    "EngineError",
    "MbnlpError",
    "MbnlpInputError",
    "NoInputsError",
    "__version__",
    "check_document",
    "document_json_schema",
    "extract",
    "extract_file",
    "extract_paths",
    "load_document",
]

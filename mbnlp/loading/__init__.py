"""Reading inputs: strict decoding, the cleaned analysis view, the Document."""

from .cleaning import clean_text
from .decoding import decode_bytes
from .document import Document, load_document, read_input

__all__ = ["Document", "clean_text", "decode_bytes", "load_document", "read_input"]

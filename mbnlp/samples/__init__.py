"""Generated budget documents: invented departments and numbers, tables in every layout."""

from .corpus import GeneratedDocument, generate_corpus, generate_document

__all__ = ["GeneratedDocument", "generate_corpus", "generate_document"]

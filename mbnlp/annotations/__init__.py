"""Gold annotations (SPEC §5): loading and validating the stand-off NER gold in ``annotations/ner``."""

from .standoff import LABELS, GoldAnnotationError, GoldDocument, load_gold, resolve_document

__all__ = ["LABELS", "GoldAnnotationError", "GoldDocument", "load_gold", "resolve_document"]

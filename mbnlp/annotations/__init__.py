"""Gold annotations (SPEC §5): loading and validating the stand-off NER gold in ``annotations/ner``.

The annotation routine lives beside it: :mod:`.tasks` (pre-annotated tasks), :mod:`.tools`
(Label Studio, doccano, DocBin), :mod:`.importing` and :mod:`.diff` (corrections back into the
gold), :mod:`.ranking` (what to annotate next) — see ``docs/annotation.md``.
"""

from .standoff import LABELS, GoldAnnotationError, GoldDocument, load_gold, resolve_document

__all__ = ["LABELS", "GoldAnnotationError", "GoldDocument", "load_gold", "resolve_document"]

"""Which spans of a processed ``Doc`` are the pipeline's entities (SPEC §3).

AMOUNT, UNIT and ACCOUNT are ``doc.ents``. REASON spans may hold other entities, so they
live in a span group: :data:`REASON_KEY` when a trained component fills it, else the
REASON spans of the rule layer's group (``"rules"``).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from .rules import FLAT_LABELS

REASON_KEY = "reasons"
RULES_KEY = "rules"


def entity_spans(doc: Doc) -> list[Span]:
    """The AMOUNT/UNIT/ACCOUNT entities and REASON spans of ``doc``, in text order."""
    flat = [span for span in doc.ents if span.label_ in FLAT_LABELS]
    key = REASON_KEY if REASON_KEY in doc.spans else RULES_KEY
    reasons = [span for span in doc.spans.get(key, []) if span.label_ == "REASON"]
    return sorted([*flat, *reasons], key=lambda span: (span.start_char, -span.end_char, span.label_))

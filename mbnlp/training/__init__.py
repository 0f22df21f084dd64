"""Training the statistical mbnlp pipeline on the NER gold (``mbnlp train``)."""

from .corpus import REASON_KEY, Paragraph, create_gold_corpus, make_example, paragraphs, split_documents
from .train import DEFAULT_CONFIG, MODEL_NAME, train

__all__ = [
    "DEFAULT_CONFIG",
    "MODEL_NAME",
    "REASON_KEY",
    "Paragraph",
    "create_gold_corpus",
    "make_example",
    "paragraphs",
    "split_documents",
    "train",
]

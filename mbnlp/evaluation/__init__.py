"""Evaluation against the gold (SPEC §5)."""

from .ner import Counts, NerScores, evaluate, score_spans

__all__ = ["Counts", "NerScores", "evaluate", "score_spans"]

"""Compare two NER pipelines on the same gold: per-label F1 deltas, the gold spans that flipped,
and whether a drop is larger than the noise of so small a gold.

Both pipelines run over every annotated region (as :func:`mbnlp.evaluation.ner.evaluate` does)
and each region is scored with :func:`score_spans`. The noise is a paired bootstrap over
regions: :data:`ROUNDS` resamples of the regions (with replacement, fixed ``seed``), each
scored for both pipelines, give the 95% interval of ``F1(new) - F1(old)`` per label for strict
and partial-overlap F1. A label is **flagged** when the new pipeline is worse and that interval
lies wholly below zero — a drop the resampling does not explain. Comparing a pipeline with
itself gives zero deltas, a ``[0, 0]`` interval and no flag.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from spacy.language import Language

from ..annotations import LABELS, GoldDocument
from ..ner.spans import entity_spans
from .ner import Counts, NerScores, SpanTuple, score_spans

ROUNDS = 1000
METRICS = ("strict", "partial")


@dataclass(frozen=True)
class Flip:
    """A gold span that one pipeline finds exactly and the other does not; ``found_by`` is ``old`` or ``new``."""

    doc: str
    span: SpanTuple
    text: str
    found_by: str


@dataclass(frozen=True)
class LabelDelta:
    """One label under one metric: F1 of each pipeline (None when nothing to score), the delta,
    its bootstrap 95% interval, and whether the drop is flagged."""

    label: str
    metric: str
    old: float | None
    new: float | None
    delta: float
    low: float
    high: float
    flagged: bool


@dataclass
class Comparison:
    """The scores of both pipelines, the per-label deltas and the flipped gold spans."""

    old: NerScores
    new: NerScores
    deltas: list[LabelDelta]
    flips: list[Flip]

    @property
    def flagged(self) -> list[LabelDelta]:
        return [delta for delta in self.deltas if delta.flagged]


def predict_regions(nlp: Language, document: GoldDocument, batch_size: int = 64) -> list[list[SpanTuple]]:
    """``nlp``'s entities in each annotated region of ``document``, at document offsets."""
    texts = (document.text[start:end] for start, end in document.regions)
    return [
        [(start + s.start_char, start + s.end_char, s.label_) for s in entity_spans(doc)]
        for (start, _), doc in zip(document.regions, nlp.pipe(texts, batch_size=batch_size))
    ]


def compare(
    old: Language, new: Language, documents: Sequence[GoldDocument], *, rounds: int = ROUNDS, seed: int = 0
) -> Comparison:
    """Score ``old`` and ``new`` on ``documents`` and compare them (see the module docstring)."""
    region_scores: dict[str, list[NerScores]] = {"old": [], "new": []}
    totals = {"old": NerScores(), "new": NerScores()}
    flips: list[Flip] = []
    for document in documents:
        predicted = {"old": predict_regions(old, document), "new": predict_regions(new, document)}
        for index, region in enumerate(document.regions):
            gold = [span for span in document.spans if region[0] <= span[0] and span[1] <= region[1]]
            for side in ("old", "new"):
                scores = score_spans(gold, predicted[side][index], [region])
                region_scores[side].append(scores)
                totals[side].add(scores)
            flips += _flips(document, gold, set(predicted["old"][index]), set(predicted["new"][index]))
    deltas = _deltas(totals, region_scores, rounds, seed)
    return Comparison(totals["old"], totals["new"], deltas, flips)


def _flips(document: GoldDocument, gold: list[SpanTuple], old: set[SpanTuple], new: set[SpanTuple]) -> list[Flip]:
    return [
        Flip(document.doc, span, document.span_text(span), "old" if span in old else "new")
        for span in gold
        if (span in old) != (span in new)
    ]


def _deltas(
    totals: dict[str, NerScores], regions: dict[str, list[NerScores]], rounds: int, seed: int
) -> list[LabelDelta]:
    """Per label and metric: the delta and its paired-bootstrap interval over regions."""
    rng = np.random.default_rng(seed)
    count = len(regions["old"])
    samples = rng.integers(0, count, size=(rounds, count)) if count else np.zeros((rounds, 0), dtype=int)
    deltas = []
    for metric in METRICS:
        for label in LABELS:
            old = _f1(_counts(regions["old"], metric, label)[samples].sum(axis=1))
            new = _f1(_counts(regions["new"], metric, label)[samples].sum(axis=1))
            boot = np.nan_to_num(new) - np.nan_to_num(old)
            low, high = (float(x) for x in np.percentile(boot, [2.5, 97.5]))
            old_f1 = getattr(totals["old"], metric)[label].f1
            new_f1 = getattr(totals["new"], metric)[label].f1
            delta = (new_f1 or 0.0) - (old_f1 or 0.0)
            deltas.append(LabelDelta(label, metric, old_f1, new_f1, delta, low, high, delta < 0 and high < 0))
    return deltas


def _counts(scores: list[NerScores], metric: str, label: str) -> np.ndarray:
    """``(regions, 4)``: tp, predicted, gold, found of one label per region."""
    rows = [_row(getattr(score, metric)[label]) for score in scores]
    return np.array(rows, dtype=float).reshape(-1, 4)


def _row(counts: Counts) -> tuple[int, int, int, int]:
    return counts.tp, counts.predicted, counts.gold, counts.found


def _f1(sums: np.ndarray) -> np.ndarray:
    """F1 per resample from summed ``tp, predicted, gold, found`` (as :class:`Counts` computes it; NaN when empty)."""
    tp, predicted, gold, found = sums.T
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(predicted > 0, tp / predicted, 0.0)
        recall = np.where(gold > 0, found / gold, 0.0)
        f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)
    return np.where((predicted == 0) & (gold == 0), np.nan, f1)

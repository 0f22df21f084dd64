"""NER evaluation against the gold (SPEC §5): strict and partial-overlap P/R/F1, per label and micro.

*Strict*: a prediction is right when a gold span has the same label and exactly the same
boundaries. *Partial overlap*: a prediction is right when it overlaps a gold span of
its label by at least one character, and a gold span is found when some prediction of
its label overlaps it (so precision and recall count different things:
``precision = right predictions / predictions``, ``recall = found gold / gold``). SPEC §5
quotes partial F1 for REASON, whose ends are the hard part; it is computed for every label.

Only predictions that overlap an annotated region of the gold document are counted: the
rest of a document was never annotated. :func:`evaluate` runs a pipeline over each
region's text (the same unit as the training paragraphs' regions) and scores it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.language import Language

from ..annotations import LABELS, GoldDocument
from ..ner.spans import entity_spans

SpanTuple = tuple[int, int, str]


@dataclass
class Counts:
    """Counts behind P/R/F1. ``found`` is the gold spans recalled (``tp`` for strict).
    P/R/F1 are None when there is neither a gold span nor a prediction."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0
    found: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.predicted += other.predicted
        self.gold += other.gold
        self.found += other.found

    @property
    def empty(self) -> bool:
        """Nothing to score: no gold span and no prediction (P/R/F1 are then None)."""
        return not self.gold and not self.predicted

    @property
    def precision(self) -> float | None:
        return None if self.empty else self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float | None:
        return None if self.empty else self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float | None:
        if self.empty:
            return None
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "p": self.precision, "r": self.recall, "f": self.f1,
            "tp": self.tp, "predicted": self.predicted, "gold": self.gold, "found": self.found,
        }  # fmt: skip


@dataclass
class NerScores:
    """Strict and partial counts per label; ``micro`` sums the labels."""

    strict: dict[str, Counts] = field(default_factory=lambda: {label: Counts() for label in LABELS})
    partial: dict[str, Counts] = field(default_factory=lambda: {label: Counts() for label in LABELS})

    def add(self, other: NerScores) -> None:
        for label in LABELS:
            self.strict[label].add(other.strict[label])
            self.partial[label].add(other.partial[label])

    @property
    def micro(self) -> Counts:
        return _sum(self.strict.values())

    @property
    def micro_partial(self) -> Counts:
        return _sum(self.partial.values())

    def as_dict(self) -> dict:
        """``{"strict": {label: {p, r, f, …}, "micro": …}, "partial": {…}}``."""
        return {
            "strict": {**{label: self.strict[label].as_dict() for label in LABELS}, "micro": self.micro.as_dict()},
            "partial": {
                **{label: self.partial[label].as_dict() for label in LABELS},
                "micro": self.micro_partial.as_dict(),
            },
        }


def score_spans(
    gold: Iterable[SpanTuple], predicted: Iterable[SpanTuple], regions: Sequence[tuple[int, int]] | None = None
) -> NerScores:
    """Score ``predicted`` against ``gold`` (``(start, end, label)``, one document's offsets),
    counting only predictions that overlap one of ``regions`` (all of them when None)."""
    gold = set(gold)
    predicted = {span for span in predicted if regions is None or _overlaps_any(span, regions)}
    scores = NerScores()
    for label in LABELS:
        gold_spans = [span for span in gold if span[2] == label]
        pred_spans = [span for span in predicted if span[2] == label]
        tp = len(set(gold_spans) & set(pred_spans))
        scores.strict[label] = Counts(tp, len(pred_spans), len(gold_spans), tp)
        scores.partial[label] = Counts(
            sum(_overlaps_any(span, gold_spans) for span in pred_spans),
            len(pred_spans),
            len(gold_spans),
            sum(_overlaps_any(span, pred_spans) for span in gold_spans),
        )
    return scores


def evaluate(nlp: Language, documents: Iterable[GoldDocument], *, batch_size: int = 64) -> NerScores:
    """Run ``nlp`` over every annotated region of ``documents`` and score its entities
    (:func:`mbnlp.ner.spans.entity_spans`) against the gold."""
    total = NerScores()
    for document in documents:
        predicted: list[SpanTuple] = []
        texts = (document.text[start:end] for start, end in document.regions)
        for (start, _), doc in zip(document.regions, nlp.pipe(texts, batch_size=batch_size)):
            predicted += [(start + s.start_char, start + s.end_char, s.label_) for s in entity_spans(doc)]
        total.add(score_spans(document.spans, predicted, document.regions))
    return total


def _overlaps_any(span: SpanTuple | tuple[int, int], others: Iterable[SpanTuple | tuple[int, int]]) -> bool:
    return any(span[0] < other[1] and other[0] < span[1] for other in others)


def _sum(counts: Iterable[Counts]) -> Counts:
    total = Counts()
    for count in counts:
        total.add(count)
    return total

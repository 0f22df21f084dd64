"""The ``mbnlp_reason_filter`` pipeline component: a trained judge of the rule layer's REASONs.

The rule layer (``mbnlp_rules``) proposes a REASON after every qualified ``原因`` trigger
(``变动原因：``, ``主要原因是`` …, see :mod:`mbnlp.ner.reasons`), and the rule decides the
clause's boundaries. Not every such trigger opens a reason: ``发现的问题及原因：`` opens a
list of problems, and a heading such as ``存在的问题及原因`` opens none (the guideline in
``annotations/ner/README.md``). This component learns which triggers open one.

Contract:

* It runs after ``mbnlp_rules`` and reads the REASON spans of ``doc.spans[candidates_key]``
  (default ``"rules"``). It writes ``doc.spans[spans_key]`` (default ``"reasons"``, the
  group :func:`mbnlp.ner.spans.entity_spans` prefers) on every doc: the candidates whose
  trigger the model scores at least ``threshold``, boundaries unchanged.
* The unit it classifies is a *trigger*: every match of :data:`mbnlp.ner.reasons.TRIGGER`,
  qualified or not. Its features are the norms (unigrams and bigrams) of the ``context``
  tokens that end at the trigger's end — the trigger and the words before it. A trigger's
  gold label is whether a gold REASON of the reference's ``spans_key`` group starts right
  after it (only spaces, line breaks and ``：，、`` between). Training therefore also sees
  the triggers the rules leave alone (headings), which are its negative examples.
* It is fitted once, when the pipeline is initialized for training: a full-batch
  logistic regression on every trigger of the training examples (``fit_steps`` Adam
  steps). The training loop's batches leave it alone (:meth:`ReasonFilter.update`
  learns nothing), so the other components train exactly as without it.
* The model (``mbnlp.ReasonTriggerBOW.v1``) is a hashed bag-of-words logistic regression
  (it outputs one logit per trigger; the component applies the sigmoid and trains with
  cross-entropy), no ``tok2vec``; it never runs on a doc without a rule REASON (most table
  cells), which only gets an empty ``spans_key`` group.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import pairwise

import numpy
from spacy.attrs import IDX, IS_SPACE, NORM
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.scorer import Scorer
from spacy.strings import hash_string
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import registry
from spacy.vocab import Vocab
from thinc.api import Adam, Model, Optimizer, SparseLinear, chain
from thinc.types import Floats2d

from .reasons import TRIGGER
from .spans import REASON_KEY, RULES_KEY

GAP = " \u3000\n：:，,、"
Features = tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]


def trigger_ends(doc: Doc) -> list[int]:
    """The character offset where each ``原因`` trigger of ``doc`` ends, in text order."""
    text = doc.text  # spaCy joins the tokens on every read: read once
    if "原因" not in text:
        return []
    return [match.end() for match in TRIGGER.finditer(text)]


def opens_at(text: str, trigger_end: int, starts: Iterable[int]) -> bool:
    """Whether a span starting at one of ``starts`` follows the trigger ending at ``trigger_end``."""
    return any(trigger_end <= start and not text[trigger_end:start].strip(GAP) for start in starts)


def context_features(doc: Doc, trigger_end: int, context: int) -> list[int]:
    """Hashed unigram and bigram norms of the last ``context`` tokens that start before ``trigger_end``."""
    strings = doc.vocab.strings
    tokens = doc.to_array([NORM, IDX, IS_SPACE]).tolist()
    before = [strings[norm] for norm, start, space in tokens if start < trigger_end and not space][-context:]
    grams = before + [f"{first}|{second}" for first, second in pairwise(before)]
    return [hash_string(gram) for gram in grams]


@registry.layers("mbnlp.reason_trigger_features.v1")
def reason_trigger_features(context: int) -> Model[list[Doc], Features]:
    """Docs → the ``(keys, values, lengths)`` of the context features of all their triggers."""

    def forward(model: Model, docs: list[Doc], is_train: bool) -> tuple[Features, Callable]:
        keys: list[int] = []
        lengths = []
        for doc in docs:
            for end in trigger_ends(doc):
                features = context_features(doc, end, context)
                keys += features
                lengths.append(len(features))
        arrays = (
            numpy.asarray(keys, dtype="uint64"),
            numpy.ones(len(keys), dtype="float32"),
            numpy.asarray(lengths, dtype="int32"),
        )
        return arrays, lambda d_features: []

    return Model("reason_trigger_features", forward)


@registry.architectures("mbnlp.ReasonTriggerBOW.v1")
def build_reason_trigger_bow(context: int = 4, length: int = 2**16) -> Model[list[Doc], Floats2d]:
    """A linear model over hashed context n-grams: one logit per trigger, in text order."""
    return chain(reason_trigger_features(context), SparseLinear(nO=1, length=length))


class ReasonFilter(TrainablePipe):
    """Keep the rule REASONs whose trigger the model accepts (see the module docstring)."""

    def __init__(
        self,
        vocab: Vocab,
        model: Model[list[Doc], Floats2d],
        name: str = "mbnlp_reason_filter",
        *,
        candidates_key: str = RULES_KEY,
        spans_key: str = REASON_KEY,
        threshold: float = 0.5,
        fit_steps: int = 100,
        learn_rate: float = 0.1,
        l2: float = 0.0001,
    ) -> None:
        self.vocab = vocab
        self.model = model
        self.name = name
        self.cfg = {
            "candidates_key": candidates_key, "spans_key": spans_key, "threshold": threshold,
            "fit_steps": fit_steps, "learn_rate": learn_rate, "l2": l2,
        }  # fmt: skip

    def predict(self, docs: Iterable[Doc]) -> list[list[float]]:
        """The probability of each trigger (:func:`trigger_ends` order) of each doc with a rule
        REASON; ``[]`` for a doc without one (most table cells), which the model never sees."""
        docs = list(docs)
        judged = [doc for doc in docs if self.candidates(doc)]
        if not judged:
            return [[] for _ in docs]
        scores = self.model.ops.sigmoid(self.model.predict(judged)[:, 0]).tolist()
        by_doc: dict[int, list[float]] = {}
        for doc in judged:
            count = len(trigger_ends(doc))
            by_doc[id(doc)], scores = scores[:count], scores[count:]
        return [by_doc.get(id(doc), []) for doc in docs]

    def set_annotations(self, docs: Iterable[Doc], scores: list[list[float]]) -> None:
        key, threshold = self.cfg["spans_key"], self.cfg["threshold"]
        for doc, probabilities in zip(docs, scores):
            candidates = self.candidates(doc) if probabilities else []
            if candidates:
                ends = trigger_ends(doc)
                rejected = {end for end, p in zip(ends, probabilities) if p < threshold}
                text = doc.text
                candidates = [span for span in candidates if _opening_trigger(text, span, ends) not in rejected]
            doc.spans[key] = candidates

    def candidates(self, doc: Doc) -> list[Span]:
        """The rule REASONs of ``doc`` (the REASON spans of its ``candidates_key`` group)."""
        return [span for span in doc.spans.get(self.cfg["candidates_key"], ()) if span.label_ == "REASON"]

    def update(
        self,
        examples: Iterable[Example],
        *,
        drop: float = 0.0,
        sgd: Optimizer | None = None,
        losses: dict[str, float] | None = None,
    ) -> dict[str, float]:
        """Nothing to learn per batch: the model was fitted in :meth:`initialize`."""
        losses = {} if losses is None else losses
        losses.setdefault(self.name, 0.0)
        return losses

    def get_loss(self, examples: Iterable[Example], scores: Floats2d) -> tuple[float, Floats2d]:
        """Binary cross-entropy of the logits ``scores`` against :meth:`gold_labels`, and its gradient."""
        truth = self.model.ops.asarray2f(self.gold_labels(examples))
        probabilities = self.model.ops.sigmoid(scores, inplace=False)
        loss = -(truth * numpy.log(probabilities + 1e-8) + (1 - truth) * numpy.log(1 - probabilities + 1e-8))
        return float(loss.sum()), probabilities - truth

    def gold_labels(self, examples: Iterable[Example]) -> list[list[float]]:
        """1.0 for each trigger after which a reference REASON starts, else 0.0 (one row per trigger)."""
        labels = []
        for example in examples:
            doc = example.predicted
            starts = [span.start_char for span in example.reference.spans.get(self.cfg["spans_key"], [])]
            labels += [[float(opens_at(doc.text, end, starts))] for end in trigger_ends(doc)]
        return labels

    def initialize(self, get_examples: Callable[[], Iterable[Example]], *, nlp: Language | None = None) -> None:
        """Fit the model on every trigger of ``get_examples()``: ``fit_steps`` full-batch Adam steps
        (``learn_rate``, weight decay ``l2``) on the cross-entropy — deterministic, and cheap
        (a few hundred triggers)."""
        examples = [example for example in get_examples() if trigger_ends(example.predicted)]
        docs = [example.predicted for example in examples]
        self.model.initialize(X=docs[:10] or None)
        if not examples:
            return
        optimizer = Adam(self.cfg["learn_rate"], L2=self.cfg["l2"], L2_is_weight_decay=True)
        for _ in range(self.cfg["fit_steps"]):
            scores, backprop = self.model.begin_update(docs)
            backprop(self.get_loss(examples, scores)[1])
            self.model.finish_update(optimizer)

    def score(self, examples: Iterable[Example], **kwargs) -> dict[str, float]:
        """P/R/F1 of the ``spans_key`` group: ``spans_<key>_p/r/f``."""
        key = self.cfg["spans_key"]
        return Scorer.score_spans(
            examples,
            f"spans_{key}",
            getter=lambda doc, attr: doc.spans.get(key, []),
            has_annotation=lambda doc: key in doc.spans,
            allow_overlap=True,
            **kwargs,
        )


def _opening_trigger(text: str, span: Span, ends: list[int]) -> int | None:
    """The end of the trigger right before ``span`` (None if the span follows none)."""
    opening = [end for end in ends if opens_at(text, end, [span.start_char])]
    return opening[-1] if opening else None


@Language.factory(
    "mbnlp_reason_filter",
    default_config={
        "model": {"@architectures": "mbnlp.ReasonTriggerBOW.v1", "context": 4, "length": 2**16},
        "candidates_key": RULES_KEY,
        "spans_key": REASON_KEY,
        "threshold": 0.5,
        "fit_steps": 100,
        "learn_rate": 0.1,
        "l2": 0.0001,
    },
    assigns=["doc.spans"],
    default_score_weights={"spans_reasons_f": 0.0, "spans_reasons_p": None, "spans_reasons_r": None},
)
def make_reason_filter(
    nlp: Language,
    name: str,
    model: Model,
    candidates_key: str,
    spans_key: str,
    threshold: float,
    fit_steps: int,
    learn_rate: float,
    l2: float,
) -> ReasonFilter:
    """``[components.mbnlp_reason_filter] factory = "mbnlp_reason_filter"``; see :class:`ReasonFilter`."""
    return ReasonFilter(
        nlp.vocab, model, name, candidates_key=candidates_key, spans_key=spans_key, threshold=threshold,
        fit_steps=fit_steps, learn_rate=learn_rate, l2=l2,
    )  # fmt: skip

"""The ``mbnlp_hf_ner`` pipeline component: a Hugging Face token-classification model in a spaCy pipeline.

The model reads the doc text character by character (each non-space character is one word
for the model's tokenizer, which is what Chinese BERTs do anyway); a text longer than
``max_length`` model tokens is read in windows overlapping by ``stride`` tokens, and each
character takes the prediction of the window where it has the most context on both
sides. Predicted labels (:func:`mbnlp.hf.tags.decode`) become character spans, which are
snapped to the doc's tokens: AMOUNT, UNIT and ACCOUNT with ``alignment_mode="expand"``
(a span that cuts a token grows to cover it; overlaps are then resolved by
``spacy.util.filter_spans``, longest first) and set as ``doc.ents``; REASON with
``"contract"`` (trimmed to the tokens inside it, as the rules do) into
``doc.spans[spans_key]``. Put ``mbnlp_rules`` after it (``ents = "fill"``,
``authoritative = ["AMOUNT"]``) and AMOUNT values, units and 元 amounts are normalised
exactly as in the spaCy-trained pipeline (:func:`mbnlp.hf.training.package_pipeline`).

The HF model and tokenizer are saved in the component's folder (``<pipeline>/mbnlp_hf_ner/model``)
by ``nlp.to_disk`` and read back by ``spacy.load``; a new component gets them from a local
checkpoint with ``initialize(model=PATH)``. Nothing is downloaded (``local_files_only``).
torch and transformers are imported on first use; without the ``[transformers]`` extra,
using the component raises :class:`MissingExtraError`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans, minibatch

from ..errors import MbnlpError
from ..ner.rules import FLAT_LABELS
from ..ner.spans import REASON_KEY
from .tags import REASON, decode, entity_labels

if TYPE_CHECKING:
    from transformers import PreTrainedModel, PreTrainedTokenizerBase

MODEL_DIR = "model"


class MissingExtraError(MbnlpError, ImportError):
    """torch/transformers are not installed."""


def require_transformers(modules: tuple[str, ...] = ("torch", "transformers")) -> None:
    """Raise :class:`MissingExtraError` unless ``modules`` of the ``[transformers]`` extra can be imported."""
    try:
        for module in modules:
            importlib.import_module(module)
    except ImportError as error:
        raise MissingExtraError(
            f"the transformers backend needs the [transformers] extra (pip install 'mbnlp[transformers]'): {error}"
        ) from None


class HfTokenClassifier:
    """Tag AMOUNT, UNIT, ACCOUNT and REASON with a Hugging Face token-classification model (module docstring)."""

    def __init__(
        self,
        name: str = "mbnlp_hf_ner",
        *,
        spans_key: str = REASON_KEY,
        max_length: int = 512,
        stride: int = 64,
        batch_size: int = 16,
        device: str = "cpu",
    ) -> None:
        if not 0 <= stride < max_length - 2:
            raise ValueError(f"{name}: stride must be at least 0 and below max_length - 2")
        self.name = name
        self.spans_key = spans_key
        self.max_length = max_length
        self.stride = stride
        self.batch_size = batch_size
        self.device = device
        self.model: PreTrainedModel | None = None
        self.tokenizer: PreTrainedTokenizerBase | None = None

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Any]] | None = None,
        *,
        nlp: Language | None = None,
        model: str | Path | None = None,
    ) -> None:
        """Load the model and tokenizer of the local checkpoint folder ``model``."""
        if model is not None:
            self.load_model(Path(model))

    def load_model(self, path: Path) -> None:
        """Load a token-classification checkpoint (model and fast tokenizer) from the folder ``path``;
        ``max_length`` is capped by the model's positions, ``stride`` by a quarter of ``max_length``."""
        require_transformers()
        from transformers import AutoModelForTokenClassification, AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
        if not tokenizer.is_fast:
            raise MbnlpError(f"{self.name}: {path} has no fast tokenizer (tokenizer.json); word alignment needs one")
        model = AutoModelForTokenClassification.from_pretrained(str(path), local_files_only=True)
        self.tokenizer, self.model = tokenizer, model.to(self.device).eval()
        self.max_length = min(self.max_length, model.config.max_position_embeddings)
        self.stride = min(self.stride, self.max_length // 4)

    @property
    def labels(self) -> tuple[str, ...]:
        """The entity labels the loaded model predicts (none before a model is loaded)."""
        if self.model is None:
            return ()
        return entity_labels(self.model.config.id2label.values())

    def __call__(self, doc: Doc) -> Doc:
        self.annotate([doc])
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        for docs in minibatch(stream, size=batch_size):
            self.annotate(docs)
            yield from docs

    def annotate(self, docs: list[Doc]) -> None:
        """Set ``doc.ents`` and ``doc.spans[spans_key]`` of ``docs`` from the model's predictions."""
        for doc, spans in zip(docs, self.predict([doc.text for doc in docs])):
            flat = [doc.char_span(s, e, label=label, alignment_mode="expand") for s, e, label in spans
                    if label in FLAT_LABELS]  # fmt: skip
            reasons = [doc.char_span(s, e, label=label, alignment_mode="contract") for s, e, label in spans
                       if label == REASON]  # fmt: skip
            doc.ents = filter_spans(_kept(flat))
            doc.spans[self.spans_key] = _kept(reasons)

    def predict(self, texts: list[str]) -> list[list[tuple[int, int, str]]]:
        """The ``(start, end, label)`` character spans the model finds in each of ``texts``."""
        if self.model is None or self.tokenizer is None:
            raise MbnlpError(f"{self.name}: no model loaded; spacy.load a packaged pipeline or initialize(model=PATH)")
        import torch

        words = [list(text) for text in texts]
        encoding = self.tokenizer(
            words, is_split_into_words=True, truncation=True, max_length=self.max_length, stride=self.stride,
            return_overflowing_tokens=True, padding=True, return_tensors="pt",
        )  # fmt: skip
        windows = encoding.pop("overflow_to_sample_mapping").tolist()
        inputs = {key: value.to(self.device) for key, value in encoding.items()}
        best: list[dict[int, tuple[int, int]]] = [{} for _ in texts]  # character -> (context, label id)
        with torch.inference_mode():
            for first in range(0, len(windows), self.batch_size):
                chunk = {key: value[first : first + self.batch_size] for key, value in inputs.items()}
                labels = self.model(**chunk).logits.argmax(-1).tolist()
                for offset, row in enumerate(labels):
                    window = first + offset
                    _keep_best(best[windows[window]], encoding.word_ids(window), row)
        names = self.model.config.id2label
        found = []
        for chosen in best:
            positions = sorted(chosen)
            found.append(decode([names[chosen[position][1]] for position in positions], positions))
        return found

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        if self.model is None or self.tokenizer is None:
            raise MbnlpError(f"{self.name}: no model to save; initialize(model=PATH) first")
        folder = Path(path) / MODEL_DIR
        folder.mkdir(parents=True, exist_ok=True)
        self.model.save_pretrained(str(folder))
        self.tokenizer.save_pretrained(str(folder))

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> HfTokenClassifier:
        self.load_model(Path(path) / MODEL_DIR)
        return self


def _keep_best(best: dict[int, tuple[int, int]], word_ids: list[int | None], labels: list[int]) -> None:
    """Record the label of each character's first model token in one window, unless another
    window gave that character more context (tokens to the nearer window edge)."""
    length = sum(word is not None for word in word_ids)
    previous = None
    for index, (word, label) in enumerate(zip(word_ids, labels)):
        if word is not None and word != previous:
            context = min(index, length + 1 - index)
            if context > best.get(word, (-1, 0))[0]:
                best[word] = (context, label)
        previous = word


def _kept(spans: Iterable[Span | None]) -> list[Span]:
    return [span for span in spans if span is not None and len(span)]


@Language.factory(
    "mbnlp_hf_ner",
    default_config={"spans_key": REASON_KEY, "max_length": 512, "stride": 64, "batch_size": 16, "device": "cpu"},
    assigns=["doc.ents", "doc.spans"],
)
def make_hf_ner(
    nlp: Language, name: str, spans_key: str, max_length: int, stride: int, batch_size: int, device: str
) -> HfTokenClassifier:
    """``[components.mbnlp_hf_ner] factory = "mbnlp_hf_ner"``; see :class:`HfTokenClassifier`."""
    return HfTokenClassifier(
        name, spans_key=spans_key, max_length=max_length, stride=stride, batch_size=batch_size, device=device
    )

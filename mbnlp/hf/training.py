"""Fine-tune a local token-classification checkpoint on the exported dataset and package it as a spaCy pipeline.

:func:`train_transformer` reads the ``DatasetDict`` written by ``mbnlp annotations export
--format hf`` (:mod:`mbnlp.hf.datasets`), trains the model on the joint labels of
:mod:`mbnlp.hf.tags` with the ``transformers`` ``Trainer`` (GPU when one is visible, else
CPU), scores it on the dev split (strict span P/R/F1 per label and micro, computed by
:func:`mbnlp.evaluation.score_spans` on each model window) and writes, with
:func:`package_pipeline`, a pipeline folder that ``spacy.load`` and ``mbnlp extract --model``
use: mbnlp's tokenizer, ``mbnlp_hf_ner``, then ``mbnlp_rules`` as in ``training/ner.cfg``.
Nothing is downloaded: the base checkpoint is a local folder.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import spacy
from spacy.language import Language

from .. import ner  # noqa: F401  (registers the tokenizer and the mbnlp_rules factory)
from ..about import __version__
from ..annotations import LABELS
from ..errors import MbnlpError
from ..evaluation import NerScores, score_spans
from .component import require_transformers  # the import registers the mbnlp_hf_ner factory
from .tags import decode, joint_id, joint_labels

if TYPE_CHECKING:
    from datasets import Dataset
    from transformers import EvalPrediction, PreTrainedTokenizerBase

MODEL_NAME = "mbnlp-zh-transformer"
RULES_CONFIG = {"labels": list(LABELS), "spans_key": "rules", "ents": "fill", "authoritative": ["AMOUNT"]}
"""``mbnlp_rules`` after the model, configured as in ``training/ner.cfg``."""
IGNORED = -100


@dataclass(frozen=True)
class TrainingSettings:
    """Hyper-parameters of :func:`train_transformer`; ``max_steps`` (if set) overrides ``epochs``."""

    epochs: float = 3.0
    learning_rate: float = 5e-5
    batch_size: int = 16
    max_steps: int | None = None
    seed: int = 0
    max_length: int = 512
    stride: int = 64


def train_transformer(
    dataset_dir: str | Path, base: str | Path, out: str | Path, settings: TrainingSettings = TrainingSettings()
) -> dict[str, float]:
    """Fine-tune the local checkpoint ``base`` on the dataset at ``dataset_dir``, save the
    pipeline to ``out`` and return the dev scores (empty without a dev split)."""
    require_transformers(("torch", "transformers", "datasets"))
    import torch
    from datasets import load_from_disk
    from transformers import (
        AutoModelForTokenClassification,
        AutoTokenizer,
        DataCollatorForTokenClassification,
        Trainer,
        TrainingArguments,
        set_seed,
    )

    set_seed(settings.seed)  # the new classification head is initialised here, before the Trainer seeds
    dataset = load_from_disk(str(dataset_dir))
    if not len(dataset.get("train", ())):
        raise MbnlpError(f"{dataset_dir}: no training rows; write it with 'mbnlp annotations export --format hf'")
    labels = joint_labels()
    tokenizer = AutoTokenizer.from_pretrained(str(base), local_files_only=True)
    max_length = min(settings.max_length, tokenizer.model_max_length)
    model = AutoModelForTokenClassification.from_pretrained(
        str(base),
        local_files_only=True,
        num_labels=len(labels),
        id2label=dict(enumerate(labels)),
        label2id={label: index for index, label in enumerate(labels)},
        ignore_mismatched_sizes=True,
    )
    encoded = {
        name: encode_windows(split, tokenizer, max_length, settings.stride)
        for name, split in dataset.items()
        if len(split)
    }
    with tempfile.TemporaryDirectory(prefix="mbnlp-hf-") as work:
        arguments = TrainingArguments(
            output_dir=work,
            num_train_epochs=settings.epochs,
            max_steps=settings.max_steps or -1,
            learning_rate=settings.learning_rate,
            per_device_train_batch_size=settings.batch_size,
            per_device_eval_batch_size=settings.batch_size,
            eval_strategy="no",
            save_strategy="no",
            logging_steps=max(1, (settings.max_steps or 500) // 10),
            report_to="none",
            seed=settings.seed,
            disable_tqdm=True,
            dataloader_pin_memory=torch.cuda.is_available(),
        )
        trainer = Trainer(
            model=model,
            args=arguments,
            train_dataset=encoded["train"],
            eval_dataset=encoded.get("dev"),
            data_collator=DataCollatorForTokenClassification(tokenizer),
            compute_metrics=lambda prediction: span_scores(prediction, labels),
        )
        trainer.train()
        scores = trainer.evaluate() if "dev" in encoded else {}
        checkpoint = Path(work) / "checkpoint"
        trainer.save_model(str(checkpoint))
        tokenizer.save_pretrained(str(checkpoint))
        meta = {"base": Path(base).name, "dataset": str(dataset_dir), "settings": asdict(settings), "dev": scores}
        package_pipeline(checkpoint, out, meta, max_length=max_length, stride=settings.stride)
    return scores


def encode_windows(split: Dataset, tokenizer: PreTrainedTokenizerBase, max_length: int, stride: int) -> Dataset:
    """Model inputs of a dataset split: each row's characters as words, cut into windows of
    ``max_length`` tokens overlapping by ``stride``; the joint label on each character's
    first token, :data:`IGNORED` on the others."""

    def encode(batch: dict[str, list]) -> dict[str, list]:
        encoding = tokenizer(
            batch["tokens"], is_split_into_words=True, truncation=True, max_length=max_length, stride=stride,
            return_overflowing_tokens=True,
        )  # fmt: skip
        rows = encoding.pop("overflow_to_sample_mapping")
        encoding["labels"] = []
        for window, row in enumerate(rows):
            flat, reason = batch["ner_tags"][row], batch["reason_tags"][row]
            words = encoding.word_ids(window)
            encoding["labels"].append(
                [
                    IGNORED if word is None or word == previous else joint_id(flat[word], reason[word])
                    for word, previous in zip(words, [None, *words])
                ]
            )
        return dict(encoding)

    return split.map(encode, batched=True, remove_columns=split.column_names)


def span_scores(prediction: EvalPrediction, labels: Sequence[str]) -> dict[str, float]:
    """Strict span precision, recall and F1 (micro and per label) of predicted against gold
    labels, window by window, over the positions that carry a gold label."""
    total = NerScores()
    for logits, gold in zip(prediction.predictions, prediction.label_ids):
        positions = [index for index, label in enumerate(gold) if label != IGNORED]
        gold_spans = decode([labels[gold[index]] for index in positions], positions)
        predicted = decode([labels[int(logits[index].argmax())] for index in positions], positions)
        total.add(score_spans(gold_spans, predicted))
    scores = {"precision": total.micro.precision, "recall": total.micro.recall, "f1": total.micro.f1}
    scores |= {f"f1_{label}": total.strict[label].f1 for label in LABELS}
    return {name: value or 0.0 for name, value in scores.items()}


def package_pipeline(
    checkpoint: str | Path, out: str | Path, training: dict[str, Any] | None = None, **config: Any
) -> Path:
    """Write to ``out`` the spaCy pipeline tokenizer → ``mbnlp_hf_ner`` (configured with
    ``config``, model from the local ``checkpoint``) → ``mbnlp_rules`` (:data:`RULES_CONFIG`)."""
    nlp = build_pipeline(config)
    nlp.get_pipe("mbnlp_hf_ner").initialize(model=checkpoint)
    nlp.meta.update(
        {
            "name": MODEL_NAME,
            "version": __version__,
            "description": "mbnlp NER with a fine-tuned Hugging Face token classifier, then the mbnlp rules",
            "requirements": [f"mbnlp[transformers]>={__version__}"],
            "training_data": json.loads(json.dumps(training or {}, default=str)),
        }
    )
    nlp.to_disk(out)
    return Path(out)


def build_pipeline(config: dict[str, Any]) -> Language:
    """A blank ``zh`` pipeline with mbnlp's tokenizer, ``mbnlp_hf_ner`` (with ``config``) and ``mbnlp_rules``."""
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "mbnlp.JiebaTokenizer.v1"}}})
    nlp.add_pipe("mbnlp_hf_ner", config=config)
    nlp.add_pipe("mbnlp_rules", config=RULES_CONFIG)
    return nlp

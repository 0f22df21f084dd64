"""The NER gold as a Hugging Face ``datasets.DatasetDict`` (``mbnlp annotations export --format hf``).

One row per training paragraph (:func:`mbnlp.training.paragraphs`: the annotated regions
cut at paragraph ends, never inside a gold span), character-level:

* ``id`` ``"<doc>:<start>"``; ``doc`` the gold document name; ``text`` the paragraph;
* ``tokens`` its characters (spaces and line breaks included, so ``"".join(tokens) == text``);
* ``ner_tags`` ``Sequence(ClassLabel)`` BIO over AMOUNT, UNIT, ACCOUNT (:data:`~mbnlp.hf.tags.FLAT_TAGS`);
* ``reason_tags`` ``Sequence(ClassLabel)`` BIO over REASON (:data:`~mbnlp.hf.tags.REASON_TAGS`) —
  a separate column because a REASON may hold the other labels;
* ``offsets`` ``[start, end]`` of each character in the document's text.

Splits are by document, so no document lends paragraphs to two splits: documents named in
``dev``/``test`` go there; without names, the documents are shuffled with ``seed`` and
``round(n × ratio)`` of them (at least one when the ratio is positive and the gold has three
documents or more) go to test, then as many to dev; the rest is train. The seeds' text is read
from the seed folder at export time and written only to the output folder.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..annotations import GoldDocument, load_gold
from ..training import paragraphs
from .tags import FLAT_TAGS, REASON, REASON_TAGS, bio_tags

if TYPE_CHECKING:
    from datasets import DatasetDict, Features

SPLITS = ("train", "dev", "test")
DEFAULT_RATIO = 0.1


def features() -> Features:
    """The dataset's features (module docstring)."""
    from datasets import ClassLabel, Features, Sequence, Value

    return Features(
        {
            "id": Value("string"),
            "doc": Value("string"),
            "text": Value("string"),
            "tokens": Sequence(Value("string")),
            "ner_tags": Sequence(ClassLabel(names=list(FLAT_TAGS))),
            "reason_tags": Sequence(ClassLabel(names=list(REASON_TAGS))),
            "offsets": Sequence(Sequence(Value("int32"), length=2)),
        }
    )


def split_documents(
    documents: Sequence[GoldDocument],
    dev: Iterable[str] = (),
    test: Iterable[str] = (),
    *,
    seed: int = 0,
    ratio: float = DEFAULT_RATIO,
) -> dict[str, list[GoldDocument]]:
    """``{"train": …, "dev": …, "test": …}`` by document name (module docstring)."""
    named = {"dev": set(dev), "test": set(test)}
    if named["dev"] & named["test"]:
        raise ValueError(f"documents both in dev and test: {sorted(named['dev'] & named['test'])}")
    unknown = (named["dev"] | named["test"]) - {document.doc for document in documents}
    if unknown:
        raise ValueError(f"documents not in the gold: {sorted(unknown)}")
    if not named["dev"] and not named["test"]:
        names = sorted(document.doc for document in documents)
        random.Random(seed).shuffle(names)
        size = round(len(names) * ratio) or int(ratio > 0 and len(names) >= 3)
        named = {"test": set(names[:size]), "dev": set(names[size : 2 * size])}
    split = {name: [] for name in SPLITS}
    for document in documents:
        name = next((name for name in ("dev", "test") if document.doc in named[name]), "train")
        split[name].append(document)
    return split


def rows(document: GoldDocument) -> list[dict]:
    """The dataset rows of one gold document (module docstring), tag names not yet ids."""
    found = []
    for paragraph in paragraphs(document):
        length = len(paragraph.text)
        flat = [span for span in paragraph.spans if span[2] != REASON]
        reasons = [span for span in paragraph.spans if span[2] == REASON]
        found.append(
            {
                "id": f"{document.doc}:{paragraph.start}",
                "doc": document.doc,
                "text": paragraph.text,
                "tokens": list(paragraph.text),
                "ner_tags": bio_tags(length, flat),
                "reason_tags": bio_tags(length, reasons),
                "offsets": [[paragraph.start + i, paragraph.start + i + 1] for i in range(length)],
            }
        )
    return found


def build_dataset(documents: dict[str, list[GoldDocument]]) -> DatasetDict:
    """The ``DatasetDict`` of split gold documents (see :func:`split_documents`)."""
    from datasets import Dataset, DatasetDict

    schema = features()
    return DatasetDict(
        {
            name: Dataset.from_list([row for document in documents[name] for row in rows(document)], features=schema)
            for name in SPLITS
        }
    )


def export_dataset(
    annotations: str | Path,
    out: str | Path,
    *,
    dev: Iterable[str] = (),
    test: Iterable[str] = (),
    seed: int = 0,
    ratio: float = DEFAULT_RATIO,
    docs_dir: str | Path | None = None,
) -> DatasetDict:
    """Load the gold under ``annotations`` (its ``ner`` folder if it has one, or a gold ``.jsonl``),
    split it, save the ``DatasetDict`` to ``out`` (``datasets.load_from_disk(out)`` reads it) and return it."""
    path = Path(annotations)
    gold = load_gold(path / "ner" if (path / "ner").is_dir() else path, docs_dir)
    dataset = build_dataset(split_documents(gold, dev, test, seed=seed, ratio=ratio))
    dataset.save_to_disk(str(out))
    return dataset

"""Training examples from the NER gold: each annotated region cut into paragraphs.

A region of a gold document (:func:`mbnlp.annotations.load_gold`) is cut at a line
break that ends a paragraph — after ``。！？；：``, before or after a heading line
(``一、``, ``（二）``, ``3.``), or at a blank line — unless a gold span runs over it. Each
paragraph becomes one :class:`spacy.training.Example`: AMOUNT, UNIT and ACCOUNT as
``doc.ents``, REASON (which may hold other entities) in the span group
:data:`REASON_KEY`. Documents are split into train and dev by name, never paragraphs.

The reader ``mbnlp.GoldCorpus.v1`` serves them to ``spacy train``-style configs::

    [corpora.train]
    @readers = "mbnlp.GoldCorpus.v1"
    path = ${paths.annotations}
    held_out = ${paths.held_out}
    split = "train"
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import regex
import spacy
from spacy.language import Language
from spacy.training import Example

from ..annotations import GoldDocument, load_gold
from ..ner.rules import FLAT_LABELS
from ..ner.spans import REASON_KEY

Split = Literal["train", "dev", "all"]
HEADING_LINE = regex.compile(r"[ \u3000]*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.．、](?!\d))")
PARAGRAPH_END = regex.compile(r"[。！？；：!?;:][ \u3000]*$")


@dataclass(frozen=True)
class Paragraph:
    """One training paragraph: ``text`` is ``document.text[start:end]``; ``spans`` are relative to it."""

    doc: str
    start: int
    end: int
    text: str
    spans: tuple[tuple[int, int, str], ...]


def paragraphs(document: GoldDocument) -> list[Paragraph]:
    """The paragraphs of every annotated region of ``document``, with the gold spans inside them."""
    found = []
    for region_start, region_end in document.regions:
        spans = [span for span in document.spans if region_start <= span[0] and span[1] <= region_end]
        for start, end in _cut(document.text, region_start, region_end, spans):
            inside = tuple((s - start, e - start, label) for s, e, label in spans if start <= s and e <= end)
            found.append(Paragraph(document.doc, start, end, document.text[start:end], inside))
    return found


def _cut(text: str, start: int, end: int, spans: Sequence[tuple[int, int, str]]) -> Iterator[tuple[int, int]]:
    """``(start, end)`` pieces of ``text[start:end]`` split at paragraph-ending line breaks, blank pieces dropped."""
    crossed = {offset for s, e, _ in spans for offset in range(s, e)}
    piece_start = start
    for newline in regex.finditer(r"\n", text, pos=start, endpos=end):
        at = newline.start()
        if at in crossed or not _ends_paragraph(text, piece_start, at, end):
            continue
        if text[piece_start:at].strip():
            yield piece_start, at
        piece_start = at + 1
    if text[piece_start:end].strip():
        yield piece_start, end


def _ends_paragraph(text: str, start: int, at: int, end: int) -> bool:
    """Whether the line break at ``at`` ends a paragraph (see the module docstring)."""
    line = text[max(start, text.rfind("\n", start, at) + 1) : at]
    next_end = text.find("\n", at + 1, end)
    following = text[at + 1 : end if next_end < 0 else next_end]
    return (
        not line.strip()
        or not following.strip()
        or PARAGRAPH_END.search(line) is not None
        or HEADING_LINE.match(line) is not None
        or HEADING_LINE.match(following) is not None
    )


def make_example(nlp: Language, paragraph: Paragraph) -> Example:
    """The :class:`Example` of one paragraph, tokenized by ``nlp``'s tokenizer (gold spans must align)."""
    doc = nlp.make_doc(paragraph.text)
    entities = [(s, e, label) for s, e, label in paragraph.spans if label in FLAT_LABELS]
    reasons = [(s, e, label) for s, e, label in paragraph.spans if label == "REASON"]
    return Example.from_dict(doc, {"entities": entities, "spans": {REASON_KEY: reasons}})


def split_documents(documents: Iterable[GoldDocument], held_out: Iterable[str], split: Split) -> list[GoldDocument]:
    """The documents of ``split``: ``dev`` those named in ``held_out``, ``train`` the others, ``all`` every one."""
    held = set(held_out)
    documents = list(documents)
    unknown = held - {document.doc for document in documents}
    if unknown:
        raise ValueError(f"held-out documents not in the gold: {sorted(unknown)}")
    if split == "all":
        return documents
    return [document for document in documents if (document.doc in held) == (split == "dev")]


@spacy.registry.readers("mbnlp.GoldCorpus.v1")
def create_gold_corpus(
    path: str, held_out: list[str] = [], split: Split = "train", docs_dir: str | None = None  # noqa: B006
) -> Callable[[Language], Iterator[Example]]:
    """A corpus reader over the gold at ``path`` (a ``.jsonl`` file or a folder): the paragraphs
    of the documents of ``split`` (see :func:`split_documents`), in document order."""
    documents = split_documents(load_gold(Path(path), docs_dir), held_out, split)
    pieces = [paragraph for document in documents for paragraph in paragraphs(document)]

    def read(nlp: Language) -> Iterator[Example]:
        for paragraph in pieces:
            yield make_example(nlp, paragraph)

    return read

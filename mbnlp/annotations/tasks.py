"""Annotation tasks: the pieces of a document an annotator reviews, pre-annotated by the NER pipeline.

A task is one narrative block (``paragraph`` or ``heading`` of
:func:`mbnlp.structure.split_blocks`) or one table cell, as the raw slice
``document.text[offset : offset + len(text)]``, so every span offset inside a task plus
``offset`` is a document offset (SPEC §2). A task carries where it came from (``doc``, the
document's ``sha256``, ``offset``; for a cell its ``table``, ``row`` and ``column``) and the
model's spans, relative to its text. The same tasks are written for Label Studio, doccano
and as a spaCy DocBin (:mod:`mbnlp.annotations.tools`) and read back on import.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.language import Language

from ..loading import Document, load_document
from ..ner.extract import BATCH_SIZE, NARRATIVE, model_version, ner_cells
from ..ner.spans import entity_spans
from ..structure import split_blocks
from ..tables import reconstruct

SpanTuple = tuple[int, int, str]


@dataclass(frozen=True)
class Task:
    """One piece of a document to annotate; ``spans`` are ``(start, end, label)`` relative to ``text``.

    ``kind`` is ``paragraph``, ``heading`` or ``cell``; ``table``/``row``/``column`` locate a
    cell in the reconstructed table (``t1``, 0-based row and column). ``model_version`` names
    the pipeline that proposed ``spans``; ``score`` is the ranking score when tasks were ranked.
    """

    doc: str
    sha256: str
    offset: int
    text: str
    kind: str
    spans: tuple[SpanTuple, ...] = ()
    model_version: str = ""
    table: str | None = None
    row: int | None = None
    column: int | None = None
    score: float | None = None
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def key(self) -> tuple[str, int]:
        """``(doc, offset)``: what identifies a task across export and import."""
        return self.doc, self.offset

    @property
    def end(self) -> int:
        return self.offset + len(self.text)

    def document_spans(self) -> list[SpanTuple]:
        """``spans`` at document offsets."""
        return [(self.offset + start, self.offset + end, label) for start, end, label in self.spans]

    def meta(self) -> dict[str, object]:
        """The fields that locate the task, for a tool's task data (``None`` fields left out)."""
        fields = {
            "doc": self.doc, "sha256": self.sha256, "offset": self.offset, "kind": self.kind,
            "table": self.table, "row": self.row, "column": self.column, "model_version": self.model_version,
            "score": self.score,
        }  # fmt: skip
        return {key: value for key, value in fields.items() if value is not None}


def document_pieces(document: Document, doc: str, *, cells: bool = True) -> list[Task]:
    """The tasks of ``document`` (named ``doc``) without spans: its narrative blocks and, with
    ``cells``, the non-empty table cells outside 科目编码, 行次 and blank columns, in text order."""
    blocks = split_blocks(document)
    text = document.text
    tasks = [
        Task(doc, document.doc_id, block.start, text[block.start : block.end], block.kind)
        for block in blocks
        if block.kind in NARRATIVE and text[block.start : block.end].strip()
    ]
    if cells:
        for table in reconstruct(document, blocks):
            for row_index, index, cell in ner_cells(table):
                piece = text[cell.start : cell.end]
                located = {"table": table.id, "row": row_index, "column": index}
                tasks.append(Task(doc, document.doc_id, cell.start, piece, "cell", **located))
    return sorted(tasks, key=lambda task: task.offset)


def pre_annotate(nlp: Language, tasks: Sequence[Task]) -> list[Task]:
    """``tasks`` with the spans ``nlp`` finds in their text (:func:`mbnlp.ner.spans.entity_spans`)."""
    version = model_version(nlp)
    docs = nlp.pipe((task.text for task in tasks), batch_size=BATCH_SIZE)
    return [
        replace(
            task, spans=tuple((s.start_char, s.end_char, s.label_) for s in entity_spans(doc)), model_version=version
        )
        for task, doc in zip(tasks, docs)
    ]


def load_tasks(nlp: Language, paths: Iterable[str | Path], *, cells: bool = True) -> list[Task]:
    """The pre-annotated tasks of every document in ``paths`` (each document named by its file name)."""
    tasks: list[Task] = []
    for path in paths:
        tasks += document_pieces(load_document(path), Path(path).name, cells=cells)
    return pre_annotate(nlp, tasks)


def outside_regions(tasks: Iterable[Task], regions: dict[tuple[str, str], list[tuple[int, int]]]) -> list[Task]:
    """The tasks that overlap no annotated region; ``regions`` maps ``(doc, sha256)`` to a gold document's regions."""
    return [
        task
        for task in tasks
        if not any(start < task.end and task.offset < end for start, end in regions.get((task.doc, task.sha256), ()))
    ]

"""Entities of a document (SPEC §3) for ``DocumentResult.entities``: the NER pipeline run over
the narrative blocks and the table cells, every span mapped to raw ``document.text`` offsets.

Narrative: the analysis text of every ``paragraph`` and ``heading`` block (hard line wraps
joined, markup removed), mapped back with ``block.text.to_source``. Tables: the raw text
of every non-empty cell outside 科目编码, 行次 and blank columns. An AMOUNT takes the
unit of the UNIT entity right after it (spaces or one ``余`` between), else — in a money
column of a table — the table's declared unit (SPEC §3).

Every piece goes through the whole pipeline in ``nlp.pipe`` batches. Skipping pieces
without digits was measured and rejected: it loses declared units (``金额单位：元``) and
the units the model tags in unit cells and headers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path

import regex
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..about import __version__
from ..loading import Document
from ..normalize import MONEY_UNITS, canonical_unit, parse_amount, to_yuan
from ..records import Entity
from ..structure import Block
from ..tables import ReconstructedTable
from .rules import build_rules_pipeline
from .spans import entity_spans

DEFAULT_MODEL = Path(__file__).resolve().parents[2] / "models" / "mbnlp-zh"
"""The shipped pipeline, beside the package in a source checkout."""
NARRATIVE = frozenset({"paragraph", "heading"})
MONEY_ROLES = frozenset({"value", "initial_budget", "full_year_budget", "executed"})
SKIPPED_ROLES = frozenset({"code", "line", "blank"})
UNIT_GAP = regex.compile(r"[\s余]*")
BATCH_SIZE = 256
ToSource = Callable[[int, int], tuple[int, int]]
"""Maps a span of a processed text to raw ``document.text`` offsets."""


@cache
def load_pipeline(model: str | None = None, user_dict: str | None = None) -> Language:
    """The NER pipeline, loaded once per process and arguments: ``model`` (a pipeline folder),
    else :data:`DEFAULT_MODEL` if it exists, else the rules-only pipeline. ``user_dict``
    (a jieba-format file) extends the tokenizer's domain dictionary, in place of any user
    dictionary saved with the model."""
    path = Path(model) if model is not None else DEFAULT_MODEL if DEFAULT_MODEL.is_dir() else None
    if path is None:
        return build_rules_pipeline(user_dict)
    if user_dict is None:
        return spacy.load(path)
    return spacy.load(path, config={"nlp": {"tokenizer": {"user_dict": user_dict}}}, exclude=["tokenizer"])


def model_version(nlp: Language) -> str:
    """``name-version`` of a trained pipeline (``mbnlp-zh-0.1.0``), ``rules-<mbnlp version>`` else."""
    if any(name != "mbnlp_rules" for name in nlp.pipe_names):
        return f"{nlp.meta['name']}-{nlp.meta['version']}"
    return f"rules-{__version__}"


def extract_entities(
    nlp: Language, document: Document, blocks: Sequence[Block], tables: Sequence[ReconstructedTable]
) -> list[Entity]:
    """Every entity of ``document``'s narrative blocks and table cells, in text order."""
    pieces: list[tuple[str, ToSource, str | None]] = []
    for block in blocks:
        if block.kind in NARRATIVE:
            pieces.append((block.text.text, block.text.to_source, None))
    text = document.text
    for table in tables:
        money = {index for index, column in enumerate(table.columns) if column.role in MONEY_ROLES}
        skipped = {index for index, column in enumerate(table.columns) if column.role in SKIPPED_ROLES}
        for row in table.rows:
            for index, cell in enumerate(row.cells):
                if cell.is_empty or cell.spanned or index in skipped:
                    continue
                unit = table.unit if index in money else None
                pieces.append((text[cell.start : cell.end], _shift(cell.start), unit))
    entities: dict[tuple[int, int, str], Entity] = {}
    docs = nlp.pipe((piece[0] for piece in pieces), batch_size=BATCH_SIZE)
    for doc, (_, to_source, unit) in zip(docs, pieces):
        for entity in _entities(doc, text, to_source, unit):
            entities.setdefault((entity.start, entity.end, entity.label), entity)
    return sorted(entities.values(), key=lambda entity: (entity.start, -entity.end, entity.label))


def _shift(offset: int) -> ToSource:
    return lambda start, end: (offset + start, offset + end)


def _entities(doc: Doc, text: str, to_source: ToSource, table_unit: str | None) -> Iterable[Entity]:
    """The entities of one processed piece, at raw offsets (``to_source`` maps piece offsets)."""
    spans = entity_spans(doc)
    found = []
    for index, span in enumerate(spans):
        start, end = to_source(span.start_char, span.end_char)
        fields = {}
        if span.label_ == "AMOUNT":
            fields = _amount_fields(span, spans[index + 1 :], table_unit)
        found.append(Entity(label=span.label_, start=start, end=end, text=text[start:end], **fields))
    return found


def _amount_fields(amount: Span, following: list[Span], table_unit: str | None) -> dict[str, str | None]:
    """``value``, ``unit`` and ``yuan`` of an AMOUNT span (SPEC §3 normalisation)."""
    value = parse_amount(amount.text)
    unit_span = next((span for span in following if span.label_ == "UNIT"), None)
    doc_text = amount.doc.text
    if unit_span is not None and UNIT_GAP.fullmatch(doc_text, amount.end_char, unit_span.start_char):
        unit = canonical_unit(unit_span.text)
    else:
        unit = table_unit
    yuan = to_yuan(value, unit) if value is not None and unit in MONEY_UNITS else None
    return {"value": value, "unit": unit, "yuan": yuan}

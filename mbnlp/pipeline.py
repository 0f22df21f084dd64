"""From a loaded ``Document`` to its ``DocumentResult``: the stages of one extraction."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from .checks import run_checks
from .errors import MbnlpInputError
from .loading import Document, load_document, read_input
from .ner.extract import extract_entities, load_pipeline, model_version
from .records import Check, DocumentResult, Entity, Error, Meta, Statement
from .statements import extract_statements
from .structure import Block, detect_meta, split_blocks
from .tables import ReconstructedTable, TableRecords, reconstruct, table_records


@dataclass
class Analysis:
    """What the stages make of one document, in stage order."""

    blocks: list[Block]
    meta: Meta
    reconstructed: list[ReconstructedTable]
    tables: TableRecords
    entities: list[Entity]
    statements: list[Statement]
    checks: list[Check]


class StageError(Exception):
    """An exception raised inside ``stage`` (the original is ``__cause__``)."""

    def __init__(self, stage: str, error: BaseException) -> None:
        super().__init__(stage, error)
        self.stage = stage
        self.error = error


def analyse(document: Document, nlp: Language) -> Analysis:
    """Run every stage on ``document`` (structure, meta, tables, entities, statements, checks);
    an exception in a stage is raised as :class:`StageError` naming it."""
    stage = "structure"
    try:
        blocks = split_blocks(document)
        stage = "meta"
        meta = detect_meta(document, blocks)
        stage = "tables"
        reconstructed = reconstruct(document, blocks, meta)
        tables = table_records(reconstructed)
        stage = "entities"
        entities = extract_entities(nlp, document, blocks, reconstructed)
        stage = "statements"
        statements = extract_statements(document, blocks, entities, meta)
        stage = "checks"
        checks = run_checks(document, reconstructed, tables, meta.year, statements, blocks)
    except Exception as error:
        raise StageError(stage, error) from error
    return Analysis(blocks, meta, reconstructed, tables, entities, statements, checks)


def check_document(document: Document, *, nlp: Language | None = None) -> list[Check]:
    """Every check of ``document`` (tables and narrative), ``nlp`` as in :func:`extract`."""
    return analyse(document, load_pipeline() if nlp is None else nlp).checks


def extract(document: Document, *, nlp: Language | None = None) -> DocumentResult:
    """Run every extraction stage on ``document``; ``nlp`` is the NER pipeline (default:
    :func:`mbnlp.ner.extract.load_pipeline`, loaded once per process).

    A stage that raises fails the whole document: its result has ``status="failed"``,
    an ``errors`` record naming the stage, and empty record lists (SPEC §2).
    """
    base = {
        "doc_id": document.doc_id,
        "source": document.source,
        "encoding": document.encoding,
        "warnings": document.warnings,
    }
    nlp = load_pipeline() if nlp is None else nlp
    base["model_version"] = model_version(nlp)
    try:
        analysis = analyse(document, nlp)
    except StageError as failure:  # one broken document never stops a batch
        return DocumentResult(**base, status="failed", errors=[stage_error(failure.stage, failure.error)])
    return DocumentResult(
        **base,
        meta=analysis.meta,
        entities=analysis.entities,
        tables=analysis.tables.tables,
        indicators=analysis.tables.indicators,
        funds=analysis.tables.funds,
        accounts=analysis.tables.accounts,
        statements=analysis.statements,
        checks=analysis.checks,
    )


def extract_file(
    path: str | Path, *, max_bytes: int | None = None, model: str | None = None, user_dict: str | None = None
) -> DocumentResult:
    """Load and extract one file; never raises: an input that cannot be read or decoded
    becomes a failed result (with ``doc_id`` whenever its bytes could be read). ``model``
    and ``user_dict`` choose the NER pipeline (:func:`mbnlp.ner.extract.load_pipeline`)."""
    source = str(path)
    try:
        data = read_input(path, source, max_bytes)
    except MbnlpInputError as error:
        return failed_result(None, source, "read", error)
    try:
        document = load_document(data, source=source, max_bytes=max_bytes)
    except MbnlpInputError as error:
        return failed_result(hashlib.sha256(data).hexdigest(), source, "load", error)
    return extract(document, nlp=load_pipeline(model, user_dict))


def stage_error(stage: str, error: BaseException) -> Error:
    """The ``errors`` record for an exception raised in ``stage``."""
    message = str(error) if isinstance(error, MbnlpInputError) else f"{type(error).__name__}: {error}"
    return Error(stage=stage, message=message)


def failed_result(doc_id: str | None, source: str, stage: str, error: BaseException) -> DocumentResult:
    """The result line of an input that could not be extracted."""
    return DocumentResult(doc_id=doc_id, source=source, status="failed", errors=[stage_error(stage, error)])

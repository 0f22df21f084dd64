"""From a loaded ``Document`` to its ``DocumentResult``: the stages of one extraction."""

from __future__ import annotations

import hashlib
from pathlib import Path

from spacy.language import Language

from .checks import check_tables
from .errors import MbnlpInputError
from .loading import Document, load_document, read_input
from .ner.extract import extract_entities, load_pipeline, model_version
from .records import DocumentResult, Error
from .structure import detect_meta, split_blocks
from .tables import reconstruct, table_records


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
        stage = "checks"
        checks = check_tables(document, reconstructed, tables, meta.year)
    except Exception as error:  # one broken document never stops a batch
        return DocumentResult(**base, status="failed", errors=[stage_error(stage, error)])
    return DocumentResult(
        **base,
        meta=meta,
        entities=entities,
        tables=tables.tables,
        indicators=tables.indicators,
        funds=tables.funds,
        accounts=tables.accounts,
        checks=checks,
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

"""Tabular views of ``DocumentResult``: one Arrow table per record type.

The Arrow schemas are derived from the pydantic models, so the JSON and the tabular
outputs cannot drift apart. Decimal-string fields become ``DECIMAL(38, 6)`` columns;
every row carries ``doc_id`` and ``source`` first and the producing versions last.
"""

from __future__ import annotations

import types
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import pyarrow as pa
from pydantic import BaseModel

from .models import DecimalMarker, DocumentResult, Meta

DECIMAL_TYPE = pa.decimal128(38, 6)
_DECIMAL_QUANTUM = Decimal(1).scaleb(-DECIMAL_TYPE.scale)

#: Record types in output order; ``documents`` is one row per input.
RECORD_TYPES: tuple[str, ...] = (
    "documents",
    "entities",
    "tables",
    "indicators",
    "funds",
    "accounts",
    "statements",
    "checks",
    "errors",
)

_KEY_FIELDS = [pa.field("doc_id", pa.string()), pa.field("source", pa.string())]
_VERSION_FIELDS = [pa.field("mbnlp_version", pa.string()), pa.field("model_version", pa.string())]
_DOCUMENT_SCALARS = ("status", "duplicate_of", "encoding")


def _arrow_type(annotation: Any, metadata: tuple = ()) -> pa.DataType:
    """The Arrow type of one pydantic field annotation."""
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *extra = get_args(annotation)
        return _arrow_type(base, (*metadata, *extra))
    if origin in (Union, types.UnionType):
        (inner,) = [arg for arg in get_args(annotation) if arg is not type(None)]
        return _arrow_type(inner, metadata)
    if any(isinstance(item, DecimalMarker) for item in metadata):
        return DECIMAL_TYPE
    if annotation is str or origin is Literal:
        return pa.string()
    if annotation is int:
        return pa.int64()
    if origin in (list, tuple):
        return pa.list_(_arrow_type(get_args(annotation)[0]))
    raise TypeError(f"no Arrow type for {annotation!r}")


def _model_fields(model: type[BaseModel], names: tuple[str, ...] | None = None) -> list[pa.Field]:
    return [
        pa.field(name, _arrow_type(info.annotation, tuple(info.metadata)))
        for name, info in model.model_fields.items()
        if names is None or name in names
    ]


def _record_model(record_type: str) -> type[BaseModel]:
    (model,) = get_args(DocumentResult.model_fields[record_type].annotation)
    return model


@cache
def arrow_schema(record_type: str) -> pa.Schema:
    """The Arrow schema of one record type (see ``RECORD_TYPES``)."""
    if record_type == "documents":
        body = [
            *_model_fields(DocumentResult, _DOCUMENT_SCALARS),
            *_model_fields(Meta),
            *_model_fields(DocumentResult, ("warnings",)),
        ]
    else:
        body = _model_fields(_record_model(record_type))
    return pa.schema([*_KEY_FIELDS, *body, *_VERSION_FIELDS])


def _decimal(value: str | None) -> Decimal | None:
    if value is None:
        return None
    number = Decimal(value)
    if number.as_tuple().exponent < -DECIMAL_TYPE.scale:  # type: ignore[operator]
        number = number.quantize(_DECIMAL_QUANTUM)
    return number


def _typed_row(row: dict[str, Any], schema: pa.Schema) -> dict[str, Any]:
    for field in schema:
        if field.type == DECIMAL_TYPE:
            row[field.name] = _decimal(row[field.name])
    return row


def record_rows(result: DocumentResult, record_type: str) -> list[dict[str, Any]]:
    """The rows ``result`` contributes to one record type, typed for ``arrow_schema``."""
    schema = arrow_schema(record_type)
    common = {
        "doc_id": result.doc_id,
        "source": result.source,
        "mbnlp_version": result.mbnlp_version,
        "model_version": result.model_version,
    }
    if record_type == "documents":
        data = result.model_dump(include={*_DOCUMENT_SCALARS, "warnings"})
        return [{**common, **data, **result.meta.model_dump()}]
    return [_typed_row({**common, **record.model_dump()}, schema) for record in getattr(result, record_type)]


def to_arrow_tables(results: list[DocumentResult]) -> dict[str, pa.Table]:
    """One Arrow table per record type for ``results`` (empty tables keep their schema)."""
    return {
        record_type: pa.Table.from_pylist(
            [row for result in results for row in record_rows(result, record_type)],
            schema=arrow_schema(record_type),
        )
        for record_type in RECORD_TYPES
    }

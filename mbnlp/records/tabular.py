"""Tabular views of ``DocumentResult``: one Arrow table per record type.

The Arrow schemas are derived from the pydantic models, so the JSON and the tabular
outputs cannot drift apart. Decimal-string fields become ``DECIMAL(38, 6)`` columns;
every row carries ``doc_id`` and ``source`` first and the producing versions last.
The tables are read from the JSON lines themselves (``documents.jsonl``) by Arrow's JSON
reader, so what the tabular outputs hold is exactly what the journal says.
"""

from __future__ import annotations

import types
from collections.abc import Sequence
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pajson
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
_ROW_FIELDS = ("doc_id", "source", "mbnlp_version", "model_version")
_DOCUMENT_SCALARS = ("status", "duplicate_of", "encoding")
#: The largest block Arrow's JSON reader takes; a block must hold a whole line.
_MAX_BLOCK = (1 << 31) - 1


def _arrow_type(annotation: Any, metadata: tuple = (), decimal: pa.DataType = DECIMAL_TYPE) -> pa.DataType:
    """The Arrow type of one pydantic field annotation; decimal strings become ``decimal``."""
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *extra = get_args(annotation)
        return _arrow_type(base, (*metadata, *extra), decimal)
    if origin in (Union, types.UnionType):
        (inner,) = [arg for arg in get_args(annotation) if arg is not type(None)]
        return _arrow_type(inner, metadata, decimal)
    if any(isinstance(item, DecimalMarker) for item in metadata):
        return decimal
    if annotation is str or origin is Literal:
        return pa.string()
    if annotation is int:
        return pa.int64()
    if origin in (list, tuple):
        return pa.list_(_arrow_type(get_args(annotation)[0], decimal=decimal))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return pa.struct(_model_fields(annotation, decimal=decimal))
    raise TypeError(f"no Arrow type for {annotation!r}")


def _model_fields(
    model: type[BaseModel], names: tuple[str, ...] | None = None, decimal: pa.DataType = DECIMAL_TYPE
) -> list[pa.Field]:
    return [
        pa.field(name, _arrow_type(info.annotation, tuple(info.metadata), decimal))
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


@cache
def line_schema() -> pa.Schema:
    """The Arrow schema of one JSON line of ``documents.jsonl`` (decimal strings read as strings)."""
    return pa.schema(_model_fields(DocumentResult, decimal=pa.string()))


def _decimal(value: str | None) -> Decimal | None:
    if value is None:
        return None
    number = Decimal(value)
    if number.as_tuple().exponent < -DECIMAL_TYPE.scale:  # type: ignore[operator]
        number = number.quantize(_DECIMAL_QUANTUM)
    return number


def _decimal_column(strings: pa.Array) -> pa.Array:
    """Decimal strings as ``DECIMAL_TYPE``; a value of more places than its scale is rounded as
    ``Decimal.quantize`` rounds it (half to even), where Arrow's cast refuses."""
    try:
        return pc.cast(strings, DECIMAL_TYPE)
    except pa.ArrowInvalid:
        return pa.array([_decimal(value) for value in strings.to_pylist()], DECIMAL_TYPE)


def _column(values: pa.Array, field: pa.Field) -> pa.Array:
    return _decimal_column(values) if field.type == DECIMAL_TYPE else values


def read_lines(lines: Sequence[bytes]) -> pa.RecordBatch:
    """Non-empty JSON lines of ``documents.jsonl`` (each without its newline) as one batch of
    ``line_schema()``."""
    data = b"\n".join(lines)
    options = pajson.ReadOptions(use_threads=False, block_size=min(max(len(data), 1 << 16) + 1, _MAX_BLOCK))
    parse = pajson.ParseOptions(explicit_schema=line_schema(), unexpected_field_behavior="error")
    table = pajson.read_json(pa.BufferReader(data), read_options=options, parse_options=parse)
    return table.combine_chunks().to_batches()[0]


def lines_to_tables(lines: Sequence[bytes]) -> dict[str, pa.Table]:
    """One Arrow table per record type for JSON lines of ``documents.jsonl`` (empty tables keep
    their schema): ``documents`` is one row per line, the others one row per record."""
    if not lines:
        return {record_type: arrow_schema(record_type).empty_table() for record_type in RECORD_TYPES}
    documents = read_lines(lines)
    tables = {}
    for record_type in RECORD_TYPES:
        schema = arrow_schema(record_type)
        if record_type == "documents":
            meta = documents["meta"]
            names = documents.schema.names
            columns = [documents[field.name] if field.name in names else meta.field(field.name) for field in schema]
        else:
            lists = documents[record_type]
            owners = pc.list_parent_indices(lists)
            records = pc.list_flatten(lists)
            columns = [
                documents[field.name].take(owners)
                if field.name in _ROW_FIELDS
                else _column(records.field(field.name), field)
                for field in schema
            ]
        tables[record_type] = pa.Table.from_arrays(columns, schema=schema)
    return tables


def to_arrow_tables(results: list[DocumentResult]) -> dict[str, pa.Table]:
    """One Arrow table per record type for ``results`` (empty tables keep their schema)."""
    return lines_to_tables([result.to_json_bytes() for result in results])

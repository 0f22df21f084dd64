"""The SPEC §2 output contract: exact decimal strings in JSON, DECIMAL columns in tables."""

from __future__ import annotations

import json
from decimal import Decimal

import jsonschema
import pyarrow as pa
import pytest

from mbnlp import __version__
from mbnlp.records import Account, Check, DocumentResult, Entity, RECORD_TYPES, document_json_schema


def sample_result() -> DocumentResult:
    return DocumentResult(
        doc_id="0" * 64,
        source="docs/a.txt",
        entities=[
            Entity(label="AMOUNT", start=10, end=17, text="1447.71", value="1447.71", unit="万元", yuan="14477100.00")
        ],
        accounts=[
            Account(
                table="t5", code="2101501", name="行政运行", level="项", column="本年支出合计",
                value="3500523.54", unit="元", start=5, end=17,
            )
        ],
        checks=[Check(rule="summary.income_total", status="pass", message="本年收入合计等于各项收入之和",
                      expected="4593144.30", found="4593144.30", evidence=[(1, 2), (3, 4)])],
    )


def test_json_keeps_numbers_as_exact_decimal_strings() -> None:
    line = json.loads(sample_result().to_json())
    assert line["entities"][0]["value"] == "1447.71"
    assert line["entities"][0]["yuan"] == "14477100.00"
    assert line["checks"][0]["expected"] == "4593144.30"
    assert line["mbnlp_version"] == __version__
    assert list(line)[:2] == ["doc_id", "source"]


def test_schema_accepts_results_and_rejects_floats() -> None:
    validator = jsonschema.Draft202012Validator(document_json_schema())
    line = json.loads(sample_result().to_json())
    validator.validate(line)
    line["entities"][0]["value"] = 1447.71
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(line)
    line["entities"][0]["value"] = "1,447.71"
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(line)


def test_to_tables_gives_one_typed_table_per_record_type() -> None:
    tables = sample_result().to_tables()
    assert list(tables) == list(RECORD_TYPES)
    accounts = tables["accounts"]
    assert accounts.schema.field("value").type == pa.decimal128(38, 6)
    assert accounts.column("value").to_pylist() == [Decimal("3500523.54")]
    assert accounts.column("doc_id").to_pylist() == ["0" * 64]
    assert tables["documents"].num_rows == 1 and tables["statements"].num_rows == 0
    assert tables["checks"].column("evidence").to_pylist() == [[[1, 2], [3, 4]]]
    assert tables["entities"].to_pandas().loc[0, "unit"] == "万元"


def test_json_bytes_are_the_json_line_in_utf8() -> None:
    result = sample_result()
    assert result.to_json_bytes() == result.to_json().encode("utf-8")
    assert "万元".encode() in result.to_json_bytes()


def test_decimals_of_more_than_six_places_are_rounded_half_to_even() -> None:
    result = sample_result()
    amount = result.entities[0]
    result.entities = [
        amount.model_copy(update={"value": "0.1234565"}),
        amount.model_copy(update={"value": "0.1234575", "start": 20, "end": 29}),
    ]
    values = result.to_tables()["entities"].column("value").to_pylist()
    assert values == [Decimal("0.123456"), Decimal("0.123458")]

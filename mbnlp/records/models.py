"""The output contract of SPEC §2: one ``DocumentResult`` per input and its record types.

Field names are fixed by the SPEC. Numbers are decimal strings (``"1447.71"``), never
floats; ``start``/``end`` are character offsets into the decoded input text.
"""

from __future__ import annotations

from typing import Annotated, Literal

import pyarrow as pa
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ..about import __version__


class DecimalMarker:
    """Marks a string field that holds a decimal number (a DECIMAL column in tabular outputs)."""


DECIMAL = DecimalMarker()
DecimalStr = Annotated[
    str,
    StringConstraints(pattern=r"^-?[0-9]+(\.[0-9]+)?$"),
    Field(description="A decimal number as a string, separators removed, exact as printed."),
    DECIMAL,
]
Offset = Annotated[int, Field(ge=0, description="Character offset into the decoded input text.")]

DocKind = Literal["final_accounts", "budget", "performance_report", "mixed"]
TableKind = Literal[
    "performance_indicators",
    "project_funds",
    "income_expenditure_summary",
    "account_detail",
    "economic_detail",
    "three_public",
    "other",
]
Status = Literal["ok", "failed", "duplicate"]


class Record(BaseModel):
    """Base of every record: strict field set, stable field order."""

    model_config = ConfigDict(extra="forbid")


class Meta(Record):
    """What the document is: who published it, for which year, in which unit."""

    department: str | None = None
    year: int | None = None
    doc_kind: DocKind | None = None
    default_unit: str | None = None


class Entity(Record):
    label: Literal["AMOUNT", "UNIT", "ACCOUNT", "REASON"]
    start: Offset
    end: Offset
    text: str
    value: DecimalStr | None = None
    unit: str | None = None
    yuan: DecimalStr | None = None


class Table(Record):
    id: str
    kind: TableKind
    title: str | None = None
    label: str | None = Field(default=None, description="The printed table number, e.g. 公开02表.")
    unit: str | None = None
    project: str | None = Field(default=None, description="The project of a performance table (项目名称).")
    start: Offset
    end: Offset
    header: list[str]
    rows: list[list[str | None]]


class Indicator(Record):
    table: str
    project: str | None = None
    level1: str | None = None
    level2: str | None = None
    level3: str | None = None
    nature: str | None = None
    operator: Literal[">=", "<=", "=", ">", "<"] | None = None
    target: str | None = None
    actual: str | None = None
    unit: str | None = None
    weight: DecimalStr | None = None
    score: DecimalStr | None = None
    deviation: str | None = None
    start: Offset
    end: Offset


class Fund(Record):
    table: str
    project: str | None = None
    item: str
    initial_budget: DecimalStr | None = None
    full_year_budget: DecimalStr | None = None
    executed: DecimalStr | None = None
    weight: DecimalStr | None = None
    execution_rate: DecimalStr | None = None
    score: DecimalStr | None = None
    unit: str | None = None
    start: Offset
    end: Offset


class Account(Record):
    table: str
    code: str | None = None
    name: str | None = None
    level: Literal["类", "款", "项"] | None = None
    side: Literal["income", "expenditure"] | None = None
    column: str
    value: DecimalStr | None = None
    unit: str | None = None
    start: Offset
    end: Offset
    suggested_code: str | None = Field(
        default=None,
        description="Set when the printed code does not match its name or its neighbours: the code the "
        "budget classification gives for this name (e.g. 30921 for a 309xx row printed as 20921).",
    )


Measure = Literal["决算数", "年初预算数", "全年预算数", "上年决算数", "增减额", "增减率", "占比", "完成率"]


class Statement(Record):
    """One figure stated in the narrative: an amount of a measure of an account (SPEC §2).

    ``start``/``end`` span the amount; ``account_*``, ``reason_*`` and ``sentence_*`` span the
    governing ACCOUNT, the REASON and the clause the figure comes from (null where none).
    """

    account: str | None = None
    measure: Measure
    value: DecimalStr | None = None
    unit: str | None = None
    compare_to: str | None = None
    change: Literal["增加", "减少", "增长", "下降", "持平"] | None = None
    reason: str | None = None
    start: Offset
    end: Offset
    yuan: DecimalStr | None = Field(default=None, description="The amount in 元 for money units, else null.")
    account_start: Offset | None = None
    account_end: Offset | None = None
    reason_start: Offset | None = None
    reason_end: Offset | None = None
    sentence_start: Offset | None = None
    sentence_end: Offset | None = None
    denominator: str | None = Field(
        default=None, description="For 占比: what the share is of (e.g. 本年支出合计), when the text says so."
    )
    base: DecimalStr | None = Field(
        default=None,
        description="For 增减额: the stated value it is compared against (e.g. the 年初预算数 of the same item), "
        "in the statement's unit; null when the text states none. Null on 增减率 (its base is a money figure).",
    )


class Check(Record):
    rule: str
    status: Literal["pass", "fail", "skip"]
    message: str
    expected: DecimalStr | None = None
    found: DecimalStr | None = None
    severity: Literal["rounding", "material"] | None = None
    evidence: list[tuple[Offset, Offset]] = Field(default_factory=list)


class Error(Record):
    stage: str
    message: str


class DocumentResult(Record):
    """Everything mbnlp extracted from one input: one line of ``documents.jsonl``."""

    doc_id: str | None = Field(description="sha256 of the raw bytes (null if they could not be read).")
    source: str = Field(description="The input path as given.")
    status: Status = "ok"
    duplicate_of: str | None = Field(default=None, description="For a duplicate: the source recorded first.")
    encoding: str | None = None
    mbnlp_version: str = __version__
    model_version: str | None = None
    meta: Meta = Field(default_factory=Meta)
    entities: list[Entity] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    funds: list[Fund] = Field(default_factory=list)
    accounts: list[Account] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)
    errors: list[Error] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def to_json(self) -> str:
        """One JSON line (UTF-8 text, no trailing newline), the SPEC §2 object."""
        return self.model_dump_json()

    def to_json_bytes(self) -> bytes:
        """``to_json()`` encoded as UTF-8, made without the intermediate string (a large result's
        line is not held twice)."""
        return self.__pydantic_serializer__.to_json(self)

    def to_tables(self) -> dict[str, pa.Table]:
        """One Arrow table per record type (``documents``, ``entities``, …, ``errors``).

        Call ``.to_pandas()`` on a table for a DataFrame.
        """
        from .tabular import to_arrow_tables

        return to_arrow_tables([self])


def document_json_schema() -> dict:
    """The JSON Schema of one line of ``documents.jsonl``."""
    schema = DocumentResult.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema

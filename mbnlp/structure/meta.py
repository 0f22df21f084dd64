"""What a document is: publishing body, reporting year, kind, default money unit."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable
from typing import TypeVar

import regex

from ..loading import Document
from ..records.models import DocKind, Meta
from .blocks import Block

ORG_SUFFIX = r"(?:局|中心|委员会|办公室|厅|院|所(?!属)|站|馆|处|队|部(?!门)|政府|协会|联合会|学校)"
ORGANISATION = regex.compile(rf"\p{{Han}}{{2,40}}{ORG_SUFFIX}")  # a whole name ends with one of these
DECLARED_DEPARTMENT = regex.compile(r"(?<!主管)部门(?:名称)?\s*[：:][ \t]*([^\s，。；]{2,40})")
TITLE_NAME_FIRST = regex.compile(r"(\p{Han}{2,40})\s*(20\d\d)\s*年")
TITLE_YEAR_FIRST = regex.compile(r"(20\d\d)\s*年度?\s*(\p{Han}{2,40})")
DOCUMENT_TAIL = regex.compile(r"(?:部门|单位)?(?:决算|预算|整体|项目|绩效|收支).*$")
YEAR_PREFIXED_BY_NAME = regex.compile(r"(?<!\p{Han})(\p{Han}{2,40})(?:[（(]本级[）)])?\s*20\d\d\s*年度")
REPORTING_YEAR = regex.compile(r"(20\d\d)\s*年度")
DECLARED_UNIT = regex.compile(r"(?:金额)?单位\s*[：:]\s*(亿\s*元|万\s*元|千\s*元|元)")
AMOUNT_UNIT = regex.compile(r"\d(?:\.\d+)?\s*(亿元|万元|元)")
FINAL_ACCOUNTS = regex.compile(r"决算(?:总表|表|说明|情况说明|公开)|部门决算")
BUDGET = regex.compile(r"预算(?:总表|表|说明|情况说明)")
PERFORMANCE_REPORT = regex.compile(r"绩效自评(?:报告|表)|绩效评价报告")
TITLE_BLOCKS = 8

T = TypeVar("T", bound=Hashable)


def detect_meta(document: Document, blocks: list[Block]) -> Meta:
    """Who published the document, for which year, what kind it is, its default unit.

    * department: the most frequent ``部门：X`` declaration; else the organisation in
      the title (``X2022年度部门决算``, ``2022年度X``, ``2022年X``); else the
      organisation that most often starts a ``20xx年度`` phrase in the text.
    * year: the year of the title, else the most frequent ``20xx年度``.
    * doc_kind: ``final_accounts`` if the text names 决算 statements (决算表,
      决算说明, 部门决算…), ``budget`` if it names 预算 statements (预算表,
      预算说明…), ``mixed`` if both; otherwise ``performance_report`` if it is a
      绩效自评报告/绩效自评表. 决算 documents routinely carry 绩效自评表; that does not
      make them mixed.
    * default_unit: the most frequent declared ``单位：``/``金额单位：`` (a unit broken
      across lines, ``万\\n元``, counts); else the money unit most often written after
      amounts; else None.
    """
    text = document.clean.text
    title = _title(blocks)
    return Meta(
        department=_department(text) or (title and title[0]) or _narrative_department(text),
        year=(title and title[1]) or _most_common(int(year) for year in REPORTING_YEAR.findall(text)),
        doc_kind=_doc_kind(text),
        default_unit=_default_unit(text),
    )


def _department(text: str) -> str | None:
    """The most frequent ``部门：X`` declaration naming an organisation."""
    return _most_common(name for name in DECLARED_DEPARTMENT.findall(text) if ORGANISATION.fullmatch(name))


def _title(blocks: list[Block]) -> tuple[str, int] | None:
    """``(organisation, year)`` from a title line near the top of the document."""
    for block in blocks[:TITLE_BLOCKS]:
        if block.kind == "table":
            continue
        line = block.text.text.strip()
        name_first = TITLE_NAME_FIRST.match(line)
        if name_first and ORGANISATION.fullmatch(name_first.group(1)):
            return name_first.group(1), int(name_first.group(2))
        year_first = TITLE_YEAR_FIRST.fullmatch(line)
        if year_first:
            name = DOCUMENT_TAIL.sub("", year_first.group(2))
            if ORGANISATION.fullmatch(name):
                return name, int(year_first.group(1))
    return None


def _narrative_department(text: str) -> str | None:
    """The organisation that most often starts a ``20xx年度`` phrase."""
    return _most_common(name for name in YEAR_PREFIXED_BY_NAME.findall(text) if ORGANISATION.fullmatch(name))


def _doc_kind(text: str) -> DocKind | None:
    """The kind of document, by the rule in :func:`detect_meta`."""
    final = FINAL_ACCOUNTS.search(text) is not None
    budget = BUDGET.search(text) is not None
    if final and budget:
        return "mixed"
    if final:
        return "final_accounts"
    if budget:
        return "budget"
    if PERFORMANCE_REPORT.search(text):
        return "performance_report"
    return None


def _default_unit(text: str) -> str | None:
    """The most frequent declared unit, else the most frequent money unit after amounts."""
    declared = _most_common(regex.sub(r"\s", "", unit) for unit in DECLARED_UNIT.findall(text))
    return declared or _most_common(AMOUNT_UNIT.findall(text))


def _most_common(values: Iterable[T]) -> T | None:
    """The most frequent value (the first seen among equals), or None if there is none."""
    counts = Counter(values)
    return counts.most_common(1)[0][0] if counts else None

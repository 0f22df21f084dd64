"""Tables by economic code (T6 基本支出, and the 项目支出 table): each first-level code = Σ its
items; 人员经费合计 = 301 + 303; 公用经费合计 = 302 + 310 + the other first-level codes printed;
the 基本支出 total = 人员经费 + 公用经费."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from ...classification import kind_of
from ...records import Check
from ..coded import CodedColumn, coded_columns
from ..document import CheckContext, Line, TableView
from ..facts import Amount
from ..registry import rule
from ..verdict import sum_check
from .rollup import rollups

PERSONNEL = regex.compile(r"^人员经费(?:合计)?$")
PUBLIC = regex.compile(r"^公用经费(?:合计)?$")
BASIC_TOTAL = regex.compile(r"^基本支出(?:合计)?$")
PLAIN_TOTAL = regex.compile(r"^(?:合计|总计)?$")
PERSONNEL_CODES = ("301", "303")


def named_line(coded: CodedColumn, pattern: regex.Pattern) -> tuple[Line, Amount] | None:
    """The code-less line of ``coded`` whose name matches ``pattern``."""
    return next(((line, fact) for line, fact in coded.lines if pattern.match(line.name)), None)


def economic_columns(context: CheckContext) -> Iterator[tuple[TableView, CodedColumn]]:
    for view in context.of_kind("economic_detail"):
        for coded in coded_columns(view):
            yield view, coded


def basic_total(view: TableView, coded: CodedColumn) -> tuple[Line, Amount] | None:
    """The 基本支出 total line of a 基本支出 table (named 基本支出合计, or the plain 合计 of a T6)."""
    named = named_line(coded, BASIC_TOTAL)
    if named is None and view.role == "T6":
        named = next(((line, fact) for line, fact in coded.lines if line.total and PLAIN_TOTAL.match(line.name)), None)
    return named


def first_level(coded: CodedColumn) -> list[str]:
    return sorted(code for code in coded.facts if len(code) == 3 and kind_of(code) == "economic")


@rule(
    "economic.class_equals_sum_of_items",
    zh="经济分类表：每个类级科目（如301）= 其下各明细科目（如30101…）之和",
    en="Economic-code tables: each first-level code (301 …) equals the sum of its detail codes (30101 …)",
)
def class_equals_sum_of_items(context: CheckContext) -> Iterator[Check | None]:
    yield from rollups(context, "economic.class_equals_sum_of_items", "economic", 3, "明细科目")


@rule(
    "economic.personnel_equals_301_303",
    zh="基本支出表：人员经费合计 = 301工资福利支出 + 303对个人和家庭的补助",
    en="基本支出 tables: 人员经费合计 equals 301 plus 303",
)
def personnel_equals_301_303(context: CheckContext) -> Iterator[Check | None]:
    for view, coded in economic_columns(context):
        found = named_line(coded, PERSONNEL)
        codes = [code for code in PERSONNEL_CODES if code in coded.facts]
        if found is None or not codes:
            continue
        subject = f"{view.caption}（{coded.measure}）人员经费合计 = {' + '.join(codes)}"
        yield sum_check("economic.personnel_equals_301_303", subject, found[1], [coded.facts[c] for c in codes])


@rule(
    "economic.public_equals_302_310",
    zh="基本支出表：公用经费合计 = 302商品和服务支出 + 310资本性支出（+ 表中其他类级科目，如307、399）",
    en="基本支出 tables: 公用经费合计 equals 302 plus 310 plus the other first-level codes printed (307, 399 …)",
)
def public_equals_302_310(context: CheckContext) -> Iterator[Check | None]:
    for view, coded in economic_columns(context):
        found = named_line(coded, PUBLIC)
        codes = [code for code in first_level(coded) if code not in PERSONNEL_CODES]
        if found is None or not codes:
            continue
        subject = f"{view.caption}（{coded.measure}）公用经费合计 = {' + '.join(codes)}"
        yield sum_check("economic.public_equals_302_310", subject, found[1], [coded.facts[c] for c in codes])


@rule(
    "economic.basic_equals_personnel_plus_public",
    zh="基本支出表：基本支出合计 = 人员经费合计 + 公用经费合计",
    en="基本支出 tables: the 基本支出 total equals 人员经费合计 plus 公用经费合计",
)
def basic_equals_personnel_plus_public(context: CheckContext) -> Iterator[Check | None]:
    for view, coded in economic_columns(context):
        found = basic_total(view, coded)
        personnel, public = named_line(coded, PERSONNEL), named_line(coded, PUBLIC)
        if found is None or personnel is None or public is None:
            continue
        subject = f"{view.caption}（{coded.measure}）{found[0].name or '合计'} = 人员经费合计 + 公用经费合计"
        yield sum_check("economic.basic_equals_personnel_plus_public", subject, found[1], [personnel[1], public[1]])

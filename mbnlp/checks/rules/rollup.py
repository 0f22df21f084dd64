"""Code-keyed tables (functional 类/款/项): 类 = Σ its 款, 款 = Σ its 项 (by code prefix), 合计 = Σ 类.

Economic codes (301 工资福利支出 …) roll up the same way under ``economic.class_equals_sum_of_items``.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from ...classification import kind_of
from ...records import Check
from ..coded import CodedColumn, coded_columns
from ..document import CheckContext
from ..registry import rule
from ..verdict import skip_check, sum_check

CODE_TABLES = ("account_detail", "economic_detail")
PLAIN_TOTAL = regex.compile(r"^(?:合计|总计)?$")


def rollups(context: CheckContext, rule_id: str, kind: str, length: int, parts_word: str) -> Iterator[Check | None]:
    """``code = Σ children`` for every printed code of ``kind`` with ``length`` digits that has
    children printed in the same measure."""
    for view in context.of_kind(*CODE_TABLES):
        for coded in coded_columns(view):
            for code in sorted(set(coded.facts) | set(coded.conflicts)):
                if len(code) != length or kind_of(code) != kind:
                    continue
                children = coded.children.get(code, [])
                if not children:
                    continue
                subject = f"{view.caption}（{coded.measure}）{code} = 其下各{parts_word}之和"
                repeated = [c for c in (code, *children) if c in coded.conflicts]
                if repeated:
                    yield skip_check(
                        rule_id,
                        f"{subject}：编码 {'、'.join(repeated)} 重复且金额不同，无法核对。",
                        _spans(coded, repeated),
                    )
                    continue
                yield sum_check(rule_id, subject, coded.facts[code], [coded.facts[child] for child in children])


def _spans(coded: CodedColumn, codes: list[str]) -> list[tuple[int, int]]:
    return [fact.span for code in codes for fact in coded.conflicts[code]]


@rule(
    "rollup.class_equals_sum_of_kuan",
    zh="编码表：类（3位编码）= 其下各款（5位）之和",
    en="Code-keyed tables: a 类 (3-digit code) equals the sum of its 款 (5-digit codes)",
)
def class_equals_sum_of_kuan(context: CheckContext) -> Iterator[Check | None]:
    yield from rollups(context, "rollup.class_equals_sum_of_kuan", "functional", 3, "款")


@rule(
    "rollup.kuan_equals_sum_of_xiang",
    zh="编码表：款（5位编码）= 其下各项（7位）之和",
    en="Code-keyed tables: a 款 (5-digit code) equals the sum of its 项 (7-digit codes)",
)
def kuan_equals_sum_of_xiang(context: CheckContext) -> Iterator[Check | None]:
    yield from rollups(context, "rollup.kuan_equals_sum_of_xiang", "functional", 5, "项")


@rule(
    "rollup.total_equals_sum_of_classes",
    zh="编码表：合计行 = 各类之和（每个金额列）",
    en="Code-keyed tables: the 合计 row equals the sum of the 类 rows, in every amount column",
)
def total_equals_sum_of_classes(context: CheckContext) -> Iterator[Check | None]:
    for view in context.of_kind(*CODE_TABLES):
        for coded in coded_columns(view):
            classes = sorted(code for code in coded.facts if len(code) == 3)
            totals = [(line, fact) for line, fact in coded.lines if line.total and PLAIN_TOTAL.match(line.name)]
            if not classes or not totals:
                continue
            line, fact = totals[0]
            subject = f"{view.caption}（{coded.measure}）{line.name or '合计'} = 各类之和（{'、'.join(classes)}）"
            repeated = [code for code in coded.conflicts if len(code) == 3]
            if repeated:
                message = f"{subject}：编码 {'、'.join(repeated)} 重复且金额不同，无法核对。"
                yield skip_check("rollup.total_equals_sum_of_classes", message, _spans(coded, repeated))
                continue
            yield sum_check(
                "rollup.total_equals_sum_of_classes", subject, fact, [coded.facts[code] for code in classes]
            )

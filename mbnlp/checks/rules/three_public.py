"""T7 “三公”经费表, in every measure column (预算数, 决算数 …): 合计 = 因公出国（境）费 +
公务用车购置及运行维护费 + 公务接待费; 公务用车购置及运行维护费 = 购置费 + 运行维护费; and each
三公 item of a table by economic code (30212, 30217, 30231, 31013) ≤ the same item in T7."""

from __future__ import annotations

from collections.abc import Iterator

from ...records import Check
from ..coded import coded_columns
from ..document import CheckContext
from ..registry import rule
from ..three_public import ITEM_NAMES, ThreePublic, three_public_facts
from ..verdict import bound_check, sum_check

ECONOMIC_ITEMS = {
    "30212": "abroad",
    "30217": "reception",
    "30231": "operation",
    "31013": "purchase",
    "30913": "purchase",
}
VEHICLE_PARTS = ("purchase", "operation")


def _tables(context: CheckContext) -> Iterator[ThreePublic]:
    for view in context.with_role("T7"):
        yield three_public_facts(view)


def actual_measure(table: ThreePublic, year: int | None) -> str | None:
    """The measure holding this year's spending: 决算 (决算数, 决算统计数), else the column of
    the document year (a budget's 2024年预算数), else the last one."""
    measures = list(table.facts)
    return next(
        (m for m in measures if "决算" in m),
        next((m for m in measures if year is not None and str(year) in m), measures[-1] if measures else None),
    )


@rule(
    "three_public.total",
    zh="“三公”经费表（预算数、决算数各列）：合计 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费",
    en="“三公” table, in each measure: 合计 equals 因公出国（境）费 plus 公务用车购置及运行维护费 plus 公务接待费",
)
def total(context: CheckContext) -> Iterator[Check | None]:
    for table in _tables(context):
        for measure, items in table.facts.items():
            if "total" not in items:
                continue
            vehicle = ["vehicle"] if "vehicle" in items else [item for item in VEHICLE_PARTS if item in items]
            parts = [item for item in ("abroad", *vehicle, "reception") if item in items]
            if not parts:
                continue
            words = " + ".join(ITEM_NAMES[item] for item in parts)
            subject = f"{table.view.caption}（{measure or '金额'}）合计 = {words}"
            yield sum_check("three_public.total", subject, items["total"], [items[item] for item in parts])


@rule(
    "three_public.vehicle",
    zh="“三公”经费表：公务用车购置及运行维护费 = 公务用车购置费 + 公务用车运行维护费",
    en="“三公” table: 公务用车购置及运行维护费 equals 购置费 plus 运行维护费",
)
def vehicle(context: CheckContext) -> Iterator[Check | None]:
    for table in _tables(context):
        for measure, items in table.facts.items():
            parts = [item for item in VEHICLE_PARTS if item in items]
            if "vehicle" not in items or not parts:
                continue
            subject = f"{table.view.caption}（{measure or '金额'}）公务用车购置及运行维护费 = 购置费 + 运行维护费"
            yield sum_check("three_public.vehicle", subject, items["vehicle"], [items[item] for item in parts])


@rule(
    "three_public.economic_items_within",
    zh="经济分类表中的“三公”科目（30212、30217、30231、31013）≤ “三公”经费表中同一项目（决算数）",
    en="A “三公” item in an economic-code table (30212, 30217, 30231, 31013) is at most the same item of the "
    "“三公” table (its 决算数; part ≤ whole, not equality)",
)
def economic_items_within(context: CheckContext) -> Iterator[Check | None]:
    tables = list(_tables(context))
    if not tables:
        return
    table = tables[0]
    measure = actual_measure(table, context.year)
    if measure is None:
        return
    whole = table.facts[measure]
    for view in context.of_kind("economic_detail"):
        for coded in coded_columns(view):
            for code, item in ECONOMIC_ITEMS.items():
                if code not in coded.facts or item not in whole:
                    continue
                part = coded.facts[code]
                subject = f"{view.caption} {code} {ITEM_NAMES[item]} ≤ {table.view.caption}（{measure}）"
                yield bound_check("three_public.economic_items_within", subject, part, whole[item])

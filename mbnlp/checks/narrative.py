"""The narrative as the checks see it: each statement with the fact it prints, grouped by the
narrative block (paragraph or list item) it stands in.

A block is the unit the 说明 writes one item in (``年初预算…，支出决算…，完成年初预算的…%。差异原因：…``);
comparisons, rates and shares are resolved inside it, nearest figure first. Without blocks
(a context built from tables alone) each printed line is a block.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..records import Statement
from ..tables.cells import plain_name
from .document import CheckContext, derived
from .facts import CACHE_SIZE, Fact, parse_fact

NARRATIVE_BLOCKS = frozenset({"paragraph", "heading"})
BUDGETS = ("年初预算数", "全年预算数")
BASES = ("年初预算数", "全年预算数", "上年决算数")
LEAD_END = regex.compile(r"(?:其中|以下方面|包括)[：:]\s*$")
NAME_NOISE = regex.compile(r"[\s的]|本年|决算|数$")


@dataclass(frozen=True)
class Stated:
    """One statement, its printed fact and the block it stands in (``line`` = (start, end))."""

    statement: Statement
    fact: Fact
    line: tuple[int, int]

    @property
    def measure(self) -> str:
        return self.statement.measure

    @property
    def account(self) -> str | None:
        return self.statement.account

    @property
    def subject(self) -> str:
        """How messages name it: ``说明 卫生健康支出 决算数 799.8万元``."""
        unit = self.fact.unit or ""
        return f"说明 {self.account or ''} {self.measure} {self.statement.value}{unit}".replace("  ", " ")


@derived
def narrative_blocks(context: CheckContext) -> list[tuple[int, int]]:
    """The spans of the narrative blocks in text order; every non-blank printed line without blocks."""
    if context.blocks:
        return sorted((block.start, block.end) for block in context.blocks if block.kind in NARRATIVE_BLOCKS)
    spans, start = [], 0
    for line in context.text.split("\n"):
        if line.strip():
            spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


@derived
def stated_facts(context: CheckContext) -> list[Stated]:
    """The statements that print a number, in text order, each with its fact and block."""
    blocks = narrative_blocks(context)
    facts = []
    for statement in sorted(context.statements, key=lambda item: item.start):
        block = block_of(blocks, statement.start)
        if statement.value is None or block is None:
            continue
        label = f"说明 {statement.account or ''}{statement.measure}"
        fact = parse_fact(statement.value, statement.start, statement.end, statement.unit, label)
        if fact is not None:
            facts.append(Stated(statement, fact, block))
    return facts


def block_of(blocks: list[tuple[int, int]], offset: int) -> tuple[int, int] | None:
    """The block holding ``offset``."""
    index = bisect.bisect_right(blocks, (offset, len(blocks) and blocks[-1][1] + 1)) - 1
    return blocks[index] if index >= 0 and blocks[index][0] <= offset < blocks[index][1] else None


def lines(facts: list[Stated]) -> dict[tuple[int, int], list[Stated]]:
    """The facts of each block, blocks in text order."""
    grouped: dict[tuple[int, int], list[Stated]] = {}
    for item in facts:
        grouped.setdefault(item.line, []).append(item)
    return grouped


def nearest_before(facts: list[Stated], index: int, accept: Callable[[Stated], bool]) -> Stated | None:
    """The nearest fact before ``facts[index]`` in the same block that ``accept`` takes."""
    line = facts[index].line
    for earlier in reversed(facts[:index]):
        if earlier.line != line:
            return None
        if accept(earlier):
            return earlier
    return None


def plain_total(name: str) -> str:
    """A total's name without 本年/决算/合计 wording: ``本年支出决算合计`` and ``支出合计`` → ``支出``."""
    return NAME_NOISE.sub("", name).removesuffix("合计")


def following_blocks(blocks: list[tuple[int, int]], block: tuple[int, int]) -> list[tuple[int, int]]:
    """The blocks after ``block``, in order."""
    return blocks[bisect.bisect_right(blocks, block) :]


def preceding_blocks(blocks: list[tuple[int, int]], block: tuple[int, int]) -> list[tuple[int, int]]:
    """The blocks before ``block``, nearest first."""
    return blocks[: bisect.bisect_left(blocks, block)][::-1]


def ends_lead(text: str, line: tuple[int, int]) -> bool:
    """Whether the block ``line`` introduces a list (``…，其中：``)."""
    return bool(LEAD_END.search(text[line[0] : line[1]]))


@lru_cache(maxsize=CACHE_SIZE)
def account_key(name: str) -> str:
    """An account name reduced for matching narrative to tables: no list marker, level mark or
    本年/决算 wording (``本年支出决算合计`` → ``支出合计``, ``一般公共服务（类）`` → ``一般公共服务``)."""
    key = NAME_NOISE.sub("", plain_name(name))
    return key.removesuffix("类") or key

"""Links of a stated figure: the ACCOUNT that governs it, the REASON that explains it, the
comparison it takes part in.

* account: the nearest governing ACCOUNT before the figure in its sentence, else the
  item's account (:func:`mbnlp.statements.lists.item_account`). Where the figure's own clause
  names a line the NER left untagged (``本年收入0万元``), that name — a fallback on the text.
* reason: the first REASON of the figure's sentence, else of a later sentence of the same
  item, unless a sentence naming another account comes first.
* comparison: a 决算数 figure takes ``compare_to``/``change`` of the first change stated
  after it in the item (``决算数为799.8万元，与年初预算2324.76万元相比减少1145.91万元``); a
  增减额 takes as ``base`` the figure of its ``compare_to`` measure stated before it (2324.76).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from operator import attrgetter
from typing import Any

import regex

from ..records import Entity

CLAUSE_BREAK = regex.compile(r"[，,、：:]")
CLAUSE_NAME = regex.compile(
    r"\s*(?:20\d\d\s*年度?)?\s*(?:全年)?\s*(?:其中|涉及)?\s*"
    r"(?P<name>(?!支出|收入|占|比|与|较)[^\d\s，。；：、等]{2,16}?(?:收入|支出|结转和结余|经费|费用?))\s*(?:决算|预算)?数?为?\s*"
)
"""A line named at the end of a clause, right before its figure: ``本年收入``, ``外宾接待支出``."""
Draft = dict[str, Any]
"""The fields of a statement under construction."""
CHANGES = frozenset({"增减额", "增减率"})
START = attrgetter("start")


def within(entities: Sequence[Entity], start: int, end: int) -> list[Entity]:
    """The entities starting inside ``[start, end)`` of ``entities`` (in text order: sorted by start)."""
    return list(entities[bisect_left(entities, start, key=START) : bisect_left(entities, end, key=START)])


def governing_account(
    text: str, amount: Entity, sentence: tuple[int, int], accounts: Sequence[Entity]
) -> Entity | None:
    """The nearest account before ``amount`` in its sentence, unless the figure's own clause
    names a line the NER did not tag (``…结余0万元，本年收入0万元``: 本年收入); None if neither."""
    before = [account for account in within(accounts, sentence[0], amount.start) if account.end <= amount.start]
    breaks = [found.end() for found in CLAUSE_BREAK.finditer(text, sentence[0], amount.start)]
    clause = max(breaks, default=sentence[0])
    if before and before[-1].start >= clause:
        return before[-1]
    named = CLAUSE_NAME.fullmatch(text, clause, amount.start)
    if named is not None:
        return Entity(label="ACCOUNT", start=named.start("name"), end=named.end("name"), text=named["name"])
    return before[-1] if before else None


def explaining_reason(
    index: int, sentences: Sequence[tuple[int, int]], reasons: Sequence[Entity], accounts: Sequence[Entity]
) -> Entity | None:
    """The REASON for a figure of sentence ``index``: in that sentence, else in a later one of the
    item before any sentence that names an account."""
    for position, (start, end) in enumerate(sentences[index:]):
        found = within(reasons, start, end)
        if found:
            return found[0]
        if position and within(accounts, start, end):
            return None
    return None


def link_comparisons(drafts: list[Draft]) -> None:
    """Fill ``compare_to``/``change`` of 决算数 drafts and ``base`` of 增减额 drafts of one item, in place."""
    for index, draft in enumerate(drafts):
        if draft["measure"] == "决算数":
            for later in drafts[index + 1 :]:
                if later["measure"] == "决算数":
                    break
                if later["measure"] in CHANGES:
                    draft["compare_to"], draft["change"] = later["compare_to"], later["change"]
                    break
        elif draft["measure"] == "增减额" and draft["compare_to"] and draft["value"] is not None:
            draft["base"] = _base(drafts[:index], draft)


def _base(earlier: Sequence[Draft], change: Draft) -> str | None:
    """The value of the ``compare_to`` measure stated before ``change``, back to the previous change
    that prints a figure (``决算数大于年初预算数，增加6.74万元``: the comparison does not stop it)."""
    for draft in reversed(earlier):
        if draft["measure"] == "增减额" and draft["value"] is not None:
            return None
        if draft["measure"] == change["compare_to"] and draft["unit"] == change["unit"]:
            return draft["value"]
    return None

"""List items of the narrative: which ACCOUNT names an item and which only enumerate contents.

An item (a paragraph such as ``1．行政事业单位医疗（款）行政单位医疗（项）。年初预算…``) is
governed by the deepest account of its opening chain: the last ACCOUNT before its first
figure; failing that, the name it opens with (``3.对个人和家庭补助支出：…``, a fallback on the text
where the NER tagged nothing), or the account of the heading above it when that heading is
only an account (``（四）卫生健康支出（类）``). Accounts that only enumerate what a figure includes
(``包括基本工资、津贴补贴…等支出``) or name what a share is of (``占本年支出合计的``) govern nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from ..records import Entity
from ..structure.blocks import LIST_MARKER

ENUMERATION = regex.compile(r"包括[：:]?[^。；;\d]*?等")
"""``包括A、B、C等``: a list of contents without figures of their own."""
SHARE_BASE = regex.compile(r"占[^\d，,。；;]*")
"""``占本年支出合计的``: the whole a share is of."""
MARKER = regex.compile(rf"\s*(?:{LIST_MARKER.pattern})?\s*")
"""The list marker a heading may open with."""
LEVEL = regex.compile(r"[（(]\s*[类款项](?:\s*[，,]\s*下同)?\s*[）)]|[“”\"'‘’：:。\s]")
"""What else a heading that is only an account may hold: level markers, quotes, punctuation."""
NAMED_ITEM = regex.compile(
    rf"\s*(?:{LIST_MARKER.pattern})\s*[“\"]?"
    r"(?P<name>\p{Han}[\p{Han}（）()]{0,22}?(?:支出|收入|费用?|经费|补助|资金|结余))[”\"]?\s*(?:[：:]|[（(]\s*[类款项])"
)
"""An item that opens with the name of a line: ``3.对个人和家庭补助支出：包括…``, ``1.“教育支出”（类）…``."""
GLUED_MEASURE = regex.compile(r"(?:(?:年初|全年|调整后?)预算|预算数|决算)数?$")
"""A measure word the NER left inside an account (``财政拨款全年预算``); fund names (``一般公共预算``) keep theirs."""


def governing_accounts(text: str, start: int, end: int, entities: Sequence[Entity]) -> list[Entity]:
    """The ACCOUNT entities of ``text[start:end]`` that can govern a figure: not inside a REASON,
    an enumeration of contents or the base of a share.

    >>> from mbnlp.records import Entity
    >>> text = "工资福利支出：包括基本工资、奖金等支出10元"
    >>> names = [Entity(label="ACCOUNT", start=s, end=e, text=text[s:e]) for s, e in [(0, 6), (9, 13), (14, 16)]]
    >>> [account.text for account in governing_accounts(text, 0, len(text), names)]
    ['工资福利支出']
    """
    if not any(entity.label == "ACCOUNT" for entity in entities):
        return []
    excluded = [found.span() for pattern in (ENUMERATION, SHARE_BASE) for found in pattern.finditer(text, start, end)]
    excluded += [(entity.start, entity.end) for entity in entities if entity.label == "REASON"]
    return [
        without_measure(entity)
        for entity in entities
        if entity.label == "ACCOUNT" and not any(low <= entity.start < high for low, high in excluded)
    ]


def without_measure(account: Entity) -> Entity:
    """``account`` without a measure word glued to its end, so that the word states the measure
    of the figure after it.

    >>> from mbnlp.records import Entity
    >>> without_measure(Entity(label="ACCOUNT", start=0, end=8, text="财政拨款全年预算")).text
    '财政拨款'
    >>> without_measure(Entity(label="ACCOUNT", start=0, end=6, text="一般公共预算")).text
    '一般公共预算'
    """
    glued = GLUED_MEASURE.search(account.text)
    if glued is None or glued.start() < 2:
        return account
    return account.model_copy(update={"end": account.start + glued.start(), "text": account.text[: glued.start()]})


def heading_account(text: str, start: int, end: int, accounts: Sequence[Entity]) -> Entity | None:
    """The account a heading is the title of (``（四）卫生健康支出（类）``, ``1.因公出国（境）费用``):
    the heading holds nothing but its marker, account names and level markers.

    >>> from mbnlp.records import Entity
    >>> text = "2.公务接待费"
    >>> heading_account(text, 0, len(text), [Entity(label="ACCOUNT", start=2, end=7, text="公务接待费")]).text
    '公务接待费'
    >>> heading_account("二、机关运行经费支出情况", 0, 12, [Entity(label="ACCOUNT", start=2, end=8, text="机关运行经费")]) is None
    True
    """
    inside = [account for account in accounts if start <= account.start < end]
    if not inside:
        return None
    residue, position = [], MARKER.match(text, start, end).end()
    for account in inside:
        residue.append(text[position : account.start])
        position = max(position, account.end)
    residue.append(text[position:end])
    return inside[-1] if not LEVEL.sub("", "".join(residue)) else None


def named_item(text: str, start: int, end: int) -> Entity | None:
    """The name an item opens with when no ACCOUNT was tagged there (a fallback on the text).

    >>> named_item("3.对个人和家庭补助支出：包括离休费等支出10元", 0, 25).text
    '对个人和家庭补助支出'
    """
    found = NAMED_ITEM.match(text, start, end)
    if found is None:
        return None
    return Entity(label="ACCOUNT", start=found.start("name"), end=found.end("name"), text=found["name"])


def item_account(accounts: Sequence[Entity], entities: Sequence[Entity]) -> Entity | None:
    """The account an item is about: the last governing account before its first AMOUNT.

    >>> from mbnlp.records import Entity
    >>> chain = [Entity(label="ACCOUNT", start=0, end=4, text="宣传事务"),
    ...          Entity(label="ACCOUNT", start=7, end=11, text="宣传管理")]
    >>> item_account(chain, [Entity(label="AMOUNT", start=19, end=20, text="0")]).text
    '宣传管理'
    """
    first = next((entity.start for entity in entities if entity.label == "AMOUNT"), None)
    opening = [account for account in accounts if first is None or account.end <= first]
    return opening[-1] if opening else None

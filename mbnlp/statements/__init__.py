"""Statements (SPEC §2): one record per figure stated in the narrative, linked to its account,
measure, comparison and reason.

Works on the entities already tagged (AMOUNT with value/unit/yuan, ACCOUNT, REASON) and the
narrative blocks, plus the cells of running text inside tables (a 自评表's 部门整体收支情况); every
offset is a raw ``document.text`` offset. A comparison stated without a figure (``决算数小于全年预算数``,
``持平``) is a statement of its own: 增减额 without a value, spanned by its comparison word. A figure is a statement when
it is money or a percentage and its words make a measure of it (:mod:`.measures`); counts,
scores, years and list markers are not.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from operator import attrgetter

import regex

from ..loading import Document
from ..normalize import MONEY_UNITS, canonical_unit, parse_amount, to_yuan
from ..records import Entity, Meta, Statement
from ..structure import Block, detect_meta
from .linking import Draft, explaining_reason, governing_account, link_comparisons, within
from .lists import governing_accounts, heading_account, item_account, named_item
from .measures import classify, compared_measure, share_of
from .sentences import plain, sentence_spans

__all__ = ["extract_statements"]

LONG_CELL = regex.compile(r"(?<=^|[\t\n])[^\t\n]{40,}")
FIGURE_IN_SENTENCE = regex.compile(r"\d[^\t\n]*[。；]")
"""A table cell of running text: a long cell with a figure and, after it, a sentence end."""
SENTENCE_END = regex.compile(r"[。；]")
FUND_NAMES = regex.compile(r"一般公共预算|政府性基金预算|国有资本经营预算")
"""Fund names hold 预算 without being a budget measure; masked in leads like accounts."""
MASK = "□"
COMPARED = regex.compile(
    r"(?<=决算数?)(?P<word>[大高多小低少]于)(?P<base>(?:年初|全年|调整后?)?预算|上年)|(?P<word>持平)"
)
"""A comparison stated without a figure, spanned by its word: ``决算数小于全年预算数`` (the compared
measure follows the word), ``决算数与年初预算数持平`` or a bare ``持平`` (it precedes)."""
COMPARISON_CHANGES = {"大于": "增加", "高于": "增加", "多于": "增加", "小于": "减少", "低于": "减少", "少于": "减少"}
BRACKET_GAP = regex.compile(r"[）)][ \u3000]*")
SHARED = regex.compile(r"(?:均|都)(?:为|是)$")
"""``A、B和C均为0元``: one figure stated for several accounts."""


def extract_statements(
    document: Document, blocks: Sequence[Block], entities: Sequence[Entity], meta: Meta | None = None
) -> list[Statement]:
    """Every statement of ``document``'s narrative blocks and prose table cells, in text order
    (``meta``: the document's, as :func:`~mbnlp.structure.detect_meta` gives it; detected when not given)."""
    meta = detect_meta(document, list(blocks)) if meta is None else meta
    by_end = sorted(entities, key=attrgetter("end"), reverse=True)
    ordered = sorted(by_end, key=attrgetter("start"))  # by start, the longest first
    starts = [entity.start for entity in ordered]
    statements: list[Statement] = []
    heading: Entity | None = None
    for block in blocks:
        if block.kind == "table":
            for start, end in _prose_cells(document.text, block):
                inside = ordered[bisect_left(starts, start) : bisect_left(starts, end)]
                statements.extend(_item_statements(document.text, start, end, inside, meta, None, carry=True))
            continue
        inside = ordered[bisect_left(starts, block.start) : bisect_left(starts, block.end)]
        if block.kind == "heading":
            accounts = governing_accounts(document.text, block.start, block.end, inside)
            heading = heading_account(document.text, block.start, block.end, accounts)
        statements.extend(_item_statements(document.text, block.start, block.end, inside, meta, heading))
    return sorted(statements, key=lambda statement: statement.start)


def _prose_cells(text: str, block: Block) -> list[tuple[int, int]]:
    """The spans of the cells of a table block that hold running text with a figure (a 自评表's
    ``部门整体收支情况`` cell): narrative written inside a table."""
    if SENTENCE_END.search(text, block.start, block.end) is None:
        return []
    cells = LONG_CELL.finditer(text, block.start, block.end)
    return [cell.span() for cell in cells if FIGURE_IN_SENTENCE.search(text, cell.start(), cell.end())]


def _item_statements(
    text: str, start: int, end: int, inside: list[Entity], meta: Meta, heading: Entity | None, *, carry: bool = False
) -> list[Statement]:
    """The statements of one narrative item ``text[start:end]`` (a list item, a paragraph or a
    prose cell); ``heading`` is the account of the heading above it, if that heading names one.
    With ``carry`` (a prose cell, which runs on from line to line without list items), a figure
    whose sentence names no account takes the account of the latest sentence that named one."""
    if not any(entity.label == "AMOUNT" for entity in inside) and COMPARED.search(text, start, end) is None:
        return []  # no figure, no statement
    accounts = governing_accounts(text, start, end, inside)
    reasons = [entity for entity in inside if entity.label == "REASON"]
    units = {entity.start: entity for entity in inside if entity.label == "UNIT"}
    item = item_account(accounts, inside) or named_item(text, start, end) or heading
    sentences = sentence_spans(text, start, end)
    drafts: list[Draft] = []
    latest = item
    for index, sentence in enumerate(sentences):
        figures = _figures(text, sentence, inside, units)
        money_unit = next((figure.unit for figure in figures if figure.unit in MONEY_UNITS), None)
        reason = explaining_reason(index, sentences, reasons, accounts) if figures else None
        previous_end = sentence[0]
        for figure in figures:
            lead_start, previous_end = previous_end, figure.end
            draft = _draft(text, figure, figure.unit or money_unit, lead_start, accounts, meta, start)
            if draft is None:
                continue
            shared = _shared_accounts(text, lead_start, figure.start, accounts)
            draft.update(
                reason=reason.text if reason else None,
                reason_start=reason.start if reason else None,
                reason_end=reason.end if reason else None,
                sentence_start=sentence[0],
                sentence_end=sentence[1],
            )
            governing = governing_account(text, figure, sentence, accounts)
            latest = (governing or latest) if carry else item
            for account in shared or [governing or latest]:
                drafts.append(
                    {
                        **draft,
                        "account": account.text if account else None,
                        "account_start": account.start if account else None,
                        "account_end": account.end if account else None,
                    }
                )
    link_comparisons(drafts)
    return [Statement(**draft) for draft in drafts]


def _figures(text: str, sentence: tuple[int, int], inside: Sequence[Entity], units: dict[int, Entity]) -> list[Entity]:
    """The AMOUNT entities of a sentence and its comparisons stated without a figure
    (:data:`COMPARED`), the latter as AMOUNT-like entities without a value spanning the comparison word;
    ``units``: the UNIT entities of the item by start."""
    amounts = [_bracketed(text, entity, units) for entity in within(inside, *sentence) if entity.label == "AMOUNT"]
    compared = [
        Entity(label="AMOUNT", start=found.start("word"), end=found.end("word"), text=found["word"])
        for found in COMPARED.finditer(text, *sentence)
    ]
    return sorted(amounts + compared, key=lambda entity: entity.start)


def _bracketed(text: str, amount: Entity, units: dict[int, Entity]) -> Entity:
    """``amount`` with the sign and unit of a parenthesised figure tagged without its brackets
    (``减少（2.3）万元``: -2.3 万元, SPEC §2); other amounts unchanged."""
    opened, closed = text[amount.start - 1 : amount.start], text[amount.end : amount.end + 1]
    if amount.unit is not None or opened not in ("（", "(") or closed not in ("）", ")"):
        return amount
    unit = units.get(BRACKET_GAP.match(text, amount.end).end())
    value = parse_amount(text[amount.start - 1 : amount.end + 1])
    if value is None or unit is None:
        return amount
    unit_text = canonical_unit(unit.text)
    yuan = to_yuan(value, unit_text) if unit_text in MONEY_UNITS else None
    return amount.model_copy(update={"value": value, "unit": unit_text, "yuan": yuan})


def _shared_accounts(text: str, start: int, end: int, accounts: Sequence[Entity]) -> list[Entity]:
    """The accounts that share one figure (``上缴上级支出、经营支出和对附属单位补助支出均为0元``),
    or an empty list."""
    if not SHARED.search(plain(text[start:end])):
        return []
    named = within(accounts, start, end)
    return named if len(named) > 1 else []


def _draft(
    text: str,
    amount: Entity,
    unit: str | None,
    lead_start: int,
    accounts: Sequence[Entity],
    meta: Meta,
    item_start: int,
) -> Draft | None:
    """The measure, value and comparison of the figure ``amount`` whose words start at
    ``lead_start``, or None if it is not a statement."""
    percent = unit == "%"
    if amount.value is None and (amount.text == "持平" or amount.text in COMPARISON_CHANGES):
        compared = COMPARED.match(text, amount.start)
        read_to = compared.end("base") if compared and compared["base"] else amount.start
        compare_to = compared_measure(_before(text, item_start, read_to), meta.year)
        unstated = dict.fromkeys(("value", "unit", "yuan", "denominator", "base"))
        change = COMPARISON_CHANGES.get(amount.text, "持平")
        stated = {"measure": "增减额", "change": change, "compare_to": compare_to}
        return {**unstated, **stated, "start": amount.start, "end": amount.end}
    if amount.value is None or not (percent or unit in MONEY_UNITS):
        return None
    cue = classify(_lead(text, lead_start, amount.start, accounts), percent, meta.doc_kind)
    if cue is None:
        return None
    compare_to = None
    if cue.measure in ("增减额", "增减率", "完成率"):
        compare_to = compared_measure(_before(text, item_start, amount.start), meta.year)
    return {
        "measure": cue.measure,
        "value": amount.value,
        "unit": unit,
        "yuan": amount.yuan or (to_yuan(amount.value, unit) if unit in MONEY_UNITS else None),
        "compare_to": compare_to,
        "change": cue.change,
        "denominator": share_of(plain(text[lead_start : amount.start])) if cue.measure == "占比" else None,
        "base": None,
        "start": amount.start,
        "end": amount.end,
    }


def _before(text: str, start: int, end: int) -> str:
    """``text[start:end]`` with fund names masked, wraps and markup removed: where comparisons are read."""
    return FUND_NAMES.sub(MASK, plain(text[start:end]))


def _lead(text: str, start: int, end: int, accounts: Sequence[Entity]) -> str:
    """``text[start:end]`` with accounts and fund names masked, wraps and markup removed."""
    pieces = []
    position = start
    for account in within(accounts, start, end):
        pieces.extend((text[position : account.start], MASK))
        position = min(account.end, end)
    pieces.append(text[position:end])
    return FUND_NAMES.sub(MASK, plain("".join(pieces)))

"""ACCOUNT by rule (SPEC §3): names of the classification and of statement line items.

A candidate is the longest lexicon name that starts and ends on token boundaries (so
``电费`` inside the word ``水电费`` is no candidate); a line break that wraps the name
(``基本支\n出``) is inside the span. A statement line item
(``基本支出``, ``“三公”经费``) is an ACCOUNT wherever it stands; a classification name,
many of which are also everyday phrases (``医疗救助``, ``信息化建设``), only where the
text uses it as an account: before a level marker ``（款）``, as a whole table cell,
after a 科目编码 or a list marker, before an amount of money, or in a list of names
that are mostly accounts.
No candidate is an ACCOUNT when it begins a project, organisation or indicator name
(``医疗救助项目``, ``医疗保障局``, ``医疗救助对象``) or a table or section title
(``财政拨款收入支出决算总表``). The span leaves out level markers and the quotes
around a whole name, but keeps quotes inside a name (``“三公”经费``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

import regex

from ..normalize import MONEY_UNITS, canonical_unit
from ..segmentation import domain_words
from .amounts import NUMBER_RUN, UNIT_AFTER

_SPELLINGS = (str.maketrans({"（": "(", "）": ")"}), str.maketrans({"“": '"', "”": '"'}))
LEVEL_MARKER_AFTER = regex.compile(r"[”\"’]?[ \u3000]*[（(][ \u3000]*[类款项]")
CODE_BEFORE = regex.compile(r"(?:^|[^0-9])[0-9]{3,7}[ \t\u3000]*$")
AMOUNT_AFTER = regex.compile(
    r"(?:[”\"’]|[^\S\t]+|[（(][^（）()\n]{0,8}[）)]|[类款项]|支出|收入|决算数?|预算数?|全年预算数?|年初预算数?"
    r"|本年|合计|小计|共计|总额|金额|为|是|共|[：:]|(?:19|20)\d\d[ \u3000]*年度?)*"
    r"[-−－（(]?[0-9０-９]"
)
NOT_AN_ACCOUNT_AFTER = regex.compile(
    r"项目|对象|资金|基金|人数|人次|比例|[比费]?率|标准|制度|政策|体系|平台|系统|工作|服务(?!支出)"
    r"|局|中心|站|所|科(?!目)|股|办公室|委员会|窗口"
)
TITLE_AFTER = regex.compile(r"\p{Han}{0,8}?(?:表|说明|情况|报告)")
LIST_MARKER_BEFORE = regex.compile(
    r"(?:^|\n)[ \u3000\t]*(?:\d+[.．、]|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、)[ \u3000]*[“\"]?$"
)
CELL_EDGE = regex.compile(r"\n|\t|\||[ \u3000]{2,}")
CELL_PREFIX = regex.compile(
    r"^(?:\s|<[^<>]*>|\*\*|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]"
    r"|其中[：:]?|[0-9]{3,7}|[“\"])*"
)
CELL_SUFFIX = regex.compile(r"(?:\s|<[^<>]*>|\*\*|[（(][类款项][）)]|[：:”\"])*$")
CLAUSE_EDGE = regex.compile(r"[，,。；;：:\n\t]")
ITEM_PREFIX = regex.compile(r"^(?:主要|具体)?(?:包括|包含|如|例如|其中)?[ \u3000]*")
ITEM_SUFFIX = regex.compile(r"(?:等.*|[ \u3000]*[（(]?[-−－]?[0-9０-９][0-9０-９,，.．]*[）)]?[ \u3000]*\S{0,3})$")


@dataclass(frozen=True)
class AccountLexicon:
    """ACCOUNT names in every printed spelling; ``items`` are the statement line items."""

    names: frozenset[str]
    items: frozenset[str]

    @classmethod
    def from_words(cls, items: Iterable[str], names: Iterable[str]) -> AccountLexicon:
        """A lexicon of line ``items`` and other ``names``, with bracket and quote variants."""
        items, names = _spellings(items), _spellings(names)
        return cls(names=names | items, items=items)

    @cached_property
    def longest(self) -> int:
        """The length of the longest name."""
        return max(map(len, self.names), default=0)

    @cached_property
    def initials(self) -> frozenset[str]:
        """The characters a name may start with as printed: its first character, or a line break
        that wraps it."""
        return frozenset(name[:1] for name in self.names) | {"\n"}

    @cached_property
    def prefixes(self) -> frozenset[str]:
        """Every beginning of a name, the names included: a text that is none is the start of no name."""
        return frozenset(name[:length] for name in self.names for length in range(1, len(name) + 1))


@lru_cache(maxsize=1)
def domain_lexicon() -> AccountLexicon:
    """The lexicon of the packaged domain dictionary (tags ``item`` and ``acc``)."""
    return AccountLexicon.from_words(domain_words("item"), domain_words("acc"))


def find_accounts(text: str, tokens: list[tuple[int, int]], lexicon: AccountLexicon) -> list[tuple[int, int]]:
    """The ``(start, end)`` of every ACCOUNT in ``text``; ``tokens`` are its tokens' offsets, in order."""
    starts = [start for start, _ in tokens]
    ends = sorted(end for _, end in tokens)
    longest, initials, names, prefixes = lexicon.longest, lexicon.initials, lexicon.names, lexicon.prefixes
    found: list[tuple[int, int]] = []
    for start in starts:
        if (found and start < found[-1][1]) or text[start] not in initials:
            continue
        name_end = None  # the longest name from ``start``: token ends are tried while the text can start a name
        for end in ends[bisect_right(ends, start) : bisect_left(ends, start + longest + 2)]:
            name = text[start:end]
            unwrapped = name.replace("\n", "") if name.count("\n") == 1 else None
            if name not in prefixes and unwrapped not in prefixes:
                break
            if name in names or unwrapped in names:
                name_end = end
        if name_end is not None and _is_account(text, start, name_end, lexicon):
            found.append((start, name_end))
    return found


def _is_account(text: str, start: int, end: int, lexicon: AccountLexicon) -> bool:
    """Whether the lexicon name at ``start:end`` is used as an account here."""
    if NOT_AN_ACCOUNT_AFTER.match(text, end) or TITLE_AFTER.match(text, end):
        return False
    if text[start:end].replace("\n", "") in lexicon.items:
        return True
    before = text[max(0, start - 12) : start]
    return (
        LEVEL_MARKER_AFTER.match(text, end) is not None
        or CODE_BEFORE.search(before) is not None
        or LIST_MARKER_BEFORE.search(before) is not None
        or _money_after(text, end)
        or _whole_cell(text, start, end)
        or _in_list_of_accounts(text, start, end, lexicon)
    )


def _money_after(text: str, end: int) -> bool:
    """Whether an amount follows the name (``基本工资 118.3万元``), in a money unit or none."""
    amount = AMOUNT_AFTER.match(text, end)
    if amount is None:
        return False
    number = NUMBER_RUN.match(text, amount.end() - 1)
    unit = number and UNIT_AFTER.match(text, number.end())
    return not unit or canonical_unit(unit["unit"]) in MONEY_UNITS


def _whole_cell(text: str, start: int, end: int) -> bool:
    """Whether the name is all of its table cell, but for list markers, codes, markup,
    quotes and a level marker (``一、一般公共服务支出``, ``<b>合计</b>``, ``201  一般…``)."""
    cell_start = max((match.end() for match in CELL_EDGE.finditer(text, max(0, start - 40), start)), default=0)
    after = CELL_EDGE.search(text, end)
    cell_end = after.start() if after else len(text)
    return not CELL_PREFIX.sub("", text[cell_start:start]) and not CELL_SUFFIX.sub("", text[end:cell_end])


def _in_list_of_accounts(text: str, start: int, end: int, lexicon: AccountLexicon) -> bool:
    """Whether the name is an item of a ``、`` list (``包括：基本工资、津贴补贴、奖金等``)
    in which at least half the items, and at least two, are account names."""
    before = [match.end() for match in CLAUSE_EDGE.finditer(text, max(0, start - 300), start)]
    after = CLAUSE_EDGE.search(text, end)
    clause = text[before[-1] if before else max(0, start - 300) : after.start() if after else len(text)]
    items = [ITEM_SUFFIX.sub("", ITEM_PREFIX.sub("", item.strip())).strip('“”"') for item in clause.split("、")]
    if len(items) < 2 or text[start:end] not in items:
        return False
    accounts = sum(item in lexicon.names for item in items)
    return accounts >= 2 and 2 * accounts >= len(items)


def _spellings(words: Iterable[str]) -> frozenset[str]:
    """``words`` with ASCII brackets and straight quotes as well."""
    spelled = set(words)
    for table in _SPELLINGS:
        spelled |= {word.translate(table) for word in spelled}
    return frozenset(spelled)

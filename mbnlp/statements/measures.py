"""The measure vocabulary of SPEC §2: which measure a stated figure is, from the words before it.

The cue is the last measure word written between the previous figure of the sentence and
this one (``年初预算0万元，支出决算0.55万元``: ``年初预算`` → 年初预算数, ``支出决算`` → 决算数).
A percentage is a share (``占``), a completion rate (``完成``, ``执行率``) or a rate of change
(``增长``, ``下降``); a money figure is a change (``增加``, ``减少``) or a level (``年初预算``,
``全年预算``, ``上年``, ``决算``). A money figure without any cue is the document's own measure
(决算数 in a 决算, 年初预算数 in a 预算). A figure after ``单价`` (a threshold), ``均价`` or ``每支``
(a price) is not a statement; a change word followed by 至/到 (``下降至700元``) states a level.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import regex

from ..records.models import DocKind, Measure

CHANGE_WORDS: dict[str, str] = {
    "增加": "增加", "减少": "减少", "增长": "增长", "下降": "下降", "持平": "持平",
    "上升": "增长", "降低": "下降", "节约": "减少", "超支": "增加",
}  # fmt: skip
"""Change words as written → the ``change`` value of SPEC §2."""
_CHANGE = f"(?:{'|'.join(CHANGE_WORDS)})(?![至到])"  # 下降至700元 states a level, not a change
_LEVEL_CUES: list[tuple[str, Measure]] = [
    (r"上年(?:度)?(?:决算|支出)?(?:数)?(?!结转|结余)", "上年决算数"),
    (r"年初预算(?:数)?", "年初预算数"),
    (r"(?:全年|调整后?)预算(?:数)?", "全年预算数"),
    (r"预算(?:数)?", "年初预算数"),
    (r"决算(?:数)?|执行数|支出|收入|合计|总计|总额", "决算数"),
]
PERCENT_CUE = regex.compile(rf"(?P<share>占)|(?P<rate>完成|执行率|使用率|执行)|(?P<change>{_CHANGE})")
_LEVELS = "|".join(f"(?P<level{index}>{cue})" for index, (cue, _) in enumerate(_LEVEL_CUES))
MONEY_CUE = regex.compile(rf"(?P<threshold>[单均]价|每\p{{Han}}{{0,2}}$)|(?P<change>{_CHANGE})|{_LEVELS}")
COMPARISON = regex.compile(
    r"(?P<year>(?<!\d)20\d\d(?=年))|(?P<last_year>上年(?:度)?(?!结转|结余)|同比)|(?P<initial>年初预算)"
    r"|(?P<full_year>(?:全年|调整后?)预算)|(?P<budget>预算)"
)
_COMPARED: dict[str, Measure] = {
    "last_year": "上年决算数", "initial": "年初预算数", "full_year": "全年预算数", "budget": "年初预算数",
}  # fmt: skip
UNDECIDED = regex.compile(r"(?:增加|增长)[（(](?:减少|下降)[）)]|(?:减少|下降)[（(](?:增加|增长)[）)]")
"""A template's ``增加（减少）`` left as printed: a change whose direction the text does not give."""
SHARE_OF = regex.compile(r"占(?P<of>[^\d，。；]*?)的?\s*$")
CACHE_SIZE = 1 << 14


class Cue(NamedTuple):
    """What the words before a figure make of it: its measure and, for a change, the change word."""

    measure: Measure
    change: str | None = None


@lru_cache(maxsize=CACHE_SIZE)
def classify(lead: str, percent: bool, doc_kind: DocKind | None) -> Cue | None:
    """The measure of a figure from ``lead``, the text before it (accounts masked), or None if
    it is not a statement. Cached (bounded): the same leads (``，支出决算为``) recur item after item.

    >>> classify("，支出决算", False, "final_accounts")
    Cue(measure='决算数', change=None)
    >>> classify("，与年初预算", False, "final_accounts")
    Cue(measure='年初预算数', change=None)
    >>> classify("万元，下降", True, "final_accounts")
    Cue(measure='增减率', change='下降')
    >>> classify("，年初预算0元，增加（减少）", False, "final_accounts")
    Cue(measure='增减额', change=None)
    >>> classify("，占", True, "final_accounts")
    Cue(measure='占比', change=None)
    >>> classify("单价", False, "final_accounts") is None
    True
    """
    cues = list((PERCENT_CUE if percent else MONEY_CUE).finditer(lead))
    if not cues:
        return None if percent else Cue(_own_measure(doc_kind))
    cue = cues[-1]
    kind = cue.lastgroup
    if kind == "threshold":
        return None
    if kind == "change":
        undecided = UNDECIDED.search(lead, max(0, cue.start() - 3))
        return Cue("增减率" if percent else "增减额", None if undecided else CHANGE_WORDS[cue.group()])
    if kind == "share":
        return Cue("占比")
    if kind == "rate":
        return Cue("完成率")
    measure = _LEVEL_CUES[int(kind.removeprefix("level"))][1]
    if measure == "决算数":
        measure = _own_measure(doc_kind)
    return Cue(measure)


def _own_measure(doc_kind: DocKind | None) -> Measure:
    """The measure of an uncued figure: 年初预算数 in a 预算 document, 决算数 otherwise."""
    return "年初预算数" if doc_kind == "budget" else "决算数"


def compared_measure(before: str, year: int | None = None) -> Measure | None:
    """The measure a change or rate is compared against: the last comparison cue in ``before``;
    the year before the reporting ``year`` (``与2022年度相比`` in a 2023 document) is 上年决算数.

    >>> compared_measure("与上年决算3250.33万元相比，减少")
    '上年决算数'
    >>> compared_measure("比2022年年初预算增加")
    '年初预算数'
    >>> compared_measure("3.年初结转和结余") is None
    True
    >>> compared_measure("2023年度收入合计11229.01万元，与2022年度相比，收入合计增加", 2023)
    '上年决算数'
    >>> compared_measure("全年预算数为50万元，执行数为50万元，完成预算")
    '全年预算数'
    """
    cues = list(COMPARISON.finditer(before))
    for index in reversed(range(len(cues))):
        kind = cues[index].lastgroup
        if kind == "budget":  # a bare 预算 is the budget named last, else the initial one
            named = [cue.lastgroup for cue in cues[:index] if cue.lastgroup in ("initial", "full_year")]
            return _COMPARED[named[-1] if named else "initial"]
        if kind != "year":
            return _COMPARED[kind]
        if year is not None and int(cues[index].group()) == year - 1:
            return "上年决算数"
    return None


def share_of(lead: str) -> str | None:
    """What a share is of, when ``lead`` (ending right before the percentage) names it.

    >>> share_of("，占支出合计的")
    '支出合计'
    >>> share_of("，占") is None
    True
    """
    found = SHARE_OF.search(lead)
    return found["of"].strip() or None if found else None

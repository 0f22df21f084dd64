"""AMOUNT and UNIT by rule (SPEC §3): which printed numbers are quantities, and their units.

Every number run of :data:`mbnlp.segmentation.NUMBER` is an AMOUNT unless one of
:data:`NOT_QUANTITY` says it is something else: a year or date, a list marker, a
table's row or column number, a 科目编码, a document or phone number, a page or
figure number, or digits inside a quoted name. The UNIT is the unit printed right
after it (spaces allowed; a line break only inside the unit, ``万\\n元``), and a
declared table unit (``金额单位：元``) is a UNIT of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property

import regex

from ..classification import lookup
from ..normalize import MONEY_UNITS, canonical_unit, parse_amount, to_yuan
from ..segmentation import NUMBER, UNIT_SPELLINGS

NUMBER_RUN = regex.compile(NUMBER)
_ASCII_DIGITS = str.maketrans({chr(0xFF10 + digit): str(digit) for digit in range(10)})
_UNIT_GAP = "[^\\S\\t]*"  # whitespace other than a tab: a unit may be broken across lines
_UNIT = "|".join(_UNIT_GAP.join(map(regex.escape, unit)) for unit in sorted(UNIT_SPELLINGS, key=len, reverse=True))
UNIT_AFTER = regex.compile(f"[ \u3000\xa0]*(?P<unit>{_UNIT})")
DECLARED_UNIT = regex.compile(f"(?:金额|计量)?单位\\s*[：:][ \u3000]*(?P<unit>{_UNIT})")
HAN = regex.compile(r"\p{Han}")

YEAR = regex.compile(r"(?:19|20)\d\d")
YEAR_AFTER = regex.compile(r"[ \u3000]*\n?[ \u3000]*年|[-—–~～至到][ ]*\d{4}[ ]*年|[-/]\d{1,2}[-/]\d{1,2}")
DATE_AFTER = regex.compile(r"[ \u3000]*(?P<unit>[月日号])|[-—–~～至到][ ]*\d{1,2}[ ]*(?P<range>[月日号])")
CLAUSE_START = regex.compile(r"(?:^|[\n\t：:。；;，,☐☑）)>])[ \u3000]*$")
LIST_PUNCTUATION = regex.compile(r"[.．、](?![0-9０-９])|[）)](?=[ \u3000]*[\p{Han}A-Za-z])")
LABEL_BEFORE = regex.compile(r"(?:第|图|表|附件|附表|目标|公开|编号|序号|页码|No\.?|page)[ \u3000]*[:：]?\s*$", regex.I)
LABEL_AFTER = regex.compile(r"[ \u3000]*(?:表|页|章|节|部分)")
PHONE_AFTER = regex.compile(r"\p{Han}{0,4}热线")
PHONE_BEFORE = regex.compile(
    r"(?:电话|传真|手机|热线|Tel|Fax)(?:号码)?[ \u3000]*[:：]?[ \u3000]*(?:\d+[ ]*[-－—][ ]*)?$", regex.I
)
LANDLINE = regex.compile(r"0\d{2,3}[-－—]\d{7,8}")
MOBILE = regex.compile(r"1[3-9]\d{9}")
CODE_SHAPE = regex.compile(r"[123]\d\d(?:\d\d){0,2}")
CODE_BEFORE = regex.compile(r"(?:^|[^\p{Han}])$")
NAME_AFTER = regex.compile(r"[ \t\u3000]+\p{Han}")
DOT_LEADER = regex.compile(r"[.．…·]{3,}\s*$")
QUOTED = regex.compile(r"“[^“”\n]{1,40}”|《[^《》\n]{1,100}》|「[^「」\n]{1,40}」|\"[^\"\n]{1,40}\"")
ROW_NUMBER_CELL = regex.compile(r"(?:\s|<[^<>]*>|\*\*)*(?P<number>\d+)(?:\s|<[^<>]*>|\*\*)*")
BLANK_LINE_BEFORE = regex.compile(r"(?:^|\n)[ \u3000\t]*\n[ \u3000\t]*$")
TEXT_CELL_AFTER = regex.compile(r"[ \u3000]*(?:\t|\n[ \u3000\t]*)[ \u3000]*\p{Han}")
NUMBERING_LINE = regex.compile(r"[\s0-9类款项栏次]*")
LEADING_ZERO = regex.compile(r"[+\-]?0\d+")
NUMBER_SIGN_AFTER = regex.compile(r"[ \u3000]*号")
MARKER_CLOSE_AFTER = regex.compile(r"[）)][ \u3000]*[\p{Han}A-Za-z]")
PAGE_LINE = regex.compile(r"\s*[-—–－]+\s*[+\-]?\d+\s*[-—–－]+\s*")
MINUTES_AFTER = regex.compile(r"[:：][0-5]\d")
HOUR_BEFORE = regex.compile(r"\d[:：]$")


@dataclass(frozen=True)
class Quantity:
    """An AMOUNT (``start``/``end``: its digits and sign) with its normalisation and its UNIT."""

    start: int
    end: int
    value: str
    unit_start: int | None = None
    unit_end: int | None = None
    unit: str | None = None

    @property
    def yuan(self) -> str | None:
        """The amount in 元 when the unit is money, else None."""
        return to_yuan(self.value, self.unit) if self.unit in MONEY_UNITS else None


class Numbers:
    """The number runs of one text and the facts about the text that the rules need."""

    def __init__(self, text: str) -> None:
        self.text = text

    def runs(self) -> Iterator[tuple[int, int]]:
        """The ``(start, end)`` of every number run."""
        for match in NUMBER_RUN.finditer(self.text):
            yield match.span()

    @cached_property
    def names(self) -> list[tuple[int, int]]:
        """Quoted and titled stretches (``“15分钟医保服务圈”``, ``《…》``), and every other
        occurrence of a quoted text that holds digits: a name is a name without its quotes too."""
        spans = [match.span() for match in QUOTED.finditer(self.text)]
        named = {self.text[start + 1 : end - 1] for start, end in spans}
        for name in named:
            if NUMBER_RUN.search(name):
                spans += [match.span() for match in regex.finditer(regex.escape(name), self.text)]
        return sorted(spans)

    @cached_property
    def table_indices(self) -> frozenset[int]:
        """Starts of the numbers that number a table's rows or columns: every number of a
        栏次 line or of a line of consecutive column numbers (``1	2	3``), and the cells
        under a 行次 header of a tab-separated table."""
        found: set[int] = set()
        row_number_columns: set[int] = set()
        offset = 0
        for line in self.text.split("\n"):
            cells = line.split("\t")
            if ("栏次" in line and any(cell.strip() == "栏次" for cell in cells)) or _is_column_numbering(line):
                found.update(offset + match.start() for match in NUMBER_RUN.finditer(line))
            if len(cells) > 1:
                headers = {index for index, cell in enumerate(cells) if cell.strip() == "行次"}
                row_number_columns = headers or row_number_columns
                position = offset
                for index, cell in enumerate(cells):
                    number = ROW_NUMBER_CELL.fullmatch(cell)
                    if index in row_number_columns and number:
                        found.add(position + number.start("number"))
                    position += len(cell) + 1
            elif line.strip():
                row_number_columns = set()
            offset += len(line) + 1
        return frozenset(found)

    @cached_property
    def has_row_numbers(self) -> bool:
        """Whether some table of the text has a 序号 column."""
        return "序号" in self.text


def _is_column_numbering(line: str) -> bool:
    """A line whose numbers are 1, 2, 3, … (at least three) with at most 类/款/项 beside them."""
    if not NUMBERING_LINE.fullmatch(line):
        return False
    values = [match.group() for match in NUMBER_RUN.finditer(line)]
    if len(values) < 3 or not all(value.isascii() and value.isdigit() for value in values):
        return False
    return values == [str(value) for value in range(int(values[0]), int(values[0]) + len(values))]


Rule = Callable[[Numbers, int, int], bool]


def not_a_number(numbers: Numbers, start: int, end: int) -> bool:
    """Not an amount at all: several dots (``2023.4.20``) or a leading zero (``01``, ``0475``)."""
    digits = _digits(numbers, start, end)
    return parse_amount(digits) is None or LEADING_ZERO.fullmatch(digits) is not None


def next_to_latin(numbers: Numbers, start: int, end: int) -> bool:
    """Part of a model or code name written with Latin letters (``HPQJ200``, ``5G``)."""
    text = numbers.text
    return (start > 0 and text[start - 1].isascii() and text[start - 1].isalpha()) or (
        end < len(text) and text[end].isascii() and text[end].isalpha()
    )


def year(numbers: Numbers, start: int, end: int) -> bool:
    """A year: ``2022年``, ``2023 年``, ``2021-2025年``, ``2022-12-31``, or a year glued to
    a name (``2022中央…项目``)."""
    if not YEAR.fullmatch(_digits(numbers, start, end)):
        return False
    after = numbers.text[end : end + 12]
    return bool(YEAR_AFTER.match(after)) or (bool(after) and bool(HAN.match(after)) and not _unit_at(numbers, end))


def date(numbers: Numbers, start: int, end: int) -> bool:
    """A month or a day: ``12月31日``, ``5月份``, ``1-12月``, ``17日``."""
    digits = _digits(numbers, start, end)
    match = DATE_AFTER.match(numbers.text, end)
    if not digits.isdigit() or match is None:
        return False
    return int(digits) <= (12 if (match["unit"] or match["range"]) == "月" else 31)


def document_number(numbers: Numbers, start: int, end: int) -> bool:
    """A document number: ``〔2019〕51号``, ``【2022】103号``, ``国务院令649号``."""
    text = numbers.text
    if NUMBER_SIGN_AFTER.match(text[end : end + 3]):
        return True
    return start > 0 and text[start - 1] in "〔[【" and end < len(text) and text[end] in "〕]】"


def list_marker(numbers: Numbers, start: int, end: int) -> bool:
    """A list marker: ``1.``/``1．``/``1、``/``1）`` at the start of a clause, ``（1）`` before text."""
    digits = _digits(numbers, start, end)
    if not digits.isdigit() or len(digits) > 3:
        return False
    text = numbers.text
    before = text[max(0, start - 12) : start]
    if LIST_PUNCTUATION.match(text, end) and CLAUSE_START.search(before):
        return True
    return (
        before[-1:] in ("（", "(")
        and MARKER_CLOSE_AFTER.match(text[end : end + 4]) is not None
        and CLAUSE_START.search(before[:-1]) is not None
    )


def label_number(numbers: Numbers, start: int, end: int) -> bool:
    """The number of a table, figure, annex, target, page or part: ``公开01表``, ``图 1``,
    ``附件1``, ``目标1``, ``第3页``."""
    text = numbers.text
    return bool(LABEL_BEFORE.search(text[max(0, start - 8) : start])) or bool(LABEL_AFTER.match(text, end))


def phone_number(numbers: Numbers, start: int, end: int) -> bool:
    """A telephone number: after 电话/传真…, before 热线 (``12345市民热线``),
    ``0475-3215769``, or a mobile ``1xxxxxxxxxx``."""
    text = numbers.text
    if PHONE_BEFORE.search(text[max(0, start - 16) : start]) or PHONE_AFTER.match(text, end):
        return True
    if MOBILE.fullmatch(_digits(numbers, start, end)):
        return True
    around = text[max(0, start - 5) : end + 9]
    return any(match.start() <= start - max(0, start - 5) < match.end() for match in LANDLINE.finditer(around))


def account_code(numbers: Numbers, start: int, end: int) -> bool:
    """A 科目编码: 3, 5 or 7 digits, no unit after it, not glued to a preceding word, and
    either a code of the classification or followed by a name (``2101599 其他…``)."""
    digits = _digits(numbers, start, end)
    if not CODE_SHAPE.fullmatch(digits) or _unit_at(numbers, end):
        return False
    if not CODE_BEFORE.search(numbers.text[max(0, start - 1) : start]):
        return False
    return lookup(digits) is not None or bool(NAME_AFTER.match(numbers.text, end))


def table_index(numbers: Numbers, start: int, end: int) -> bool:
    """A 行次/栏次 number, a column number, or a 序号 cell opening a row before its text: first
    on a tab-separated line, or alone on its line after a blank line (one cell a line)."""
    if start in numbers.table_indices:
        return True
    if not numbers.has_row_numbers or not _digits(numbers, start, end).isdigit():
        return False
    text = numbers.text
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip(" \u3000\t") or not TEXT_CELL_AFTER.match(text, end):
        return False
    line_end = text.find("\n", end)
    alone = not text[end : len(text) if line_end < 0 else line_end].strip(" \u3000")
    return (
        not alone or BLANK_LINE_BEFORE.search(text[max(0, line_start - 8) : line_start]) is not None or line_start == 0
    )


def page_number(numbers: Numbers, start: int, end: int) -> bool:
    """A page number: after a table of contents' dot leader, or alone between dashes (``— 3 —``)."""
    text = numbers.text
    if DOT_LEADER.search(text[max(0, start - 12) : start]):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    return PAGE_LINE.fullmatch(line) is not None


def in_name(numbers: Numbers, start: int, end: int) -> bool:
    """Digits inside a name: in quotes or a title, or where the quoted name recurs."""
    return any(left < start and end <= right for left, right in numbers.names)


def clock_time(numbers: Numbers, start: int, end: int) -> bool:
    """A time of day: ``9:00``, ``14：30``."""
    text = numbers.text
    return (
        MINUTES_AFTER.match(text[end : end + 3]) is not None
        or HOUR_BEFORE.search(text[max(0, start - 2) : start]) is not None
    )


NOT_QUANTITY: tuple[Rule, ...] = (
    not_a_number,
    next_to_latin,
    year,
    date,
    document_number,
    list_marker,
    label_number,
    phone_number,
    account_code,
    table_index,
    page_number,
    in_name,
    clock_time,
)
"""The rules that make a number run something other than an AMOUNT, in the order tried."""


def find_quantities(text: str) -> list[Quantity]:
    """Every AMOUNT of ``text`` with its normalised value and the UNIT printed after it."""
    numbers = Numbers(text)
    quantities = []
    for start, end in numbers.runs():
        if any(rule(numbers, start, end) for rule in NOT_QUANTITY):
            continue
        if _parenthesised(text, start, end):
            value, unit = parse_amount(f"（{text[start:end]}）"), _unit_at(numbers, end + 1)
        else:
            value, unit = parse_amount(text[start:end]), _unit_at(numbers, end)
        if unit is None:
            quantities.append(Quantity(start, end, value))
        else:
            quantities.append(Quantity(start, end, value, *unit.span("unit"), canonical_unit(unit["unit"])))
    return quantities


def find_declared_units(text: str) -> list[tuple[int, int]]:
    """The UNIT of every declaration ``单位：万元``, ``金额单位：元`` (broken lines allowed)."""
    return [match.span("unit") for match in DECLARED_UNIT.finditer(text)]


def _unit_at(numbers: Numbers, position: int) -> regex.Match[str] | None:
    """The unit printed at ``position`` after spaces, if any."""
    return UNIT_AFTER.match(numbers.text, position)


def _parenthesised(text: str, start: int, end: int) -> bool:
    """Whether brackets hug the number, ``（2.3）``: a negative amount."""
    return 0 < start and end < len(text) and text[start - 1] in "（(" and text[end] in "）)"


def _digits(numbers: Numbers, start: int, end: int) -> str:
    digits = numbers.text[start:end]
    return digits if digits.isascii() else digits.translate(_ASCII_DIGITS)

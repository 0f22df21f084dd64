"""Split a document into headings, paragraphs and table regions.

Work happens line by line on the cleaned view (``document.clean``); every block
records its span in the raw text (``document.text``) and its analysis text as a
:class:`MappedText` whose ``to_source`` gives raw offsets.

Table regions are found first:

* runs of lines holding tabs — tab-separated rows, or one cell per tab-prefixed
  line with blank lines between rows; short untabbed lines inside such a run
  (a cell's text wrapped onto the next line) stay in the region;
* pipe tables (``| a | b |`` with a ``|---|`` separator line);
* HTML ``<table>`` elements (their region is the whole element in the raw text);
* columns separated by runs of spaces, as PDF text extraction writes them; short
  rows (a row with one or two cells, a second header line, a cell's text wrapped onto
  the lines below under its column) and page-number lines between such rows stay in
  the region, and so do the short rows right above it (headers over the column
  groups, the rows a table opens with) and right below it (a lone ``合计``);
* stacks of short lines, one cell per line, with a blank line between rows;
* stacks of lines, one cell per line, with nothing between rows (at least a fifth of
  them numbers); lines that look like headings or hold long text may sit inside, and
  at either end only where the table's unit line or a blank line marks it.

A table's title (``…表``), its ``单位：``/``部门：``/``编制单位：`` lines and notes stay
outside, also when they share a tab-separated line.
What is not a table is a heading (a short line starting with a section marker
that does not read like a sentence) or a paragraph (consecutive lines, with hard
line wraps removed).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Literal, NamedTuple

import regex

from ..loading import Document
from ..text import MappedText, apply_replacements

BlockKind = Literal["heading", "paragraph", "table"]
LineKind = Literal["blank", "tab", "pipe", "spaced", "heading", "title", "note", "toc", "page", "text"]

CN_NUM = "一二三四五六七八九十百零〇"
HEADING_MARKERS: list[tuple[regex.Pattern, int]] = [
    (regex.compile(rf"第[{CN_NUM}\d]+(?:部分|章|篇)\s*"), 1),
    (regex.compile(rf"[{CN_NUM}]+\s*[、.．]\s*"), 2),
    (regex.compile(rf"[（(]\s*[{CN_NUM}]+\s*[）)]\s*、?\s*"), 3),
    (regex.compile(rf"[{CN_NUM}]+\s*[）)]\s*、?\s*"), 3),
    (regex.compile(r"\d{1,2}\s*[.．、](?![\d.．])\s*"), 4),
    (regex.compile(r"[（(]\s*\d{1,2}\s*[）)]\s*"), 5),
    (regex.compile(r"[①-⑳]\s*"), 6),
]
ANY_HEADING_MARKER = regex.compile("|".join(pattern.pattern for pattern, _ in HEADING_MARKERS))
LIST_MARKER = regex.compile(
    rf"[{CN_NUM}]+是|[-*•·]\s|\d{{1,2}}\s*[)）]|" + "|".join(pattern.pattern for pattern, _ in HEADING_MARKERS)
)
MARKDOWN_HEADING = regex.compile(r"(#{1,6})\s+")
EMPHASIS = regex.compile(r"^\*\*(.+?)\*\*$")
SENTENCE_PUNCTUATION = regex.compile(r"[。；！？，,;!?]")
COLON = regex.compile(r"[：:]")
SECTION_NOUN = regex.compile(
    r"(?:情况|说明|分析|评价|结论|结果|指标|措施|问题|目标|概况|职责|职能|构成|内容)。$"
)  # a heading may end in 。
STATED_AMOUNT = regex.compile(r"\d\s*(?:万?元|亿元|%|分)")
TITLE = regex.compile(
    r"(?:[^\t，。；：,;:]{0,40}表(?:[（(]续[）)])?|公开\s*\d+(?:\.\d+)?\s*表?|附?表\s*[\d一二三四五六七八九十]+[^\t，。；]{0,40})"
)
NOTE = regex.compile(
    r"(?:金额|编制)?单位\s*[：:]|(?<!主管)部门(?:名称)?\s*[：:]|(?:注|备注|说明)\s*\d?\s*[：:]|填报(?:单位|日期|人)|附件\s*\d*\s*[：:]"
    r"|(?:填表人|制表人|审核人|负责人|联系电话)\s*[：:]"
)
PAGE_NUMBER = regex.compile(r"(?:[-—–－]+\s*\d{1,4}\s*[-—–－]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?)")
TOC_ENTRY = regex.compile(r"(?:\.{3,}|…{2,}|·{3,})\s*\d{1,4}\s*$")
PIPE_ROW = regex.compile(r"\s*\|.*\|\s*")
_PIPE_RULE = r"\s*(?::?-{3,}:?|:-+:?|-+:)\s*"
PIPE_SEPARATOR = regex.compile(rf"\s*\|?{_PIPE_RULE}(?:\|{_PIPE_RULE})*\|?\s*")
COLUMN_GAP = regex.compile(r" {2,}")
NUMBER_CELL = regex.compile(r"[-+−]?[\d,]+(?:\.\d+)?%?|[—\-/*－]+")
TERMINAL = regex.compile(r"[。！？；：!?;:…]\s*$")
HTML_TABLE = regex.compile(r"<table\b.*?</table\s*>", regex.IGNORECASE | regex.DOTALL)

MAX_SHORT_LINE = 30
MAX_CELL_GAP_LINES = 8
MAX_CELL_GAP_LINE_LENGTH = 80
MIN_WRAPPED_LINE = 20
MAX_SPACED_GAP_LINES = 8
MAX_SPACED_HEADER_LINES = 6
INDENT = "  "
MIN_UNSEPARATED_CELLS = 8
MAX_CACHED_LINE = 200


@dataclass(frozen=True)
class Block:
    """A heading, paragraph or table region of a document.

    ``start``/``end`` are offsets into the raw ``document.text``. ``text`` is the
    analysis text: for a heading its title line without Markdown decoration, for a
    paragraph the cleaned lines joined without their hard line breaks, for a table
    the cleaned region (rows and cells as in the cleaned view; an HTML table's region
    is the whole ``<table>`` element). ``text.to_source`` maps back to raw offsets.
    ``level`` is set for headings only: 第一部分 1, 一、 2, （一） 3, 1. 4, （1） 5, ① 6;
    a Markdown heading without such a marker has its ``#`` count.
    """

    kind: BlockKind
    start: int
    end: int
    text: MappedText
    level: int | None = None


class Line(NamedTuple):
    """One line of the cleaned view: its span (line break excluded) and its kind."""

    start: int
    end: int
    kind: LineKind


class Region(NamedTuple):
    """Table lines ``first``..``last``; ``raw`` is the raw span when it is not the lines'."""

    first: int
    last: int
    raw: tuple[int, int] | None = None


def split_blocks(document: Document) -> list[Block]:
    """The headings, paragraphs and tables of ``document``, in order, not overlapping."""
    clean = document.clean
    text = clean.text
    lines = [Line(start, end, _line_kind(text[start:end])) for start, end in _line_spans(text)]
    blocks: list[Block] = []
    position = 0
    for region in _table_regions(text, lines, _html_tables(document)):
        blocks.extend(_text_blocks(clean, lines[position : region.first]))
        blocks.append(_table_block(clean, lines, region))
        position = region.last + 1
    blocks.extend(_text_blocks(clean, lines[position:]))
    return blocks


def _line_kind(line: str) -> LineKind:
    """What a line of the cleaned view looks like on its own. Short lines (cells, headings, page
    numbers) recur within and across documents and are judged once (bounded cache)."""
    return _short_line_kind(line) if len(line) <= MAX_CACHED_LINE else _judge_line(line)


def _judge_line(line: str) -> LineKind:
    """The kind of ``line`` (see :func:`_line_kind`), judged afresh."""
    stripped = line.strip()
    if not stripped:
        return "tab" if "\t" in line else "blank"
    if TOC_ENTRY.search(stripped):
        return "toc"
    if PAGE_NUMBER.fullmatch(stripped):
        return "page"
    title = bool(TITLE.fullmatch(_undecorated(stripped)))
    if "\t" in line:
        if title:
            return "title"
        return "note" if all(_is_caption(cell.strip()) for cell in stripped.split("\t") if cell.strip()) else "tab"
    if PIPE_ROW.fullmatch(line):
        return "pipe"
    if NOTE.match(stripped):
        return "note"
    if not title and _is_spaced_row(stripped):
        return "spaced"
    if heading_level(stripped) is not None:
        return "heading"
    return "title" if title else "text"


_short_line_kind = lru_cache(maxsize=1 << 16)(_judge_line)


def heading_level(line: str) -> int | None:
    """The heading level of a line, or None if it is not a heading."""
    title = _undecorated(line)
    if ANY_HEADING_MARKER.match(title):  # most lines start with no marker: one match instead of one per marker
        for marker, level in HEADING_MARKERS:
            found = marker.match(title)
            if found and _reads_like_title(title[found.end() :]):
                return level
    markdown = MARKDOWN_HEADING.match(line.strip())
    if markdown and 0 < len(title) <= 2 * MAX_SHORT_LINE:
        return len(markdown.group(1))
    return None


def _undecorated(line: str) -> str:
    """A line without its Markdown heading marks and bold wrapping."""
    line = line.strip()
    markdown = MARKDOWN_HEADING.match(line) if line.startswith("#") else None
    if markdown:
        line = line[markdown.end() :]
    emphasis = EMPHASIS.match(line) if line.startswith("**") else None
    return (emphasis.group(1) if emphasis else line).strip()


def _reads_like_title(title: str) -> bool:
    """Short, no sentence punctuation or colon inside, no stated amount; may end in a colon."""
    title = title.strip()
    if not title or len(title) > 40 or "\t" in title:
        return False
    body = title[:-1] if title[-1] in "：:" else title
    if SECTION_NOUN.search(body):
        body = body[:-1]
    return not (SENTENCE_PUNCTUATION.search(body) or COLON.search(body) or STATED_AMOUNT.search(body))


def _is_spaced_row(line: str) -> bool:
    """Columns separated by runs of spaces: three or more cells, mostly numbers or short
    labels; or a short label and a number (``行政运行      468.25``)."""
    cells = COLUMN_GAP.split(line)
    if len(cells) == 2:
        return _is_short_label(cells[0]) and bool(NUMBER_CELL.fullmatch(cells[1]))
    if len(cells) < 3:
        return False
    plain = sum(1 for cell in cells if NUMBER_CELL.fullmatch(cell) or _is_short_label(cell))
    return 3 * plain >= 2 * len(cells)


def _is_caption(cell: str) -> bool:
    """A title, unit or department line written in a cell of a tab-separated line."""
    return bool(NOTE.match(cell) or TITLE.fullmatch(cell))


def _is_short_label(cell: str) -> bool:
    """Up to 16 characters, no sentence punctuation, no colon except after 其中."""
    return len(cell) <= 16 and not SENTENCE_PUNCTUATION.search(cell) and not COLON.search(cell.removeprefix("其中："))


def _line_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every line, line breaks excluded."""
    spans = []
    start = 0
    while (end := text.find("\n", start)) >= 0:
        spans.append((start, end))
        start = end + 1
    spans.append((start, len(text)))
    return spans


def _content_span(text: str, line: Line) -> tuple[int, int]:
    """The span of a line without surrounding whitespace."""
    content = text[line.start : line.end]
    return line.start + len(content) - len(content.lstrip()), line.start + len(content.rstrip())


# --- table regions ------------------------------------------------------------------


def _table_regions(text: str, lines: list[Line], html: list[tuple[tuple[int, int], tuple[int, int]]]) -> list[Region]:
    """Table regions, sorted and not overlapping (earlier detectors win)."""
    taken = [False] * len(lines)
    found = []
    for regions in (_html_regions(lines, html), *(detect(text, lines) for detect in TABLE_DETECTORS)):
        for region in regions:
            if not any(taken[region.first : region.last + 1]):
                taken[region.first : region.last + 1] = [True] * (region.last + 1 - region.first)
                found.append(region)
    return sorted(found)


def _html_tables(document: Document) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """``(raw span, clean span)`` of each HTML table."""
    if not regex.search(r"<table\b", document.text, regex.IGNORECASE):
        return []
    return [(match.span(), document.clean.to_clean(*match.span())) for match in HTML_TABLE.finditer(document.text)]


def _html_regions(lines: list[Line], tables: list[tuple[tuple[int, int], tuple[int, int]]]) -> list[Region]:
    """The lines each HTML table covers; its raw span is the whole element."""
    regions = []
    starts = [line.start for line in lines]
    for raw, (start, end) in tables:
        first = bisect_right(starts, start) - 1
        last = max(first, bisect_left(starts, end) - 1)
        regions.append(Region(first, last, raw))
    return regions


def _tab_runs(text: str, lines: list[Line]) -> list[Region]:
    """Runs of two or more tab lines; blank lines and a few short untabbed lines (cell text
    wrapped onto lines of its own) may sit between them."""
    runs = _bridged_runs(lines, "tab", lambda gap: _bridgeable(text, gap))
    return [Region(first, last) for first, last, count in runs if count >= 2]


def _bridged_runs(
    lines: list[Line], kind: LineKind, bridgeable: Callable[[list[Line]], bool]
) -> list[tuple[int, int, int]]:
    """``(first, last, count)`` of each run of ``kind`` lines: two such lines belong to one run
    when the lines between them (``gap``) are ``bridgeable``; ``count`` is the number of
    ``kind`` lines in the run."""
    runs = []
    first = last = -1
    count = 0
    gap: list[Line] = []
    for index, line in enumerate(lines):
        if line.kind == kind:
            if count and not bridgeable(gap):
                runs.append((first, last, count))
                count = 0
            if not count:
                first = index
            last, count, gap = index, count + 1, []
        elif count:
            gap.append(line)
    if count:
        runs.append((first, last, count))
    return runs


def _bridgeable(text: str, gap: list[Line]) -> bool:
    """Whether the untabbed lines between two tab lines can be cell text (blank lines aside)."""
    gap = [line for line in gap if line.kind != "blank"]
    return len(gap) <= MAX_CELL_GAP_LINES and all(
        line.end - line.start <= MAX_CELL_GAP_LINE_LENGTH
        and (
            line.kind in ("text", "spaced")
            or (line.kind == "heading" and heading_level(text[line.start : line.end]) >= 4)
        )
        for line in gap
    )


def _pipe_runs(text: str, lines: list[Line]) -> list[Region]:
    """Runs of consecutive pipe rows that include a ``|---|`` separator line."""
    return [
        region
        for region in _runs(lines, "pipe")
        if any(PIPE_SEPARATOR.fullmatch(text[line.start : line.end]) for line in lines[region.first : region.last + 1])
    ]


def _spaced_runs(text: str, lines: list[Line]) -> list[Region]:
    """Runs of space-separated rows, two or more lines in all.

    Between rows may sit blank lines, page numbers, up to eight short rows
    (:func:`_is_short_row`) and any number of them indented under a later column (a cell's
    text wrapped onto the lines below). Up to six short rows right above the first row
    belong to the run (header lines and the short rows a table may open with), from the
    first of them with two or more cells; so do the short rows right below the
    last row (:func:`_is_closing_row`, such as a lone ``合计``), up to a blank line or a line
    that is not such a row.
    """
    runs = _bridged_runs(lines, "spaced", lambda gap: _bridgeable_spaced(text, gap))
    regions = []
    for first, last, count in runs:
        top = first
        while first - top < MAX_SPACED_HEADER_LINES and top > 0 and _is_short_row(text, lines[top - 1]):
            top -= 1
        while top < first and _cell_count(text, lines[top]) < 2:
            top += 1
        bottom = last
        while bottom + 1 < len(lines) and _is_closing_row(text, lines[bottom + 1]):
            bottom += 1
        if count + first - top + bottom - last >= 2:
            regions.append(Region(top, bottom))
    return regions


def _bridgeable_spaced(text: str, gap: list[Line]) -> bool:
    """Whether the lines between two space-separated rows can belong to the table: blank
    lines, page numbers and short rows (at most eight of them at the left margin)."""
    filled = [line for line in gap if line.kind not in ("blank", "page")]
    flush = [line for line in filled if not _is_indented(text, line)]
    return len(flush) <= MAX_SPACED_GAP_LINES and all(_is_short_row(text, line) for line in filled)


def _is_short_row(text: str, line: Line) -> bool:
    """A line of short cells separated by runs of spaces (``一、人员经费    二、公用经费``), a
    row that did not read as a space-separated row on its own (too few cells, or cells
    holding sentence punctuation); not a Markdown heading or a table title."""
    content = text[line.start : line.end].strip()
    return (
        line.kind in ("text", "heading")
        and _short_cells(content)
        and not MARKDOWN_HEADING.match(content)
        and not TITLE.fullmatch(content)
    )


def _is_closing_row(text: str, line: Line) -> bool:
    """A short row that may close a space-separated table: a line indented under a later
    column (wrapped cell text) or of two or more cells, or a lone cell that is not a
    heading or a sentence."""
    if not _is_short_row(text, line):
        return False
    if _is_indented(text, line) or _cell_count(text, line) >= 2:
        return True
    return line.kind == "text" and not TERMINAL.search(text[line.start : line.end])


def _is_indented(text: str, line: Line) -> bool:
    return text.startswith(INDENT, line.start)


def _cell_count(text: str, line: Line) -> int:
    return len(COLUMN_GAP.split(text[line.start : line.end].strip()))


def _short_cells(line: str) -> bool:
    """Whether every cell of ``line`` (runs of spaces between cells) is short."""
    return all(len(cell) <= MAX_SHORT_LINE for cell in COLUMN_GAP.split(line.strip()))


def _runs(lines: list[Line], kind: LineKind) -> list[Region]:
    """Runs of two or more consecutive lines of ``kind``."""
    regions = []
    first = last = -1
    count = 0
    for index, line in enumerate(lines):
        if line.kind == kind:
            if not count:
                first = index
            last, count = index, count + 1
        else:
            if count >= 2:
                regions.append(Region(first, last))
            count = 0
    if count >= 2:
        regions.append(Region(first, last))
    return regions


def _stacked_runs(text: str, lines: list[Line]) -> list[Region]:
    """A table dumped one cell per line: three or more groups of two or more short lines,
    blank lines between groups, at least a fifth of the cells numbers."""
    regions = []
    groups: list[tuple[int, int]] = []
    stacked = [_is_stacked_cell(text, line) for line in lines]
    index = 0
    while index < len(lines):
        if lines[index].kind == "blank":
            index += 1
            continue
        end = index
        while end < len(lines) and stacked[end]:
            end += 1
        if end - index >= 2:
            groups.append((index, end - 1))
        else:
            regions.extend(_stacked_region(text, lines, groups))
            groups = []
        index = max(end, index + 1)
    regions.extend(_stacked_region(text, lines, groups))
    return regions


def _is_stacked_cell(text: str, line: Line) -> bool:
    if line.kind not in ("text", "spaced"):
        return False
    cell = text[line.start : line.end].strip()
    return len(cell) <= MAX_SHORT_LINE and not TERMINAL.search(cell) and not LIST_MARKER.match(cell)


def _stacked_region(text: str, lines: list[Line], groups: list[tuple[int, int]]) -> list[Region]:
    if len(groups) < 3:
        return []
    cells = [text[line.start : line.end].strip() for first, last in groups for line in lines[first : last + 1]]
    numbers = sum(1 for cell in cells if NUMBER_CELL.fullmatch(cell))
    return [Region(groups[0][0], groups[-1][1])] if 5 * numbers >= len(cells) else []


def _unseparated_runs(text: str, lines: list[Line]) -> list[Region]:
    """A table dumped one cell per line with nothing between rows: eight or more lines in a
    row, at least a fifth of them numbers and two of them not. Inside, a cell may be long
    text or look like a heading (``一、一般公共预算财政拨款收入``); the first and last lines
    are short cells (:func:`_is_unseparated_cell`), or a short heading-like cell right
    after the table's unit or department line (the table starts there) or right before a
    blank line or the end of the text (the table ends there)."""
    regions = []
    index = 0
    while index < len(lines):
        end = index
        while end < len(lines) and lines[end].kind in ("text", "spaced", "heading"):
            end += 1
        if end - index < MIN_UNSEPARATED_CELLS:  # too short to hold a table, however trimmed
            index = max(end, index + 1)
            continue
        first, last = index, end - 1
        opens = first > 0 and lines[first - 1].kind == "note"
        closes = end == len(lines) or lines[end].kind == "blank"
        if not (opens and _is_heading_cell(text, lines[first])):
            while first <= last and not _is_unseparated_cell(text, lines[first]):
                first += 1
        if not (closes and _is_heading_cell(text, lines[last])):
            while last >= first and not _is_unseparated_cell(text, lines[last]):
                last -= 1
        cells = [text[line.start : line.end].strip() for line in lines[first : last + 1]]
        numbers = sum(1 for cell in cells if NUMBER_CELL.fullmatch(cell))
        if len(cells) >= MIN_UNSEPARATED_CELLS and 5 * numbers >= len(cells) and len(cells) - numbers >= 2:
            regions.append(Region(first, last))
        index = max(end, index + 1)
    return regions


def _is_heading_cell(text: str, line: Line) -> bool:
    """A short line that reads like a heading (``一、人员经费``, ``4.困难人员信息准确率``), not a
    Markdown heading."""
    cell = text[line.start : line.end].strip()
    return line.kind == "heading" and len(cell) <= MAX_SHORT_LINE and not MARKDOWN_HEADING.match(cell)


def _is_unseparated_cell(text: str, line: Line) -> bool:
    """A short cell that is not a heading or a sentence."""
    if line.kind not in ("text", "spaced"):
        return False
    cell = text[line.start : line.end].strip()
    return len(cell) <= MAX_SHORT_LINE and not TERMINAL.search(cell)


TABLE_DETECTORS = (_tab_runs, _pipe_runs, _spaced_runs, _stacked_runs, _unseparated_runs)


def _table_block(clean: MappedText, lines: list[Line], region: Region) -> Block:
    start, end = lines[region.first].start, lines[region.last].end
    raw = clean.to_source(start, end)
    if region.raw is not None:
        start, end = clean.to_clean(*region.raw)
        raw = region.raw
    return Block("table", raw[0], raw[1], clean.slice(start, end))


# --- headings and paragraphs --------------------------------------------------------


def _text_blocks(clean: MappedText, lines: list[Line]) -> list[Block]:
    """Headings and paragraphs of lines outside tables."""
    text = clean.text
    blocks: list[Block] = []
    paragraph: list[Line] = []
    blank_before = False
    for line in lines:
        if line.kind == "blank" or text[line.start : line.end].isspace():
            blank_before = True
            continue
        if line.kind == "heading":
            blocks.extend(_paragraph_block(clean, paragraph))
            paragraph = []
            blocks.append(_heading_block(clean, line))
        elif paragraph and _continues(text, paragraph[-1], line, blank_before):
            paragraph.append(line)
        else:
            blocks.extend(_paragraph_block(clean, paragraph))
            paragraph = [line]
        blank_before = False
    blocks.extend(_paragraph_block(clean, paragraph))
    return blocks


def _continues(text: str, previous: Line, line: Line, blank_between: bool) -> bool:
    """Whether ``line`` continues a paragraph wrapped at the end of ``previous``."""
    if previous.kind != "text" or line.kind != "text":
        return False
    before = text[previous.start : previous.end].strip()
    after = text[line.start : line.end].strip()
    if TERMINAL.search(before) or LIST_MARKER.match(after):
        return False
    return not blank_between or len(before) >= MIN_WRAPPED_LINE


def _heading_block(clean: MappedText, line: Line) -> Block:
    text = clean.text
    start, end = _content_span(text, line)
    markdown = MARKDOWN_HEADING.match(text, start, end)
    if markdown:
        start = markdown.end()
    emphasis = EMPHASIS.match(text[start:end])
    if emphasis:
        start, end = start + 2, end - 2
    raw_start, raw_end = clean.to_source(start, end)
    return Block("heading", raw_start, raw_end, clean.slice(start, end), heading_level(text[line.start : line.end]))


def _paragraph_block(clean: MappedText, lines: list[Line]) -> list[Block]:
    """The paragraph of ``lines`` (none if empty), hard line breaks removed."""
    if not lines:
        return []
    text = clean.text
    spans = [_content_span(text, line) for line in lines]
    start, end = spans[0][0], spans[-1][1]
    joins = [
        (before_end - start, after_start - start, " " if _is_ascii_word(text, before_end - 1, after_start) else "")
        for (_, before_end), (after_start, _) in pairwise(spans)
    ]
    raw_start, raw_end = clean.to_source(start, end)
    return [Block("paragraph", raw_start, raw_end, apply_replacements(clean.slice(start, end), joins))]


def _is_ascii_word(text: str, before: int, after: int) -> bool:
    """Whether a line break between these two characters separates ASCII words."""
    return text[before].isascii() and text[before].isalnum() and text[after].isascii() and text[after].isalnum()

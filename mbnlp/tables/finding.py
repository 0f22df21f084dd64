"""What a table block is called and in which unit it counts: its title, label and unit.

These are printed outside the table, on the short lines just before it (``收入决算表``,
``公开02表``, ``单位：万元``; a unit may be broken over lines, ``单位：万`` / ``元``), or
in its first rows (``编制单位：… 单位：万元``, ``公开07表 … 单位：万元``). A table block
with no title or label of its own that follows another table across only short lines
(a page number, a running head) continues that table.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..structure import Block
from .cells import compact, plain_name
from .grid import Grid, Row

LABEL = regex.compile(r"公开\s*\d+(?:\s*\.\s*\d+)?\s*表?|附?表\s*(?:\d+|[一二三四五六七八九十]+)(?![\d年.．])")
UNIT = regex.compile(r"(?:金额)?单位\s*[：:]\s*(亿\s*元|万\s*元|千\s*元|元)")
TITLE = regex.compile(r"[^，。；：:\s]{2,60}?表(?:[（(]续[）)])?")
NOT_TITLE = regex.compile(r"^(?:注|说明|备注|附件)|^(?:金额单位|单位|部门|编制单位|填报\w*)\s*[：:]")
NOTE = regex.compile(r"^\s*(?:注|说明|备注)\s*\d?\s*[：:]")
META_CELL = regex.compile(
    r"^(?:编制单位|填报单位|单位名称|部门|金额单位|单位|填报日期)\s*[：:]|^公开\s*\d+(?:\.\d+)?\s*表?$|^附?表\s*\d+$"
)
MARKDOWN = regex.compile(r"^\s*#{1,6}\s*|\*\*")
MAX_CONTEXT_BLOCKS = 8
MAX_CONTEXT_LENGTH = 80
MAX_BRIDGE_LENGTH = 40
MAX_CAPTION_LENGTH = 30
SENTENCE = regex.compile(r"[。；！？，,;!?：:]")


@dataclass(frozen=True)
class TableHeading:
    """The printed title (``收入支出决算总表``), label (``公开01表``) and unit (``万元``) of a table."""

    title: str | None = None
    label: str | None = None
    unit: str | None = None

    @property
    def names_a_table(self) -> bool:
        return self.title is not None or self.label is not None

    def filled_from(self, other: TableHeading) -> TableHeading:
        """This heading with its missing parts taken from ``other``."""
        return TableHeading(self.title or other.title, self.label or other.label, self.unit or other.unit)


def heading_before(blocks: list[Block], index: int) -> TableHeading:
    """The title, label and unit printed on the short blocks just before ``blocks[index]``.

    The search goes back until the previous table, a note (``注：``), a long paragraph
    or :data:`MAX_CONTEXT_BLOCKS` blocks; the nearest title, label and unit win.
    """
    texts = []
    for block in reversed(blocks[max(0, index - MAX_CONTEXT_BLOCKS) : index]):
        text = MARKDOWN.sub("", block.text.text).strip()
        if block.kind == "table" or NOTE.match(text) or len(text) > MAX_CONTEXT_LENGTH:
            break
        texts.append(text)
    texts.reverse()
    return read_heading(texts)


def read_heading(texts: list[str]) -> TableHeading:
    """Title, label and unit in these lines (in document order; the last one found wins)."""
    joined = "\n".join(texts)
    labels = LABEL.findall(joined)
    units = UNIT.findall(joined)
    titles = [title for title in map(_title, texts) if title]
    return TableHeading(
        title=titles[-1] if titles else None,
        label=regex.sub(r"\s", "", labels[-1]) if labels else None,
        unit=regex.sub(r"\s", "", units[-1]) if units else None,
    )


def caption_before(blocks: list[Block], index: int) -> TableHeading:
    """A short line right above the table (a heading such as ``部门整体绩效目标设立情况``)
    taken as its title when no ``…表`` title is printed."""
    if index == 0 or blocks[index - 1].kind == "table":
        return TableHeading()
    text = compact(MARKDOWN.sub("", blocks[index - 1].text.text))
    if len(text) > MAX_CAPTION_LENGTH or NOT_TITLE.match(text) or SENTENCE.search(text) or LABEL.search(text):
        return TableHeading()
    return TableHeading(title=plain_name(text) or None)


def leading_meta_rows(rows: list[Row]) -> int:
    """How many first rows only carry table meta (``编制单位：…``, ``单位：万元``, ``公开07表``)."""
    count = 0
    for row in rows:
        filled = [compact(text) for text in row.texts if compact(text)]
        if not filled or not all(META_CELL.search(text) for text in filled):
            break
        count += 1
    return count


def heading_in_rows(rows: list[Row]) -> TableHeading:
    """Title, label and unit printed in meta rows."""
    return read_heading([" ".join(row.texts) for row in rows])


def continues(previous: Grid, grid: Grid, heading: TableHeading, between: list[Block]) -> bool:
    """Whether ``grid`` continues the table ``previous`` after a page break: it has no title
    or label of its own (nor a unit, unless it repeats the header), only short paragraphs
    (page numbers, running heads) lie between, and it is no wider than the table it continues."""
    if heading.names_a_table or grid.width > previous.width:
        return False
    if heading.unit is not None and not repeated_header(previous, grid):
        return False
    return all(
        block.kind == "paragraph"
        and len(block.text.text.strip()) <= MAX_BRIDGE_LENGTH
        and not NOTE.match(block.text.text)
        for block in between
    )


def repeated_header(previous: Grid, grid: Grid) -> int:
    """How many first rows of ``grid`` repeat the first rows of ``previous`` (a header printed again)."""
    count = 0
    for before, after in zip(previous.rows, grid.rows):
        if [compact(text) for text in before.texts] != [compact(text) for text in after.texts]:
            break
        count += 1
    return count


def _title(text: str) -> str | None:
    """The table title a line prints, without its label (``表1  收支预算总表`` → ``收支预算总表``)."""
    line = compact(LABEL.sub(" ", text))
    line = plain_name(line)
    if NOT_TITLE.match(line) or not TITLE.fullmatch(line):
        return None
    return line

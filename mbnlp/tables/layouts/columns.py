"""Columns of a space-aligned table, from where its cells sit on the page.

Positions are display columns: a Chinese (wide) character counts two, as in the
monospaced text PDF extraction writes. Cells of one column overlap from line to line
(labels share their left edge, amounts their right edge), so the columns are the
overlapping groups of cells. A cell that overlaps two or more cells of another line (a
header spanning several columns) takes no part in finding the columns; it is put in the
first column it covers, or split at single spaces when its words sit over different
columns (``科目编码 科目名称``).
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

Span = tuple[int, int]


@dataclass(frozen=True)
class Token:
    """A cell of a space-aligned line: its text, its span in the block text and its
    display columns ``[left, right)``."""

    text: str
    start: int
    end: int
    left: int
    right: int


def display_width(text: str) -> int:
    """Columns ``text`` takes in monospaced print: wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def join_gaps_inside_columns(lines: Sequence[Sequence[Token]], text: str) -> list[list[Token]]:
    """``lines`` (tokens left to right) with two neighbouring tokens of a line made one where
    the gap between them lies inside a column: more other lines print one token across the
    gap than print a token on each side of it (a cell whose text holds a run of spaces,
    among lines of wrapped text). A header over two columns prints across the gap between
    them on its own line, the rows below it print a cell on each side, so those columns
    stay apart. ``text`` is the text the tokens' offsets refer to."""
    edges = [([token.left for token in tokens], [token.right for token in tokens]) for tokens in lines]
    joined = []
    for index, tokens in enumerate(lines):
        others = [edge for at, edge in enumerate(edges) if at != index]
        kept: list[Token] = []
        for token in tokens:
            if kept and _gap_inside_column(kept[-1], token, others):
                first = kept.pop()
                token = Token(text[first.start : token.end], first.start, token.end, first.left, token.right)
            kept.append(token)
        joined.append(kept)
    return joined


def _gap_inside_column(first: Token, second: Token, others: Sequence[tuple[Sequence[int], Sequence[int]]]) -> bool:
    """Whether more lines (their tokens' left and right edges) print a token across the gap
    between ``first`` and ``second`` than print one token over each."""
    across = apart = 0
    for lefts, rights in others:
        near = range(bisect_right(rights, first.left), bisect_left(lefts, second.right))
        if any(lefts[at] < first.right and second.left < rights[at] for at in near):
            across += 1
        elif any(rights[at] <= second.left for at in near) and any(lefts[at] >= first.right for at in near):
            apart += 1
    return across > apart


def find_columns(lines: Sequence[Sequence[Token]]) -> list[Span]:
    """The display spans of the table's columns, left to right (``lines`` hold their tokens
    left to right)."""
    edges = [([token.left for token in tokens], [token.right for token in tokens]) for tokens in lines]
    spans = sorted(
        (token.left, token.right)
        for index, tokens in enumerate(lines)
        for token in tokens
        if not any(
            _overlap_count(token, lefts, rights) >= 2 for other, (lefts, rights) in enumerate(edges) if other != index
        )
    )
    columns: list[Span] = []
    for left, right in spans:
        if columns and left < columns[-1][1]:
            columns[-1] = (columns[-1][0], max(columns[-1][1], right))
        else:
            columns.append((left, right))
    return columns


def _overlap_count(token: Token, lefts: Sequence[int], rights: Sequence[int]) -> int:
    """How many tokens of a line (their left and right edges, in order) ``token`` overlaps."""
    return bisect_left(lefts, token.right) - bisect_right(rights, token.left)


def column_of(span: Span, columns: Sequence[Span]) -> int:
    """The first column ``span`` overlaps, or the nearest one."""
    for index, column in enumerate(columns):
        if overlaps(span, column):
            return index
    return min(range(len(columns)), key=lambda index: _distance(span, columns[index]))


def _distance(span: Span, column: Span) -> int:
    return max(column[0] - span[1], span[0] - column[1], 0)

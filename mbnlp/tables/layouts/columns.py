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
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise

import numpy as np

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
    votes = _GapVotes(lines)
    joined = []
    for index, tokens in enumerate(lines):
        kept: list[Token] = []
        for token in tokens:
            if kept and votes.inside_column(kept[-1], token, index):
                first = kept.pop()
                token = Token(text[first.start : token.end], first.start, token.end, first.left, token.right)
            kept.append(token)
        joined.append(kept)
    return joined


class _GapVotes:
    """How many lines print a token across a gap, and how many a token on each side of it.

    The edges of all lines are arrays (one row per line, padded with a token that overlaps
    nothing), so one gap is weighed against every line at once; the counts over all lines
    are kept per gap position, and a line's own vote is taken off them."""

    def __init__(self, lines: Sequence[Sequence[Token]]) -> None:
        width = max((len(tokens) for tokens in lines), default=0)
        big = max((token.right for tokens in lines for token in tokens), default=0) + 1
        self.lefts = np.full((len(lines), width), big, dtype=np.int64)
        self.rights = np.full((len(lines), width), -big, dtype=np.int64)
        for row, tokens in enumerate(lines):
            self.lefts[row, : len(tokens)] = [token.left for token in tokens]
            self.rights[row, : len(tokens)] = [token.right for token in tokens]
        self._totals: dict[tuple[int, int, int, int], tuple[int, int]] = {}

    def inside_column(self, first: Token, second: Token, line: int) -> bool:
        """Whether more lines other than ``line`` print a token across the gap between ``first``
        and ``second`` than print one token over each."""
        gap = (first.left, first.right, second.left, second.right)
        if gap not in self._totals:
            across, apart = self._votes(gap, self.lefts, self.rights)
            self._totals[gap] = int(across.sum()), int(apart.sum())
        across_all, apart_all = self._totals[gap]
        across, apart = self._votes(gap, self.lefts[line : line + 1], self.rights[line : line + 1])
        return across_all - int(across[0]) > apart_all - int(apart[0])

    @staticmethod
    def _votes(gap: tuple[int, int, int, int], lefts: np.ndarray, rights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per line: a token across the gap; else a token on each side of it."""
        left, first_right, second_left, right = gap
        near = (rights > left) & (lefts < right)
        across = (near & (lefts < first_right) & (rights > second_left)).any(axis=1)
        before = (near & (rights <= second_left)).any(axis=1)
        after = (near & (lefts >= first_right)).any(axis=1)
        return across, ~across & before & after


def find_columns(lines: Sequence[Sequence[Token]]) -> list[Span]:
    """The display spans of the table's columns, left to right (``lines`` hold their tokens
    left to right)."""
    crosses = _gap_crossings(lines)
    spans = sorted((token.left, token.right) for tokens in lines for token in tokens if not crosses(token))
    columns: list[Span] = []
    for left, right in spans:
        if columns and left < columns[-1][1]:
            columns[-1] = (columns[-1][0], max(columns[-1][1], right))
        else:
            columns.append((left, right))
    return columns


def _gap_crossings(lines: Sequence[Sequence[Token]]) -> Callable[[Token], bool]:
    """Whether a token overlaps two or more tokens of another line, that is, reaches over the gap
    between two neighbouring tokens of a line (no gap of its own line: tokens do not overlap).

    Gaps ``(start, end)`` sorted by start, with the least end from each on, answer in log time."""
    gaps = sorted((before.right, after.left) for tokens in lines for before, after in pairwise(tokens))
    starts = [start for start, _ in gaps]
    least_end = list(accumulate(reversed([end for _, end in gaps]), min))[::-1]

    def crosses(token: Token) -> bool:
        at = bisect_right(starts, token.left)
        return at < len(gaps) and least_end[at] < token.right

    return crosses


def column_of(span: Span, columns: Sequence[Span]) -> int:
    """The first column ``span`` overlaps, or the nearest one."""
    for index, column in enumerate(columns):
        if overlaps(span, column):
            return index
    return min(range(len(columns)), key=lambda index: _distance(span, columns[index]))


def _distance(span: Span, column: Span) -> int:
    return max(column[0] - span[1], span[0] - column[1], 0)

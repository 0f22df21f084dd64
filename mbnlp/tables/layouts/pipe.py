"""Markdown pipe tables: ``| a | b |`` rows, a ``|---|---|`` line under the header.

The separator line is dropped; outer pipes are optional; an escaped ``\\|`` stays in the
cell. ``**bold**`` around a whole cell is removed (offsets on the text inside).
"""

from __future__ import annotations

from itertools import pairwise

import regex

from ...structure import Block
from ...text import MappedText
from ..grid import Grid, Row
from .cells import cell_at, is_blank, line_spans, strip_span

SEPARATOR_CELL = regex.compile(r"\s*(?::?-{3,}:?|:-+:?|-+:)\s*")
PIPE = regex.compile(r"\|")
BOLD = regex.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")


def read_pipe(block: Block) -> Grid:
    """The grid of a pipe table block."""
    view = block.text
    rows = []
    separator_seen = False
    for start, end in line_spans(view.text):
        if is_blank(view.text[start:end]):
            continue
        bounds = cell_bounds(view, start, end)
        if not separator_seen and all(SEPARATOR_CELL.fullmatch(view.text[a:b]) for a, b in bounds):
            separator_seen = True
            continue
        cells = [cell_at(view, *_unbolded(view.text, a, b)) for a, b in bounds]
        rows.append(Row(cells, *view.to_source(*strip_span(view.text, start, end))))
    return Grid(rows, "pipe", block.start, block.end)


def cell_bounds(view: MappedText, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the cells of a pipe row: between unescaped pipes, outer pipes optional."""
    pipes = [found.start() for found in PIPE.finditer(view.text, start, end) if not _escaped(view, found.start())]
    start, end = strip_span(view.text, start, end)
    if not pipes or pipes[0] != start:
        pipes.insert(0, start - 1)
    if not pipes or pipes[-1] != end - 1:
        pipes.append(end)
    return [(left + 1, right) for left, right in pairwise(pipes)]


def _escaped(view: MappedText, index: int) -> bool:
    """Whether the pipe at ``index`` was written ``\\|`` (the cleaned view drops the backslash)."""
    start, end = view.to_source(index, index + 1)
    return end - start > 1


def _unbolded(text: str, start: int, end: int) -> tuple[int, int]:
    """The span inside ``**…**`` when bold wraps the whole cell."""
    start, end = strip_span(text, start, end)
    if BOLD.fullmatch(text, start, end):
        return start + 2, end - 2
    return start, end

"""Cells from spans of a table block's analysis text, traced to the raw text.

A table block's ``text`` is a :class:`MappedText` (the cleaned view of the region);
every span taken from it is mapped back with ``to_source``, so cell offsets always
refer to ``Document.text``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...text import MappedText
from ..grid import Cell
from .kinds import cell_kind


def line_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every line of ``text``, line breaks excluded."""
    spans = []
    start = 0
    while (end := text.find("\n", start)) >= 0:
        spans.append((start, end))
        start = end + 1
    spans.append((start, len(text)))
    return spans


def is_blank(text: str) -> bool:
    """Whether a line holds nothing but spaces (a tab counts as content: it is a cell)."""
    return not text.strip(" \u3000\xa0\r\f\v")


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` narrowed to leave out outer whitespace (a point at ``start`` if blank)."""
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return start, start
    start += len(piece) - len(piece.lstrip())
    return start, start + len(stripped)


def cell_at(view: MappedText, start: int, end: int) -> Cell:
    """The cell holding ``view.text[start:end]``: outer whitespace stripped, offsets of the
    rest in the raw text (a point at ``start`` for an empty cell)."""
    text = view.text
    start, end = strip_span(text, start, end)
    return Cell(text[start:end], *view.to_source(start, end))


def joined_cell(view: MappedText, spans: Sequence[tuple[int, int]]) -> Cell:
    """One cell from several pieces of ``view.text`` (a cell wrapped over lines): each piece
    stripped, empty pieces dropped, the rest joined by :func:`join_texts`; the offsets run
    from the first piece kept to the last."""
    kept = [span for span in (strip_span(view.text, *span) for span in spans) if span[0] < span[1]]
    if not kept:
        return cell_at(view, spans[0][0], spans[0][0])
    text = join_texts([view.text[start:end] for start, end in kept])
    start, _ = view.to_source(*kept[0])
    _, end = view.to_source(*kept[-1])
    return Cell(text, start, end)


def join_texts(pieces: Sequence[str]) -> str:
    """Wrapped pieces of one text joined: no separator, except a space between two ASCII
    letters (a wrapped English phrase); digits join up (a wrapped number)."""
    joined = ""
    for piece in pieces:
        if joined and _ascii_letter(joined[-1]) and _ascii_letter(piece[0]):
            joined += " "
        joined += piece
    return joined


def combined(first: Cell, second: Cell) -> Cell:
    """``first`` continued by ``second`` (a cell broken over two lines)."""
    if not second.text:
        return first
    if not first.text:
        return second
    return Cell(join_texts([first.text, second.text]), first.start, second.end)


def empty_cell(position: int) -> Cell:
    """An empty cell, a point at raw offset ``position``."""
    return Cell("", position, position)


def mark_read_as_empty(cell: Cell) -> Cell:
    """``cell``, or an empty cell at its start when it holds only an empty mark (``—``,
    ``-``, ``/``)."""
    return empty_cell(cell.start) if cell.text and cell_kind(cell.text) == "blank" else cell


def _ascii_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()

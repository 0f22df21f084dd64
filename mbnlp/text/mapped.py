"""Text derived from a source text, with a compact map back to source offsets.

A :class:`MappedText` is an immutable string plus a sorted list of *edits*
``(clean_start, clean_end, source_start, source_end)``: each edit says that the
characters ``text[clean_start:clean_end]`` replaced ``source[source_start:source_end]``
(either side may be empty: an empty clean side is a deletion, an empty source side
an insertion). Between edits, offsets shift by a constant, so the map costs four
integers per edit, not one per character.

Mapping rules of :meth:`MappedText.to_source`:

* a span that covers part of a replaced region maps to the whole replaced region;
* a span never takes in a deletion that only touches its boundary (``<b>X</b>``
  cleaned to ``X`` maps ``X`` back to the raw ``X`` alone);
* an empty span maps to a point.

Equal-length, character-for-character substitutions need no edit.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

Edit = tuple[int, int, int, int]
Replacement = tuple[int, int, str]


class MappedText:
    """An immutable text with a map from its offsets to offsets in a source text."""

    __slots__ = ("_text", "_cs", "_ce", "_ss", "_se", "_base")

    def __init__(self, text: str, edits: Iterable[Edit] = (), base: int = 0) -> None:
        """Wrap ``text``; ``edits`` sorted in text order; ``base`` is the source offset of
        text offset 0 when no edit comes first."""
        self._text = text
        self._cs, self._ce, self._ss, self._se = (array("q") for _ in range(4))
        for clean_start, clean_end, source_start, source_end in edits:
            self._cs.append(clean_start)
            self._ce.append(clean_end)
            self._ss.append(source_start)
            self._se.append(source_end)
        self._base = base

    @classmethod
    def identity(cls, text: str) -> MappedText:
        """``text`` mapped onto itself."""
        return cls(text)

    @property
    def text(self) -> str:
        """The derived text."""
        return self._text

    @property
    def edits(self) -> list[Edit]:
        """The edits, in text order."""
        return list(zip(self._cs, self._ce, self._ss, self._se))

    def __len__(self) -> int:
        return len(self._text)

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        preview = self._text if len(self._text) <= 40 else self._text[:37] + "..."
        return f"MappedText({preview!r}, edits={len(self._cs)}, base={self._base})"

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map the span ``text[start:end]`` to the source span it came from."""
        _check_span(start, end, len(self._text))
        if not self._cs:  # no edit: a constant shift (what _map_span gives for an empty map)
            return start + self._base, end + self._base
        return _map_span(start, end, self._cs, self._ce, self._ss, self._se, self._base)

    def to_clean(self, start: int, end: int) -> tuple[int, int]:
        """Map a source span to the span of ``text`` derived from it (the inverse map)."""
        if start < 0 or end < start:
            raise ValueError(f"invalid span ({start}, {end})")
        return _map_span(start, end, self._ss, self._se, self._cs, self._ce, -self._base)

    def slice(self, start: int, end: int) -> MappedText:
        """``text[start:end]`` as a MappedText that still maps to the same source."""
        _check_span(start, end, len(self._text))
        if not self._cs:
            return MappedText(self._text[start:end], base=start + self._base)
        first = bisect_right(self._ce, start)
        last = bisect_left(self._cs, end)
        edits = [
            (max(cs, start) - start, min(ce, end) - start, ss, se)
            for cs, ce, ss, se in zip(
                self._cs[first:last], self._ce[first:last], self._ss[first:last], self._se[first:last]
            )
            if cs < ce or start < cs < end
        ]
        shift = self._base if first == 0 else self._se[first - 1] - self._ce[first - 1]
        return MappedText(self._text[start:end], edits, base=start + shift)


def apply_replacements(mapped: MappedText, replacements: Iterable[Replacement]) -> MappedText:
    """Replace ``mapped.text[start:end]`` by ``new`` for each ``(start, end, new)``.

    Replacements must be sorted and must not overlap. The result maps to the source of
    ``mapped`` (maps compose). A replacement of equal length is taken as a
    character-for-character substitution and records no edit.
    """
    text = mapped.text
    pieces: list[str] = []
    new_edits: list[Edit] = []  # (clean_start, clean_end, mid_start, mid_end)
    position = 0
    length = 0
    for start, end, new in replacements:
        if start < position or end < start or end > len(text):
            raise ValueError(f"replacement ({start}, {end}) is out of order or out of range")
        pieces.append(text[position:start])
        length += start - position
        pieces.append(new)
        if len(new) != end - start:
            new_edits.append((length, length + len(new), start, end))
        length += len(new)
        position = end
    pieces.append(text[position:])
    return MappedText("".join(pieces), _compose(mapped, new_edits), base=mapped._base)


def _compose(first: MappedText, second: Sequence[Edit]) -> list[Edit]:
    """Edits of (new text → source) from ``second`` (new text → ``first.text``) and ``first``.

    Overlapping edits of the two maps (in ``first.text`` offsets) merge into one edit.
    """
    if not first._cs:
        return [(cs, ce, ms + first._base, me + first._base) for cs, ce, ms, me in second]
    if not second:
        return first.edits
    items = sorted(
        [(ms, me, 0, i) for i, (ms, me) in enumerate(zip(first._cs, first._ce))]
        + [(ms, me, 1, i) for i, (_, _, ms, me) in enumerate(second)]
    )
    new_starts, new_ends, mid_starts, mid_ends = (array("q", column) for column in zip(*second, strict=True))

    composed: list[Edit] = []
    index = 0
    while index < len(items):
        low, high, kind, which = items[index]
        kinds = {kind}
        index += 1
        while index < len(items) and _overlaps(low, high, items[index][0], items[index][1]):
            high = max(high, items[index][1])
            kinds.add(items[index][2])
            index += 1
        source = (first._ss[which], first._se[which]) if kinds == {0} else first.to_source(low, high)
        new = second[which][:2] if kinds == {1} else _map_span(low, high, mid_starts, mid_ends, new_starts, new_ends, 0)
        composed.append((*new, *source))
    return composed


def _overlaps(low: int, high: int, start: int, end: int) -> bool:
    """Whether ``[start, end)`` (starting at or after ``low``) overlaps the group ``[low, high)``."""
    if start < end:
        return start < high
    return low < start < high


def _map_span(start: int, end: int, a_starts, a_ends, b_starts, b_ends, base: int) -> tuple[int, int]:
    """Map a span from side a to side b of a list of edits (an empty span to a point)."""
    mapped_start = _map_start(start, a_starts, a_ends, b_starts, b_ends, base)
    if start == end:
        return mapped_start, mapped_start
    return mapped_start, _map_end(end, a_starts, a_ends, b_starts, b_ends, base)


def _map_start(pos: int, a_starts, a_ends, b_starts, b_ends, base: int) -> int:
    """Map a span start from side a to side b; deletions ending at ``pos`` are skipped."""
    after = bisect_right(a_ends, pos)
    if after < len(a_ends) and a_starts[after] <= pos:
        return b_starts[after]
    if after == 0:
        return pos + base
    return pos - a_ends[after - 1] + b_ends[after - 1]


def _map_end(pos: int, a_starts, a_ends, b_starts, b_ends, base: int) -> int:
    """Map a span end from side a to side b; deletions starting at ``pos`` are left out."""
    at = bisect_left(a_ends, pos)
    if at < len(a_ends) and a_starts[at] < pos:
        return b_ends[at]
    if at == 0:
        return pos + base
    return pos - a_ends[at - 1] + b_ends[at - 1]


def _check_span(start: int, end: int, length: int) -> None:
    if not 0 <= start <= end <= length:
        raise ValueError(f"span ({start}, {end}) is outside the text of length {length}")

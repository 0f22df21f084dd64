"""Which value columns of a table add up to which: the row identities its header declares,
and the measure each column reports.

Header labels are paths (``本年支出/基本支出``). Under each node of that tree, the one child
whose label names a total (合计, 小计, 总计, …合计, …总额) is the sum of its siblings; a
sibling that is itself a subtree counts through its own total (or its only column). Columns
no row prints are left out (they carry nothing), as are ``其中：`` columns (part of the
column before them), rates (…率, %) and unlabelled columns. A node with two total children
is ambiguous — the header was misread or is unusual — and declares nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..tables.cells import compact

TOTAL_LABEL = regex.compile(r"(?:合计|小计|总计|总额)$")
PART_OF = regex.compile(r"^其中")
RATE = regex.compile(r"率|%|％")


@dataclass(frozen=True)
class RowIdentity:
    """``total`` = Σ ``parts`` in every row (column indices); ``node`` is the header path above them."""

    total: int
    parts: list[int]
    node: str


@dataclass(frozen=True)
class Ambiguity:
    """A header node with more than one total column."""

    node: str
    totals: list[str]


def row_identities(labels: dict[int, str]) -> tuple[list[RowIdentity], list[Ambiguity]]:
    """The identities the header paths ``labels`` (column index → merged label) declare."""
    paths = {index: [compact(part) for part in label.split("/")] for index, label in labels.items() if label.strip()}
    paths = {index: path for index, path in paths.items() if not PART_OF.match(path[-1]) and not RATE.search(path[-1])}
    identities: list[RowIdentity] = []
    ambiguities: list[Ambiguity] = []
    _visit([], paths, identities, ambiguities)
    return identities, ambiguities


def measure_of(label: str, blocks: int) -> str:
    """The measure a column reports: its label, or in a table of several blocks side by side
    (人员经费 | 公用经费) its last part, which the blocks share (``决算数``)."""
    return compact(label.split("/")[-1]) if blocks > 1 else compact(label)


def _visit(
    prefix: list[str], paths: dict[int, list[str]], identities: list[RowIdentity], ambiguities: list[Ambiguity]
) -> None:
    depth = len(prefix)
    below = {index: path for index, path in paths.items() if path[:depth] == prefix and len(path) > depth}
    children = list(dict.fromkeys(path[depth] for path in below.values()))
    leaves = {path[depth]: index for index, path in below.items() if len(path) == depth + 1}
    subtrees = {path[depth] for path in below.values() if len(path) > depth + 1}
    for name in children:
        if name in subtrees:
            _visit([*prefix, name], paths, identities, ambiguities)
    totals = [name for name in children if name in leaves and name not in subtrees and TOTAL_LABEL.search(name)]
    if len(totals) > 1:
        ambiguities.append(Ambiguity("/".join(prefix), totals))
        return
    if not totals:
        return
    parts = []
    for name in children:
        if name == totals[0]:
            continue
        if name in subtrees and name in leaves:
            return
        column = leaves.get(name) if name not in subtrees else _node_total([*prefix, name], paths)
        if column is None:
            return
        parts.append(column)
    if parts:
        identities.append(RowIdentity(leaves[totals[0]], parts, "/".join(prefix)))


def _node_total(prefix: list[str], paths: dict[int, list[str]]) -> int | None:
    """The column standing for a subtree: its only column, or its one total leaf."""
    depth = len(prefix)
    below = {index: path for index, path in paths.items() if path[:depth] == prefix and len(path) > depth}
    if len(below) == 1:
        return next(iter(below))
    totals = [index for index, path in below.items() if len(path) == depth + 1 and TOTAL_LABEL.search(path[-1])]
    return totals[0] if len(totals) == 1 else None

"""Read again a header printed out of step with its numbered (栏次) columns.

Some flattenings keep the order of the header labels but not their cells: a label lands
a cell or more left or right of its column while the 栏次 row (1, 2, 3 … over the amount
columns) and the data stay in place. Read as printed, such a header puts a label under
a total (``本年支出/合计/项目支出``) — no header does, a total column has no
sub-columns — or over empty columns past the last numbered one. Such a header is read
again on the numbered columns, by the order of its labels (:func:`anchored_paths`):

* the top row keeps its cells; each of its labels must sit on a numbered column and
  groups the columns up to the next one (``本年支出`` over 栏次 7–11); a group of one
  column is named by its top label alone;
* the columns of the wider groups are named by the lower row with the most labels, its
  labels in order, then by the rows below it in order (labels of the code and name
  columns, ``科目名称``, are not column names);
* a label of the rows in between names a column of its own group when it equals the
  column's name or begins it (a cell merged down, a wrapped label); any other one is
  the parent of a subtotal: a 小计 that is not the first column of its group goes under
  the nearest such label, together with the columns after it up to the next named one
  or the end of the group (``本年支出/基本支出/小计 · 人员经费 · 公用经费``).

The new reading is kept only when it is in step itself; the code and name columns keep
their printed labels.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from .cells import is_total_label
from .grid import Row
from .header import label_paths, row_labels

SUBTOTAL = "小计"
KEY_LABEL = regex.compile(r"编码|代码|名称")
Placed = list[tuple[int, str]]


def anchored_paths(header: list[Row], data: list[Row], numbers: list[int], width: int) -> list[list[str]]:
    """For each of ``width`` columns its header labels, top to bottom, re-anchored on the
    numbered columns at ``numbers`` when the printed header is out of step with them."""
    paths = label_paths(header, width)
    numbers = [number for number in numbers if number < width]
    if len(numbers) < 2 or len(header) < 2:
        return paths
    unused = _unused(paths, data, numbers)
    if in_step(paths, unused):
        return paths
    anchored = _reanchored([row_labels(row, width) for row in header], numbers)
    if anchored is None or not in_step(list(anchored.values())):
        return paths
    return [anchored.get(column, [] if column in unused else paths[column]) for column in range(width)]


def in_step(paths: list[list[str]], unused: Sequence[int] = ()) -> bool:
    """Whether no column has a label under a total (合计, 小计 …) and none of the ``unused``
    columns has a label."""
    return not any(is_total_label(label) for path in paths for label in path[:-1]) and not any(
        paths[column] for column in unused
    )


def _unused(paths: list[list[str]], data: list[Row], numbers: list[int]) -> list[int]:
    """The columns past the last numbered one that hold no data."""
    return [
        column
        for column in range(numbers[-1] + 1, len(paths))
        if not any(column < len(row.cells) and row.cells[column].text for row in data)
    ]


def _reanchored(grid: list[list[str]], numbers: list[int]) -> dict[int, list[str]] | None:
    """The label path of each numbered column, read by order; None when the labels do not fit."""
    groups = _groups(grid[0], numbers)
    lower = [_column_names(row, numbers[0]) for row in grid[1:]]
    if groups is None or not any(lower):
        return None
    naming = max(range(len(lower)), key=lambda index: len(lower[index]))
    labels = [label for row in lower[naming:] for _, label in row]
    wide = [position for position in numbers if list(groups.values()).count(groups[position]) > 1]
    if len(labels) > len(wide):
        return None
    names = dict(zip(wide, labels))
    parents = _parents([placed for row in lower[:naming] for placed in row], names, groups, numbers)
    return {
        position: _path([groups[position][1], parents.get(position, ""), names.get(position, "")])
        for position in numbers
    }


def _column_names(labels: list[str], first: int) -> Placed:
    """The labels of a lower header row from the first numbered column on, without the labels
    of code and name columns (``科目名称``), with their positions."""
    return [
        (position, label)
        for position, label in enumerate(labels)
        if label and position >= first and not KEY_LABEL.search(label)
    ]


def _path(labels: list[str]) -> list[str]:
    """The non-empty labels, a label repeated right under itself once."""
    path: list[str] = []
    for label in labels:
        if label and (not path or path[-1] != label):
            path.append(label)
    return path


def _groups(top: list[str], numbers: list[int]) -> dict[int, tuple[int, str]] | None:
    """For each numbered column, the top label over it and where that label starts; None when
    a top label sits off the numbered columns (the top row is out of step too)."""
    groups: dict[int, tuple[int, str]] = {}
    current = (numbers[0], "")
    for position in range(numbers[0], len(top)):
        if top[position]:
            if position not in numbers:
                return None
            current = (position, top[position])
        if position in numbers:
            groups[position] = current
    return groups


def _parents(
    upper: Placed, names: dict[int, str], groups: dict[int, tuple[int, str]], numbers: list[int]
) -> dict[int, str]:
    """The parent label of each column under one (the subtotals and the parts after them)."""

    def group_of(position: int) -> int:
        return groups[max((number for number in numbers if number <= position), default=numbers[0])][0]

    def members(group: int) -> list[int]:
        return [position for position in numbers if groups[position][0] == group]

    named: set[int] = set()
    candidates: Placed = []
    for position, label in upper:
        same = [column for column in members(group_of(position)) if names.get(column, "").startswith(label)]
        if same:
            named.add(min(same, key=lambda column: abs(column - position)))
        else:
            candidates.append((position, label))
    parents: dict[int, str] = {}
    for position in numbers:
        group = members(groups[position][0])
        if names.get(position) != SUBTOTAL or position == group[0] or not candidates:
            continue
        parent = min(candidates, key=lambda candidate: abs(candidate[0] - position))
        candidates.remove(parent)
        for column in group[group.index(position) :]:
            if column != position and column in named:
                break
            parents[column] = parent[1]
    return parents

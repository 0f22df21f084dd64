"""The classification code of each row of a statement table, and printed codes that do not fit.

A row's code in a block is printed in its code column, or split over 类 | 款 | 项 columns
(a part printed alone under 款 or 项 continues the code above it).

A printed code does not fit its row when the classification does not know it, or knows
it under another name than the row prints (compared without spaces, bracket widths,
quotes and level marks; aliases count), and the printed name is the name of some code:
that code is suggested, the one closest to the codes of the neighbouring rows of the
block first (``20921`` 文物和陈列品购置 between 30919 and 30922 → ``30921``). A row that
prints a code only is not judged.
"""

from __future__ import annotations

from functools import lru_cache

from ..classification import lookup, name_matches, normalise_code, suggest_code
from .cells import CACHE_SIZE, plain_name
from .model import Column, ReconstructedTable, TableRow

Block = int


def row_codes(columns: list[Column], rows: list[TableRow]) -> list[dict[Block, str | None]]:
    """For each row, the code of each block (None where the block prints none)."""
    groups = sorted({column.group for column in columns})
    code_columns = {
        group: [index for index, column in enumerate(columns) if column.group == group and column.role == "code"]
        for group in groups
    }
    codes = []
    previous: dict[Block, str | None] = {group: None for group in groups}
    for row in rows:
        found = {}
        for group in groups:
            parts = [row.cells[index].text.strip() for index in code_columns[group]]
            found[group] = _joined(parts, previous[group])
            previous[group] = found[group] or previous[group]
        codes.append(found)
    return codes


def flag_codes(table: ReconstructedTable) -> None:
    """Set ``suggested_codes`` on the rows of ``table`` whose printed code does not fit, and
    add a note for each (in place)."""
    codes = row_codes(table.columns, table.rows)
    for group in sorted({column.group for column in table.columns}):
        names = [index for index, column in enumerate(table.columns) if column.group == group and column.role == "name"]
        if not names:
            continue
        coded = [(number, codes[number][group]) for number in range(len(table.rows)) if codes[number][group]]
        for place, (number, code) in enumerate(coded):
            name = plain_name(table.rows[number].cells[names[0]].text)
            neighbours = [other for _, other in coded[max(0, place - 1) : place] + coded[place + 1 : place + 2]]
            suggested = suggested_code(code, name, neighbours)
            if suggested is not None:
                table.rows[number].suggested_codes[group] = suggested
                table.notes.append(f"code {code} does not fit its name {name}: the classification gives {suggested}")


def suggested_code(code: str, name: str, neighbours: list[str]) -> str | None:
    """The code the classification gives for ``name`` when the printed ``code`` does not fit it,
    the closest to the first of ``neighbours`` (the codes printed before and after) first."""
    if not name or _known_as(code, name):
        return None
    candidates = suggest_code(name, near=neighbours[0] if neighbours else code)
    return candidates[0] if candidates else None


@lru_cache(maxsize=CACHE_SIZE)
def _known_as(code: str, name: str) -> bool:
    """Whether the classification knows ``code`` by ``name`` (asked again for the same lines in table after table)."""
    return lookup(code) is not None and name_matches(code, name)


def _joined(parts: list[str], previous: str | None) -> str | None:
    """The code of one block from its code cells (one, or 类 | 款 | 项)."""
    code = previous or ""
    found = False
    for depth, part in enumerate(parts):
        if part:
            code = (code[: 3 + 2 * (depth - 1)] if depth else "") + part
            found = True
    return normalise_code(code) if found else None

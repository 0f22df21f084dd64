"""Questions about codes: what a code is, its parent and children, whether a printed
name fits it, and which codes a name belongs to.

A code's kind follows its first digit (2 functional, 3 economic; see :mod:`.codes`).
Without ``year`` the current name is used (the last one for a code no longer in use,
so codes of older documents are still recognised); with ``year`` the name in force
in that budget year, and None where the code did not exist then.
"""

from __future__ import annotations

from .codes import kind_of, normalise_code, parent_code
from .data import NamedPeriod, Subject, classification
from .names import comparable_name


def _period(code: str, year: int | None) -> NamedPeriod | None:
    periods = classification().periods.get(code, [])
    if year is not None:
        return next((period for period in reversed(periods) if period.covers(year)), None)
    return next((period for period in periods if period.is_current), periods[-1] if periods else None)


def lookup(code: str, *, kind: str | None = None, year: int | None = None) -> Subject | None:
    """The subject ``code`` stands for (``"201 06 01"`` is read as ``"2010601"``), or None.

    ``kind`` (``"functional"``/``"economic"``) must agree with the code's first digit.
    """
    normalised = normalise_code(code)
    if normalised is None or (kind is not None and kind_of(normalised) != kind):
        return None
    period = _period(normalised, year)
    return period.subject if period else None


def parent(code: str, *, year: int | None = None) -> Subject | None:
    """The subject one level up (the 款 of a 项, the 类 of a 款); None for a 类."""
    above = parent_code(code)
    return lookup(above, year=year) if above else None


def children(code: str, *, year: int | None = None) -> list[Subject]:
    """The subjects one level down, in code order: those in use in ``year``, or now."""
    normalised = normalise_code(code)
    if normalised is None:
        return []
    found = []
    for child in classification().periods:
        if len(child) == len(normalised) + 2 and child.startswith(normalised):
            period = _period(child, year)
            if period is not None and (year is not None or period.is_current):
                found.append(period.subject)
    return sorted(found, key=lambda subject: subject.code)


def name_matches(code: str, name: str, year: int | None = None) -> bool:
    """Whether ``name`` is a name of ``code``: its name in ``year`` (any of its names when
    ``year`` is None) or a known alias, compared ignoring spaces, bracket widths, quotes
    and a trailing level marker.
    """
    normalised = normalise_code(code)
    data = classification()
    if normalised is None or normalised not in data.periods:
        return False
    periods = data.periods[normalised]
    names = [period.subject.name for period in periods if year is None or period.covers(year)]
    if not names:
        return False
    wanted = comparable_name(name)
    return any(comparable_name(known) == wanted for known in names + data.aliases.get(normalised, []))


def suggest_code(name: str, near: str | None = None) -> list[str]:
    """The codes one of whose names or aliases is ``name``, closest to ``near`` first.

    Closest means the longest common prefix with ``near``, then the fewest differing
    digits, so a row printed as ``20921`` 文物和陈列品购置 among 309xx rows suggests
    ``30921`` before ``31021``. Without ``near`` the codes are in code order.
    """
    codes = classification().codes_by_name.get(comparable_name(name), set())
    if near is None:
        return sorted(codes)
    return sorted(codes, key=lambda code: (-_common_prefix(code, near), _differing_digits(code, near), code))


def _common_prefix(code: str, other: str) -> int:
    length = 0
    for mine, theirs in zip(code, other):
        if mine != theirs:
            break
        length += 1
    return length


def _differing_digits(code: str, other: str) -> int:
    return sum(mine != theirs for mine, theirs in zip(code, other)) + abs(len(code) - len(other))

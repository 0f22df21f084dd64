"""The classification tables shipped as package data, read once.

``data/functional.tsv`` and ``data/economic.tsv`` hold one row per name a code has
had (columns ``code name level since until note``; ``since``/``until`` are the first
and last budget years of that name, empty when open or unknown); ``data/aliases.tsv``
holds other spellings documents print (``code alias note``).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from .codes import KINDS
from .names import comparable_name

FILES: dict[str, str] = {"functional": "functional.tsv", "economic": "economic.tsv"}


@dataclass(frozen=True)
class Subject:
    """One subject of the classification: ``level`` is 类/款/项, ``kind`` functional/economic."""

    code: str
    name: str
    level: str
    kind: str


@dataclass(frozen=True)
class NamedPeriod:
    """A name ``subject`` carried from budget year ``since`` to ``until`` (None: open)."""

    subject: Subject
    since: int | None
    until: int | None
    note: str

    def covers(self, year: int) -> bool:
        return (self.since is None or self.since <= year) and (self.until is None or year <= self.until)

    @property
    def is_current(self) -> bool:
        return self.until is None


@dataclass
class Classification:
    """Every named period by code, aliases by code, and codes by comparable name."""

    periods: dict[str, list[NamedPeriod]] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    codes_by_name: dict[str, set[str]] = field(default_factory=dict)


def _read_tsv(name: str) -> Iterator[dict[str, str]]:
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    yield from csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)


def _year(text: str) -> int | None:
    return int(text) if text else None


@cache
def classification() -> Classification:
    """The classification tables, loaded on first use."""
    periods: dict[str, list[NamedPeriod]] = defaultdict(list)
    aliases: dict[str, list[str]] = defaultdict(list)
    codes_by_name: dict[str, set[str]] = defaultdict(set)
    for kind, file_name in FILES.items():
        for row in _read_tsv(file_name):
            if KINDS.get(row["code"][:1]) != kind:
                raise ValueError(f"{file_name}: code {row['code']} is not a {kind} code")
            subject = Subject(row["code"], row["name"], row["level"], kind)
            periods[subject.code].append(NamedPeriod(subject, _year(row["since"]), _year(row["until"]), row["note"]))
            codes_by_name[comparable_name(subject.name)].add(subject.code)
    for row in _read_tsv("aliases.tsv"):
        if row["code"] not in periods:
            raise ValueError(f"aliases.tsv: alias {row['alias']} of unknown code {row['code']}")
        aliases[row["code"]].append(row["alias"])
        codes_by_name[comparable_name(row["alias"])].add(row["code"])
    for named in periods.values():
        named.sort(key=lambda period: period.since or 0)
    return Classification(dict(periods), dict(aliases), dict(codes_by_name))

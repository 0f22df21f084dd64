"""What a correction changed: the spans added, removed, relabelled and boundary-moved versus a pre-annotation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from .standoff import LABELS

SpanTuple = tuple[int, int, str]
ChangeKind = Literal["added", "removed", "relabelled", "moved"]
CHANGE_KINDS: tuple[ChangeKind, ...] = ("added", "removed", "relabelled", "moved")


@dataclass(frozen=True)
class Change:
    """One difference: ``before`` is the pre-annotated span (None when added), ``after`` the
    corrected one (None when removed). ``label`` is the label before (after, for an added span)."""

    doc: str
    kind: ChangeKind
    before: SpanTuple | None
    after: SpanTuple | None

    @property
    def label(self) -> str:
        return (self.before or self.after)[2]


def diff_spans(doc: str, before: Iterable[SpanTuple], after: Iterable[SpanTuple]) -> list[Change]:
    """The changes from ``before`` to ``after`` (one document's spans). A span kept with other
    boundaries and the same label, overlapping its old place, is *moved*; one kept with the
    same boundaries and another label is *relabelled*; the rest are *removed* or *added*."""
    before, after = set(before), set(after)
    old = sorted(before - after)
    new = sorted(after - before)
    changes = []
    for kind, same in (("relabelled", _same_place), ("moved", _moved)):
        for span in list(old):
            match = next((other for other in new if same(span, other)), None)
            if match is not None:
                changes.append(Change(doc, kind, span, match))
                old.remove(span)
                new.remove(match)
    changes += [Change(doc, "removed", span, None) for span in old]
    changes += [Change(doc, "added", None, span) for span in new]
    return sorted(changes, key=lambda change: ((change.before or change.after)[:2], change.kind))


def count_changes(changes: Iterable[Change]) -> dict[str, dict[ChangeKind, int]]:
    """``{label: {kind: count}}`` for every label; a relabelled span counts under its old label."""
    counts: dict[str, dict[ChangeKind, int]] = {label: dict.fromkeys(CHANGE_KINDS, 0) for label in LABELS}
    for change in changes:
        counts.setdefault(change.label, dict.fromkeys(CHANGE_KINDS, 0))[change.kind] += 1
    return counts


def _same_place(old: SpanTuple, new: SpanTuple) -> bool:
    return old[:2] == new[:2]


def _moved(old: SpanTuple, new: SpanTuple) -> bool:
    return old[2] == new[2] and old[0] < new[1] and new[0] < old[1]

"""BIO tags of the Hugging Face dataset and model: encode gold spans, decode predictions.

REASON spans may hold AMOUNT, UNIT and ACCOUNT spans (SPEC §3), so one BIO sequence cannot
carry all four labels. The dataset keeps two sequences per character: ``ner_tags`` over the
flat labels (:data:`FLAT_TAGS`, never overlapping) and ``reason_tags`` over REASON
(:data:`REASON_TAGS`). A token-classification model has one head, so it is trained on their
product: the label ``"B-AMOUNT|I-REASON"`` is a character that begins an AMOUNT inside a
REASON (:func:`joint_labels`). :func:`decode` reads joint labels and plain BIO labels alike
(``"B-AMOUNT"``, ``"I-REASON"``), so a model trained elsewhere with flat labels works too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..ner.rules import FLAT_LABELS

REASON = "REASON"
FLAT_TAGS: tuple[str, ...] = ("O", *(f"{prefix}-{label}" for label in FLAT_LABELS for prefix in "BI"))
"""``ner_tags`` names: O, B-AMOUNT, I-AMOUNT, B-UNIT, I-UNIT, B-ACCOUNT, I-ACCOUNT."""
REASON_TAGS: tuple[str, ...] = ("O", f"B-{REASON}", f"I-{REASON}")
"""``reason_tags`` names: O, B-REASON, I-REASON."""
JOINT = "|"
Span = tuple[int, int, str]


def bio_tags(length: int, spans: Iterable[Span]) -> list[str]:
    """The BIO tag of each of ``length`` characters for non-overlapping ``(start, end, label)`` spans."""
    tags = ["O"] * length
    for start, end, label in spans:
        tags[start] = f"B-{label}"
        for offset in range(start + 1, end):
            tags[offset] = f"I-{label}"
    return tags


def joint_labels() -> list[str]:
    """The model's label names: every ``ner_tags`` name joined to every ``reason_tags`` name;
    label id = ``FLAT_TAGS.index(flat) * len(REASON_TAGS) + REASON_TAGS.index(reason)``."""
    return [f"{flat}{JOINT}{reason}" for flat in FLAT_TAGS for reason in REASON_TAGS]


def joint_id(flat: int, reason: int) -> int:
    """The joint label id of a ``ner_tags`` id and a ``reason_tags`` id."""
    return flat * len(REASON_TAGS) + reason


def entity_labels(names: Iterable[str]) -> tuple[str, ...]:
    """The entity labels (``AMOUNT``, ``REASON`` …) that joint or plain BIO label ``names`` mention, sorted."""
    return tuple(sorted({part.partition("-")[2] for name in names for part in name.split(JOINT)} - {""}))


def decode(labels: Sequence[str], positions: Sequence[int]) -> list[Span]:
    """The spans of predicted ``labels`` (joint or plain BIO names), the i-th label being the
    character at ``positions[i]`` (increasing; characters without a label, such as spaces,
    are skipped and may fall inside a span). A span runs from its first character to the
    end of its last; an ``I-`` that does not continue a span of its label starts one."""
    flat: list[str] = []
    reason: list[str] = []
    for name in labels:
        parts = name.split(JOINT)
        flat.append(next((part for part in parts if not part.endswith(REASON)), "O"))
        reason.append(next((part for part in parts if part.endswith(REASON)), "O"))
    return sorted([*_bio_spans(flat, positions), *_bio_spans(reason, positions)])


def _bio_spans(tags: Sequence[str], positions: Sequence[int]) -> list[Span]:
    spans: list[Span] = []
    start = last = -1
    current = ""
    for tag, position in zip(tags, positions):
        prefix, _, label = tag.partition("-")
        if current and (prefix != "I" or label != current):
            spans.append((start, last + 1, current))
            current = ""
        if prefix in ("B", "I") and not current:
            start, current = position, label
        last = position
    if current:
        spans.append((start, last + 1, current))
    return spans

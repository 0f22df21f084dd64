"""The ``mbnlp_rules`` pipeline component: AMOUNT, UNIT, ACCOUNT and REASON by rule.

One component, not one per label, because the labels' rules depend on each other:
a UNIT exists only after an AMOUNT, digits inside an ACCOUNT name are no AMOUNT, and
one pass over the text serves all four. ``labels`` selects the labels it writes.

Output and precedence with a statistical ``ner``:

* ``doc.spans[spans_key]`` (default ``"rules"``) always receives every rule span,
  nested ones included (a REASON clause holds AMOUNTs and ACCOUNTs); it is rewritten
  on every call and is the layer a later model or the extraction reads.
* ``doc.ents`` receives the flat labels (AMOUNT, UNIT, ACCOUNT — REASON spans nest
  other entities, so they live in the span group only) according to ``ents``:
  ``"fill"`` (default) keeps every entity already set and adds rule entities only
  where they overlap none; ``"overwrite"`` lets rule entities replace the ones they
  overlap; ``"none"`` leaves ``doc.ents`` alone. For the ``authoritative`` labels the
  rules decide alone, whatever ``ents`` says: entities of those labels that a model
  set are removed, and the rule spans of those labels replace what they overlap.

So whoever runs first wins by default: with ``mbnlp_rules`` before ``ner``, spaCy's
``ner`` keeps the preset entities and predicts around them; with ``ner`` first, the
rules only fill the gaps, unless ``ents = "overwrite"``. The trained pipeline
(``training/ner.cfg``) runs ``ner`` first, with ``ents = "fill"`` and
``authoritative = ["AMOUNT"]``: measured leave-one-seed-out, that order and merge
scored best (numbers in ``training/README.md``). AMOUNT spans carry ``Span._.value``,
``Span._.unit`` and ``Span._.yuan`` (SPEC §3).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import spacy
from spacy.attrs import IDX, IS_SPACE, LENGTH
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .. import segmentation  # noqa: F401  (registers the tokenizer mbnlp.JiebaTokenizer.v1)
from .accounts import domain_lexicon, find_accounts
from .amounts import find_declared_units, find_quantities
from .attributes import register_attributes
from .reasons import find_reasons

LABELS = ("AMOUNT", "UNIT", "ACCOUNT", "REASON")
FLAT_LABELS = ("AMOUNT", "UNIT", "ACCOUNT")
TOKEN_ATTRS = [IDX, LENGTH, IS_SPACE]
EntsMode = Literal["fill", "overwrite", "none"]


class RuleRecognizer:
    """Find AMOUNT, UNIT, ACCOUNT and REASON spans by rule (see the module docstring)."""

    def __init__(
        self,
        name: str = "mbnlp_rules",
        *,
        labels: Iterable[str] = LABELS,
        spans_key: str = "rules",
        ents: EntsMode = "fill",
        authoritative: Iterable[str] = (),
    ) -> None:
        wanted = set(labels)
        unknown = wanted - set(LABELS)
        if unknown:
            raise ValueError(f"{name}: unknown labels {sorted(unknown)}; known: {', '.join(LABELS)}")
        if ents not in ("fill", "overwrite", "none"):
            raise ValueError(f"{name}: ents must be 'fill', 'overwrite' or 'none', not {ents!r}")
        if not set(authoritative) <= set(FLAT_LABELS):
            raise ValueError(f"{name}: authoritative labels must be among {', '.join(FLAT_LABELS)}")
        self.name = name
        self.labels = tuple(label for label in LABELS if label in wanted)
        self.spans_key = spans_key
        self.ents = ents
        self.authoritative = tuple(label for label in FLAT_LABELS if label in set(authoritative))
        register_attributes()

    def __call__(self, doc: Doc) -> Doc:
        spans = self.find(doc)
        doc.spans[self.spans_key] = spans
        if self.ents != "none" or self.authoritative:
            self._set_ents(doc, [span for span in spans if span.label_ in FLAT_LABELS])
        return doc

    def find(self, doc: Doc) -> list[Span]:
        """The rule spans of ``doc`` in text order; a rule span that does not fall on token
        boundaries is dropped (REASON is trimmed to the tokens inside it)."""
        text = doc.text  # spaCy joins the tokens on every read: read once
        spans: list[Span] = []
        accounts = []
        if "ACCOUNT" in self.labels:
            accounts = _char_spans(doc, find_accounts(text, token_offsets(doc), domain_lexicon()), "ACCOUNT")
            spans += accounts
        if "AMOUNT" in self.labels or "UNIT" in self.labels:
            spans += self._quantities(doc, text, accounts)
        if "UNIT" in self.labels:
            spans += _char_spans(doc, find_declared_units(text), "UNIT")
        if "REASON" in self.labels:
            spans += _char_spans(doc, find_reasons(text), "REASON", alignment_mode="contract")
        return sorted(spans, key=lambda span: (span.start_char, -span.end_char, span.label_))

    def _quantities(self, doc: Doc, text: str, accounts: list[Span]) -> list[Span]:
        """AMOUNT spans with their attributes and the UNIT spans after them; none inside an ACCOUNT."""
        spans = []
        covered = {offset for account in accounts for offset in range(account.start_char, account.end_char)}
        for quantity in find_quantities(text):
            if quantity.start in covered:
                continue
            amount = doc.char_span(quantity.start, quantity.end, label="AMOUNT")
            if amount is None:
                continue
            unit = None
            if quantity.unit_start is not None:
                unit = doc.char_span(quantity.unit_start, quantity.unit_end, label="UNIT")
            if "AMOUNT" in self.labels:
                attributes = amount._
                attributes.value = quantity.value
                attributes.unit = quantity.unit if unit is not None else None
                attributes.yuan = quantity.yuan if unit is not None else None
                spans.append(amount)
            if unit is not None and "UNIT" in self.labels:
                spans.append(unit)
        return spans

    def _set_ents(self, doc: Doc, spans: list[Span]) -> None:
        _merge_ents(doc, spans, self.ents, self.authoritative)


def _merge_ents(doc: Doc, spans: list[Span], mode: EntsMode, authoritative: Iterable[str] = ()) -> None:
    """Merge the rule ``spans`` into ``doc.ents``. For the ``authoritative`` labels the rules
    decide alone: entities of those labels are removed and their rule spans replace what
    they overlap. For the other labels, ``fill`` adds the rule spans that overlap no
    entity, ``overwrite`` lets them replace the entities they overlap, ``none`` adds none."""
    decided = set(authoritative)
    first = [span for span in spans if span.label_ in decided]
    rest = [span for span in spans if span.label_ not in decided] if mode != "none" else []
    existing = [entity for entity in doc.ents if entity.label_ not in decided]
    existing = [entity for entity in existing if not any(_overlap(span, entity) for span in first)]
    if mode == "fill":
        rest = [span for span in rest if not any(_overlap(span, entity) for entity in existing)]
    else:
        existing = [entity for entity in existing if not any(_overlap(span, entity) for span in rest)]
    doc.ents = filter_spans([*first, *existing, *rest])


@Language.factory(
    "mbnlp_rules",
    default_config={"labels": list(LABELS), "spans_key": "rules", "ents": "fill", "authoritative": []},
    assigns=["doc.ents", "doc.spans"],
)
def make_rule_recognizer(
    nlp: Language, name: str, labels: list[str], spans_key: str, ents: EntsMode, authoritative: list[str]
) -> RuleRecognizer:
    """``[components.mbnlp_rules] factory = "mbnlp_rules"``; see :class:`RuleRecognizer`."""
    return RuleRecognizer(name, labels=labels, spans_key=spans_key, ents=ents, authoritative=authoritative)


def build_rules_pipeline(user_dict: str | None = None) -> Language:
    """A blank ``zh`` pipeline: mbnlp's tokenizer (with ``user_dict``, a jieba-format file)
    and the ``mbnlp_rules`` component with its defaults — what ``training/rules.cfg`` builds."""
    nlp = spacy.blank(
        "zh", config={"nlp": {"tokenizer": {"@tokenizers": "mbnlp.JiebaTokenizer.v1", "user_dict": user_dict}}}
    )
    nlp.add_pipe("mbnlp_rules")
    return nlp


def token_offsets(doc: Doc) -> list[tuple[int, int]]:
    """The ``(start, end)`` character offsets of the tokens of ``doc`` that are not whitespace."""
    return [(start, start + length) for start, length, space in doc.to_array(TOKEN_ATTRS).tolist() if not space]


def _char_spans(doc: Doc, offsets: Iterable[tuple[int, int]], label: str, alignment_mode: str = "strict") -> list[Span]:
    spans = (doc.char_span(start, end, label=label, alignment_mode=alignment_mode) for start, end in offsets)
    return [span for span in spans if span is not None and len(span)]


def _overlap(first: Span, second: Span) -> bool:
    return first.start < second.end and second.start < first.end

"""Named entities of budget text (SPEC §3): AMOUNT, UNIT, ACCOUNT, REASON.

>>> from mbnlp.ner import build_rules_pipeline
>>> nlp = build_rules_pipeline()
>>> doc = nlp("财政拨款收入174,399,542.21元")
>>> [(span.text, span.label_) for span in doc.spans["rules"]]
[('财政拨款收入', 'ACCOUNT'), ('174,399,542.21', 'AMOUNT'), ('元', 'UNIT')]
>>> doc.spans["rules"][1]._.value, doc.spans["rules"][1]._.yuan
('174399542.21', '174399542.21')
"""

from .accounts import AccountLexicon, domain_lexicon, find_accounts
from .amounts import NOT_QUANTITY, Quantity, find_declared_units, find_quantities
from .attributes import ATTRIBUTES, register_attributes
from .reason_filter import ReasonFilter, make_reason_filter
from .reasons import find_reasons
from .rules import FLAT_LABELS, LABELS, RuleRecognizer, build_rules_pipeline, make_rule_recognizer
from .spans import REASON_KEY, RULES_KEY, entity_spans

__all__ = [
    "ATTRIBUTES",
    "FLAT_LABELS",
    "LABELS",
    "NOT_QUANTITY",
    "AccountLexicon",
    "Quantity",
    "REASON_KEY",
    "RULES_KEY",
    "ReasonFilter",
    "RuleRecognizer",
    "build_rules_pipeline",
    "domain_lexicon",
    "entity_spans",
    "find_accounts",
    "find_declared_units",
    "find_quantities",
    "find_reasons",
    "make_reason_filter",
    "make_rule_recognizer",
    "register_attributes",
]

"""The rule catalogue: every rule has a stable id, its rule in words (Chinese and English) and
a function from the document's facts to ``Check`` records.

>>> @rule("summary.income_total", zh="本年收入合计 = 各收入项目之和", en="本年收入合计 = Σ income lines")
... def income_total(context): ...

Rules run in the order they are registered; ``docs/checks.md`` is generated from :data:`RULES`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..records import Check
from .document import CheckContext
from .verdict import Outcome

RuleFunction = Callable[[CheckContext], Iterable[Check | Outcome | None]]


@dataclass(frozen=True)
class Rule:
    """One rule: ``id`` (stable, used in ``Check.rule``), ``zh``/``en`` (the rule in words),
    ``family`` (the part of SPEC §4 it belongs to) and ``function``."""

    id: str
    zh: str
    en: str
    function: RuleFunction

    @property
    def family(self) -> str:
        return self.id.partition(".")[0]


RULES: dict[str, Rule] = {}


def rule(rule_id: str, *, zh: str, en: str) -> Callable[[RuleFunction], RuleFunction]:
    """Register the decorated function as the rule ``rule_id``; its checks must carry that id."""

    def register(function: RuleFunction) -> RuleFunction:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id!r} is registered twice")
        RULES[rule_id] = Rule(rule_id, zh, en, function)
        return function

    return register


def apply_rules(context: CheckContext) -> list[Check]:
    """Every rule's checks on ``context``, in catalogue order, blanks resolved (:func:`resolve`)."""
    results: list[Check | Outcome] = []
    for registered in RULES.values():
        for result in registered.function(context):
            if result is None:
                continue
            check = result.check if isinstance(result, Outcome) else result
            if check.rule != registered.id:
                raise ValueError(f"rule {registered.id!r} produced a check for {check.rule!r}")
            results.append(result)
    return resolve(results)


def resolve(results: list[Check | Outcome]) -> list[Check]:
    """The final checks: a failure that read blanks as 0 stands only when passing checks show
    each of those blanks to be 0; otherwise its skip is reported."""
    zeros = {
        key
        for result in results
        if isinstance(result, Outcome) and result.check.status == "pass"
        for key in result.blanks
    }
    return [_resolved(result, zeros) for result in results]


def _resolved(result: Check | Outcome, zeros: set[tuple[str, int, int] | None]) -> Check:
    if not isinstance(result, Outcome):
        return result
    if result.unresolved is None or all(key is not None and key in zeros for key in result.blanks):
        return result.check
    return result.unresolved

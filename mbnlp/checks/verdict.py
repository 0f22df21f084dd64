"""Turning facts into ``Check`` records: the SPEC §4 rounding envelope and the blank rule.

* A sum identity ``total = Σ parts`` passes when the difference is at most the sum of the
  half-widths of the printed facts — (n + 1) × half a unit of the last printed digit for n
  parts printed like their total; a nonzero difference inside it is noted as rounding.
* Beyond the envelope by at most one unit of the last printed digit (of the rounded facts)
  it fails with severity ``rounding``; further, or between exact facts, ``material``.
* A formula (a rate, a score) is judged the same way, its envelope being how far the
  formula moves when each input moves within its own half-width.
* A blank is not 0. Nothing printed at all: no check. The total or every part blank:
  ``skip`` (unless every printed fact is 0). Some parts blank: ``pass`` when the printed
  facts satisfy the identity with the blanks read as 0 — the table shows they mean 0. When
  they do not, the check is an :class:`Outcome` that fails only if other identities of the
  document show each of its blanks to be 0, and is skipped otherwise (resolved by
  :func:`~.registry.apply_rules` once every rule has run).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from ..records import Check
from .facts import ZERO, Amount, Blank, Fact, common_unit, digit_unit, format_decimal, printed

Severity = Literal["rounding", "material"]
EXTRA_DIGITS = 2  # decimals shown beyond the printed ones for a computed ratio


@dataclass(frozen=True)
class Outcome:
    """A check computed with blank parts read as 0. ``blanks``: the keys of those cells (None for a
    part with no cell). A passing ``check`` shows each of them to be 0; a failing one stands only
    when every blank is shown 0 by a passing check, else ``unresolved`` (a skip) is reported."""

    check: Check
    blanks: tuple[tuple[str, int, int] | None, ...]
    unresolved: Check | None = None


@dataclass(frozen=True)
class Verdict:
    """Whether ``found`` agrees with ``expected`` given an envelope of ``tolerance``."""

    status: Literal["pass", "fail"]
    severity: Severity | None
    difference: Decimal
    tolerance: Decimal


def judge(expected: Decimal, found: Decimal, tolerance: Decimal, step: Decimal) -> Verdict:
    """Pass inside ``tolerance``; ``rounding`` failure within one ``step`` beyond it (``step``
    is 0 when no fact involved is rounded); ``material`` failure otherwise."""
    difference = found - expected
    if abs(difference) <= tolerance:
        return Verdict("pass", None, difference, tolerance)
    severity: Severity = "rounding" if step and abs(difference) <= tolerance + step else "material"
    return Verdict("fail", severity, difference, tolerance)


def rounding_step(facts: Sequence[Fact]) -> Decimal:
    """The unit of the last printed digit that rounding may account for: the coarsest step
    among the rounded facts, 0 when every fact is exact."""
    return max((fact.step for fact in facts if fact.rounded), default=ZERO)


def sum_check(
    rule: str,
    subject: str,
    found: Amount | None,
    parts: Sequence[Amount | None],
    *,
    signs: Sequence[int] | None = None,
    merged_blanks: bool = False,
    where: str = "表列",
) -> Check | Outcome | None:
    """The check of ``found = Σ parts`` (each part times its sign, +1 by default); a part that
    is None is blank without a cell of its own.

    ``merged_blanks``: blank parts are continuation cells of a merged cell (a score printed
    once for a group of indicators), not missing values, so they do not stop a failure.
    ``where``: where the total is printed, for messages (``表列``, or ``文中`` for the narrative).
    """
    signs = list(signs) if signs is not None else [1] * len(parts)
    shown = [(part, sign) for part, sign in zip(parts, signs) if isinstance(part, Fact)]
    blanks = [part.key if isinstance(part, Blank) else None for part in parts if not isinstance(part, Fact)]
    total = printed(found)
    facts = ([total] if total is not None else []) + [part for part, _ in shown]
    if not facts:
        return None
    unit = common_unit(facts)
    evidence = [fact.span for fact in facts]
    if total is None or not shown:
        if all(fact.value == 0 for fact in facts):
            return Check(rule=rule, status="pass", message=f"{subject}：各项均为0或空白。", evidence=evidence)
        missing = "合计" if total is None else "各组成项"
        return _skip(rule, f"{subject}：{missing}为空白（空白不等于0），无法核对。", evidence)
    total = total.in_unit(unit)
    expected = sum((part.in_unit(unit).value * sign for part, sign in shown), ZERO)
    scaled = [fact.in_unit(unit) for fact in facts]
    verdict = judge(expected, total.value, sum((f.half_width for f in scaled), ZERO), rounding_step(scaled))
    sums = f"{subject}：各项之和 {format_decimal(expected)}"
    printed_total = f"{where} {format_decimal(total.value)}{_unit_note(unit)}"

    def record(note: str) -> Check:
        message = f"{sums}{note}，{printed_total}" + _note(verdict, max(fact.digits for fact in scaled))
        return _record(rule, verdict, message, expected, total.value, evidence)

    if not blanks:
        return record("")
    count = f"{len(blanks)}项空白"
    if merged_blanks:
        return record(f"（{count}，按合并单元格计）")
    if verdict.status == "pass":
        return Outcome(record(f"（{count}，本表恒等式表明空白为0）"), tuple(blanks))
    message = f"{sums}（{count}），{printed_total}；差额可能在空白项中，无法核对。"
    skipped = _skip(rule, message, evidence, expected, total.value)
    return Outcome(record(f"（{count}，其他恒等式表明其为0）"), tuple(blanks), skipped)


def formula_check(
    rule: str,
    subject: str,
    found: Amount | None,
    inputs: Sequence[Amount | None],
    formula: Callable[..., Decimal],
    description: str,
    where: str = "表列",
) -> Check | None:
    """The check of ``found = formula(*inputs)`` on the inputs' values; the envelope is the
    largest move of the formula over the corners of the inputs' half-widths plus the half-width
    of ``found`` (printed where ``where`` says). A blank or a formula that is undefined
    (division by 0) gives ``skip``."""
    found, inputs = printed(found), [printed(fact) for fact in inputs]
    facts = [fact for fact in (found, *inputs) if fact is not None]
    if not facts:
        return None
    evidence = [fact.span for fact in facts]
    if found is None or any(fact is None for fact in inputs):
        return _skip(rule, f"{subject}：有空白项（空白不等于0），无法核对{description}。", evidence)
    given = [fact for fact in inputs if fact is not None]
    try:
        expected = formula(*(fact.value for fact in given))
        corners = [
            formula(*(fact.value + sign * fact.half_width for fact, sign in zip(given, signs)))
            for signs in itertools.product((-1, 1), repeat=len(given))
        ]
    except ArithmeticError:
        return _skip(rule, f"{subject}：{description}无定义（除数为0），无法核对。", evidence)
    spread = max((abs(corner - expected) for corner in corners), default=ZERO)
    verdict = judge(expected, found.value, spread + found.half_width, rounding_step(facts))
    computed = expected.quantize(digit_unit(found.digits + EXTRA_DIGITS), rounding=ROUND_HALF_UP)
    message = f"{subject}：按{description}应为 {format_decimal(computed)}，{where} {format_decimal(found.value)}"
    message += _note(verdict, found.digits + EXTRA_DIGITS)
    return _record(rule, verdict, message, computed, found.value, evidence)


def bound_check(rule: str, subject: str, part: Amount | None, whole: Amount | None) -> Check | None:
    """The check of ``part ≤ whole`` (within the rounding envelope of the two)."""
    part, whole = printed(part), printed(whole)
    facts = [fact for fact in (part, whole) if fact is not None]
    if not facts:
        return None
    evidence = [fact.span for fact in facts]
    if part is None or whole is None:
        return _skip(rule, f"{subject}：有一项为空白（空白不等于0），无法核对。", evidence)
    unit = common_unit(facts)
    part, whole = part.in_unit(unit), whole.in_unit(unit)
    tolerance = part.half_width + whole.half_width
    excess = part.value - whole.value
    verdict = (
        judge(ZERO, excess, tolerance, rounding_step([part, whole]))
        if excess > 0
        else Verdict("pass", None, excess, tolerance)
    )
    message = f"{subject}：{format_decimal(part.value)} 不应超过 {format_decimal(whole.value)}{_unit_note(unit)}" + (
        "，超出。" if verdict.status == "fail" else "。"
    )
    return _record(rule, verdict, message, whole.value, part.value, evidence)


def presence_check(rule: str, subject: str, present: bool, evidence: list[tuple[int, int]]) -> Check:
    """A check that something required is printed (a reason, a statement): pass or a material failure."""
    if present:
        return Check(rule=rule, status="pass", message=f"{subject}：已说明。", evidence=evidence)
    return Check(rule=rule, status="fail", severity="material", message=f"{subject}：未见说明。", evidence=evidence)


def skip_check(rule: str, message: str, evidence: list[tuple[int, int]] | None = None) -> Check:
    """A check that could not be made, with the reason in ``message``."""
    return _skip(rule, message, evidence or [])


def _skip(
    rule: str,
    message: str,
    evidence: list[tuple[int, int]],
    expected: Decimal | None = None,
    found: Decimal | None = None,
) -> Check:
    return Check(
        rule=rule,
        status="skip",
        message=message,
        expected=None if expected is None else format_decimal(expected),
        found=None if found is None else format_decimal(found),
        evidence=evidence,
    )


def _record(
    rule: str, verdict: Verdict, message: str, expected: Decimal, found: Decimal, evidence: list[tuple[int, int]]
) -> Check:
    return Check(
        rule=rule,
        status=verdict.status,
        severity=verdict.severity,
        message=message,
        expected=format_decimal(expected),
        found=format_decimal(found),
        evidence=evidence,
    )


def _note(verdict: Verdict, digits: int) -> str:
    if verdict.status == "pass" and not verdict.difference:
        return "。"
    difference, tolerance = (_shown(abs(value), digits + 1) for value in (verdict.difference, verdict.tolerance))
    if verdict.status == "pass":
        return f"；差额 {difference}，在舍入容差 ±{tolerance} 内（舍入）。"
    if not verdict.tolerance:
        return f"；差额 {format_decimal(abs(verdict.difference))}（均为精确值，无舍入容差），实质性差异。"
    kind = "超出舍入容差不足一个末位单位（舍入差异）" if verdict.severity == "rounding" else "实质性差异"
    return f"；差额 {difference}，舍入容差 ±{tolerance}，{kind}。"


def _shown(value: Decimal, digits: int) -> str:
    """``value`` rounded to ``digits`` decimals (at least 0), for messages."""
    return format_decimal(value.quantize(digit_unit(max(digits, 0)), rounding=ROUND_HALF_UP))


def _unit_note(unit: str | None) -> str:
    return f"（{unit}）" if unit else ""

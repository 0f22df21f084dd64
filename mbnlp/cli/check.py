"""``mbnlp check``: the validator's verdict on one document (tables and narrative), failures first, each
shown with its sources."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from ..errors import MbnlpInputError
from ..loading import load_document
from ..pipeline import check_document
from ..records import Check
from ._app import app

CONTEXT = 20
SEVERITY_ORDER = {"material": 0, "rounding": 1, None: 2}
VISIBLE = str.maketrans({"\n": "⏎", "\t": "→", "\r": ""})


def line_number(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def snippet(text: str, start: int, end: int, context: int = CONTEXT) -> str:
    """``start:end`` of ``text`` in brackets with ``context`` characters either side, on one line."""
    before = text[max(0, start - context) : start].translate(VISIBLE)
    after = text[end : end + context].translate(VISIBLE)
    return f"…{before}【{text[start:end].translate(VISIBLE)}】{after}…"


def render_check(check: Check, text: str) -> list[str]:
    """A check as lines: verdict, rule and message, expected vs found, then each source snippet."""
    verdict = check.status.upper() + (f" ({check.severity})" if check.severity else "")
    lines = [f"{verdict}  {check.rule}", f"  {check.message}"]
    if check.expected is not None or check.found is not None:
        lines.append(f"  expected {check.expected}   found {check.found}")
    width = max((len(str(line_number(text, start))) for start, _ in check.evidence), default=1)
    for start, end in check.evidence:
        lines.append(f"  L{line_number(text, start):<{width}}  {snippet(text, start, end)}")
    return lines


@app.command()
def check(
    path: Annotated[Path, typer.Argument(help="A document (text, Markdown or HTML).", show_default=False)],
    skipped: Annotated[bool, typer.Option("--skipped", help="Also list the skipped checks and why.")] = False,
    passed: Annotated[bool, typer.Option("--passed", help="Also list the passed checks.")] = False,
) -> None:
    """Check PATH's tables and its narrative against them (SPEC §4) and print the failed checks first — severity,
    rule, message, expected vs found and the source of every fact involved (line number and ~20
    characters of context) — then the counts of passed, skipped and failed checks.

    Exit status: 1 if any check failed with severity material, else 0; 2 for usage errors."""
    try:
        document = load_document(path)
    except MbnlpInputError as error:
        raise typer.BadParameter(str(error), param_hint="PATH") from error
    checks = check_document(document)
    failed = sorted((c for c in checks if c.status == "fail"), key=lambda c: SEVERITY_ORDER[c.severity])
    shown = failed + [c for c in checks if (skipped and c.status == "skip") or (passed and c.status == "pass")]
    for item in shown:
        typer.echo("\n".join(render_check(item, document.text)) + "\n")
    counts = Counter(c.status for c in checks)
    severities = Counter(c.severity for c in failed)
    typer.echo(
        f"{len(checks)} checks: {counts['pass']} passed, {counts['skip']} skipped, {counts['fail']} failed "
        f"({severities['material']} material, {severities['rounding']} rounding)"
    )
    raise typer.Exit(code=1 if severities["material"] else 0)

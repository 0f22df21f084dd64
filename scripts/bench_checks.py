"""Checks benchmark: how many checks run, pass, fail and skip on the seeds and the examples, and
the failed checks against the hand-made list of true inconsistencies.

    python scripts/bench_checks.py [--seeds DIR] [--gold PATH] [--json PATH]

Per document: checks run, passed, failed (material / rounding), skipped, and skipped although
both sides were printed (``expected`` and ``found`` both set: a blank part stopped the check; for
a narrative check, a skip whose evidence already holds every figure involved — a rate over a
stated 0). The narrative checks (``narrative.*``) are also counted on their own.

Against ``annotations/inconsistencies.jsonl`` (stand-off, read from the seeds; a line whose
``sha256`` differs from the seed is refused): a gold inconsistency is *found* when a failed check
of the same document and rule has evidence overlapping one of its facts (its severity is
compared too); every other failed check on a seed is a false alarm, as is every failed check on
an example (the examples are consistent by construction). Gold lines with ``status: pass`` are
rounding differences inside the envelope: the bench reports whether a passing check with a
rounding note covers them. Gold lines without a rule are inconsistencies no rule covers yet.

Targets (issue 5): every true inconsistency found, no false alarm, < 10% of the checks with
both sides printed skipped. Always exits 0; the numbers are the result.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mbnlp.loading import load_document  # noqa: E402
from mbnlp.pipeline import check_document  # noqa: E402
from mbnlp.records import Check  # noqa: E402

DEFAULT_SEEDS = (ROOT / ".." / "shared" / "seeds").resolve()
DEFAULT_GOLD = ROOT / "annotations" / "inconsistencies.jsonl"
EXAMPLES = ROOT / "examples"


def load_gold(path: Path, seeds: Path) -> list[dict[str, Any]]:
    """The gold lines, each checked against the hash of its seed."""
    gold = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for line in gold:
        digest = hashlib.sha256((seeds / line["doc"]).read_bytes()).hexdigest()
        if digest != line["sha256"]:
            raise SystemExit(f"{line['doc']}: sha256 {digest} differs from the gold's {line['sha256']}")
    return gold


def overlaps(check: Check, spans: list[list[int]]) -> bool:
    return any(start < end_ and start_ < end for start, end in check.evidence for start_, end_ in spans) or any(
        start == end and start_ <= start <= end_ for start, end in check.evidence for start_, end_ in spans
    )


NARRATIVE = "narrative."
NARRATIVE_INPUTS = 2  # a narrative skip citing at least this many figures had its inputs found


def both_printed(check: Check) -> bool:
    """Whether every input of ``check`` was printed (so a skip is the rule's fault, not the document's)."""
    if check.rule.startswith(NARRATIVE):
        return check.status != "skip" or len(check.evidence) > NARRATIVE_INPUTS
    return check.expected is not None and check.found is not None


def counts(checks: list[Check]) -> dict[str, int]:
    status = Counter(check.status for check in checks)
    severity = Counter(check.severity for check in checks if check.status == "fail")
    with_inputs = [c for c in checks if both_printed(c)]
    narrative = Counter(c.status for c in checks if c.rule.startswith(NARRATIVE))
    return {
        "run": len(checks),
        "pass": status["pass"],
        "fail": status["fail"],
        "material": severity["material"],
        "rounding": severity["rounding"],
        "skip": status["skip"],
        "both_printed": len(with_inputs),
        "skip_both_printed": sum(1 for c in with_inputs if c.status == "skip"),
        "narrative_run": sum(narrative.values()),
        "narrative_pass": narrative["pass"],
        "narrative_fail": narrative["fail"],
        "narrative_skip": narrative["skip"],
    }


def evaluate(seeds: Path, gold_path: Path) -> dict[str, Any]:
    gold = load_gold(gold_path, seeds)
    documents = sorted(seeds.glob("*.txt")) + sorted(p for p in EXAMPLES.iterdir() if p.is_file())
    per_document: dict[str, dict[str, int]] = {}
    found, missed, severity_mismatch, false_alarms, notes_found, notes_missed, uncovered = [], [], [], [], [], [], []
    for path in documents:
        checks = check_document(load_document(path))
        per_document[path.name] = counts(checks)
        entries = [line for line in gold if line["doc"] == path.name]
        matched: set[int] = set()
        for entry in entries:
            spans = [fact["span"] for fact in entry["facts"]]
            if entry["rule"] is None:
                uncovered.append(entry["id"])
                continue
            hits = [c for c in checks if c.rule == entry["rule"] and overlaps(c, spans)]
            if entry["status"] == "pass":
                notes = [c for c in hits if c.status == "pass" and "舍入" in c.message]
                (notes_found if notes else notes_missed).append(entry["id"])
                continue
            failures = [i for i, c in enumerate(checks) if c in hits and c.status == "fail"]
            matched.update(failures)
            if not failures:
                missed.append(entry["id"])
                continue
            found.append(entry["id"])
            if entry["severity"] not in {checks[i].severity for i in failures}:
                severity_mismatch.append(entry["id"])
        false_alarms += [
            f"{path.name}: {c.rule}: {c.message}"
            for i, c in enumerate(checks)
            if c.status == "fail" and i not in matched
        ]
    gold_failures = len(found) + len(missed)
    predicted = len(found) + len(false_alarms)
    totals = {key: sum(row[key] for row in per_document.values()) for key in next(iter(per_document.values()))}
    return {
        "documents": per_document,
        "totals": totals,
        "skipped_share_both_printed": totals["skip_both_printed"] / totals["both_printed"]
        if totals["both_printed"]
        else 0.0,
        "gold_inconsistencies": gold_failures,
        "found": found,
        "missed": missed,
        "severity_mismatch": severity_mismatch,
        "false_alarms": false_alarms,
        "precision": len(found) / predicted if predicted else None,
        "recall": len(found) / gold_failures if gold_failures else None,
        "rounding_notes_found": notes_found,
        "rounding_notes_missed": notes_missed,
        "not_covered_by_a_rule": uncovered,
    }


def report(result: dict[str, Any]) -> str:
    columns = ["run", "pass", "fail", "material", "rounding", "skip", "both_printed", "skip_both_printed"]
    columns += ["narrative_run", "narrative_pass", "narrative_fail", "narrative_skip"]
    headers = [column.replace("narrative_", "n.").replace("both_printed", "both") for column in columns]
    width = max(len(name) for name in result["documents"]) + 2
    lines = ["document".ljust(width) + "".join(f"{c:>10}" for c in headers)]
    for name, row in [*result["documents"].items(), ("total", result["totals"])]:
        lines.append(name.ljust(width) + "".join(f"{row[c]:>10}" for c in columns))
    share = result["skipped_share_both_printed"]
    notes, missed_notes = result["rounding_notes_found"], result["rounding_notes_missed"]
    lines += [
        "",
        f"skipped where both sides are printed: {share:.1%} (target < 10%)",
        f"true inconsistencies with a rule: {result['gold_inconsistencies']}; found {len(result['found'])}, "
        f"missed {len(result['missed'])} {result['missed'] or ''}",
        f"false alarms: {len(result['false_alarms'])}",
        *(f"  {alarm}" for alarm in result["false_alarms"]),
        f"precision {_share(result['precision'])}, recall {_share(result['recall'])}; "
        f"severity mismatches {result['severity_mismatch'] or 0}",
        f"rounding differences noted on passing checks: {len(notes)} of {len(notes) + len(missed_notes)} "
        f"{missed_notes or ''}",
        f"inconsistencies no rule covers yet: {result['not_covered_by_a_rule']}",
    ]
    return "\n".join(lines)


def _share(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--json", type=Path, help="Also write the numbers as JSON here.")
    arguments = parser.parse_args()
    result = evaluate(arguments.seeds, arguments.gold)
    print(report(result))
    if arguments.json:
        arguments.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

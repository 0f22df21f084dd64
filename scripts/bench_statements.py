"""Statements benchmark: the statements of the narrative against the hand-read gold.

    python scripts/bench_statements.py [--seeds DIR] [--gold DIR] [--model PATH] [--json PATH]

Gold: ``annotations/statements/<seed>.jsonl`` (stand-off, read from the seeds; see its README). The
first line of a file names the seed, its sha256 (a seed that differs is refused) and the ``scope``,
the text ranges whose every statement is in the gold; the other lines are statements. Only
predicted statements inside the scope are scored.

A prediction is *located* when a gold statement has the same amount span (``start``); it is
*correct* when account, measure and value are all equal too. Precision = correct / predicted,
recall = correct / gold; per field, the accuracy of account, measure, and of compare_to and
change on located change statements (增减额, 增减率). Always exits 0; the numbers are the result.
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
from mbnlp.ner.extract import extract_entities, load_pipeline  # noqa: E402
from mbnlp.records import Statement  # noqa: E402
from mbnlp.statements import extract_statements  # noqa: E402
from mbnlp.structure import detect_meta, split_blocks  # noqa: E402
from mbnlp.tables import reconstruct  # noqa: E402

DEFAULT_SEEDS = (ROOT / ".." / "shared" / "seeds").resolve()
DEFAULT_GOLD = ROOT / "annotations" / "statements"
KEY = ("account", "measure", "value")
CHANGES = ("增减额", "增减率")


def load_gold(path: Path, seeds: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The header (doc, sha256, scope) and the statements of one gold file, checked against the seed."""
    header, *statements = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    digest = hashlib.sha256((seeds / header["doc"]).read_bytes()).hexdigest()
    if digest != header["sha256"]:
        raise SystemExit(f"{header['doc']}: sha256 {digest} differs from the gold's {header['sha256']}")
    return header, statements


def predict(path: Path, nlp: Any) -> list[Statement]:
    """The statements mbnlp extracts from one document."""
    document = load_document(path.read_bytes(), source=str(path))
    blocks = split_blocks(document)
    tables = reconstruct(document, blocks, detect_meta(document, blocks))
    return extract_statements(document, blocks, extract_entities(nlp, document, blocks, tables))


def score(gold: list[dict[str, Any]], predicted: list[Statement], scope: list[list[int]]) -> Counter:
    """Counts of one document: gold, predicted, located, correct, and per-field agreement."""
    inside = [s for s in predicted if any(start <= s.start < end for start, end in scope)]
    by_start = {line["start"]: line for line in gold}
    counts = Counter(gold=len(gold), predicted=len(inside))
    for statement in inside:
        line = by_start.get(statement.start)
        if line is None:
            continue
        counts["located"] += 1
        counts["correct"] += all(getattr(statement, field) == line[field] for field in KEY)
        counts["account"] += statement.account == line["account"]
        counts["measure"] += statement.measure == line["measure"]
        if line["measure"] in CHANGES and statement.measure == line["measure"]:
            counts["changes"] += 1
            counts["compare_to"] += statement.compare_to == line["compare_to"]
            counts["change"] += statement.change == line["change"]
    return counts


def ratio(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def summary(counts: Counter) -> dict[str, Any]:
    return {
        **counts,
        "precision": ratio(counts["correct"], counts["predicted"]),
        "recall": ratio(counts["correct"], counts["gold"]),
        "account_accuracy": ratio(counts["account"], counts["located"]),
        "measure_accuracy": ratio(counts["measure"], counts["located"]),
        "compare_to_accuracy": ratio(counts["compare_to"], counts["changes"]),
        "change_accuracy": ratio(counts["change"], counts["changes"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--model", default=None, help="NER pipeline folder (default: the shipped one)")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args()
    nlp = load_pipeline(args.model)
    results, total = {}, Counter()
    for path in sorted(args.gold.glob("*.jsonl")):
        header, gold = load_gold(path, args.seeds)
        counts = score(gold, predict(args.seeds / header["doc"], nlp), header["scope"])
        results[header["doc"]] = summary(counts)
        total += counts
    results["all"] = summary(total)
    for doc, row in results.items():
        print(
            f"{doc:28} gold {row['gold']:4} predicted {row['predicted']:4} correct {row['correct']:4}  "
            f"P {row['precision']:.3f} R {row['recall']:.3f}  account {row['account_accuracy']:.3f} "
            f"measure {row['measure_accuracy']:.3f} compare_to {row['compare_to_accuracy']:.3f} "
            f"change {row['change_accuracy']:.3f}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()

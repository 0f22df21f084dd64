"""NER benchmark, leave-one-seed-out (SPEC §5): rules only, the trained pipeline, and JioNLP.

    python scripts/bench_ner.py [--annotations annotations] [--config training/ner.cfg]
                                [--seed 0] [--max-steps N] [--json docs/accuracy.json]
                                [--markdown docs/accuracy.md] [--summary docs/accuracy_summary.md]

For each seed with gold in ``annotations/ner`` (the held-out fold) this scores, on that
seed's annotated regions only (``mbnlp.evaluation.evaluate``):

(a) ``rules``: the rule layer alone (``mbnlp.ner.build_rules_pipeline``);
(b) ``trained``: the config trained (``mbnlp.training.train``) on the other seeds and our
    own documents, the held-out seed never seen;
(c) ``jionlp``: JioNLP's ``jio.ner.extract_money`` — money amounts only — when ``jionlp`` is
    importable (``pip install -e '.[bench]'``); otherwise the report says it was skipped.

Per fold: strict F1 per label and micro, REASON partial-overlap F1, and *money* P/R/F1 —
a money amount (an AMOUNT with a 元/万元/亿元/千元 unit right after it) counts only when
its span overlaps the gold amount and its value in 元 equals the gold value in 元, which
is what all three systems can be held to. The mean over folds skips a fold where a
label has neither gold nor predictions (seed 001 and 003 have no REASON). Writes the
JSON report, a markdown page with the date and the git commit, and the README's accuracy
section (the means only, linking to the page). Always exits 0.
"""

from __future__ import annotations

import argparse
import datetime
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import spacy

from mbnlp.annotations import LABELS, GoldDocument, load_gold
from mbnlp.evaluation import Counts, evaluate
from mbnlp.ner import build_rules_pipeline, entity_spans
from mbnlp.normalize import MONEY_UNITS, canonical_unit, parse_amount, to_yuan
from mbnlp.training import DEFAULT_CONFIG, train

SYSTEMS = ("rules", "trained", "jionlp")
MONEY_GAP = " \u3000\xa0余"
Money = tuple[int, int, str | None]  # start, end (amount and unit), value in 元 (None: unparsed)


def gold_money(document: GoldDocument) -> list[Money]:
    """The gold money amounts: an AMOUNT whose UNIT follows it and is a money unit."""
    return _money(document.text, [(s, e, label) for s, e, label in document.spans])


def _money(text: str, spans: Iterable[tuple[int, int, str]]) -> list[Money]:
    spans = sorted(spans)
    units = {s: (s, e) for s, e, label in spans if label == "UNIT"}
    found = []
    for start, end, label in spans:
        if label != "AMOUNT":
            continue
        unit_start = end
        while unit_start < len(text) and text[unit_start] in MONEY_GAP and unit_start not in units:
            unit_start += 1
        if unit_start not in units:
            continue
        unit = canonical_unit(text[slice(*units[unit_start])])
        value = parse_amount(text[start:end])
        if unit in MONEY_UNITS and value is not None:
            found.append((start, units[unit_start][1], to_yuan(value, unit)))
    return found


def pipeline_money(nlp: spacy.Language, document: GoldDocument) -> list[Money]:
    """The money amounts a pipeline finds in the annotated regions."""
    found = []
    for (start, end), doc in zip(document.regions, nlp.pipe(document.text[s:e] for s, e in document.regions)):
        spans = [(start + span.start_char, start + span.end_char, span.label_) for span in entity_spans(doc)]
        found += _money(document.text, spans)
    return found


def jionlp_money(jio: Any, document: GoldDocument) -> list[Money]:
    """JioNLP's money amounts in the annotated regions, in 元 (its ``num`` is in its ``case``
    unit; a range or a foreign currency has no comparable value and is never right)."""
    found: list[Money] = []
    for start, end in document.regions:
        for item in jio.ner.extract_money(document.text[start:end], with_parsing=True):
            detail = item.get("detail") or {}
            unit, number = detail.get("case"), detail.get("num")
            value = parse_amount(number) if isinstance(number, str) else None
            yuan = to_yuan(value, unit) if value is not None and unit in MONEY_UNITS else None
            found.append((start + item["offset"][0], start + item["offset"][1], yuan))
    return found


def score_money(gold: list[Money], predicted: list[Money]) -> Counts:
    """Right = overlapping a gold money amount with the same value in 元 (compared as numbers)."""

    def same(a: Money, b: Money) -> bool:
        return a[0] < b[1] and b[0] < a[1] and a[2] is not None and b[2] is not None and float(a[2]) == float(b[2])

    right = sum(any(same(p, g) for g in gold) for p in predicted)
    found = sum(any(same(g, p) for p in predicted) for g in gold)
    return Counts(tp=right, predicted=len(predicted), gold=len(gold), found=found)


def fold_row(scores: Any, money: Counts) -> dict[str, float | None]:
    row = {label: scores.strict[label].f1 for label in LABELS}
    row["REASON~"] = scores.partial["REASON"].f1
    row["micro"] = scores.micro.f1
    row.update({"money_p": money.precision, "money_r": money.recall, "money_f": money.f1})
    return row


def mean(rows: list[dict[str, float | None]]) -> dict[str, float | None]:
    keys = rows[0].keys() if rows else []
    out: dict[str, float | None] = {}
    for key in keys:
        values = [row[key] for row in rows if row.get(key) is not None]
        out[key] = sum(values) / len(values) if values else None
    return out


def run(args: argparse.Namespace) -> dict:
    documents = load_gold(args.annotations / "ner" if (args.annotations / "ner").is_dir() else args.annotations)
    seeds = [document for document in documents if not document.doc.startswith("own/")]
    try:
        import jionlp as jio  # type: ignore[import-not-found]
    except ImportError as error:
        jio = None
        print(f"jionlp not importable ({type(error).__name__}: {error}); skipping (c)", file=sys.stderr)
    rules = build_rules_pipeline()
    folds: dict[str, dict[str, dict]] = {}
    for held in seeds:
        fold: dict[str, dict] = {}
        gold = gold_money(held)
        fold["rules"] = fold_row(evaluate(rules, [held]), score_money(gold, pipeline_money(rules, held)))
        with tempfile.TemporaryDirectory(prefix="bench-ner-") as work:
            started = time.time()
            path = train(args.annotations, Path(work) / "model", config=args.config, seed=args.seed,
                         held_out_docs=[held.doc], max_steps=args.max_steps)  # fmt: skip
            nlp = spacy.load(path)
            fold["trained"] = fold_row(evaluate(nlp, [held]), score_money(gold, pipeline_money(nlp, held)))
            fold["trained"]["train_seconds"] = round(time.time() - started, 1)
        if jio is not None:
            money = score_money(gold, jionlp_money(jio, held))
            fold["jionlp"] = {"money_p": money.precision, "money_r": money.recall, "money_f": money.f1}
        folds[held.doc] = fold
        print(held.doc, json.dumps({name: _rounded(row) for name, row in fold.items()}), file=sys.stderr)
    means = {name: mean([fold[name] for fold in folds.values() if name in fold]) for name in SYSTEMS}
    return {
        "date": datetime.date.today().isoformat(),
        "commit": _commit(),
        "config": str(Path(args.config).resolve().relative_to(ROOT)) if _inside(args.config) else str(args.config),
        "seed": args.seed,
        "max_steps": args.max_steps,
        "jionlp": jio is not None,
        "folds": folds,
        "mean": {name: row for name, row in means.items() if row},
    }


COLUMNS = (("AMOUNT", "AMOUNT F1"), ("UNIT", "UNIT F1"), ("ACCOUNT", "ACCOUNT F1"), ("REASON", "REASON F1"),
           ("REASON~", "REASON partial F1"), ("micro", "micro F1"), ("money_f", "money F1"))  # fmt: skip


def markdown(report: dict) -> str:
    """The accuracy page: one row per fold and system, then the means."""
    lines = [
        "# NER accuracy",
        "",
        (
            f"Produced by `python scripts/bench_ner.py` on {report['date']} at commit `{report['commit']}` "
            f"(config `{report['config']}`, seed {report['seed']})."
        ),
        "",
        (
            "Leave-one-seed-out: each seed is held out in turn; the trained pipeline is trained on the "
            "other four seeds and our own five documents, then scored on the held-out seed's annotated "
            "regions. Strict F1 is exact span and label (SPEC §5); REASON partial F1 counts overlaps; "
            "money F1 counts an amount with a 元/万元/亿元 unit as right when it overlaps the gold amount "
            "and has the same value in 元. `–`: the fold has no such gold and no prediction."
        ),
        "",
        "| fold | system | " + " | ".join(title for _, title in COLUMNS) + " |",
        "| --- | --- | " + " | ".join("---:" for _ in COLUMNS) + " |",
    ]
    rows = [(doc.split("_")[0], fold) for doc, fold in report["folds"].items()] + [("**mean**", report["mean"])]
    for name, fold in rows:
        for system in SYSTEMS:
            if system in fold:
                cells = [_cell(fold[system].get(key)) for key, _ in COLUMNS]
                lines.append(f"| {name} | {system} | " + " | ".join(cells) + " |")
    if not report["jionlp"]:
        lines += ["", "JioNLP was not importable here, so its column was skipped (`pip install -e '.[bench]'`)."]
    else:
        lines += ["", "JioNLP (`jionlp.ner.extract_money`) is scored on money amounts only."]
    return "\n".join(lines) + "\n"


SUMMARY_COLUMNS = (("AMOUNT", "AMOUNT strict F1"), ("UNIT", "UNIT strict F1"), ("ACCOUNT", "ACCOUNT strict F1"),
                   ("REASON~", "REASON partial F1"), ("money_f", "money F1"))  # fmt: skip
SYSTEM_NAMES = {"rules": "rules only", "trained": "trained `models/mbnlp-zh`", "jionlp": "JioNLP (money only)"}


def summary(report: dict, page: str = "docs/accuracy.md") -> str:
    """The README's accuracy section: the leave-one-seed-out means per system, linking to ``page``."""
    lines = [
        "## Accuracy",
        "",
        (
            f"Leave-one-seed-out means over the five seeds (train on four, test on the fifth); AMOUNT, UNIT "
            f"and ACCOUNT strict F1, REASON partial-overlap F1, money F1 (amount and unit, value in 元). "
            f"Produced by `python scripts/bench_ner.py` on {report['date']} at commit `{report['commit']}`; "
            f"per-fold numbers and REASON strict F1 in [{page}]({page})."
        ),
        "",
        "| system | " + " | ".join(title for _, title in SUMMARY_COLUMNS) + " |",
        "| --- | " + " | ".join("---:" for _ in SUMMARY_COLUMNS) + " |",
    ]
    for system, row in report["mean"].items():
        cells = [_cell(row.get(key)) for key, _ in SUMMARY_COLUMNS]
        lines.append(f"| {SYSTEM_NAMES[system]} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _cell(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.2f}"


def _rounded(row: dict) -> dict:
    return {key: round(value, 4) if isinstance(value, float) else value for key, value in row.items()}


def _commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True)
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")


def _link(path: Path) -> str:
    """``path`` relative to the repository root (where README.md is), else as given."""
    return str(Path(path).resolve().relative_to(ROOT)) if _inside(path) else str(path)


def _inside(path: Path) -> bool:
    return Path(path).resolve().is_relative_to(ROOT)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=Path, default=ROOT / "annotations")
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-steps", type=int, default=None, help="override the config's max_steps")
    parser.add_argument("--json", type=Path, default=ROOT / "docs" / "accuracy.json")
    parser.add_argument("--markdown", type=Path, default=ROOT / "docs" / "accuracy.md")
    parser.add_argument("--summary", type=Path, default=ROOT / "docs" / "accuracy_summary.md", help="README section")
    args = parser.parse_args()
    report = run(args)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    page = markdown(report)
    args.markdown.parent.mkdir(parents=True, exist_ok=True)
    args.markdown.write_text(page, encoding="utf-8")
    args.summary.parent.mkdir(parents=True, exist_ok=True)
    args.summary.write_text(summary(report, _link(args.markdown)), encoding="utf-8")
    print(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())

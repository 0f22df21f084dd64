"""Counts of the NER gold: spans per label per document, and the annotated regions.

    python scripts/annotation_stats.py                      # annotations/ner, Markdown table
    python scripts/annotation_stats.py annotations/ner/own.jsonl --json out/stats.json

Reads the gold with :func:`mbnlp.annotations.load_gold`, so every file is validated
(document hashes, offsets, labels, overlaps, regions) before anything is counted.
The table in ``annotations/ner/README.md`` is this script's output.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mbnlp.annotations import LABELS, GoldDocument, load_gold

DEFAULT_GOLD = Path(__file__).resolve().parents[1] / "annotations" / "ner"


def stats(documents: list[GoldDocument]) -> list[dict]:
    """One row per document: label counts, number and size of the annotated regions."""
    rows = []
    for document in documents:
        row = {"doc": document.doc}
        for label in LABELS:
            row[label] = len(document.by_label(label))
        row["spans"] = len(document.spans)
        row["regions"] = len(document.regions)
        row["region_chars"] = sum(end - start for start, end in document.regions)
        rows.append(row)
    return rows


def total(rows: list[dict]) -> dict:
    summed = {"doc": "total"}
    for key in (*LABELS, "spans", "regions", "region_chars"):
        summed[key] = sum(row[key] for row in rows)
    return summed


def markdown(rows: list[dict]) -> str:
    columns = ["doc", *LABELS, "spans", "regions", "region_chars"]
    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join(" --- " for _ in columns) + "|"]
    for row in [*rows, total(rows)]:
        cells = [f"`{row['doc']}`" if row["doc"] != "total" else "**total**"]
        cells += [str(row[key]) for key in columns[1:]]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="*", type=Path, help="gold .jsonl files or folders (default: annotations/ner)")
    parser.add_argument("--docs-dir", type=Path, default=None, help="where stand-off documents are read from")
    parser.add_argument("--json", type=Path, default=None, help="also write the counts as JSON to this file")
    args = parser.parse_args(argv)
    documents: list[GoldDocument] = []
    for path in args.gold or [DEFAULT_GOLD]:
        documents.extend(load_gold(path, args.docs_dir))
    rows = stats(documents)
    print(markdown(rows))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"documents": rows, "total": total(rows)}, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

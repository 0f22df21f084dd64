"""Table benchmark: indicator, fund and account rows of the public pipeline against the table gold.

    python scripts/bench_tables.py [--seeds DIR] [--gold DIR] [--json PATH]

For every seed that has a gold file in ``annotations/tables/`` this runs
``mbnlp.extract(mbnlp.load_document(path))`` and reports, per seed and per record type
(indicators, funds, accounts):

* gold rows, predicted rows (inside the annotated table regions, SPEC §5) and predicted
  rows outside them (not scored);
* exact rows: gold rows reproduced with every gold field equal (offsets and table ids
  are never compared);
* cell accuracy: the share of gold fields equal, over all gold rows (a gold row with no
  matching prediction counts all its fields wrong);
* false rows: predicted rows inside the regions that match no gold row.

Rows are matched by key — indicators ``(project, level3)``, funds ``(project, item)``,
accounts ``(table, side, code, name, column)`` with ``table`` the printed label
(``公开02表``) or, without one, the title; a predicted account's ``table`` id is mapped
to its table's label/title through the ``tables`` list. Keys that occur several times
(the same name twice on one side of a statement) are paired in document order. Strings
are compared after NFKC and with all whitespace removed; numbers are compared as the
exact decimal strings.

If ``mbnlp.tables.render`` exists with ``render_grid(rows, layout)``, a per-layout
section re-renders every reconstructed table of a seed in every layout, extracts the
re-rendered document again and scores it against the same gold.

The gold is stand-off (SPEC §5): a field given as ``<field>_span: [start, end]`` is read
from the seed text; a gold line whose ``sha256`` differs from the seed's bytes is refused.
Always exits 0; the numbers are the result.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import importlib.util
import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import mbnlp  # noqa: E402

DEFAULT_SEEDS = (ROOT / ".." / "shared" / "seeds").resolve()
DEFAULT_GOLD = ROOT / "annotations" / "tables"
RECORD_TYPES = ("indicators", "funds", "accounts")
FIELDS = {
    "indicators": ("project", "level1", "level2", "level3", "nature", "operator", "target", "actual",
                   "unit", "weight", "score", "deviation"),
    "funds": ("project", "item", "initial_budget", "full_year_budget", "executed", "weight",
              "execution_rate", "score", "unit"),
    "accounts": ("table", "code", "name", "level", "side", "column", "value", "unit"),
}
KEYS = {
    "indicators": ("project", "level3"),
    "funds": ("project", "item"),
    "accounts": ("table", "side", "code", "name", "column"),
}
DEFAULT_LAYOUTS = ("tabbed", "cell_lines", "spaced", "pipe", "html", "column_major")
_SPACE = re.compile(r"\s+")


def norm(value: Any) -> Any:
    """Comparison form: NFKC, no whitespace; ``None`` and ``""`` are the same (empty)."""
    if value is None:
        return None
    text = _SPACE.sub("", unicodedata.normalize("NFKC", str(value)))
    return text or None


# ---------------------------------------------------------------- gold


def load_gold(path: Path, seeds_dir: Path) -> tuple[Path, str, list[dict]]:
    """The seed path, its decoded text and the gold tables of one gold file (spans resolved)."""
    tables = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not tables:
        raise ValueError(f"{path.name}: empty gold file")
    doc = tables[0]["doc"]
    seed = seeds_dir / doc
    data = seed.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    for table in tables:
        if table["doc"] != doc:
            raise ValueError(f"{path.name}: lines for two documents ({doc}, {table['doc']})")
        if table["sha256"] != sha:
            raise ValueError(f"{path.name}: sha256 {table['sha256'][:12]}… does not match {doc} ({sha[:12]}…)")
    text = mbnlp.load_document(data, source=str(seed)).text
    for table in tables:
        for record in table["indicators"] + table["funds"] + table["accounts"]:
            resolve_spans(record, text)
    return seed, text, tables


def resolve_spans(record: dict, text: str) -> None:
    """Replace ``<field>_span: [start, end]`` by ``<field>: text[start:end]`` (stand-off values)."""
    for name in [name for name in record if name.endswith("_span")]:
        start, end = record.pop(name)
        record[name[: -len("_span")]] = text[start:end]


def table_identity(label: str | None, title: str | None) -> str | None:
    return norm(label) or norm(title)


def gold_rows(tables: list[dict]) -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {kind: [] for kind in RECORD_TYPES}
    for table in tables:
        for record in table["indicators"]:
            rows["indicators"].append({**record, "project": record.get("project", table.get("project"))})
        for record in table["funds"]:
            rows["funds"].append({**record, "project": record.get("project", table.get("project"))})
        identity = table_identity(table.get("label"), table.get("title"))
        for record in table["accounts"]:
            rows["accounts"].append({**record, "table": identity})
    return rows


# ---------------------------------------------------------------- predictions


def predicted_rows(result: Any, gold_tables: list[dict]) -> dict[str, list[dict]]:
    """SPEC §2 records of ``result`` as dicts; accounts get ``table`` = the gold-comparable identity."""
    labels = {norm(t.get("label")): table_identity(t.get("label"), t.get("title")) for t in gold_tables if t.get("label")}
    titles = {norm(t.get("title")): table_identity(t.get("label"), t.get("title")) for t in gold_tables if t.get("title")}
    identity_of: dict[str, str | None] = {}
    for table in getattr(result, "tables", []) or []:
        data = table.model_dump() if hasattr(table, "model_dump") else dict(table)
        label, title = norm(data.get("label")), norm(data.get("title"))
        identity_of[data["id"]] = labels.get(label) or titles.get(title) or label or title
    rows: dict[str, list[dict]] = {}
    for kind in RECORD_TYPES:
        records = []
        for record in getattr(result, kind, []) or []:
            data = record.model_dump() if hasattr(record, "model_dump") else dict(record)
            if kind == "accounts":
                data["table"] = identity_of.get(data.get("table"), data.get("table"))
            records.append(data)
        rows[kind] = records
    return rows


def inside(record: dict, regions: list[tuple[int, int]]) -> bool:
    start = record.get("start")
    if start is None:
        return True
    return any(a <= start < b for a, b in regions)


# ---------------------------------------------------------------- scoring


def key_of(kind: str, record: dict) -> tuple:
    return tuple(norm(record.get(field)) for field in KEYS[kind])


def score(kind: str, gold: list[dict], predicted: list[dict]) -> dict[str, Any]:
    """Match by key (repeated keys paired in order) and count exact rows, equal fields, false rows."""
    queues: dict[tuple, list[dict]] = defaultdict(list)
    for record in predicted:
        queues[key_of(kind, record)].append(record)
    fields = FIELDS[kind]
    exact = equal = 0
    misses: list[dict] = []
    for record in gold:
        queue = queues.get(key_of(kind, record))
        match = queue.pop(0) if queue else None
        if match is None:
            misses.append({field: record.get(field) for field in KEYS[kind]})
            continue
        same = [norm(record.get(field)) == norm(match.get(field)) for field in fields]
        equal += sum(same)
        exact += all(same)
    false_rows = sum(len(queue) for queue in queues.values())
    total_fields = len(gold) * len(fields)
    return {
        "gold": len(gold),
        "predicted": len(predicted),
        "exact": exact,
        "exact_rate": exact / len(gold) if gold else None,
        "cell_accuracy": equal / total_fields if total_fields else None,
        "false_rows": false_rows,
        "missed_examples": misses[:5],
    }


def bench_seed(seed: Path, text: str, tables: list[dict]) -> dict[str, Any]:
    regions = [tuple(t["region"]) for t in tables if t.get("region")]
    result = mbnlp.extract(mbnlp.load_document(seed))
    gold = gold_rows(tables)
    predicted = predicted_rows(result, tables)
    report: dict[str, Any] = {"errors": [e.model_dump() for e in getattr(result, "errors", [])]}
    for kind in RECORD_TYPES:
        scored_rows = [r for r in predicted[kind] if inside(r, regions)]
        entry = score(kind, gold[kind], scored_rows)
        entry["predicted_outside_regions"] = len(predicted[kind]) - len(scored_rows)
        report[kind] = entry
    report["_result"] = result
    return report


def totals(per_seed: dict[str, dict]) -> dict[str, dict]:
    out = {}
    for kind in RECORD_TYPES:
        gold = sum(s[kind]["gold"] for s in per_seed.values())
        exact = sum(s[kind]["exact"] for s in per_seed.values())
        cells = sum((s[kind]["cell_accuracy"] or 0) * s[kind]["gold"] * len(FIELDS[kind]) for s in per_seed.values())
        out[kind] = {
            "gold": gold,
            "predicted": sum(s[kind]["predicted"] for s in per_seed.values()),
            "exact": exact,
            "exact_rate": exact / gold if gold else None,
            "cell_accuracy": cells / (gold * len(FIELDS[kind])) if gold else None,
            "false_rows": sum(s[kind]["false_rows"] for s in per_seed.values()),
        }
    return out


# ---------------------------------------------------------------- per layout


def render_module() -> Any | None:
    if importlib.util.find_spec("mbnlp.tables") is None:
        return None
    try:
        if importlib.util.find_spec("mbnlp.tables.render") is None:
            return None
        module = importlib.import_module("mbnlp.tables.render")
    except Exception:  # a broken module is reported as missing
        return None
    return module if callable(getattr(module, "rerender_tables", None)) else None


def bench_layouts(module: Any, seeds: dict[str, tuple[Path, str, list[dict], Any]]) -> dict[str, Any]:
    layouts = tuple(getattr(module, "LAYOUTS", None) or DEFAULT_LAYOUTS)
    section: dict[str, Any] = {}
    for layout in layouts:
        per_seed: dict[str, dict] = {}
        for name, (seed, text, tables, result) in seeds.items():
            try:
                new_text = module.rerender_tables(mbnlp.load_document(seed), layout)
                rerun = mbnlp.extract(mbnlp.load_document(new_text.encode("utf-8"), source=f"{seed.name}#{layout}"))
            except Exception as error:  # one layout failing must not hide the others
                per_seed[name] = {"error": f"{type(error).__name__}: {error}"}
                continue
            gold = gold_rows(tables)
            predicted = predicted_rows(rerun, tables)
            per_seed[name] = {kind: score(kind, gold[kind], predicted[kind]) for kind in RECORD_TYPES}
        ok = {k: v for k, v in per_seed.items() if "error" not in v}
        section[layout] = {"seeds": per_seed, "totals": totals(ok) if ok else None}
    return section


# ---------------------------------------------------------------- output


def pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def print_report(report: dict[str, Any]) -> None:
    header = ("seed", "type", "gold", "pred", "exact", "exact %", "cells %", "false", "out")
    lines = []
    for name, seed in report["seeds"].items():
        if "error" in seed:
            lines.append((name[:3], "error", seed["error"], "", "", "", "", "", ""))
            continue
        for kind in RECORD_TYPES:
            s = seed[kind]
            lines.append((name[:3], kind, s["gold"], s["predicted"], s["exact"], pct(s["exact_rate"]),
                          pct(s["cell_accuracy"]), s["false_rows"], s["predicted_outside_regions"]))
    for kind, s in report["totals"].items():
        lines.append(("ALL", kind, s["gold"], s["predicted"], s["exact"], pct(s["exact_rate"]),
                      pct(s["cell_accuracy"]), s["false_rows"], ""))
    layout_lines = []
    if isinstance(report["layouts"], dict) and "skipped" not in report["layouts"]:
        for layout, entry in report["layouts"].items():
            for kind, s in (entry["totals"] or {}).items():
                layout_lines.append((layout, kind, s["gold"], s["predicted"], s["exact"], pct(s["exact_rate"]),
                                     pct(s["cell_accuracy"]), s["false_rows"]))
            for name, seed in entry["seeds"].items():
                if "error" in seed:
                    layout_lines.append((layout, f"{name}: {seed['error']}", "", "", "", "", "", ""))
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:  # plain text fallback
        print("\t".join(header))
        for line in lines:
            print("\t".join(str(c) for c in line))
        if layout_lines:
            print("\nper layout (all seeds)")
            for line in layout_lines:
                print("\t".join(str(c) for c in line))
        else:
            print(f"\nper layout: {report['layouts'].get('skipped')}")
        return
    console = Console()
    table = Table(title="Table gold: rows reproduced by mbnlp.extract")
    for column in header:
        table.add_column(column, justify="left" if column in ("seed", "type") else "right", no_wrap=True)
    for line in lines:
        table.add_row(*(str(c) for c in line))
    console.print(table)
    if layout_lines:
        per_layout = Table(title="Per layout (re-rendered reconstructed tables, all seeds)")
        for column in ("layout", "type", "gold", "pred", "exact", "exact %", "cells %", "false"):
            per_layout.add_column(column)
        for line in layout_lines:
            per_layout.add_row(*(str(c) for c in line))
        console.print(per_layout)
    else:
        console.print(f"per layout: {report['layouts'].get('skipped')}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="folder of the seed documents")
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="folder of the table gold (*.jsonl)")
    parser.add_argument("--json", type=Path, help="also write the report as JSON to this path")
    args = parser.parse_args(argv)

    report: dict[str, Any] = {"mbnlp_version": mbnlp.__version__, "seeds": {}, "totals": {}, "layouts": {}}
    loaded: dict[str, tuple[Path, str, list[dict], Any]] = {}
    for gold_file in sorted(args.gold.glob("*.jsonl")):
        name = gold_file.stem
        try:
            seed, text, tables = load_gold(gold_file, args.seeds)
        except (OSError, ValueError, KeyError) as error:
            report["seeds"][name] = {"error": f"gold refused: {error}"}
            continue
        seed_report = bench_seed(seed, text, tables)
        loaded[name] = (seed, text, tables, seed_report.pop("_result"))
        report["seeds"][name] = seed_report
    report["totals"] = totals({k: v for k, v in report["seeds"].items() if "error" not in v})

    module = render_module()
    if module is None:
        report["layouts"] = {"skipped": "the per-layout section needs mbnlp.tables.render with render_grid(rows, layout)"}
    else:
        report["layouts"] = bench_layouts(module, loaded)

    print_report(report)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

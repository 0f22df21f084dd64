"""Extreme inputs through the whole ``mbnlp extract``: wall time and peak memory of each.

    python scripts/bench_extreme.py [--big-mb 200 ...] [--process-big] [--json PATH]

Generates, in a temporary folder, documents written by this script (invented numbers):

* ``big N MB``: one file of each ``--big-mb`` size (budget-like lines repeated; several sizes
  give the memory curve); refused by the default ``--max-bytes`` limit without being read, or
  with ``--process-big`` extracted for real (``--max-bytes 0``; slow: a few seconds per MB);
* ``one_cell_lines``: 100 000 lines, a cell-per-line table of 49 999 rows;
* ``wide``: a tab-separated table of 500 columns;
* ``nested_html``: a table inside 10 000 nested ``<div>`` elements;
* ``spaced_rows``: a space-aligned table of 5 000 rows (the layout whose column finding
  was quadratic before).

Each runs as its own ``python -m mbnlp extract FILE --out DIR`` process; the report gives
its status line, seconds and peak resident memory (from ``wait4``), and how the time
grows when the input doubles (``x2 time``: 2.0 is linear), the start-up time of a
process on a one-line document taken off both (``—`` where that leaves under a second to
compare). The sizes in the table are the ones named above; the doubled run is only timed.
Always exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

MIN_WORK_SECONDS = 1.0


def one_cell_lines(rows: int) -> str:
    pairs = "".join(f"支出{row}\n{row}.{row % 100:02d}\n" for row in range(1, rows))
    return f"青溪县测试局2022年部门决算\n一、支出决算表\n金额单位：元\n项目\n金额\n{pairs}"


def wide(columns: int) -> str:
    header = "\t".join(["项目"] + [f"第{column}列" for column in range(1, columns)])
    rows = ["\t".join([f"支出{row}"] + [f"{row}{column}.50" for column in range(1, columns)]) for row in range(1, 41)]
    return f"青溪县测试局2022年部门决算\n金额单位：元\n{header}\n" + "\n".join(rows) + "\n"


def nested_html(depth: int) -> str:
    rows = "".join(f"<tr><td>支出{row}</td><td>{row}.25</td></tr>" for row in range(1, 201))
    table = f"<table><tr><th>项目</th><th>金额</th></tr>{rows}</table>"
    body = f"<p>青溪县测试局2022年部门决算</p><p>金额单位：万元</p>{table}"
    return "<html><body>" + "<div>" * depth + body + "</div>" * depth + "</body></html>"


def spaced_rows(rows: int) -> str:
    lines = "\n".join(f"2101501{row:05d}    行政运行{row}    {row}.00" for row in range(1, rows + 1))
    return f"青溪县测试局2022年部门决算\n金额单位：元\n科目编码    科目名称    本年支出合计\n{lines}\n"


CASES: dict[str, tuple[Callable[[int], str], int]] = {
    "one_cell_lines": (lambda size: one_cell_lines(size // 2), 100_000),
    "wide": (wide, 500),
    "nested_html": (nested_html, 10_000),
    "spaced_rows": (spaced_rows, 5_000),
}


def write_big(path: Path, megabytes: float) -> None:
    """``megabytes`` MB of budget-like lines, written in chunks (never held whole)."""
    chunk = "".join(
        f"第{row}项支出\t{row}.50\t说明文字，本项目年度执行情况良好。\n" for row in range(1, 20_000)
    ).encode()
    with path.open("wb") as sink:
        while sink.tell() < megabytes * 1_000_000:
            sink.write(chunk)


def run_extract(path: Path, out: Path, *options: str) -> dict:
    """One ``mbnlp extract`` process: its last output line, seconds and peak RSS in MB."""
    command = [sys.executable, "-m", "mbnlp", "extract", str(path), "--out", str(out), "--no-progress", "--force"]
    started = time.perf_counter()
    process = subprocess.Popen([*command, *options], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    _, _, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    lines = process.stdout.read().strip().splitlines()
    process.stdout.close()
    errors = [json.loads(line)["errors"] for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    return {
        "summary": lines[-1] if lines else "",
        "error": errors[0][0]["message"].split(": ", 1)[-1] if errors and errors[0] else "",
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--big-mb", type=float, nargs="+", default=[200], help="Sizes of the big files in MB.")
    parser.add_argument("--process-big", action="store_true", help="Extract the big file for real (--max-bytes 0).")
    parser.add_argument("--json", type=Path, help="Also write the results here as JSON.")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for megabytes in args.big_mb:
            big = folder / f"big {megabytes:g}MB.txt"
            write_big(big, megabytes)
            name = f"big {megabytes:g} MB"
            results[name] = run_extract(big, folder / "out", *(["--max-bytes", "0"] if args.process_big else []))
            results[name]["bytes"] = big.stat().st_size
            big.unlink()
        tiny = folder / "tiny.txt"
        tiny.write_text("青溪县测试局2022年部门决算\n", encoding="utf-8")
        start_up = run_extract(tiny, folder / "out")["seconds"]
        for name, (make, size) in CASES.items():
            runs = []
            for scale in (size, 2 * size):
                path = folder / f"{name}.{'html' if name == 'nested_html' else 'txt'}"
                path.write_text(make(scale), encoding="utf-8")
                runs.append({**run_extract(path, folder / "out"), "bytes": path.stat().st_size})
            work = [run["seconds"] - start_up for run in runs]
            results[name] = {**runs[0], "x2_time": round(work[1] / work[0], 2) if work[0] >= MIN_WORK_SECONDS else None}
    table = Table(title="mbnlp extract on extreme inputs (one process each)")
    for column in ("input", "bytes", "result", "seconds", "peak RSS MB", "x2 time"):
        table.add_column(column)
    for name, result in results.items():
        outcome = result["error"] or result["summary"]
        table.add_row(
            name,
            str(result["bytes"]),
            outcome,
            str(result["seconds"]),
            str(result["peak_rss_mb"]),
            str(result.get("x2_time") or "—"),
        )
    Console(width=160).print(table)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()

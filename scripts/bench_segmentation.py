"""Segmentation speed: bare ``jieba.lcut`` against mbnlp's tokenizer, in characters per second.

    python scripts/bench_segmentation.py [--repeat N] [--seeds DIR] [--json PATH]

The corpus is every seed document and every file in ``examples/``, concatenated and
repeated ``N`` times (default 20). Both sides get one warm-up call (dictionary loading
is not timed), then the best of three timed runs counts. mbnlp's tokenizer builds a
spaCy ``Doc``, so its number includes what jieba alone does not do. Prints both
speeds and their ratio (jieba / mbnlp: how many times slower mbnlp is); ``--json``
also writes them.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import jieba
import spacy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import mbnlp.segmentation  # noqa: F401  (registers mbnlp.JiebaTokenizer.v1)


def best_seconds(function: Callable[[str], object], text: str, runs: int = 3) -> float:
    """The fastest of ``runs`` timed calls, after one untimed warm-up call."""
    return min(seconds_over(function, [text]) for _ in range(runs))


def seconds_over(function: Callable[[str], object], texts: Sequence[str]) -> float:
    """Seconds of one call of ``function`` on each of ``texts``, after one untimed warm-up call
    (dictionary loading is not timed)."""
    if texts:
        function(texts[0][:1000])
    start = time.perf_counter()
    for text in texts:
        function(text)
    return time.perf_counter() - start


def bare_jieba() -> Callable[[str], list[str]]:
    """Bare jieba segmentation (``jieba.lcut``, its default dictionary), its log quietened."""
    logging.getLogger("jieba").setLevel(logging.WARNING)
    return jieba.lcut


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--json", type=Path)
    arguments = parser.parse_args()
    paths = sorted(arguments.seeds.glob("*.txt")) + sorted((ROOT / "examples").iterdir())
    text = "\n".join(path.read_text(encoding="utf-8") for path in paths) * arguments.repeat
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "mbnlp.JiebaTokenizer.v1"}}})
    jieba_seconds = best_seconds(bare_jieba(), text)
    mbnlp_seconds = best_seconds(nlp.tokenizer, text)
    result = {
        "characters": len(text),
        "files": len(paths),
        "jieba_chars_per_second": round(len(text) / jieba_seconds),
        "mbnlp_chars_per_second": round(len(text) / mbnlp_seconds),
        "ratio": round(mbnlp_seconds / jieba_seconds, 2),
    }
    print(f"{len(text):,} characters ({len(paths)} files × {arguments.repeat})")
    print(f"jieba.lcut        {result['jieba_chars_per_second']:>12,} chars/s")
    print(f"mbnlp tokenizer   {result['mbnlp_chars_per_second']:>12,} chars/s")
    print(f"ratio             {result['ratio']:>12} × the time of bare jieba")
    if arguments.json:
        arguments.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

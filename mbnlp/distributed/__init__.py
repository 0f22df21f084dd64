"""Batch extraction on one machine or on a Ray cluster (see ``docs/distributed.md``)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..batch import BatchSummary, Engine, extract_paths


def extract(
    paths: Iterable[str],
    out_dir: str | Path,
    *,
    engine: Engine = "local",
    address: str | None = None,
    jobs: int = 1,
    **options: Any,
) -> BatchSummary:
    """Extract every document under ``paths`` into ``out_dir`` with :func:`mbnlp.batch.extract_paths`,
    on ``jobs`` local worker processes (``engine="local"``) or ``jobs`` Ray actors
    (``engine="ray"``, on the cluster at ``address``, else on a local Ray instance).
    ``options`` are those of :func:`~mbnlp.batch.extract_paths` (``csv``, ``max_bytes``, ``model``, …)."""
    return extract_paths(paths, out_dir, engine=engine, address=address, jobs=jobs, **options)

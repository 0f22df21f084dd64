"""Shared fixtures: the seed documents, read from ../shared/seeds (never copied into the repo)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

SEEDS_DIR = (Path(__file__).parents[1] / ".." / "shared" / "seeds").resolve()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The folder of seed documents; skipped when absent (a failure on CI)."""
    if not SEEDS_DIR.is_dir():
        message = f"seed documents not found at {SEEDS_DIR}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return SEEDS_DIR


@pytest.fixture(scope="session")
def seed(seeds_dir: Path) -> Callable[[str], Path]:
    """``seed("003")``: the path of the seed whose file name starts with that prefix."""

    def find(prefix: str) -> Path:
        matches = sorted(seeds_dir.glob(f"{prefix}*"))
        if len(matches) != 1:
            pytest.fail(f"expected one seed starting with {prefix!r} in {seeds_dir}, found {len(matches)}")
        return matches[0]

    return find

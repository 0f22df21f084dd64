"""The rules, one module per part of SPEC §4; importing them registers them."""

from . import cross, economic, narrative, performance, rollup, rows, summary, three_public  # noqa: F401  (registration)

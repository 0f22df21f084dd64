"""Output folder layout of SPEC §2: JSON lines, Parquet datasets, DuckDB, CSV."""

from .writer import DATABASE, DOCUMENTS_JSONL, OutputWriter, build_database, write_csv

__all__ = ["DATABASE", "DOCUMENTS_JSONL", "OutputWriter", "build_database", "write_csv"]

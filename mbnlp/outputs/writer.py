"""Write ``DocumentResult``s to the SPEC §2 output layout of one folder.

``DIR/documents.jsonl``          one JSON object per input, each line appended whole
``DIR/<record type>/part-*.parquet``  one dataset per record type, written in parts
``DIR/mbnlp.duckdb``             one table per record type, built from the parts at the end
``DIR/csv/<record type>.csv``    on request: UTF-8 with BOM, list columns as JSON
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from types import TracebackType

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ..records import RECORD_TYPES, DocumentResult, arrow_schema
from ..records.tabular import record_rows

DOCUMENTS_JSONL = "documents.jsonl"
DATABASE = "mbnlp.duckdb"
CSV_DIR = "csv"
UTF8_BOM = b"\xef\xbb\xbf"


class OutputWriter:
    """Stream results into an output folder; ``close()`` (or leaving the ``with``) finishes it.

    Results are buffered and flushed to a new Parquet part file per record type every
    ``flush_every`` documents, so memory stays flat in the number of documents. A new
    writer starts the folder afresh: it removes the outputs of an earlier run (and only
    those files).
    """

    def __init__(self, out_dir: str | Path, *, csv: bool = False, flush_every: int = 200) -> None:
        self.out_dir = Path(out_dir)
        self.csv = csv
        self.flush_every = flush_every
        self._run_id = uuid.uuid4().hex[:12]
        self._part = 0
        self._buffer: list[DocumentResult] = []
        self._remove_previous_outputs()
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self._jsonl = (self.out_dir / DOCUMENTS_JSONL).open("a", encoding="utf-8")

    def __enter__(self) -> OutputWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def write(self, result: DocumentResult) -> None:
        """Append one result: its JSON line now, its rows with the next part files."""
        self._jsonl.write(result.to_json() + "\n")
        self._jsonl.flush()
        self._buffer.append(result)
        if len(self._buffer) >= self.flush_every:
            self._flush_parts()

    def close(self) -> None:
        """Flush the last parts, then build the DuckDB database (and the CSV files)."""
        if self._jsonl.closed:
            return
        self._flush_parts()
        self._jsonl.close()
        build_database(self.out_dir)
        if self.csv:
            write_csv(self.out_dir)

    def _flush_parts(self) -> None:
        if not self._buffer:
            return
        for record_type in RECORD_TYPES:
            rows = [row for result in self._buffer for row in record_rows(result, record_type)]
            if rows:
                folder = self.out_dir / record_type
                folder.mkdir(exist_ok=True)
                table = pa.Table.from_pylist(rows, schema=arrow_schema(record_type))
                pq.write_table(table, folder / f"part-{self._run_id}-{self._part:05d}.parquet")
        self._part += 1
        self._buffer.clear()

    def _remove_previous_outputs(self) -> None:
        for name in (DOCUMENTS_JSONL, DATABASE, f"{DATABASE}.wal"):
            (self.out_dir / name).unlink(missing_ok=True)
        for record_type in RECORD_TYPES:
            for part in (self.out_dir / record_type).glob("part-*.parquet"):
                part.unlink()
        shutil.rmtree(self.out_dir / CSV_DIR, ignore_errors=True)


def _parquet_glob(out_dir: Path, record_type: str) -> str | None:
    folder = out_dir / record_type
    return str(folder / "*.parquet") if any(folder.glob("part-*.parquet")) else None


def build_database(out_dir: str | Path) -> Path:
    """(Re)build ``DIR/mbnlp.duckdb`` from the Parquet datasets: one table per record type."""
    out_dir = Path(out_dir)
    path = out_dir / DATABASE
    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as con:
        for record_type in RECORD_TYPES:
            pattern = _parquet_glob(out_dir, record_type)
            if pattern is None:
                con.register("empty_records", arrow_schema(record_type).empty_table())
                con.execute(f'CREATE TABLE "{record_type}" AS SELECT * FROM empty_records')
                con.unregister("empty_records")
            else:
                con.execute(f"CREATE TABLE \"{record_type}\" AS SELECT * FROM read_parquet(?)", [pattern])
    return path


def write_csv(out_dir: str | Path) -> list[Path]:
    """Write ``DIR/csv/<record type>.csv`` (UTF-8 with BOM, so Excel reads the Chinese text)."""
    out_dir = Path(out_dir)
    csv_dir = out_dir / CSV_DIR
    csv_dir.mkdir(exist_ok=True)
    written = []
    with duckdb.connect(str(out_dir / DATABASE), read_only=True) as con:
        for record_type in RECORD_TYPES:
            schema = arrow_schema(record_type)
            columns = ", ".join(
                f'to_json("{f.name}")::VARCHAR AS "{f.name}"' if pa.types.is_list(f.type) else f'"{f.name}"'
                for f in schema
            )
            table = pa.table(con.sql(f'SELECT {columns} FROM "{record_type}"'))
            path = csv_dir / f"{record_type}.csv"
            with path.open("wb") as sink:
                sink.write(UTF8_BOM)
                pacsv.write_csv(table, sink)
            written.append(path)
    return written

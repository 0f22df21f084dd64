"""Write ``DocumentResult``s to the SPEC §2 output layout of one folder, resumably.

``DIR/documents.jsonl``          the journal: one JSON object per input, each line appended whole
``DIR/<record type>/part-*.parquet``  one dataset per record type, written in parts
``DIR/mbnlp.duckdb``             one table per record type, built from the parts at the end
``DIR/csv/<record type>.csv``    on request: UTF-8 with BOM, list columns as JSON

The journal is the truth. A Parquet part is written to a hidden temporary name and
renamed into place; the parts written together share a name, and the ``documents``
part is written last, so it commits them. Opening a folder again repairs what a killed
run left: a torn last journal line is cut off, uncommitted parts are removed, part
rows of documents no longer in the journal are dropped, and the journal lines that have
no parts yet get theirs. So after ``close()`` every journal line has exactly one row in
``documents`` and its records once in every dataset, whenever a run stopped.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import uuid
from collections.abc import Collection, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import IO, BinaryIO, NamedTuple

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ..errors import OutputLockedError
from ..records import RECORD_TYPES, DocumentResult, arrow_schema
from ..records.tabular import lines_to_tables

DOCUMENTS_JSONL = "documents.jsonl"
DATABASE = "mbnlp.duckdb"
CSV_DIR = "csv"
UTF8_BOM = b"\xef\xbb\xbf"
TEMP_PREFIX = ".tmp-"
LOCK = ".mbnlp.lock"
#: Record types whose parts a ``documents`` part commits (it is written after them).
DEPENDENT_TYPES = tuple(record_type for record_type in RECORD_TYPES if record_type != "documents")

Key = tuple[str | None, str]
"""What identifies one journal line: ``(doc_id, source)``."""
#: Parts are written when the buffered journal lines reach ``flush_every`` documents or this many bytes.
FLUSH_BYTES = 32 << 20
#: What DuckDB may hold in memory while it builds the database from the parts (it spills the rest to disk).
DATABASE_MEMORY = "64MB"
_HEAD = re.compile(rb'\{"doc_id":(null|"(?:[^"\\]|\\.)*"),"source":("(?:[^"\\]|\\.)*"),"status":("[a-z]+")')


class JournalEntry(NamedTuple):
    """What a resumed run needs to know of one journal line."""

    doc_id: str | None
    source: str
    status: str


class ResultLine(NamedTuple):
    """One result as the journal holds it: its key and status, and its JSON line (UTF-8, without
    the newline). It is what worker processes send back: a few strings, cheap to pass and to write."""

    doc_id: str | None
    source: str
    status: str
    json: bytes

    @classmethod
    def of(cls, result: DocumentResult) -> ResultLine:
        return cls(result.doc_id, result.source, result.status, result.to_json_bytes())

    def result(self) -> DocumentResult:
        """The ``DocumentResult`` this line holds."""
        return DocumentResult.model_validate_json(self.json)


class OutputWriter:
    """Stream results into an output folder; ``close()`` (or leaving the ``with``) finishes it.

    Journal lines are buffered and flushed to new Parquet parts every ``flush_every`` documents
    (or :data:`FLUSH_BYTES` of lines), so memory stays flat in the number of documents. Parts are
    written by a background thread, one set at a time and in order, while the caller goes on
    (Arrow's JSON reader and Parquet writer release the GIL).
    ``resume=False`` starts the folder afresh (it removes the outputs of an earlier run, and only
    those files); otherwise the earlier run's journal is kept, repaired, completed with the parts
    it lacks, and listed in ``done``.
    """

    def __init__(self, out_dir: str | Path, *, csv: bool = False, flush_every: int = 200, resume: bool = True) -> None:
        self.out_dir = Path(out_dir)
        self.csv = csv
        self.flush_every = flush_every
        self._run_id = uuid.uuid4().hex[:12]
        self._part = 0
        self._buffer: list[bytes] = []
        self._buffered_bytes = 0
        self._parts = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mbnlp-parts")
        self._pending: Future[None] | None = None
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self._lock = _lock_folder(self.out_dir)
        if not resume:
            remove_outputs(self.out_dir)
        self._journal_path = self.out_dir / DOCUMENTS_JSONL
        repair_journal(self._journal_path)
        self.done: dict[Key, JournalEntry] = {(e.doc_id, e.source): e for e in read_journal(self._journal_path)}
        remove_uncommitted_parts(self.out_dir)
        committed = committed_keys(self.out_dir)
        if stale := committed - self.done.keys():
            drop_part_rows(self.out_dir, stale)
        self._jsonl = self._journal_path.open("ab")
        self._complete_parts(self.done.keys() - committed)

    def __enter__(self) -> OutputWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def retract(self, keys: Collection[Key]) -> None:
        """Remove earlier results (failed ones to retry) from the journal and from every dataset."""
        keys = set(keys) & self.done.keys()
        if not keys:
            return
        self._flush_parts()
        self._wait_for_parts()
        self._jsonl.close()
        kept = self.out_dir / f"{TEMP_PREFIX}{DOCUMENTS_JSONL}"
        with self._journal_path.open("rb") as lines, kept.open("wb") as sink:
            for line in lines:
                if _line_key(line) not in keys:
                    sink.write(line)
            _sync(sink)
        os.replace(kept, self._journal_path)
        for key in keys:
            del self.done[key]
        drop_part_rows(self.out_dir, keys)
        self._jsonl = self._journal_path.open("ab")

    def write(self, result: DocumentResult | ResultLine) -> None:
        """Append one result: its JSON line now, its rows with the next part files."""
        line = result.json if isinstance(result, ResultLine) else result.to_json_bytes()
        self._jsonl.write(line + b"\n")
        self._jsonl.flush()
        self._add_to_parts(line)

    def close(self) -> None:
        """Flush the last parts, build DuckDB (and CSV)."""
        if self._jsonl.closed:
            return
        self._flush_parts()
        self._wait_for_parts()
        self._parts.shutdown()
        self._jsonl.close()
        build_database(self.out_dir)
        if self.csv:
            write_csv(self.out_dir)
        self._lock.close()

    def _add_to_parts(self, line: bytes) -> None:
        """Buffer a journal line (without its newline) for the next parts; write them when full."""
        self._buffer.append(line)
        self._buffered_bytes += len(line)
        if len(self._buffer) >= self.flush_every or self._buffered_bytes >= FLUSH_BYTES:
            self._flush_parts()

    def _flush_parts(self) -> None:
        """Write the parts of the buffered journal lines."""
        if self._buffer:
            self._write_parts(self._buffer)
            self._buffer = []
            self._buffered_bytes = 0

    def _complete_parts(self, keys: Collection[Key]) -> None:
        """Write parts for the journal lines of ``keys``, which have none (a run killed before flushing them)."""
        if not keys:
            return
        with self._journal_path.open("rb") as lines:
            for line in lines:
                if _line_key(line) in keys:
                    self._add_to_parts(line.rstrip(b"\n"))
        self._flush_parts()

    def _write_parts(self, lines: list[bytes]) -> None:
        """Have the background thread make the journal durable, then write the parts of ``lines``
        (after the parts handed to it before, whose errors are raised here)."""
        if lines:
            self._wait_for_parts()
            name = f"part-{self._run_id}-{self._part:05d}"
            self._pending = self._parts.submit(self._commit_parts, lines, name)
            self._part += 1

    def _commit_parts(self, lines: list[bytes], name: str) -> None:
        os.fsync(self._jsonl.fileno())  # the lines were flushed to it before they were handed over
        write_parts(self.out_dir, lines, name)

    def _wait_for_parts(self) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.result()


def _lock_folder(out_dir: Path) -> BinaryIO:
    """An exclusive lock on ``out_dir`` for one writer (released on close, or when the process dies)."""
    lock = (out_dir / LOCK).open("wb")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.close()
        raise OutputLockedError(f"{out_dir} is being written by another mbnlp run") from None
    return lock


def _sync(stream: IO) -> None:
    stream.flush()
    os.fsync(stream.fileno())


def _line_entry(line: bytes) -> JournalEntry:
    """The key and status of one journal line, read from its head (the whole line parsed only if
    it is not laid out as ``DocumentResult.to_json`` writes it)."""
    head = _HEAD.match(line)
    if head is not None:
        return JournalEntry(*map(json.loads, head.groups()))
    whole = json.loads(line)
    return JournalEntry(whole["doc_id"], whole["source"], whole["status"])


def _line_key(line: bytes) -> Key:
    return _line_entry(line)[:2]


def repair_journal(path: Path) -> None:
    """Cut off a torn last line (a run killed while appending it); the rest is whole."""
    if not path.exists():
        return
    with path.open("rb+") as journal:
        size = journal.seek(0, os.SEEK_END)
        if size == 0:
            return
        journal.seek(size - 1)
        if journal.read(1) == b"\n":
            return
        end = size
        while end > 0:
            start = max(0, end - (1 << 16))
            journal.seek(start)
            newline = journal.read(end - start).rfind(b"\n")
            if newline >= 0:
                end = start + newline + 1
                break
            end = start
        journal.truncate(end)
        _sync(journal)


def read_journal(path: Path) -> Iterator[JournalEntry]:
    """The ``(doc_id, source, status)`` of every journal line, in order."""
    if not path.exists():
        return
    with path.open("rb") as lines:
        yield from map(_line_entry, lines)


def write_parts(out_dir: Path, lines: list[bytes], name: str) -> None:
    """Write one part per record type named ``name`` for these journal lines; the ``documents``
    part last, as the commit."""
    tables = lines_to_tables(lines)
    for record_type in (*DEPENDENT_TYPES, "documents"):
        if tables[record_type].num_rows:
            folder = out_dir / record_type
            folder.mkdir(exist_ok=True)
            _write_table_atomically(tables[record_type], folder / f"{name}.parquet")
    del tables
    pa.default_memory_pool().release_unused()  # Arrow's allocator keeps freed memory otherwise


def _write_table_atomically(table: pa.Table, path: Path) -> None:
    temporary = path.with_name(f"{TEMP_PREFIX}{path.name}")
    with temporary.open("wb") as sink:
        pq.write_table(table, sink)
        _sync(sink)
    os.replace(temporary, path)


def _parts(out_dir: Path, record_type: str) -> list[Path]:
    return sorted((out_dir / record_type).glob("part-*.parquet"))


def _row_keys(table: pa.Table) -> list[Key]:
    return list(zip(table["doc_id"].to_pylist(), table["source"].to_pylist(), strict=True))


def committed_keys(out_dir: Path) -> set[Key]:
    """The ``(doc_id, source)`` of every row of the ``documents`` dataset."""
    keys: set[Key] = set()
    for part in _parts(out_dir, "documents"):
        keys.update(_row_keys(pq.read_table(part, columns=["doc_id", "source"])))
    return keys


def remove_uncommitted_parts(out_dir: Path) -> None:
    """Remove temporary files and the parts whose ``documents`` part was never written."""
    committed = {part.name for part in _parts(out_dir, "documents")}
    for record_type in RECORD_TYPES:
        folder = out_dir / record_type
        for temporary in folder.glob(f"{TEMP_PREFIX}*"):
            temporary.unlink()
        if record_type != "documents":
            for part in _parts(out_dir, record_type):
                if part.name not in committed:
                    part.unlink()
    (out_dir / f"{TEMP_PREFIX}{DOCUMENTS_JSONL}").unlink(missing_ok=True)


def drop_part_rows(out_dir: Path, keys: Collection[Key]) -> None:
    """Rewrite the parts holding rows of ``keys`` without them; ``documents`` parts last."""
    affected = []
    for part in _parts(out_dir, "documents"):
        if any(key in keys for key in _row_keys(pq.read_table(part, columns=["doc_id", "source"]))):
            affected.append(part.name)
    for record_type in (*DEPENDENT_TYPES, "documents"):
        for name in affected:
            path = out_dir / record_type / name
            if path.exists():
                _drop_rows(path, keys)


def _drop_rows(path: Path, keys: Collection[Key]) -> None:
    table = pq.read_table(path)
    mask = [key not in keys for key in _row_keys(table)]
    if all(mask):
        return
    if any(mask):
        _write_table_atomically(table.filter(pa.array(mask)), path)
    else:
        path.unlink()


def remove_outputs(out_dir: Path) -> None:
    """Remove the outputs of an earlier run from ``out_dir`` (and only those files)."""
    for name in (DOCUMENTS_JSONL, DATABASE, f"{DATABASE}.wal", f"{TEMP_PREFIX}{DOCUMENTS_JSONL}"):
        (out_dir / name).unlink(missing_ok=True)
    for record_type in RECORD_TYPES:
        for part in (*_parts(out_dir, record_type), *(out_dir / record_type).glob(f"{TEMP_PREFIX}*")):
            part.unlink()
    shutil.rmtree(out_dir / CSV_DIR, ignore_errors=True)


def _parquet_glob(out_dir: Path, record_type: str) -> str | None:
    return str(out_dir / record_type / "part-*.parquet") if _parts(out_dir, record_type) else None


def build_database(out_dir: str | Path) -> Path:
    """(Re)build ``DIR/mbnlp.duckdb`` from the Parquet datasets: one table per record type.

    The database is built under a temporary name and renamed into place, by one DuckDB thread
    within :data:`DATABASE_MEMORY`, so its memory does not grow with the number of documents.
    """
    out_dir = Path(out_dir)
    path = out_dir / DATABASE
    temporary = out_dir / f"{TEMP_PREFIX}{DATABASE}"
    temporary.unlink(missing_ok=True)
    with duckdb.connect(str(temporary), config={"memory_limit": DATABASE_MEMORY, "threads": 1}) as con:
        for record_type in RECORD_TYPES:
            pattern = _parquet_glob(out_dir, record_type)
            if pattern is None:
                con.register("empty_records", arrow_schema(record_type).empty_table())
                con.execute(f'CREATE TABLE "{record_type}" AS SELECT * FROM empty_records')
                con.unregister("empty_records")
            else:
                con.execute(f'CREATE TABLE "{record_type}" AS SELECT * FROM read_parquet(?)', [pattern])
        con.execute("CHECKPOINT")
    (out_dir / f"{DATABASE}.wal").unlink(missing_ok=True)
    os.replace(temporary, path)
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
            temporary = csv_dir / f"{TEMP_PREFIX}{record_type}.csv"
            with temporary.open("wb") as sink:
                sink.write(UTF8_BOM)
                pacsv.write_csv(table, sink)
            os.replace(temporary, path)
            written.append(path)
    return written

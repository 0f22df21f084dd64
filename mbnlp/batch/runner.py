"""Bulk extraction: every input ends as a result, a failure or a duplicate, written as it comes.

A run on an output folder that already holds a journal resumes it: inputs recorded there
as ``ok`` or ``duplicate`` are skipped (matched by ``doc_id`` and path), inputs recorded as
``failed`` are retried (their earlier records are removed first), and the rest is extracted.
``force=True`` starts afresh.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Literal, TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..errors import MbnlpInputError, NoInputsError
from ..outputs import OutputWriter
from ..outputs.writer import JournalEntry, Key, ResultLine
from ..pipeline import extract_file, failed_result
from ..records import DocumentResult
from .inputs import InputFile, find_inputs, sha256_of_file

Engine = Literal["local", "ray"]
T = TypeVar("T")
#: Documents handed to the worker pool ahead of the one being written, per worker.
IN_FLIGHT_PER_WORKER = 2


@dataclass
class BatchSummary:
    """Counts of one batch; ``inputs == ok + failed + duplicates`` always.

    ``resumed`` counts the inputs (among ``ok`` and ``duplicates``) recorded by an earlier run.
    """

    inputs: int = 0
    ok: int = 0
    failed: int = 0
    duplicates: int = 0
    resumed: int = 0

    def add(self, status: str, *, resumed: bool = False) -> None:
        self.inputs += 1
        self.resumed += resumed
        if status == "ok":
            self.ok += 1
        elif status == "failed":
            self.failed += 1
        else:
            self.duplicates += 1

    def __str__(self) -> str:
        counts = f"{self.inputs} inputs: {self.ok} ok, {self.failed} failed, {self.duplicates} duplicates"
        return f"{counts} ({self.resumed} done by an earlier run)" if self.resumed else counts


@dataclass(frozen=True)
class _Task:
    """What to do with one input: extract it, or record it as a duplicate or as missing."""

    input: InputFile
    doc_id: str | None = None
    duplicate_of: str | None = None

    @property
    def key(self) -> Key:
        return self.doc_id, self.input.source


def _plan(inputs: list[InputFile], max_bytes: int | None) -> list[_Task]:
    """Hash every input once; the second path with the same bytes becomes a duplicate."""
    first_source: dict[str, str] = {}
    tasks = []
    for item in inputs:
        doc_id = None
        if item.exists and (max_bytes is None or Path(item.source).stat().st_size <= max_bytes):
            try:
                doc_id = sha256_of_file(item.source)
            except OSError:
                pass  # extract_file reports the read error
        if doc_id is not None and doc_id in first_source:
            tasks.append(_Task(item, doc_id, duplicate_of=first_source[doc_id]))
            continue
        if doc_id is not None:
            first_source[doc_id] = item.source
        tasks.append(_Task(item, doc_id))
    return tasks


def _resume_plan(tasks: list[_Task], done: dict[Key, JournalEntry]) -> tuple[list[_Task], dict[Key, JournalEntry]]:
    """The tasks still to do and the inputs an earlier run finished (``ok`` or ``duplicate``).

    An input whose bytes an earlier run extracted under another path becomes its duplicate.
    """
    ok_sources: dict[str, str] = {}
    for entry in done.values():
        if entry.status == "ok" and entry.doc_id is not None:
            ok_sources.setdefault(entry.doc_id, entry.source)
    todo, finished = [], {}
    for task in tasks:
        earlier = done.get(task.key)
        if earlier is not None and earlier.status != "failed":
            finished[task.key] = earlier
        elif task.doc_id in ok_sources:
            todo.append(_Task(task.input, task.doc_id, duplicate_of=ok_sources[task.doc_id]))
        else:
            todo.append(task)
    return todo, finished


def _duplicate_result(task: _Task) -> DocumentResult:
    return DocumentResult(
        doc_id=task.doc_id, source=task.input.source, status="duplicate", duplicate_of=task.duplicate_of
    )


def _missing_result(task: _Task) -> DocumentResult:
    source = task.input.source
    return failed_result(None, source, "input", MbnlpInputError(source, "no such file, folder or matching pattern"))


def _is_extracted(task: _Task) -> bool:
    return task.duplicate_of is None and task.input.exists


def _other_result(task: _Task) -> DocumentResult:
    return _duplicate_result(task) if task.duplicate_of is not None else _missing_result(task)


def _results(tasks: list[_Task], extracted: Iterator[ResultLine], *, ordered: bool) -> Iterator[ResultLine]:
    """Extracted results merged with duplicates and missing inputs: in input order, or (unordered)
    extracted results as they finish, then the others in input order."""
    if not ordered:
        yield from extracted
        yield from (ResultLine.of(_other_result(task)) for task in tasks if not _is_extracted(task))
        return
    for task in tasks:
        yield next(extracted) if _is_extracted(task) else ResultLine.of(_other_result(task))


def extract_locally(
    sources: Iterable[str],
    *,
    jobs: int,
    ordered: bool = True,
    max_bytes: int | None = None,
    model: str | None = None,
    user_dict: str | None = None,
) -> Iterator[DocumentResult]:
    """One result per source from ``jobs`` worker processes, each loading the NER pipeline once.

    At most ``IN_FLIGHT_PER_WORKER * jobs`` sources are taken from ``sources`` ahead of the result
    being yielded, so memory stays flat in the number of sources. Results come in source order,
    or (``ordered=False``) as they finish.
    A worker that dies (killed, out of memory) fails the documents in flight; the rest go on.
    """
    work = partial(extract_file, max_bytes=max_bytes, model=model, user_dict=user_dict)
    return _in_workers(work, sources, jobs=jobs, ordered=ordered, encode=lambda result: result)


def extract_line(source: str, **options: str | int | None) -> ResultLine:
    """:func:`mbnlp.pipeline.extract_file` of ``source`` as its journal line."""
    return ResultLine.of(extract_file(source, **options))


def _in_workers(
    work: Callable[[str], T],
    sources: Iterable[str],
    *,
    jobs: int,
    ordered: bool,
    encode: Callable[[DocumentResult], T],
) -> Iterator[T]:
    """``work`` of every source, in this process (``jobs <= 1``) or in ``jobs`` worker processes
    (see :func:`extract_locally`); a document whose worker fails becomes ``encode`` of its failed result."""
    if jobs <= 1:
        yield from map(work, sources)
        return
    queue = iter(sources)
    pool = ProcessPoolExecutor(max_workers=jobs)
    in_flight: deque[tuple[str, Future[T]]] = deque()
    try:
        while True:
            while len(in_flight) < IN_FLIGHT_PER_WORKER * jobs and (source := next(queue, None)) is not None:
                in_flight.append((source, pool.submit(work, source)))
            if not in_flight:
                return
            if not ordered:
                wait([future for _, future in in_flight], return_when=FIRST_COMPLETED)
                in_flight.rotate(-next(i for i, (_, future) in enumerate(in_flight) if future.done()))
            source, future = in_flight.popleft()
            try:
                results = [future.result()]
            except BrokenProcessPool as error:
                lost = (source, *(other for other, _ in in_flight))
                results = [encode(_worker_failure(lost_source, error)) for lost_source in lost]
                in_flight.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = ProcessPoolExecutor(max_workers=jobs)
            except Exception as error:  # a result that cannot come back (say, unpicklable) fails its document
                results = [encode(failed_result(None, source, "worker", error))]
            yield from results
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _worker_failure(source: str, error: BaseException) -> DocumentResult:
    reason = f"the worker process died while extracting it (killed or out of memory?): {error}"
    return failed_result(None, source, "worker", MbnlpInputError(source, reason))


def _extract_with_ray(
    sources: list[str],
    *,
    jobs: int,
    address: str | None,
    max_bytes: int | None = None,
    model: str | None = None,
    user_dict: str | None = None,
) -> Iterator[ResultLine]:
    """One result line per source, in source order, from :mod:`mbnlp.distributed.ray_engine`."""
    from ..distributed.ray_engine import extract_sources

    return extract_sources(sources, max_bytes=max_bytes, model=model, user_dict=user_dict, jobs=jobs, address=address)


def extract_paths(
    paths: Iterable[str],
    out_dir: str | Path,
    *,
    jobs: int = 1,
    csv: bool = False,
    max_bytes: int | None = None,
    progress: bool = False,
    model: str | None = None,
    user_dict: str | None = None,
    ordered: bool = True,
    force: bool = False,
    engine: Engine = "local",
    address: str | None = None,
    part_size: int = 200,
) -> BatchSummary:
    """Extract every document under ``paths`` into ``out_dir`` (SPEC §2 layout).

    Inputs are processed by ``jobs`` worker processes (``engine="local"``) or on a Ray
    cluster (``engine="ray"``, at ``address`` or a local one) and written in input order
    (``ordered=False``: as they finish, local engine only). A folder holding an earlier
    run's outputs is resumed (see the module docstring) unless ``force``; each Parquet part
    holds the records of ``part_size`` documents. ``model`` and
    ``user_dict`` choose the NER pipeline (:func:`mbnlp.ner.extract.load_pipeline`).
    Returns the counts; failures are error records in the outputs, never exceptions.
    Raises ``NoInputsError`` only when ``paths`` hold no input at all.
    """
    inputs = find_inputs(paths)
    if not inputs:
        raise NoInputsError("no input documents found")
    all_tasks = _plan(inputs, max_bytes)
    summary = BatchSummary()
    options = {"max_bytes": max_bytes, "model": model, "user_dict": user_dict}
    bar = Progress(
        TextColumn("[bold]extract"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=Console(stderr=True),
        disable=not progress,
    )
    with bar, OutputWriter(out_dir, csv=csv, flush_every=part_size, resume=not force) as writer:
        tasks, finished = _resume_plan(all_tasks, writer.done)
        retried = {task.input.source for task in tasks}
        writer.retract(
            [key for key, entry in writer.done.items() if entry.status == "failed" and entry.source in retried]
        )
        for entry in finished.values():
            summary.add(entry.status, resumed=True)
        bar_task = bar.add_task("", total=len(all_tasks), completed=len(finished))
        sources = [task.input.source for task in tasks if _is_extracted(task)]
        if engine == "ray":
            extracted = _extract_with_ray(sources, jobs=jobs, address=address, **options)
        else:
            work = partial(extract_line, **options)  # results cross back from the workers as journal lines
            extracted = _in_workers(work, sources, jobs=jobs, ordered=ordered, encode=ResultLine.of)
        for result in _results(tasks, extracted, ordered=ordered or engine == "ray"):
            writer.write(result)
            summary.add(result.status)
            bar.update(bar_task, advance=1, description=Path(result.source).name)
    return summary

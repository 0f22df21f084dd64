"""Bulk extraction: every input ends as a result, a failure or a duplicate, written as it comes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..errors import MbnlpInputError, NoInputsError
from ..outputs import OutputWriter
from ..pipeline import extract_file, failed_result
from ..records import DocumentResult
from .inputs import InputFile, find_inputs, sha256_of_file


@dataclass
class BatchSummary:
    """Counts of one batch; ``inputs == ok + failed + duplicates`` always."""

    inputs: int = 0
    ok: int = 0
    failed: int = 0
    duplicates: int = 0

    def add(self, result: DocumentResult) -> None:
        self.inputs += 1
        if result.status == "ok":
            self.ok += 1
        elif result.status == "failed":
            self.failed += 1
        else:
            self.duplicates += 1

    def __str__(self) -> str:
        return f"{self.inputs} inputs: {self.ok} ok, {self.failed} failed, {self.duplicates} duplicates"


@dataclass(frozen=True)
class _Task:
    """What to do with one input: extract it, or record it as a duplicate or as missing."""

    input: InputFile
    doc_id: str | None = None
    duplicate_of: str | None = None


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


def _duplicate_result(task: _Task) -> DocumentResult:
    return DocumentResult(doc_id=task.doc_id, source=task.input.source, status="duplicate", duplicate_of=task.duplicate_of)


def _missing_result(task: _Task) -> DocumentResult:
    source = task.input.source
    return failed_result(None, source, "input", MbnlpInputError(source, "no such file, folder or matching pattern"))


def _results_in_order(tasks: list[_Task], extracted: Iterator[DocumentResult]) -> Iterator[DocumentResult]:
    """Merge extracted results back with duplicates and missing inputs, in input order."""
    for task in tasks:
        if task.duplicate_of is not None:
            yield _duplicate_result(task)
        elif not task.input.exists:
            yield _missing_result(task)
        else:
            yield next(extracted)


def _extract_all(
    sources: list[str], jobs: int, max_bytes: int | None, model: str | None = None, user_dict: str | None = None
) -> Iterator[DocumentResult]:
    """Results in input order; each worker process loads the NER pipeline once (it is cached)."""
    work: Callable[[str], DocumentResult] = partial(extract_file, max_bytes=max_bytes, model=model, user_dict=user_dict)
    if jobs <= 1 or len(sources) <= 1:
        yield from map(work, sources)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(work, sources, chunksize=4)


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
) -> BatchSummary:
    """Extract every document under ``paths`` into ``out_dir`` (SPEC §2 layout).

    Inputs are processed by ``jobs`` worker processes and written in input order;
    ``model`` and ``user_dict`` choose the NER pipeline (:func:`mbnlp.ner.extract.load_pipeline`).
    Returns the counts; failures are error records in the outputs, never exceptions.
    Raises ``NoInputsError`` only when ``paths`` hold no input at all.
    """
    inputs = find_inputs(paths)
    if not inputs:
        raise NoInputsError("no input documents found")
    tasks = _plan(inputs, max_bytes)
    to_extract = [t.input.source for t in tasks if t.duplicate_of is None and t.input.exists]
    summary = BatchSummary()
    bar = Progress(
        TextColumn("[bold]extract"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=Console(stderr=True),
        disable=not progress,
    )
    with bar, OutputWriter(out_dir, csv=csv) as writer:
        bar_task = bar.add_task("", total=len(tasks))
        for result in _results_in_order(tasks, _extract_all(to_extract, jobs, max_bytes, model, user_dict)):
            writer.write(result)
            summary.add(result)
            bar.update(bar_task, advance=1, description=Path(result.source).name)
    return summary

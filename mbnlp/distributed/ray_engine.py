"""The Ray engine: the batch extraction of :mod:`mbnlp.batch` on Ray Data.

Every source becomes one row ``{"index", "source"}`` of a Ray dataset, mapped by a pool of
``jobs`` actors that each load the NER pipeline once and call :func:`mbnlp.pipeline.extract_file`,
the function the local engine uses, so both engines give the same results. Results cross the
Ray boundary as their journal lines (exact decimals), serialised by the actors, and stream back
to the driver in source order.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import closing, contextmanager
from types import ModuleType

import numpy as np
import pyarrow as pa

from ..errors import EngineError, MbnlpInputError
from ..ner.extract import load_pipeline
from ..outputs.writer import ResultLine
from ..pipeline import extract_file, failed_result
from ..records import DocumentResult

LOST = "Ray gave up on it (its worker died, killed or out of memory?)"


def import_ray() -> ModuleType:
    """The ``ray`` module, or a ``EngineError`` saying how to install it."""
    try:
        import ray
        import ray.data  # noqa: F401  (ray[data] extra)
    except ImportError as error:
        raise EngineError(f"the ray engine needs Ray Data: pip install 'mbnlp[ray]' ({error})") from error
    return ray


@contextmanager
def ray_session(address: str | None, num_cpus: int) -> Iterator[None]:
    """Attach to Ray: the session already open in this process, else the cluster at ``address``
    (``auto``, ``host:port`` or ``ray://host:port``), else a new local instance of ``num_cpus``
    CPUs (never another one already running here) with no dashboard and no usage statistics.
    Shuts down only what it started."""
    ray = import_ray()
    if ray.is_initialized():
        yield
        return
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    local = {} if address is not None else {"num_cpus": num_cpus, "include_dashboard": False}
    try:
        ray.init(address=address or "local", log_to_driver=False, **local)
    except (ConnectionError, RuntimeError, ValueError) as error:
        raise EngineError(f"cannot start or reach Ray at {address or 'a local instance'}: {error}") from error
    try:
        yield
    finally:
        ray.shutdown()


class DocumentExtractor:
    """A Ray Data actor: loads the NER pipeline once, then turns batches of sources into results."""

    def __init__(self, max_bytes: int | None, model: str | None, user_dict: str | None) -> None:
        self.options = {"max_bytes": max_bytes, "model": model, "user_dict": user_dict}
        load_pipeline(model, user_dict)

    def __call__(self, batch: dict[str, np.ndarray]) -> pa.Table:
        lines = [ResultLine.of(self.extract(str(source))) for source in batch["source"]]
        columns = {name: [getattr(line, name) for line in lines] for name in ResultLine._fields}
        return pa.table({"index": batch["index"], **columns})

    def extract(self, source: str) -> DocumentResult:
        try:
            return extract_file(source, **self.options)
        except Exception as error:  # extract_file never raises; a bug still fails one document only
            return failed_result(None, source, "worker", error)


def extract_sources(
    sources: list[str],
    *,
    max_bytes: int | None,
    model: str | None,
    user_dict: str | None,
    jobs: int,
    address: str | None,
) -> Iterator[ResultLine]:
    """One result line per source, in source order, from ``jobs`` Ray actors (on the cluster at
    ``address``, else on a local Ray instance of ``jobs`` CPUs). Results stream back as they
    are done. A worker that dies is replaced and its document retried (Ray's default); a document
    Ray gives up on becomes a failed result, as does every document left when the run itself fails."""
    if not sources:
        return
    ray = import_ray()
    actors = max(jobs, 1)
    with ray_session(address, num_cpus=actors):
        dataset = ray.data.from_items(
            [{"index": index, "source": source} for index, source in enumerate(sources)],
            override_num_blocks=len(sources),
        ).map_batches(
            DocumentExtractor,
            fn_constructor_kwargs={"max_bytes": max_bytes, "model": model, "user_dict": user_dict},
            batch_size=1,
            compute=ray.data.ActorPoolStrategy(size=actors),
        )
        context = dataset.context
        context.execution_options.preserve_order = True
        context.max_errored_blocks = -1  # a block Ray gives up on is lost alone; see in_source_order
        context.enable_progress_bars = False
        context.print_on_execution_start = False
        with closing(iter(dataset.iter_rows())) as rows:  # closed before Ray shuts down
            lines = ((row["index"], ResultLine(*(row[name] for name in ResultLine._fields))) for row in rows)
            yield from in_source_order(sources, lines)


def in_source_order(sources: list[str], rows: Iterator[tuple[int, ResultLine]]) -> Iterator[ResultLine]:
    """One result line per source from ``rows`` of ``(index, line)`` in increasing index order:
    an index missing from ``rows`` is a document Ray gave up on, and when ``rows`` raises,
    the documents not yet done are failed with the last line of its error (the original cause)."""
    done = 0
    try:
        for index, line in rows:
            yield from (lost(source, LOST) for source in sources[done:index])
            yield line
            done = index + 1
    except Exception as error:  # the run failed: account for every document still to do
        cause = (str(error).strip().splitlines() or [""])[-1]  # Ray's errors end with the original exception
        reason = f"the Ray engine failed: {type(error).__name__}: {cause}"
        yield from (lost(source, reason) for source in sources[done:])
        return
    yield from (lost(source, LOST) for source in sources[done:])


def lost(source: str, reason: str) -> ResultLine:
    """The failed result line of a document that the Ray engine could not extract."""
    return ResultLine.of(failed_result(None, source, "worker", MbnlpInputError(source, reason)))

"""Executors: where a sweep's runs are made -- in-process, a local process pool or Dask.

Runs travel in chunks (:class:`Chunk`) so that the per-task overhead of a pool or a cluster stays
small against the runs; every executor calls :func:`run_chunk`, which calls
:func:`model.experiments.run.run` once per run and turns an exception into a failed run. At most
a few chunks per worker are in flight, so memory stays flat however many runs a sweep has.
"""

from __future__ import annotations

import multiprocessing
import os
import time
import traceback
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

import pandas as pd

from model.experiments import run as run_module
from model.experiments.lifecycle import pool_options

#: Start method of the local pool; set explicitly on a context, never globally.
START_METHOD = "forkserver"
IN_FLIGHT_PER_WORKER = 2


@dataclass(frozen=True)
class Chunk:
    """A batch of runs of one sweep.

    Parameters
    ----------
    scenario
        Scenario path.
    years
        ``(from, to)`` or None for the scenario's span.
    constants
        Overrides applied to every run.
    keep_years
        Years of the model table to return (None: all).
    runs
        ``(run_id, seed, overrides)`` of each run.
    """

    scenario: str
    years: tuple[int, int] | None
    constants: dict[str, Any]
    keep_years: tuple[int, ...] | None
    runs: tuple[tuple[int, int, dict[str, Any]], ...]


@dataclass
class RunOutcome:
    """What one run gives back: its status, error, wall time and model table."""

    run_id: int
    status: str
    error: str | None
    wall_time_s: float
    model: pd.DataFrame | None


def run_chunk(chunk: Chunk) -> list[RunOutcome]:
    """Make every run of a chunk; a run that raises is returned as failed with its error."""
    out = []
    for run_id, seed, overrides in chunk.runs:
        t0 = time.perf_counter()
        try:
            table = run_module.run(
                {**chunk.constants, **overrides}, seed, scenario=chunk.scenario, years=chunk.years
            )
            if chunk.keep_years is not None:
                table = table[table["year"].isin(chunk.keep_years)].reset_index(drop=True)
            out.append(RunOutcome(run_id, "ok", None, time.perf_counter() - t0, table))
        except Exception as err:  # noqa: BLE001 -- any failure of one run is recorded, not raised
            tb = traceback.extract_tb(err.__traceback__)
            where = f" (at {tb[-1].filename.rsplit('/', 1)[-1]}:{tb[-1].lineno})" if tb else ""
            msg = f"{type(err).__name__}: {err}{where}".replace("\n", " ")
            out.append(RunOutcome(run_id, "failed", msg, time.perf_counter() - t0, None))
    return out


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def chunk_size_for(n_left: int, workers: int, requested: int | None = None) -> int:
    """Runs in the next chunk: ``requested``, else a quarter of a fair share of what is left.

    Guided scheduling: chunks shrink as the sweep ends (1 to 50 runs), so per-task overhead
    stays small while no worker idles long at the tail.
    """
    if requested:
        return requested
    return max(1, min(50, -(-n_left // (4 * max(workers, 1)))))


# ------------------------------------------------------------------ executors
def execute_in_process(chunks: Iterable[Chunk]) -> Iterator[list[RunOutcome]]:
    """Make the chunks one after another in this process (``workers=1``)."""
    for chunk in chunks:
        yield run_chunk(chunk)


def execute_pool(chunks: Iterable[Chunk], workers: int) -> Iterator[list[RunOutcome]]:
    """Make the chunks on a local process pool (``forkserver`` context), results as they finish."""
    ctx = multiprocessing.get_context(START_METHOD)
    # workers fork from a server that has the model imported already (fast start, shared pages)
    ctx.set_forkserver_preload(["model.experiments.runner"])
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, **pool_options()) as pool:
        yield from _windowed(chunks, lambda c: pool.submit(run_chunk, c), workers, _wait_futures)


def execute_dask(chunks: Iterable[Chunk], scheduler: Any) -> Iterator[list[RunOutcome]]:
    """Make the chunks on a Dask cluster.

    Parameters
    ----------
    chunks
        The chunks to make.
    scheduler
        A scheduler address (``tcp://host:8786``), a ``distributed.Client`` or a cluster object
        (``LocalCluster``).
    """
    from distributed import Client, as_completed

    own = False
    if isinstance(scheduler, Client):
        client = scheduler
    elif isinstance(scheduler, str):
        client, own = Client(scheduler, timeout="30s"), True
    else:
        client, own = Client(scheduler), True
    try:
        threads = sum(client.nthreads().values()) or 1
        pending = as_completed()
        it = iter(chunks)
        for chunk in _take(it, threads * IN_FLIGHT_PER_WORKER):
            pending.add(client.submit(run_chunk, chunk, pure=False))
        for fut in pending:
            result = fut.result()
            fut.release()
            for chunk in _take(it, 1):
                pending.add(client.submit(run_chunk, chunk, pure=False))
            yield result
    finally:
        if own:
            client.close()


def _take(it: Iterator[Chunk], n: int) -> list[Chunk]:
    out = []
    for _ in range(n):
        try:
            out.append(next(it))
        except StopIteration:
            break
    return out


def _wait_futures(futures: set[Any]) -> tuple[set[Any], set[Any]]:
    done, rest = wait(futures, return_when=FIRST_COMPLETED)
    return done, rest


def _windowed(
    chunks: Iterable[Chunk], submit: Any, workers: int, waiter: Any
) -> Iterator[list[RunOutcome]]:
    it = iter(chunks)
    futures = {submit(c) for c in _take(it, workers * IN_FLIGHT_PER_WORKER)}
    while futures:
        done, futures = waiter(futures)
        for fut in done:
            for c in _take(it, 1):
                futures.add(submit(c))
            yield fut.result()


def execute(
    chunks: Iterable[Chunk], workers: int, scheduler: Any = None
) -> Iterator[list[RunOutcome]]:
    """Make the chunks: on Dask if ``scheduler`` is given, else in-process (1) or a pool (>1)."""
    if scheduler is not None:
        return execute_dask(chunks, scheduler)
    if workers <= 1:
        return execute_in_process(chunks)
    return execute_pool(chunks, workers)

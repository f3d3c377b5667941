"""Executors: where runs are made -- in-process, the local process pool or Dask.

This module owns the package's one local process pool (:func:`process_pool`): sweeps use it
through :func:`execute`, comparisons and validation through :func:`map_ordered`, which returns
outputs in task order so results never depend on the number of workers.

Runs travel in chunks (:class:`Chunk`) so that the per-task overhead of a pool or a cluster stays
small against the runs; every executor calls :func:`run_chunk`, which calls
:func:`model.experiments.run.run` once per run and turns an exception into a failed run. At most
a few chunks per worker are in flight, so memory stays flat however many runs a sweep has.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, as_completed, wait
from dataclasses import dataclass
from typing import Any

import pandas as pd

from model.experiments import run as run_module
from model.experiments.lifecycle import die_with_parent
from model.scenario import Scenario, load_scenario

#: Start method of the local pool; set explicitly on a context, never globally. ``spawn`` where
#: the platform has no fork server.
START_METHOD = "forkserver"
IN_FLIGHT_PER_WORKER = 2
#: Imported once in the fork server, not once per worker (fast start, shared pages).
PRELOAD = ("model.experiments.runner",)


@dataclass(frozen=True)
class Chunk:
    """A batch of runs of one sweep.

    Parameters
    ----------
    scenario
        The sweep's base scenario, loaded once by the driver (no overrides, no years).
    years
        ``(from, to)`` or None for the scenario's span.
    constants
        Overrides applied to every run.
    keep_years
        Years of the model table to return (None: all).
    runs
        ``(run_id, seed, overrides)`` of each run.
    """

    scenario: Scenario
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
    """Make every run of a chunk; a run that raises is returned as failed with its error.

    Runs of one design point (same overrides, other seeds) share one loaded scenario, and with
    it the world and calibration cached on it.
    """
    out = []
    points: dict[str, Scenario] = {}
    for run_id, seed, overrides in chunk.runs:
        t0 = time.perf_counter()
        try:
            merged = {**chunk.constants, **overrides}
            key = repr(sorted(merged.items()))
            if key not in points:
                points[key] = load_scenario(chunk.scenario, merged or None, chunk.years)
            table = run_module.run(None, seed, scenario=points[key])
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


def pool_context(preload: Sequence[str] = ()) -> multiprocessing.context.BaseContext:
    """The start-method context of the pool: ``forkserver`` (with ``preload``), else ``spawn``."""
    if START_METHOD not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context(START_METHOD)
    # takes effect if this process has not started its fork server yet
    ctx.set_forkserver_preload([*PRELOAD, *preload])
    return ctx


def process_pool(
    workers: int,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
    preload: Sequence[str] = (),
) -> ProcessPoolExecutor:
    """The package's one local process pool.

    Parameters
    ----------
    workers
        Worker processes.
    initializer, initargs
        Called once in each worker as it starts (e.g. to set up signal handling or logging).
    preload
        Extra modules the fork server imports once (the module of the task function).
    """
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=pool_context(preload),
        initializer=_start_worker,
        initargs=(os.getpid(), initializer, initargs),
    )


def _start_worker(
    owner_pid: int, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]
) -> None:
    """Each worker dies with the process that made the pool, then runs the caller's hook."""
    die_with_parent(owner_pid)
    if initializer is not None:
        initializer(*initargs)


def execute_pool(
    chunks: Iterable[Chunk],
    workers: int,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[list[RunOutcome]]:
    """Make the chunks on the local process pool, results as they finish."""
    with process_pool(workers, initializer, initargs) as pool:
        yield from _windowed(chunks, lambda c: pool.submit(run_chunk, c), workers, _wait_futures)


def map_ordered[T, R](
    fn: Callable[[T], R],
    tasks: Sequence[T],
    workers: int | None = None,
    progress: bool | None = None,
    desc: str = "runs",
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> list[R]:
    """Apply ``fn`` to every task over ``workers`` processes; return the outputs in task order.

    Parameters
    ----------
    fn
        A module-level function (it is sent to the workers by name).
    tasks
        Its arguments, one per call (small, picklable: loaded scenarios travel with them).
    workers
        Processes (default: all cores); 1 runs here. The outputs do not depend on it.
    progress
        tqdm bar on stderr (after two seconds); default: when stderr is a terminal.
    desc
        Label of the bar.
    initializer, initargs
        Passed to :func:`process_pool`.
    """
    workers = max(1, min(workers or default_workers(), len(tasks)))
    show = sys.stderr.isatty() if progress is None else progress
    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(total=len(tasks), desc=desc, unit="run", file=sys.stderr, delay=2.0)
    results: dict[int, R] = {}
    try:
        if workers == 1:
            for i, t in enumerate(tasks):
                results[i] = fn(t)
                if bar is not None:
                    bar.update(1)
        else:
            with process_pool(workers, initializer, initargs, (fn.__module__,)) as pool:
                futures = {pool.submit(fn, t): i for i, t in enumerate(tasks)}
                for fut in as_completed(futures):
                    results[futures[fut]] = fut.result()
                    if bar is not None:
                        bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    return [results[i] for i in range(len(tasks))]


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
    chunks: Iterable[Chunk],
    workers: int,
    scheduler: Any = None,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[list[RunOutcome]]:
    """Make the chunks: on Dask if ``scheduler`` is given, else in-process (1) or the pool (>1).

    ``initializer(*initargs)`` runs once in each local worker process (not on Dask).
    """
    if scheduler is not None:
        return execute_dask(chunks, scheduler)
    if workers <= 1:
        return execute_in_process(chunks)
    return execute_pool(chunks, workers, initializer, initargs)

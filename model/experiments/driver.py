"""``sweep(path, ...)``: read a sweep file, make its runs on an executor, store them as they finish.

The one function behind ``coopsim sweep`` and ``model.sweep``: spec (:mod:`.spec`) -> remaining
runs (:mod:`.store` ledger) -> chunks on an executor (:mod:`.runner`) -> Parquet parts.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model.experiments.progress import Progress
from model.experiments.runner import (
    Chunk,
    RunOutcome,
    chunk_size_for,
    default_workers,
    execute,
)
from model.experiments.spec import SweepError, SweepSpec, load_sweep_spec
from model.experiments.store import SweepStore, read_table
from model.run import portable
from model.scenario import Scenario, load_scenario

#: A flush writes a part when this many runs are buffered or this many seconds have passed.
FLUSH_RUNS = 500
FLUSH_SECONDS = 5.0


def default_out(spec: SweepSpec) -> Path:
    """Default sweep folder: ``results/sweeps/<name>/``."""
    return Path("results") / "sweeps" / spec.name


def sweep(
    path: str | os.PathLike[str],
    workers: int | None = None,
    scheduler: Any = None,
    out: str | os.PathLike[str] | None = None,
    resume: bool = False,
    force: bool = False,
    progress: bool = True,
    chunk_size: int | None = None,
    flush_seconds: float = FLUSH_SECONDS,
) -> Path:
    """Make every run of a sweep file and return the sweep folder.

    Parameters
    ----------
    path
        The sweep file (``scenarios/sweeps/*.toml``).
    workers
        Local worker processes (default: all cores; 1 runs in this process). Ignored with
        ``scheduler``.
    scheduler
        Dask scheduler address (``"tcp://127.0.0.1:8786"``), ``distributed.Client`` or cluster.
    out
        Sweep folder (default ``results/sweeps/<name>/``).
    resume
        Finish the runs missing from an existing sweep folder (none is made twice).
    force
        Replace an existing non-empty folder instead of refusing.
    progress
        Show progress on stderr (a bar on a terminal, plain lines otherwise).
    chunk_size
        Runs per task (default: the sweep file's ``chunk_size`` or about eight tasks per worker).
    flush_seconds
        Longest time finished runs wait in memory before a part is written (also every
        ``FLUSH_RUNS`` runs); what a kill can lose at most.

    Returns
    -------
    pathlib.Path
        The sweep folder; read it with :func:`load_sweep`.
    """
    spec = load_sweep_spec(path)
    folder = Path(out) if out is not None else default_out(spec)
    if workers is not None and workers < 1:
        raise SweepError(f"--workers {workers}: expected a whole number >= 1")
    if resume and (folder / "sweep.json").exists():
        store = SweepStore.open(folder, spec)
        design = store.design()
    else:
        design = spec.design()
        store = SweepStore.create(folder, spec, design, force=force)
    done = store.done_ids()
    todo = design[~design["run_id"].isin(done)]
    n_workers = workers or default_workers()
    size = chunk_size or spec.chunk_size
    bar = Progress(len(todo), done=len(done), label=f"sweep {spec.name}", enabled=progress)
    buffer: list[RunOutcome] = []
    last = time.monotonic()
    try:
        base = portable(load_scenario(spec.scenario))  # loaded once here; the chunks carry it
        chunks = _chunks(spec, base, todo, size, n_workers)
        for outcomes in execute(chunks, n_workers, scheduler):
            buffer.extend(outcomes)
            bar.update(len(outcomes), sum(o.status != "ok" for o in outcomes))
            if len(buffer) >= FLUSH_RUNS or time.monotonic() - last >= flush_seconds:
                _flush(store, design, buffer)
                buffer, last = [], time.monotonic()
    finally:
        if buffer:
            _flush(store, design, buffer)
        bar.close()
    return folder


def _chunks(
    spec: SweepSpec, base: Scenario, todo: pd.DataFrame, size: int | None, workers: int
) -> Iterator[Chunk]:
    keys = spec.keys
    cols = [todo[k].to_numpy(dtype=object) for k in keys]
    ids = todo["run_id"].to_numpy()
    seeds = todo["seed"].to_numpy()
    start = 0
    while start < len(todo):
        stop = min(start + chunk_size_for(len(todo) - start, workers, size), len(todo))
        runs = tuple(
            (int(ids[i]), int(seeds[i]), {k: _plain(c[i]) for k, c in zip(keys, cols, strict=True)})
            for i in range(start, stop)
        )
        yield Chunk(base, spec.years, dict(spec.constants), spec.outcome_years, runs)
        start = stop


def _plain(v: Any) -> Any:
    if v is pd.NA or v is None:
        return None
    if isinstance(v, np.generic):
        return v.item()
    return v


def _flush(store: SweepStore, design: pd.DataFrame, outcomes: list[RunOutcome]) -> None:
    ids = np.array([o.run_id for o in outcomes], dtype=np.int64)
    rows = design.set_index("run_id").loc[ids].reset_index()
    runs = rows.assign(
        status=[o.status for o in outcomes],
        error=pd.array([o.error for o in outcomes], dtype="string"),
        wall_time_s=[o.wall_time_s for o in outcomes],
    )
    frames = []
    lead = rows.set_index("run_id")
    for o in outcomes:
        if o.model is None or o.model.empty:
            continue
        head = lead.loc[[o.run_id] * len(o.model)].reset_index()
        frames.append(pd.concat([head, o.model.reset_index(drop=True)], axis=1))
    model = pd.concat(frames, ignore_index=True) if frames else None
    store.write_part(runs, model)


def load_sweep(folder: str | os.PathLike[str], table: str = "model", **kw: Any) -> pd.DataFrame:
    """Read a sweep folder's ``model`` (run x year), ``runs`` or ``design`` table, sorted by run.

    Parameters
    ----------
    folder
        A folder written by :func:`sweep`.
    table
        ``"model"``, ``"runs"`` or ``"design"``.
    **kw
        Passed to :func:`pandas.read_parquet` (e.g. ``columns=[...]``).
    """
    return read_table(folder, table, **kw)

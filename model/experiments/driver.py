"""``sweep(path, ...)``: read a sweep file, make its runs on an executor, store them as they finish.

The one function behind ``coopsim sweep`` and ``model.sweep``: spec (:mod:`.spec`) -> remaining
runs (:mod:`.store` ledger) -> chunks on an executor (:mod:`.runner`) -> Parquet parts.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
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
from model.experiments.store import SWEEP_ENTRIES, SweepStore, read_table
from model.folders import MARKER, occupied
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
    if isinstance(scheduler, str):
        check_scheduler(scheduler)  # before the folder exists: a bad address leaves nothing
    if resume and (folder / "sweep.json").exists():
        store = SweepStore.open(folder, spec)
        design = store.design()
    else:
        if resume and occupied(folder):
            _restart_unstarted(folder)
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


#: How long ``check_scheduler`` waits for a scheduler to accept a connection.
SCHEDULER_TIMEOUT_S = 5.0
_ADDRESS = re.compile(
    r"(?:(?P<scheme>tcp|tls)://)?(?P<host>\[[0-9A-Fa-f:.]+\]|[^:/\s]+):(?P<port>\d+)/?"
)


def check_scheduler(address: str) -> None:
    """Refuse a Dask scheduler address that is malformed or where nothing listens (SweepError).

    Parameters
    ----------
    address
        ``tcp://host:port``, ``tls://host:port`` or ``host:port``.
    """
    m = _ADDRESS.fullmatch(address.strip())
    if m is None or not 0 < int(m["port"]) < 65536:
        raise SweepError(
            f"--scheduler {address!r}: expected a Dask scheduler address such as "
            "tcp://127.0.0.1:8786"
        )
    host = m["host"].strip("[]")
    try:
        with socket.create_connection((host, int(m["port"])), timeout=SCHEDULER_TIMEOUT_S):
            pass
    except OSError as err:
        why = err.strerror or type(err).__name__
        raise SweepError(
            f"--scheduler {address}: no Dask scheduler reachable there ({why}); "
            "start one with `dask scheduler` or leave out --scheduler"
        ) from None


def _restart_unstarted(folder: Path) -> None:
    """Clear a sweep folder killed before its ``sweep.json`` was written, so it can start.

    Without ``sweep.json`` no run was made yet (it is written before the first run). Only a
    folder carrying coopsim's sweep marker and nothing but a sweep's entries is cleared.
    """
    import json

    try:
        kind = json.loads((folder / MARKER).read_text()).get("kind")
    except (OSError, ValueError, AttributeError):
        kind = None
    names = [p.name for p in folder.iterdir()] if folder.is_dir() else []
    extra = [
        n
        for n in names
        if n != MARKER and n not in SWEEP_ENTRIES and not re.fullmatch(r"\..+\.tmp", n)
    ]
    if kind != "sweep" or extra:
        raise SweepError(
            f"--resume {folder}: not a sweep folder (no sweep.json"
            f"{', and it holds ' + extra[0] if extra else ''}); give another --out"
        )
    shutil.rmtree(folder)


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
        yield Chunk(
            base, spec.years, dict(spec.constants), spec.outcome_years, runs, spec.state_outcomes
        )
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
    lead = rows.set_index("run_id")
    model = _joined(lead, [(o.run_id, o.model) for o in outcomes])
    states = _joined(lead, [(o.run_id, o.states) for o in outcomes])
    store.write_part(runs, model, states)


def _joined(
    lead: pd.DataFrame, tables: list[tuple[int, pd.DataFrame | None]]
) -> pd.DataFrame | None:
    """Each run's design row (run_id, seed, point, replicate, parameters) before its rows."""
    frames = []
    for run_id, table in tables:
        if table is None or table.empty:
            continue
        head = lead.loc[[run_id] * len(table)].reset_index()
        frames.append(pd.concat([head, table.reset_index(drop=True)], axis=1))
    return pd.concat(frames, ignore_index=True) if frames else None


def load_sweep(folder: str | os.PathLike[str], table: str = "model", **kw: Any) -> pd.DataFrame:
    """Read a sweep folder's ``model`` or ``states`` (run x year), ``runs`` or ``design`` table.

    Sorted by run (and year).

    Parameters
    ----------
    folder
        A folder written by :func:`sweep`.
    table
        ``"model"``, ``"states"`` (the state outcomes, when the sweep names any), ``"runs"`` or
        ``"design"``.
    **kw
        Passed to :func:`pandas.read_parquet` (e.g. ``columns=[...]``).
    """
    return read_table(folder, table, **kw)

"""Running the reference scenario over many seeds for validation, in parallel.

One seed runs in a worker process (:func:`run_seed`) and is reduced to the small tables the
stylized facts, the backtest and the calibration need; only those travel back. Outputs are
ordered by seed, so results do not depend on the number of workers (as in ``model.compare``).

Besides the contract's tables, each seed records per year the **European** (current EU
members) figures the facts need, computed from the model's own arrays with the model's own
formulas (``CooperationModel._account``, ODD 7.23 and 7.25), restricted to EU states:

- ``eu_collaborative_share``: ``(Σ_EU recap·covered + hire + compensation paid) /
  (Σ_EU recap + hire + compensation paid)``, recap = ``k_s·A_c·h[s,c]``;
- ``eu_savings`` and ``eu_spending`` (USD million at 2012 prices).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from model.scenario import Scenario, load_scenario

REFERENCE = "reference_2012"
#: The state whose partners and tank gap the facts examine.
FOCUS = "NLD"
#: What a seed returns (names of the reduced tables).
TABLES = ("model", "states", "arrangements", "circles", "focus_caps", "europe")


@dataclass(frozen=True)
class SeedTask:
    """One seed of one (possibly overridden) scenario."""

    seed: int
    scenario: str = REFERENCE
    years: tuple[int, int] | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    #: reduced tables to keep (``None``: all of :data:`TABLES`)
    keep: tuple[str, ...] | None = None


def _europe_row(m: Any) -> dict[str, float]:
    """This year's EU-restricted collaborative share, savings and spending (see module doc)."""
    eu = np.asarray(m.eu, dtype=bool)
    h, led = m.holdings, m.ledger
    hire, paid, _received = m.flows(h, led)
    return {
        "year": int(m.recorder.caps[-1]["year"]),  # m.year has moved on to the next year
        "eu_collaborative_share": m.collaborative_share_of(h, led, hire, paid, eu),
        "eu_savings": float(m.savings[eu].sum()),
        "eu_spending": float(m.spending[eu].sum()),
        "nato_spending": float(m.spending[np.asarray(m.nato, dtype=bool)].sum()),
        "usa_spending": float(m.spending[list(m.world.states).index("USA")])
        if "USA" in list(m.world.states)
        else 0.0,
        "eu_members": ";".join(str(s) for s in np.asarray(m.world.states)[eu]),
        # the alliance-wide measure, recomputed the same way (a self-check against model.csv)
        "all_collaborative_share_check": m.collaborative_share_of(h, led, hire, paid),
    }


def run_seed(task: SeedTask) -> dict[str, pd.DataFrame]:
    """Run one seed in this process and reduce it to the validation tables.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``model`` (model.csv), ``states`` (year, state, budget, spending, savings),
        ``arrangements`` (arrangements.csv), ``circles`` (circles.csv rows of the focus state),
        ``focus_caps`` (capabilities.csv rows of the focus state), ``europe`` (per year, see the
        module docstring). Each has a ``seed`` column in front.
    """
    from model.cooperation import CooperationModel
    from model.outputs import result_from_model

    spec = load_scenario(task.scenario, task.overrides or None, task.years)
    m = CooperationModel(spec, rng=task.seed)
    europe = []
    while m.running:
        m.step()
        europe.append(_europe_row(m))
    run = result_from_model(m)
    st = run.states
    out = {
        "model": run.model,
        "states": st[["year", "state", "budget", "spending", "savings"]].assign(
            state=st["state"].astype(str)
        ),
        "arrangements": run.arrangements,
        "circles": run.circles[run.circles["state"].astype(str) == FOCUS].astype(
            {"state": str, "partner": str, "circle": str}
        ),
        "focus_caps": run.capabilities[run.capabilities["state"].astype(str) == FOCUS].astype(
            {"state": str, "capability": str}
        ),
        "europe": pd.DataFrame(europe),
    }
    keep = task.keep or TABLES
    reduced = {}
    for name in keep:
        df = out[name].reset_index(drop=True).copy()
        df.insert(0, "seed", task.seed)
        reduced[name] = df
    return reduced


def _pool_context() -> Any:
    from model.compare import _pool_context as ctx

    return ctx()


def run_tasks(
    tasks: Sequence[SeedTask], workers: int | None = None, progress: bool | None = None
) -> list[dict[str, pd.DataFrame]]:
    """Run tasks over ``workers`` processes; return their outputs in the order of ``tasks``."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(tasks)))
    show = sys.stderr.isatty() if progress is None else progress
    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(total=len(tasks), desc="runs", unit="run", file=sys.stderr, delay=2.0)
    results: dict[int, dict[str, pd.DataFrame]] = {}
    try:
        if workers == 1:
            for i, t in enumerate(tasks):
                results[i] = run_seed(t)
                if bar is not None:
                    bar.update(1)
        else:
            from model.experiments.lifecycle import pool_options

            pool = ProcessPoolExecutor(workers, _pool_context(), **pool_options())
            with pool:
                futures = {pool.submit(run_seed, t): i for i, t in enumerate(tasks)}
                for fut in as_completed(futures):
                    results[futures[fut]] = fut.result()
                    if bar is not None:
                        bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    return [results[i] for i in range(len(tasks))]


def stack(
    outputs: Sequence[dict[str, pd.DataFrame]], names: Sequence[str]
) -> dict[str, pd.DataFrame]:
    """Concatenate each named table over outputs (already in seed order)."""
    return {n: pd.concat([o[n] for o in outputs], ignore_index=True) for n in names}


def run_seeds(
    seeds: Sequence[int],
    scenario: str | Scenario = REFERENCE,
    years: tuple[int, int] | None = None,
    overrides: dict[str, Any] | None = None,
    workers: int | None = None,
    keep: tuple[str, ...] | None = None,
    progress: bool | None = None,
) -> dict[str, pd.DataFrame]:
    """Run ``seeds`` over ``workers`` processes; concatenate each reduced table over seeds.

    Parameters
    ----------
    seeds
        The seeds (e.g. ``range(1, 21)``).
    scenario
        Scenario name or path (default ``reference_2012``).
    years
        ``(from, to)`` replacing the scenario's span.
    overrides
        Dotted parameter keys to values.
    workers
        Processes (default: all cores); 1 runs here. The output does not depend on it.
    keep
        Names of the tables to return (default all of :data:`TABLES`).
    progress
        tqdm bar on stderr (default: when stderr is a terminal).

    Returns
    -------
    dict of str to pandas.DataFrame
        Each table of :func:`run_seed`, seeds stacked in seed order.
    """
    name = scenario if isinstance(scenario, str) else str(scenario.path or scenario.name)
    tasks = [SeedTask(int(s), name, years, dict(overrides or {}), keep) for s in sorted(seeds)]
    return stack(run_tasks(tasks, workers, progress), keep or TABLES)

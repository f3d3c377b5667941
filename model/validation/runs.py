"""Running the reference scenario over many seeds for validation, in parallel.

One seed runs in a worker process (:func:`run_seed`, on the package's one process pool,
:func:`model.experiments.runner.map_ordered`) and is reduced to the small tables the stylized
facts, the backtest and the calibration need; only those travel back. Each scenario is loaded
once and passed down with the tasks. Outputs are in task order, so results do not depend on the
number of workers.

Besides the contract's tables, each seed records per year the **European** (current EU
members) figures the facts need, computed from the model's own arrays with the model's own
formulas (``CooperationModel._account``, ODD 7.23 and 7.25), restricted to EU states:

- ``eu_collaborative_share``: ``(Σ_EU recap·covered + hire + compensation paid) /
  (Σ_EU recap + hire + compensation paid)``, recap = ``k_s·A_c·h[s,c]``;
- ``eu_savings`` and ``eu_spending`` (USD million at 2012 prices).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from model.experiments.runner import map_ordered
from model.run import portable, run
from model.scenario import Scenario, load_scenario

REFERENCE = "reference_2012"
#: The state whose partners and tank gap the facts examine.
FOCUS = "NLD"
#: What a seed returns (names of the reduced tables).
TABLES = ("model", "states", "arrangements", "circles", "focus_caps", "europe")


@dataclass(frozen=True)
class SeedTask:
    """One seed of one (possibly overridden) scenario: a name or path, or the loaded scenario."""

    seed: int
    scenario: str | Scenario = REFERENCE
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
    europe: list[dict[str, Any]] = []
    result = run(
        task.scenario,
        task.seed,
        task.years,
        task.overrides or None,
        on_step=lambda m: europe.append(_europe_row(m)),
        keep_model=False,
    )
    st = result.states
    out = {
        "model": result.model,
        "states": st[["year", "state", "budget", "spending", "savings"]].assign(
            state=st["state"].astype(str)
        ),
        "arrangements": result.arrangements,
        "circles": result.circles[result.circles["state"].astype(str) == FOCUS].astype(
            {"state": str, "partner": str, "circle": str}
        ),
        "focus_caps": result.capabilities[result.capabilities["state"].astype(str) == FOCUS].astype(
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


def _loaded(tasks: Sequence[SeedTask]) -> list[SeedTask]:
    """The tasks with their scenarios loaded once per (scenario, years, overrides)."""
    specs: dict[str, Scenario] = {}
    out = []
    for t in tasks:
        if isinstance(t.scenario, Scenario) and not t.overrides and t.years is None:
            out.append(t)
            continue
        key = repr(
            (str(getattr(t.scenario, "path", t.scenario)), t.years, sorted(t.overrides.items()))
        )
        if key not in specs:
            specs[key] = portable(load_scenario(t.scenario, t.overrides or None, t.years))
        out.append(replace(t, scenario=specs[key], years=None, overrides={}))
    return out


def run_tasks(
    tasks: Sequence[SeedTask], workers: int | None = None, progress: bool | None = None
) -> list[dict[str, pd.DataFrame]]:
    """Run tasks over ``workers`` processes; return their outputs in the order of ``tasks``."""
    return map_ordered(run_seed, _loaded(tasks), workers, progress, desc="runs")


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
        Scenario name, path or loaded Scenario (default ``reference_2012``); loaded once.
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
    spec = portable(load_scenario(scenario, overrides or None, years))
    tasks = [SeedTask(int(s), spec, None, {}, keep) for s in sorted(seeds)]
    return stack(run_tasks(tasks, workers, progress), keep or TABLES)

"""The model as a function: ``run(overrides, seed) -> outcomes`` (STYLE principle 4).

Sweeps, SALib and the EMA Workbench adapter all call :func:`run`, which is
:func:`model.run.run` reduced to the model-level table; nothing in ``model/experiments`` builds
or steps a model.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from model.experiments.spec import parse_state_outcome
from model.run import run as run_model
from model.scenario import Scenario


def run(
    overrides: dict[str, Any] | None,
    seed: int,
    *,
    scenario: str | Scenario = "reference_2012",
    years: tuple[int, int] | None = None,
    state_outcomes: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Run one model and return its model-level figures, one row per year (``model.csv``).

    Parameters
    ----------
    overrides
        Dotted parameter keys to values (``{"policy.nato_consultation": True}``).
    seed
        Seed of the model's random generator.
    scenario
        Scenario name, path or loaded Scenario (loaded once by the caller and passed down).
    years
        ``(from, to)`` replacing the scenario's span.
    state_outcomes
        One state's outcomes to add as columns named as given: ``STATE.MEASURE`` (a
        ``states.csv`` column) or ``STATE.AREA.MEASURE`` (a ``capabilities.csv`` column), see
        :mod:`model.experiments.spec`.

    Returns
    -------
    pandas.DataFrame
        The ``model.csv`` columns (``year``, ``capability_gap``, ``savings``, ...), then the
        ``state_outcomes`` columns.
    """
    result = run_model(scenario, int(seed), years, overrides or None, keep_model=False)
    if not state_outcomes:
        return result.model
    extra = state_outcome_columns(result.states, result.capabilities, state_outcomes)
    return pd.concat([result.model.reset_index(drop=True), extra], axis=1)


def state_outcome_columns(
    states: pd.DataFrame, capabilities: pd.DataFrame, names: tuple[str, ...]
) -> pd.DataFrame:
    """One column per state outcome name, one row per year (in the years' order of ``states``).

    Parameters
    ----------
    states, capabilities
        A run's ``states.csv`` (year x state) and ``capabilities.csv`` (year x state x area).
    names
        Validated ``STATE.MEASURE`` / ``STATE.AREA.MEASURE`` names.
    """
    years = pd.unique(states["year"])
    cols: dict[str, np.ndarray] = {}
    for name in names:
        state, area, measure = parse_state_outcome(name)
        if area is None:
            rows = states[states["state"] == state]
        else:
            rows = capabilities[
                (capabilities["state"] == state) & (capabilities["capability"] == area)
            ]
        cols[name] = rows.set_index("year")[measure].reindex(years).to_numpy(dtype=float)
    return pd.DataFrame(cols)


def outcomes_at(
    table: pd.DataFrame, names: tuple[str, ...] | list[str], year: int
) -> dict[str, float]:
    """Scalar outcomes ``{name: value}`` of one run's model table in ``year``."""
    row = table.loc[table["year"] == year]
    if row.empty:
        raise ValueError(
            f"year {year} was not simulated ({table['year'].min()}-{table['year'].max()})"
        )
    return {n: float(row[n].iloc[0]) for n in names}

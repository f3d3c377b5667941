"""The model as a function: ``run(overrides, seed) -> outcomes`` (STYLE principle 4).

Sweeps, SALib and the EMA Workbench adapter all call :func:`run`, which is
:func:`model.run.run` reduced to the model-level table; nothing in ``model/experiments`` builds
or steps a model.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from model.run import run as run_model
from model.scenario import Scenario


def run(
    overrides: dict[str, Any] | None,
    seed: int,
    *,
    scenario: str | Scenario = "reference_2012",
    years: tuple[int, int] | None = None,
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

    Returns
    -------
    pandas.DataFrame
        The ``model.csv`` columns (``year``, ``capability_gap``, ``savings``, ...).
    """
    return run_model(scenario, int(seed), years, overrides or None, keep_model=False).model


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

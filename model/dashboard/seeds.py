"""Bands over a few seeds for the side-by-side page: how much one seed can mislead.

The side-by-side page steps one seed of each configuration with the main run. This module runs
each configuration in full over :data:`BAND_SEEDS` seeds (``model.run_scenario``, the public
API; ~0.1 s a run) and returns, per panel of :data:`model.dashboard.charts.SIDE_PANELS` and
year, the project's one statistic over those seeds (:data:`model.analysis.BAND`, as
``coopsim compare``): the mean, drawn dashed, and the 5-95 % band (linear-interpolated
percentiles), drawn shaded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from model import run_scenario
from model.analysis import BAND
from model.dashboard.charts import SIDE_PANELS, series

#: Seeds of the bands (the run's own seed need not be among them).
BAND_SEEDS: tuple[int, ...] = (1, 2, 3, 4, 5)


def side_bands(
    scenario: str,
    configs: Mapping[str, Mapping[str, Any]],
    focus: str,
    seeds: Sequence[int] = BAND_SEEDS,
) -> pd.DataFrame:
    """Mean and 5-95 % band over ``seeds`` of each side-by-side panel, per configuration.

    Parameters
    ----------
    scenario
        Scenario name.
    configs
        Configuration label → overrides (dotted keys), e.g. ``{"A": {...}, "B": {...}}``.
    focus
        iso3 code of the focus state.
    seeds
        Seeds to run each configuration with.

    Returns
    -------
    pandas.DataFrame
        ``config, panel, year, n, mean, low, high``: ``low``/``high`` the 5th/95th
        percentiles over the ``n`` seeds; ``panel`` indexes ``SIDE_PANELS``.
    """
    parts = []
    for label, overrides in configs.items():
        runs = [run_scenario(scenario, seed=s, overrides=dict(overrides) or None) for s in seeds]
        for p, (_, table, column, scale, _) in enumerate(SIDE_PANELS):
            values = pd.concat(
                [series(r, table, column, focus, scale) for r in runs], ignore_index=True
            )
            by_year = values.groupby("year")["value"]
            g = pd.DataFrame(
                {
                    "n": by_year.size(),
                    "mean": by_year.mean(),
                    "low": by_year.quantile(BAND[0] / 100.0),
                    "high": by_year.quantile(BAND[1] / 100.0),
                }
            ).reset_index()
            g.insert(0, "panel", p)
            g.insert(0, "config", label)
            parts.append(g)
    return pd.concat(parts, ignore_index=True)

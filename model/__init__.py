"""coopsim: an agent-based simulator of international military cooperation.

Public API::

    from model import run_scenario, sweep, load_sweep, CooperationModel
    result = run_scenario("reference_2012", seed=1, years=(2012, 2035),
                          overrides={"policy.nato_consultation": True})
    result.states, result.capabilities  # DataFrames with the run folder's columns
    result.save("results/my-run")   # writes only; counterfactual=True adds the go-it-alone twin
    folder = sweep("scenarios/sweeps/smoke.toml", workers=2)   # a sweep folder (Parquet)
    load_sweep(folder)                                          # its model/ table, run x year
"""

from __future__ import annotations

import os
from typing import Any

from model.cooperation import CooperationModel
from model.experiments import load_sweep, sweep
from model.params import Circle, Form, Origin, Params
from model.results import RunResult
from model.run import run as _run  # not `run`: that would hide the module model.run
from model.scenario import Scenario, ScenarioError, list_scenarios, load_scenario
from model.version import MODEL_VERSION

__all__ = [
    "MODEL_VERSION",
    "Circle",
    "CooperationModel",
    "Form",
    "Origin",
    "Params",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "list_scenarios",
    "load_scenario",
    "load_sweep",
    "run_scenario",
    "sweep",
]
__version__ = MODEL_VERSION


def run_scenario(
    scenario: str | os.PathLike[str] | Scenario = "reference_2012",
    seed: int = 1,
    years: tuple[int, int] | None = None,
    overrides: dict[str, Any] | None = None,
    counterfactual: bool = False,
) -> RunResult:
    """Run a scenario in-process and return its tables; writes nothing unless ``save`` is called.

    The same steps as ``coopsim run`` (:func:`model.run.run`).

    Parameters
    ----------
    scenario
        A name from ``coopsim list``, a path to a scenario file, or a loaded Scenario.
    seed
        Seed of the model's random generator; same scenario, seed and overrides give the
        same tables.
    years
        ``(from, to)``, inclusive, replacing the scenario's span.
    overrides
        Dotted parameter keys to values, as ``coopsim run --set``.
    counterfactual
        Also run the go-it-alone twin, so that ``save`` writes the report's comparison with
        going it alone and ``figures/counterfactual_gap.png`` (as ``coopsim run`` does).

    Returns
    -------
    RunResult
        ``.model``, ``.states``, ``.capabilities``, ``.arrangements``, ``.circles``.
    """
    return _run(scenario, seed, years, overrides, counterfactual=counterfactual)

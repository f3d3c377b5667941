"""EMA Workbench 3 adapter and a worked PRIM scenario discovery.

:func:`ema_model` exposes :func:`model.experiments.run.run` as an ``ema_workbench``
``ReplicatorModel`` whose uncertainties, levers and outcomes come from the one parameter
contract: ranges from a sweep file or from the pydantic constraints of
:class:`model.params.Params` (:func:`model.experiments.spec.contract_bounds`), booleans as
``BooleanParameter``, listed values as ``CategoricalParameter``. Parameter names are the dotted
keys with ``__`` for dots (as ``CooperationModel`` keywords); each replication has its own seed.

:func:`discover_gap_conditions` is the worked example (docs/EXPERIMENTS.md): which conditions lead
to an alliance capability gap above a threshold in 2030? It samples the model with EMA's Latin
hypercube, marks the experiments whose seed-mean gap exceeds the threshold and lets PRIM (Friedman
& Fisher 1999; Bryant & Lempert 2010) find the box of conditions that concentrates them.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from model.experiments.run import outcomes_at, run
from model.experiments.spec import (
    SweepParameter,
    SweepSpec,
    contract_bounds,
    contract_kind,
    derive_seed,
    is_state_outcome,
    load_sweep_spec,
)
from model.scenario import load_scenario

with warnings.catch_warnings():  # EMA warns that the optional ipyparallel is missing
    warnings.filterwarnings("ignore", message="ipyparallel not installed")
    import ema_workbench  # noqa: F401


def ema_name(key: str) -> str:
    """EMA name of a dotted key: dots become ``__`` (``policy__nato_consultation``)."""
    return key.replace(".", "__")


@dataclass(frozen=True)
class ModelFunction:
    """The model as EMA calls it: keyword parameters plus ``seed`` -> ``{outcome_year: value}``.

    Parameters
    ----------
    scenario
        Scenario name or path.
    years
        Simulated span, or None for the scenario's.
    outcomes
        Outcome columns of ``model.csv`` or a state's outcomes (``NLD.autonomy``,
        ``NLD.fighters.gap``; see :mod:`model.experiments.spec`).
    outcome_years
        Years reported; the outcome ``capability_gap_2030`` is ``capability_gap`` in 2030,
        ``NLD__fighters__gap_2030`` is ``NLD.fighters.gap`` in 2030 (EMA names: ``__`` for dots).
    constants
        Overrides for every run (dotted keys).
    """

    scenario: str
    years: tuple[int, int] | None
    outcomes: tuple[str, ...]
    outcome_years: tuple[int, ...]
    constants: tuple[tuple[str, Any], ...] = ()

    def __call__(self, seed: int, **params: Any) -> dict[str, float]:
        """Run the model with EMA's sampled ``params`` and one replication's ``seed``."""
        overrides = dict(self.constants)
        overrides.update({k.replace("__", "."): _plain(v) for k, v in params.items()})
        per_state = tuple(o for o in self.outcomes if is_state_outcome(o))
        kw = {"state_outcomes": per_state} if per_state else {}
        table = run(overrides, int(seed), scenario=self.scenario, years=self.years, **kw)
        out = {}
        for year in self.outcome_years:
            for name, value in outcomes_at(table, self.outcomes, year).items():
                out[f"{ema_name(name)}_{year}"] = value
        return out


def _mean(values: Any) -> float:
    """Mean of an outcome over the replications."""
    return float(np.mean(values))


def _plain(v: Any) -> Any:
    if isinstance(v, np.generic):
        return v.item()
    return v


def ema_parameter(p: SweepParameter) -> Any:
    """The EMA parameter of one swept parameter (range, boolean or categories)."""
    from ema_workbench import (
        BooleanParameter,
        CategoricalParameter,
        IntegerParameter,
        RealParameter,
    )

    name = ema_name(p.key)
    if p.values is not None:
        if p.kind == "bool" and set(p.values) == {False, True}:
            return BooleanParameter(name)
        return CategoricalParameter(name, list(p.values))
    lo, hi = p.bounds or contract_bounds(p.key)
    if p.kind == "int":
        return IntegerParameter(name, int(lo), int(hi))
    return RealParameter(name, float(lo), float(hi))


def contract_parameter(
    key: str, role: str = "uncertainty", bounds: tuple[float, float] | None = None
) -> SweepParameter:
    """A swept parameter straight from the contract: its pydantic range, or true/false."""
    kind = contract_kind(key)
    if kind == "bool":
        return SweepParameter(key, (False, True), None, kind, role)
    if bounds is None:
        lo, hi = contract_bounds(key)
        if lo is None or hi is None:
            raise ValueError(f"{key}: the contract gives no closed range; pass bounds=(low, high)")
        bounds = (lo, hi)
    return SweepParameter(key, None, (float(bounds[0]), float(bounds[1])), kind, role)


def ema_model(
    parameters: Sequence[SweepParameter] | SweepSpec | str | os.PathLike[str],
    *,
    scenario: str = "reference_2012",
    years: tuple[int, int] | None = None,
    outcomes: Sequence[str] = ("capability_gap", "savings", "autonomy", "capacity_to_act"),
    outcome_years: Sequence[int] = (2030,),
    seeds: int = 1,
    master_seed: int = 0,
    constants: dict[str, Any] | None = None,
    name: str = "coopsim",
) -> Any:
    """The model as an ``ema_workbench.ReplicatorModel``.

    Parameters
    ----------
    parameters
        Swept parameters (:func:`contract_parameter`), a loaded sweep spec, or a sweep file path;
        a sweep file also gives the scenario, years, seeds, outcomes and constants.
    scenario, years
        Base scenario and simulated span.
    outcomes, outcome_years
        Outcome columns and the years reported (``capability_gap_2030``).
    seeds, master_seed
        Replications per experiment; replication k uses ``derive_seed(master_seed, k)``.
    constants
        Dotted-key overrides for every run.
    name
        EMA model name (an identifier).

    Returns
    -------
    ema_workbench.ReplicatorModel
        With ``uncertainties``, ``levers`` (parameters with role ``lever``), ``outcomes``
        (``ScalarOutcome`` per outcome and year, the mean over the replications) and
        ``replications`` (one seed each).
    """
    from ema_workbench import ReplicatorModel, ScalarOutcome

    if isinstance(parameters, str | os.PathLike):
        parameters = load_sweep_spec(parameters)
    if isinstance(parameters, SweepSpec):
        spec = parameters
        scenario, years, seeds, master_seed = (
            spec.scenario,
            spec.years,
            spec.seeds,
            spec.master_seed,
        )
        outcomes = spec.outcomes
        constants = {**spec.constants, **(constants or {})}
        if spec.sensitivity_year is not None:
            outcome_years = (spec.sensitivity_year,)
        parameters = spec.parameters
    fn = ModelFunction(
        scenario,
        years,
        tuple(outcomes),
        tuple(outcome_years),
        tuple(sorted((constants or {}).items())),
    )
    model = ReplicatorModel(name, function=fn)
    model.uncertainties = [ema_parameter(p) for p in parameters if p.role == "uncertainty"]
    model.levers = [ema_parameter(p) for p in parameters if p.role == "lever"]
    model.outcomes = [
        ScalarOutcome(f"{ema_name(o)}_{y}", variable_name=f"{ema_name(o)}_{y}", function=_mean)
        for y in outcome_years
        for o in outcomes
    ]
    model.replications = [{"seed": derive_seed(master_seed, k)} for k in range(seeds)]
    return model


#: Conditions of the worked example: budget path, institutions and cooperation behaviour.
DISCOVERY_PARAMETERS: tuple[SweepParameter, ...] = (
    contract_parameter("budgets.real_growth_override", bounds=(-0.04, 0.04)),
    contract_parameter("arrangements.min_gain", bounds=(-0.05, 0.10)),
    contract_parameter("partners.staff_per_log_budget", bounds=(0.5, 4.0)),
    contract_parameter("costs.real_cost_growth", bounds=(0.0, 0.03)),
    contract_parameter("crises.random_rate", bounds=(0.0, 1.0)),
    contract_parameter("policy.nato_consultation", role="lever"),
    contract_parameter("institutions.eu_cascading", role="lever"),
)


@dataclass
class Discovery:
    """Result of :func:`discover_gap_conditions`.

    Attributes
    ----------
    experiments
        EMA's experiments table (one row per experiment; parameters as EMA names).
    gap
        Seed-mean alliance capability gap in the year, per experiment.
    of_interest
        Whether the gap exceeds the threshold.
    box
        The PRIM box chosen (None if no case of interest).
    limits
        The box's restricted dimensions: ``min``, ``max`` (or the kept categories), ``qp``.
    stats
        Coverage, density, mass and the number of restricted dimensions of the box.
    """

    experiments: pd.DataFrame
    gap: np.ndarray
    of_interest: np.ndarray
    box: Any
    limits: pd.DataFrame
    stats: dict[str, float]


def prim_ready(x: pd.DataFrame) -> pd.DataFrame:
    """Cast EMA experiments for PRIM: ints to float, bools and objects to categories.

    EMA 3.0.0's PRIM trips on int64 columns under pandas 3 (quaquel/EMAworkbench#448); booleans
    are kept as two categories so that the box says which switch setting matters.
    """
    out = x.copy()
    for col in out.columns:
        s = out[col]
        if (
            pd.api.types.is_bool_dtype(s)
            or s.dtype == object
            or isinstance(s.dtype, pd.StringDtype)
        ):
            out[col] = s.astype(str).astype("category")
        elif pd.api.types.is_integer_dtype(s):
            out[col] = s.astype(float)
    return out


def discover_gap_conditions(
    n_experiments: int = 500,
    threshold: float = 0.5,
    year: int = 2030,
    seeds: int = 2,
    scenario: str = "reference_2012",
    master_seed: int = 2012,
    min_density: float = 0.8,
    parameters: Sequence[SweepParameter] = DISCOVERY_PARAMETERS,
    evaluator: Any = None,
) -> Discovery:
    """Find the conditions that lead to an alliance capability gap above ``threshold`` in ``year``.

    Parameters
    ----------
    n_experiments
        Latin hypercube experiments over uncertainties and levers together.
    threshold
        Gap (share of the requirement, in [0, 1]) above which a future is "of interest".
    year
        The year judged (the model runs from the scenario's start to this year).
    seeds
        Replications per experiment; the gap is their mean.
    scenario
        Base scenario.
    master_seed
        Seeds of EMA's sampling and of the replications.
    min_density
        The box chosen is the one with the highest coverage among those at least this dense
        (density: share of the box's experiments that are of interest).
    parameters
        The conditions explored (default :data:`DISCOVERY_PARAMETERS`).
    evaluator
        An EMA evaluator (default: ``SequentialEvaluator``).

    Returns
    -------
    Discovery
        Experiments, gaps, the PRIM box and its limits and statistics.
    """
    from ema_workbench import SequentialEvaluator, perform_experiments
    from ema_workbench.analysis import prim

    # levers are sampled with the uncertainties (one design), so PRIM sees both
    params = [SweepParameter(p.key, p.values, p.bounds, p.kind, "uncertainty") for p in parameters]
    model = ema_model(
        params,
        scenario=scenario,
        years=(_start(scenario), year),
        outcomes=("capability_gap",),
        outcome_years=(year,),
        seeds=seeds,
        master_seed=master_seed,
    )
    experiments, outcomes = perform_experiments(
        model,
        scenarios=n_experiments,
        evaluator=evaluator or SequentialEvaluator(model),
        uncertainty_sampling_kwargs={"rng": master_seed},
    )
    gap = np.asarray(outcomes[f"capability_gap_{year}"], dtype=float)
    y = gap > threshold
    x = prim_ready(experiments[[ema_name(p.key) for p in parameters]])
    if not y.any():
        return Discovery(
            experiments, gap, y, None, pd.DataFrame(), {"coverage": 0.0, "density": 0.0}
        )
    p = prim.Prim(x, y, peel_alpha=0.05, mass_min=0.05)
    box = p.find_box()
    traj = box.peeling_trajectory
    ok = traj[traj["density"] >= min_density]
    i = int(ok["coverage"].idxmax()) if len(ok) else int(traj["density"].idxmax())
    box.select(i)
    stats_row, lims = box.inspect(i, style="data")[0]
    lims.columns = ["min", "max", "qp_min", "qp_max"][: lims.shape[1]]
    stats = {
        k: float(stats_row[k]) for k in ("coverage", "density", "mass", "res_dim") if k in stats_row
    }
    return Discovery(experiments, gap, y, box, lims, stats)


def _start(scenario: str) -> int:

    return load_scenario(scenario).params.simulation.start_year

"""The one way to make a run: :func:`run` (scenario, seed, years, overrides) -> RunResult.

``model.run_scenario``, ``coopsim run``, sweeps (:mod:`model.experiments.run`), comparisons
(:mod:`model.compare`) and validation (:mod:`model.validation.runs`) all call :func:`run`; none
builds or steps a :class:`~model.cooperation.CooperationModel` itself. When asked, it also runs
the go-it-alone twin that reports set the run against (:func:`run_alone`), so that saving a
result never simulates.
"""

from __future__ import annotations

import dataclasses
import os
import uuid
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from model.analysis import COOPERATION_OFF
from model.cooperation import CooperationModel
from model.outputs import ModelView, run_fields
from model.results import RunResult
from model.scenario import Scenario, load_scenario

__all__ = ["portable", "received", "result_from_model", "run", "run_alone"]

_TOKEN = "_portable_token"
#: Scenarios received by this process, by token, most recent last (a few sides or points).
_RECEIVED: OrderedDict[str, Scenario] = OrderedDict()
_RECEIVED_KEPT = 8

#: A scenario as :func:`run` takes it: a name from ``coopsim list``, a path, or a loaded one.
ScenarioLike = str | os.PathLike[str] | Scenario


def result_from_model(m: ModelView) -> RunResult:
    """Collect a finished model's tables into a :class:`~model.results.RunResult`."""
    return RunResult(**run_fields(m))


def run(
    spec: ScenarioLike,
    seed: int,
    years: tuple[int, int] | None = None,
    overrides: dict[str, Any] | None = None,
    *,
    counterfactual: bool = False,
    on_step: Callable[[CooperationModel], None] | None = None,
    keep_model: bool = True,
) -> RunResult:
    """Run a scenario in this process and return its tables; writes nothing.

    Parameters
    ----------
    spec
        A name from ``coopsim list``, a path to a scenario file, or a loaded Scenario (passed
        down as it is when there are no overrides or years: its cached world is reused).
    seed
        Seed of the model's random generator; same scenario, seed and overrides give the same
        tables.
    years
        ``(from, to)``, inclusive, replacing the scenario's span.
    overrides
        Dotted parameter keys to values, as ``coopsim run --set``.
    counterfactual
        Also run the go-it-alone twin (same world, budgets, crises and seed; cooperation off)
        and attach it as ``result.counterfactual``; skipped when cooperation is already off.
    on_step
        Called with the model after every simulated year (progress bars, per-year extracts).
    keep_model
        Keep the finished Mesa model as ``result.cooperation_model`` (False: only the tables,
        e.g. to send a result between processes).

    Returns
    -------
    RunResult
        ``.model``, ``.states``, ``.capabilities``, ``.arrangements``, ``.circles``; ``.spec``
        the scenario run; ``.counterfactual`` the twin or None.
    """
    spec = received(spec) if isinstance(spec, Scenario) else os.fspath(spec)
    scenario = load_scenario(spec, overrides, years)
    m = CooperationModel(scenario, rng=seed)
    while m.running:
        m.step()
        if on_step is not None:
            on_step(m)
    result = result_from_model(m)
    result.spec = scenario
    if not keep_model:
        result.cooperation_model = None
    if counterfactual and scenario.params.cooperation.enabled:
        result.counterfactual = run_alone(scenario, seed, keep_model=False)
    return result


def portable(spec: Scenario) -> Scenario:
    """The scenario without what runs cached on it: the copy that tasks send to workers.

    The cache (world, calibration, parsed rows) does not all pickle; it is rebuilt where the
    scenario is run, once per worker process: the copy carries a token, and every task that
    brings the same token runs on the first copy that worker received (see :func:`received`).
    """
    copy = dataclasses.replace(spec)
    copy.__dict__[_TOKEN] = uuid.uuid4().hex  # kept by pickle, beside Scenario.cached's store
    return copy


def received(spec: Scenario) -> Scenario:
    """The first scenario this process received with ``spec``'s token (or ``spec`` itself).

    Tasks of one comparison side, one validation point or one sweep arrive as separate unpickled
    copies; running them on one object shares the world and calibration cached on it, as runs
    in one process share a loaded scenario.
    """
    token = spec.__dict__.get(_TOKEN)
    if token is None:
        return spec
    first = _RECEIVED.setdefault(token, spec)
    _RECEIVED.move_to_end(token)
    while len(_RECEIVED) > _RECEIVED_KEPT:
        _RECEIVED.popitem(last=False)
    return first


def run_alone(
    spec: ScenarioLike,
    seed: int,
    years: tuple[int, int] | None = None,
    overrides: dict[str, Any] | None = None,
    *,
    keep_model: bool = True,
) -> RunResult:
    """Run the go-it-alone counterfactual of a scenario: same world and seed, no cooperation."""
    return run(spec, seed, years, {**(overrides or {}), **COOPERATION_OFF}, keep_model=keep_model)

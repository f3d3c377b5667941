"""The sweep file: which runs a sweep makes, declared as data apart from the model.

A sweep file is a small TOML file (``scenarios/sweeps/*.toml``; docs/EXPERIMENTS.md has the
reference)::

    name = "smoke"
    description = "4 policy points x 10 seeds of the reference scenario"
    scenario = "reference_2012"          # name or path (relative to this file)
    years = "2012:2035"                  # optional: the simulated span
    seeds = 10                           # replications per point
    master_seed = 2012                   # every run's seed is derived from it
    common_seeds = true                  # replication k uses the same seed at every point

    [design]
    method = "grid"                      # grid | latin | sobol | morris
    # samples = 64                       # N of latin / sobol (base) / morris (trajectories)

    [parameters]
    "policy.nato_consultation" = { values = [false, true] }
    "budgets.real_growth_override" = { range = [-0.04, 0.03] }
    "arrangements.min_gain" = { range = "contract" }    # bounds from the parameter contract

    [constants]                          # fixed overrides for every run
    "crises.random_rate" = 0.3

    [outcomes]
    years = [2020, 2030, 2035]           # years kept in model/ (default: every year)
    names = ["capability_gap", "savings", "NLD.autonomy", "NLD.fighters.gap"]
    year = 2030                          # the year `coopsim sensitivity` analyses

An outcome name is a ``model.csv`` column (the alliance), ``STATE.MEASURE`` (one state: a
``states.csv`` column, e.g. ``NLD.capability_gap``) or ``STATE.AREA.MEASURE`` (one state in one
capability area: a ``capabilities.csv`` column, e.g. ``NLD.fighters.gap``). State outcomes are
kept in the sweep folder's ``states/`` dataset, one column per name as written.

Parameters are dotted keys of :class:`model.params.Params` (``policy.*`` is an alias of
``institutions.*``). A ``values`` parameter in a sampled design is sampled on [0, 1] and mapped to
one of its values (equal shares). Each run's seed comes from ``numpy.random.SeedSequence``
(master seed, spawn key = replication index, or run index when ``common_seeds = false``).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

import annotated_types as at
import numpy as np
import pandas as pd
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from model.folders import OutputError, check_name
from model.outputs import model_reporters
from model.params import KEY_ALIASES, MAPPING_KEYS, Params
from model.scenario import (
    Scenario,
    ScenarioError,
    apply_overrides,
    load_scenario,
    resolve_path,
)

METHODS = ("grid", "latin", "sobol", "morris")
TOP_KEYS = {
    "name",
    "description",
    "scenario",
    "years",
    "seeds",
    "master_seed",
    "common_seeds",
    "design",
    "parameters",
    "constants",
    "outcomes",
    "chunk_size",
}
DESIGN_KEYS = {"method", "samples", "calc_second_order", "levels"}
PARAM_KEYS = {"values", "range", "role"}
OUTCOME_KEYS = {"years", "names", "year"}
DEFAULT_OUTCOMES = ("capability_gap", "savings", "autonomy", "capacity_to_act")
#: ``states.csv`` columns a ``STATE.MEASURE`` outcome may name (per state and year).
STATE_MEASURES = (
    "budget",
    "spending",
    "savings",
    "capability_gap",
    "autonomy",
    "capacity_to_act",
    "access_value",
    "area_spending",
    "w_political",
    "w_military",
    "w_financial",
    "partners_strategic",
    "partners_affiliated",
    "partners_opportunity",
)
#: ``capabilities.csv`` columns a ``STATE.AREA.MEASURE`` outcome may name (per state, area, year).
AREA_MEASURES = ("requirement", "level", "own_level", "gap", "holdings", "access")
ROLES = ("uncertainty", "lever")


class SweepError(ScenarioError):
    """Bad sweep input: a one-line message naming the file, key and what is expected."""


@dataclass(frozen=True)
class SweepParameter:
    """One swept parameter: a dotted key with a list of values or a numeric range.

    Parameters
    ----------
    key
        Dotted key as written in the sweep file; it is also the column name in the tables.
    values
        The values of a grid (or the categories of a sampled discrete parameter).
    bounds
        ``(low, high)`` of a sampled range, in the parameter's own unit.
    kind
        ``"bool"``, ``"int"``, ``"float"`` or ``"str"``: the column's type.
    role
        ``"uncertainty"`` or ``"lever"`` (used by the EMA Workbench adapter).
    """

    key: str
    values: tuple[Any, ...] | None
    bounds: tuple[float, float] | None
    kind: str
    role: str = "uncertainty"

    def from_unit(self, x: float) -> Any:
        """Map a sampled number (range units, or [0, 1] for ``values``) to the parameter value."""
        if self.values is not None:
            return self.values[min(int(x * len(self.values)), len(self.values) - 1)]
        if self.kind == "int":
            return int(round(x))
        return float(x)

    @property
    def salib_bounds(self) -> list[float]:
        """Bounds SALib samples in: the range, or [0, 1] for a discrete parameter."""
        return [0.0, 1.0] if self.values is not None else [float(b) for b in self.bounds or ()]


@dataclass(frozen=True)
class SweepSpec:
    """A loaded, validated sweep file (see the module docstring for the format)."""

    name: str
    description: str
    path: Path
    scenario: str
    years: tuple[int, int] | None
    seeds: int
    master_seed: int
    common_seeds: bool
    method: str
    samples: int | None
    calc_second_order: bool
    levels: int
    parameters: tuple[SweepParameter, ...]
    constants: dict[str, Any] = field(default_factory=dict)
    outcome_years: tuple[int, ...] | None = None
    outcomes: tuple[str, ...] = DEFAULT_OUTCOMES
    sensitivity_year: int | None = None
    chunk_size: int | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def model_outcomes(self) -> tuple[str, ...]:
        """The alliance-level outcomes (``model.csv`` columns), in file order."""
        return tuple(n for n in self.outcomes if not is_state_outcome(n))

    @property
    def state_outcomes(self) -> tuple[str, ...]:
        """The outcomes of one state (``STATE.MEASURE``, ``STATE.AREA.MEASURE``), in file order."""
        return tuple(n for n in self.outcomes if is_state_outcome(n))

    @property
    def keys(self) -> list[str]:
        """The swept parameters' dotted keys, in file order."""
        return [p.key for p in self.parameters]

    def n_runs(self) -> int:
        """Number of runs of the design, counted without building it."""
        k = len(self.parameters)
        n = int(self.samples or 0)
        if self.method == "grid":
            points = math.prod(len(p.values or ()) for p in self.parameters)
        elif self.method == "latin":
            points = n
        elif self.method == "sobol":
            points = n * (2 * k + 2 if self.calc_second_order else k + 2)
        else:  # morris: one trajectory of k + 1 points per sample
            points = n * (k + 1)
        return points * self.seeds

    def salib_problem(self) -> dict[str, Any]:
        """The SALib problem dictionary of the sampled design."""
        return {
            "num_vars": len(self.parameters),
            "names": self.keys,
            "bounds": [p.salib_bounds for p in self.parameters],
        }

    def sample(self) -> np.ndarray:
        """The raw design matrix, one row per point (SALib units; the grid as value indices)."""
        if self.method == "grid":
            idx = itertools.product(*(range(len(p.values or ())) for p in self.parameters))
            return np.array(list(idx), dtype=float).reshape(-1, len(self.parameters))
        problem = self.salib_problem()
        n = int(self.samples or 0)
        if self.method == "latin":
            from SALib.sample import latin

            return latin.sample(problem, n, seed=self.master_seed)
        if self.method == "sobol":
            from SALib.sample import sobol

            return sobol.sample(
                problem, n, calc_second_order=self.calc_second_order, seed=self.master_seed
            )
        from SALib.sample import morris

        return morris.sample(problem, n, num_levels=self.levels, seed=self.master_seed)

    def points(self) -> pd.DataFrame:
        """One row per point: ``point`` and the swept parameters' values (typed columns)."""
        x = self.sample()
        cols: dict[str, Any] = {"point": np.arange(len(x), dtype=np.int64)}
        for j, p in enumerate(self.parameters):
            if self.method == "grid":
                vals = [p.values[int(i)] for i in x[:, j]] if p.values else []
            else:
                vals = [p.from_unit(v) for v in x[:, j]]
            cols[p.key] = pd.array(vals, dtype=PANDAS_DTYPES[p.kind])
        return pd.DataFrame(cols)

    def design(self) -> pd.DataFrame:
        """One row per run: ``run_id``, ``point``, ``replicate``, ``seed`` and the parameters.

        ``run_id = point * seeds + replicate``; the seed is derived from the master seed with
        ``SeedSequence(master_seed, spawn_key=(k,))``, ``k`` the replicate (common seeds) or the
        run id.
        """
        pts = self.points()
        n_pts, k = len(pts), self.seeds
        run_id = np.arange(n_pts * k, dtype=np.int64)
        rep = run_id % k
        keys = rep if self.common_seeds else run_id
        table = {int(i): derive_seed(self.master_seed, int(i)) for i in np.unique(keys)}
        out = pts.iloc[run_id // k].reset_index(drop=True)
        out.insert(0, "seed", np.array([table[int(i)] for i in keys], dtype=np.int64))
        out.insert(0, "replicate", rep)
        out.insert(0, "run_id", run_id)
        return out[["run_id", "point", "replicate", "seed", *self.keys]]

    def digest(self) -> str:
        """Hash of everything that decides the runs (resuming checks it did not change)."""
        text = json.dumps(
            {
                k: v
                for k, v in self.raw.items()
                if k not in ("description", "outcomes", "chunk_size")
            },
            sort_keys=True,
            default=str,
        )
        return hashlib.sha256(text.encode()).hexdigest()[:16]


#: Largest sweep design (runs) accepted; checked before the design is built, so a typo such as
#: ``seeds = 1000000000`` is one line instead of a MemoryError.
MAX_RUNS = 1_000_000

PANDAS_DTYPES = {"bool": "boolean", "int": "Int64", "float": "Float64", "str": "string"}


def derive_seed(master_seed: int, index: int) -> int:
    """Seed number ``index`` of a sweep: a 31-bit int from ``SeedSequence(master, spawn_key)``."""
    state = np.random.SeedSequence(master_seed, spawn_key=(index,)).generate_state(1, np.uint32)
    return int(state[0] >> 1)


# ------------------------------------------------------------------ the parameter contract
def contract_field(key: str) -> tuple[Any, Any]:
    """Return ``(annotation, FieldInfo)`` of a dotted parameter key, or raise SweepError."""
    parts = key.split(".")
    parts[0] = KEY_ALIASES.get(parts[0], parts[0])
    model: type[BaseModel] = Params
    info = None
    for i, part in enumerate(parts):
        if i == len(parts) - 1 and ".".join(parts[:i]) in MAPPING_KEYS:
            # one entry of a keyed table (budgets.state_growth.NLD): its value type's field
            leaf = FieldInfo.from_annotation(get_args(info.annotation)[1])
            return leaf.annotation, leaf
        fields = model.model_fields
        if part not in fields:
            where = ".".join(parts[:i]) or "top level"
            raise SweepError(
                f"{key}: unknown parameter (at {where}, expected one of "
                f"{', '.join(sorted(fields))})"
            )
        info = fields[part]
        ann = info.annotation
        if i < len(parts) - 1:
            table = ".".join(parts[: i + 1])
            if table in MAPPING_KEYS:
                if i != len(parts) - 2:
                    raise SweepError(f"{key}: expected one key below {table} (e.g. {table}.NLD)")
                continue
            if not (isinstance(ann, type) and issubclass(ann, BaseModel)):
                raise SweepError(f"{key}: '{part}' is not a group")
            model = ann
    assert info is not None
    if isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel):
        raise SweepError(f"{key}: is a group, give one of its keys")
    return info.annotation, info


def contract_bounds(key: str) -> tuple[float | None, float | None]:
    """The ``(low, high)`` a parameter may take under its pydantic constraints (None: open)."""
    _, info = contract_field(key)
    lo = hi = None
    for m in info.metadata:
        if isinstance(m, at.Ge | at.Gt):
            lo = float(m.ge if isinstance(m, at.Ge) else m.gt)
        if isinstance(m, at.Le | at.Lt):
            hi = float(m.le if isinstance(m, at.Le) else m.lt)
    return lo, hi


def contract_kind(key: str) -> str:
    """``"bool"``, ``"int"``, ``"float"`` or ``"str"``: the scalar type of a parameter."""
    ann, _ = contract_field(key)
    args = [a for a in getattr(ann, "__args__", (ann,)) if a is not type(None)]
    for kind, typ in (("bool", bool), ("int", int), ("float", float)):
        if typ in args:
            return kind
    return "str"


# ------------------------------------------------------------------ loading
def load_sweep_spec(path: str | os.PathLike[str]) -> SweepSpec:
    """Load and validate a sweep file; every problem is a one-line :class:`SweepError`.

    Parameters
    ----------
    path
        Path to the ``.toml`` sweep file.

    Returns
    -------
    SweepSpec
        The validated sweep.
    """
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            raw = tomllib.load(fh)
    except OSError as err:
        raise SweepError(f"{path}: cannot read sweep file ({err.strerror})") from None
    except tomllib.TOMLDecodeError as err:
        raise SweepError(f"{path}: not valid TOML ({err})") from None
    except UnicodeDecodeError:
        raise SweepError(f"{path}: not valid TOML (not UTF-8 text; a binary file?)") from None
    return spec_from_dict(raw, path)


def spec_from_dict(raw: dict[str, Any], path: Path) -> SweepSpec:
    """Validate a parsed sweep document (``path`` names it in messages and anchors paths).

    Checked in the order of the file's sections: top-level keys and scenario, design,
    parameters and constants, outcomes, then the run count.
    """
    for key in raw:
        if key not in TOP_KEYS:
            raise SweepError(
                f"{path}: unknown key '{key}' (expected one of {', '.join(sorted(TOP_KEYS))})"
            )
    if "scenario" not in raw:
        raise SweepError(f"{path}: missing key 'scenario' (a scenario name or path)")
    scen_text = str(raw["scenario"])
    try:
        scen_path = resolve_path(scen_text, base=path.parent.resolve())
    except ScenarioError as err:
        raise SweepError(f"{path}: scenario: {err}") from None
    years = _years(raw.get("years"), path)
    seeds = _int(raw.get("seeds", 1), f"{path}: seeds", low=1)
    master = _int(raw.get("master_seed", 0), f"{path}: master_seed", low=0)
    common = raw.get("common_seeds", True)
    if not isinstance(common, bool):
        raise SweepError(f"{path}: common_seeds: expected true or false, got {common!r}")

    method, samples, second, levels = _design(raw, path)
    base = load_scenario(scen_path, None, years)
    params = _parameters(raw.get("parameters"), path, method, base.params)
    constants = _constants(raw, path, params, base)
    out_years, names, year = _outcomes(raw, path, base)
    chunk = raw.get("chunk_size")
    if chunk is not None:
        chunk = _int(chunk, f"{path}: chunk_size", low=1)
    name = raw.get("name", path.stem)
    try:
        check_name(name, f"{path}: key 'name' (or the file name when it has none)")
    except OutputError as err:
        raise SweepError(str(err)) from None
    spec = SweepSpec(
        name=str(name),
        description=str(raw.get("description", "")),
        path=path.resolve(),
        scenario=str(scen_path),
        years=years,
        seeds=seeds,
        master_seed=master,
        common_seeds=common,
        method=method,
        samples=samples,
        calc_second_order=second,
        levels=levels,
        parameters=tuple(params),
        constants=constants,
        outcome_years=out_years,
        outcomes=names,
        sensitivity_year=year,
        chunk_size=chunk,
        raw={**raw, "scenario": str(scen_path)},
    )
    n_runs = spec.n_runs()
    if n_runs > MAX_RUNS:
        raise SweepError(
            f"{path}: the design has {n_runs:,} runs (seeds x points); expected at most "
            f"{MAX_RUNS:,} per sweep (split it into several sweeps)"
        )
    return spec


def _design(raw: dict[str, Any], path: Path) -> tuple[str, int | None, bool, int]:
    """The ``[design]`` table: method, samples, second-order indices, levels."""
    design = raw.get("design", {})
    if not isinstance(design, dict):
        raise SweepError(f"{path}: design: expected a table")
    for key in design:
        if key not in DESIGN_KEYS:
            raise SweepError(
                f"{path}: design.{key}: unknown key "
                f"(expected one of {', '.join(sorted(DESIGN_KEYS))})"
            )
    method = design.get("method", "grid")
    if method not in METHODS:
        raise SweepError(
            f"{path}: design.method: expected one of {', '.join(METHODS)}, got {method!r}"
        )
    samples = design.get("samples")
    if method != "grid":
        samples = _int(samples, f"{path}: design.samples (needed by method {method})", low=2)
    second = design.get("calc_second_order", False)
    if not isinstance(second, bool):
        raise SweepError(f"{path}: design.calc_second_order: expected true or false")
    levels = _int(design.get("levels", 4), f"{path}: design.levels", low=2)

    return method, samples, second, levels


def _constants(
    raw: dict[str, Any], path: Path, params: list[SweepParameter], base: Scenario
) -> dict[str, Any]:
    """The ``[constants]`` table, applied to the scenario's parameters to check them."""
    constants = _flatten_constants(raw.get("constants", {}), path)
    if constants:
        try:
            apply_overrides(base.params, constants, source=f"{path}: constants")
        except ScenarioError as err:
            raise SweepError(str(err)) from None
    for key in [p.key for p in params] + list(constants):
        table, _, code = key.rpartition(".")
        if table in MAPPING_KEYS and code not in base.states:  # keyed by state (state_growth)
            raise SweepError(
                f"{path}: {key}: unknown state (expected one of {', '.join(base.states)})"
            )
    clash = set(constants) & {p.key for p in params}
    if clash:
        raise SweepError(f"{path}: {sorted(clash)[0]}: both swept and constant")

    return constants


def _outcomes(
    raw: dict[str, Any], path: Path, base: Scenario
) -> tuple[tuple[int, ...] | None, tuple[str, ...], int | None]:
    """The ``[outcomes]`` table: the years recorded, the outcome names, the sensitivity year."""
    outcomes = raw.get("outcomes", {})
    if not isinstance(outcomes, dict):
        raise SweepError(f"{path}: outcomes: expected a table")
    for key in outcomes:
        if key not in OUTCOME_KEYS:
            raise SweepError(
                f"{path}: outcomes.{key}: unknown key "
                f"(expected one of {', '.join(sorted(OUTCOME_KEYS))})"
            )
    sim = base.params.simulation
    span = range(sim.start_year, sim.end_year + 1)
    out_years = outcomes.get("years")
    if out_years is not None:
        if not isinstance(out_years, list) or not out_years:
            raise SweepError(f"{path}: outcomes.years: expected a list of years")
        for y in out_years:
            if not isinstance(y, int) or y not in span:
                raise SweepError(
                    f"{path}: outcomes.years: {y!r} is not a simulated year "
                    f"({sim.start_year}-{sim.end_year})"
                )
        out_years = tuple(sorted(set(out_years)))
    names = outcomes.get("names", list(DEFAULT_OUTCOMES))
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names) or not names:
        raise SweepError(f"{path}: outcomes.names: expected a list of outcome names")
    names = tuple(dict.fromkeys(names))
    caps = list(base.tables["capabilities"]["id"])
    for n in names:
        problem = outcome_problem(n, base.states, caps)
        if problem:
            raise SweepError(f"{path}: outcomes.names: '{n}': {problem}")
    year = outcomes.get("year")
    if year is not None and (not isinstance(year, int) or year not in span):
        raise SweepError(f"{path}: outcomes.year: {year!r} is not a simulated year")
    if year is not None and out_years is not None and year not in out_years:
        raise SweepError(f"{path}: outcomes.year: {year} is not one of outcomes.years")
    return out_years, names, year


def is_state_outcome(name: str) -> bool:
    """Whether an outcome name is one state's (``STATE.MEASURE`` or ``STATE.AREA.MEASURE``)."""
    return "." in name


def parse_state_outcome(name: str) -> tuple[str, str | None, str]:
    """``(state, area or None, measure)`` of a state outcome name (``NLD.fighters.gap``)."""
    parts = name.split(".")
    if len(parts) == 2:
        return parts[0], None, parts[1]
    return parts[0], parts[1], parts[2]


def outcome_problem(name: str, states: list[str], areas: list[str]) -> str | None:
    """What is wrong with an outcome name, in words, or None when it is known.

    Parameters
    ----------
    name
        ``MEASURE`` (a ``model.csv`` column), ``STATE.MEASURE`` or ``STATE.AREA.MEASURE``.
    states, areas
        The scenario's state codes and capability ids.
    """
    if not is_state_outcome(name):
        known = [k for k in model_reporters() if k != "year"]
        if name in known:
            return None
        return (
            "unknown outcome (expected a model.csv column such as capability_gap, "
            "STATE.MEASURE such as NLD.autonomy, or STATE.AREA.MEASURE such as NLD.fighters.gap)"
        )
    parts = name.split(".")
    if len(parts) > 3:
        return "expected STATE.MEASURE or STATE.AREA.MEASURE (at most two dots)"
    state, area, measure = parse_state_outcome(name)
    if state not in states:
        return f"unknown state '{state}' (expected an ISO3 code of the scenario, e.g. NLD)"
    if area is not None and area not in areas:
        return f"unknown capability area '{area}' (expected one of {', '.join(areas)})"
    allowed = STATE_MEASURES if area is None else AREA_MEASURES
    if measure not in allowed:
        table = "states.csv" if area is None else "capabilities.csv"
        return f"unknown measure '{measure}' (expected a {table} column: {', '.join(allowed)})"
    return None


def _years(value: Any, path: Path) -> tuple[int, int] | None:
    if value is None:
        return None
    if isinstance(value, str):
        parts = value.split(":")
        if len(parts) == 2 and all(p.strip().isdigit() for p in parts):
            value = [int(p) for p in parts]
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) for v in value)
        and value[0] <= value[1]
    ):
        return int(value[0]), int(value[1])
    raise SweepError(
        f'{path}: years: expected "FROM:TO" or [FROM, TO] with FROM <= TO, got {value!r}'
    )


def _int(value: Any, where: str, low: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise SweepError(f"{where}: expected a whole number >= {low}, got {value!r}")
    return int(value)


def _is_leaf(d: Any) -> bool:
    return isinstance(d, dict) and bool(set(d) & {"values", "range"})


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in tree.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict) and not _is_leaf(v):
            out.update(_flatten(v, key + "."))
        else:
            out[key] = v
    return out


def _flatten_constants(tree: Any, path: Path) -> dict[str, Any]:
    if not isinstance(tree, dict):
        raise SweepError(f"{path}: constants: expected a table of dotted keys")
    flat = _flatten(tree)
    for key in flat:
        _checked_field(key, path)
    return flat


def _checked_field(key: str, path: Path) -> tuple[Any, Any]:
    try:
        return contract_field(key)
    except SweepError as err:
        raise SweepError(f"{path}: {err}") from None


def _parameters(tree: Any, path: Path, method: str, base: Params) -> list[SweepParameter]:
    if not isinstance(tree, dict) or not tree:
        raise SweepError(
            f"{path}: parameters: expected a table of dotted keys, each with "
            "values = [...] or range = [low, high]"
        )
    out = []
    for key, spec in _flatten(tree).items():
        where = f"{path}: parameters.{key}"
        _checked_field(key, path)
        if not _is_leaf(spec):
            raise SweepError(f"{where}: expected {{ values = [...] }} or {{ range = [low, high] }}")
        for k in spec:
            if k not in PARAM_KEYS:
                raise SweepError(
                    f"{where}.{k}: unknown key (expected one of {', '.join(sorted(PARAM_KEYS))})"
                )
        role = spec.get("role", "uncertainty")
        if role not in ROLES:
            raise SweepError(f"{where}.role: expected one of {', '.join(ROLES)}, got {role!r}")
        kind = contract_kind(key)
        if "values" in spec and "range" in spec:
            raise SweepError(f"{where}: give values or range, not both")
        if "values" in spec:
            values = spec["values"]
            if not isinstance(values, list) or not values:
                raise SweepError(f"{where}.values: expected a non-empty list")
            for v in values:
                try:
                    apply_overrides(base, {key: v}, source=f"{path}: parameters.")
                except ScenarioError as err:
                    raise SweepError(str(err).replace("parameters. ", "parameters.")) from None
            if kind == "float":
                values = [float(v) for v in values]
            out.append(SweepParameter(key, tuple(values), None, kind, role))
            continue
        if method == "grid":
            raise SweepError(
                f"{where}: a grid needs values = [...]; ranges need method latin, sobol or morris"
            )
        if kind not in ("float", "int"):
            raise SweepError(f"{where}.range: {key} is a {kind}, give values = [...]")
        lo_c, hi_c = contract_bounds(key)
        rng = spec["range"]
        if rng == "contract":
            if lo_c is None or hi_c is None:
                raise SweepError(
                    f"{where}.range: the contract gives no closed range for {key}; "
                    "give range = [low, high]"
                )
            rng = [lo_c, hi_c]
        if (
            not isinstance(rng, list)
            or len(rng) != 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in rng)
            or not rng[0] < rng[1]
            or not all(math.isfinite(v) for v in rng)
        ):
            raise SweepError(f"{where}.range: expected [low, high] with low < high, got {rng!r}")
        if (lo_c is not None and rng[0] < lo_c) or (hi_c is not None and rng[1] > hi_c):
            raise SweepError(f"{where}.range: {rng} leaves the contract's range [{lo_c}, {hi_c}]")
        out.append(SweepParameter(key, None, (float(rng[0]), float(rng[1])), kind, role))
    return out

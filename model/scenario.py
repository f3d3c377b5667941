"""Load, inherit, override and validate scenario files.

A scenario is a small TOML file: a name, a one-line description, the data tables it uses (paths
to CSV files or inline tables), parameter values under ``[params.*]`` and scripted crises. A file
may ``extends`` another scenario and change only what differs. Every problem becomes a
:class:`ScenarioError` whose one-line message names the file, the key and what was expected.
"""

from __future__ import annotations

import collections
import copy
import functools
import math
import os
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd
from pydantic import ValidationError

from model.budget_paths import BudgetPath
from model.folders import OutputError, check_name
from model.params import CAPABILITY_IDS, FORM_IDS, KEY_ALIASES, MAPPING_KEYS, Params

T = TypeVar("T")


class ScenarioError(ValueError):
    """Bad input: the message is one line naming the file or key and what is expected."""


TOP_LEVEL_KEYS = {
    "name",
    "description",
    "extends",
    "currency",
    "focus_state",
    "sources",
    "data",
    "params",
    "crises",
    "states",
    "exclude_states",
    "memberships",
    "arrangements",
    "availability",
    "budget_paths",
}
AVAILABILITY_KEYS = {"state", "from_year", "to_year", "factor", "requirement_transfer", "source"}
BUDGET_PATH_KEYS = {"state", "from_year", "to_year", "real_growth", "source"}
MEMBERSHIP_KEYS = {"year", "state", "institution", "member", "source"}
DATA_KEYS = (
    "states",
    "budget_index",
    "holdings",
    "capabilities",
    "platforms",
    "arrangements",
    "rivalries",
    "roles",
    "geography",
    "war_powers",
    "requirement_path",
    "fleet_replacement",
    "defence_industry",
)
#: Optional tables with a default when a scenario leaves them out (issue 11): every area a
#: ``held`` role, no state landlocked, every parliament's war powers unknown.
ROLE_IDS = ("held", "kept_role", "enabler_share", "none")
WAR_POWER_IDS = ("yes", "partial", "no", "")
REQUIRED_DATA = ("states", "holdings", "capabilities")
CRISIS_KEYS = {"year", "name", "intensity", "areas", "lat", "lon", "source"}
#: No year in a scenario or its data lies beyond this one (the contract's last simulated year).
LAST_YEAR = 2100
#: Columns that together identify a row of a data table (a second such row is an error).
#: Upper bounds of data cells: far above any real value, low enough that sums over states,
#: areas and years stay finite (a budget index of 1e308 overflowed the alliance's total).
DATA_LIMITS = {
    "budget_2012_musd": 1e7,  # USD 10 trillion; the largest 2012 budget is USD 0.68 trillion
    "gdp_2012_musd": 1e9,  # USD 1,000 trillion; world GDP in 2012 was about USD 75 trillion
    "index": 100.0,  # a hundred times the 2012 budget
    "quantity": 1e6,  # units of one area
    "unit_cost_musd": 1e6,
    "service_life_years": 200.0,
    "min_viable_scale": 1e6,
    "om_rate": 10.0,  # yearly operating cost as a multiple of the unit cost
    "overhead_musd": 1e6,
}

ROW_KEYS = {
    "states": ("iso3",),
    "capabilities": ("id",),
    "holdings": ("iso3", "capability"),
    "budget_index": ("iso3", "year"),
    "platforms": ("iso3", "capability"),
    "arrangements": ("id",),
    "requirement_path": ("capability", "year"),
    "fleet_replacement": ("iso3", "capability"),
    "defence_industry": ("iso3", "capability", "line"),
}

STATE_COLUMNS: dict[str, type] = {
    "iso3": str,
    "name": str,
    "nato": bool,
    "eu": bool,
    "groups": str,
    "capital_lat": float,
    "capital_lon": float,
    "budget_2012_musd": float,
    "gdp_2012_musd": float,
    "equipment_share": float,
    "culture_expeditionary": float,
    "culture_atlanticist": float,
    "culture_parliament_consent": float,
    "sovereignty_floor": str,
}
CAPABILITY_COLUMNS: dict[str, type] = {
    "id": str,
    "unit": str,
    "unit_cost_musd": float,
    "service_life_years": float,
    "om_rate": float,
    "overhead_musd": float,
    "scale_exponent": float,
    "min_viable_scale": float,
    "alliance_shortfall": float,
}
HOLDING_COLUMNS: dict[str, type] = {"iso3": str, "capability": str, "quantity": float}
INDEX_COLUMNS: dict[str, type] = {"iso3": str, "year": int, "index": float}
PLATFORM_COLUMNS: dict[str, type] = {"iso3": str, "capability": str, "platform_family": str}
ARRANGEMENT_COLUMNS: dict[str, type] = {
    "id": str,
    "capability": str,
    "form": str,
    "members": str,
    "lead": str,
    "start_year": int,
    "provider_pays": bool,
    "institution": str,  # nato, eu or empty: whose programme it is (membership to join it)
}
#: Optional table: rivalries and territorial disputes between pairs (``relation`` is
#: strategic_rivalry, dispute_active or dispute_dormant; years may be empty = open).
RIVALRY_COLUMNS: dict[str, type] = {
    "state_a": str,
    "state_b": str,
    "relation": str,
    "active_from": str,
    "active_to": str,
}
ROLE_COLUMNS: dict[str, type] = {"iso3": str, "capability": str, "role": str}
GEOGRAPHY_COLUMNS: dict[str, type] = {"iso3": str, "landlocked": bool}
WAR_POWER_COLUMNS: dict[str, type] = {"iso3": str, "ex_ante_approval": str}
#: Optional table: NATO's level of ambition per area as a factor on the 2012 alliance
#: requirement, from the year it was announced (``requirement_path.csv``, ODD 7.2).
REQUIREMENT_PATH_COLUMNS: dict[str, type] = {"capability": str, "year": int, "factor": float}
#: Largest factor of a requirement path row (NATO's largest published rise is five-fold).
MAX_REQUIREMENT_FACTOR = 100.0
#: Optional table (issue 12, item 5): each fleet's replacement year as known in 2012, by
#: ``basis`` (``plan_2012`` or ``service_life``), and a second fleet's. Only these columns are
#: read: later-known decisions are in the file's ``notes``, which the model never reads.
FLEET_COLUMNS: dict[str, type] = {
    "iso3": str,
    "capability": str,
    "replacement_year": int,
    "basis": str,
    "other_replacement_year": str,
    "other_basis": str,
}
#: Optional table (issue 12): the 2012 defence-industrial base, a state's production lines by
#: area (``defence_industry_2012.csv``, ODD 7.31); ``role`` is prime or partner (co-producer).
INDUSTRY_COLUMNS: dict[str, type] = {"iso3": str, "capability": str, "line": str, "role": str}
INDUSTRY_ROLES = ("prime", "partner")
#: The bases a replacement year may rest on (scenarios/data/README.md, fleet_replacement.csv).
FLEET_BASES = ("plan_2012", "service_life")
COLUMNS = {
    "roles": ROLE_COLUMNS,
    "geography": GEOGRAPHY_COLUMNS,
    "war_powers": WAR_POWER_COLUMNS,
    "states": STATE_COLUMNS,
    "capabilities": CAPABILITY_COLUMNS,
    "holdings": HOLDING_COLUMNS,
    "budget_index": INDEX_COLUMNS,
    "platforms": PLATFORM_COLUMNS,
    "arrangements": ARRANGEMENT_COLUMNS,
    "rivalries": RIVALRY_COLUMNS,
    "requirement_path": REQUIREMENT_PATH_COLUMNS,
    "fleet_replacement": FLEET_COLUMNS,
    "defence_industry": INDUSTRY_COLUMNS,
}


@dataclass(frozen=True)
class Crisis:
    """A scripted crisis: a year, a threat intensity, the areas it demands and where it is."""

    year: int
    name: str
    intensity: float
    areas: tuple[str, ...]
    lat: float
    lon: float


@dataclass(frozen=True)
class MembershipChange:
    """A state joins or leaves NATO or the EU in a year (e.g. Finland joins NATO in 2023)."""

    year: int
    state: str
    institution: str  # "nato" or "eu"
    member: bool


@dataclass(frozen=True)
class Availability:
    """A state's contributions to its partners fade linearly to ``factor`` between two years.

    ``requirement_transfer`` is the share of the fall that the other states must make up in
    their requirements (a US pivot: "the US expects Europe to carry more", note § Inleiding).
    """

    state: str
    from_year: int
    to_year: int
    factor: float
    requirement_transfer: float

    def at(self, year: int) -> float:
        """The availability factor in ``year`` (1 before ``from_year``)."""
        if year <= self.from_year:
            return 1.0
        if year >= self.to_year:
            return self.factor
        frac = (year - self.from_year) / max(self.to_year - self.from_year, 1)
        return 1.0 + (self.factor - 1.0) * frac


@dataclass(frozen=True)
class Scenario:
    """A loaded, validated scenario: parameters plus the data tables it runs on."""

    name: str
    description: str
    path: Path
    params: Params
    tables: dict[str, pd.DataFrame]
    crises: tuple[Crisis, ...]
    memberships: tuple[MembershipChange, ...] = ()
    availability: tuple[Availability, ...] = ()
    budget_paths: tuple[BudgetPath, ...] = ()
    currency: str = "USD million (2012 prices)"
    focus_state: str | None = None
    overrides: dict[str, Any] = field(default_factory=dict)

    @property
    def states(self) -> list[str]:
        """ISO 3166 alpha-3 codes of the scenario's states, in table order."""
        return list(self.tables["states"]["iso3"])

    def cached(self, key: str, build: Callable[[], T]) -> T:
        """``build()``, computed once per scenario object and kept on it (world, calibration).

        Not data: a frozen scenario stays equal to itself; runs sharing the object (every seed
        of a sweep point, see :func:`load_scenario`) share what is kept.
        """
        store = self.__dict__.setdefault("_cache", {})
        if key not in store:
            store[key] = build()
        return store[key]


def scenarios_dir() -> Path:
    """Return the folder holding the scenario library (``./scenarios`` or the package's)."""
    env = os.environ.get("COOPSIM_SCENARIOS")
    if env:
        return Path(env)
    here = Path.cwd() / "scenarios"
    if here.is_dir() and any(here.glob("*.toml")):
        return here
    return Path(__file__).resolve().parent.parent / "scenarios"


def list_scenarios() -> list[tuple[str, str]]:
    """Return ``(name, description)`` of every scenario file in the library, sorted by name."""
    out = []
    for path in sorted(scenarios_dir().glob("*.toml")):
        try:
            raw = _read_toml(path)
        except ScenarioError as err:
            out.append((path.stem, f"(unreadable: {err})"))
            continue
        out.append((path.stem, str(raw.get("description", "")).strip()))
    return out


def resolve_path(scenario: str | os.PathLike[str], base: Path | None = None) -> Path:
    """Turn a scenario name or path into the path of its file, or raise ScenarioError."""
    text = os.fspath(scenario)
    candidates = []
    if text.endswith(".toml") or os.sep in text or "/" in text:
        p = Path(text)
        candidates.append(p if p.is_absolute() or base is None else base / p)
        candidates.append(Path(text))
    else:
        if base is not None:
            candidates.append(base / f"{text}.toml")
        candidates.append(scenarios_dir() / f"{text}.toml")
    for p in candidates:
        if p.is_file():
            return p.resolve()
    names = ", ".join(n for n, _ in list_scenarios()) or "none"
    raise ScenarioError(f"{text}: no such scenario file or name (known names: {names})")


def load_scenario(
    scenario: str | os.PathLike[str] | Scenario,
    overrides: dict[str, Any] | None = None,
    years: tuple[int, int] | None = None,
) -> Scenario:
    """Load a scenario by name or path, apply ``--set``-style overrides and a year span.

    Parameters
    ----------
    scenario
        A name from ``coopsim list``, a path to a ``.toml`` file, or a loaded Scenario.
    overrides
        Dotted parameter keys to values, e.g. ``{"policy.nato_consultation": True}``; string
        values are parsed as TOML literals (``"true"``, ``"0.5"``).
    years
        ``(from, to)`` replacing ``simulation.start_year`` and ``simulation.end_year``.

    Returns
    -------
    Scenario
        The validated scenario.
    """
    key = None
    if isinstance(scenario, Scenario):
        if not overrides and years is None:
            return scenario  # a loaded scenario as it is (its world and calibration cached on it)
        base = scenario
        merged = dict(base.overrides)
    else:
        path = resolve_path(scenario)
        mtime = path.stat().st_mtime_ns
        base = _load_cached(str(path), mtime)
        merged = {}
    merged.update(overrides or {})
    if years is not None:
        merged["simulation.start_year"], merged["simulation.end_year"] = years
    if not merged:
        return base
    _check_first_year(base, merged, years)
    if not isinstance(scenario, Scenario):
        # runs of one sweep point or one comparison side share the scenario object, and with
        # it the world and the calibration the model caches on it
        key = _overrides_key(str(path), mtime, merged)
        if key is not None and key in _WITH_OVERRIDES:
            _WITH_OVERRIDES.move_to_end(key)
            return _WITH_OVERRIDES[key]
    params = apply_overrides(base.params, merged, source="--set")
    scen = Scenario(
        name=base.name,
        description=base.description,
        path=base.path,
        params=params,
        tables=base.tables,
        crises=base.crises,
        memberships=base.memberships,
        availability=base.availability,
        budget_paths=base.budget_paths,
        currency=base.currency,
        focus_state=base.focus_state,
        overrides=merged,
    )
    _check_years(scen, "--years/--set")
    _check_state_growth(scen, "--set ")
    if key is not None:
        _WITH_OVERRIDES[key] = scen
        while len(_WITH_OVERRIDES) > OVERRIDES_CACHE_SIZE:
            _WITH_OVERRIDES.popitem(last=False)
    return scen


def _check_first_year(
    base: Scenario, merged: dict[str, Any], years: tuple[int, int] | None
) -> None:
    """A run starts at the scenario's first year: its holdings and arrangements are of that year.

    Starting earlier or later would relabel that world as another year's (e.g. the 2012 world
    as 1990), so another first year is refused; the last year may be anything up to 2100.
    """
    if years is not None and years[1] < years[0]:
        raise ScenarioError(
            f"--years {years[0]}:{years[1]}: years run backwards; expected FROM <= TO"
        )
    if years is not None and years[1] > LAST_YEAR:
        raise ScenarioError(
            f"--years {years[0]}:{years[1]}: expected TO <= {LAST_YEAR}, the last year a run "
            "may reach"
        )
    first = base.params.simulation.start_year
    asked = parse_value(merged.get("simulation.start_year", first))
    if asked == first:
        return
    if years is not None and years[0] != first:
        raise ScenarioError(
            f"--years {years[0]}:{years[1]}: a run of {base.name} starts at its first year "
            f"{first} (its holdings and arrangements are of that year); expected "
            f"--years {first}:TO with TO <= {LAST_YEAR}"
        )
    raise ScenarioError(
        f"--set simulation.start_year={asked!r}: a run of {base.name} starts at its first year "
        f"{first}; change the end year only (simulation.end_year <= {LAST_YEAR})"
    )


#: Scenarios loaded with overrides, most recently used last (see :func:`load_scenario`).
OVERRIDES_CACHE_SIZE = 64
_WITH_OVERRIDES: collections.OrderedDict[Any, Scenario] = collections.OrderedDict()


def _overrides_key(path: str, mtime_ns: int, merged: dict[str, Any]) -> Any:
    """A hashable key for a file's scenario with ``merged`` overrides (in their order).

    None when a value cannot be frozen (the scenario is then loaded anew).
    """

    def freeze(v: Any) -> Any:
        if isinstance(v, list | tuple):
            return (type(v).__name__, tuple(freeze(x) for x in v))
        if isinstance(v, dict):
            return ("dict", tuple((k, freeze(x)) for k, x in v.items()))
        hash(v)
        return (type(v).__name__, v)

    try:
        return (path, mtime_ns, tuple((k, freeze(v)) for k, v in merged.items()))
    except TypeError:
        return None


@functools.lru_cache(maxsize=32)
def _load_cached(path: str, mtime_ns: int) -> Scenario:
    del mtime_ns  # part of the cache key only: an edited file is read again
    return _load_file(Path(path), chain=())


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except OSError as err:
        raise ScenarioError(f"{path}: cannot read ({err.strerror})") from None
    except tomllib.TOMLDecodeError as err:
        raise ScenarioError(f"{path}: not valid TOML ({err})") from None
    except UnicodeDecodeError:
        raise ScenarioError(f"{path}: not valid TOML (not UTF-8 text; a binary file?)") from None


def _load_file(path: Path, chain: tuple[str, ...]) -> Scenario:
    raw = _merged_raw(path, chain)
    name = raw.get("name", path.stem)
    for key in raw:
        if key not in TOP_LEVEL_KEYS and not key.startswith("_"):
            raise ScenarioError(
                f"{path}: unknown key '{key}' (expected one of {', '.join(sorted(TOP_LEVEL_KEYS))})"
            )
    params = _params_from_raw(raw.get("params", {}), path)
    tables = _load_tables(raw, path)
    crises = _load_crises(raw.get("crises", []), path)
    memberships = _load_memberships(raw.get("memberships", []), path, set(tables["states"]["iso3"]))
    availability = _load_availability(
        raw.get("availability", []), path, set(tables["states"]["iso3"])
    )
    budget_paths = _load_budget_paths(
        raw.get("budget_paths", []), path, tuple(tables["states"]["iso3"])
    )
    focus = raw.get("focus_state")
    try:
        check_name(name, f"{path}: key 'name' (or the file name when it has none)")
    except OutputError as err:
        raise ScenarioError(str(err)) from None
    scen = Scenario(
        name=str(name),
        description=str(raw.get("description", "")),
        path=path,
        params=params,
        tables=tables,
        crises=crises,
        memberships=memberships,
        availability=availability,
        budget_paths=budget_paths,
        currency=str(raw.get("currency", Scenario.currency)),
        focus_state=focus,
    )
    if focus is not None and focus not in scen.states:
        raise ScenarioError(f"{path}: focus_state '{focus}' is not a state of the scenario")
    _check_years(scen, str(path))
    _check_state_growth(scen, f"{path}: params.")
    return scen


def _merged_raw(path: Path, chain: tuple[str, ...]) -> dict[str, Any]:
    """Read a file and merge it over the scenario it extends (data paths made absolute)."""
    if str(path) in chain:
        raise ScenarioError(f"{path}: 'extends' loops back on itself")
    raw = _read_toml(path)
    data = raw.get("data", {})
    if not isinstance(data, dict):
        raise ScenarioError(f"{path}: 'data' must be a table of file paths or inline tables")
    for key, value in data.items():
        if key not in DATA_KEYS:
            raise ScenarioError(
                f"{path}: unknown key 'data.{key}' (expected one of {', '.join(DATA_KEYS)})"
            )
        if isinstance(value, str):
            data[key] = str((path.parent / value).resolve())
    parent_name = raw.pop("extends", None)
    if parent_name is None:
        return raw
    parent_path = resolve_path(str(parent_name), base=path.parent)
    parent = _merged_raw(parent_path, chain + (str(path),))
    merged = _deep_merge(parent, raw)
    if "name" not in raw:
        merged["name"] = path.stem
    return merged


def _deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _params_from_raw(raw: dict[str, Any], path: Path) -> Params:
    if not isinstance(raw, dict):
        raise ScenarioError(f"{path}: 'params' must be a table")
    raw = {KEY_ALIASES.get(k, k): v for k, v in raw.items()}
    try:
        return Params.model_validate(raw)
    except ValidationError as err:
        raise ScenarioError(_one_line(err, f"{path}: params.")) from None


def _one_line(err: ValidationError, prefix: str) -> str:
    first = err.errors()[0]
    loc = ".".join(str(p) for p in first["loc"])
    kind = first["type"]
    if kind == "extra_forbidden":
        return f"{prefix}{loc}: unknown key"
    given = first.get("input")
    msg = first["msg"]
    if isinstance(given, dict | list):
        return f"{prefix}{loc}: {msg.lower()}"
    return f"{prefix}{loc}: {msg.lower()}, got {given!r}"


def parse_value(text: Any) -> Any:
    """Parse a ``--set`` value as a TOML literal (``true``, ``0.5``, ``[1, 2]``), else a string."""
    if not isinstance(text, str):
        return text
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def apply_overrides(params: Params, overrides: dict[str, Any], source: str) -> Params:
    """Return ``params`` with dotted-key overrides applied; an unknown key is a ScenarioError."""
    data = params.model_dump()
    for key, value in overrides.items():
        parts = key.split(".")
        parts[0] = KEY_ALIASES.get(parts[0], parts[0])
        node: Any = data
        for i, part in enumerate(parts):
            if i == len(parts) - 1 and ".".join(parts[:i]) in MAPPING_KEYS:
                node[part] = parse_value(value)  # one entry of a keyed table, e.g. a state's
                break
            if ".".join(parts[:i]) in MAPPING_KEYS:
                raise ScenarioError(
                    f"{source} {key}: expected one key below {'.'.join(parts[:i])} "
                    f"(e.g. {'.'.join(parts[:i])}.NLD=-0.02)"
                )
            if not isinstance(node, dict) or part not in node:
                known = ", ".join(sorted(node)) if isinstance(node, dict) else "none"
                where = ".".join(parts[:i]) or "top level"
                raise ScenarioError(
                    f"{source} {key}: unknown key (at {where}, expected one of {known})"
                )
            if i == len(parts) - 1:
                if isinstance(node[part], dict) and ".".join(parts) not in MAPPING_KEYS:
                    raise ScenarioError(f"{source} {key}: is a group, give one of its keys")
                node[part] = parse_value(value)
            else:
                node = node[part]
    try:
        return Params.model_validate(data)
    except ValidationError as err:
        raise ScenarioError(_one_line(err, f"{source} ")) from None


def _check_years(scen: Scenario, where: str) -> None:
    sim = scen.params.simulation
    if sim.end_year < sim.start_year:
        raise ScenarioError(
            f"{where}: years run backwards ({sim.start_year} to {sim.end_year}); "
            "expected FROM <= TO"
        )
    # arrangements may predate the first year (they existed); a crisis or a change of
    # membership before it would never happen in the run
    for what, events in (("crises", scen.crises), ("memberships", scen.memberships)):
        for event in events:
            if event.year < sim.start_year:
                raise ScenarioError(
                    f"{scen.path}: {what}: year {event.year} is before the scenario's first "
                    f"year {sim.start_year} (expected {sim.start_year}-{LAST_YEAR})"
                )


def ignored_events(scen: Scenario) -> str | None:
    """One note on the scripted events that fall after the run's last year, or None.

    Crises, membership changes and arrangements starting after ``simulation.end_year`` are
    valid but play no part in a run that stops earlier.
    """
    last = scen.params.simulation.end_year
    arr = scen.tables["arrangements"]
    arrangements = int((arr["start_year"] > last).sum()) if len(arr) else 0
    counts = {
        ("crisis", "crises"): sum(c.year > last for c in scen.crises),
        ("membership change", "membership changes"): sum(m.year > last for m in scen.memberships),
        ("arrangement", "arrangements"): arrangements,
    }
    late = [f"{n} {one if n == 1 else many}" for (one, many), n in counts.items() if n]
    if not late:
        return None
    return f"note: {scen.name}: ignored, after the last simulated year {last}: {', '.join(late)}"


def _check_state_growth(scen: Scenario, where: str) -> None:
    """Every ``budgets.state_growth`` key must be a state of the scenario."""
    known = scen.states
    for code in scen.params.budgets.state_growth:
        if code not in known:
            raise ScenarioError(
                f"{where}budgets.state_growth.{code}: unknown state "
                f"(expected one of {', '.join(known)})"
            )


def _tables(raw: Any, path: Path, section: str, keys: set[str]) -> Iterator[tuple[int, str, dict]]:
    """Yield ``(index, where, item)`` of a ``[[section]]`` array, each a table of known keys."""
    if not isinstance(raw, list):
        raise ScenarioError(f"{path}: '{section}' must be an array of tables ([[{section}]])")
    for i, item in enumerate(raw):
        where = f"{path}: {section}[{i}]"
        if not isinstance(item, dict):
            raise ScenarioError(f"{where}: expected a table")
        for key in item:
            if key not in keys:
                raise ScenarioError(f"{where}.{key}: unknown key (expected {sorted(keys)})")
        yield i, where, item


def _load_crises(raw: Any, path: Path) -> tuple[Crisis, ...]:
    out = []
    for i, where, item in _tables(raw, path, "crises", CRISIS_KEYS):
        areas = item.get("areas", CAPABILITY_IDS)
        if not isinstance(areas, list | tuple) or not all(isinstance(a, str) for a in areas):
            raise ScenarioError(f"{where}.areas: expected a list of capability ids, got {areas!r}")
        try:
            crisis = Crisis(
                year=_typed(item, "year", int, where),
                name=str(item.get("name", f"crisis {i}")),
                intensity=_typed(item, "intensity", float, where),
                areas=tuple(areas),
                lat=_typed(item, "lat", float, where),
                lon=_typed(item, "lon", float, where),
            )
        except KeyError as err:
            raise ScenarioError(f"{where}: missing key {err}") from None
        if not 0 <= crisis.intensity <= 10:
            raise ScenarioError(f"{where}.intensity: expected in [0, 10], got {crisis.intensity}")
        for key, limit in (("lat", 90.0), ("lon", 180.0)):
            if abs(getattr(crisis, key)) > limit:
                raise ScenarioError(
                    f"{where}.{key}: expected degrees in [-{limit:g}, {limit:g}], "
                    f"got {getattr(crisis, key)}"
                )
        for area in crisis.areas:
            if area not in CAPABILITY_IDS:
                raise ScenarioError(f"{where}.areas: unknown capability id '{area}'")
        out.append(crisis)
    return tuple(out)


def _load_memberships(raw: Any, path: Path, states: set[str]) -> tuple[MembershipChange, ...]:
    out = []
    for _, where, item in _tables(raw, path, "memberships", MEMBERSHIP_KEYS):
        try:
            year = _typed(item, "year", int, where)
            state, inst, member = item["state"], item["institution"], item["member"]
        except KeyError as err:
            raise ScenarioError(f"{where}: missing key {err}") from None
        if not isinstance(state, str):
            raise ScenarioError(f"{where}.state: expected a state id, got {state!r}")
        if state not in states:
            if state in CAPABILITY_IDS or not isinstance(state, str):
                raise ScenarioError(f"{where}.state: expected a state id, got {state!r}")
            continue  # a state left out of this scenario (``states`` / ``exclude_states``)
        if inst not in ("nato", "eu"):
            raise ScenarioError(f"{where}.institution: expected 'nato' or 'eu', got {inst!r}")
        if not isinstance(member, bool):
            raise ScenarioError(f"{where}.member: expected true or false, got {member!r}")
        out.append(MembershipChange(year, state, inst, member))
    return tuple(sorted(out, key=lambda m: (m.year, m.state, m.institution)))


def _load_availability(raw: Any, path: Path, states: set[str]) -> tuple[Availability, ...]:
    out = []
    for _, where, item in _tables(raw, path, "availability", AVAILABILITY_KEYS):
        try:
            entry = Availability(
                state=str(item["state"]),
                from_year=_typed(item, "from_year", int, where),
                to_year=_typed(item, "to_year", int, where),
                factor=_typed(item, "factor", float, where),
                requirement_transfer=_typed(
                    {"requirement_transfer": item.get("requirement_transfer", 0.0)},
                    "requirement_transfer",
                    float,
                    where,
                ),
            )
        except KeyError as err:
            raise ScenarioError(f"{where}: missing key {err}") from None
        if entry.state not in states:
            raise ScenarioError(f"{where}.state: unknown state id '{entry.state}'")
        if entry.to_year < entry.from_year:
            raise ScenarioError(f"{where}: to_year before from_year; expected from_year <= to_year")
        for key in ("factor", "requirement_transfer"):
            value = getattr(entry, key)
            if not 0.0 <= value <= 1.0:
                raise ScenarioError(f"{where}.{key}: expected a share in [0, 1], got {value}")
        out.append(entry)
    return tuple(out)


def _load_budget_paths(raw: Any, path: Path, states: tuple[str, ...]) -> tuple[BudgetPath, ...]:
    """Read ``[[budget_paths]]``: one state's real growth per year over a span of years.

    Unknown states, years running backwards, growth that is not a finite number within the
    contract's bounds, and two rows of one state covering the same year are errors.
    """
    out: list[BudgetPath] = []
    for _, where, item in _tables(raw, path, "budget_paths", BUDGET_PATH_KEYS):
        try:
            state = item["state"]
            from_year = _typed(item, "from_year", int, where)
            to_year = _typed(item, "to_year", int, where)
            growth = _typed(item, "real_growth", float, where)
        except KeyError as err:
            raise ScenarioError(f"{where}: missing key {err}") from None
        if state not in states:
            raise ScenarioError(
                f"{where}.state: unknown state {state!r} (expected one of {', '.join(states)})"
            )
        try:
            entry = BudgetPath(state, from_year, to_year, growth)
        except ValueError as err:
            raise ScenarioError(f"{where}.{err}") from None
        for j, other in enumerate(out):
            if other.state == state and other.from_year <= to_year and from_year <= other.to_year:
                raise ScenarioError(
                    f"{where}: {state} {from_year}-{to_year} overlaps budget_paths[{j}] "
                    f"({other.from_year}-{other.to_year}); expected one row per state and year"
                )
        out.append(entry)
    return tuple(out)


def _typed(item: dict[str, Any], key: str, kind: type, where: str) -> Any:
    """``item[key]`` as a finite float or, for a key ending in ``year``, a year <= 2100."""
    value = item[key]
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        if not math.isfinite(value) or abs(value) > 1e300:
            raise ScenarioError(f"{where}.{key}: expected a finite number, got {value!r}")
        return float(value)
    if kind is int and isinstance(value, int) and not isinstance(value, bool):
        if key.endswith("year") and not 0 <= value <= LAST_YEAR:
            raise ScenarioError(f"{where}.{key}: expected a year <= {LAST_YEAR}, got {value!r}")
        return value
    expected = "a finite number" if kind is float else "a whole number"
    raise ScenarioError(f"{where}.{key}: expected {expected}, got {value!r}")


# --------------------------------------------------------------------------- data tables


def _load_tables(raw: dict[str, Any], path: Path) -> dict[str, pd.DataFrame]:
    data = raw.get("data", {})
    tables: dict[str, pd.DataFrame] = {}
    for key in DATA_KEYS:
        spec = data.get(key)
        if spec is None:
            if key in REQUIRED_DATA:
                raise ScenarioError(f"{path}: data.{key}: missing (expected a CSV path)")
            empty = pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS[key]})
            tables[key] = _read_table([], key, path) if key == "arrangements" else empty
            continue
        tables[key] = _read_table(spec, key, path)
    extra = raw.get("arrangements")
    if extra is not None:
        # arrangements a scenario adds to its data: existing or scheduled (start_year later)
        more = _read_table(extra, "arrangements", path)
        more.attrs["source"] = f"{path}: arrangements"
        source = tables["arrangements"].attrs.get("source")
        tables["arrangements"] = pd.concat([tables["arrangements"], more], ignore_index=True)
        tables["arrangements"].attrs["source"] = source or f"{path}: arrangements"
    _filter_states(tables, raw, path)
    _validate_tables(tables, path)
    return tables


def _read_table(spec: Any, key: str, path: Path) -> pd.DataFrame:
    where = f"{path}: data.{key}"
    if isinstance(spec, str):
        source = Path(spec)
        where = f"{source}"
        try:
            df = pd.read_csv(source, dtype=str, keep_default_na=False)
        except OSError as err:
            raise ScenarioError(
                f"{path}: data.{key}: cannot read {source} ({err.strerror})"
            ) from None
        except pd.errors.EmptyDataError:
            raise ScenarioError(
                f"{source}: empty (data.{key} expects a CSV file with a header row)"
            ) from None
        except UnicodeDecodeError:
            raise ScenarioError(
                f"{source}: not a CSV text file (binary or not UTF-8; data.{key} expects CSV)"
            ) from None
        except (pd.errors.ParserError, ValueError) as err:
            first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise ScenarioError(f"{source}: not a valid CSV file ({first})") from None
    elif isinstance(spec, list) and not spec:
        df = pd.DataFrame({c: pd.Series(dtype=str) for c in COLUMNS[key]})
    elif isinstance(spec, list) and all(isinstance(r, dict) for r in spec):
        df = pd.DataFrame([{k: _as_text(v) for k, v in r.items()} for r in spec], dtype=str)
    else:
        raise ScenarioError(f"{where}: expected a CSV path or an array of tables")
    columns = COLUMNS[key]
    optional = {
        "groups": "",
        "sovereignty_floor": "",
        "lead": "",
        "name": "",
        "unit": "",
        "provider_pays": "false",
        "institution": "",
        "active_from": "",
        "active_to": "",
        "other_replacement_year": "",
        "other_basis": "",
    }
    for col in columns:
        if col not in df.columns:
            if col in optional:
                df[col] = optional[col]
            else:
                raise ScenarioError(f"{where}: missing column '{col}'")
    for col, kind in columns.items():
        df[col] = _convert(df[col], kind, where, col)
    if key == "fleet_replacement":
        df = df[list(columns)]  # the contract's columns only: never the later-known notes
    df.attrs["source"] = where
    return df.reset_index(drop=True)


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


def _convert(col: pd.Series, kind: type, where: str, name: str) -> pd.Series:
    """Column ``name`` of a table as ``kind``; a cell that is not one is an error naming its row.

    Rows are counted from 1, the first row after the header.
    """
    if kind is str:
        return col.fillna("").astype(str).str.strip()
    text = col.fillna("").astype(str).str.strip()
    if kind is bool:
        low = text.str.lower().replace("", "false")
        bad = ~low.isin(["true", "false", "1", "0", "yes", "no"])
        if bad.any():
            i = int(bad.to_numpy().argmax())
            raise ScenarioError(
                f"{where}: row {i + 1} column '{name}': expected true/false, got {text.iloc[i]!r}"
            )
        return low.isin(["true", "1", "yes"])
    out = pd.to_numeric(text, errors="coerce").astype(float)
    # blank, unparsable, NaN and inf cells all fail here (a NaN slips through `x <= 0` later)
    bad = pd.Series(~np.isfinite(out.to_numpy()), index=out.index)
    if kind is int:
        bad |= out.abs().gt(1e9).fillna(False) | out.ne(out.round()).fillna(False)
    if bad.any():
        i = int(bad.to_numpy().argmax())
        what = "a whole number" if kind is int else "a finite number"
        raise ScenarioError(
            f"{where}: row {i + 1} column '{name}': expected {what}, got {text.iloc[i]!r}"
        )
    if kind is int:
        return out.astype(int)
    return out


def _filter_states(tables: dict[str, pd.DataFrame], raw: dict[str, Any], path: Path) -> None:
    for key in ("states", "exclude_states"):
        value = raw.get(key)
        if value is not None and (
            not isinstance(value, list) or not all(isinstance(v, str) for v in value)
        ):
            raise ScenarioError(
                f'{path}: {key}: expected a list of state ids, e.g. ["NLD", "BEL"], got {value!r}'
            )
    keep = raw.get("states")
    drop = set(raw.get("exclude_states", []))
    states = tables["states"]
    known = set(states["iso3"])
    for code in list(keep or []) + sorted(drop):
        if code not in known:
            raise ScenarioError(f"{path}: states: unknown state id '{code}'")
    chosen = set(keep) if keep is not None else set(known)
    chosen -= drop
    if chosen == known:
        return
    tables["states"] = states[states["iso3"].isin(chosen)].reset_index(drop=True)
    for key in (
        "holdings",
        "budget_index",
        "platforms",
        "roles",
        "geography",
        "war_powers",
        "fleet_replacement",
        "defence_industry",
    ):
        df = tables[key]
        tables[key] = df[df["iso3"].isin(chosen)].reset_index(drop=True)
    riv = tables["rivalries"]
    keep_pair = riv["state_a"].isin(chosen) & riv["state_b"].isin(chosen)
    tables["rivalries"] = riv[keep_pair].reset_index(drop=True)
    arr = tables["arrangements"]
    if len(arr):
        members = arr["members"].str.split(";").map(lambda ms: [m for m in ms if m in chosen])
        arr = arr.assign(members=members.map(";".join))
        arr = arr[members.map(len) >= 2]
        arr = arr.assign(lead=[ld if ld in chosen else "" for ld in arr["lead"]])
        tables["arrangements"] = arr.reset_index(drop=True)


_ISO = re.compile(r"^[A-Z]{3}$")


def _validate_tables(tables: dict[str, pd.DataFrame], path: Path) -> None:
    """Check the scenario's tables; raise :class:`ScenarioError` at the first problem.

    The checks run in this order (states, unique keys, capabilities, floors, references,
    amounts, arrangements), so that the first problem reported is always the same.
    """
    _validate_states(tables, path)
    _check_unique(tables, path)
    _validate_capabilities(tables, path)
    known_states = set(tables["states"]["iso3"])
    known_caps = set(tables["capabilities"]["id"])
    _validate_floors(tables, path, known_caps)
    _validate_references(tables, path, known_states, known_caps)
    _validate_amounts(tables)
    _validate_requirement_path(tables, path, known_caps)
    _validate_arrangement_rows(tables, known_states, known_caps)


def _validate_states(tables: dict[str, pd.DataFrame], path: Path) -> None:
    """The states table: ISO codes once each, amounts, shares and coordinates in range."""
    states = tables["states"]
    src = states.attrs.get("source", str(path))
    if states.empty:
        raise ScenarioError(f"{src}: no states")
    for code in states["iso3"]:
        if not _ISO.match(code):
            raise ScenarioError(f"{src}: iso3 '{code}': expected an ISO 3166 alpha-3 code")
    dup = states["iso3"][states["iso3"].duplicated()]
    if len(dup):
        raise ScenarioError(f"{src}: iso3 '{dup.iloc[0]}' appears twice")
    for col in ("budget_2012_musd", "gdp_2012_musd"):
        bad = states[(states[col] <= 0) | (states[col] > DATA_LIMITS[col])]
        if len(bad):
            row = bad.iloc[0]
            raise ScenarioError(
                f"{src}: {row['iso3']} {col}: expected a positive amount up to "
                f"{DATA_LIMITS[col]:g}, got {row[col]}"
            )
    for col in (
        "equipment_share",
        "culture_expeditionary",
        "culture_atlanticist",
        "culture_parliament_consent",
    ):
        bad = states[(states[col] < 0) | (states[col] > 1)]
        if len(bad):
            row = bad.iloc[0]
            raise ScenarioError(
                f"{src}: {row['iso3']} {col}: expected a share in [0, 1], got {row[col]}"
            )
    for col, limit in (("capital_lat", 90.0), ("capital_lon", 180.0)):
        bad = states[states[col].abs() > limit]
        if len(bad):
            row = bad.iloc[0]
            raise ScenarioError(
                f"{src}: {row['iso3']} {col}: expected degrees in [-{limit:g}, {limit:g}], "
                f"got {row[col]}"
            )


def _validate_capabilities(tables: dict[str, pd.DataFrame], path: Path) -> None:
    """The capabilities table: known ids, costs, scale exponent and shortfall in range."""
    caps = tables["capabilities"]
    csrc = caps.attrs.get("source", str(path))
    for cid in caps["id"]:
        if cid not in CAPABILITY_IDS:
            raise ScenarioError(
                f"{csrc}: id '{cid}': unknown capability id "
                f"(expected one of {', '.join(CAPABILITY_IDS)})"
            )
    for col in ("unit_cost_musd", "service_life_years", "min_viable_scale"):
        bad = caps[(caps[col] <= 0) | (caps[col] > DATA_LIMITS[col])]
        if len(bad):
            raise ScenarioError(
                f"{csrc}: {bad.iloc[0]['id']} {col}: expected a positive number up to "
                f"{DATA_LIMITS[col]:g}"
            )
    for col in ("om_rate", "overhead_musd"):
        bad = caps[(caps[col] < 0) | (caps[col] > DATA_LIMITS[col])]
        if len(bad):
            raise ScenarioError(
                f"{csrc}: {bad.iloc[0]['id']} {col}: expected >= 0 and <= {DATA_LIMITS[col]:g}"
            )
    bad = caps[(caps["scale_exponent"] <= 0) | (caps["scale_exponent"] > 1)]
    if len(bad):
        raise ScenarioError(
            f"{csrc}: {bad.iloc[0]['id']} scale_exponent: expected a number in (0, 1]"
        )
    bad = caps[(caps["alliance_shortfall"] < 0) | (caps["alliance_shortfall"] > 1)]
    if len(bad):
        raise ScenarioError(
            f"{csrc}: {bad.iloc[0]['id']} alliance_shortfall: expected a share in [0, 1]"
        )


def _validate_floors(tables: dict[str, pd.DataFrame], path: Path, known_caps: set[str]) -> None:
    """Each state's sovereignty floor names known capability areas."""
    states = tables["states"]
    src = states.attrs.get("source", str(path))
    for floor_text, code in zip(states["sovereignty_floor"], states["iso3"], strict=True):
        for area in filter(None, floor_text.split(";")):
            if area not in known_caps:
                raise ScenarioError(
                    f"{src}: {code} sovereignty_floor: unknown capability id '{area}'"
                )


def _validate_references(
    tables: dict[str, pd.DataFrame], path: Path, known_states: set[str], known_caps: set[str]
) -> None:
    """The data tables name known states and areas; roles, war powers, bases are known values."""
    keys = ("holdings", "budget_index", "platforms", "roles", "geography", "war_powers")
    for key in (*keys, "fleet_replacement", "defence_industry"):
        df = tables[key]
        tsrc = df.attrs.get("source", f"{path}: data.{key}")
        bad = df[~df["iso3"].isin(known_states)]
        if len(bad):
            raise ScenarioError(f"{tsrc}: unknown state id '{bad.iloc[0]['iso3']}'")
        if "capability" in df:
            bad = df[~df["capability"].isin(known_caps)]
            if len(bad):
                raise ScenarioError(f"{tsrc}: unknown capability id '{bad.iloc[0]['capability']}'")
    for key, col, allowed in (
        ("roles", "role", ROLE_IDS),
        ("war_powers", "ex_ante_approval", WAR_POWER_IDS),
    ):
        df = tables[key]
        bad = df[~df[col].str.lower().isin(allowed)]
        if len(bad):
            raise ScenarioError(
                f"{df.attrs.get('source', key)}: {bad.iloc[0]['iso3']} {col}: "
                f"'{bad.iloc[0][col]}' (expected one of {', '.join(a or 'blank' for a in allowed)})"
            )
    _validate_fleets(tables["fleet_replacement"])
    _validate_industry(tables["defence_industry"])


def _validate_industry(df: pd.DataFrame) -> None:
    """A production line is named and its producer's role is prime or partner."""
    src = df.attrs.get("source", "defence_industry")
    bad = df[(df["line"] == "") | ~df["role"].str.lower().isin(INDUSTRY_ROLES)]
    if len(bad):
        r = bad.iloc[0]
        what, value = ("line", r["line"]) if r["line"] == "" else ("role", r["role"])
        expected = "a production line's name" if what == "line" else "prime or partner"
        raise ScenarioError(
            f"{src}: {r['iso3']} {r['capability']} {what}: '{value}' (expected {expected})"
        )


def _validate_fleets(df: pd.DataFrame) -> None:
    """Replacement years rest on a 2012 plan or the service life; a second fleet's year is one."""
    src = df.attrs.get("source", "fleet_replacement")
    for col, blank in (("basis", False), ("other_basis", True)):
        allowed = FLEET_BASES + (("",) if blank else ())
        bad = df[~df[col].isin(allowed)]
        if len(bad):
            r = bad.iloc[0]
            raise ScenarioError(
                f"{src}: {r['iso3']} {r['capability']} {col}: '{r[col]}' (expected "
                f"{' or '.join(FLEET_BASES)}{' or blank' if blank else ''})"
            )
    other = df["other_replacement_year"]
    mismatch = (other != "") != (df["other_basis"] != "")
    bad = df[((other != "") & ~other.str.fullmatch(r"\d{1,4}")) | mismatch]
    if len(bad):
        r = bad.iloc[0]
        raise ScenarioError(
            f"{src}: {r['iso3']} {r['capability']} other_replacement_year: "
            f"'{r['other_replacement_year']}' (expected a year with an other_basis, or both blank)"
        )


def _validate_amounts(tables: dict[str, pd.DataFrame]) -> None:
    """Holdings quantities and the budget index within their limits and years."""
    hold = tables["holdings"]
    hsrc = hold.attrs.get("source", "holdings")
    bad = hold[(hold["quantity"] < 0) | (hold["quantity"] > DATA_LIMITS["quantity"])]
    if len(bad):
        row = bad.iloc[0]
        raise ScenarioError(
            f"{hsrc}: {row['iso3']} {row['capability']} quantity: "
            f"expected >= 0 and <= {DATA_LIMITS['quantity']:g}, got {row['quantity']}"
        )
    idx = tables["budget_index"]
    bad = idx[(idx["index"] <= 0) | (idx["index"] > DATA_LIMITS["index"])]
    if len(bad):
        row = bad.iloc[0]
        raise ScenarioError(
            f"{idx.attrs.get('source')}: {row['iso3']} {row['year']} index: expected > 0 and "
            f"<= {DATA_LIMITS['index']:g} (the 2012 budget is 1), got {row['index']}"
        )
    bad = idx[idx["year"] > LAST_YEAR]
    if len(bad):
        row = bad.iloc[0]
        raise ScenarioError(
            f"{idx.attrs.get('source')}: {row['iso3']} year: expected <= {LAST_YEAR}, "
            f"got {row['year']}"
        )


def _validate_requirement_path(
    tables: dict[str, pd.DataFrame], path: Path, known_caps: set[str]
) -> None:
    """Requirement path rows name a known area, a year up to ``LAST_YEAR`` and a factor > 0."""
    df = tables["requirement_path"]
    if df.empty:
        return
    src = df.attrs.get("source", f"{path}: data.requirement_path")
    for row in df.itertuples(index=False):
        where = f"{src}: {row.capability} {row.year}"
        if row.capability not in known_caps:
            raise ScenarioError(f"{src}: unknown capability id '{row.capability}'")
        if not 0 < row.year <= LAST_YEAR:
            raise ScenarioError(f"{where} year: expected 1 to {LAST_YEAR}, got {row.year}")
        if not 0.0 < row.factor <= MAX_REQUIREMENT_FACTOR:
            raise ScenarioError(
                f"{where} factor: expected > 0 and <= {MAX_REQUIREMENT_FACTOR:g} (a factor on "
                f"the 2012 alliance requirement), got {row.factor}"
            )


def _validate_arrangement_rows(
    tables: dict[str, pd.DataFrame], known_states: set[str], known_caps: set[str]
) -> None:
    """Each arrangement row: two or more distinct known members, a known form, area, lead."""
    arr = tables["arrangements"]
    asrc = arr.attrs.get("source", "arrangements")
    for row in arr.itertuples(index=False):
        members = [m for m in row.members.split(";") if m]
        if len(members) < 2:
            raise ScenarioError(f"{asrc}: {row.id} members: expected at least two states")
        if len(set(members)) < len(members):
            twice = next(m for m in members if members.count(m) > 1)
            raise ScenarioError(f"{asrc}: {row.id} members: '{twice}' is listed twice")
        if row.start_year > LAST_YEAR:
            raise ScenarioError(
                f"{asrc}: {row.id} start_year: expected <= {LAST_YEAR}, got {row.start_year}"
            )
        for m in members:
            if m not in known_states:
                raise ScenarioError(
                    f"{asrc}: {row.id} members: '{m}' is not a state of the scenario"
                )
        if row.lead and row.lead not in members:
            raise ScenarioError(f"{asrc}: {row.id} lead: '{row.lead}' is not one of its members")
        if row.form not in FORM_IDS:
            raise ScenarioError(
                f"{asrc}: {row.id} form: '{row.form}' (expected one of {', '.join(FORM_IDS)})"
            )
        if row.capability not in known_caps:
            raise ScenarioError(
                f"{asrc}: {row.id} capability: unknown capability id '{row.capability}'"
            )
        if row.institution not in ("", "nato", "eu"):
            raise ScenarioError(
                f"{asrc}: {row.id} institution: '{row.institution}' (expected nato, eu or empty)"
            )


def _check_unique(tables: dict[str, pd.DataFrame], path: Path) -> None:
    """A second row with the same key (e.g. two budget rows of one state and year) is an error."""
    for key, cols in ROW_KEYS.items():
        df = tables[key]
        if df.empty:
            continue
        dup = df.duplicated(list(cols))
        if dup.any():
            row = df[dup].iloc[0]
            what = " ".join(str(row[c]) for c in cols)
            src = df.attrs.get("source", f"{path}: data.{key}")
            raise ScenarioError(
                f"{src}: {'/'.join(cols)} '{what}' appears twice (expected one row each)"
            )

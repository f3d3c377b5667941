"""Turn a scenario's tables into the arrays the model runs on (states x partners x areas)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from model.budget_paths import follow_rates, override_rates
from model.params import CAPABILITY_IDS, NAVAL_AREAS, AreaRole, WarPowers
from model.scenario import Scenario

EARTH_RADIUS_KM = 6371.0
#: Replacement year of a fleet that has none in the data (no procurement moment).
NO_YEAR = 9999


@dataclass(frozen=True)
class World:
    """Static facts of a run as numpy arrays; index ``s`` = state, ``c`` = capability area.

    Attributes hold 2012 values; yearly budgets come from ``budget_index`` (states x years).
    """

    states: tuple[str, ...]
    names: tuple[str, ...]
    capabilities: tuple[str, ...]
    years: np.ndarray  # (T,)
    budget0: np.ndarray  # (N,) USD million, 2012 prices
    gdp: np.ndarray  # (N,) USD million
    budget_index: np.ndarray  # (N, T) real budget relative to 2012
    holdings0: np.ndarray  # (N, C) units
    floor: np.ndarray  # (N, C) bool: sovereignty floor
    culture: np.ndarray  # (N, 3) expeditionary, atlanticist, parliament consent
    nato: np.ndarray  # (N,) bool, in the start year (model.nato follows membership changes)
    eu: np.ndarray  # (N,) bool, in the start year
    regional_groups: np.ndarray  # (N, N) number of shared regional groups (Benelux, NORDEFCO...)
    distance_km: np.ndarray  # (N, N)
    lat: np.ndarray  # (N,) capital latitude, degrees
    lon: np.ndarray  # (N,) capital longitude, degrees
    commonality: np.ndarray  # (N, N, C) bool: same platform family
    unit_cost: np.ndarray  # (C,) USD million per unit
    service_life: np.ndarray  # (C,) years
    om_rate: np.ndarray  # (C,) yearly O&S cost / unit cost
    overhead: np.ndarray  # (C,) USD million per year
    scale_exponent: np.ndarray  # (C,)
    min_viable: np.ndarray  # (C,) units
    alliance_shortfall: np.ndarray  # (C,)
    role: np.ndarray  # (N, C) int AreaRole: held, kept_role, enabler_share, none
    landlocked: np.ndarray  # (N,) bool
    war_powers: np.ndarray  # (N,) int WarPowers: ex-ante approval of deployments
    # pairs (N, N, symmetric) in the start year, from the optional rivalries table
    rivalry: np.ndarray | None = None  # bool: active strategic rivalry (blocks deep forms)
    dispute: np.ndarray | None = None  # bool: active territorial or maritime dispute
    # (N, N) int: start year of the oldest arrangement of the data a pair shares (large if none)
    shared_since: np.ndarray | None = None
    # (T, C): factor on the 2012 alliance requirement in each simulated year (ones if no path)
    requirement_path: np.ndarray | None = None
    # (N, C, 2) int: replacement years of each fleet and a second fleet, as known in 2012
    # (fleet_replacement.csv; NO_YEAR where none): the procurement moments (issue 12, item 5)
    replacement: np.ndarray | None = None
    # the defence-industrial base in 2012 (defence_industry_2012.csv; None without the table):
    # (N, N, C) bool: both produce in the area and share no production line (ODD 7.31)
    industry_clash: np.ndarray | None = None
    # (N, C) str: a state's production lines in an area, joined by '/' ('' where none)
    industry_lines: np.ndarray | None = None

    @cached_property
    def replacement_unknown(self) -> np.ndarray:
        """(N, C) bool: no replacement year for either fleet (no procurement moment data)."""
        if self.replacement is None:
            return np.ones((len(self.states), len(self.capabilities)), dtype=bool)
        return (self.replacement >= NO_YEAR).all(axis=2)

    @property
    def n_states(self) -> int:
        """Number of states."""
        return len(self.states)

    @property
    def n_caps(self) -> int:
        """Number of capability areas."""
        return len(self.capabilities)

    def state_index(self, code: str) -> int:
        """Return the row of state ``code``."""
        return self.states.index(code)


def build_world(scen: Scenario) -> World:
    """Build the :class:`World` arrays of a scenario for its simulated years (cached on it)."""
    return scen.cached("world", lambda: _build_world(scen))


def _build_world(scen: Scenario) -> World:
    """The :class:`World` arrays from the scenario's tables (uncached)."""
    t = scen.tables
    st = t["states"]
    caps_df = t["capabilities"].set_index("id")
    caps = tuple(c for c in CAPABILITY_IDS if c in caps_df.index)
    caps_df = caps_df.loc[list(caps)]
    codes = tuple(st["iso3"])
    n, c = len(codes), len(caps)
    si = {s: i for i, s in enumerate(codes)}
    ci = {k: i for i, k in enumerate(caps)}
    sim = scen.params.simulation
    years = np.arange(sim.start_year, sim.end_year + 1)

    holdings = _holdings(t["holdings"], si, ci, n, c)
    floor = np.zeros((n, c), dtype=bool)
    for i, text in enumerate(st["sovereignty_floor"]):
        for area in filter(None, text.split(";")):
            floor[i, ci[area]] = True

    groups = [set(filter(None, g.split(";"))) for g in st["groups"]]
    nato = st["nato"].to_numpy(dtype=bool)
    eu = st["eu"].to_numpy(dtype=bool)
    regional = np.array([[len(a & b) for b in groups] for a in groups], dtype=float)

    distance = _great_circle_km(st["capital_lat"], st["capital_lon"])
    commonality = _commonality(t["platforms"], si, ci, n, c)

    budget_index = _budget_index(scen, codes, years)
    rivalry, dispute = _rivalries(t.get("rivalries"), si, int(years[0]) if len(years) else 0)
    role, landlocked = _roles(t, si, ci, holdings)
    war_powers = _war_powers(t["war_powers"], si, n)

    return World(
        states=codes,
        names=tuple(st["name"]),
        capabilities=caps,
        years=years,
        budget0=st["budget_2012_musd"].to_numpy(dtype=float),
        gdp=st["gdp_2012_musd"].to_numpy(dtype=float),
        budget_index=budget_index,
        holdings0=holdings,
        floor=floor,
        culture=st[
            ["culture_expeditionary", "culture_atlanticist", "culture_parliament_consent"]
        ].to_numpy(dtype=float),
        nato=nato,
        eu=eu,
        regional_groups=regional,
        distance_km=distance,
        lat=st["capital_lat"].to_numpy(dtype=float),
        lon=st["capital_lon"].to_numpy(dtype=float),
        commonality=commonality,
        unit_cost=caps_df["unit_cost_musd"].to_numpy(dtype=float),
        service_life=caps_df["service_life_years"].to_numpy(dtype=float),
        om_rate=caps_df["om_rate"].to_numpy(dtype=float),
        overhead=caps_df["overhead_musd"].to_numpy(dtype=float),
        scale_exponent=caps_df["scale_exponent"].to_numpy(dtype=float),
        min_viable=caps_df["min_viable_scale"].to_numpy(dtype=float),
        alliance_shortfall=caps_df["alliance_shortfall"].to_numpy(dtype=float),
        role=role,
        landlocked=landlocked,
        war_powers=war_powers,
        rivalry=rivalry,
        dispute=dispute,
        shared_since=_shared_since(t["arrangements"], si, int(years[0]) if len(years) else 0),
        requirement_path=_requirement_path(t["requirement_path"], scen, ci, years),
        replacement=_replacement(t.get("fleet_replacement"), si, ci, n, c),
        **_industry(t.get("defence_industry"), si, ci, n, c),
    )


def _industry(
    table: pd.DataFrame | None, si: dict[str, int], ci: dict[str, int], n: int, c: int
) -> dict[str, np.ndarray | None]:
    """The 2012 defence-industrial base: who produces a different line from whom, by area.

    ``industry_clash[s, x, c]``: both ``s`` and ``x`` have a production line in ``c`` (prime or
    partner, defence_industry_2012.csv) and share none; ``industry_lines[s, c]``: ``s``'s lines.
    Both None without the table (no industrial preference, the behaviour before issue 12).
    """
    if table is None or table.empty:
        return {"industry_clash": None, "industry_lines": None}
    cols = table["capability"].map(ci)
    table = table[cols.notna()]  # areas the scenario leaves out
    names = sorted(set(table["line"]))
    lid = {x: i for i, x in enumerate(names)}
    lines = np.zeros((n, c, len(names)), dtype=bool)
    rows = table["iso3"].map(si).to_numpy()
    lines[rows, table["capability"].map(ci).astype(int).to_numpy(),
          table["line"].map(lid).to_numpy()] = True  # fmt: skip
    produces = lines.any(axis=2)  # (N, C)
    shares = np.einsum("scl,xcl->sxc", lines, lines) > 0  # (N, N, C)
    clash = produces[:, None, :] & produces[None, :, :] & ~shares
    text = np.full((n, c), "", dtype=object)
    for s_, c_ in zip(*np.nonzero(produces), strict=True):
        text[s_, c_] = "/".join(names[k] for k in np.nonzero(lines[s_, c_])[0])
    return {"industry_clash": clash, "industry_lines": text}


def _replacement(
    table: pd.DataFrame | None, si: dict[str, int], ci: dict[str, int], n: int, c: int
) -> np.ndarray:
    """Replacement years (N x C x 2: the fleet, a second fleet) from fleet_replacement.csv.

    Only ``replacement_year`` and ``other_replacement_year`` are read (their ``basis`` is
    ``plan_2012`` or ``service_life``, checked by the loader); ``NO_YEAR`` where none.
    """
    out = np.full((n, c, 2), NO_YEAR, dtype=int)
    if table is None or table.empty:
        return out
    rows = table["iso3"].map(si).to_numpy()
    cols = table["capability"].map(ci)
    keep = cols.notna().to_numpy()  # areas the scenario leaves out
    rows, cols = rows[keep], cols[keep].astype(int).to_numpy()
    out[rows, cols, 0] = table["replacement_year"].to_numpy()[keep]
    other = table["other_replacement_year"].to_numpy()[keep]
    has = other != ""
    out[rows[has], cols[has], 1] = other[has].astype(int)
    return out


def _holdings(
    hold: pd.DataFrame, si: dict[str, int], ci: dict[str, int], n: int, c: int
) -> np.ndarray:
    """The 2012 holdings (N x C) from the holdings table's rows."""
    holdings = np.zeros((n, c))
    if len(hold):
        rows = hold["iso3"].map(si).to_numpy()
        cols = hold["capability"].map(ci).to_numpy()
        np.add.at(holdings, (rows, cols), hold["quantity"].to_numpy())
    return holdings


def _great_circle_km(lat_deg: pd.Series, lon_deg: pd.Series) -> np.ndarray:
    """Great-circle distances (N x N, km) between the capitals (haversine)."""
    lat = np.radians(lat_deg.to_numpy(dtype=float))
    lon = np.radians(lon_deg.to_numpy(dtype=float))
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    a = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
    distance = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return distance


def _commonality(
    plat: pd.DataFrame, si: dict[str, int], ci: dict[str, int], n: int, c: int
) -> np.ndarray:
    """Whether two states fly the same platform family in an area (N x N x C)."""
    commonality = np.zeros((n, n, c), dtype=bool)
    if len(plat):
        fam = np.full((n, c), "", dtype=object)
        for row in plat.itertuples(index=False):
            fam[si[row.iso3], ci[row.capability]] = row.platform_family.strip().lower()
        has = fam != ""
        commonality = (fam[:, None, :] == fam[None, :, :]) & has[:, None, :] & has[None, :, :]
    return commonality


def _war_powers(table: pd.DataFrame, si: dict[str, int], n: int) -> np.ndarray:
    """Each state's ex-ante approval of deployments (:class:`WarPowers` codes, N)."""
    war_powers = np.full(n, int(WarPowers.UNKNOWN))
    for row in table.itertuples(index=False):
        value = row.ex_ante_approval.strip().upper()
        if value and row.iso3 in si:
            war_powers[si[row.iso3]] = int(WarPowers[value])
    return war_powers


def _roles(
    t: dict, si: dict[str, int], ci: dict[str, int], holdings: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each state's role per area (N x C, :class:`AreaRole`) and whether it is landlocked (N).

    Without a roles table every area is ``held`` (a fair share as before issue 11); a row names
    the role of one cell. A cell with 2012 holdings is at least ``held``; a landlocked state
    (``geography.csv``) has no role in the naval areas.
    """
    n, c = holdings.shape
    role = np.full((n, c), int(AreaRole.HELD))
    for row in t["roles"].itertuples(index=False):
        if row.iso3 in si and row.capability in ci:
            role[si[row.iso3], ci[row.capability]] = int(AreaRole.from_id(row.role))
    role = np.where(holdings > 0, int(AreaRole.HELD), role)
    landlocked = np.zeros(n, dtype=bool)
    for row in t["geography"].itertuples(index=False):
        if row.iso3 in si:
            landlocked[si[row.iso3]] = bool(row.landlocked)
    naval = np.array([k in NAVAL_AREAS for k in ci], dtype=bool)
    role[landlocked[:, None] & naval[None, :]] = int(AreaRole.NONE)
    return role, landlocked


def _requirement_path(
    table: pd.DataFrame, scen: Scenario, ci: dict[str, int], years: np.ndarray
) -> np.ndarray:
    """NATO's level of ambition: a factor on the 2012 alliance requirement per year and area.

    A row (area, year, factor) holds from its year until the area's next row: the factor of
    the latest row at or before the year, 1.0 before an area's first row and in areas without
    rows (``requirement_path.csv``: the 2024 minimum capability requirements and the 2025
    capability targets, each from the year it was announced; ODD 7.2). With
    ``requirement.path = "none"`` every factor is 1.0: the 2012 requirement throughout.
    """
    out = np.ones((len(years), len(ci)))
    if scen.params.requirement.path == "none" or table is None or not len(table):
        return out
    rows = table.sort_values("year", kind="stable")
    for row in rows.itertuples(index=False):
        out[years >= int(row.year), ci[row.capability]] = float(row.factor)
    return out


def _shared_since(table: Any, si: dict[str, int], year: int) -> np.ndarray:
    """Start year of the oldest arrangement (running in ``year``) each pair shares (N x N)."""
    n = len(si)
    out = np.full((n, n), 10**6, dtype=int)
    for row in table.itertuples(index=False):
        if int(row.start_year) > year:
            continue
        ms = [si[m] for m in row.members.split(";") if m in si]
        for a in ms:
            for b in ms:
                if a != b:
                    out[a, b] = min(out[a, b], int(row.start_year))
    return out


def _rivalries(table: Any, si: dict[str, int], year: int) -> tuple[np.ndarray, np.ndarray]:
    """Active strategic rivalries and active disputes (N x N, symmetric) in ``year``.

    A row counts when ``active_from <= year <= active_to`` (an empty year is open); dormant
    disputes (``dispute_dormant``) are left out: they do not weigh on cooperation.
    """
    n = len(si)
    rivalry = np.zeros((n, n), dtype=bool)
    dispute = np.zeros((n, n), dtype=bool)
    if table is None or not len(table):
        return rivalry, dispute
    for row in table.itertuples(index=False):
        a, b = si.get(row.state_a), si.get(row.state_b)
        if a is None or b is None:
            continue
        lo = int(row.active_from) if str(row.active_from).strip() else -(10**6)
        hi = int(row.active_to) if str(row.active_to).strip() else 10**6
        if not lo <= year <= hi:
            continue
        target = {"strategic_rivalry": rivalry, "dispute_active": dispute}.get(row.relation)
        if target is not None:
            target[a, b] = target[b, a] = True
    return rivalry, dispute


def _budget_index(scen: Scenario, codes: tuple[str, ...], years: np.ndarray) -> np.ndarray:
    """Real budget index per state and simulated year: data, then growth, then overrides.

    Years before a state's first data year keep 1.0 (2012 level); years after its last data
    year grow at ``budgets.real_growth_after_data``. Paths users write (``[[budget_paths]]``,
    ``budgets.state_growth``, ``budgets.real_growth_override``) then replace the data's growth in
    the years they cover (:mod:`model.budget_paths`), and the GDP target raises what is below it.
    """
    bp = scen.params.budgets
    idx = scen.tables["budget_index"]
    out = np.ones((len(codes), len(years)))
    by_state = {code: grp for code, grp in idx.groupby("iso3")} if len(idx) else {}
    for i, code in enumerate(codes):
        grp = by_state.get(code)
        if grp is None:
            series = {}
        else:
            series = dict(zip(grp["year"].astype(int), grp["index"].astype(float), strict=True))
        last_year = max(series) if series else None
        value = 1.0
        for k, year in enumerate(years):
            year = int(year)
            if year in series:
                value = series[year]
            elif last_year is not None and year > last_year:
                value *= 1.0 + bp.real_growth_after_data
            elif last_year is None and year > scen.params.simulation.data_year:
                value *= 1.0 + bp.real_growth_after_data
            out[i, k] = value
    rates = override_rates(bp, scen.budget_paths, codes, years)
    out = follow_rates(out, rates, bp.after_override)
    if bp.gdp_target_share is not None:
        out = _gdp_target(out, scen, years)
    return out


def _gdp_target(index: np.ndarray, scen: Scenario, years: np.ndarray) -> np.ndarray:
    """Raise budgets linearly to ``gdp_target_share`` of GDP between the ramp's two years.

    GDP grows at ``budgets.gdp_growth`` from 2012; a state whose path is already above the ramp
    keeps it (the target is a floor, as NATO's pledges are). With ``gdp_target_states = "nato"``
    only the states that are NATO members in ``gdp_target_from`` (start-year membership and the
    scenario's membership changes until then) are bound: the Hague commitment is the Allies'.
    """
    bp = scen.params.budgets
    st = scen.tables["states"]
    share0 = (st["budget_2012_musd"] / st["gdp_2012_musd"]).to_numpy(dtype=float)
    bound = np.ones(len(st), dtype=bool)
    if bp.gdp_target_states == "nato":
        codes = list(st["iso3"])
        bound = st["nato"].to_numpy(dtype=bool).copy()
        for change in sorted(scen.memberships, key=lambda ch: ch.year):
            if change.institution == "nato" and change.year <= bp.gdp_target_from:
                if change.state in codes:
                    bound[codes.index(change.state)] = change.member
    out = index.copy()
    start, end = bp.gdp_target_from, max(bp.gdp_target_year, bp.gdp_target_from)
    k0 = int(np.searchsorted(years, start))
    base = out[:, k0 - 1] if k0 > 0 else out[:, 0]
    for k, year in enumerate(years):
        if year < start:
            continue
        growth_years = year - scen.params.simulation.data_year
        target = bp.gdp_target_share / share0 * (1.0 + bp.gdp_growth) ** growth_years
        frac = min((year - start + 1) / (end - start + 1), 1.0)
        ramp = base + (target - base) * frac
        out[:, k] = np.where(bound, np.maximum(out[:, k], ramp), out[:, k])
    return out

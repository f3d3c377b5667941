"""Turn a scenario's tables into the arrays the model runs on (states x partners x areas)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.budget_paths import follow_rates, override_rates
from model.params import CAPABILITY_IDS
from model.scenario import Scenario

EARTH_RADIUS_KM = 6371.0


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

    holdings = np.zeros((n, c))
    hold = t["holdings"]
    if len(hold):
        rows = hold["iso3"].map(si).to_numpy()
        cols = hold["capability"].map(ci).to_numpy()
        np.add.at(holdings, (rows, cols), hold["quantity"].to_numpy())

    floor = np.zeros((n, c), dtype=bool)
    for i, text in enumerate(st["sovereignty_floor"]):
        for area in filter(None, text.split(";")):
            floor[i, ci[area]] = True

    groups = [set(filter(None, g.split(";"))) for g in st["groups"]]
    nato = st["nato"].to_numpy(dtype=bool)
    eu = st["eu"].to_numpy(dtype=bool)
    regional = np.array([[len(a & b) for b in groups] for a in groups], dtype=float)

    lat = np.radians(st["capital_lat"].to_numpy(dtype=float))
    lon = np.radians(st["capital_lon"].to_numpy(dtype=float))
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    a = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
    distance = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))

    commonality = np.zeros((n, n, c), dtype=bool)
    plat = t["platforms"]
    if len(plat):
        fam = np.full((n, c), "", dtype=object)
        for row in plat.itertuples(index=False):
            fam[si[row.iso3], ci[row.capability]] = row.platform_family.strip().lower()
        has = fam != ""
        commonality = (fam[:, None, :] == fam[None, :, :]) & has[:, None, :] & has[None, :, :]

    budget_index = _budget_index(scen, codes, years)

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
    )


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

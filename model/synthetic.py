"""Synthetic worlds of any size, for benchmarks and scale tests.

Writes a self-contained scenario (TOML + CSV tables) with ``n_states`` states scattered over
Europe and North America, holdings drawn around the reference data's per-area medians and
budgets from a log-normal distribution. The generator is seeded, so the same arguments give
the same files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from model.params import CAPABILITY_IDS
from model.scenario import scenarios_dir


def write_synthetic_scenario(
    folder: str | Path, n_states: int = 200, seed: int = 0, years: tuple[int, int] = (2012, 2035)
) -> Path:
    """Write a synthetic scenario into ``folder`` and return the path of its TOML file.

    The tables draw from one generator in a fixed order (codes, budgets, states, holdings,
    budget index, platforms, arrangements), so the same arguments give the same files.
    """
    rng = np.random.default_rng(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    codes = _codes(rng, n_states)
    budget = np.exp(rng.normal(np.log(5000.0), 1.3, n_states))
    states = _states_table(rng, codes, budget)
    ref = scenarios_dir() / "data"
    holdings = _holdings_table(rng, codes, budget, ref)
    budget_index = _budget_index_table(rng, codes, years)
    plat = holdings[holdings["quantity"] > 0].copy()
    plat["platform_family"] = [f"family-{rng.integers(3)}" for _ in range(len(plat))]
    arrangements = _arrangements_table(rng, codes)
    data = folder / "data"
    data.mkdir(exist_ok=True)
    states.to_csv(data / "states.csv", index=False)
    holdings.to_csv(data / "holdings.csv", index=False)
    budget_index.to_csv(data / "budget_index.csv", index=False)
    plat[["iso3", "capability", "platform_family"]].to_csv(data / "platforms.csv", index=False)
    arrangements.to_csv(data / "arrangements.csv", index=False)
    shutil.copy(ref / "capabilities.csv", data / "capabilities.csv")
    toml = folder / f"synthetic_{n_states}.toml"
    toml.write_text(_toml_text(n_states, seed, years))
    return toml


def _codes(rng: np.random.Generator, n_states: int) -> list[str]:
    """``n_states`` distinct random three-letter codes."""
    letters = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    codes: list[str] = []
    while len(codes) < n_states:
        code = "".join(rng.choice(letters, 3))
        if code not in codes:
            codes.append(code)
    return codes


def _states_table(rng: np.random.Generator, codes: list[str], budget: np.ndarray) -> pd.DataFrame:
    """The states table: memberships, groups, capitals, budgets, GDP, culture, floors."""
    n_states = len(codes)
    groups = np.array(["benelux", "northern_group", "nordefco", "visegrad", "baltic", "weimar", ""])
    return pd.DataFrame(
        {
            "iso3": codes,
            "name": [f"State {c}" for c in codes],
            "nato": rng.random(n_states) < 0.85,
            "eu": rng.random(n_states) < 0.7,
            "groups": rng.choice(groups, n_states),
            "capital_lat": rng.uniform(36.0, 65.0, n_states),
            "capital_lon": rng.uniform(-10.0, 30.0, n_states),
            "budget_2012_musd": budget.round(1),
            "gdp_2012_musd": (budget / rng.uniform(0.008, 0.03, n_states)).round(1),
            "equipment_share": rng.uniform(0.05, 0.3, n_states).round(3),
            "culture_expeditionary": rng.random(n_states).round(3),
            "culture_atlanticist": rng.random(n_states).round(3),
            "culture_parliament_consent": rng.random(n_states).round(3),
            "sovereignty_floor": rng.choice(
                ["command", "land_manoeuvre;command", "fighters", ""], n_states
            ),
        }
    )


def _holdings_table(
    rng: np.random.Generator, codes: list[str], budget: np.ndarray, ref: Path
) -> pd.DataFrame:
    """Holdings drawn around the reference data's per-area medians, scaled by budget."""
    ref_hold = pd.read_csv(ref / "holdings_2012.csv")
    median = ref_hold[ref_hold["quantity"] > 0].groupby("capability")["quantity"].median()
    rows = []
    for i, code in enumerate(codes):
        scale = budget[i] / 5000.0
        for cap in CAPABILITY_IDS:
            has = rng.random() < min(0.95, 0.3 + 0.2 * np.log1p(scale))
            q = float(median.get(cap, 1.0)) * scale * rng.lognormal(0.0, 0.5) if has else 0.0
            rows.append((code, cap, round(q, 2)))
    return pd.DataFrame(rows, columns=["iso3", "capability", "quantity"])


def _budget_index_table(
    rng: np.random.Generator, codes: list[str], years: tuple[int, int]
) -> pd.DataFrame:
    """A random walk of each state's budget index (1 in the first year) up to 2024."""
    n_states = len(codes)
    yrs = np.arange(years[0], min(years[1], 2024) + 1)
    growth = rng.normal(0.0, 0.03, (n_states, len(yrs)))
    growth[:, 0] = 0.0
    index = np.exp(np.cumsum(growth, axis=1))
    return pd.DataFrame(
        {
            "iso3": np.repeat(codes, len(yrs)),
            "year": np.tile(yrs, n_states),
            "index": index.ravel().round(4),
        }
    )


def _arrangements_table(rng: np.random.Generator, codes: list[str]) -> pd.DataFrame:
    """One pooling arrangement per four states, between two random states, from 2010."""
    n_states = len(codes)
    arr_rows = []
    for k in range(n_states // 4):
        a, b = rng.choice(n_states, 2, replace=False)
        cap = CAPABILITY_IDS[int(rng.integers(len(CAPABILITY_IDS)))]
        arr_rows.append((f"SYN-{k}", cap, "pooling", f"{codes[a]};{codes[b]}", codes[a], 2010))
    return pd.DataFrame(
        arr_rows, columns=["id", "capability", "form", "members", "lead", "start_year"]
    )


def _toml_text(n_states: int, seed: int, years: tuple[int, int]) -> str:
    """The scenario file naming the tables and the simulated span."""
    return f"""name = "synthetic_{n_states}"
description = "synthetic world of {n_states} states for benchmarks (seed {seed})"

[data]
states = "data/states.csv"
budget_index = "data/budget_index.csv"
holdings = "data/holdings.csv"
capabilities = "data/capabilities.csv"
platforms = "data/platforms.csv"
arrangements = "data/arrangements.csv"

[params.simulation]
start_year = {years[0]}
end_year = {years[1]}
"""

"""Shared fixtures: a small fixed world written as scenario TOML files into ``tmp_path``.

The small world has three capability areas (fighters, frigates, helicopters) and four states:

- ``NLD`` and ``BEL``: close neighbours (capitals ~170 km apart), both NATO and EU, both in the
  ``benelux`` group, identical political culture, the same platform families;
- ``DNK``: a third European state, NATO and EU, moderately close;
- ``CAN``: distant (Ottawa), NATO only, no shared group, a very different political culture.

``write_scenario`` builds a scenario file from Python values (inline ``[[data.*]]`` tables), so
each test states exactly the world it runs on.
"""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
REFERENCE = SCENARIOS / "reference_2012.toml"
REFERENCE_CAPABILITIES_CSV = SCENARIOS / "data" / "capabilities.csv"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
COOPSIM = ROOT / ".venv" / "bin" / "coopsim"

SMALL_CAPS = ("fighters", "frigates", "helicopters")

# columns of scenarios/data/states.csv that model/scenario.py reads (STATE_COLUMNS)
_CULTURE_SAME = (0.6, 0.7, 0.3)
SMALL_STATES: list[dict[str, Any]] = [
    {
        "iso3": "NLD", "name": "Netherlands", "nato": True, "eu": True, "groups": "benelux",
        "capital_lat": 52.37, "capital_lon": 4.90, "budget_2012_musd": 2200.0,
        "gdp_2012_musd": 830000.0, "equipment_share": 0.15,
        "culture_expeditionary": _CULTURE_SAME[0], "culture_atlanticist": _CULTURE_SAME[1],
        "culture_parliament_consent": _CULTURE_SAME[2], "sovereignty_floor": "frigates",
    },
    {
        "iso3": "BEL", "name": "Belgium", "nato": True, "eu": True, "groups": "benelux",
        "capital_lat": 50.85, "capital_lon": 4.35, "budget_2012_musd": 1500.0,
        "gdp_2012_musd": 500000.0, "equipment_share": 0.10,
        "culture_expeditionary": _CULTURE_SAME[0], "culture_atlanticist": _CULTURE_SAME[1],
        "culture_parliament_consent": _CULTURE_SAME[2], "sovereignty_floor": "",
    },
    {
        "iso3": "DNK", "name": "Denmark", "nato": True, "eu": True, "groups": "",
        "capital_lat": 55.68, "capital_lon": 12.57, "budget_2012_musd": 1600.0,
        "gdp_2012_musd": 320000.0, "equipment_share": 0.12,
        "culture_expeditionary": 0.7, "culture_atlanticist": 0.8,
        "culture_parliament_consent": 0.5, "sovereignty_floor": "",
    },
    {
        "iso3": "CAN", "name": "Canada", "nato": True, "eu": False, "groups": "",
        "capital_lat": 45.42, "capital_lon": -75.70, "budget_2012_musd": 3000.0,
        "gdp_2012_musd": 1800000.0, "equipment_share": 0.08,
        "culture_expeditionary": 0.05, "culture_atlanticist": 0.05,
        "culture_parliament_consent": 1.0, "sovereignty_floor": "",
    },
]

SMALL_HOLDINGS: list[dict[str, Any]] = [
    {"iso3": s, "capability": c, "quantity": q}
    for s, row in {
        "NLD": (60, 6, 20),
        "BEL": (50, 2, 8),
        "DNK": (30, 4, 10),
        "CAN": (80, 12, 30),
    }.items()
    for c, q in zip(SMALL_CAPS, row, strict=True)
]

SMALL_PLATFORMS: list[dict[str, Any]] = [
    {"iso3": "NLD", "capability": "fighters", "platform_family": "F-16"},
    {"iso3": "BEL", "capability": "fighters", "platform_family": "F-16"},
    {"iso3": "DNK", "capability": "fighters", "platform_family": "F-16"},
    {"iso3": "CAN", "capability": "fighters", "platform_family": "CF-18"},
    {"iso3": "NLD", "capability": "frigates", "platform_family": "M-frigate"},
    {"iso3": "BEL", "capability": "frigates", "platform_family": "M-frigate"},
    {"iso3": "NLD", "capability": "helicopters", "platform_family": "NH90"},
    {"iso3": "BEL", "capability": "helicopters", "platform_family": "NH90"},
]

START, END = 2012, 2020


def budget_rows(states: list[str], rate: float, start: int = START, end: int = END) -> list[dict]:
    """``budget_index`` rows changing by ``rate`` a year from 1.0 in ``start`` (e.g. -0.05)."""
    return [
        {"iso3": s, "year": y, "index": round((1.0 + rate) ** (y - start), 6)}
        for s in states
        for y in range(start, end + 1)
    ]


def capability_rows(ids: tuple[str, ...] = SMALL_CAPS) -> list[dict[str, Any]]:
    """Rows of the reference capabilities.csv for ``ids`` (the model's columns only)."""
    keep = (
        "id", "unit", "unit_cost_musd", "service_life_years", "om_rate", "overhead_musd",
        "scale_exponent", "min_viable_scale", "alliance_shortfall",
    )
    with open(REFERENCE_CAPABILITIES_CSV, newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["id"] in ids]
    out = []
    for r in rows:
        row: dict[str, Any] = {}
        for k in keep:
            row[k] = r[k] if k in ("id", "unit") else float(r[k])
        out.append(row)
    return out


# --------------------------------------------------------------------------- TOML writing
def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            raise ValueError("no NaN/inf in scenario files")
        return repr(v)
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, list | tuple):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(f"cannot write {type(v).__name__} to TOML")


def _is_table_array(v: Any) -> bool:
    return isinstance(v, list) and len(v) > 0 and all(isinstance(x, dict) for x in v)


def to_toml(doc: dict[str, Any]) -> str:
    """Serialise nested dicts (tables), lists of dicts (arrays of tables) and scalars."""
    lines: list[str] = []

    def emit(table: dict[str, Any], prefix: str) -> None:
        scalars = {k: v for k, v in table.items()
                   if not isinstance(v, dict) and not _is_table_array(v)}
        for k, v in scalars.items():
            lines.append(f"{k} = {_toml_value(v)}")
        for k, v in table.items():
            name = f"{prefix}.{k}" if prefix else k
            if isinstance(v, dict):
                lines.append("")
                lines.append(f"[{name}]")
                emit(v, name)
            elif _is_table_array(v):
                for item in v:
                    lines.append("")
                    lines.append(f"[[{name}]]")
                    for ik, iv in item.items():
                        lines.append(f"{ik} = {_toml_value(iv)}")

    emit(doc, "")
    return "\n".join(lines).strip() + "\n"


def small_world_doc(
    *,
    budget_rate: float | None = -0.05,
    start: int = START,
    end: int = END,
    params: dict[str, Any] | None = None,
    states: list[dict[str, Any]] | None = None,
    holdings: list[dict[str, Any]] | None = None,
    arrangements: list[dict[str, Any]] | None = None,
    random_crises: bool = False,
) -> dict[str, Any]:
    """The small world as a scenario document; ``budget_rate=None`` means flat budgets."""
    st = states if states is not None else SMALL_STATES
    data: dict[str, Any] = {
        "states": [dict(r) for r in st],
        "holdings": [dict(r) for r in (holdings if holdings is not None else SMALL_HOLDINGS)],
        "capabilities": capability_rows(),
        "platforms": [dict(r) for r in SMALL_PLATFORMS if r["iso3"] in {s["iso3"] for s in st}],
    }
    if budget_rate is not None:
        data["budget_index"] = budget_rows([s["iso3"] for s in st], budget_rate, start, end)
    if arrangements:
        data["arrangements"] = arrangements
    p: dict[str, Any] = {"simulation": {"start_year": start, "end_year": end}}
    if not random_crises:
        p["crises"] = {"random_rate": 0.0}
    for group, values in (params or {}).items():
        p.setdefault(group, {}).update(values)
    return {
        "name": "small_world",
        "description": "four states, three areas (test fixture)",
        "data": data,
        "params": p,
    }


@pytest.fixture
def write_scenario(tmp_path: Path) -> Callable[..., Path]:
    """Write a scenario file into ``tmp_path``: ``write_scenario(doc_or_text, name=...)``."""
    counter = {"n": 0}

    def write(doc: dict[str, Any] | str, name: str | None = None) -> Path:
        counter["n"] += 1
        path = tmp_path / f"{name or 'scenario' + str(counter['n'])}.toml"
        path.write_text(doc if isinstance(doc, str) else to_toml(doc))
        return path

    return write


@pytest.fixture
def small_world(write_scenario: Callable[..., Path]) -> Callable[..., Path]:
    """Write the small world (keyword arguments of :func:`small_world_doc`) and return its path."""

    def make(name: str = "small_world", **kw: Any) -> Path:
        return write_scenario(small_world_doc(**kw), name=name)

    return make


def run_steps(model: Any) -> list[dict[str, Any]]:
    """Step a CooperationModel to the end, returning per-year snapshots of the key arrays."""
    snaps = []
    while model.running:
        model.step()
        snaps.append(
            {
                "year": model.year - 1,
                "budget": model.budget.copy(),
                "spending": model.spending.copy(),
                "allowance": model.allowance.copy(),
                "cascade_paid": getattr(model, "cascade_paid", 0.0),
                "weights": model.weights.copy(),
                "holdings": model.holdings.copy(),
            }
        )
    return snaps


@pytest.fixture(autouse=True)
def _no_tty_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep runs reproducible and quiet: no scenario-library override leaks in from outside."""
    monkeypatch.delenv("COOPSIM_SCENARIOS", raising=False)


def shared_dir() -> Path:
    """The shared/ folder beside the clone (CI keeps a copy there)."""
    return (ROOT / ".." / "shared").resolve()


os.environ.setdefault("MPLBACKEND", "Agg")

"""Tests for model.figures: the files written, their bytes, edge cases and the alliance gap."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib import image as mpimg

ROOT = Path(__file__).resolve().parents[1]
try:
    from model import figures
except ImportError:  # the package __init__ may not exist yet: load the module on its own
    spec = importlib.util.spec_from_file_location("model.figures", ROOT / "model" / "figures.py")
    figures = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = figures
    spec.loader.exec_module(figures)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
STATES = ("NLD", "DEU", "BEL", "NOR")
CAPABILITIES = ("fighters", "frigates", "airlift")
YEARS = tuple(range(2012, 2017))
EXPECTED = {
    "gaps_by_capability.png",
    "savings.png",
    "autonomy_vs_capacity.png",
    "partner_network.png",
    "arrangements_by_form.png",
    "focus_NLD.png",
}


@dataclass(frozen=True)
class Tables:
    """Stand-in for the model's RunTables: the contract tables plus run metadata."""

    model: pd.DataFrame
    states: pd.DataFrame
    capabilities: pd.DataFrame
    arrangements: pd.DataFrame
    circles: pd.DataFrame
    scenario: str = "synthetic"
    seed: int = 7
    currency: str = "USD million (2012 prices)"


def _capabilities() -> pd.DataFrame:
    requirement = {"NLD": (72, 4, 6), "DEU": (200, 12, 20), "BEL": (40, 0, 4), "NOR": (50, 5, 0)}
    rows = []
    for t, year in enumerate(YEARS):
        for state in STATES:
            for c, cap in enumerate(CAPABILITIES):
                req = float(requirement[state][c])
                level = req * (0.80 + 0.05 * t) if req else 0.0
                own = level * (1.0 - 0.04 * t)
                gap = max(0.0, req - level) / req if req else 0.0
                rows.append((year, state, cap, req, level, own, gap))
    return pd.DataFrame(
        rows, columns=["year", "state", "capability", "requirement", "level", "own_level", "gap"]
    )


def _states() -> pd.DataFrame:
    budget = {"NLD": 8000.0, "DEU": 32000.0, "BEL": 4000.0, "NOR": 5500.0}
    rows = []
    for t, year in enumerate(YEARS):
        for i, state in enumerate(STATES):
            savings = (-20.0 + 25.0 * t) * (i + 1)
            rows.append(
                {
                    "year": year,
                    "state": state,
                    "budget": budget[state] * (1 - 0.02 * t),
                    "spending": budget[state] * (1 - 0.03 * t),
                    "savings": savings,
                    "capability_gap": 0.2 - 0.03 * t,
                    "autonomy": 0.95 - 0.04 * t - 0.02 * i,
                    "capacity_to_act": 0.70 + 0.03 * t + 0.01 * i,
                    "w_political": 0.3,
                    "w_military": 0.3,
                    "w_financial": 0.4,
                    "partners_strategic": min(t, 2),
                    "partners_affiliated": 1,
                    "partners_opportunity": t % 2,
                    "own_share": 0.9,  # an extra column the figures must not depend on
                }
            )
    return pd.DataFrame(rows)


def _model(states: pd.DataFrame) -> pd.DataFrame:
    totals = states.groupby("year")[["budget", "spending", "savings"]].sum().reset_index()
    totals = totals.rename(columns={"budget": "budget_total", "spending": "spending_total"})
    totals["capability_gap"] = 0.1
    totals["collaborative_share"] = 0.2
    totals["autonomy"] = 0.9
    totals["capacity_to_act"] = 0.8
    for depth, form in enumerate(figures.FORMS):
        totals[f"arrangements_{form}"] = [max(0, t - depth // 2) for t in range(len(totals))]
    return totals


def _circles() -> pd.DataFrame:
    rows = []
    for year in YEARS:
        rows += [
            (year, "NLD", "DEU", "strategic"),
            (year, "DEU", "NLD", "affiliated"),
            (year, "NLD", "BEL", "strategic"),
            (year, "BEL", "NLD", "strategic"),
            (year, "NOR", "DEU", "opportunity"),
            (year, "DEU", "NOR", "opportunity"),
        ]
    return pd.DataFrame(rows, columns=["year", "state", "partner", "circle"])


def _arrangements() -> pd.DataFrame:
    return pd.DataFrame(
        [
            (1, "frigates", "integrated", "NLD;BEL", "NLD", "initial", 2012, None),
            (2, "fighters", "pooling", "NLD;BEL;NOR", "NOR", "bottom_up", 2013, None),
            (3, "airlift", "joint_hire", "DEU;NLD", "DEU", "eu", 2012, 2015),
        ],
        columns=["id", "capability", "form", "members", "lead", "origin", "start_year", "end_year"],
    )


@pytest.fixture
def tables() -> Tables:
    states = _states()
    return Tables(
        model=_model(states),
        states=states,
        capabilities=_capabilities(),
        arrangements=_arrangements(),
        circles=_circles(),
    )


def _assert_png(path: Path) -> np.ndarray:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE, f"{path.name} is not a PNG"
    assert 15_000 < len(data) < 2_000_000, f"{path.name} has an unlikely size {len(data)}"
    pixels = mpimg.imread(path)
    height, width = pixels.shape[:2]
    assert 400 <= height <= 2500 and 600 <= width <= 2500
    assert pixels[..., :3].std() > 0.05, f"{path.name} looks blank"
    return pixels


def test_writes_the_expected_valid_pngs(tables, tmp_path):
    folder = tmp_path / "run" / "figures"  # does not exist yet
    paths = figures.write_figures(tables, folder)
    assert {p.name for p in paths} == EXPECTED
    assert sorted(p.name for p in folder.iterdir()) == sorted(EXPECTED)
    for path in paths:
        _assert_png(path)


def test_output_is_byte_identical_across_calls(tables, tmp_path):
    first = figures.write_figures(tables, tmp_path / "a", title="run A")
    second = figures.write_figures(tables, tmp_path / "b", title="run A")
    for a, b in zip(first, second, strict=True):
        assert a.name == b.name
        assert a.read_bytes() == b.read_bytes(), f"{a.name} differs between two calls"


def test_png_has_no_software_or_time_stamp(tables, tmp_path):
    path = figures.write_figures(tables, tmp_path, focus_state=None)[0]
    data = path.read_bytes()
    assert b"matplotlib" not in data.lower()
    assert b"tIME" not in data


@pytest.mark.filterwarnings("error")
def test_empty_circles_and_arrangements(tables, tmp_path):
    model = tables.model.copy()
    for form in figures.FORMS:
        model[f"arrangements_{form}"] = 0
    empty = replace(
        tables,
        model=model,
        circles=tables.circles.iloc[0:0],
        arrangements=tables.arrangements.iloc[0:0],
    )
    paths = figures.write_figures(empty, tmp_path)
    assert {p.name for p in paths} == EXPECTED
    for path in paths:
        _assert_png(path)


@pytest.mark.filterwarnings("error")
def test_single_year(tables, tmp_path):
    last = YEARS[-1]
    one = replace(
        tables,
        model=tables.model[tables.model["year"] == last],
        states=tables.states[tables.states["year"] == last],
        capabilities=tables.capabilities[tables.capabilities["year"] == last],
        circles=tables.circles[tables.circles["year"] == last],
    )
    paths = figures.write_figures(one, tmp_path)
    assert {p.name for p in paths} == EXPECTED
    for path in paths:
        _assert_png(path)


def test_focus_state_none_or_unknown_skips_focus_figure(tables, tmp_path):
    names = {p.name for p in figures.write_figures(tables, tmp_path / "none", focus_state=None)}
    assert names == EXPECTED - {"focus_NLD.png"}
    with pytest.warns(UserWarning, match="XYZ"):
        names = {p.name for p in figures.write_figures(tables, tmp_path / "xyz", focus_state="XYZ")}
    assert names == EXPECTED - {"focus_NLD.png"}
    names = {p.name for p in figures.write_figures(tables, tmp_path / "deu", focus_state="DEU")}
    assert "focus_DEU.png" in names


@pytest.mark.filterwarnings("error")
def test_alliance_gap_hand_computed():
    capabilities = pd.DataFrame(
        [
            # fighters: shortfall 2 (NLD) + 0 (DEU over-provides, no credit) over 10 + 30
            (2012, "NLD", "fighters", 10.0, 8.0),
            (2012, "DEU", "fighters", 30.0, 33.0),
            # frigates: nobody requires any -> 0/0 -> gap 0
            (2012, "NLD", "frigates", 0.0, 0.0),
            (2012, "DEU", "frigates", 0.0, 2.0),
            # airlift: DEU's zero requirement adds neither shortfall nor weight
            (2012, "NLD", "airlift", 4.0, 1.0),
            (2012, "DEU", "airlift", 0.0, 2.0),
            (2013, "NLD", "fighters", 10.0, 10.0),
            (2013, "DEU", "fighters", 30.0, 15.0),
            (2013, "NLD", "frigates", 0.0, 0.0),
            (2013, "DEU", "frigates", 0.0, 0.0),
            (2013, "NLD", "airlift", 4.0, 0.0),
            (2013, "DEU", "airlift", 0.0, 0.0),
        ],
        columns=["year", "state", "capability", "requirement", "level"],
    )
    gap = figures.alliance_gap_by_capability(capabilities)
    assert list(gap.index) == [2012, 2013]
    assert sorted(gap.columns) == ["airlift", "fighters", "frigates"]
    assert gap.loc[2012, "fighters"] == pytest.approx(2 / 40)
    assert gap.loc[2012, "frigates"] == 0.0
    assert gap.loc[2012, "airlift"] == pytest.approx(3 / 4)
    assert gap.loc[2013, "fighters"] == pytest.approx(15 / 40)
    assert gap.loc[2013, "airlift"] == pytest.approx(1.0)
    assert not gap.isna().any().any()


def test_alliance_gap_on_fixture_is_a_weighted_mean_of_state_gaps(tables):
    gap = figures.alliance_gap_by_capability(tables.capabilities)
    caps = tables.capabilities
    weighted = (caps["gap"] * caps["requirement"]).groupby([caps["year"], caps["capability"]]).sum()
    weights = caps.groupby(["year", "capability"])["requirement"].sum()
    expected = (weighted / weights).unstack("capability")
    pd.testing.assert_frame_equal(gap, expected, check_names=False, check_dtype=False)
    assert ((gap >= 0) & (gap <= 1)).all().all()


def test_partner_edges_take_the_closest_circle(tables):
    edges = figures.partner_edges(tables.circles, YEARS[-1])
    as_dict = {(r.a, r.b): r.circle for r in edges.itertuples()}
    # NLD sees DEU as strategic, DEU sees NLD as affiliated: the closer circle wins.
    assert as_dict == {
        ("DEU", "NLD"): "strategic",
        ("BEL", "NLD"): "strategic",
        ("DEU", "NOR"): "opportunity",
    }
    assert figures.partner_edges(tables.circles.iloc[0:0], YEARS[-1]).empty

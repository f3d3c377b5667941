"""Budget paths users write (issue 11, item 4): end years, flat or data tails, per-state paths.

Hand-computable cases on the small world (``tests/conftest.py``), whose data index falls 5 % a
year from 1.0 in 2012 (``budget_rows``, rounded to 6 decimals), then the issue's command line on
the reference world.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest
from conftest import START, small_world_doc, to_toml

from model.budget_paths import BudgetPath, follow_rates
from model.cli import main
from model.experiments.spec import SweepError, contract_bounds, load_sweep_spec
from model.scenario import ScenarioError, load_scenario
from model.world import build_world

STATES = ("NLD", "BEL", "DNK", "CAN")
YEARS = np.arange(START, 2021)


def index_of(path: Path, overrides: dict | None = None) -> dict[str, np.ndarray]:
    """Each state's real budget index over the run's years."""
    world = build_world(load_scenario(path, overrides))
    return dict(zip(world.states, world.budget_index, strict=True))


def data_path(rate: float = -0.05) -> np.ndarray:
    """The small world's data index (as ``budget_rows`` writes it)."""
    return np.array([round((1.0 + rate) ** (y - START), 6) for y in YEARS])


def grown(level: float, rate: float, years: int) -> float:
    return level * (1.0 + rate) ** years


def at(year: int) -> int:
    return int(year - START)


# --------------------------------------------------------------------------- defaults
def test_default_parameters_follow_the_data_exactly(small_world):
    idx = index_of(small_world())
    for code in STATES:
        assert np.array_equal(idx[code], data_path())


def test_override_without_end_year_runs_to_the_end(small_world):
    """The old behaviour: ``real_growth_override`` from ``override_from`` to the last year."""
    idx = index_of(small_world(), {"budgets.real_growth_override": -0.02,
                                   "budgets.override_from": 2014})
    data = data_path()
    expect = [data[0], data[1]] + [grown(data[1], -0.02, k) for k in range(1, 8)]
    assert idx["NLD"] == pytest.approx(expect, rel=1e-12)


# --------------------------------------------------------------------------- end year and tail
def test_override_until_a_year_then_flat(small_world):
    path = small_world(params={"budgets": {
        "real_growth_override": -0.02, "override_from": 2014, "override_until": 2016,
        "after_override": "flat"}})
    idx = index_of(path)
    d13 = data_path()[at(2013)]  # 0.95
    level_2016 = grown(d13, -0.02, 3)
    for code in STATES:
        assert idx[code][: at(2013) + 1] == pytest.approx([1.0, 0.95])
        assert idx[code][at(2014)] == pytest.approx(0.95 * 0.98)
        assert idx[code][at(2016)] == pytest.approx(level_2016)
        assert idx[code][at(2017):] == pytest.approx([level_2016] * 4)  # flat 2017-2020


def test_override_until_a_year_then_data(small_world):
    """``after_override = "data"``: from the level reached, the data's yearly growth (-5 %)."""
    path = small_world(params={"budgets": {
        "real_growth_override": 0.0, "override_from": 2013, "override_until": 2015}})
    idx = index_of(path)["BEL"]
    assert idx[: at(2015) + 1] == pytest.approx([1.0, 1.0, 1.0, 1.0])
    assert idx[at(2016):] == pytest.approx([0.95, 0.95**2, 0.95**3, 0.95**4, 0.95**5], rel=1e-5)


# --------------------------------------------------------------------------- one state
def test_state_growth_moves_only_that_state(small_world):
    path = small_world()
    base = index_of(path)
    idx = index_of(path, {"budgets.state_growth.NLD": 0.03, "budgets.override_from": 2013,
                          "budgets.override_until": 2015, "budgets.after_override": "flat"})
    assert idx["NLD"] == pytest.approx([1.0, 1.03, 1.03**2, 1.03**3] + [1.03**3] * 5)
    for code in ("BEL", "DNK", "CAN"):
        assert np.array_equal(idx[code], base[code])


def test_state_growth_in_a_scenario_file(small_world):
    """``[params.budgets.state_growth] NLD = -0.02`` in the TOML."""
    path = small_world(params={"budgets": {"override_until": 2014, "after_override": "flat",
                                           "state_growth": {"NLD": -0.02}}})
    text = path.read_text()
    assert "[params.budgets.state_growth]" in text
    idx = index_of(path)
    assert idx["NLD"] == pytest.approx([1.0, 0.98, 0.98**2] + [0.98**2] * 6)
    assert np.array_equal(idx["DNK"], data_path())


def test_budget_paths_rows(small_world, write_scenario):
    """Two rows for NLD with a gap between them: the gap follows ``after_override``."""
    doc = small_world_doc(budget_rate=None, params={"budgets": {"after_override": "flat"}})
    doc["budget_paths"] = [
        {"state": "NLD", "from_year": 2013, "to_year": 2014, "real_growth": -0.1,
         "source": "test"},
        {"state": "NLD", "from_year": 2017, "to_year": 2018, "real_growth": 0.1},
    ]
    idx = index_of(write_scenario(doc))
    low = 0.9**2
    assert idx["NLD"] == pytest.approx([1.0, 0.9, low, low, low, low * 1.1, low * 1.21,
                                        low * 1.21, low * 1.21])
    assert np.array_equal(idx["BEL"], np.ones(len(YEARS)))


# --------------------------------------------------------------------------- precedence
def test_precedence_paths_over_state_growth_over_override(write_scenario):
    doc = small_world_doc(budget_rate=None, params={"budgets": {
        "real_growth_override": -0.01, "override_from": 2013, "override_until": 2016,
        "after_override": "flat", "state_growth": {"NLD": -0.02, "BEL": -0.03}}})
    doc["budget_paths"] = [{"state": "NLD", "from_year": 2014, "to_year": 2015,
                            "real_growth": 0.05}]
    idx = index_of(write_scenario(doc))
    nld = [1.0, 0.98, 0.98 * 1.05, 0.98 * 1.05**2, 0.98**2 * 1.05**2]
    assert idx["NLD"] == pytest.approx(nld + [nld[-1]] * 4)
    bel = [0.97**k for k in range(5)]
    assert idx["BEL"] == pytest.approx(bel + [bel[-1]] * 4)
    for code in ("DNK", "CAN"):
        one = [0.99**k for k in range(5)]
        assert idx[code] == pytest.approx(one + [one[-1]] * 4)


def test_a_path_beyond_the_override_window_still_applies(write_scenario):
    """``[[budget_paths]]`` carry their own years; ``override_from/until`` do not bound them."""
    doc = small_world_doc(budget_rate=None, params={"budgets": {
        "real_growth_override": -0.01, "override_from": 2013, "override_until": 2014}})
    doc["budget_paths"] = [{"state": "CAN", "from_year": 2017, "to_year": 2020,
                            "real_growth": 0.02}]
    idx = index_of(write_scenario(doc))
    assert idx["CAN"] == pytest.approx(
        [1.0, 0.99, 0.99**2, 0.99**2, 0.99**2] + [0.99**2 * 1.02**k for k in range(1, 5)])


def test_gdp_target_still_raises_a_path_below_it(write_scenario):
    """The GDP floor comes after the paths: a state cut below the ramp is raised to it."""
    doc = small_world_doc(budget_rate=None, params={"budgets": {
        "gdp_target_share": 0.02, "gdp_target_from": 2016, "gdp_target_year": 2020,
        "gdp_growth": 0.0, "gdp_target_states": "all"}})
    doc["budget_paths"] = [{"state": "DNK", "from_year": 2013, "to_year": 2020,
                            "real_growth": -0.1}]
    idx = index_of(write_scenario(doc))["DNK"]
    target = 0.02 / (1600.0 / 320000.0)  # 2 % of GDP over the 2012 share (0.5 %): 4 x budget
    assert idx[at(2020)] == pytest.approx(target)
    assert idx[at(2013)] == pytest.approx(0.9)


def test_follow_rates_keeps_base_where_nothing_is_set():
    base = np.array([[1.0, 1.1, 1.2], [1.0, 0.9, 0.8]])
    rates = np.full_like(base, np.nan)
    assert np.array_equal(follow_rates(base, rates, "flat"), base)


# --------------------------------------------------------------------------- bad input
def _error(path: Path, overrides: dict | None = None) -> str:
    with pytest.raises(ScenarioError) as err:
        load_scenario(path, overrides)
    msg = str(err.value)
    assert "\n" not in msg
    return msg


@pytest.mark.parametrize(
    ("row", "needle"),
    [
        ({"state": "XYZ", "from_year": 2013, "to_year": 2014, "real_growth": 0.0},
         "budget_paths[1].state: unknown state 'XYZ' (expected one of NLD, BEL, DNK, CAN)"),
        ({"state": "NLD", "from_year": 2020, "to_year": 2014, "real_growth": 0.0},
         "budget_paths[1].to_year: 2014 is before from_year 2020"),
        ({"state": "NLD", "from_year": 2013, "to_year": 2014, "real_growth": -0.9},
         "budget_paths[1].real_growth: input should be greater than or equal to -0.2"),
        ({"state": "NLD", "from_year": 2013, "to_year": 2014, "real_growth": "-0.02"},
         "budget_paths[1].real_growth: expected float"),
        ({"state": "NLD", "from_year": 2013, "real_growth": 0.0},
         "budget_paths[1]: missing key 'to_year'"),
        ({"state": "NLD", "from_year": 2013, "to_year": 2014, "growth": 0.0},
         "budget_paths[1].growth: unknown key"),
        ({"state": "BEL", "from_year": 2019, "to_year": 2022, "real_growth": 0.0},
         "budget_paths[1]: BEL 2019-2022 overlaps budget_paths[0] (2015-2019)"),
    ],
)
def test_bad_budget_path_rows(write_scenario, row, needle):
    doc = small_world_doc(budget_rate=None)
    doc["budget_paths"] = [
        {"state": "BEL", "from_year": 2015, "to_year": 2019, "real_growth": 0.01}, row]
    path = write_scenario(doc)
    msg = _error(path)
    assert msg.startswith(str(path))
    assert needle in msg


def test_non_finite_growth_is_an_error(write_scenario):
    text = to_toml(small_world_doc(budget_rate=None)) + (
        "\n[[budget_paths]]\nstate = \"NLD\"\nfrom_year = 2013\nto_year = 2014\n"
        "real_growth = nan\n")
    msg = _error(write_scenario(text))
    assert "budget_paths[0].real_growth: expected a finite number, got nan" in msg


def test_budget_path_checks_itself():
    with pytest.raises(ValueError, match="real_growth: expected a finite number"):
        BudgetPath("NLD", 2013, 2014, math.inf)


def test_unknown_state_in_state_growth(small_world):
    path = small_world()
    msg = _error(path, {"budgets.state_growth.FRA": -0.02})
    assert msg == ("--set budgets.state_growth.FRA: unknown state "
                   "(expected one of NLD, BEL, DNK, CAN)")
    in_file = small_world(name="in_file", params={"budgets": {"state_growth": {"XYZ": 0.01}}})
    msg = _error(in_file)
    assert msg.startswith(f"{in_file}: params.budgets.state_growth.XYZ: unknown state")


@pytest.mark.parametrize(
    ("overrides", "needle"),
    [
        ({"budgets.after_override": "up"}, "budgets.after_override: input should be 'data' or"),
        ({"budgets.override_until": 2012}, "override_until (2012) is before override_from"),
        ({"budgets.state_growth.NLD": "abc"}, "budgets.state_growth.NLD: input should be a"),
        ({"budgets.state_growth.NLD.x": 1}, "expected one key below budgets.state_growth"),
    ],
)
def test_bad_overrides(small_world, overrides, needle):
    assert needle in _error(small_world(), overrides)


# --------------------------------------------------------------------------- the issue's line
def _budgets(folder: Path) -> dict[str, dict[int, float]]:
    out: dict[str, dict[int, float]] = {}
    with open(folder / "states.csv", newline="") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["state"], {})[int(row["year"])] = float(row["budget"])
    return out


def test_issue_command_line_cuts_nld_alone(tmp_path, capsys):
    """`coopsim run reference_2012 --set budgets.state_growth.NLD=-0.02 ...`: NLD's real
    budget falls 2 % a year 2013-2020 and then stays flat; the other states follow the data."""
    sets = ["budgets.state_growth.NLD=-0.02", "budgets.override_from=2013",
            "budgets.override_until=2020", "budgets.after_override=flat"]
    argv = ["run", "reference_2012", "--no-figures", "--out", str(tmp_path / "cut")]
    for s in sets:
        argv += ["--set", s]
    assert main(argv) == 0
    cut = _budgets(tmp_path / "cut")
    world = build_world(load_scenario("reference_2012"))
    data = dict(zip(world.states, world.budget0[:, None] * world.budget_index, strict=True))
    nld = cut["NLD"]
    for year in range(2013, 2021):
        assert nld[year] / nld[year - 1] == pytest.approx(0.98, rel=1e-4)
    for year in range(2021, 2036):
        assert nld[year] == pytest.approx(nld[2020], rel=1e-6)
    assert nld[2012] == pytest.approx(data["NLD"][0], rel=1e-6)
    for code, series in cut.items():
        if code != "NLD":
            got = [series[y] for y in sorted(series)]
            assert got == pytest.approx(list(data[code]), rel=1e-6), code


@pytest.mark.parametrize(
    ("setting", "needle"),
    [
        ("budgets.state_growth.XYZ=-0.02", "budgets.state_growth.XYZ: unknown state"),
        ("budgets.after_override=sometimes", "budgets.after_override"),
        ("budgets.state_growth.NLD=-0.5", "budgets.state_growth.NLD"),
    ],
)
def test_issue_command_line_bad_values(tmp_path, capsys, setting, needle):
    out = tmp_path / "bad"
    code = main(["run", "reference_2012", "--no-figures", "--out", str(out), "--set", setting])
    _, err = capsys.readouterr()
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and needle in err
    assert not out.exists()


# --------------------------------------------------------------------------- sweeps
def test_a_sweep_can_vary_one_states_growth(small_world, tmp_path):
    """``"budgets.state_growth.NLD"`` is a sweep key with the contract's range."""
    assert contract_bounds("budgets.state_growth.NLD") == (-0.2, 0.3)
    head = f'name = "nld"\nscenario = "{small_world()}"\nseeds = 1\n[design]\nmethod = "grid"\n'
    ok = tmp_path / "ok.toml"
    ok.write_text(head + '[parameters]\n"budgets.state_growth.NLD" = { values = [-0.02, 0.01] }\n')
    design = load_sweep_spec(ok).design()
    assert list(design["budgets.state_growth.NLD"]) == [-0.02, 0.01]
    bad = tmp_path / "bad.toml"
    bad.write_text(head + '[parameters]\n"budgets.state_growth.FRA" = { values = [0.01] }\n')
    with pytest.raises(SweepError, match=r"budgets.state_growth.FRA: unknown state \(expected"):
        load_sweep_spec(bad)

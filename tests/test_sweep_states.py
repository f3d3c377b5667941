"""Sweeps over states (issue 14, item 6): state outcomes in the sweep file, Parquet, SALib, EMA."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import COOPSIM, REFERENCE

from model.experiments import load_sweep, sweep
from model.experiments.spec import SweepError, load_sweep_spec
from model.experiments.store import SweepStore

STATES = ["NLD.capability_gap", "NLD.autonomy", "NLD.savings", "BEL.fighters.gap"]

GRID = f"""
years = "2012:2014"
seeds = 2
master_seed = 7

[design]
method = "grid"

[parameters]
"budgets.real_growth_override" = {{ values = [-0.03, 0.02] }}

[outcomes]
names = ["capability_gap", {", ".join(f'"{n}"' for n in STATES)}]
"""

SOBOL = """
years = "2012:2013"
seeds = 1
master_seed = 3

[design]
method = "sobol"
samples = 8

[parameters]
"budgets.real_growth_override" = { range = [-0.04, 0.04] }
"policy.nato_consultation" = { values = [false, true] }

[outcomes]
names = ["capability_gap", "NLD.capability_gap", "NLD.fighters.gap"]
year = 2013
"""


def write_sweep(tmp_path: Path, body: str, name: str = "tiny") -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(f'name = "{name}"\nscenario = "{REFERENCE}"\n' + body)
    return path


def with_names(names: str) -> str:
    return GRID.split("[outcomes]")[0] + f"[outcomes]\nnames = [{names}]\n"


# ------------------------------------------------------------------ the sweep file
def test_state_outcomes_are_split_from_alliance_outcomes(tmp_path: Path) -> None:
    spec = load_sweep_spec(write_sweep(tmp_path, GRID))
    assert spec.model_outcomes == ("capability_gap",)
    assert spec.state_outcomes == tuple(STATES)


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("XXX.autonomy", "unknown state 'XXX'"),
        ("NLD.happiness", "unknown measure 'happiness' (expected a states.csv column"),
        ("NLD.fighter.gap", "unknown capability area 'fighter'"),
        ("NLD.fighters.autonomy", "unknown measure 'autonomy' (expected a capabilities.csv"),
        ("NLD.fighters.gap.x", "at most two dots"),
        ("happiness", "unknown outcome"),
    ],
)
def test_unknown_state_area_or_measure_is_a_one_line_error(
    tmp_path: Path, name: str, needle: str
) -> None:
    path = write_sweep(tmp_path, with_names(f'"{name}"'))
    with pytest.raises(SweepError) as err:
        load_sweep_spec(path)
    msg = str(err.value)
    assert "\n" not in msg and needle in msg
    assert str(path) in msg and f"outcomes.names: '{name}'" in msg


def test_cli_unknown_state_outcome_exits_2_naming_file_and_key(tmp_path: Path) -> None:
    path = write_sweep(tmp_path, with_names('"NLD.fighter.gap"'))
    proc = subprocess.run(
        [str(COOPSIM), "sweep", str(path), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert str(path) in proc.stderr and "outcomes.names" in proc.stderr
    assert "NLD.fighter.gap" in proc.stderr and not (tmp_path / "o").exists()


# ------------------------------------------------------------------ the tables
def test_state_outcomes_land_in_their_own_parquet_dataset(tmp_path: Path) -> None:
    folder = sweep(write_sweep(tmp_path, GRID), workers=1, out=tmp_path / "s", progress=False)
    states = pd.read_parquet(folder / "states")  # read whole, straight from the folder
    assert len(states) == 4 * 3
    assert list(states.columns[:4]) == ["run_id", "point", "replicate", "seed"]
    assert list(states.columns[-5:]) == ["year", *STATES]
    # the model/ and runs/ datasets keep their columns: same as a sweep without state outcomes
    plain = sweep(
        write_sweep(tmp_path, with_names('"capability_gap"'), "plain"),
        workers=1,
        out=tmp_path / "p",
        progress=False,
    )
    for table in ("model", "runs"):
        assert list(load_sweep(folder, table).columns) == list(load_sweep(plain, table).columns)
    pd.testing.assert_frame_equal(load_sweep(folder, "model"), load_sweep(plain, "model"))
    assert not (plain / "states").exists()
    # each value is the run's own states.csv / capabilities.csv value
    from model import run_scenario

    row = load_sweep(folder, "runs").iloc[3]
    ref = run_scenario(
        REFERENCE,
        seed=int(row["seed"]),
        years=(2012, 2014),
        overrides={"budgets.real_growth_override": float(row["budgets.real_growth_override"])},
    )
    got = load_sweep(folder, "states").query("run_id == 3").set_index("year")
    nld = ref.states[ref.states["state"] == "NLD"].set_index("year")
    caps = ref.capabilities
    bel = caps[(caps["state"] == "BEL") & (caps["capability"] == "fighters")].set_index("year")
    np.testing.assert_array_equal(got["NLD.autonomy"], nld["autonomy"])
    np.testing.assert_array_equal(got["NLD.savings"], nld["savings"])
    np.testing.assert_array_equal(got["BEL.fighters.gap"], bel["gap"])


def test_state_tables_are_identical_with_one_or_two_workers_and_after_resume(
    tmp_path: Path,
) -> None:
    path = write_sweep(tmp_path, GRID)
    a = sweep(path, workers=1, out=tmp_path / "a", progress=False)
    b = sweep(path, workers=2, out=tmp_path / "b", progress=False, chunk_size=1)
    pd.testing.assert_frame_equal(load_sweep(a, "states"), load_sweep(b, "states"))
    # a kill between states/part-1 and runs/part-1: the orphan part is dropped, the run redone
    c = sweep(path, workers=1, out=tmp_path / "c", progress=False, chunk_size=2, flush_seconds=0)
    sorted((c / "runs").glob("part-*.parquet"))[1].unlink()
    assert len(SweepStore.open(c, load_sweep_spec(path)).done_ids()) == 2
    assert len(list((c / "states").glob("part-*.parquet"))) == 1
    sweep(path, workers=1, out=c, resume=True, progress=False)
    pd.testing.assert_frame_equal(load_sweep(a, "states"), load_sweep(c, "states"))
    pd.testing.assert_frame_equal(load_sweep(a, "model"), load_sweep(c, "model"))


def test_resume_refuses_changed_state_outcomes(tmp_path: Path) -> None:
    path = write_sweep(tmp_path, GRID)
    sweep(path, workers=1, out=tmp_path / "s", progress=False)
    path.write_text(path.read_text().replace('"NLD.savings", ', ""))
    with pytest.raises(SweepError, match="state outcomes"):
        sweep(path, workers=1, out=tmp_path / "s", resume=True, progress=False)


def test_states_table_of_a_sweep_without_state_outcomes_says_how(tmp_path: Path) -> None:
    path = write_sweep(tmp_path, with_names('"capability_gap"'))
    folder = sweep(path, workers=1, out=tmp_path / "s", progress=False)
    with pytest.raises(SweepError, match="NLD.autonomy"):
        load_sweep(folder, "states")


# ------------------------------------------------------------------ sensitivity and EMA
def test_cli_sensitivity_prints_ranked_table_of_state_outcomes(tmp_path: Path) -> None:
    folder = sweep(write_sweep(tmp_path, SOBOL), workers=1, out=tmp_path / "s", progress=False)
    proc = subprocess.run(
        [str(COOPSIM), "sensitivity", str(folder)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "sorted by ST" in out and "95 % confidence" in out
    table = pd.read_csv(folder / "sensitivity" / "sensitivity_2013.csv")
    assert set(table["outcome"]) == {"capability_gap", "NLD.capability_gap", "NLD.fighters.gap"}
    for outcome in table["outcome"].unique():
        block = out.split(f"\n{outcome} in 2013 (share of the requirement)\n")[1]
        lines = block.split("\n\n")[0].splitlines()
        assert lines[0].split() == ["parameter", "S1", "ST"]
        shown = [ln.split()[0] for ln in lines[1:]]
        sub = table[table["outcome"] == outcome]
        expected = sub.sort_values(["ST", "parameter"], ascending=[False, True])["parameter"]
        assert shown == list(expected)
        st = sub.set_index("parameter")["ST"]
        first = lines[1].split()
        # parameter, S1 ± conf, ST ± conf: the printed ST is the file's, rounded
        assert float(first[4]) == pytest.approx(st[first[0]], abs=6e-4) and first[5] == "±"
    assert str(folder / "sensitivity" / "sensitivity_2013.png") in out


def test_sensitivity_refuses_a_state_outcome_the_sweep_did_not_keep(tmp_path: Path) -> None:
    from model.experiments.sensitivity import analyse

    folder = sweep(write_sweep(tmp_path, SOBOL), workers=1, out=tmp_path / "s", progress=False)
    with pytest.raises(SweepError, match="NLD.autonomy: not a state outcome of this sweep"):
        analyse(folder, outcomes=("NLD.autonomy",))
    nld = analyse(folder, outcomes=("NLD.fighters.gap",))
    assert set(nld["outcome"]) == {"NLD.fighters.gap"} and len(nld) == 2


def test_ema_model_reports_state_outcomes_by_ema_name(tmp_path: Path) -> None:
    from model.experiments.ema import ema_model

    m = ema_model(write_sweep(tmp_path, SOBOL))
    names = [o.name for o in m.outcomes]
    assert names == ["capability_gap_2013", "NLD__capability_gap_2013", "NLD__fighters__gap_2013"]
    out = m.function(seed=1, budgets__real_growth_override=0.0, policy__nato_consultation=False)
    assert set(out) == set(names) and all(0.0 <= v <= 1.0 for v in out.values())


def test_state_tables_on_dask_match_in_process(tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    path = write_sweep(tmp_path, GRID)
    a = sweep(path, workers=1, out=tmp_path / "a", progress=False)
    with (
        LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        b = sweep(path, scheduler=client, out=tmp_path / "b", progress=False, chunk_size=1)
    pd.testing.assert_frame_equal(load_sweep(a, "states"), load_sweep(b, "states"))


def test_morris_ranked_table_sorts_by_mu_star(tmp_path: Path) -> None:
    from model.experiments.sensitivity import analyse, ranked

    body = SOBOL.replace('method = "sobol"\nsamples = 8', 'method = "morris"\nsamples = 4')
    folder = sweep(write_sweep(tmp_path, body), workers=1, out=tmp_path / "m", progress=False)
    text = ranked(analyse(folder, outcomes=("NLD.fighters.gap",)))
    lines = text.split("NLD.fighters.gap in 2013 (share of the requirement)\n")[1].splitlines()
    assert lines[0].split() == ["parameter", "mu*", "sigma"] and "sorted by mu*." in text
    mu = [float(ln.split()[1]) for ln in lines[1:]]
    assert mu == sorted(mu, reverse=True) and len(mu) == 2

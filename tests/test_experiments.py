"""Sweeps: the sweep file, determinism across executors, failures, resume, sensitivity, EMA."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import COOPSIM, REFERENCE, ROOT

from model.experiments import load_sweep, sweep
from model.experiments import run as run_module
from model.experiments.spec import SweepError, contract_bounds, derive_seed, load_sweep_spec
from model.experiments.store import SweepStore

SWEEPS = ROOT / "scenarios" / "sweeps"


def write_sweep(tmp_path: Path, body: str, name: str = "tiny") -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(f'name = "{name}"\nscenario = "{REFERENCE}"\n' + body)
    return path


GRID = """
years = "2012:2014"
seeds = 3
master_seed = 7

[design]
method = "grid"

[parameters]
"policy.nato_consultation" = { values = [false, true] }
"budgets.real_growth_override" = { values = [-0.03, 0.02] }
"""


def tables(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    runs = load_sweep(folder, "runs").drop(columns="wall_time_s")
    return runs, load_sweep(folder, "model")


def assert_same(a: Path, b: Path) -> None:
    for x, y in zip(tables(a), tables(b), strict=True):
        pd.testing.assert_frame_equal(x, y)


# ------------------------------------------------------------------ the sweep file
def test_smoke_sweep_has_40_runs_of_reference() -> None:
    spec = load_sweep_spec(SWEEPS / "smoke.toml")
    design = spec.design()
    assert len(design) == 40 and design["point"].nunique() == 4
    assert Path(spec.scenario).name == "reference_2012.toml"


@pytest.mark.parametrize("name", ["budget_levers.toml", "budget_levers_morris.toml"])
def test_library_sweeps_load(name: str) -> None:
    spec = load_sweep_spec(SWEEPS / name)
    n = spec.samples * (len(spec.parameters) + (2 if spec.method == "sobol" else 1))
    assert len(spec.design()) == n * spec.seeds


def test_seeds_derive_from_master_seed_and_are_recorded(tmp_path: Path) -> None:
    spec = load_sweep_spec(write_sweep(tmp_path, GRID))
    d = spec.design()
    assert list(d["run_id"]) == list(range(12))
    assert list(d["seed"][:3]) == [derive_seed(7, k) for k in range(3)]
    # common seeds: replicate k has the same seed at every point
    assert d.groupby("replicate")["seed"].nunique().eq(1).all()
    pd.testing.assert_frame_equal(d, load_sweep_spec(write_sweep(tmp_path, GRID)).design())


def test_per_run_seeds_when_not_common(tmp_path: Path) -> None:
    spec = load_sweep_spec(write_sweep(tmp_path, "common_seeds = false\n" + GRID))
    seeds = spec.design()["seed"]
    assert seeds.nunique() == 12 and seeds[5] == derive_seed(7, 5)


def test_contract_range_comes_from_pydantic_constraints(tmp_path: Path) -> None:
    assert contract_bounds("arrangements.min_gain") == (-1.0, 1.0)
    assert contract_bounds("policy.common_fleet_share") == (0.0, 1.0)
    spec = load_sweep_spec(
        write_sweep(
            tmp_path,
            """
seeds = 1
[design]
method = "latin"
samples = 5
[parameters]
"arrangements.min_gain" = { range = "contract" }
""",
        )
    )
    assert spec.parameters[0].bounds == (-1.0, 1.0)
    assert spec.design()["arrangements.min_gain"].between(-1, 1).all()


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ('[parameters]\n"policy.no_such" = { values = [1] }\n', "unknown parameter"),
        (
            '[parameters]\n"arrangements.min_gain" = { range = [0.0, 2.0] }\n'
            '[design]\nmethod = "latin"\nsamples = 4\n',
            "leaves the contract",
        ),
        ('[parameters]\n"arrangements.min_gain" = { values = [0.0, 5.0] }\n', "min_gain"),
        ('[parameters]\n"arrangements.min_gain" = { range = [0.0, 0.5] }\n', "a grid needs values"),
        (
            '[design]\nmethod = "sobel"\n'
            '[parameters]\n"arrangements.min_gain" = { values = [0.1] }\n',
            "design.method",
        ),
        ('bogus = 1\n[parameters]\n"arrangements.min_gain" = { values = [0.1] }\n', "unknown key"),
    ],
)
def test_bad_sweep_files_are_one_line_errors(tmp_path: Path, body: str, needle: str) -> None:
    with pytest.raises(SweepError, match=needle) as err:
        load_sweep_spec(write_sweep(tmp_path, body))
    assert "\n" not in str(err.value)


def test_cli_bad_sweep_exits_2_with_one_line(tmp_path: Path) -> None:
    path = write_sweep(tmp_path, '[parameters]\n"policy.nope" = { values = [true] }\n')
    proc = subprocess.run(
        [str(COOPSIM), "sweep", str(path), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "policy.nope" in proc.stderr


# ------------------------------------------------------------------ running and storing
def test_sweep_tables_follow_the_contract(tmp_path: Path) -> None:
    folder = sweep(write_sweep(tmp_path, GRID), workers=1, out=tmp_path / "s", progress=False)
    runs, model = tables(folder)
    assert list(runs.columns[:4]) == ["run_id", "status", "error", "seed"]
    assert {"policy.nato_consultation", "budgets.real_growth_override"} <= set(runs.columns)
    assert (runs["status"] == "ok").all() and runs["error"].isna().all()
    assert len(model) == 12 * 3 and set(model["year"]) == {2012, 2013, 2014}
    assert {"run_id", "seed", "capability_gap", "savings", "autonomy"} <= set(model.columns)
    # pandas reads each dataset whole, straight from the folder
    assert len(pd.read_parquet(folder / "model")) == 36
    # a run of the sweep is the same as run_scenario with the same seed and overrides
    from model import run_scenario

    row = runs.iloc[7]
    ref = run_scenario(
        REFERENCE,
        seed=int(row["seed"]),
        years=(2012, 2014),
        overrides={
            "policy.nato_consultation": bool(row["policy.nato_consultation"]),
            "budgets.real_growth_override": float(row["budgets.real_growth_override"]),
        },
    ).model
    got = model[model["run_id"] == 7][ref.columns].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, ref, check_dtype=False)


def test_outcome_years_keep_only_those_years(tmp_path: Path) -> None:
    path = write_sweep(tmp_path, GRID + "\n[outcomes]\nyears = [2014]\n")
    model = load_sweep(sweep(path, workers=1, out=tmp_path / "s", progress=False))
    assert set(model["year"]) == {2014} and len(model) == 12


def test_same_tables_with_one_and_two_workers(tmp_path: Path) -> None:
    path = write_sweep(tmp_path, GRID)
    a = sweep(path, workers=1, out=tmp_path / "a", progress=False)
    b = sweep(path, workers=2, out=tmp_path / "b", progress=False, chunk_size=2)
    assert_same(a, b)


def test_failing_run_is_recorded_and_sweep_goes_on(tmp_path: Path, monkeypatch) -> None:
    path = write_sweep(tmp_path, GRID)
    bad_seed = load_sweep_spec(path).design()["seed"][1]
    real = run_module.run

    def flaky(overrides, seed, **kw):
        # the chunk passes each design point's scenario down loaded, its overrides applied
        if seed == bad_seed and kw["scenario"].overrides["policy.nato_consultation"]:
            raise RuntimeError("boom in a test")
        return real(overrides, seed, **kw)

    monkeypatch.setattr(run_module, "run", flaky)
    runs, model = tables(sweep(path, workers=1, out=tmp_path / "s", progress=False))
    failed = runs[runs["status"] == "failed"]
    assert len(failed) == 2 and len(runs) == 12
    assert failed["error"].str.contains("RuntimeError: boom in a test").all()
    assert not model["run_id"].isin(failed["run_id"]).any()
    assert model["run_id"].nunique() == 10


def test_existing_folder_needs_resume_or_force(tmp_path: Path) -> None:
    path = write_sweep(tmp_path, GRID)
    sweep(path, workers=1, out=tmp_path / "s", progress=False)
    with pytest.raises(SweepError, match="--resume"):
        sweep(path, workers=1, out=tmp_path / "s", progress=False)
    sweep(path, workers=1, out=tmp_path / "s", progress=False, force=True)


def test_resume_repairs_a_torn_flush_and_finishes(tmp_path: Path) -> None:
    path = write_sweep(tmp_path, GRID)
    full = sweep(path, workers=1, out=tmp_path / "full", progress=False)
    part = sweep(
        path, workers=1, out=tmp_path / "part", progress=False, chunk_size=3, flush_seconds=0.0
    )
    runs_parts = sorted((part / "runs").glob("part-*.parquet"))
    assert len(runs_parts) == 4
    # a kill after model/part-2 and before runs/part-2, and a temp file left behind
    runs_parts[2].unlink()
    runs_parts[3].unlink()
    (part / "model" / sorted((part / "model").glob("part-*"))[3].name).unlink()
    (part / "runs" / ".part-000009.parquet.123.tmp").write_bytes(b"torn")
    spec = load_sweep_spec(path)
    assert len(SweepStore.open(part, spec).done_ids()) == 6
    sweep(path, workers=1, out=part, resume=True, progress=False)
    assert_same(full, part)
    assert not list((part / "runs").glob(".*.tmp"))


def test_resume_refuses_a_changed_sweep_file(tmp_path: Path) -> None:
    path = write_sweep(tmp_path, GRID)
    sweep(path, workers=1, out=tmp_path / "s", progress=False)
    path.write_text(path.read_text().replace("seeds = 3", "seeds = 4"))
    with pytest.raises(SweepError, match="changed"):
        sweep(path, workers=1, out=tmp_path / "s", resume=True, progress=False)


def test_sweep_on_dask_local_cluster_matches_in_process(tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    path = write_sweep(tmp_path, GRID)
    a = sweep(path, workers=1, out=tmp_path / "a", progress=False)
    with (
        LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        b = sweep(path, scheduler=client, out=tmp_path / "b", progress=False, chunk_size=2)
    assert_same(a, b)


# ------------------------------------------------------------------ sensitivity
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
names = ["capability_gap", "capacity_to_act"]
year = 2013
"""


def test_sensitivity_writes_sobol_table_and_deterministic_chart(tmp_path: Path) -> None:
    from model.experiments.sensitivity import sensitivity

    folder = sweep(write_sweep(tmp_path, SOBOL), workers=1, out=tmp_path / "s", progress=False)
    csv, png = sensitivity(folder)
    table = pd.read_csv(csv)
    assert list(table.columns) == [
        "outcome",
        "year",
        "parameter",
        "method",
        "S1",
        "S1_conf",
        "ST",
        "ST_conf",
    ]
    assert len(table) == 4 and (table["year"] == 2013).all()
    gap = table[table["outcome"] == "capability_gap"].set_index("parameter")
    # a budget growth rate moves the gap far more than one year of NATO consultation
    assert gap.loc["budgets.real_growth_override", "ST"] > gap.loc["policy.nato_consultation", "ST"]
    first = png.read_bytes()
    _, png2 = sensitivity(folder, out=tmp_path / "again")
    assert png2.read_bytes() == first and first[:4] == b"\x89PNG"


def test_cli_sensitivity_refuses_grid(tmp_path: Path) -> None:
    folder = sweep(write_sweep(tmp_path, GRID), workers=1, out=tmp_path / "s", progress=False)
    proc = subprocess.run(
        [str(COOPSIM), "sensitivity", str(folder)], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2 and "grid" in proc.stderr


# ------------------------------------------------------------------ EMA Workbench
def test_ema_model_is_built_from_the_contract() -> None:
    from model.experiments.ema import contract_parameter, ema_model

    m = ema_model(
        [
            contract_parameter("arrangements.min_gain"),
            contract_parameter("policy.nato_consultation", role="lever"),
        ],
        years=(2012, 2014),
        outcome_years=(2014,),
        seeds=2,
    )
    unc = {u.name: u for u in m.uncertainties}
    assert (
        unc["arrangements__min_gain"].lower_bound,
        unc["arrangements__min_gain"].upper_bound,
    ) == (-1.0, 1.0)
    assert [lv.name for lv in m.levers] == ["policy__nato_consultation"]
    assert "capability_gap_2014" in [o.name for o in m.outcomes]
    assert len(m.replications) == 2


def test_ema_model_from_sweep_file() -> None:
    from model.experiments.ema import ema_model

    m = ema_model(SWEEPS / "budget_levers.toml")
    assert {u.name for u in m.uncertainties} == {
        "budgets__real_growth_override",
        "arrangements__min_gain",
        "partners__staff_per_log_budget",
    }
    assert {lv.name for lv in m.levers} == {
        "policy__nato_consultation",
        "institutions__eu_cascading",
    }


def test_prim_discovers_budget_cuts_behind_large_gaps() -> None:
    import warnings

    from model.experiments.ema import discover_gap_conditions

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        d = discover_gap_conditions(n_experiments=30, seeds=1, year=2016, threshold=0.3)
    assert len(d.experiments) == 30 and d.gap.shape == (30,)
    assert 0 < d.of_interest.sum() < 30
    assert d.stats["density"] >= d.of_interest.mean()
    # the box restricts real budget growth from above: cuts lead to large gaps
    lims = d.limits
    assert "budgets__real_growth_override" in lims.index
    assert float(lims.loc["budgets__real_growth_override", "max"]) < 0.04
    assert np.isfinite(d.gap).all()

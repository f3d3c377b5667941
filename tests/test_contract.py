"""The public contract (shared/CONTRACT.md): run folder files and columns, the Python API, and
the Mesa model class working with Mesa's own tools."""

from __future__ import annotations

import json
import subprocess
import sys

import mesa
import pandas as pd
import pytest
from conftest import COOPSIM, ROOT, shared_dir

from model import CooperationModel, run_scenario
from model.cli import main
from model.params import CAPABILITY_IDS, CIRCLE_IDS, FORM_IDS

FORMS = list(FORM_IDS)
COLUMNS = {
    "model.csv": ["year", "budget_total", "spending_total", "savings", "capability_gap",
                  "collaborative_share", "autonomy", "capacity_to_act"]
    + [f"arrangements_{f}" for f in FORMS],
    "states.csv": ["year", "state", "budget", "spending", "savings", "capability_gap", "autonomy",
                   "capacity_to_act", "w_political", "w_military", "w_financial",
                   "partners_strategic", "partners_affiliated", "partners_opportunity"],
    "capabilities.csv": ["year", "state", "capability", "requirement", "level", "own_level",
                         "gap"],
    "arrangements.csv": ["id", "capability", "form", "members", "lead", "origin", "start_year",
                         "end_year", "institution"],
    "circles.csv": ["year", "state", "partner", "circle"],
    "decisions.csv": ["year", "kind", "arrangement", "states", "capability", "form",
                      "gain_political", "gain_military", "gain_financial",
                      "partner_gain_political", "partner_gain_military",
                      "partner_gain_financial", "score_distance", "score_culture",
                      "score_synergy", "score_goals", "parliament", "reason"],
}
TABLE_OF = {"model.csv": "model", "states.csv": "states", "capabilities.csv": "capabilities",
            "arrangements.csv": "arrangements", "circles.csv": "circles",
            "decisions.csv": "decisions"}
YEARS = (2012, 2016)


def test_forms_and_circles_and_areas_are_the_contracts():
    assert FORMS == ["joint_hire", "pooling", "procurement_sharing", "operational", "integrated",
                     "specialisation"]
    assert set(CIRCLE_IDS) == {"strategic", "affiliated", "opportunity"}
    assert set(CAPABILITY_IDS) >= {
        "land_manoeuvre", "airmobile", "command", "fighters", "air_refuelling", "airlift",
        "helicopters", "uas", "air_defence", "isr", "satcom", "frigates", "submarines",
        "mine_countermeasures", "amphibious"}


@pytest.fixture(scope="module")
def reference_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("contract") / "run"
    code = main(["run", "reference_2012", "--seed", "1", "--years", f"{YEARS[0]}:{YEARS[1]}",
                 "--out", str(out), "--no-figures"])
    assert code == 0
    return out


def read(folder, name):
    return pd.read_csv(folder / name, keep_default_na=False)


def test_run_folder_files_and_columns(reference_run):
    for name, cols in COLUMNS.items():
        df = read(reference_run, name)
        missing = [c for c in cols if c not in df.columns]
        assert not missing, (name, missing)
        assert len(df) > 0, name
    summary = json.loads((reference_run / "summary.json").read_text())
    for key in ("scenario", "seed", "years", "currency", "model_version"):
        assert key in summary
    assert summary["scenario"] == "reference_2012" and summary["seed"] == 1
    assert list(summary["years"]) == list(YEARS)
    assert "headline" in summary


def test_run_folder_values(reference_run):
    model = read(reference_run, "model.csv")
    states = read(reference_run, "states.csv")
    caps = read(reference_run, "capabilities.csv")
    arr = read(reference_run, "arrangements.csv")
    circ = read(reference_run, "circles.csv")
    years = list(range(YEARS[0], YEARS[1] + 1))
    assert list(model["year"]) == years
    n_states = states["state"].nunique()
    assert len(states) == n_states * len(years)
    assert not states.duplicated(["year", "state"]).any()
    assert set(caps["capability"]) >= set(CAPABILITY_IDS)
    assert len(caps) == n_states * len(CAPABILITY_IDS) * len(years)
    assert not caps.duplicated(["year", "state", "capability"]).any()
    iso = states["state"].str.fullmatch(r"[A-Z]{3}")
    assert iso.all()
    known = set(states["state"])
    assert set(arr["form"]) <= set(FORMS)
    assert set(arr["origin"]) <= {"bottom_up", "nato", "eu", "initial"}
    assert "initial" in set(arr["origin"])
    for members, lead in zip(arr["members"], arr["lead"], strict=True):
        ms = members.split(";")
        assert len(ms) >= 2 and set(ms) <= known
        assert lead == "" or lead in known
    assert all(e == "" or int(e) >= int(s) for s, e in zip(arr["start_year"], arr["end_year"],
                                                            strict=True))
    assert set(circ["circle"]) <= set(CIRCLE_IDS)
    assert (circ["state"] != circ["partner"]).all()
    assert set(circ["state"]) <= known and set(circ["partner"]) <= known
    # per-state partner counts match circles.csv
    counts = circ.groupby(["year", "state", "circle"]).size().unstack(fill_value=0)
    merged = states.set_index(["year", "state"])
    for c in CIRCLE_IDS:
        got = counts[c] if c in counts else pd.Series(dtype=int)
        want = merged[f"partners_{c}"]
        assert (got.reindex(want.index, fill_value=0) == want).all(), c
    # model-level arrangement counts match the active arrangements of the last year
    last = model.iloc[-1]
    active = arr[arr["end_year"] == ""]
    for f in FORMS:
        assert int(last[f"arrangements_{f}"]) == int((active["form"] == f).sum()), f
    # budgets add up
    by_year = states.groupby("year")["budget"].sum()
    assert (abs(by_year.to_numpy() - model["budget_total"].to_numpy()) < 1e-3).all()


def test_shared_check_script(reference_run, tmp_path):
    """The shared contract checker accepts a full run folder (figures included, once)."""
    checker = shared_dir() / "checks" / "check_run_folder.py"
    if not checker.exists():
        pytest.skip(f"{checker} not found (shared/ is kept beside the clone)")
    out = tmp_path / "full"
    code = main(["run", "reference_2012", "--seed", "1", "--years", "2012:2014", "--out",
                 str(out)])
    assert code == 0
    assert len(list((out / "figures").glob("*.png"))) >= 4
    proc = subprocess.run([sys.executable, str(checker), str(out)], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("ok:")


def test_run_scenario_tables_match_csv_columns(reference_run):
    res = run_scenario("reference_2012", seed=1, years=YEARS)
    for name, table in TABLE_OF.items():
        df = getattr(res, table)
        assert isinstance(df, pd.DataFrame)
        csv_cols = list(read(reference_run, name).columns)
        assert list(df.columns) == csv_cols, name


def test_run_scenario_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run_scenario("reference_2012", seed=1, years=(2012, 2013))
    assert list(tmp_path.iterdir()) == []


def test_api_equals_cli(reference_run, tmp_path):
    res = run_scenario("reference_2012", seed=1, years=YEARS)
    folder = res.save(tmp_path / "api", figures=False)
    for name in COLUMNS:
        assert (folder / name).read_bytes() == (reference_run / name).read_bytes(), name


def test_default_out_folder(tmp_path, monkeypatch, small_world):
    path = small_world(budget_rate=None, end=2013)
    monkeypatch.chdir(tmp_path)
    assert main(["run", str(path), "--seed", "4", "--no-figures"]) == 0
    assert (tmp_path / "results" / "small_world-seed4" / "model.csv").exists()


def test_cooperation_model_is_a_plain_mesa_model():
    m = CooperationModel("reference_2012", rng=3, years=(2012, 2014))
    assert isinstance(m, mesa.Model)
    steps = 0
    while m.running:
        m.step()
        steps += 1
    assert steps == 3
    assert m.running is False
    df = m.datacollector.get_model_vars_dataframe()
    assert list(df["year"]) == [2012, 2013, 2014]


def test_keyword_overrides_for_batch_run():
    m = CooperationModel("reference_2012", rng=1, years=(2012, 2013),
                         policy__nato_consultation=True)
    assert m.params.institutions.nato_consultation is True


def test_mesa_batch_run():
    results = mesa.batch_run(
        CooperationModel,
        parameters={"scenario": ["reference_2012"], "years": [(2012, 2014)]},
        # Mesa 3.5 refuses `iterations` together with `rng` ("Please only use rng"): one seed
        # in `rng` is one iteration
        rng=[1],
        number_processes=1,
        display_progress=False,
    )
    assert len(results) == 1
    row = results[0]
    assert row["scenario"] == "reference_2012"
    assert row["year"] == 2014
    for key in ("capability_gap", "autonomy", "capacity_to_act", "savings"):
        assert key in row
    ref = run_scenario("reference_2012", seed=1, years=(2012, 2014)).model.iloc[-1]
    assert row["capability_gap"] == pytest.approx(ref["capability_gap"])


@pytest.mark.slow
def test_full_reference_run_through_console_script(tmp_path):
    """The whole reference span through the installed script, twice: same bytes."""
    exe = [str(COOPSIM)] if COOPSIM.exists() else [sys.executable, "-m", "model.cli"]
    outs = []
    for k in range(2):
        out = tmp_path / f"r{k}"
        proc = subprocess.run([*exe, "run", "reference_2012", "--seed", "1", "--out", str(out),
                               "--no-figures"], capture_output=True, text=True, cwd=ROOT,
                              timeout=600)
        assert proc.returncode == 0, proc.stderr
        outs.append(out)
    for name in COLUMNS:
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes()
    model = read(outs[0], "model.csv")
    assert list(model["year"]) == list(range(2012, 2036))

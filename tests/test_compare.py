"""`coopsim compare` and the go-it-alone counterfactual (model/compare.py).

Runs stay small: reference_2012 against tests/fixtures/nato_consultation.toml, 3 seeds,
2012-2016.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from conftest import FIXTURES

from model.cli import main
from model.compare import (
    ALLIANCE,
    HEADLINE_BY_COLUMN,
    HEADLINES,
    band,
    compare,
    default_at_years,
    paired_counterfactual,
    paired_differences,
)
from model.reports import sentence

B_FIXTURE = FIXTURES / "nato_consultation.toml"
YEARS = (2012, 2016)
SEEDS = 3


@pytest.fixture(scope="module")
def comp():
    return compare("reference_2012", B_FIXTURE, seeds=SEEDS, years=YEARS, at=[2014, 2016],
                   state="NLD", capability="fighters", workers=1, progress=False)


@pytest.fixture(scope="module")
def folder(comp, tmp_path_factory):
    out = tmp_path_factory.mktemp("cmp") / "compare-out"
    comp.save(out)
    return out


# ---------------------------------------------------------------- the counterfactual
def test_paired_counterfactual_pairs_with_and_without_cooperation(small_world):
    path = small_world(budget_rate=-0.05, end=2015)
    cf = paired_counterfactual(path, seed=2)
    years = list(range(2012, 2016))
    alliance = cf[cf["state"] == ALLIANCE]
    assert list(alliance["year"]) == years
    assert set(cf["state"]) == {ALLIANCE, "NLD", "BEL", "DNK", "CAN"}
    assert len(cf) == len(years) * 5
    np.testing.assert_allclose(cf["gap_closed"], cf["capability_gap_alone"] - cf["capability_gap"])
    np.testing.assert_allclose(cf["cost_difference"], cf["spending"] - cf["spending_alone"])
    assert ((cf["capability_gap_alone"] >= 0) & (cf["capability_gap_alone"] <= 1)).all()
    # going alone, every state controls everything it fields
    np.testing.assert_allclose(cf["autonomy_alone"], 1.0)


def test_counterfactual_twin_has_no_cooperation(small_world):
    from model.compare import run_alone

    path = small_world(budget_rate=-0.05, end=2014)
    alone = run_alone(path, seed=1)
    assert len(alone.arrangements) == 0
    assert (alone.model["savings"] == 0).all()


def test_counterfactual_respects_years_and_overrides(small_world):
    path = small_world(budget_rate=None, end=2016)
    cf = paired_counterfactual(path, seed=1, years=(2012, 2013),
                               overrides={"policy.nato_consultation": True})
    assert sorted(cf["year"].unique()) == [2012, 2013]


# ---------------------------------------------------------------- the table and its bands
def test_summary_has_bands_for_each_side_headline_and_year(comp):
    s = comp.summary
    assert {"metric", "year", "side", "scenario", "n", "mean", "p5", "p50", "p95", "unit"} <= set(
        s.columns)
    assert len(s) == (len(HEADLINES) + 1) * 2 * 3  # the headlines and the budget
    assert "budget_total" in set(s["metric"]) and "change_pct" in s.columns
    for (metric, year), g in s.groupby(["metric", "year"]):
        assert sorted(g["side"]) == ["A", "B", "B-A"], (metric, year)
    assert (s["n"] == SEEDS).all()
    assert (s["p5"] <= s["p50"] + 1e-12).all() and (s["p50"] <= s["p95"] + 1e-12).all()
    assert set(s.loc[s["side"] == "A", "scenario"]) == {"reference_2012"}
    assert set(s.loc[s["side"] == "B-A", "scenario"]) == {"nato_consultation - reference_2012"}


def test_differences_are_paired_per_seed(comp):
    runs = comp.runs
    assert sorted(runs["seed"].unique()) == [1, 2, 3]
    a = runs[runs["side"] == "A"].set_index(["seed", "year"])["capability_gap"]
    b = runs[runs["side"] == "B"].set_index(["seed", "year"])["capability_gap"]
    d = comp.differences.set_index(["seed", "year"])["capability_gap"]
    pd.testing.assert_series_equal(d, (b - a).loc[d.index], check_names=False)
    # the band of B - A is a band of per-seed differences, not a difference of bands
    row = comp.summary.query("metric == 'capability_gap' and year == 2016 and side == 'B-A'")
    per_seed = d.xs(2016, level="year").to_numpy()
    assert row["p5"].item() == pytest.approx(np.percentile(per_seed, 5))
    assert row["p95"].item() == pytest.approx(np.percentile(per_seed, 95))
    assert row["mean"].item() == pytest.approx(per_seed.mean())


def test_paired_differences_hand_computed():
    runs = pd.DataFrame({
        "side": ["A", "A", "B", "B"], "seed": [1, 2, 1, 2], "year": [2020] * 4,
        "x": [1.0, 5.0, 2.0, 4.0],
    })
    d = paired_differences(runs, ["x"])
    assert list(d["x"]) == [1.0, -1.0]


def test_band_of_known_values():
    b = band([0.0, 1.0, 2.0, 3.0, 4.0])
    assert b == {"n": 5, "mean": 2.0, "p5": pytest.approx(0.2), "p50": 2.0,
                 "p95": pytest.approx(3.8)}


def test_default_at_years():
    assert default_at_years((2012, 2035)) == [2020, 2025, 2030, 2035]
    assert default_at_years((2012, 2026)) == [2020, 2025, 2026]
    assert default_at_years((2012, 2016)) == [2016]
    assert default_at_years((2012, 2030)) == [2020, 2025, 2030]


def test_focus_table_is_the_planners_view(comp):
    f = comp.focus
    assert set(f["state"]) == {"NLD"} and set(f["capability"]) == {"fighters"}
    assert len(f) == 2 * SEEDS * (YEARS[1] - YEARS[0] + 1)
    for col in ("level", "own_level", "level_alone", "savings", "autonomy", "capacity_to_act"):
        assert f[col].notna().all(), col
    assert (f["own_level"] <= f["level"] + 1e-9).all()


def test_compare_folder_contents(folder):
    names = {p.name for p in folder.iterdir()}
    assert {"runs.csv", "summary.csv", "differences.csv", "focus.csv", "compare.json",
            "report.md", "report.html", "figures"} <= names
    figs = {p.name for p in (folder / "figures").glob("*.png")}
    assert {"bands.png", "difference.png", "counterfactual.png",
            "focus_NLD_fighters.png"} <= figs
    runs = pd.read_csv(folder / "runs.csv")
    assert {"side", "scenario", "seed", "year", "capability_gap", "capability_gap_alone",
            "savings", "autonomy", "capacity_to_act"} <= set(runs.columns)
    assert not any(p.name.startswith(".") for p in folder.parent.iterdir())


def test_sentence_says_direction_band_and_robustness():
    summary = pd.DataFrame([{"metric": "capability_gap", "year": 2030, "side": "B-A", "n": 20,
                             "mean": -0.031, "p5": -0.048, "p50": -0.03, "p95": -0.012}])
    fake = SimpleNamespace(summary=summary, labels={"A": "austerity_2012",
                                                    "B": "coordinated_cuts"})
    text = sentence(fake, HEADLINE_BY_COLUMN["capability_gap"], 2030)
    assert "coordinated_cuts leaves the 2030 **alliance capability gap** 3.1 percentage " \
           "points lower than austerity_2012" in text
    assert "20 paired seeds" in text and "4.8 points lower" in text
    assert "1.2 points lower" in text and "robust" in text and "better" in text


# ---------------------------------------------------------------- command line
def _cli(capsys, argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _csv_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def test_same_results_with_one_or_two_workers(capsys, tmp_path):
    outs = {}
    for w in (1, 2):
        out = tmp_path / f"w{w}"
        code, _, err = _cli(capsys, ["compare", "reference_2012", B_FIXTURE, "--seeds", 3,
                                     "--years", "2012:2014", "--workers", w, "--no-figures",
                                     "--state", "NLD", "--capability", "fighters",
                                     "--out", out])
        assert code == 0, err
        outs[w] = out
    assert _csv_bytes(outs[1]) == _csv_bytes(outs[2])
    assert (outs[1] / "report.md").read_bytes() == (outs[2] / "report.md").read_bytes()


BAD = [
    ("unknown-scenario", ["no_such_scenario", "reference_2012"], "no_such_scenario"),
    ("unknown-state", ["reference_2012", B_FIXTURE, "--state", "XYZ", "--capability",
                       "fighters"], "XYZ"),
    ("unknown-capability", ["reference_2012", B_FIXTURE, "--state", "NLD", "--capability",
                            "tanks"], "tanks"),
    ("capability-without-state", ["reference_2012", B_FIXTURE, "--capability", "fighters"],
     "--state"),
    ("one-seed", ["reference_2012", B_FIXTURE, "--seeds", "1"], "--seeds"),
    ("zero-workers", ["reference_2012", B_FIXTURE, "--workers", "0"], "--workers"),
    ("at-outside-span", ["reference_2012", B_FIXTURE, "--years", "2012:2014", "--at", "2030"],
     "2030"),
    ("bad-years", ["reference_2012", B_FIXTURE, "--years", "2014-2012"], "--years"),
    ("unknown-set-key", ["reference_2012", B_FIXTURE, "--set-b", "policy.nope=1"], "nope"),
]


@pytest.mark.parametrize("case", BAD, ids=lambda c: c[0])
def test_bad_input_exits_2_and_writes_nothing(capsys, tmp_path, case):
    _, args, must = case
    out = tmp_path / "out"
    code, _, err = _cli(capsys, ["compare", *args, "--out", out])
    assert code == 2, err
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1 and "Traceback" not in err, err
    assert must in lines[0], lines[0]
    assert list(tmp_path.iterdir()) == []


def test_non_empty_out_needs_force(capsys, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "precious.txt").write_text("keep")
    argv = ["compare", "reference_2012", B_FIXTURE, "--seeds", 2, "--years", "2012:2013",
            "--workers", 1, "--no-figures", "--out", out]
    code, _, err = _cli(capsys, argv)
    assert code == 2 and "--force" in err and len(err.strip().split("\n")) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert sorted(p.name for p in out.iterdir()) == ["precious.txt"]
    # --force replaces only a folder coopsim wrote
    code, _, err = _cli(capsys, argv + ["--force"])
    assert code == 2 and "coopsim did not write it" in err, err
    assert sorted(p.name for p in out.iterdir()) == ["precious.txt"]
    (out / "precious.txt").unlink()
    code, stdout, err = _cli(capsys, argv)
    assert code == 0, err
    code, stdout, err = _cli(capsys, argv + ["--force"])
    assert code == 0, err
    assert "paired seeds" in stdout and (out / ".coopsim.json").is_file()


def test_default_out_folder(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = _cli(capsys, ["compare", "reference_2012", B_FIXTURE, "--seeds", 2,
                                 "--years", "2012:2013", "--workers", 1, "--no-figures"])
    assert code == 0, err
    assert (tmp_path / "results" / "compare-reference_2012-vs-nato_consultation"
            / "report.html").is_file()


@pytest.mark.slow
def test_full_span_twenty_seeds(tmp_path):
    # the time it takes is a benchmark figure (docs/PERFORMANCE.md), not a test that flakes on
    # a busy machine
    c = compare("reference_2012", B_FIXTURE, state="NLD", capability="fighters",
                progress=False)
    c.save(tmp_path / "full")
    assert c.at == [2020, 2025, 2030, 2035]
    assert sorted(c.runs["seed"].unique()) == list(range(1, 21))


# ---------------------------------------------------------------- one statistic, labels in words
def test_text_table_and_difference_figure_use_the_same_statistic(comp, folder):
    """The report's sentence, summary.csv and difference.png's line are one mean: same sign."""
    from model.compare import _quantiles

    md = (folder / "report.md").read_text()
    assert "**mean over seeds**" in md and md.count("**not robust** when") == 1
    assert "median" not in md.split("## Partners")[0]
    s = comp.summary
    for col in ("savings", "capability_gap", "autonomy"):
        for year in comp.at:
            row = s[(s["metric"] == col) & (s["year"] == year) & (s["side"] == "B-A")].iloc[0]
            line = _quantiles(comp.differences, col).loc[year, "mean"]
            assert line == pytest.approx(row["mean"], abs=1e-9)
            assert np.sign(line) == np.sign(row["mean"])


def test_sides_are_labelled_in_words_with_their_budget(tmp_path):
    c = compare("reference_2012", "reference_2012", seeds=2, years=(2012, 2014),
                overrides_b={"budgets.real_growth_override": -0.02,
                             "budgets.override_from": 2013},
                workers=1, progress=False)
    assert c.labels == {"A": "reference_2012",
                        "B": "reference_2012 with −2 %/yr real budget growth from 2013"}
    assert "changed here: −2 %/yr real budget growth from 2013" in c.descriptions["B"]
    b = c.summary[(c.summary["metric"] == "budget_total") & (c.summary["side"] == "B-A")]
    assert np.isfinite(b["change_pct"]).all() and (b["change_pct"] != 0).all()
    same = compare("reference_2012", "reference_2012", seeds=2, years=(2012, 2013), workers=1,
                   progress=False)
    assert same.labels == {"A": "reference_2012 (A)", "B": "reference_2012 (B)"}
    out = c.save(tmp_path / "cmp", figures=False)
    md = (out / "report.md").read_text()
    assert "**Budget:** the total defence budget in 2014" in md and " in B." in md

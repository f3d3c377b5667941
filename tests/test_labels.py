"""Labels that say what ran, and the provenance of a run (issue 14, items 2 and 8)."""

from __future__ import annotations

import json
import re

import pytest

from model import run_scenario
from model.analysis import run_label
from model.results import git_commit, provenance, scenario_hash
from model.scenario import load_scenario


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, "reference_2012"),
        (
            {"budgets.real_growth_override": -0.02, "budgets.override_from": 2013},
            "reference_2012 with −2 %/yr real budget growth from 2013",
        ),
        ({"policy.nato_consultation": True}, "reference_2012 with NATO consultation on"),
        ({"institutions.eu_projects": False}, "reference_2012 with EU projects off"),
        (
            {
                "budgets.state_growth.NLD": 0.015,
                "budgets.override_from": 2016,
                "budgets.override_until": 2020,
                "budgets.after_override": "flat",
            },
            "reference_2012 with NLD's budget +1.5 %/yr real from 2016 to 2020, flat after",
        ),
        (
            {"crises.threat_persistence": 0.5, "policy.nato_consultation": False},
            "reference_2012 with crises.threat_persistence = 0.5 and NATO consultation off",
        ),
        ({"budgets.override_from": 2016}, "reference_2012 with budgets.override_from = 2016"),
    ],
)
def test_run_label_in_words(overrides: dict, expected: str) -> None:
    assert run_label("reference_2012", overrides) == expected


def test_summary_label_and_provenance(small_world, tmp_path) -> None:
    path = small_world(end=2014)
    over = {"budgets.real_growth_override": -0.02}
    out = run_scenario(path, seed=1, overrides=over).save(tmp_path / "a", figures=False)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["scenario"] == "small_world"
    assert summary["label"] == "small_world with −2 %/yr real budget growth"
    prov = summary["provenance"]
    assert prov["model_version"] == summary["model_version"]
    assert prov["commit"] is None or re.fullmatch(r"[0-9a-f]{40}", prov["commit"])
    assert re.fullmatch(r"[0-9a-f]{64}", prov["scenario_sha256"])
    assert any(k.endswith(".toml") for k in prov["data_files"])
    assert all(re.fullmatch(r"[0-9a-f]{64}", v) for v in prov["data_files"].values())
    again = run_scenario(path, seed=2, overrides=over).save(tmp_path / "b", figures=False)
    assert json.loads((again / "summary.json").read_text())["provenance"] == prov


def test_provenance_hashes_stable_and_sensitive() -> None:
    a = provenance(load_scenario("reference_2012"))
    b = provenance(load_scenario("reference_2012"))
    assert a == b
    assert "scenarios/data/holdings_2012.csv" in a["data_files"]
    cut = load_scenario("reference_2012", {"budgets.real_growth_override": -0.02})
    assert scenario_hash(cut) != a["scenario_sha256"]
    assert provenance(None)["scenario_sha256"] is None


def test_git_commit_absent_is_none(tmp_path) -> None:
    assert git_commit(tmp_path) is None


def test_run_report_has_the_focus_state_on_its_first_page(tmp_path) -> None:
    out = run_scenario("reference_2012", seed=1, years=(2012, 2014)).save(
        tmp_path / "r", figures=False
    )
    md = (out / "report.md").read_text()
    first_page = md.split("## Capability gaps")[0]
    assert "## NLD at a glance" in first_page
    assert "NLD's defence budget goes from" in first_page
    assert "**Savings from cooperation.**" in first_page
    assert "starting holdings rows are estimates rather than verified" in first_page
    assert "**Savings.**" not in md


def test_largest_gaps_per_state_cap() -> None:
    from model.analysis import largest_gaps

    spec = load_scenario("reference_2012")
    run = run_scenario("reference_2012", seed=1, years=(2012, 2014))
    top = largest_gaps(run, spec, per_state=2)
    assert len(top) == 10 and top["state"].value_counts().max() <= 2
    assert list(top["cost_to_close"]) == sorted(top["cost_to_close"], reverse=True)

"""The dashboard's exports: CSV tables as `coopsim run` writes them, settings as a scenario file."""

from __future__ import annotations

import tomllib

import pytest

from model.cli import main
from model.dashboard import export
from model.dashboard.controls import form_presets
from model.scenario import load_scenario

pytest.importorskip("solara")


def _pooling_only() -> str:
    return next(k for k in form_presets() if k.startswith("up to operational"))


def test_saved_settings_round_trip_through_validate_and_run(tmp_path, capsys) -> None:
    from model.dashboard.app import DashboardModel
    from model.dashboard.views import tables

    m = DashboardModel(
        "reference_2012",
        rng=3,
        focus_state="DEU",
        budgets__real_growth_override="-2 %",
        cooperation__forms_allowed=_pooling_only(),
        institutions__eu_cascading=True,
        arrangements__min_gain=0.1,
    )
    assert set(m.overrides) == {
        "budgets.real_growth_override",
        "cooperation.forms_allowed",
        "institutions.eu_cascading",
        "arrangements.min_gain",
    }
    text = export.scenario_toml(m.scenario_name, m.overrides, seed=m.seed, focus_state="DEU")
    doc = tomllib.loads(text)
    assert doc["extends"] == "reference_2012"
    assert doc["params"]["budgets"]["real_growth_override"] == pytest.approx(-0.02)
    path = tmp_path / f"{doc['name']}.toml"
    path.write_text(text)

    loaded = load_scenario(path)
    assert loaded.params == m.params_in_force
    assert loaded.focus_state == "DEU"
    assert main(["validate", str(path)]) == 0

    out = tmp_path / "run"
    assert main(["run", str(path), "--seed", "3", "--out", str(out), "--no-figures"]) == 0
    capsys.readouterr()
    while m.running:
        m.step()
    run = tables(m)
    for name in export.TABLES:
        assert (out / f"{name}.csv").read_bytes() == export.table_csv(run, name), name


def test_no_overrides_saves_the_scenario_as_it_is(tmp_path) -> None:
    text = export.scenario_toml("austerity_2012", {})
    path = tmp_path / "same.toml"
    path.write_text(text)
    assert load_scenario(path).params == load_scenario("austerity_2012").params
    assert "no change to austerity_2012" in text


def test_toml_values_are_literals() -> None:
    assert export.toml_value(True) == "true"
    assert export.toml_value(("a", "b")) == '["a", "b"]'
    assert export.toml_value('say "hi"') == '"say \\"hi\\""'
    assert tomllib.loads(f"v = {export.toml_value(-0.025)}")["v"] == -0.025
    with pytest.raises(ValueError):
        export.toml_value(float("nan"))


def test_csv_export_names_the_run_and_refuses_unknown_tables() -> None:
    from model.dashboard.app import DashboardModel
    from model.dashboard.views import tables

    m = DashboardModel("reference_2012", rng=2)
    m.step()
    run = tables(m)
    assert (
        export.csv_filename(run.scenario, run.seed, "states") == "reference_2012_seed2_states.csv"
    )
    head = export.table_csv(run, "arrangements").decode().splitlines()[0]
    assert head.startswith("id,capability,form,members")
    with pytest.raises(KeyError):
        export.table_csv(run, "secrets")

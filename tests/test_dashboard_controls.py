"""Dashboard controls come from the parameter contract and build the model the CLI would build."""

from __future__ import annotations

import pytest

from model.dashboard.controls import (
    AS_SCENARIO,
    CONTROL_KEYS,
    SAFETY_BOUND_FACTOR,
    check_request,
    contract_field,
    form_presets,
    kwarg_name,
    model_params,
    overrides_from_controls,
)
from model.params import FORM_IDS, Params

pytest.importorskip("solara")


def _params() -> dict:
    return model_params(["reference_2012", "austerity_2012"], "reference_2012", ["NLD"], "NLD")


def test_defaults_and_ranges_come_from_params() -> None:
    spec = _params()
    defaults = Params()
    for key in CONTROL_KEYS:
        f = contract_field(key)
        entry = spec[kwarg_name(f.key)]
        if entry["type"] in ("SliderFloat", "SliderInt", "Checkbox"):
            assert entry["value"] == getattr(getattr(defaults, f.group), f.name)
        if entry["type"].startswith("Slider"):
            lo, hi = f.bounds
            assert entry["min"] == (lo if lo is not None else 0)
            if hi is not None and (not f.default or hi <= SAFETY_BOUND_FACTOR * abs(f.default)):
                assert entry["max"] == hi
            elif hi is not None:  # a safety limit far above the default: the slider ends lower
                assert entry["max"] < hi


def test_policy_alias_and_unknown_keys() -> None:
    assert contract_field("policy.nato_consultation").key == "institutions.nato_consultation"
    with pytest.raises(KeyError):
        contract_field("budgets.no_such_knob")


def test_form_presets_are_prefixes_of_form_order() -> None:
    presets = form_presets()
    assert next(iter(presets.values())) == FORM_IDS
    assert {len(v) for v in presets.values()} == set(range(1, len(FORM_IDS) + 1))
    assert all(v == FORM_IDS[: len(v)] for v in presets.values())


def test_defaults_keep_the_scenario_and_changes_override_it() -> None:
    defaults = {k: v["value"] for k, v in _params().items() if "__" in k}
    assert overrides_from_controls(defaults) == {}
    pooling = next(k for k in form_presets() if k.startswith("up to operational"))
    changed = {
        **defaults,
        "budgets__real_growth_override": "-3 %",
        "institutions__eu_cascading": True,
        "cooperation__forms_allowed": pooling,
        "arrangements__min_gain": 0.1,
    }
    assert overrides_from_controls(changed) == {
        "budgets.real_growth_override": -0.03,
        "institutions.eu_cascading": True,
        "cooperation.forms_allowed": FORM_IDS[:4],
        "arrangements.min_gain": 0.1,
    }
    assert AS_SCENARIO in _params()["budgets__real_growth_override"]["values"]


def test_dashboard_model_steps_and_twins_share_the_seed() -> None:
    from model.dashboard.app import DashboardModel, pending_changes

    m = DashboardModel("austerity_2012", rng=3, focus_state="DEU", institutions__eu_cascading=True)
    assert m.params_in_force.budgets.real_growth_override == pytest.approx(-0.02)  # scenario's
    assert m.params_in_force.institutions.eu_cascading is True  # the control's
    assert m.label == "austerity_2012 with EU cascading on"  # analysis.run_label, in words
    assert m.years == (2012, 2035)
    a, b = m.twin(FORM_IDS[:4]), m.twin(FORM_IDS)
    for model in (m, a, b):
        model.step()
    assert a.seed == b.seed == 3 and a.focus_state == "DEU"
    assert a.params_in_force.cooperation.forms_allowed == FORM_IDS[:4]
    assert a.params_in_force.institutions.eu_cascading is True
    built = {"scenario_name": "austerity_2012", "rng": 3, "focus_state": "DEU"}
    assert not pending_changes(m, {**built, "institutions__eu_cascading": True})
    assert pending_changes(m, {**built, "rng": 4})


def test_charts_are_json_with_a_fixed_year_axis() -> None:
    import json

    from model.dashboard import charts, views
    from model.dashboard.app import DashboardModel

    m = DashboardModel("reference_2012", rng=1)
    m.step()
    run = views.tables(m)
    specs = {k: json.loads(v) for k, v in views.run_specs(run, "NLD").items()}
    assert set(specs) == {name for name, *_ in views.RUN_CARDS}
    assert specs["gaps"]["usermeta"]["key"] == "gaps 2012"
    axis = charts.year_axis(run.years)
    assert axis["scale"]["domain"] == list(range(2012, 2036))  # whole run from the first step
    assert axis["axis"]["values"] == [2012, 2016, 2020, 2024, 2028, 2032]
    x = specs["forms"]["encoding"]["x"]
    assert x["scale"] == axis["scale"] and x["axis"]["values"] == axis["axis"]["values"]
    h = views.headline(run, "NLD")
    assert 0.0 <= h["gap"] <= 1.0 and h["budget"] > 0


def test_side_by_side_and_bands() -> None:
    import json

    from model.dashboard import charts, views
    from model.dashboard.app import DashboardModel
    from model.dashboard.seeds import side_bands

    m = DashboardModel("reference_2012", rng=1)
    twins = [m.twin(FORM_IDS[:4]), m.twin(FORM_IDS)]
    for t in twins:
        t.step()
    runs = [views.tables(t) for t in twins]
    bands = side_bands(
        "reference_2012", {"A": twins[0].overrides, "B": twins[1].overrides}, "NLD", seeds=(1, 2)
    )
    assert set(bands["config"]) == {"A", "B"}
    assert set(bands["panel"]) == set(range(len(charts.SIDE_PANELS)))
    assert (bands["low"] <= bands["mean"]).all() and (bands["mean"] <= bands["high"]).all()
    assert (bands["n"] == 2).all()
    assert len(bands) == 2 * len(charts.SIDE_PANELS) * 24
    chart = charts.side_by_side(runs, ["A", "B"], "NLD", bands)
    json.dumps(chart)
    assert "mean over 2 seeds" in chart["title"]["text"][1]
    assert "5–95 % band" in chart["title"]["text"][1]
    alone = charts.side_by_side(runs, ["A", "B"], "NLD", None)["title"]["text"][1]
    assert "seed 1 only, no bands" in alone and "not a forecast" in alone
    table = views.side_table(runs, ["pooling", "all"], "NLD")
    assert "B − A" in table and "NLD: capability gap" in table


def test_side_bands_are_the_mean_and_5_95_band_of_compare() -> None:
    from model import run_scenario
    from model.analysis import band
    from model.dashboard.seeds import side_bands

    seeds = (1, 2, 3)
    bands = side_bands("reference_2012", {"A": {}}, "NLD", seeds=seeds)
    got = bands[(bands["panel"] == 1) & (bands["year"] == 2020)].iloc[0]  # NLD capability gap
    values = []
    for s in seeds:
        st = run_scenario("reference_2012", seed=s).states
        values.append(
            float(st[(st["state"] == "NLD") & (st["year"] == 2020)]["capability_gap"].iloc[0])
        )
    want = band(values)
    assert got["mean"] == pytest.approx(want["mean"])
    assert (got["low"], got["high"]) == pytest.approx((want["p5"], want["p95"]))


def test_dashboard_label_names_scenario_and_overrides_in_words() -> None:
    from model.analysis import run_label
    from model.dashboard.app import DashboardModel

    m = DashboardModel("reference_2012", rng=1, budgets__real_growth_override=-0.02)
    assert m.label == "reference_2012 with −2 %/yr real budget growth"
    assert m.label == run_label("reference_2012", m.overrides)  # as summary.json's label
    assert DashboardModel("reference_2012", rng=1).label == "reference_2012"


def test_arrangements_filter_and_slider_labels() -> None:
    from model.dashboard import views
    from model.dashboard.app import DashboardModel
    from model.dashboard.inputs import format_value

    m = DashboardModel("reference_2012", rng=1)
    m.step()
    m.step()
    table = views.arrangements_frame(views.tables(m), "NLD", only_focus=True, only_active=True)
    assert len(table) and table["members"].str.contains("NLD").all()
    assert format_value({"type": "SliderInt"}, 3) == "3"
    assert format_value({"type": "SliderFloat", "step": 0.025}, 0.1) == "0.100"


@pytest.mark.parametrize(
    ("scenario", "rng", "controls", "match"),
    [
        ("/etc/passwd", 1, {}, "scenario"),
        ("no_such_scenario", 1, {}, "scenario"),
        ("reference_2012", -1, {}, "seed"),
        ("reference_2012", "1", {}, "seed"),
        ("reference_2012", 1, {"simulation__end_year": 2100}, "control"),
    ],
)
def test_server_checks_every_control(scenario, rng, controls, match) -> None:
    from model.scenario import ScenarioError

    with pytest.raises(ScenarioError, match=match):
        check_request(scenario, rng, "NLD", controls)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 1e300, -1.0])
def test_server_checks_values_against_the_contract(value) -> None:
    from model.dashboard.app import DashboardModel
    from model.scenario import ScenarioError

    with pytest.raises(ScenarioError, match="random_rate"):
        DashboardModel("reference_2012", rng=1, crises__random_rate=value)


def test_dashboard_refuses_a_remote_host_without_allow_remote(capsys) -> None:
    from model.cli import main

    assert main(["dashboard", "--host", "0.0.0.0"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--allow-remote" in err[0]


def test_dashboard_remote_host_with_allow_remote_warns(monkeypatch, capsys) -> None:
    import model.dashboard.cli as dcli
    from model.cli import main

    served = {}
    monkeypatch.setattr(dcli, "serve", lambda host, port: served.update(host=host) or 0)
    assert main(["dashboard", "--host", "0.0.0.0", "--allow-remote", "--port", "0"]) == 0
    assert served["host"] == "0.0.0.0"
    assert "warning" in capsys.readouterr().err
    assert main(["dashboard", "--port", "0"]) == 0 and served["host"] == "127.0.0.1"

"""Dashboard controls come from the parameter contract and build the model the CLI would build."""

from __future__ import annotations

import pytest

from model.dashboard.controls import (
    AS_SCENARIO,
    CONTROL_KEYS,
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
            if hi is not None:
                assert entry["max"] == hi


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
    assert m.label == "austerity_2012 with institutions.eu_cascading = True"
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
    assert (bands["low"] <= bands["high"]).all()
    assert len(bands) == 2 * len(charts.SIDE_PANELS) * 24
    json.dumps(charts.side_by_side(runs, ["A", "B"], "NLD", bands))
    table = views.side_table(runs, ["pooling", "all"], "NLD")
    assert "B − A" in table and "NLD: capability gap" in table


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

"""Scenario files: inline tables, CSV paths, inheritance, overrides and their errors."""

from __future__ import annotations

import pytest
from conftest import REFERENCE, SMALL_CAPS, small_world_doc, to_toml

from model import ScenarioError, load_scenario


def test_inline_small_world_loads(small_world):
    spec = load_scenario(small_world(budget_rate=-0.05, end=2015))
    assert spec.states == ["NLD", "BEL", "DNK", "CAN"]
    assert sorted(spec.tables["capabilities"]["id"]) == sorted(SMALL_CAPS)
    assert spec.params.crises.random_rate == 0.0
    assert (spec.params.simulation.start_year, spec.params.simulation.end_year) == (2012, 2015)


def test_data_table_as_path_relative_to_file(tmp_path):
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "holdings.csv").write_text(
        "iso3,capability,quantity\nNLD,fighters,10\nBEL,fighters,5\nDNK,frigates,2\nCAN,helicopters,4\n"
    )
    doc = small_world_doc(budget_rate=None)
    doc["data"]["holdings"] = "tables/holdings.csv"
    path = tmp_path / "s.toml"
    path.write_text(to_toml(doc))
    spec = load_scenario(path)
    assert list(spec.tables["holdings"]["quantity"]) == [10.0, 5.0, 2.0, 4.0]


@pytest.mark.parametrize("how", ["name", "path"])
def test_extends_reference(tmp_path, how):
    parent = "reference_2012" if how == "name" else str(REFERENCE)
    path = tmp_path / "child.toml"
    path.write_text(
        f'extends = "{parent}"\ndescription = "child"\n'
        "[params.policy]\nnato_consultation = true\n"
        "[params.simulation]\nend_year = 2016\n"
    )
    spec = load_scenario(path)
    ref = load_scenario("reference_2012")
    assert spec.name == "child"
    assert spec.params.institutions.nato_consultation is True
    assert ref.params.institutions.nato_consultation is False
    assert spec.params.simulation.end_year == 2016
    assert spec.states == ref.states
    assert len(spec.crises) == len(ref.crises)


def test_extends_loop_is_an_error(tmp_path):
    (tmp_path / "a.toml").write_text('extends = "b"\n')
    (tmp_path / "b.toml").write_text('extends = "a"\n')
    with pytest.raises(ScenarioError, match="loops"):
        load_scenario(tmp_path / "a.toml")


def test_missing_required_table(write_scenario):
    doc = small_world_doc()
    del doc["data"]["holdings"]
    path = write_scenario(doc)
    with pytest.raises(ScenarioError, match=r"data\.holdings"):
        load_scenario(path)


def test_unknown_data_key(write_scenario):
    doc = small_world_doc()
    doc["data"]["weather"] = "x.csv"
    path = write_scenario(doc)
    with pytest.raises(ScenarioError, match="data.weather") as err:
        load_scenario(path)
    assert str(path) in str(err.value)


def test_focus_state_must_exist(write_scenario):
    doc = small_world_doc()
    doc["focus_state"] = "FRA"
    with pytest.raises(ScenarioError, match="focus_state"):
        load_scenario(write_scenario(doc))


def test_unknown_floor_area(write_scenario):
    doc = small_world_doc()
    doc["data"]["states"][0]["sovereignty_floor"] = "submarines"  # not in this world's areas
    with pytest.raises(ScenarioError, match="submarines"):
        load_scenario(write_scenario(doc))


def test_duplicate_state(write_scenario):
    doc = small_world_doc()
    doc["data"]["states"].append(dict(doc["data"]["states"][0]))
    with pytest.raises(ScenarioError, match="twice"):
        load_scenario(write_scenario(doc))


def test_negative_holding(write_scenario):
    doc = small_world_doc()
    doc["data"]["holdings"][0]["quantity"] = -1.0
    with pytest.raises(ScenarioError, match="quantity"):
        load_scenario(write_scenario(doc))


def test_overrides_and_aliases(small_world):
    path = small_world()
    spec = load_scenario(path, {"policy.nato_consultation": "true", "budgets.max_cut_rate": "0.2"})
    assert spec.params.institutions.nato_consultation is True
    assert spec.params.budgets.max_cut_rate == 0.2
    with pytest.raises(ScenarioError, match="unknown key"):
        load_scenario(path, {"policy.no_such": True})
    with pytest.raises(ScenarioError, match="group"):
        load_scenario(path, {"budgets": 1})
    with pytest.raises(ScenarioError, match="backwards|before"):
        load_scenario(path, None, (2020, 2012))


def test_overrides_do_not_leak_into_the_cache(small_world):
    path = small_world()
    load_scenario(path, {"budgets.max_cut_rate": 0.3})
    assert load_scenario(path).params.budgets.max_cut_rate == 0.15


def test_equal_overrides_share_one_scenario_object(small_world):
    """Runs of one sweep point share the scenario (and so the world and calibration cached on
    it); other overrides, another order or an edited file give another object."""
    import os

    path = small_world()
    a = load_scenario(path, {"budgets.max_cut_rate": 0.3, "policy.nato_consultation": True})
    b = load_scenario(path, {"budgets.max_cut_rate": 0.3, "policy.nato_consultation": True})
    assert a is b
    assert load_scenario(path, {"budgets.max_cut_rate": 0.2}) is not a
    swapped = load_scenario(path, {"policy.nato_consultation": True, "budgets.max_cut_rate": 0.3})
    assert swapped is not a and list(swapped.overrides) == [
        "policy.nato_consultation",
        "budgets.max_cut_rate",
    ]
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    c = load_scenario(path, {"budgets.max_cut_rate": 0.3, "policy.nato_consultation": True})
    assert c is not a and c.params.budgets.max_cut_rate == 0.3


def test_a_loaded_scenario_is_used_as_it_is(small_world):
    """Passing a loaded scenario (with overrides) back in does not rebuild it: the world and
    calibration cached on it are reused (``CooperationModel(spec)``, ``run_scenario(spec)``)."""
    path = small_world()
    spec = load_scenario(path, {"budgets.max_cut_rate": 0.3})
    assert load_scenario(spec) is spec
    again = load_scenario(spec, {"budgets.max_cut_rate": 0.2})
    assert again is not spec and again.params.budgets.max_cut_rate == 0.2
    assert load_scenario(spec, years=(2012, 2014)).params.simulation.end_year == 2014

"""Fuzz the command line in-process: generated scenario files, data tables and ``--set`` values.

The promise (docs/RELIABILITY.md): ``coopsim run`` either exits 0 with a run folder of finite
numbers, or exits 2 with exactly one line on stderr, no traceback and nothing written.
``coopsim validate`` accepts exactly what ``run`` accepts.

The default run makes a few hundred examples (profile ``fuzz``); set ``COOPSIM_FUZZ=ci`` for a
larger, randomised run (``fuzz-ci``), or run the ``slow``-marked test (2,000 examples, derandomised
so that CI cannot fail by chance; explore with ``COOPSIM_FUZZ=ci``).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import START, small_world_doc, to_toml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.cli import main
from model.params import FORM_IDS

settings.register_profile(
    "fuzz",
    max_examples=110,
    deadline=None,
    derandomize=True,  # the default suite stays deterministic; CI explores with fuzz-ci
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "fuzz-ci",
    max_examples=1500,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = "fuzz-ci" if os.environ.get("COOPSIM_FUZZ") == "ci" else "fuzz"
FUZZ = settings.get_profile(PROFILE)

STATES = ["NLD", "BEL", "DNK", "CAN"]
NAN_TEXT = "__coopsim_nan__"

# ------------------------------------------------------------------ value strategies
junk_text = st.sampled_from(
    ["", " ", "nan", "NaN", "inf", "-inf", "1e308", "1e400", "-1", "0", "abc", "NLD", "2101",
     "true", "1;2", "\x00", "é", "1,5", "3000"]
)  # fmt: skip
numbers = st.one_of(
    st.floats(min_value=-10.0, max_value=10.0, allow_nan=False),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-5, max_value=3000),
)
cell = st.one_of(numbers.map(str), junk_text)

#: Parameters worth fuzzing (floats, ints, bools, lists), and a few that do not exist.
SET_KEYS = [
    "crises.random_rate", "crises.random_intensity", "crises.threat_baseline",
    "budgets.real_growth_override", "budgets.override_from", "budgets.area_share",
    "budgets.ambition", "budgets.cut_temperature", "budgets.gdp_target_share",
    "costs.learning_rate", "costs.price_factor_bounds", "costs.reference_fleet",
    "goals.base_political", "goals.threat_sensitivity", "partners.w_distance",
    "partners.distance_scale_km", "partners.staff_per_log_budget", "partners.proposals_per_year",
    "arrangements.min_gain", "arrangements.money_value", "arrangements.planning_horizon",
    "forms.pooling.upkeep_musd", "forms.integrated.years_to_mature",
    "policy.nato_consultation", "institutions.eu_cascading", "institutions.project_interval",
    "cooperation.forms_allowed", "cooperation.enabled", "simulation.end_year",
    "simulation.start_year", "no.such_key", "budgets",
]  # fmt: skip
set_value = st.one_of(
    numbers.map(lambda v: repr(v) if isinstance(v, float) else str(v)),
    junk_text,
    st.sampled_from(["true", "false", "[0.5, 2.0]", "[2.0, 0.5]", "[nan, 1.0]", '["pooling"]',
                     '["no_form"]', "[]", "{a = 1}"]),
)  # fmt: skip
set_arg = st.tuples(st.sampled_from(SET_KEYS), set_value).map(lambda kv: f"{kv[0]}={kv[1]}")

TABLE_COLUMNS = {
    "states": ["capital_lat", "capital_lon", "budget_2012_musd", "gdp_2012_musd",
               "equipment_share", "culture_expeditionary", "nato", "iso3", "sovereignty_floor"],
    "holdings": ["quantity", "iso3", "capability"],
    "capabilities": ["unit_cost_musd", "service_life_years", "om_rate", "overhead_musd",
                     "scale_exponent", "min_viable_scale", "alliance_shortfall", "id"],
    "budget_index": ["index", "year", "iso3"],
    "arrangements": ["members", "start_year", "form", "lead", "id", "capability"],
}  # fmt: skip

cell_edit = st.tuples(
    st.sampled_from(sorted(TABLE_COLUMNS)), st.integers(0, 30), st.integers(0, 20), cell
)
members = st.lists(st.sampled_from([*STATES, "XXX", "FRA", ""]), min_size=0, max_size=4)
arrangement = st.fixed_dictionaries(
    {
        "id": st.sampled_from(["A1", "A2", "A3"]),
        "capability": st.sampled_from(["fighters", "frigates", "helicopters", "satcom", "x"]),
        "form": st.sampled_from([*FORM_IDS, "merger"]),
        "members": members.map(";".join),
        "lead": st.sampled_from(["", *STATES]),
        "start_year": st.integers(1990, 2200).map(str) | junk_text,
    }
)
crisis = st.fixed_dictionaries(
    {
        "year": st.integers(2000, 3100),
        "intensity": numbers,
        "lat": numbers,
        "lon": numbers,
        "areas": st.sampled_from([["fighters"], ["satcom"], "fighters", 5, []]),
    }
)
membership = st.fixed_dictionaries(
    {
        "year": st.integers(2000, 2200),
        "state": st.sampled_from([*STATES, "XXX", 5]),
        "institution": st.sampled_from(["nato", "eu", "un"]),
        "member": st.sampled_from([True, False, "yes"]),
    }
)
top_level = st.fixed_dictionaries(
    {},
    optional={
        "exclude_states": st.sampled_from([["CAN"], ["XXX"], 5, "CAN", [5], []]),
        "focus_state": st.sampled_from(["NLD", "XXX", 5]),
        "name": st.sampled_from(["fuzz_ok", "../escape", "/abs", ".", "a b"]),
        "bogus_key": st.just(1),
    },
)


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    """A small-world scenario, intact or broken in a few places, and how to write its tables."""
    doc = small_world_doc(start=START, end=START + 4)
    data = doc["data"]
    data["budget_index"] = data.get("budget_index", [])
    as_csv = draw(st.sets(st.sampled_from(sorted(TABLE_COLUMNS)), max_size=2))
    if draw(st.sampled_from(["valid", "broken"])) == "valid":  # valid as written, and varied
        doc["params"].setdefault("crises", {})["random_rate"] = draw(st.sampled_from([0, 0.3]))
        if draw(st.booleans()):
            data["arrangements"] = [
                {"id": "A1", "capability": "fighters", "form": draw(st.sampled_from(FORM_IDS)),
                 "members": "NLD;BEL", "lead": "NLD", "start_year": draw(st.integers(2000, 2030))}
            ]  # fmt: skip
        if draw(st.booleans()):
            doc["crises"] = [
                {"year": draw(st.integers(START, 2030)), "intensity": 0.5, "lat": 50.0,
                 "lon": 10.0, "areas": ["fighters"]}
            ]  # fmt: skip
        return {"doc": doc, "as_csv": sorted(as_csv)}
    if draw(st.booleans()):
        data["arrangements"] = draw(st.lists(arrangement, min_size=0, max_size=3))
    for table, row, col, value in draw(st.lists(cell_edit, max_size=2)):
        rows = data.get(table) or []
        if rows:
            r = rows[row % len(rows)]
            r[TABLE_COLUMNS[table][col % len(TABLE_COLUMNS[table])]] = value
    for table in draw(st.lists(st.sampled_from(sorted(TABLE_COLUMNS)), max_size=1)):
        rows = data.get(table) or []
        if rows:
            rows.append(dict(rows[draw(st.integers(0, len(rows) - 1))]))  # a duplicate row
    if draw(st.booleans()):
        doc["crises"] = draw(st.lists(crisis, min_size=1, max_size=2))
    if draw(st.booleans()):
        doc["memberships"] = draw(st.lists(membership, min_size=1, max_size=2))
    if draw(st.sampled_from([False, False, False, True])):
        doc.update(draw(top_level))
    return {"doc": doc, "as_csv": sorted(as_csv)}


def _nan_safe(v: Any) -> Any:
    if isinstance(v, float) and not math.isfinite(v):
        return NAN_TEXT + repr(v)
    if isinstance(v, dict):
        return {k: _nan_safe(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_nan_safe(x) for x in v]
    return v


def write_case(folder: Path, case: dict[str, Any]) -> Path:
    """Write the scenario file (tables inline or as CSV files) into ``folder``."""
    doc = json.loads(json.dumps(case["doc"], default=str))  # a deep copy
    for table in case["as_csv"]:
        rows = doc["data"].get(table)
        if not rows:
            continue
        path = folder / f"{table}.csv"
        cols = list(dict.fromkeys(k for r in rows for k in r))
        with open(path, "w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=cols)
            w.writeheader()
            for r in rows:
                w.writerow({k: ";".join(v) if isinstance(v, list) else v for k, v in r.items()})
        doc["data"][table] = str(path)
    text = to_toml(_nan_safe(doc))
    for word in ("nan", "inf", "-inf"):
        text = text.replace(f'"{NAN_TEXT}{word}"', word)
    path = folder / "fuzz.toml"
    path.write_text(text)
    return path


def call(argv: list[str]) -> tuple[int, str, str]:
    """``main(argv)`` with stdout and stderr captured."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def assert_promise(code: int, err: str, out_dir: Path) -> None:
    """Exit 0 with finite outputs, or exit 2 with one line, no traceback, nothing written."""
    lines = err.strip().splitlines()
    assert code in (0, 2), f"exit {code}: {err}"
    assert "Traceback" not in err, err
    if code == 2:
        assert len(lines) == 1 and lines[0].startswith("coopsim: "), err
        assert not out_dir.parent.exists() or not any(out_dir.parent.iterdir()), "written"
        return
    assert all(line.startswith("coopsim: note:") for line in lines), err
    for csv_path in out_dir.glob("*.csv"):
        df = pd.read_csv(csv_path)
        num = df.select_dtypes("number")
        assert not num.isin([math.inf, -math.inf]).any().any(), csv_path.name
        if csv_path.name in ("model.csv", "states.csv", "capabilities.csv", "circles.csv"):
            assert not num.isna().any().any(), csv_path.name

    def refuse(text: str) -> Any:
        raise AssertionError(f"summary.json holds {text}")

    json.loads((out_dir / "summary.json").read_text(), parse_constant=refuse)


def run_case(case: dict[str, Any], extra: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        scen = write_case(tmp_path, case)
        out = tmp_path / "results" / "run"
        code_v, _, err_v = call(["validate", str(scen), *_validate_args(extra)])
        code, _, err = call(["run", str(scen), "--no-figures", "--out", str(out), *extra])
        assert_promise(code, err, out)
        # validate catches everything run would reject, and accepts what run accepts
        assert code_v == code, f"validate {code_v} ({err_v.strip()}) but run {code} ({err})"


def _validate_args(extra: list[str]) -> list[str]:
    """``extra`` without ``--seed N`` (validate has no seed; run alone checks it)."""
    out = list(extra)
    while "--seed" in out:
        k = out.index("--seed")
        del out[k : k + 2]
    return out


BROKEN_YEARS = [["--years", "1990:1995"], ["--years", "2095:2100"], ["--years", "2014:2012"],
                ["--years", "2012-2014"], ["--years", f"{START}:2101"], []]  # fmt: skip
years = st.sampled_from(["valid"] * 4 + ["broken"]).flatmap(
    lambda kind: (
        st.integers(START, START + 3).map(lambda to: ["--years", f"{START}:{to}"])
        if kind == "valid"
        else st.sampled_from(BROKEN_YEARS)
    )
)
sets = st.lists(set_arg, max_size=1).map(lambda xs: [a for x in xs for a in ("--set", x)])


@FUZZ
@given(case=scenarios(), years=years, sets=sets)
def test_fuzz_scenarios_and_sets(case: dict[str, Any], years: list[str], sets: list[str]) -> None:
    run_case(case, [*(years or ["--years", f"{START}:{START + 2}"]), *sets])


@FUZZ
@given(
    sets=st.lists(set_arg, min_size=1, max_size=2).map(
        lambda xs: [a for x in xs for a in ("--set", x)]
    ),
    seed=st.sampled_from([0, 1, 7, 2**31, 2**63 - 1, -1, 2**64, -(2**70)]),
)
def test_fuzz_reference_sets_and_seeds(sets: list[str], seed: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "results" / "run"
        argv = ["reference_2012", "--years", "2012:2013", "--seed", str(seed), *sets]
        code, _, err = call(["run", *argv, "--no-figures", "--out", str(out)])
        assert_promise(code, err, out)
        if seed >= 0 and seed <= 2**63 - 1:
            code_v, _, err_v = call(["validate", *_validate_args(argv[1:]), "reference_2012"])
            assert code_v == code, f"validate {code_v} ({err_v.strip()}) but run {code} ({err})"


@pytest.mark.slow
@settings(FUZZ, max_examples=2000, derandomize=True)  # a CI gate must not fail by chance
@given(case=scenarios(), years=years, sets=sets)
def test_fuzz_scenarios_large(case: dict[str, Any], years: list[str], sets: list[str]) -> None:
    run_case(case, [*(years or ["--years", f"{START}:{START + 2}"]), *sets])

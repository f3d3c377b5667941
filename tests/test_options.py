"""`coopsim options` (model/options.py) and the planner's view of `coopsim compare --state`.

Runs stay small: reference_2012, 2012-2015, 2 seeds.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from model.analysis import FOCUS_ARRANGEMENT_COLUMNS, never_formed, seed_shares
from model.cli import main
from model.options import Option, parse_option, refusals
from model.scenario import ScenarioError, load_scenario

OPTS = ["--option", "pooling:BEL", "--option", "specialisation:BEL,FRA"]
SMALL = ["--years", "2012:2015", "--seeds", "2", "--no-figures"]


def _cli(capsys, argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------- seed shares, never formed
def _rows(side, seed, form, members, start, origin="bottom_up", active=True, name=""):
    return {"side": side, "scenario": side, "seed": seed, "state": "NLD",
            "capability": "fighters", "form": form, "members": members, "start_year": start,
            "origin": origin, "name": name, "active_end": active}


def test_seed_share_counts_each_arrangement_once_per_seed():
    rows = pd.DataFrame([
        _rows("A", 1, "pooling", "BEL;NLD", 2015),
        _rows("A", 2, "pooling", "BEL;NLD", 2015, active=False),
        _rows("A", 3, "pooling", "BEL;NLD", 2016),  # another start year: another arrangement
        _rows("A", 1, "specialisation", "BEL;NLD;USA", 2004, "initial", name="BALTIC"),
        _rows("A", 2, "specialisation", "BEL;NLD", 2004, "initial", name="BALTIC"),
    ])
    s = seed_shares(rows, n_seeds=4)
    assert list(s.columns) == list(FOCUS_ARRANGEMENT_COLUMNS)
    by = s.set_index(["form", "start_year"])
    assert by.loc[("pooling", 2015), "share_of_seeds"] == 0.5
    assert by.loc[("pooling", 2015), "share_active_at_end"] == 0.25
    assert by.loc[("pooling", 2016), "share_of_seeds"] == 0.25
    # the start year's arrangement is one row (by its id) although its members differ by seed
    assert by.loc[("specialisation", 2004), "share_of_seeds"] == 0.5
    assert not by.loc[("specialisation", 2004), "formed_in_run"]


def test_never_formed_ignores_the_start_years_arrangements():
    rows = pd.DataFrame([
        _rows("B", 1, "specialisation", "BEL;NLD", 2004, "initial", name="BALTIC"),
        _rows("B", 1, "integrated", "BEL;NLD", 2020),
    ])
    s = seed_shares(rows, n_seeds=2)
    assert never_formed(s, "B", ["integrated", "specialisation"]) == ["specialisation"]
    assert never_formed(s, "A", ["specialisation"]) == ["specialisation"]


# ---------------------------------------------------------------- compare --state
@pytest.mark.parametrize("cap", [None, "fighters"])
def test_compare_state_writes_focus_arrangements(capsys, tmp_path, cap):
    out = tmp_path / "cmp"
    argv = ["compare", "pooling_only", "specialisation_allowed", "--state", "NLD",
            "--years", "2012:2014", "--seeds", 2, "--workers", 1, "--no-figures", "--out", out]
    argv += ["--capability", cap] if cap else []
    code, _, err = _cli(capsys, argv)
    assert code == 0, err
    fa = pd.read_csv(out / "focus_arrangements.csv")
    assert {"side", "members", "form", "start_year", "share_of_seeds"} <= set(fa.columns)
    assert set(fa["side"]) == {"A", "B"} and (fa["state"] == "NLD").all()
    assert fa["members"].str.contains("NLD").all()
    assert fa["share_of_seeds"].between(0, 1).all()
    if cap:
        assert set(fa["capability"]) == {cap}
    md = (out / "report.md").read_text()
    first = md.index("## NLD")
    assert first < md.index("## In short"), "the planner's view is the first section"
    assert "What NLD formed" in md and "What it cost and gave NLD" in md
    if cap is None:
        # all areas: the state's numbers and own gaps first, then new arrangements by area and
        # form (mean per seed, summing to the CSV's shares), and by name only the frequent ones
        view = md[first:md.index("## In short")]
        assert view.index("What it cost and gave NLD") < view.index("NLD's own largest gaps")
        assert view.index("NLD's own largest gaps") < view.index("What NLD formed")
        assert "per seed (mean over the 2 seeds), by area and form" in view
        new = fa[fa["formed_in_run"].astype(bool) & (fa["side"] == "A")]
        if len(new):
            per_area = new.groupby(["capability", "form"])["share_of_seeds"].sum()
            (c, f), v = next(iter(per_area.items()))
            assert f"| {c.replace('_', ' ')} | {f.replace('_', ' ')} | {v:.2f} |" in view
    else:
        # specialisation_allowed opens integrated and specialisation; NLD never specialised its
        # fighters in these seeds, and the report says so plainly
        assert "never formed a new" in md


# ---------------------------------------------------------------- options
@pytest.fixture(scope="module")
def options_folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("opt") / "options-out"
    code = main(["options", "NLD", "fighters", *OPTS, "--from", "2013", *SMALL,
                 "--workers", "1", "--out", str(out)])
    assert code == 0
    return out


def test_options_folder_has_the_options_and_their_flags(options_folder):
    names = {p.name for p in options_folder.iterdir()}
    assert {"report.md", "report.html", "focus_arrangements.csv", "options.csv",
            "outcomes.csv", "option1-pooling-BEL", "option2-specialisation-BEL-FRA"} <= names
    fa = pd.read_csv(options_folder / "focus_arrangements.csv")
    assert set(fa["side"]) == {"baseline", "pooling:BEL", "specialisation:BEL,FRA"}
    mine = fa[(fa["start_year"] == 2013) & (fa["origin"] == "bottom_up")]
    spec = mine[mine["side"] == "specialisation:BEL,FRA"]
    assert (spec["form"] == "specialisation").any()
    assert spec.loc[spec["form"] == "specialisation", "share_of_seeds"].eq(1.0).all()
    opts = pd.read_csv(options_folder / "options.csv").set_index("option")
    # fighters are inside NLD's sovereignty floor: handing them over would be refused
    assert opts.loc["specialisation:BEL,FRA", "refused_by_rules"]
    assert "sovereignty floor" in opts.loc["specialisation:BEL,FRA", "flags"]
    assert not opts.loc["pooling:BEL", "refused_by_rules"]
    assert fa.loc[fa["side"] == "specialisation:BEL,FRA", "option_refused_by_rules"].all()
    md = (options_folder / "report.md").read_text()
    assert md.index("the planner's view") < md.index("## Each option in full")
    assert "would be refused" in md and "sovereignty floor" in md
    assert "### The partners" in md and "FRA" in md


def test_specialisation_hands_the_units_over(options_folder):
    f = pd.read_csv(options_folder / "focus.csv")
    after = f[(f["year"] >= 2013) & (f["side"] == "specialisation:BEL,FRA")]
    base = f[(f["year"] >= 2013) & (f["side"] == "baseline")]
    assert (after["own_level"] == 0.0).all() and (base["own_level"] > 0.0).all()
    assert (after["gap"] <= base["gap"].max() + 1e-9).all()  # BEL covers the requirement


def test_refusals_name_rivalry_and_forms_not_allowed():
    ref = load_scenario("reference_2012")
    assert any("rivalry" in r for r in refusals(ref, "GRC", "frigates",
                                                Option("integrated", ("TUR",))))
    pooling = load_scenario("pooling_only")
    assert any("forms_allowed" in r for r in refusals(pooling, "NLD", "frigates",
                                                      Option("integrated", ("BEL",))))
    assert refusals(ref, "NLD", "frigates", Option("pooling", ("BEL",))) == []


def test_parse_option():
    states = ["BEL", "FRA", "NLD"]
    assert parse_option("specialisation:BEL,FRA", "NLD", states) == Option(
        "specialisation", ("BEL", "FRA"))
    with pytest.raises(ScenarioError, match="NLD is the state itself"):
        parse_option("pooling:NLD", "NLD", states)


def test_same_bytes_with_one_or_two_workers(capsys, tmp_path):
    outs = []
    for w in (1, 2):
        out = tmp_path / f"w{w}"
        code, _, err = _cli(capsys, ["options", "NLD", "mine_countermeasures", "--option",
                                     "integrated:BEL", "--years", "2012:2014", "--seeds", 2,
                                     "--no-figures", "--workers", w, "--out", out])
        assert code == 0, err
        outs.append(out)
    files = sorted(p.relative_to(outs[0]) for p in outs[0].rglob("*")
                   if p.suffix in (".csv", ".md"))
    assert files
    for rel in files:
        assert (outs[0] / rel).read_bytes() == (outs[1] / rel).read_bytes(), rel


BAD = [
    ("unknown-state", ["XYZ", "fighters", "--option", "pooling:BEL"], "XYZ"),
    ("unknown-area", ["NLD", "tanks", "--option", "pooling:BEL"], "tanks"),
    ("unknown-form", ["NLD", "fighters", "--option", "merger:BEL"], "merger"),
    ("unknown-partner", ["NLD", "fighters", "--option", "pooling:XYZ"], "XYZ"),
    ("own-partner", ["NLD", "fighters", "--option", "pooling:BEL,NLD"], "NLD"),
    ("no-partner", ["NLD", "fighters", "--option", "pooling"], "FORM:PARTNER"),
    ("from-outside", ["NLD", "fighters", "--option", "pooling:BEL", "--from", "2040"], "2040"),
    ("from-first-year", ["NLD", "fighters", "--option", "pooling:BEL", "--from", "2012"],
     "2012"),
    ("no-option", ["NLD", "fighters"], "--option"),
    ("one-seed", ["NLD", "fighters", "--option", "pooling:BEL", "--seeds", "1"], "--seeds"),
]


@pytest.mark.parametrize("case", BAD, ids=lambda c: c[0])
def test_bad_input_exits_2_with_one_line(capsys, tmp_path, case):
    _, args, must = case
    code, _, err = _cli(capsys, ["options", *args, "--out", tmp_path / "out"])
    assert code == 2, err
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1 and "Traceback" not in err, err
    assert must in lines[0], lines[0]
    assert list(Path(tmp_path).iterdir()) == []

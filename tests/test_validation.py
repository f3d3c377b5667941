"""Validation package: backtest scoring on hand-made cases, outcomes checks, facts, calibration."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from model.cli import main
from model.validation import backtest as bt
from model.validation import calibration as cal
from model.validation import facts as fx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "scenarios" / "validation" / "outcomes_example.csv"
STATES = ["AAA", "BBB", "CCC", "DDD"]
CAPS = ["land_manoeuvre", "airmobile", "fighters"]


def arr(seed, cap, form, members, start, origin="bottom_up", aid="X"):
    return {
        "seed": seed, "id": aid, "capability": cap, "form": form, "members": members,
        "origin": origin, "start_year": start, "predecessor": "",
    }  # fmt: skip


OUTCOME = {"id": "T", "year": 2016, "members": "DEU;NLD", "capability": "land_manoeuvre",
           "form": "integrated"}  # fmt: skip


# ------------------------------------------------------------------ matching
def test_known_match_and_non_matches():
    a = pd.DataFrame(
        [
            # seed 1: a hit (extra member, 3 years late, one step shallower)
            arr(1, "land_manoeuvre", "operational", "DEU;NLD;POL", 2019),
            # seed 2: each misses on exactly one condition
            arr(2, "land_manoeuvre", "integrated", "DEU;NLD", 2020),  # 4 years late
            arr(2, "land_manoeuvre", "procurement_sharing", "DEU;NLD", 2016),  # 2 steps
            arr(2, "land_manoeuvre", "integrated", "DEU;POL", 2016),  # NLD missing
            arr(2, "airmobile", "integrated", "DEU;NLD", 2016),  # other area
            arr(2, "land_manoeuvre", "integrated", "DEU;NLD", 2016, origin="initial"),
        ]
    )
    h = bt.hits(a, OUTCOME, [1, 2, 3])
    assert h.to_dict() == {1: True, 2: False, 3: False}
    table = bt.score(a, pd.DataFrame([OUTCOME]), [1, 2], n_states=32)
    assert table.loc[0, "probability"] == 0.5
    assert table.loc[0, "hit_seeds"] == "1"


@pytest.mark.parametrize(
    ("start", "form", "hit"),
    [
        (2013, "integrated", True),  # -3 years
        (2019, "integrated", True),  # +3 years
        (2012, "integrated", False),  # -4
        (2020, "integrated", False),  # +4
        (2016, "operational", True),  # one step shallower
        (2016, "specialisation", True),  # one step deeper (integrated 4 -> specialisation 5)
        (2016, "procurement_sharing", False),  # two steps
        (2016, "joint_hire", False),
    ],
)
def test_window_and_depth_boundaries(start, form, hit):
    a = pd.DataFrame([arr(1, "land_manoeuvre", form, "DEU;NLD", start)])
    assert bool(bt.hits(a, OUTCOME, [1]).iloc[0]) is hit


def test_null_model_on_a_tiny_world_by_hand():
    # N = 4 states, outcome {AAA, BBB} (m = 2).
    # seed 1: eligible sizes 2 and 3 -> p = 1/C(4,2) = 1/6 and C(2,1)/C(4,3) = 1/2,
    #         P(hit) = 1 - (5/6)(1/2) = 7/12; an ineligible one (other area) is ignored.
    # seed 2: one eligible of size 2 -> 1/6.   seed 3: none -> 0.
    a = pd.DataFrame(
        [
            arr(1, "fighters", "pooling", "CCC;DDD", 2015),
            arr(1, "fighters", "procurement_sharing", "AAA;CCC;DDD", 2017),
            arr(1, "airmobile", "pooling", "AAA;BBB", 2015),
            arr(2, "fighters", "joint_hire", "CCC;DDD", 2014),
        ]
    )
    outcome = {"id": "N", "year": 2015, "members": "AAA;BBB", "capability": "fighters",
               "form": "pooling"}  # fmt: skip
    nh = bt.null_hits(a, outcome, [1, 2, 3], n_states=4)
    assert nh[1] == pytest.approx(7 / 12)
    assert nh[2] == pytest.approx(1 / 6)
    assert nh[3] == 0.0
    row = bt.score(a, pd.DataFrame([outcome]), [1, 2, 3], n_states=4).iloc[0]
    assert row["null_probability"] == pytest.approx((7 / 12 + 1 / 6) / 3)
    assert row["probability"] == pytest.approx(0.0)  # the model's own sets miss BBB
    # Monte Carlo with a seeded generator agrees with the exact value for seed 1
    rng = np.random.default_rng(7)
    n, hits = 20000, 0
    for _ in range(n):
        s2 = set(rng.choice(4, 2, replace=False))
        s3 = set(rng.choice(4, 3, replace=False))
        hits += {0, 1} <= s2 or {0, 1} <= s3
    assert hits / n == pytest.approx(7 / 12, abs=0.015)


def test_contain_probability_edges():
    assert bt.contain_probability(32, 2, 2) == pytest.approx(1 / math.comb(32, 2))
    assert bt.contain_probability(10, 10, 3) == 1.0
    assert bt.contain_probability(10, 2, 3) == 0.0


def test_overall_recall_and_lift():
    t = pd.DataFrame({"probability": [1.0, 0.0], "null_probability": [0.1, 0.1]})
    o = bt.overall(t)
    assert o["recall"] == 0.5 and o["null_recall"] == pytest.approx(0.1)
    assert o["lift"] == pytest.approx(5.0)


# ------------------------------------------------------------------ recall and lift by pattern
def test_recall_and_lift_by_pattern_by_hand(tmp_path):
    # Four states (null model by hand), two seeds, four outcomes in three patterns + one blank.
    p = _write(
        tmp_path,
        "P1,2016,AAA;BBB,fighters,procurement_sharing,procurement\n"
        "P2,2016,CCC;DDD,fighters,procurement_sharing,Procurement\n"
        "I1,2016,AAA;BBB,land_manoeuvre,integrated,integration\n"
        "U1,2016,AAA;CCC,airmobile,pooling,\n",
        header="id,year,members,capability,form,pattern\n",
    )
    o = bt.load_outcomes(p, STATES, CAPS)
    assert list(o["pattern"]) == ["procurement", "procurement", "integration", ""]
    a = pd.DataFrame(
        [
            arr(1, "fighters", "procurement_sharing", "AAA;BBB", 2016),  # P1 hit in seed 1
            arr(2, "fighters", "procurement_sharing", "AAA;BBB;CCC;DDD", 2017),  # P1, P2 in seed 2
            arr(1, "land_manoeuvre", "integrated", "AAA;CCC", 2016),  # I1 misses (no BBB)
        ]
    )
    table = bt.score(a, o, [1, 2], n_states=4)
    assert list(table["probability"]) == [1.0, 0.5, 0.0, 0.0]
    # null, per seed, p(size k contains 2 given of 4) = C(2, k-2)/C(4, k): k=2 -> 1/6, k=4 -> 1
    #   P1, P2: seed 1 {k=2} -> 1/6, seed 2 {k=4} -> 1: mean 7/12 each; I1: seed 1 -> 1/6, mean 1/12
    g = bt.by_pattern(table).set_index("pattern")
    assert list(g.index) == ["procurement", "integration", "unassigned", "all"]
    assert g.loc["procurement", "outcomes"] == 2
    assert g.loc["procurement", "outcomes_hit_at_least_once"] == 2
    assert g.loc["procurement", "recall"] == pytest.approx(0.75)
    assert g.loc["procurement", "null_recall"] == pytest.approx(7 / 12)
    assert g.loc["procurement", "lift"] == pytest.approx(0.75 / (7 / 12))
    assert g.loc["integration", "recall"] == 0.0
    assert g.loc["integration", "null_recall"] == pytest.approx(1 / 12)
    assert g.loc["integration", "lift"] == 0.0
    assert g.loc["unassigned", "outcomes"] == 1 and np.isnan(g.loc["unassigned", "lift"])
    assert g.loc["all", "outcomes"] == 4 and g.loc["all", "recall"] == pytest.approx(1.5 / 4)
    assert g.loc["all", "lift"] == pytest.approx(bt.overall(table)["lift"])
    table.attrs.update(bt.overall(table), scenario="t", seeds=2, years=[2012, 2025], window=3,
                       depth_tolerance=1, n_states=4, formed_per_seed=1.5)  # fmt: skip
    md = bt.report_markdown(table, "o.csv")
    assert "## By pattern" in md and "| procurement | 2 | 2 | 0.750 |" in md


def test_without_a_pattern_column_one_group(tmp_path):
    o = bt.load_outcomes(_write(tmp_path, "A,2016,AAA;BBB,fighters,pooling\n"), STATES, CAPS)
    assert "pattern" not in o.columns
    a = pd.DataFrame([arr(1, "fighters", "pooling", "AAA;BBB", 2016)])
    g = bt.by_pattern(bt.score(a, o, [1, 2], n_states=4))
    assert list(g["pattern"]) == ["all"] and g.loc[0, "recall"] == 0.5


def test_unknown_pattern_is_a_one_line_error(tmp_path):
    p = _write(tmp_path, "A,2016,AAA;BBB,fighters,pooling,merger\n",
               header="id,year,members,capability,form,pattern\n")  # fmt: skip
    with pytest.raises(bt.OutcomeError) as err:
        bt.load_outcomes(p, STATES, CAPS)
    assert "unknown pattern 'merger'" in str(err.value) and "\n" not in str(err.value)


# ------------------------------------------------------------------ the outcomes file
def _write(tmp_path, body, header="id,year,members,capability,form\n"):
    p = tmp_path / "o.csv"
    p.write_text(header + body, encoding="utf-8")
    return p


@pytest.mark.parametrize(
    ("body", "header", "needle"),
    [
        ("A,2016,AAA;BBB,tanks,pooling\n", None, "unknown capability 'tanks'"),
        ("A,2016,AAA;BBB,fighters,merger\n", None, "unknown form 'merger'"),
        ("A,2016,AAA;XXX,fighters,pooling\n", None, "unknown state(s) XXX"),
        ("A,2016,AAA,fighters,pooling\n", None, "two or more distinct"),
        ("A,20x6,AAA;BBB,fighters,pooling\n", None, "year '20x6'"),
        ("A,2016,AAA;BBB,fighters,pooling\nA,2017,AAA;BBB,fighters,pooling\n", None,
         "duplicate id"),
        ("A,2016,AAA;BBB,fighters\n", "id,year,members,capability\n", "missing column(s) form"),
        ("", None, "no outcomes"),
    ],
)  # fmt: skip
def test_bad_outcomes_are_one_line_errors(tmp_path, body, header, needle):
    p = _write(tmp_path, body, header or "id,year,members,capability,form\n")
    with pytest.raises(bt.OutcomeError) as err:
        bt.load_outcomes(p, STATES, CAPS)
    msg = str(err.value)
    assert needle in msg and "\n" not in msg and str(p) in msg


def test_outcomes_are_normalised(tmp_path):
    p = _write(tmp_path, "A,2016, bbb;AAA ,fighters,pooling\n")
    o = bt.load_outcomes(p, STATES, CAPS)
    assert o.loc[0, "members"] == "AAA;BBB" and o.loc[0, "year"] == 2016


def test_shipped_example_is_valid_and_sourced():
    from model.scenario import load_scenario

    spec = load_scenario("reference_2012")
    o = bt.load_outcomes(
        EXAMPLE, list(spec.tables["states"]["iso3"]), list(spec.tables["capabilities"]["id"])
    )
    assert len(o) >= 5
    assert (o["year"] > 2012).all()
    assert o["source"].str.len().gt(10).all()
    assert set(o["certainty"]) <= {"high", "medium", "low"}
    assert len(o) >= 30 and (o["year"] <= 2025).all()
    assert set(o["pattern"]) == set(bt.PATTERNS)
    assert o["source"].str.contains("http").all()


def test_cli_bad_outcomes_exit_2(tmp_path, capsys):
    p = _write(tmp_path, "A,2016,NLD;DEU,tanks,pooling\n")
    assert main(["backtest", str(p), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert "unknown capability 'tanks'" in err and len(err.splitlines()) == 1
    assert not (tmp_path / "out").exists()
    assert main(["backtest", str(tmp_path / "missing.csv")]) == 2
    assert main(["backtest", str(EXAMPLE), "--seeds", "1"]) == 2
    assert main(["validate-facts", "--workers", "0"]) == 2


# ------------------------------------------------------------------ end to end (small)
def test_backtest_folder_is_deterministic(tmp_path, capsys):
    outs = []
    for name in ("a", "b"):
        out = tmp_path / name
        assert main(["backtest", str(EXAMPLE), "--seeds", "2", "--workers", "1", "--out",
                     str(out)]) == 0  # fmt: skip
        outs.append(out)
        assert {p.name for p in out.iterdir()} == {
            "backtest.csv", "backtest_by_pattern.csv", "backtest.png", "report.md",
            ".coopsim.json",
        }  # fmt: skip
    for f in ("backtest.csv", "backtest_by_pattern.csv", "backtest.png", "report.md"):
        assert (outs[0] / f).read_bytes() == (outs[1] / f).read_bytes()
    t = pd.read_csv(outs[0] / "backtest.csv")
    assert t["probability"].between(0, 1).all() and t["null_probability"].between(0, 1).all()
    g = pd.read_csv(outs[0] / "backtest_by_pattern.csv")
    assert list(g["pattern"]) == [*bt.PATTERNS, "all"]
    assert g["outcomes"].iloc[:-1].sum() == g["outcomes"].iloc[-1] == len(t)
    assert main(["backtest", str(EXAMPLE), "--seeds", "2", "--out", str(outs[0])]) == 2


def test_scorecard_small_and_europe_self_check():
    from model.validation.runs import run_seeds

    t = run_seeds([1, 2], workers=1, progress=False)
    e, m = t["europe"], t["model"]
    assert np.allclose(e["all_collaborative_share_check"], m["collaborative_share"], atol=1e-9)
    assert (e["year"].to_numpy() == m["year"].to_numpy()).all()
    from model.scenario import load_scenario

    facts = fx.all_facts(t, load_scenario("reference_2012").tables["states"])
    keys = [f.key for f in facts]
    assert keys == [
        "collaborative_share", "savings_share", "us_share", "burden_rank",
        "group_size_bottom_up", "group_size_top_down", "nld_partners", "nld_tanks",
    ]  # fmt: skip
    for f in facts:
        assert f.verdict in {"agree", "partly", "disagree"}
        assert f.p5 <= f.value + 1e-12 <= f.p95 + 2e-12 or not np.isfinite(f.value)
        assert f.source and f.measure
    tab = fx.nld_partner_table(t)
    assert list(tab["rank"]) == list(range(1, len(tab) + 1))


# ------------------------------------------------------------------ calibration pieces
def test_design_is_a_seeded_latin_hypercube():
    d1, d2 = cal.design(10), cal.design(10)
    pd.testing.assert_frame_equal(d1, d2)
    for k, (lo, hi, _) in cal.SPACE.items():
        assert d1[k].between(lo, hi).all()
        # one point per stratum in every dimension
        strata = np.floor((d1[k] - lo) / (hi - lo) * 10).clip(0, 9)
        assert sorted(strata.astype(int)) == list(range(10))


def test_loss_is_zero_inside_and_grows_outside():
    inside = {k: (lo + hi) / 2 for k, (lo, hi, _, _) in cal.TARGETS.items()}
    assert cal.loss(inside) == 0.0
    out = dict(inside, nld_partners=0.9 - 1 / 3)  # one partner short: one unit
    assert cal.loss(out) == pytest.approx(1.0)


@pytest.mark.slow
def test_scorecard_twenty_seeds_matches_the_documented_verdicts():
    table, _ = fx.scorecard(20, workers=2, progress=False)
    v = dict(zip(table["key"], table["verdict"], strict=True))
    # since buying kit only at procurement moments and not against one's own industry
    # (ODD 7.31), realised savings fall below the EPRS band and NLD rebuys tanks in more
    # seeds (docs/VALIDATION.md, "This round's model")
    assert v["us_share"] == "agree" and v["group_size_top_down"] == "agree"
    assert v["savings_share"] == "disagree" and v["nld_tanks"] == "disagree"
    assert v["collaborative_share"] == "disagree" and v["nld_partners"] == "partly"

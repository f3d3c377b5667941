"""The model's claims, tested over many paired seeds (issue 3, item 5).

Each claim compares two scenarios run with the same seeds (paired runs: same budgets, crises
and random draws where the scenarios agree) or two groups of arrangements within runs. A claim
holds when the paired mean difference has a bootstrap 95 % interval that excludes 0 in the
claimed direction. Claims the model does not support are ``xfail(strict=True)`` with the
diagnosis as the reason (docs/SCENARIOS.md has the numbers): the model, not the test, is what
would have to change.

Windows: the austerity claims use 2013-2025 (coordinated_cuts, specialisation_allowed and
pooling_only run 2012-2025; austerity_2012 runs on to 2035 with flat budgets, its 2012-2025
unchanged); the US pivot is read over 2013-2035.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pytest

from model import CooperationModel, run_scenario

SEEDS = tuple(range(10))
SEEDS_A = tuple(range(20))  # claim a's effects are smaller: more paired seeds for power
WINDOW = (2013, 2025)
FORMS = (
    "joint_hire",
    "pooling",
    "procurement_sharing",
    "operational",
    "integrated",
    "specialisation",
)
DEEP = {"operational", "integrated", "specialisation"}
ENABLERS = ("air_refuelling", "isr", "airlift", "satcom")
NO_CUTS = {"budgets.real_growth_override": 0.0}  # austerity_2012 with flat budgets from 2013


# --------------------------------------------------------------------------- statistics
def bootstrap_ci(
    diff: np.ndarray, draws: int = 10_000, seed: int = 12345
) -> tuple[float, float, float]:
    """Mean of paired differences and its percentile-bootstrap 95 % interval."""
    d = np.asarray(diff, dtype=float)
    rng = np.random.default_rng(seed)
    means = d[rng.integers(0, len(d), size=(draws, len(d)))].mean(axis=1)
    return float(d.mean()), float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))


def assert_positive(diff, what: str) -> None:
    """The paired difference is > 0: its bootstrap 95 % interval lies above 0."""
    mean, lo, hi = bootstrap_ci(diff)
    assert lo > 0.0, f"{what}: mean {mean:+.4g}, 95 % CI [{lo:+.4g}, {hi:+.4g}] does not exclude 0"


def assert_negative(diff, what: str) -> None:
    """The paired difference is < 0: its bootstrap 95 % interval lies below 0."""
    mean, lo, hi = bootstrap_ci(diff)
    assert hi < 0.0, f"{what}: mean {mean:+.4g}, 95 % CI [{lo:+.4g}, {hi:+.4g}] does not exclude 0"


# --------------------------------------------------------------------------- runs (cached)
@functools.cache
def _run(scenario: str, seed: int, overrides: tuple = ()):
    return run_scenario(scenario, seed=seed, overrides=dict(overrides) or None)


def run(scenario: str, seed: int, overrides: dict | None = None):
    return _run(scenario, seed, tuple(sorted((overrides or {}).items())))


def window(df: pd.DataFrame, years=WINDOW) -> pd.DataFrame:
    return df[df["year"].between(*years)]


def formed(res, years=WINDOW) -> pd.DataFrame:
    """Arrangements formed in the window (bottom-up, projects, deepenings; not the 2012 ones)."""
    a = res.arrangements
    return a[(a["origin"].astype(str) != "initial") & a["start_year"].between(*years)]


def area_gaps(res, years, exclude=()) -> pd.Series:
    """Gap per area (requirement-weighted over states, in units), mean over the years."""
    c = window(res.capabilities, years)
    c = c[~c["state"].astype(str).isin(exclude)]
    c = c.assign(
        short=(c["requirement"] - c["level"]).clip(lower=0.0),
        capability=c["capability"].astype(str),
    )
    g = c.groupby(["year", "capability"])[["short", "requirement"]].sum()
    return (g["short"] / g["requirement"]).groupby("capability").mean()


# --------------------------------------------------------------------------- claim a
REASON_A_COUNT = (
    "model disagrees on the raw count: austerity forms about as many arrangements as flat "
    "budgets in 2013-2025 (mean +0.8 per run, 95% CI [-3.1, +4.3], 20 seeds) because it forms "
    "fewer "
    "joint-hire contracts: hiring is a pure cost (arrangements.member_gain: "
    "money = -hire cost), so a state under budget pressure, whose financial weight rises "
    "(goals.move_weights), hires less. The cost-sharing forms -- pooling and deeper, the ones "
    "the note expects austerity to drive -- do rise (test_a_more_cost_sharing_arrangements), "
    "and so does the collaborative share of equipment spending"
)
REASON_A_ACTIVE = (
    "not supported: the number of ACTIVE operational-or-deeper arrangements, 2013-2025, is not "
    "clearly higher under cuts (mean -0.3, 95% CI [-1.1, +0.7], 20 seeds): new deep "
    "arrangements need years to mature and staff on both sides "
    "(CooperationModel._staff_capacity follows the shrinking budget, partly offset by "
    "partners.staff_priority), and divested areas remove candidates (fleet forms need both "
    "partners to hold the area, arrangements.feasible_grid); "
    "the arrangements that do form under cuts are deeper on average "
    "(test_a_austerity_forms_deeper_arrangements)"
)
COST_SHARING = {"pooling", "procurement_sharing", "operational", "integrated", "specialisation"}


@functools.cache
def _cooperation_pairs():
    rows = []
    for s in SEEDS_A:
        cut, flat = run("austerity_2012", s), run("austerity_2012", s, NO_CUTS)
        fc, ff = formed(cut), formed(flat)
        rows.append(
            {
                "n": len(fc) - len(ff),
                "cost_sharing": int(fc["form"].astype(str).isin(COST_SHARING).sum())
                - int(ff["form"].astype(str).isin(COST_SHARING).sum()),
                "collaborative_share": window(cut.model)["collaborative_share"].mean()
                - window(flat.model)["collaborative_share"].mean(),
                "depth": fc["form"].astype(str).map(FORMS.index).mean()
                - ff["form"].astype(str).map(FORMS.index).mean(),
                "deep_active": _deep_active(cut) - _deep_active(flat),
            }
        )
    return pd.DataFrame(rows)


def _deep_active(res) -> float:
    m = window(res.model)
    cols = ["arrangements_operational", "arrangements_integrated", "arrangements_specialisation"]
    return float(m[cols].sum(axis=1).mean())


@pytest.mark.xfail(strict=True, reason=REASON_A_COUNT)
def test_a_austerity_forms_more_arrangements():
    """(a) More cooperation, raw count: more arrangements of any form formed under cuts."""
    assert_positive(_cooperation_pairs()["n"], "arrangements formed, cuts - flat")


REASON_A_COST_SHARING = (
    "borderline since issues 11 and 12 landed together: cost-sharing arrangements formed "
    "2013-2025 under cuts - flat = mean +1.55 per run, 95 % CI [-0.05, +3.25] (20 seeds); "
    "before, the interval excluded 0. Candidate mechanisms, not yet separated or measured: "
    "requirements now follow roles, so states without a role in an area no longer need (and "
    "pool for) it, which removes candidates that only cuts made attractive; and arrangements "
    "now end by decision, so fewer end and are re-formed within the window (the count is of "
    "formations, not of arrangements active)"
)


# Held again with procurement moments and growing frameworks (issue 12, items 5-8): fleets
# replaced under cuts open cost-sharing acquisitions. It was borderline before
# (REASON_A_COST_SHARING); re-check when the requirement path (branch req) lands.
def test_a_more_cost_sharing_arrangements():
    """(a) More cooperation: more pooling-or-deeper arrangements formed 2013-2025 under cuts."""
    assert_positive(_cooperation_pairs()["cost_sharing"], "cost-sharing formed, cuts - flat")


def test_a_higher_collaborative_share():
    """(a) More cooperation: a larger share of equipment spending goes through arrangements."""
    assert_positive(_cooperation_pairs()["collaborative_share"], "collaborative share, cuts - flat")


def test_a_austerity_forms_deeper_arrangements():
    """(a) Deeper cooperation: the arrangements formed under cuts are deeper on average."""
    assert_positive(_cooperation_pairs()["depth"], "mean depth of formed arrangements")


@pytest.mark.xfail(strict=True, reason=REASON_A_ACTIVE)
def test_a_more_active_deep_arrangements():
    """(a) Deeper cooperation: more active operational/integrated/specialisation arrangements."""
    assert_positive(_cooperation_pairs()["deep_active"], "active operational+, cuts - flat")


# --------------------------------------------------------------------------- claim b
REASON_B = (
    "not supported on the cost-weighted alliance gap (model.csv capability_gap): coordinated - "
    "uncoordinated = +0.001, 95% CI [-0.002, +0.003], 2013-2025: no difference. NATO "
    "consultation (budgets.coordinated_cuts: states plan in turn, seeing the others' plans) "
    "spares areas where the alliance as a whole would fall short, so it levels gaps across "
    "areas (worst area -0.20, area mean -0.04: the passing tests). On the same money it "
    "cannot raise the weighted total: the areas it spares are often small, inefficient fleets "
    "that a state cutting alone sheds first (budgets.cut_preference), so sparing them means "
    "cutting more units of efficient fleets elsewhere. Coordination buys a balanced alliance, "
    "not a larger one -- a finding, documented in docs/SCENARIOS.md"
)


def _coordination_pairs():
    rows = []
    for s in SEEDS:
        u, k = run("austerity_2012", s), run("coordinated_cuts", s)
        gu, gk = area_gaps(u, WINDOW), area_gaps(k, WINDOW)
        rows.append(
            {
                "alliance_gap": window(k.model)["capability_gap"].mean()
                - window(u.model)["capability_gap"].mean(),
                "worst_area": gk.max() - gu.max(),
                "area_mean": gk.mean() - gu.mean(),
                "budget": window(k.model)["budget_total"].sum()
                - window(u.model)["budget_total"].sum(),
            }
        )
    return pd.DataFrame(rows)


def test_b_same_budgets():
    """The comparison is fair: both scenarios have the same budgets in every year."""
    assert np.allclose(_coordination_pairs()["budget"], 0.0)


@pytest.mark.xfail(strict=True, reason=REASON_B)
def test_b_coordinated_cuts_smaller_alliance_gap():
    """(b) Coordinated cuts leave a smaller alliance-wide (cost-weighted) capability gap."""
    assert_negative(_coordination_pairs()["alliance_gap"], "alliance gap, coordinated - not")


def test_b_coordinated_cuts_smaller_worst_area_gap():
    """(b, area reading) The worst area's alliance gap is smaller with consultation."""
    assert_negative(_coordination_pairs()["worst_area"], "worst-area gap, coordinated - not")


def test_b_coordinated_cuts_smaller_mean_area_gap():
    """(b, area reading) The unweighted mean of the areas' alliance gaps is smaller."""
    assert_negative(_coordination_pairs()["area_mean"], "mean area gap, coordinated - not")


# --------------------------------------------------------------------------- claim c
REASON_C = (
    "not supported at 10 seeds: specialisation_allowed - pooling_only (2013-2025) savings "
    "summed = +2.3 bn USD, 95% CI [-31.9, +41.4] (issue 11 accounting; before: +14.4 bn, "
    "[-21.2, +54.8]). Only ~2-3.5 more specialisations are active per "
    "run (arrangements.specialise turns mature bilateral integration into specialisation; "
    "bottom-up proposals rarely choose it because the dropper gives up the whole role for a "
    "saving of its overhead and scale penalty, arrangements.member_gain), so their savings are "
    "smaller than the divergence of the two runs' other arrangements"
)


def _form_pairs():
    rows = []
    for s in SEEDS:
        sp = window(run("specialisation_allowed", s).model)
        po = window(run("pooling_only", s).model)
        rows.append(
            {
                "savings": sp["savings"].sum() - po["savings"].sum(),
                "autonomy": sp["autonomy"].mean() - po["autonomy"].mean(),
                "specialisations": sp["arrangements_specialisation"].mean()
                - po["arrangements_specialisation"].mean(),
            }
        )
    return pd.DataFrame(rows)


def test_c_specialisation_forms_in_specialisation_allowed():
    """The comparison has content: specialisation_allowed has more active specialisations."""
    assert_positive(_form_pairs()["specialisations"], "active specialisations, spec - pooling")


@pytest.mark.xfail(strict=True, reason=REASON_C)
def test_c_specialisation_saves_more():
    """(c) Specialisation saves more than pooling-only (savings summed 2013-2025)."""
    assert_positive(_form_pairs()["savings"], "savings, specialisation_allowed - pooling_only")


REASON_C_AUTONOMY = (
    "not supported at 10 seeds since issue 12 items 5-8, the requirement path and the "
    "industry rule: specialisation_allowed - pooling_only mean autonomy 2013-2025 = -0.14 pp, "
    "95% CI [-0.36, +0.08] (the sign the note expects, but the band includes zero). With "
    "procurement moments (7.30) and buying only at moments and not against one's own industry "
    "(7.31) fewer fleet arrangements form in both scenarios, so the few extra specialisations "
    "(test_c_specialisation_forms_in_specialisation_allowed) move autonomy by less than the "
    "two runs' other arrangements diverge; before the industry rule: -0.24 pp, [-0.51, +0.00]"
)


@pytest.mark.xfail(strict=True, reason=REASON_C_AUTONOMY)
def test_c_specialisation_costs_more_autonomy():
    """(c) Specialisation costs more autonomy than pooling-only (mean autonomy 2013-2025)."""
    assert_negative(_form_pairs()["autonomy"], "autonomy, specialisation_allowed - pooling_only")


# --------------------------------------------------------------------------- claim d
@functools.cache
def _distance(scenario: str):
    m = CooperationModel(scenario, rng=0)
    return m.geometry.political_distance, {s: i for i, s in enumerate(m.world.states)}


def _mean_distance(members: str, scenario: str) -> float:
    dist, idx = _distance(scenario)
    ms = [idx[m] for m in members.split(";") if m]
    return float(np.mean([dist[a, b] for a in ms for b in ms if a < b]))


@pytest.mark.parametrize("scenario", ["reference_2012", "specialisation_allowed"])
def test_d_deep_forms_between_close_partners(scenario):
    """(d) Bottom-up operational/integrated/specialisation arrangements have members at
    smaller political distance (mean over member pairs, 2012 geometry) than shallow ones."""
    diffs = []
    for s in SEEDS:
        a = run(scenario, s).arrangements
        a = a[a["origin"].astype(str) == "bottom_up"]
        dist = a["members"].map(lambda ms: _mean_distance(ms, scenario))
        deep = a["form"].astype(str).isin(DEEP)
        assert deep.any() and (~deep).any()
        diffs.append(dist[deep].mean() - dist[~deep].mean())
    assert_negative(diffs, f"{scenario}: political distance, deep - shallow")


# --------------------------------------------------------------------------- claim e
def _pivot_area_diffs() -> pd.DataFrame:
    rows = []
    for s in SEEDS:
        years = (2013, 2035)
        outside = ("USA", "CAN")  # European gaps: leave out the US and Canada
        pivot = area_gaps(run("us_pivot", s), years, outside)
        rows.append(pivot - area_gaps(run("reference_2012", s), years, outside))
    return pd.DataFrame(rows)


def test_e_us_pivot_opens_largest_gaps_in_enablers():
    """(e) The US pivot raises European (non-US, non-CAN) gaps more in the enablers
    (air_refuelling, isr, airlift, satcom) than in the other areas."""
    d = _pivot_area_diffs()
    enablers = d[list(ENABLERS)].mean(axis=1)
    others = d.drop(columns=list(ENABLERS)).mean(axis=1)
    assert_positive(enablers - others, "gap rise, enablers - other areas")


REASON_E_LARGEST = (
    "since issue 11 (requirements from roles and geography) the largest single rise is "
    "amphibious: +0.106 against air refuelling +0.093 and isr +0.093 (seeds of test_claims, "
    "after issue 12 items 5-8 and the requirement path): the US's amphibious share moves to "
    "the few European states with an amphibious role (landlocked states and those without the "
    "role are asked for nothing, capabilities.requirement_shares), whose fleets grow at most "
    "budgets.max_growth_rate a year; the enablers still rise more on average "
    "(test_e_us_pivot_opens_largest_gaps_in_enablers)"
)


@pytest.mark.xfail(strict=True, reason=REASON_E_LARGEST)
def test_e_us_pivot_largest_single_rise_is_an_enabler():
    """(e) The area whose European gap rises most under the US pivot is an enabler."""
    d = _pivot_area_diffs()
    assert d.mean().idxmax() in ENABLERS, d.mean().sort_values(ascending=False).head(5)

"""Partner criteria, trust, the chance a partner joins a crisis, and the partner circles.

The note (§ Samenwerkingspartners) names four criteria for choosing partners -- (geo)political-
strategic distance,
a similar political culture, operational synergy ("what do we already do with this partner and
how do its capabilities relate to ours") and the number of concrete goals that can be realised
together -- and three circles of partners (§ Samenwerkingspartners): strategic, affiliated and
opportunity
partners, between which partners move over time. Every function here works on all pairs at
once (N x N arrays).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.params import Circle, CrisisParams, Form, Goal, GoalParams, PartnerParams
from model.world import World


@dataclass(frozen=True)
class PairGeometry:
    """Static pair measures (N x N): political and culture distance, in [0, 1]."""

    political_distance: np.ndarray
    culture_distance: np.ndarray

    @classmethod
    def build(
        cls, world: World, params: PartnerParams, nato: np.ndarray, eu: np.ndarray
    ) -> PairGeometry:
        """Political distance falls with geography and shared institutions; culture with profiles.

        ``political = (1 - exp(-km / scale)) * (1 - min(0.6, closeness * shared))`` with
        ``shared`` the number of shared regional groups plus shared NATO and EU membership
        (this year's); ``culture = mean |profile_i - profile_j|`` over the three culture scores.
        """
        geo = 1.0 - np.exp(-world.distance_km / params.distance_scale_km)
        shared = (
            world.regional_groups + np.logical_and.outer(nato, nato) + np.logical_and.outer(eu, eu)
        )
        inst = np.minimum(0.6, params.institution_closeness * shared)
        political = geo * (1.0 - inst)
        culture = np.abs(world.culture[:, None, :] - world.culture[None, :, :]).mean(axis=2)
        np.fill_diagonal(political, 0.0)
        np.fill_diagonal(culture, 0.0)
        return cls(political_distance=political, culture_distance=culture)


def initial_trust(
    world: World, params: PartnerParams, nato: np.ndarray, eu: np.ndarray
) -> np.ndarray:
    """Trust at the start (N x N) from shared regional groups and shared alliances."""
    alliance = np.logical_and.outer(nato, nato) | np.logical_and.outer(eu, eu)
    trust = np.where(
        world.regional_groups > 0,
        params.trust_initial_shared_group,
        np.where(alliance, params.trust_initial_alliance, 0.0),
    )
    np.fill_diagonal(trust, 0.0)
    return trust


def update_trust(trust: np.ndarray, link_depth: np.ndarray, params: PartnerParams) -> np.ndarray:
    """One year of trust: grows with shared arrangements (by depth), decays without.

    Note, § Inleiding: "a carefully built international relation needs maintenance and pays off
    mostly
    over a longer time". ``link_depth`` is the deepest shared form + 1 (0 = nothing shared).
    """
    depth_factor = link_depth / float(len(Form))
    grown = trust + params.trust_growth * depth_factor * (1.0 - trust)
    decayed = trust * (1.0 - params.trust_decay)
    out = np.where(link_depth > 0, grown, decayed)
    np.fill_diagonal(out, 0.0)
    return np.minimum(np.maximum(out, 0.0), 1.0)


def synergy(world: World, holdings: np.ndarray, link_depth: np.ndarray) -> np.ndarray:
    """Operational synergy (N x N) in [0, 1]: what we do together, how capabilities relate.

    Half the depth of shared work, half the share of our areas in which the partner flies or
    sails the same platform family.
    """
    holds = holdings > 0
    both = holds[:, None, :] & holds[None, :, :]
    common = (both & world.commonality).sum(axis=2)
    own = np.maximum(holds.sum(axis=1), 1)[:, None]
    out = 0.5 * np.minimum(link_depth / 4.0, 1.0) + 0.5 * common / own
    np.fill_diagonal(out, 0.0)
    return out


def partner_score(
    geometry: PairGeometry,
    synergy_: np.ndarray,
    shared_goals: np.ndarray,
    n_caps: int,
    params: PartnerParams,
) -> np.ndarray:
    """The note's four criteria combined (N x N): a guide, not a dogma (§ Samenwerkingspartners)."""
    total = params.w_distance + params.w_culture + params.w_synergy + params.w_goals
    score = (
        params.w_distance * (1.0 - geometry.political_distance)
        + params.w_culture * (1.0 - geometry.culture_distance)
        + params.w_synergy * synergy_
        + params.w_goals * np.minimum(shared_goals / max(1.0, n_caps / 3.0), 1.0)
    ) / max(total, 1e-9)
    np.fill_diagonal(score, -np.inf)
    return score


def join_probability(
    geometry: PairGeometry,
    trust: np.ndarray,
    circle: np.ndarray,
    boost: np.ndarray,
    params: CrisisParams,
) -> np.ndarray:
    """Chance (N x N) that partner j joins state i in a crisis.

    Falls with political distance, rises with trust, circle closeness and the depth of what
    the pair shares (``boost``: the join boost of their deepest shared form). ``circle`` holds
    :class:`Circle` values, or -1 for pairs without a relation.
    """
    factors = np.array(
        [
            params.circle_factor_strategic,
            params.circle_factor_affiliated,
            params.circle_factor_opportunity,
            params.circle_factor_none,
        ]
    )
    factor = factors[np.where(circle < 0, 3, circle)]
    trust_factor = params.join_trust_base + params.join_trust_weight * trust
    p = params.join_base * factor * np.exp(-geometry.political_distance) * trust_factor
    p = np.minimum(np.maximum(p + boost, 0.0), 1.0)
    np.fill_diagonal(p, 1.0)
    return p


@dataclass
class RelationStats:
    """Per-pair summary of shared active arrangements (N x N arrays), filled each year."""

    depth: np.ndarray  # deepest shared form + 1 (0 = none)
    depth_bottom_up: np.ndarray  # deepest shared bottom-up, non-framework form + 1
    areas: np.ndarray  # (N, N, C) bool: areas of shared arrangements
    bottom_up: np.ndarray  # count of shared bottom-up or initial, non-framework arrangements
    framework: np.ndarray  # count of shared top-down or large-framework arrangements
    first_year: np.ndarray  # start year of the oldest shared arrangement (large if none)
    first_year_bottom_up: np.ndarray  # same, among bottom-up non-framework arrangements

    @classmethod
    def empty(cls, n: int, c: int) -> RelationStats:
        """Stats for a world without arrangements."""
        return cls(
            depth=np.zeros((n, n), dtype=int),
            depth_bottom_up=np.zeros((n, n), dtype=int),
            areas=np.zeros((n, n, c), dtype=bool),
            bottom_up=np.zeros((n, n), dtype=int),
            framework=np.zeros((n, n), dtype=int),
            first_year=np.full((n, n), 10**6, dtype=int),
            first_year_bottom_up=np.full((n, n), 10**6, dtype=int),
        )


def classify_circles(
    stats: RelationStats, year: int, political_distance: np.ndarray, params: PartnerParams
) -> np.ndarray:
    """Classify every related pair into a circle (N x N; -1 where no relation), per the note.

    - strategic: initiative with the partners themselves -- a bottom-up (not framework)
      arrangement of operational depth or deeper -- on several goals (two or more bottom-up
      arrangements) or integrated/specialised, long-running (``strategic_min_years``), at small
      political distance (``strategic_max_distance``);
    - opportunity: otherwise, a young (``opportunity_max_years``), shallow (at most procurement
      sharing) bottom-up relation on one or two goals -- cooperation driven by the urgency of the
      moment;
    - affiliated: every other relation -- partners that meet through a larger framework (NATO/EU
      projects, multilateral arrangements of many members) or an older, less deep relation.
    """
    related = stats.depth > 0
    duration = year - stats.first_year
    deep_bu = stats.depth_bottom_up - 1
    strategic = (
        related
        & (((deep_bu >= Form.OPERATIONAL) & (stats.bottom_up >= 2)) | (deep_bu >= Form.INTEGRATED))
        & (duration >= params.strategic_min_years)
        & (political_distance <= params.strategic_max_distance)
    )
    young = (year - stats.first_year_bottom_up) < params.opportunity_max_years
    opportunity = (
        related
        & ~strategic
        & (stats.bottom_up >= 1)
        & (stats.bottom_up <= 2)
        & (deep_bu <= Form.PROCUREMENT_SHARING)
        & young
    )
    affiliated = related & ~strategic & ~opportunity
    out = np.full(stats.depth.shape, -1, dtype=int)
    out[related] = Circle.OPPORTUNITY
    out[affiliated] = Circle.AFFILIATED
    out[strategic] = Circle.STRATEGIC
    return out


def staff_capacity(
    budget: np.ndarray,
    scale: np.ndarray,
    weights: np.ndarray | None,
    params: PartnerParams,
    goals: GoalParams,
) -> np.ndarray:
    """Cooperation staff (load units): grows with the log of the budget (note, § Inleiding).

    ``scale`` is calibrated per state so that the start year's arrangements take at most
    ``1 / (1 + partners.staff_headroom)`` of it: in 2012 states had the staff to run what they
    ran. Under economic pressure a state puts more of its (scarcer) staff on cooperation: the
    capacity rises with the financial weight's relative rise above its baseline share
    (``weights`` None: no rise).
    """
    pp, gp = params, goals
    base = pp.staff_base + pp.staff_per_log_budget * np.log10(np.maximum(budget / 100.0, 1.0))
    base = base * scale
    base_fin = gp.base_financial / (gp.base_political + gp.base_military + gp.base_financial)
    if weights is None:
        return base
    rise = np.maximum(weights[:, Goal.FINANCIAL] / base_fin - 1.0, 0.0)
    return base * (1.0 + pp.staff_priority * rise)

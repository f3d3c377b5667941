"""The one parameter contract: closed sets as enums and every tunable number, validated.

Every way of building a model -- scenario files, ``coopsim run --set``, sweeps, the dashboard and
the tests -- goes through :class:`Params`. Each field carries its unit, range and source (or says
it is a modelling assumption) in its description; ``docs/ODD.md`` lists them all.
"""

from __future__ import annotations

from enum import Enum, IntEnum
from typing import Annotated, Any, Literal, get_origin

from pydantic import BaseModel, ConfigDict, Field, model_validator

CAPABILITY_IDS: tuple[str, ...] = (
    "land_manoeuvre",
    "airmobile",
    "command",
    "fighters",
    "air_refuelling",
    "airlift",
    "helicopters",
    "uas",
    "air_defence",
    "isr",
    "satcom",
    "frigates",
    "submarines",
    "mine_countermeasures",
    "amphibious",
)


class Form(IntEnum):
    """The note's six forms of cooperation, shallow to deep (note, § Samenwerkingspartners)."""

    JOINT_HIRE = 0
    POOLING = 1
    PROCUREMENT_SHARING = 2
    OPERATIONAL = 3
    INTEGRATED = 4
    SPECIALISATION = 5

    @property
    def id(self) -> str:
        """Contract id of the form, e.g. ``"joint_hire"``."""
        return self.name.lower()

    @classmethod
    def from_id(cls, form_id: str) -> Form:
        """Return the form with contract id ``form_id``."""
        return cls[form_id.upper()]


FORM_IDS: tuple[str, ...] = tuple(f.id for f in Form)


class Circle(IntEnum):
    """Partner circles ("schillen") of the note, ordered from closest to loosest."""

    STRATEGIC = 0
    AFFILIATED = 1
    OPPORTUNITY = 2

    @property
    def id(self) -> str:
        """Contract id of the circle."""
        return self.name.lower()


CIRCLE_IDS: tuple[str, ...] = tuple(c.id for c in Circle)


class Origin(Enum):
    """Where an arrangement came from: bottom-up, a NATO or EU project, or the 2012 start."""

    BOTTOM_UP = "bottom_up"
    NATO = "nato"
    EU = "eu"
    INITIAL = "initial"


class Goal(IntEnum):
    """The note's three categories of goals of cooperation (§ Samenwerking … dient een doel)."""

    POLITICAL = 0
    MILITARY = 1
    FINANCIAL = 2


class Role(IntEnum):
    """A member's role in an arrangement: role specialisation has a dropper and a provider."""

    MEMBER = 0
    DROPPER = 1  # gives the role up and relies on the provider
    PROVIDER = 2  # fields the units the dropper relies on


class AreaRole(IntEnum):
    """What a state is for in a capability area (``roles_2012.csv``; issue 11).

    ``held``: fields the area; ``kept_role``: no units counted but the role is in the force
    structure or the plans; ``enabler_share``: an alliance-wide enabler met by a fair share through
    common funding or arrangements (no national fleet below viable scale); ``none``: no role.
    """

    HELD = 0
    KEPT_ROLE = 1
    ENABLER_SHARE = 2
    NONE = 3

    @classmethod
    def from_id(cls, role_id: str) -> AreaRole:
        """Return the role with table id ``role_id`` (``held``, ``kept_role``, ...)."""
        return cls[role_id.strip().upper()]


#: Areas a landlocked state has no requirement in (``geography.csv``).
NAVAL_AREAS: tuple[str, ...] = ("frigates", "submarines", "mine_countermeasures", "amphibious")


class WarPowers(IntEnum):
    """A parliament's ex-ante approval of deployments (``war_powers_2012.csv``)."""

    NO = 0
    PARTIAL = 1
    YES = 2
    UNKNOWN = 3


class Culture(IntEnum):
    """Columns of the political-culture profile (``World.culture``)."""

    EXPEDITIONARY = 0
    ATLANTICIST = 1
    PARLIAMENT_CONSENT = 2


Share = Annotated[float, Field(ge=0.0, le=1.0)]
#: A real budget growth rate per year that a user writes (overrides, per-state paths).
RealGrowth = Annotated[float, Field(ge=-0.2, le=0.3, allow_inf_nan=False)]
Positive = Annotated[float, Field(gt=0.0)]
NonNegative = Annotated[float, Field(ge=0.0)]


class _Group(BaseModel):
    # allow_inf_nan=False: every float parameter is finite (a NaN slips through `x <= 0`)
    model_config = ConfigDict(
        extra="forbid", frozen=True, validate_default=True, allow_inf_nan=False
    )


class SimulationParams(_Group):
    """Time span of a run."""

    start_year: int = Field(2012, ge=1990, le=2100, description="first simulated year")
    end_year: int = Field(2035, ge=1990, le=2100, description="last simulated year (inclusive)")
    data_year: int = Field(
        2012,
        ge=1990,
        le=2100,
        description="year of the states table's budgets and GDP, the base (1.0) of the budget "
        "index (data/states.csv, budget_2012_musd)",
    )

    @model_validator(mode="after")
    def _ordered(self) -> SimulationParams:
        if self.end_year < self.start_year:
            raise ValueError(f"end_year ({self.end_year}) is before start_year ({self.start_year})")
        return self


class BudgetParams(_Group):
    """Budget paths and how states cut or invest (note, § Inleiding: shrinking budgets)."""

    area_share: Share = Field(
        0.6,
        description="share of the defence budget that pays for the 15 capability areas "
        "(the rest: pensions, infrastructure, staff outside the areas); assumption, NATO "
        "2012 shares: equipment ~20 %, personnel ~50 %, O&M/other ~30 %",
    )
    real_growth_after_data: float = Field(
        0.0,
        ge=-0.2,
        le=0.3,
        description="real budget growth per year after the last data year (0 = flat, as the "
        "contract's reference scenario asks)",
    )
    real_growth_override: float | None = Field(
        None,
        ge=-0.2,
        le=0.3,
        description="if set: real budget growth per year for every state from "
        "`override_from` to `override_until`, replacing the data (budget-cut or growth "
        "scenarios)",
    )
    override_from: int = Field(
        2013,
        ge=1990,
        le=2100,
        description="first year of the override (`real_growth_override` and `state_growth`)",
    )
    override_until: int | None = Field(
        None,
        ge=1990,
        le=2100,
        description="last year of the override (`real_growth_override` and `state_growth`); "
        "none = to the end of the run",
    )
    after_override: Literal["data", "flat"] = Field(
        "data",
        description="a state's budget after its override or `[[budget_paths]]` row ends: `data` "
        "= the data's yearly growth rates continue from the level reached, `flat` = the level "
        "reached stays constant in real terms",
    )
    state_growth: dict[str, RealGrowth] = Field(
        {},
        description="real budget growth per year for one state, by ISO 3166 alpha-3 code, from "
        "`override_from` to `override_until`, taking precedence over `real_growth_override` "
        "(e.g. `state_growth.NLD = -0.02`); a scenario's `[[budget_paths]]` rows take "
        "precedence over it",
    )
    gdp_target_share: float | None = Field(
        None,
        ge=0.0,
        le=0.2,
        description="if set: every state it binds (`gdp_target_states`) below it raises its "
        "budget linearly to this share of "
        "GDP by `gdp_target_year` (e.g. 0.035: NATO's 2025 Hague commitment of 3.5 % core "
        "defence spending by 2035); states above keep their path",
    )
    gdp_target_states: Literal["nato", "all"] = Field(
        "nato",
        description="who the GDP target binds: `nato` = the states that are NATO members in "
        "`gdp_target_from` (the Hague commitment is the Allies'), `all` = every state in the run",
    )
    gdp_target_from: int = Field(2025, ge=1990, le=2100, description="first year of the ramp")
    gdp_target_year: int = Field(2035, ge=1990, le=2100, description="year the target is reached")
    gdp_growth: float = Field(
        0.015,
        ge=-0.05,
        le=0.1,
        description="real GDP growth per year used with the GDP target (euro area and US "
        "long-run average ~1.5 %, IMF World Economic Outlook)",
    )
    max_cut_rate: Share = Field(
        0.15,
        description="largest share of an area's holdings a state can shed in one year "
        "(assumption: force-structure cuts take several years)",
    )
    max_growth_rate: Share = Field(
        0.08,
        description="largest yearly expansion of an area, as a share of its requirement "
        "(assumption: production lead times)",
    )
    ambition: float = Field(
        1.2,
        ge=1.0,
        le=3.0,
        description="how far above its requirement a state builds up an area when money allows "
        "(national level of ambition beyond the NATO fair share); assumption",
    )
    residual_value: Share = Field(
        0.15,
        description="share of unit cost recovered when a unit is sold (used equipment sells "
        "far below new price; e.g. 100 Leopard 2A6NL for ~EUR 2 M each vs ~EUR 10 M new, "
        "unit_costs.csv)",
    )
    cut_temperature: Positive = Field(
        0.25, description="softness of the choice of areas to cut (logit temperature)", le=10
    )
    plan_margin: Share = Field(
        0.005,
        description="share of its capability budget a state plans cuts and purchases to stay "
        "below (costs are not linear in units; a plan inside the budget saves the exact fit); "
        "numerical, assumption",
    )
    divest_below_viable: Share = Field(
        0.5,
        description="an area whose fleet falls below this share of its minimum viable scale, "
        "outside the sovereignty floor and outside any arrangement, is divested whole",
    )
    floor_keep: Share = Field(
        0.5,
        description="share of its 2012 holdings a state keeps at least in a sovereignty-floor "
        "area when it cuts",
    )
    open_surplus_share: Share = Field(
        0.5,
        description="a national fleet opens from zero only if the yearly cost of a fleet at "
        "minimum viable scale (capabilities.csv min_viable_scale, alone, at the state's prices) "
        "is at most this share of the year's surplus, the state's requirement in the area is at "
        "least that scale, and its role is held, kept or an enabler share (an enabler share only "
        "in an area where no arrangement runs in the alliance); at most one opening per state "
        "and year; assumption (NATO defence planning: 'reasonable challenge')",
    )

    @model_validator(mode="after")
    def _override_ordered(self) -> BudgetParams:
        if self.override_until is not None and self.override_until < self.override_from:
            raise ValueError(
                f"override_until ({self.override_until}) is before override_from "
                f"({self.override_from})"
            )
        return self


class CostParams(_Group):
    """Cost model: overheads, scale economies, learning curves (note, § Samenwerkingspartners)."""

    learning_rate: float = Field(
        0.88,
        ge=0.5,
        le=1.0,
        description="unit-cost ratio per doubling of cumulative output in joint procurement "
        "(published rates 9-15 % per doubling: Hartley 2012, 'The Economics of Defence "
        "Procurement'; Sandler & Hartley 1995, 'The Economics of Defense', ch. 6)",
    )
    reference_fleet: Positive = Field(
        1.0,
        description="fleet size, as a multiple of the area's minimum viable scale, at which "
        "the per-unit operating cost equals om_rate x unit cost",
        le=100,
    )
    price_factor_bounds: tuple[float, float] = Field(
        (0.1, 10.0),
        description="bounds of the national price factor that calibrates 2012 holdings to "
        "2012 budgets",
    )
    real_cost_growth: float = Field(
        0.0,
        ge=-0.05,
        le=0.1,
        description="real yearly growth of unit costs above general inflation (defence cost "
        "escalation; 0 keeps the reference scenario's pressure from budgets alone)",
    )

    @model_validator(mode="after")
    def _bounds_ordered(self) -> CostParams:
        low, high = self.price_factor_bounds
        if not 0.0 < low <= high <= 1000.0:
            raise ValueError(
                f"price_factor_bounds {list(self.price_factor_bounds)}: expected "
                "[low, high] with 0 < low <= high <= 1000"
            )
        return self


class RequirementParams(_Group):
    """Requirements: fair shares of an alliance requirement (NATO defence planning)."""

    fair_share_weight: Share = Field(
        0.5,
        description="weight of the GDP share in apportioning the alliance requirement; the "
        "rest follows 2012 holdings ('reasonable challenge' of the NATO defence planning "
        "process); assumption",
    )
    threat_elasticity: NonNegative = Field(
        0.6,
        description="relative rise of a state's requirement per unit of threat it feels above "
        "baseline (the urgency of a crisis near it, fading with the threat; NATO's announced "
        "level of ambition is the requirement path, `requirement.path`)",
        le=10,
    )
    path: Literal["nato_targets", "none"] = Field(
        "nato_targets",
        description="the alliance requirement's path after 2012: `nato_targets` = the factors "
        "of the scenario's `data.requirement_path` table (NATO's level of ambition per area "
        "from the year it was announced: 2024 minimum capability requirements, 2025 "
        "capability targets; no table = no path), `none` = the 2012 requirement throughout "
        "(what was known in 2012)",
    )


class GoalParams(_Group):
    """Goal weights and how they move (note, § Samenwerking … dient een doel).

    Economic headwind raises the financial weight; instability the political and military ones.
    """

    base_political: Positive = Field(0.35, description="baseline weight of political goals", le=10)
    base_military: Positive = Field(0.35, description="baseline weight of military goals", le=10)
    base_financial: Positive = Field(0.30, description="baseline weight of financial goals", le=10)
    financial_sensitivity: NonNegative = Field(
        4.0, description="rise of the financial weight per unit of economic pressure", le=100
    )
    threat_sensitivity: NonNegative = Field(
        1.5, description="rise of the political and military weights per unit of threat", le=100
    )
    inertia: Share = Field(
        0.5, description="share of last year's weights kept each year (policy inertia)"
    )


class PartnerParams(_Group):
    """Partner choice on the note's four criteria (§ Samenwerkingspartners) and trust."""

    w_distance: NonNegative = Field(0.30, description="weight of geopolitical closeness", le=10)
    w_culture: NonNegative = Field(0.25, description="weight of similar political culture", le=10)
    w_synergy: NonNegative = Field(0.25, description="weight of operational synergy", le=10)
    w_goals: NonNegative = Field(0.20, description="weight of the number of shared goals", le=10)
    distance_scale_km: Positive = Field(
        1500.0, description="capital-to-capital distance at which closeness falls to 1/e", le=40000
    )
    institution_closeness: Share = Field(
        0.15,
        description="reduction of political distance per shared institution or regional "
        "group (NATO, EU, Benelux, NORDEFCO, ...)",
    )
    alignment_weight: Share = Field(
        0.5,
        description="share of the political-strategic distance that is strategic outlook "
        "(difference of the pair's atlanticist orientation, culture_atlanticist) rather than "
        "geography (note, § Samenwerkingspartners: 'geopolitiek-strategische afstand', and the US, "
        "the UK and France as long-standing strategic partners); assumption: equal weights",
    )
    long_standing_years: int = Field(
        20,
        ge=1,
        le=100,
        description="an arrangement of the data that a pair has shared this many years by the "
        "start year counts as one more shared bond, like a shared institution (long-standing "
        "cooperation: NAEW 1982, the UK/NL Amphibious Force 1973); assumption",
    )
    dispute_distance: Share = Field(
        0.25,
        description="political distance added for an active territorial or maritime dispute "
        "(scenarios/data/rivalries_2012.csv, dispute_active); dormant disputes add nothing; "
        "assumption",
    )
    trust_growth: Share = Field(
        0.12, description="yearly trust gain of a pair sharing arrangements (x depth)"
    )
    trust_decay: Share = Field(0.06, description="yearly trust loss of a pair sharing nothing")
    trust_initial_shared_group: Share = Field(
        0.35, description="initial trust of a pair sharing a regional group"
    )
    trust_initial_alliance: Share = Field(
        0.15, description="initial trust of a pair sharing NATO or the EU"
    )
    defection_trust_loss: Share = Field(
        0.3, description="share of trust lost when a partner defects or stays out of a crisis"
    )
    staff_base: NonNegative = Field(
        2.0, description="cooperation staff capacity of the smallest state (load units)", le=100
    )
    staff_headroom: NonNegative = Field(
        0.25,
        description="spare cooperation staff a state has on top of what its start-year "
        "arrangements take (calibration to 2012: the Netherlands ran BeNeSam, the German-"
        "Netherlands Corps, the UK/NL amphibious force, EATC ... and joined 17 of 22 Smart "
        "Defence Tier-1 projects, note § Multilateraal); assumption",
        le=100,
    )
    staff_priority: NonNegative = Field(
        1.0,
        description="relative extra staff a state puts on cooperation per relative rise of its "
        "financial weight above baseline (note, § Inleiding: under cuts cooperation is 'no "
        "longer a choice but simply a necessity')",
        le=100,
    )
    staff_per_log_budget: NonNegative = Field(
        2.0,
        description="extra staff capacity per tenfold budget above USD 100 M, following "
        "this year's budget (note, § Inleiding: scarce staff; § Verankering: 'fewer "
        "partners, more intensively')",
        le=100,
    )
    proposals_per_year: int = Field(1, ge=0, le=10, description="new proposals per state and year")
    candidate_partners: int = Field(
        12, ge=1, le=500, description="partners each state screens per year (closest first)"
    )
    framework_size: int = Field(
        5, ge=3, description="arrangements with this many members count as a larger framework"
    )
    member_staff_exponent: NonNegative = Field(
        0.5,
        description="a member that does not lead a multilateral arrangement spends "
        "(2 / members) ** exponent of the form's staff load (a lead nation or agency does the "
        "rest; note, § Inleiding: scarce staff); assumption",
    )
    proposal_score_weight: NonNegative = Field(
        0.05,
        description="weight of the partner score beside the gain when a state ranks its own "
        "proposals; assumption",
    )
    strategic_min_years: int = Field(
        3,
        ge=0,
        le=50,
        description="least age of a relation for a strategic partner (note, § "
        "Samenwerkingspartners: long-running cooperation on several goals); assumption",
    )
    strategic_max_distance: Share = Field(
        0.5, description="largest political distance of a strategic partner; assumption"
    )
    opportunity_max_years: int = Field(
        5,
        ge=1,
        le=50,
        description="a bottom-up relation younger than this, shallow and on one or two goals, "
        "is an opportunity partnership (urgency of the moment); assumption",
    )


class FormEffects(_Group):
    """Effects of one form of cooperation on costs, sovereignty and success (one table row)."""

    overhead_fraction: Share = Field(
        description="share of an area's fixed overhead (training, maintenance, logistics, "
        "command) the members run jointly"
    )
    overhead_exponent: Share = Field(
        description="cost of a shared overhead for K members relative to one: K**exponent"
    )
    scale_sharing: bool = Field(
        description="operating costs fall with the pooled fleet, not the member's own"
    )
    learning_curve: bool = Field(description="acquisition follows a joint learning curve")
    sovereignty_cost: Share = Field(
        description="share of a member's own units in the area (its primary fleet arrangement, "
        "at full maturity) it can no longer use alone"
    )
    setup_years_of_upkeep: NonNegative = Field(
        description="one-off set-up cost, in years of upkeep", le=100
    )
    upkeep_musd: NonNegative = Field(
        description="yearly upkeep per member (liaison staff, coordination), USD million", le=10000
    )
    years_to_mature: Positive = Field(
        description="years until full effect (note, § Inleiding: late)", le=100
    )
    distance_sensitivity: NonNegative = Field(
        description="how fast success falls with political distance (deeper = steeper)", le=100
    )
    culture_sensitivity: NonNegative = Field(
        description="how fast success falls with dissimilar political culture", le=100
    )
    military_value: Share = Field(
        description="interoperability and readiness value for the area (military goal)"
    )
    political_value: Share = Field(description="solidarity signal of the form (political goal)")
    parliament_hurdle: Share = Field(
        description="chance a parliament with strict prior consent blocks the form"
    )
    staff_load: NonNegative = Field(
        description="cooperation staff the form takes per member", le=100
    )
    join_boost: Share = Field(
        description="rise of a partner's chance to join a crisis when sharing this form"
    )


def _form(**kw: Any) -> FormEffects:
    return FormEffects(**kw)


class FormsParams(_Group):
    """The effects table of the six forms; every row overridable per scenario.

    Values are modelling assumptions ordered by the note's claim that deeper forms restrict
    freedom of action more and return more capacity to act (§ Samenwerkingspartners); the savings
    mechanisms
    (shared overhead, pooled scale, learning curve) follow the note's list for pooling and
    joint procurement and the defence-economics literature (Hartley 2012).
    """

    joint_hire: FormEffects = _form(
        overhead_fraction=0.0,
        overhead_exponent=1.0,
        scale_sharing=False,
        learning_curve=False,
        sovereignty_cost=1.0,
        setup_years_of_upkeep=0.5,
        upkeep_musd=0.5,
        years_to_mature=1.0,
        distance_sensitivity=0.2,
        culture_sensitivity=0.2,
        military_value=0.05,
        political_value=0.05,
        parliament_hurdle=0.0,
        staff_load=0.5,
        join_boost=0.0,
    )
    pooling: FormEffects = _form(
        overhead_fraction=0.6,
        overhead_exponent=0.55,
        scale_sharing=True,
        learning_curve=False,
        sovereignty_cost=0.15,
        setup_years_of_upkeep=2.0,
        upkeep_musd=2.0,
        years_to_mature=3.0,
        distance_sensitivity=0.6,
        culture_sensitivity=0.6,
        military_value=0.15,
        political_value=0.15,
        parliament_hurdle=0.05,
        staff_load=1.0,
        join_boost=0.05,
    )
    procurement_sharing: FormEffects = _form(
        overhead_fraction=0.3,
        overhead_exponent=0.6,
        scale_sharing=True,
        learning_curve=True,
        sovereignty_cost=0.1,
        setup_years_of_upkeep=2.0,
        upkeep_musd=2.0,
        years_to_mature=4.0,
        distance_sensitivity=0.8,
        culture_sensitivity=0.7,
        military_value=0.15,
        political_value=0.2,
        parliament_hurdle=0.05,
        staff_load=1.0,
        join_boost=0.05,
    )
    operational: FormEffects = _form(
        overhead_fraction=0.3,
        overhead_exponent=0.5,
        scale_sharing=False,
        learning_curve=False,
        sovereignty_cost=0.25,
        setup_years_of_upkeep=1.5,
        upkeep_musd=3.0,
        years_to_mature=3.0,
        distance_sensitivity=1.2,
        culture_sensitivity=1.0,
        military_value=0.35,
        political_value=0.3,
        parliament_hurdle=0.15,
        staff_load=1.0,
        join_boost=0.15,
    )
    integrated: FormEffects = _form(
        overhead_fraction=0.8,
        overhead_exponent=0.5,
        scale_sharing=True,
        learning_curve=False,
        sovereignty_cost=0.5,
        setup_years_of_upkeep=2.0,
        upkeep_musd=4.0,
        years_to_mature=5.0,
        distance_sensitivity=2.5,
        culture_sensitivity=2.0,
        military_value=0.45,
        political_value=0.4,
        parliament_hurdle=0.3,
        staff_load=1.5,
        join_boost=0.25,
    )
    specialisation: FormEffects = _form(
        overhead_fraction=1.0,
        overhead_exponent=0.0,
        scale_sharing=True,
        learning_curve=False,
        sovereignty_cost=1.0,
        setup_years_of_upkeep=2.0,
        upkeep_musd=3.0,
        years_to_mature=5.0,
        distance_sensitivity=3.5,
        culture_sensitivity=3.0,
        military_value=0.1,
        political_value=0.45,
        parliament_hurdle=0.4,
        staff_load=1.5,
        join_boost=0.3,
    )

    def table(self) -> list[FormEffects]:
        """Return the effects rows in form order (shallow to deep)."""
        return [getattr(self, f.id) for f in Form]


class ArrangementParams(_Group):
    """Lifecycle of arrangements: consent, maturing, deepening, dissolving.

    Note, § Vormen van samenwerking and § Samenwerkingspartners.
    """

    planning_horizon: Positive = Field(
        10.0, description="years over which a state weighs a new arrangement's returns", le=100
    )
    money_value: Positive = Field(
        2.0,
        description="gain units per share of an area's cost saved: makes savings commensurate "
        "with the political and military values of a form (a 10 % saving weighs like the "
        "political value of an integrated arrangement between neighbours); assumption",
        le=100,
    )
    min_gain: float = Field(
        0.0, ge=-1.0, le=1.0, description="least weighted gain at which a state consents"
    )
    hire_cost_factor: Positive = Field(
        0.6,
        description="yearly price of a hired unit-equivalent relative to owning one "
        "(pay for use, not for idle time; assumption after SALIS/commercial satcom)",
        le=100,
    )
    hire_share_of_gap: Share = Field(0.5, description="share of a state's gap a joint hire covers")
    hireable_areas: tuple[str, ...] = Field(
        ("airlift", "air_refuelling", "satcom"),
        description="areas with a market to hire from: the note's air transport and satellite "
        "communication (§ Samenwerkingspartners: 'gezamenlijke inhuur van lucht- en "
        "zeetransport en satellietcommunicatie'; sea transport has no area here); helicopters "
        "and amphibious ships need a cited market to be added",
    )
    hire_budget_share: Share = Field(
        0.1,
        description="largest share of its capability budget a state spends on hired capacity "
        "(hire contracts are sized to the gap, but only as far as the budget allows); "
        "assumption",
    )
    hire_availability: Share = Field(
        0.75, description="chance that hired capacity is there in a crisis"
    )
    hire_term_years: int = Field(
        5,
        ge=1,
        le=50,
        description="term of a joint-hire contract; it ends then and may be hired again "
        "(SALIS: multi-year charter contracts, renewed periodically)",
    )
    compensation_margin: NonNegative = Field(
        0.1,
        description="margin a role-specialisation provider charges over its marginal cost",
        le=10,
    )
    defection_rate: Share = Field(
        0.0,
        description="yearly base chance that a member walks out at random (times its distrust); "
        "0: arrangements end only by decisions with reasons (issue 12)",
    )
    leave_trust: Share = Field(
        0.1,
        description="a member whose trust in its main partner falls below this leaves (lost "
        "trust); assumption",
    )
    join_min_share: Share = Field(
        0.1,
        description="least fleet a state brings to join a fleet arrangement, as a share of the "
        "average member's (a viable share); assumption",
    )
    patience_years: int = Field(
        3, ge=1, le=30, description="years a member stays while losing before it leaves"
    )
    deepen_trust: Share = Field(
        0.6, description="least mean trust among members for deepening an arrangement"
    )
    deepen_margin: NonNegative = Field(
        0.02, description="least extra gain every member needs from the deeper form", le=10
    )
    success_trust_floor: Share = Field(
        0.6,
        description="share of a form's chance of success reached between partners without "
        "trust; trust raises it linearly to the full chance (note, § Inleiding: relations pay "
        "off over time); assumption",
    )
    success_without_commonality: Share = Field(
        0.75,
        description="factor on a fleet form's chance of success when the partners field "
        "different platform families (note, § Samenwerkingspartners: commonality); assumption",
    )
    military_without_commonality: Share = Field(
        0.5,
        description="share of a form's military value reached without common equipment; "
        "commonality raises it to the full value; assumption",
    )
    hire_gap_threshold: Share = Field(
        0.05,
        description="least gap, as a share of the requirement, for which a state proposes a "
        "joint hire in an area; assumption",
    )
    aversion_base: Share = Field(
        0.25,
        description="sovereignty aversion of a state without a prior-consent parliament "
        "(weight on the sovereignty a form gives up); assumption",
    )
    aversion_per_consent: Share = Field(
        0.5,
        description="rise of the sovereignty aversion per unit of the parliament-consent score "
        "(culture_parliament_consent, DCAF OP 21/22); assumption",
    )


class ProcurementParams(_Group):
    """Procurement moments, spill-over and growing frameworks (issue 12, items 5-8).

    Note, § Samenwerkingspartners: defence takes its partners' plans into account "bij het
    nationale proces van behoeftestelling, verwerving en exploitatie"; "het gebeurt niet zelden
    dat partners besluiten hun samenwerking uit te breiden naar andere gebieden"; with Norway,
    cooperation "bij de verwerving, instandhouding en training van en met de opvolger van de
    F-16".
    """

    moments: bool = Field(
        True,
        description="states weigh cooperation when a fleet is due for replacement "
        "(fleet_replacement.csv, basis plan_2012 or service_life); false: no procurement "
        "moments",
    )
    lead_years: int = Field(
        3,
        ge=0,
        le=20,
        description="years before a fleet's replacement year that its successor is chosen "
        "(the procurement moment); assumption, after the several-year preparation phases of "
        "national acquisition processes (e.g. the Dutch Defensie Materieel Proces, A to D "
        "letter)",
    )
    overdue_spread_years: int = Field(
        6,
        ge=1,
        le=30,
        description="a fleet already due by the start year (most were life-extended, "
        "fleet_replacement.csv notes) meets its moment in a year drawn uniformly over the first "
        "this many years; assumption",
    )
    sync_years: int = Field(
        3,
        ge=0,
        le=20,
        description="partners whose own moment in the area lies within this many years may "
        "launch a joint acquisition together; assumption (the backtest's own window is not "
        "used to set it)",
    )
    max_founders: int = Field(
        4,
        ge=2,
        le=15,
        description="most states that launch a joint acquisition together (others join later); "
        "assumption",
    )
    framework_max_members: int = Field(
        15,
        ge=3,
        le=50,
        description="largest framework others may still join (issue 12: frameworks of 3-15 "
        "members, Smart Defence and PESCO project lists)",
    )
    framework_min_members: int = Field(
        3,
        ge=2,
        le=50,
        description="a lead nation's arrangement takes joiners from this many members "
        "(NATO/EU programmes always); assumption",
    )
    spillover: bool = Field(
        True,
        description="deep cooperation (integrated, specialised) with a partner in one area "
        "makes deep forms with it in another area as likely to work as a proven relation "
        "(note, § Samenwerkingspartners: partners extend cooperation to other areas; "
        "neofunctionalist spill-over, Haas 1958)",
    )
    spillover_trust_relief: Share = Field(
        0.2,
        description="reduction of the trust needed to deepen (arrangements.deepen_trust) "
        "between partners who already cooperate deeply in another area; assumption",
    )


class InstitutionParams(_Group):
    """NATO and the EU as catalysts (note, § Multilateraal); each role is a scenario switch."""

    nato_shortfalls: bool = Field(True, description="NATO publishes alliance shortfalls")
    nato_projects: bool = Field(True, description="NATO proposes Smart Defence projects")
    nato_consultation: bool = Field(
        False,
        description="NATO consultation before cuts and investments (the note asks for it; "
        "weak in 2012)",
    )
    nato_common_funding: bool = Field(
        True, description="NATO common funding of AWACS-type fleets (common-funded areas)"
    )
    common_funded_areas: tuple[str, ...] = Field(
        ("isr", "command"),
        description="areas with commonly funded NATO assets (AWACS, AGS; command structure)",
    )
    common_fleet_share: Share = Field(
        0.05, description="commonly funded fleet, as a share of the alliance requirement"
    )
    eu_projects: bool = Field(True, description="EU/EDA Pooling & Sharing projects")
    eu_save_and_reinvest: bool = Field(
        False, description="divestment proceeds stay in the defence budget"
    )
    eu_cascading: bool = Field(
        False, description="surplus equipment is matched to other EU states' shortfalls"
    )
    project_interval: int = Field(2, ge=1, le=20, description="years between project rounds")
    projects_per_round: int = Field(2, ge=0, le=15, description="shortfall areas per round")
    institutional_pull: Share = Field(
        0.03, description="gain a top-down invitation adds (peer pressure, common funding)"
    )
    catalyst_discount: Share = Field(
        0.3,
        description="cut of set-up cost for arrangements in published shortfall areas",
    )
    staff_relief: Share = Field(
        0.5,
        description="share of the cooperation staff a NATO/EU project or a large multilateral "
        "framework takes from its members (agencies such as NSPA, NAHEMA and EDA do part of "
        "the coordination); assumption",
    )
    shortfall_threshold: Share = Field(
        0.1, description="alliance gap above which an area is published as a shortfall"
    )
    invite_gap_threshold: Share = Field(
        0.05,
        description="least gap, as a share of its requirement, for which an institution "
        "invites a member into a project in the area; assumption",
    )
    invite_staff_share: Share = Field(
        0.5,
        description="free cooperation staff an invitee needs, as a share of a project's staff "
        "relief (staff_relief); assumption",
    )


class CrisisParams(_Group):
    """Crises: scripted and random; who joins (capacity to act)."""

    random_rate: NonNegative = Field(
        0.3, description="expected random crises per year (Poisson); assumption", le=20
    )
    threat_baseline: NonNegative = Field(0.0, description="threat level without crises", le=10)
    threat_persistence: Share = Field(
        0.85, description="share of the threat above baseline that persists a year"
    )
    random_intensity: NonNegative = Field(
        0.15, description="threat a random crisis adds (scripted ones set their own)", le=10
    )
    join_base: Share = Field(
        0.9, description="chance a closest partner joins a crisis the pair faces together"
    )
    circle_factor_strategic: Share = Field(1.0, description="join factor, strategic partner")
    circle_factor_affiliated: Share = Field(0.75, description="join factor, affiliated partner")
    circle_factor_opportunity: Share = Field(0.5, description="join factor, opportunity partner")
    circle_factor_none: Share = Field(0.3, description="join factor, no relation")
    common_asset_availability: Share = Field(
        0.85, description="chance NATO's commonly funded assets are released (consensus)"
    )
    join_trust_base: Share = Field(
        0.7,
        description="factor on a partner's chance to join a crisis when there is no trust "
        "between the pair; assumption",
    )
    join_trust_weight: Share = Field(
        0.3,
        description="rise of that factor per unit of trust (full trust: base + weight); assumption",
    )
    join_factor_approval_yes: Share = Field(
        0.75,
        description="factor on a partner's chance to join a crisis when its parliament must "
        "approve deployments beforehand (war_powers_2012.csv ex_ante_approval = yes); "
        "assumption, direction from Dieterich, Hummel & Marschall 2010 (DCAF OP 21) and Mello "
        "2014 (parliamentary veto players and participation in the 2003 Iraq war)",
    )
    join_factor_approval_partial: Share = Field(
        0.9,
        description="the same factor when approval is required for some deployments only "
        "(ex_ante_approval = partial: limited or consultative reservation, WD 2-3010-163/12); "
        "assumption",
    )
    join_factor_approval_no: Share = Field(
        1.0,
        description="the same factor when the government may deploy without a prior vote "
        "(ex_ante_approval = no): the reference",
    )
    war_powers_unknown: Literal["mean_of_known", "yes", "no"] = Field(
        "mean_of_known",
        description="a partner whose war powers are unknown (blank: ALB, ITA, ISL) gets the "
        "mean factor of the states whose powers are known (`mean_of_known`), or that of `yes` "
        "or `no`; assumption",
    )
    proximity_floor: Share = Field(
        0.3,
        description="how strongly a distant ally still feels a crisis (allies feel every crisis; "
        "neighbours up to 1); assumption",
    )
    proximity_scale_km: Positive = Field(
        2500.0,
        description="distance over which a crisis's felt proximity falls by a factor e, km; "
        "assumption",
    )


class CooperationParams(_Group):
    """Switches for cooperation as a whole: the go-it-alone counterfactual and form menus."""

    enabled: bool = Field(
        True,
        description="false: the go-it-alone counterfactual -- no arrangements (not even the 2012 "
        "ones), no NATO/EU projects, no common funding; budgets, crises and seed unchanged",
    )
    forms_allowed: tuple[str, ...] = Field(
        FORM_IDS,
        description="forms the arrangements states and institutions form may take (bottom-up, "
        "projects, deepening); the 2012 and scheduled scenario arrangements are imposed as "
        "written",
    )

    @model_validator(mode="after")
    def _known_forms(self) -> CooperationParams:
        for form in self.forms_allowed:
            if form not in FORM_IDS:
                raise ValueError(f"unknown form '{form}' (expected one of {', '.join(FORM_IDS)})")
        return self


class Params(_Group):
    """All parameters of a run, grouped as in ``docs/ODD.md``."""

    simulation: SimulationParams = SimulationParams()
    budgets: BudgetParams = BudgetParams()
    costs: CostParams = CostParams()
    requirement: RequirementParams = RequirementParams()
    goals: GoalParams = GoalParams()
    partners: PartnerParams = PartnerParams()
    forms: FormsParams = FormsParams()
    arrangements: ArrangementParams = ArrangementParams()
    procurement: ProcurementParams = ProcurementParams()
    institutions: InstitutionParams = InstitutionParams()
    crises: CrisisParams = CrisisParams()
    cooperation: CooperationParams = CooperationParams()

    # The note's wording ("policy.nato_consultation" in the contract) maps onto institutions.
    @property
    def policy(self) -> InstitutionParams:
        """Alias of :attr:`institutions` (the contract's ``policy.*`` keys)."""
        return self.institutions


#: Dotted keys of tables keyed by the user (``budgets.state_growth.NLD``): ``--set`` may add keys.
MAPPING_KEYS: frozenset[str] = frozenset(
    f"{group}.{name}"
    for group, info in Params.model_fields.items()
    for name, leaf in info.annotation.model_fields.items()
    if get_origin(leaf.annotation) is dict
)

#: Dotted-key prefixes accepted as aliases (contract: ``--set policy.nato_consultation=true``).
KEY_ALIASES: dict[str, str] = {"policy": "institutions"}

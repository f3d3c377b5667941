"""Print the parameter table of ``docs/ODD.md`` from :class:`model.params.Params`.

Walks the pydantic fields (groups, and the six rows of ``forms``) and prints one Markdown row per
parameter: dotted key, unit, default, range, and the field's description (meaning and source).
Defaults, ranges and descriptions come from the code; only units and a few usage notes are kept
here, in ``UNITS`` and ``NOTES``. A field without a unit entry is reported on stderr.

Usage::

    .venv/bin/python docs/make_param_table.py           # print the table
    .venv/bin/python docs/make_param_table.py --write   # rewrite the block in docs/ODD.md
"""

from __future__ import annotations

import argparse
import sys
import types
import typing
from pathlib import Path

import annotated_types as at
from pydantic import BaseModel

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from model.params import KEY_ALIASES, Form, Params  # noqa: E402

ODD = ROOT / "docs" / "ODD.md"
START = "<!-- params:start -->"
END = "<!-- params:end -->"

#: Unit of each leaf field name (the six form rows share their names).
UNITS: dict[str, str] = {
    # simulation
    "start_year": "year",
    "end_year": "year",
    "data_year": "year",
    # budgets
    "area_share": "share",
    "staff_headroom": "share of the 2012 staff load",
    "staff_priority": "relative staff per relative rise of the financial weight",
    "money_value": "gain units per share of area cost",
    "hire_budget_share": "share of the capability budget",
    "real_growth_after_data": "1/year",
    "real_growth_override": "1/year",
    "override_from": "year",
    "override_until": "year",
    "after_override": "data / flat",
    "state_growth": "1/year",
    "gdp_target_share": "share of GDP",
    "gdp_target_from": "year",
    "gdp_target_states": "nato / all",
    "path": "nato_targets / none",
    "gdp_target_year": "year",
    "gdp_growth": "1/year",
    "max_cut_rate": "share/year",
    "max_growth_rate": "share of requirement/year",
    "ambition": "x requirement",
    "residual_value": "share of unit cost",
    "cut_temperature": "logit temperature",
    "plan_margin": "share of area budget",
    "divest_below_viable": "share of min. viable scale",
    "floor_keep": "share of 2012 holdings",
    "open_surplus_share": "share of the year's surplus",
    # costs
    "learning_rate": "ratio per doubling",
    "reference_fleet": "x min. viable scale",
    "price_factor_bounds": "factor (lo, hi)",
    "real_cost_growth": "1/year",
    # requirement
    "fair_share_weight": "share",
    "threat_elasticity": "1/threat unit",
    # goals
    "base_political": "weight",
    "base_military": "weight",
    "base_financial": "weight",
    "financial_sensitivity": "1/pressure unit",
    "threat_sensitivity": "1/threat unit",
    "inertia": "share/year",
    # partners
    "w_distance": "weight",
    "w_culture": "weight",
    "w_synergy": "weight",
    "w_goals": "weight",
    "distance_scale_km": "km",
    "institution_closeness": "per shared group",
    "trust_growth": "1/year",
    "trust_decay": "1/year",
    "trust_initial_shared_group": "trust [0,1]",
    "trust_initial_alliance": "trust [0,1]",
    "defection_trust_loss": "share of trust",
    "staff_base": "load units",
    "staff_per_log_budget": "load units per x10 budget",
    "proposals_per_year": "count/state/year",
    "candidate_partners": "count",
    "framework_size": "members",
    "member_staff_exponent": "exponent",
    "proposal_score_weight": "gain units per score",
    "strategic_min_years": "years",
    "strategic_max_distance": "distance",
    "opportunity_max_years": "years",
    # form rows
    "overhead_fraction": "share of overhead",
    "overhead_exponent": "exponent",
    "scale_sharing": "switch",
    "learning_curve": "switch",
    "sovereignty_cost": "share of units",
    "setup_years_of_upkeep": "years of upkeep",
    "upkeep_musd": "USD M/member/year",
    "years_to_mature": "years",
    "distance_sensitivity": "1/distance unit",
    "culture_sensitivity": "1/distance unit",
    "military_value": "gain units",
    "political_value": "gain units",
    "parliament_hurdle": "probability",
    "staff_load": "load units/member",
    "join_boost": "probability",
    # procurement moments, spill-over, frameworks (issue 12, items 5-8)
    "moments": "switch",
    "lead_years": "years",
    "overdue_spread_years": "years",
    "sync_years": "years",
    "max_founders": "members",
    "framework_max_members": "members",
    "framework_min_members": "members",
    "spillover": "switch",
    "spillover_trust_relief": "trust [0,1]",
    # arrangements
    "planning_horizon": "years",
    "min_gain": "gain units",
    "hire_cost_factor": "x unit running cost",
    "hire_share_of_gap": "share of gap",
    "hireable_areas": "area ids",
    "hire_availability": "probability",
    "hire_term_years": "years",
    "compensation_margin": "share of marginal cost",
    "defection_rate": "probability/year",
    "leave_trust": "trust [0,1]",
    "join_min_share": "share of a member's fleet",
    "alignment_weight": "share of distance",
    "long_standing_years": "years",
    "dispute_distance": "distance [0,1]",
    "patience_years": "years",
    "deepen_trust": "trust [0,1]",
    "deepen_margin": "gain units",
    "success_trust_floor": "share of the chance of success",
    "success_without_commonality": "factor",
    "military_without_commonality": "share of military value",
    "hire_gap_threshold": "gap share",
    "aversion_base": "weight",
    "aversion_per_consent": "weight per consent score",
    # institutions
    "nato_shortfalls": "switch",
    "nato_projects": "switch",
    "nato_consultation": "switch",
    "nato_common_funding": "switch",
    "common_funded_areas": "area ids",
    "common_fleet_share": "share of requirement",
    "eu_projects": "switch",
    "eu_save_and_reinvest": "switch",
    "eu_cascading": "switch",
    "project_interval": "years",
    "projects_per_round": "count",
    "institutional_pull": "gain units",
    "catalyst_discount": "share of set-up cost",
    "staff_relief": "share of staff load",
    "shortfall_threshold": "gap share",
    "invite_gap_threshold": "gap share",
    "invite_staff_share": "share of staff relief",
    # crises
    "random_rate": "crises/year",
    "threat_baseline": "threat units",
    "threat_persistence": "share/year",
    "random_intensity": "threat units",
    "join_base": "probability",
    "circle_factor_strategic": "factor",
    "circle_factor_affiliated": "factor",
    "circle_factor_opportunity": "factor",
    "circle_factor_none": "factor",
    "common_asset_availability": "probability",
    "join_trust_base": "factor",
    "join_trust_weight": "factor per unit of trust",
    "proximity_floor": "proximity",
    "join_factor_approval_yes": "factor on the chance to join",
    "join_factor_approval_partial": "factor on the chance to join",
    "join_factor_approval_no": "factor on the chance to join",
    "war_powers_unknown": "mean_of_known / yes / no",
    "proximity_scale_km": "km",
    # cooperation
    "enabled": "switch",
    "forms_allowed": "form ids",
}

_NO_FLEET = "Only read for fleet forms (pooling, procurement_sharing, operational, integrated)."
#: Usage notes found by reading the code (dotted key -> note); checked against the code by hand.
NOTES: dict[str, str] = {
    **{
        f"forms.{f}.{name}": "No effect in this row: " + _NO_FLEET
        for f in ("joint_hire", "specialisation")
        for name in ("overhead_fraction", "overhead_exponent", "scale_sharing", "learning_curve")
    },
    "forms.joint_hire.military_value": "No effect: the gain uses hired/requirement for joint hire.",
    "forms.specialisation.military_value": "No effect: the gain's military term is 0 for "
    "specialisation.",
    "institutions.nato_shortfalls": "Switches the set-up discount (with eu_projects) and is "
    "needed, with nato_projects, for NATO project rounds; consultation does not read it.",
    "institutions.catalyst_discount": "Applies to every arrangement starting in such an area, "
    "whatever its origin (ledger), and to every gain estimate.",
    "institutions.staff_relief": "Also scales the free staff a project lead (1 x) and invitee "
    "(0.5 x) need.",
    "institutions.eu_save_and_reinvest": "EU members only; proceeds return as next year's "
    "allowance.",
    "budgets.gdp_target_share": "Binds the states gdp_target_states names (by default NATO "
    "members in gdp_target_from); ramps from the index of the year before gdp_target_from.",
    "cooperation.enabled": "Random crises have their own stream (crisis_rng), so the twin faces "
    "the same crises; price factors and staff are calibrated with the 2012 arrangements in both.",
    "cooperation.forms_allowed": "Not applied to scheduled arrangements either (top-level "
    "[[arrangements]] starting after the start year).",
}


def _leaf_fields(instance: BaseModel, prefix: str):
    """Yield (dotted key, field info, default value) for every leaf field, in declaration order."""
    for name, info in type(instance).model_fields.items():
        value = getattr(instance, name)
        key = f"{prefix}{name}"
        if isinstance(value, BaseModel):
            yield from _leaf_fields(value, key + ".")
        else:
            yield key, info, value


def _fmt(value: object) -> str:
    if value is None or value == {}:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_fmt(v) for v in value) + "]"
    if isinstance(value, str):
        return f'"{value}"'
    return repr(value)


def _range(info) -> str:
    ann = info.annotation
    if typing.get_origin(ann) is dict:  # a table keyed by the user: the range of its values
        value = typing.get_args(ann)[1]
        extras = typing.get_args(value)[1:]
        metadata = [m for extra in extras for m in getattr(extra, "metadata", [extra])]
        return "per key: " + _bounds(metadata, typing.get_args(value)[0], ())
    args = typing.get_args(ann) if isinstance(ann, types.UnionType) else ()
    base = next((a for a in args if a is not type(None)), ann)
    return _bounds(info.metadata, base, args)


def _bounds(metadata, base, args) -> str:
    lo = hi = None
    lo_open = hi_open = False
    for m in metadata:
        if isinstance(m, at.Ge):
            lo = m.ge
        elif isinstance(m, at.Gt):
            lo, lo_open = m.gt, True
        elif isinstance(m, at.Le):
            hi = m.le
        elif isinstance(m, at.Lt):
            hi, hi_open = m.lt, True
    if base is bool:
        return "true / false"
    if typing.get_origin(base) is tuple:
        return "list"
    if lo is None and hi is None:
        return "any"
    left = "(" if lo_open or lo is None else "["
    right = ")" if hi_open or hi is None else "]"
    low = "-inf" if lo is None else _fmt(lo)
    high = "inf" if hi is None else _fmt(hi)
    text = f"{left}{low}, {high}{right}"
    if base is int:
        text += " int"
    if args:
        text += " or none"
    return text


def table() -> str:
    """Return the Markdown parameter table."""
    alias_of = {v: k for k, v in KEY_ALIASES.items()}
    lines = [
        "| key | unit | default | range | meaning and source |",
        "|---|---|---|---|---|",
    ]
    missing = []
    for key, info, value in _leaf_fields(Params(), ""):
        group, _, rest = key.partition(".")
        shown = f"`{key}`"
        if isinstance(value, dict):
            shown = f"`{key}.<ISO3>`"
        if group in alias_of:
            shown += f" (alias `{alias_of[group]}.{rest}`)"
        leaf = key.rsplit(".", 1)[-1]
        unit = UNITS.get(leaf)
        if unit is None:
            missing.append(key)
            unit = "?"
        text = (info.description or "").replace("|", "\\|")
        if key in NOTES:
            text += f" *{NOTES[key]}*"
        lines.append(f"| {shown} | {unit} | {_fmt(value)} | {_range(info)} | {text} |")
    if missing:
        print("no unit for: " + ", ".join(missing), file=sys.stderr)
    forms = ", ".join(f.id for f in Form)
    lines.append("")
    lines.append(
        f"Form rows (`forms.<form>.*`) are given for each of the six forms, shallow to deep: "
        f"{forms}. Generated by `docs/make_param_table.py` from `model/params.py`; "
        "do not edit by hand."
    )
    return "\n".join(lines)


def write(path: Path = ODD) -> None:
    """Replace the block between the markers in ``path`` with a fresh table."""
    text = path.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"{path}: markers {START} / {END} not found")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{START}\n{table()}\n{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Print the table, or with ``--write`` rewrite the block in ``docs/ODD.md``."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="rewrite the block in docs/ODD.md")
    args = ap.parse_args(argv)
    if args.write:
        write()
    else:
        print(table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

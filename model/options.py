"""The planner's options, directly: ``coopsim options STATE CAPABILITY --option FORM:PARTNERS``.

The note's planner asks, for one state and one area, "pool with BEL, integrate with BEL, or hand
the role to BEL?" (note, § Samenwerkingspartners: the six forms, from joint hire to role and task
specialisation, "restrict (sovereign) freedom of action ever further, to give more capacity to
act back through partners"). ``coopsim compare`` can only answer it indirectly, by changing
every state's menu of forms. Here each option is **scheduled** as an arrangement of the scenario
(a ``[[arrangements]]`` row starting in ``--from``, as the Benelux deepening is scheduled in
``scenarios/benelux_deepening.toml``) in the same world and on the same seeds as the baseline,
the scenario unchanged ("carrying on as is"); each option is then a paired comparison against
the baseline (:func:`model.compare.assemble`), and all of them share one report.

A role specialisation option hands the state's units of the area to the first partner, which
commits them to the state's requirement (``hands_over``, read by
:meth:`model.arrangements.ArrangementBook.start_rows`), as a bottom-up specialisation's dropper
does. An option that the model's own rules would refuse -- the state's sovereignty floor, a
strategic rivalry, a member without the area, a form the scenario does not allow, a parliament
that may block it -- is run anyway (it is the planner's question) and flagged
(:func:`refusals`): the rules are those of :func:`model.arrangements.feasible_grid`,
:func:`model.arrangements.join_consent` and :meth:`model.arrangements.ArrangementBook.consent`,
read here from the same arrays and parameters, without changing them.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model import cliargs
from model.analysis import FOCUS_ARRANGEMENT_COLUMNS, band, default_at_years
from model.compare import (
    DEFAULT_SEEDS,
    Comparison,
    PairTask,
    assemble,
    check_counts,
    check_focus,
    gather,
    run_pairs,
)
from model.folders import atomic_folder
from model.forms import FLEET_FORMS, FormTable
from model.params import FORM_IDS, Culture, Form
from model.reports import (
    MONEY_UNIT,
    focus_cells,
    focus_metrics,
    formed_rows,
    key_year,
    md_table,
    md_to_html,
    robust_line,
)
from model.results import jsonable, write_csv
from model.run import portable
from model.scenario import Scenario, ScenarioError, load_scenario
from model.version import MODEL_VERSION
from model.world import build_world

__all__ = ["Option", "OptionsResult", "parse_option", "plan_options", "refusals", "register"]

#: The side of the baseline ("carrying on as is") in the tables.
BASELINE = "baseline"
#: Below this probability that every parliament approves, the flag says a parliament may block.
PARLIAMENT_NOTE = 0.999


@dataclass(frozen=True)
class Option:
    """One option: a form of cooperation with named partners, e.g. ``pooling:BEL``."""

    form: str
    partners: tuple[str, ...]

    @property
    def text(self) -> str:
        """As given on the command line: ``specialisation:BEL,FRA``."""
        return f"{self.form}:{','.join(self.partners)}"

    def words(self, state: str, area: str, year: int) -> str:
        """In words: "NLD: specialisation in mine countermeasures with BEL, FRA from 2016"."""
        return (
            f"{state}: {self.form.replace('_', ' ')} in {area} with {', '.join(self.partners)} "
            f"from {year}"
        )


def parse_option(text: str, state: str, states: Sequence[str]) -> Option:
    """``FORM:P1,P2`` -> :class:`Option`; a one-line :class:`ScenarioError` if it is not one."""
    form, sep, rest = str(text).partition(":")
    partners = tuple(p.strip() for p in rest.split(",") if p.strip())
    where = f"--option {text}"
    if not sep or not partners:
        raise ScenarioError(f"{where}: expected FORM:PARTNER[,PARTNER...], e.g. pooling:BEL")
    if form not in FORM_IDS:
        raise ScenarioError(
            f"{where}: unknown form {form!r} (expected one of {', '.join(FORM_IDS)})"
        )
    for p in partners:
        if p == state:
            raise ScenarioError(f"{where}: {state} is the state itself, not a partner")
        if p not in states:
            raise ScenarioError(
                f"{where}: unknown partner {p!r} (expected an ISO3 code of the scenario, such as "
                f"{', '.join(s for s in states[:5] if s != state)})"
            )
    if len(set(partners)) != len(partners):
        raise ScenarioError(f"{where}: a partner is named twice")
    return Option(form, partners)


# ------------------------------------------------------------------ would the model refuse it?
def refusals(spec: Scenario, state: str, capability: str, option: Option) -> list[str]:
    """What in the model's own rules would refuse (or void) this option, in words.

    The checks are those the model applies to a bottom-up proposal in the start year's world:
    the scenario's forms (``cooperation.forms_allowed``); the state's sovereignty floor (no role
    specialisation in a floor area, :func:`model.arrangements.feasible_grid`); a strategic
    rivalry among the members (no operational cooperation or deeper,
    :func:`model.arrangements.join_consent`); fleet forms need every member to hold the area and
    specialisation a provider at viable scale (:func:`model.arrangements.feasible_grid`); a
    parliament may block a deep form (probability ``forms.<form>.parliament_hurdle`` x the
    parliament-consent score, :meth:`model.arrangements.ArrangementBook.consent`). Whether each
    partner would gain enough to consent is decided by the running model and is not checked here.
    """
    w = build_world(spec)
    s, c = w.states.index(state), w.capabilities.index(capability)
    ps = [w.states.index(p) for p in option.partners]
    form = Form.from_id(option.form)
    out: list[str] = []
    if option.form not in spec.params.cooperation.forms_allowed:
        out.append(f"the scenario does not allow {_nice(option.form)} (cooperation.forms_allowed)")
    if form is Form.SPECIALISATION and w.floor[s, c]:
        out.append(
            f"{_nice(capability)} is inside {state}'s sovereignty floor: it would never "
            "hand the role over"
        )
    if form >= Form.OPERATIONAL and w.rivalry is not None:
        members = [s, *ps]
        rivals = [w.states[b] for a in members for b in members if a < b and w.rivalry[a, b]]
        if rivals:
            out.append(
                f"strategic rivalry among the members ({', '.join(sorted(set(rivals)))}): "
                "no operational cooperation or deeper"
            )
    out += _holding_checks(w, s, c, ps, form, capability)
    return out


def _holding_checks(
    w: Any, s: int, c: int, ps: list[int], form: Form, capability: str
) -> list[str]:
    """Fleet forms: every member holds the area; specialisation: a provider at viable scale."""
    h = w.holdings0
    area = _nice(capability)
    if form in FLEET_FORMS:
        none = [w.states[m] for m in [s, *ps] if h[m, c] <= 0.0]
        return (
            [
                f"{', '.join(none)} held no {area} at the start (a fleet form needs every "
                "member to hold the area)"
            ]
            if none
            else []
        )
    if form is Form.SPECIALISATION:
        out = []
        if h[ps[0], c] < w.min_viable[c]:
            out.append(
                f"{w.states[ps[0]]} held {h[ps[0], c]:.1f} {area} at the start, below the "
                f"viable scale of {w.min_viable[c]:.1f} a provider needs"
            )
        if h[s, c] <= 0.0:
            out.append(f"{w.states[s]} held no {area} to hand over at the start")
        return out
    return []


def parliament_approval(spec: Scenario, state: str, option: Option) -> float:
    """Probability that every member's parliament approves (the model's consent draw)."""
    w = build_world(spec)
    hurdle = float(
        FormTable.from_params(spec.params.forms).parliament_hurdle[Form.from_id(option.form)]
    )
    members = [w.states.index(m) for m in (state, *option.partners)]
    block = hurdle * w.culture[members, Culture.PARLIAMENT_CONSENT]
    return float(np.prod(1.0 - np.clip(block, 0.0, 1.0)))


def existing_arrangements(spec: Scenario, state: str, capability: str, year: int) -> list[str]:
    """The state's arrangements in the area that the scenario already has running by ``year``."""
    t = spec.tables["arrangements"]
    mine = t[(t["capability"] == capability) & (t["start_year"] <= year)]
    mine = mine[mine["members"].str.split(";").map(lambda ms: state in ms).astype(bool)]
    return [
        f"{_nice(r.form)} ({r.id}, {r.members.replace(';', ', ')}, since {r.start_year})"
        for r in mine.itertuples()
    ]


# ------------------------------------------------------------------ the scheduled variant
def scheduled(
    spec: Scenario, state: str, capability: str, option: Option, year: int, index: int
) -> Scenario:
    """The scenario with the option as a scheduled arrangement starting in ``year``."""
    spec_row = option.form == Form.SPECIALISATION.id
    lead = option.partners[0] if spec_row else state
    row = {
        "id": f"OPTION{index}-{option.form}-{capability}",
        "source_id": "",
        "capability": capability,
        "form": option.form,
        "members": ";".join([*option.partners, state] if spec_row else [state, *option.partners]),
        "lead": lead,
        "start_year": int(year),
        "institution": "",
        "provider_pays": False,
        "source": "coopsim options",
        "notes": option.text,
        "hands_over": state if spec_row else "",
    }
    table = spec.tables["arrangements"].assign(hands_over="")
    extra = pd.DataFrame([row]).astype(table.dtypes.to_dict())
    tables = {**spec.tables, "arrangements": pd.concat([table, extra], ignore_index=True)}
    return dataclasses.replace(spec, tables=tables)


# ------------------------------------------------------------------ the result
@dataclass
class OptionsResult:
    """The options of one state and area against carrying on as is, each a paired comparison."""

    state: str
    capability: str
    start: int
    scenario: str
    options: list[Option]
    comparisons: list[Comparison]
    flags: list[list[str]]
    approval: list[float]
    existing: list[str]
    others: pd.DataFrame  # per side, seed and year: the partners' rows in the area
    seeds: list[int]
    years: tuple[int, int]
    at: list[int]
    unit: str = "units"

    @property
    def sides(self) -> list[str]:
        """``baseline`` and the options as given."""
        return [BASELINE] + [o.text for o in self.options]

    def focus(self) -> pd.DataFrame:
        """The state's per-year rows, ``side`` = ``baseline`` or the option."""
        frames = [_relabel(self.comparisons[0].focus, {"A": BASELINE})]
        frames += [
            _relabel(c.focus, {"B": o.text})
            for o, c in zip(self.options, self.comparisons, strict=True)
        ]
        return pd.concat(frames, ignore_index=True)

    def focus_arrangements(self) -> pd.DataFrame:
        """``focus_arrangements.csv``: the compare columns, ``side`` the option, flags added."""
        cols = list(FOCUS_ARRANGEMENT_COLUMNS)
        frames = [_relabel(self.comparisons[0].focus_arrangements, {"A": BASELINE})[cols]]
        frames += [
            _relabel(c.focus_arrangements, {"B": o.text})[cols]
            for o, c in zip(self.options, self.comparisons, strict=True)
        ]
        out = pd.concat(frames, ignore_index=True)
        flag = dict(zip((o.text for o in self.options), self.flags, strict=True))
        out["option_refused_by_rules"] = out["side"].map(lambda s: bool(flag.get(s)))
        out["option_flags"] = out["side"].map(lambda s: "; ".join(flag.get(s, [])))
        return out

    def options_table(self) -> pd.DataFrame:
        """``options.csv``: one row per option with its flags and parliaments' approval."""
        return pd.DataFrame(
            [
                {
                    "option": o.text,
                    "form": o.form,
                    "partners": ";".join(o.partners),
                    "state": self.state,
                    "capability": self.capability,
                    "from_year": self.start,
                    "refused_by_rules": bool(f),
                    "flags": "; ".join(f),
                    "parliament_approval": p,
                }
                for o, f, p in zip(self.options, self.flags, self.approval, strict=True)
            ]
        )

    def outcomes(self) -> pd.DataFrame:
        """``outcomes.csv``: the bands of each option, state or partner, metric and year.

        With the paired difference against the baseline (``diff_*``).
        """
        rows = []
        focus = pd.concat([self.focus(), self.others], ignore_index=True)
        for who in [self.state, *sorted(set(self.others.get("state", pd.Series(dtype=str))))]:
            f = focus[focus["state"] == who]
            for col, _name, _kind in focus_metrics(self.capability, self.unit):
                for year in self.at:
                    for side in self.sides:
                        rows.append(_outcome_row(f, who, side, col, year))
        return pd.DataFrame(rows)

    def save(
        self, folder: str | os.PathLike[str], figures: bool = True, force: bool = False
    ) -> Path:
        """Write the options folder: the tables, one compare folder per option, the report."""
        with atomic_folder(folder, force, kind="options") as tmp:
            write_csv(self.focus_arrangements(), tmp / "focus_arrangements.csv")
            write_csv(self.options_table(), tmp / "options.csv")
            write_csv(self.outcomes(), tmp / "outcomes.csv")
            write_csv(self.focus(), tmp / "focus.csv")
            (tmp / "options.json").write_text(json.dumps(self.meta(), indent=2) + "\n")
            for i, comp in enumerate(self.comparisons, start=1):
                comp.save(tmp / _sub(i, self.options[i - 1]), figures=figures)
            md = options_report_markdown(self)
            (tmp / "report.md").write_text(md, encoding="utf-8")
            title = f"coopsim options: {self.state}, {_nice(self.capability)}"
            (tmp / "report.html").write_text(md_to_html(md, tmp, title), encoding="utf-8")
        return Path(folder)

    def meta(self) -> dict[str, Any]:
        """What was run, for ``options.json``."""
        return {
            "state": self.state,
            "capability": self.capability,
            "from": self.start,
            "scenario": self.scenario,
            "options": [o.text for o in self.options],
            "seeds": self.seeds,
            "years": list(self.years),
            "at": self.at,
            "model_version": MODEL_VERSION,
            "band": "5-95 % over seeds (linear-interpolated percentiles)",
            "overrides": {
                k: jsonable(v) for k, v in sorted(self.comparisons[0].overrides["A"].items())
            },
        }


def _outcome_row(f: pd.DataFrame, who: str, side: str, col: str, year: int) -> dict[str, Any]:
    def values(sd: str) -> pd.Series:
        return f[(f["side"] == sd) & (f["year"] == year)].set_index("seed")[col]

    v, b = values(side), values(BASELINE)
    both = v.index.intersection(b.index)
    lvl, diff = band(v), band(v.loc[both] - b.loc[both])
    return {
        "option": side,
        "state": who,
        "metric": col,
        "year": int(year),
        "n": lvl["n"],
        "mean": lvl["mean"],
        "p5": lvl["p5"],
        "p95": lvl["p95"],
        "diff_mean": diff["mean"],
        "diff_p5": diff["p5"],
        "diff_p95": diff["p95"],
    }


def _relabel(df: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Only the rows of the sides in ``names``, their ``side`` renamed."""
    if df.empty:
        return df
    d = df[df["side"].isin(list(names))].copy()
    d["side"] = d["side"].map(names)
    return d


def _sub(i: int, option: Option) -> str:
    return f"option{i}-{option.form}-{'-'.join(option.partners)}"


def _nice(s: str) -> str:
    return str(s).replace("_", " ")


# ------------------------------------------------------------------ running the options
def plan_options(
    state: str,
    capability: str,
    options: Sequence[str],
    start: int | None = None,
    scenario: str | os.PathLike[str] = "reference_2012",
    seeds: int = DEFAULT_SEEDS,
    years: tuple[int, int] | None = None,
    overrides: dict[str, Any] | None = None,
    workers: int | None = None,
    progress: bool | None = None,
) -> OptionsResult:
    """Run each option, scheduled from ``start``, and the baseline on seeds 1..K, paired.

    Parameters
    ----------
    state, capability
        The planner's state (ISO 3166 alpha-3) and area.
    options
        ``FORM:PARTNER[,PARTNER...]`` each (forms as in ``arrangements.csv``).
    start
        First year of the options (after the scenario's first year; default the year after).
    scenario, years, overrides
        The world: a scenario name or path, ``(from, to)`` and ``--set``-style overrides.
    seeds, workers, progress
        As ``coopsim compare``: paired seeds, processes (results do not depend on them) and a
        progress bar.

    Raises
    ------
    ScenarioError
        A one-line message for an unknown state, area, form or partner, the state among its
        own partners, or ``start`` outside the scenario's years.
    """
    check_counts(seeds, workers)
    base = load_scenario(scenario, overrides or None, years)
    check_focus(base, state, capability)
    year = _start_year(base, start)
    if not options:
        raise ScenarioError("--option: give at least one option, e.g. --option pooling:BEL")
    opts = [parse_option(t, state, base.states) for t in options]
    specs = [base] + [
        scheduled(base, state, capability, o, year, i) for i, o in enumerate(opts, start=1)
    ]
    seed_list = list(range(1, int(seeds) + 1))
    names, tasks = _pair_tasks(base, specs, opts, (state, capability, year), seed_list)
    outputs = run_pairs(tasks, workers=workers, progress=progress)
    span = (base.params.simulation.start_year, base.params.simulation.end_year)
    at = default_at_years(span)
    focus = (state, capability, year)
    comps = [
        _comparison(base, specs[i], opts[i - 1], names[i], outputs, seed_list, span, at, focus)
        for i in range(1, len(specs))
    ]
    others = gather(outputs, "others")
    sides = dict(zip(names, [BASELINE] + [o.text for o in opts], strict=True))
    others["side"] = others["side"].map(sides)
    caps = base.tables["capabilities"]
    units = dict(zip(caps["id"], caps["unit"], strict=True))
    return OptionsResult(
        state=state,
        capability=capability,
        start=year,
        scenario=base.name,
        options=opts,
        comparisons=comps,
        flags=[refusals(base, state, capability, o) for o in opts],
        approval=[parliament_approval(base, state, o) for o in opts],
        existing=existing_arrangements(base, state, capability, year),
        others=others,
        seeds=seed_list,
        years=span,
        at=at,
        unit=str(units.get(capability, "units")),
    )


def _pair_tasks(
    base: Scenario,
    specs: Sequence[Scenario],
    opts: Sequence[Option],
    focus: tuple[str, str, int],
    seed_list: Sequence[int],
) -> tuple[list[str], list[PairTask]]:
    """Side names (``A`` = carry on as is, ``B001``... the options) and one task per side x seed."""
    state, capability, year = focus
    names = ["A"] + [f"B{i:03d}" for i in range(1, len(opts) + 1)]
    words = [f"carry on as is ({base.name})"] + [
        o.words(state, _nice(capability), year) for o in opts
    ]
    partners = tuple(sorted({p for o in opts for p in o.partners}))
    tasks = [
        PairTask(name, label, sp, seed, state, capability, state, partners)
        for name, label, sp in zip(names, words, map(portable, specs), strict=True)
        for seed in seed_list
    ]
    return names, tasks


def _start_year(base: Scenario, start: int | None) -> int:
    """``--from``: after the first year (calibration stays the baseline's), by the last."""
    first, last = base.params.simulation.start_year, base.params.simulation.end_year
    year = first + 1 if start is None else int(start)
    if not first < year <= last:
        raise ScenarioError(
            f"--from {year}: outside the scenario's years (expected {first + 1}-"
            f"{last}: an option starts after the first year {first})"
        )
    return year


def _comparison(
    base: Scenario,
    spec: Scenario,
    option: Option,
    name: str,
    outputs: Sequence[dict[str, pd.DataFrame]],
    seed_list: list[int],
    span: tuple[int, int],
    at: list[int],
    focus: tuple[str, str, int],
) -> Comparison:
    """The paired comparison of one option (side B) against the baseline (side A).

    ``focus`` is the state, its area and the option's first year.
    """
    state, capability, year = focus
    mine = [_as_side(o, name) for o in outputs if o["runs"]["side"].iloc[0] in ("A", name)]
    words = option.words(state, _nice(capability), year)
    labels = {"A": f"carry on as is ({base.name})", "B": words}
    over = {"A": dict(base.overrides), "B": dict(base.overrides)}
    comp = assemble(
        {"A": base, "B": spec}, over, labels, mine, seed_list, span, at, state, capability, state
    )
    comp.descriptions = {
        "A": base.description,
        "B": f"{base.description} — with the option {words}",
    }
    return comp


def _as_side(output: dict[str, pd.DataFrame], name: str) -> dict[str, pd.DataFrame]:
    """A task's tables with side ``name`` renamed B (the baseline stays A)."""
    return {
        key: df.assign(side=df["side"].replace({name: "B"})) if len(df) else df
        for key, df in output.items()
    }


# ------------------------------------------------------------------ the report
#: The planner's numbers in the options tables: (column, heading, kind).
OPTION_METRICS = (
    ("own_level", "Own level", "units"),
    ("gap", "Gap in the area", "share"),
    ("autonomy", "Autonomy", "share"),
    ("capacity_to_act", "Capacity to act", "share"),
    ("savings", "Savings from cooperation that year", "money"),
    ("savings_cumulative", "Savings from cooperation, cumulative", "money"),
)
#: The partners' numbers (paired difference against carrying on as is).
PARTNER_METRICS = (
    ("own_level", "Own level", "units"),
    ("gap", "Gap in the area", "share"),
    ("autonomy", "Autonomy", "share"),
    ("savings", "Savings from cooperation that year", "money"),
)


def options_report_markdown(res: OptionsResult) -> str:
    """The options report: the planner's view first, then each option's compare report."""
    st, area = res.state, _nice(res.capability)
    ky = key_year(res.at)
    L = _options_intro(res)
    L += [f"## {st}, {area}: the planner's view", ""]
    L += _rules_lines(res)
    L += [
        f"### What {st} formed in {area}",
        "",
        f"Every arrangement {st} was a member of in {area}, with the share of the "
        f"{len(res.seeds)} seeds in which it ran; the option's own arrangement starts in "
        f"{res.start} in every seed (it is scheduled).",
        "",
    ]
    shares = res.focus_arrangements()
    rows = formed_rows(shares, res.sides, st, False)
    head = ["Form", "Members", "Start", "Origin", *res.sides]
    L += md_table(head, rows, ["l"] * 4 + ["r"] * len(res.sides)) if rows else ["None.", ""]
    L += _numbers_lines(res, ky)
    L += _partner_lines(res, ky)
    L += _each_option_lines(res)
    return "\n".join(L).rstrip() + "\n"


def _options_intro(res: OptionsResult) -> list[str]:
    st, area = res.state, _nice(res.capability)
    n, (y0, y1) = len(res.seeds), res.years
    L = [
        f"# {st}, {area}: {len(res.options)} options from {res.start} against carrying on as is",
        "",
        f"World: scenario {res.scenario}, {y0}–{y1}, {n} paired seeds (seed *i* runs under "
        "every option and the baseline, so each seed's difference removes the shared luck). "
        f"Each option is an arrangement of {st} in {area} scheduled from {res.start}; "
        f"*carrying on as is* is the scenario unchanged. Everything else -- other states' "
        "choices, budgets, crises -- runs as the model decides.",
        "",
        "Every number is the **mean over seeds** with the **5–95 % band** in brackets; "
        "differences against carrying on as is are taken per seed, then summarised the same "
        "way. A difference is **not robust** when its band includes zero. Money is in "
        f"{MONEY_UNIT}; *savings from cooperation* are against the same state going it alone "
        "(not budget cuts).",
        "",
    ]
    if res.existing:
        L += [
            f"Already in place in {area} when the options start: "
            + "; ".join(res.existing)
            + ". A fleet option shallower than one of these "
            "changes no costs (the deepest fleet arrangement sets them).",
            "",
        ]
    return L


def _rules_lines(res: OptionsResult) -> list[str]:
    rows = []
    for o, flags, p in zip(res.options, res.flags, res.approval, strict=True):
        verdict = ("**would be refused:** " + "; ".join(flags)) if flags else "no rule refuses it"
        parl = pct_text(p) + (" — a parliament may block it" if p < PARLIAMENT_NOTE else "")
        rows.append([f"`{o.text}`", verdict, parl])
    return [
        "### The options and the model's own rules",
        "",
        "Each option is run whatever the rules say (it is the planner's question); where the "
        "model would refuse it, the flag says which rule. Whether each partner would gain "
        "enough to consent is not checked.",
        "",
        *md_table(
            ["Option", "The model's rules", "Every parliament approves"], rows, ["l", "l", "l"]
        ),
    ]


def pct_text(x: float) -> str:
    """0.734 -> "73 %"."""
    return f"{100 * x:.0f} %"


def _numbers_lines(res: OptionsResult, year: int) -> list[str]:
    st, f = res.state, res.focus()
    heads = [h + (f" ({res.unit})" if k == "units" else "") for _c, h, k in OPTION_METRICS]
    level = [
        [side] + [focus_cells(f, side, year, c, k) for c, _h, k in OPTION_METRICS]
        for side in res.sides
    ]
    diff = [
        [o.text]
        + [focus_cells(f, o.text, year, c, k, base=BASELINE) for c, _h, k in OPTION_METRICS]
        for o in res.options
    ]
    return [
        f"### What each option cost and gave {st} ({year})",
        "",
        *md_table(["", *heads], level),
        f"**Against carrying on as is** (paired, option − baseline, {year}):",
        "",
        *md_table(["", *heads], diff),
        *[
            f"- `{o.text}`: " + robust_line(f, o.text, BASELINE, year, OPTION_METRICS)
            for o in res.options
        ],
        "",
    ]


def _partner_lines(res: OptionsResult, year: int) -> list[str]:
    o_df = res.others
    L = [f"### The partners ({year}, option − carrying on as is, paired)", ""]
    if o_df.empty:
        return L + ["None.", ""]
    heads = [h + (f" ({res.unit})" if k == "units" else "") for _c, h, k in PARTNER_METRICS]
    rows = []
    for o in res.options:
        for p in o.partners:
            f = o_df[o_df["state"] == p]
            rows.append(
                [f"`{o.text}`", p]
                + [
                    focus_cells(f, o.text, year, c, k, base=BASELINE)
                    for c, _h, k in PARTNER_METRICS
                ]
            )
    return L + md_table(["Option", "Partner", *heads], rows)


def _each_option_lines(res: OptionsResult) -> list[str]:
    L = [
        "## Each option in full",
        "",
        "Each option against carrying on as is, as a compare folder (the same report, tables "
        "and figures as `coopsim compare`):",
        "",
    ]
    for i, o in enumerate(res.options, start=1):
        sub = _sub(i, o)
        L.append(f"- `{o.text}`: [{sub}/report.html]({sub}/report.html)")
    return L + [""]


# ------------------------------------------------------------------ command line
def register(
    sub: Any, bad_input: type[Exception] = cliargs.BadInput
) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add ``coopsim options`` to the subparsers; return its handler."""
    p = sub.add_parser(
        "options",
        help="a state's options in one area (pool, integrate, hand over...) against carrying on",
    )
    p.add_argument("state", help="the state (ISO3), e.g. NLD")
    p.add_argument("capability", help="its capability area, e.g. mine_countermeasures")
    p.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="FORM:PARTNERS",
        help="an option, e.g. pooling:BEL or specialisation:BEL,FRA (repeatable)",
    )
    p.add_argument(
        "--from",
        dest="start",
        type=int,
        metavar="YEAR",
        help="first year of the options (default: the year after the first)",
    )
    p.add_argument("--scenario", default="reference_2012", help="the world (name or path)")
    p.add_argument(
        "--seeds",
        type=int,
        default=DEFAULT_SEEDS,
        help=f"paired seeds 1..K (default {DEFAULT_SEEDS}, at least 2)",
    )
    cliargs.add_years(p, help="simulated years, inclusive")
    cliargs.add_workers(p)
    cliargs.add_sets(p, help="override a parameter of the scenario (repeatable)")
    cliargs.add_out(p, help="options folder (default results/options-STATE-CAPABILITY/)")
    p.add_argument("--no-figures", action="store_true", help="skip the figures")

    def cmd_options(args: argparse.Namespace) -> int:
        """Run the options and the baseline, paired, and write the options folder."""
        years = cliargs.parse_years(args.years) if args.years else None
        if not args.option:
            raise bad_input("--option: give at least one option, e.g. --option pooling:BEL")
        out = args.out or Path("results") / f"options-{args.state}-{args.capability}"
        # everything is checked (names, forms, partners, years) before running or writing
        base = load_scenario(args.scenario, cliargs.parse_sets(args.set) or None, years)
        check_focus(base, args.state, args.capability)
        for text in args.option:
            parse_option(text, args.state, base.states)
        cliargs.check_out(out, args.force, bad_input)
        res = plan_options(
            args.state,
            args.capability,
            args.option,
            args.start,
            args.scenario,
            args.seeds,
            years,
            cliargs.parse_sets(args.set),
            args.workers,
        )
        res.save(out, figures=not args.no_figures, force=args.force)
        print(
            f"{out}: {len(res.options)} options for {res.state}, {_nice(res.capability)} "
            f"from {res.start}, {len(res.seeds)} paired seeds, {res.years[0]}-{res.years[1]}"
        )
        return 0

    return {"options": cmd_options}

"""Backtest: does the reference scenario form the arrangements that formed after 2012.

An outcomes file lists real arrangements formed after mid-2012, one per row::

    id,year,members,capability,form,source
    DEU-NLD-TANKS,2016,DEU;NLD,land_manoeuvre,integrated,https://...

(``members`` ISO3 codes joined by ``;``; ``capability`` and ``form`` contract ids; extra
columns such as ``source`` and ``certainty`` are kept. An optional ``pattern`` column names how
the arrangement formed, one of ``procurement``, ``framework``, ``integration``,
``specialisation`` (issue 12); recall and lift are then also reported per pattern, see
:func:`by_pattern`.) For each outcome and seed the model *hits* if it forms an arrangement
(origin not ``initial``) that

- is in the same capability area,
- counts all of the outcome's members among everyone ever in it (``members`` of
  arrangements.csv),
- started within ``±window`` years (default 3) of the outcome's year, and
- is at most ``depth_tolerance`` (default 1) forms away from the outcome's form on the
  note's shallow-to-deep order (joint_hire 0 ... specialisation 5).

The outcome's **probability** is the share of seeds with a hit; **recall** is the mean
probability over outcomes. The **null model** keeps every model-formed arrangement's area,
form, size *k* and start year but draws its members uniformly among the scenario's *N* states;
an arrangement of size *k >= m* contains *m* given states with probability
``C(N-m, k-m) / C(N, k)``, so per seed ``P(hit) = 1 - prod(1 - p_a)`` over the eligible
arrangements, exactly (no sampling). **Lift** = model probability / null probability.

**By pattern**: the same recall, null recall and lift over the outcomes of each pattern (an
outcome file without ``pattern`` is one group, ``all``); empty cells are grouped as
``unassigned``. Lift by pattern is the ratio of the group's means, like the overall lift.

A limitation of the tables: ``start_year`` is when the arrangement began, not when a later
member joined; an outcome member who joined an older model arrangement counts only if that
arrangement began within the window.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model.figures import save_png
from model.params import FORM_IDS
from model.results import write_csv
from model.scenario import load_scenario
from model.validation.runs import run_seeds

DEFAULT_SEEDS = 20
DEFAULT_YEARS = (2012, 2025)
WINDOW = 3
DEPTH_TOLERANCE = 1
REQUIRED = ("id", "year", "members", "capability", "form")
PATTERN = "pattern"
PATTERNS = ("procurement", "framework", "integration", "specialisation")
ALL = "all"
UNASSIGNED = "unassigned"
DEPTH = {f: i for i, f in enumerate(FORM_IDS)}


class OutcomeError(ValueError):
    """A bad outcomes file: the message is one line naming the file, row and value."""


# ------------------------------------------------------------------ the outcomes file
def load_outcomes(
    path: str | Path,
    states: Sequence[str],
    capabilities: Sequence[str],
) -> pd.DataFrame:
    """Read and validate an outcomes CSV.

    Parameters
    ----------
    path
        The CSV (columns ``id, year, members, capability, form``; more are kept).
    states, capabilities
        The scenario's ISO3 codes and capability ids.

    Returns
    -------
    pandas.DataFrame
        The outcomes, ``members`` normalised (sorted, ``;``-joined), ``year`` an int.

    Raises
    ------
    OutcomeError
        On a missing file or column, an empty file, a duplicate id, a bad year, an unknown
        state, capability, form or pattern, or fewer than two distinct members.
    """
    path = Path(path)
    df = _read_outcomes_csv(path)
    known_states, known_caps = set(states), set(capabilities)
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, r in df.iterrows():
        line = i + 2  # header is line 1
        rows.append(
            _outcome_row(r, line, path, seen, known_states, known_caps, PATTERN in df.columns)
        )
    return pd.DataFrame(rows)


def _read_outcomes_csv(path: Path) -> pd.DataFrame:
    """The outcomes CSV as text columns, its required columns present and at least one row."""
    if not path.is_file():
        raise OutcomeError(f"{path}: no such file; expected an outcomes CSV")
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, comment=None)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise OutcomeError(f"{path}: not a readable CSV ({first})") from None
    df.columns = [c.strip() for c in df.columns]
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise OutcomeError(
            f"{path}: missing column(s) {', '.join(missing)}; expected {', '.join(REQUIRED)}"
        )
    if df.empty:
        raise OutcomeError(f"{path}: no outcomes; expected at least one row")
    return df


def _outcome_row(
    r: pd.Series,
    line: int,
    path: Path,
    seen: set[str],
    known_states: set[str],
    known_caps: set[str],
    has_pattern: bool,
) -> dict[str, Any]:
    """One outcome row, validated and normalised; its id is added to ``seen``."""
    oid = r["id"].strip()
    where = f"{path}: line {line} (id {oid!r})"
    if not oid:
        raise OutcomeError(f"{path}: line {line}: empty id")
    if oid in seen:
        raise OutcomeError(f"{where}: duplicate id; ids must be unique")
    seen.add(oid)
    ytext = r["year"].strip()
    if not ytext.isdigit() or not 1900 <= int(ytext) <= 2100:
        raise OutcomeError(f"{where}: year {ytext!r}; expected a year such as 2016")
    cap = r["capability"].strip()
    if cap not in known_caps:
        raise OutcomeError(
            f"{where}: unknown capability {cap!r}; expected one of {', '.join(sorted(known_caps))}"
        )
    form = r["form"].strip()
    if form not in DEPTH:
        raise OutcomeError(f"{where}: unknown form {form!r}; expected one of {', '.join(FORM_IDS)}")
    members = [m.strip().upper() for m in r["members"].split(";") if m.strip()]
    unknown = [m for m in members if m not in known_states]
    if unknown:
        raise OutcomeError(
            f"{where}: unknown state(s) {', '.join(unknown)} in members; expected ISO3 "
            "codes of the scenario's states joined by ';'"
        )
    if len(set(members)) < 2 or len(set(members)) != len(members):
        raise OutcomeError(
            f"{where}: members {r['members']!r}; expected two or more distinct ISO3 codes "
            "joined by ';'"
        )
    row = {k: (v.strip() if isinstance(v, str) else v) for k, v in r.items()}
    row.update(
        id=oid, year=int(ytext), capability=cap, form=form, members=";".join(sorted(members))
    )
    if has_pattern:
        pattern = r[PATTERN].strip().lower()
        if pattern and pattern not in PATTERNS:
            raise OutcomeError(
                f"{where}: unknown pattern {r[PATTERN]!r}; expected one of "
                f"{', '.join(PATTERNS)} or empty"
            )
        row[PATTERN] = pattern
    return row


# ------------------------------------------------------------------ scoring
def _eligible(
    arrangements: pd.DataFrame,
    capability: str,
    year: int,
    form: str,
    window: int,
    depth_tolerance: int,
) -> pd.DataFrame:
    a = arrangements
    depth = a["form"].map(DEPTH)
    sel = (
        (a["origin"] != "initial")
        & (a["capability"] == capability)
        & ((a["start_year"].astype(int) - year).abs() <= window)
        & ((depth - DEPTH[form]).abs() <= depth_tolerance)
    )
    return a[sel]


def hits(
    arrangements: pd.DataFrame,
    outcome: pd.Series | dict[str, Any],
    seeds: Sequence[int],
    window: int = WINDOW,
    depth_tolerance: int = DEPTH_TOLERANCE,
) -> pd.Series:
    """Per seed, whether the model forms a matching arrangement (bool Series by seed).

    ``arrangements`` is arrangements.csv of several runs with a ``seed`` column.
    """
    o = dict(outcome)
    want = set(str(o["members"]).split(";"))
    e = _eligible(arrangements, o["capability"], int(o["year"]), o["form"], window,
                  depth_tolerance)  # fmt: skip
    ok = e["members"].astype(str).str.split(";").apply(lambda m: want <= set(m))
    hit_seeds = set(e.loc[ok, "seed"].tolist())
    return pd.Series({s: s in hit_seeds for s in seeds}, dtype=bool)


def contain_probability(n_states: int, size: int, m: int) -> float:
    """P(a uniformly drawn set of ``size`` of ``n_states`` states contains ``m`` given ones)."""
    if size < m or size > n_states:
        return 0.0
    return math.comb(n_states - m, size - m) / math.comb(n_states, size)


def null_hits(
    arrangements: pd.DataFrame,
    outcome: pd.Series | dict[str, Any],
    seeds: Sequence[int],
    n_states: int,
    window: int = WINDOW,
    depth_tolerance: int = DEPTH_TOLERANCE,
) -> pd.Series:
    """Per seed: the null model's exact probability of a hit (float Series indexed by seed).

    Every model-formed arrangement keeps its area, form, size and start year; its members are
    drawn uniformly among the ``n_states`` states. Eligible arrangements are independent draws.
    """
    o = dict(outcome)
    m = len(str(o["members"]).split(";"))
    e = _eligible(arrangements, o["capability"], int(o["year"]), o["form"], window,
                  depth_tolerance)  # fmt: skip
    sizes = e["members"].astype(str).str.count(";") + 1
    p = sizes.apply(lambda k: contain_probability(n_states, int(k), m))
    miss = (1.0 - p).groupby(e["seed"]).prod()
    return pd.Series({s: 1.0 - float(miss.get(s, 1.0)) for s in seeds}, dtype=float)


def score(
    arrangements: pd.DataFrame,
    outcomes: pd.DataFrame,
    seeds: Sequence[int],
    n_states: int,
    window: int = WINDOW,
    depth_tolerance: int = DEPTH_TOLERANCE,
) -> pd.DataFrame:
    """Score every outcome against the pooled arrangements of ``seeds``.

    Returns
    -------
    pandas.DataFrame
        One row per outcome: the outcome's columns, then ``probability`` (share of seeds with a
        hit), ``null_probability`` (mean over seeds of the null model's exact hit probability),
        ``lift`` (probability / null_probability; NaN when the null is 0), ``hit_seeds`` (the
        seeds with a hit, ``;``-joined), ``n_seeds``.
    """
    seeds = list(seeds)
    rows = []
    for _, o in outcomes.iterrows():
        h = hits(arrangements, o, seeds, window, depth_tolerance)
        nh = null_hits(arrangements, o, seeds, n_states, window, depth_tolerance)
        prob, null = float(h.mean()), float(nh.mean())
        row = dict(o)
        row.update(
            probability=prob,
            null_probability=null,
            lift=prob / null if null > 0 else np.nan,
            hit_seeds=";".join(str(s) for s in h.index[h.to_numpy()]),
            n_seeds=len(seeds),
        )
        rows.append(row)
    return pd.DataFrame(rows)


def overall(table: pd.DataFrame) -> dict[str, float]:
    """Recall (mean probability), the null's recall, and their ratio (lift)."""
    recall = float(table["probability"].mean()) if len(table) else np.nan
    null = float(table["null_probability"].mean()) if len(table) else np.nan
    return {
        "recall": recall,
        "null_recall": null,
        "lift": recall / null if null and null > 0 else np.nan,
        "outcomes": int(len(table)),
        "outcomes_hit_at_least_once": int((table["probability"] > 0).sum()),
    }


def by_pattern(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`overall`'s figures per pattern, then one ``all`` row for every outcome.

    Groups are the ``pattern`` column's values (issue 12's four first, in that order, then any
    other, ``unassigned`` for empty cells); without the column there is only the ``all`` row.

    Returns
    -------
    pandas.DataFrame
        Columns ``pattern, outcomes, outcomes_hit_at_least_once, recall, null_recall, lift``.
    """
    cols = ["pattern", "outcomes", "outcomes_hit_at_least_once", "recall", "null_recall", "lift"]
    rows = []
    if PATTERN in table.columns and len(table):
        label = table[PATTERN].fillna("").astype(str).str.strip().replace("", UNASSIGNED)
        present = list(dict.fromkeys(label))
        order = [p for p in PATTERNS if p in present] + sorted(
            p for p in present if p not in PATTERNS
        )
        for p in order:
            rows.append({"pattern": p, **overall(table[label == p])})
    rows.append({"pattern": ALL, **overall(table)})
    return pd.DataFrame(rows)[cols]


def backtest(
    outcomes: str | Path | pd.DataFrame,
    seeds: Sequence[int] | int = DEFAULT_SEEDS,
    years: tuple[int, int] = DEFAULT_YEARS,
    workers: int | None = None,
    scenario: str = "reference_2012",
    overrides: dict[str, Any] | None = None,
    window: int = WINDOW,
    depth_tolerance: int = DEPTH_TOLERANCE,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Run ``scenario`` over ``seeds`` for ``years`` and score the outcomes (Python API).

    Parameters
    ----------
    outcomes
        Path of an outcomes CSV (validated by :func:`load_outcomes`) or a loaded table.
    seeds
        Seeds, or K for seeds 1..K.
    years
        Simulated span (default 2012-2025).
    workers
        Processes (default all cores); results do not depend on it.

    Returns
    -------
    pandas.DataFrame
        :func:`score`'s table; ``DataFrame.attrs`` holds the :func:`overall` figures, the
        settings and ``by_pattern`` (:func:`by_pattern`'s rows as a list of dicts).
    """
    spec = load_scenario(scenario, overrides or None, years)
    states = list(spec.tables["states"]["iso3"])
    caps = list(spec.tables["capabilities"]["id"])
    if not isinstance(outcomes, pd.DataFrame):
        outcomes = load_outcomes(outcomes, states, caps)
    seed_list = list(range(1, seeds + 1)) if isinstance(seeds, int) else list(seeds)
    t = run_seeds(
        seed_list, scenario, years=years, overrides=overrides, workers=workers,
        keep=("arrangements",), progress=progress,
    )  # fmt: skip
    table = score(t["arrangements"], outcomes, seed_list, len(states), window, depth_tolerance)
    table.attrs.update(
        overall(table),
        by_pattern=by_pattern(table).to_dict("records"),
        scenario=scenario,
        seeds=len(seed_list),
        years=list(years),
        window=window,
        depth_tolerance=depth_tolerance,
        n_states=len(states),
        formed_per_seed=float(
            (t["arrangements"]["origin"] != "initial").sum() / max(len(seed_list), 1)
        ),
    )
    return table


# ------------------------------------------------------------------ output folder
def plot_backtest(table: pd.DataFrame) -> Any:
    """Per-outcome probability bars, model vs null (a matplotlib Figure, OO API)."""
    from matplotlib.figure import Figure

    n = len(table)
    fig = Figure(figsize=(8.0, 1.2 + 0.42 * max(n, 1)))
    ax = fig.add_subplot(1, 1, 1)
    y = np.arange(n)[::-1]
    h = 0.38
    ax.barh(y + h / 2, table["probability"], height=h, color="#1f5f99", label="model")
    ax.barh(y - h / 2, table["null_probability"], height=h, color="#b0b0b0",
            label="null (random members)")  # fmt: skip
    labels = [f"{r['id']} ({r['year']}, {r['form']})" for _, r in table.iterrows()]
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_xlim(0.0, 1.0)
    ax.set_xlabel("probability of a matching arrangement (share of seeds)")
    at = table.attrs
    recall, lift = at.get("recall", np.nan), at.get("lift", np.nan)
    ax.set_title(
        f"Backtest of {at.get('scenario', 'reference_2012')}, {at.get('years', ['', ''])[0]}-"
        f"{at.get('years', ['', ''])[1]}, {at.get('seeds', '')} seeds: recall {recall:.2f}, "
        f"lift {lift:.1f}x",
        fontsize=10,
    )
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    fig.tight_layout()
    return fig


def _fmt_lift(x: float) -> str:
    return f"{x:.1f}" if x is not None and np.isfinite(x) else ""


def report_markdown(table: pd.DataFrame, source: str = "") -> str:
    """report.md of a backtest folder."""
    at = table.attrs
    lines = [
        f"# Backtest: {at.get('scenario')} against real arrangements",
        "",
        f"Outcomes: `{source}`; {at.get('seeds')} seeds; years {at.get('years')[0]}-"
        f"{at.get('years')[1]}; a hit is a model-formed arrangement in the same area containing "
        f"all the outcome's members, starting within ±{at.get('window')} years, at most "
        f"{at.get('depth_tolerance')} form(s) away in depth. Null model: the same arrangements "
        f"(area, form, size, year) with members drawn uniformly among {at.get('n_states')} "
        "states (exact probability).",
        "",
        f"- **Recall** (mean probability): {at.get('recall', np.nan):.3f}",
        f"- **Null recall**: {at.get('null_recall', np.nan):.4f}",
        f"- **Lift**: {at.get('lift', np.nan):.1f}x",
        f"- Outcomes hit in at least one seed: {at.get('outcomes_hit_at_least_once')} of "
        f"{at.get('outcomes')}",
        f"- Model-formed arrangements per seed: {at.get('formed_per_seed', np.nan):.0f}",
        "",
        "## By pattern",
        "",
        "| pattern | outcomes | hit at least once | recall | null recall | lift |",
        "|---|---|---|---|---|---|",
    ]
    for _, g in by_pattern(table).iterrows():
        lines.append(
            f"| {g['pattern']} | {g['outcomes']} | {g['outcomes_hit_at_least_once']} | "
            f"{g['recall']:.3f} | {g['null_recall']:.4f} | {_fmt_lift(g['lift'])} |"
        )
    has_pattern = PATTERN in table.columns
    head = "| id | year | members | capability | form |" + (" pattern |" if has_pattern else "")
    lines += [
        "",
        "## By outcome",
        "",
        head + " probability | null | lift |",
        "|---|---|---|---|---|" + ("---|" if has_pattern else "") + "---|---|---|",
    ]
    for _, r in table.iterrows():
        pat = f" {r[PATTERN] or UNASSIGNED} |" if has_pattern else ""
        lines.append(
            f"| {r['id']} | {r['year']} | {r['members']} | {r['capability']} | {r['form']} |{pat} "
            f"{r['probability']:.2f} | {r['null_probability']:.4f} | {_fmt_lift(r['lift'])} |"
        )
    lines += ["", "![per-outcome probability](backtest.png)", ""]
    return "\n".join(lines)


def write_backtest(table: pd.DataFrame, folder: str | Path, source: str = "") -> list[Path]:
    """Write ``backtest.csv``, ``backtest_by_pattern.csv``, ``backtest.png`` and ``report.md``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    csv = folder / "backtest.csv"
    write_csv(table, csv)
    groups = folder / "backtest_by_pattern.csv"
    write_csv(by_pattern(table), groups)
    png = save_png(plot_backtest(table), folder / "backtest.png")
    md = folder / "report.md"
    md.write_text(report_markdown(table, source), encoding="utf-8")
    return [csv, groups, png, md]


__all__ = [
    "OutcomeError",
    "backtest",
    "by_pattern",
    "contain_probability",
    "hits",
    "load_outcomes",
    "null_hits",
    "overall",
    "plot_backtest",
    "report_markdown",
    "score",
    "write_backtest",
]

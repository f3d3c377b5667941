"""Global sensitivity indices (SALib) of a sweep's outcomes in one year: CSV table and bar chart.

A Sobol sweep gives first-order and total indices (S1, ST, with 95 % confidence intervals;
Saltelli/Jansen estimators, SALib ``sobol.analyze``); a Morris sweep gives the elementary
effects' mu* and sigma (Morris 1991; Campolongo et al. 2007); a Latin hypercube sweep gives the
moment-independent delta and S1 (Plischke et al. 2013). Each point's outcome is the mean over
its seeds, so the indices speak of the parameters, not of the model's noise.

Outcomes are alliance figures (``model/``) or one state's (``states/``: ``NLD.autonomy``,
``NLD.fighters.gap``); :func:`ranked` writes the indices as the text table
``coopsim sensitivity`` prints, parameters sorted by their total effect.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from model.experiments.spec import (
    SweepError,
    SweepSpec,
    is_state_outcome,
    load_sweep_spec,
    outcome_problem,
    parse_state_outcome,
)
from model.experiments.store import read_table

#: Units of the outcomes the chart labels (docs/ODD.md, CONTRACT.md "Meanings").
UNITS = {
    "capability_gap": "share of the requirement",
    "savings": "USD million (2012 prices) per year",
    "autonomy": "share of fielded capability",
    "capacity_to_act": "share of the requirement",
    "collaborative_share": "share of equipment spending",
    "budget_total": "USD million (2012 prices)",
    "spending_total": "USD million (2012 prices)",
}
#: Units of a state's or an area's measure (``NLD.savings``, ``NLD.fighters.gap``).
MEASURE_UNITS = {
    **{k: v for k, v in UNITS.items() if k in ("capability_gap", "savings", "autonomy")},
    "capacity_to_act": "share of the requirement",
    "budget": "USD million (2012 prices)",
    "spending": "USD million (2012 prices)",
    "access_value": "USD million (2012 prices) per year",
    "area_spending": "USD million (2012 prices)",
    "gap": "share of the requirement",
    "requirement": "units of the area",
    "level": "units of the area",
    "own_level": "units of the area",
    "holdings": "units of the area",
    "access": "units of the area",
}
PNG_METADATA = {"Software": None}
CONF_LEVEL = 0.95


def point_outcomes(
    folder: Path, spec: SweepSpec, year: int, names: tuple[str, ...]
) -> pd.DataFrame:
    """Mean of each outcome over the seeds of every point in ``year`` (one row per point).

    Alliance outcomes come from ``model/``, a state's (``NLD.autonomy``) from ``states/``.
    """
    check_outcomes(folder, spec, names)
    runs = read_table(folder, "runs", columns=["run_id", "point", "status"])
    n_points = int(read_table(folder, "design", columns=["point"])["point"].max()) + 1
    missing = n_points * spec.seeds - len(runs)
    if missing > 0:
        raise SweepError(
            f"{folder}: {missing} runs not made yet; finish the sweep with "
            "`coopsim sweep SWEEP --resume` first"
        )
    frames = []
    for table in ("model", "states"):
        cols = [n for n in names if is_state_outcome(n) == (table == "states")]
        if not cols:
            continue
        rows = read_table(
            folder,
            table,
            columns=["run_id", "point", "year", *cols],
            filters=[("year", "==", year)],
        )
        if rows.empty:
            raise SweepError(f"{folder}: no {table} rows in {year} (outcome years of the sweep?)")
        frames.append(rows.groupby("point")[cols].mean())
    means = pd.concat(frames, axis=1)[list(names)].reindex(range(n_points))
    bad = means[means.isna().any(axis=1)]
    if len(bad):
        raise SweepError(
            f"{folder}: point {int(bad.index[0])} has no successful run in {year}; "
            "indices need every point (see runs/ for the errors)"
        )
    return means


def check_outcomes(folder: Path, spec: SweepSpec, names: tuple[str, ...]) -> None:
    """Refuse an outcome the sweep folder does not hold (one line naming it and the choices)."""
    for name in names:
        if not is_state_outcome(name):
            problem = outcome_problem(name, [], [])
            if problem:
                raise SweepError(f"--outcome {name}: {problem}")
        elif name not in spec.state_outcomes:
            held = ", ".join(spec.state_outcomes) or "none"
            raise SweepError(
                f"--outcome {name}: not a state outcome of this sweep (its outcomes.names in "
                f"{folder / 'sweep.toml'} hold: {held})"
            )


def unit_of(name: str) -> str:
    """The unit of an outcome: an alliance figure's or a state's (area's) measure."""
    if is_state_outcome(name):
        return MEASURE_UNITS.get(parse_state_outcome(name)[2], "model units")
    return UNITS.get(name, "model units")


def analyse(
    folder: str | os.PathLike[str], year: int | None = None, outcomes: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """Sensitivity indices of a sweep folder's outcomes in one year.

    Parameters
    ----------
    folder
        A sweep folder (``sweep.toml`` inside says the design).
    year
        Year analysed (default: the sweep file's ``outcomes.year``, else the last simulated).
    outcomes
        Outcome names (default: the sweep file's ``outcomes.names``).

    Returns
    -------
    pandas.DataFrame
        Tidy: ``outcome``, ``year``, ``parameter``, ``method`` and the method's indices
        (Sobol: ``S1``, ``S1_conf``, ``ST``, ``ST_conf``; Morris: ``mu``, ``mu_star``,
        ``mu_star_conf``, ``sigma``; latin: ``delta``, ``delta_conf``, ``S1``, ``S1_conf``).
    """
    folder = Path(folder)
    spec = load_sweep_spec(folder / "sweep.toml")
    if spec.method == "grid":
        raise SweepError(
            f"{folder}: a grid sweep gives no global indices; sample the sweep "
            "with design.method = sobol, morris or latin"
        )
    names = tuple(outcomes or spec.outcomes)
    if year is None:
        year = spec.sensitivity_year or _last_year(folder)
    means = point_outcomes(folder, spec, year, names)
    problem = spec.salib_problem()
    x = spec.sample()
    rows = []
    for name in names:
        y = means[name].to_numpy(dtype=float)
        res = _indices(spec, problem, x, y)
        for i, key in enumerate(spec.keys):
            rows.append(
                {
                    "outcome": name,
                    "year": year,
                    "parameter": key,
                    "method": spec.method,
                    **{k: float(v[i]) for k, v in res.items()},
                }
            )
    return pd.DataFrame(rows)


def _last_year(folder: Path) -> int:
    years = read_table(folder, "model", columns=["year"])["year"]
    return int(years.max())


def _indices(spec: SweepSpec, problem: dict, x: np.ndarray, y: np.ndarray) -> dict[str, np.ndarray]:
    if np.allclose(y, y[0]):
        zero = np.zeros(len(spec.keys))
        keys = {
            "sobol": ("S1", "S1_conf", "ST", "ST_conf"),
            "morris": ("mu", "mu_star", "mu_star_conf", "sigma"),
            "latin": ("delta", "delta_conf", "S1", "S1_conf"),
        }[spec.method]
        return dict.fromkeys(keys, zero)
    if spec.method == "sobol":
        from SALib.analyze import sobol

        r = sobol.analyze(
            problem,
            y,
            calc_second_order=spec.calc_second_order,
            conf_level=CONF_LEVEL,
            seed=spec.master_seed,
        )
        return {k: np.asarray(r[k]) for k in ("S1", "S1_conf", "ST", "ST_conf")}
    if spec.method == "morris":
        from SALib.analyze import morris

        r = morris.analyze(
            problem, x, y, num_levels=spec.levels, conf_level=CONF_LEVEL, seed=spec.master_seed
        )
        return {
            k: np.asarray(r[k], dtype=float) for k in ("mu", "mu_star", "mu_star_conf", "sigma")
        }
    from SALib.analyze import delta

    r = delta.analyze(problem, x, y, conf_level=CONF_LEVEL, seed=spec.master_seed)
    return {k: np.asarray(r[k]) for k in ("delta", "delta_conf", "S1", "S1_conf")}


def plot(table: pd.DataFrame, path: str | os.PathLike[str], title: str) -> Path:
    """Bar chart of the indices, one panel per outcome (OO matplotlib, Agg, no timestamp)."""
    outcomes = list(dict.fromkeys(table["outcome"]))
    method = table["method"].iloc[0]
    fig = Figure(figsize=(8.0, 1.2 + 0.45 * len(set(table["parameter"])) * len(outcomes)), dpi=100)
    FigureCanvasAgg(fig)
    axes = fig.subplots(len(outcomes), 1, squeeze=False)[:, 0]
    for ax, name in zip(axes, outcomes, strict=True):
        sub = table[table["outcome"] == name]
        pos = np.arange(len(sub))
        if method == "morris":
            ax.barh(
                pos,
                sub["mu_star"],
                xerr=sub["mu_star_conf"],
                color="#4C72B0",
                label="mu* (mean |elementary effect|)",
                capsize=2,
            )
            ax.plot(
                sub["sigma"], pos, "o", color="#DD8452", label="sigma (interactions, non-linearity)"
            )
            ax.set_xlabel(f"change over the parameter's range, {unit_of(name)}")
        else:
            a, b = ("S1", "ST") if method == "sobol" else ("delta", "S1")
            ax.barh(
                pos - 0.2,
                sub[a].clip(lower=0),
                0.4,
                xerr=sub[f"{a}_conf"],
                color="#4C72B0",
                label=f"{a} ({'first order' if a == 'S1' else 'moment-independent'})",
                capsize=2,
            )
            ax.barh(
                pos + 0.2,
                sub[b].clip(lower=0),
                0.4,
                xerr=sub[f"{b}_conf"],
                color="#DD8452",
                label=f"{b} ({'total' if b == 'ST' else 'first order'})",
                capsize=2,
            )
            ax.set_xlabel(f"share of the variance of {name} (dimensionless)")
            ax.set_xlim(left=0)
        ax.set_yticks(pos, list(sub["parameter"]))
        ax.invert_yaxis()
        ax.set_title(f"{name} in {int(sub['year'].iloc[0])}", fontsize=10, loc="left")
        ax.grid(axis="x", alpha=0.3)
    axes[0].legend(fontsize=8, loc="lower right")
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png", metadata=PNG_METADATA, facecolor="white")
    return path


def sensitivity(
    folder: str | os.PathLike[str],
    year: int | None = None,
    outcomes: tuple[str, ...] | None = None,
    out: str | os.PathLike[str] | None = None,
) -> tuple[Path, Path]:
    """Write ``sensitivity_<year>.csv`` and ``.png`` (into ``<folder>/sensitivity/`` by default).

    Returns
    -------
    tuple of pathlib.Path
        The CSV table and the PNG chart.
    """
    folder = Path(folder)
    table = analyse(folder, year, outcomes)
    year = int(table["year"].iloc[0])
    dest = Path(out) if out is not None else folder / "sensitivity"
    dest.mkdir(parents=True, exist_ok=True)
    csv = dest / f"sensitivity_{year}.csv"
    table.round(6).to_csv(csv, index=False, lineterminator="\n", float_format="%.6f")
    spec = load_sweep_spec(folder / "sweep.toml")
    label = {"sobol": "Sobol indices", "morris": "Morris screening", "latin": "delta indices"}
    png = plot(
        table,
        dest / f"sensitivity_{year}.png",
        f"{label[spec.method]}: sweep {spec.name} ({_runs(folder)} runs, {spec.seeds} seeds/point)",
    )
    return csv, png


#: Per method: the columns of the ranked table (index, its confidence or None) and the sort key.
RANKED_COLUMNS = {
    "sobol": ((("S1", "S1_conf"), ("ST", "ST_conf")), "ST"),
    "morris": ((("mu_star", "mu_star_conf"), ("sigma", None)), "mu_star"),
    "latin": ((("delta", "delta_conf"), ("S1", "S1_conf")), "delta"),
}
RANKED_INTRO = {
    "sobol": "Sobol indices: share of the outcome's variance; S1 first order, ST total "
    "(with interactions)",
    "morris": "Morris screening: mu* mean |elementary effect| over the parameter's range, "
    "in the outcome's unit; sigma interactions and non-linearity",
    "latin": "delta (moment-independent) and S1 indices",
}


def ranked(table: pd.DataFrame) -> str:
    """The indices as a text table: one block per outcome, parameters by total effect.

    Parameters
    ----------
    table
        :func:`analyse`'s table (or the CSV read back).

    Returns
    -------
    str
        Lines ``parameter  S1 ± conf  ST ± conf`` (Sobol; Morris: mu* and sigma; latin: delta
        and S1), largest ST (mu*, delta) first, the ± half-widths at 95 % confidence.
    """
    method = str(table["method"].iloc[0])
    cols, key = RANKED_COLUMNS[method]
    fmt = "{:.4g}" if method == "morris" else "{:.3f}"
    width = max(len("parameter"), *(len(p) for p in table["parameter"]))
    year = int(table["year"].iloc[0])
    conf = f"{round(CONF_LEVEL * 100)} % confidence"
    names = {"mu_star": "mu*"}
    lines = [f"{RANKED_INTRO[method]}; ± {conf}; sorted by {names.get(key, key)}."]
    for outcome in dict.fromkeys(table["outcome"]):
        sub = table[table["outcome"] == outcome].sort_values(
            [key, "parameter"], ascending=[False, True], kind="stable"
        )
        lines += ["", f"{outcome} in {year} ({unit_of(str(outcome))})"]
        head = "  " + "parameter".ljust(width)
        head += "".join(f"  {names.get(c, c):>17}" for c, _ in cols)
        lines.append(head)
        for _, row in sub.iterrows():
            cells = []
            for c, cc in cols:
                text = fmt.format(row[c]) + (f" ± {fmt.format(row[cc])}" if cc else "")
                cells.append(f"  {text:>17}")
            lines.append("  " + str(row["parameter"]).ljust(width) + "".join(cells))
    return "\n".join(lines)


def _runs(folder: Path) -> int:
    return len(read_table(folder, "runs", columns=["run_id"]))

"""Print the headline table of ``docs/SCENARIOS.md`` from runs of every scenario.

Each row is a scenario run with ``run_scenario(name, seed=s)`` for seeds 0-9 (its own years);
each cell is *seed 1 / mean ± sd over the seeds* (autonomy, capacity to act and "deep": seed 1 /
mean). Measures, all from the run's own tables:

- gap: the alliance capability gap (``model.csv capability_gap``, cost-weighted), mean over the
  years after the first, and in the final year;
- savings: savings from cooperation (``model.csv savings``), USD bn (2012 prices) a year, mean
  over the years after the first;
- autonomy and capacity to act in the final year (``model.csv``);
- formed: arrangements not there at the start (``arrangements.csv`` rows whose origin is not
  ``initial``: bottom-up, NATO and EU projects, deepenings);
- deep: operational + integrated + specialisation arrangements active in the final year.

Usage::

    .venv/bin/python docs/make_scenario_table.py           # print the table
    .venv/bin/python docs/make_scenario_table.py --write   # rewrite the block in docs/SCENARIOS.md
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from model import run_scenario  # noqa: E402
from model.scenario import load_scenario  # noqa: E402

DOC = ROOT / "docs" / "SCENARIOS.md"
START = "<!-- headline:start -->"
END = "<!-- headline:end -->"
SEEDS = range(10)
#: The scenarios in the table's order; a scenario run also over a shorter span is listed twice.
ROWS: list[tuple[str, tuple[int, int] | None]] = [
    ("reference_2012", None),
    ("austerity_2012", None),
    ("austerity_2012", (2012, 2025)),
    ("coordinated_cuts", None),
    ("us_pivot", None),
    ("smart_defence_push", None),
    ("pooling_only", None),
    ("specialisation_allowed", None),
    ("benelux_deepening", None),
    ("rearmament_2025", None),
]
DEEP = ["arrangements_operational", "arrangements_integrated", "arrangements_specialisation"]


def measures(name: str, seed: int, years: tuple[int, int] | None) -> dict[str, float]:
    """The row's measures for one seed."""
    r = run_scenario(name, seed=seed, years=years)
    m = r.model
    later, last = m.iloc[1:], m.iloc[-1]
    return {
        "gap_mean": later["capability_gap"].mean(),
        "gap_final": last["capability_gap"],
        "savings": later["savings"].mean() / 1e3,
        "autonomy": last["autonomy"],
        "capacity": last["capacity_to_act"],
        "formed": float((r.arrangements["origin"] != "initial").sum()),
        "deep": float(last[DEEP].sum()),
    }


def cell(values: list[float], fmt: str, sd: bool = True) -> str:
    """``seed 1 / mean ± sd`` (or ``seed 1 / mean``) over the seeds."""
    v = np.asarray(values)
    one = v[list(SEEDS).index(1)]
    text = f"{one:{fmt}} / {v.mean():{fmt}}"
    return text + (f" ± {v.std(ddof=1):{fmt}}" if sd else "")


def row(name: str, years: tuple[int, int] | None) -> str:
    """One Markdown row of the table."""
    spec = load_scenario(name)
    span = years or (spec.params.simulation.start_year, spec.params.simulation.end_year)
    runs = [measures(name, s, years) for s in SEEDS]
    col = {k: [r[k] for r in runs] for k in runs[0]}
    label = name + (f", `--years {span[0]}:{span[1]}`" if years else "")
    return (
        f"| {label} | {span[0]}–{str(span[1])[2:]} | {cell(col['gap_mean'], '.3f')} | "
        f"{cell(col['gap_final'], '.3f')} | {cell(col['savings'], '.1f')} | "
        f"{cell(col['autonomy'], '.3f', sd=False)} | {cell(col['capacity'], '.3f', sd=False)} | "
        f"{cell(col['formed'], '.0f')} | {cell(col['deep'], '.1f', sd=False)} |"
    )


def table() -> str:
    """The whole table, header included."""
    head = [
        "| scenario | years | gap, mean after the first year | gap, final year | savings/yr "
        "| autonomy, final | capacity to act, final | formed | deep, final |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    return "\n".join(head + [row(n, y) for n, y in ROWS])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="rewrite the block in docs/SCENARIOS.md")
    args = ap.parse_args()
    text = table()
    if not args.write:
        print(text)
        return
    doc = DOC.read_text()
    head, rest = doc.split(START, 1)
    _, tail = rest.split(END, 1)
    DOC.write_text(f"{head}{START}\n{text}\n{END}{tail}")
    print(f"wrote {DOC}")


if __name__ == "__main__":
    main()

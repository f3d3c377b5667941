"""What the dashboard hands to the user: the run's tables as CSV, the settings as a scenario file.

Both are built from what ran, never from controls moved since: the tables of the current run
(:class:`~model.results.RunResult`, written as ``coopsim run`` writes them) and the scenario
with the overrides that built the current model. The scenario file ``extends`` the chosen
scenario, so ``coopsim validate FILE`` and ``coopsim run FILE --seed N`` rebuild the same model.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping
from typing import Any

from model.results import RunResult, write_csv

#: The run's tables, by file stem, in the order the export lists them.
TABLES: tuple[str, ...] = ("model", "states", "capabilities", "arrangements", "circles")


def table_csv(run: RunResult, name: str) -> bytes:
    """One table of the run as CSV bytes, formatted as ``coopsim run`` writes ``<name>.csv``."""
    if name not in TABLES:
        raise KeyError(f"unknown table {name!r} (expected one of {', '.join(TABLES)})")
    buf = io.StringIO()
    write_csv(getattr(run, name), buf)  # type: ignore[arg-type]  # to_csv takes a buffer too
    return buf.getvalue().encode("utf-8")


def csv_filename(scenario: str, seed: int | None, name: str) -> str:
    """File name of an exported table: scenario, seed, table (the years are in the table)."""
    return f"{scenario}_seed{seed}_{name}.csv"


# ---------------------------------------------------------------- scenario file
def toml_value(value: Any) -> str:
    """A parameter value as a TOML literal (bool, int, float, string, list of those)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"not a finite number: {value!r}")
        return repr(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML literal for {type(value).__name__} {value!r}")


def scenario_name_for(base: str) -> str:
    """Name of the saved scenario: the base scenario's, marked as the dashboard's."""
    return f"{base}_dashboard"


def scenario_toml(
    base: str,
    overrides: Mapping[str, Any],
    *,
    seed: int | None = None,
    focus_state: str | None = None,
    name: str | None = None,
) -> str:
    """A scenario file that ``extends`` ``base`` with the overrides in force.

    Parameters
    ----------
    base
        Name of the scenario the dashboard ran (from ``coopsim list``).
    overrides
        Dotted parameter keys to values, as the dashboard's controls set them
        (``{"budgets.real_growth_override": -0.02}``); empty keeps ``base`` as it is.
    seed
        Seed of the run, written in the header comment (a scenario has no seed).
    focus_state
        The focus state, written as the scenario's ``focus_state``.
    name
        Scenario name; ``<base>_dashboard`` if omitted.

    Returns
    -------
    str
        TOML text, loadable by :func:`model.scenario.load_scenario`.
    """
    name = name or scenario_name_for(base)
    if overrides:
        changes = "; ".join(f"{k} = {toml_value(v)}" for k, v in sorted(overrides.items()))
    else:
        changes = f"no change to {base}"
    run_hint = f"coopsim run {name}.toml" + (f" --seed {seed}" if seed is not None else "")
    lines = [
        f"# Saved from the coopsim dashboard: {base} with the controls in force.",
        f"# Rebuild the run: {run_hint}",
        f"extends = {toml_value(base)}",
        f"name = {toml_value(name)}",
        f"description = {toml_value(f'{base} with dashboard settings: {changes}')}",
    ]
    if focus_state:
        lines.append(f"focus_state = {toml_value(focus_state)}")
    groups: dict[str, list[tuple[str, Any]]] = {}
    for key, value in sorted(overrides.items()):
        group, _, field = key.partition(".")
        groups.setdefault(group, []).append((field, value))
    for group, items in groups.items():
        lines += ["", f"[params.{group}]"]
        lines += [f"{field} = {toml_value(value)}" for field, value in items]
    return "\n".join(lines) + "\n"

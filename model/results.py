"""A finished run as tables, and its run folder: :class:`RunResult` and :func:`write_csv`.

Running and presenting are apart: :func:`model.run.run` makes the run (and, when asked, its
go-it-alone twin); :meth:`RunResult.save` only writes -- CSVs, ``summary.json``, figures and the
report -- and never simulates.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from model.analysis import counterfactual_table, run_label
from model.figures import write_figures
from model.folders import atomic_folder
from model.params import FORM_IDS
from model.reports import write_counterfactual_figure, write_run_report
from model.version import MODEL_VERSION

if TYPE_CHECKING:
    from model.scenario import Scenario

__all__ = ["FLOAT_DECIMALS", "RunResult", "git_commit", "provenance", "write_csv"]

FLOAT_DECIMALS = 6


@dataclass
class RunResult:
    """A finished run: the contract's tables as DataFrames, plus what produced them.

    ``counterfactual`` is the go-it-alone twin (same world, budgets, crises and seed, cooperation
    switched off) when the run layer made one (:func:`model.run.run` with
    ``counterfactual=True``); the report then sets gaps and sovereignty against it. ``spec`` is
    the scenario the run used (units and unit costs for the report's largest gaps).
    """

    scenario: str
    seed: int | None
    years: tuple[int, int]
    currency: str
    model: pd.DataFrame
    states: pd.DataFrame
    capabilities: pd.DataFrame
    arrangements: pd.DataFrame
    circles: pd.DataFrame
    decisions: pd.DataFrame = field(default_factory=pd.DataFrame)
    overrides: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    focus_state: str | None = None
    cooperation_model: Any = None
    counterfactual: RunResult | None = None
    spec: Scenario | None = None
    #: national fleets opened from zero: year, state, capability, units, reason (issue 11)
    openings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The scenario and its overrides in words (:func:`model.analysis.run_label`)."""
        return run_label(self.scenario, self.overrides)

    def summary(self) -> dict[str, Any]:
        """Headline figures for ``summary.json``."""
        last = self.model.iloc[-1] if len(self.model) else None
        first = self.model.iloc[0] if len(self.model) else None
        out: dict[str, Any] = {
            "scenario": self.scenario,
            "label": self.label,
            "description": self.description,
            "seed": self.seed,
            "years": list(self.years),
            "currency": self.currency,
            "model_version": MODEL_VERSION,
            "overrides": {k: jsonable(v) for k, v in sorted(self.overrides.items())},
        }
        if last is not None:
            active = {f: int(last[f"arrangements_{f}"]) for f in FORM_IDS}
            origins = self.arrangements["origin"].value_counts().to_dict()
            out["headline"] = {
                "capability_gap_start": _r(first["capability_gap"]),
                "capability_gap_end": _r(last["capability_gap"]),
                "savings_cumulative": _r(self.model["savings"].sum()),
                "savings_end": _r(last["savings"]),
                "savings_share_of_area_spending": _r(
                    self.model["savings"].sum()
                    / max(float(self.states["area_spending"].sum()), 1e-9)
                )
                if "area_spending" in self.states
                else None,
                "access_value_cumulative": _r(self.model["access_value"].sum())
                if "access_value" in self.model
                else None,
                "autonomy_start": _r(first["autonomy"]),
                "autonomy_end": _r(last["autonomy"]),
                "capacity_to_act_start": _r(first["capacity_to_act"]),
                "capacity_to_act_end": _r(last["capacity_to_act"]),
                "collaborative_share_end": _r(last["collaborative_share"]),
                "arrangements_active_end": active,
                "arrangements_by_origin": {k: int(v) for k, v in sorted(origins.items())},
            }
            out["fleet_openings"] = {
                "count": len(self.openings),
                "rule": "a national fleet opens from zero only at minimum viable scale, in an "
                "area the state has a role in, when its requirement is at least that scale and "
                "the fleet is affordable (docs/ODD.md, Requirements)",
                "openings": [dict(o) for o in self.openings],
            }
            if self.focus_state:
                fs = self.states[self.states["state"] == self.focus_state]
                if len(fs):
                    row = fs.iloc[-1]
                    out["focus_state"] = {
                        "state": self.focus_state,
                        "capability_gap_end": _r(row["capability_gap"]),
                        "autonomy_end": _r(row["autonomy"]),
                        "capacity_to_act_end": _r(row["capacity_to_act"]),
                        "savings_cumulative": _r(fs["savings"].sum()),
                        "partners_strategic_end": sorted(
                            self.circles[
                                (self.circles["year"] == self.years[1])
                                & (self.circles["state"] == self.focus_state)
                                & (self.circles["circle"] == "strategic")
                            ]["partner"]
                        ),
                    }
        out["provenance"] = provenance(
            self.spec or getattr(self.cooperation_model, "scenario_spec", None)
        )
        return out

    def save(
        self, folder: str | os.PathLike[str], figures: bool = True, force: bool = False
    ) -> Path:
        """Write the run folder: CSVs, ``summary.json``, ``figures/`` and the report.

        Only writes: the go-it-alone part of the report and ``counterfactual_gap.png`` come from
        ``self.counterfactual`` when the run layer made it, and are left out otherwise. The
        folder is written in a temporary sibling and moved into place when complete, so a
        failure leaves nothing half-written. An existing non-empty folder is replaced only with
        ``force=True``.
        """
        spec = self.spec or getattr(self.cooperation_model, "scenario_spec", None)
        cf = None
        if self.counterfactual is not None:
            cf = counterfactual_table(self, self.counterfactual)
        with atomic_folder(folder, force) as tmp:
            for name, df in self.tables().items():
                write_csv(df, tmp / f"{name}.csv")
            (tmp / "summary.json").write_text(json.dumps(self.summary(), indent=2) + "\n")
            if figures:
                fig_dir = tmp / "figures"
                write_figures(self, fig_dir, focus_state=self.focus_state)
                if cf is not None:
                    write_counterfactual_figure(self, cf, fig_dir / "counterfactual_gap.png")
            write_run_report(self, tmp, spec, cf)  # report.md / report.html, also without figures
        return Path(folder)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The contract tables by file stem (``decisions``: why arrangements formed and ended)."""
        return {
            "model": self.model,
            "states": self.states,
            "capabilities": self.capabilities,
            "arrangements": self.arrangements,
            "circles": self.circles,
            "decisions": self.decisions,
        }


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """Write a table with fixed float formatting so equal runs give equal bytes."""
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col]):
            out[col] = out[col].round(FLOAT_DECIMALS) + 0.0
    out.to_csv(path, index=False, lineterminator="\n", float_format=f"%.{FLOAT_DECIMALS}f")


def _r(x: Any) -> float:
    return round(float(x), FLOAT_DECIMALS)


def jsonable(v: Any) -> Any:
    """A value as JSON can hold it (tuples as lists, numpy scalars as Python numbers)."""
    if isinstance(v, tuple):
        return list(v)
    if isinstance(v, np.generic):
        return v.item()
    return v


#: The repository root when the package runs from a checkout (``.git`` beside ``model/``).
_REPO = Path(__file__).resolve().parent.parent


def git_commit(repo: Path = _REPO, timeout: float = 2.0) -> str | None:
    """The checkout's commit (40 hex digits), or ``None``: no ``.git``, no git, or too slow."""
    if not (repo / ".git").exists():
        return None
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    commit = done.stdout.strip()
    return commit if done.returncode == 0 and len(commit) == 40 else None


def _sha256_file(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _canonical(v: Any) -> Any:
    """A scenario part as plain JSON (tables as CSV text, dataclasses as dicts)."""
    if isinstance(v, pd.DataFrame):
        return v.to_csv(index=False, lineterminator="\n")
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return {f.name: _canonical(getattr(v, f.name)) for f in dataclasses.fields(v)}
    if isinstance(v, dict):
        return {str(k): _canonical(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_canonical(x) for x in v]
    if isinstance(v, Path):
        return v.name
    return jsonable(v)


def scenario_hash(spec: Scenario) -> str:
    """sha256 of the resolved scenario (parameters, tables, crises, paths) as canonical JSON."""
    doc = {
        "name": spec.name,
        "currency": spec.currency,
        "focus_state": spec.focus_state,
        "params": spec.params.model_dump(mode="json"),
        "tables": _canonical(dict(sorted(spec.tables.items()))),
        "crises": _canonical(spec.crises),
        "memberships": _canonical(spec.memberships),
        "availability": _canonical(spec.availability),
        "budget_paths": _canonical(spec.budget_paths),
    }
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.name


def provenance(spec: Scenario | None) -> dict[str, Any]:
    """What produced a run: model version, commit, sha256 of each data file and of the scenario.

    Data files are the scenario file and every CSV its tables were read from (keys: paths
    relative to the scenario folder's parent, e.g. ``scenarios/data/states.csv``).
    """
    out: dict[str, Any] = {
        "model_version": MODEL_VERSION,
        "commit": git_commit(),
        "data_files": {},
        "scenario_sha256": None,
    }
    if spec is None:
        return out
    root = Path(spec.path).resolve().parent.parent
    files = {Path(spec.path)}
    for df in spec.tables.values():
        src = Path(str(df.attrs.get("source", "")))
        if src.suffix == ".csv" and src.is_file():
            files.add(src)
    out["data_files"] = {
        _shown(f, root): _sha256_file(f) for f in sorted(files, key=lambda f: _shown(f, root))
    }
    out["scenario_sha256"] = scenario_hash(spec)
    return out

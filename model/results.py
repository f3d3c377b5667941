"""A finished run as tables, and its run folder: :class:`RunResult` and :func:`write_csv`.

Running and presenting are apart: :func:`model.run.run` makes the run (and, when asked, its
go-it-alone twin); :meth:`RunResult.save` only writes -- CSVs, ``summary.json``, figures and the
report -- and never simulates.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from model.analysis import counterfactual_table
from model.figures import write_figures
from model.folders import atomic_folder
from model.params import FORM_IDS
from model.reports import write_counterfactual_figure, write_run_report
from model.version import MODEL_VERSION

if TYPE_CHECKING:
    from model.scenario import Scenario

__all__ = ["FLOAT_DECIMALS", "RunResult", "write_csv"]

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
    overrides: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    focus_state: str | None = None
    cooperation_model: Any = None
    counterfactual: RunResult | None = None
    spec: Scenario | None = None

    def summary(self) -> dict[str, Any]:
        """Headline figures for ``summary.json``."""
        last = self.model.iloc[-1] if len(self.model) else None
        first = self.model.iloc[0] if len(self.model) else None
        out: dict[str, Any] = {
            "scenario": self.scenario,
            "description": self.description,
            "seed": self.seed,
            "years": list(self.years),
            "currency": self.currency,
            "model_version": MODEL_VERSION,
            "overrides": {k: _jsonable(v) for k, v in sorted(self.overrides.items())},
        }
        if last is not None:
            active = {f: int(last[f"arrangements_{f}"]) for f in FORM_IDS}
            origins = self.arrangements["origin"].value_counts().to_dict()
            out["headline"] = {
                "capability_gap_start": _r(first["capability_gap"]),
                "capability_gap_end": _r(last["capability_gap"]),
                "savings_cumulative": _r(self.model["savings"].sum()),
                "savings_end": _r(last["savings"]),
                "autonomy_start": _r(first["autonomy"]),
                "autonomy_end": _r(last["autonomy"]),
                "capacity_to_act_start": _r(first["capacity_to_act"]),
                "capacity_to_act_end": _r(last["capacity_to_act"]),
                "collaborative_share_end": _r(last["collaborative_share"]),
                "arrangements_active_end": active,
                "arrangements_by_origin": {k: int(v) for k, v in sorted(origins.items())},
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
        """The five contract tables by file stem."""
        return {
            "model": self.model,
            "states": self.states,
            "capabilities": self.capabilities,
            "arrangements": self.arrangements,
            "circles": self.circles,
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


def _jsonable(v: Any) -> Any:
    if isinstance(v, tuple):
        return list(v)
    if isinstance(v, np.generic):
        return v.item()
    return v

"""The sweep folder: Parquet part files written atomically as runs finish, and the ledger.

Layout of a sweep folder::

    sweep.toml      copy of the sweep file as run
    sweep.json      name, digest of the design, number of runs, swept keys
    design.parquet  one row per planned run: run_id, point, replicate, seed, parameters
    runs/           part-NNNNNN.parquet: run_id, status, error, seed, point, replicate,
                    parameters, wall_time_s -- the ledger of finished runs
    model/          part-NNNNNN.parquet: one row per run x year of the model.csv figures, with
                    run_id, seed, point, replicate and the parameters
    states/         only when the sweep names state outcomes (``NLD.autonomy``,
                    ``NLD.fighters.gap``): one row per run x year with run_id, seed, point,
                    replicate, the parameters, year and one column per outcome, named as written

Each flush writes ``model/part-N`` (and ``states/part-N``) and then ``runs/part-N``, each to a
hidden temporary file renamed into place (``os.replace``), so a killed sweep leaves only whole
parts. A run is done when its row is in ``runs/``; on resume a ``model/`` (or ``states/``) part
without its ``runs/`` twin is deleted and its runs are made again, so no run is lost or
duplicated.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from model.experiments.spec import SweepError, SweepSpec
from model.folders import OutputError, check_out, occupied, write_marker

PART = re.compile(r"^part-(\d{6})\.parquet$")
#: What a sweep folder may hold (its marker lists these, so ``--force`` may replace it).
SWEEP_ENTRIES = (
    "sweep.toml",
    "design.parquet",
    "sweep.json",
    "runs",
    "model",
    "states",
    "sensitivity",
)
TABLES = ("model", "states", "runs")
ARROW_TYPES = {"bool": pa.bool_(), "int": pa.int64(), "float": pa.float64(), "str": pa.string()}
RUN_STATUS_OK, RUN_STATUS_FAILED = "ok", "failed"


class SweepStore:
    """Reads and writes one sweep folder.

    Parameters
    ----------
    folder
        The sweep folder.
    spec
        The sweep it holds.
    """

    def __init__(self, folder: Path, spec: SweepSpec) -> None:
        self.folder = Path(folder)
        self.spec = spec
        self.runs_dir = self.folder / "runs"
        self.model_dir = self.folder / "model"
        self.states_dir = self.folder / "states"
        self.param_fields = [pa.field(p.key, ARROW_TYPES[p.kind]) for p in spec.parameters]
        self.runs_schema = pa.schema(
            [
                pa.field("run_id", pa.int64()),
                pa.field("status", pa.string()),
                pa.field("error", pa.string()),
                pa.field("seed", pa.int64()),
                pa.field("point", pa.int64()),
                pa.field("replicate", pa.int64()),
                *self.param_fields,
                pa.field("wall_time_s", pa.float64()),
            ]
        )
        self._next = 0

    # ------------------------------------------------------------ create / open
    @classmethod
    def create(
        cls, folder: Path, spec: SweepSpec, design: pd.DataFrame, force: bool = False
    ) -> SweepStore:
        """Start a new sweep folder (an existing non-empty one only with ``force``)."""
        folder = Path(folder)
        if occupied(folder):
            if not force:
                raise SweepError(
                    f"--out {folder}: folder exists and is not empty; use --resume to "
                    "finish that sweep or --force to start over"
                )
            try:
                check_out(folder, force)
            except OutputError as err:
                raise SweepError(str(err)) from None
            shutil.rmtree(folder)
        store = cls(folder, spec)
        folder.mkdir(parents=True, exist_ok=True)
        # the marker first: a sweep killed before sweep.json exists is still known as coopsim's
        # (``--resume`` starts it again, ``--force`` may replace it)
        write_marker(folder, "sweep", entries=SWEEP_ENTRIES)
        store.runs_dir.mkdir(parents=True, exist_ok=True)
        store.model_dir.mkdir(parents=True, exist_ok=True)
        if spec.state_outcomes:
            store.states_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(spec.path, folder / "sweep.toml")
        _atomic_write_table(
            pa.Table.from_pandas(design, preserve_index=False), folder / "design.parquet"
        )
        meta = {
            "name": spec.name,
            "digest": spec.digest(),
            "runs": len(design),
            "parameters": spec.keys,
            "scenario": spec.scenario,
            "method": spec.method,
            "seeds": spec.seeds,
            "master_seed": spec.master_seed,
            "state_outcomes": list(spec.state_outcomes),
        }
        _atomic_write_text(json.dumps(meta, indent=2) + "\n", folder / "sweep.json")
        return store

    @classmethod
    def open(cls, folder: Path, spec: SweepSpec) -> SweepStore:
        """Open an existing sweep folder to resume it; checks the sweep file did not change."""
        folder = Path(folder)
        meta_path = folder / "sweep.json"
        try:
            meta = json.loads(meta_path.read_text())
        except OSError:
            raise SweepError(f"--resume {folder}: not a sweep folder (no sweep.json)") from None
        if meta.get("digest") != spec.digest():
            raise SweepError(
                f"--resume {folder}: the sweep file changed since this sweep started "
                "(different design); use a new --out or --force to start over"
            )
        if meta.get("state_outcomes", []) != list(spec.state_outcomes):
            raise SweepError(
                f"--resume {folder}: the sweep file's state outcomes (outcomes.names) changed "
                f"since this sweep started (was {meta.get('state_outcomes', [])}); "
                "use a new --out or --force to start over"
            )
        store = cls(folder, spec)
        store.repair()
        return store

    def design(self) -> pd.DataFrame:
        """The planned runs (``design.parquet``)."""
        return pd.read_parquet(self.folder / "design.parquet")

    # ------------------------------------------------------------ ledger
    def _parts(self, d: Path) -> dict[int, Path]:
        out = {}
        for p in d.iterdir() if d.is_dir() else ():
            m = PART.match(p.name)
            if m:
                out[int(m.group(1))] = p
        return out

    def repair(self) -> None:
        """Delete temporary files and ``model/`` parts whose ``runs/`` twin was never written."""
        dirs = [self.runs_dir, self.model_dir]
        if self.spec.state_outcomes:
            dirs.append(self.states_dir)
        for d in dirs:
            d.mkdir(parents=True, exist_ok=True)
            for p in d.glob(".*.tmp"):
                p.unlink()
        runs = self._parts(self.runs_dir)
        for d in dirs[1:]:
            for n, p in self._parts(d).items():
                if n not in runs:
                    p.unlink()
        self._next = max(runs, default=-1) + 1

    def done_ids(self) -> np.ndarray:
        """Run ids in the ledger (finished, ok or failed), sorted."""
        parts = sorted(self._parts(self.runs_dir).values())
        if not parts:
            return np.array([], dtype=np.int64)
        ids = np.concatenate(
            [pq.read_table(p, columns=["run_id"])["run_id"].to_numpy() for p in parts]
        )
        return np.sort(ids)

    # ------------------------------------------------------------ writing
    def write_part(
        self, runs: pd.DataFrame, model: pd.DataFrame | None, states: pd.DataFrame | None = None
    ) -> int:
        """Write one flush: its model (and state outcome) rows, then its ledger rows.

        Returns the part number.

        Parameters
        ----------
        runs
            One row per finished run, the ``runs/`` columns.
        model
            The finished runs' model-level rows (``run_id`` ... then ``model.csv`` columns), or
            None when every run of the flush failed.
        states
            The finished runs' state outcome rows (same lead columns, ``year``, one column per
            state outcome), or None.
        """
        n = self._next
        name = f"part-{n:06d}.parquet"
        if model is not None and len(model):
            _atomic_write_table(self._model_table(model), self.model_dir / name)
        if states is not None and len(states):
            self.states_dir.mkdir(parents=True, exist_ok=True)
            _atomic_write_table(self._model_table(states), self.states_dir / name)
        table = pa.Table.from_pandas(runs[self.runs_schema.names], preserve_index=False)
        _atomic_write_table(table.cast(self.runs_schema), self.runs_dir / name)
        self._next += 1
        return n

    def _model_table(self, model: pd.DataFrame) -> pa.Table:
        table = pa.Table.from_pandas(model, preserve_index=False)
        fields = []
        lead = {
            "run_id": pa.int64(),
            "seed": pa.int64(),
            "point": pa.int64(),
            "replicate": pa.int64(),
            "year": pa.int64(),
        }
        params = {f.name: f.type for f in self.param_fields}
        for f in table.schema:
            typ = lead.get(f.name) or params.get(f.name)
            if typ is None:
                typ = (
                    pa.int64()
                    if pa.types.is_integer(f.type)
                    else (pa.float64() if pa.types.is_floating(f.type) else f.type)
                )
            fields.append(pa.field(f.name, typ))
        return table.cast(pa.schema(fields))


def _atomic_write_table(table: pa.Table, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def _atomic_write_text(text: str, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def read_table(folder: str | os.PathLike[str], table: str = "model", **kw: Any) -> pd.DataFrame:
    """Read a sweep folder's ``model``, ``states`` or ``runs`` dataset whole, sorted by run.

    Parameters
    ----------
    folder
        The sweep folder.
    table
        ``"model"`` (run x year), ``"states"`` (run x year, the state outcomes), ``"runs"`` (one
        row per run) or ``"design"``.
    **kw
        Passed to :func:`pandas.read_parquet` (``columns=``, ``filters=``).
    """
    folder = Path(folder)
    if table == "design":
        return pd.read_parquet(folder / "design.parquet", **kw)
    if table not in TABLES:
        raise ValueError(f"table: expected 'model', 'states', 'runs' or 'design', got {table!r}")
    d = folder / table
    if not any(d.glob("part-*.parquet")):
        if table == "states" and not d.is_dir():
            raise SweepError(
                f"{folder}: no state outcomes in this sweep (name them in outcomes.names, "
                'e.g. "NLD.autonomy")'
            )
        raise SweepError(f"{d}: no finished runs yet")
    df = pd.read_parquet(d, **kw)
    order = [c for c in ("run_id", "year") if c in df.columns]
    return df.sort_values(order, kind="stable").reset_index(drop=True) if order else df

"""Sweeps across processes: SIGKILL and --resume, and a real Dask scheduler and worker."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import COOPSIM, REFERENCE, ROOT

from model.experiments import load_sweep, sweep

VENV_BIN = ROOT / ".venv" / "bin"

KILL_SWEEP = """
years = "2012:2025"
seeds = 30
master_seed = 11

[design]
method = "grid"

[parameters]
"policy.nato_consultation" = { values = [false, true] }
"institutions.eu_cascading" = { values = [false, true] }
"""


def write_sweep(tmp_path: Path, body: str, name: str) -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(f'name = "{name}"\nscenario = "{REFERENCE}"\n' + body)
    return path


def tables(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    return load_sweep(folder, "runs").drop(columns="wall_time_s"), load_sweep(folder, "model")


def assert_same(a: Path, b: Path) -> None:
    for x, y in zip(tables(a), tables(b), strict=True):
        pd.testing.assert_frame_equal(x, y)


def _stop_group(proc: subprocess.Popen) -> None:
    """Kill what a test started: the process and the pool workers in its session."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)


@pytest.mark.slow
def test_sigkill_midway_then_resume_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    path = write_sweep(tmp_path, KILL_SWEEP, "killme")
    out = tmp_path / "killed"
    cmd = [
        str(COOPSIM),
        "sweep",
        str(path),
        "--workers",
        "2",
        "--out",
        str(out),
        "--chunk-size",
        "2",
        "--flush-every",
        "0.2",
    ]
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        cwd=tmp_path,
    )
    try:
        deadline = time.monotonic() + 120
        while len(list((out / "runs").glob("part-*.parquet"))) < 3:
            assert proc.poll() is None, "sweep ended before it could be killed"
            assert time.monotonic() < deadline, "no parts written in time"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)  # the sweep process itself, as a crash would
        proc.wait(timeout=30)
    finally:
        _stop_group(proc)
    done_before = len(load_sweep(out, "runs"))
    assert 0 < done_before < 120

    resumed = subprocess.run(
        cmd + ["--resume"], capture_output=True, text=True, timeout=300, cwd=tmp_path
    )
    assert resumed.returncode == 0, resumed.stderr
    runs, model = tables(out)
    assert list(runs["run_id"]) == list(range(120))  # complete, no duplicate
    assert not model.duplicated(["run_id", "year"]).any()
    assert len(model) == 120 * 14
    ref = sweep(path, workers=2, out=tmp_path / "whole", progress=False)
    assert_same(ref, out)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_sweep_on_real_dask_scheduler_and_worker(tmp_path: Path) -> None:
    from distributed import Client

    path = write_sweep(
        tmp_path,
        KILL_SWEEP.replace("seeds = 30", "seeds = 3").replace("2012:2025", "2012:2015"),
        "dask",
    )
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    sched = subprocess.Popen(
        [
            str(VENV_BIN / "dask"),
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-dashboard",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env=env,
        cwd=tmp_path,
    )
    worker = None
    try:
        worker = subprocess.Popen(
            [
                str(VENV_BIN / "dask"),
                "worker",
                address,
                "--host",
                "127.0.0.1",
                "--nworkers",
                "1",
                "--nthreads",
                "2",
                "--no-dashboard",
                "--death-timeout",
                "60",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            env=env,
            cwd=tmp_path,
        )
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(1, timeout=60)
        proc = subprocess.run(
            [
                str(COOPSIM),
                "sweep",
                str(path),
                "--scheduler",
                address,
                "--out",
                str(tmp_path / "dask"),
            ],
            capture_output=True,
            text=True,
            timeout=180,
            cwd=tmp_path,
        )
        assert proc.returncode == 0, proc.stderr
        assert "12 runs (0 failed)" in proc.stdout
        local = sweep(path, workers=1, out=tmp_path / "local", progress=False)
        assert_same(local, tmp_path / "dask")
    finally:
        for p in (worker, sched):
            if p is not None:
                p.terminate()
        for p in (worker, sched):
            if p is not None:
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    _stop_group(p)
                else:
                    _stop_group(p)


def test_progress_lines_when_not_a_tty(tmp_path: Path) -> None:
    path = write_sweep(
        tmp_path,
        KILL_SWEEP.replace("seeds = 30", "seeds = 1").replace("2012:2025", "2012:2013"),
        "quiet",
    )
    proc = subprocess.run(
        [str(COOPSIM), "sweep", str(path), "--workers", "1", "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "sweep quiet: 4/4 runs (100%)" in proc.stderr and "runs/s" in proc.stderr
    assert "\r" not in proc.stderr

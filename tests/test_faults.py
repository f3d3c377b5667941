"""Faults at the edge: kills during save, two writers, dying sweeps, full or read-only disks.

Each test holds one promise of docs/RELIABILITY.md: a fault leaves no debris that stays, never
replaces results silently, and is reported as one line (exit 1 for a fault, 2 for bad input).
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REFERENCE, ROOT

from model.cli import main

#: Runs ``coopsim`` in a child process that pauses right after its run folder is complete
#: (marker written) and before the rename: "hang" sleeps there (to be killed), "meet" waits
#: until two children have arrived (two writers racing for one --out).
HELPER = r"""
import os, sys, time
from pathlib import Path
import model.folders as folders
mode, barrier = sys.argv[1], Path(sys.argv[2])
real = folders.write_marker
def paused_marker(folder, kind, entries=None):
    real(folder, kind, entries)
    (barrier / f"ready-{os.getpid()}").touch()
    if mode == "hang":
        time.sleep(120)
    deadline = time.monotonic() + 60
    while len(list(barrier.glob("ready-*"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
folders.write_marker = paused_marker
from model.cli import main
sys.exit(main(sys.argv[3:]))
"""
RUN = ["run", "reference_2012", "--years", "2012:2013", "--no-figures"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}


def call(argv: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, err.getvalue()


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("coopsim: "), err
    assert "Traceback" not in err
    return lines[0]


def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)


def helper(mode: str, barrier: Path, argv: list[str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", HELPER, mode, str(barrier), *argv],
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


# ------------------------------------------------------------------ run folders
def test_kill_during_save_leaves_a_partial_that_the_next_run_removes(tmp_path: Path) -> None:
    out = tmp_path / "results" / "run"
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    proc = helper("hang", barrier, [*RUN, "--out", str(out)])
    try:
        wait_for(lambda: any(barrier.iterdir()), 120, "the child to reach the save")
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    partials = list(out.parent.glob(".run.partial-*"))
    assert partials and not out.exists()  # killed: its partial stays, nothing in place
    code, err = call([*RUN, "--out", str(out)])
    assert code == 0, err
    assert (out / "summary.json").is_file()
    assert not list(out.parent.glob(".run.partial-*"))  # the dead process's partial is gone


def test_sigterm_during_save_removes_the_partial_on_the_way_out(tmp_path: Path) -> None:
    out = tmp_path / "results" / "run"
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    proc = helper("hang", barrier, [*RUN, "--out", str(out)])
    try:
        wait_for(lambda: any(barrier.iterdir()), 120, "the child to reach the save")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 128 + signal.SIGTERM
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    assert one_line(proc.stderr.read()) == "coopsim: terminated"
    assert not out.exists() and not list(out.parent.glob(".run.*"))


def test_two_writers_to_one_out_one_wins_the_other_exits_2(tmp_path: Path) -> None:
    out = tmp_path / "results" / "run"
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    procs = {
        seed: helper("meet", barrier, [*RUN, "--seed", str(seed), "--out", str(out)])
        for seed in (1, 2)
    }
    try:
        results = {seed: (p.wait(timeout=180), p.stderr.read()) for seed, p in procs.items()}
    finally:
        for p in procs.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(p.pid, signal.SIGKILL)
    codes = sorted(code for code, _ in results.values())
    assert codes == [0, 2], results
    winner = next(seed for seed, (code, _) in results.items() if code == 0)
    loser_err = next(err for code, err in results.values() if code == 2)
    assert "--out" in one_line(loser_err)
    import json

    assert json.loads((out / "summary.json").read_text())["seed"] == winner  # nothing lost
    assert not list(out.parent.glob(".run.*"))  # the loser cleaned up after itself


def test_disk_full_during_save_is_one_line_exit_1_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import model.results as outputs

    def full(df, path):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(outputs, "write_csv", full)
    out = tmp_path / "results" / "run"
    code, err = call([*RUN, "--out", str(out)])
    assert code == 1
    line = one_line(err)
    assert "disk full" in line and str(out) in line
    assert not out.exists() and not list(out.parent.glob(".run.*"))


def test_read_only_folder_is_one_line_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import model.folders as folders

    def read_only(*args, **kw):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), kw.get("dir"))

    monkeypatch.setattr(folders.tempfile, "mkdtemp", read_only)
    out = tmp_path / "ro" / "run"
    code, err = call([*RUN, "--out", str(out)])
    assert code == 1
    line = one_line(err)
    assert "read-only" in line and str(out) in line
    assert not out.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_real_read_only_folder_is_one_line_exit_1(tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        code, err = call([*RUN, "--out", str(ro / "run")])
    finally:
        ro.chmod(0o755)
    assert code == 1 and "permission denied" in one_line(err)


def test_name_too_long_is_one_line_exit_1(tmp_path: Path) -> None:
    code, err = call([*RUN, "--out", str(tmp_path / ("x" * 300))])
    assert code == 1 and "too long" in one_line(err)


def test_debug_shows_the_traceback_then_the_line() -> None:
    code, err = call(["--debug", "run", "no_such_scenario"])
    assert code == 2
    assert "Traceback" in err and err.strip().splitlines()[-1].startswith("coopsim: ")
    code, err = call(["run", "no_such_scenario", "--debug"])
    assert code == 2 and "Traceback" in err


def test_internal_error_is_one_line_exit_1(monkeypatch: pytest.MonkeyPatch) -> None:
    import model.cli as cli

    def broken(args):
        raise ZeroDivisionError("a bug")

    monkeypatch.setitem(cli.COMMANDS, "list", broken)
    code, err = call(["list"])
    assert code == 1 and "internal error: ZeroDivisionError" in one_line(err)


# ------------------------------------------------------------------ sweeps
SMALL_SWEEP = """
years = "2012:2013"
seeds = 2
master_seed = 3

[parameters]
"policy.nato_consultation" = { values = [false, true] }
"""


def write_sweep(tmp_path: Path, body: str = SMALL_SWEEP, name: str = "tiny") -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(f'name = "{name}"\nscenario = "{REFERENCE}"\n' + body)
    return path


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:1", "not a url", "tcp://host:99999"])
def test_bad_scheduler_is_one_line_and_leaves_no_folder(tmp_path: Path, address: str) -> None:
    out = tmp_path / "sw"
    code, err = call(
        ["sweep", str(write_sweep(tmp_path)), "--scheduler", address, "--out", str(out)]
    )
    assert code == 2 and "--scheduler" in one_line(err)
    assert not out.exists()


def test_huge_design_is_refused_before_it_is_built(tmp_path: Path) -> None:
    path = write_sweep(tmp_path, SMALL_SWEEP.replace("seeds = 2", "seeds = 1000000000"))
    start = time.perf_counter()
    code, err = call(["sweep", str(path), "--out", str(tmp_path / "sw")])
    assert code == 2 and "at most" in one_line(err)
    # a guard against building the design (minutes and gigabytes), not a speed test: generous
    assert time.perf_counter() - start < 120 and not (tmp_path / "sw").exists()


@pytest.mark.parametrize(
    "flag", [["--workers", "0"], ["--flush-every", "-1"], ["--flush-every", "nan"]]
)
def test_bad_sweep_options_are_one_line(tmp_path: Path, flag: list[str]) -> None:
    code, err = call(["sweep", str(write_sweep(tmp_path)), *flag, "--out", str(tmp_path / "sw")])
    assert code == 2 and flag[0] in one_line(err)


def test_sweep_with_failed_runs_records_them_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from model.experiments import run as run_module
    from model.experiments.driver import load_sweep

    real = run_module.run

    def flaky(overrides, seed, **kw):
        # the chunk passes each design point's scenario down loaded, its overrides applied
        if kw["scenario"].overrides["policy.nato_consultation"]:
            raise RuntimeError("boom in a test")
        return real(overrides, seed, **kw)

    monkeypatch.setattr(run_module, "run", flaky)
    out = tmp_path / "sw"
    code, err = call(["sweep", str(write_sweep(tmp_path)), "--workers", "1", "--out", str(out)])
    assert code == 1
    assert "2 of 4 runs failed" in err.strip().splitlines()[-1]
    runs = load_sweep(out, "runs")
    assert (runs["status"] == "failed").sum() == 2


def test_sweep_killed_before_sweep_json_can_be_resumed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import model.experiments.store as store

    real = store._atomic_write_text

    def die_at_sweep_json(text, path):
        if path.name == "sweep.json":
            raise KeyboardInterrupt  # stands in for a kill between design and sweep.json
        real(text, path)

    monkeypatch.setattr(store, "_atomic_write_text", die_at_sweep_json)
    path, out = write_sweep(tmp_path), tmp_path / "sw"
    args = ["sweep", str(path), "--workers", "1", "--out", str(out)]
    code, _ = call(args)
    assert code == 1 and out.is_dir() and not (out / "sweep.json").exists()
    monkeypatch.setattr(store, "_atomic_write_text", real)
    code, err = call(args)  # without --resume: refused, and told about --resume
    assert code == 2 and "--resume" in one_line(err)
    code, err = call([*args, "--resume"])
    assert code == 0, err
    assert "use --resume" not in err
    assert (out / "sweep.json").is_file()


@pytest.mark.slow
def test_sweep_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    psutil = pytest.importorskip("psutil")
    body = SMALL_SWEEP.replace('"2012:2013"', '"2012:2035"').replace("seeds = 2", "seeds = 40")
    path = write_sweep(tmp_path, body, "killme")
    proc = subprocess.Popen(
        [sys.executable, "-m", "model.cli", "sweep", str(path), "--workers", "2",
         "--chunk-size", "4", "--out", str(tmp_path / "sw")],
        env=ENV, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    try:
        parent = psutil.Process(proc.pid)

        def workers() -> list:
            return [p for p in parent.children(recursive=True) if p.is_running()]

        wait_for(lambda: len(workers()) >= 3, 120, "fork server and two workers")
        started = workers()
        time.sleep(1.0)  # let the workers pick up chunks
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        _, alive = psutil.wait_procs(started, timeout=15)
        assert not alive, f"workers still alive 15 s after the parent died: {alive}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)

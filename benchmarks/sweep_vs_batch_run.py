"""coopsim sweep against mesa.batch_run: throughput and peak memory of the same 200 runs.

Run on demand (not a test)::

    .venv/bin/python benchmarks/sweep_vs_batch_run.py            # 200 runs, 2 processes
    .venv/bin/python benchmarks/sweep_vs_batch_run.py --runs 1000 --large 10000 [--large-batch]

Both sides run reference_2012 (2012-2035) on the same 4 policy points (NATO consultation x EU
cascading) with the same seeds (the sweep's derived seeds, passed to batch_run as ``rng=[...]``)
on the same number of processes; each side runs in its own child process and the peak memory
(RSS every 50 ms, PSS every 0.5 s) of that child's whole process tree is sampled with psutil.
``--large N`` also times an N-run sweep (model table kept whole) with 2 workers, and
``--large-batch`` batch_run on the same N runs.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
SWEEP = """name = "bench"
scenario = "reference_2012"
seeds = {seeds}
master_seed = 2012
[design]
method = "grid"
[parameters]
"policy.nato_consultation" = {{ values = [false, true] }}
"institutions.eu_cascading" = {{ values = [false, true] }}
"""


def write_sweep(folder: Path, runs: int) -> Path:
    path = folder / "bench.toml"
    path.write_text(SWEEP.format(seeds=runs // 4))
    return path


def child_sweep(path: str, workers: int, out: str) -> None:
    from model.experiments import sweep

    sweep(path, workers=workers, out=out, progress=False, force=True)


def child_batch_run(path: str, workers: int) -> None:
    import mesa

    from model import CooperationModel
    from model.experiments.spec import load_sweep_spec

    spec = load_sweep_spec(path)
    seeds = sorted(set(spec.design()["seed"]), key=list(spec.design()["seed"]).index)
    results = mesa.batch_run(
        CooperationModel,
        parameters={
            "policy__nato_consultation": [False, True],
            "institutions__eu_cascading": [False, True],
        },
        number_processes=workers,
        data_collection_period=1,
        max_steps=100,
        display_progress=False,
        rng=seeds,
    )
    import pandas as pd

    df = pd.DataFrame(results)
    assert df["RunId"].nunique() == len(seeds) * 4, df["RunId"].nunique()


def measure(argv: list[str]) -> dict[str, float]:
    """Run ``argv`` and sample its process tree's memory; return seconds and peak MiB.

    Two measures of the tree's memory: the sum of resident set sizes (RSS, counts pages that
    forked workers share with their parent once per process) and the sum of proportional set
    sizes (PSS, shares each shared page among the processes that map it: the memory the tree
    really takes).
    """
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT)
    ps = psutil.Process(proc.pid)
    peak_rss = peak_pss = 0
    tick = 0
    while proc.poll() is None:
        rss = pss = 0
        # PSS reads /proc/PID/smaps_rollup (costly: it would steal CPU from the runs), so it
        # is sampled every 0.5 s; RSS every 50 ms
        full = tick % 10 == 0
        tick += 1
        try:
            procs = [ps, *ps.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        for p in procs:
            try:
                info = p.memory_full_info() if full else p.memory_info()
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            rss += info.rss
            pss += getattr(info, "pss", info.rss)
        peak_rss = max(peak_rss, rss)
        if full:
            peak_pss = max(peak_pss, pss)
        time.sleep(0.05)
    wall = time.perf_counter() - t0
    if proc.returncode:
        raise SystemExit(f"{argv} failed with {proc.returncode}")
    return {"seconds": wall, "peak_rss_mib": peak_rss / 2**20, "peak_pss_mib": peak_pss / 2**20}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--large", type=int, default=0, help="also time an N-run sweep, 2 workers")
    ap.add_argument(
        "--large-batch", action="store_true", help="with --large: also run batch_run on the N runs"
    )
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        kind, path, workers, *rest = args.child
        if kind == "sweep":
            child_sweep(path, int(workers), rest[0])
        else:
            child_batch_run(path, int(workers))
        return
    me = [sys.executable, str(Path(__file__).resolve()), "--child"]
    with tempfile.TemporaryDirectory() as tmp:
        path = write_sweep(Path(tmp), args.runs)
        out = str(Path(tmp) / "out")
        res = {
            "coopsim sweep": measure(me + ["sweep", str(path), str(args.workers), out]),
            "mesa.batch_run": measure(me + ["batch", str(path), str(args.workers)]),
        }
        for r in res.values():
            r["runs_per_s"] = args.runs / r["seconds"]
        a, b = res["coopsim sweep"], res["mesa.batch_run"]
        print(
            f"{args.runs} runs of reference_2012 2012-2035, {args.workers} processes, "
            f"{psutil.cpu_count()} CPUs"
        )
        print(f"{'':16} {'seconds':>8} {'runs/s':>8} {'peak RSS MiB':>13} {'peak PSS MiB':>13}")
        for k, r in res.items():
            print(
                f"{k:16} {r['seconds']:8.1f} {r['runs_per_s']:8.2f} "
                f"{r['peak_rss_mib']:13.0f} {r['peak_pss_mib']:13.0f}"
            )
        print(
            f"throughput ratio {a['runs_per_s'] / b['runs_per_s']:.2f}x, "
            f"peak memory ratio {a['peak_rss_mib'] / b['peak_rss_mib']:.2f} (RSS), "
            f"{a['peak_pss_mib'] / b['peak_pss_mib']:.2f} (PSS)"
        )
        if args.large:
            big = write_sweep(Path(tmp), args.large)
            kinds = [("sweep", "2 workers", [str(Path(tmp) / "big")])]
            if args.large_batch:
                kinds.append(("batch", "2 processes", []))
            for kind, procs, extra in kinds:
                label = f"{'sweep' if kind == 'sweep' else 'batch_run'} {args.large}"
                r = measure(me + [kind, str(big), "2", *extra])
                r["runs_per_s"] = args.large / r["seconds"]
                res[label] = r
                print(
                    f"{args.large}-run {label.split()[0]}, {procs}: {r['seconds']:.0f} s, "
                    f"{r['runs_per_s']:.2f} runs/s, peak {r['peak_rss_mib']:.0f} MiB RSS, "
                    f"{r['peak_pss_mib']:.0f} MiB PSS"
                )
        print(json.dumps(res))


if __name__ == "__main__":
    main()

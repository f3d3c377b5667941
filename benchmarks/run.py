"""Benchmarks: wall time of reference_2012 and of a synthetic world (run on demand).

usage: python benchmarks/run.py [--repeat N] [--states N]
Targets (docs/PERFORMANCE.md): reference_2012 in-process without figures <= 0.1 s median;
200 states x 15 areas x 24 years <= 5 s.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time

from model import run_scenario
from model.synthetic import write_synthetic_scenario


def timed(fn, repeat: int) -> list[float]:
    """Wall times of ``repeat`` calls of ``fn``, after one warm-up call."""
    fn()
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def main() -> None:
    """Run the benchmarks and print one line per figure."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--states", type=int, default=200)
    args = ap.parse_args()
    ref = timed(lambda: run_scenario("reference_2012", seed=1), args.repeat)
    print(
        f"reference_2012, 32 states x 15 areas x 24 years: median {statistics.median(ref):.3f} s, "
        f"min {min(ref):.3f} s over {len(ref)} runs (target <= 0.1 s)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = write_synthetic_scenario(tmp, n_states=args.states, seed=0)
        syn = timed(lambda: run_scenario(path, seed=1), max(1, args.repeat // 5))
    print(
        f"synthetic, {args.states} states x 15 areas x 24 years: "
        f"median {statistics.median(syn):.3f} s, min {min(syn):.3f} s "
        f"over {len(syn)} runs (target <= 5 s)"
    )


if __name__ == "__main__":
    main()

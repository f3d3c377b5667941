"""CPU time per reference run of several checkouts, measured in turn (interleaved).

usage: python benchmarks/interleaved.py DIR [DIR ...] [--alternations 3] [--runs 8]

Each DIR is a checkout (a worktree, or ``git archive <commit> | tar -x -C DIR``); in every
alternation each checkout runs ``reference_2012`` for seeds 1..runs in a fresh interpreter
(one warm-up run first) and reports the minimum and median CPU seconds per run
(``time.process_time``: other load on the machine counts less than in wall time).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

CHILD = """
import statistics, time
from model import run_scenario
run_scenario("reference_2012", seed=1)
out = []
for seed in range(1, {runs} + 1):
    t = time.process_time()
    run_scenario("reference_2012", seed=seed)
    out.append(time.process_time() - t)
print(f"{{min(out):.3f}} {{statistics.median(out):.3f}}")
"""


def main() -> None:
    """Run the checkouts in turn and print one line per checkout and alternation."""
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--alternations", type=int, default=3)
    ap.add_argument("--runs", type=int, default=8)
    args = ap.parse_args()
    for k in range(args.alternations):
        for d in args.dirs:
            env = dict(os.environ, PYTHONPATH=os.path.abspath(d))
            code = CHILD.format(runs=args.runs)
            out = subprocess.run(
                [sys.executable, "-c", code], cwd=d, env=env, capture_output=True, text=True
            )
            text = out.stdout.strip() or out.stderr.strip().splitlines()[-1]
            print(f"alternation {k + 1}  {d}: min / median CPU s per run {text}")


if __name__ == "__main__":
    main()

"""Progress of a sweep: a tqdm bar on a terminal, plain lines when stderr is not a TTY."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Counts finished runs and shows runs done, runs/s and the time left.

    Parameters
    ----------
    total
        Runs this invocation will make.
    done
        Runs already in the ledger (a resumed sweep), shown but not timed.
    label
        Name shown before the counts.
    stream
        Where to write (default stderr); a bar only if it is a TTY.
    every_s
        Seconds between plain lines.
    enabled
        False: show nothing.
    """

    def __init__(
        self,
        total: int,
        done: int = 0,
        label: str = "sweep",
        stream: TextIO | None = None,
        every_s: float = 10.0,
        enabled: bool = True,
    ) -> None:
        self.stream = stream or sys.stderr
        self.total, self.start_done, self.label = total, done, label
        self.n = 0
        self.failed = 0
        self.enabled = enabled
        self.every_s = every_s
        self.t0 = self._last = time.monotonic()
        self.bar = None
        if enabled and self.stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(
                total=total + done,
                initial=done,
                desc=label,
                unit="run",
                file=self.stream,
                smoothing=0.1,
                dynamic_ncols=True,
            )

    def update(self, n: int, failed: int = 0) -> None:
        """Add ``n`` finished runs (``failed`` of them failed)."""
        self.n += n
        self.failed += failed
        if self.bar is not None:
            self.bar.update(n)
            if failed:
                self.bar.set_postfix(failed=self.failed)
            return
        now = time.monotonic()
        if self.enabled and (now - self._last >= self.every_s or self.n == self.total):
            self._last = now
            print(self.line(now), file=self.stream, flush=True)

    def line(self, now: float | None = None) -> str:
        """One plain progress line: done/total, percent, runs/s, ETA, failures."""
        elapsed = max((now or time.monotonic()) - self.t0, 1e-9)
        rate = self.n / elapsed
        left = (self.total - self.n) / rate if rate > 0 else float("nan")
        done, total = self.start_done + self.n, self.start_done + self.total
        pct = 100.0 * done / total if total else 100.0
        return (
            f"{self.label}: {done}/{total} runs ({pct:.0f}%), {rate:.1f} runs/s, "
            f"ETA {left:.0f} s, {self.failed} failed"
        )

    def close(self) -> None:
        """Close the bar."""
        if self.bar is not None:
            self.bar.close()

"""Benchmark: seconds from pressing ▶ in the dashboard to the year 2035 shown in the browser.

usage: python benchmarks/dashboard_play.py [--port 8790] [--repeat 3] [--height 1000]

Serves ``coopsim dashboard`` on 127.0.0.1, drives headless Chromium (/usr/bin/chromium) with
Playwright as a user would — load the page, press ▶ — and prints the wall time until the overview
reads "Year 2035" (the last of the 24 years of ``reference_2012``) and until every chart on
screen has drawn 2035 too. ``--height`` sets the window's height: 1000 px shows the overview and
the first charts, 4200 px every chart of the Run page at once. Each repetition reloads the page,
which builds a fresh session and model. Target (issue 14): under 20 s. A figure for
``docs/PERFORMANCE.md``, not a timed test.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
LAST_YEAR = 2035
#: True when every chart on screen has drawn the last year (charts tag what they drew).
ALL_ON_SCREEN_DRAWN = """year => [...document.querySelectorAll('[data-drawn]')]
    .filter(e => { const r = e.getBoundingClientRect();
                   return r.top < innerHeight && r.bottom > 0; })
    .every(e => e.dataset.drawn.endsWith(' ' + year))"""


def start_server(port: int) -> subprocess.Popen:
    """Start ``coopsim dashboard`` on ``port`` and wait until it answers."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "model.cli", "dashboard", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                return proc
        except OSError:
            time.sleep(0.3)
    stop_server(proc)
    raise SystemExit("dashboard did not answer within 90 s")


def stop_server(proc: subprocess.Popen) -> None:
    """Stop the server's process group."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def play_once(page, url: str, timeout_s: float) -> tuple[float, float | None]:
    """Load the dashboard, press ▶; seconds until "Year 2035" is shown, and until charts drew it.

    The second figure is ``None`` for a dashboard whose charts do not say what they drew (the
    matplotlib version before issue 14).
    """
    page.goto(url)
    page.get_by_text("not simulated yet").first.wait_for(timeout=60_000)
    play = page.get_by_role("button", name="▶")
    t0 = time.perf_counter()
    play.click()
    page.get_by_text(f"Year {LAST_YEAR}").first.wait_for(timeout=timeout_s * 1000)
    shown = time.perf_counter() - t0
    if not page.locator("[data-drawn]").count():
        return shown, None
    page.wait_for_function(ALL_ON_SCREEN_DRAWN, arg=LAST_YEAR, timeout=timeout_s * 1000)
    return shown, time.perf_counter() - t0


def main() -> None:
    """Run the benchmark and print one line per repetition and a summary."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=8790)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=400.0, help="seconds allowed per play")
    ap.add_argument("--height", type=int, default=1000, help="window height in pixels")
    ap.add_argument("--url", help="an already running dashboard (no server started)")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    proc = None if args.url else start_server(args.port)
    url = args.url or f"http://127.0.0.1:{args.port}/"
    times, drawn = [], []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": args.height})
                for i in range(args.repeat):
                    shown, charts = play_once(page, url, args.timeout)
                    times.append(shown)
                    if charts is not None:
                        drawn.append(charts)
                    extra = "" if charts is None else f", charts on screen drawn {charts:.1f} s"
                    print(f"play {i + 1}: year shown {shown:.1f} s{extra}", flush=True)
            finally:
                browser.close()
    finally:
        if proc is not None:
            stop_server(proc)
    charts = f"; charts drawn: median {statistics.median(drawn):.1f} s" if drawn else ""
    print(
        f"dashboard play 2012-{LAST_YEAR} (reference_2012, seed 1, window 1400x{args.height}): "
        f"year shown: median {statistics.median(times):.1f} s, min {min(times):.1f} s over "
        f"{len(times)}{charts} (target < 20 s); load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()

"""The dashboard in a real browser: `coopsim dashboard` served, headless Chromium driving it.

Steps, plays to 2035, opens the parameter table, downloads every export and loads the saved
scenario file. The time to play is a benchmark figure (benchmarks/dashboard_play.py,
docs/PERFORMANCE.md), not asserted here.

Skipped only when /usr/bin/chromium is missing and the CI variable is unset; in CI it must run
(.ci/run installs Chromium from Debian). Playwright's own browser download is never used.
Every request to a host other than 127.0.0.1 is blocked and recorded: the dashboard must work
offline, with front-end assets from installed packages.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SERVER_START_TIMEOUT_S = 90
UI_TIMEOUT_MS = 60_000
#: Playing the 24 years takes a few seconds (benchmarks/dashboard_play.py); this only bounds a hang.
PLAY_TIMEOUT_MS = 240_000
#: Screenshots also land here once per run, for people to look at.
SHOT_PREFIX = "/tmp/dashboard_"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists() and not os.environ.get("CI"),
        reason="no /usr/bin/chromium (apt-get install chromium); required when CI is set",
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _coopsim() -> list[str]:
    exe = Path(sys.executable).parent / "coopsim"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "model.cli"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    log = tmp_path_factory.mktemp("dashboard") / "server.log"
    env = {**os.environ, "MPLBACKEND": "Agg"}
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [*_coopsim(), "dashboard", "--port", str(port), "--host", "127.0.0.1"],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"dashboard server exited ({proc.returncode}):\n{log.read_text()}")
            try:
                with urllib.request.urlopen(url, timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"dashboard did not answer within {SERVER_START_TIMEOUT_S} s")
            time.sleep(0.3)
        yield url
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)


def _wait_drawn(page, name: str, year: int) -> None:
    page.wait_for_selector(f'.coopsim-{name} [data-drawn="{name} {year}"]', state="attached")


def _shot(page, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    shutil.copyfile(path, f"{SHOT_PREFIX}{name}.png")
    assert path.stat().st_size > 10_000


def _download(page, label: str, tmp_path: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target


def test_dashboard_in_browser(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    from model.dashboard.export import TABLES
    from model.scenario import load_scenario

    expect.set_options(timeout=UI_TIMEOUT_MS)

    external: list[str] = []

    def offline_only(route) -> None:
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            external.append(url)
            route.abort()

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 4200}, accept_downloads=True)
            page.set_default_timeout(UI_TIMEOUT_MS)
            page.route("**/*", offline_only)
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(server)

            # loads: app title, named tabs, the generated controls with their values, the views
            expect(
                page.get_by_text("military cooperation under changing budgets").first
            ).to_be_visible()
            expect(page.get_by_role("tab", name="Run")).to_be_visible()
            expect(page.get_by_role("tab", name="Side by side")).to_be_visible()
            expect(page.get_by_text("Real budget growth per year").first).to_be_visible()
            expect(page.get_by_text("NATO consultation before cuts").first).to_be_visible()
            expect(page.get_by_text("Seed: 1").first).to_be_visible()
            expect(page.get_by_text("Min gain: 0.").first).to_be_visible()
            expect(page.get_by_text("Capability gaps").first).to_be_visible()
            expect(page.get_by_text("not simulated yet").first).to_be_visible()
            _shot(page, tmp_path, "start")

            # a control moved: the sidebar asks for Reset; Reset builds the run it describes
            page.get_by_label("Real budget growth per year for every state").click(force=True)
            page.get_by_role("option", name="-2 %", exact=True).click()
            expect(page.get_by_text("Settings changed").first).to_be_visible()
            page.get_by_role("button", name="Reset").click()
            expect(
                page.get_by_text("reference_2012 with −2 %/yr real budget growth").first
            ).to_be_visible()
            expect(page.get_by_text("Settings changed")).to_have_count(0)

            # Step simulates 2012, a second Step 2013: the year and every chart follow
            step = page.get_by_role("button", name="Step")
            step.click()
            expect(page.get_by_text("Year 2012").first).to_be_visible()
            for name in ("gaps", "money", "sovereignty", "circles", "forms", "focus"):
                _wait_drawn(page, name, 2012)
            step.click()
            expect(page.get_by_text("Year 2013").first).to_be_visible()
            _wait_drawn(page, "gaps", 2013)
            _wait_drawn(page, "money", 2013)
            expect(page.get_by_text("One run, one seed").first).to_be_visible()

            # the parameter table opens in its own card, pushing the charts down
            page.get_by_text("Show the table (from the parameter contract)").click()
            table = page.locator("table", has_text="budgets.real_growth_override").first
            expect(table).to_be_visible()
            # the card grows with an expansion transition: measure once the layout has settled
            for _ in range(40):
                box = table.bounding_box()
                gaps = page.get_by_text("Capability gaps").first.bounding_box()
                if box and gaps and box["y"] + box["height"] < gaps["y"]:
                    break
                page.wait_for_timeout(250)
            assert box and gaps and box["y"] + box["height"] < gaps["y"], "table overlaps cards"

            # ▶ plays to the last year; the charts end on 2035
            page.get_by_role("button", name="▶").click()
            expect(page.get_by_text("Year 2035").first).to_be_visible(timeout=PLAY_TIMEOUT_MS)
            for name in ("gaps", "money", "focus"):
                _wait_drawn(page, name, 2035)
            expect(page.get_by_text("Run finished (2035)").first).to_be_visible()
            expect(page.get_by_text("10 a page").first).to_be_visible()
            _shot(page, tmp_path, "run")

            # export: every table as CSV, the settings as a scenario file that loads
            for name in TABLES:
                path = _download(page, f"{name}.csv", tmp_path)
                assert path.name == f"reference_2012_seed1_{name}.csv"
                assert path.read_text().count("\n") > 1
            model_csv = (tmp_path / "reference_2012_seed1_model.csv").read_text().splitlines()
            assert model_csv[-1].startswith("2035,")  # the tables of the run as shown
            saved = _download(page, "Save these settings as a scenario file", tmp_path)
            assert saved.suffix == ".toml"
            spec = load_scenario(saved)
            expected = load_scenario("reference_2012", {"budgets.real_growth_override": -0.02})
            assert spec.params == expected.params

            # the side-by-side page: two configurations on the same seed, bands over seeds
            page.get_by_role("tab", name="Side by side").click()
            expect(page.get_by_text("Side by side: two menus of forms")).to_be_visible()
            expect(page.get_by_text("B − A").first).to_be_visible()
            expect(page.get_by_text("bands: mean and 5–95 %").first).to_be_visible()
            page.wait_for_selector('.coopsim-side [data-drawn="side 2035 bands"]', state="attached")
            _shot(page, tmp_path, "side_by_side")

            assert not errors, errors
            assert not external, f"requests left 127.0.0.1 (must work offline): {external}"
        finally:
            browser.close()

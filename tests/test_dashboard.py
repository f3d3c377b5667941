"""The dashboard in a real browser: `coopsim dashboard` served, headless Chromium driving it.

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


def _img_src(page, cls: str) -> str:
    loc = page.locator(f"img.coopsim-{cls}").first
    loc.wait_for(state="visible", timeout=UI_TIMEOUT_MS)
    return loc.get_attribute("src") or ""


def _shot(page, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    shutil.copyfile(path, f"{SHOT_PREFIX}{name}.png")
    assert path.stat().st_size > 10_000


def test_dashboard_in_browser(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

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
            page = browser.new_page(viewport={"width": 1600, "height": 2300})
            page.set_default_timeout(UI_TIMEOUT_MS)
            page.route("**/*", offline_only)
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(server)

            # loads: app title, the generated controls, the views
            expect(
                page.get_by_text("military cooperation under changing budgets").first
            ).to_be_visible()
            expect(page.get_by_text("Real budget growth per year").first).to_be_visible()
            expect(page.get_by_text("NATO consultation before cuts").first).to_be_visible()
            expect(page.get_by_text("Capability gaps").first).to_be_visible()
            expect(page.get_by_text("not simulated yet").first).to_be_visible()
            _shot(page, tmp_path, "start")

            # Step simulates 2012, a second Step 2013: the year label and the figures change
            step = page.get_by_role("button", name="Step")
            step.click()
            expect(page.get_by_text("Year 2012").first).to_be_visible()
            first = {c: _img_src(page, c) for c in ("gaps", "money", "network", "sovereignty")}
            step.click()
            expect(page.get_by_text("Year 2013").first).to_be_visible()
            page.wait_for_function(
                "old => { const i = document.querySelector('img.coopsim-gaps');"
                " return i && i.src !== old; }",
                arg=first["gaps"],
            )
            assert _img_src(page, "money") != first["money"]
            for _ in range(3):
                step.click()
                page.wait_for_timeout(300)
            expect(page.get_by_text("Year 2016").first).to_be_visible()
            page.wait_for_timeout(1500)
            _shot(page, tmp_path, "run")

            # the side-by-side view: two configurations on the same seed
            page.get_by_role("tab", name="Page 1").click()
            expect(
                page.get_by_text("Side by side: pooling against role specialisation")
            ).to_be_visible()
            assert _img_src(page, "side")
            expect(page.get_by_text("B − A").first).to_be_visible()
            page.wait_for_timeout(1000)
            _shot(page, tmp_path, "side_by_side")

            assert not errors, errors
            assert not external, f"requests left 127.0.0.1 (must work offline): {external}"
        finally:
            browser.close()

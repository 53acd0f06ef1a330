"""Live Code on the built book, run against a kernel of Binder's environment.

mybinder.org cannot be reached from a test, so the test does what Binder does: it starts a Jupyter
server from Binder's environment (tests/binder_venv.py) and serves the built site over HTTP, then
points the page's Thebe config at that server (``useBinder: false``), which is the one thing that
differs from the published page. A reader's click on Live Code then has to: run every cell of the
chapter in order (the hidden setup cell first, so later cells have their names), draw every chart the
kernel sends (Vega-Lite, which Thebe cannot draw by itself) with the page's own libraries, make the
calculator live (ipywidgets: its slider moves its numbers), and ask nothing of any other host
(Thebe's widget manager fetches require.js from a CDN unless live-code.js answers it locally).
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
import time

import pytest
from binder_venv import ROOT, jupyter
from chromium import watched_page

pytestmark = [pytest.mark.binder, pytest.mark.browser]

SITE = ROOT / "_build" / "html"
TOKEN = "advisor-live-code-test"
# each chapter and the calculator's slider the test moves (one that moves the result; see test_jupyterlab.py)
CHAPTERS = {
    "06-query-volume": "Queries per month",
    "09-the-crossover": "Knowledge updates per month",
    "12-your-decision": "Queries per month",
}
BUTTON = "() => document.querySelector('.thebe-launch-button').textContent"


@pytest.fixture(scope="module")
def kernel_server(tmp_path_factory):
    """A Jupyter server of Binder's environment that accepts the book's pages (another origin) as clients."""
    root = tmp_path_factory.mktemp("live-root")
    shutil.copytree(ROOT / "chapters", root / "chapters")  # the kernel's working folder, as on Binder
    home = tmp_path_factory.mktemp("live-home")
    # the pages come from the static server's port
    with jupyter("server", root, home, f"--IdentityProvider.token={TOKEN}", "--ServerApp.allow_origin=*") as url:
        yield url


@pytest.fixture(scope="module")
def site():
    """The built book over HTTP (Thebe's kernel connection needs pages from an http origin)."""
    if not (SITE / "index.html").exists():
        pytest.fail("the book is not built: run `bash scripts/build-book.sh`")
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # the base class names it "format"
        pass


def _open_live(browser, site, kernel_server, name):
    """The chapter with Live Code started on the test's server; every console error and off-machine request kept."""
    allowed = (site, kernel_server, "ws://127.0.0.1", "data:", "blob:", "about:")
    page, errors, remote = watched_page(browser, allowed, viewport={"width": 1280, "height": 900})
    page.goto(f"{site}/chapters/{name}.html")
    page.wait_for_load_state("load")
    static_charts = page.locator(".cell_output .advisor-chart").count()
    # the published page names Binder; here the same page, pointed at the test's server
    config = {
        "requestKernel": True,
        "useBinder": False,
        "serverSettings": {"baseUrl": kernel_server, "wsUrl": kernel_server.replace("http", "ws"), "token": TOKEN},
        "kernelOptions": {"name": "python3", "path": "./chapters"},
        "predefinedOutput": True,
    }
    page.evaluate(
        "c => { document.querySelector('script[type=\"text/x-thebe-config\"]').textContent = JSON.stringify(c); }",
        config,
    )
    start = time.perf_counter()
    page.evaluate("initThebeSBT()")  # what the theme's Live Code button calls
    page.wait_for_function(f"() => ({BUTTON})() === 'Live Code is on'", timeout=180_000, polling=100)
    return page, errors, remote, static_charts, time.perf_counter() - start


@pytest.mark.parametrize("name", list(CHAPTERS))
def test_live_code_runs_the_chapter_draws_its_charts_and_makes_the_calculator_live(browser, site, kernel_server, name):
    page, errors, remote, static_charts, seconds = _open_live(browser, site, kernel_server, name)
    try:
        # every cell ran, none raised (a NameError here means a cell needs one the page does not hold)
        outputs = page.evaluate(
            "() => Array.from(document.querySelectorAll('.thebe-output, .jp-OutputArea-output')).map(e => e.innerText)"
        )
        assert outputs and not [o for o in outputs if "Traceback" in o], outputs
        assert page.evaluate("() => window.thebe.notebook.cells.every(c => c.executionCount !== null)") is True

        # each chart the chapter draws comes back live, drawn by the page's vega into its column
        page.wait_for_function(
            "n => { const c = document.querySelectorAll('.advisor-live-chart');"
            " return c.length >= n && Array.from(c).every(e => e.dataset.drawn === 'true'); }",
            arg=static_charts,
            timeout=30_000,
        )
        charts = page.evaluate(
            "() => Array.from(document.querySelectorAll('.advisor-live-chart')).map(e => {"
            " const svg = e.querySelector('svg.marks'); const box = e.closest('.cell_output, .thebe-output');"
            " return [!!svg, svg ? svg.getBoundingClientRect().width : 0, box.getBoundingClientRect().width]; })"
        )
        assert len(charts) == static_charts > 0
        assert all(drawn and 50 < width <= column + 1 for drawn, width, column in charts), charts
        assert "advisor chart:" not in page.inner_text("article")  # the text a front end without charts shows
        # and follow the page's light or dark theme, as the static charts do
        label = page.locator(".advisor-live-chart svg .role-axis-label text").first
        light = label.evaluate("t => getComputedStyle(t).fill")
        page.evaluate("document.documentElement.dataset.theme = 'dark'")
        assert label.evaluate("t => getComputedStyle(t).fill") != light
        backgrounds = page.evaluate(
            "() => Array.from(document.querySelectorAll('.advisor-live-chart svg')).map(e => getComputedStyle(e).backgroundColor)"
        )
        assert set(backgrounds) <= {"rgba(0, 0, 0, 0)", "transparent"}, backgrounds
        page.evaluate("document.documentElement.dataset.theme = 'light'")

        # the calculator is live: its first slider that moves the result changes its numbers
        calculator = page.locator("div.cell", has=page.locator(".widget-slider")).last
        numbers = calculator.locator(".widget-html").last
        before = numbers.inner_text()
        calculator.locator(".widget-slider", has_text=CHAPTERS[name]).locator(".noUi-handle").focus()
        page.keyboard.press("Home")
        page.wait_for_function("([e, t]) => e.innerText !== t", arg=[numbers.element_handle(), before], timeout=30_000)
        assert numbers.inner_text() != before

        assert remote == []
        assert errors == []
        print(f"\n{name}: Live Code click to the chapter run {seconds:.1f} s")
    finally:
        page.evaluate("() => window.thebe.session && window.thebe.session.shutdown()")
        page.close()


def test_a_python_error_in_a_cell_shows_there_and_leaves_live_code_on(browser, site, kernel_server):
    page, errors, remote, _, _ = _open_live(browser, site, kernel_server, "02-two-architectures")
    try:
        assert page.evaluate("() => window.thebe.notebook.cells.length") > 0
        page.evaluate(
            "() => { const c = window.thebe.notebook.cells[window.thebe.notebook.cells.length - 1];"
            " return c.execute('undefined_name'); }"
        )
        page.wait_for_function(
            "() => Array.from(document.querySelectorAll('.jp-OutputArea-output')).some(e => e.innerText.includes('NameError'))",
            timeout=30_000,
        )
        assert page.evaluate(BUTTON) == "Live Code is on"
        assert page.locator(".advisor-live-status").count() == 0
        assert remote == []
        assert errors == []
    finally:
        page.evaluate("() => window.thebe.session && window.thebe.session.shutdown()")
        page.close()

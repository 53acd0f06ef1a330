"""Chapters as a reader meets them live: JupyterLab from Binder's environment, driven by Chromium.

The test starts ``jupyter lab`` from Binder's environment (tests/binder_venv.py) on a copy of the
chapters, opens each by the URL the book's launch button uses (``lab/tree/chapters/<name>.md``), runs
every cell, and checks what the reader sees: a notebook, not Markdown text; prose with the same
numbers as the static page, no role left raw; every chart drawn with every other host blocked; the
calculator's first control changing its numbers and its chart; no console error; and a save that
leaves the chapter's file as it was. Timings are printed (``pytest -s``) and kept in
``_build/jupyterlab-timings.json``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time

import pytest
from binder_venv import ROOT, jupyter
from chromium import watched_page

pytestmark = pytest.mark.binder

SITE = ROOT / "_build" / "html"
TIMINGS = ROOT / "_build" / "jupyterlab-timings.json"
# each chapter and the calculator's control the test moves to its lowest value: its first slider that moves
# the result (chapter 9's first, the GPU price, leaves the crossing where it is while the fine-tuned model
# runs on the provider's endpoint; chapter 12's first control is the project's name)
CHAPTERS = {
    "06-query-volume": "Queries per month",
    "09-the-crossover": "Knowledge updates per month",
    "12-your-decision": "Queries per month",
}
# ADVISOR_JUPYTERLAB_CHAPTERS=all: every chapter of the book (about 15 s each), the calculator where listed above
TESTED = (
    sorted(p.stem for p in (ROOT / "chapters").glob("*.md"))
    if os.environ.get("ADVISOR_JUPYTERLAB_CHAPTERS") == "all"
    else list(CHAPTERS)
)
# a number as prose writes it: $1,234, 3.5k, 25%, 2026-12-01 (parts), 0.0192
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

NOTEBOOK = "() => window.jupyterapp.shell.currentWidget"
KERNEL_READY = (
    "path => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
    " if (!w || !w.context || w.context.path !== path) return false;"
    " const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;"
    " return !!k && k.connectionStatus === 'connected' && k.status === 'idle'; }"
)
ALL_RUN = (
    "() => { const w = window.jupyterapp.shell.currentWidget;"
    " const code = w.content.widgets.filter(c => c.model.type === 'code');"
    " return code.every(c => c.model.executionCount !== null && !c.promptNode.textContent.includes('*'))"
    " && w.sessionContext.session.kernel.status === 'idle'; }"
)
# every inline expression's value back from the kernel: jupyterlab-myst asks for them after it renders each
# Markdown cell (kept in the cell's "user_expressions" metadata), so they may arrive after the last code cell ran
EXPRESSIONS_EVALUATED = (
    "() => window.jupyterapp.shell.currentWidget.content.widgets.filter(c => c.model.type === 'markdown')"
    ".every(c => { const wanted = (c.model.sharedModel.getSource().match(/\\{eval\\}`/g) || []).length;"
    " return (c.model.getMetadata('user_expressions') || []).length === wanted; })"
)
PROSE = (
    "() => Array.from(document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownCell'))"
    ".map(c => c.querySelector('.myst, .jp-RenderedMarkdown')).filter(Boolean).map(e => e.innerText).join('\\n')"
)
# a chart is drawn when JupyterLab's Vega output holds a canvas or SVG with a size
CHARTS = (
    "() => Array.from(document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedVegaCommon5'))"
    ".map(e => { const g = e.querySelector('canvas, svg'); return !!g && g.getBoundingClientRect().width > 50; })"
)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab-root")
    shutil.copytree(ROOT / "chapters", root / "chapters")  # a save cannot touch the checkout
    home = tmp_path_factory.mktemp("lab-home")
    # every cell rendered, not only those scrolled into view, so that the whole prose can be read
    tracker = home / "jupyterlab_settings_dir" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}))
    options = (
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        "--LabApp.expose_app_in_browser=True",  # window.jupyterapp: run all, save, read the model
    )
    with jupyter("lab", root, home, *options) as url:
        yield url, root


@pytest.fixture(scope="module")
def timings():
    found: dict[str, dict[str, float]] = {}
    yield found
    TIMINGS.parent.mkdir(exist_ok=True)
    TIMINGS.write_text(json.dumps(found, indent=2) + "\n")


def static_prose_numbers(name: str) -> list[str]:
    """The numbers in the static page's prose, in order (code cells and their outputs left out)."""
    bs4 = pytest.importorskip("bs4")
    page = SITE / "chapters" / f"{name}.html"
    if not page.exists():
        pytest.fail("the book is not built: run `bash scripts/build-book.sh` (scripts/test.sh does it first)")
    article = bs4.BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article")
    for cell in article.select("div.cell, a.headerlink"):
        cell.decompose()
    return NUMBER.findall(article.get_text(" "))


@pytest.mark.parametrize("name", TESTED)
def test_chapter_live_in_jupyterlab(lab, browser, timings, name):
    url, root = lab
    page, errors, remote = watched_page(browser, (url, "data:", "blob:"), viewport={"width": 1400, "height": 1000})
    measured: dict[str, float] = {}

    # the launch button's URL opens a notebook, not the Markdown text
    # (?reset: a fresh workspace, not the tabs the previous test left open)
    page.goto(f"{url}/lab/tree/chapters/{name}.md?reset")
    page.wait_for_function(KERNEL_READY, arg=f"chapters/{name}.md", timeout=90_000)
    kind = page.evaluate(f"() => {{ const w = ({NOTEBOOK})(); return [w.constructor.name, w.context.path]; }}")
    assert page.locator(".jp-NotebookPanel .jp-Notebook").count() == 1, kind
    assert kind[1] == f"chapters/{name}.md"

    # Run All, then every chart drawn
    start = time.perf_counter()
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(ALL_RUN, timeout=180_000, polling=50)
    measured["run_all_s"] = time.perf_counter() - start
    least = 2 if name in CHAPTERS else 0  # chapters 6, 9, 12: a chart and the calculator's, at least
    page.wait_for_function(
        f"n => {{ const d = ({CHARTS})(); return d.length >= n && d.every(Boolean); }}", arg=least, timeout=30_000
    )
    measured["run_all_to_charts_s"] = time.perf_counter() - start
    drawn = page.evaluate(CHARTS)
    assert len(drawn) >= least and all(drawn)

    # the prose: every role filled in, the same numbers as the static page, no code shown that the book hides
    page.wait_for_function(EXPRESSIONS_EVALUATED, timeout=60_000, polling=100)
    expected = static_prose_numbers(name)
    markdown = read_prose(page, expected)
    assert "{eval}" not in markdown and "{glue" not in markdown and "{doc}" not in markdown
    assert NUMBER.findall(markdown) == expected
    hidden = page.evaluate(
        "() => { const w = window.jupyterapp.shell.currentWidget; return w.content.widgets"
        ".filter(c => c.model.type === 'code' && (c.model.getMetadata('tags') || []).some(t => /^(remove|hide)-input$/.test(t)))"
        ".map(c => c.inputHidden); }"
    )
    assert hidden and all(hidden)

    # the calculator (the last cell): a control moves its numbers and its chart
    if name in CHAPTERS:
        move_calculator(page, CHAPTERS[name], measured)
    finish(page, name, measured, timings, root, errors, remote)


def read_prose(page, expected: list[str], seconds: float = 10.0) -> str:
    """The Markdown cells' text once its numbers are ``expected``, or as it stands after ``seconds``.

    The values are in the cells' metadata by now; React draws them a moment later.
    """
    end = time.monotonic() + seconds
    while True:
        markdown = page.evaluate(PROSE)
        if NUMBER.findall(markdown) == expected or time.monotonic() > end:
            return markdown
        page.wait_for_timeout(100)


def move_calculator(page, label, measured):
    """Move the calculator's slider called ``label`` to its lowest value: its numbers and its chart change."""
    calculator = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell").last
    numbers = calculator.locator(".widget-html").last
    before = numbers.inner_text()
    calculator.locator(".jp-RenderedVegaCommon5").first.evaluate("e => e.setAttribute('data-before', '1')")
    handle = calculator.locator(".widget-slider", has_text=label).locator(".noUi-handle")
    handle.focus()
    start = time.perf_counter()
    page.keyboard.press("Home")
    page.wait_for_function("([e, t]) => e.innerText !== t", arg=[numbers.element_handle(), before], polling=5)
    measured["slider_to_numbers_ms"] = 1000 * (time.perf_counter() - start)
    page.wait_for_function(
        "c => { const v = c.querySelector('.jp-RenderedVegaCommon5');"
        " const g = v && !v.hasAttribute('data-before') && v.querySelector('canvas, svg');"
        " return !!g && g.getBoundingClientRect().width > 50; }",
        arg=calculator.element_handle(),
        polling=5,
    )
    measured["slider_to_chart_ms"] = 1000 * (time.perf_counter() - start)
    assert numbers.inner_text() != before


def finish(page, name, measured, timings, root, errors, remote):
    # saving changes nothing: the chapter is in the form jupytext writes, whatever the session added
    page.evaluate("window.jupyterapp.commands.execute('docmanager:save')")
    page.wait_for_function(f"() => !({NOTEBOOK})().context.model.dirty", timeout=30_000)
    assert (root / "chapters" / f"{name}.md").read_text() == (ROOT / "chapters" / f"{name}.md").read_text()

    assert remote == []
    assert errors == []
    page.evaluate(f"() => ({NOTEBOOK})().sessionContext.shutdown()")
    timings[name] = {k: round(v, 3) for k, v in measured.items()}
    print(f"\n{name}: {timings[name]}")
    page.close()


def test_double_click_opens_a_chapter_as_a_notebook(lab, browser):
    url, _ = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{url}/lab/tree/chapters?reset")  # the file browser, in the chapters folder
    item = page.locator(".jp-DirListing-item", has_text="07-latency.md")
    item.dblclick()
    page.wait_for_function(KERNEL_READY, arg="chapters/07-latency.md", timeout=90_000)
    assert page.locator(".jp-NotebookPanel .jp-Notebook").count() == 1
    assert page.locator(".jp-FileEditor").count() == 0  # not the text editor
    page.evaluate(f"() => ({NOTEBOOK})().sessionContext.shutdown()")
    page.close()

"""Every chapter calculator's "Use your own numbers", in a real browser, against CPython.

The built site is served over http on 127.0.0.1 (Pyodide cannot load from file://); every request to
another host is aborted and recorded, and any console error fails the test. On each chapter with a
calculator: nothing of Pyodide is fetched before the click; after it, each control is moved as a reader
would (typed, picked, ticked), and the result text, the ``data-result`` figures and the chart's datasets
(read from the drawn Vega view) must change and equal ``advisor.core.calculators.run`` in CPython for
the same case; a bad value shows the model's message naming the field, and the other inputs are kept.
"""

from __future__ import annotations

import json
import math
import re
from urllib.parse import parse_qsl

import pytest
from test_browser import ALL_DRAWN, SITE
from test_calculators import OTHER
from test_your_case import BOOT_TIMEOUT_MS, Server, Visit

from advisor.core import calculators
from advisor.page_form import field_text

CARD = ".advisor-calculator[data-calculator]"
PAGES = sorted(
    p.relative_to(SITE).as_posix()
    for p in (SITE / "chapters").glob("*.html")
    if 'class="advisor-calculator" data-calculator=' in p.read_text(encoding="utf-8")
)
STATE = """card => { const r = card.querySelector('.advisor-result');
    return {state: r.dataset.state, computed: +(r.dataset.computed || 0), result: r.dataset.result,
            error: r.dataset.error || null, fragment: r.dataset.fragment || null, text: r.innerText, html: r.innerHTML}; }"""
CHART_ROWS = """card => { const figure = card.querySelector('.advisor-calc-chart');
    const view = figure.querySelector('.advisor-chart').__advisorView;
    return Object.fromEntries(figure.dataset.datasets.split(' ').map(n => [n, view.data(n).map(r => {
        const row = {}; for (const k of Object.keys(r)) if (k !== 'lines' && k !== 'stack_rank' && !k.startsWith('Symbol')) row[k] = r[k];
        return row; })])); }"""
FORM_FIELDS = (
    """card => Array.from(card.querySelectorAll('.advisor-calc-form .advisor-field')).map(b => b.dataset.field)"""
)


@pytest.fixture(scope="module")
def server():
    if not PAGES:
        pytest.fail("the book is not built, or has no calculator: run `bash scripts/build-book.sh`")
    s = Server()
    yield s
    s.close()


def close(mine, theirs, path="") -> None:
    """Browser output against CPython's: equal structure and text, numbers to 1e-9 relative."""
    if isinstance(theirs, dict):
        assert isinstance(mine, dict) and set(mine) == set(theirs), (path, mine, theirs)
        for k in theirs:
            close(mine[k], theirs[k], f"{path}.{k}")
    elif isinstance(theirs, list):
        assert isinstance(mine, list) and len(mine) == len(theirs), (path, len(mine or []), len(theirs))
        for i, (m, t) in enumerate(zip(mine, theirs)):
            close(m, t, f"{path}[{i}]")
    elif isinstance(theirs, float) or (isinstance(theirs, int) and not isinstance(theirs, bool)):
        assert isinstance(mine, (int, float)) and not isinstance(mine, bool), (path, mine, theirs)
        tolerance = 0.002 if path.endswith("p_finetuning_cheaper") else 1e-9  # one draw may flip on a last bit
        assert math.isclose(mine, theirs, rel_tol=tolerance, abs_tol=1e-9 if tolerance < 1 else tolerance), (
            path,
            mine,
            theirs,
        )
    else:
        assert mine == theirs, (path, mine, theirs)


def expected(card_key: str, fragment: str, draws: int | None) -> dict:
    return json.loads(calculators.run_json(card_key, fragment, draws))


def check_against_cpython(page, card, key: str, draws: int | None) -> dict:
    state = card.evaluate(STATE)
    assert state["state"] == "ok", state
    theirs = expected(key, state["fragment"], draws)
    assert theirs["ok"]
    close(json.loads(state["result"]), theirs["result"], "result")
    close(card.evaluate(CHART_ROWS), theirs["records"], "records")
    # the summary shown is the one CPython writes (both as the browser parses them)
    html_text = page.evaluate(
        "h => { const d = document.createElement('div'); d.innerHTML = h; return d.innerHTML; }", theirs["html"]
    )
    assert state["html"] == html_text
    return state


def wait_computed(card, before: int) -> dict:
    card.page.wait_for_function(
        "([card, n]) => +(card.querySelector('.advisor-result').dataset.computed || 0) > n",
        arg=[card.element_handle(), before],
        timeout=BOOT_TIMEOUT_MS,
    )
    return card.evaluate(STATE)


def move(card, field: str, value: object) -> None:
    """Set a control as a reader would, then let the form hear it."""
    box = card.locator(f'.advisor-calc-form .advisor-field[data-field="{field}"]')
    kind = calculators.control_of(field).kind
    if kind == "choices":
        wanted = set(value)
        for box_input in box.locator("input[type=checkbox]").all():
            if (box_input.get_attribute("value") in wanted) != box_input.is_checked():
                box_input.click()
        return
    if kind == "flag":
        box.locator("input").set_checked(bool(value))
        return
    if kind == "choice":
        box.locator("select").select_option(str(value))
        return
    target = box.locator("input")
    target.fill(field_text(field, value))
    target.dispatch_event("change")


@pytest.mark.parametrize("name", PAGES)
def test_use_your_own_numbers_moves_every_control_and_matches_cpython(browser, server, name):
    visit = Visit(browser, server.base + name, server.base)
    page = visit.page
    warnings: list[str] = []  # Vega's and Vega-Lite's ("Infinite extent", "Channel order is inappropriate")
    page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    page.reload()
    page.wait_for_load_state("load")
    page.wait_for_function(ALL_DRAWN, timeout=30_000)
    card = page.locator(CARD).first
    key = card.get_attribute("data-calculator")
    draws = int(card.get_attribute("data-draws")) if card.get_attribute("data-draws") else None
    assert card.locator("input").count() == 0  # no control before the click
    page.wait_for_timeout(300)
    assert visit.pyodide_requests() == []  # reading the page fetches nothing of the model

    static = card.evaluate(STATE)
    assert static["state"] == "static" and json.loads(static["result"])
    card.locator("button.advisor-own-numbers").click()
    state = wait_computed(card, 0)
    assert visit.pyodide_requests()  # now it has
    # the build-time case, recomputed in the browser: the figures are those the card showed
    close(
        json.loads(state["result"]), json.loads(static["result"]) if key != "decision" else json.loads(state["result"])
    )
    check_against_cpython(page, card, key, draws)
    assert card.evaluate(FORM_FIELDS) == list(calculators.CALCULATORS[key].controls)

    s, a = calculators.case_of(
        key, dict(parse_qsl(card.get_attribute("data-base"))) and card.get_attribute("data-base")
    )
    for field in calculators.CALCULATORS[key].controls:
        current = getattr(s if calculators.control_of(field).target == "scenario" else a, field)
        current = list(current) if isinstance(current, tuple) else current
        value = next(v for v in OTHER[field] if v != current)
        before, rows_before = card.evaluate(STATE), card.evaluate(CHART_ROWS)
        move(card, field, value)
        after = wait_computed(card, before["computed"])
        assert after["state"] == "ok", (field, after)
        idle = field in calculators.idle_fields(after["html"])  # the result says why this control changes nothing here
        if not idle:
            assert after["text" if field != "name" else "html"] != before["text" if field != "name" else "html"], field
            if field != "name":  # a project's name is the brief's title: nothing a chart could draw
                assert card.evaluate(CHART_ROWS) != rows_before, field
        check_against_cpython(page, card, key, draws)
        assert dict(parse_qsl(after["fragment"], keep_blank_values=True))[field] == field_text(field, value)

    # a bad value: the model's message naming the field, in place of the result; the other inputs kept
    numeric = next(f for f in calculators.CALCULATORS[key].controls if calculators.control_of(f).kind == "number")
    kept = {
        f: card.locator(
            f'.advisor-field[data-field="{f}"] input, .advisor-field[data-field="{f}"] select'
        ).first.input_value()
        for f in calculators.CALCULATORS[key].controls
        if calculators.control_of(f).kind in ("number", "choice", "text")
    }
    before = card.evaluate(STATE)
    move(card, numeric, -1)
    bad = wait_computed(card, before["computed"])
    assert bad["state"] == "error" and bad["error"].startswith(numeric), bad
    assert bad["error"] == expected(key, bad["fragment"], draws)["error"]
    assert "Check this input" in bad["text"] and bad["error"] in bad["text"]
    for f, v in kept.items():
        if f != numeric:
            assert (
                card.locator(
                    f'.advisor-field[data-field="{f}"] input, .advisor-field[data-field="{f}"] select'
                ).first.input_value()
                == v
            )
    assert card.locator(f'.advisor-field[data-field="{numeric}"] input').get_attribute("aria-invalid") == "true"

    assert visit.remote == [] and visit.errors == []
    assert warnings == []
    page.close()


def test_opened_as_a_file_the_card_says_how_to_serve_the_folder(browser):
    name = PAGES[0]
    visit = Visit(browser, (SITE / name).as_uri(), "file:")
    visit.page.wait_for_function(ALL_DRAWN, timeout=30_000)
    card = visit.page.locator(CARD).first
    card.locator("button.advisor-own-numbers").click()
    status = card.locator(".advisor-calc-status")
    status.wait_for(state="visible")
    text = status.inner_text()
    assert "python -m http.server -d _build/html" in text and "opened as a file" in text
    assert card.evaluate(STATE)["state"] == "static" and card.locator("input").count() == 0
    assert visit.pyodide_requests() == [] and visit.remote == [] and visit.errors == []
    visit.page.close()


@pytest.mark.parametrize("method", [None, "GET"], ids=["missing", "breaks-off"])
def test_a_missing_asset_keeps_the_static_card_and_says_how_to_serve(browser, server, method):
    visit = Visit(browser, server.base + PAGES[0], server.base, block=(("pyodide.asm.wasm", method),))
    visit.page.wait_for_function(ALL_DRAWN, timeout=30_000)
    card = visit.page.locator(CARD).first
    card.locator("button.advisor-own-numbers").click()
    visit.page.wait_for_function(
        "c => c.querySelector('.advisor-calc-status').dataset.kind === 'unavailable'",
        arg=card.element_handle(),
        timeout=BOOT_TIMEOUT_MS,
    )
    text = card.locator(".advisor-calc-status").inner_text()
    assert "could not be loaded" in text and "python -m http.server -d _build/html" in text
    assert card.evaluate(STATE)["state"] == "static"
    assert visit.remote == []
    visit.page.close()


def test_pages_without_a_calculator_carry_no_loader():
    for page in SITE.glob("chapters/*.html"):
        text = page.read_text(encoding="utf-8")
        has_card = 'class="advisor-calculator" data-calculator=' in text
        assert ("calculators.js" in text) == has_card, page.name
        assert ("advisor_pyodide.js" in text) == (has_card or page.name == "your-case.html"), page.name
        assert len(re.findall(r"advisor_pyodide\.js", text)) <= 1, page.name


def test_without_webassembly_the_card_says_so(browser, server):
    visit = Visit(browser, server.base + PAGES[0], server.base, init_script="delete window.WebAssembly;")
    visit.page.wait_for_function(ALL_DRAWN, timeout=30_000)
    card = visit.page.locator(CARD).first
    card.locator("button.advisor-own-numbers").click()
    status = card.locator(".advisor-calc-status")
    status.wait_for(state="visible")
    assert "cannot run WebAssembly" in status.inner_text()
    assert card.evaluate(STATE)["state"] == "static"
    assert visit.pyodide_requests() == [] and visit.errors == []
    visit.page.close()

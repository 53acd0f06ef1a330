"""The built site in a real browser (Debian's Chromium driven by Playwright), with no network at all.

Every request to another host is aborted and recorded; a page passes only if it made none, logged no
error at all, drew every chart, and (where it has sliders) recomputes when one moves, to the cent of
what advisor.tco says.
"""

import re
from pathlib import Path

import pytest
import yaml

import advisor

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
# Console errors a page may log: none. (Jupyter Book 1's double THEBE_JS_URL script and the theme's
# "Got invalid theme mode" are fixed at their source by static_site/page_quality.py.)
ALL_DRAWN = "Array.from(document.querySelectorAll('.advisor-chart')).every(e => e.dataset.drawn === 'true')"


def pages():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]


@pytest.fixture(scope="module")
def browser(browser):
    """conftest's Chromium, once the book is built."""
    if not (SITE / "index.html").exists():
        pytest.fail("the book is not built: run `bash scripts/build-book.sh`")
    return browser


class Visit:
    """One page load with every console message and every off-disk request recorded."""

    def __init__(self, browser, name: str) -> None:
        self.page = browser.new_page()
        self.errors: list[str] = []
        self.remote: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", self._route)
        self.page.goto((SITE / f"{name}.html").as_uri())
        self.page.wait_for_load_state("load")

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            self.remote.append(url)
            route.abort()

    def wait_for_charts(self) -> int:
        self.page.wait_for_function(ALL_DRAWN, timeout=20_000)
        return self.page.evaluate("document.querySelectorAll('.advisor-chart svg.marks').length")


@pytest.mark.parametrize("name", pages())
def test_page_loads_offline_and_draws_every_chart(browser, name):
    visit = Visit(browser, name)
    charts_on_page = visit.page.evaluate("document.querySelectorAll('.advisor-chart').length")
    drawn = visit.wait_for_charts()
    assert drawn == charts_on_page
    assert visit.remote == []
    assert visit.errors == []
    if re.match(r"chapters/(0[2-9]|1[0-2])-", name):
        assert charts_on_page >= 2  # at least one chart, plus the calculator's own
        result = visit.page.inner_text(".advisor-calculator .advisor-result")
        note = visit.page.inner_text(".advisor-calculator .advisor-live-note")
        # how to run a calculator is said once (How to use this book); the card offers the model in the browser
        assert result.strip() and "when the book was built" in note and "Binder" not in note
        assert visit.page.locator('.advisor-calculator a[href="how-to-use.html#calculators"]').count() == 1
        assert visit.page.locator(".advisor-calculator button.advisor-own-numbers").is_enabled()
        assert visit.page.locator(".advisor-calculator input").count() == 0  # no control before it is asked for
    visit.page.close()


def _interactive(visit):
    """The chart on the page that has a slider bound to it, as a Playwright handle on its div."""
    return visit.page.locator(".advisor-chart", has=visit.page.locator("input[type=range]")).first


def _move(chart, label_part: str, value: float) -> None:
    slider = chart.locator(".vega-bind", has_text=label_part).locator("input[type=range]")
    slider.fill(str(value))
    slider.dispatch_event("input")
    slider.dispatch_event("change")


def _rows(chart, *fields: str) -> list[dict]:
    """Rows of the chart's datasets that have all of ``fields``, after the view has run."""
    return chart.evaluate(
        """(el, fields) => el.__advisorView.runAsync().then(view => {
               const names = Object.keys(view.getState({data: () => true, signals: () => false}).data || {});
               const rows = [];
               for (const name of names) {
                   if (/marks|pathgroup|^root$/.test(name)) continue;  // scenegraph items, not data
                   for (const row of view.data(name)) {
                       if (row && fields.every(f => f in row)) rows.push(Object.fromEntries(fields.map(f => [f, row[f]])));
                   }
               }
               return rows;
           })""",
        list(fields),
    )


def test_crossover_slider_recomputes_to_the_cent(browser):
    visit = Visit(browser, "chapters/09-the-crossover")
    visit.wait_for_charts()
    chart = _interactive(visit)
    case = advisor.Scenario(queries_per_month=500_000, corpus_documents=3_000, knowledge_updates_per_month=1 / 3)
    before = _rows(chart, "volume", "label", "total")
    _move(chart, "GPU price", 6.2)
    after = _rows(chart, "volume", "label", "total")
    assert before != after
    mine = advisor.Assumptions(
        gpu_usd_per_hour=6.2, finetune_hosting="self_hosted"
    )  # chapter 9 prices the seed's case: own GPUs
    labels = {a.label: a for a in advisor.Architecture}
    for row in after[:: max(1, len(after) // 12)]:
        expected = advisor.tco(case.replace(queries_per_month=row["volume"]), labels[row["label"]], mine).total
        assert abs(row["total"] - expected) < 0.005
    crossing = _rows(chart, "step", "volume", "text")
    shown = [r for r in crossing if abs(r["step"] - 6.2) < 0.005]
    assert shown and abs(shown[0]["volume"] - advisor.crossover_volume(case, mine)) < 1
    assert visit.remote == [] and visit.errors == []


def test_volume_slider_moves_the_cost_per_query(browser):
    visit = Visit(browser, "chapters/06-query-volume")
    visit.wait_for_charts()
    chart = _interactive(visit)
    before = _rows(chart, "label", "per_query", "volume")
    slider = chart.locator(".vega-bind", has_text="Queries per month").locator("input[type=range]")
    low, step = float(slider.get_attribute("min")), float(slider.get_attribute("step"))
    exponent = low + step * round((6.5 - low) / step)  # the slider's position nearest 10^6.5 queries a month
    _move(chart, "Queries per month", exponent)
    after = _rows(chart, "label", "per_query", "volume")
    assert before != after
    volume = 10 ** float(slider.evaluate("el => el.value"))
    assert chart.locator(".advisor-readout").text_content() == f"{volume:,.0f} a month"
    # chapter 6's worked example
    case = advisor.Scenario(queries_per_month=volume, corpus_documents=3_000, knowledge_updates_per_month=1 / 3)
    labels = {a.label: a for a in advisor.Architecture}
    assert {r["label"] for r in after} == {"RAG", "Fine-tuning", "Hybrid (fine-tuned + RAG)"}
    for row in after:
        assert row["volume"] == pytest.approx(volume, rel=1e-9)
        expected = advisor.tco(case, labels[row["label"]]).per_query
        assert abs(row["per_query"] * volume * 24 - expected * volume * 24) < 0.005  # the totals agree to the cent
    assert visit.remote == [] and visit.errors == []


def test_latency_sliders_move_the_bars_and_the_budget(browser):
    visit = Visit(browser, "chapters/07-latency")
    visit.wait_for_charts()
    chart = _interactive(visit)
    before = {r["label"]: r["ms"] for r in _rows(chart, "label", "ms", "within")}
    _move(chart, "Retrieval latency", 300)
    after = {r["label"]: r["ms"] for r in _rows(chart, "label", "ms", "within")}
    rag, tuned = advisor.Architecture.RAG.label, advisor.Architecture.FINE_TUNING.label
    assert after[rag] - before[rag] == pytest.approx(300 - advisor.Assumptions().retrieval_latency_ms)
    assert after[tuned] == before[tuned]  # no retrieval, no change
    _move(chart, "Latency budget", 100)
    verdicts = {r["label"]: r["within"] for r in _rows(chart, "label", "ms", "within")}
    assert verdicts[rag] == "over budget" and verdicts[tuned] == "within budget"
    assert visit.errors == []


@pytest.mark.parametrize("name", [p for p in pages() if re.match(r"chapters/(0[2-9]|1[0-2])-", p)])
def test_every_chapter_has_a_chart_that_answers_its_slider(browser, name):
    """Each chapter's key exploration works without a kernel: a slider, and a chart that recomputes."""
    visit = Visit(browser, name)
    visit.wait_for_charts()
    chart = _interactive(visit)
    assert chart.count() == 1, "no chart with a slider on this page"
    slider = chart.locator("input[type=range]").first
    state = """el => el.__advisorView.runAsync().then(view => {
        const names = Object.keys(view.getState({data: () => true, signals: () => false}).data || {});
        return JSON.stringify(names.filter(n => !/marks|pathgroup|^root$/.test(n)).map(n => view.data(n)));
    })"""
    before = chart.evaluate(state)
    target = (
        slider.get_attribute("max")
        if slider.input_value() != slider.get_attribute("max")
        else slider.get_attribute("min")
    )
    slider.fill(target)
    slider.dispatch_event("input")
    assert chart.evaluate(state) != before
    assert visit.errors == []
    visit.page.close()

"""No chart of the calculators (nor the stacked-bar figures of chapters 5 and 8) makes Vega-Lite or Vega warn.

Each spec is compiled by the vendored vega-lite and run by the vendored vega in Node (what a browser does
with it), with both loggers recording every warning: "Channel order is inappropriate" (an order channel on
a nominal field) and "Infinite extent" (a scale's domain over an empty dataset) were seen in the book.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from advisor import Architecture, Scenario, calculator_charts, charts
from advisor.core import calculators

ROOT = Path(__file__).resolve().parents[1]
MODULES = ROOT / "static_site" / "node_modules"
RUN = """
import fs from "fs";
const base = process.argv[2];
const vega = await import(base + "/vega/build/vega.module.js");
const vl = await import(base + "/vega-lite/build/index.js");
const specs = JSON.parse(fs.readFileSync(0, "utf8"));
const out = {};
for (const [name, spec] of Object.entries(specs)) {
  const msgs = [];
  const logger = (tag) => ({ level() { return this; }, warn: (...a) => msgs.push(tag + ": " + a.join(" ")),
                              error: (...a) => msgs.push(tag + " error: " + a.join(" ")), info() {}, debug() {} });
  const view = new vega.View(vega.parse(vl.compile(spec, { logger: logger("vega-lite") }).spec), { renderer: "none" });
  view.logger(logger("vega"));
  view.logLevel(vega.Warn);
  await view.runAsync();
  // the words the chart shows (its SVG's text), for the checks of what a reader sees
  const texts = [...(await view.toSVG()).matchAll(/<(?:text|tspan)[^>]*>([^<]+)</g)].map((m) => m[1]);
  out[name] = { warnings: msgs, texts };
}
console.log(JSON.stringify(out));
"""
CASES = [
    "",
    "latency_budget_ms=",
    "queries_per_month=0",
    "queries_per_month=100&gpu_usd_per_hour=50",
    "behavior_needs=",
]


def warnings(specs: dict) -> dict:
    """Each spec's warnings from Vega-Lite and Vega."""
    return {name: drawn["warnings"] for name, drawn in draw(specs).items()}


def draw(specs: dict) -> dict:
    """Each spec drawn in Node: its warnings, and the texts of its SVG (with entities as SVG writes them)."""
    node = shutil.which("node")
    if node is None or not (MODULES / "vega-lite").exists():
        pytest.skip("needs Node and the site's vendored vega (scripts/build-book.sh installs them)")
    script = ROOT / "_build" / "vega-warnings.mjs"
    script.parent.mkdir(exist_ok=True)
    script.write_text(RUN)
    done = subprocess.run(
        [node, str(script), str(MODULES)], input=json.dumps(specs), capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_no_calculator_chart_makes_vega_warn():
    specs = {}
    for key in calculators.CALCULATORS:
        for i, fragment in enumerate(CASES):
            out = calculators.run(key, fragment, draws=100)
            if out["ok"]:
                specs[f"{key} {fragment or 'default'} {i}"] = calculator_charts.chart(key, out["records"]).to_dict()
    assert len(specs) > 40
    assert {name: w for name, w in warnings(specs).items() if w} == {}


def test_stacked_bar_figures_order_their_stacks_without_a_warning():
    case = Scenario(queries_per_month=300_000, corpus_documents=3_000, behavior_needs=["json_schema", "brand_voice"])
    specs = {
        "token_mix": charts.token_mix_chart(case).to_dict(),
        "cost_breakdown": charts.cost_breakdown_chart(
            case, architectures=[Architecture.RAG, Architecture.HYBRID]
        ).to_dict(),
    }
    assert {name: w for name, w in warnings(specs).items() if w} == {}
    assert '"stack_rank"' in json.dumps(specs["token_mix"])  # ordered by the legend's order, not by a nominal field


def test_the_check_can_fail():
    """An order channel on a nominal field is reported: the check above is not blind."""
    import altair as alt

    bad = alt.Chart(alt.Data(values=[{"a": 1, "b": "x"}])).mark_bar().encode(x="a:Q", order=alt.Order("b:N"))
    records = calculators.run("latency", "latency_budget_ms=")["records"]
    empty = calculator_charts.chart("latency", {**records, "budget": []})  # a marker dataset with no row
    found = warnings({"bad": bad.to_dict(), "empty": empty.to_dict()})
    assert any("order is inappropriate" in w for w in found["bad"])
    assert any("Infinite extent" in w for w in found["empty"])


def test_a_notebook_shows_each_sliders_value_formatted_in_the_title():
    """JupyterLab shows Vega's raw slider value (5 for 100k queries on a log scale); no script of ours runs
    there, so the title of the chart as the notebook renderer sends it carries the formatted readout."""
    from advisor.notebook import MIMETYPE, renderer

    case = Scenario(corpus_documents=1_000)
    made = {
        "per_query": charts.interactive_per_query_chart(case),
        "latency": charts.interactive_latency_chart(case),
        "gpu_price": charts.interactive_tco_chart(case, "gpu_usd_per_hour", 1, 10, 0.02, "GPU price ($/hour)"),
    }
    drawn = draw({name: renderer(chart.to_dict())[MIMETYPE] for name, chart in made.items()})
    assert {name: d["warnings"] for name, d in drawn.items() if d["warnings"]} == {}
    assert "Queries per month: 100,000 a month" in drawn["per_query"]["texts"]
    assert "Retrieval latency (ms): 120 ms   Latency budget (ms): 100 ms" in drawn["latency"]["texts"]
    assert "GPU price ($/hour): $3.92" in drawn["gpu_price"]["texts"]
    # the static page's own spec is unchanged: its script writes the readout beside the slider instead
    plain = draw({"per_query": made["per_query"].to_dict()})["per_query"]["texts"]
    assert not any(t.startswith("Queries per month") for t in plain)

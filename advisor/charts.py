"""Altair charts for the book, one theme for all. Each function draws a table that advisor computed.

Importing this module registers and enables the ``advisor`` theme; ``import advisor`` alone does not
import Altair.
"""

from __future__ import annotations

import json
import os
import uuid
from typing import Iterable, Sequence

import altair as alt
import pandas as pd

from .core.architecture import CATEGORY_LABELS, COST_CATEGORIES, Architecture
from .core.assumptions import Assumptions
from .tables import context_fit
from .core.costs import _coerce, query_tokens, tco
from .core.crossover import crossover_volume
from .core.latency import latency
from .core.scenario import Scenario
from .series import sweep, tco_bands, tco_by_volume, volume_grid

WIDTH, HEIGHT = 500, 300
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
ARCHITECTURE_COLORS = {
    Architecture.PROMPTING: "#7a7a7a",
    Architecture.RAG: "#1f77b4",
    Architecture.FINE_TUNING: "#d62728",
    Architecture.HYBRID: "#9467bd",
}
# $1.2k, $3.4M, $5.6B (d3's SI prefix says G for billions; money says B)
USD_AXIS = alt.Axis(format="$,.2s", labelExpr="replace(datum.label, 'G', 'B')")
COUNT_AXIS = alt.Axis(format=",.2s", labelExpr="replace(datum.label, 'G', 'B')")


@alt.theme.register("advisor", enable=True)
def advisor_theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": FONT,
            "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "stroke": None},
            "title": {"fontSize": 15, "anchor": "start", "subtitleColor": "#555", "subtitleFontSize": 12},
            "axis": {"labelFontSize": 11, "titleFontSize": 12, "gridColor": "#e8e8e8", "titleFontWeight": "normal"},
            "legend": {"labelFontSize": 11, "titleFontSize": 12, "orient": "bottom", "labelLimit": 260},
            "line": {"strokeWidth": 2.5},
        }
    }


# Set by the book's Sphinx extension while it executes the chapters: charts then render for a page
# that ships vega, vega-lite and vega-embed itself, instead of fetching them from a CDN.
STATIC_HTML_ENV = "ADVISOR_STATIC_HTML"


def static_html(spec: dict) -> str:
    """A chart as HTML for the static book: a div, its spec, and a call to the page's ``vegaEmbed``.

    The drawn view is kept on the div (``__advisorView``) so that browser tests can read its signals.
    """
    chart_id = f"advisor-chart-{uuid.uuid4().hex[:12]}"
    spec, mode = _compiled(spec)
    # "</" would end the script element early; JSON allows it escaped
    spec_json = json.dumps(spec, separators=(",", ":")).replace("</", "<\\/")
    return (
        f'<div id="{chart_id}" class="advisor-chart" data-mode="{mode}"></div>'
        f'<script type="application/json" id="{chart_id}-spec">{spec_json}</script>'
        "<script>(function () {"
        f'var el = document.getElementById("{chart_id}");'
        f'var spec = JSON.parse(document.getElementById("{chart_id}-spec").textContent);'
        "if (!window.vegaEmbed) { el.textContent = 'This chart needs the page\\'s chart library, which did not load.'; return; }"
        f"vegaEmbed(el, spec, {{actions: false, renderer: 'svg', mode: '{mode}'}})"
        ".then(function (result) { el.__advisorView = result.view; el.setAttribute('data-drawn-at', performance.now()); el.setAttribute('data-drawn', 'true'); })"
        ".catch(function (error) { el.textContent = 'This chart could not be drawn: ' + error; });"
        "})();</script>"
    )


def _compiled(spec: dict) -> tuple[dict, str]:
    """The spec compiled to Vega when vl-convert is installed (the book's build has it): the page then
    needs neither vega-lite nor its compile step, and draws sooner. Otherwise the Vega-Lite spec as is."""
    try:
        import vl_convert
    except ImportError:
        return spec, "vega-lite"
    version = alt.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]  # "6.4"
    return vl_convert.vegalite_to_vega(spec, vl_version=version), "vega"


def _static_renderer(spec: dict, **kwargs) -> dict:
    return {"text/html": static_html(spec), "text/plain": "<advisor chart>"}


alt.renderers.register("advisor_static", _static_renderer)
if os.environ.get(STATIC_HTML_ENV):
    alt.renderers.enable("advisor_static")


def static_mode() -> bool:
    """Whether output is being made for the static book (set by its Sphinx extension)."""
    return bool(os.environ.get(STATIC_HTML_ENV))


def mimebundle(chart: alt.TopLevelMixin) -> dict:
    """What displaying ``chart`` sends to the page, without re-validating its spec.

    Validation takes longer than building a chart; every chart function here is validated by the
    test suite, so a calculator redrawing on each slider move can skip it.
    """
    bundle = alt.renderers.get()(chart.to_dict(validate=False))
    return bundle[0] if isinstance(bundle, tuple) else bundle


def _marker(chart: alt.Chart, x: alt.X, highlight: bool = False) -> list[alt.Chart]:
    """A vertical line at ``x`` with its ``text`` field written beside it (a crossover, a budget, a threshold).

    ``highlight`` draws it solid red (the reader's own number); otherwise dashed grey (a reference).
    """
    style = {"color": "#d62728", "strokeWidth": 2} if highlight else {"color": "#333", "strokeDash": [4, 4]}
    text = chart.mark_text(align="left", dx=4, dy=-6, baseline="top", color=style["color"]).encode(
        x=x, y=alt.YValue(0), text=alt.Text("text:N"))
    return [chart.mark_rule(**style).encode(x=x), text]


def _arch_color(architectures: Iterable[Architecture], title: str = "Architecture") -> alt.Color:
    archs = list(architectures)
    return alt.Color(
        "label:N",
        title=title,
        scale=alt.Scale(domain=[a.label for a in archs], range=[ARCHITECTURE_COLORS[a] for a in archs]),
        sort=[a.label for a in archs],
    )


def _with_labels(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(label=frame["architecture"].map(lambda v: Architecture(v).label))


def _archs(architectures: Iterable[Architecture | str] | None) -> list[Architecture]:
    return list(Architecture) if architectures is None else [Architecture(a) for a in architectures]


def _grid_around_crossover(scenario: Scenario, assumptions: Assumptions, points: int = 41):
    """Volumes from well below to well above the fine-tuning/RAG crossover (or a wide range without one)."""
    crossing = crossover_volume(scenario, assumptions)
    if crossing is None or crossing <= 0:
        return volume_grid(1e3, 1e8, points)
    return volume_grid(max(crossing / 30, 100.0), crossing * 10, points)


def tco_by_volume_chart(
    scenario: Scenario,
    assumptions: Assumptions | None = None,
    architectures: Iterable[Architecture | str] | None = (Architecture.RAG, Architecture.FINE_TUNING),
    volumes: Sequence[float] | None = None,
    band: bool = True,
    draws: int = 1_000,
) -> alt.LayerChart:
    """Total cost over the horizon against monthly volume: one line per architecture, the
    fine-tuning/RAG crossover marked, and (``band``) the 10th-90th percentile over the assumptions."""
    a = _coerce(scenario, assumptions)
    archs = _archs(architectures)
    v = _grid_around_crossover(scenario, a) if volumes is None else volumes
    lines = _with_labels(tco_by_volume(scenario, v, archs, a))
    x = alt.X("volume:Q", title="Queries per month (log scale)", scale=alt.Scale(type="log"), axis=COUNT_AXIS)
    y_title = f"Total cost over {scenario.horizon_months} months (USD)"
    y = alt.Y("total:Q", title=y_title, axis=USD_AXIS)
    layers = []
    if band:
        bands = _with_labels(tco_bands(scenario, v, archs, n=draws, seed=0, assumptions=a))
        layers.append(
            alt.Chart(bands)
            .mark_area(opacity=0.15)
            .encode(x=x, y=alt.Y("p10:Q", title=y_title, axis=USD_AXIS), y2=alt.Y2("p90:Q"),
                    color=_arch_color(archs))
        )
    layers.append(
        alt.Chart(lines)
        .mark_line()
        .encode(
            x=x,
            y=y,
            color=_arch_color(archs),
            tooltip=[
                alt.Tooltip("label:N", title="Architecture"),
                alt.Tooltip("volume:Q", title="Queries per month", format=",.0f"),
                alt.Tooltip("total:Q", title="Total (USD)", format="$,.0f"),
            ],
        )
    )
    crossing = crossover_volume(scenario, a)
    subtitle = "Lines at default assumptions" + ("; shaded: 10th to 90th percentile over their ranges" if band else "")
    if crossing is not None and set(archs) >= {Architecture.RAG, Architecture.FINE_TUNING}:
        marker = pd.DataFrame({"volume": [crossing], "text": [f"crossover ≈ {crossing / 1e3:,.0f}k / month"]})
        layers += _marker(alt.Chart(marker), x)
    return alt.layer(*layers).properties(
        width=WIDTH, height=HEIGHT, title=alt.Title("What each architecture costs as volume grows", subtitle=subtitle)
    )


def per_query_cost_chart(
    scenario: Scenario,
    assumptions: Assumptions | None = None,
    architectures: Iterable[Architecture | str] | None = None,
    volumes: Sequence[float] | None = None,
) -> alt.Chart:
    """All-in cost per query (total over the horizon / all queries) against monthly volume."""
    a = _coerce(scenario, assumptions)
    archs = _archs(architectures)
    table = _with_labels(tco_by_volume(scenario, volumes if volumes is not None else volume_grid(), archs, a))
    return (
        alt.Chart(table)
        .mark_line()
        .encode(
            x=alt.X("volume:Q", title="Queries per month (log scale)", scale=alt.Scale(type="log"), axis=COUNT_AXIS),
            y=alt.Y("per_query:Q", title="All-in cost per query (USD, log scale)", scale=alt.Scale(type="log"),
                    axis=alt.Axis(format="$,.2~g")),
            color=_arch_color(archs),
            tooltip=[alt.Tooltip("label:N", title="Architecture"),
                     alt.Tooltip("volume:Q", title="Queries per month", format=",.0f"),
                     alt.Tooltip("per_query:Q", title="USD per query", format="$,.4f")],
        )
        .properties(width=WIDTH, height=HEIGHT,
                    title=alt.Title("Fixed costs spread over more queries",
                                    subtitle=f"Everything paid over {scenario.horizon_months} months, divided by the queries served"))
    )


def cumulative_cost_chart(
    scenario: Scenario,
    assumptions: Assumptions | None = None,
    architectures: Iterable[Architecture | str] | None = (Architecture.RAG, Architecture.FINE_TUNING),
) -> alt.Chart:
    """Money spent to date, month by month: the one-time jump, then the monthly slope."""
    a = _coerce(scenario, assumptions)
    archs = _archs(architectures)
    rows = []
    for arch in archs:
        months = tco(scenario, arch, a).by_month
        rows.append(pd.DataFrame({"month": months.index, "cumulative": months["cumulative"].to_numpy(),
                                  "architecture": arch.value}))
    table = _with_labels(pd.concat(rows, ignore_index=True))
    return (
        alt.Chart(table)
        .mark_line(point=True)
        .encode(
            x=alt.X("month:Q", title="Month", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("cumulative:Q", title="Spent to date (USD)", axis=USD_AXIS),
            color=_arch_color(archs),
            tooltip=[alt.Tooltip("label:N", title="Architecture"), alt.Tooltip("month:Q"),
                     alt.Tooltip("cumulative:Q", title="Spent to date", format="$,.0f")],
        )
        .properties(width=WIDTH, height=HEIGHT,
                    title=alt.Title("Pay up front, or pay as you go",
                                    subtitle=f"{scenario.queries_per_month:,.0f} queries a month"))
    )


def update_cost_chart(
    scenario: Scenario,
    assumptions: Assumptions | None = None,
    rates: Sequence[float] = (0, 0.25, 0.5, 1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 25, 30),
    architectures: Iterable[Architecture | str] | None = (Architecture.RAG, Architecture.FINE_TUNING, Architecture.HYBRID),
) -> alt.LayerChart:
    """Total cost against how often the knowledge changes, with the weekly threshold marked."""
    a = _coerce(scenario, assumptions)
    archs = _archs(architectures)
    table = _with_labels(sweep(scenario, "knowledge_updates_per_month", rates, archs, a))
    line = (
        alt.Chart(table)
        .mark_line(point=True)
        .encode(
            x=alt.X("knowledge_updates_per_month:Q", title="Knowledge updates per month"),
            y=alt.Y("total:Q", title=f"Total cost over {scenario.horizon_months} months (USD)", axis=USD_AXIS),
            color=_arch_color(archs),
            tooltip=[alt.Tooltip("label:N", title="Architecture"),
                     alt.Tooltip("knowledge_updates_per_month:Q", title="Updates per month"),
                     alt.Tooltip("total:Q", title="Total", format="$,.0f")],
        )
    )
    weekly = pd.DataFrame({"rate": [a.frequent_updates_per_month], "text": ["weekly"]})
    x_rule = alt.X("rate:Q", title="Knowledge updates per month")
    return alt.layer(line, *_marker(alt.Chart(weekly), x_rule)).properties(
        width=WIDTH, height=HEIGHT,
        title=alt.Title("Every update is a retrain for a fine-tuned model",
                        subtitle=f"{scenario.corpus_documents:,} documents, {scenario.queries_per_month:,.0f} queries a month"),
    )


def context_fit_chart(scenario: Scenario, assumptions: Assumptions | None = None) -> alt.LayerChart:
    """Room for a corpus in each model's context window, against the corpus's size."""
    a = _coerce(scenario, assumptions)
    fit = context_fit(scenario, a)
    fit = fit.assign(verdict=fit["fits"].map({True: "fits", False: "does not fit"}))
    bars = (
        alt.Chart(fit)
        .mark_bar()
        .encode(
            y=alt.Y("model:N", title=None, sort=alt.EncodingSortField("usable_for_corpus", order="ascending")),
            x=alt.X("usable_for_corpus:Q", title="Tokens of corpus a prompt can hold", axis=COUNT_AXIS),
            color=alt.Color("verdict:N", title="The corpus",
                            scale=alt.Scale(domain=["fits", "does not fit"], range=["#2ca02c", "#bbbbbb"])),
            tooltip=[alt.Tooltip("model:N"), alt.Tooltip("context_window:Q", title="Context window", format=","),
                     alt.Tooltip("usable_for_corpus:Q", title="Usable for corpus", format=",.0f")],
        )
    )
    corpus = pd.DataFrame({"tokens": [scenario.corpus_tokens], "text": [f"your corpus: {scenario.corpus_tokens:,} tokens"]})
    x_rule = alt.X("tokens:Q", title="Tokens of corpus a prompt can hold")
    return alt.layer(bars, *_marker(alt.Chart(corpus), x_rule, highlight=True)).properties(
        width=WIDTH, height=max(HEIGHT, 18 * len(fit)),
        title=alt.Title("Does the whole corpus fit in one prompt?",
                        subtitle=f"{a.max_context_fill_fraction:.0%} of each window, less instructions, question and answer"),
    )


def token_mix_chart(scenario: Scenario, assumptions: Assumptions | None = None,
                    architectures: Iterable[Architecture | str] | None = None) -> alt.Chart:
    """What one query puts through the model, by part, for each architecture."""
    a = _coerce(scenario, assumptions)
    archs = _archs(architectures)
    rows = [
        {"architecture": arch.value, "part": part, "tokens": tokens}
        for arch in archs
        for part, tokens in query_tokens(scenario, arch, a).items()
        if tokens > 0
    ]
    table = _with_labels(pd.DataFrame(rows))
    return (
        alt.Chart(table)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title=None, sort=[x.label for x in archs]),
            x=alt.X("tokens:Q", title="Tokens per query", axis=COUNT_AXIS),
            color=alt.Color("part:N", title="Part of the query", sort=list(query_tokens(scenario, archs[0], a))),
            order=alt.Order("part:N"),
            tooltip=[alt.Tooltip("label:N", title="Architecture"), alt.Tooltip("part:N"), alt.Tooltip("tokens:Q", format=",.0f")],
        )
        .properties(width=WIDTH, height=40 * len(archs) + 40,
                    title=alt.Title("What each query carries",
                                    subtitle="A fine-tuned model needs no rules or examples in its prompt"))
    )


def latency_chart(scenario: Scenario, assumptions: Assumptions | None = None,
                  architectures: Iterable[Architecture | str] | None = None) -> alt.LayerChart:
    """Expected time to first token by part, with the scenario's budget marked."""
    a = _coerce(scenario, assumptions)
    archs = _archs(architectures)
    rows = [
        {"architecture": arch.value, "part": part, "ms": value}
        for arch in archs
        for part, value in latency(scenario, arch, a).parts_ms.items()
        if value > 0
    ]
    table = _with_labels(pd.DataFrame(rows))
    bars = (
        alt.Chart(table)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title=None, sort=[x.label for x in archs]),
            x=alt.X("ms:Q", title="Expected time to first token (ms)"),
            color=alt.Color("part:N", title="Part", sort=["model", "prefill", "retrieval", "reranking"]),
            tooltip=[alt.Tooltip("label:N", title="Architecture"), alt.Tooltip("part:N"), alt.Tooltip("ms:Q", format=",.0f")],
        )
    )
    layers = [bars]
    if scenario.latency_budget_ms is not None:
        budget = pd.DataFrame({"ms": [scenario.latency_budget_ms], "text": [f"budget {scenario.latency_budget_ms:,.0f} ms"]})
        x_rule = alt.X("ms:Q", title="Expected time to first token (ms)")
        layers += _marker(alt.Chart(budget), x_rule, highlight=True)
    return alt.layer(*layers).properties(
        width=WIDTH, height=40 * len(archs) + 40,
        title=alt.Title("Where the time to first token goes", subtitle="Estimates; measure your own stack"),
    )


def cost_breakdown_chart(scenario: Scenario, assumptions: Assumptions | None = None,
                         architectures: Iterable[Architecture | str] | None = None) -> alt.Chart:
    """Total cost over the horizon, stacked by the seed's six categories."""
    a = _coerce(scenario, assumptions)
    archs = _archs(architectures)
    rows = [
        {"architecture": arch.value, "category": CATEGORY_LABELS[c], "usd": tco(scenario, arch, a).by_category[c]}
        for arch in archs
        for c in COST_CATEGORIES
    ]
    table = _with_labels(pd.DataFrame(rows))
    return (
        alt.Chart(table)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title=None, sort=[x.label for x in archs]),
            x=alt.X("usd:Q", title=f"Total over {scenario.horizon_months} months (USD)", axis=USD_AXIS),
            color=alt.Color("category:N", title="Cost category", sort=[CATEGORY_LABELS[c] for c in COST_CATEGORIES]),
            order=alt.Order("category:N"),
            tooltip=[alt.Tooltip("label:N", title="Architecture"), alt.Tooltip("category:N"), alt.Tooltip("usd:Q", format="$,.0f")],
        )
        .properties(width=WIDTH, height=40 * len(archs) + 40,
                    title=alt.Title("Where the money goes", subtitle="The seed's cost categories, at default assumptions"))
    )


def cost_ranges_chart(summary, costs: dict | None = None) -> alt.LayerChart:
    """Each architecture's total: the 10th-90th percentile range over the assumptions, and the median."""
    q = summary.tco_quantiles.reset_index(names="architecture")
    table = _with_labels(q)
    archs = [Architecture(v) for v in q["architecture"]]
    base = alt.Chart(table).encode(y=alt.Y("label:N", title=None, sort=[x.label for x in archs]))
    rng = base.mark_rule(strokeWidth=8, opacity=0.5).encode(
        x=alt.X("p10:Q", title="Total cost over the horizon (USD, log scale)", scale=alt.Scale(type="log"), axis=USD_AXIS),
        x2=alt.X2("p90:Q"), color=_arch_color(archs))
    mid = base.mark_tick(thickness=3, size=20, color="black").encode(
        x=alt.X("p50:Q", title="Total cost over the horizon (USD, log scale)"), tooltip=[alt.Tooltip("label:N", title="Architecture"), alt.Tooltip("p10:Q", format="$,.0f"),
                            alt.Tooltip("p50:Q", format="$,.0f"), alt.Tooltip("p90:Q", format="$,.0f")])
    return alt.layer(rng, mid).properties(
        width=WIDTH, height=40 * len(archs) + 40,
        title=alt.Title("How sure are these costs?", subtitle=f"10th to 90th percentile of {summary.draws:,} draws; tick: median"),
    )


def crossover_distribution_chart(draws: pd.DataFrame, bins: int = 40) -> alt.Chart:
    """Histogram of the fine-tuning/RAG crossover over the draws that cross (binned here, so the page
    carries 40 bars, not every draw)."""
    import numpy as np

    crossing = draws["crossover_queries_per_month"].dropna().astype(float).to_numpy()
    counts, edges = np.histogram(crossing, bins=bins) if len(crossing) else (np.array([]), np.array([0.0]))
    table = pd.DataFrame({"start": edges[:-1], "end": edges[1:], "draws": counts})
    return (
        alt.Chart(table)
        .mark_bar(color=ARCHITECTURE_COLORS[Architecture.FINE_TUNING], opacity=0.8)
        .encode(
            x=alt.X("start:Q", title="Crossover (queries per month)", axis=COUNT_AXIS),
            x2=alt.X2("end:Q"),
            y=alt.Y("draws:Q", title="Draws"),
            tooltip=[alt.Tooltip("start:Q", title="From", format=",.0f"), alt.Tooltip("end:Q", title="To", format=",.0f"),
                     alt.Tooltip("draws:Q", title="Draws")],
        )
        .properties(width=WIDTH, height=220,
                    title=alt.Title("Where the crossover falls when the assumptions vary",
                                    subtitle=f"{len(crossing):,} of {len(draws):,} draws cross"))
    )


def sensitivity_chart(summary, top: int = 10) -> alt.Chart:
    """Which assumptions move the crossover most (Spearman rank correlation over the draws)."""
    table = summary.sensitivity.head(top).assign(
        direction=lambda t: t["rank_correlation"].map(lambda r: "later crossover" if r > 0 else "earlier crossover"))
    return (
        alt.Chart(table)
        .mark_bar()
        .encode(
            y=alt.Y("parameter:N", title=None, sort=list(table["parameter"])),
            x=alt.X("rank_correlation:Q", title="Rank correlation with the crossover", scale=alt.Scale(domain=[-1, 1])),
            color=alt.Color("direction:N", title="A higher value means",
                            scale=alt.Scale(domain=["later crossover", "earlier crossover"], range=["#d62728", "#1f77b4"])),
            tooltip=[alt.Tooltip("parameter:N"), alt.Tooltip("rank_correlation:Q", format="+.2f")],
        )
        .properties(width=WIDTH, height=22 * len(table) + 20,
                    title=alt.Title("What the crossover is most sensitive to", subtitle="Over the simulated draws"))
    )


# --- charts that recompute in the browser -------------------------------------------------------
# Their formulas come from advisor.expressions, read off the same cost curves as tco(), so a static
# page can answer a slider without a kernel.


def _slider(name: str, value: float, low: float, high: float, step: float, label: str) -> alt.Parameter:
    return alt.param(name=name, value=value, bind=alt.binding_range(min=low, max=high, step=step, name=f"{label} "))


def interactive_tco_chart(
    scenario: Scenario,
    parameter: str = "gpu_usd_per_hour",
    low: float = 1.0,
    high: float = 10.0,
    step: float = 0.1,
    label: str = "GPU price ($/hour)",
    architectures: Iterable[Architecture | str] | None = (Architecture.RAG, Architecture.FINE_TUNING),
    assumptions: Assumptions | None = None,
    volumes: Sequence[float] | None = None,
) -> alt.LayerChart:
    """Total cost against volume, with a slider for one assumption; lines and the crossover move in the browser."""
    import numpy as np

    from .core.crossover import crossover_volume as crossing_at
    from .expressions import tco_expression

    a = _coerce(scenario, assumptions)
    archs = _archs(architectures)
    v = _grid_around_crossover(scenario, a) if volumes is None else volumes
    grid = pd.DataFrame({"volume": np.asarray(v, dtype=float)})
    totals = {arch.label: tco_expression(scenario, arch, "datum.volume", parameter, low, high, a) for arch in archs}
    slider = _slider(parameter, getattr(a, parameter), low, high, step, label)
    x = alt.X("volume:Q", title="Queries per month (log scale)", scale=alt.Scale(type="log"), axis=COUNT_AXIS)
    lines = (
        alt.Chart(grid)
        .transform_calculate(**totals)
        .transform_fold(list(totals), as_=["label", "total"])
        .mark_line()
        .encode(
            x=x,
            y=alt.Y("total:Q", title=f"Total cost over {scenario.horizon_months} months (USD)", axis=USD_AXIS),
            color=_arch_color(archs),
            tooltip=[alt.Tooltip("label:N", title="Architecture"),
                     alt.Tooltip("volume:Q", title="Queries per month", format=",.0f"),
                     alt.Tooltip("total:Q", title="Total (USD)", format="$,.0f")],
        )
        .add_params(slider)
    )
    layers = [lines]
    if set(archs) >= {Architecture.RAG, Architecture.FINE_TUNING}:
        # the crossover at every slider step, from crossover_volume itself
        steps = np.round(np.arange(low, high + step / 2, step), 10)
        rows = [(x_, crossing_at(scenario, a.replace(**{parameter: float(x_)}))) for x_ in steps]
        marks = pd.DataFrame([{"step": x_, "volume": c, "text": f"crossover ≈ {c / 1e3:,.0f}k / month"}
                              for x_, c in rows if c is not None and v[0] <= c <= v[-1]])
        if len(marks):
            at_slider = f"abs(datum.step - {parameter}) < {step / 2!r}"
            layers += _marker(alt.Chart(marks).transform_filter(at_slider), x)
    return alt.layer(*layers).properties(
        width=WIDTH, height=HEIGHT,
        title=alt.Title("Move the slider: the costs recompute in your browser",
                        subtitle=f"{label}; every other assumption at its default"),
    )


def interactive_latency_chart(
    scenario: Scenario,
    parameter: str = "retrieval_latency_ms",
    low: float = 0.0,
    high: float = 400.0,
    step: float = 10.0,
    label: str = "Retrieval latency (ms)",
    architectures: Iterable[Architecture | str] | None = None,
    assumptions: Assumptions | None = None,
) -> alt.LayerChart:
    """Expected time to first token per architecture, with sliders for one latency assumption and the budget."""
    from .expressions import latency_expression

    a = _coerce(scenario, assumptions)
    archs = _archs(architectures)
    table = pd.DataFrame({"label": [x.label for x in archs]})
    cases = " : ".join(
        f"datum.label == {json.dumps(x.label)} ? {latency_expression(scenario, x, parameter, low, high, a)}" for x in archs
    )
    ms_expr = f"{cases} : 0"
    budget_value = scenario.latency_budget_ms or a.retrieval_latency_budget_ms
    slider = _slider(parameter, getattr(a, parameter), low, high, step, label)
    budget = _slider("latency_budget", budget_value, 20, 2000, 10, "Latency budget (ms)")
    y = alt.Y("label:N", title=None, sort=[x.label for x in archs])
    x_title = "Expected time to first token (ms)"
    bars = (
        alt.Chart(table)
        .transform_calculate(ms=ms_expr, within="datum.ms <= latency_budget ? 'within budget' : 'over budget'")
        .mark_bar()
        .encode(
            y=y,
            x=alt.X("ms:Q", title=x_title),
            color=alt.Color("within:N", title=None,
                            scale=alt.Scale(domain=["within budget", "over budget"], range=["#2ca02c", "#d62728"])),
            tooltip=[alt.Tooltip("label:N", title="Architecture"), alt.Tooltip("ms:Q", title="ms", format=",.0f")],
        )
        .add_params(slider, budget)
    )
    rule = alt.Chart(pd.DataFrame({"one": [1]})).transform_calculate(ms="latency_budget").mark_rule(
        color="#333", strokeDash=[4, 4]).encode(x=alt.X("ms:Q", title=x_title))
    return alt.layer(bars, rule).properties(
        width=WIDTH, height=40 * len(archs) + 40,
        title=alt.Title("Move the sliders: the estimates recompute in your browser",
                        subtitle="Dashed line: the budget"),
    )


def interactive_per_query_chart(
    scenario: Scenario,
    architectures: Iterable[Architecture | str] | None = (Architecture.RAG, Architecture.FINE_TUNING, Architecture.HYBRID),
    assumptions: Assumptions | None = None,
) -> alt.LayerChart:
    """All-in cost per query at a volume the reader picks with a slider (10^3 to 10^8 queries a month)."""
    import math

    from .expressions import tco_expression

    a = _coerce(scenario, assumptions)
    archs = _archs(architectures)
    volume = "pow(10, volume_exponent)"
    slider = _slider("volume_exponent", round(math.log10(max(scenario.queries_per_month, 1e3)), 2), 3, 8, 0.05,
                     "Queries per month, as a power of ten")
    totals = " : ".join(
        f"datum.label == {json.dumps(x.label)} ? {tco_expression(scenario, x, volume, assumptions=a)}" for x in archs
    )
    table = pd.DataFrame({"label": [x.label for x in archs]})
    base = (
        alt.Chart(table)
        .transform_calculate(volume=volume, total=f"{totals} : 0")
        .transform_calculate(per_query=f"datum.total / (datum.volume * {scenario.horizon_months})",
                             caption="format(datum.volume, ',.0f') + ' queries a month'")
    )
    y = alt.Y("label:N", title=None, sort=[x.label for x in archs])
    x = alt.X("per_query:Q", title="All-in cost per query (USD)", axis=alt.Axis(format="$,.3~g"))
    bars = base.mark_bar().encode(y=y, x=x, color=_arch_color(archs).legend(None),
                                  tooltip=[alt.Tooltip("label:N", title="Architecture"),
                                           alt.Tooltip("per_query:Q", title="USD per query", format="$,.4f"),
                                           alt.Tooltip("total:Q", title="Total over the horizon", format="$,.0f")]
                                  ).add_params(slider)
    text = base.mark_text(align="left", dx=4).encode(y=y, x=x, text=alt.Text("per_query:Q", format="$,.4f"))
    caption = base.transform_filter(f"datum.label == {json.dumps(archs[0].label)}").mark_text(
        align="left", baseline="bottom", dy=-6, fontWeight="bold").encode(
        x=alt.XValue(0), y=alt.YValue(0), text=alt.Text("caption:N"))
    return alt.layer(bars, text, caption).properties(
        width=WIDTH, height=40 * len(archs) + 60,
        title=alt.Title("Move the slider: cost per query at your volume, computed in your browser",
                        subtitle=f"Everything paid over {scenario.horizon_months} months, divided by the queries served"),
    )

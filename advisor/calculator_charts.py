"""The chapter calculators' charts, drawn from the NAMED datasets ``advisor.core.calculators`` returns.

``chart(key, records)`` is what a calculator shows in Jupyter and on the static page alike; the page's
script swaps each dataset's rows for the reader's case (``view.data(name, rows)``), so the encodings,
scales and titles stay, and the data is the same the core computed. Titles say nothing that depends on
the case: what changes is in the data (and in the summary above the chart).
"""

from __future__ import annotations

from collections.abc import Callable

import altair as alt

from . import page_charts
from .charts import (
    ARCHITECTURE_COLORS,
    COUNT_AXIS,
    HALO,
    HEIGHT,
    HIGHLIGHT,
    PER_QUERY_AXIS,
    SHOWN,
    USD_AXIS,
    WIDTH,
    context_fit_bars,
    layered,
    marker,
)
from .core.architecture import Architecture
from .core.calculators import CALCULATORS
from .page_charts import Records, _arch_color, _arch_y, _data, stack_order


def _cumulative(records: Records) -> alt.Chart:
    """Chapter 2: money spent to date, month by month (``cumulative``)."""
    chart: alt.Chart = (
        alt.Chart(_data(records, "cumulative"))
        .mark_line(point=True)
        .encode(
            x=alt.X("month:Q", title="Month", axis=alt.Axis(tickMinStep=1), scale=alt.Scale(nice=False, zero=False)),
            y=alt.Y("cumulative:Q", title="Spent to date (USD)", axis=USD_AXIS),
            color=_arch_color(),
            tooltip=[
                alt.Tooltip("label:N", title="Architecture"),
                alt.Tooltip("month:Q", title="Month"),
                alt.Tooltip("cumulative:Q", title="Spent to date", format="$,.0f"),
            ],
        )
        .properties(
            width=WIDTH,
            height=HEIGHT,
            title=alt.Title("Pay up front, or pay as you go", subtitle="The one-time jump, then the monthly slope"),
        )
    )
    return chart


def _by_rate(records: Records) -> alt.LayerChart:
    """Chapter 3: total cost against updates a month (``by_rate``), weekly and the reader's rate marked."""
    x = alt.X("rate:Q", title="Knowledge updates per month")
    lines = (
        alt.Chart(_data(records, "by_rate"))
        .mark_line(point=True)
        .encode(
            x=x,
            y=alt.Y("total:Q", title="Total cost over the horizon (USD)", axis=USD_AXIS),
            color=_arch_color(),
            tooltip=[
                alt.Tooltip("label:N", title="Architecture"),
                alt.Tooltip("rate:Q", title="Updates per month"),
                alt.Tooltip("total:Q", title="Total", format="$,.0f"),
            ],
        )
    )
    layers = [lines]
    layers += marker(alt.Chart(_data(records, "weekly")), x)
    layers += marker(alt.Chart(_data(records, "yours")), x, highlight=True, dy=34)
    return layered(*layers).properties(
        width=WIDTH,
        height=HEIGHT,
        title=alt.Title(
            "Every update is a retrain for a fine-tuned model",
            subtitle="Red: your update rate; dashed: weekly",
        ),
    )


def _context_fit(records: Records) -> alt.LayerChart:
    """Chapter 4: room for the corpus in each model's window (``models``), the corpus marked (``corpus``)."""
    x_title = "Tokens of corpus a prompt can hold"
    bars = context_fit_bars(alt.Chart(_data(records, "models")))
    x_rule = alt.X("tokens:Q", title=x_title)
    return layered(bars, *marker(alt.Chart(_data(records, "corpus")), x_rule, highlight=True)).properties(
        width=WIDTH,
        height=18 * max(len(records["models"]), 1),
        title=alt.Title(
            "Does the whole corpus fit in one prompt?",
            subtitle="Your managed model is marked; each window less instructions, question and answer",
        ),
    )


def _tokens(records: Records) -> alt.Chart:
    """Chapter 5: tokens a month through the model, by part of the query (``tokens``)."""
    parts = ["instructions", "behaviour rules", "question", "retrieved chunks", "whole corpus", "answer"]
    chart: alt.Chart = (
        stack_order(alt.Chart(_data(records, "tokens")), "part", parts)
        .mark_bar()
        .encode(
            y=_arch_y(),
            x=alt.X("tokens:Q", title="Tokens a month", axis=COUNT_AXIS),
            color=alt.Color("part:N", title="Part of the query", sort=parts, scale=alt.Scale(domain=parts)),
            order=alt.Order("stack_rank:Q"),
            opacity=alt.Opacity(  # the subtitle says it: faded, not recommended (a legend would not fit a phone)
                "recommended:N", sort=["yes", "no"], scale=alt.Scale(domain=["yes", "no"], range=[1, 0.4]), legend=None
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Architecture"),
                alt.Tooltip("part:N", title="Part"),
                alt.Tooltip("per_query:Q", title="Tokens per query", format=",.0f"),
                alt.Tooltip("needs:N", title="Behaviour needs"),
                alt.Tooltip("tokens:Q", title="Tokens a month", format=",.0f"),
            ],
        )
        .properties(
            width=WIDTH,
            height=page_charts.BAR_HEIGHT,
            title=alt.Title(
                "What the queries carry in a month",
                subtitle="A fine-tuned model needs no rules or examples in its prompt; faded: not recommended",
            ),
        )
    )
    return chart


def _per_query(records: Records) -> alt.LayerChart:
    """Chapter 6: all-in cost per query against volume (``per_query``), the reader's volume marked."""
    x, lines = page_charts.log_volume_lines(
        records,
        "per_query",
        "per_query",
        "All-in cost per query (USD, log scale)",
        PER_QUERY_AXIS,
        "USD per query",
        "$,.4f",
    )
    return layered(lines, *marker(alt.Chart(_data(records, "volume")), x, highlight=True)).properties(
        width=WIDTH,
        height=HEIGHT,
        title=alt.Title(
            "Fixed costs spread over more queries",
            subtitle="Everything paid over the horizon, divided by the queries served; red: your volume",
        ),
    )


def _latency(records: Records) -> alt.LayerChart:
    """Chapter 7: time to first token by part (``latency``), the budget marked (``budget``)."""
    bars = page_charts.latency_chart(records)
    x = alt.X("ms:Q", title="Expected time to first token (ms)")
    return layered(bars, *marker(alt.Chart(_data(records, "budget")), x, highlight=True)).properties(
        title=alt.Title("Where the time to first token goes", subtitle="Red: your budget; estimates, measure your own")
    )


def _crossover(records: Records) -> alt.LayerChart:
    """Chapter 9: total cost against volume, the crossover, its 10th-90th percentile range and the reader's volume."""
    chart = page_charts.volume_chart(records)
    x = alt.X("low:Q", scale=alt.Scale(type="log", nice=False))
    band = (
        alt.Chart(_data(records, "crossover_range"))
        .mark_rect(color=ARCHITECTURE_COLORS[Architecture.FINE_TUNING])
        .encode(x=x, x2="high:Q", opacity=alt.condition("datum.show !== false", alt.value(0.12), alt.value(0)))
    )
    return layered(*chart.layer, band).properties(
        width=WIDTH,
        height=300,
        title=alt.Title(
            "Where is your crossover?",
            subtitle="Dashed: the crossover; shaded: its 10th to 90th percentile over the draws; red: your volume",
        ),
    )


def _sample_sizes(records: Records) -> alt.LayerChart:
    """Evaluate first: golden-set size against the accuracy gap to detect (``sizes``), where the choice flips
    (``flip``)."""
    x = alt.X("gap:Q", title="Accuracy gap to detect (points)", scale=alt.Scale(nice=False, zero=False))
    lines = (
        alt.Chart(_data(records, "sizes"))
        .mark_line(point=True)
        .encode(
            x=x,
            y=alt.Y("items:Q", title="Labelled items needed", scale=alt.Scale(type="log", nice=False)),
            color=alt.Color("design:N", title="Design"),
            tooltip=[
                alt.Tooltip("gap:Q", title="gap (points)"),
                alt.Tooltip("items:Q", format=","),
                alt.Tooltip("design:N", title="Design"),
            ],
        )
    )
    layers = [lines, *marker(alt.Chart(_data(records, "flip")), x)]
    layers += marker(alt.Chart(_data(records, "yours")), x, highlight=True, dy=34)
    have = alt.Chart(_data(records, "your_set")).encode(
        x=alt.X("gap:Q"), y=alt.Y("items:Q"), opacity=SHOWN, tooltip=[alt.Tooltip("text:N", title="Your set")]
    )
    layers += [
        have.mark_point(filled=True, size=90, shape="diamond", color=HIGHLIGHT),
        have.mark_text(align="left", dx=8, color=HIGHLIGHT, stroke=HALO, strokeWidth=3).encode(text="text:N"),
    ]
    return layered(*layers).properties(
        width=WIDTH,
        height=HEIGHT,
        title=alt.Title(
            "How many items a comparison needs",
            subtitle="From the recommended option's accuracy; dashed: where the choice flips; red: your pilot's gap and your set",
        ),
    )


def _with_title(
    build: Callable[[Records], alt.TopLevelMixin], title: str, subtitle: str
) -> Callable[[Records], alt.TopLevelMixin]:
    return lambda records: build(records).properties(title=alt.Title(title, subtitle=subtitle))


CHARTS: dict[str, Callable[[Records], alt.TopLevelMixin]] = {
    "architectures": _cumulative,
    "freshness": _by_rate,
    "corpus": _context_fit,
    "behavior": _tokens,
    "volume": _per_query,
    "latency": _latency,
    "cost": page_charts.cost_chart,
    "crossover": _crossover,
    "hybrid": _with_title(
        page_charts.volume_chart,
        "Fine-tuned, retrieving, or both: cost as volume grows",
        "Red: your volume; dashed: where the recommendation and its rival cost the same",
    ),
    "prompting": _with_title(
        page_charts.volume_chart,
        "A prompt, retrieval or fine-tuning: cost as volume grows",
        "Red: your volume; dashed: where prompting and RAG cost the same",
    ),
    "decision": page_charts.ranges_chart,
    "evaluation": _sample_sizes,
}
assert set(CHARTS) == set(CALCULATORS), "every calculator has its chart"


def chart(key: str, records: Records) -> alt.TopLevelMixin:
    """Calculator ``key``'s chart of ``records`` (``advisor.core.calculators.run(key, ...)["records"]``)."""
    return CHARTS[key](records)

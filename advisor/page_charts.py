"""The "Your case" page's charts: Altair charts of ``advisor.core.page.compute(...)["records"]``.

Each chart reads NAMED datasets (``costs``, ``tco_by_volume``, ``crossover``, ``volume``, ``latency``,
``ranges``: the keys of ``records``), which survive the compile to Vega. The page's script swaps their
rows for the reader's case with ``view.data(name, rows).runAsync()``: the encodings, scales and
titles stay, the data changes. Infeasible options are absent from the records, so absent from the charts.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence

import altair as alt

from .charts import ARCHITECTURE_COLORS, COUNT_AXIS, TEXT, USD_AXIS, WIDTH, layered, marker, static_html
from .core.architecture import CATEGORY_LABELS, COST_CATEGORIES, Architecture
from .core.latency import LATENCY_LABELS

Records = Mapping[str, Sequence[Mapping[str, object]]]
ARCH_LABELS = [a.label for a in Architecture]
BAR_HEIGHT = 40 * len(Architecture) + 20


def _data(records: Records, name: str) -> alt.Data:
    return alt.Data(values=list(records[name]), name=name)  # type: ignore[no-untyped-call]  # altair: Data unannotated


def _arch_color(title: str = "Architecture") -> alt.Color:
    # every architecture keeps its colour whichever are feasible for the case
    return alt.Color(
        "label:N",
        title=title,
        sort=ARCH_LABELS,
        scale=alt.Scale(domain=ARCH_LABELS, range=[ARCHITECTURE_COLORS[a] for a in Architecture]),
    )


def stack_order(chart: alt.Chart, field: str, values: Sequence[str]) -> alt.Chart:
    """``chart`` with a ``stack_rank`` field: where ``field``'s value stands in ``values``, the order bars stack
    in (an order channel on a nominal field has no order of its own, and Vega-Lite says so)."""
    return chart.transform_calculate(stack_rank=f"indexof({json.dumps(list(values))}, datum[{json.dumps(field)}])")


def _arch_y() -> alt.Y:
    return alt.Y("label:N", title=None, sort=ARCH_LABELS)


def cost_chart(records: Records) -> alt.Chart:
    """Total cost over the horizon of each feasible architecture, by category (dataset ``costs``)."""
    categories = [CATEGORY_LABELS[c] for c in COST_CATEGORIES]
    chart: alt.Chart = (
        stack_order(alt.Chart(_data(records, "costs")), "category", categories)
        .mark_bar()
        .encode(
            y=_arch_y(),
            x=alt.X("sum(usd):Q", title="Total cost over the horizon (USD)", axis=USD_AXIS),
            color=alt.Color(
                "category:N",
                title="Category",
                sort=categories,
                scale=alt.Scale(domain=categories),
                legend=alt.Legend(columns=3),
            ),
            order=alt.Order("stack_rank:Q"),
            tooltip=[
                alt.Tooltip("label:N", title="Architecture"),
                alt.Tooltip("category:N", title="Category"),
                alt.Tooltip("usd:Q", title="USD", format="$,.0f"),
            ],
        )
        .properties(
            width=WIDTH,
            height=BAR_HEIGHT,
            title=alt.Title(
                "What each option costs, by category", subtitle="Options that cannot meet every need are left out"
            ),
        )
    )
    return chart


def log_volume_lines(
    records: Records, dataset: str, field: str, title: str, axis: alt.Axis, value_title: str, value_format: str
) -> tuple[alt.X, alt.Chart]:
    """One line per architecture of ``field`` (dataset ``dataset``) against monthly volume, both on log
    scales; with the x encoding, for markers on the same axis."""
    # no rounding out to powers of ten: the axis ends where the reader's lines do
    x = alt.X(
        "volume:Q", title="Queries per month (log scale)", scale=alt.Scale(type="log", nice=False), axis=COUNT_AXIS
    )
    lines = (
        alt.Chart(_data(records, dataset))
        .mark_line()
        .encode(
            x=x,
            y=alt.Y(f"{field}:Q", title=title, scale=alt.Scale(type="log"), axis=axis),
            color=_arch_color(),
            tooltip=[
                alt.Tooltip("label:N", title="Architecture"),
                alt.Tooltip("volume:Q", title="Queries per month", format=",.0f"),
                alt.Tooltip(f"{field}:Q", title=value_title, format=value_format),
            ],
        )
    )
    return x, lines


def volume_chart(records: Records) -> alt.LayerChart:
    """Total cost against monthly volume (``tco_by_volume``), the crossover (``crossover``) and the
    reader's volume (``volume``) marked."""
    x, lines = log_volume_lines(
        records,
        "tco_by_volume",
        "total",
        "Total cost over the horizon (USD, log scale)",
        USD_AXIS,
        "Total (USD)",
        "$,.0f",
    )
    layers: list[alt.Chart] = [lines]
    # the theme's markers (advisor.charts.marker): their text stays inside the chart on a phone, in both themes
    layers += marker(alt.Chart(_data(records, "crossover")), x)
    layers += marker(alt.Chart(_data(records, "volume")), x, highlight=True, dy=34)
    return layered(*layers).properties(
        width=WIDTH,
        height=300,
        title=alt.Title(
            "What each option costs as volume grows",
            subtitle="Red: your volume; dashed: where the recommendation and its rival cost the same",
        ),
    )


def latency_chart(records: Records) -> alt.Chart:
    """Expected time to first token of each feasible architecture, by part (dataset ``latency``)."""
    parts = list(LATENCY_LABELS.values())
    chart: alt.Chart = (
        stack_order(alt.Chart(_data(records, "latency")), "part", parts)
        .mark_bar()
        .encode(
            y=_arch_y(),
            x=alt.X("sum(ms):Q", title="Expected time to first token (ms)"),
            color=alt.Color("part:N", title="Part", sort=parts, scale=alt.Scale(domain=parts)),
            order=alt.Order("stack_rank:Q"),
            tooltip=[
                alt.Tooltip("label:N", title="Architecture"),
                alt.Tooltip("part:N", title="Part"),
                alt.Tooltip("ms:Q", title="ms", format=",.0f"),
            ],
        )
        .properties(width=WIDTH, height=BAR_HEIGHT, title=alt.Title("Time to first token, by part"))
    )
    return chart


def ranges_chart(records: Records) -> alt.LayerChart:
    """Each architecture's total over the simulated draws: 10th to 90th percentile, median, and the
    central estimate (dataset ``ranges``)."""
    base = alt.Chart(_data(records, "ranges"))
    x_title = "Total cost over the horizon (USD)"
    tooltip = [
        alt.Tooltip("label:N", title="Architecture"),
        alt.Tooltip("p10:Q", format="$,.0f"),
        alt.Tooltip("p50:Q", format="$,.0f"),
        alt.Tooltip("p90:Q", format="$,.0f"),
        alt.Tooltip("central:Q", title="Central estimate", format="$,.0f"),
    ]
    band = base.mark_rule(strokeWidth=6, opacity=0.35).encode(
        y=_arch_y(),
        x=alt.X("p10:Q", title=x_title, axis=USD_AXIS),
        x2="p90:Q",
        color=_arch_color().legend(None),
        tooltip=tooltip,
    )
    median = base.mark_tick(thickness=2, size=18).encode(
        y=_arch_y(), x="p50:Q", color=_arch_color().legend(None), tooltip=tooltip
    )
    central = base.mark_point(shape="diamond", filled=True, size=70, color=TEXT).encode(
        y=_arch_y(), x="central:Q", tooltip=tooltip
    )
    return layered(band, median, central).properties(
        width=WIDTH,
        height=BAR_HEIGHT,
        title=alt.Title(
            "How sure: totals over the simulated draws",
            subtitle="Bar: 10th to 90th percentile; tick: median; diamond: the central estimate",
        ),
    )


def case_charts(records: Records) -> list[tuple[str, alt.TopLevelMixin, tuple[str, ...]]]:
    """The page's charts: (key, chart, the datasets it reads)."""
    return [
        ("costs", cost_chart(records), ("costs",)),
        ("volume", volume_chart(records), ("tco_by_volume", "crossover", "volume")),
        ("latency", latency_chart(records), ("latency",)),
        ("ranges", ranges_chart(records), ("ranges",)),
    ]


def charts_html(records: Records) -> str:
    """Every chart as static HTML (``advisor.charts.static_html``), each in a figure that lists its datasets."""
    figures = []
    for key, chart, datasets in case_charts(records):
        figures.append(
            f'<figure class="advisor-case-chart" data-chart="{key}" data-datasets="{html.escape(" ".join(datasets))}">'
            f"{static_html(chart.to_dict())}</figure>"
        )
    return '<div id="advisor-charts" class="advisor-case-charts">' + "".join(figures) + "</div>"

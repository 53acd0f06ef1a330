"""Altair charts for the book, one theme for all. Each function draws a table that advisor computed.

Importing this module registers and enables the ``advisor`` theme; ``import advisor`` alone does not
import Altair.
"""

from __future__ import annotations

import html
import json
import math
import os
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

import altair as alt
import numpy as np
import pandas as pd

from .core.architecture import CATEGORY_LABELS, COST_CATEGORIES, Architecture
from .core.assumptions import Assumptions
from .core.costs import TCO, _architecture, _coerce, curve_for, query_tokens, tco
from .core.crossover import crossover_between
from .core.formatting import count, ms
from .core.latency import latency
from .core.sampling import UncertaintySummary
from .core.scenario import SCENARIO_BOUNDS, Scenario
from .series import Volumes, feasible_architectures, step_grid, sweep, tco_bands, tco_by_volume, volume_grid
from .tables import context_fit

if TYPE_CHECKING:
    from altair.vegalite.v6.api import LayerType  # what alt.layer takes

Spec = dict[str, Any]  # a Vega-Lite (or compiled Vega) spec, as JSON

WIDTH, HEIGHT = 500, 300
MIN_WIDTH = 280  # the narrowest a chart is drawn on a page (a phone's column is about 340 px)
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
# The theme's colours. On a page in dark mode the stylesheet written by ``dark_css`` swaps each for
# its dark counterpart (the chart's background is transparent there), so one spec serves both.
TEXT = "#1f1f1f"  # titles, axis and legend labels, text marks
MUTED = "#4d4d4d"  # subtitles
GRID = "#e3e3e3"
AXIS_LINE = "#8c8c8c"  # axis domain and ticks
REFERENCE = "#333333"  # a dashed reference line and its label (a threshold, the crossover)
HIGHLIGHT = "#c4161c"  # the reader's own number
HALO = "#fefefe"  # drawn around a marker's text (under it: the page's CSS sets paint-order), so it reads over a bar
ARCHITECTURE_COLORS = {
    Architecture.PROMPTING: "#767676",
    Architecture.RAG: "#1f77b4",
    Architecture.FINE_TUNING: "#d62728",
    Architecture.HYBRID: "#9467bd",
}
GOOD, BAD, NEUTRAL = "#2a8a2a", "#d62728", "#b3b3b3"
DARK_COLORS = {  # light colour -> dark-mode colour (text ones keep AA contrast on the dark page)
    TEXT: "#e8e8e8",
    MUTED: "#c4c4c4",
    GRID: "#3b3f46",
    AXIS_LINE: "#9a9a9a",
    REFERENCE: "#d0d0d0",
    HIGHLIGHT: "#ff7b7b",
    "#767676": "#a6a6a6",
    "#1f77b4": "#5aa9e6",
    "#d62728": "#ff6b6b",
    "#9467bd": "#b79be0",
    GOOD: "#5cc35c",
    NEUTRAL: "#6b6b6b",
    HALO: "#121212",
    "#333": "#d0d0d0",
    "#222": "#e8e8e8",
    "black": "#e8e8e8",  # short spellings of ink, in charts built on the theme
}
# $1.2k, $3.4M, $5.6B (d3's SI prefix says G for billions; money says B); never "$1e+2" or "$0.0"
USD_AXIS = alt.Axis(format="$,.3~s", labelExpr="replace(datum.label, 'G', 'B')")
COUNT_AXIS = alt.Axis(format=",.3~s", labelExpr="replace(datum.label, 'G', 'B')")
# architecture names on a bar chart's axis: "Hybrid (fine-tuned + RAG)" on two lines where the chart is narrow
ARCH_AXIS = alt.Axis(labelExpr="containerSize()[0] < 520 ? split(replace(datum.label, ' (', '|('), '|') : datum.label")
# a cost per query: decimal notation rounded to significant digits ("$0.0023", "$150"), never an exponent
PER_QUERY_AXIS = alt.Axis(format="$,.2~r")


@alt.theme.register("advisor", enable=True)
def advisor_theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": FONT,
            "background": "white",
            "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "stroke": None},
            "title": {"fontSize": 15, "anchor": "start", "color": TEXT, "subtitleColor": MUTED, "subtitleFontSize": 12},
            "axis": {
                "labelFontSize": 11,
                "titleFontSize": 12,
                "gridColor": GRID,
                "titleFontWeight": "normal",
                "domainColor": AXIS_LINE,
                "tickColor": AXIS_LINE,
                "labelOverlap": True,
                "labelColor": TEXT,  # axis and legend labels and titles alike
                "titleColor": TEXT,
            },
            # on a narrow chart a long x-axis title or end label must not run past the plot's right edge
            "axisX": {"labelFlush": 12, "labelBound": True, "titleAnchor": "end"},
            "legend": {
                "labelFontSize": 11,
                "titleFontSize": 12,
                "orient": "bottom",
                "labelLimit": 180,
                "labelColor": TEXT,
                "titleColor": TEXT,
            },
            "text": {"color": TEXT},
            "line": {"strokeWidth": 2.5},
        }
    }


def dark_css(scope: str = 'html[data-theme="dark"] .advisor-chart') -> str:
    """The stylesheet that draws the theme's charts in dark mode: each theme colour, as a fill or a
    stroke, swapped for its dark counterpart (CSS wins over the SVG's presentation attributes)."""
    rules = []
    for light, dark in DARK_COLORS.items():
        rules.append(f'{scope} [fill="{light}"] {{ fill: {dark}; }}')
        rules.append(f'{scope} [stroke="{light}"] {{ stroke: {dark}; }}')
    return "\n".join(rules) + "\n"


# Set by the book's Sphinx extension while it executes the chapters: charts then render for a page
# that ships vega, vega-lite and vega-embed itself, instead of fetching them from a CDN.
STATIC_HTML_ENV = "ADVISOR_STATIC_HTML"


def _title_parts(title: Any) -> tuple[str, list[str]]:
    """A Vega-Lite title (a string, a list of lines, or a dict with ``text`` and ``subtitle``) as a heading and subtitle lines."""
    if title is None:
        return "", []
    if isinstance(title, (str, list)):
        title = {"text": title}
    text = title.get("text", "")
    subtitle = title.get("subtitle", [])

    def lines(x: Any) -> list[str]:
        return [str(x)] if isinstance(x, str) else [str(v) for v in (x or [])]

    return " ".join(lines(text)), lines(subtitle)


def _legend_columns(spec: Spec) -> None:
    """Legends wrap onto as many rows as the chart's width needs (a phone gets one entry a row)."""
    domains = {s.get("name"): s.get("domain") for s in spec.get("scales", [])}
    for legend in spec.get("legends", []):
        scale = legend.get("fill") or legend.get("stroke")
        domain = domains.get(scale)
        longest = max((len(str(d)) for d in domain), default=12) if isinstance(domain, list) else 24
        entry = min(longest, 30) * 7 + 40  # 11 px labels are about 6-7 px a character; symbol and gap
        # as many entries a row as the plot's width holds (the page's script lays the chart out again
        # once the width is settled, so that the legend's height is counted)
        legend["columns"] = {"signal": f"max(1, floor(width / {entry + 10}))"}
        legend["direction"] = "horizontal"


def fit_width(spec: Spec) -> Spec:
    """What makes a chart as wide as its container (its readable minimum is the page's CSS): a single view's
    width and autosize. Views side by side or faceted keep their own widths, so nothing for them.

    Both the static book and Live Code apply it (Live Code reads it from ``usermeta.advisor.fit_width``,
    which ``advisor.notebook.renderer`` writes).

    >>> fit_width({"mark": "line"})["width"], fit_width({"hconcat": []})
    ('container', {})
    """
    if any(k in spec for k in ("hconcat", "vconcat", "concat", "facet", "repeat")):
        return {}
    return {"width": "container", "autosize": {"type": "fit-x", "contains": "padding"}}


def _static_spec(spec: Spec) -> tuple[Spec, str, str, list[str]]:
    """The spec as the book draws it: the width of its container (a readable minimum is the page's CSS),
    wrapping legends, a transparent background (the page's, light or dark), the title as HTML text above."""
    spec = dict(spec)
    heading, subtitle = _title_parts(spec.pop("title", None))
    spec.update(fit_width(spec))
    compiled, mode = _compiled(spec)
    compiled["background"] = "transparent"
    if mode == "vega":
        _legend_columns(compiled)
    return compiled, mode, heading, subtitle


READY = (
    "el.__advisorView = result.view; el.setAttribute('data-drawn-at', performance.now()); "
    "el.setAttribute('data-drawn', 'true');"
)


def static_html(spec: Spec) -> str:
    """A chart as HTML for the static book: its title and subtitle as text, a div, its spec, and a call to
    the page's ``advisorCharts.draw`` (the book's script: readouts, theme) or, without it, ``vegaEmbed``.

    The drawn view is kept on the div (``__advisorView``) so that browser tests can read its signals.
    """
    chart_id = f"advisor-chart-{uuid.uuid4().hex[:12]}"
    spec, mode, heading, subtitle = _static_spec(spec)
    # "</" would end the script element early; JSON allows it escaped
    spec_json = json.dumps(spec, separators=(",", ":")).replace("</", "<\\/")
    caption = ""
    if heading or subtitle:
        lines = "".join(f'<span class="advisor-chart-subtitle">{html.escape(line)}</span>' for line in subtitle)
        caption = (
            f'<figcaption class="advisor-chart-caption"><span class="advisor-chart-title">{html.escape(heading)}</span>'
            f"{lines}</figcaption>"
        )
    return (
        f'<figure class="advisor-figure">{caption}'
        f'<div id="{chart_id}" class="advisor-chart" data-mode="{mode}"></div>'
        f'<script type="application/json" id="{chart_id}-spec">{spec_json}</script>'
        "<script>(function () {"
        f'var el = document.getElementById("{chart_id}");'
        f'var spec = JSON.parse(document.getElementById("{chart_id}-spec").textContent);'
        "if (window.advisorCharts) { window.advisorCharts.draw(el, spec); return; }"
        "if (!window.vegaEmbed) { el.textContent = 'This chart needs the page\\'s chart library, which did not load.'; return; }"
        f"vegaEmbed(el, spec, {{actions: false, renderer: 'svg', mode: '{mode}'}})"
        f".then(function (result) {{ {READY} }})"
        ".catch(function (error) { el.textContent = 'This chart could not be drawn: ' + error; });"
        "})();</script></figure>"
    )


def _compiled(spec: Spec) -> tuple[Spec, str]:
    """The spec compiled to Vega when vl-convert is installed (the book's build has it): the page then
    needs neither vega-lite nor its compile step, and draws sooner. Otherwise the Vega-Lite spec as is."""
    try:
        import vl_convert
    except ImportError:
        return spec, "vega-lite"
    version = alt.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]  # "6.4"
    return vl_convert.vegalite_to_vega(spec, vl_version=version), "vega"


def _static_renderer(spec: Spec, **kwargs: Any) -> dict[str, str]:
    return {"text/html": static_html(spec), "text/plain": "<advisor chart>"}


alt.renderers.register("advisor_static", _static_renderer)
if os.environ.get(STATIC_HTML_ENV):
    alt.renderers.enable("advisor_static")
else:  # a live notebook: charts JupyterLab draws with its own libraries, no CDN (advisor.notebook)
    from . import notebook as _notebook

    _notebook.enable()


def static_mode() -> bool:
    """Whether output is being made for the static book (set by its Sphinx extension)."""
    return bool(os.environ.get(STATIC_HTML_ENV))


def mimebundle(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """What displaying ``chart`` sends to the page, without re-validating its spec.

    Validation takes longer than building a chart; every chart function here is validated by the
    test suite, so a calculator redrawing on each slider move can skip it.
    """
    render = alt.renderers.get()
    assert render is not None  # a renderer is enabled on import (above)
    bundle = render(chart.to_dict(validate=False))
    return bundle[0] if isinstance(bundle, tuple) else bundle


MAX_VOLUME = float(cast(float, SCENARIO_BOUNDS["queries_per_month"].high))  # the largest volume a scenario accepts
MAX_SLIDER_POSITIONS = (
    2_000  # each position carries its crossover: a row of the page's data (Altair embeds at most 5,000)
)
FINE_TUNED = (Architecture.FINE_TUNING, Architecture.HYBRID)
HOSTING_WORDS = {
    "self_hosted": "on your own GPUs",
    "managed": "on the provider's fine-tuned endpoint",
    "": "on the managed model's API",
}
LATENCY_PARTS = ["model", "prefill", "queueing", "retrieval", "reranking"]


def _lines(text: str) -> list[str]:
    """A marker's label on two short lines, so that it fits beside its line on a phone.

    >>> _lines("crossover ≈ 309k / month"), _lines("your corpus: 400k tokens"), _lines("weekly")
    (['crossover', '≈ 309k / month'], ['your corpus:', '400k tokens'], ['weekly'])
    """
    for separator, keep in ((" ≈ ", "≈ "), (": ", "")):
        if separator in text:
            head, tail = text.split(separator, 1)
            return [head + (":" if separator == ": " else ""), keep + tail]
    return [text]


def _marker(chart: alt.Chart, x: alt.X, highlight: bool = False, dy: float = 3) -> list[alt.Chart]:
    """A vertical line at ``x`` with its ``text`` field written beside it (a crossover, a budget, a threshold).

    ``highlight`` draws it solid (the reader's own number); otherwise dashed (a reference). The text
    sits right of the line, or left of it where it would not fit on the right, so that it stays inside.
    """
    color = HIGHLIGHT if highlight else REFERENCE
    style = {"color": color, "strokeWidth": 2} if highlight else {"color": color, "strokeDash": [4, 4]}
    # the two lines of _lines, worked out in the browser, so that data swapped in at run time is split too
    t = "datum.text"
    split = (
        f"indexof({t}, ' ≈ ') > 0 ? [slice({t}, 0, indexof({t}, ' ≈ ')), slice({t}, indexof({t}, ' ≈ ') + 1)]"
        f" : indexof({t}, ': ') > 0 ? [slice({t}, 0, indexof({t}, ': ') + 1), slice({t}, indexof({t}, ': ') + 2)]"
        f" : [{t}]"
    )
    field = x.shorthand.split(":")[0] if isinstance(x.shorthand, str) else x.field
    # about 6.2 px a character at 11 px
    width = "6.2 * max(length(datum.lines[0]), length(peek(datum.lines)))"
    right = f"scale('x', datum[{json.dumps(field)}]) + 6 + {width} > width"
    text = (
        chart.transform_calculate(lines=split)
        .mark_text(
            align=alt.expr(f"{right} ? 'right' : 'left'"),
            dx=alt.expr(f"{right} ? -4 : 4"),
            dy=dy,
            baseline="top",
            color=color,
            stroke=HALO,
            strokeWidth=3,
            strokeOpacity=0.9,
            strokeJoin="round",
        )
        .encode(x=x, y=alt.YValue(0), text=alt.Text("lines:N"), opacity=SHOWN)  # type: ignore[no-untyped-call]  # altair: YValue unannotated
    )
    return [chart.mark_rule(**style).encode(x=x, opacity=SHOWN), text]


# A marker's row with ``show: false`` is drawn invisible: a calculator whose marker has nothing to mark (no
# budget, no crossover) keeps one row in the scale's domain, as an empty dataset would make Vega warn of an
# "Infinite extent" for it. A row without the field is shown.
SHOWN = alt.condition("datum.show !== false", alt.value(1), alt.value(0))


def layered(*charts: LayerType) -> alt.LayerChart:
    """``alt.layer(*charts)``, typed as what it makes: without facet arguments, always a LayerChart."""
    return cast(alt.LayerChart, alt.layer(*charts))


def marker(chart: alt.Chart, x: alt.X, highlight: bool = False, dy: float = 3) -> list[alt.Chart]:
    """The theme's marker: a rule at ``x`` and its ``text`` beside it, kept inside the plot (see ``_marker``);
    ``dy`` moves the text down, for a second marker on the same chart."""
    return _marker(chart, x, highlight, dy)


def _volume_x(volumes: Volumes, title: str = "Queries per month (log scale)") -> alt.X:
    """The volume axis: a log scale from the first volume drawn to the last, no further."""
    v = np.asarray(volumes, dtype=float)
    return alt.X(
        "volume:Q",
        title=title,
        axis=COUNT_AXIS,
        scale=alt.Scale(type="log", domain=[float(v.min()), float(v.max())], nice=False),
    )


def _arch_color(architectures: Iterable[Architecture], title: str = "Architecture") -> alt.Color:
    archs = list(architectures)
    return alt.Color(
        "label:N",
        title=title,
        scale=alt.Scale(domain=[a.label for a in archs], range=[ARCHITECTURE_COLORS[a] for a in archs]),
        sort=[a.label for a in archs],
    )


def _with_labels(frame: pd.DataFrame) -> pd.DataFrame:
    labels = [Architecture(v).label for v in frame["architecture"]]
    return frame.assign(label=pd.Series(labels, index=frame.index, dtype=object))


def _archs(architectures: Iterable[Architecture | str] | None) -> list[Architecture]:
    """The architectures asked for: all of them for None; an empty list is an error, not an empty chart."""
    if architectures is None:
        return list(Architecture)
    if isinstance(architectures, (str, Architecture)):
        raise ValueError(f"architectures must be a list of architectures, got {architectures!r}")
    archs = [_architecture(a) for a in architectures]
    if not archs:
        raise ValueError(
            f"architectures must name at least one of {[a.value for a in Architecture]}, got an empty list"
        )
    return archs


# --- what a chart says about what it leaves out, and where a fine-tuned model runs --------------


def _short(why: str, limit: int = 100) -> str:
    """The reason an architecture cannot serve, cut to its first clause (the full sentence is in ``why_not``).

    >>> _short("The corpus (8M tokens) does not fit in the prompt: with instructions, question and answer ...")
    'the corpus (8M tokens) does not fit in the prompt'
    """
    text = " ".join(why.split()).rstrip(".")
    for separator in (": ", ", and "):
        if separator in text:
            text = text.split(separator, 1)[0]
            break
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + "…"
    return text[:1].lower() + text[1:]


def _left_out_lines(left_out: Mapping[str, str]) -> list[str]:
    return [f"{Architecture(value).label} left out: {_short(why)}" for value, why in left_out.items()]


def _hosting_phrase(hosting: str, gpus: float | None = None) -> str:
    words = HOSTING_WORDS[hosting]
    if hosting == "self_hosted" and gpus:
        words += f" ({count(gpus)} GPU{'s' if gpus != 1 else ''})"
    return words


def _hosting_lines(runs_on: Mapping[Architecture, tuple[str, float | None]]) -> list[str]:
    """One line per fine-tuned architecture shown: where its model runs."""
    return [f"{arch.label} runs {_hosting_phrase(h, g)}" for arch, (h, g) in runs_on.items() if arch in FINE_TUNED]


def _hosting_along(frame: pd.DataFrame, x: str, unit: str) -> list[str]:
    """Where each fine-tuned architecture's model runs along ``x`` (it may move as ``x`` grows)."""
    lines = []
    for arch in FINE_TUNED:
        rows = frame[frame["architecture"] == arch.value].sort_values(x)
        if not len(rows):
            continue
        hostings = rows["hosting"].tolist()
        starts = [i for i in range(len(hostings)) if i == 0 or hostings[i] != hostings[i - 1]]
        if len(starts) == 1:
            lines.append(f"{arch.label} runs {HOSTING_WORDS[hostings[0]]}")
            continue
        fmt = count if x == "volume" else (lambda value: f"{value:g}")
        parts = [HOSTING_WORDS[hostings[0]]] + [
            f"{HOSTING_WORDS[hostings[i]]} from {fmt(float(rows[x].iloc[i]))} {unit}" for i in starts[1:]
        ]
        lines.append(f"{arch.label} runs where it is cheaper: {', then '.join(parts)}")
    return lines


def _check_finite(frame: pd.DataFrame, columns: Sequence[str], chart: str, positive: bool = False) -> None:
    """Raise rather than let the browser drop a value it cannot draw (NaN, infinity, or <= 0 on a log scale)."""
    for column in columns:
        values = np.asarray(frame[column], dtype=float) if len(frame) else np.empty(0)
        if not np.all(np.isfinite(values)):
            raise ValueError(
                f"{chart}: {column} holds values that are not finite numbers; a chart would drop them silently"
            )
        if positive and np.any(values <= 0):
            raise ValueError(f"{chart}: {column} holds values <= 0, which a log scale cannot show")


def _log_volumes(volumes: Sequence[float]) -> np.ndarray:
    try:
        v = np.asarray(volumes, dtype=float)
    except (TypeError, ValueError):
        v = np.array([np.nan])
    if v.ndim != 1 or not v.size or not np.all(np.isfinite(v)) or np.any(v <= 0) or np.any(v > MAX_VOLUME):
        raise ValueError(
            f"volumes must be a list of numbers > 0 and <= {MAX_VOLUME:,.0f} queries per month "
            f"(the chart's volume axis is a log scale), got {volumes!r}"
        )
    return v


Pair = tuple[Architecture, Architecture]


def _pair(archs: Sequence[Architecture], crossing: Iterable[Architecture | str] | None) -> Pair | None:
    """The two lines whose crossing a chart marks: the pair asked for (when both are drawn); else
    fine-tuning and RAG when both are drawn; else the only two drawn; else none."""
    if crossing is not None:
        if isinstance(crossing, (str, Architecture)):
            raise ValueError(f"crossing must name two architectures, got {crossing!r}")
        pair = tuple(_architecture(x) for x in crossing)
        if len(pair) != 2 or pair[0] is pair[1]:
            raise ValueError(f"crossing must name two different architectures, got {crossing!r}")
        return pair if set(pair) <= set(archs) else None
    if {Architecture.FINE_TUNING, Architecture.RAG} <= set(archs):
        return (Architecture.FINE_TUNING, Architecture.RAG)
    return (archs[0], archs[1]) if len(archs) == 2 else None


def _crossover(scenario: Scenario, assumptions: Assumptions, pair: Pair | None = None) -> float | None:
    """Where the pair's totals are equal (fine-tuning and RAG by default), or None where they never
    cross or one of them cannot serve."""
    try:
        return crossover_between(scenario, *(pair or (Architecture.FINE_TUNING, Architecture.RAG)), assumptions)
    except ValueError:
        return None


def _crossing_on_lines(scenario: Scenario, assumptions: Assumptions, pair: Pair | None = None) -> float | None:
    """The crossover where the chart's lines cross: ``crossover_between`` prices a fine-tuned model with
    the hosting chosen at the scenario's volume, a line with the hosting chosen at each volume. Where the
    two differ at the crossing, it is solved again with the hosting of the crossing."""
    pair = pair or (Architecture.FINE_TUNING, Architecture.RAG)
    crossing = _crossover(scenario, assumptions, pair)
    tuned = [x for x in pair if x in FINE_TUNED]
    if not tuned or assumptions.finetune_hosting != "auto":
        return crossing
    hosting = [curve_for(scenario, x, assumptions).hosting for x in tuned]
    for _ in range(3):
        if crossing is None:
            return None
        there = scenario.replace(queries_per_month=crossing)
        at_crossing = [curve_for(there, x, assumptions).hosting for x in tuned]
        if at_crossing == hosting:
            return crossing
        hosting, crossing = at_crossing, _crossover(there, assumptions, pair)
    return None


SPREAD = 4  # a volume axis runs from a quarter of its lowest point of interest to four times its highest


def _volumes_around(scenario: Scenario, crossings: Iterable[float | None], points: int = 41) -> np.ndarray:
    """Volumes from a quarter of the lowest to four times the highest of the crossings and the scenario's
    own volume (a thirtieth to thirty times the volume without a crossing; 1k to 100M with neither),
    within the volumes a scenario accepts. Close enough that the costs at the crossing stay readable on a
    linear cost axis."""
    anchors = [float(c) for c in crossings if c is not None and c > 0]
    own = scenario.queries_per_month
    if not anchors:
        return (
            volume_grid(max(own / 30, 100.0), min(own * 30, MAX_VOLUME), points)
            if own > 0
            else volume_grid(1e3, 1e8, points)
        )
    if own > 0:
        anchors.append(own)
    high = min(max(anchors) * SPREAD, MAX_VOLUME)
    low = max(min(min(anchors) / SPREAD, high / 100), 100.0)
    return volume_grid(low, high, points)


def _grid_around_crossover(
    scenario: Scenario, assumptions: Assumptions, points: int = 41, pair: Pair | None = None
) -> np.ndarray:
    """Volumes around the pair's crossover (fine-tuning and RAG by default) and the scenario's volume."""
    return _volumes_around(scenario, [_crossover(scenario, assumptions, pair)], points)


def _runs_on(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(runs_on=[HOSTING_WORDS[h] for h in frame["hosting"]] if len(frame) else [])


def marked_crossover(
    scenario: Scenario,
    assumptions: Assumptions | None = None,
    architectures: Iterable[Architecture | str] | None = (Architecture.RAG, Architecture.FINE_TUNING),
    crossing: Iterable[Architecture | str] | None = None,
) -> float | None:
    """The crossover that ``tco_by_volume_chart`` and ``interactive_tco_chart`` (at its default) mark for
    these arguments, so that a page can print the very number its chart marks; None where they mark none."""
    a = _coerce(scenario, assumptions)
    archs, _ = feasible_architectures(scenario, _archs(architectures), a)
    pair = _pair(archs, crossing)
    return _crossing_on_lines(scenario, a, pair) if pair else None


def _crossing_line(pair: Pair) -> str:
    return f"Marked: where {pair[0].in_sentence} and {pair[1].in_sentence} cost the same"


def tco_by_volume_chart(
    scenario: Scenario,
    assumptions: Assumptions | None = None,
    architectures: Iterable[Architecture | str] | None = (Architecture.RAG, Architecture.FINE_TUNING),
    volumes: Sequence[float] | None = None,
    band: bool = True,
    draws: int = 1_000,
    crossing: Iterable[Architecture | str] | None = None,
) -> alt.LayerChart:
    """Total cost over the horizon against monthly volume: one line per architecture that can serve the
    scenario, a crossover marked, and (``band``) the 10th-90th percentile over the assumptions.
    Self-hosted GPUs are whole, so a fine-tuned line steps up where one more is needed.

    The marked crossover is ``crossing``'s (two architectures), by default fine-tuning and RAG's when
    both are drawn, or the two lines' when only two are; the volumes run from a tenth of it (or of the
    scenario's volume, if lower) to ten times it."""
    a = _coerce(scenario, assumptions)
    archs, left_out = feasible_architectures(scenario, _archs(architectures), a)
    pair = _pair(archs, crossing)
    crossing_at = _crossing_on_lines(scenario, a, pair) if pair else None
    v = _volumes_around(scenario, [crossing_at]) if volumes is None else _log_volumes(volumes)
    lines = _runs_on(_with_labels(tco_by_volume(scenario, v, archs, a, steps=True)))
    _check_finite(lines, ["volume", "total"], "tco_by_volume_chart", positive=True)
    x = _volume_x(v)
    y_title = f"Total cost over {scenario.horizon_months} months (USD)"
    y = alt.Y("total:Q", title=y_title, axis=USD_AXIS)
    layers = []
    if band and archs:
        bands = _with_labels(tco_bands(scenario, v, archs, n=draws, seed=0, assumptions=a))
        _check_finite(bands, ["p10", "p50", "p90"], "tco_by_volume_chart")
        layers.append(
            alt.Chart(bands)
            .mark_area(opacity=0.15)
            .encode(x=x, y=alt.Y("p10:Q", title=y_title, axis=USD_AXIS), y2=alt.Y2("p90:Q"), color=_arch_color(archs))
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
                alt.Tooltip("runs_on:N", title="Runs"),
            ],
        )
    )
    notes = []
    if pair and crossing_at is not None and v.min() <= crossing_at <= v.max():
        marker = pd.DataFrame({"volume": [crossing_at], "text": [f"crossover ≈ {count(crossing_at)} / month"]})
        layers += _marker(alt.Chart(marker), x)
        if len(archs) > 2 or crossing is not None:
            notes.append(_crossing_line(pair))
    elif pair and crossing_at is not None:
        notes.append(
            f"{pair[0].label} and {pair[1].in_sentence} cross at {count(crossing_at)} queries a month, "
            "outside this range"
        )
    elif pair:
        notes.append(f"{pair[0].label} and {pair[1].in_sentence} never cost the same")
    subtitle = [
        "Lines at default assumptions" + ("; shaded: 10th to 90th percentile over their ranges" if band else "")
    ]
    subtitle += notes + _hosting_along(lines, "volume", "queries a month") + _left_out_lines(left_out)
    return layered(*layers).properties(
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
    archs, left_out = feasible_architectures(scenario, _archs(architectures), a)
    v = volume_grid() if volumes is None else _log_volumes(volumes)
    table = _runs_on(_with_labels(tco_by_volume(scenario, v, archs, a, steps=True)))
    _check_finite(table, ["volume", "per_query"], "per_query_cost_chart", positive=True)
    subtitle = [f"Everything paid over {scenario.horizon_months} months, divided by the queries served"]
    subtitle += _hosting_along(table, "volume", "queries a month") + _left_out_lines(left_out)
    chart: alt.Chart = (
        alt.Chart(table)
        .mark_line()
        .encode(
            x=_volume_x(v),
            y=alt.Y(
                "per_query:Q",
                title="All-in cost per query (USD, log scale)",
                scale=alt.Scale(type="log"),
                axis=PER_QUERY_AXIS,
            ),
            color=_arch_color(archs),
            tooltip=[
                alt.Tooltip("label:N", title="Architecture"),
                alt.Tooltip("volume:Q", title="Queries per month", format=",.0f"),
                alt.Tooltip("per_query:Q", title="USD per query", format="$,.4f"),
                alt.Tooltip("runs_on:N", title="Runs"),
            ],
        )
        .properties(
            width=WIDTH, height=HEIGHT, title=alt.Title("Fixed costs spread over more queries", subtitle=subtitle)
        )
    )
    return chart


def cumulative_cost_chart(
    scenario: Scenario,
    assumptions: Assumptions | None = None,
    architectures: Iterable[Architecture | str] | None = (Architecture.RAG, Architecture.FINE_TUNING),
) -> alt.Chart:
    """Money spent to date, month by month: the one-time jump, then the monthly slope."""
    a = _coerce(scenario, assumptions)
    rows, runs_on, left_out = [], {}, {}
    for arch in _archs(architectures):
        t = tco(scenario, arch, a)
        if not t.feasible:
            left_out[arch.value] = t.why_not
            continue
        runs_on[arch] = (t.hosting, t.gpus)
        months = t.by_month
        rows.append(
            pd.DataFrame(
                {"month": months.index, "cumulative": months["cumulative"].to_numpy(), "architecture": arch.value}
            )
        )
    columns = ["month", "cumulative", "architecture"]
    table = _with_labels(pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=columns))
    _check_finite(table, ["month", "cumulative"], "cumulative_cost_chart")
    subtitle = (
        [f"{count(scenario.queries_per_month)} queries a month"] + _hosting_lines(runs_on) + _left_out_lines(left_out)
    )
    chart: alt.Chart = (
        alt.Chart(table)
        .mark_line(point=True)
        .encode(
            x=alt.X(
                "month:Q",
                title="Month",
                axis=alt.Axis(tickMinStep=1),
                scale=alt.Scale(domain=[1, scenario.horizon_months], nice=False),
            ),
            y=alt.Y("cumulative:Q", title="Spent to date (USD)", axis=USD_AXIS),
            color=_arch_color(list(runs_on)),
            tooltip=[
                alt.Tooltip("label:N", title="Architecture"),
                alt.Tooltip("month:Q"),
                alt.Tooltip("cumulative:Q", title="Spent to date", format="$,.0f"),
            ],
        )
        .properties(width=WIDTH, height=HEIGHT, title=alt.Title("Pay up front, or pay as you go", subtitle=subtitle))
    )
    return chart


def update_cost_chart(
    scenario: Scenario,
    assumptions: Assumptions | None = None,
    rates: Sequence[float] = (0, 0.25, 0.5, 1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 25, 30),
    architectures: Iterable[Architecture | str] | None = (
        Architecture.RAG,
        Architecture.FINE_TUNING,
        Architecture.HYBRID,
    ),
) -> alt.LayerChart:
    """Total cost against how often the knowledge changes, with the weekly threshold marked."""
    a = _coerce(scenario, assumptions)
    archs = _archs(architectures)
    field = "knowledge_updates_per_month"
    table = _with_labels(sweep(scenario, field, rates, archs, a))
    _check_finite(table, [field, "total"], "update_cost_chart")
    shown = [x for x in archs if x.value in set(table["architecture"])]
    left_out = []
    for value, why in table.attrs["left_out"].items():
        where = table.attrs["left_out_at"][value]
        at = "" if len(where) == len(list(rates)) else f" at {len(where)} of {len(list(rates))} update rates"
        left_out.append(f"{Architecture(value).label} left out{at}: {_short(why)}")
    line = (
        alt.Chart(table)
        .mark_line(point=True)
        .encode(
            x=alt.X(f"{field}:Q", title="Knowledge updates per month"),
            y=alt.Y("total:Q", title=f"Total cost over {scenario.horizon_months} months (USD)", axis=USD_AXIS),
            color=_arch_color(shown),
            tooltip=[
                alt.Tooltip("label:N", title="Architecture"),
                alt.Tooltip(f"{field}:Q", title="Updates per month"),
                alt.Tooltip("total:Q", title="Total", format="$,.0f"),
            ],
        )
    )
    weekly = pd.DataFrame({"rate": [a.frequent_updates_per_month], "text": ["weekly"]})
    x_rule = alt.X("rate:Q", title="Knowledge updates per month")
    subtitle = [f"{count(scenario.corpus_documents)} documents, {count(scenario.queries_per_month)} queries a month"]
    subtitle += _hosting_along(table, field, "updates a month") + left_out
    return layered(line, *_marker(alt.Chart(weekly), x_rule)).properties(
        width=WIDTH,
        height=HEIGHT,
        title=alt.Title("Every update is a retrain for a fine-tuned model", subtitle=subtitle),
    )


def context_fit_bars(base: alt.Chart) -> alt.Chart:
    """A bar per model of the tokens of corpus its window can hold, coloured by whether the corpus fits
    (rows with ``model``, ``context_window``, ``usable_for_corpus`` and ``verdict``)."""
    bars: alt.Chart = base.mark_bar().encode(
        y=alt.Y("model:N", title=None, sort=alt.EncodingSortField("usable_for_corpus", order="ascending")),
        x=alt.X("usable_for_corpus:Q", title="Tokens of corpus a prompt can hold", axis=COUNT_AXIS),
        color=alt.Color(
            "verdict:N", title="The corpus", scale=alt.Scale(domain=["fits", "does not fit"], range=[GOOD, NEUTRAL])
        ),
        tooltip=[
            alt.Tooltip("model:N"),
            alt.Tooltip("context_window:Q", title="Context window", format=","),
            alt.Tooltip("usable_for_corpus:Q", title="Usable for corpus", format=",.0f"),
        ],
    )
    return bars


def context_fit_chart(scenario: Scenario, assumptions: Assumptions | None = None) -> alt.LayerChart:
    """Room for a corpus in each model's context window, against the corpus's size."""
    a = _coerce(scenario, assumptions)
    fit = context_fit(scenario, a)
    fit = fit.assign(verdict=fit["fits"].map({True: "fits", False: "does not fit"}))
    _check_finite(fit, ["usable_for_corpus"], "context_fit_chart")
    bars = context_fit_bars(alt.Chart(fit))
    corpus = pd.DataFrame(
        {"tokens": [scenario.corpus_tokens], "text": [f"your corpus: {count(scenario.corpus_tokens)} tokens"]}
    )
    x_rule = alt.X("tokens:Q", title="Tokens of corpus a prompt can hold")
    return layered(bars, *_marker(alt.Chart(corpus), x_rule, highlight=True)).properties(
        width=WIDTH,
        height=max(HEIGHT, 18 * len(fit)),
        title=alt.Title(
            "Does the whole corpus fit in one prompt?",
            subtitle=f"{a.max_context_fill_fraction:.0%} of each window, less instructions, question and answer",
        ),
    )


def token_mix_chart(
    scenario: Scenario,
    assumptions: Assumptions | None = None,
    architectures: Iterable[Architecture | str] | None = None,
) -> alt.Chart:
    """What one query puts through the model, by part, for each architecture that can serve the scenario."""
    a = _coerce(scenario, assumptions)
    archs, left_out = feasible_architectures(scenario, _archs(architectures), a)
    parts = list(query_tokens(scenario, Architecture.RAG, a))
    rows = [
        {"architecture": arch.value, "part": part, "tokens": tokens}
        for arch in archs
        for part, tokens in query_tokens(scenario, arch, a).items()
        if tokens > 0
    ]
    table = _with_labels(pd.DataFrame(rows, columns=["architecture", "part", "tokens"]))
    _check_finite(table, ["tokens"], "token_mix_chart")
    subtitle = ["A fine-tuned model needs no rules or examples in its prompt"] + _left_out_lines(left_out)
    rank = f"indexof({json.dumps(parts)}, datum.part)"  # stack in the legend's order
    chart: alt.Chart = (
        alt.Chart(table)
        .transform_calculate(stack_rank=rank)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title=None, sort=[x.label for x in archs], axis=ARCH_AXIS),
            x=alt.X("tokens:Q", title="Tokens per query", axis=COUNT_AXIS),
            color=alt.Color("part:N", title="Part of the query", sort=parts),
            order=alt.Order("stack_rank:Q"),
            tooltip=[
                alt.Tooltip("label:N", title="Architecture"),
                alt.Tooltip("part:N"),
                alt.Tooltip("tokens:Q", format=",.0f"),
            ],
        )
        .properties(
            width=WIDTH,
            height=40 * max(len(archs), 1) + 40,
            title=alt.Title("What each query carries", subtitle=subtitle),
        )
    )
    return chart


def latency_chart(
    scenario: Scenario,
    assumptions: Assumptions | None = None,
    architectures: Iterable[Architecture | str] | None = None,
) -> alt.LayerChart:
    """Expected time to first token by part, with the scenario's budget marked (queueing: the wait
    for a busy self-hosted GPU). Architectures that cannot serve the scenario are left out, and say why."""
    a = _coerce(scenario, assumptions)
    archs, rows, runs_on, left_out = [], [], {}, {}
    for arch in _archs(architectures):
        lat = latency(scenario, arch, a)
        if not lat.feasible:
            left_out[arch.value] = lat.why_not
            continue
        archs.append(arch)
        runs_on[arch] = (lat.hosting, None)
        rows += [
            {"architecture": arch.value, "part": part, "ms": value} for part, value in lat.parts_ms.items() if value > 0
        ]
    table = _with_labels(pd.DataFrame(rows, columns=["architecture", "part", "ms"]))
    _check_finite(table, ["ms"], "latency_chart")
    x_title = "Expected time to first token (ms)"
    bars = (
        alt.Chart(table)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title=None, sort=[x.label for x in archs], axis=ARCH_AXIS),
            x=alt.X("ms:Q", title=x_title),
            color=alt.Color("part:N", title="Part", sort=LATENCY_PARTS),
            tooltip=[
                alt.Tooltip("label:N", title="Architecture"),
                alt.Tooltip("part:N"),
                alt.Tooltip("ms:Q", format=",.0f"),
            ],
        )
    )
    layers = [bars]
    if scenario.latency_budget_ms is not None:
        budget = pd.DataFrame(
            {"ms": [scenario.latency_budget_ms], "text": [f"budget {ms(scenario.latency_budget_ms)}"]}
        )
        layers += _marker(alt.Chart(budget), alt.X("ms:Q", title=x_title), highlight=True)
    subtitle = ["Estimates; measure your own stack"] + _hosting_lines(runs_on) + _left_out_lines(left_out)
    if archs and not len(table):
        subtitle.append("Every part is 0 ms here")
    return layered(*layers).properties(
        width=WIDTH,
        height=40 * max(len(archs), 1) + 40,
        title=alt.Title("Where the time to first token goes", subtitle=subtitle),
    )


def cost_breakdown_chart(
    scenario: Scenario,
    assumptions: Assumptions | None = None,
    architectures: Iterable[Architecture | str] | None = None,
) -> alt.Chart:
    """Total cost over the horizon, stacked by the seed's six categories."""
    a = _coerce(scenario, assumptions)
    archs, rows, runs_on, left_out = [], [], {}, {}
    for arch in _archs(architectures):
        t = tco(scenario, arch, a)
        if not t.feasible:
            left_out[arch.value] = t.why_not
            continue
        archs.append(arch)
        runs_on[arch] = (t.hosting, t.gpus)
        rows += [
            {"architecture": arch.value, "category": CATEGORY_LABELS[c], "usd": t.by_category[c]}
            for c in COST_CATEGORIES
        ]
    table = _with_labels(pd.DataFrame(rows, columns=["architecture", "category", "usd"]))
    _check_finite(table, ["usd"], "cost_breakdown_chart")
    subtitle = (
        ["The seed's cost categories, at default assumptions"] + _hosting_lines(runs_on) + _left_out_lines(left_out)
    )
    categories = [CATEGORY_LABELS[c] for c in COST_CATEGORIES]
    chart: alt.Chart = (
        alt.Chart(table)
        .transform_calculate(stack_rank=f"indexof({json.dumps(categories)}, datum.category)")
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title=None, sort=[x.label for x in archs], axis=ARCH_AXIS),
            x=alt.X("usd:Q", title=f"Total over {scenario.horizon_months} months (USD)", axis=USD_AXIS),
            color=alt.Color("category:N", title="Cost category", sort=categories),
            order=alt.Order("stack_rank:Q"),
            tooltip=[
                alt.Tooltip("label:N", title="Architecture"),
                alt.Tooltip("category:N"),
                alt.Tooltip("usd:Q", format="$,.0f"),
            ],
        )
        .properties(
            width=WIDTH, height=40 * max(len(archs), 1) + 40, title=alt.Title("Where the money goes", subtitle=subtitle)
        )
    )
    return chart


def cost_ranges_chart(summary: UncertaintySummary, costs: Mapping[Architecture, TCO] | None = None) -> alt.LayerChart:
    """Each architecture's total: the 10th-90th percentile range over the assumptions, and the median.

    Only the architectures that can serve the scenario have ranges (``summary.infeasible`` says why the
    others do not); ``costs`` (architecture -> TCO, e.g. ``recommend(...).costs``) tells where a
    fine-tuned model runs.
    """
    infeasible = dict(getattr(summary, "infeasible", None) or {})
    q = summary.tco_quantiles
    q = q[[name not in infeasible for name in q.index]].reset_index(names="architecture")
    table = _with_labels(q)
    _check_finite(table, ["p10", "p50", "p90"], "cost_ranges_chart", positive=True)
    archs = [Architecture(v) for v in q["architecture"]]
    runs_on = {}
    for arch, t in (costs or {}).items():
        arch = Architecture(arch)
        if arch in archs and getattr(t, "feasible", True):
            runs_on[arch] = (t.hosting, t.gpus)
    x_title = "Total cost over the horizon (USD, log scale)"
    base = alt.Chart(table).encode(y=alt.Y("label:N", title=None, sort=[x.label for x in archs], axis=ARCH_AXIS))
    rng = base.mark_rule(strokeWidth=8, opacity=0.5).encode(
        x=alt.X("p10:Q", title=x_title, scale=alt.Scale(type="log", nice=False, padding=12), axis=USD_AXIS),
        x2=alt.X2("p90:Q"),
        color=_arch_color(archs),
    )
    mid = base.mark_tick(thickness=3, size=20, color=TEXT).encode(
        x=alt.X("p50:Q", title=x_title),
        tooltip=[
            alt.Tooltip("label:N", title="Architecture"),
            alt.Tooltip("p10:Q", format="$,.0f"),
            alt.Tooltip("p50:Q", format="$,.0f"),
            alt.Tooltip("p90:Q", format="$,.0f"),
        ],
    )
    subtitle = [f"10th to 90th percentile of {count(summary.draws)} draws; tick: median"]
    subtitle += _hosting_lines(runs_on) + _left_out_lines(infeasible)
    return layered(rng, mid).properties(
        width=WIDTH,
        height=40 * max(len(archs), 1) + 40,
        title=alt.Title("How sure are these costs?", subtitle=subtitle),
    )


def _no_crossover_lines(infeasible: Mapping[str, str]) -> list[str]:
    gone = {k: v for k, v in infeasible.items() if k in (Architecture.RAG.value, Architecture.FINE_TUNING.value)}
    return [line + "; so there is no crossover" for line in _left_out_lines(gone)]


def crossover_distribution_chart(draws: pd.DataFrame, bins: int = 40) -> alt.Chart:
    """Histogram of the fine-tuning/RAG crossover over the draws that cross (binned here, so the page
    carries 40 bars, not every draw). The axis runs from the lowest crossover drawn to the highest."""
    crossing = draws["crossover_queries_per_month"].dropna().astype(float).to_numpy()
    counts, edges = np.histogram(crossing, bins=bins) if len(crossing) else (np.array([]), np.array([0.0]))
    table = pd.DataFrame({"start": edges[:-1], "end": edges[1:], "draws": counts})
    _check_finite(table, ["start", "end", "draws"], "crossover_distribution_chart")
    subtitle = [f"{count(len(crossing))} of {count(len(draws))} draws cross"]
    subtitle += _no_crossover_lines(draws.attrs.get("infeasible", {}))
    x_scale = (
        alt.Scale(domain=[float(edges[0]), float(edges[-1])], nice=False, zero=False) if len(crossing) else alt.Scale()
    )
    chart: alt.Chart = (
        alt.Chart(table)
        .mark_bar(color=ARCHITECTURE_COLORS[Architecture.FINE_TUNING], opacity=0.8, binSpacing=1)
        .encode(
            x=alt.X("start:Q", title="Crossover (queries per month)", axis=COUNT_AXIS, scale=x_scale),
            x2=alt.X2("end:Q"),
            y=alt.Y("draws:Q", title="Draws", scale=alt.Scale(zero=True)),
            y2=alt.datum(0),
            tooltip=[
                alt.Tooltip("start:Q", title="From", format=",.0f"),
                alt.Tooltip("end:Q", title="To", format=",.0f"),
                alt.Tooltip("draws:Q", title="Draws", format=","),
            ],
        )
        .properties(
            width=WIDTH,
            height=220,
            title=alt.Title("Where the crossover falls when the assumptions vary", subtitle=subtitle),
        )
    )
    return chart


def sensitivity_chart(summary: UncertaintySummary, top: int = 10) -> alt.Chart:
    """Which assumptions move the crossover most (Spearman rank correlation over the draws)."""
    table = summary.sensitivity.head(top).assign(
        direction=lambda t: t["rank_correlation"].map(lambda r: "later crossover" if r > 0 else "earlier crossover")
    )
    _check_finite(table, ["rank_correlation"], "sensitivity_chart")
    subtitle = ["Over the simulated draws"] + _no_crossover_lines(getattr(summary, "infeasible", None) or {})
    chart: alt.Chart = (
        alt.Chart(table)
        .mark_bar()
        .encode(
            y=alt.Y("parameter:N", title=None, sort=list(table["parameter"])),
            x=alt.X("rank_correlation:Q", title="Rank correlation with the crossover", scale=alt.Scale(domain=[-1, 1])),
            color=alt.Color(
                "direction:N",
                title="A higher value means",
                scale=alt.Scale(domain=["later crossover", "earlier crossover"], range=["#d62728", "#1f77b4"]),
            ),
            tooltip=[alt.Tooltip("parameter:N"), alt.Tooltip("rank_correlation:Q", format="+.2f")],
        )
        .properties(
            width=WIDTH,
            height=22 * len(table) + 20,
            title=alt.Title("What the crossover is most sensitive to", subtitle=subtitle),
        )
    )
    return chart


# --- charts that recompute in the browser -------------------------------------------------------
# Their formulas come from advisor.expressions, read off the same cost curves as tco(), so a static
# page can answer a slider without a kernel.


def _decimals(step: float) -> int:
    """Decimals a value on a grid of ``step`` needs: 0 for 250, 2 for 0.05."""
    digits = 0
    while digits < 6 and abs(step * 10**digits - round(step * 10**digits)) > 1e-9 * max(1.0, step * 10**digits):
        digits += 1
    return digits


def readout_expr(name: str, step: float, unit: str = "") -> str:
    """A Vega expression that writes the value of the signal ``name`` as a reader reads it, formatted by
    d3-format like ``advisor.core.formatting``: dollars with separators, shares as percentages,
    milliseconds with "ms", other numbers with separators; as many decimals as the step has.

    >>> readout_expr("gpu_usd_per_hour", 0.1, "USD per GPU-hour")
    "format(gpu_usd_per_hour, '$,.2f')"
    >>> readout_expr("cache_hit_rate", 0.05, "share of queries")
    "format(cache_hit_rate, '.0%')"
    """
    d = _decimals(step)
    if unit.startswith("USD"):
        return f"format({name}, '$,.{max(d, 2) if d > 0 else 0}f')"
    if unit.startswith("share"):
        return f"format({name}, '.{max(d - 2, 0)}%')"
    if unit.startswith("ms"):
        return f"format({name}, ',.{d}f') + ' ms'"
    noun = unit.split(" ")[0] if unit else ""
    return f"format({name}, ',.{d}f')" + (f" + ' {noun}'" if noun.isalpha() else "")


def _slider(
    name: str, value: float, low: float, high: float, step: float, label: str, readout: str | None = None
) -> list[alt.Parameter]:
    """A range input bound to the signal ``name``, and its readout: a signal ``{name}_readout`` holding
    the value as the page shows it (the book's script puts it beside the slider, in place of Vega's raw
    number)."""
    bound = alt.param(name=name, value=value, bind=alt.binding_range(min=low, max=high, step=step, name=f"{label} "))
    return [bound, alt.param(name=f"{name}_readout", expr=readout or readout_expr(name, step))]


def _readouts(*names: str) -> dict[str, Any]:
    """What the book's script reads to find each slider's readout signal (``usermeta`` of the spec)."""
    return {"advisor": {"readouts": {n: f"{n}_readout" for n in names}}}


def on_grid(value: float, low: float, step: float) -> bool:
    """Whether ``value`` is one of a slider's positions, ``low + k * step``.

    >>> on_grid(72_500, 25_000, 5_000), on_grid(72_500, 25_000, 2_500), on_grid(0.8, 0, 0.05)
    (False, True, True)
    """
    k = (value - low) / step
    return abs(k - round(k)) < 1e-6


def grid_low(value: float, low: float, step: float) -> float:
    """The lowest position at or above ``low`` of a grid of ``step`` that passes through ``value``.

    >>> grid_low(300, 20, 10), grid_low(125, 20, 10)
    (20, 25)
    """
    return value - step * math.floor((value - low) / step + 1e-9)


def _check_slider(parameter: str, low: float, high: float, step: float, assumptions: Assumptions) -> None:
    """A slider's range and step: at most ``MAX_SLIDER_POSITIONS`` positions, and the default one of them
    (a default between two positions would snap to one as soon as the reader touched the slider, and
    the chart drawn at load would be one that no position of the slider gives back)."""
    from .core.assumptions import FIELD_BOUNDS

    if parameter not in FIELD_BOUNDS:
        raise ValueError(f"parameter must be a numeric field of Assumptions, got {parameter!r}")
    for name, x in (("low", low), ("high", high)):
        if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x):
            raise ValueError(f"{name} must be a finite number, got {x!r}")
    if not low < high:
        raise ValueError(f"the slider range needs low < high, got ({low}, {high})")
    span = high - low
    smallest = span / MAX_SLIDER_POSITIONS
    if (
        isinstance(step, bool)
        or not isinstance(step, (int, float))
        or not math.isfinite(step)
        or not smallest <= step <= span
    ):
        raise ValueError(
            f"step must be a number from (high - low) / {MAX_SLIDER_POSITIONS:,} = {smallest:g} to high - low = {span:g} "
            f"(a slider has at most {MAX_SLIDER_POSITIONS:,} positions), got {step!r}"
        )
    value = getattr(assumptions, parameter)
    if not low <= value <= high:
        raise ValueError(f"the slider's range ({low:g} to {high:g}) must contain {parameter}'s value, {value:g}")
    if not on_grid(value, low, step):
        raise ValueError(
            f"{parameter}'s value, {value:g}, must be one of the slider's positions ({low:g} + a whole "
            f"number of steps of {step:g}); try low={grid_low(value, low, step):g}"
        )
    if not on_grid(high, low, step):
        raise ValueError(
            f"the slider's high end, {high:g}, must be one of its positions ({low:g} + a whole number of steps of {step:g})"
        )


def _hosting_note(archs: Iterable[Architecture], assumptions: Assumptions, where: str) -> list[str]:
    tuned = [x for x in archs if x in FINE_TUNED]
    if not tuned:
        return []
    names = " and ".join([tuned[0].label] + [x.in_sentence for x in tuned[1:]])  # the line opens with the first
    verb, it = ("runs", "it is") if len(tuned) == 1 else ("run", "each is")
    if assumptions.finetune_hosting == "auto":
        return [f"{names} {verb} where {it} cheaper {where}: on your own GPUs or the provider's endpoint"]
    return [f"{names} {verb} {HOSTING_WORDS[assumptions.finetune_hosting]}"]


def interactive_tco_chart(
    scenario: Scenario,
    parameter: str = "gpu_usd_per_hour",
    low: float = 1.0,
    high: float = 10.0,
    step: float = 0.02,
    label: str = "GPU price ($/hour)",
    architectures: Iterable[Architecture | str] | None = (Architecture.RAG, Architecture.FINE_TUNING),
    assumptions: Assumptions | None = None,
    volumes: Sequence[float] | None = None,
    crossing: Iterable[Architecture | str] | None = None,
) -> alt.LayerChart:
    """Total cost against volume, with a slider for one assumption; lines and the crossover move in the browser.

    An architecture that cannot serve the scenario somewhere in the slider's range is left out, and
    the subtitle says why. ``step`` must leave at most ``MAX_SLIDER_POSITIONS`` positions, and the
    assumption's value must be one of them. The crossover marked is ``crossing``'s (as in
    ``tco_by_volume_chart``); the volumes cover it at every position of the slider.
    """
    from .expressions import Infeasible, tco_expression

    a = _coerce(scenario, assumptions)
    _check_slider(parameter, low, high, step, a)
    totals, left_out = {}, {}
    for arch in _archs(architectures):
        try:
            totals[arch] = tco_expression(scenario, arch, "datum.volume", parameter, low, high, a)
        except Infeasible as why:
            left_out[arch.value] = why.why
    archs = list(totals)
    pair = _pair(archs, crossing)
    rows = []
    if pair:  # the crossover at every slider position, where the lines cross
        positions = np.round(low + step * np.arange(round((high - low) / step) + 1), 10)
        rows = [
            (float(x_), _crossing_on_lines(scenario, a.replace(**{parameter: float(x_)}), pair)) for x_ in positions
        ]
    found = [c for _, c in rows if c is not None]
    default_crossing = _crossing_on_lines(scenario, a, pair) if pair else None
    if volumes is not None:
        v = _log_volumes(volumes)
    else:
        v = _volumes_around(scenario, [default_crossing] + ([min(found), max(found)] if found else []))
    grid = pd.DataFrame({"volume": step_grid(scenario, v, archs, a)})
    x = _volume_x(v)
    y = alt.Y("total:Q", title=f"Total cost over {scenario.horizon_months} months (USD)", axis=USD_AXIS)
    if archs:
        base = (
            alt.Chart(grid)
            .transform_calculate(**{x_.label: e for x_, e in totals.items()})
            .transform_fold([x_.label for x_ in archs], as_=["label", "total"])
        )
    else:
        base = alt.Chart(pd.DataFrame(columns=["volume", "label", "total"]))
    lines = (
        base.mark_line()
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
        .add_params(
            *_slider(
                parameter,
                getattr(a, parameter),
                low,
                high,
                step,
                label,
                readout_expr(parameter, step, _unit(parameter)),
            )
        )
    )
    layers = [lines]
    marks = pd.DataFrame(
        [
            {"step": x_, "volume": c, "text": f"crossover ≈ {count(c)} / month"}
            for x_, c in rows
            if c is not None and v[0] <= c <= v[-1]
        ]
    )
    if len(marks):
        at_slider = f"abs(datum.step - {parameter}) < {step / 2!r}"
        layers += _marker(alt.Chart(marks).transform_filter(at_slider), x)
    subtitle = [f"{label}; every other assumption at its default"]
    if pair and (len(archs) > 2 or crossing is not None):
        subtitle.append(_crossing_line(pair))
    if pair and len(found) < len(rows):
        subtitle.append(
            f"No marker: {pair[0].in_sentence} and {pair[1].in_sentence} do not cost the same in this range "
            f"at {'some' if found else 'any'} of the slider's positions"
        )
    subtitle += _hosting_note(archs, a, "at each volume") + _left_out_lines(left_out)
    return layered(*layers).properties(
        width=WIDTH,
        height=HEIGHT,
        usermeta=_readouts(parameter),
        title=alt.Title("Move the slider: the costs recompute in your browser", subtitle=subtitle),
    )


def _unit(parameter: str) -> str:
    from .core.assumptions import assumption_records

    for record in assumption_records():
        if record["parameter"] == parameter:
            return str(record.get("unit") or "")
    return ""


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
    """Expected time to first token per architecture (queueing included), with sliders for one latency
    assumption and the budget. Architectures that cannot serve the scenario are left out, and say why."""
    from .expressions import Infeasible, latency_expression

    a = _coerce(scenario, assumptions)
    _check_slider(parameter, low, high, step, a)
    expressions, left_out = {}, {}
    for arch in _archs(architectures):
        try:
            expressions[arch] = latency_expression(scenario, arch, parameter, low, high, a)
        except Infeasible as why:
            left_out[arch.value] = why.why
    archs = list(expressions)
    table = pd.DataFrame({"label": [x.label for x in archs]}, dtype=object)
    cases = " : ".join(f"datum.label == {json.dumps(x.label)} ? {e}" for x, e in expressions.items())
    ms_expr = f"{cases} : 0" if cases else "0"
    budget_value = scenario.latency_budget_ms or a.retrieval_latency_budget_ms
    slider = _slider(parameter, getattr(a, parameter), low, high, step, label, readout_expr(parameter, step, "ms"))
    budget_low = grid_low(budget_value, min(20, budget_value), 10)
    budget_high = budget_low + 10 * math.ceil((max(2000, budget_value) - budget_low) / 10)
    budget = _slider(
        "latency_budget",
        budget_value,
        budget_low,
        budget_high,
        10,
        "Latency budget (ms)",
        readout_expr("latency_budget", 10, "ms"),
    )
    y = alt.Y("label:N", title=None, sort=[x.label for x in archs], axis=ARCH_AXIS)
    x_title = "Expected time to first token (ms)"
    bars = (
        alt.Chart(table)
        .transform_calculate(ms=ms_expr, within="datum.ms <= latency_budget ? 'within budget' : 'over budget'")
        .mark_bar()
        .encode(
            y=y,
            x=alt.X("ms:Q", title=x_title),
            color=alt.Color(
                "within:N", title=None, scale=alt.Scale(domain=["within budget", "over budget"], range=[GOOD, BAD])
            ),
            tooltip=[alt.Tooltip("label:N", title="Architecture"), alt.Tooltip("ms:Q", title="ms", format=",.0f")],
        )
        .add_params(*slider, *budget)
    )
    rule = (
        alt.Chart(pd.DataFrame({"one": [1]}))
        .transform_calculate(ms="latency_budget")
        .mark_rule(color=REFERENCE, strokeDash=[4, 4])
        .encode(x=alt.X("ms:Q", title=x_title))
    )
    runs_on = {x: (latency(scenario, x, a).hosting, None) for x in archs if x in FINE_TUNED}
    subtitle = ["Dashed line: the budget"] + _hosting_lines(runs_on) + _left_out_lines(left_out)
    return layered(bars, rule).properties(
        width=WIDTH,
        height=40 * max(len(archs), 1) + 40,
        usermeta=_readouts(parameter, "latency_budget"),
        title=alt.Title("Move the sliders: the estimates recompute in your browser", subtitle=subtitle),
    )


def interactive_per_query_chart(
    scenario: Scenario,
    architectures: Iterable[Architecture | str] | None = (
        Architecture.RAG,
        Architecture.FINE_TUNING,
        Architecture.HYBRID,
    ),
    assumptions: Assumptions | None = None,
) -> alt.LayerChart:
    """All-in cost per query at a volume the reader picks with a slider (10^3 to 10^8 queries a month,
    wider if the scenario's volume lies outside)."""
    from .expressions import Infeasible, tco_expression

    a = _coerce(scenario, assumptions)
    volume = "pow(10, volume_exponent)"
    own = math.log10(max(scenario.queries_per_month, 1.0))
    low, high = min(3.0, math.floor(own)), max(8.0, math.ceil(own))
    # the slider's positions pass through the scenario's own volume, so that the chart at load is one of them
    low = grid_low(max(own, low), low, 0.05)
    high = low + 0.05 * math.ceil((high - low) / 0.05 - 1e-9)
    slider = _slider(
        "volume_exponent",
        max(own, low),
        low,
        high,
        0.05,
        "Queries per month",
        "format(pow(10, volume_exponent), ',.0f') + ' a month'",
    )
    expressions, left_out = {}, {}
    for arch in _archs(architectures):
        try:
            expressions[arch] = tco_expression(scenario, arch, volume, assumptions=a)
        except Infeasible as why:
            left_out[arch.value] = why.why
    archs = list(expressions)
    totals = " : ".join(f"datum.label == {json.dumps(x.label)} ? {e}" for x, e in expressions.items())
    table = pd.DataFrame({"label": [x.label for x in archs]}, dtype=object)
    base = (
        alt.Chart(table)
        .transform_calculate(volume=volume, total=f"{totals} : 0" if totals else "0")
        .transform_calculate(
            per_query=f"datum.total / (datum.volume * {scenario.horizon_months})",
            caption="format(datum.volume, ',.0f') + ' queries a month'",
        )
    )
    y = alt.Y("label:N", title=None, sort=[x.label for x in archs], axis=ARCH_AXIS)
    x = alt.X("per_query:Q", title="All-in cost per query (USD)", axis=PER_QUERY_AXIS)
    bars = (
        base.mark_bar()
        .encode(
            y=y,
            x=x,
            color=_arch_color(archs).legend(None),
            tooltip=[
                alt.Tooltip("label:N", title="Architecture"),
                alt.Tooltip("per_query:Q", title="USD per query", format="$,.4f"),
                alt.Tooltip("total:Q", title="Total over the horizon", format="$,.0f"),
            ],
        )
        .add_params(*slider)
    )
    text = base.mark_text(align="left", dx=4).encode(y=y, x=x, text=alt.Text("per_query:Q", format="$,.4f"))
    # room on the axis for the figure written past the longest bar (an invisible point at 1.35 times it)
    room = (
        base.transform_calculate(room="datum.per_query * 1.35")
        .mark_point(opacity=0)
        .encode(y=y, x=alt.X("room:Q", title="All-in cost per query (USD)", axis=PER_QUERY_AXIS))
    )
    layers = [bars, text, room]
    if archs:
        layers.append(
            base.transform_filter(f"datum.label == {json.dumps(archs[0].label)}")
            .mark_text(align="left", baseline="bottom", dy=-6, fontWeight="bold")
            .encode(x=alt.XValue(0), y=alt.YValue(0), text=alt.Text("caption:N"))  # type: ignore[no-untyped-call]  # altair: XValue, YValue unannotated
        )
    subtitle = [f"Everything paid over {scenario.horizon_months} months, divided by the queries served"]
    subtitle += _hosting_note(archs, a, "at the chosen volume") + _left_out_lines(left_out)
    return layered(*layers).properties(
        width=WIDTH,
        height=40 * max(len(archs), 1) + 60,
        usermeta=_readouts("volume_exponent"),
        title=alt.Title("Move the slider: cost per query at your volume, computed in your browser", subtitle=subtitle),
    )

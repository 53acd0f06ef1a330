"""Charts are data: assert on chart.to_dict(), the Vega-Lite spec the browser draws."""

import pytest

import advisor
from advisor import Architecture, Scenario, charts
from advisor.core.formatting import count

S = Scenario(
    queries_per_month=400_000, corpus_documents=3_000, knowledge_updates_per_month=1 / 3, latency_budget_ms=300
)


def layers(spec):
    return spec.get("layer", [spec])


def data_of(spec, layer):
    return spec["datasets"][layer["data"]["name"]]


ALL_CHARTS = {
    "tco_by_volume": lambda: charts.tco_by_volume_chart(S),
    "per_query": lambda: charts.per_query_cost_chart(S),
    "cumulative": lambda: charts.cumulative_cost_chart(S),
    "updates": lambda: charts.update_cost_chart(S),
    "context": lambda: charts.context_fit_chart(S),
    "tokens": lambda: charts.token_mix_chart(S),
    "latency": lambda: charts.latency_chart(S),
    "breakdown": lambda: charts.cost_breakdown_chart(S),
    "ranges": lambda: charts.cost_ranges_chart(advisor.summarize(advisor.simulate(S, n=500, seed=0))),
    "sensitivity": lambda: charts.sensitivity_chart(advisor.summarize(advisor.simulate(S, n=500, seed=0))),
    "crossover_histogram": lambda: charts.crossover_distribution_chart(advisor.simulate(S, n=500, seed=0)),
}


@pytest.mark.parametrize("name", sorted(ALL_CHARTS))
def test_every_chart_has_the_theme_a_title_and_labeled_axes(name):
    spec = ALL_CHARTS[name]().to_dict()  # validates against the Vega-Lite schema
    assert spec["config"]["font"] == charts.FONT
    assert spec["title"]["text"] and spec["title"]["subtitle"]
    for layer in layers(spec):
        for channel in ("x", "y"):
            enc = layer.get("encoding", {}).get(channel)
            if enc and "field" in enc and enc.get("type") == "quantitative":
                assert enc.get("title"), f"{name}: {channel} has no title"


def test_tco_chart_lines_are_tco_and_the_crossover_is_marked():
    spec = charts.tco_by_volume_chart(S).to_dict()
    band, line, rule, text = layers(spec)
    assert band["mark"]["type"] == "area" and line["mark"]["type"] == "line"
    rows = data_of(spec, line)
    for row in rows[:: len(rows) // 7]:
        expected = advisor.tco(S.replace(queries_per_month=row["volume"]), row["architecture"]).total
        assert row["total"] == pytest.approx(expected)
    crossing = advisor.crossover_volume(S)
    assert data_of(spec, rule)[0]["volume"] == pytest.approx(crossing)
    assert count(crossing) in data_of(spec, text)[0]["text"]
    assert "$" in line["encoding"]["y"]["axis"]["format"]
    assert line["encoding"]["x"]["scale"]["type"] == "log"
    assert "USD" in line["encoding"]["y"]["title"] and "Queries per month" in line["encoding"]["x"]["title"]
    band_rows = data_of(spec, band)
    assert all(r["p10"] <= r["p50"] <= r["p90"] for r in band_rows)


def test_no_crossover_marker_when_they_never_cross():
    free = advisor.Assumptions(
        managed_input_usd_per_mtok=0,
        managed_output_usd_per_mtok=0,
        managed_cache_read_usd_per_mtok=0,
        managed_cache_write_usd_per_mtok=0,
    )
    spec = charts.tco_by_volume_chart(S, free, band=False).to_dict()
    assert len(layers(spec)) == 1


def test_breakdown_adds_up_to_the_totals():
    spec = charts.cost_breakdown_chart(S).to_dict()
    rows = data_of(spec, spec)
    priced = [arch for arch in Architecture if advisor.tco(S, arch).feasible]
    assert len(priced) >= 3
    for arch in priced:
        total = sum(r["usd"] for r in rows if r["architecture"] == arch.value)
        assert total == pytest.approx(advisor.tco(S, arch).total)
    assert {r["architecture"] for r in rows} == {a.value for a in priced}


def test_latency_chart_marks_the_budget_and_sums_to_latency():
    spec = charts.latency_chart(S).to_dict()
    bars, rule, _ = layers(spec)
    assert data_of(spec, rule)[0]["ms"] == 300
    rows = data_of(spec, bars)
    rag = sum(r["ms"] for r in rows if r["architecture"] == "rag")
    assert rag == pytest.approx(advisor.latency(S, "rag").total_ms)


def test_context_chart_marks_the_corpus():
    spec = charts.context_fit_chart(S).to_dict()
    bars, rule, _ = layers(spec)
    assert data_of(spec, rule)[0]["tokens"] == S.corpus_tokens
    fit = advisor.context_fit(S).set_index("model")
    for row in data_of(spec, bars):
        assert row["fits"] == bool(fit.loc[row["model"], "fits"])


def test_update_chart_shows_the_weekly_threshold():
    spec = charts.update_cost_chart(S).to_dict()
    _, rule, _ = layers(spec)
    assert data_of(spec, rule)[0]["rate"] == advisor.Assumptions().frequent_updates_per_month


def test_architecture_colors_are_the_same_everywhere():
    a = charts.tco_by_volume_chart(S).to_dict()
    b = charts.per_query_cost_chart(S).to_dict()
    scale_a = layers(a)[1]["encoding"]["color"]["scale"]
    scale_b = b["encoding"]["color"]["scale"]
    colour = dict(zip(scale_b["domain"], scale_b["range"]))
    assert all(colour[d] == r for d, r in zip(scale_a["domain"], scale_a["range"]))


def test_crossover_histogram_counts_every_crossing_draw():
    draws = advisor.simulate(S, n=10_000, seed=1)  # more rows than Altair embeds: the chart bins them first
    spec = charts.crossover_distribution_chart(draws).to_dict()
    rows = data_of(spec, spec)
    assert len(rows) == 40
    assert sum(r["draws"] for r in rows) == draws["crossover_queries_per_month"].notna().sum()


# --- charts a reader can trust: domains, markers, sliders, phone widths, dark mode ----------------


def _x_scale(layer):
    return layer["encoding"]["x"].get("scale", {})


def test_volume_axes_run_from_the_first_volume_drawn_to_the_last():
    for chart in (
        charts.tco_by_volume_chart(S),
        charts.per_query_cost_chart(S),
        charts.interactive_tco_chart(S, "gpu_usd_per_hour", 1, 10, 0.02, "GPU price ($/hour)"),
    ):
        spec = chart.to_dict()
        for layer in layers(spec):
            x = layer["encoding"]["x"]
            if x.get("field") != "volume":
                continue
            scale = _x_scale(layer)
            assert scale["type"] == "log" and scale["nice"] is False
            rows = data_of(spec, layer) if "data" in layer else []
            if rows and "volume" in rows[0] and "text" not in rows[0]:  # the lines, not the crossover's marker
                volumes = [r["volume"] for r in data_of(spec, layer)]
                assert min(volumes) == pytest.approx(scale["domain"][0]) and max(volumes) == pytest.approx(
                    scale["domain"][1]
                )


def test_the_marked_crossing_is_the_pair_asked_for_and_the_one_a_page_can_print():
    case = Scenario(
        queries_per_month=20_000, corpus_documents=40, tokens_per_document=1_000, knowledge_updates_per_month=1
    )
    archs = [Architecture.PROMPTING, Architecture.RAG, Architecture.FINE_TUNING]
    spec = charts.tco_by_volume_chart(case, architectures=archs, band=False, crossing=archs[:2]).to_dict()
    rule = next(layer for layer in layers(spec) if layer["mark"]["type"] == "rule")
    crossing = advisor.crossover_between(case, "prompting", "rag")
    assert data_of(spec, rule)[0]["volume"] == pytest.approx(crossing)
    assert charts.marked_crossover(case, architectures=archs, crossing=archs[:2]) == pytest.approx(crossing)
    assert any("where prompting only and RAG cost the same" in line for line in spec["title"]["subtitle"])
    lo, hi = _x_scale(layers(spec)[0])["domain"]
    assert lo < crossing < hi  # the axis covers the point the text talks about


def test_a_slider_must_start_on_its_own_grid():
    with pytest.raises(ValueError, match="one of the slider's positions"):
        charts.interactive_tco_chart(S, "build_finetuning_usd", 25_000, 120_000, 5_000, "Fine-tuning build ($)")
    spec = charts.interactive_tco_chart(
        S, "build_finetuning_usd", 25_000, 120_000, 2_500, "Fine-tuning build ($)"
    ).to_dict()
    bound = next(p for p in spec["params"] if p["name"] == "build_finetuning_usd")
    assert (bound["value"] - bound["bind"]["min"]) / bound["bind"]["step"] == pytest.approx(19)
    assert spec["usermeta"]["advisor"]["readouts"] == {"build_finetuning_usd": "build_finetuning_usd_readout"}
    readout = next(p for p in spec["params"] if p["name"] == "build_finetuning_usd_readout")
    assert readout["expr"] == "format(build_finetuning_usd, '$,.0f')"


def test_the_volume_slider_passes_through_the_scenarios_own_volume():
    spec = charts.interactive_per_query_chart(S).to_dict()
    p = next(p for p in spec["params"] if p["name"] == "volume_exponent")
    assert 10 ** p["value"] == pytest.approx(S.queries_per_month)
    assert charts.on_grid(p["value"], p["bind"]["min"], p["bind"]["step"])
    assert charts.on_grid(p["bind"]["max"], p["bind"]["min"], p["bind"]["step"]) and p["bind"]["max"] >= 8


def test_the_latency_budget_slider_starts_on_its_grid():
    spec = charts.interactive_latency_chart(S.replace(latency_budget_ms=125)).to_dict()
    p = next(p for p in spec["params"] if p["name"] == "latency_budget")
    assert p["value"] == 125 and charts.on_grid(125, p["bind"]["min"], p["bind"]["step"])


def test_crossover_histogram_bars_stand_on_zero_and_the_axis_spans_the_crossings():
    draws = advisor.simulate(S, n=2_000, seed=0)
    spec = charts.crossover_distribution_chart(draws).to_dict()
    assert spec["encoding"]["y2"] == {"datum": 0}
    crossing = draws["crossover_queries_per_month"].dropna()
    assert spec["encoding"]["x"]["scale"]["domain"] == [pytest.approx(crossing.min()), pytest.approx(crossing.max())]


def test_axis_formats_never_print_an_exponent():
    for name in ("tco_by_volume", "per_query", "ranges"):
        text = str(ALL_CHARTS[name]().to_dict())
        assert "~g" not in text and ",.2s'" not in text
    assert charts.PER_QUERY_AXIS.format == "$,.2~r"


@pytest.mark.parametrize("name", sorted(ALL_CHARTS))
def test_in_the_book_a_chart_takes_its_containers_width_with_its_title_as_text(name):
    spec = ALL_CHARTS[name]().to_dict()
    html = charts.static_html(spec)
    compiled, mode, heading, subtitle = charts._static_spec(spec)
    assert heading == spec["title"]["text"] and f">{heading}<".replace("'", "&#x27;") in html.replace("'", "&#x27;")
    assert "title" not in compiled  # drawn as HTML above the chart, where it wraps on a phone
    assert compiled["background"] == "transparent"  # the page's colour, light or dark
    if mode == "vega":
        width = next(s for s in compiled["signals"] if s["name"] == "width")
        assert "containerSize()" in width["init"]
        for legend in compiled.get("legends", []):
            assert "width" in legend["columns"]["signal"]


def test_every_theme_color_has_a_dark_counterpart_with_aa_contrast():
    def luminance(hex_color):
        rgb = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        rgb = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]

    def contrast(a, b):
        x, y = sorted((luminance(a), luminance(b)), reverse=True)
        return (x + 0.05) / (y + 0.05)

    page_light, page_dark = "#ffffff", "#14181e"  # pydata-sphinx-theme's backgrounds
    for colour in (charts.TEXT, charts.MUTED, charts.REFERENCE, charts.HIGHLIGHT):
        assert contrast(colour, page_light) >= 4.5
        assert contrast(charts.DARK_COLORS[colour], page_dark) >= 4.5
    css = charts.dark_css()
    for light, dark in charts.DARK_COLORS.items():
        assert f'[fill="{light}"] {{ fill: {dark}; }}' in css and f'[stroke="{light}"] {{ stroke: {dark}; }}' in css
    assert set(charts.ARCHITECTURE_COLORS.values()) <= set(charts.DARK_COLORS)

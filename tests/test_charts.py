"""Charts are data: assert on chart.to_dict(), the Vega-Lite spec the browser draws."""

import pytest

import advisor
from advisor import Architecture, Scenario, charts
from advisor.core.formatting import count

S = Scenario(queries_per_month=400_000, corpus_documents=3_000, knowledge_updates_per_month=1 / 3, latency_budget_ms=300)


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
def test_every_chart_has_the_theme_a_title_and_labelled_axes(name):
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
    free = advisor.Assumptions(managed_input_usd_per_mtok=0, managed_output_usd_per_mtok=0,
                               managed_cache_read_usd_per_mtok=0, managed_cache_write_usd_per_mtok=0)
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


def test_architecture_colours_are_the_same_everywhere():
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

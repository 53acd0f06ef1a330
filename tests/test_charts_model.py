"""Charts and series against the model: no infeasible option drawn, whole-GPU steps shown, and
inputs at the edges give a chart or a ValueError naming the argument, never a crash or a lie."""

import json
import math
import time

import numpy as np
import pytest

import advisor
from advisor import Architecture, Assumptions, Scenario, charts, series
from advisor.core.costs import feasibility, step_volumes

ALL = list(Architecture)
# 3,000 documents of 1,000 tokens: 3M tokens, more than any managed model's usable window
BIG = Scenario(
    queries_per_month=400_000, corpus_documents=3_000, knowledge_updates_per_month=1 / 3, latency_budget_ms=900
)
# chapter 7's case, whose latency chart used to plot prompting at 132,510 ms
CH7 = Scenario(queries_per_month=200_000, corpus_documents=10_000, knowledge_updates_per_month=1, latency_budget_ms=300)
NO_RAG = Assumptions(retrieved_chunks=1_000)  # 800k retrieved tokens a query: more than the window holds


def layers(spec):
    return spec.get("layer", [spec])


def datasets(spec):
    return spec.get("datasets", {})


def without_title(node):
    """The spec minus its title (where a chart says what it leaves out)."""
    if isinstance(node, dict):
        return {k: without_title(v) for k, v in node.items() if k != "title"}
    if isinstance(node, list):
        return [without_title(x) for x in node]
    return node


def subtitle(spec):
    lines = spec["title"]["subtitle"]
    return " | ".join(lines) if isinstance(lines, list) else lines


def all_numbers(spec):
    for rows in datasets(spec).values():
        for row in rows:
            yield from row.items()


def charts_for(scenario, assumptions=None):
    a = assumptions or Assumptions()
    summary = advisor.summarize(advisor.simulate(scenario, n=300, seed=0, assumptions=a))
    return {
        "tco_by_volume": lambda: charts.tco_by_volume_chart(scenario, a, ALL, draws=200),
        "per_query": lambda: charts.per_query_cost_chart(scenario, a, ALL),
        "cumulative": lambda: charts.cumulative_cost_chart(scenario, a, ALL),
        "updates": lambda: charts.update_cost_chart(scenario, a, architectures=ALL),
        "tokens": lambda: charts.token_mix_chart(scenario, a, ALL),
        "latency": lambda: charts.latency_chart(scenario, a, ALL),
        "breakdown": lambda: charts.cost_breakdown_chart(scenario, a, ALL),
        "ranges": lambda: charts.cost_ranges_chart(summary, advisor.tco_all(scenario, a)),
        "interactive_tco": lambda: charts.interactive_tco_chart(scenario, architectures=ALL, assumptions=a),
        "interactive_latency": lambda: charts.interactive_latency_chart(scenario, architectures=ALL, assumptions=a),
        "interactive_per_query": lambda: charts.interactive_per_query_chart(scenario, ALL, a),
    }


BIG_CHARTS = charts_for(BIG)


@pytest.mark.parametrize("name", sorted(BIG_CHARTS))
def test_an_option_that_cannot_serve_is_left_out_and_the_chart_says_why(name):
    why = feasibility(BIG, "prompting")
    assert why.startswith("The corpus (3M tokens) does not fit")
    spec = BIG_CHARTS[name]().to_dict()
    body = json.dumps(without_title(spec))
    assert "Prompting only" not in body and '"prompting"' not in body  # no data, no domain, no sort entry
    assert "Prompting only left out: the corpus (3M tokens) does not fit in the prompt" in subtitle(spec)
    assert "RAG" in body  # what can serve is still drawn


def test_when_rag_cannot_serve_there_is_no_crossover_and_the_chart_says_so():
    assert feasibility(BIG, "rag", NO_RAG)
    spec = charts.tco_by_volume_chart(BIG, NO_RAG).to_dict()
    assert [layer["mark"]["type"] for layer in layers(spec)] == ["area", "line"]  # no crossover rule
    assert '"rag"' not in json.dumps(without_title(spec))
    assert "RAG left out: the retrieved chunks (800k tokens)" in subtitle(spec)
    draws = advisor.simulate(BIG, n=200, seed=0, assumptions=NO_RAG)
    spec = charts.crossover_distribution_chart(draws).to_dict()
    assert "0 of 200 draws cross" in subtitle(spec) and "so there is no crossover" in subtitle(spec)


def test_chapter_7_latency_chart_no_longer_squashes_the_bars():
    spec = charts.latency_chart(CH7).to_dict()
    rows = datasets(spec)[layers(spec)[0]["data"]["name"]]
    assert {r["architecture"] for r in rows} == {"rag", "fine_tuning", "hybrid"}
    for arch in ("rag", "fine_tuning", "hybrid"):
        assert sum(r["ms"] for r in rows if r["architecture"] == arch) == pytest.approx(
            advisor.latency(CH7, arch).total_ms
        )
    assert max(r["ms"] for r in rows) < 5_000
    assert "Prompting only left out" in subtitle(spec)


def test_chapter_12_cost_ranges_leave_out_ruled_out_prompting():
    summary = advisor.summarize(advisor.simulate(BIG, n=500, seed=0))
    spec = charts.cost_ranges_chart(summary).to_dict()
    rows = datasets(spec)[spec["data"]["name"]]
    assert "prompting" not in {r["architecture"] for r in rows}
    assert max(r["p90"] for r in rows) < 1e8  # no $2.2B bar setting the axis


def test_series_record_what_they_leave_out():
    v = [1e4, 1e6]
    table = series.tco_by_volume(BIG, v, ALL)
    assert set(table["architecture"]) == {"rag", "fine_tuning", "hybrid"}
    assert table.attrs["left_out"] == {"prompting": feasibility(BIG, "prompting")}
    bands = series.tco_bands(BIG, v, ALL, n=50)
    assert "prompting" not in set(bands["architecture"]) and list(bands.attrs["left_out"]) == ["prompting"]
    swept = series.sweep(Scenario(queries_per_month=1e5), "corpus_documents", [10, 400, 3_000], ["prompting", "rag"])
    kept = swept[swept["architecture"] == "prompting"]["corpus_documents"].tolist()
    gone = swept.attrs["left_out_at"]["prompting"]
    assert kept and gone and max(kept) < min(gone)  # rows while it fits, none after
    assert all(feasibility(Scenario(corpus_documents=d), "prompting") for d in gone)
    assert set(swept[swept["architecture"] == "rag"]["corpus_documents"]) == {10, 400, 3_000}
    empty = series.tco_by_volume(BIG, v, ["prompting"])
    assert len(empty) == 0 and "total" in empty.columns


def test_a_self_hosted_fleet_steps_up_one_gpu_month_times_the_horizon():
    s = Scenario(
        queries_per_month=20_000_000, corpus_documents=3_000, knowledge_updates_per_month=1 / 3, horizon_months=24
    )
    a = Assumptions(finetune_hosting="self_hosted", gpu_usd_per_hour=2.0)
    spec = charts.tco_by_volume_chart(s, a, band=False, volumes=np.geomspace(1e5, 1e9, 41)).to_dict()
    line = layers(spec)[0]
    rows = [r for r in datasets(spec)[line["data"]["name"]] if r["architecture"] == "fine_tuning"]
    by_volume = {r["volume"]: r for r in rows}
    volumes = sorted(by_volume)
    steps = step_volumes(s, "fine_tuning", volumes[0], volumes[-1], a)
    assert len(steps) >= 5
    assert all(v in by_volume for v in steps[:-1])  # every step the core lists is in the table...
    one_gpu_month_times_horizon = 2.0 * 730 * 24  # $35,040
    for step in steps[:3] + steps[-3:-1]:
        after = volumes[volumes.index(step) + 1]  # ...with a point just after it
        assert after == pytest.approx(step, rel=1e-8)
        jump = by_volume[after]["total"] - by_volume[step]["total"]
        assert jump == pytest.approx(one_gpu_month_times_horizon, abs=0.01)
        assert by_volume[after]["gpus"] == by_volume[step]["gpus"] + 1
    for row in rows[::25]:
        assert row["total"] == pytest.approx(
            advisor.tco(s.replace(queries_per_month=row["volume"]), "fine_tuning", a).total
        )
    assert "Fine-tuning runs on your own GPUs" in subtitle(spec)
    rag = [r for r in datasets(spec)[line["data"]["name"]] if r["architecture"] == "rag"]
    assert len(rag) == 41  # RAG has no GPUs: no step points


def test_the_line_is_tco_at_every_volume_and_says_where_the_model_runs():
    """With hosting "auto" a fine-tuned model moves to self-hosted GPUs as volume grows; the line follows tco."""
    s = Scenario(queries_per_month=500_000, corpus_documents=3_000, knowledge_updates_per_month=1 / 3)
    spec = charts.tco_by_volume_chart(
        s, architectures=["rag", "fine_tuning"], volumes=np.geomspace(1e3, 1e10, 30), band=False
    ).to_dict()
    rows = datasets(spec)[layers(spec)[0]["data"]["name"]]
    seen = set()
    for row in rows[::7]:
        t = advisor.tco(s.replace(queries_per_month=row["volume"]), row["architecture"])
        assert row["total"] == pytest.approx(t.total) and row["hosting"] == t.hosting
        seen.add(t.hosting)
    assert {"self_hosted", "managed"} <= seen
    assert (
        "Fine-tuning runs where it is cheaper: on the provider's fine-tuned endpoint, then on your own GPUs from"
        in subtitle(spec)
    )


@pytest.mark.parametrize("name", sorted(BIG_CHARTS))
def test_every_plotted_value_is_finite(name):
    spec = BIG_CHARTS[name]().to_dict()
    numbers = 0
    for key, value in all_numbers(spec):
        assert value is not None, f"{name}: {key} is null"
        if isinstance(value, float):
            assert math.isfinite(value), f"{name}: {key} = {value}"
            numbers += 1
    assert numbers or name.startswith("interactive_latency") or name.startswith("interactive_per_query")


def _beyond_1e11():
    """Assumptions under which fine-tuning (on the provider's endpoint) overtakes RAG only past 1e11
    queries a month: its per-query price raised until the two per-query costs nearly meet."""
    s = Scenario(queries_per_month=1e6, corpus_documents=3_000, knowledge_updates_per_month=0)
    low, high = 0.3, 1_000.0
    for _ in range(200):
        price = (low + high) / 2
        a = Assumptions(finetune_hosting="managed", finetuned_endpoint_input_usd_per_mtok=price)
        crossing = advisor.crossover_volume(s, a)
        if crossing is not None and 1e11 < crossing < 1e12:
            return s, a, crossing
        if crossing is None or crossing > 1e12:
            high = price
        else:
            low = price
    pytest.fail("found no assumptions with a crossover between 1e11 and 1e12")


def test_a_crossover_beyond_1e11_stays_in_the_accepted_volumes():
    s, a, crossing = _beyond_1e11()
    spec = charts.tco_by_volume_chart(s, a, draws=100).to_dict()
    _, line, rule, _ = layers(spec)
    volumes = [r["volume"] for r in datasets(spec)[line["data"]["name"]]]
    assert max(volumes) <= 1e12 and min(volumes) > 0
    assert datasets(spec)[rule["data"]["name"]][0]["volume"] == pytest.approx(crossing)
    charts.interactive_tco_chart(s, assumptions=a).to_dict()


def test_volumes_a_log_axis_cannot_show_are_refused():
    with pytest.raises(ValueError, match="volumes"):
        charts.tco_by_volume_chart(BIG, volumes=[0, 1e3, 1e6])
    with pytest.raises(ValueError, match="volumes"):
        charts.per_query_cost_chart(BIG, volumes=[1e3, 2e12])


def test_all_latency_parts_zero_gives_a_readable_chart():
    zero = Assumptions(
        managed_ttft_ms=0,
        managed_prefill_ms_per_1k_tokens=0,
        selfhosted_ttft_ms=0,
        selfhosted_prefill_ms_per_1k_tokens=0,
        retrieval_latency_ms=0,
        reranker_latency_ms=0,
    )
    spec = charts.latency_chart(BIG, zero).to_dict()  # validates against the schema
    bars = layers(spec)[0]
    assert datasets(spec)[bars["data"]["name"]] == []
    assert "Every part is 0 ms here" in subtitle(spec)


def test_only_infeasible_options_give_an_empty_chart_that_says_why():
    spec = charts.latency_chart(BIG, architectures=["prompting"]).to_dict()
    assert "Prompting only left out" in subtitle(spec)
    spec = charts.tco_by_volume_chart(BIG, architectures=["prompting"]).to_dict()
    assert "Prompting only left out" in subtitle(spec)


CHARTS_WITH_ARCHITECTURES = [
    lambda archs: charts.tco_by_volume_chart(BIG, architectures=archs),
    lambda archs: charts.per_query_cost_chart(BIG, architectures=archs),
    lambda archs: charts.cumulative_cost_chart(BIG, architectures=archs),
    lambda archs: charts.update_cost_chart(BIG, architectures=archs),
    lambda archs: charts.token_mix_chart(BIG, architectures=archs),
    lambda archs: charts.latency_chart(BIG, architectures=archs),
    lambda archs: charts.cost_breakdown_chart(BIG, architectures=archs),
    lambda archs: charts.interactive_tco_chart(BIG, architectures=archs),
    lambda archs: charts.interactive_latency_chart(BIG, architectures=archs),
    lambda archs: charts.interactive_per_query_chart(BIG, architectures=archs),
]


@pytest.mark.parametrize("make", CHARTS_WITH_ARCHITECTURES)
def test_no_architectures_is_a_value_error_naming_the_argument(make):
    with pytest.raises(ValueError, match="architectures"):
        make([])


@pytest.mark.parametrize("step", [0, 1e-12, -0.1, float("nan"), 20.0])
def test_slider_steps_are_checked(step):
    started = time.perf_counter()
    with pytest.raises(ValueError, match=r"step must be a number from .* 2,000 positions"):
        charts.interactive_tco_chart(BIG, "gpu_usd_per_hour", 1.0, 10.0, step)
    assert time.perf_counter() - started < 1


def test_the_slider_default_must_be_in_its_range():
    with pytest.raises(ValueError, match="gpu_usd_per_hour's value"):
        charts.interactive_tco_chart(
            BIG, "gpu_usd_per_hour", 5.0, 10.0, 0.1, assumptions=Assumptions(gpu_usd_per_hour=2)
        )


def test_crossover_markers_follow_the_slider():
    s = Scenario(queries_per_month=500_000, corpus_documents=3_000, knowledge_updates_per_month=1 / 3)
    a = Assumptions(finetune_hosting="self_hosted", gpu_usd_per_hour=4.0)  # a slider starts on one of its positions
    spec = charts.interactive_tco_chart(s, "gpu_usd_per_hour", 1.0, 10.0, 0.5, assumptions=a).to_dict()
    rule = layers(spec)[1]
    marks = datasets(spec)[rule["data"]["name"]]
    assert len(marks) == 19  # 1.0, 1.5, ..., 10.0
    for mark in marks[::6]:
        expected = advisor.crossover_volume(s, a.replace(gpu_usd_per_hour=mark["step"]))
        assert mark["volume"] == pytest.approx(expected)


def test_bands_refuse_too_many_draws_quickly():
    started = time.perf_counter()
    with pytest.raises(ValueError, match=r"n must be at most 100,000"):
        series.tco_bands(BIG, n=10**6)
    with pytest.raises(ValueError, match=r"n x volumes must be at most 20,000,000"):
        series.tco_bands(BIG, np.geomspace(1e3, 1e8, 500), n=100_000)
    assert time.perf_counter() - started < 2


def test_bands_computed_in_blocks_equal_the_quantiles_of_the_draws():
    from advisor.core.costs import cost_curve, curve_for
    from advisor.uncertainty import draw_parameters

    v = np.geomspace(1e3, 1e8, 7)
    a = Assumptions(finetune_hosting="self_hosted")
    bands = series.tco_bands(BIG, v, ["rag", "fine_tuning"], n=3_000, seed=4, assumptions=a)
    values, _ = draw_parameters(a, 3_000, 4)
    for arch in ("rag", "fine_tuning"):
        curve = cost_curve(BIG, Architecture(arch), values, curve_for(BIG, arch, a).hosting or "self_hosted")
        totals = np.broadcast_to(curve.total_at(v[:, None], BIG.horizon_months), (v.size, 3_000))
        mine = bands[bands["architecture"] == arch]
        np.testing.assert_allclose(mine["p10"], np.quantile(totals, 0.1, axis=1))
        np.testing.assert_allclose(mine["p90"], np.quantile(totals, 0.9, axis=1))
        assert np.all(mine["p10"] <= mine["p50"]) and np.all(mine["p50"] <= mine["p90"])


def test_charts_per_architecture_say_where_the_fine_tuned_model_runs():
    s = Scenario(queries_per_month=50_000_000, corpus_documents=3_000, knowledge_updates_per_month=1 / 3)
    t = advisor.tco(s, "fine_tuning")
    assert t.hosting == "self_hosted" and t.gpus >= 1
    for chart in (charts.cost_breakdown_chart(s), charts.cumulative_cost_chart(s)):
        assert f"Fine-tuning runs on your own GPUs ({t.gpus} GPUs)" in subtitle(chart.to_dict())
    lat = advisor.latency(s, "hybrid")
    assert f"Hybrid (fine-tuned + RAG) runs {charts.HOSTING_WORDS[lat.hosting]}" in subtitle(
        charts.latency_chart(s).to_dict()
    )
    managed = Assumptions(finetune_hosting="managed")
    spec = charts.cost_breakdown_chart(s, managed).to_dict()
    assert "Fine-tuning runs on the provider's fine-tuned endpoint" in subtitle(spec)
    assert "runs" not in subtitle(charts.cost_breakdown_chart(s, architectures=["rag"]).to_dict())


def test_the_hosting_note_names_each_fine_tuned_model_and_agrees_in_number():
    """One fine-tuned model "runs where it is cheaper"; two "run where each is cheaper", the second in lower case."""
    case = advisor.Scenario(corpus_documents=1_000)
    one = charts.interactive_tco_chart(case).to_dict()["title"]["subtitle"]
    both = charts.interactive_tco_chart(
        case, architectures=(Architecture.RAG, Architecture.FINE_TUNING, Architecture.HYBRID)
    ).to_dict()["title"]["subtitle"]
    assert "Fine-tuning runs where it is cheaper at each volume: on your own GPUs or the provider's endpoint" in one
    assert (
        "Fine-tuning and the hybrid (fine-tuned + RAG) run where each is cheaper at each volume: "
        "on your own GPUs or the provider's endpoint"
    ) in both

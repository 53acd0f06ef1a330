"""The Vega expressions the static charts carry equal the model they were read from, to the cent."""

import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import advisor
from advisor import Architecture, Scenario
from advisor.core.costs import curve_for, step_volumes
from advisor.expressions import Infeasible, latency_expression, tco_expression

# (parameter, slider low, slider high)
SLIDERS = [
    ("gpu_usd_per_hour", 1.0, 10.0),
    ("build_rag_usd", 15_000.0, 60_000.0),
    ("engineer_usd_per_month", 8_000.0, 25_000.0),
    ("managed_input_usd_per_mtok", 0.1, 15.0),
    ("retrain_labour_usd", 0.0, 10_000.0),
    ("min_gpu_replicas", 0.0, 6.0),
]


def evaluate(expression: str, volume: float, **names: float) -> float:
    """Evaluate a Vega expression of the kind advisor writes (numbers, + - * /, <=, ==, min, max, ceil,
    pow, names) in Python, where they mean the same (a comparison counts as 1 or 0 in arithmetic)."""
    python = expression.replace("datum.volume", repr(volume))
    assert re.fullmatch(r"[\w\s.+\-*/(),e<=]*", python), (
        "only arithmetic, comparisons, min, max, ceil and pow may appear"
    )
    assert not re.search(r"[^<=!]=[^=]", python), "no assignment"
    return eval(python, {"__builtins__": {}, "max": max, "min": min, "ceil": math.ceil, "pow": pow}, names)


@settings(max_examples=80, deadline=None)
@given(
    arch=st.sampled_from(list(Architecture)),
    slider=st.sampled_from(SLIDERS),
    position=st.floats(0, 1),
    volume=st.floats(0, 1e9),
    documents=st.integers(0, 50_000),
    updates=st.floats(0, 10),
    hosting=st.sampled_from(["auto", "self_hosted", "managed"]),
    budget=st.sampled_from([None, 400.0, 700.0]),
)
def test_tco_expression_equals_tco(arch, slider, position, volume, documents, updates, hosting, budget):
    name, low, high = slider
    value = low + (high - low) * position
    if name == "min_gpu_replicas":
        value = float(round(value))
    s = Scenario(corpus_documents=documents, knowledge_updates_per_month=updates, latency_budget_ms=budget)
    base = advisor.Assumptions(finetune_hosting=hosting)
    expected = advisor.tco(s.replace(queries_per_month=volume), arch, base.replace(**{name: value}))
    try:
        expression = tco_expression(s, arch, "datum.volume", name, low, high, base)
    except Infeasible as why:  # only an architecture that cannot serve is refused, and it has no cost
        assert why.why == advisor.core.costs.feasibility(
            s, arch, base.replace(**{name: low})
        ) or why.why == advisor.core.costs.feasibility(s, arch, base.replace(**{name: high}))
        return
    assert expected.feasible
    assert abs(evaluate(expression, volume, **{name: value}) - expected.total) < 0.005


@pytest.mark.parametrize("hosting", ["self_hosted", "auto"])
@pytest.mark.parametrize("arch", ["fine_tuning", "hybrid"])
def test_tco_expression_steps_with_whole_gpus(arch, hosting):
    """At a GPU step and just after it the expression jumps by one GPU-month x the horizon, as tco does."""
    s = Scenario(queries_per_month=5e7, corpus_documents=3_000, horizon_months=24)
    base = advisor.Assumptions(finetune_hosting=hosting, gpu_usd_per_hour=4.0)
    self_hosted = base.replace(finetune_hosting="self_hosted")
    steps = step_volumes(s, arch, 1e6, 1e9, self_hosted)
    assert len(steps) >= 3
    expression = tco_expression(s, arch, "datum.volume", "gpu_usd_per_hour", 1.0, 10.0, base)
    one_gpu_month = 4.0 * 730 * 24
    checked_jump = False
    for v in steps[:3] + steps[-2:]:
        after = v * (1 + 1e-9) + 1e-9
        at_v = advisor.tco(s.replace(queries_per_month=v), arch, base)
        past = advisor.tco(s.replace(queries_per_month=after), arch, base)
        assert evaluate(expression, v, gpu_usd_per_hour=4.0) == pytest.approx(at_v.total, abs=0.005)
        assert evaluate(expression, after, gpu_usd_per_hour=4.0) == pytest.approx(past.total, abs=0.005)
        if at_v.hosting == past.hosting == "self_hosted":
            assert past.gpus == at_v.gpus + 1
            jump = evaluate(expression, after, gpu_usd_per_hour=4.0) - evaluate(expression, v, gpu_usd_per_hour=4.0)
            assert jump == pytest.approx(one_gpu_month, abs=0.01)
            checked_jump = True
    assert checked_jump or hosting == "auto"
    assert "ceil(" in expression


def test_auto_hosting_switches_where_tco_does():
    """With hosting "auto" the expression picks the cheaper hosting at each volume: both appear over a range."""
    s = Scenario(queries_per_month=500_000, corpus_documents=3_000, knowledge_updates_per_month=1 / 3)
    expression = tco_expression(s, "fine_tuning", "datum.volume")
    seen = set()
    for v in [1e3, 1e5, 1e6, 1e7, 3e7, 1e8, 1e9, 1e11]:
        t = advisor.tco(s.replace(queries_per_month=v), "fine_tuning")
        seen.add(t.hosting)
        assert abs(evaluate(expression, v) - t.total) < 0.005
    assert seen == {"self_hosted", "managed"}


def test_expression_in_volume_alone():
    s = Scenario(corpus_documents=3_000)
    expression = tco_expression(s, "rag", "pow(10, exponent)")
    for exponent in (3.0, 5.5, 8.0):
        expected = advisor.tco(s.replace(queries_per_month=10**exponent), "rag").total
        assert abs(evaluate(expression, 0, exponent=exponent) - expected) < 0.005


def test_an_architecture_that_cannot_serve_is_refused_with_the_reason():
    s = Scenario(corpus_documents=50_000)
    why = advisor.core.costs.feasibility(s, "prompting")
    assert why
    with pytest.raises(Infeasible, match="Prompting only cannot serve") as raised:
        tco_expression(s, "prompting")
    assert raised.value.why == why and isinstance(raised.value, ValueError)
    with pytest.raises(Infeasible):
        latency_expression(s, "prompting", "retrieval_latency_ms", 0, 400)


def test_infeasible_at_one_end_of_the_slider_is_refused():
    """A corpus that fits at a 75% fill but not at 10%: a slider over the fill fraction would reach an unpriced point."""
    s = Scenario(corpus_documents=200, tokens_per_document=1_000)
    assert advisor.core.costs.feasibility(s, "prompting") == ""
    assert advisor.core.costs.feasibility(s, "prompting", advisor.Assumptions(max_context_fill_fraction=0.1)) != ""
    with pytest.raises(Infeasible, match="max_context_fill_fraction = 0.1"):
        tco_expression(s, "prompting", "datum.volume", "max_context_fill_fraction", 0.1, 0.9)


@pytest.mark.parametrize("parameter", ["target_gpu_utilization", "chunk_tokens"])
def test_a_parameter_the_costs_are_not_affine_in_is_refused(parameter):
    low, high = advisor.Assumptions().range_of(parameter)
    with pytest.raises(ValueError, match="not affine"):
        tco_expression(
            Scenario(queries_per_month=1e8, corpus_documents=500_000), "hybrid", "datum.volume", parameter, low, high
        )


def test_slider_range_is_checked():
    with pytest.raises(ValueError, match="cache_hit_rate"):
        tco_expression(Scenario(), "rag", "datum.volume", "cache_hit_rate", 0.5, 1.5)
    with pytest.raises(ValueError, match="low < high"):
        tco_expression(Scenario(), "rag", "datum.volume", "gpu_usd_per_hour", 5, 5)


@pytest.mark.parametrize("arch", list(Architecture))
def test_latency_expression_equals_latency(arch):
    s = Scenario(corpus_documents=20)
    expression = latency_expression(s, arch, "retrieval_latency_ms", 0, 400)
    for ms in (0.0, 55.0, 390.0):
        expected = advisor.latency(s, arch, advisor.Assumptions(retrieval_latency_ms=ms)).total_ms
        assert evaluate(expression, 0, retrieval_latency_ms=ms) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("hosting", ["self_hosted", "auto"])
@pytest.mark.parametrize("volume", [3e5, 3e7, 2e8])
@pytest.mark.parametrize("arch", ["fine_tuning", "hybrid"])
def test_latency_expression_includes_the_queue(arch, volume, hosting):
    """The number of GPUs kept running changes the self-hosted queue (u / (1 - u) service times): the
    expression follows latency() at every slider position, queueing and hosting choice included."""
    s = Scenario(queries_per_month=volume, corpus_documents=3_000, latency_budget_ms=600)
    base = advisor.Assumptions(finetune_hosting=hosting)
    expression = latency_expression(s, arch, "min_gpu_replicas", 0, 6, base)
    queues = []
    for replicas in range(7):
        lat = advisor.latency(s, arch, base.replace(min_gpu_replicas=replicas))
        queues.append(lat.parts_ms["queueing"])
        assert evaluate(expression, 0, min_gpu_replicas=float(replicas)) == pytest.approx(lat.total_ms, rel=1e-9)
    if hosting == "self_hosted" and volume == 3e5:
        assert queues[0] > queues[6] > 0  # more GPUs kept running: each less busy, a shorter wait


def test_queueing_is_hand_checkable():
    """One self-hosted GPU at a known utilisation: the wait is u / (1 - u) x the prefill time."""
    s = Scenario(queries_per_month=3e5, corpus_documents=0)
    a = advisor.Assumptions(finetune_hosting="self_hosted", min_gpu_replicas=1)
    lat = advisor.latency(s, "fine_tuning", a)
    p = a.numbers()
    tokens = p["finetuned_prompt_tokens"] + p["question_tokens"]
    busy = (
        3e5
        * p["peak_to_average_load"]
        * (tokens / p["prefill_tokens_per_gpu_second"] + p["output_tokens"] / p["decode_tokens_per_gpu_second"])
        / (730 * 3600)
    )
    gpus = curve_for(s, "fine_tuning", a).gpus_at(3e5)
    u = busy / gpus
    prefill = p["selfhosted_prefill_ms_per_1k_tokens"] * tokens / 1000
    assert lat.parts_ms["queueing"] == pytest.approx(u / (1 - u) * prefill)
    expression = latency_expression(s, "fine_tuning", "retrieval_latency_ms", 0, 400, a)
    assert evaluate(expression, 0, retrieval_latency_ms=120.0) == pytest.approx(lat.total_ms, rel=1e-12)


def _in_vega(expression: str, rows: list[dict]) -> list[float]:
    """Evaluate ``expression`` in Vega itself (vl-convert's engine), one value per row, read off the drawn text."""
    vl_convert = pytest.importorskip("vl_convert")
    import altair as alt
    import pandas as pd

    chart = (
        alt.Chart(pd.DataFrame(rows))
        .transform_calculate(out=expression)
        .transform_calculate(txt="format(datum.out, '.17g')")
        .mark_text()
        .encode(y=alt.Y("i:O", axis=None), text="txt:N")
    )
    svg = vl_convert.vegalite_to_svg(chart.to_dict(), vl_version=alt.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0])
    by_row = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    return [float(t) for t in by_row]


@pytest.mark.parametrize("hosting", ["self_hosted", "auto"])
def test_vega_computes_what_python_computes(hosting):
    """ceil, max, min and comparisons used as 0/1 mean the same in Vega: the browser's totals equal tco's."""
    s = Scenario(
        queries_per_month=500_000, corpus_documents=3_000, knowledge_updates_per_month=1 / 3, latency_budget_ms=600
    )
    a = advisor.Assumptions(finetune_hosting=hosting, gpu_usd_per_hour=4.0)
    steps = step_volumes(s, "hybrid", 1e6, 1e9, a.replace(finetune_hosting="self_hosted"))[:3]
    volumes = [0.0, 1e4, 5e5] + [x for v in steps for x in (v, v * (1 + 1e-9) + 1e-9)] + [1e9, 1e12]
    rows = [{"i": i, "volume": v, "price": 1.0 + i % 9} for i, v in enumerate(volumes)]
    expression = re.sub(
        r"\bgpu_usd_per_hour\b",
        "datum.price",
        tco_expression(s, "hybrid", "datum.volume", "gpu_usd_per_hour", 1, 10, a),
    )
    for row, got in zip(rows, _in_vega(expression, rows), strict=True):
        want = advisor.tco(
            s.replace(queries_per_month=row["volume"]), "hybrid", a.replace(gpu_usd_per_hour=row["price"])
        )
        assert abs(got - want.total) < 0.005
    rows = [{"i": r, "replicas": float(r)} for r in range(7)]
    expression = re.sub(
        r"\bmin_gpu_replicas\b", "datum.replicas", latency_expression(s, "fine_tuning", "min_gpu_replicas", 0, 6, a)
    )
    for row, got in zip(rows, _in_vega(expression, rows), strict=True):
        want = advisor.latency(s, "fine_tuning", a.replace(min_gpu_replicas=row["i"])).total_ms
        assert got == pytest.approx(want, rel=1e-9)

"""The Vega expressions the static charts carry equal the model they were read from, to the cent."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import advisor
from advisor import Architecture, Scenario
from advisor.expressions import latency_expression, tco_expression

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
    """Evaluate a Vega expression of the kind advisor writes (numbers, + - * /, max, pow, names) in Python."""
    python = expression.replace("datum.volume", repr(volume))
    assert re.fullmatch(r"[\w\s.+\-*/(),e]*", python), "only arithmetic, max and pow may appear"
    return eval(python, {"__builtins__": {}, "max": max, "pow": pow}, names)


@settings(max_examples=60, deadline=None)
@given(
    arch=st.sampled_from(list(Architecture)),
    slider=st.sampled_from(SLIDERS),
    position=st.floats(0, 1),
    volume=st.floats(0, 1e9),
    documents=st.integers(0, 50_000),
    updates=st.floats(0, 10),
    hosting=st.sampled_from(["self_hosted", "managed"]),
)
def test_tco_expression_equals_tco(arch, slider, position, volume, documents, updates, hosting):
    name, low, high = slider
    value = low + (high - low) * position
    if name == "min_gpu_replicas":
        value = float(round(value))
    s = Scenario(corpus_documents=documents, knowledge_updates_per_month=updates)
    base = advisor.Assumptions(finetune_hosting=hosting)
    expression = tco_expression(s, arch, "datum.volume", name, low, high, base)
    expected = advisor.tco(s.replace(queries_per_month=volume), arch, base.replace(**{name: value})).total
    assert abs(evaluate(expression, volume, **{name: value}) - expected) < 0.005


def test_expression_in_volume_alone():
    s = Scenario(corpus_documents=3_000)
    expression = tco_expression(s, "rag", "pow(10, exponent)")
    for exponent in (3.0, 5.5, 8.0):
        expected = advisor.tco(s.replace(queries_per_month=10 ** exponent), "rag").total
        assert abs(evaluate(expression, 0, exponent=exponent) - expected) < 0.005


@pytest.mark.parametrize("parameter", ["target_gpu_utilization", "chunk_tokens"])
def test_a_parameter_the_costs_are_not_affine_in_is_refused(parameter):
    low, high = advisor.Assumptions().range_of(parameter)
    with pytest.raises(ValueError, match="not affine"):
        tco_expression(Scenario(queries_per_month=1e8, corpus_documents=500_000), "hybrid", "datum.volume", parameter, low, high)


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

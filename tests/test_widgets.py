"""Calculators tested as a reader uses them: set a control, read what is shown."""

import base64
import html
import json
import re

import pytest

import advisor
from advisor import Architecture, Scenario, widgets
from advisor.core.formatting import count

CALCULATORS = [
    widgets.architectures_calculator,
    widgets.freshness_calculator,
    widgets.corpus_calculator,
    widgets.behavior_calculator,
    widgets.volume_calculator,
    widgets.latency_calculator,
    widgets.cost_calculator,
    widgets.crossover_calculator,
    widgets.hybrid_calculator,
    widgets.prompting_calculator,
    widgets.decision_calculator,
]


@pytest.mark.parametrize("make", CALCULATORS, ids=lambda f: f.__name__)
def test_every_calculator_shows_its_default_result(make):
    calc = make()
    assert calc.error is None
    assert calc.summary.value.strip()
    assert calc.chart.to_dict()["title"]
    # thin adapter: every control is a Scenario or Assumptions field
    assert set(calc.controls) <= widgets.SCENARIO_FIELDS | widgets.ASSUMPTION_FIELDS


def test_crossover_calculator_follows_the_gpu_price():
    calc = widgets.crossover_calculator()
    s = calc.base_scenario
    assert count(advisor.crossover_volume(s)) in calc.summary.value
    calc.set(gpu_usd_per_hour=6.88)
    expected = advisor.crossover_volume(s, advisor.Assumptions(gpu_usd_per_hour=6.88))
    assert calc.result.volume == pytest.approx(expected)
    assert count(expected) in calc.summary.value
    rule = next(layer for layer in calc.chart.to_dict()["layer"] if layer["mark"]["type"] == "rule")
    assert rule["data"]["name"] == "crossover"  # the chart's first marker reads the named dataset the page swaps
    assert rule["data"]["values"][0]["volume"] == pytest.approx(expected)
    assert calc.records["crossover"][0]["volume"] == pytest.approx(expected)


def test_crossover_calculator_with_a_managed_endpoint():
    calc = widgets.crossover_calculator().set(finetune_hosting="managed")
    assert calc.result.volume == pytest.approx(
        advisor.crossover_volume(calc.base_scenario, advisor.Assumptions(finetune_hosting="managed"))
    )


def test_volume_calculator_moves_the_finding():
    calc = widgets.volume_calculator()
    calc.set(queries_per_month=3_000_000)
    r = advisor.recommend(calc.base_scenario.replace(queries_per_month=3_000_000))
    assert r.finding("query_volume").points_to == "fine-tuning"
    assert "fine-tuning" in calc.summary.value
    assert calc.result.architecture is r.architecture


def test_a_bad_typed_value_shows_a_message_and_the_calculator_recovers():
    calc = widgets.latency_calculator()
    calc.set(latency_budget_ms=-5)
    assert calc.error and "latency_budget_ms" in calc.error
    assert "Cannot compute this" in calc.summary.value and calc.chart is None
    calc.set(latency_budget_ms=500)
    assert calc.error is None
    assert calc.result.scenario.latency_budget_ms == 500
    calc.set(latency_budget_ms=0)  # 0 in this box means no hard limit
    assert calc.result.scenario.latency_budget_ms is None


def test_corpus_calculator_reports_impossible_sizes():
    calc = widgets.corpus_calculator()
    calc.set(tokens_per_document=0)
    assert "tokens_per_document" in calc.error
    calc.set(tokens_per_document=500, corpus_documents=100)
    assert calc.error is None and calc.result.scenario.corpus_tokens == 50_000


def test_behavior_picker_sets_the_needs():
    calc = widgets.behavior_calculator()
    calc.set(behavior_needs=())
    assert calc.result.architecture is Architecture.PROMPTING
    calc.set(behavior_needs=("brand_voice", "workflow"))
    assert calc.result.scenario.behavior_needs == ("brand_voice", "workflow")
    assert calc.result.architecture is Architecture.FINE_TUNING


def test_model_picker_reprices():
    calc = widgets.prompting_calculator()
    calc.set(managed_model="openai/gpt-4o-mini")
    assert calc.result.assumptions.managed_input_usd_per_mtok == 0.15


def test_decision_calculator_escapes_the_name_and_offers_the_brief():
    calc = widgets.decision_calculator()
    calc.set(name="<script>alert(1)</script>")
    assert "<script>" not in calc.summary.value
    link = re.search(r'href="data:text/markdown;base64,([^"]+)"', calc.summary.value).group(1)
    brief = base64.b64decode(link).decode("utf-8")
    assert brief == calc.result.brief
    assert brief.startswith("# Decision brief: &lt;script&gt;")


def test_unknown_controls_are_an_error_not_ignored():
    with pytest.raises(ValueError, match="no_such_field"):
        widgets.split_values({"no_such_field": 1}, Scenario(), advisor.Assumptions())


def test_static_book_gets_a_card_with_the_result_and_no_widgets(monkeypatch):
    from ipywidgets.widgets.widget import _instances as live_widgets

    monkeypatch.setenv("ADVISOR_STATIC_HTML", "1")
    before = len(live_widgets)
    calc = widgets.crossover_calculator()
    card = calc._repr_mimebundle_()["text/html"]
    assert len(live_widgets) == before  # no widget state for the page to carry
    # how to run it live is said once, in "How to use this book"; the card offers the model in the browser
    assert "Binder" not in card and 'href="how-to-use.html#calculators"' in card
    assert '<button type="button" class="advisor-own-numbers">Use your own numbers</button>' in card
    assert (
        'data-calculator="crossover"' in card
        and 'data-datasets="tco_by_volume crossover volume crossover_range"' in card
    )
    # the form is generated from the declarations, inside a template: no input on the page before the click
    template = re.search(r'<template class="advisor-calc-template">(.*?)</template>', card, re.S).group(1)
    assert 'data-field="gpu_usd_per_hour"' in template and 'id="advisor-crossover-input-gpu_usd_per_hour"' in template
    assert "<input" not in card.replace(template, "")
    assert "GPU price (USD per GPU-hour)" in card and f"<b>{advisor.Assumptions().gpu_usd_per_hour:.3g}</b>" in card
    assert count(advisor.crossover_volume(calc.base_scenario)) in card
    assert 'class="advisor-chart"' in card and "vegaEmbed" in card


def test_live_kernel_gets_the_widget(monkeypatch):
    monkeypatch.delenv("ADVISOR_STATIC_HTML", raising=False)
    bundle = widgets.volume_calculator()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_a_callers_scenario_is_never_clamped_to_a_slider():
    calc = widgets.architectures_calculator(Scenario(horizon_months=120, queries_per_month=0, corpus_documents=100))
    assert calc.values()["horizon_months"] == 120 and calc.values()["queries_per_month"] == 0
    assert calc.error is None
    for t in calc.result.values():
        assert t.horizon_months == 120 and t.queries_per_month == 0
    assert "Total over 120 months" in calc.summary.value
    big = widgets.freshness_calculator(Scenario(knowledge_updates_per_month=500, corpus_documents=100))
    assert big.values()["knowledge_updates_per_month"] == 500
    assert big.result.scenario.knowledge_updates_per_month == 500


def test_sliders_span_the_scenarios_range():
    calc = widgets.decision_calculator()
    volume, horizon = calc.controls["queries_per_month"], calc.controls["horizon_months"]
    assert (volume.base**volume.min, volume.base**volume.max) == (1, 1e12)
    assert (horizon.min, horizon.max) == (1, 120)
    calc.set(queries_per_month=5e11, horizon_months=120)
    assert calc.error is None and calc.result.recommendation.scenario.queries_per_month == pytest.approx(5e11)


def test_set_refuses_a_value_a_control_would_clamp():
    calc = widgets.cost_calculator()
    before = calc.values()["horizon_months"]
    with pytest.raises(ValueError, match=r"horizon_months: this control cannot hold 500 .*1 to 120"):
        calc.set(horizon_months=500)
    assert calc.values()["horizon_months"] == before
    with pytest.raises(ValueError, match="finetune_hosting"):
        widgets.volume_calculator().set(finetune_hosting="on_the_moon")


def test_an_unknown_control_is_a_value_error_listing_the_controls():
    calc = widgets.latency_calculator()
    with pytest.raises(
        ValueError, match=r"'bogus': no such control .*latency_budget_ms, retrieval_latency_ms, reranker_latency_ms"
    ):
        calc.set(bogus=1)


def test_static_mode_reports_a_bad_value_instead_of_raising(monkeypatch):
    monkeypatch.setenv("ADVISOR_STATIC_HTML", "1")
    calc = widgets.behavior_calculator()
    assert calc.error is None
    calc.set(behavior_needs=None)  # a static control holds anything; the scenario says what is wrong
    assert calc.error and "behavior_needs" in calc.error
    assert "Cannot compute this" in calc.summary.value and calc.chart is None
    calc.set(behavior_needs=("brand_voice",))  # and recomputes, with no kernel listening
    assert calc.error is None and calc.result.scenario.behavior_needs == ("brand_voice",)
    calc.update()
    assert calc.error is None


def test_hosting_picker_offers_auto_and_both_hostings():
    picker = widgets.control_widget("finetune_hosting")
    assert [v for _, v in picker.options] == ["auto", "self_hosted", "managed"]
    assert picker.value == advisor.Assumptions().finetune_hosting == "auto"
    calc = widgets.crossover_calculator()
    for hosting in ("self_hosted", "managed", "auto"):
        calc.set(finetune_hosting=hosting)
        assert calc.result.volume == pytest.approx(
            advisor.crossover_volume(calc.base_scenario, advisor.Assumptions(finetune_hosting=hosting))
        )


@pytest.mark.parametrize(
    "make",
    [widgets.behavior_calculator, widgets.hybrid_calculator, widgets.decision_calculator],
    ids=lambda f: f.__name__,
)
def test_structured_outputs_box_sits_with_the_behavior_needs(make):
    calc = make()
    names = list(calc.controls)
    assert names.index("structured_outputs") == names.index("behavior_needs") + 1
    assert calc.controls["structured_outputs"].value is True


def test_structured_outputs_decides_whether_a_schema_needs_fine_tuning():
    calc = widgets.behavior_calculator().set(behavior_needs=("json_schema",))
    for enforced in (True, False):
        calc.set(structured_outputs=enforced)
        s = calc.base_scenario.replace(behavior_needs=("json_schema",), structured_outputs=enforced)
        assert calc.result.scenario.structured_outputs is enforced
        assert calc.result.architecture is advisor.recommend(s).architecture
    assert calc.result.architecture is Architecture.FINE_TUNING  # the schema is not enforced: fine-tune
    calc.set(structured_outputs=True)
    assert calc.result.architecture is not Architecture.FINE_TUNING


def test_calculators_name_what_cannot_serve_and_do_not_price_it():
    calc = widgets.volume_calculator()  # 3,000 documents: 3M tokens, more than a prompt holds
    why = advisor.core.costs.feasibility(calc.base_scenario, "prompting")
    assert why
    row = re.search(r"<tr><td[^>]*>Prompting only</td>(.*?)</tr>", calc.summary.value).group(1)
    assert "cannot serve: The corpus (3M tokens) does not fit" in row and "$" not in row
    assert "Prompting only" not in json.dumps(calc.records)
    decision = widgets.decision_calculator()
    why = advisor.core.costs.feasibility(decision.base_scenario, "prompting")
    assert why and f"Prompting only: cannot serve: {html.escape(why)}" in decision.summary.value


def test_cost_tables_say_where_the_fine_tuned_model_runs():
    calc = widgets.cost_calculator()
    t = calc.result[Architecture.FINE_TUNING]
    label = "managed endpoint" if t.hosting == "managed" else f"self-hosted, {count(t.gpus)} GPU"
    assert f"Fine-tuning ({label}" in calc.summary.value
    arch = widgets.architectures_calculator(Scenario(queries_per_month=5e7, corpus_documents=3_000))
    tuned = arch.result[Architecture.FINE_TUNING]
    assert tuned.hosting == "self_hosted"
    assert f"Fine-tuning (self-hosted, {tuned.gpus} GPUs)" in arch.summary.value


def test_every_calculator_control_is_declared_once_with_its_label_and_range():
    """Controls are data: each calculator control comes from advisor.core.controls, as the static form does."""
    from advisor.core.controls import CONTROLS

    builders = [
        widgets.architectures_calculator,
        widgets.freshness_calculator,
        widgets.corpus_calculator,
        widgets.behavior_calculator,
        widgets.volume_calculator,
        widgets.latency_calculator,
        widgets.cost_calculator,
        widgets.crossover_calculator,
        widgets.hybrid_calculator,
        widgets.prompting_calculator,
        widgets.decision_calculator,
    ]
    for build in builders:
        calc = build()
        for name, control in calc.controls.items():
            assert name in CONTROLS, (build.__name__, name)
            spec = CONTROLS[name]
            assert control.description.startswith(spec.label), (name, control.description)
            if hasattr(control, "max") and not hasattr(control, "base"):
                assert (control.min, control.max) == (spec.low, spec.high), name

"""The chapter calculators declared once (advisor.core.calculators): Jupyter, the static card and the
reader's browser show the same summary and draw the same named datasets; every control moves something."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from advisor import Scenario, calculator_charts, evaluation_widgets, widgets
from advisor.core import calculators
from advisor.core.case import to_fragment

ROOT = Path(__file__).resolve().parents[1]
KEYS = list(calculators.CALCULATORS)
BUILDERS = {
    "architectures": widgets.architectures_calculator,
    "freshness": widgets.freshness_calculator,
    "corpus": widgets.corpus_calculator,
    "behavior": widgets.behavior_calculator,
    "volume": widgets.volume_calculator,
    "latency": widgets.latency_calculator,
    "cost": widgets.cost_calculator,
    "crossover": widgets.crossover_calculator,
    "hybrid": widgets.hybrid_calculator,
    "prompting": widgets.prompting_calculator,
    "decision": lambda s=None: widgets.decision_calculator(s, draws=300),
    "evaluation": evaluation_widgets.evaluation_calculator,
}
DRAWS = {"decision": 300}
# two values a reader might pick for each control: the first that differs from the calculator's is used
OTHER = {
    "queries_per_month": [3_000_000, 20_000],
    "corpus_documents": [20_000, 2_000],
    "horizon_months": [60, 12],
    "knowledge_updates_per_month": [8, 0.5],
    "retrain_labour_usd": [6_000, 100],
    "tokens_per_document": [3_000, 300],
    "managed_model": ["openai/gpt-4o-mini", "openai/gpt-4.1"],
    "behavior_needs": [["brand_voice", "workflow"], []],
    "structured_outputs": [False, True],
    "finetune_hosting": ["self_hosted", "managed"],
    "latency_budget_ms": [300, 2_000],
    "retrieval_latency_ms": [400, 20],
    "reranker_latency_ms": [250, 10],
    "gpu_usd_per_hour": [9, 1],
    "min_gpu_replicas": [4, 0],
    "cache_hit_rate": [0.9, 0.1],
    "name": ["Support bot", "Contracts"],
    "error_cost_usd": [2, 0.05],
    "accuracy_rag": [0.9, 0.75],
    "accuracy_fine_tuning": [0.88, 0.75],
    "accuracy_hybrid": [0.92, 0.75],
    "eval_correctness_correlation": [0.2, 0.8],
    "eval_golden_set_size": [500, 2_000],
}


def test_every_calculator_is_declared_with_controls_from_the_declarations():
    assert set(KEYS) == set(BUILDERS) == set(calculator_charts.CHARTS)
    for key, spec in calculators.CALCULATORS.items():
        for name in spec.controls:
            calculators.control_of(name)  # declared, with its label and range
        out = calculators.run(key, "", draws=DRAWS.get(key))
        assert out["ok"], (key, out)
        assert tuple(out["records"]) == spec.datasets, key  # the chart reads exactly these datasets


def _other(name: str, current: object) -> object:
    current = list(current) if isinstance(current, tuple) else current
    return next(v for v in OTHER[name] if v != current)


@pytest.mark.parametrize("key", KEYS)
def test_run_in_cpython_shows_what_the_widget_shows(key):
    """Same summary HTML, same chart datasets, for the chapter's default inputs and after a change."""
    calc = BUILDERS[key]()
    name = calc.spec.controls[-1]
    for step in range(2):
        out = calculators.run(key, calc.fragment(), draws=DRAWS.get(key))
        assert out["ok"] and calc.error is None
        assert out["html"] == calc.summary.value
        assert json.loads(json.dumps(out["records"])) == json.loads(json.dumps(calc.records))
        # the widget's chart is drawn from those very datasets
        spec = json.dumps(calc.chart.to_dict())
        for dataset in calc.records:
            assert f'"name": "{dataset}"' in spec, (key, dataset)
        assert calculator_charts.chart(key, out["records"]).to_dict() == calc.chart.to_dict()
        if step == 0:
            calc.set(**{name: _other(name, calc.values()[name])})


def test_a_chapters_own_scenario_reaches_the_page_through_the_fragment():
    calc = widgets.volume_calculator(Scenario(queries_per_month=42_000, corpus_documents=10))
    out = calculators.run("volume", calc.fragment())
    assert out["html"] == calc.summary.value and out["records"]["volume"][0]["volume"] == 42_000


@pytest.mark.parametrize("key", KEYS)
def test_every_control_moves_the_result_and_the_chart(key):
    spec = calculators.CALCULATORS[key]
    base = calculators.run(key, "", draws=DRAWS.get(key))
    s, a = calculators.case_of(key, "")
    for name in spec.controls:
        current = getattr(s if calculators.control_of(name).target == "scenario" else a, name)
        moved = calculators.run(key, to_fragment({name: _other(name, current)}), draws=DRAWS.get(key))
        assert moved["ok"], (key, name, moved)
        assert moved["html"] != base["html"], (key, name)
        if name in calculators.idle_fields(moved["html"]):  # the result says why the chart cannot move with it here
            continue
        if name != "name":  # a project's name is the brief's title: nothing a chart could draw
            assert moved["records"] != base["records"], (key, name)


@pytest.mark.parametrize("key", ["behavior", "hybrid", "volume"])
def test_the_volume_moves_text_and_chart_between_1k_and_10m(key):
    low, high = (calculators.run(key, f"queries_per_month={v}") for v in (1_000, 10_000_000))
    assert low["html"] != high["html"] and low["records"] != high["records"]
    assert high["records"].get("volume", [{}])[0].get("volume", 10_000_000) == 10_000_000


def test_the_update_rate_moves_the_freshness_chart():
    low, high = (calculators.run("freshness", f"knowledge_updates_per_month={v}") for v in (0.5, 12))
    assert low["records"]["yours"] != high["records"]["yours"] and high["records"]["yours"][0]["rate"] == 12
    rates = {row["rate"] for row in high["records"]["by_rate"]}
    assert 12 in rates


@pytest.mark.parametrize(
    ("key", "fragment", "field"),
    [
        ("volume", "queries_per_month=-1&managed_model=openai/gpt-4o-mini", "queries_per_month"),
        ("latency", "latency_budget_ms=-5", "latency_budget_ms"),
        ("corpus", "tokens_per_document=0", "tokens_per_document"),
        ("crossover", "gpu_usd_per_hour=lots", "gpu_usd_per_hour"),
        ("freshness", "retrain_labour_usd=-1", "retrain_labour_usd"),
    ],
)
def test_bad_input_gives_the_fields_message(key, fragment, field):
    out = calculators.run(key, fragment)
    assert out["ok"] is False and out["error"].startswith(field), out
    json.loads(calculators.run_json(key, fragment))  # and the page can read it
    # the widget refuses it too, naming the same field (a slider refuses a value outside its range)
    calc = BUILDERS[key]()
    value = fragment.split("&")[0].split("=", 1)[1]
    if value != "lots":
        try:
            calc.set(**{field: float(value)})
            message = calc.error
        except ValueError as error:
            message = str(error)
        assert message is not None and message.startswith(field)


def test_an_unknown_calculator_is_named():
    with pytest.raises(ValueError, match="no calculator 'nope'"):
        calculators.run("nope")


BLOCKED = r"""
import json, sys
sys.modules["numpy"] = None
sys.modules["pandas"] = None
sys.modules["altair"] = None
from advisor.core import calculators
out = {key: json.loads(calculators.run_json(key, "queries_per_month=750000", draws=150)) for key in calculators.CALCULATORS}
out["loaded"] = sorted(m for m in ("numpy", "pandas", "altair", "ipywidgets") if sys.modules.get(m) is not None)
print(json.dumps(out))
"""


def test_the_core_runs_with_numpy_and_pandas_blocked():
    done = subprocess.run(
        [sys.executable, "-c", BLOCKED], capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT)}
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out.pop("loaded") == []
    for key, blocked in out.items():
        assert blocked == json.loads(calculators.run_json(key, "queries_per_month=750000", draws=150)), key

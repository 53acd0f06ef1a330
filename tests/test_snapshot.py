"""Every sentence the recommendation writes, for cases that cover its branches, compared with a reviewed
snapshot (tests/data/recommendations.json). A change of wording fails here on purpose: read the diff, and
when it is intended, rewrite the snapshot with ``ADVISOR_UPDATE_SNAPSHOT=1 pytest tests/test_snapshot.py``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from advisor import Assumptions, Scenario, recommend

SNAPSHOT = Path(__file__).parent / "data" / "recommendations.json"

CASES = {
    "issue": (dict(queries_per_month=300_000, corpus_documents=8_000, behavior_needs=["json_schema"]), {}),
    "no schema enforcement": (
        dict(
            queries_per_month=300_000, corpus_documents=8_000, behavior_needs=["json_schema"], structured_outputs=False
        ),
        {},
    ),
    "nothing": (dict(queries_per_month=1_000, corpus_documents=0), {}),
    "no corpus, high volume": (dict(queries_per_month=50_000_000, corpus_documents=0), {}),
    "small corpus in the prompt": (dict(queries_per_month=10_000, corpus_documents=50), {}),
    "fresh": (dict(queries_per_month=50_000, knowledge_updates_per_month=8, corpus_documents=2_000), {}),
    "voice and a large corpus": (
        dict(queries_per_month=300_000, corpus_documents=8_000, behavior_needs=["brand_voice"]),
        {},
    ),
    "tight budget": (dict(queries_per_month=2_000_000, corpus_documents=100, latency_budget_ms=50), {}),
    "budget nobody meets": (dict(queries_per_month=1_000, corpus_documents=0, latency_budget_ms=1), {}),
    "generous budget": (dict(queries_per_month=100_000, corpus_documents=3_000, latency_budget_ms=2_000), {}),
    "fine-tuning for a corpus": (
        dict(queries_per_month=100_000_000, corpus_documents=2_000, knowledge_updates_per_month=0),
        {},
    ),
    "deadline": (
        dict(queries_per_month=100_000, corpus_documents=3_000, deadline_weeks=2, knowledge_updates_per_month=0),
        {},
    ),
    "quality decides": (
        dict(queries_per_month=100_000, corpus_documents=100, error_cost_usd=1.0),
        dict(accuracy_rag=0.6),
    ),
    "risks": (
        dict(
            queries_per_month=500_000,
            corpus_documents=1_000,
            data_residency="region",
            base_model_retires_in_months=6,
            mlops_in_house=False,
            provider_moves=1,
        ),
        {},
    ),
    "on premises": (dict(queries_per_month=500_000, corpus_documents=1_000, data_residency="on_premises"), {}),
}


def words(scenario: dict, assumptions: dict) -> dict:
    r = recommend(Scenario(**scenario), Assumptions(**assumptions))
    return {
        "architecture": r.architecture.value,
        "summary": r.summary,
        "findings": {
            f.factor.value: [f.points_to, [a.value for a in f.favors], [a.value for a in f.rules_out], f.explanation]
            for f in r.findings
        },
        "ruled_out": {a.value: why for a, why in r.ruled_out.items()},
        "conflicts": list(r.conflicts),
        "what_would_change": list(r.what_would_change),
        "crossover": None if r.crossover is None else round(r.crossover),
        "cheaper_below": None if r.cheaper_below is None else r.cheaper_below.value,
        "hosting": r.hosting,
        "pilot": repr(r.pilot),
        "quality": {a.value: repr(q) for a, q in r.quality.items()},
        "weeks_to_production": {a.value: list(w) for a, w in r.weeks_to_production.items()},
    }


def test_every_sentence_matches_the_snapshot():
    got = {name: words(*case) for name, case in CASES.items()}
    if os.environ.get("ADVISOR_UPDATE_SNAPSHOT"):
        SNAPSHOT.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    for name in CASES:
        assert got[name] == expected[name], name


@pytest.mark.parametrize("name", CASES)
def test_each_case_recommends_what_its_rules_say(name):
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))[name]["architecture"]
    assert words(*CASES[name])["architecture"] == expected

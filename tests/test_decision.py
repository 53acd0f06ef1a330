"""One test per rule of the seed, plus conflicts and what would change the answer."""

import pytest

import advisor
from advisor import Architecture, Factor, Scenario, recommend

FACTORS = [f.value for f in Factor]


def test_every_factor_gets_a_finding(issue_example):
    r = recommend(issue_example)
    assert [f.factor.value for f in r.findings] == FACTORS
    for finding in r.findings:
        assert finding.explanation.strip() and finding.points_to.strip()


def test_issue_example_is_a_hybrid(issue_example):
    r = recommend(issue_example)
    assert r.architecture is Architecture.HYBRID
    assert "8,000 documents" in r.finding("corpus_size").explanation
    assert "json_schema" in r.finding("behaviour").explanation


# --- the seed's rules ---------------------------------------------------------------------


def test_weekly_updates_need_retrieval():
    r = recommend(Scenario(queries_per_month=100_000, knowledge_updates_per_month=52 / 12, corpus_documents=2_000))
    assert r.architecture in (Architecture.RAG, Architecture.HYBRID)
    finding = r.finding(Factor.KNOWLEDGE_FRESHNESS)
    assert finding.points_to == "retrieval" and Architecture.FINE_TUNING in finding.rules_out
    assert Architecture.FINE_TUNING in r.ruled_out


def test_monthly_updates_leave_fine_tuning_open():
    r = recommend(Scenario(queries_per_month=100_000, knowledge_updates_per_month=1, corpus_documents=2_000))
    assert Architecture.FINE_TUNING not in r.ruled_out
    assert r.finding(Factor.KNOWLEDGE_FRESHNESS).rules_out == ()


def test_a_large_corpus_needs_retrieval():
    r = recommend(Scenario(queries_per_month=5_000_000, knowledge_updates_per_month=0, corpus_documents=50_000))
    assert r.architecture in (Architecture.RAG, Architecture.HYBRID)
    assert r.finding(Factor.CORPUS_SIZE).points_to == "retrieval"


def test_a_corpus_beyond_the_context_window_rules_out_prompting():
    # 500 documents is few, but 500k tokens do not fit in gpt-4o's 128k window
    r = recommend(Scenario(queries_per_month=10_000, corpus_documents=500))
    assert Architecture.PROMPTING in r.ruled_out
    assert "does not fit" in r.ruled_out[Architecture.PROMPTING]


def test_a_bigger_window_lets_the_same_corpus_be_prompted():
    r = recommend(Scenario(queries_per_month=1_000, corpus_documents=500),
                  advisor.Assumptions(managed_model="openai/gpt-4.1"))
    assert Architecture.PROMPTING not in r.ruled_out


def test_behaviour_needs_fine_tuning():
    r = recommend(Scenario(queries_per_month=50_000, behavior_needs=["brand_voice"]))
    assert r.architecture is Architecture.FINE_TUNING
    assert r.finding(Factor.BEHAVIOUR).points_to == "fine-tuning"
    assert {Architecture.PROMPTING, Architecture.RAG} <= set(r.ruled_out)


def test_behaviour_and_fresh_knowledge_mean_hybrid():
    r = recommend(Scenario(queries_per_month=50_000, knowledge_updates_per_month=30, corpus_documents=1_000,
                           behavior_needs=["workflow"]))
    assert r.architecture is Architecture.HYBRID


def test_behaviour_and_a_large_corpus_mean_hybrid():
    r = recommend(Scenario(queries_per_month=50_000, knowledge_updates_per_month=0, corpus_documents=40_000,
                           behavior_needs=["structured_reasoning"]))
    assert r.architecture is Architecture.HYBRID


def test_low_volume_favours_a_managed_api():
    r = recommend(Scenario(queries_per_month=30_000, knowledge_updates_per_month=0.25, corpus_documents=3_000))
    assert r.architecture is Architecture.RAG
    finding = r.finding(Factor.QUERY_VOLUME)
    assert finding.points_to == "a managed API" and "a day" in finding.explanation


def test_volume_past_the_crossover_favours_fine_tuning():
    s = Scenario(knowledge_updates_per_month=0.25, corpus_documents=3_000)
    crossover = advisor.crossover_volume(s)
    below = recommend(s.replace(queries_per_month=crossover * 0.8))
    above = recommend(s.replace(queries_per_month=crossover * 1.25))
    assert below.architecture is Architecture.RAG
    assert above.architecture is Architecture.FINE_TUNING
    assert above.finding(Factor.QUERY_VOLUME).points_to == "fine-tuning"
    assert any("queries a month" in change and "RAG" in change for change in above.what_would_change)


def test_volume_past_the_crossover_with_retrieval_needed_weighs_a_hybrid():
    r = recommend(Scenario(queries_per_month=20_000_000, knowledge_updates_per_month=8, corpus_documents=20_000))
    assert r.architecture is Architecture.HYBRID  # a fine-tuned small model that retrieves is cheapest
    assert any("volume favours a fine-tuned model" in c for c in r.conflicts)


def test_a_tight_latency_budget_counts_against_retrieval():
    r = recommend(Scenario(queries_per_month=200_000, knowledge_updates_per_month=0, corpus_documents=2_000,
                           latency_budget_ms=80))
    finding = r.finding(Factor.LATENCY)
    assert finding.points_to == "against retrieval"
    assert set(finding.rules_out) == {Architecture.RAG, Architecture.HYBRID}
    assert r.architecture is Architecture.FINE_TUNING
    assert r.latencies[r.architecture].total_ms <= 80


def test_a_latency_budget_nothing_meets_is_a_stated_conflict():
    r = recommend(Scenario(queries_per_month=50_000, knowledge_updates_per_month=8, corpus_documents=20_000,
                           latency_budget_ms=60))
    assert r.architecture is Architecture.HYBRID  # the fastest option that still retrieves
    assert any("latency budget" in c for c in r.conflicts)


def test_nothing_needed_means_prompting_first():
    r = recommend(Scenario(queries_per_month=20_000))
    assert r.architecture is Architecture.PROMPTING
    assert r.finding(Factor.PROMPTING_FIRST).points_to == "prompting"


def test_a_small_static_corpus_goes_in_the_prompt():
    r = recommend(Scenario(queries_per_month=5_000, knowledge_updates_per_month=0, corpus_documents=40))
    assert r.architecture is Architecture.PROMPTING
    assert r.finding(Factor.CORPUS_SIZE).points_to == "prompting"


def test_unless_volume_makes_stuffing_dearer():
    r = recommend(Scenario(queries_per_month=500_000, knowledge_updates_per_month=0, corpus_documents=40))
    assert r.architecture is not Architecture.PROMPTING
    assert r.costs[Architecture.PROMPTING].total > r.costs[r.architecture].total
    assert "every prompt" in r.finding(Factor.PROMPTING_FIRST).explanation


def test_high_volume_with_nothing_else_moves_to_a_fine_tuned_model():
    s = Scenario(queries_per_month=10_000_000)
    r = recommend(s)
    assert r.architecture is Architecture.FINE_TUNING
    assert r.costs[Architecture.FINE_TUNING].total < r.costs[Architecture.PROMPTING].total


# --- the result's own consistency ----------------------------------------------------------


def test_the_choice_is_the_cheapest_that_can_serve(issue_example):
    for s in [issue_example, Scenario(queries_per_month=700_000, corpus_documents=3_000), Scenario()]:
        r = recommend(s)
        possible = [a for a in Architecture if a not in r.ruled_out]
        assert r.architecture in possible
        assert r.costs[r.architecture].total == min(r.costs[a].total for a in possible)


def test_what_would_change_is_true(issue_example):
    r = recommend(issue_example)
    assert "Without the behaviour needs, the recommendation would be RAG." in r.what_would_change
    assert recommend(issue_example.replace(behavior_needs=())).architecture is Architecture.RAG


def test_costs_and_crossover_agree_with_the_functions(issue_example):
    r = recommend(issue_example)
    for arch in Architecture:
        assert r.costs[arch].total == pytest.approx(advisor.tco(issue_example, arch).total)
        assert r.latencies[arch].total_ms == pytest.approx(advisor.latency(issue_example, arch).total_ms)
    assert r.crossover == pytest.approx(advisor.crossover_volume(issue_example))


def test_user_assumptions_change_the_answer():
    s = Scenario(queries_per_month=600_000, knowledge_updates_per_month=0.25, corpus_documents=3_000)
    assert recommend(s).architecture is Architecture.RAG
    assert recommend(s, advisor.Assumptions(finetune_hosting="managed")).architecture is Architecture.FINE_TUNING


def test_with_no_corpus_volume_compares_against_a_prompted_model():
    r = recommend(Scenario(queries_per_month=200_000, behavior_needs=["json_schema"]))
    text = r.finding(Factor.QUERY_VOLUME).explanation
    assert "Prompting only costs" in text and "RAG" not in text
    crossing = advisor.crossover_between(r.scenario, "fine_tuning", "prompting")
    assert f"{crossing / 1e6:.3g}M" in text

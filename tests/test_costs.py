"""Cost formulas against hand-worked examples, and the invariants every cost must keep."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import advisor
from advisor import Architecture, Scenario, tco
from advisor.architecture import COST_CATEGORIES

ALL = list(Architecture)


# --- hand-worked examples (every figure below can be checked on paper) -------------------


def test_rag_by_hand(defaults):
    s = Scenario(queries_per_month=100_000, knowledge_updates_per_month=2, corpus_documents=1_000,
                 tokens_per_document=1_000, horizon_months=12)
    t = tco(s, Architecture.RAG)
    # per query: (400 system + 150 question + 4 x 800 retrieved) x $2.50/M + 300 out x $10/M
    #            + 150 question tokens embedded at $0.02/M = 0.009375 + 0.003 + 0.000003
    assert t.monthly["inference"] == pytest.approx(100_000 * 0.012378)
    # vector store: 1,250 chunks x 10 kB = 0.0125 GB; reads 0.25 units x $16/M per query; far below the $50 minimum
    assert t.monthly["infrastructure"] == pytest.approx(50.0)
    # two updates, each $100 of work + re-embedding 10% of 1M tokens at $0.02/M
    assert t.monthly["knowledge_updates"] == pytest.approx(2 * (100 + 0.002))
    assert t.monthly["maintenance"] == pytest.approx(0.1 * 14_300)
    assert t.one_time["initial_build"] == 37_500
    # cleaning 1,000 docs x $0.10 + embedding 1M tokens x $0.02/M + writing 1,250 vectors x $4/M
    assert t.one_time["data_preparation"] == pytest.approx(100 + 0.02 + 0.005)
    assert t.total == pytest.approx(37_600.025 + 12 * (50 + 1_237.8 + 200.004 + 1_430))


def test_self_hosted_fine_tuning_by_hand():
    s = Scenario(queries_per_month=100_000, knowledge_updates_per_month=2, corpus_documents=1_000,
                 tokens_per_document=1_000, horizon_months=12)
    t = tco(s, Architecture.FINE_TUNING)
    # two H100s at $3.50/h, 730 h a month; 100k queries need ~0.008 GPUs, far below the two kept for failover
    assert t.monthly["infrastructure"] == pytest.approx(2 * 3.5 * 730)
    assert t.monthly["inference"] == 0
    # a retrain: 1,000 docs x 3 pairs x 500 tokens x 3 epochs = 4.5M tokens x $3/M, plus $2,000 of work
    retrain = 4.5 * 3 + 2_000
    assert t.monthly["knowledge_updates"] == pytest.approx(2 * retrain)
    assert t.monthly["maintenance"] == pytest.approx(0.2 * 14_300 + 0.1667 * retrain)
    # cleaning $100 + curating 3,000 examples x $0.50
    assert t.one_time == {"initial_build": 72_500, "data_preparation": pytest.approx(1_600)}
    assert t.total == pytest.approx(222_091.8054)


def test_self_hosted_fleet_grows_past_its_minimum():
    a = advisor.Assumptions(prefill_tokens_per_gpu_second=1_000, decode_tokens_per_gpu_second=100,
                            peak_to_average_load=1, target_gpu_utilization=1)
    # one query: 250/1,000 + 300/100 = 3.25 GPU-seconds; a month has 2,628,000 seconds
    v = 2_628_000 / 3.25 * 5  # enough for five GPUs, three beyond the two-replica minimum
    t = tco(Scenario(queries_per_month=v, corpus_documents=100), Architecture.FINE_TUNING, a)
    assert t.monthly["infrastructure"] == pytest.approx(2 * 3.5 * 730)
    assert t.monthly["inference"] == pytest.approx(3 * 3.5 * 730)


def test_managed_fine_tune_endpoint_by_hand():
    a = advisor.Assumptions(finetune_hosting="managed")
    t = tco(Scenario(queries_per_month=1_000_000, corpus_documents=100), Architecture.FINE_TUNING, a)
    # ft:gpt-4o-mini: (100 + 150) x $0.30/M + 300 x $1.20/M = $0.000435 a query; no GPUs of our own
    assert t.monthly["inference"] == pytest.approx(435.0)
    assert t.monthly["infrastructure"] == 0


def test_prompting_with_a_cached_corpus_by_hand():
    s = Scenario(queries_per_month=10_000, knowledge_updates_per_month=1, corpus_documents=50,
                 tokens_per_document=1_000, horizon_months=12)
    t = tco(s, Architecture.PROMPTING)
    # prefix 400 + 50,000 tokens is cached on 80% of queries at $1.25/M, missed at the $2.50/M input price;
    # question 150 x $2.50/M, answer 300 x $10/M
    per_query = (150 * 2.5 + 50_400 * 0.8 * 1.25 + 50_400 * 0.2 * 2.5 + 300 * 10) / 1e6
    assert per_query == pytest.approx(0.078975)
    assert t.monthly["inference"] == pytest.approx(10_000 * per_query)
    assert t.total == pytest.approx(5_005 + 12 * (789.75 + 100 + 715))


def test_cache_write_price_applies_where_the_provider_charges_it():
    a = advisor.Assumptions(managed_model="anthropic/claude-sonnet-4-5")
    s = Scenario(queries_per_month=1, corpus_documents=50)
    # Sonnet 4.5: input $3, output $15, cache read $0.30, cache write $3.75 per M
    expected = (150 * 3 + 50_400 * 0.8 * 0.3 + 50_400 * 0.2 * 3.75 + 300 * 15) / 1e6
    assert tco(s, Architecture.PROMPTING, a).monthly["inference"] == pytest.approx(expected)


def test_short_prefix_is_not_cached():
    # 400 system tokens are under OpenAI's 1,024-token minimum: no cache discount at any hit rate
    a = advisor.Assumptions(cache_hit_rate=0.95)
    t = tco(Scenario(queries_per_month=1_000), Architecture.PROMPTING, a)
    assert t.monthly["inference"] == pytest.approx(1_000 * (550 * 2.5 + 300 * 10) / 1e6)


def test_batch_discount_comes_from_the_snapshot():
    full = tco(Scenario(queries_per_month=1_000), Architecture.PROMPTING).monthly["inference"]
    half_batch = tco(Scenario(queries_per_month=1_000), Architecture.PROMPTING,
                     advisor.Assumptions(batch_share=0.5)).monthly["inference"]
    assert half_batch == pytest.approx(full * (1 - 0.5 * 0.5))  # gpt-4o batch is half price


def test_behaviour_needs_lengthen_a_managed_prompt():
    plain = tco(Scenario(queries_per_month=1_000), Architecture.PROMPTING).monthly["inference"]
    shaped = tco(Scenario(queries_per_month=1_000, behavior_needs=["json_schema", "brand_voice"]),
                 Architecture.PROMPTING).monthly["inference"]
    # 400 + 1,600 = 2,000-token prefix is now cached: 2,000 x (0.8 x 1.25 + 0.2 x 2.5) instead of 400 x 2.5
    assert shaped - plain == pytest.approx(1_000 * (2_000 * 1.5 - 400 * 2.5) / 1e6)


def test_hybrid_pays_both_builds_and_both_maintenance_shares():
    s = Scenario(queries_per_month=100_000, corpus_documents=10_000, behavior_needs=["workflow"])
    h = tco(s, Architecture.HYBRID)
    assert h.one_time["initial_build"] == 37_500 + 72_500
    retrain = 500 * 500 * 3 * 3 / 1e6 + 2_000  # 500 behaviour examples x 500 tokens x 3 epochs x $3/M
    assert h.monthly["maintenance"] == pytest.approx(0.3 * 14_300 + 0.1667 * retrain)
    # knowledge updates go through the index, not through retraining
    assert h.monthly["knowledge_updates"] == tco(s, Architecture.RAG).monthly["knowledge_updates"]


def test_no_corpus_means_no_knowledge_updates():
    for arch in ALL:
        t = tco(Scenario(queries_per_month=1_000, knowledge_updates_per_month=30), arch)
        assert t.monthly["knowledge_updates"] == 0


def test_by_month_adds_up(issue_example):
    t = tco(issue_example, Architecture.HYBRID)
    months = t.by_month
    assert len(months) == 24 and list(months.columns[:6]) == list(COST_CATEGORIES)
    assert months["total"].sum() == pytest.approx(t.total)
    assert months["cumulative"].iloc[-1] == pytest.approx(t.total)
    assert months.loc[1, "initial_build"] == t.one_time["initial_build"]
    assert months.loc[2:, "initial_build"].eq(0).all()
    assert sum(t.by_category.values()) == pytest.approx(t.total)


def test_tco_curve_matches_tco(issue_example):
    volumes = [0, 1_000, 250_000, 3_000_000, 40_000_000]
    for arch in ALL:
        curve = advisor.tco_curve(issue_example, arch, volumes)
        expected = [tco(issue_example.replace(queries_per_month=v), arch).total for v in volumes]
        np.testing.assert_allclose(curve, expected, rtol=1e-12)


def test_per_query_and_run_rate(issue_example):
    t = tco(issue_example, Architecture.RAG)
    assert t.per_query == pytest.approx(t.total / (300_000 * 24))
    assert t.monthly_run_rate == pytest.approx(sum(t.monthly.values()))
    assert tco(issue_example.replace(queries_per_month=0), Architecture.RAG).per_query is None


# --- invariants --------------------------------------------------------------------------------

scenarios = st.builds(
    Scenario,
    queries_per_month=st.floats(0, 1e9),
    knowledge_updates_per_month=st.floats(0, 60),
    corpus_documents=st.integers(0, 1_000_000),
    tokens_per_document=st.integers(1, 20_000),
    behavior_needs=st.lists(st.sampled_from(sorted(advisor.BEHAVIOR_NEEDS)), max_size=4),
    horizon_months=st.integers(1, 120),
)


@settings(max_examples=60, deadline=None)
@given(s=scenarios, factor=st.floats(1.0, 1e3), arch=st.sampled_from(ALL))
def test_tco_never_falls_as_volume_grows(s, factor, arch):
    lower = tco(s, arch).total
    higher = tco(s.replace(queries_per_month=min(s.queries_per_month * factor + 1, 1e12)), arch).total
    assert higher >= lower * (1 - 1e-12)


@settings(max_examples=60, deadline=None)
@given(s=scenarios, extra=st.floats(0.01, 30), arch=st.sampled_from(ALL))
def test_more_updates_never_lower_a_cost(s, extra, arch):
    more = s.replace(knowledge_updates_per_month=s.knowledge_updates_per_month + extra)
    assert tco(more, arch).total >= tco(s, arch).total * (1 - 1e-12)


@settings(max_examples=60, deadline=None)
@given(s=scenarios, extra=st.floats(0.01, 30))
def test_more_updates_never_make_fine_tuning_cheaper_than_rag(s, extra):
    more = s.replace(knowledge_updates_per_month=s.knowledge_updates_per_month + extra)
    gap = tco(s, "fine_tuning").total - tco(s, "rag").total
    gap_more = tco(more, "fine_tuning").total - tco(more, "rag").total
    assert gap_more >= gap - 1e-9 * abs(gap)


@settings(max_examples=60, deadline=None)
@given(s=scenarios, arch=st.sampled_from(ALL))
def test_costs_are_finite_and_not_negative(s, arch):
    t = tco(s, arch)
    for value in [t.total, *t.by_category.values(), *t.monthly.values()]:
        assert math.isfinite(value) and value >= 0

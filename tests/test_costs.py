"""Cost formulas against hand-worked examples, and the invariants every cost must keep."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import advisor
from advisor import Architecture, Scenario, tco
from advisor.core.architecture import COST_CATEGORIES

ALL = list(Architecture)


# --- hand-worked examples (every figure below can be checked on paper) -------------------

# The hand-worked examples pin the prices they use, so that a refreshed default does not move them.
GPT4O = dict(
    managed_model="openai/gpt-4o",
    build_data_share_rag=0.3,
    build_data_share_finetuning=0.3,
    gpu_usd_per_hour=3.5,
    training_usd_per_mtok_self_hosted=3.0,
)


def pinned(**changes):
    return advisor.Assumptions(**{**GPT4O, **changes})


def test_rag_by_hand():
    s = Scenario(
        queries_per_month=100_000,
        knowledge_updates_per_month=2,
        corpus_documents=1_000,
        tokens_per_document=1_000,
        horizon_months=12,
    )
    t = tco(s, Architecture.RAG, pinned())
    # per query: (400 system + 150 question + 4 x 800 retrieved) x $2.50/M + 300 out x $10/M
    #            + 150 question tokens embedded at $0.02/M = 0.009375 + 0.003 + 0.000003
    assert t.monthly["inference"] == pytest.approx(100_000 * 0.012378)
    # vector store: 1,250 chunks x 10 kB = 0.0125 GB; reads 0.25 units x $16/M per query; far below the $50 minimum
    assert t.monthly["infrastructure"] == pytest.approx(50.0)
    # two updates, each $100 of work + re-embedding 10% of 1M tokens at $0.02/M
    assert t.monthly["knowledge_updates"] == pytest.approx(2 * (100 + 0.002))
    assert t.monthly["maintenance"] == pytest.approx(0.1 * 14_300)
    # the seed's $37,500 build less its 30% of data work, which data preparation charges by size instead
    assert t.one_time["initial_build"] == pytest.approx(26_250)
    # cleaning 1,000 docs x $0.10 + embedding 1M tokens x $0.02/M + writing 1,250 vectors x $4/M
    assert t.one_time["data_preparation"] == pytest.approx(100 + 0.02 + 0.005)
    assert t.total == pytest.approx(26_250 + 100.025 + 12 * (50 + 1_237.8 + 200.004 + 1_430))
    assert t.gpus == 0 and t.hosting == "" and t.feasible


def test_self_hosted_fine_tuning_by_hand():
    s = Scenario(
        queries_per_month=100_000,
        knowledge_updates_per_month=2,
        corpus_documents=1_000,
        tokens_per_document=1_000,
        horizon_months=12,
    )
    t = tco(s, Architecture.FINE_TUNING, pinned(finetune_hosting="self_hosted"))
    # two H100s at $3.50/h, 730 h a month; 100k queries need ~0.008 GPUs, far below the two kept for failover
    assert t.monthly["infrastructure"] == pytest.approx(2 * 3.5 * 730)
    assert t.monthly["inference"] == 0
    assert t.gpus == 2 and t.hosting == "self_hosted"
    # a training run: 1,000 docs x 3 pairs x 500 tokens x 3 epochs = 4.5M tokens x $3/M = $13.50
    run = 4.5 * 3
    retrain = run + 2_000  # plus data refresh, evaluation and rollout
    assert t.monthly["knowledge_updates"] == pytest.approx(2 * retrain)
    assert t.monthly["maintenance"] == pytest.approx(0.2 * 14_300 + 0.1667 * retrain)
    # the build (less its 30% of data work) plus the first training run; curation of 3,000 examples x $0.50,
    # and no per-document cleaning: the documents are read while the examples are written
    assert t.one_time["initial_build"] == pytest.approx(72_500 * 0.7 + run)
    assert t.one_time["data_preparation"] == pytest.approx(1_500)
    assert t.total == pytest.approx(72_500 * 0.7 + run + 1_500 + 12 * (5_110 + 2 * retrain + 2_860 + 0.1667 * retrain))


def test_the_first_training_run_is_charged_at_the_hosted_models_price():
    s = Scenario(queries_per_month=100_000, corpus_documents=1_000)
    own = tco(
        s, Architecture.FINE_TUNING, pinned(finetune_hosting="self_hosted", training_usd_per_mtok_self_hosted=0.5)
    )
    provider = tco(s, Architecture.FINE_TUNING, pinned(finetune_hosting="managed"))  # ft:gpt-4o-mini trains at $3/M
    assert own.one_time["initial_build"] == pytest.approx(72_500 * 0.7 + 4.5 * 0.5)
    assert provider.one_time["initial_build"] == pytest.approx(72_500 * 0.7 + 4.5 * 3)
    bigger = tco(
        s, Architecture.FINE_TUNING, pinned(finetune_hosting="managed", finetuned_endpoint_model="openai/ft:gpt-4o")
    )
    assert bigger.one_time["initial_build"] == pytest.approx(72_500 * 0.7 + 4.5 * 25)  # gpt-4o trains at $25/M


def test_self_hosted_fleet_grows_in_whole_gpus():
    a = pinned(
        finetune_hosting="self_hosted",
        prefill_tokens_per_gpu_second=1_000,
        decode_tokens_per_gpu_second=100,
        peak_to_average_load=1,
        target_gpu_utilization=1,
    )
    # one query: 250/1,000 + 300/100 = 3.25 GPU-seconds; a month has 2,628,000 seconds
    one_gpu = 2_628_000 / 3.25
    t = tco(Scenario(queries_per_month=one_gpu * 4.1, corpus_documents=100), Architecture.FINE_TUNING, a)
    assert t.gpus == 5  # 4.1 GPUs of work: five are rented, three beyond the two-replica minimum
    assert t.monthly["infrastructure"] == pytest.approx(2 * 3.5 * 730)
    assert t.monthly["inference"] == pytest.approx(3 * 3.5 * 730)
    exactly_four = tco(Scenario(queries_per_month=one_gpu * 4, corpus_documents=100), Architecture.FINE_TUNING, a)
    assert exactly_four.gpus == 4  # exactly four GPUs of work need no fifth


def test_hybrid_at_twelve_million_queries_runs_three_whole_gpus():
    a = pinned(finetune_hosting="self_hosted")
    s = Scenario(queries_per_month=12_000_000, corpus_documents=3_000)
    t = tco(s, Architecture.HYBRID, a)
    # (100 + 150 + 3,200) / 67,000 + 300 / 8,000 = 0.0890 GPU-seconds a query, x 3 (peak) / 0.6 (utilisation):
    # 12M queries need 2.03 GPUs, so three run; the third is inference
    needed = 12e6 * 3 * (3_450 / 67_000 + 300 / 8_000) / (2_628_000 * 0.6)
    assert 2.0 < needed < 2.1
    assert t.gpus == 3
    embedding = 12e6 * 150 * 0.02 / 1e6
    assert t.monthly["inference"] == pytest.approx(3.5 * 730 + embedding)


def test_managed_fine_tune_endpoint_by_hand():
    a = pinned(finetune_hosting="managed")
    t = tco(Scenario(queries_per_month=1_000_000, corpus_documents=100), Architecture.FINE_TUNING, a)
    # ft:gpt-4o-mini: (100 + 150) x $0.30/M + 300 x $1.20/M = $0.000435 a query; no GPUs of our own
    assert t.monthly["inference"] == pytest.approx(435.0)
    assert t.monthly["infrastructure"] == 0
    assert t.gpus == 0 and t.hosting == "managed"


def test_auto_hosting_takes_the_cheaper_place_for_the_fine_tuned_model():
    s = Scenario(queries_per_month=100_000, corpus_documents=100)
    own = tco(s, Architecture.FINE_TUNING, pinned(finetune_hosting="self_hosted")).total
    provider = tco(s, Architecture.FINE_TUNING, pinned(finetune_hosting="managed")).total
    auto = tco(s, Architecture.FINE_TUNING, pinned(finetune_hosting="auto"))
    assert auto.total == min(own, provider) and auto.hosting == ("managed" if provider < own else "self_hosted")
    # at a billion queries a month two GPUs' floor is nothing next to per-token endpoint prices
    huge = s.replace(queries_per_month=1e9)
    assert tco(huge, Architecture.FINE_TUNING, pinned(finetune_hosting="auto")).hosting == "self_hosted"


def test_auto_hosting_prefers_what_meets_the_latency_budget():
    # the endpoint answers in ~500 ms, own GPUs in well under 100 ms: a 100 ms budget keeps the model at home
    s = Scenario(queries_per_month=100_000, corpus_documents=100, latency_budget_ms=100)
    assert tco(s, Architecture.FINE_TUNING, pinned(finetune_hosting="auto")).hosting == "self_hosted"


def test_prompting_with_a_cached_corpus_by_hand():
    s = Scenario(
        queries_per_month=10_000,
        knowledge_updates_per_month=1,
        corpus_documents=50,
        tokens_per_document=1_000,
        horizon_months=12,
    )
    t = tco(s, Architecture.PROMPTING, pinned())
    # prefix 400 + 50,000 tokens is cached on 80% of queries at $1.25/M, missed at the $2.50/M input price;
    # question 150 x $2.50/M, answer 300 x $10/M
    per_query = (150 * 2.5 + 50_400 * 0.8 * 1.25 + 50_400 * 0.2 * 2.5 + 300 * 10) / 1e6
    assert per_query == pytest.approx(0.078975)
    assert t.monthly["inference"] == pytest.approx(10_000 * per_query)
    assert t.total == pytest.approx(5_005 + 12 * (789.75 + 100 + 715))


def test_a_corpus_that_cannot_fit_is_not_priced():
    s = Scenario(queries_per_month=300_000, corpus_documents=8_000)  # 8M tokens against gpt-4o's 128k window
    t = tco(s, Architecture.PROMPTING, pinned())
    assert not t.feasible and t.total is None and t.by_category == {} and t.monthly_run_rate is None
    assert "8M tokens" in t.why_not and "128k" in t.why_not and "96k" in t.why_not  # 75% of 128,000
    with pytest.raises(ValueError, match="cannot serve"):
        advisor.tco_curve(s, Architecture.PROMPTING, [1_000], pinned())
    # the same corpus fits nowhere cheaper: the other three are priced
    assert all(tco(s, arch, pinned()).feasible for arch in ALL if arch is not Architecture.PROMPTING)


def test_feasibility_boundary_is_exactly_the_usable_window():
    a = pinned()
    # usable: 0.75 x 128,000 = 96,000 tokens for corpus + 400 + 150 + 300
    fits = Scenario(corpus_documents=1, tokens_per_document=96_000 - 850)
    too_big = fits.replace(tokens_per_document=96_000 - 849)
    assert advisor.feasibility(fits, "prompting", a) == ""
    assert advisor.feasibility(too_big, "prompting", a) != ""


def test_retrieval_that_overflows_the_window_is_not_priced():
    a = pinned(retrieved_chunks=1_000, chunk_tokens=200)  # 200k retrieved tokens a query, window 128k
    t = tco(Scenario(corpus_documents=10_000), Architecture.RAG, a)
    assert not t.feasible and "200k" in t.why_not


def test_cache_write_price_applies_where_the_provider_charges_it():
    a = advisor.Assumptions(managed_model="anthropic/claude-sonnet-4-5")
    s = Scenario(queries_per_month=1, corpus_documents=50)
    # Sonnet 4.5: input $3, output $15, cache read $0.30, cache write $3.75 per M
    expected = (150 * 3 + 50_400 * 0.8 * 0.3 + 50_400 * 0.2 * 3.75 + 300 * 15) / 1e6
    assert tco(s, Architecture.PROMPTING, a).monthly["inference"] == pytest.approx(expected)


def test_short_prefix_is_not_cached():
    # 400 system tokens are under OpenAI's 1,024-token minimum: no cache discount at any hit rate
    a = pinned(cache_hit_rate=0.95)
    t = tco(Scenario(queries_per_month=1_000), Architecture.PROMPTING, a)
    assert t.monthly["inference"] == pytest.approx(1_000 * (550 * 2.5 + 300 * 10) / 1e6)


def test_batch_discount_comes_from_the_snapshot():
    full = tco(Scenario(queries_per_month=1_000), Architecture.PROMPTING, pinned()).monthly["inference"]
    half_batch = tco(Scenario(queries_per_month=1_000), Architecture.PROMPTING, pinned(batch_share=0.5)).monthly[
        "inference"
    ]
    assert half_batch == pytest.approx(full * (1 - 0.5 * 0.5))  # gpt-4o batch is half price


def test_batch_does_not_discount_gpt_4o_cache_reads():
    # A 2,000-token prefix, always cached: only the uncached question and the answer get the batch half price.
    a = pinned(cache_hit_rate=1.0, batch_share=1.0)
    s = Scenario(queries_per_month=1, behavior_needs=["brand_voice", "workflow"])  # 400 + 2 x 800 = 2,000
    per_query = (2_000 * 1.25 + (150 * 2.5 + 300 * 10) * 0.5) / 1e6
    assert tco(s, Architecture.PROMPTING, a).monthly["inference"] == pytest.approx(per_query)


def test_a_long_prompt_pays_the_long_context_tier():
    # gpt-5.5: past 272k prompt tokens input costs 2x and output 1.5x; a 300k-token stuffed corpus pays it
    a = advisor.Assumptions(managed_model="openai/gpt-5.5", cache_hit_rate=0.0)
    s = Scenario(queries_per_month=1, corpus_documents=1, tokens_per_document=300_000 - 550)
    per_query = (300_000 * 10 + 300 * 45) / 1e6  # 400 + 150 + corpus = 300,000 input tokens
    assert tco(s, Architecture.PROMPTING, a).monthly["inference"] == pytest.approx(per_query)


def test_behavior_needs_lengthen_a_managed_prompt():
    plain = tco(Scenario(queries_per_month=1_000), Architecture.PROMPTING, pinned()).monthly["inference"]
    shaped = tco(
        Scenario(queries_per_month=1_000, behavior_needs=["json_schema", "brand_voice"]),
        Architecture.PROMPTING,
        pinned(),
    ).monthly["inference"]
    # 400 + 1,600 = 2,000-token prefix is now cached: 2,000 x (0.8 x 1.25 + 0.2 x 2.5) instead of 400 x 2.5
    assert shaped - plain == pytest.approx(1_000 * (2_000 * 1.5 - 400 * 2.5) / 1e6)


def test_hybrid_pays_both_builds_and_both_maintenance_shares():
    s = Scenario(queries_per_month=100_000, corpus_documents=10_000, behavior_needs=["workflow"])
    a = pinned(finetune_hosting="self_hosted")
    h = tco(s, Architecture.HYBRID, a)
    run = 500 * 500 * 3 * 3 / 1e6  # 500 behaviour examples x 500 tokens x 3 epochs x $3/M
    assert h.one_time["initial_build"] == pytest.approx((37_500 + 72_500) * 0.7 + run)
    retrain = run + 2_000
    assert h.monthly["maintenance"] == pytest.approx(0.3 * 14_300 + 0.1667 * retrain)
    # knowledge updates go through the index, not through retraining
    assert h.monthly["knowledge_updates"] == tco(s, Architecture.RAG, a).monthly["knowledge_updates"]


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
    a = pinned(finetune_hosting="self_hosted")  # hosting fixed: "auto" resolves it at the scenario's volume
    for arch in ALL:
        if not tco(issue_example, arch, a).feasible:
            continue
        curve = advisor.tco_curve(issue_example, arch, volumes, a)
        expected = [tco(issue_example.replace(queries_per_month=v), arch, a).total for v in volumes]
        np.testing.assert_allclose(curve, expected, rtol=1e-12)


def test_per_query_and_run_rate():
    # prompting, no corpus, 1,000 queries a month for 12 months, at the default prices: a 400-token prefix
    # (too short to cache) + 150 question tokens at $2/M and 300 answer tokens at $10/M = $0.0041 a query
    t = tco(Scenario(queries_per_month=1_000, corpus_documents=0, horizon_months=12), Architecture.PROMPTING)
    assert t.monthly_run_rate == pytest.approx(0.05 * 14_300 + 4.10)  # $715 of maintenance + $4.10 of inference
    assert t.total == pytest.approx(5_000 + 12 * 719.10)  # the $5,000 build once
    assert t.per_query == pytest.approx(13_629.20 / 12_000)
    assert tco(Scenario(queries_per_month=0), Architecture.RAG).per_query is None


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
    lower = tco(s, arch)
    higher = tco(s.replace(queries_per_month=min(s.queries_per_month * factor + 1, 1e12)), arch)
    assert higher.feasible == lower.feasible  # what fits does not depend on volume
    if lower.feasible:
        assert higher.total >= lower.total * (1 - 1e-12)
        assert higher.gpus >= lower.gpus or higher.hosting != lower.hosting


@settings(max_examples=60, deadline=None)
@given(s=scenarios, extra=st.floats(0.01, 30), arch=st.sampled_from(ALL))
def test_more_updates_never_lower_a_cost(s, extra, arch):
    more = s.replace(knowledge_updates_per_month=s.knowledge_updates_per_month + extra)
    if tco(s, arch).feasible:
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
    if not t.feasible:
        assert t.why_not and t.total is None and not t.by_category
        return
    for value in [t.total, *t.by_category.values(), *t.monthly.values()]:
        assert math.isfinite(value) and value >= 0
    assert t.gpus == int(t.gpus) >= 0

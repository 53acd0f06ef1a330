"""Every threshold and boundary of the model, at the boundary itself, with numbers worked by hand.

Default assumptions used below (advisor/data/assumptions.csv and the price snapshot): the managed model
charges $2/M input, $10/M output, $0.10/M cache reads and $2.50/M cache writes, caching prompts of at
least 1,024 tokens; prompts carry 400 system, 150 question and 300 answer tokens, 800 more per behaviour
need; 4 chunks of 800 tokens are retrieved; 80% of cacheable prefixes hit the cache; 75% of a window may
be filled; the managed window is 1,000,000 tokens (32,768 self-hosted).
"""

from __future__ import annotations

import math

import pytest

import advisor
from advisor import Architecture, Assumptions, Scenario, recommend
from advisor.core import costs, latency
from advisor.core.architecture import MONTHLY_CATEGORIES
from advisor.core.crossover import first_crossing
from advisor.core.decision import WEEKLY_UPDATES

P = dict(Assumptions().numbers())


def _monthly(*inference: costs.AnyTerm) -> dict[str, tuple[costs.AnyTerm, ...]]:
    """Monthly terms with ``inference`` as the only costs."""
    return {**{c: () for c in MONTHLY_CATEGORIES}, "inference": inference}


FT, HY, RAG, PR = Architecture.FINE_TUNING, Architecture.HYBRID, Architecture.RAG, Architecture.PROMPTING


# --- costs: terms and fleets -------------------------------------------------------------------


def test_a_floor_binds_up_to_its_kink_and_not_after():
    t = costs.Term(base=0.0, per_query=0.001, floor=50.0)
    assert t.kink() == 50_000.0  # (50 - 0) / 0.001
    assert t.at(40_000) == 50.0 and t.at(50_000) == 50.0  # the floor: 40 and 50 are not above it
    assert t.at(60_000) == pytest.approx(60.0)
    assert costs.Term(base=10.0, per_query=0.5).kink() is None  # no floor, no kink
    assert math.isnan(costs.Term(base=60.0, per_query=0.001, floor=50.0).kink())  # above the floor at 0
    assert math.isnan(costs.Term(base=0.0, per_query=0.0, floor=50.0).kink())  # a flat line never leaves it
    assert costs.Term(base=10.0, per_query=0.5).at(4) == 12.0


def test_whole_gpus_round_up_but_not_for_rounding_noise():
    assert costs.whole_gpus(2.0 + 1e-13, 1) == 2.0  # within the tolerance: two, not three
    assert costs.whole_gpus(2.0 + 1e-9, 1) == 3.0
    assert costs.whole_gpus(2.0, 3) == 3.0  # the minimum
    assert costs.whole_gpus(3.0, 3) == 3.0


def test_a_fleet_adds_a_gpu_at_each_whole_step():
    fleet = costs.FleetTerm(usd_per_gpu_month=1_000.0, gpus_per_query=0.001, min_gpus=2.0)
    assert fleet.kink() == 2_000.0  # 2 GPUs / 0.001 GPUs per query
    assert fleet.gpus(2_000) == 2.0 and fleet.gpus(2_001) == 3.0
    assert fleet.at(2_000) == 0.0 and fleet.at(2_001) == 1_000.0  # beyond the always-on two
    assert fleet.at(2_500, whole=False) == 500.0  # half a GPU's worth
    assert fleet.at(1_000, whole=False) == 0.0  # under the minimum: nothing extra
    assert fleet.steps(0, 5_000) == [2_000.0, 3_000.0, 4_000.0, 5_000.0]
    assert fleet.steps(0, 5_000, limit=3) == [2_000.0, 4_000.0, 5_000.0]  # three, spread over 2..5
    assert fleet.steps(0, 1_500) == []  # never past the minimum
    assert fleet.steps(5_000, 0) == []  # an empty range
    assert costs.FleetTerm(1_000.0, 0.0, 2.0).steps(0, 5_000) == []  # no GPUs per query
    assert math.isnan(costs.FleetTerm(1_000.0, 0.0, 2.0).kink())


def test_a_curve_of_one_draw_is_the_curve():
    curve = costs.cost_curve(Scenario(corpus_documents=100), RAG, P)
    assert curve.take(0) == curve


# --- costs: per query --------------------------------------------------------------------------


def test_a_prefix_is_cached_from_the_minimum_length_on():
    # 1,024 tokens: cacheable. A hit reads them at $0.10/M; a miss writes them at $2.50/M:
    # hit  = (150 x 2 + 1,024 x 0.10 + 300 x 10) / 1M = 0.0034024
    # miss = (150 x 2 + 1,024 x 2.50 + 300 x 10) / 1M = 0.00586
    # 0.8 x hit + 0.2 x miss = 0.00389392
    assert costs.managed_query_usd(1_024, 150, P) == pytest.approx(0.00389392, rel=1e-12)
    # 1,023 tokens: too short, all at the input price: ((150 + 1,023) x 2 + 300 x 10) / 1M
    assert costs.managed_query_usd(1_023, 150, P) == pytest.approx(0.005346, rel=1e-12)


def test_the_batch_share_prices_that_share_at_the_batch_discount():
    # 400 uncached tokens (too short to cache): (550 x 2 + 300 x 10) / 1M = 0.0041 a query; batch halves it.
    half = {**P, "batch_share": 0.5}
    assert costs.managed_query_usd(400, 150, P) == pytest.approx(0.0041, rel=1e-12)
    assert costs.managed_query_usd(400, 150, half) == pytest.approx(0.5 * 0.0041 + 0.5 * 0.00205, rel=1e-12)


def test_a_fine_tuned_endpoint_query_with_and_without_retrieval():
    # 100 prompt + 150 question = 250 tokens; with retrieval 3,200 more. $0.30/M in, $1.20/M out.
    assert costs.finetuned_input_tokens(False, P) == 250.0
    assert costs.finetuned_input_tokens(True, P) == 3_450.0
    assert costs.finetuned_endpoint_query_usd(250, P) == pytest.approx((250 * 0.3 + 300 * 1.2) / 1e6)
    batch = {**P, "batch_share": 1.0}
    assert costs.finetuned_endpoint_query_usd(250, batch) == pytest.approx((250 * 0.3 + 300 * 1.2) / 1e6 * 0.5)


def test_gpu_time_and_fleet_size_per_query():
    # 250 tokens / 67,000 a second to read + 300 / 8,000 a second to write
    seconds = 250 / 67_000 + 300 / 8_000
    assert costs.gpu_seconds_per_query(250, P) == pytest.approx(seconds)
    # sized for a peak 3x the average, at 60% utilisation, over 730 x 3,600 seconds a month
    assert costs.gpus_needed_per_query(250, P) == pytest.approx(3 * seconds / (730 * 3_600 * 0.6))
    fixed, extra = costs.gpu_fleet_terms(250, P)
    assert fixed.at(0) == pytest.approx(2 * 3.92 * 730)  # two replicas always on, at $3.92 an hour
    assert extra.min_gpus == 2.0 and extra.usd_per_gpu_month == pytest.approx(3.92 * 730)


def test_self_hosted_prefill_reads_the_prefix_only_on_a_miss():
    assert costs.selfhosted_prompt_tokens(1_000, 150, P) == pytest.approx(1_000 * 0.2 + 150)


def test_the_vector_store_minimum_binds_until_usage_exceeds_it():
    # 1,000 documents of 1,000 tokens in 800-token chunks: 1,250 chunks x 10 kB = 0.0125 GB
    s = Scenario(corpus_documents=1_000)
    assert costs.index_gigabytes(s, P) == pytest.approx(0.0125)
    term = costs.vector_db_term(s, P)
    assert term.at(0) == 50.0  # the $50 minimum
    # each query reads 0.25 units at least ($16 per million units): $4 per million queries
    per_query = term.per_query
    assert per_query == pytest.approx(0.25 * 16 / 1e6)
    above = 2 * (50.0 - term.base) / per_query
    assert term.at(above) == pytest.approx(term.base + per_query * above)


def test_embedding_prices_tokens_at_the_embedding_price():
    assert costs.embedding_usd(1_000_000, P) == pytest.approx(0.02)


# --- costs: training ---------------------------------------------------------------------------


def test_a_hybrid_is_taught_at_least_one_needs_worth_of_examples():
    none, one, two = ((), ("brand_voice",), ("brand_voice", "workflow"))
    examples = {
        needs: costs.training_examples(Scenario(corpus_documents=100, behavior_needs=needs), HY, P)
        for needs in (none, one, two)
    }
    assert examples == {none: 500.0, one: 500.0, two: 1_000.0}  # max(needs, 1) x 500
    # fine-tuning alone learns the corpus too: 100 documents x 3 pairs, plus 500 a need
    assert costs.training_examples(Scenario(corpus_documents=100), FT, P) == 300.0
    assert costs.training_examples(Scenario(corpus_documents=100, behavior_needs=one), FT, P) == 800.0


def test_a_training_run_is_examples_times_tokens_times_epochs_at_the_training_price():
    s = Scenario(corpus_documents=100)
    # hybrid, no need: 500 examples x 500 tokens x 3 epochs = 750,000 tokens, at $0.50/M self-hosted, $3/M managed
    assert costs.training_run_usd(s, HY, P) == pytest.approx(0.375)
    assert costs.training_run_usd(s, HY, P, "managed") == pytest.approx(2.25)
    assert costs.training_usd_per_mtok("managed", P) == 3.0
    assert costs.training_usd_per_mtok("self_hosted", P) == 0.5
    assert costs.retrain_usd(s, HY, P) == pytest.approx(2_000.375)  # plus $2,000 of people


def test_a_knowledge_update_re_embeds_the_changed_tenth():
    # 1,000 documents x 1,000 tokens; 10% changed, at $0.02/M: $0.002, plus $100 of checking
    assert costs.rag_update_usd(Scenario(corpus_documents=1_000), P) == pytest.approx(100.002)


# --- costs: what can serve at all ---------------------------------------------------------------


def test_a_stuffed_prompt_fits_up_to_the_last_token():
    # 75% of 1,000,000 = 750,000 tokens, less 400 + 150 + 300 = 850 of instructions, question and answer
    assert costs.prompt_overhead_tokens(Scenario(), P) == 850.0
    assert costs.usable_context_tokens(1_000_000, P) == 750_000.0
    fits = Scenario(corpus_documents=1, tokens_per_document=749_150)
    over = Scenario(corpus_documents=1, tokens_per_document=749_151)
    assert costs.why_not(fits, PR, P) == ""
    assert costs.why_not(over, PR, P).startswith("The corpus (749k tokens) does not fit")
    assert advisor.corpus_fits(fits) and not advisor.corpus_fits(over)


def test_retrieved_chunks_fit_up_to_the_last_token():
    # on premises: 75% of a 32,768-token window = 24,576; 850 of overhead leaves 23,726 for 2 chunks
    s = Scenario(corpus_documents=100, data_residency="on_premises")
    fits = {**P, "retrieved_chunks": 2.0, "chunk_tokens": 11_863.0}
    over = {**P, "retrieved_chunks": 2.0, "chunk_tokens": 11_863.5}
    assert costs.why_not(s, RAG, fits) == ""
    assert costs.why_not(s, RAG, over).startswith("The retrieved chunks (23.7k tokens)")
    assert costs.why_not(Scenario(), FT, P) == ""  # a fine-tuned model has no such limit


# --- costs: risks -------------------------------------------------------------------------------


def test_a_retirement_inside_the_horizon_counts_even_on_its_last_month():
    lifetime = {"model_lifetime_months": 18.0}
    assert costs.expected_retirements(Scenario(base_model_retires_in_months=24, horizon_months=24), lifetime) == 1.0
    assert costs.expected_retirements(Scenario(base_model_retires_in_months=25, horizon_months=24), lifetime) == 0.0
    assert costs.expected_retirements(Scenario(horizon_months=24), lifetime) == 0.0  # not given: none
    # at month 6, then every 18 months: 1 + 18/18
    assert costs.expected_retirements(Scenario(base_model_retires_in_months=6, horizon_months=24), lifetime) == 2.0


def test_what_a_retirement_and_a_move_cost_each_option():
    s = Scenario(corpus_documents=1_000)
    assert costs.retirement_usd(s, PR, P) == 3_300.0  # prompts checked on the successor
    assert costs.retirement_usd(s, FT, P, "self_hosted") == 0.0  # open weights are not retired
    assert costs.retirement_usd(s, FT, P, "managed") == pytest.approx(costs.retrain_usd(s, FT, P, "managed"))
    assert costs.retirement_usd(s.replace(data_residency="on_premises"), PR, P) == 0.0
    # a move re-embeds the corpus: 1M tokens at $0.02/M, 1,250 chunks written at $4 per million: $0.025
    assert costs.provider_move_usd(s, RAG, P) == pytest.approx(3_300.0 + 0.02 + 0.005)
    assert costs.provider_move_usd(s, FT, P, "self_hosted") == 3_300.0
    assert costs.provider_move_usd(s, FT, P, "managed") == pytest.approx(
        3_300.0 + costs.retrain_usd(s, FT, P, "managed")
    )


def test_mlops_hours_by_where_the_model_runs():
    s = Scenario()
    assert costs.mlops_hours_per_month(s, PR, P) == 0.0
    assert costs.mlops_hours_per_month(s, RAG, P) == 8.0
    assert costs.mlops_hours_per_month(s, FT, P, "managed") == 8.0
    assert costs.mlops_hours_per_month(s, FT, P, "self_hosted") == 40.0
    assert costs.mlops_hours_per_month(s, HY, P, "managed") == 16.0
    assert costs.mlops_hours_per_month(s.replace(data_residency="on_premises"), PR, P) == 40.0


def test_risk_terms_spread_each_risk_over_the_horizon():
    s = Scenario(corpus_documents=1_000, horizon_months=24, base_model_retires_in_months=6, provider_moves=1)
    retire, move = costs.risk_terms(s, PR, P)
    assert retire.at(0) == pytest.approx(2 * 3_300.0 / 24)  # two retirements, one prompt migration each
    assert move.at(0) == pytest.approx(3_300.0 / 24)
    (hours,) = costs.risk_terms(Scenario(mlops_in_house=False), RAG, P)
    assert hours.at(0) == 8 * 150.0  # 8 hours at $150
    assert costs.risk_terms(Scenario(), RAG, P) == ()


def test_an_in_region_endpoint_carries_the_premium():
    s = Scenario(data_residency="region")
    assert costs.regional_factor(s, P) == pytest.approx(1.1)
    assert costs.runs_on_own_gpus(Scenario(data_residency="on_premises"), PR, "managed")
    assert not costs.runs_on_own_gpus(Scenario(), FT, "managed")
    assert costs.runs_on_own_gpus(Scenario(), HY, "self_hosted")


def test_pilot_costs_by_option():
    s = Scenario()
    # fine-tuned on own GPUs: (250/67,000 + 300/8,000) GPU-seconds at $3.92 an hour
    seconds = 250 / 67_000 + 300 / 8_000
    assert costs.pilot_query_usd(s, FT, P, "self_hosted") == pytest.approx(seconds * 3.92 / 3_600)
    assert costs.pilot_query_usd(s, FT, P, "managed") == pytest.approx((250 * 0.3 + 300 * 1.2) / 1e6)
    # 100 examples x 500 tokens x 3 epochs at $0.50/M, and $0.50 each to curate
    assert costs.pilot_setup_usd(s, FT, P, "self_hosted") == pytest.approx(0.075 + 50.0)
    assert costs.pilot_setup_usd(Scenario(corpus_documents=1_000), RAG, P) == pytest.approx(0.02)
    # a judge reads 1,500 tokens and writes 200 at the managed model's prices
    assert costs.judge_usd(s, P) == pytest.approx((1_500 * 2 + 200 * 10) / 1e6)


# --- the public results --------------------------------------------------------------------------


def test_cost_per_query_needs_at_least_one_query():
    assert advisor.tco(Scenario(queries_per_month=0), "prompting").per_query is None
    one = advisor.tco(Scenario(queries_per_month=1 / 12, horizon_months=12), "prompting")
    assert one.per_query == pytest.approx(one.total)  # one query over the horizon
    assert advisor.tco(Scenario(corpus_documents=50_000), "prompting").per_query is None  # cannot serve


def test_a_month_of_operation_and_the_months_add_up():
    t = advisor.tco(Scenario(queries_per_month=0, corpus_documents=0, horizon_months=12), "prompting")
    assert t.monthly_run_rate == pytest.approx(0.05 * 14_300)  # the maintenance share of an engineer
    frame = t.by_month
    assert list(frame.index) == list(range(1, 13))
    assert frame["cumulative"].iloc[-1] == pytest.approx(t.total)
    assert frame["initial_build"].iloc[0] == 5_000.0 and frame["initial_build"].iloc[1] == 0.0


def test_query_tokens_by_part():
    s = Scenario(corpus_documents=10, behavior_needs=["brand_voice"])
    assert advisor.query_tokens(s, "prompting") == {
        "instructions": 400.0,
        "behaviour rules": 800.0,
        "question": 150.0,
        "retrieved chunks": 0.0,
        "whole corpus": 10_000.0,
        "answer": 300.0,
    }
    assert advisor.query_tokens(s, "hybrid")["instructions"] == 100.0
    assert advisor.query_tokens(s, "hybrid")["behaviour rules"] == 0.0
    assert advisor.query_tokens(s, "hybrid")["retrieved chunks"] == 3_200.0


def test_an_unknown_architecture_or_input_is_refused():
    with pytest.raises(ValueError, match="architecture must be one of"):
        advisor.tco(Scenario(), "fine-tuning")
    with pytest.raises(ValueError, match="scenario must be an advisor.Scenario"):
        advisor.tco({}, "rag")
    with pytest.raises(ValueError, match="assumptions must be an advisor.Assumptions"):
        advisor.tco(Scenario(), "rag", {})
    with pytest.raises(ValueError, match="hosting must be one of"):
        costs.cost_curve(Scenario(), FT, P, "cloud")


# --- latency -------------------------------------------------------------------------------------


def test_a_prompt_is_read_faster_from_the_minimum_cacheable_length_on():
    # no behaviour need: a 400-token prefix, too short to cache: (400 + 150) x 30 ms / 1k = 16.5 ms
    assert advisor.latency(Scenario(), "prompting").total_ms == pytest.approx(500 + 16.5)
    # with one: 1,200 tokens, cached on 80% of queries, each saving 70% of its time:
    # 150 + 1,200 x (1 - 0.8 x 0.7) = 678 tokens' worth, 20.34 ms
    one = Scenario(behavior_needs=["brand_voice"])
    assert advisor.latency(one, "prompting").parts_ms["prefill"] == pytest.approx(20.34)
    # exactly 1,024: cached; 1,023: not
    assert latency._managed_prefill_ms(1_024, 0, P) == pytest.approx(1_024 * 0.44 * 0.03)
    assert latency._managed_prefill_ms(1_023, 0, P) == pytest.approx(1_023 * 0.03)


def test_latency_parts_of_each_architecture():
    s = Scenario(corpus_documents=100)
    rag = advisor.latency(s, "rag").parts_ms
    # 400-token prefix (not cached) + 150 + 3,200 retrieved = 3,750 tokens x 0.03 ms
    assert rag == pytest.approx(
        {"model": 500.0, "prefill": 112.5, "queueing": 0.0, "retrieval": 120.0, "reranking": 0.0}
    )
    managed = latency.latency_parts(s, HY, P, "managed")
    assert managed == pytest.approx(
        {"model": 500.0, "prefill": 3_450 * 0.03, "queueing": 0.0, "retrieval": 120.0, "reranking": 0.0}
    )
    own = latency.latency_parts(Scenario(queries_per_month=0), FT, P, "self_hosted")
    assert own == pytest.approx(
        {"model": 15.0, "prefill": 250 * 0.019, "queueing": 0.0, "retrieval": 0.0, "reranking": 0.0}
    )


def test_queueing_grows_with_utilization_and_is_capped():
    assert latency.queueing_ms(0.5, 10.0) == 10.0  # 0.5 / 0.5 service times
    assert latency.queueing_ms(0.75, 10.0) == 30.0
    assert latency.MAX_UTILIZATION == 0.99
    # one GPU at a volume that would need more: the share is capped just below full
    p = {**P, "min_gpu_replicas": 1.0}
    s = Scenario(queries_per_month=10_000_000_000)
    curve = costs.cost_curve(s, FT, p, "self_hosted")
    one_gpu = costs.CostCurve(FT, {}, _monthly(costs.FleetTerm(1.0, 0.0, 1.0)), hosting="self_hosted")
    assert latency.gpu_utilization(s, 250, one_gpu, p) == 0.99
    # the fleet sized for the peak at 60% runs at about 60% at the peak (less after rounding up to whole GPUs)
    busy = latency.gpu_utilization(Scenario(queries_per_month=10_000_000), 250, curve, p)
    assert 0.0 < busy <= 0.6


def test_an_option_that_cannot_serve_has_no_latency():
    lat = advisor.latency(Scenario(corpus_documents=50_000), "prompting")
    assert not lat.feasible and lat.total_ms is None and lat.parts_ms == {} and lat.why_not
    assert set(advisor.latency_all(Scenario())) == set(Architecture)


# --- crossover -----------------------------------------------------------------------------------


def _line(base: float, per_query: float) -> costs.CostCurve:
    return costs.CostCurve(RAG, {}, _monthly(costs.Term(base=base, per_query=per_query)))


def test_two_straight_lines_cross_where_hand_arithmetic_says():
    # 1,000 + 0.01 v = 0.02 v at v = 100,000 (one month)
    assert first_crossing(_line(1_000.0, 0.01), _line(0.0, 0.02), 1) == pytest.approx(100_000.0)
    # they start equal: the crossing is at 0
    assert first_crossing(_line(0.0, 0.01), _line(0.0, 0.02), 1) == 0.0
    # parallel lines never cross, nor do lines that part
    assert first_crossing(_line(1_000.0, 0.01), _line(0.0, 0.01), 1) is None
    assert first_crossing(_line(1_000.0, 0.02), _line(0.0, 0.01), 1) is None
    # they meet exactly at the largest volume a scenario accepts (1e12): 1e10 + 0.01 v = 0.02 v
    assert first_crossing(_line(1e10, 0.01), _line(0.0, 0.02), 1) == pytest.approx(1e12)
    assert first_crossing(_line(1.0000001e10, 0.01), _line(0.0, 0.02), 1) is None


def test_a_floor_moves_the_crossing():
    # b pays at least 1,500 a month (its floor binds up to 75,000): a = 1,000 + 0.01 v reaches 1,500 at 50,000
    floored = costs.CostCurve(RAG, {}, _monthly(costs.Term(per_query=0.02, floor=1_500.0)))
    assert first_crossing(_line(1_000.0, 0.01), floored, 1) == pytest.approx(50_000.0)


def test_the_weekly_constant_is_weeks_over_months():
    assert pytest.approx(4.3333333333, rel=1e-9) == WEEKLY_UPDATES


# --- decision thresholds --------------------------------------------------------------------------


def test_the_low_volume_mark_is_exclusive():
    # 91,250 queries a month is 91,250 x 12 / 365 = 3,000 a day: at the mark, not under it
    at = recommend(Scenario(queries_per_month=91_250, corpus_documents=0)).finding("query_volume")
    under = recommend(Scenario(queries_per_month=91_249, corpus_documents=0)).finding("query_volume")
    assert "few-thousand-a-day mark" in under.explanation
    assert "few-thousand-a-day mark" not in at.explanation


def test_the_sub_100_ms_mark_is_exclusive():
    s = Scenario(corpus_documents=100)
    assert recommend(s.replace(latency_budget_ms=99.9)).finding("latency").points_to == "against retrieval"
    assert recommend(s.replace(latency_budget_ms=100.0)).finding("latency").points_to != "against retrieval"


def test_a_budget_equal_to_the_expected_latency_is_met():
    # no corpus, no need: prompting takes 500 + 16.5 ms
    s = Scenario(corpus_documents=0, queries_per_month=1_000)
    r = recommend(s.replace(latency_budget_ms=516.5))
    assert Architecture.PROMPTING in r.finding("latency").favors
    slower = recommend(s.replace(latency_budget_ms=516.4))
    assert Architecture.PROMPTING not in slower.finding("latency").favors


def test_a_deadline_equal_to_the_time_to_production_is_met():
    # prompting takes 3 weeks, RAG 8
    s = Scenario(corpus_documents=100, queries_per_month=1_000)
    on_time = recommend(s.replace(deadline_weeks=8))
    assert "deadline" not in on_time.ruled_out.get(RAG, "")
    late = recommend(s.replace(deadline_weeks=7.9))
    assert "past the 7.9-week deadline" in late.ruled_out[RAG]


def test_a_large_corpus_is_one_past_the_mark():
    s = Scenario(corpus_documents=5_000, queries_per_month=100_000)
    assert "beyond what fine-tuning holds" not in recommend(s).ruled_out.get(FT, "")
    assert "beyond what fine-tuning holds" in recommend(s.replace(corpus_documents=5_001)).ruled_out[FT]


def test_the_what_if_variants_use_the_weekly_rate_and_the_next_document():
    s = Scenario(corpus_documents=2_000, knowledge_updates_per_month=1, queries_per_month=100_000_000)
    r = recommend(s)
    assert r.architecture is FT  # monthly updates, a huge volume: a fine-tuned model
    assert any(c.startswith("If the knowledge changed weekly") for c in r.what_would_change)


def test_the_public_wrappers_pass_the_assumptions_on():
    own = Assumptions(finetune_hosting="self_hosted", gpu_usd_per_hour=2.0, training_usd_per_mtok_self_hosted=3.0)
    s = Scenario(corpus_documents=1_000)
    every = advisor.tco_all(s, own)
    assert list(every) == list(Architecture)
    assert all(every[a] == advisor.tco(s, a, own) for a in Architecture)
    assert every[FT].total != advisor.tco(s, FT).total
    # 3,000 examples x 500 tokens x 3 epochs x $3/M = $13.50, plus $2,000; re-indexing $100 + 10% x 1M tokens x $0.02/M
    assert advisor.knowledge_update_costs(s, own) == {"retrain_usd": 2_013.5, "reindex_usd": 100.002}
    lat = advisor.latency_all(s, Assumptions(managed_ttft_ms=100.0))
    assert lat[RAG].parts_ms["model"] == 100.0
    fits = advisor.context_fit_records(s, Assumptions(max_context_fill_fraction=0.5))
    gpt4o = next(r for r in fits if r["model"] == "openai/gpt-4o")
    assert gpt4o["usable_for_corpus"] == 0.5 * 128_000 - 850  # half the window, less the prompt's own tokens


def test_a_fleet_steps_where_each_gpu_is_added():
    # 250 tokens a query: 7.8446e-8 GPUs per (query a month); two GPUs always run, the third at 2 / that
    own = Assumptions(finetune_hosting="self_hosted")
    per_query = costs.gpus_needed_per_query(250, own.numbers())
    steps = costs.step_volumes(Scenario(), "fine_tuning", 0, 5e7, own)
    assert steps == pytest.approx([2 / per_query, 3 / per_query])
    assert costs.step_volumes(Scenario(), "fine_tuning", 0, 2e7, own) == []  # still on the two
    assert costs.step_volumes(Scenario(corpus_documents=100), "rag", 0, 5e7) == []  # nothing self-hosted


def test_gpu_utilization_reads_the_peak_over_the_fleet():
    # a fleet with no GPUs is idle; else peak queries x GPU-seconds each / seconds in a month / GPUs
    p = {**P, "peak_to_average_load": 2.0}
    none = costs.CostCurve(FT, {}, _monthly(), hosting="self_hosted")
    assert latency.gpu_utilization(Scenario(queries_per_month=1_000), 250, none, p) == 0.0
    four = costs.CostCurve(FT, {}, _monthly(costs.FleetTerm(1.0, 0.0, 4.0)), hosting="self_hosted")
    seconds = 250 / 67_000 + 300 / 8_000
    busy = 1_000_000 * 2.0 * seconds / (730 * 3_600) / 4
    assert latency.gpu_utilization(Scenario(queries_per_month=1_000_000), 250, four, p) == pytest.approx(busy)


def test_more_wrappers_pass_the_assumptions_on():
    s = Scenario(corpus_documents=100)
    more = Assumptions(system_prompt_tokens=1_000.0, finetune_hosting="self_hosted")
    assert advisor.query_tokens(s, "rag", more)["instructions"] == 1_000.0
    # a GPU at $1 an hour instead of $3.92 pays for itself at about a quarter of the volume
    cheap = advisor.hosting_crossover(s, "fine_tuning", Assumptions(gpu_usd_per_hour=1.0))
    assert cheap < 0.3 * advisor.hosting_crossover(s)
    managed = Assumptions(finetune_hosting="managed", training_usd_per_mtok_managed=3.0)
    # provider-hosted: 300 examples x 500 tokens x 3 epochs x $3/M = $1.35, plus $2,000 of people
    assert advisor.knowledge_update_costs(s, managed)["retrain_usd"] == pytest.approx(2_001.35)


def test_a_window_too_small_for_the_prompt_leaves_no_room_for_a_corpus():
    from advisor.core.context import usable_corpus_tokens

    # 75% of 1,000 tokens is 750, less than the 850 the prompt needs on its own: no room, not negative room
    assert usable_corpus_tokens(1_000, Scenario(), Assumptions()) == 0.0
    assert usable_corpus_tokens(2_000, Scenario(), Assumptions()) == 650.0


def test_a_curve_of_one_draw_keeps_why_not_and_hosting():
    own = costs.cost_curve(Scenario(corpus_documents=100), FT, P, "self_hosted")
    assert own.take(0).hosting == "self_hosted"
    out = costs.cost_curve(Scenario(corpus_documents=50_000), PR, P)
    assert out.take(0).why_not == out.why_not != ""


def test_step_volumes_lists_at_most_two_hundred():
    own = Assumptions(finetune_hosting="self_hosted", min_gpu_replicas=0.0)
    steps = costs.step_volumes(Scenario(), "fine_tuning", 0, 1e12, own)
    assert len(steps) == 200 and steps == sorted(steps)


# --- costs: the pieces the mutation run found untested (scripts/mutation.sh) -------------------------


def test_a_vector_store_by_hand():
    # 80M tokens in 800-token chunks: 100,000 chunks of 10 kB, 1 GB; two updates a month touch 10% each
    p = {**P, "bytes_per_indexed_chunk": 10_000}
    s = Scenario(corpus_documents=80_000, tokens_per_document=1_000, knowledge_updates_per_month=2)
    term = costs.vector_db_term(s, p)
    storage = 1.0 * 0.33
    writes = 2 * 0.1 * 100_000 * 4.0 / 1e6  # $0.08 of write units
    assert term.base == pytest.approx(storage + writes, rel=1e-12)
    assert term.per_query == pytest.approx(1.0 * 16.0 / 1e6, rel=1e-12)  # 1 GB read per query, at least 0.25
    assert term.floor == 50.0


def test_one_document_is_a_corpus_whose_updates_cost():
    one = Scenario(corpus_documents=1, knowledge_updates_per_month=2)
    monthly = advisor.tco(one, "rag").monthly["knowledge_updates"]
    assert monthly > 0 and advisor.tco(one.replace(corpus_documents=0), "rag").monthly["knowledge_updates"] == 0


@pytest.mark.parametrize(
    "cost",
    [
        costs.training_run_usd,
        costs.retrain_usd,
        costs.retirement_usd,
        costs.provider_move_usd,
        costs.mlops_hours_per_month,
        costs.pilot_query_usd,
        costs.pilot_setup_usd,
    ],
)
def test_a_fine_tuned_model_is_self_hosted_unless_told(cost):
    s = Scenario(corpus_documents=100, base_model_retires_in_months=6, provider_moves=1)
    assert cost(s, FT, P) == cost(s, FT, P, "self_hosted")
    assert cost(s, FT, P) != cost(s, FT, P, "managed")  # the two hostings differ here, so the default shows


def test_cost_curve_and_risk_terms_default_to_self_hosted():
    s = Scenario(corpus_documents=100, base_model_retires_in_months=6)
    assert costs.cost_curve(s, FT, P).hosting == "self_hosted"
    assert costs.risk_terms(s, FT, P) == costs.risk_terms(s, FT, P, "self_hosted")
    assert costs.risk_terms(s, FT, P) != costs.risk_terms(s, FT, P, "managed")


def test_fleet_steps_by_hand():
    fleet = costs.FleetTerm(usd_per_gpu_month=1_000.0, gpus_per_query=1e-3, min_gpus=0.0)  # a GPU per 1,000
    assert fleet.steps(0, 3_000) == [1_000.0, 2_000.0, 3_000.0]  # no step at zero volume
    assert fleet.steps(2_500, 5_000) == [3_000.0, 4_000.0, 5_000.0]
    assert fleet.steps(2_000, 2_000) == [2_000.0] and fleet.steps(1_000, 1_500) == [1_000.0]
    assert fleet.steps(2_500, 2_900) == [] and fleet.steps(3_000, 2_000) == []
    assert fleet.steps(0, 9_000, limit=3) == [1_000.0, 5_000.0, 9_000.0]  # too many: spread over the range
    floor = costs.FleetTerm(usd_per_gpu_month=1_000.0, gpus_per_query=1e-3, min_gpus=2.0)
    assert floor.steps(0, 3_000) == [2_000.0, 3_000.0]  # the first two GPUs are always on


def test_a_curve_in_fractions_of_a_gpu_by_hand():
    fleet = costs.FleetTerm(usd_per_gpu_month=1_000.0, gpus_per_query=1e-3, min_gpus=1.0)
    curve = costs.CostCurve(FT, {"initial_build": 500.0}, _monthly(fleet))
    # 2,500 queries need 2.5 GPUs: 3 whole, 1.5 beyond the always-on one in fractions
    assert curve.monthly_at(2_500)["inference"] == 2_000.0
    assert curve.monthly_at(2_500, whole=False)["inference"] == 1_500.0
    assert curve.total_at(2_500, 2) == 4_500.0 and curve.total_at(2_500, 2, whole=False) == 3_500.0


def test_kinks_of_floors_at_their_edges():
    assert costs.Term(base=0.0, per_query=2.0, floor=1.0).kink() == 0.5  # a kink below one query still counts
    assert math.isnan(costs.Term(base=5.0, per_query=1.0, floor=5.0).kink())  # binds nowhere above zero
    assert math.isnan(costs.Term(base=0.0, per_query=0.0, floor=5.0).kink())  # binds everywhere


def test_what_cannot_serve_is_marked_and_keeps_no_costs():
    out = advisor.tco(Scenario(corpus_documents=50_000), "prompting")
    assert out.feasible is False and out.one_time == {} and out.monthly == {} and out.total is None
    assert out.hosting == ""
    fine = advisor.tco(Scenario(corpus_documents=100), "hybrid", Assumptions(finetune_hosting="self_hosted"))
    assert fine.why_not == "" and fine.feasible is True and fine.hosting == "self_hosted"
    direct = advisor.TCO(RAG, 24, 1e5, {"initial_build": 1.0}, {"inference": 1.0}, feasible=False, why_not="no")
    assert direct.one_time == {} and direct.monthly == {}


def test_a_wrong_type_is_named_in_the_error():
    with pytest.raises(ValueError, match="scenario must be an advisor.Scenario, got str"):
        advisor.tco("a scenario", "rag")
    with pytest.raises(ValueError, match="assumptions must be an advisor.Assumptions, got dict"):
        advisor.tco(Scenario(), "rag", {"gpu_usd_per_hour": 2})


def test_knowledge_update_costs_read_the_assumptions_given():
    s = Scenario(corpus_documents=1_000)
    cheap = Assumptions(finetune_hosting="self_hosted", training_usd_per_mtok_self_hosted=3.0)
    dear = cheap.replace(training_usd_per_mtok_self_hosted=30.0, retrain_labour_usd=0)
    assert advisor.knowledge_update_costs(s, cheap) != advisor.knowledge_update_costs(s, dear)


def test_auto_hosting_meets_a_budget_equal_to_the_wait():
    """A budget exactly the managed endpoint's time to first token still admits it (<=, not <), and then
    the cheaper of the two hostings runs the model: at no volume, the endpoint (no GPUs to keep on)."""
    s = Scenario(queries_per_month=0, corpus_documents=100)
    managed = advisor.latency(s, "fine_tuning", Assumptions(finetune_hosting="managed")).total_ms
    assert managed == pytest.approx(507.5)  # 500 ms + 30 ms per 1k of 250 tokens
    auto = Assumptions(finetune_hosting="auto")
    assert costs.curve_for(s.replace(latency_budget_ms=managed), FT, auto).hosting == "managed"
    assert costs.curve_for(s.replace(latency_budget_ms=managed - 0.01), FT, auto).hosting == "self_hosted"


def test_a_fine_tuned_prompt_must_fit_the_window_of_the_model_on_your_gpus():
    # a hybrid's prompt: 100 instructions + 150 question + 3,200 retrieved + 300 answer = 3,750 tokens;
    # 75% of a 5,000-token window is 3,750 (fits), of 4,999 is 3,749.25 (does not)
    s = Scenario(corpus_documents=3_000)
    own = Assumptions(finetune_hosting="self_hosted")
    assert advisor.tco(s, "hybrid", own.replace(selfhosted_context_window_tokens=5_000)).feasible
    tight = own.replace(selfhosted_context_window_tokens=4_999)
    assert advisor.feasibility(s, "hybrid", tight) == (
        "The retrieved chunks (3,200 tokens) with the fine-tuned model's instructions, question and answer need "
        "3,750 tokens a query, and 75% of the 4,999-token window of the self-hosted model is 3,749."
    )
    assert advisor.tco(s, "hybrid", tight).total is None
    # fine-tuning alone: 550 tokens, so 734 tokens fit (550.5) and 733 do not (549.75)
    assert advisor.tco(s, "fine_tuning", own.replace(selfhosted_context_window_tokens=734)).feasible
    assert advisor.feasibility(s, "fine_tuning", own.replace(selfhosted_context_window_tokens=733)).startswith(
        "The fine-tuned model's instructions, question and answer need 550 tokens a query"
    )
    # the provider's endpoint is not held to the self-hosted window, and auto hosting then takes it
    assert advisor.tco(s, "hybrid", tight.replace(finetune_hosting="managed")).feasible
    auto = tight.replace(finetune_hosting="auto")
    assert advisor.tco(s, "hybrid", auto).hosting == "managed" and advisor.feasibility(s, "hybrid", auto) == ""
    # even at a volume where your own GPUs would be the cheaper place, were the prompt to fit
    busy = s.replace(queries_per_month=30_000_000)
    assert costs.curve_for(busy, HY, own.replace(finetune_hosting="auto")).hosting == "self_hosted"
    assert costs.curve_for(busy, HY, auto).hosting == "managed" and advisor.tco(busy, "hybrid", auto).feasible


def test_when_every_option_fails_a_need_the_one_that_runs_is_recommended_and_the_conflict_said():
    tiny = Assumptions(selfhosted_context_window_tokens=1_000)  # on premises: no retrieval fits
    s = Scenario(corpus_documents=100_000, data_residency="on_premises", behavior_needs=["brand_voice"])
    r = recommend(s, tiny)
    assert r.architecture is FT and set(r.ruled_out) == {PR, RAG, FT, HY}
    assert "it is the only architecture that can run at all" in r.summary
    assert r.conflicts[0] == (
        "No architecture meets every need: fine-tuning is recommended because it can run at all, though 100k "
        "documents is beyond what fine-tuning holds reliably (heuristic: 5,000). Revisit the assumptions that rule "
        "out the others."
    )
    assert not any(c.startswith("No architecture meets every need") for c in recommend(s).conflicts)


def test_nothing_to_recommend_when_no_option_can_run():
    huge = Assumptions(finetune_hosting="self_hosted", finetuned_prompt_tokens=1e6, system_prompt_tokens=1e6)
    s = Scenario(corpus_documents=100)
    assert not any(advisor.tco(s, arch, huge).feasible for arch in Architecture)
    with pytest.raises(
        ValueError, match=r"^no architecture can serve this scenario with these assumptions\. Prompting"
    ):
        recommend(s, huge)
    # the calculator shows that sentence in place of a result, and keeps the reader's inputs
    from advisor.core import calculators

    out = calculators.run(
        "decision", "finetune_hosting=self_hosted&finetuned_prompt_tokens=1000000&system_prompt_tokens=1000000"
    )
    assert out["ok"] is False and out["error"].startswith("no architecture can serve this scenario")

"""The crossover: calibrated against the seed's band, and consistent with tco()."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import advisor
from advisor import Architecture, Scenario, crossover_volume, tco

_CLAIM = advisor.assumptions_table().loc["seed_crossover_queries_per_month"]
SEED_BAND = (_CLAIM["low"], _CLAIM["high"])  # the seed's 500k-1M, from the assumptions table


# The seed's case for fine-tuning: a smaller model on dedicated infrastructure (own GPUs).
OWN_GPUS = advisor.Assumptions(finetune_hosting="self_hosted")


def gap(s, volume, a=OWN_GPUS):
    v = s.replace(queries_per_month=volume)
    return tco(v, Architecture.FINE_TUNING, a).total - tco(v, Architecture.RAG, a).total


@pytest.mark.parametrize("documents", [2_000, 3_000, 4_000, 5_000])
@pytest.mark.parametrize("updates", [0, 1 / 3])  # never, quarterly
def test_calibration_lands_in_the_seeds_band(documents, updates):
    """Rarely-changing knowledge, a few thousand documents, no behaviour needs: the seed's 500k-1M."""
    s = Scenario(knowledge_updates_per_month=updates, corpus_documents=documents)
    v = crossover_volume(s, OWN_GPUS)
    assert SEED_BAND[0] <= v <= SEED_BAND[1]


def test_crossing_is_honest():
    s = Scenario(knowledge_updates_per_month=1 / 3, corpus_documents=3_000)
    v = crossover_volume(s, OWN_GPUS)
    rag = tco(s.replace(queries_per_month=v), Architecture.RAG, OWN_GPUS).total
    assert gap(s, v) == pytest.approx(0, abs=1e-6 * rag)
    assert gap(s, v / 2) > 0.05 * rag  # well below: RAG clearly cheaper
    assert gap(s, v * 2) < -0.05 * rag  # well above: fine-tuning clearly cheaper


def test_a_managed_fine_tune_endpoint_crosses_much_earlier():
    s = Scenario(knowledge_updates_per_month=1 / 3, corpus_documents=3_000)
    managed = crossover_volume(s, advisor.Assumptions(finetune_hosting="managed"))
    assert managed < SEED_BAND[0] < crossover_volume(s, OWN_GPUS)
    # "auto" resolves the hosting at the scenario's volume (100k a month here): the endpoint is cheaper there
    assert crossover_volume(s) == managed


def test_cheaper_gpus_and_one_replica_move_it_down():
    s = Scenario(knowledge_updates_per_month=1 / 3, corpus_documents=3_000)
    base = crossover_volume(s, OWN_GPUS)
    assert crossover_volume(s, OWN_GPUS.replace(gpu_usd_per_hour=2.69)) < base
    assert crossover_volume(s, OWN_GPUS.replace(min_gpu_replicas=1)) < base
    assert crossover_volume(s, OWN_GPUS.replace(gpu_usd_per_hour=6.88)) > base


def test_a_cheap_managed_model_pushes_it_far_away():
    s = Scenario(knowledge_updates_per_month=1 / 3, corpus_documents=3_000)
    cheap = crossover_volume(s, OWN_GPUS.replace(managed_model="openai/gpt-4o-mini"))
    assert cheap is None or cheap > 10 * crossover_volume(s, OWN_GPUS)


def test_never_crossing_gives_none():
    # free managed tokens and no retrieval overhead beyond the plan minimum: fine-tuning never pays
    a = OWN_GPUS.replace(
        managed_input_usd_per_mtok=0,
        managed_output_usd_per_mtok=0,
        managed_cache_read_usd_per_mtok=0,
        managed_cache_write_usd_per_mtok=0,
        vector_db_read_usd_per_million_units=0,
        embedding_usd_per_mtok=0,
    )
    s = Scenario(corpus_documents=3_000)
    assert crossover_volume(s, a) is None
    assert all(gap(s, v, a) > 0 for v in [0, 1e3, 1e6, 1e9, 1e12])


def test_crossover_between_any_pair_is_symmetric(issue_example):
    there = advisor.crossover_between(issue_example, "rag", "hybrid", OWN_GPUS)
    back = advisor.crossover_between(issue_example, "hybrid", "rag", OWN_GPUS)
    assert there == pytest.approx(back)


def test_an_option_has_no_crossover_with_itself_nor_with_what_cannot_serve(issue_example):
    with pytest.raises(ValueError, match="two different architectures"):
        advisor.crossover_between(issue_example, "rag", "rag")
    # 8M tokens fit no window: prompting has no cost line to cross
    with pytest.raises(ValueError, match="Prompting only cannot serve"):
        advisor.crossover_between(issue_example, "prompting", "rag")


def test_a_crossing_at_a_gpu_step_is_the_volume_after_which_the_order_changes():
    # Fine-tuning on whole GPUs against a flat alternative: the flat cost sits between the cost of two
    # and three GPUs, so the order changes exactly where the third GPU is added.
    a = OWN_GPUS.replace(
        prefill_tokens_per_gpu_second=1_000,
        decode_tokens_per_gpu_second=100,
        peak_to_average_load=1,
        target_gpu_utilization=1,
        periodic_retrains_per_month=0,
        maintenance_fte_finetuning=0,
        build_finetuning_usd=0,
        example_curation_usd=0,
        training_usd_per_mtok_self_hosted=0,
    )
    s = Scenario(corpus_documents=0, horizon_months=1)
    ft = advisor.core.costs.curve_for(s, Architecture.FINE_TUNING, a)
    gpu_month = 3.92 * 730
    step = 2 * 2_628_000 / 3.25  # two GPUs' worth of queries: the third is added just past it
    flat = advisor.core.costs.CostCurve(
        Architecture.PROMPTING,
        {"initial_build": 2.5 * gpu_month, "data_preparation": 0.0},
        {"infrastructure": (), "inference": (), "knowledge_updates": (), "maintenance": ()},
    )
    assert advisor.core.crossover.first_crossing(ft, flat, 1) == pytest.approx(step, rel=1e-9)
    assert float(ft.total_at(step, 1)) == pytest.approx(2 * gpu_month)
    assert float(ft.total_at(step * 1.000001, 1)) == pytest.approx(3 * gpu_month)


@settings(max_examples=80, deadline=None)
@given(
    updates=st.floats(0, 40),
    documents=st.integers(1, 200_000),
    tokens=st.integers(100, 5_000),
    needs=st.lists(st.sampled_from(sorted(advisor.BEHAVIOR_NEEDS)), max_size=2),
    horizon=st.integers(1, 60),
    gpu=st.floats(0.5, 12),
    replicas=st.integers(0, 4),
    hosting=st.sampled_from(["self_hosted", "managed"]),
)
def test_crossover_is_consistent_with_tco(updates, documents, tokens, needs, horizon, gpu, replicas, hosting):
    s = Scenario(
        knowledge_updates_per_month=updates,
        corpus_documents=documents,
        tokens_per_document=tokens,
        behavior_needs=needs,
        horizon_months=horizon,
    )
    a = advisor.Assumptions(gpu_usd_per_hour=gpu, min_gpu_replicas=replicas, finetune_hosting=hosting)
    v = crossover_volume(s, a)
    scale = tco(s.replace(queries_per_month=1e6), Architecture.RAG, a).total
    if v is None:
        signs = {np.sign(gap(s, x, a)) for x in [0, 1e2, 1e4, 1e6, 1e8, 1e10, 1e12]}
        assert len(signs) == 1
        return
    assert v >= 0
    tolerance = 1e-6 * max(scale, tco(s.replace(queries_per_month=v), Architecture.RAG, a).total)
    start = gap(s, 0, a)
    if v > 0:
        # up to the crossing the order is the one at zero volume; just past it, it has changed
        assert all(
            np.sign(gap(s, x, a)) == np.sign(start) or abs(gap(s, x, a)) <= tolerance for x in (v * 0.5, v * 0.999)
        )
        after = gap(s, min(v * (1 + 1e-6) + 1e-3, 1e12), a)
        assert np.sign(after) != np.sign(start) or abs(after) <= tolerance
        # the two are equal there, or the crossing is a GPU step (fine-tuning self-hosted)
        assert abs(gap(s, v, a)) <= tolerance or hosting == "self_hosted"


def test_vectorized_crossing_matches_the_scalar_one():
    """simulate() solves thousands of crossings at once; each must equal crossover_volume for its draw."""
    s = Scenario(knowledge_updates_per_month=1, corpus_documents=4_000)
    draws = advisor.simulate(s, n=25, seed=3, assumptions=OWN_GPUS)
    names = draws.attrs["parameters"]
    for _, row in draws.iterrows():
        a = OWN_GPUS.replace(
            **{n: (int(row[n]) if n in ("retrieved_chunks", "min_gpu_replicas") else float(row[n])) for n in names}
        )
        expected = crossover_volume(s, a)
        got = row["crossover_queries_per_month"]
        if expected is None:
            assert got is None or got is np.nan or str(got) == "<NA>"
        else:
            assert float(got) == pytest.approx(expected, rel=1e-9)


def test_draws_that_never_cross_have_no_crossover():
    """A draw where the two never cross must say so (NA), not report a volume."""
    free = dict(
        managed_input_usd_per_mtok=0,
        managed_output_usd_per_mtok=0,
        managed_cache_read_usd_per_mtok=0,
        managed_cache_write_usd_per_mtok=0,
        vector_db_read_usd_per_million_units=0,
        embedding_usd_per_mtok=0,
    )
    a = OWN_GPUS.replace(**free, ranges={"gpu_usd_per_hour": (1.0, 8.0)})
    draws = advisor.simulate(Scenario(corpus_documents=3_000), n=20, seed=1, assumptions=a)
    assert draws["crossover_queries_per_month"].isna().all()
    # and a mix: managed prices high enough in some draws to cross, zero in others
    mixed = OWN_GPUS.replace(
        **{**free, "managed_output_usd_per_mtok": 1.0}, ranges={"managed_output_usd_per_mtok": (0.0, 60.0)}
    )
    table = advisor.simulate(Scenario(corpus_documents=3_000), n=200, seed=2, assumptions=mixed)
    crosses = table["crossover_queries_per_month"].notna()
    assert 0 < crosses.sum() < len(table)


# --- the search itself, on cost curves built by hand (horizon: one month, so totals are easy to read) ---

Term, FleetTerm, CostCurve = advisor.core.costs.Term, advisor.core.costs.FleetTerm, advisor.core.costs.CostCurve
first_crossing = advisor.core.crossover.first_crossing


def curve(one_time=0.0, *terms):
    """A cost curve of ``one_time`` dollars plus monthly ``terms`` (all as inference)."""
    empty = {"infrastructure": (), "knowledge_updates": (), "maintenance": ()}
    return CostCurve(Architecture.RAG, {"initial_build": one_time}, {**empty, "inference": tuple(terms)})


def test_a_crossing_below_one_query_a_month():
    # $1 + $2 a query against a flat $2: equal at half a query a month
    assert first_crossing(curve(1.0, Term(per_query=2.0)), curve(2.0), 1) == 0.5
    assert first_crossing(curve(2.0), curve(1.0, Term(per_query=2.0)), 1) == 0.5


@pytest.mark.parametrize("difference", [0.5, 1.0, 2.0, -0.5, -1.0])
def test_a_constant_difference_never_crosses(difference):
    """Two curves a fixed number of dollars apart (here under and at a dollar) never cost the same."""
    line = Term(base=10.0, per_query=0.01)
    assert first_crossing(curve(difference, line), curve(0.0, line), 1) is None
    # with kinks between them as well (a floor that stops binding at 1,000 queries)
    floored = Term(base=0.0, per_query=0.01, floor=10.0)
    assert first_crossing(curve(difference, floored), curve(0.0, floored), 1) is None


def test_costs_equal_at_zero_cross_at_zero():
    # equal at no volume, apart after: the first volume where they cost the same is 0
    assert first_crossing(curve(1.0, Term(per_query=1.0)), curve(1.0, Term(per_query=2.0)), 1) == 0.0
    # and when the other side's first GPU comes just after zero (a fleet with no minimum)
    gpus = FleetTerm(usd_per_gpu_month=100.0, gpus_per_query=1e-3, min_gpus=0.0)
    assert first_crossing(curve(1.0), curve(1.0, gpus), 1) == 0.0
    # the first GPU, bought at any volume above zero, flips the order there: $50 cheaper, then $50 dearer
    assert first_crossing(curve(50.0), curve(0.0, gpus), 1) == 0.0


def test_a_crossing_at_a_gpu_step_found_within_a_short_stretch_between_kinks():
    """A self-hosted fleet at $1,000 per GPU-month, a GPU for every 1,000 queries (a dollar a query in
    fractions of a GPU), against 99 cents a query and $5,000.50 up front. In fractions of a GPU the gap
    closes at a cent a query, so it is within one GPU's cost of zero from 400,050 queries on; in whole
    GPUs the fleet is dearer right after each step, first by more than the gap at 401,000 queries."""
    gpus = FleetTerm(usd_per_gpu_month=1_000.0, gpus_per_query=1e-3, min_gpus=0.0)
    # two floors worth a millionth of a dollar: kinks at 390,500 and 410,500 queries, so the search's
    # stretch around the crossing is 20,000 queries long, shorter than the whole range
    kinks = (Term(per_query=1e-12, floor=390_500e-12), Term(per_query=1e-12, floor=410_500e-12))
    fleet, flat = curve(0.0, gpus, *kinks), curve(5_000.5, Term(per_query=0.99))
    volume = first_crossing(fleet, flat, 1)
    assert volume == pytest.approx(401_000, rel=1e-12)
    # hand-worked: just before, the fleet (401 GPUs) is cheaper; just after (402 GPUs), dearer
    assert float(fleet.total_at(401_000, 1)) == pytest.approx(401_000)
    assert float(flat.total_at(401_000, 1)) == pytest.approx(5_000.5 + 396_990)
    assert float(fleet.total_at(401_001, 1)) == pytest.approx(402_000)
    assert float(flat.total_at(401_001, 1)) == pytest.approx(5_000.5 + 396_990.99)
    # and the same answer from the other side
    assert first_crossing(flat, fleet, 1) == volume

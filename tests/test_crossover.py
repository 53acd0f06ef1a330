"""The crossover: calibrated against the seed's band, and consistent with tco()."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import advisor
from advisor import Architecture, Scenario, crossover_volume, tco

_CLAIM = advisor.assumptions_table().loc["seed_crossover_queries_per_month"]
SEED_BAND = (_CLAIM["low"], _CLAIM["high"])  # the seed's 500k-1M, from the assumptions table


def gap(s, volume, a=None):
    v = s.replace(queries_per_month=volume)
    return tco(v, Architecture.FINE_TUNING, a).total - tco(v, Architecture.RAG, a).total


@pytest.mark.parametrize("documents", [2_000, 3_000, 4_000, 5_000])
@pytest.mark.parametrize("updates", [0, 1 / 3])  # never, quarterly
def test_calibration_lands_in_the_seeds_band(documents, updates):
    """Rarely-changing knowledge, a few thousand documents, no behaviour needs: the seed's 500k-1M."""
    s = Scenario(knowledge_updates_per_month=updates, corpus_documents=documents)
    v = crossover_volume(s)
    assert SEED_BAND[0] <= v <= SEED_BAND[1]


def test_crossing_is_honest():
    s = Scenario(knowledge_updates_per_month=1 / 3, corpus_documents=3_000)
    v = crossover_volume(s)
    rag = tco(s.replace(queries_per_month=v), Architecture.RAG).total
    assert gap(s, v) == pytest.approx(0, abs=1e-6 * rag)
    assert gap(s, v / 2) > 0.05 * rag  # well below: RAG clearly cheaper
    assert gap(s, v * 2) < -0.05 * rag  # well above: fine-tuning clearly cheaper


def test_a_managed_fine_tune_endpoint_crosses_much_earlier():
    s = Scenario(knowledge_updates_per_month=1 / 3, corpus_documents=3_000)
    managed = crossover_volume(s, advisor.Assumptions(finetune_hosting="managed"))
    assert managed < SEED_BAND[0] < crossover_volume(s)


def test_cheaper_gpus_and_one_replica_move_it_down():
    s = Scenario(knowledge_updates_per_month=1 / 3, corpus_documents=3_000)
    base = crossover_volume(s)
    assert crossover_volume(s, advisor.Assumptions(gpu_usd_per_hour=2.69)) < base
    assert crossover_volume(s, advisor.Assumptions(min_gpu_replicas=1)) < base
    assert crossover_volume(s, advisor.Assumptions(gpu_usd_per_hour=6.88)) > base


def test_a_cheap_managed_model_pushes_it_far_away():
    s = Scenario(knowledge_updates_per_month=1 / 3, corpus_documents=3_000)
    cheap = crossover_volume(s, advisor.Assumptions(managed_model="openai/gpt-4o-mini"))
    assert cheap is None or cheap > 10 * crossover_volume(s)


def test_never_crossing_gives_none():
    # free managed tokens and no retrieval overhead beyond the plan minimum: fine-tuning never pays
    a = advisor.Assumptions(managed_input_usd_per_mtok=0, managed_output_usd_per_mtok=0,
                            managed_cache_read_usd_per_mtok=0, managed_cache_write_usd_per_mtok=0,
                            vector_db_read_usd_per_million_units=0, embedding_usd_per_mtok=0)
    s = Scenario(corpus_documents=3_000)
    assert crossover_volume(s, a) is None
    assert all(gap(s, v, a) > 0 for v in [0, 1e3, 1e6, 1e9, 1e12])


def test_crossover_between_any_pair_is_symmetric(issue_example):
    there = advisor.crossover_between(issue_example, "prompting", "hybrid")
    back = advisor.crossover_between(issue_example, "hybrid", "prompting")
    assert there == pytest.approx(back)


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
    s = Scenario(knowledge_updates_per_month=updates, corpus_documents=documents, tokens_per_document=tokens,
                 behavior_needs=needs, horizon_months=horizon)
    a = advisor.Assumptions(gpu_usd_per_hour=gpu, min_gpu_replicas=replicas, finetune_hosting=hosting)
    v = crossover_volume(s, a)
    scale = tco(s.replace(queries_per_month=1e6), Architecture.RAG, a).total
    if v is None:
        signs = {np.sign(gap(s, x, a)) for x in [0, 1e2, 1e4, 1e6, 1e8, 1e10, 1e12]}
        assert len(signs) == 1
        return
    assert v >= 0
    assert abs(gap(s, v, a)) <= 1e-6 * max(scale, tco(s.replace(queries_per_month=v), Architecture.RAG, a).total)
    if v > 0:
        before, after = gap(s, v * 0.999, a), gap(s, min(v * 1.001, 1e12), a)
        assert np.sign(before) != np.sign(after) or after == 0


def test_vectorised_crossing_matches_the_scalar_one():
    """simulate() solves thousands of crossings at once; each must equal crossover_volume for its draw."""
    s = Scenario(knowledge_updates_per_month=1, corpus_documents=4_000)
    draws = advisor.simulate(s, n=25, seed=3)
    names = draws.attrs["parameters"]
    for _, row in draws.iterrows():
        a = advisor.Assumptions(**{n: (int(row[n]) if n in ("retrieved_chunks", "min_gpu_replicas") else float(row[n])) for n in names})
        expected = crossover_volume(s, a)
        got = row["crossover_queries_per_month"]
        if expected is None:
            assert got is None or got is np.nan or str(got) == "<NA>"
        else:
            assert float(got) == pytest.approx(expected, rel=1e-9)

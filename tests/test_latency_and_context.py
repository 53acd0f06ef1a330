"""Time to first token and context fit, by hand."""

import pytest

import advisor
from advisor import Architecture, Scenario, latency


def test_rag_latency_by_hand():
    lat = latency(Scenario(corpus_documents=10_000), Architecture.RAG)
    # 500 ms model + 30 ms per 1k tokens x (400 + 150 + 3,200) + 120 ms retrieval
    assert lat.parts_ms == {"model": 500, "prefill": pytest.approx(112.5), "retrieval": 120, "reranking": 0}
    assert lat.total_ms == pytest.approx(732.5)


def test_retrieval_is_what_separates_hybrid_from_fine_tuning():
    s = Scenario(corpus_documents=10_000)
    a = advisor.Assumptions(reranker_latency_ms=150)
    hybrid, tuned = latency(s, "hybrid", a), latency(s, "fine_tuning", a)
    # 40 ms base; prefill of 250 vs 3,450 tokens at 15 ms per 1k; 120 ms retrieval + 150 ms reranking
    assert tuned.total_ms == pytest.approx(40 + 15 * 0.25)
    assert hybrid.total_ms == pytest.approx(40 + 15 * 3.45 + 120 + 150)


def test_caching_shortens_a_long_stuffed_prompt():
    s = Scenario(corpus_documents=100, tokens_per_document=1_000)
    cold = latency(s, "prompting", advisor.Assumptions(cache_hit_rate=0)).total_ms
    warm = latency(s, "prompting", advisor.Assumptions(cache_hit_rate=1)).total_ms
    # the cached 100,400-token prefix is read 70% faster: 30 ms/1k x 100.4k x 0.7 saved
    assert cold - warm == pytest.approx(30 * 100.4 * 0.7)


def test_managed_endpoint_has_the_managed_base_latency():
    lat = latency(Scenario(), "fine_tuning", advisor.Assumptions(finetune_hosting="managed"))
    assert lat.parts_ms["model"] == 500


def test_usable_context_by_hand(defaults):
    from advisor.context import usable_corpus_tokens

    # 75% of 128k, less 400 system + 150 question + 300 answer + 800 for one behaviour need
    s = Scenario(behavior_needs=["brand_voice"])
    assert usable_corpus_tokens(128_000, s, defaults) == 96_000 - 1_650


def test_fit_against_every_model():
    fit = advisor.context_fit(Scenario(corpus_documents=150, tokens_per_document=1_000))
    by_model = fit.set_index("model")
    assert not by_model.loc["openai/gpt-4o", "fits"]  # 150k tokens in a 128k window
    # Sonnet 4.5: 200k x 0.75 - 850 = 149,150 usable, just short of 150k
    assert not by_model.loc["anthropic/claude-sonnet-4-5", "fits"]
    assert by_model.loc["anthropic/claude-sonnet-4-5", "usable_for_corpus"] == 149_150
    assert by_model.loc["openai/gpt-4.1", "fits"]
    assert (fit["share_of_window"] == 150_000 / fit["context_window"]).all()
    assert not fit["model"].str.contains("embedding").any()


def test_corpus_fits_uses_the_chosen_model():
    s = Scenario(corpus_documents=300)
    assert not advisor.corpus_fits(s)
    assert advisor.corpus_fits(s, advisor.Assumptions(managed_model="openai/gpt-4.1"))

"""Time to first token and context fit, by hand."""

import pytest

import advisor
from advisor import Architecture, Scenario, latency

GPT4O = advisor.Assumptions(managed_model="openai/gpt-4o")


def test_rag_latency_by_hand():
    lat = latency(Scenario(corpus_documents=10_000), Architecture.RAG, GPT4O)
    # 500 ms model + 30 ms per 1k tokens x (400 + 150 + 3,200) + 120 ms retrieval
    assert lat.parts_ms == {
        "model": 500,
        "prefill": pytest.approx(112.5),
        "queueing": 0,
        "retrieval": 120,
        "reranking": 0,
    }
    assert lat.total_ms == pytest.approx(732.5)


def test_retrieval_is_what_separates_hybrid_from_fine_tuning():
    s = Scenario(queries_per_month=0, corpus_documents=10_000)  # no load: no queue
    a = advisor.Assumptions(
        reranker_latency_ms=150,
        finetune_hosting="self_hosted",
        selfhosted_ttft_ms=40,
        selfhosted_prefill_ms_per_1k_tokens=15,
    )
    hybrid, tuned = latency(s, "hybrid", a), latency(s, "fine_tuning", a)
    # 40 ms base; prefill of 250 vs 3,450 tokens at 15 ms per 1k; 120 ms retrieval + 150 ms reranking
    assert tuned.total_ms == pytest.approx(40 + 15 * 0.25)
    assert hybrid.total_ms == pytest.approx(40 + 15 * 3.45 + 120 + 150)


def test_a_busy_self_hosted_fleet_adds_queueing():
    a = advisor.Assumptions(
        finetune_hosting="self_hosted",
        selfhosted_prefill_ms_per_1k_tokens=20,
        prefill_tokens_per_gpu_second=1_000,
        decode_tokens_per_gpu_second=100,
        peak_to_average_load=1,
        target_gpu_utilization=0.8,
        min_gpu_replicas=1,
    )
    # 3.25 GPU-seconds a query; 2,628,000 s a month; one GPU at 80% serves 646,892 queries a month
    v = 2_628_000 * 0.8 / 3.25
    lat = latency(Scenario(queries_per_month=v, corpus_documents=100), "fine_tuning", a)
    # utilisation 0.8 of the single GPU: M/M/1 wait 0.8 / 0.2 = 4 service times of 5 ms prefill (250 tokens)
    assert lat.parts_ms["queueing"] == pytest.approx(4 * 20 * 0.25)
    # one more query needs a second GPU: utilisation halves, and so does the wait's share
    busier = latency(Scenario(queries_per_month=v * 1.01, corpus_documents=100), "fine_tuning", a)
    assert busier.parts_ms["queueing"] == pytest.approx((0.404 / 0.596) * 5, rel=1e-3)
    idle = latency(Scenario(queries_per_month=0, corpus_documents=100), "fine_tuning", a)
    assert idle.parts_ms["queueing"] == 0


def test_on_premises_prompting_and_rag_are_timed_on_the_self_hosted_model():
    """On premises the cost prices own GPUs for prompting and RAG; the time to first token is theirs too."""
    a = advisor.Assumptions(
        selfhosted_ttft_ms=40,
        selfhosted_prefill_ms_per_1k_tokens=20,
        cache_hit_rate=0.5,
        prefill_tokens_per_gpu_second=1_000,
        decode_tokens_per_gpu_second=100,
        peak_to_average_load=1,
        target_gpu_utilization=0.8,
        min_gpu_replicas=1,
    )
    idle = Scenario(queries_per_month=0, corpus_documents=10, data_residency="on_premises")  # 10,000 tokens
    prompting, rag = latency(idle, "prompting", a), latency(idle, "rag", a)
    # the prefix (400 instructions + 10,000 corpus) is read on half the queries, the 150-token question on all:
    # 40 ms + 20 ms/1k x (5,200 + 150)
    assert prompting.parts_ms == {
        "model": 40,
        "prefill": pytest.approx(107),
        "queueing": 0,
        "retrieval": 0,
        "reranking": 0,
    }
    # RAG: 400 x 50% + 150 + 3,200 chunks = 3,550 tokens, and 120 ms of retrieval
    assert rag.total_ms == pytest.approx(40 + 20 * 3.55 + 120)
    # and the managed model's 500 ms base when the data may leave
    assert latency(Scenario(queries_per_month=0, corpus_documents=10), "rag", a).parts_ms["model"] == 500
    # at load the fleet the cost sizes queues: 5.35 GPU-seconds of prefill + 3 of decoding a query,
    # one GPU at 80%: wait 0.8 / 0.2 = 4 service times of the 107 ms prefill
    v = 2_628_000 * 0.8 / (5.35 + 3)
    busy = latency(Scenario(queries_per_month=v, corpus_documents=10, data_residency="on_premises"), "prompting", a)
    assert busy.parts_ms["queueing"] == pytest.approx(4 * 107)


def test_an_option_that_cannot_serve_has_no_latency():
    lat = latency(Scenario(corpus_documents=8_000), "prompting", GPT4O)
    assert not lat.feasible and lat.total_ms is None and lat.parts_ms == {} and "8M tokens" in lat.why_not


def test_caching_shortens_a_long_stuffed_prompt():
    s = Scenario(corpus_documents=80, tokens_per_document=1_000)
    cold = latency(s, "prompting", GPT4O.replace(cache_hit_rate=0)).total_ms
    warm = latency(s, "prompting", GPT4O.replace(cache_hit_rate=1)).total_ms
    # the cached 80,400-token prefix is read 70% faster: 30 ms/1k x 80.4k x 0.7 saved
    assert cold - warm == pytest.approx(30 * 80.4 * 0.7)


def test_managed_endpoint_has_the_managed_base_latency():
    lat = latency(Scenario(), "fine_tuning", advisor.Assumptions(finetune_hosting="managed"))
    assert lat.parts_ms["model"] == 500


def test_usable_context_by_hand(defaults):
    from advisor.core.context import usable_corpus_tokens

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
    assert not advisor.corpus_fits(s, GPT4O)
    assert advisor.corpus_fits(s, advisor.Assumptions(managed_model="openai/gpt-4.1"))


def test_latency_says_where_the_model_runs():
    own = advisor.Assumptions(finetune_hosting="self_hosted")
    s = Scenario(corpus_documents=100)
    assert latency(s, "fine_tuning", own).hosting == "self_hosted"
    assert latency(s, "hybrid", advisor.Assumptions(finetune_hosting="managed")).hosting == "managed"
    assert latency(s, "rag").hosting == ""  # a managed API: nothing of yours to host
    assert latency(s.replace(data_residency="on_premises"), "rag").hosting == "self_hosted"
    cannot = latency(Scenario(corpus_documents=8_000), "prompting", GPT4O)
    assert cannot.feasible is False and cannot.hosting == "" and cannot.parts_ms == {}


def test_a_latency_that_cannot_serve_keeps_no_parts():
    lat = advisor.Latency(Architecture.RAG, {"model": 500.0}, feasible=False, why_not="no")
    assert lat.parts_ms == {} and lat.total_ms is None


def test_latency_parts_default_to_a_self_hosted_fine_tuned_model():
    from advisor.core.costs import parameters
    from advisor.core.latency import latency_parts

    p = parameters(advisor.Assumptions())
    s = Scenario(queries_per_month=0, corpus_documents=100)
    parts = latency_parts(s, Architecture.FINE_TUNING, p)
    # 15 ms base + 19 ms per 1k of the 250-token prompt, no queue at no load
    assert parts == {"model": 15.0, "prefill": pytest.approx(4.75), "queueing": 0.0, "retrieval": 0.0, "reranking": 0.0}
    assert latency_parts(s, Architecture.FINE_TUNING, p, "managed")["model"] == 500.0

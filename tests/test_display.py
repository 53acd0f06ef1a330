"""The results display well in a notebook: a short repr, and Markdown and HTML with formatted numbers."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

import advisor
from advisor import Architecture, Scenario


@pytest.fixture(scope="module")
def rec() -> advisor.Recommendation:
    return advisor.recommend(
        Scenario(queries_per_month=300_000, corpus_documents=8_000, behavior_needs=["brand_voice"])
    )


def test_a_recommendation_repr_is_a_few_lines(rec):
    text = repr(rec)
    assert text.startswith("Recommendation(Hybrid (fine-tuned + RAG): $")
    assert len(text.splitlines()) <= 3 and len(text) < 600
    assert "findings=" not in text and "Assumptions(" not in text  # not the dataclass dump


def test_a_recommendation_shows_every_option_in_markdown_and_html(rec):
    md = rec._repr_markdown_()
    assert md.startswith("**Recommended: Hybrid (fine-tuned + RAG).**")
    for arch in Architecture:
        assert f"| {arch.label} |" in md
    assert "| Prompting only | not priced | — | ruled out:" in md
    html = rec._repr_html_()
    assert html.count("<tr>") == 5 and "<strong>Recommended: Hybrid (fine-tuned + RAG).</strong>" in html
    assert "nan" not in html.lower() and "None" not in html


def test_a_tco_repr_is_one_line_with_formatted_numbers():
    t = advisor.tco(Scenario(queries_per_month=0, corpus_documents=0, horizon_months=12), "prompting")
    assert repr(t) == "TCO(Prompting only: $13.6k over 12 months at 0 queries a month; $715 a month once built)"
    md = t._repr_markdown_()
    assert "| Initial build | $5,000 |" in md and "| **Total** | **$13.6k** |" in md
    assert "<table>" in t._repr_html_()
    out = advisor.tco(Scenario(corpus_documents=50_000), "prompting")
    assert repr(out).startswith("TCO(Prompting only: cannot serve this scenario. The corpus")
    assert "cannot serve" in out._repr_markdown_() and "<table>" not in out._repr_html_()


def test_a_latency_repr_names_its_parts():
    lat = advisor.latency(Scenario(corpus_documents=100), "rag")
    assert repr(lat) == "Latency(RAG: 732 ms = model 500 ms + reading the prompt 112 ms + retrieval 120 ms)"
    md = lat._repr_markdown_()
    assert "| Retrieval | 120 ms |" in md and "| **Total** | **732 ms** |" in md
    assert "<td>Reading the prompt</td>" in lat._repr_html_()
    out = advisor.latency(Scenario(corpus_documents=50_000), "prompting")
    assert repr(out).startswith("Latency(Prompting only: cannot serve")


def test_assumptions_and_results_pickle():
    a = advisor.Assumptions(gpu_usd_per_hour=2.5, ranges={"cache_hit_rate": (0.5, 0.9)})
    b = pickle.loads(pickle.dumps(a))
    assert b == a and hash(b) == hash(a) and b.range_of("cache_hit_rate") == (0.5, 0.9)
    assert dict(b.numbers()) == dict(a.numbers())
    t = advisor.tco(Scenario(corpus_documents=100), "rag", a)
    assert pickle.loads(pickle.dumps(t)) == t


def test_the_repr_of_a_recommendation_whole():
    issue = advisor.recommend(
        Scenario(queries_per_month=300_000, corpus_documents=8_000, behavior_needs=["json_schema"])
    )
    assert repr(issue) == (
        "Recommendation(RAG: $140k over 24 months, 736 ms to first token; crosses the hybrid (fine-tuned + RAG) at "
        "541k queries a month)\n  RAG: the corpus is too large to bake into weights; it costs about $140k over 24 "
        "months against $192k for the hybrid (fine-tuned + RAG)."
    )
    long = dataclasses.replace(issue, summary="x" * 400)
    assert repr(long).splitlines()[1] == "  " + "x" * 299 + "…"
    assert repr(dataclasses.replace(issue, summary="x" * 300)).splitlines()[1] == "  " + "x" * 300
    assert repr(dataclasses.replace(issue, summary="x" * 301)).splitlines()[1] == "  " + "x" * 299 + "…"


def test_the_repr_of_a_recommendation_without_a_crossover(rec):
    assert repr(rec).splitlines()[0] == (
        "Recommendation(Hybrid (fine-tuned + RAG): $192k over 24 months, 724 ms to first token; no crossover)"
    )


def test_each_option_row_of_a_recommendation(rec):
    rows = rec._repr_markdown_().splitlines()
    assert rows[2] == "| Option | Cost over 24 months | Time to first token | Status |"
    assert rows[5] == (
        "| RAG | $140k | 736 ms | ruled out: retrieval does not change behaviour, and prompting cannot enforce it "
        "(brand_voice) |"
    )
    assert rows[7] == "| Hybrid (fine-tuned + RAG) | $192k | 724 ms | **recommended** |"


def test_the_brief_of_a_recommendation_draws_four_thousand_from_seed_zero(rec):
    from advisor.core.brief import decision_brief

    assert rec.to_markdown() == decision_brief(rec, draws=4_000, seed=0)
    assert rec.to_markdown(draws=200, seed=3) == decision_brief(rec, draws=200, seed=3)


def test_reprs_of_what_cannot_serve_and_of_nothing_to_wait_for():
    out = advisor.tco(Scenario(corpus_documents=50_000), "prompting")
    assert out._repr_markdown_().startswith(
        "**Prompting only**, total cost of ownership over 24 months: cannot serve this scenario. The corpus"
    )
    lat = advisor.latency(Scenario(corpus_documents=50_000), "prompting")
    assert lat._repr_markdown_().startswith("**Prompting only**, expected time to first token: cannot serve")
    instant = advisor.Latency(Architecture.RAG, {"model": 0.0, "retrieval": 0.0})
    assert repr(instant) == "Latency(RAG: 0 ms = 0 ms)"
    assert instant._repr_markdown_().splitlines() == [
        "**RAG**, expected time to first token:",
        "",
        "| Part | Time |",
        "| --- | ---: |",
        "| Model | 0 ms |",
        "| Retrieval | 0 ms |",
        "| **Total** | **0 ms** |",
    ]

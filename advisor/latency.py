"""Expected time to first token of each architecture, in milliseconds.

A sum of parts: the model's base latency, reading the prompt (prefill, faster for the cached part),
and for retrieval the vector search and any reranker. These are estimates to compare architectures
with, not a promise; measure your own stack before you commit to a budget.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from .architecture import Architecture
from .assumptions import Assumptions
from .costs import Params, _architecture, _coerce, _where, behaviour_prompt_tokens, finetuned_input_tokens, parameters, retrieved_tokens
from .scenario import Scenario


def _managed_prefill_ms(prefix_tokens, variable_tokens, p: Params):
    cacheable = prefix_tokens >= p["cache_min_prefix_tokens"]
    cached_share = _where(cacheable, p["cache_hit_rate"], 0.0)
    effective = variable_tokens + prefix_tokens * (1.0 - cached_share * p["cached_prefill_time_saving"])
    return p["managed_prefill_ms_per_1k_tokens"] * effective / 1000.0


def latency_parts(scenario: Scenario, architecture: Architecture, p: Params) -> dict[str, object]:
    """Milliseconds by part: model, prefill, retrieval, reranking (0 where an architecture has none)."""
    s = scenario
    retrieval = {"retrieval": p["retrieval_latency_ms"], "reranking": p["reranker_latency_ms"]}
    none = {"retrieval": 0.0, "reranking": 0.0}
    if architecture is Architecture.PROMPTING:
        prefix = p["system_prompt_tokens"] + behaviour_prompt_tokens(s, p) + s.corpus_tokens
        return {"model": p["managed_ttft_ms"], "prefill": _managed_prefill_ms(prefix, p["question_tokens"], p), **none}
    if architecture is Architecture.RAG:
        prefix = p["system_prompt_tokens"] + behaviour_prompt_tokens(s, p)
        prefill = _managed_prefill_ms(prefix, p["question_tokens"] + retrieved_tokens(p), p)
        return {"model": p["managed_ttft_ms"], "prefill": prefill, **retrieval}
    hybrid = architecture is Architecture.HYBRID
    tokens = finetuned_input_tokens(hybrid, p)
    if str(p.get("finetune_hosting", "self_hosted")) == "managed":
        parts = {"model": p["managed_ttft_ms"], "prefill": p["managed_prefill_ms_per_1k_tokens"] * tokens / 1000.0}
    else:
        parts = {"model": p["selfhosted_ttft_ms"], "prefill": p["selfhosted_prefill_ms_per_1k_tokens"] * tokens / 1000.0}
    return {**parts, **(retrieval if hybrid else none)}


@dataclass(frozen=True)
class Latency:
    """Expected time to first token of one architecture, with its parts."""

    architecture: Architecture
    parts_ms: Mapping[str, float]

    @property
    def total_ms(self) -> float:
        return float(sum(self.parts_ms.values()))


def latency(scenario: Scenario, architecture: Architecture | str, assumptions: Assumptions | None = None) -> Latency:
    """Expected time to first token.

    >>> lat = latency(Scenario(corpus_documents=10_000), "rag")
    >>> lat.parts_ms["retrieval"]
    120.0
    >>> lat.total_ms  # 500 model + 30 ms/1k x 3,750 tokens + 120 retrieval
    732.5
    """
    a = _coerce(scenario, assumptions)
    arch = _architecture(architecture)
    parts = latency_parts(scenario, arch, parameters(a))
    return Latency(arch, {k: float(v) for k, v in parts.items()})


def latency_all(scenario: Scenario, assumptions: Assumptions | None = None) -> dict[Architecture, Latency]:
    return {arch: latency(scenario, arch, assumptions) for arch in Architecture}

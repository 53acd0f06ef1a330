"""Expected time to first token of each architecture, in milliseconds.

A sum of parts: the model's base latency, reading the prompt (prefill, faster for the cached part),
waiting in the queue of a self-hosted server (longer as its GPUs fill up), and for retrieval the
vector search and any reranker. These are estimates to compare architectures with, not a promise;
measure your own stack before you commit to a budget.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .architecture import Architecture
from .assumptions import Assumptions
from .costs import (
    SECONDS_PER_MONTH,
    CostCurve,
    Params,
    _coerce,
    cached_share,
    cost_curve,
    curve_for,
    finetuned_input_tokens,
    gpu_seconds_per_query,
    managed_prompt_tokens,
    parameters,
    runs_on_own_gpus,
    selfhosted_prompt_tokens,
)
from .formatting import markdown_html, ms
from .numbers import Number
from .scenario import Scenario

# A queue never fills completely in this model (the fleet is sized below full use); the cap keeps
# an extreme in-bounds input from dividing by zero.
MAX_UTILIZATION = 0.99

# The parts of the time to first token, as ``Latency.parts_ms`` names them, in words for a reader.
LATENCY_LABELS = {
    "model": "Model",
    "prefill": "Reading the prompt",
    "queueing": "Queueing",
    "retrieval": "Retrieval",
    "reranking": "Reranking",
}


def _managed_prefill_ms(prefix_tokens: Number, variable_tokens: Number, p: Params) -> Number:
    """Milliseconds a managed model takes to read the prompt; a cached prefix is read faster."""
    saved = cached_share(prefix_tokens, p) * p["cached_prefill_time_saving"]
    effective = variable_tokens + prefix_tokens * (1.0 - saved)
    return p["managed_prefill_ms_per_1k_tokens"] * effective / 1000.0


def gpu_utilization(scenario: Scenario, input_tokens: Number, curve: CostCurve, p: Params) -> float:
    """Share of the provisioned GPUs busy at the peak hour.

    >>> from advisor.core.costs import cost_curve
    >>> p = Assumptions().numbers()
    >>> s = Scenario(queries_per_month=0)
    >>> gpu_utilization(s, 250, cost_curve(s, Architecture.FINE_TUNING, p), p)
    0.0
    """
    gpus = float(curve.gpus_at(scenario.queries_per_month))
    if gpus <= 0:
        return 0.0
    busy = (
        scenario.queries_per_month
        * p["peak_to_average_load"]
        * gpu_seconds_per_query(input_tokens, p)
        / SECONDS_PER_MONTH
    )
    return min(MAX_UTILIZATION, float(busy) / gpus)


def queueing_ms(utilization: float, service_ms: float) -> float:
    """Mean wait before a request is served, from the M/M/1 queue: ``u / (1 - u)`` service times.

    A heuristic for a batching server (it serves many requests at once), which it overstates at low
    load and understates near saturation; it shows how waiting grows as the GPUs fill.

    >>> queueing_ms(0.5, 10.0), queueing_ms(0.8, 10.0), queueing_ms(0.0, 10.0)
    (10.0, 40.00000000000001, 0.0)
    """
    return utilization / (1.0 - utilization) * service_ms


def latency_parts(
    scenario: Scenario,
    architecture: Architecture,
    p: Params,
    hosting: str = "self_hosted",
    curve: CostCurve | None = None,
) -> dict[str, Number]:
    """Milliseconds by part: model, prefill, queueing, retrieval, reranking (0 where an architecture has none).

    The model runs where the cost curve puts it (``runs_on_own_gpus``): on the reader's GPUs on premises
    and for a self-hosted fine-tuned model, at the provider otherwise. ``curve`` (the architecture's cost
    curve) sizes a self-hosted fleet for the queueing part.

    >>> p = parameters(Assumptions())
    >>> on_premises = latency_parts(Scenario(corpus_documents=100, data_residency="on_premises"), Architecture.RAG, p)
    >>> on_premises["model"], on_premises["prefill"]  # 19 ms per 1k of 3,350 new tokens + 400 x 20% cache misses
    (15.0, 65.17)
    """
    s = scenario
    retrieval = {"retrieval": p["retrieval_latency_ms"], "reranking": p["reranker_latency_ms"]}
    none = {"retrieval": 0.0, "reranking": 0.0}
    extra = retrieval if architecture.retrieves else none
    own_gpus = runs_on_own_gpus(s, architecture, hosting)
    if architecture.fine_tuned:
        tokens = finetuned_input_tokens(architecture is Architecture.HYBRID, p)
    elif own_gpus:  # on premises: the self-hosted server reuses the cached prefix (vLLM's prefix caching)
        tokens = selfhosted_prompt_tokens(*managed_prompt_tokens(s, architecture, p), p)
    else:
        prefill = _managed_prefill_ms(*managed_prompt_tokens(s, architecture, p), p)
        return {"model": p["managed_ttft_ms"], "prefill": prefill, "queueing": 0.0, **extra}
    if not own_gpus:  # a fine-tuned model on the provider's endpoint
        prefill = p["managed_prefill_ms_per_1k_tokens"] * tokens / 1000.0
        return {"model": p["managed_ttft_ms"], "prefill": prefill, "queueing": 0.0, **extra}
    prefill = p["selfhosted_prefill_ms_per_1k_tokens"] * tokens / 1000.0
    if curve is None:
        curve = cost_curve(s, architecture, p, "self_hosted")
    waiting = queueing_ms(gpu_utilization(s, tokens, curve, p), float(prefill))
    return {"model": p["selfhosted_ttft_ms"], "prefill": prefill, "queueing": waiting, **extra}


@dataclass(frozen=True)
class Latency:
    """Expected time to first token of one architecture, with its parts.

    An architecture that cannot serve the scenario has no latency: ``feasible`` is False,
    ``why_not`` says why, ``parts_ms`` is empty and ``total_ms`` is None.
    """

    architecture: Architecture
    parts_ms: Mapping[str, float]
    feasible: bool = True
    why_not: str = ""
    hosting: str = ""
    total_ms: float | None = field(init=False)

    def __repr__(self) -> str:
        """One line: the total and its parts that are not zero (or why it cannot serve).

        >>> latency(Scenario(corpus_documents=100), "rag")
        Latency(RAG: 732 ms = model 500 ms + reading the prompt 112 ms + retrieval 120 ms)
        """
        if self.total_ms is None:
            return f"Latency({self.architecture.label}: cannot serve this scenario. {self.why_not})"
        parts = " + ".join(f"{LATENCY_LABELS[k].lower()} {ms(v)}" for k, v in self.parts_ms.items() if v)
        return f"Latency({self.architecture.label}: {ms(self.total_ms)} = {parts or '0 ms'})"

    def _repr_markdown_(self) -> str:
        """The time to first token and its parts as a Markdown table (what a notebook shows)."""
        title = f"**{self.architecture.label}**, expected time to first token"
        if self.total_ms is None:
            return f"{title}: cannot serve this scenario. {self.why_not}"
        rows = [f"| {LATENCY_LABELS[k]} | {ms(v)} |" for k, v in self.parts_ms.items()]
        return "\n".join(
            [f"{title}:", "", "| Part | Time |", "| --- | ---: |", *rows, f"| **Total** | **{ms(self.total_ms)}** |"]
        )

    def _repr_html_(self) -> str:
        return markdown_html(self._repr_markdown_())

    def __post_init__(self) -> None:
        if not self.feasible:
            object.__setattr__(self, "parts_ms", {})
        total = float(sum(self.parts_ms.values())) if self.feasible else None
        object.__setattr__(self, "total_ms", total)


def latency_of_curve(scenario: Scenario, curve: CostCurve, p: Params) -> Latency:
    """The latency of an already resolved cost curve (its hosting and fleet)."""
    if not curve.feasible:
        return Latency(curve.architecture, {}, feasible=False, why_not=curve.why_not, hosting=curve.hosting)
    parts = latency_parts(scenario, curve.architecture, p, curve.hosting, curve)
    return Latency(curve.architecture, {k: float(v) for k, v in parts.items()}, hosting=curve.hosting)


def latency(scenario: Scenario, architecture: Architecture | str, assumptions: Assumptions | None = None) -> Latency:
    """Expected time to first token.

    Parameters
    ----------
    scenario : Scenario
        The case: volume, corpus, knowledge updates, behaviour needs, budget, horizon, risks.
    architecture : Architecture or str
        ``"prompting"``, ``"rag"``, ``"fine_tuning"`` or ``"hybrid"`` (or the enum).
    assumptions : Assumptions, optional
        The numbers the model reads (prices, rates, thresholds); the defaults when omitted.

    Returns
    -------
    Latency
        Milliseconds by part (``parts_ms``) and in total (``total_ms``); none where it cannot serve.

    Examples
    --------
    >>> lat = latency(Scenario(corpus_documents=10_000), "rag", Assumptions(managed_model="openai/gpt-4o"))
    >>> lat.parts_ms["retrieval"]
    120.0
    >>> lat.total_ms  # 500 model + 30 ms/1k x 3,750 tokens + 120 retrieval
    732.5
    """
    a = _coerce(scenario, assumptions)
    curve = curve_for(scenario, Architecture(architecture), a)
    return latency_of_curve(scenario, curve, parameters(a))


def latency_all(scenario: Scenario, assumptions: Assumptions | None = None) -> dict[Architecture, Latency]:
    """``latency`` for every architecture (those that cannot serve the scenario have no latency).

    Parameters
    ----------
    scenario : Scenario
        The case.
    assumptions : Assumptions, optional
        The numbers the model reads; the defaults when omitted.

    Returns
    -------
    dict[Architecture, Latency]
        One ``Latency`` per architecture, in ``Architecture`` order.
    """
    return {arch: latency(scenario, arch, assumptions) for arch in Architecture}

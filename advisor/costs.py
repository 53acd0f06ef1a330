"""What each architecture costs: per-query prices, monthly terms, and total cost of ownership.

The formulas are written once, over numbers that may be floats (one scenario) or numpy arrays
(thousands of draws in ``simulate``, or a grid of volumes for a chart). Every monthly cost is a
``Term``: a straight line in the monthly query volume, optionally with a floor. That shape is what
lets ``crossover_volume`` solve for the crossing exactly instead of searching for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping, Union

import numpy as np

from .architecture import (
    COST_CATEGORIES,
    MONTHLY_CATEGORIES,
    ONE_TIME_CATEGORIES,
    Architecture,
)
from .assumptions import Assumptions
from .scenario import Scenario

Number = Union[float, np.ndarray]
Params = Mapping[str, Number]

HOURS_PER_MONTH = 730.0  # 365 * 24 / 12
SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600.0
MTOK = 1_000_000.0


def _where(condition, if_true, if_false):
    """np.where that stays a plain float for plain inputs (the one-scenario path must be fast)."""
    if isinstance(condition, (bool, np.bool_)):
        return if_true if condition else if_false
    return np.where(condition, if_true, if_false)


@dataclass(frozen=True)
class Term:
    """Monthly USD as a function of queries per month ``v``: ``base + per_query * v``, never below ``floor``.

    >>> Term(base=100.0, per_query=0.01).at(1_000)
    110.0
    >>> Term(base=0.0, per_query=0.001, floor=50.0).at(1_000)  # a minimum monthly fee
    50.0
    """

    base: Number = 0.0
    per_query: Number = 0.0
    floor: Number | None = None

    def at(self, queries_per_month: Number) -> Number:
        value = self.base + self.per_query * queries_per_month
        if self.floor is None:
            return value
        if isinstance(value, float) and isinstance(self.floor, float):
            return max(self.floor, value)  # plain floats: skip numpy's per-call overhead
        return np.maximum(self.floor, value)

    def kink(self) -> Number | None:
        """The volume where the floor stops binding (NaN where it never does), or None for a plain line."""
        if self.floor is None:
            return None
        if isinstance(self.per_query, float) and isinstance(self.base, float) and isinstance(self.floor, float):
            if self.per_query > 0 and (self.floor - self.base) / self.per_query > 0:
                return (self.floor - self.base) / self.per_query
            return float("nan")
        with np.errstate(divide="ignore", invalid="ignore"):
            volume = np.divide(np.subtract(self.floor, self.base), self.per_query)
        return np.where(np.greater(self.per_query, 0) & np.greater(volume, 0), volume, np.nan)


@dataclass(frozen=True)
class CostCurve:
    """One architecture's costs as functions of the monthly query volume."""

    architecture: Architecture
    one_time: Mapping[str, Number]
    monthly: Mapping[str, tuple[Term, ...]]

    def monthly_at(self, queries_per_month: Number) -> dict[str, Number]:
        return {c: sum((t.at(queries_per_month) for t in self.monthly[c]), 0.0) for c in MONTHLY_CATEGORIES}

    def total_at(self, queries_per_month: Number, horizon_months: float) -> Number:
        monthly = self.monthly_at(queries_per_month)
        return sum(self.one_time.values(), 0.0) + horizon_months * sum(monthly.values(), 0.0)

    def kinks(self) -> list[Number]:
        return [k for terms in self.monthly.values() for t in terms if (k := t.kink()) is not None]


# --- per-query building blocks -------------------------------------------------------------


def retrieved_tokens(p: Params) -> Number:
    return p["retrieved_chunks"] * p["chunk_tokens"]


def behaviour_prompt_tokens(s: Scenario, p: Params) -> Number:
    return len(s.behavior_needs) * p["behaviour_prompt_tokens_per_need"]


def managed_query_usd(prefix_tokens: Number, variable_tokens: Number, p: Params) -> Number:
    """USD per query on the managed model: a static prefix that may be cached, the rest at full price.

    A prefix of at least ``cache_min_prefix_tokens`` is read from the cache on ``cache_hit_rate`` of
    queries; a miss pays the cache-write price (the input price where the provider has none). A share
    ``batch_share`` of queries goes through the batch API at ``managed_batch_discount`` off.

    Hand-worked: 3,750 uncached input tokens at $2.50/M and 300 output tokens at $10/M
    cost 0.009375 + 0.003 = $0.012375.

    >>> p = dict(Assumptions(cache_min_prefix_tokens=10**6).numbers())
    >>> round(managed_query_usd(400, 3_350, p), 6)
    0.012375
    """
    cacheable = prefix_tokens >= p["cache_min_prefix_tokens"]
    hit_rate = _where(cacheable, p["cache_hit_rate"], 0.0)
    miss_price = _where(cacheable, p["managed_cache_write_usd_per_mtok"], p["managed_input_usd_per_mtok"])
    usd = (
        variable_tokens * p["managed_input_usd_per_mtok"]
        + prefix_tokens * hit_rate * p["managed_cache_read_usd_per_mtok"]
        + prefix_tokens * (1.0 - hit_rate) * miss_price
        + p["output_tokens"] * p["managed_output_usd_per_mtok"]
    ) / MTOK
    return usd * (1.0 - p["batch_share"] * p["managed_batch_discount"])


def finetuned_input_tokens(with_retrieval: bool, p: Params) -> Number:
    tokens = p["finetuned_prompt_tokens"] + p["question_tokens"]
    return tokens + retrieved_tokens(p) if with_retrieval else tokens


def finetuned_endpoint_query_usd(input_tokens: Number, p: Params) -> Number:
    """USD per query on a provider's fine-tuned model endpoint (no prompt to cache: it is short).

    >>> p = dict(Assumptions().numbers())  # ft:gpt-4o-mini: $0.30/M in, $1.20/M out
    >>> round(finetuned_endpoint_query_usd(250, p), 6)  # 250*0.3/1e6 + 300*1.2/1e6
    0.000435
    """
    usd = (
        input_tokens * p["finetuned_endpoint_input_usd_per_mtok"]
        + p["output_tokens"] * p["finetuned_endpoint_output_usd_per_mtok"]
    ) / MTOK
    return usd * (1.0 - p["batch_share"] * p["finetuned_endpoint_batch_discount"])


def gpu_seconds_per_query(input_tokens: Number, p: Params) -> Number:
    """GPU time one query takes on the self-hosted model: prefill plus decode.

    >>> p = dict(Assumptions(prefill_tokens_per_gpu_second=1000, decode_tokens_per_gpu_second=100).numbers())
    >>> gpu_seconds_per_query(500, p)  # 500/1000 + 300/100
    3.5
    """
    return input_tokens / p["prefill_tokens_per_gpu_second"] + p["output_tokens"] / p["decode_tokens_per_gpu_second"]


def gpus_needed_per_query(input_tokens: Number, p: Params) -> Number:
    """GPUs needed per (query per month), sized for the peak at the target utilisation."""
    return (
        p["peak_to_average_load"]
        * gpu_seconds_per_query(input_tokens, p)
        / (SECONDS_PER_MONTH * p["target_gpu_utilization"])
    )


def gpu_fleet_terms(input_tokens: Number, p: Params) -> tuple[Term, Term]:
    """(infrastructure, inference) for a self-hosted fleet: the minimum replicas always run;
    GPUs beyond them, added as the volume needs them, count as inference."""
    usd_per_gpu_month = p["gpu_usd_per_hour"] * HOURS_PER_MONTH
    baseline = p["min_gpu_replicas"] * usd_per_gpu_month
    extra = Term(base=-baseline, per_query=usd_per_gpu_month * gpus_needed_per_query(input_tokens, p), floor=0.0)
    return Term(base=baseline), extra


def index_gigabytes(s: Scenario, p: Params) -> Number:
    return s.corpus_tokens / p["chunk_tokens"] * p["bytes_per_indexed_chunk"] / 1e9


def vector_db_term(s: Scenario, p: Params) -> Term:
    """Vector store: storage, re-indexing writes and per-query reads, with the plan's monthly minimum.

    >>> p = dict(Assumptions().numbers())
    >>> vector_db_term(Scenario(corpus_documents=1_000), p).at(100_000)  # tiny index: the $50 minimum
    50.0
    """
    gigabytes = index_gigabytes(s, p)
    chunks = s.corpus_tokens / p["chunk_tokens"]
    storage = gigabytes * p["vector_db_storage_usd_per_gb_month"]
    writes = (
        s.knowledge_updates_per_month
        * p["update_changed_fraction"]
        * chunks
        * p["vector_db_write_usd_per_million_units"]
        / 1e6
    )
    read_units = np.maximum(p["vector_db_min_read_units_per_query"], gigabytes)
    reads = read_units * p["vector_db_read_usd_per_million_units"] / 1e6
    return Term(base=storage + writes, per_query=reads, floor=p["vector_db_min_usd_per_month"])


def embedding_usd(tokens: Number, p: Params) -> Number:
    return tokens * p["embedding_usd_per_mtok"] / MTOK


def training_examples(s: Scenario, architecture: Architecture, p: Params) -> Number:
    """Examples to curate and train on. A hybrid learns behaviour only; its facts come from retrieval
    (with no behaviour need it is still taught to use retrieved context, as one need's worth)."""
    behaviour = p["behaviour_examples_per_need"]
    if architecture is Architecture.HYBRID:
        return max(len(s.behavior_needs), 1) * behaviour
    return s.corpus_documents * p["training_pairs_per_document"] + len(s.behavior_needs) * behaviour


def retrain_usd(s: Scenario, architecture: Architecture, p: Params) -> Number:
    """One retraining cycle: training compute plus the people who refresh data, evaluate and roll out.

    >>> p = dict(Assumptions().numbers())
    >>> retrain_usd(Scenario(corpus_documents=1_000), Architecture.FINE_TUNING, p)  # 1.5M tokens x 3 epochs x $3/M + $2,000
    2013.5
    """
    tokens = training_examples(s, architecture, p) * p["tokens_per_training_example"] * p["training_epochs"]
    return tokens * p["training_usd_per_mtok"] / MTOK + p["retrain_labour_usd"]


def rag_update_usd(s: Scenario, p: Params) -> Number:
    """One knowledge update in a retrieval index: re-embed the changed part and check it."""
    return p["content_update_labour_usd"] + embedding_usd(p["update_changed_fraction"] * s.corpus_tokens, p)


# --- the four architectures ------------------------------------------------------------------


def cost_curve(scenario: Scenario, architecture: Architecture, p: Params) -> CostCurve:
    """The cost structure of one architecture for one scenario, with parameters ``p``."""
    architecture = Architecture(architecture)
    s = scenario
    has_corpus = s.corpus_documents > 0
    updates = s.knowledge_updates_per_month if has_corpus else 0.0
    engineer = p["engineer_usd_per_month"]
    cleaning = s.corpus_documents * p["document_cleaning_usd_per_document"]
    rag_indexing = cleaning + embedding_usd(s.corpus_tokens, p) + (
        s.corpus_tokens / p["chunk_tokens"] * p["vector_db_write_usd_per_million_units"] / 1e6
    )

    if architecture is Architecture.PROMPTING:
        prefix = p["system_prompt_tokens"] + behaviour_prompt_tokens(s, p) + s.corpus_tokens
        return CostCurve(
            architecture,
            one_time={"initial_build": p["build_prompting_usd"], "data_preparation": cleaning},
            monthly={
                "infrastructure": (),
                "inference": (Term(per_query=managed_query_usd(prefix, p["question_tokens"], p)),),
                "knowledge_updates": (Term(base=updates * p["content_update_labour_usd"]),),
                "maintenance": (Term(base=p["maintenance_fte_prompting"] * engineer),),
            },
        )

    if architecture is Architecture.RAG:
        prefix = p["system_prompt_tokens"] + behaviour_prompt_tokens(s, p)
        per_query = managed_query_usd(prefix, p["question_tokens"] + retrieved_tokens(p), p) + embedding_usd(
            p["question_tokens"], p
        )
        return CostCurve(
            architecture,
            one_time={"initial_build": p["build_rag_usd"], "data_preparation": rag_indexing},
            monthly={
                "infrastructure": (vector_db_term(s, p),),
                "inference": (Term(per_query=per_query),),
                "knowledge_updates": (Term(base=updates * rag_update_usd(s, p)),),
                "maintenance": (Term(base=p["maintenance_fte_rag"] * engineer),),
            },
        )

    hybrid = architecture is Architecture.HYBRID
    input_tokens = finetuned_input_tokens(hybrid, p)
    if str(p.get("finetune_hosting", "self_hosted")) == "managed":
        infrastructure: tuple[Term, ...] = ()
        inference: tuple[Term, ...] = (Term(per_query=finetuned_endpoint_query_usd(input_tokens, p)),)
    else:
        fleet, extra_gpus = gpu_fleet_terms(input_tokens, p)
        infrastructure, inference = (fleet,), (extra_gpus,)
    retrain = retrain_usd(s, architecture, p)
    curation = training_examples(s, architecture, p) * p["example_curation_usd"]
    drift_retraining = Term(base=p["periodic_retrains_per_month"] * retrain)

    if not hybrid:
        return CostCurve(
            architecture,
            one_time={"initial_build": p["build_finetuning_usd"], "data_preparation": cleaning + curation},
            monthly={
                "infrastructure": infrastructure,
                "inference": inference,
                "knowledge_updates": (Term(base=updates * retrain),),
                "maintenance": (Term(base=p["maintenance_fte_finetuning"] * engineer), drift_retraining),
            },
        )

    return CostCurve(
        architecture,
        one_time={
            "initial_build": p["build_rag_usd"] + p["build_finetuning_usd"],
            "data_preparation": rag_indexing + curation,
        },
        monthly={
            "infrastructure": infrastructure + (vector_db_term(s, p),),
            "inference": inference + (Term(per_query=embedding_usd(p["question_tokens"], p)),),
            "knowledge_updates": (Term(base=updates * rag_update_usd(s, p)),),
            "maintenance": (
                Term(base=(p["maintenance_fte_rag"] + p["maintenance_fte_finetuning"]) * engineer),
                drift_retraining,
            ),
        },
    )


def parameters(assumptions: Assumptions) -> Mapping[str, Number | str]:
    """The numbers the formulas read, plus the one choice they branch on (read-only, made once per Assumptions)."""
    cached = assumptions.__dict__.get("_parameters")
    if cached is None:
        values: dict[str, Number | str] = dict(assumptions.numbers())
        values["finetune_hosting"] = assumptions.finetune_hosting
        cached = MappingProxyType(values)
        object.__setattr__(assumptions, "_parameters", cached)
    return cached


# --- the public result ----------------------------------------------------------------------


@dataclass(frozen=True)
class TCO:
    """Total cost of ownership of one architecture over the scenario's horizon, in USD."""

    architecture: Architecture
    horizon_months: int
    queries_per_month: float
    one_time: Mapping[str, float]
    monthly: Mapping[str, float]
    by_category: Mapping[str, float] = field(init=False)
    total: float = field(init=False)

    def __post_init__(self) -> None:
        by_category = {c: float(self.one_time[c]) for c in ONE_TIME_CATEGORIES}
        by_category.update({c: float(self.monthly[c]) * self.horizon_months for c in MONTHLY_CATEGORIES})
        object.__setattr__(self, "by_category", by_category)
        object.__setattr__(self, "total", float(sum(by_category.values())))

    @property
    def monthly_run_rate(self) -> float:
        """What one month of operation costs once built."""
        return float(sum(self.monthly.values()))

    @property
    def per_query(self) -> float | None:
        """Total cost divided by all queries over the horizon; None with no queries."""
        queries = self.queries_per_month * self.horizon_months
        return self.total / queries if queries > 0 else None

    @property
    def by_month(self):
        """A DataFrame, one row per month (1..horizon), one column per category, plus total and cumulative."""
        import pandas as pd

        months = range(1, self.horizon_months + 1)
        rows = []
        for month in months:
            row = {c: (float(self.one_time[c]) if month == 1 else 0.0) for c in ONE_TIME_CATEGORIES}
            row.update({c: float(self.monthly[c]) for c in MONTHLY_CATEGORIES})
            rows.append(row)
        frame = pd.DataFrame(rows, index=pd.Index(months, name="month"), columns=list(COST_CATEGORIES))
        frame["total"] = frame.sum(axis=1)
        frame["cumulative"] = frame["total"].cumsum()
        return frame


def _coerce(scenario: Scenario, assumptions: Assumptions | None) -> Assumptions:
    if not isinstance(scenario, Scenario):
        raise ValueError(f"scenario must be an advisor.Scenario, got {type(scenario).__name__}")
    if assumptions is None:
        return _default_assumptions()
    if not isinstance(assumptions, Assumptions):
        raise ValueError(f"assumptions must be an advisor.Assumptions, got {type(assumptions).__name__}")
    return assumptions


_DEFAULTS: list[Assumptions] = []


def _default_assumptions() -> Assumptions:
    if not _DEFAULTS:
        _DEFAULTS.append(Assumptions())
    return _DEFAULTS[0]


def _architecture(value: object) -> Architecture:
    try:
        return Architecture(value)
    except ValueError:
        raise ValueError(
            f"architecture must be one of {[a.value for a in Architecture]}, got {value!r}"
        ) from None


def tco(scenario: Scenario, architecture: Architecture | str, assumptions: Assumptions | None = None) -> TCO:
    """Total cost of ownership of ``architecture`` for ``scenario`` over its horizon.

    >>> s = Scenario(queries_per_month=0, corpus_documents=0, horizon_months=12)
    >>> t = tco(s, Architecture.PROMPTING)
    >>> t.total  # build $5,000 + 12 months x 0.05 engineer x $14,300
    13580.0
    >>> t.by_category["maintenance"]
    8580.0
    """
    a = _coerce(scenario, assumptions)
    arch = _architecture(architecture)
    return tco_from_curve(scenario, cost_curve(scenario, arch, parameters(a)))


def tco_from_curve(scenario: Scenario, curve: CostCurve) -> TCO:
    """The TCO at the scenario's volume, read off an already computed cost curve."""
    arch = curve.architecture
    monthly = curve.monthly_at(scenario.queries_per_month)
    return TCO(
        architecture=arch,
        horizon_months=scenario.horizon_months,
        queries_per_month=scenario.queries_per_month,
        one_time={k: float(v) for k, v in curve.one_time.items()},
        monthly={k: float(v) for k, v in monthly.items()},
    )


def tco_all(scenario: Scenario, assumptions: Assumptions | None = None) -> dict[Architecture, TCO]:
    """``tco`` for every architecture."""
    return {arch: tco(scenario, arch, assumptions) for arch in Architecture}


def tco_curve(
    scenario: Scenario,
    architecture: Architecture | str,
    volumes,
    assumptions: Assumptions | None = None,
) -> np.ndarray:
    """Total cost over the horizon at each monthly volume in ``volumes`` (for charts)."""
    a = _coerce(scenario, assumptions)
    try:
        v = np.asarray(volumes, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"volumes must be finite numbers >= 0 (queries per month), got {volumes!r}") from None
    if v.size and (not np.all(np.isfinite(v)) or np.any(v < 0)):
        raise ValueError("volumes must be finite numbers >= 0 (queries per month)")
    curve = cost_curve(scenario, _architecture(architecture), parameters(a))
    return np.broadcast_to(curve.total_at(v, scenario.horizon_months), v.shape).astype(float)


def knowledge_update_costs(scenario: Scenario, assumptions: Assumptions | None = None) -> dict[str, float]:
    """What one knowledge update costs each way: retraining the fine-tuned model, or re-indexing.

    >>> knowledge_update_costs(Scenario(corpus_documents=1_000))
    {'retrain_usd': 2013.5, 'reindex_usd': 100.002}
    """
    a = _coerce(scenario, assumptions)
    p = parameters(a)
    return {
        "retrain_usd": float(retrain_usd(scenario, Architecture.FINE_TUNING, p)),
        "reindex_usd": float(rag_update_usd(scenario, p)),
    }


def query_tokens(scenario: Scenario, architecture: Architecture | str, assumptions: Assumptions | None = None) -> dict[str, float]:
    """Tokens one query sends and receives, by part: what each architecture puts in its prompt.

    >>> query_tokens(Scenario(corpus_documents=10), "rag")
    {'instructions': 400.0, 'behaviour rules': 0.0, 'question': 150.0, 'retrieved chunks': 3200.0, 'whole corpus': 0.0, 'answer': 300.0}
    """
    a = _coerce(scenario, assumptions)
    arch = _architecture(architecture)
    p = parameters(a)
    fine_tuned = arch in (Architecture.FINE_TUNING, Architecture.HYBRID)
    parts = {
        "instructions": p["finetuned_prompt_tokens"] if fine_tuned else p["system_prompt_tokens"],
        "behaviour rules": 0.0 if fine_tuned else behaviour_prompt_tokens(scenario, p),
        "question": p["question_tokens"],
        "retrieved chunks": retrieved_tokens(p) if arch in (Architecture.RAG, Architecture.HYBRID) else 0.0,
        "whole corpus": float(scenario.corpus_tokens) if arch is Architecture.PROMPTING else 0.0,
        "answer": p["output_tokens"],
    }
    return {k: float(v) for k, v in parts.items()}

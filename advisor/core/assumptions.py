"""Every cost, latency and decision parameter, with its default, range, unit, source and date.

The defaults live in ``data/assumptions.csv`` (one row per parameter, hand-kept and cited)
and in the managed-model price snapshot ``data/model_prices.csv`` (written by a script).
``Assumptions`` is the strict, typed view of both; override any field by keyword.
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any, cast

from ._validation import Bounds, check_number
from .architecture import HOSTINGS
from .prices import SHEET_FIELDS, SHEET_UNITS, ModelPrice, model_price

ASSUMPTIONS_FILE = "assumptions.csv"

# Rows that record a claim the book tests against the model, not an input to it.
REFERENCE_ROWS = ("seed_crossover_queries_per_month",)
CHOICE_FIELDS = ("managed_model", "finetuned_endpoint_model", "embedding_model", "finetune_hosting")
FINETUNE_HOSTING = ("auto", *HOSTINGS)
# What each model field must hold (the snapshot's ``kind`` column).
MODEL_KINDS = {"managed_model": "chat", "finetuned_endpoint_model": "fine_tuned", "embedding_model": "embedding"}

_NONNEG = Bounds(0, 1e9)
_POSITIVE = Bounds(0, 1e9, low_open=True)
_TOKENS = Bounds(1, 1e9)  # a part of a prompt that exists at all has at least one token
_SHARE = Bounds(0, 1)
_LATENCY = Bounds(0, 600_000)

# The accepted range of each numeric field (what validation allows, not the uncertainty range).
# Lower bounds are physical minima: a throughput, a token count or a utilisation of 1e-300 is
# accepted by arithmetic but means nothing, and would turn totals into infinities.
FIELD_BOUNDS: dict[str, Bounds] = {
    "system_prompt_tokens": _NONNEG,
    "question_tokens": _TOKENS,
    "output_tokens": _TOKENS,
    "behavior_prompt_tokens_per_need": _NONNEG,
    "finetuned_prompt_tokens": _NONNEG,
    "retrieved_chunks": Bounds(1, 1_000, integer=True),
    "chunk_tokens": _TOKENS,
    "cache_hit_rate": _SHARE,
    "batch_share": _SHARE,
    "vector_db_min_usd_per_month": _NONNEG,
    "vector_db_read_usd_per_million_units": _NONNEG,
    "vector_db_write_usd_per_million_units": _NONNEG,
    "vector_db_storage_usd_per_gb_month": _NONNEG,
    "vector_db_min_read_units_per_query": _NONNEG,
    "bytes_per_indexed_chunk": Bounds(1, 1e9),
    "gpu_usd_per_hour": Bounds(0, 10_000),
    "min_gpu_replicas": Bounds(0, 1_000, integer=True),
    "prefill_tokens_per_gpu_second": Bounds(1, 1e9),
    "decode_tokens_per_gpu_second": Bounds(1, 1e9),
    "peak_to_average_load": Bounds(1, 100),
    "target_gpu_utilization": Bounds(0.01, 1),
    "training_usd_per_mtok_self_hosted": Bounds(0, 10_000),
    "training_usd_per_mtok_managed": Bounds(0, 10_000),
    "training_epochs": Bounds(0.1, 100),
    "training_pairs_per_document": Bounds(0, 10_000),
    "tokens_per_training_example": _TOKENS,
    "behavior_examples_per_need": Bounds(0, 1e7),
    "example_curation_usd": Bounds(0, 10_000),
    "retrain_labour_usd": _NONNEG,
    "periodic_retrains_per_month": Bounds(0, 100),
    "document_cleaning_usd_per_document": Bounds(0, 10_000),
    "update_changed_fraction": _SHARE,
    "content_update_labour_usd": _NONNEG,
    "build_prompting_usd": _NONNEG,
    "build_rag_usd": _NONNEG,
    "build_finetuning_usd": _NONNEG,
    "build_data_share_rag": Bounds(0, 1, high_open=True),
    "build_data_share_finetuning": Bounds(0, 1, high_open=True),
    "engineer_usd_per_month": Bounds(0, 1e7),
    "maintenance_fte_prompting": Bounds(0, 100),
    "maintenance_fte_rag": Bounds(0, 100),
    "maintenance_fte_finetuning": Bounds(0, 100),
    "managed_ttft_ms": _LATENCY,
    "managed_prefill_ms_per_1k_tokens": _LATENCY,
    "cached_prefill_time_saving": _SHARE,
    "selfhosted_ttft_ms": _LATENCY,
    "selfhosted_prefill_ms_per_1k_tokens": _LATENCY,
    "retrieval_latency_ms": _LATENCY,
    "reranker_latency_ms": _LATENCY,
    "frequent_updates_per_month": Bounds(0.01, 100_000),
    "large_corpus_documents": Bounds(1, 1e9, integer=True),
    "max_context_fill_fraction": Bounds(0.01, 1),
    "low_volume_queries_per_day": Bounds(1, 1e12),
    "retrieval_latency_budget_ms": Bounds(1, 600_000),
    "what_if_latency_budget_ms": Bounds(1, 600_000),
    "material_extra_cost_share": Bounds(0, 100),
    # read from the price snapshot of the chosen models unless given
    "managed_input_usd_per_mtok": _NONNEG,
    "managed_output_usd_per_mtok": _NONNEG,
    "managed_cache_read_usd_per_mtok": _NONNEG,
    "managed_cache_write_usd_per_mtok": _NONNEG,
    "managed_cache_min_tokens": Bounds(0, 1e9, integer=True),
    "managed_batch_discount": Bounds(0, 1, high_open=True),
    "managed_batch_cache_discount": Bounds(0, 1, high_open=True),
    "managed_long_context_threshold_tokens": Bounds(0, 1e12),
    "managed_long_context_input_factor": Bounds(0, 100, low_open=True),
    "managed_long_context_output_factor": Bounds(0, 100, low_open=True),
    "managed_long_context_cache_read_factor": Bounds(0, 100, low_open=True),
    "managed_long_context_cache_write_factor": Bounds(0, 100, low_open=True),
    "managed_context_window_tokens": Bounds(1, 1e9, integer=True),
    "finetuned_endpoint_input_usd_per_mtok": _NONNEG,
    "finetuned_endpoint_output_usd_per_mtok": _NONNEG,
    "finetuned_endpoint_batch_discount": Bounds(0, 1, high_open=True),
    "embedding_usd_per_mtok": _NONNEG,
    # quality, evaluation, risk and governance (issue 12); last, so that earlier parameters keep their draws
    "accuracy_prompting": _SHARE,
    "accuracy_rag": _SHARE,
    "accuracy_fine_tuning": _SHARE,
    "accuracy_hybrid": _SHARE,
    "eval_alpha": Bounds(1e-6, 0.5),
    "eval_power": Bounds(0.5, 0.9999),
    "eval_correctness_correlation": Bounds(0, 1),
    "eval_min_difference": Bounds(0.001, 0.5),
    "eval_runs": Bounds(1, 1_000),
    "judge_input_tokens": _NONNEG,
    "judge_output_tokens": _NONNEG,
    "labeling_minutes_per_example": Bounds(0, 10_000),
    "labeling_usd_per_hour": Bounds(0, 10_000),
    "pilot_training_examples": Bounds(0, 1e7),
    "model_lifetime_months": Bounds(1, 1_200),
    "prompt_migration_usd": _NONNEG,
    "regional_price_premium": Bounds(0, 10),
    "selfhosted_context_window_tokens": Bounds(1, 1e9, integer=True),
    "mlops_usd_per_hour": Bounds(0, 10_000),
    "mlops_hours_per_month_rag": Bounds(0, 730),
    "mlops_hours_per_month_finetuned_endpoint": Bounds(0, 730),
    "mlops_hours_per_month_self_hosted": Bounds(0, 730),
    "weeks_to_production_prompting": Bounds(0, 520),
    "weeks_to_production_rag": Bounds(0, 520),
    "weeks_to_production_fine_tuning": Bounds(0, 520),
    "weeks_to_production_hybrid": Bounds(0, 520),
    "selfhosted_extra_weeks": Bounds(0, 520),
    "eval_golden_set_size": Bounds(0, 1e7, integer=True),
}

# Parameters whose values are taken from the price snapshot: (model field, how to read the model).
SNAPSHOT_FIELDS: dict[str, tuple[str, str]] = {
    **{f"managed_{name}": ("managed_model", name) for name in SHEET_FIELDS},
    "managed_context_window_tokens": ("managed_model", "context_window"),
    "finetuned_endpoint_input_usd_per_mtok": ("finetuned_endpoint_model", "input_usd_per_mtok"),
    "finetuned_endpoint_output_usd_per_mtok": ("finetuned_endpoint_model", "output_usd_per_mtok"),
    "finetuned_endpoint_batch_discount": ("finetuned_endpoint_model", "batch_discount"),
    "embedding_usd_per_mtok": ("embedding_model", "input_usd_per_mtok"),
}
SNAPSHOT_UNITS = {
    **{f"managed_{name}": unit for name, unit in SHEET_UNITS.items()},
    "finetuned_endpoint_batch_discount": "share of the price",
    "managed_context_window_tokens": "tokens",
}
# Training prices are not in the price library: hand-kept rows named "training_usd_per_mtok:<model>",
# read for the fine-tuned endpoint model when it is the provider that trains and hosts it.
TRAINING_PRICE_PREFIX = "training_usd_per_mtok:"


@dataclass(frozen=True)
class AssumptionRow:
    """One row of the hand-kept table."""

    parameter: str
    value: str
    low: float | None
    high: float | None
    unit: str
    kind: str  # price_list, measured, vendor_claim, heuristic, choice
    source: str
    date: str
    note: str


@lru_cache(maxsize=1)
def _hand_rows() -> dict[str, AssumptionRow]:
    text = resources.files("advisor.data").joinpath(ASSUMPTIONS_FILE).read_text(encoding="utf-8")
    rows = {}
    for raw in csv.DictReader(text.splitlines()):
        rows[raw["parameter"]] = AssumptionRow(
            parameter=raw["parameter"],
            value=raw["value"],
            low=float(raw["low"]) if raw["low"] else None,
            high=float(raw["high"]) if raw["high"] else None,
            unit=raw["unit"],
            kind=raw["kind"],
            source=raw["source"],
            date=raw["date"],
            note=raw["note"],
        )
    return rows


def _default(name: str) -> float:
    return float(_hand_rows()[name].value)


def _choice_default(name: str) -> str:
    return _hand_rows()[name].value


def _from_snapshot(model: ModelPrice, attribute: str) -> float | None:
    """One number of a model's snapshot entry (None: the snapshot does not know it, e.g. a context window)."""
    if attribute == "context_window":
        return None if model.context_window is None else float(model.context_window)
    if attribute in SHEET_FIELDS:
        return float(model.sheet()[attribute])
    value = getattr(model, attribute)
    return None if value is None else float(value)


def _training_price(model_key: str) -> float:
    """The hand-kept training price of a provider's fine-tunable model (USD per 1M training tokens)."""
    row = _hand_rows().get(TRAINING_PRICE_PREFIX + model_key)
    if row is None:
        known = sorted(
            k.removeprefix(TRAINING_PRICE_PREFIX) for k in _hand_rows() if k.startswith(TRAINING_PRICE_PREFIX)
        )
        raise ValueError(
            f"training_usd_per_mtok_managed: no training price is on file for {model_key!r} (known: {', '.join(known)}); "
            "give training_usd_per_mtok_managed yourself"
        )
    return float(row.value)


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _check_model(field_name: str, key: object) -> ModelPrice:
    model = model_price(str(key)) if isinstance(key, str) else model_price(key)  # type: ignore[arg-type]  # raises a ValueError listing the known models
    kind = getattr(model, "kind", "") or MODEL_KINDS[field_name]
    if kind != MODEL_KINDS[field_name]:
        wanted, found = (k.replace("_", "-") for k in (MODEL_KINDS[field_name], kind))
        raise ValueError(
            f"{field_name} must be {_article(wanted)} {wanted} model; {key!r} is {_article(found)} {found} model "
            "in the price snapshot"
        )
    return model


@dataclass(frozen=True)
class Assumptions:
    """Every cost, latency and decision parameter the advisor uses.

    Defaults come from the cited assumptions table and the price snapshot. Override any field:

    >>> a = Assumptions(gpu_usd_per_hour=2.5)
    >>> a.gpu_usd_per_hour, a.range_of("gpu_usd_per_hour")
    (2.5, (2.5, 2.5))
    >>> Assumptions(managed_model="openai/gpt-4o").managed_input_usd_per_mtok  # from the price snapshot
    2.5
    >>> Assumptions(managed_model="openai/gpt-4o-mini").managed_output_usd_per_mtok
    0.6
    >>> Assumptions(cache_hit_rate=1.5)
    Traceback (most recent call last):
    ...
    ValueError: cache_hit_rate must be a number >= 0 and <= 1, got 1.5

    A value you set is taken as known: its uncertainty range collapses to that value,
    unless you pass ``ranges={"name": (low, high)}`` as well.
    """

    managed_model: str = field(default_factory=lambda: _choice_default("managed_model"))
    finetuned_endpoint_model: str = field(default_factory=lambda: _choice_default("finetuned_endpoint_model"))
    embedding_model: str = field(default_factory=lambda: _choice_default("embedding_model"))
    finetune_hosting: str = field(default_factory=lambda: _choice_default("finetune_hosting"))

    system_prompt_tokens: float = field(default_factory=lambda: _default("system_prompt_tokens"))
    question_tokens: float = field(default_factory=lambda: _default("question_tokens"))
    output_tokens: float = field(default_factory=lambda: _default("output_tokens"))
    behavior_prompt_tokens_per_need: float = field(default_factory=lambda: _default("behavior_prompt_tokens_per_need"))
    finetuned_prompt_tokens: float = field(default_factory=lambda: _default("finetuned_prompt_tokens"))
    retrieved_chunks: float = field(default_factory=lambda: _default("retrieved_chunks"))
    chunk_tokens: float = field(default_factory=lambda: _default("chunk_tokens"))
    cache_hit_rate: float = field(default_factory=lambda: _default("cache_hit_rate"))
    batch_share: float = field(default_factory=lambda: _default("batch_share"))
    vector_db_min_usd_per_month: float = field(default_factory=lambda: _default("vector_db_min_usd_per_month"))
    vector_db_read_usd_per_million_units: float = field(
        default_factory=lambda: _default("vector_db_read_usd_per_million_units")
    )
    vector_db_write_usd_per_million_units: float = field(
        default_factory=lambda: _default("vector_db_write_usd_per_million_units")
    )
    vector_db_storage_usd_per_gb_month: float = field(
        default_factory=lambda: _default("vector_db_storage_usd_per_gb_month")
    )
    vector_db_min_read_units_per_query: float = field(
        default_factory=lambda: _default("vector_db_min_read_units_per_query")
    )
    bytes_per_indexed_chunk: float = field(default_factory=lambda: _default("bytes_per_indexed_chunk"))
    gpu_usd_per_hour: float = field(default_factory=lambda: _default("gpu_usd_per_hour"))
    min_gpu_replicas: float = field(default_factory=lambda: _default("min_gpu_replicas"))
    prefill_tokens_per_gpu_second: float = field(default_factory=lambda: _default("prefill_tokens_per_gpu_second"))
    decode_tokens_per_gpu_second: float = field(default_factory=lambda: _default("decode_tokens_per_gpu_second"))
    peak_to_average_load: float = field(default_factory=lambda: _default("peak_to_average_load"))
    target_gpu_utilization: float = field(default_factory=lambda: _default("target_gpu_utilization"))
    training_usd_per_mtok_self_hosted: float = field(
        default_factory=lambda: _default("training_usd_per_mtok_self_hosted")
    )
    training_epochs: float = field(default_factory=lambda: _default("training_epochs"))
    training_pairs_per_document: float = field(default_factory=lambda: _default("training_pairs_per_document"))
    tokens_per_training_example: float = field(default_factory=lambda: _default("tokens_per_training_example"))
    behavior_examples_per_need: float = field(default_factory=lambda: _default("behavior_examples_per_need"))
    example_curation_usd: float = field(default_factory=lambda: _default("example_curation_usd"))
    retrain_labour_usd: float = field(default_factory=lambda: _default("retrain_labour_usd"))
    periodic_retrains_per_month: float = field(default_factory=lambda: _default("periodic_retrains_per_month"))
    document_cleaning_usd_per_document: float = field(
        default_factory=lambda: _default("document_cleaning_usd_per_document")
    )
    update_changed_fraction: float = field(default_factory=lambda: _default("update_changed_fraction"))
    content_update_labour_usd: float = field(default_factory=lambda: _default("content_update_labour_usd"))
    build_prompting_usd: float = field(default_factory=lambda: _default("build_prompting_usd"))
    build_rag_usd: float = field(default_factory=lambda: _default("build_rag_usd"))
    build_finetuning_usd: float = field(default_factory=lambda: _default("build_finetuning_usd"))
    build_data_share_rag: float = field(default_factory=lambda: _default("build_data_share_rag"))
    build_data_share_finetuning: float = field(default_factory=lambda: _default("build_data_share_finetuning"))
    engineer_usd_per_month: float = field(default_factory=lambda: _default("engineer_usd_per_month"))
    maintenance_fte_prompting: float = field(default_factory=lambda: _default("maintenance_fte_prompting"))
    maintenance_fte_rag: float = field(default_factory=lambda: _default("maintenance_fte_rag"))
    maintenance_fte_finetuning: float = field(default_factory=lambda: _default("maintenance_fte_finetuning"))
    managed_ttft_ms: float = field(default_factory=lambda: _default("managed_ttft_ms"))
    managed_prefill_ms_per_1k_tokens: float = field(
        default_factory=lambda: _default("managed_prefill_ms_per_1k_tokens")
    )
    cached_prefill_time_saving: float = field(default_factory=lambda: _default("cached_prefill_time_saving"))
    selfhosted_ttft_ms: float = field(default_factory=lambda: _default("selfhosted_ttft_ms"))
    selfhosted_prefill_ms_per_1k_tokens: float = field(
        default_factory=lambda: _default("selfhosted_prefill_ms_per_1k_tokens")
    )
    retrieval_latency_ms: float = field(default_factory=lambda: _default("retrieval_latency_ms"))
    reranker_latency_ms: float = field(default_factory=lambda: _default("reranker_latency_ms"))
    frequent_updates_per_month: float = field(default_factory=lambda: _default("frequent_updates_per_month"))
    large_corpus_documents: float = field(default_factory=lambda: _default("large_corpus_documents"))
    max_context_fill_fraction: float = field(default_factory=lambda: _default("max_context_fill_fraction"))
    low_volume_queries_per_day: float = field(default_factory=lambda: _default("low_volume_queries_per_day"))
    retrieval_latency_budget_ms: float = field(default_factory=lambda: _default("retrieval_latency_budget_ms"))
    what_if_latency_budget_ms: float = field(default_factory=lambda: _default("what_if_latency_budget_ms"))
    material_extra_cost_share: float = field(default_factory=lambda: _default("material_extra_cost_share"))
    accuracy_prompting: float = field(default_factory=lambda: _default("accuracy_prompting"))
    accuracy_rag: float = field(default_factory=lambda: _default("accuracy_rag"))
    accuracy_fine_tuning: float = field(default_factory=lambda: _default("accuracy_fine_tuning"))
    accuracy_hybrid: float = field(default_factory=lambda: _default("accuracy_hybrid"))
    eval_alpha: float = field(default_factory=lambda: _default("eval_alpha"))
    eval_power: float = field(default_factory=lambda: _default("eval_power"))
    eval_correctness_correlation: float = field(default_factory=lambda: _default("eval_correctness_correlation"))
    eval_min_difference: float = field(default_factory=lambda: _default("eval_min_difference"))
    eval_runs: float = field(default_factory=lambda: _default("eval_runs"))
    judge_input_tokens: float = field(default_factory=lambda: _default("judge_input_tokens"))
    judge_output_tokens: float = field(default_factory=lambda: _default("judge_output_tokens"))
    labeling_minutes_per_example: float = field(default_factory=lambda: _default("labeling_minutes_per_example"))
    labeling_usd_per_hour: float = field(default_factory=lambda: _default("labeling_usd_per_hour"))
    pilot_training_examples: float = field(default_factory=lambda: _default("pilot_training_examples"))
    model_lifetime_months: float = field(default_factory=lambda: _default("model_lifetime_months"))
    prompt_migration_usd: float = field(default_factory=lambda: _default("prompt_migration_usd"))
    regional_price_premium: float = field(default_factory=lambda: _default("regional_price_premium"))
    selfhosted_context_window_tokens: float = field(
        default_factory=lambda: _default("selfhosted_context_window_tokens")
    )
    mlops_usd_per_hour: float = field(default_factory=lambda: _default("mlops_usd_per_hour"))
    mlops_hours_per_month_rag: float = field(default_factory=lambda: _default("mlops_hours_per_month_rag"))
    mlops_hours_per_month_finetuned_endpoint: float = field(
        default_factory=lambda: _default("mlops_hours_per_month_finetuned_endpoint")
    )
    mlops_hours_per_month_self_hosted: float = field(
        default_factory=lambda: _default("mlops_hours_per_month_self_hosted")
    )
    weeks_to_production_prompting: float = field(default_factory=lambda: _default("weeks_to_production_prompting"))
    weeks_to_production_rag: float = field(default_factory=lambda: _default("weeks_to_production_rag"))
    weeks_to_production_fine_tuning: float = field(default_factory=lambda: _default("weeks_to_production_fine_tuning"))
    weeks_to_production_hybrid: float = field(default_factory=lambda: _default("weeks_to_production_hybrid"))
    selfhosted_extra_weeks: float = field(default_factory=lambda: _default("selfhosted_extra_weeks"))
    eval_golden_set_size: float = field(default_factory=lambda: _default("eval_golden_set_size"))

    # None: read from the price snapshot for the chosen model (the training price from the hand-kept table).
    training_usd_per_mtok_managed: float | None = None
    managed_input_usd_per_mtok: float | None = None
    managed_output_usd_per_mtok: float | None = None
    managed_cache_read_usd_per_mtok: float | None = None
    managed_cache_write_usd_per_mtok: float | None = None
    managed_cache_min_tokens: float | None = None
    managed_batch_discount: float | None = None
    managed_batch_cache_discount: float | None = None
    managed_long_context_threshold_tokens: float | None = None
    managed_long_context_input_factor: float | None = None
    managed_long_context_output_factor: float | None = None
    managed_long_context_cache_read_factor: float | None = None
    managed_long_context_cache_write_factor: float | None = None
    managed_context_window_tokens: float | None = None
    finetuned_endpoint_input_usd_per_mtok: float | None = None
    finetuned_endpoint_output_usd_per_mtok: float | None = None
    finetuned_endpoint_batch_discount: float | None = None
    embedding_usd_per_mtok: float | None = None

    ranges: Mapping[str, tuple[float, float]] | None = None

    def __post_init__(self) -> None:
        for name in MODEL_KINDS:
            _check_model(name, getattr(self, name))
        if self.finetune_hosting not in FINETUNE_HOSTING:
            raise ValueError(f"finetune_hosting must be one of {FINETUNE_HOSTING}, got {self.finetune_hosting!r}")
        for name, (model_field, attribute) in SNAPSHOT_FIELDS.items():
            if getattr(self, name) is None:
                value = _from_snapshot(model_price(getattr(self, model_field)), attribute)
                if value is None:
                    raise ValueError(
                        f"{name}: the price snapshot has no {attribute.replace('_', ' ')} for "
                        f"{getattr(self, model_field)!r}; give {name} yourself"
                    )
                object.__setattr__(self, name, value)
        if self.training_usd_per_mtok_managed is None:
            object.__setattr__(self, "training_usd_per_mtok_managed", _training_price(self.finetuned_endpoint_model))
        for name, bounds in FIELD_BOUNDS.items():
            object.__setattr__(self, name, check_number(name, getattr(self, name), bounds))
        object.__setattr__(self, "ranges", MappingProxyType(self._checked_ranges()))
        object.__setattr__(self, "_numbers", MappingProxyType({n: getattr(self, n) for n in FIELD_BOUNDS}))

    def __reduce__(self) -> tuple[Callable[[dict[str, Any]], Assumptions], tuple[dict[str, Any]]]:
        # Rebuilt from its fields: the read-only views made in __post_init__ do not pickle.
        values = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        values["ranges"] = dict(self.ranges or {})
        return (_rebuild, (values,))

    def __hash__(self) -> int:
        values = tuple(getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "ranges")
        return hash((values, tuple(sorted((self.ranges or {}).items()))))

    def _checked_ranges(self) -> dict[str, tuple[float, float]]:
        if self.ranges is not None and not isinstance(self.ranges, Mapping):
            raise ValueError(f"ranges must be a mapping of parameter name to (low, high), got {self.ranges!r}")
        given = dict(self.ranges) if self.ranges is not None else {}
        unknown = [name for name in given if name not in FIELD_BOUNDS]
        if unknown:
            raise ValueError(f"ranges: unknown parameter(s) {unknown!r}; accepted: the numeric fields of Assumptions")
        defaults = _default_numbers(self.managed_model, self.finetuned_endpoint_model, self.embedding_model)
        checked: dict[str, tuple[float, float]] = {}
        for name, bounds in FIELD_BOUNDS.items():
            value = getattr(self, name)
            low: float | None
            high: float | None
            if name in given:
                low, high = _range_pair(name, given[name], bounds)
                if not low <= value <= high:
                    raise ValueError(f"ranges[{name!r}] must contain the value {value:g}, got ({low:g}, {high:g})")
            elif (
                (row := _row_for(name, self.finetuned_endpoint_model))
                and value == defaults[name]
                and row.low is not None
            ):
                low, high = row.low, row.high
            else:
                low = high = value  # a value the user set, or a list price, is taken as known
            checked[name] = (float(low), float(high))  # type: ignore[arg-type]  # both set on every branch
        return checked

    def numbers(self) -> Mapping[str, float]:
        """Every numeric parameter by name (what the cost formulas read)."""
        numbers: Mapping[str, float] = self._numbers  # type: ignore[attr-defined]
        return numbers

    def range_of(self, name: str) -> tuple[float, float]:
        """The (low, high) range of one numeric parameter.

        >>> Assumptions(gpu_usd_per_hour=2.5).range_of("gpu_usd_per_hour")
        (2.5, 2.5)
        """
        if name not in FIELD_BOUNDS:
            raise ValueError(f"range_of: unknown parameter {name!r}; accepted: the numeric fields of Assumptions")
        return self.ranges[name]  # type: ignore[index]

    def replace(self, **changes: object) -> Assumptions:
        """A copy with some fields changed (and checked again).

        Prices read from the snapshot follow a change of model unless you also set them.
        """
        values = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        for name, (model_field, _) in SNAPSHOT_FIELDS.items():
            if model_field in changes and name not in changes:
                values[name] = None
        if "finetuned_endpoint_model" in changes and "training_usd_per_mtok_managed" not in changes:
            values["training_usd_per_mtok_managed"] = None
        if "ranges" not in changes:
            values["ranges"] = {k: v for k, v in (self.ranges or {}).items() if k not in changes and v[0] != v[1]}
        values.update(changes)
        return Assumptions(**values)


def _range_pair(name: str, pair: object, bounds: Bounds) -> tuple[float, float]:
    try:
        first, second = cast("tuple[object, object]", pair)  # any pair: checked below
    except (TypeError, ValueError):
        raise ValueError(f"ranges[{name!r}] must be a (low, high) pair, got {pair!r}") from None
    low = check_number(f"ranges[{name!r}] low", first, bounds)
    high = check_number(f"ranges[{name!r}] high", second, bounds)
    if not low <= high:
        raise ValueError(f"ranges[{name!r}] needs low <= high, got {pair!r}")
    return low, high


def _row_for(name: str, finetuned_endpoint_model: str) -> AssumptionRow | None:
    """The hand-kept row behind a parameter (the training price of the chosen endpoint model for
    ``training_usd_per_mtok_managed``), or None for a snapshot price."""
    rows = _hand_rows()
    if name == "training_usd_per_mtok_managed":
        return rows.get(TRAINING_PRICE_PREFIX + finetuned_endpoint_model)
    return rows.get(name)


def _rebuild(values: dict[str, Any]) -> Assumptions:
    return Assumptions(**values)


@lru_cache(maxsize=32)
def _default_numbers(managed: str, finetuned: str, embedding: str) -> dict[str, float | None]:
    """The value each parameter takes when not given, for this choice of models (None: not in the snapshot)."""
    numbers: dict[str, float | None] = {
        name: _default(name) for name in FIELD_BOUNDS if name not in SNAPSHOT_FIELDS and name in _hand_rows()
    }
    models = {"managed_model": managed, "finetuned_endpoint_model": finetuned, "embedding_model": embedding}
    for name, (model_field, attribute) in SNAPSHOT_FIELDS.items():
        numbers[name] = _from_snapshot(model_price(models[model_field]), attribute)
    try:
        numbers["training_usd_per_mtok_managed"] = _training_price(finetuned)
    except ValueError:
        numbers["training_usd_per_mtok_managed"] = None
    return numbers


def assumption_records(assumptions: Assumptions | None = None) -> list[dict[str, Any]]:
    """The long table behind ``assumptions`` as records: one per parameter with value, range, unit, kind,
    source and date (``advisor.assumptions_table`` is the same as a DataFrame).

    Rows whose value you changed say so in ``source``.

    Parameters
    ----------
    assumptions : Assumptions, optional
        The numbers the model reads; the defaults when omitted.

    Returns
    -------
    list[dict]
        One record per parameter: value, low, high, unit, kind, source, date, note.

    Examples
    --------
    >>> rows = {r["parameter"]: r for r in assumption_records(Assumptions(gpu_usd_per_hour=2.5))}
    >>> rows["gpu_usd_per_hour"]["source"], rows["gpu_usd_per_hour"]["value"]
    ('set by you', 2.5)
    """
    a = assumptions or Assumptions()
    defaults = Assumptions()
    # a price is the user's own only if it differs from the snapshot price of the model they chose
    snapshot = _default_numbers(a.managed_model, a.finetuned_endpoint_model, a.embedding_model)
    hand = _hand_rows()
    records = []
    for name in CHOICE_FIELDS:
        changed = getattr(a, name) != getattr(defaults, name)
        records.append(_record(name, getattr(a, name), None, None, hand[name], changed))
    for name in FIELD_BOUNDS:
        value = getattr(a, name)
        low, high = a.range_of(name)
        row = _row_for(name, a.finetuned_endpoint_model)
        changed = value != (snapshot[name] if name in snapshot and name not in hand else getattr(defaults, name))
        if row is not None:
            records.append(_record(name, value, low, high, row, changed))
        elif name == "training_usd_per_mtok_managed":
            records.append(
                {
                    "parameter": name,
                    "value": value,
                    "low": low,
                    "high": high,
                    "unit": "USD per 1M training tokens",
                    "kind": "user",
                    "source": "set by you",
                    "date": "",
                    "note": "",
                }
            )
        else:
            model_field, _ = SNAPSHOT_FIELDS[name]
            model = model_price(getattr(a, model_field))
            records.append(
                {
                    "parameter": name,
                    "value": value,
                    "low": low,
                    "high": high,
                    "unit": SNAPSHOT_UNITS.get(name, "USD per 1M tokens"),
                    "kind": "user" if changed else "price_list",
                    "source": "set by you"
                    if changed
                    else f"{model.source} price snapshot of {model.key} ({model.pricing_url})",
                    "date": model.snapshot_date,
                    "note": "",
                }
            )
    for name in REFERENCE_ROWS:
        row = hand[name]
        records.append(_record(name, float(row.value), row.low, row.high, row, False))
    return records


def _record(
    name: str, value: object, low: float | None, high: float | None, row: AssumptionRow, changed: bool
) -> dict[str, Any]:
    return {
        "parameter": name,
        "value": value,
        "low": low,
        "high": high,
        "unit": row.unit,
        "kind": "user" if changed else row.kind,
        "source": "set by you" if changed else row.source,
        "date": row.date,
        "note": row.note,
    }

"""Every cost, latency and decision parameter, with its default, range, unit, source and date.

The defaults live in ``data/assumptions.csv`` (one row per parameter, hand-kept and cited)
and in the managed-model price snapshot ``data/model_prices.csv`` (written by a script).
``Assumptions`` is the strict, typed view of both; override any field by keyword.
"""

from __future__ import annotations

import csv
import dataclasses
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Mapping

from ._validation import Bounds, check_number
from .prices import ModelPrice, model_price

ASSUMPTIONS_FILE = "assumptions.csv"

# Rows that record a claim the book tests against the model, not an input to it.
REFERENCE_ROWS = ("seed_crossover_queries_per_month",)
CHOICE_FIELDS = ("managed_model", "finetuned_endpoint_model", "embedding_model", "finetune_hosting")
FINETUNE_HOSTING = ("self_hosted", "managed")

_NONNEG = Bounds(0, 1e9)
_POSITIVE = Bounds(0, 1e9, low_open=True)
_SHARE = Bounds(0, 1)

# The accepted range of each numeric field (what validation allows, not the uncertainty range).
FIELD_BOUNDS: dict[str, Bounds] = {
    "system_prompt_tokens": _NONNEG,
    "question_tokens": _POSITIVE,
    "output_tokens": _POSITIVE,
    "behaviour_prompt_tokens_per_need": _NONNEG,
    "finetuned_prompt_tokens": _NONNEG,
    "retrieved_chunks": Bounds(1, 1_000, integer=True),
    "chunk_tokens": _POSITIVE,
    "cache_min_prefix_tokens": _NONNEG,
    "cache_hit_rate": _SHARE,
    "batch_share": _SHARE,
    "vector_db_min_usd_per_month": _NONNEG,
    "vector_db_read_usd_per_million_units": _NONNEG,
    "vector_db_write_usd_per_million_units": _NONNEG,
    "vector_db_storage_usd_per_gb_month": _NONNEG,
    "vector_db_min_read_units_per_query": _NONNEG,
    "bytes_per_indexed_chunk": _POSITIVE,
    "gpu_usd_per_hour": _NONNEG,
    "min_gpu_replicas": Bounds(0, 1_000, integer=True),
    "prefill_tokens_per_gpu_second": _POSITIVE,
    "decode_tokens_per_gpu_second": _POSITIVE,
    "peak_to_average_load": Bounds(1, 100),
    "target_gpu_utilization": Bounds(0, 1, low_open=True),
    "training_usd_per_mtok": _NONNEG,
    "training_epochs": Bounds(0, 100, low_open=True),
    "training_pairs_per_document": _NONNEG,
    "tokens_per_training_example": _POSITIVE,
    "behaviour_examples_per_need": _NONNEG,
    "example_curation_usd": _NONNEG,
    "retrain_labour_usd": _NONNEG,
    "periodic_retrains_per_month": Bounds(0, 100),
    "document_cleaning_usd_per_document": _NONNEG,
    "update_changed_fraction": _SHARE,
    "content_update_labour_usd": _NONNEG,
    "build_prompting_usd": _NONNEG,
    "build_rag_usd": _NONNEG,
    "build_finetuning_usd": _NONNEG,
    "engineer_usd_per_month": _NONNEG,
    "maintenance_fte_prompting": Bounds(0, 100),
    "maintenance_fte_rag": Bounds(0, 100),
    "maintenance_fte_finetuning": Bounds(0, 100),
    "managed_ttft_ms": Bounds(0, 600_000),
    "managed_prefill_ms_per_1k_tokens": Bounds(0, 600_000),
    "cached_prefill_time_saving": _SHARE,
    "selfhosted_ttft_ms": Bounds(0, 600_000),
    "selfhosted_prefill_ms_per_1k_tokens": Bounds(0, 600_000),
    "retrieval_latency_ms": Bounds(0, 600_000),
    "reranker_latency_ms": Bounds(0, 600_000),
    "frequent_updates_per_month": _POSITIVE,
    "large_corpus_documents": _POSITIVE,
    "max_context_fill_fraction": Bounds(0, 1, low_open=True),
    "low_volume_queries_per_day": _POSITIVE,
    "retrieval_latency_budget_ms": _POSITIVE,
    # read from the price snapshot of the chosen models unless given
    "managed_input_usd_per_mtok": _NONNEG,
    "managed_output_usd_per_mtok": _NONNEG,
    "managed_cache_read_usd_per_mtok": _NONNEG,
    "managed_cache_write_usd_per_mtok": _NONNEG,
    "managed_batch_discount": Bounds(0, 1, high_open=True),
    "managed_context_window_tokens": Bounds(1, 1e9, integer=True),
    "finetuned_endpoint_input_usd_per_mtok": _NONNEG,
    "finetuned_endpoint_output_usd_per_mtok": _NONNEG,
    "finetuned_endpoint_batch_discount": Bounds(0, 1, high_open=True),
    "embedding_usd_per_mtok": _NONNEG,
}

# Parameters whose values are taken from the price snapshot: (model field, how to read the model).
SNAPSHOT_FIELDS: dict[str, tuple[str, str]] = {
    "managed_input_usd_per_mtok": ("managed_model", "input_usd_per_mtok"),
    "managed_output_usd_per_mtok": ("managed_model", "output_usd_per_mtok"),
    "managed_cache_read_usd_per_mtok": ("managed_model", "cache_read_usd_per_mtok"),
    "managed_cache_write_usd_per_mtok": ("managed_model", "cache_write_usd_per_mtok"),
    "managed_batch_discount": ("managed_model", "batch_discount"),
    "managed_context_window_tokens": ("managed_model", "context_window"),
    "finetuned_endpoint_input_usd_per_mtok": ("finetuned_endpoint_model", "input_usd_per_mtok"),
    "finetuned_endpoint_output_usd_per_mtok": ("finetuned_endpoint_model", "output_usd_per_mtok"),
    "finetuned_endpoint_batch_discount": ("finetuned_endpoint_model", "batch_discount"),
    "embedding_usd_per_mtok": ("embedding_model", "input_usd_per_mtok"),
}
SNAPSHOT_UNITS = {
    "managed_batch_discount": "share of the price",
    "finetuned_endpoint_batch_discount": "share of the price",
    "managed_context_window_tokens": "tokens",
}


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


def _from_snapshot(model: ModelPrice, attribute: str) -> float:
    value = getattr(model, attribute)
    if value is None:
        # A model without a separate cache or context price charges the plain input price.
        if attribute in ("cache_read_usd_per_mtok", "cache_write_usd_per_mtok"):
            return model.input_usd_per_mtok
        if attribute == "context_window":
            raise ValueError(
                f"model {model.key!r} has no context window in the price snapshot; "
                "give managed_context_window_tokens yourself"
            )
    return float(value)


@dataclass(frozen=True)
class Assumptions:
    """Every cost, latency and decision parameter the advisor uses.

    Defaults come from the cited assumptions table and the price snapshot. Override any field:

    >>> a = Assumptions(gpu_usd_per_hour=2.5)
    >>> a.gpu_usd_per_hour, a.range_of("gpu_usd_per_hour")
    (2.5, (2.5, 2.5))
    >>> Assumptions().managed_input_usd_per_mtok  # openai/gpt-4o in the snapshot
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
    behaviour_prompt_tokens_per_need: float = field(default_factory=lambda: _default("behaviour_prompt_tokens_per_need"))
    finetuned_prompt_tokens: float = field(default_factory=lambda: _default("finetuned_prompt_tokens"))
    retrieved_chunks: float = field(default_factory=lambda: _default("retrieved_chunks"))
    chunk_tokens: float = field(default_factory=lambda: _default("chunk_tokens"))
    cache_min_prefix_tokens: float = field(default_factory=lambda: _default("cache_min_prefix_tokens"))
    cache_hit_rate: float = field(default_factory=lambda: _default("cache_hit_rate"))
    batch_share: float = field(default_factory=lambda: _default("batch_share"))
    vector_db_min_usd_per_month: float = field(default_factory=lambda: _default("vector_db_min_usd_per_month"))
    vector_db_read_usd_per_million_units: float = field(default_factory=lambda: _default("vector_db_read_usd_per_million_units"))
    vector_db_write_usd_per_million_units: float = field(default_factory=lambda: _default("vector_db_write_usd_per_million_units"))
    vector_db_storage_usd_per_gb_month: float = field(default_factory=lambda: _default("vector_db_storage_usd_per_gb_month"))
    vector_db_min_read_units_per_query: float = field(default_factory=lambda: _default("vector_db_min_read_units_per_query"))
    bytes_per_indexed_chunk: float = field(default_factory=lambda: _default("bytes_per_indexed_chunk"))
    gpu_usd_per_hour: float = field(default_factory=lambda: _default("gpu_usd_per_hour"))
    min_gpu_replicas: float = field(default_factory=lambda: _default("min_gpu_replicas"))
    prefill_tokens_per_gpu_second: float = field(default_factory=lambda: _default("prefill_tokens_per_gpu_second"))
    decode_tokens_per_gpu_second: float = field(default_factory=lambda: _default("decode_tokens_per_gpu_second"))
    peak_to_average_load: float = field(default_factory=lambda: _default("peak_to_average_load"))
    target_gpu_utilization: float = field(default_factory=lambda: _default("target_gpu_utilization"))
    training_usd_per_mtok: float = field(default_factory=lambda: _default("training_usd_per_mtok"))
    training_epochs: float = field(default_factory=lambda: _default("training_epochs"))
    training_pairs_per_document: float = field(default_factory=lambda: _default("training_pairs_per_document"))
    tokens_per_training_example: float = field(default_factory=lambda: _default("tokens_per_training_example"))
    behaviour_examples_per_need: float = field(default_factory=lambda: _default("behaviour_examples_per_need"))
    example_curation_usd: float = field(default_factory=lambda: _default("example_curation_usd"))
    retrain_labour_usd: float = field(default_factory=lambda: _default("retrain_labour_usd"))
    periodic_retrains_per_month: float = field(default_factory=lambda: _default("periodic_retrains_per_month"))
    document_cleaning_usd_per_document: float = field(default_factory=lambda: _default("document_cleaning_usd_per_document"))
    update_changed_fraction: float = field(default_factory=lambda: _default("update_changed_fraction"))
    content_update_labour_usd: float = field(default_factory=lambda: _default("content_update_labour_usd"))
    build_prompting_usd: float = field(default_factory=lambda: _default("build_prompting_usd"))
    build_rag_usd: float = field(default_factory=lambda: _default("build_rag_usd"))
    build_finetuning_usd: float = field(default_factory=lambda: _default("build_finetuning_usd"))
    engineer_usd_per_month: float = field(default_factory=lambda: _default("engineer_usd_per_month"))
    maintenance_fte_prompting: float = field(default_factory=lambda: _default("maintenance_fte_prompting"))
    maintenance_fte_rag: float = field(default_factory=lambda: _default("maintenance_fte_rag"))
    maintenance_fte_finetuning: float = field(default_factory=lambda: _default("maintenance_fte_finetuning"))
    managed_ttft_ms: float = field(default_factory=lambda: _default("managed_ttft_ms"))
    managed_prefill_ms_per_1k_tokens: float = field(default_factory=lambda: _default("managed_prefill_ms_per_1k_tokens"))
    cached_prefill_time_saving: float = field(default_factory=lambda: _default("cached_prefill_time_saving"))
    selfhosted_ttft_ms: float = field(default_factory=lambda: _default("selfhosted_ttft_ms"))
    selfhosted_prefill_ms_per_1k_tokens: float = field(default_factory=lambda: _default("selfhosted_prefill_ms_per_1k_tokens"))
    retrieval_latency_ms: float = field(default_factory=lambda: _default("retrieval_latency_ms"))
    reranker_latency_ms: float = field(default_factory=lambda: _default("reranker_latency_ms"))
    frequent_updates_per_month: float = field(default_factory=lambda: _default("frequent_updates_per_month"))
    large_corpus_documents: float = field(default_factory=lambda: _default("large_corpus_documents"))
    max_context_fill_fraction: float = field(default_factory=lambda: _default("max_context_fill_fraction"))
    low_volume_queries_per_day: float = field(default_factory=lambda: _default("low_volume_queries_per_day"))
    retrieval_latency_budget_ms: float = field(default_factory=lambda: _default("retrieval_latency_budget_ms"))

    # None: read from the price snapshot for the chosen model.
    managed_input_usd_per_mtok: float | None = None
    managed_output_usd_per_mtok: float | None = None
    managed_cache_read_usd_per_mtok: float | None = None
    managed_cache_write_usd_per_mtok: float | None = None
    managed_batch_discount: float | None = None
    managed_context_window_tokens: float | None = None
    finetuned_endpoint_input_usd_per_mtok: float | None = None
    finetuned_endpoint_output_usd_per_mtok: float | None = None
    finetuned_endpoint_batch_discount: float | None = None
    embedding_usd_per_mtok: float | None = None

    ranges: Mapping[str, tuple[float, float]] | None = None

    def __post_init__(self) -> None:
        for name in ("managed_model", "finetuned_endpoint_model", "embedding_model"):
            model_price(getattr(self, name))  # raises a ValueError listing the known models
        if self.finetune_hosting not in FINETUNE_HOSTING:
            raise ValueError(f"finetune_hosting must be one of {FINETUNE_HOSTING}, got {self.finetune_hosting!r}")
        for name, (model_field, attribute) in SNAPSHOT_FIELDS.items():
            if getattr(self, name) is None:
                value = _from_snapshot(model_price(getattr(self, model_field)), attribute)
                object.__setattr__(self, name, value)
        for name, bounds in FIELD_BOUNDS.items():
            object.__setattr__(self, name, check_number(name, getattr(self, name), bounds))
        object.__setattr__(self, "ranges", MappingProxyType(self._checked_ranges()))
        object.__setattr__(self, "_numbers", MappingProxyType({n: getattr(self, n) for n in FIELD_BOUNDS}))

    def _checked_ranges(self) -> dict[str, tuple[float, float]]:
        if self.ranges is not None and not isinstance(self.ranges, Mapping):
            raise ValueError(f"ranges must be a mapping of parameter name to (low, high), got {self.ranges!r}")
        given = dict(self.ranges or {})
        unknown = [name for name in given if name not in FIELD_BOUNDS]
        if unknown:
            raise ValueError(f"ranges: unknown parameter(s) {unknown!r}; accepted: the numeric fields of Assumptions")
        defaults = _default_numbers(self.managed_model, self.finetuned_endpoint_model, self.embedding_model)
        rows = _hand_rows()
        checked = {}
        for name, bounds in FIELD_BOUNDS.items():
            value = getattr(self, name)
            if name in given:
                low, high = _range_pair(name, given[name], bounds)
                if not low <= value <= high:
                    raise ValueError(f"ranges[{name!r}] must contain the value {value:g}, got ({low:g}, {high:g})")
            elif name in rows and value == defaults[name] and rows[name].low is not None:
                low, high = rows[name].low, rows[name].high
            else:
                low = high = value  # a value the user set, or a list price, is taken as known
            checked[name] = (float(low), float(high))
        return checked

    def numbers(self) -> Mapping[str, float]:
        """Every numeric parameter by name (what the cost formulas read)."""
        return self._numbers  # type: ignore[attr-defined]

    def range_of(self, name: str) -> tuple[float, float]:
        return self.ranges[name]  # type: ignore[index]

    def replace(self, **changes: object) -> "Assumptions":
        """A copy with some fields changed (and checked again).

        Prices read from the snapshot follow a change of model unless you also set them.
        """
        values = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        for name, (model_field, _) in SNAPSHOT_FIELDS.items():
            if model_field in changes and name not in changes:
                values[name] = None
        if "ranges" not in changes:
            values["ranges"] = {k: v for k, v in (self.ranges or {}).items() if k not in changes and v[0] != v[1]}
        values.update(changes)
        return Assumptions(**values)  # type: ignore[arg-type]


def _range_pair(name: str, pair: object, bounds: Bounds) -> tuple[float, float]:
    try:
        low, high = pair  # type: ignore[misc]
    except (TypeError, ValueError):
        raise ValueError(f"ranges[{name!r}] must be a (low, high) pair, got {pair!r}") from None
    low = check_number(f"ranges[{name!r}] low", low, bounds)
    high = check_number(f"ranges[{name!r}] high", high, bounds)
    if not low <= high:
        raise ValueError(f"ranges[{name!r}] needs low <= high, got {pair!r}")
    return low, high


@lru_cache(maxsize=32)
def _default_numbers(managed: str, finetuned: str, embedding: str) -> dict[str, float]:
    numbers = {name: _default(name) for name in FIELD_BOUNDS if name not in SNAPSHOT_FIELDS}
    models = {"managed_model": managed, "finetuned_endpoint_model": finetuned, "embedding_model": embedding}
    for name, (model_field, attribute) in SNAPSHOT_FIELDS.items():
        numbers[name] = _from_snapshot(model_price(models[model_field]), attribute)
    return numbers


def assumptions_table(assumptions: Assumptions | None = None):
    """The long table behind ``assumptions``: one row per parameter with value, range, unit, kind, source and date.

    Rows whose value you changed say so in ``source``.
    """
    import pandas as pd

    a = assumptions or Assumptions()
    defaults = Assumptions()
    # a price is the user's own only if it differs from the snapshot price of the model they chose
    snapshot = _default_numbers(a.managed_model, a.finetuned_endpoint_model, a.embedding_model)
    hand = _hand_rows()
    records = []
    for name in CHOICE_FIELDS:
        row = hand[name]
        changed = getattr(a, name) != getattr(defaults, name)
        records.append(_record(name, getattr(a, name), None, None, row, changed))
    for name in FIELD_BOUNDS:
        value = getattr(a, name)
        low, high = a.range_of(name)
        changed = value != (snapshot[name] if name in SNAPSHOT_FIELDS else getattr(defaults, name))
        if name in hand:
            records.append(_record(name, value, low, high, hand[name], changed))
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
    return pd.DataFrame.from_records(records).set_index("parameter")


def _record(name, value, low, high, row: AssumptionRow, changed: bool) -> dict:
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

"""Managed-API prices and context windows, read from the dated snapshot in ``data/model_prices.csv``.

The snapshot is written by ``tools/snapshot_model_prices.py`` from the genai-prices library;
nothing in it is typed by hand.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

PRICE_FILE = "model_prices.csv"


@dataclass(frozen=True)
class ModelPrice:
    """List prices of one managed model, in USD per million tokens."""

    key: str  # "provider/model", e.g. "openai/gpt-4o"
    name: str
    context_window: int | None
    input_usd_per_mtok: float
    output_usd_per_mtok: float
    cache_read_usd_per_mtok: float | None
    cache_write_usd_per_mtok: float | None
    batch_input_usd_per_mtok: float | None
    batch_output_usd_per_mtok: float | None
    has_long_context_tiers: bool
    pricing_url: str
    source: str
    snapshot_date: str

    @property
    def batch_discount(self) -> float:
        """Share of the price saved by the batch API (0 where the model has no batch price)."""
        if self.batch_input_usd_per_mtok is None or self.input_usd_per_mtok == 0:
            return 0.0
        return 1.0 - self.batch_input_usd_per_mtok / self.input_usd_per_mtok


def _optional_float(text: str) -> float | None:
    return float(text) if text.strip() else None


@lru_cache(maxsize=1)
def model_prices() -> dict[str, ModelPrice]:
    """Every model in the snapshot, by key ``provider/model``."""
    text = resources.files("advisor.data").joinpath(PRICE_FILE).read_text(encoding="utf-8")
    models: dict[str, ModelPrice] = {}
    for row in csv.DictReader(text.splitlines()):
        key = f"{row['provider']}/{row['model']}"
        models[key] = ModelPrice(
            key=key,
            name=row["name"] or row["model"],
            context_window=int(row["context_window"]) if row["context_window"].strip() else None,
            input_usd_per_mtok=float(row["input_usd_per_mtok"]),
            output_usd_per_mtok=float(row["output_usd_per_mtok"] or 0),
            cache_read_usd_per_mtok=_optional_float(row["cache_read_usd_per_mtok"]),
            cache_write_usd_per_mtok=_optional_float(row["cache_write_usd_per_mtok"]),
            batch_input_usd_per_mtok=_optional_float(row["batch_input_usd_per_mtok"]),
            batch_output_usd_per_mtok=_optional_float(row["batch_output_usd_per_mtok"]),
            has_long_context_tiers=row["has_long_context_tiers"].strip().lower() == "true",
            pricing_url=row["pricing_url"],
            source=row["source"],
            snapshot_date=row["snapshot_date"],
        )
    return models


def model_price(key: str) -> ModelPrice:
    """The snapshot's prices for ``key``; a ValueError lists the keys it knows."""
    models = model_prices()
    if not isinstance(key, str) or key not in models:
        raise ValueError(f"model {key!r} is not in the price snapshot; known models: {', '.join(sorted(models))}")
    return models[key]


def price_table():
    """The snapshot as a pandas DataFrame, one row per model."""
    import pandas as pd

    return pd.DataFrame([vars(m) for m in model_prices().values()]).set_index("key")

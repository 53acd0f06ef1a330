"""Managed-API prices and context windows, read from the dated snapshot in ``data/model_prices.csv``.

The snapshot is written by ``tools/snapshot_model_prices.py`` from the genai-prices library;
nothing in it is typed by hand except each model's minimum cacheable prompt (``cache_min_tokens``),
which comes with its source in ``cache_source``. The tool's docstring states which models are in it.

One model's *price sheet* (:meth:`ModelPrice.sheet`, field names in :data:`SHEET_FIELDS`) is all
:func:`request_usd` needs to price one request exactly as genai-prices' ``calc_price`` does:

* **Cache prices.** A model without its own cache-read or cache-write price bills those tokens as
  plain input tokens, so its sheet carries the input price there.
* **Long-context tier.** When a request's whole prompt (uncached + cache-read + cache-write tokens)
  is *strictly greater* than ``long_context_threshold_tokens``, every token of the request is billed
  at the tier price, which is the base price times the matching ``long_context_*_factor``. A model
  without a tier has threshold 0 and all four factors 1.0 (:data:`NO_LONG_CONTEXT_TIER`), which
  prices every request at the base prices, so no sentinel value is needed.
* **Batch.** Under the batch API, input, output and cache-write prices are ``batch_discount``
  cheaper and the cache-read price ``batch_cache_discount`` cheaper (providers differ: OpenAI's
  GPT-4o and GPT-4.1 keep the standard cache-read price under batch, Anthropic halves it).
* **Cache minimum.** A prompt prefix shorter than ``cache_min_tokens`` is never cached. Applying it
  is the caller's concern: :func:`request_usd` prices the cache-read and cache-write tokens it is
  given. A model without prompt caching has ``cache_min_tokens`` 0 in its sheet: its cache prices
  and discounts equal the input ones, so what a caller counts as cached changes nothing.

This module is standard library only, so it can run in the browser (Pyodide).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from numbers import Real
from types import MappingProxyType
from typing import NamedTuple

from .numbers import Number

PRICE_FILE = "model_prices.csv"

SHEET_FIELDS: tuple[str, ...] = (
    "input_usd_per_mtok",
    "output_usd_per_mtok",
    "cache_read_usd_per_mtok",
    "cache_write_usd_per_mtok",
    "cache_min_tokens",
    "batch_discount",
    "batch_cache_discount",
    "long_context_threshold_tokens",
    "long_context_input_factor",
    "long_context_output_factor",
    "long_context_cache_read_factor",
    "long_context_cache_write_factor",
)
"""The names of one model's price sheet, in order (see the module docstring for their meaning)."""

SHEET_UNITS: Mapping[str, str] = MappingProxyType(
    {
        "input_usd_per_mtok": "USD per 1M tokens",
        "output_usd_per_mtok": "USD per 1M tokens",
        "cache_read_usd_per_mtok": "USD per 1M tokens",
        "cache_write_usd_per_mtok": "USD per 1M tokens",
        "cache_min_tokens": "tokens",
        "batch_discount": "share of the price",
        "batch_cache_discount": "share of the price",
        "long_context_threshold_tokens": "prompt tokens",
        "long_context_input_factor": "times the base price",
        "long_context_output_factor": "times the base price",
        "long_context_cache_read_factor": "times the base price",
        "long_context_cache_write_factor": "times the base price",
    }
)
"""The unit of each sheet field, as text."""


class SheetRange(NamedTuple):
    """The accepted values of one sheet field: ``low <= value``, and ``value <= high`` (``<`` if ``high_open``)."""

    low: float
    high: float | None = None
    high_open: bool = False

    def contains(self, value: float) -> bool:
        """Whether ``value`` is in the range.

        >>> SheetRange(0.0, 1.0, high_open=True).contains(1.0)
        False
        """
        if value < self.low:
            return False
        if self.high is None:
            return True
        return value < self.high if self.high_open else value <= self.high

    def describe(self) -> str:
        """The range as text.

        >>> SheetRange(0.0, 1.0, high_open=True).describe()
        '>= 0 and < 1'
        """
        text = f">= {self.low:g}"
        if self.high is not None:
            text += f" and {'<' if self.high_open else '<='} {self.high:g}"
        return text


_PRICE = SheetRange(0.0)
_SHARE_OFF = SheetRange(0.0, 1.0, high_open=True)
_FACTOR = SheetRange(1.0)

SHEET_BOUNDS: Mapping[str, SheetRange] = MappingProxyType(
    {
        "input_usd_per_mtok": _PRICE,
        "output_usd_per_mtok": _PRICE,
        "cache_read_usd_per_mtok": _PRICE,
        "cache_write_usd_per_mtok": _PRICE,
        "cache_min_tokens": SheetRange(0.0),
        "batch_discount": _SHARE_OFF,
        "batch_cache_discount": _SHARE_OFF,
        "long_context_threshold_tokens": SheetRange(0.0),
        "long_context_input_factor": _FACTOR,
        "long_context_output_factor": _FACTOR,
        "long_context_cache_read_factor": _FACTOR,
        "long_context_cache_write_factor": _FACTOR,
    }
)
"""The accepted range of each sheet field (all finite): prices and token counts >= 0, discounts in
[0, 1), long-context factors >= 1 (a tier never makes tokens cheaper)."""

NO_LONG_CONTEXT_TIER: Mapping[str, float] = MappingProxyType(
    {
        "long_context_threshold_tokens": 0.0,
        "long_context_input_factor": 1.0,
        "long_context_output_factor": 1.0,
        "long_context_cache_read_factor": 1.0,
        "long_context_cache_write_factor": 1.0,
    }
)
"""The sheet fields of a model without a long-context tier."""


@dataclass(frozen=True)
class ModelPrice:
    """List prices of one managed model on the snapshot date, in USD per million tokens.

    ``cache_read_usd_per_mtok``/``cache_write_usd_per_mtok`` are None where the model has no such
    price (those tokens are then billed as input), ``batch_*_usd_per_mtok`` None where it has no
    batch price, ``context_window`` None where genai-prices does not know it, ``cache_min_tokens``
    None where the model has no prompt caching, ``long_context_threshold_tokens`` None where it
    has no long-context tier (its factors are then 1.0).
    """

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
    kind: str  # "chat", "embedding" or "fine_tuned"
    batch_discount: float  # share off input, output and cache-write prices under the batch API
    batch_cache_discount: float  # share off the cache-read price under the batch API
    cache_min_tokens: int | None
    cache_source: str
    long_context_threshold_tokens: int | None
    long_context_input_factor: float
    long_context_output_factor: float
    long_context_cache_read_factor: float
    long_context_cache_write_factor: float

    def sheet(self) -> dict[str, float]:
        """The model's price sheet: every field of :data:`SHEET_FIELDS`, each a float.

        A missing cache price becomes the input price (genai-prices bills those tokens as input),
        a missing tier the values of :data:`NO_LONG_CONTEXT_TIER`, a missing cache minimum 0.

        >>> sheet = model_price("openai/gpt-5.5").sheet()
        >>> sheet["input_usd_per_mtok"], sheet["cache_write_usd_per_mtok"]  # no write price: input
        (5.0, 5.0)
        >>> sheet["long_context_threshold_tokens"], sheet["long_context_input_factor"]
        (272000.0, 2.0)
        >>> model_price("openai/gpt-4o").sheet()["long_context_threshold_tokens"]  # no tier
        0.0
        """
        input_price = self.input_usd_per_mtok
        sheet = {
            "input_usd_per_mtok": input_price,
            "output_usd_per_mtok": self.output_usd_per_mtok,
            "cache_read_usd_per_mtok": _or(self.cache_read_usd_per_mtok, input_price),
            "cache_write_usd_per_mtok": _or(self.cache_write_usd_per_mtok, input_price),
            "cache_min_tokens": _or(self.cache_min_tokens, 0),
            "batch_discount": self.batch_discount,
            "batch_cache_discount": self.batch_cache_discount,
            "long_context_threshold_tokens": _or(self.long_context_threshold_tokens, 0),
            "long_context_input_factor": self.long_context_input_factor,
            "long_context_output_factor": self.long_context_output_factor,
            "long_context_cache_read_factor": self.long_context_cache_read_factor,
            "long_context_cache_write_factor": self.long_context_cache_write_factor,
        }
        return {name: float(sheet[name]) for name in SHEET_FIELDS}


def _or(value: float | None, default: float) -> float:
    return default if value is None else value


def _optional_float(text: str) -> float | None:
    return float(text) if text.strip() else None


def _optional_int(text: str) -> int | None:
    return int(text) if text.strip() else None


@lru_cache(maxsize=1)
def _snapshot() -> Mapping[str, ModelPrice]:
    text = resources.files("advisor.data").joinpath(PRICE_FILE).read_text(encoding="utf-8")
    models: dict[str, ModelPrice] = {}
    for row in csv.DictReader(text.splitlines()):
        key = f"{row['provider']}/{row['model']}"
        models[key] = ModelPrice(
            key=key,
            name=row["name"] or row["model"],
            context_window=_optional_int(row["context_window"]),
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
            kind=row["kind"],
            batch_discount=float(row["batch_discount"]),
            batch_cache_discount=float(row["batch_cache_discount"]),
            cache_min_tokens=_optional_int(row["cache_min_tokens"]),
            cache_source=row["cache_source"],
            long_context_threshold_tokens=_optional_int(row["long_context_threshold_tokens"]),
            long_context_input_factor=float(row["long_context_input_factor"]),
            long_context_output_factor=float(row["long_context_output_factor"]),
            long_context_cache_read_factor=float(row["long_context_cache_read_factor"]),
            long_context_cache_write_factor=float(row["long_context_cache_write_factor"]),
        )
    return MappingProxyType(models)


def model_prices() -> dict[str, ModelPrice]:
    """Every model in the snapshot, by key ``provider/model``: a new dict on each call.

    Returns
    -------
    dict[str, ModelPrice]
        The price snapshot by model key.

    Examples
    --------
    >>> prices = model_prices()
    >>> prices["openai/gpt-4o"].input_usd_per_mtok
    2.5
    >>> del prices["openai/gpt-4o"]  # your copy only
    >>> "openai/gpt-4o" in model_prices()
    True
    """
    return dict(_snapshot())


def model_price(key: str) -> ModelPrice:
    """The snapshot's prices for ``key``; a ValueError lists the keys it knows.

    >>> haiku = model_price("anthropic/claude-haiku-4-5")
    >>> haiku.cache_min_tokens, haiku.cache_write_usd_per_mtok
    (4096, 1.25)
    """
    models = _snapshot()
    if not isinstance(key, str) or key not in models:
        raise ValueError(f"model {key!r} is not in the price snapshot; known models: {', '.join(sorted(models))}")
    return models[key]


def check_sheet(sheet: Mapping[str, object]) -> dict[str, float]:
    """``sheet`` as a new dict of floats, or a ValueError naming the first bad or missing field.

    >>> sheet = check_sheet(model_price("openai/gpt-4o-mini").sheet())
    >>> sheet["batch_discount"]
    0.5
    >>> check_sheet({**sheet, "batch_discount": 1})
    Traceback (most recent call last):
    ...
    ValueError: batch_discount must be a number >= 0 and < 1, got 1
    """
    missing = [name for name in SHEET_FIELDS if name not in sheet]
    if missing:
        raise ValueError(f"price sheet lacks {', '.join(missing)}")
    unknown = sorted(set(sheet) - set(SHEET_FIELDS))
    if unknown:
        raise ValueError(f"price sheet has unknown fields {', '.join(unknown)}")
    checked: dict[str, float] = {}
    for name in SHEET_FIELDS:
        value = sheet[name]
        bounds = SHEET_BOUNDS[name]
        if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(float(value)):
            raise ValueError(f"{name} must be a finite number {bounds.describe()}, got {value!r}")
        if not bounds.contains(float(value)):
            raise ValueError(f"{name} must be a number {bounds.describe()}, got {value!r}")
        checked[name] = float(value)
    return checked


def request_usd(
    sheet: Mapping[str, float],
    *,
    uncached_input_tokens: Number,
    output_tokens: Number,
    cache_read_tokens: Number = 0.0,
    cache_write_tokens: Number = 0.0,
    batch: bool = False,
) -> Number:
    """USD of one request, as genai-prices' ``calc_price`` prices it.

    The prompt is ``uncached_input_tokens + cache_read_tokens + cache_write_tokens`` (genai-prices'
    ``input_tokens``); when it is strictly greater than the sheet's long-context threshold, every
    token is billed at the tier price (base price x factor). ``batch=True`` applies the batch
    discounts. Whether a prefix is long enough to be cached (``cache_min_tokens``) is the caller's
    decision: pass the tokens that are read from or written to the cache.

    Token counts may be floats or numpy arrays (the result is then an array): the function uses
    arithmetic only.

    Hand-worked, gpt-5.5: $5 input and $30 output per million tokens; past 272,000 prompt tokens
    the whole request costs 2x input and 1.5x output. 300,000 input and 500 output tokens:
    300,000 x $10/M + 500 x $45/M = $3.00 + $0.0225. At the base prices it would be
    $1.50 + $0.015 = $1.515; the batch API halves it.

    >>> gpt55 = model_price("openai/gpt-5.5").sheet()
    >>> round(request_usd(gpt55, uncached_input_tokens=300_000, output_tokens=500), 6)
    3.0225
    >>> round(request_usd({**gpt55, **NO_LONG_CONTEXT_TIER}, uncached_input_tokens=300_000, output_tokens=500), 6)
    1.515
    >>> round(request_usd(gpt55, uncached_input_tokens=300_000, output_tokens=500, batch=True), 6)
    1.51125

    A cached prefix: 4,096 tokens read from Claude Haiku 4.5's cache at $0.10/M, 100 more at $1/M,
    200 output tokens at $5/M:

    >>> haiku = model_price("anthropic/claude-haiku-4-5").sheet()
    >>> round(request_usd(haiku, uncached_input_tokens=100, cache_read_tokens=4_096, output_tokens=200), 8)
    0.0015096
    """
    prompt_tokens = uncached_input_tokens + cache_read_tokens + cache_write_tokens
    long_context = prompt_tokens > sheet["long_context_threshold_tokens"]

    def price(name: str, factor: str) -> Number:
        return sheet[name] * (1.0 + long_context * (sheet[factor] - 1.0))

    keep = 1.0 - batch * sheet["batch_discount"]
    keep_cache_read = 1.0 - batch * sheet["batch_cache_discount"]
    usd_per_mtok_tokens = (
        uncached_input_tokens * price("input_usd_per_mtok", "long_context_input_factor") * keep
        + output_tokens * price("output_usd_per_mtok", "long_context_output_factor") * keep
        + cache_read_tokens * price("cache_read_usd_per_mtok", "long_context_cache_read_factor") * keep_cache_read
        + cache_write_tokens * price("cache_write_usd_per_mtok", "long_context_cache_write_factor") * keep
    )
    return usd_per_mtok_tokens / 1_000_000

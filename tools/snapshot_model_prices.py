#!/usr/bin/env python3
"""Write a dated snapshot of managed-API model prices to ``advisor/data/model_prices.csv``.

The advisor compares architectures on prices that must not move between runs, so rather than
asking genai-prices at runtime we freeze the prices that apply on one date into a committed CSV.
Given the same genai-prices version and the same ``--date``, the output is byte-identical.
The committed CSV is the snapshot for 2026-12-01 made with genai-prices 0.2.3.

Which models are in the snapshot (the rule)
-------------------------------------------
1. Current text chat models of the four main providers, OpenAI, Anthropic, Google (Gemini API)
   and Mistral: for each general-purpose text chat line a provider sells (a line is a model name
   without its version number: Claude Sonnet, GPT-x Sol, Gemini x Flash-Lite, Mistral Small, ...),
   the newest version genai-prices 0.2.3 lists. Excluded: versions superseded within their line,
   deprecated or shut-down models, drifting ``-latest`` aliases and ChatGPT aliases,
   limited-availability models (Claude Mythos), and specialised variants (pro, codex, image,
   audio, realtime, TTS, transcription, live, search, deep research, cyber, OCR, robotics). A
   preview counts when it is the newest version of its line (Gemini 3.1 Pro Preview).
   On genai-prices 0.2.3 that gives: gpt-6-astra, gpt-6.1-sol, gpt-6.1-terra, gpt-6-luna, gpt-5.5,
   gpt-5.4-mini, gpt-5.4-nano; claude-fable-5-2, claude-opus-5-5, claude-sonnet-5-5,
   claude-haiku-5-5; gemini-4-argon, gemini-3.1-pro-preview, gemini-3.8-flash,
   gemini-3.5-flash-lite; mistral-large-4, mistral-medium-3-5, mistral-small-2603,
   ministral-14b-2512, ministral-8b-2512, ministral-3b-2512.
2. Older models the book names as references: gpt-4o (the seed article's base model),
   gpt-4o-mini, gpt-4.1, gpt-4.1-mini, claude-sonnet-4-5, claude-haiku-4-5, and Llama 3.3 70B
   at a host.
3. Every fine-tuned inference entry genai-prices has for a current base model: ft:gpt-4o-mini
   and ft:gpt-4o (0.2.3 has no ft:gpt-4.1 entries).
4. Embeddings for retrieval: text-embedding-3-small and text-embedding-3-large.
5. Open-weight models at a host's per-token price, for self-hosting comparisons: gpt-oss-20b and
   gpt-oss-120b (Groq), Llama 3.1 8B and Llama 3.3 70B (AWS Bedrock), Gemma 4 26B A4B (Vertex AI
   Model-as-a-Service). One host per model, chosen among hosts for which genai-prices records a
   context window.

Columns
-------
Prices are USD per million tokens on the snapshot date, as genai-prices prices a request with
no price context (the standard tier). ``cache_read``/``cache_write`` prices are left empty where
genai-prices has none: it then bills those tokens as plain input tokens. The remaining columns
let one pure function (``advisor.prices.request_usd``) reproduce genai-prices' ``calc_price``:

* ``kind``: chat, embedding or fine_tuned.
* ``batch_discount``: share off the input, output and cache-write prices with
  ``price_context={'processing': 'batch'}`` (0 where genai-prices has no batch price). Where a
  model has no cache-write price, cache writes are plain input tokens, so they take this discount.
* ``batch_cache_discount``: share off the cache-read price under batch. Providers differ in
  genai-prices 0.2.3: OpenAI GPT-4o/4.1, Groq and Gemini 3.1 Pro keep the standard cache-read
  price (0); Gemini 3.5 Flash-Lite takes a third off ($0.03 to $0.02); Anthropic, Mistral, Gemini
  4 Argon and 3.8 Flash, and OpenAI GPT-5.4 and later halve it. Models without a cache-read price
  bill cached tokens as input, so the two discounts are then equal.
* ``cache_min_tokens``: the provider's minimum cacheable prompt prefix for the model, from the
  hand table ``CACHE_MINIMUMS`` below; ``cache_source`` gives its source, date and whether it was
  confirmed. Empty where the model has no prompt caching.
* ``long_context_threshold_tokens`` and the four ``long_context_*_factor`` columns: genai-prices
  bills the whole request at the tier price when the request's total prompt tokens (uncached +
  cache read + cache write) are strictly greater than the threshold; each factor is the tier
  price over the base price, for input, output, cache read and cache write. A missing price uses
  the input price's factor (it is billed as input). No tier: threshold empty, factors 1.

The tool stops with an error if a model's prices do not fit these columns (more than one tier,
different thresholds, batch tiers that are not the standard tiers times the batch discount, a
per-request fee, or a cache-write batch discount that differs from the input one).

Usage: python tools/snapshot_model_prices.py [--date YYYY-MM-DD] [--output PATH]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time
from decimal import Context, Decimal
from importlib.metadata import version
from pathlib import Path
from typing import NamedTuple

from genai_prices.data import providers as bundled_providers
from genai_prices.data_snapshot import DataSnapshot
from genai_prices.types import ModelInfo, ModelPrice, PriceContext, Provider, TieredPrices


class SnapshotEntry(NamedTuple):
    provider_id: str
    model_id: str
    """genai-prices' own model id; written to the ``model`` column."""
    lookup_ref: str | None = None
    """An API model id to look the model up by, when ``model_id`` is not itself a matching id."""
    kind: str = "chat"
    """chat, embedding or fine_tuned."""
    pricing_url: str | None = None
    """One of the provider's genai-prices pricing URLs, when its first one is not this model's."""


MODELS_TO_SNAPSHOT: tuple[SnapshotEntry, ...] = (
    # 1. Current chat models: the newest version of each general-purpose line (see the docstring).
    SnapshotEntry("openai", "gpt-6-astra"),
    SnapshotEntry("openai", "gpt-6.1-sol"),
    SnapshotEntry("openai", "gpt-6.1-terra"),
    SnapshotEntry("openai", "gpt-6-luna"),
    SnapshotEntry("openai", "gpt-5.5"),
    SnapshotEntry("openai", "gpt-5.4-mini"),
    SnapshotEntry("openai", "gpt-5.4-nano"),
    SnapshotEntry("anthropic", "claude-fable-5-2"),
    SnapshotEntry("anthropic", "claude-opus-5-5"),
    SnapshotEntry("anthropic", "claude-sonnet-5-5"),
    SnapshotEntry("anthropic", "claude-haiku-5-5"),
    SnapshotEntry("google", "gemini-4-argon"),
    SnapshotEntry("google", "gemini-3.1-pro-preview"),
    SnapshotEntry("google", "gemini-3.8-flash"),
    SnapshotEntry("google", "gemini-3.5-flash-lite"),
    SnapshotEntry("mistral", "mistral-large-4"),
    SnapshotEntry("mistral", "mistral-medium-3-5"),
    SnapshotEntry("mistral", "mistral-small-2603"),
    SnapshotEntry("mistral", "ministral-14b-2512"),
    SnapshotEntry("mistral", "ministral-8b-2512"),
    SnapshotEntry("mistral", "ministral-3b-2512"),
    # 2. Older models the book uses as references.
    SnapshotEntry("openai", "gpt-4o"),
    SnapshotEntry("openai", "gpt-4o-mini"),
    SnapshotEntry("openai", "gpt-4.1"),
    SnapshotEntry("openai", "gpt-4.1-mini"),
    SnapshotEntry("anthropic", "claude-sonnet-4-5"),
    SnapshotEntry("anthropic", "claude-haiku-4-5"),
    # 3. Fine-tuned inference. These entries only match real fine-tuned ids, so they are looked
    # up by one and recorded under the entry's key.
    SnapshotEntry("openai", "ft:gpt-4o-mini", "ft:gpt-4o-mini-2024-07-18:org::id", kind="fine_tuned"),
    SnapshotEntry("openai", "ft:gpt-4o", "ft:gpt-4o-2024-08-06:org::id", kind="fine_tuned"),
    # 4. Embeddings, for the indexing and query cost of retrieval (RAG) architectures.
    SnapshotEntry("openai", "text-embedding-3-small", kind="embedding"),
    SnapshotEntry("openai", "text-embedding-3-large", kind="embedding"),
    # 5. Open-weight models at a host's price (Llama 3.3 70B is also a reference of item 2).
    SnapshotEntry("groq", "openai/gpt-oss-20b"),
    SnapshotEntry("groq", "openai/gpt-oss-120b"),
    SnapshotEntry("aws", "meta.llama3-1-8b-instruct-v1:0"),
    SnapshotEntry("aws", "meta.llama3-3-70b-instruct-v1:0"),
    SnapshotEntry(
        "google", "gemma-4-26b-a4b-it-maas", pricing_url="https://cloud.google.com/vertex-ai/generative-ai/pricing"
    ),
)

# The advisor cannot work without these providers' prices, so their absence is an error,
# while the others are nice-to-have and are skipped with a warning.
REQUIRED_PROVIDER_IDS = frozenset({"openai", "anthropic"})

KINDS = frozenset({"chat", "embedding", "fine_tuned"})


class CacheMinimum(NamedTuple):
    tokens: int | None
    """Minimum cacheable prompt prefix in tokens; None where the model has no prompt caching."""
    source: str
    """Where the value comes from, when it was checked, and whether it could be confirmed."""


_OPENAI_CACHING = (
    "https://developers.openai.com/api/docs/guides/prompt-caching (checked 2026-12-01): caching applies "
    "automatically to prompts of 1,024 tokens or longer, on gpt-4o and newer including GPT-5.6 and later"
)
_ANTHROPIC_CACHING = "https://platform.claude.com/docs/en/build-with-claude/prompt-caching (checked 2026-12-01)"
_ANTHROPIC_QUOTED = (
    f"{_ANTHROPIC_CACHING}, as quoted in https://github.com/anthropics/anthropic-sdk-python/issues/1194 and "
    "listed by https://docs.litellm.ai/docs/completion/prompt_caching (updated 2026-10-07)"
)
_ANTHROPIC_UNCONFIRMED = f"UNCONFIRMED: the minimum for this model was not found in {_ANTHROPIC_CACHING} or elsewhere; "
_GOOGLE_CACHING = "https://ai.google.dev/gemini-api/docs/caching (page updated 2026-10-13, checked 2026-12-01)"

# The provider's minimum cacheable prompt prefix, by (provider, model id prefix); the longest
# matching prefix wins. Where the value could not be confirmed the source says so, and the value
# is the nearest documented one (the predecessor in the line, the larger one where sources differ).
CACHE_MINIMUMS: dict[tuple[str, str], CacheMinimum] = {
    ("openai", "gpt-"): CacheMinimum(1024, _OPENAI_CACHING),
    ("openai", "ft:"): CacheMinimum(
        1024,
        f"{_OPENAI_CACHING}; genai-prices 0.2.3 has no cached-input price for fine-tuned models, "
        "so cached tokens are priced as plain input here",
    ),
    ("openai", "text-embedding-"): CacheMinimum(
        None, "No prompt caching: embeddings are billed per input token only (no cached price in genai-prices 0.2.3)"
    ),
    ("anthropic", "claude-haiku-4-5"): CacheMinimum(4096, f"{_ANTHROPIC_QUOTED}: 4,096 tokens for Claude Haiku 4.5"),
    ("anthropic", "claude-sonnet-4-5"): CacheMinimum(1024, f"{_ANTHROPIC_QUOTED}: 1,024 tokens for Claude Sonnet 4.5"),
    ("anthropic", "claude-haiku-5-5"): CacheMinimum(
        4096, _ANTHROPIC_UNCONFIRMED + "carried over from Claude Haiku 4.5 (4,096)"
    ),
    ("anthropic", "claude-sonnet-5-5"): CacheMinimum(
        1024,
        _ANTHROPIC_UNCONFIRMED + "carried over from Claude Sonnet 5 (1,024 per docs.litellm.ai, updated 2026-10-07)",
    ),
    ("anthropic", "claude-opus-5-5"): CacheMinimum(
        512,
        _ANTHROPIC_UNCONFIRMED + "carried over from Claude Opus 5 (512 per docs.litellm.ai, updated 2026-10-07)",
    ),
    ("anthropic", "claude-fable-5"): CacheMinimum(
        2048,
        _ANTHROPIC_UNCONFIRMED + "Claude Fable 5 is listed at 512 by docs.litellm.ai (updated 2026-10-07) and at "
        "2,048 by https://fableguide.com/cookbook/prompt-caching.html; the larger is used",
    ),
    ("google", "gemini-4-argon"): CacheMinimum(4096, f"{_GOOGLE_CACHING}: 4,096 tokens for Gemini 4 Argon"),
    ("google", "gemini-3.8-flash"): CacheMinimum(4096, f"{_GOOGLE_CACHING}: 4,096 tokens for Gemini 3.8 Flash"),
    ("google", "gemini-3.1-pro"): CacheMinimum(4096, f"{_GOOGLE_CACHING}: 4,096 tokens for Gemini 3.1 Pro Preview"),
    ("google", "gemini-3.5-flash-lite"): CacheMinimum(
        4096,
        f"UNCONFIRMED: Gemini 3.5 Flash-Lite is not in the table of {_GOOGLE_CACHING}; every Gemini 3.5 and later "
        "model there needs 4,096",
    ),
    ("google", "gemma-"): CacheMinimum(
        4096,
        "UNCONFIRMED: no minimum found for Gemma on Vertex AI Model-as-a-Service "
        "(https://cloud.google.com/vertex-ai/generative-ai/pricing, checked 2026-12-01); the Gemini API's "
        f"4,096 ({_GOOGLE_CACHING}) is used",
    ),
    ("mistral", ""): CacheMinimum(
        1024,
        "UNCONFIRMED: https://docs.mistral.ai/studio-api/conversations/advanced/prompt-caching (checked 2026-12-01) "
        "bills cached tokens at 10% of input but states no minimum; 1,024 (the common provider floor) is assumed",
    ),
    ("groq", "openai/gpt-oss"): CacheMinimum(
        1024,
        "UNCONFIRMED: https://console.groq.com/docs/prompt-caching (checked 2026-12-01) caches automatically at "
        "50% off but states no minimum; 1,024 (the common provider floor) is assumed",
    ),
    ("aws", "meta.llama"): CacheMinimum(
        None, "No prompt caching: genai-prices 0.2.3 has no cached price for Llama on AWS Bedrock"
    ),
}

CSV_COLUMNS: tuple[str, ...] = (
    "provider",
    "model",
    "name",
    "kind",
    "context_window",
    "input_usd_per_mtok",
    "output_usd_per_mtok",
    "cache_read_usd_per_mtok",
    "cache_write_usd_per_mtok",
    "batch_input_usd_per_mtok",
    "batch_output_usd_per_mtok",
    "batch_discount",
    "batch_cache_discount",
    "cache_min_tokens",
    "long_context_threshold_tokens",
    "long_context_input_factor",
    "long_context_output_factor",
    "long_context_cache_read_factor",
    "long_context_cache_write_factor",
    "has_long_context_tiers",
    "pricing_url",
    "source",
    "snapshot_date",
    "cache_source",
)

BATCH_CONTEXT: PriceContext = {"processing": "batch"}
DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "advisor" / "data" / "model_prices.csv"

# genai-prices resolves prices for an instant, the snapshot is for a day. Any fixed time keeps
# the output deterministic; date-conditional prices only look at the (UTC) date, and none of
# the models above has time-of-day (off-peak) pricing that would make the hour matter.
PRICE_TIME_OF_DAY = time(12, 0, tzinfo=UTC)

# Price keys of text token usage, and the genai-prices keys a text-only request never uses
# (other modalities, tool calls, the 1-hour cache-write rate). Anything else stops the tool.
TOKEN_PRICE_KEYS = ("input_mtok", "output_mtok", "cache_read_mtok", "cache_write_mtok")
UNUSED_PRICE_KEY_PARTS = ("audio", "image", "video", "searches", "code_executions", "_1h_", "_5m_")

# Decimal arithmetic for ratios: exact for the prices in the data, rounded (deterministically)
# to 28 significant digits where a ratio does not terminate (a third off).
RATIO_CONTEXT = Context(prec=28)


class MissingRequiredModel(LookupError):
    pass


class UnsupportedPricing(ValueError):
    """A model's genai-prices prices do not fit the snapshot's columns."""


def genai_prices_source() -> str:
    return f"genai-prices {version('genai-prices')}"


def price_timestamp(snapshot_date: date) -> datetime:
    return datetime.combine(snapshot_date, PRICE_TIME_OF_DAY)


def bundled_price_data() -> DataSnapshot:
    # Built from the data shipped in the package, never from a runtime auto-update, so the
    # output depends only on the installed genai-prices version.
    return DataSnapshot(providers=bundled_providers, from_auto_update=False)


def find_model(price_data: DataSnapshot, entry: SnapshotEntry) -> tuple[Provider, ModelInfo] | None:
    try:
        provider, model = price_data.find_provider_model(
            entry.lookup_ref or entry.model_id, None, entry.provider_id, None
        )
    except LookupError:
        return None
    # A prefix/alias rule can match a different model than the one we meant; treat that as missing.
    if model.id != entry.model_id or provider.id != entry.provider_id:
        return None
    return provider, model


def has_active_variant(model: ModelInfo, at: datetime, context: PriceContext) -> bool:
    # Mirrors the variant filter in ModelInfo.get_prices, which silently falls back to the
    # standard price when no variant applies; we need to know, to leave batch cells empty.
    return any(
        (variant.constraint is None or variant.constraint.active(at))
        and all(context.get(key) == value for key, value in variant.when.items())
        for variant in model.price_variants or ()
    )


def base_price(price: Decimal | TieredPrices | None) -> Decimal | None:
    return price.base if isinstance(price, TieredPrices) else price


def format_decimal(value: Decimal | None) -> str:
    # 'f' gives plain notation (never '1E-7'); the Decimal itself carries no float noise.
    return "" if value is None else format(value.normalize(RATIO_CONTEXT), "f")


def format_price(price: Decimal | None) -> str:
    return "" if price is None else format(price, "f")


def format_optional_int(value: int | None) -> str:
    return "" if value is None else str(int(value))


def ratio(numerator: Decimal, denominator: Decimal) -> Decimal:
    return RATIO_CONTEXT.divide(numerator, denominator)


def share_off(discounted: Decimal, full: Decimal) -> Decimal:
    """The share of ``full`` that ``discounted`` saves (0 when ``full`` is 0)."""
    return Decimal(0) if full == 0 else RATIO_CONTEXT.subtract(Decimal(1), ratio(discounted, full))


def check_price_keys(price: ModelPrice, label: str) -> None:
    for key, value in price.__dict__.items():
        if key.startswith("_") or value is None or key in TOKEN_PRICE_KEYS:
            continue
        if not any(part in f"_{key}_" for part in UNUSED_PRICE_KEY_PARTS):
            raise UnsupportedPricing(f"{label}: price key {key!r} would add to a text request's cost")
    if price.input_mtok is None:
        raise UnsupportedPricing(f"{label}: no input price")


def effective_prices(price: ModelPrice) -> dict[str, Decimal | TieredPrices]:
    """Token prices as genai-prices applies them: a missing cache price bills as plain input."""
    return {
        "input": price.input_mtok,
        "output": price.output_mtok if price.output_mtok is not None else Decimal(0),
        "cache_read": price.cache_read_mtok if price.cache_read_mtok is not None else price.input_mtok,
        "cache_write": price.cache_write_mtok if price.cache_write_mtok is not None else price.input_mtok,
    }


def tier_of(price: Decimal | TieredPrices, label: str) -> tuple[int, Decimal] | None:
    """``(threshold, factor)`` of a one-tier price, None for a flat price."""
    if not isinstance(price, TieredPrices) or not price.tiers:
        return None
    if len(price.tiers) != 1:
        raise UnsupportedPricing(f"{label}: {len(price.tiers)} tiers, the snapshot holds one")
    if price.base == 0:
        raise UnsupportedPricing(f"{label}: a tier on a zero base price cannot be a factor")
    factor = ratio(price.tiers[0].price, price.base)
    if factor < 1:
        raise UnsupportedPricing(f"{label}: tier factor {factor} is below 1")
    return price.tiers[0].start, factor


def long_context_columns(standard: ModelPrice, batch: ModelPrice, label: str) -> dict[str, str]:
    thresholds: set[int] = set()
    factors: dict[str, Decimal] = {}
    for name, price in effective_prices(standard).items():
        tier = tier_of(price, f"{label} {name}")
        if tier is not None:
            thresholds.add(tier[0])
        factors[name] = tier[1] if tier else Decimal(1)
    for name, price in effective_prices(batch).items():
        tier = tier_of(price, f"{label} batch {name}")
        if tier is not None:
            thresholds.add(tier[0])
        if (tier[1] if tier else Decimal(1)) != factors[name]:
            raise UnsupportedPricing(f"{label}: the batch {name} tier is not the standard tier times the discount")
    if len(thresholds) > 1:
        raise UnsupportedPricing(f"{label}: tiers start at different thresholds {sorted(thresholds)}")
    return {
        "long_context_threshold_tokens": format_optional_int(thresholds.pop() if thresholds else None),
        **{f"long_context_{name}_factor": format_decimal(factor) for name, factor in factors.items()},
        "has_long_context_tiers": "true" if any(factor != 1 for factor in factors.values()) else "false",
    }


def batch_columns(standard: ModelPrice, batch: ModelPrice, label: str) -> dict[str, str]:
    standard_prices = {name: base_price(price) for name, price in effective_prices(standard).items()}
    batch_prices = {name: base_price(price) for name, price in effective_prices(batch).items()}
    off = {name: share_off(batch_prices[name], standard_prices[name]) for name in standard_prices}
    discount = off["input"]
    # Both an output and a cache-write price of 0 say nothing about the discount.
    for name in ("output", "cache_write"):
        if standard_prices[name] != 0 and off[name] != discount:
            raise UnsupportedPricing(f"{label}: batch takes {off[name]} off {name} but {discount} off input")
    for name, share in off.items():
        if not 0 <= share < 1:
            raise UnsupportedPricing(f"{label}: batch discount {share} on {name} is outside [0, 1)")
    return {"batch_discount": format_decimal(discount), "batch_cache_discount": format_decimal(off["cache_read"])}


def cache_minimum(provider_id: str, model_id: str) -> CacheMinimum:
    matches = [prefix for provider, prefix in CACHE_MINIMUMS if provider == provider_id and model_id.startswith(prefix)]
    if not matches:
        raise UnsupportedPricing(f"{provider_id}/{model_id}: no entry in CACHE_MINIMUMS")
    return CACHE_MINIMUMS[(provider_id, max(matches, key=len))]


def build_row(
    provider: Provider, model: ModelInfo, entry: SnapshotEntry, snapshot_date: date, source: str
) -> dict[str, str]:
    if entry.kind not in KINDS:
        raise ValueError(f"{entry.provider_id}/{entry.model_id}: kind {entry.kind!r} is not one of {sorted(KINDS)}")
    label = f"{provider.id}/{entry.model_id}"
    at = price_timestamp(snapshot_date)
    standard: ModelPrice = model.get_prices(at)
    has_batch = has_active_variant(model, at, BATCH_CONTEXT)
    batch: ModelPrice = model.get_prices(at, BATCH_CONTEXT) if has_batch else standard
    check_price_keys(standard, label)
    check_price_keys(batch, f"{label} batch")
    minimum = cache_minimum(provider.id, entry.model_id)
    pricing_urls = provider.pricing_urls or [""]
    if entry.pricing_url is not None and entry.pricing_url not in pricing_urls:
        raise UnsupportedPricing(f"{label}: {entry.pricing_url} is not one of the provider's pricing URLs")

    return {
        "provider": provider.id,
        "model": entry.model_id,
        "name": model.name or "",
        "kind": entry.kind,
        "context_window": format_optional_int(model.context_window),
        "input_usd_per_mtok": format_price(base_price(standard.input_mtok)),
        "output_usd_per_mtok": format_price(base_price(standard.output_mtok)),
        "cache_read_usd_per_mtok": format_price(base_price(standard.cache_read_mtok)),
        "cache_write_usd_per_mtok": format_price(base_price(standard.cache_write_mtok)),
        "batch_input_usd_per_mtok": format_price(base_price(batch.input_mtok)) if has_batch else "",
        "batch_output_usd_per_mtok": format_price(base_price(batch.output_mtok)) if has_batch else "",
        **batch_columns(standard, batch, label),
        "cache_min_tokens": format_optional_int(minimum.tokens),
        **long_context_columns(standard, batch, label),
        "pricing_url": entry.pricing_url or pricing_urls[0],
        "source": source,
        "snapshot_date": snapshot_date.isoformat(),
        "cache_source": minimum.source,
    }


def collect_rows(snapshot_date: date, entries: Sequence[SnapshotEntry] = MODELS_TO_SNAPSHOT) -> list[dict[str, str]]:
    price_data = bundled_price_data()
    source = genai_prices_source()
    rows: list[dict[str, str]] = []
    for entry in entries:
        found = find_model(price_data, entry)
        if found is None:
            message = f"{entry.provider_id}/{entry.model_id} not found in {source}"
            if entry.provider_id in REQUIRED_PROVIDER_IDS:
                raise MissingRequiredModel(message)
            print(f"warning: skipping {message}", file=sys.stderr)
            continue
        provider, model = found
        rows.append(build_row(provider, model, entry, snapshot_date, source))
    return sorted(rows, key=lambda row: (row["provider"], row["model"]))


def write_csv(rows: Sequence[Mapping[str, str]], output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write_snapshot(snapshot_date: date, output: Path) -> list[dict[str, str]]:
    rows = collect_rows(snapshot_date)
    write_csv(rows, output)
    return rows


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--date",
        type=date.fromisoformat,
        default=date.today(),
        help="date whose prices to snapshot, YYYY-MM-DD (default: today; the committed CSV is for 2026-12-01)",
    )
    parser.add_argument(
        "--output", type=Path, default=DEFAULT_OUTPUT, help="CSV to write (default: advisor/data/model_prices.csv)"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        rows = write_snapshot(args.date, args.output)
    except (MissingRequiredModel, UnsupportedPricing) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"wrote {len(rows)} models priced on {args.date.isoformat()} to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Write a dated snapshot of managed-API model prices to ``advisor/data/model_prices.csv``.

The advisor compares architectures on prices that must not move between runs, so rather than
asking genai-prices at runtime we freeze the prices that apply on one date into a committed CSV.
Given the same genai-prices version and the same ``--date``, the output is byte-identical.

Usage: python tools/snapshot_model_prices.py [--date YYYY-MM-DD] [--output PATH]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time
from decimal import Decimal
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


MODELS_TO_SNAPSHOT: tuple[SnapshotEntry, ...] = (
    # OpenAI workhorses the advisor's baseline architectures are usually priced against.
    SnapshotEntry('openai', 'gpt-4o'),
    SnapshotEntry('openai', 'gpt-4o-mini'),
    SnapshotEntry('openai', 'gpt-4.1'),
    SnapshotEntry('openai', 'gpt-4.1-mini'),
    SnapshotEntry('openai', 'gpt-4.1-nano'),
    # Newest general GPT-5-family models in genai-prices 0.2.3: gpt-5.5 and the three gpt-5.6
    # sizes (sol = flagship, terra = balanced, luna = cost-optimised). Pro/codex/image/cyber
    # variants are left out because they are not general-purpose chat models.
    SnapshotEntry('openai', 'gpt-5.5'),
    SnapshotEntry('openai', 'gpt-5.6-sol'),
    SnapshotEntry('openai', 'gpt-5.6-terra'),
    SnapshotEntry('openai', 'gpt-5.6-luna'),
    # Fine-tuned inference, for the "fine-tune a small model" architecture. These entries only
    # match real fine-tuned ids, so they are looked up by one and recorded under the entry's key.
    SnapshotEntry('openai', 'ft:gpt-4o-mini', 'ft:gpt-4o-mini-2024-07-18:org::id'),
    SnapshotEntry('openai', 'ft:gpt-4o', 'ft:gpt-4o-2024-08-06:org::id'),
    # Embeddings, for the indexing and query cost of retrieval (RAG) architectures.
    SnapshotEntry('openai', 'text-embedding-3-small'),
    SnapshotEntry('openai', 'text-embedding-3-large'),
    # Anthropic's three tiers; claude-opus-5-5 is the newest Opus in genai-prices 0.2.3.
    SnapshotEntry('anthropic', 'claude-sonnet-4-5'),
    SnapshotEntry('anthropic', 'claude-haiku-4-5'),
    SnapshotEntry('anthropic', 'claude-opus-5-5'),
    # Google's long-context models (genai-prices files the Gemini API under 'google').
    SnapshotEntry('google', 'gemini-2.5-pro'),
    SnapshotEntry('google', 'gemini-2.5-flash'),
    # Hosted open-weight Llama, the managed alternative to self-hosting the same weights.
    SnapshotEntry('groq', 'llama-3.1-8b-instant'),
    SnapshotEntry('groq', 'llama-3.3-70b-versatile'),
    SnapshotEntry('together', 'meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo'),
    SnapshotEntry('together', 'meta-llama/Llama-3.3-70B-Instruct-Turbo'),
    # Mistral's pinned flagship and small model (pinned ids, not the drifting "-latest" aliases).
    SnapshotEntry('mistral', 'mistral-large-4'),
    SnapshotEntry('mistral', 'mistral-small-2603'),
)

# The advisor cannot work without these providers' prices, so their absence is an error,
# while the others are nice-to-have and are skipped with a warning.
REQUIRED_PROVIDER_IDS = frozenset({'openai', 'anthropic'})

CSV_COLUMNS: tuple[str, ...] = (
    'provider',
    'model',
    'name',
    'context_window',
    'input_usd_per_mtok',
    'output_usd_per_mtok',
    'cache_read_usd_per_mtok',
    'cache_write_usd_per_mtok',
    'batch_input_usd_per_mtok',
    'batch_output_usd_per_mtok',
    'has_long_context_tiers',
    'pricing_url',
    'source',
    'snapshot_date',
)

BATCH_CONTEXT: PriceContext = {'processing': 'batch'}
DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / 'advisor' / 'data' / 'model_prices.csv'

# genai-prices resolves prices for an instant, the snapshot is for a day. Any fixed time keeps
# the output deterministic; date-conditional prices only look at the (UTC) date, and none of
# the models above has time-of-day (off-peak) pricing that would make the hour matter.
PRICE_TIME_OF_DAY = time(12, 0, tzinfo=UTC)


class MissingRequiredModel(LookupError):
    pass


def genai_prices_source() -> str:
    return f'genai-prices {version("genai-prices")}'


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
    if model.id != entry.model_id:
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


def format_price(price: Decimal | None) -> str:
    # 'f' gives plain notation (never '1E-7'); the Decimal itself carries no float noise.
    return '' if price is None else format(price, 'f')


def format_optional_int(value: int | None) -> str:
    return '' if value is None else str(int(value))


def build_row(
    provider: Provider, model: ModelInfo, entry: SnapshotEntry, snapshot_date: date, source: str
) -> dict[str, str]:
    at = price_timestamp(snapshot_date)
    standard: ModelPrice = model.get_prices(at)
    has_batch = has_active_variant(model, at, BATCH_CONTEXT)
    batch: ModelPrice | None = model.get_prices(at, BATCH_CONTEXT) if has_batch else None

    recorded_prices: Mapping[str, Decimal | TieredPrices | None] = {
        'input_usd_per_mtok': standard.input_mtok,
        'output_usd_per_mtok': standard.output_mtok,
        'cache_read_usd_per_mtok': standard.cache_read_mtok,
        'cache_write_usd_per_mtok': standard.cache_write_mtok,
        'batch_input_usd_per_mtok': batch.input_mtok if batch else None,
        'batch_output_usd_per_mtok': batch.output_mtok if batch else None,
    }
    has_tiers = any(isinstance(price, TieredPrices) for price in recorded_prices.values())

    return {
        'provider': provider.id,
        'model': entry.model_id,
        'name': model.name or '',
        'context_window': format_optional_int(model.context_window),
        **{column: format_price(base_price(price)) for column, price in recorded_prices.items()},
        'has_long_context_tiers': 'true' if has_tiers else 'false',
        'pricing_url': (provider.pricing_urls or [''])[0],
        'source': source,
        'snapshot_date': snapshot_date.isoformat(),
    }


def collect_rows(
    snapshot_date: date, entries: Sequence[SnapshotEntry] = MODELS_TO_SNAPSHOT
) -> list[dict[str, str]]:
    price_data = bundled_price_data()
    source = genai_prices_source()
    rows: list[dict[str, str]] = []
    for entry in entries:
        found = find_model(price_data, entry)
        if found is None:
            message = f'{entry.provider_id}/{entry.model_id} not found in {source}'
            if entry.provider_id in REQUIRED_PROVIDER_IDS:
                raise MissingRequiredModel(message)
            print(f'warning: skipping {message}', file=sys.stderr)
            continue
        provider, model = found
        rows.append(build_row(provider, model, entry, snapshot_date, source))
    return sorted(rows, key=lambda row: (row['provider'], row['model']))


def write_csv(rows: Sequence[Mapping[str, str]], output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open('w', encoding='utf-8', newline='') as file:
        writer = csv.DictWriter(file, fieldnames=CSV_COLUMNS, lineterminator='\n')
        writer.writeheader()
        writer.writerows(rows)


def write_snapshot(snapshot_date: date, output: Path) -> list[dict[str, str]]:
    rows = collect_rows(snapshot_date)
    write_csv(rows, output)
    return rows


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        '--date',
        type=date.fromisoformat,
        default=date.today(),
        help='date whose prices to snapshot, YYYY-MM-DD (default: today)',
    )
    parser.add_argument(
        '--output', type=Path, default=DEFAULT_OUTPUT, help='CSV to write (default: advisor/data/model_prices.csv)'
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        rows = write_snapshot(args.date, args.output)
    except MissingRequiredModel as error:
        print(f'error: {error}', file=sys.stderr)
        return 1
    print(f'wrote {len(rows)} models priced on {args.date.isoformat()} to {args.output}', file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main())

"""advisor.core.prices: each model's price sheet prices a request exactly as genai-prices' calc_price does."""

from __future__ import annotations

import importlib.util
import math
import sys
from datetime import date
from pathlib import Path

import pytest

from advisor.core.prices import (
    NO_LONG_CONTEXT_TIER,
    SHEET_BOUNDS,
    SHEET_FIELDS,
    SHEET_UNITS,
    ModelPrice,
    check_sheet,
    model_price,
    model_prices,
    request_usd,
)
from advisor.tables import price_table

genai_prices = pytest.importorskip("genai_prices")

SNAPSHOT_SCRIPT = Path(__file__).resolve().parent.parent / "tools" / "snapshot_model_prices.py"
KEYS = sorted(model_prices())
TIERED_KEYS = [key for key in KEYS if model_price(key).long_context_threshold_tokens is not None]
BATCH = {"processing": "batch"}


def load_snapshot_script():
    spec = importlib.util.spec_from_file_location("snapshot_model_prices", SNAPSHOT_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


TOOL = load_snapshot_script()
LOOKUP_REFS = {f"{e.provider_id}/{e.model_id}": e.lookup_ref or e.model_id for e in TOOL.MODELS_TO_SNAPSHOT}
# The instant the snapshot was priced at: genai-prices must be asked about the same one.
PRICED_AT = TOOL.price_timestamp(date.fromisoformat(model_price(KEYS[0]).snapshot_date))


def genai_usd(key: str, *, uncached=0, cache_read=0, cache_write=0, output=0, batch=False) -> float:
    provider_id, model_id = key.split("/", 1)
    usage = genai_prices.Usage(
        input_tokens=uncached + cache_read + cache_write,
        cache_read_tokens=cache_read,
        cache_write_tokens=cache_write,
        output_tokens=output,
    )
    result = genai_prices.calc_price(
        usage,
        LOOKUP_REFS[key],
        provider_id=provider_id,
        genai_request_timestamp=PRICED_AT,
        price_context=BATCH if batch else None,
    )
    assert (result.provider.id, result.model.id) == (provider_id, model_id)  # priced the model we meant
    return float(result.total_price)


def ours(key: str, *, uncached=0, cache_read=0, cache_write=0, output=0, batch=False):
    return request_usd(
        model_price(key).sheet(),
        uncached_input_tokens=uncached,
        cache_read_tokens=cache_read,
        cache_write_tokens=cache_write,
        output_tokens=output,
        batch=batch,
    )


SHAPES = {
    "short prompt": dict(uncached=1_200, output=300),
    "cache read": dict(uncached=200, cache_read=5_000, output=300),
    "cache write": dict(uncached=200, cache_write=5_000, output=300),
    "cache read and write": dict(uncached=100, cache_read=3_000, cache_write=2_000, output=50),
    "past every long-context threshold": dict(uncached=150_000, cache_read=100_000, cache_write=60_000, output=2_000),
    "no output (embedding)": dict(uncached=8_000),
    "fractional mean tokens": dict(uncached=1_234.5, cache_read=4_321.25, output=99.5),
    "batch": dict(uncached=1_200, output=300, batch=True),
    "batch with cache": dict(uncached=100, cache_read=3_000, cache_write=2_000, output=50, batch=True),
    "batch past the threshold": dict(uncached=250_000, cache_read=60_000, output=1_000, batch=True),
}


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("key", KEYS)
def test_request_usd_matches_calc_price(key: str, shape: str) -> None:
    tokens = SHAPES[shape]
    expected = genai_usd(key, **tokens)
    assert expected > 0
    assert math.isclose(ours(key, **tokens), expected, rel_tol=1e-9, abs_tol=0.0)


@pytest.mark.parametrize("key", TIERED_KEYS)
def test_tier_applies_above_the_threshold_not_at_it(key: str) -> None:
    model = model_price(key)
    threshold = model.long_context_threshold_tokens
    # The whole prompt counts, cached tokens included: move one token from output to cache.
    at = dict(uncached=threshold - 1_000, cache_read=1_000, output=500)
    above = dict(uncached=threshold - 1_000, cache_read=1_001, output=500)
    assert math.isclose(ours(key, **at), genai_usd(key, **at), rel_tol=1e-9)
    assert math.isclose(ours(key, **above), genai_usd(key, **above), rel_tol=1e-9)
    sheet = model.sheet()
    base_output = 500 * sheet["output_usd_per_mtok"] / 1e6
    # Past the threshold the output is billed at the tier price too (the whole request moves).
    assert ours(key, uncached=threshold + 1, output=500) - ours(key, uncached=threshold + 1) == pytest.approx(
        base_output * sheet["long_context_output_factor"], rel=1e-9
    )
    assert ours(key, uncached=threshold, output=500) - ours(key, uncached=threshold) == pytest.approx(
        base_output, rel=1e-9
    )


def test_the_snapshot_has_long_context_tiers_to_test() -> None:
    assert {"openai/gpt-5.5", "anthropic/claude-haiku-5-5", "google/gemini-3.1-pro-preview"} <= set(TIERED_KEYS)


def test_gpt_5_5_at_300k_tokens_by_hand() -> None:
    # $5/$30 per million; past 272,000 prompt tokens the request costs 2x input and 1.5x output.
    assert genai_usd("openai/gpt-5.5", uncached=300_000, output=500) == pytest.approx(3.0225, rel=1e-12)
    assert ours("openai/gpt-5.5", uncached=300_000, output=500) == pytest.approx(300_000 * 10e-6 + 500 * 45e-6)
    flat = {**model_price("openai/gpt-5.5").sheet(), **NO_LONG_CONTEXT_TIER}
    assert request_usd(flat, uncached_input_tokens=300_000, output_tokens=500) == pytest.approx(1.515)
    # The same request just at the threshold is billed at the base prices.
    assert ours("openai/gpt-5.5", uncached=272_000, output=500) == pytest.approx(272_000 * 5e-6 + 500 * 30e-6)


def test_haiku_cache_minimums_are_recorded() -> None:
    haiku = model_price("anthropic/claude-haiku-4-5")
    assert haiku.cache_min_tokens == 4_096
    assert haiku.sheet()["cache_min_tokens"] == 4_096.0
    assert "Haiku 4.5" in haiku.cache_source and "UNCONFIRMED" not in haiku.cache_source
    assert model_price("anthropic/claude-sonnet-4-5").cache_min_tokens == 1_024
    assert model_price("openai/gpt-4o").cache_min_tokens == 1_024
    assert model_price("google/gemini-3.8-flash").cache_min_tokens == 4_096
    # Not one minimum for every model any more.
    assert len({model_price(key).cache_min_tokens for key in KEYS}) > 2


def test_haiku_5_5_prices_every_token_5x_past_100k() -> None:
    sheet = model_price("anthropic/claude-haiku-5-5").sheet()
    assert sheet["long_context_threshold_tokens"] == 100_000
    assert {sheet[name] for name in SHEET_FIELDS if name.endswith("_factor")} == {5.0}
    assert ours("anthropic/claude-haiku-5-5", uncached=100_001) == pytest.approx(5 * 100_001 * 0.1e-6)


def test_batch_rules_differ_by_provider() -> None:
    # OpenAI GPT-4o: batch halves input and output but keeps the standard cache-read price.
    gpt4o = model_price("openai/gpt-4o")
    assert (gpt4o.batch_discount, gpt4o.batch_cache_discount) == (0.5, 0.0)
    assert ours("openai/gpt-4o", cache_read=1_000_000, batch=True) == pytest.approx(1.25)
    # Anthropic halves cache reads and writes too.
    haiku = model_price("anthropic/claude-haiku-4-5")
    assert (haiku.batch_discount, haiku.batch_cache_discount) == (0.5, 0.5)
    # Gemini 3.5 Flash-Lite: batch context caching is $0.02, not half of $0.03.
    lite = model_price("google/gemini-3.5-flash-lite")
    assert ours("google/gemini-3.5-flash-lite", cache_read=1_000_000, batch=True) == pytest.approx(0.02, rel=1e-12)
    assert lite.batch_cache_discount == pytest.approx(1 / 3)
    # No cache-write price: writes are plain input tokens and take the input batch discount.
    pro = model_price("google/gemini-3.1-pro-preview")
    assert pro.cache_write_usd_per_mtok is None and pro.batch_cache_discount == 0.0
    assert ours("google/gemini-3.1-pro-preview", cache_write=100_000, batch=True) == pytest.approx(0.1)
    # No batch price at all: the batch API costs what the standard API does.
    assert model_price("openai/ft:gpt-4o").batch_discount == 0.0


def test_batch_discount_matches_the_batch_price_columns() -> None:
    for key in KEYS:
        model = model_price(key)
        if model.batch_input_usd_per_mtok is None:
            assert model.batch_discount == 0.0, key
        else:
            expected = model.input_usd_per_mtok * (1 - model.batch_discount)
            assert model.batch_input_usd_per_mtok == pytest.approx(expected), key


def test_numpy_draws_price_like_scalars() -> None:
    np = pytest.importorskip("numpy")
    sheet = model_price("openai/gpt-5.5").sheet()
    uncached = np.array([1_000.0, 200_000.0, 271_000.0, 272_500.0, 400_000.0])
    cache_read = np.array([0.0, 50_000.0, 1_000.0, 0.0, 10_000.0])
    output = np.array([100.0, 200.0, 300.0, 400.0, 500.0])
    for batch in (False, True):
        usd = request_usd(
            sheet, uncached_input_tokens=uncached, cache_read_tokens=cache_read, output_tokens=output, batch=batch
        )
        assert usd.shape == uncached.shape
        expected = [
            genai_usd("openai/gpt-5.5", uncached=int(u), cache_read=int(c), output=int(o), batch=batch)
            for u, c, o in zip(uncached, cache_read, output)
        ]
        assert np.allclose(usd, expected, rtol=1e-9, atol=0)


def test_sheets_are_complete_floats_within_bounds() -> None:
    assert set(SHEET_UNITS) == set(SHEET_BOUNDS) == set(SHEET_FIELDS)
    for key in KEYS:
        sheet = model_price(key).sheet()
        assert tuple(sheet) == SHEET_FIELDS, key
        assert all(type(value) is float for value in sheet.values()), key
        assert check_sheet(sheet) == sheet


def test_a_missing_cache_price_or_minimum_is_harmless() -> None:
    for key in KEYS:
        model, sheet = model_price(key), model_price(key).sheet()
        if model.cache_read_usd_per_mtok is None:
            assert sheet["cache_read_usd_per_mtok"] == model.input_usd_per_mtok, key
            assert model.batch_cache_discount == model.batch_discount, key
        if model.cache_write_usd_per_mtok is None:
            assert sheet["cache_write_usd_per_mtok"] == model.input_usd_per_mtok, key
        if model.cache_min_tokens is None:
            # Minimum 0 in the sheet: counting tokens as cached must not change the price.
            assert sheet["cache_min_tokens"] == 0.0, key
            assert ours(key, cache_read=5_000, cache_write=5_000) == pytest.approx(ours(key, uncached=10_000)), key
        if model.long_context_threshold_tokens is None:
            assert {name: sheet[name] for name in NO_LONG_CONTEXT_TIER} == dict(NO_LONG_CONTEXT_TIER), key


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"long_context_output_factor": 0.5}, "long_context_output_factor must be a number >= 1"),
        ({"input_usd_per_mtok": -1.0}, "input_usd_per_mtok must be a number >= 0"),
        ({"batch_cache_discount": float("nan")}, "batch_cache_discount must be a finite number"),
        ({"cache_min_tokens": True}, "cache_min_tokens must be a finite number"),
        ({"surprise": 1.0}, "unknown fields surprise"),
    ],
)
def test_check_sheet_rejects_bad_sheets(change: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        check_sheet({**model_price("openai/gpt-4o").sheet(), **change})
    incomplete = model_price("openai/gpt-4o").sheet()
    del incomplete["batch_discount"]
    with pytest.raises(ValueError, match="lacks batch_discount"):
        check_sheet(incomplete)


def test_model_prices_returns_a_copy() -> None:
    first = model_prices()
    original = first["openai/gpt-4o"]
    del first["openai/gpt-4o"]
    first["openai/gpt-4o-mini"] = original
    first["made/up"] = original
    again = model_prices()
    assert again is not first
    assert again["openai/gpt-4o"] == original and "made/up" not in again
    assert again["openai/gpt-4o-mini"].key == "openai/gpt-4o-mini"
    assert model_price("openai/gpt-4o") == original
    with pytest.raises(AttributeError):
        original.input_usd_per_mtok = 0.0  # type: ignore[misc]


def test_kinds_and_unknown_keys() -> None:
    kinds = {key: model_price(key).kind for key in KEYS}
    assert set(kinds.values()) == {"chat", "embedding", "fine_tuned"}
    assert kinds["openai/ft:gpt-4o-mini"] == "fine_tuned"
    assert kinds["openai/text-embedding-3-small"] == "embedding"
    with pytest.raises(ValueError, match="known models: .*openai/gpt-4o"):
        model_price("openai/gpt-4")


def test_price_table_has_one_row_per_model_and_the_new_columns() -> None:
    pytest.importorskip("pandas")
    table = price_table()
    assert sorted(table.index) == KEYS
    assert {"kind", "batch_discount", "batch_cache_discount", "cache_min_tokens", "cache_source"} <= set(table.columns)
    assert isinstance(model_price(KEYS[0]), ModelPrice)

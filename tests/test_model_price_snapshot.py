"""Checks on the committed managed-API price snapshot, advisor/data/model_prices.csv."""

from __future__ import annotations

import csv
import importlib.util
import sys
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import ModuleType

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT_CSV = REPO_ROOT / "advisor" / "data" / "model_prices.csv"
SNAPSHOT_SCRIPT = REPO_ROOT / "tools" / "snapshot_model_prices.py"

EXPECTED_COLUMNS = [
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
]
PRICE_COLUMNS = [column for column in EXPECTED_COLUMNS if column.endswith("_usd_per_mtok")]
DISCOUNT_COLUMNS = ["batch_discount", "batch_cache_discount"]
FACTOR_COLUMNS = [column for column in EXPECTED_COLUMNS if column.endswith("_factor")]


def read_snapshot() -> tuple[list[str], list[dict[str, str]]]:
    with SNAPSHOT_CSV.open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        return list(reader.fieldnames or []), list(reader)


def rows_by_key() -> dict[tuple[str, str], dict[str, str]]:
    return {(row["provider"], row["model"]): row for row in read_snapshot()[1]}


def load_snapshot_script() -> ModuleType:
    # tools/ is not a package, so load the script from its path.
    spec = importlib.util.spec_from_file_location("snapshot_model_prices", SNAPSHOT_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_columns_are_exact() -> None:
    columns, _ = read_snapshot()
    assert columns == EXPECTED_COLUMNS


def test_file_uses_unix_line_endings() -> None:
    assert b"\r" not in SNAPSHOT_CSV.read_bytes()


def test_no_duplicate_models() -> None:
    _, rows = read_snapshot()
    keys = [(row["provider"], row["model"]) for row in rows]
    assert len(keys) == len(set(keys))


def test_rows_sorted_by_provider_then_model() -> None:
    _, rows = read_snapshot()
    keys = [(row["provider"], row["model"]) for row in rows]
    assert keys == sorted(keys)


@pytest.mark.parametrize("column", PRICE_COLUMNS)
def test_prices_are_empty_or_plain_non_negative_decimals(column: str) -> None:
    for row in read_snapshot()[1]:
        cell = row[column]
        if cell == "":
            continue
        try:
            price = Decimal(cell)
        except InvalidOperation:
            pytest.fail(f"{row['provider']}/{row['model']} {column}={cell!r} is not a decimal")
        assert price.is_finite() and price >= 0, (row["model"], column, cell)
        assert "e" not in cell.lower(), (row["model"], column, cell)


def test_context_windows_are_empty_or_positive_ints() -> None:
    for row in read_snapshot()[1]:
        cell = row["context_window"]
        if cell == "":
            continue
        assert cell.isdigit() and int(cell) > 0, (row["model"], cell)


def test_flags_and_provenance_columns() -> None:
    for row in read_snapshot()[1]:
        assert row["has_long_context_tiers"] in {"true", "false"}, row["model"]
        assert row["source"].startswith("genai-prices "), row["model"]
        assert row["pricing_url"].startswith("https://"), row["model"]


def test_single_valid_snapshot_date() -> None:
    dates = {row["snapshot_date"] for row in read_snapshot()[1]}
    assert len(dates) == 1
    date.fromisoformat(dates.pop())


def test_committed_snapshot_is_for_2026_12_01() -> None:
    assert {row["snapshot_date"] for row in read_snapshot()[1]} == {"2026-12-01"}


def decimal_cell(row: dict[str, str], column: str) -> Decimal:
    cell = row[column]
    assert "e" not in cell.lower(), (row["model"], column, cell)
    try:
        value = Decimal(cell)
    except InvalidOperation:
        pytest.fail(f"{row['provider']}/{row['model']} {column}={cell!r} is not a decimal")
    assert value.is_finite(), (row["model"], column, cell)
    return value


def test_kinds() -> None:
    kinds = {(row["provider"], row["model"]): row["kind"] for row in read_snapshot()[1]}
    assert set(kinds.values()) == {"chat", "embedding", "fine_tuned"}
    assert all(kind == "fine_tuned" for (_, model), kind in kinds.items() if model.startswith("ft:"))
    assert all(kind == "embedding" for (_, model), kind in kinds.items() if "embedding" in model)


@pytest.mark.parametrize("column", DISCOUNT_COLUMNS)
def test_batch_discounts_are_shares_below_one(column: str) -> None:
    for row in read_snapshot()[1]:
        assert 0 <= decimal_cell(row, column) < 1, (row["model"], column)
        if row["batch_input_usd_per_mtok"] == "":
            assert decimal_cell(row, column) == 0, (row["model"], column)


def test_long_context_tier_columns_agree() -> None:
    for row in read_snapshot()[1]:
        factors = [decimal_cell(row, column) for column in FACTOR_COLUMNS]
        assert all(factor >= 1 for factor in factors), row["model"]
        threshold = row["long_context_threshold_tokens"]
        if threshold == "":
            assert factors == [1, 1, 1, 1] and row["has_long_context_tiers"] == "false", row["model"]
        else:
            assert threshold.isdigit() and int(threshold) > 0, row["model"]
            assert any(factor > 1 for factor in factors) and row["has_long_context_tiers"] == "true", row["model"]


def test_cache_minimums_carry_a_source() -> None:
    rows = rows_by_key()
    for row in rows.values():
        cell = row["cache_min_tokens"]
        assert cell == "" or (cell.isdigit() and int(cell) > 0), (row["model"], cell)
        assert "https://" in row["cache_source"] or row["cache_source"].startswith("No prompt caching"), row["model"]
        if cell == "":
            # No caching: the cache tokens are billed as input, so no cache price may be recorded.
            assert row["cache_read_usd_per_mtok"] == row["cache_write_usd_per_mtok"] == "", row["model"]
    assert rows[("anthropic", "claude-haiku-4-5")]["cache_min_tokens"] == "4096"
    assert rows[("anthropic", "claude-sonnet-4-5")]["cache_min_tokens"] == "1024"


def test_contains_the_models_the_advisor_relies_on() -> None:
    rows = rows_by_key()

    gpt_4o = rows[("openai", "gpt-4o")]
    assert Decimal(gpt_4o["input_usd_per_mtok"]) == Decimal("2.5")
    assert Decimal(gpt_4o["output_usd_per_mtok"]) == Decimal(10)
    assert Decimal(gpt_4o["cache_read_usd_per_mtok"]) == Decimal("1.25")
    assert int(gpt_4o["context_window"]) == 128000

    assert ("openai", "gpt-4o-mini") in rows

    fine_tuned_mini = rows[("openai", "ft:gpt-4o-mini")]
    assert Decimal(fine_tuned_mini["input_usd_per_mtok"]) == Decimal("0.3")
    assert Decimal(fine_tuned_mini["output_usd_per_mtok"]) == Decimal("1.2")

    small_embedding = rows[("openai", "text-embedding-3-small")]
    assert Decimal(small_embedding["input_usd_per_mtok"]) == Decimal("0.02")

    # Models the book names, and the current lines of the main providers (the tool's rule).
    for key in [
        ("openai", "gpt-4.1"),
        ("openai", "gpt-4.1-mini"),
        ("anthropic", "claude-sonnet-4-5"),
        ("anthropic", "claude-haiku-4-5"),
        ("openai", "gpt-5.5"),
        ("openai", "gpt-5.4-mini"),
        ("openai", "gpt-5.4-nano"),
        ("anthropic", "claude-sonnet-5-5"),
        ("anthropic", "claude-haiku-5-5"),
        ("anthropic", "claude-opus-5-5"),
        ("google", "gemini-3.5-flash-lite"),
        ("mistral", "mistral-large-4"),
        ("openai", "ft:gpt-4o"),
        ("openai", "text-embedding-3-large"),
        ("groq", "openai/gpt-oss-20b"),
        ("groq", "openai/gpt-oss-120b"),
        ("aws", "meta.llama3-3-70b-instruct-v1:0"),
        ("aws", "meta.llama3-1-8b-instruct-v1:0"),
    ]:
        assert key in rows, key


def test_script_reproduces_committed_snapshot(tmp_path: Path) -> None:
    pytest.importorskip("genai_prices")
    from importlib.metadata import version

    _, rows = read_snapshot()
    committed_source = rows[0]["source"]
    installed_source = f"genai-prices {version('genai-prices')}"
    if committed_source != installed_source:
        # Output is only defined to be identical for the same library version.
        pytest.skip(f"snapshot made with {committed_source}, installed is {installed_source}")

    snapshot_date = rows[0]["snapshot_date"]
    output = tmp_path / "model_prices.csv"
    script = load_snapshot_script()

    exit_code = script.main(["--date", snapshot_date, "--output", str(output)])

    assert exit_code == 0
    assert output.read_bytes() == SNAPSHOT_CSV.read_bytes()

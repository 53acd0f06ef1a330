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
SNAPSHOT_CSV = REPO_ROOT / 'advisor' / 'data' / 'model_prices.csv'
SNAPSHOT_SCRIPT = REPO_ROOT / 'tools' / 'snapshot_model_prices.py'

EXPECTED_COLUMNS = [
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
]
PRICE_COLUMNS = [column for column in EXPECTED_COLUMNS if column.endswith('_usd_per_mtok')]


def read_snapshot() -> tuple[list[str], list[dict[str, str]]]:
    with SNAPSHOT_CSV.open(encoding='utf-8', newline='') as file:
        reader = csv.DictReader(file)
        return list(reader.fieldnames or []), list(reader)


def rows_by_key() -> dict[tuple[str, str], dict[str, str]]:
    return {(row['provider'], row['model']): row for row in read_snapshot()[1]}


def load_snapshot_script() -> ModuleType:
    # tools/ is not a package, so load the script from its path.
    spec = importlib.util.spec_from_file_location('snapshot_model_prices', SNAPSHOT_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_columns_are_exact() -> None:
    columns, _ = read_snapshot()
    assert columns == EXPECTED_COLUMNS


def test_file_uses_unix_line_endings() -> None:
    assert b'\r' not in SNAPSHOT_CSV.read_bytes()


def test_no_duplicate_models() -> None:
    _, rows = read_snapshot()
    keys = [(row['provider'], row['model']) for row in rows]
    assert len(keys) == len(set(keys))


def test_rows_sorted_by_provider_then_model() -> None:
    _, rows = read_snapshot()
    keys = [(row['provider'], row['model']) for row in rows]
    assert keys == sorted(keys)


@pytest.mark.parametrize('column', PRICE_COLUMNS)
def test_prices_are_empty_or_plain_non_negative_decimals(column: str) -> None:
    for row in read_snapshot()[1]:
        cell = row[column]
        if cell == '':
            continue
        try:
            price = Decimal(cell)
        except InvalidOperation:
            pytest.fail(f'{row["provider"]}/{row["model"]} {column}={cell!r} is not a decimal')
        assert price.is_finite() and price >= 0, (row['model'], column, cell)
        assert 'e' not in cell.lower(), (row['model'], column, cell)


def test_context_windows_are_empty_or_positive_ints() -> None:
    for row in read_snapshot()[1]:
        cell = row['context_window']
        if cell == '':
            continue
        assert cell.isdigit() and int(cell) > 0, (row['model'], cell)


def test_flags_and_provenance_columns() -> None:
    for row in read_snapshot()[1]:
        assert row['has_long_context_tiers'] in {'true', 'false'}, row['model']
        assert row['source'].startswith('genai-prices '), row['model']
        assert row['pricing_url'].startswith('https://'), row['model']


def test_single_valid_snapshot_date() -> None:
    dates = {row['snapshot_date'] for row in read_snapshot()[1]}
    assert len(dates) == 1
    date.fromisoformat(dates.pop())


def test_contains_the_models_the_advisor_relies_on() -> None:
    rows = rows_by_key()

    gpt_4o = rows[('openai', 'gpt-4o')]
    assert Decimal(gpt_4o['input_usd_per_mtok']) == Decimal('2.5')
    assert Decimal(gpt_4o['output_usd_per_mtok']) == Decimal('10')
    assert Decimal(gpt_4o['cache_read_usd_per_mtok']) == Decimal('1.25')
    assert int(gpt_4o['context_window']) == 128000

    assert ('openai', 'gpt-4o-mini') in rows

    fine_tuned_mini = rows[('openai', 'ft:gpt-4o-mini')]
    assert Decimal(fine_tuned_mini['input_usd_per_mtok']) == Decimal('0.3')
    assert Decimal(fine_tuned_mini['output_usd_per_mtok']) == Decimal('1.2')

    small_embedding = rows[('openai', 'text-embedding-3-small')]
    assert Decimal(small_embedding['input_usd_per_mtok']) == Decimal('0.02')


def test_script_reproduces_committed_snapshot(tmp_path: Path) -> None:
    pytest.importorskip('genai_prices')
    from importlib.metadata import version

    _, rows = read_snapshot()
    committed_source = rows[0]['source']
    installed_source = f'genai-prices {version("genai-prices")}'
    if committed_source != installed_source:
        # Output is only defined to be identical for the same library version.
        pytest.skip(f'snapshot made with {committed_source}, installed is {installed_source}')

    snapshot_date = rows[0]['snapshot_date']
    output = tmp_path / 'model_prices.csv'
    script = load_snapshot_script()

    exit_code = script.main(['--date', snapshot_date, '--output', str(output)])

    assert exit_code == 0
    assert output.read_bytes() == SNAPSHOT_CSV.read_bytes()

"""The one formatter of dollars a reader sees: hand-worked values at each boundary, and invariants."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor import count, usd, usd_exact

SUFFIX = {"k": 1e3, "M": 1e6, "B": 1e9}


def read_back(text: str) -> float:
    """What a reader takes the text to mean, in dollars."""
    sign = -1.0 if text.startswith("-") else 1.0
    body = text.lstrip("-").removeprefix("$").replace(",", "")
    scale = SUFFIX.get(body[-1], 1.0)
    return sign * float(body.rstrip("kMB")) * scale


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "$0"),
        (0.0000123, "$0.0000123"),  # no scientific notation however small
        (0.004, "$0.004"),
        (0.0041, "$0.0041"),  # a query's price keeps its digits
        (0.1, "$0.10"),  # never fewer than the cents
        (0.123, "$0.123"),
        (1.5, "$1.50"),
        (45.67, "$45.67"),
        (99.994, "$99.99"),  # the last amount below $100 that still reads in cents
        (99.995, "$100"),  # rounds to $100: whole dollars from here
        (950, "$950"),
        (9_999, "$9,999"),
        (10_000, "$10k"),
        (12_345, "$12.3k"),
        (1_234_567, "$1.23M"),
        (-2.5, "-$2.50"),
    ],
)
def test_usd_by_hand(amount, text):
    assert usd(amount) == text


@given(st.floats(min_value=0, max_value=1e11, allow_nan=False))
def test_usd_never_prints_an_exponent_and_reads_back_within_half_a_percent(amount):
    text = usd(amount)
    assert "e" not in text and "nan" not in text and "inf" not in text
    assert text.startswith("$")
    if amount >= 0.005:  # three significant figures or better, or whole dollars
        assert read_back(text) == pytest.approx(amount, rel=0.005, abs=0.5 if amount >= 100 else 0)
    if 0 < amount < 99.99:
        assert len(text.split(".")[1]) >= 2  # the cents are always there below $100


@given(st.floats(min_value=0, max_value=1e9), st.floats(min_value=0, max_value=1e9))
def test_usd_keeps_the_order_of_amounts(a, b):
    low, high = sorted((a, b))
    assert read_back(usd(low)) <= read_back(usd(high))


def test_usd_exact_is_to_the_cent_with_separators():
    assert usd_exact(1_234_567.891) == "$1,234,567.89"
    assert usd_exact(0.004) == "$0.00" and usd_exact(-3) == "-$3.00"


@given(st.floats(min_value=0, max_value=1e11, allow_nan=False))
def test_count_never_prints_an_exponent(n):
    text = count(n)
    assert "e" not in text and not math.isnan(read_back("$" + text))

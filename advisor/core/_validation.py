"""Checks at the boundary: every bad value becomes a ValueError that names the field and the accepted range."""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real


@dataclass(frozen=True)
class Bounds:
    """The accepted range of one numeric field."""

    low: float | None = None
    high: float | None = None
    low_open: bool = False  # True: the low end itself is not accepted
    high_open: bool = False
    integer: bool = False

    def describe(self) -> str:
        kind = "a whole number" if self.integer else "a number"
        parts = []
        if self.low is not None:
            parts.append(f"{'>' if self.low_open else '>='} {_fmt(self.low)}")
        if self.high is not None:
            parts.append(f"{'<' if self.high_open else '<='} {_fmt(self.high)}")
        return f"{kind} {' and '.join(parts)}" if parts else kind

    def contains(self, value: float) -> bool:
        if self.low is not None and (value < self.low or (self.low_open and value == self.low)):
            return False
        return not (self.high is not None and (value > self.high or (self.high_open and value == self.high)))


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:g}"


def check_number(field: str, value: object, bounds: Bounds) -> float:
    """Return ``value`` as a float, or raise ValueError naming ``field`` and ``bounds``.

    >>> check_number("horizon_months", 24, Bounds(1, 120, integer=True))
    24.0
    >>> check_number("queries_per_month", -1, Bounds(0))
    Traceback (most recent call last):
    ...
    ValueError: queries_per_month must be a number >= 0, got -1
    """
    expected = bounds.describe()
    # bool is a subclass of int, but True as a price is a mistake, not a number
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"{field} must be {expected}, got {value!r}")
    try:
        number = float(value)
    except OverflowError:  # an int beyond float range
        raise ValueError(f"{field} must be {expected}, got a number too large to hold") from None
    if not math.isfinite(number):
        raise ValueError(f"{field} must be {expected} (finite), got {value!r}")
    if bounds.integer and not number.is_integer():
        raise ValueError(f"{field} must be {expected}, got {value!r}")
    if not bounds.contains(number):
        raise ValueError(f"{field} must be {expected}, got {value!r}")
    return number

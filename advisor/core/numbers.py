"""Arithmetic on a number that is a float for one scenario, or a numpy array for many draws at once.

The model's formulas are written once over such numbers. Plain floats take the standard library's
path, so the model runs where numpy does not exist (the browser); numpy is imported only when an
array is actually passed in, by a caller that has it.
"""

from __future__ import annotations

import math
from typing import Any, Union

Number = Union[float, Any]  # a float, or a numpy array of floats (typed loosely: numpy is optional)


def is_plain(*values: object) -> bool:
    """True when every value is a plain Python number (no array among them).

    >>> is_plain(1.0, 2, True), is_plain(1.0, [1.0])
    (True, False)
    """
    return all(isinstance(v, (int, float)) for v in values)


def maximum(a: Number, b: Number) -> Number:
    """The larger of two numbers, element by element for arrays.

    >>> maximum(2.0, 3.0), maximum(0.0, -1.0)
    (3.0, 0.0)
    """
    if is_plain(a, b):
        return max(a, b)
    import numpy as np

    return np.maximum(a, b)


def ceil(x: Number) -> Number:
    """The smallest whole number not below ``x`` (as a float).

    >>> ceil(2.03), ceil(2.0)
    (3.0, 2.0)
    """
    if is_plain(x):
        return float(math.ceil(x))
    import numpy as np

    return np.ceil(x)


def where(condition: Number, if_true: Number, if_false: Number) -> Number:
    """``if_true`` where ``condition`` holds, else ``if_false`` (element by element for arrays).

    >>> where(True, 1.0, 2.0), where(1.0 > 2.0, 1.0, 2.0)
    (1.0, 2.0)
    """
    if is_plain(condition):
        return if_true if condition else if_false
    import numpy as np

    return np.where(condition, if_true, if_false)


def nan_where(invalid: Number, value: Number) -> Number:
    """``value``, with NaN where ``invalid`` holds.

    >>> nan_where(False, 3.0), math.isnan(nan_where(True, 3.0))
    (3.0, True)
    """
    return where(invalid, float("nan"), value)


def divide(a: Number, b: Number) -> Number:
    """``a / b``, NaN where ``b`` is zero (no warning, no exception).

    >>> divide(1.0, 4.0), math.isnan(divide(1.0, 0.0))
    (0.25, True)
    """
    if is_plain(a, b):
        return a / b if b else float("nan")
    import numpy as np

    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.equal(b, 0), np.nan, np.divide(a, np.where(np.equal(b, 0), 1.0, b)))


def item(value: Number, draw: int) -> float:
    """One draw's value of a number (the number itself when it is plain or a 0-d array)."""
    if is_plain(value):
        return float(value)
    return float(value[draw]) if getattr(value, "ndim", 0) else float(value)  # type: ignore[index]


def is_vector(value: object) -> bool:
    """Whether ``value`` is an array with at least one dimension (a number per draw)."""
    return getattr(value, "ndim", 0) > 0


def sqrt(x: Number) -> Number:
    """Square root (element by element for arrays).

    >>> sqrt(2.25)
    1.5
    """
    if is_plain(x):
        return math.sqrt(x)
    import numpy as np

    return np.sqrt(x)


def rint(x: Number) -> Number:
    """Round to the nearest whole number, halves to even (as numpy's rint and Python's round do).

    >>> rint(2.5), rint(3.5), rint(2.4)
    (2.0, 4.0, 2.0)
    """
    if is_plain(x):
        return float(round(x))
    import numpy as np

    return np.rint(x)

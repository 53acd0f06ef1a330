"""Tables for notebooks: the model's records and curves as pandas DataFrames and numpy arrays.

The model (``advisor.core``) returns plain records; these wrap them for readers who have pandas.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .core.architecture import Architecture
from .core.assumptions import Assumptions, assumption_records
from .core.context import context_fit_records
from .core.costs import _coerce, curve_for
from .core.prices import model_prices
from .core.scenario import Scenario


def assumptions_table(assumptions: Assumptions | None = None) -> pd.DataFrame:
    """The long table behind ``assumptions``: one row per parameter with value, range, unit, kind, source and date.

    Rows whose value you changed say so in ``source``.

    Parameters
    ----------
    assumptions : Assumptions, optional
        The numbers the model reads; the defaults when omitted.

    Returns
    -------
    pandas.DataFrame
        ``assumption_records`` indexed by parameter.

    Examples
    --------
    >>> assumptions_table().loc["gpu_usd_per_hour", ["unit", "kind"]].tolist()
    ['USD per GPU-hour', 'price_list']
    """
    return pd.DataFrame.from_records(assumption_records(assumptions)).set_index("parameter")


def context_fit(scenario: Scenario, assumptions: Assumptions | None = None) -> pd.DataFrame:
    """One row per chat model with a known context window: does the scenario's corpus fit in its prompt?

    Parameters
    ----------
    scenario : Scenario
        The case.
    assumptions : Assumptions, optional
        The numbers the model reads; the defaults when omitted.

    Returns
    -------
    pandas.DataFrame
        ``context_fit_records`` as a table, one row per chat model.
    """
    return pd.DataFrame(context_fit_records(scenario, assumptions))


def price_table() -> pd.DataFrame:
    """The snapshot as a pandas DataFrame, one row per model (pandas is imported here only).

    Returns
    -------
    pandas.DataFrame
        The price snapshot, one row per model.

    Examples
    --------
    >>> table = price_table()
    >>> float(table.loc["openai/gpt-4o", "input_usd_per_mtok"]), table.loc["openai/gpt-4o", "kind"]
    (2.5, 'chat')
    """
    return pd.DataFrame([vars(m) for m in model_prices().values()]).set_index("key")


def tco_curve(
    scenario: Scenario,
    architecture: Architecture | str,
    volumes: Any,
    assumptions: Assumptions | None = None,
) -> pd.DataFrame:
    """Total cost over the horizon at each monthly volume in ``volumes`` (for charts).

    An architecture that cannot serve the scenario has no curve: a ValueError says why.

    Parameters
    ----------
    scenario : Scenario
        The case.
    architecture : Architecture or str
        Which architecture.
    volumes : array-like
        Monthly query volumes (finite, not negative).
    assumptions : Assumptions, optional
        The numbers the model reads; the defaults when omitted.

    Returns
    -------
    pandas.DataFrame
        The total over the horizon at each volume, by category.
    """
    a = _coerce(scenario, assumptions)
    try:
        v = np.asarray(volumes, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"volumes must be finite numbers >= 0 (queries per month), got {volumes!r}") from None
    if v.size and (not np.all(np.isfinite(v)) or np.any(v < 0)):
        raise ValueError("volumes must be finite numbers >= 0 (queries per month)")
    curve = curve_for(scenario, architecture, a)
    if not curve.feasible:
        raise ValueError(f"{curve.architecture.label} cannot serve this scenario: {curve.why_not}")
    return np.broadcast_to(curve.total_at(v, scenario.horizon_months), v.shape).astype(float)

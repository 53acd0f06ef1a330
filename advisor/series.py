"""Tables for charts: costs across a range of one input, with or without uncertainty bands.

Every number here comes from the same cost curves as ``tco``; a chart only draws these tables.
"""

from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np

from .architecture import Architecture
from .assumptions import Assumptions
from .costs import _architecture, _coerce, cost_curve, tco, tco_curve
from .scenario import SCENARIO_BOUNDS, Scenario
from .uncertainty import _check_draws, draw_parameters


def volume_grid(low: float = 1e3, high: float = 1e8, points: int = 61) -> np.ndarray:
    """Monthly volumes spaced evenly on a log scale (what a TCO-by-volume chart needs)."""
    return np.geomspace(low, high, points)


def _architectures(architectures: Iterable[Architecture | str] | None) -> list[Architecture]:
    return list(Architecture) if architectures is None else [_architecture(a) for a in architectures]


def tco_by_volume(
    scenario: Scenario,
    volumes: Sequence[float] | None = None,
    architectures: Iterable[Architecture | str] | None = None,
    assumptions: Assumptions | None = None,
):
    """Long table: volume, architecture, total (USD over the horizon) and per_query (USD)."""
    import pandas as pd

    a = _coerce(scenario, assumptions)
    v = volume_grid() if volumes is None else np.asarray(volumes, dtype=float)
    _check_volumes(v)
    frames = []
    for arch in _architectures(architectures):
        total = tco_curve(scenario, arch, v, a)
        with np.errstate(divide="ignore", invalid="ignore"):
            per_query = np.where(v > 0, total / (v * scenario.horizon_months), np.nan)
        frames.append(pd.DataFrame({"volume": v, "architecture": arch.value, "total": total, "per_query": per_query}))
    return pd.concat(frames, ignore_index=True)


def tco_bands(
    scenario: Scenario,
    volumes: Sequence[float] | None = None,
    architectures: Iterable[Architecture | str] | None = None,
    n: int = 2_000,
    seed: int = 0,
    assumptions: Assumptions | None = None,
):
    """Long table: volume, architecture, p10, p50, p90 of the total over ``n`` draws of the assumptions."""
    import pandas as pd

    a = _coerce(scenario, assumptions)
    n, seed = _check_draws(n, seed)
    v = volume_grid() if volumes is None else np.asarray(volumes, dtype=float)
    _check_volumes(v)
    values, _ = draw_parameters(a, n, seed)
    frames = []
    for arch in _architectures(architectures):
        totals = cost_curve(scenario, arch, values).total_at(v[:, None], scenario.horizon_months)
        totals = np.broadcast_to(totals, (v.size, n))
        p10, p50, p90 = np.quantile(totals, [0.1, 0.5, 0.9], axis=1)
        frames.append(pd.DataFrame({"volume": v, "architecture": arch.value, "p10": p10, "p50": p50, "p90": p90}))
    return pd.concat(frames, ignore_index=True)


SWEEPABLE = ("queries_per_month", "knowledge_updates_per_month", "corpus_documents", "tokens_per_document", "horizon_months")


def sweep(
    scenario: Scenario,
    field: str,
    values: Iterable[float],
    architectures: Iterable[Architecture | str] | None = None,
    assumptions: Assumptions | None = None,
):
    """Long table: one scenario field varied over ``values``; columns field, architecture, total, monthly_run_rate.

    >>> t = sweep(Scenario(corpus_documents=1_000), "knowledge_updates_per_month", [0, 4], ["rag"])
    >>> t["total"].is_monotonic_increasing
    True
    """
    import pandas as pd

    if field not in SWEEPABLE:
        raise ValueError(f"field must be one of {SWEEPABLE}, got {field!r}")
    a = _coerce(scenario, assumptions)
    rows = []
    for value in values:
        varied = scenario.replace(**{field: value})
        for arch in _architectures(architectures):
            t = tco(varied, arch, a)
            rows.append({field: getattr(varied, field), "architecture": arch.value, "total": t.total,
                         "monthly_run_rate": t.monthly_run_rate})
    return pd.DataFrame(rows)


def _check_volumes(v: np.ndarray) -> None:
    high = SCENARIO_BOUNDS["queries_per_month"].high
    if v.ndim != 1 or not np.all(np.isfinite(v)) or np.any(v < 0) or np.any(v > high):
        raise ValueError(f"volumes must be a list of numbers from 0 to {high:,.0f} queries per month")

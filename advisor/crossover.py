"""Where two architectures cost the same: the crossover volume, solved exactly.

Each total cost is piecewise linear in the monthly volume (straight lines with floors), so the
difference between two of them is linear between the kinks. Evaluating the difference at zero,
at every kink and at the largest volume we accept, then interpolating inside the first interval
where its sign changes, gives the exact crossing, for one scenario or for thousands of draws at once.
"""

from __future__ import annotations

import numpy as np

from .architecture import Architecture
from .assumptions import Assumptions
from .costs import CostCurve, _architecture, _coerce, cost_curve, parameters
from .scenario import SCENARIO_BOUNDS, Scenario

MAX_VOLUME = float(SCENARIO_BOUNDS["queries_per_month"].high)  # the largest volume a scenario accepts


def crossing_volumes(a: CostCurve, b: CostCurve, horizon_months: float, draws: int = 1) -> np.ndarray:
    """First volume in [0, MAX_VOLUME] where ``a`` and ``b`` cost the same, per draw (NaN: never)."""
    kinks_found = a.kinks() + b.kinks()
    if draws == 1 and all(isinstance(k, float) for k in kinks_found):
        return np.array([_first_crossing(a, b, horizon_months, kinks_found)])
    kinks = [np.broadcast_to(np.asarray(k, dtype=float), (draws,)) for k in a.kinks() + b.kinks()]
    points = np.column_stack([np.zeros(draws), *kinks, np.full(draws, MAX_VOLUME)]) if kinks else np.column_stack(
        [np.zeros(draws), np.full(draws, MAX_VOLUME)]
    )
    points = np.where(np.isnan(points) | (points > MAX_VOLUME), MAX_VOLUME, points)
    points.sort(axis=1)
    diff = np.empty_like(points)
    for j in range(points.shape[1]):
        diff[:, j] = np.broadcast_to(
            a.total_at(points[:, j], horizon_months) - b.total_at(points[:, j], horizon_months), (draws,)
        )
    start = np.sign(diff[:, :1])
    changed = np.sign(diff) != start
    changed[:, 0] = False
    crosses = changed.any(axis=1) | (start[:, 0] == 0)
    j = np.argmax(changed, axis=1)
    j = np.maximum(j, 1)
    rows = np.arange(draws)
    v0, v1 = points[rows, j - 1], points[rows, j]
    d0, d1 = diff[rows, j - 1], diff[rows, j]
    with np.errstate(divide="ignore", invalid="ignore"):
        volume = np.where(d0 == d1, v0, v0 + d0 * (v1 - v0) / (d0 - d1))
    volume = np.where(start[:, 0] == 0, 0.0, volume)
    return np.where(crosses, volume, np.nan)


def _first_crossing(a: CostCurve, b: CostCurve, horizon_months: float, kinks: list[float]) -> float:
    """The same search as ``crossing_volumes`` for one scenario, in plain floats (it runs in every ``recommend``)."""
    points = sorted({0.0, MAX_VOLUME, *(k for k in kinks if 0.0 < k < MAX_VOLUME)})
    diffs = [float(a.total_at(v, horizon_months) - b.total_at(v, horizon_months)) for v in points]
    if diffs[0] == 0.0:
        return 0.0
    for (v0, d0), (v1, d1) in zip(zip(points, diffs), zip(points[1:], diffs[1:])):
        if (d1 > 0) != (d0 > 0) or d1 == 0.0:
            return v0 + d0 * (v1 - v0) / (d0 - d1)
    return float("nan")


def crossover_between(
    scenario: Scenario,
    first: Architecture | str,
    second: Architecture | str,
    assumptions: Assumptions | None = None,
) -> float | None:
    """Queries per month at which ``first`` and ``second`` have equal TCO over the horizon; None if never."""
    a = _coerce(scenario, assumptions)
    p = parameters(a)
    volume = crossing_volumes(
        cost_curve(scenario, _architecture(first), p),
        cost_curve(scenario, _architecture(second), p),
        scenario.horizon_months,
    )[0]
    return None if np.isnan(volume) else float(volume)


def crossover_volume(scenario: Scenario, assumptions: Assumptions | None = None) -> float | None:
    """Queries per month at which fine-tuning's TCO equals RAG's over the horizon; None if they never cross.

    Below it RAG is cheaper, above it fine-tuning (when fine-tuning starts dearer, as it usually does).

    >>> s = Scenario(knowledge_updates_per_month=1/3, corpus_documents=3_000)
    >>> v = crossover_volume(s)
    >>> 500_000 <= v <= 1_000_000
    True
    >>> from advisor import tco
    >>> abs(tco(s.replace(queries_per_month=v), "fine_tuning").total - tco(s.replace(queries_per_month=v), "rag").total) < 1e-6 * v
    True
    """
    return crossover_between(scenario, Architecture.FINE_TUNING, Architecture.RAG, assumptions)

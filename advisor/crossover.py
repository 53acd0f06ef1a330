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
from .costs import CostCurve, _architecture, _coerce, curve_for
from .scenario import SCENARIO_BOUNDS, Scenario

MAX_VOLUME = float(SCENARIO_BOUNDS["queries_per_month"].high)  # the largest volume a scenario accepts


def crossing_volumes(a: CostCurve, b: CostCurve, horizon_months: float, draws: int = 1) -> np.ndarray:
    """First volume in [0, MAX_VOLUME] where ``a`` and ``b`` cost the same, per draw (NaN: never).

    Where a self-hosted fleet adds whole GPUs the costs jump; a crossing at a jump is the volume
    after which the order of the two changes.
    """
    if a.fleets() or b.fleets():
        if draws == 1 and not _vectorised(a, b):
            return np.array([_first_crossing(a, b, horizon_months)])
        return np.array([_first_crossing(a.take(i), b.take(i), horizon_months) for i in range(draws)])
    kinks_found = a.kinks() + b.kinks()
    if draws == 1 and all(isinstance(k, float) for k in kinks_found):
        return np.array([_first_crossing(a, b, horizon_months)])
    kinks = [np.broadcast_to(np.asarray(k, dtype=float), (draws,)) for k in kinks_found]
    points = np.column_stack([np.zeros(draws), *kinks, np.full(draws, MAX_VOLUME)])
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


def _vectorised(*curves: CostCurve) -> bool:
    return any(
        isinstance(x, np.ndarray) and x.ndim > 0
        for c in curves
        for x in [*c.one_time.values(), *(v for terms in c.monthly.values() for t in terms for v in vars(t).values())]
    )


def _just_after(volume: float) -> float:
    """A volume past ``volume`` by less than any cost line can bend, but past a GPU step at it."""
    return volume * (1.0 + 1e-9) + 1e-9


def _band(v0: float, v1: float, d0: float, d1: float, half_width: float) -> tuple[float, float] | None:
    """Where the line from (v0, d0) to (v1, d1) lies within ``half_width`` of zero (None: nowhere)."""
    if d0 == d1:
        return (v0, v1) if abs(d0) <= half_width else None
    slope = (d1 - d0) / (v1 - v0)
    ends = sorted((v0 + (-half_width - d0) / slope, v0 + (half_width - d0) / slope))
    low, high = max(v0, ends[0]), min(v1, ends[1])
    return (low, high) if low <= high else None


def _first_crossing(a: CostCurve, b: CostCurve, horizon_months: float) -> float:
    """The first crossing for one scenario, in plain floats (it runs in every ``recommend``).

    The difference of two costs is a straight line between the kinks of their floors, except where a
    self-hosted fleet adds a GPU and the difference jumps. A fleet in fractions of a GPU is never more
    than one GPU's cost away from the fleet in whole GPUs, so the difference can change sign only
    where the fractional one is within that distance of zero: the GPU steps are listed there only.
    """

    def diff(v: float, whole: bool = True) -> float:
        return float(a.total_at(v, horizon_months, whole) - b.total_at(v, horizon_months, whole))

    kinks = sorted({0.0, MAX_VOLUME, *(float(k) for k in a.kinks() + b.kinks() if 0.0 < k < MAX_VOLUME)})
    fleets = a.fleets() + b.fleets()
    points = set(kinks)
    if fleets:
        one_gpu_each = horizon_months * sum(float(f.usd_per_gpu_month) for f in fleets)
        for v0, v1 in zip(kinks, kinks[1:]):
            band = _band(v0, v1, diff(v0, whole=False), diff(v1, whole=False), one_gpu_each)
            if band is not None:
                points.update(band)
                for fleet in fleets:
                    points.update(fleet.steps(*band))
    ordered = sorted(points)
    start = diff(0.0)
    if start == 0.0:
        return 0.0
    above = start > 0
    for v0, v1 in zip(ordered, ordered[1:]):
        after = diff(_just_after(v0)) if fleets else diff(v0)
        if after == 0.0 or (after > 0) != above:
            return v0  # the order changes at a GPU step
        end = diff(v1)
        if end == 0.0 or (end > 0) != above:
            return v0 + after * (v1 - v0) / (after - end)
    return float("nan")


def crossover_between(
    scenario: Scenario,
    first: Architecture | str,
    second: Architecture | str,
    assumptions: Assumptions | None = None,
) -> float | None:
    """Queries per month at which ``first`` and ``second`` have equal TCO over the horizon; None if never.

    Each is priced as ``tco`` prices it (a fine-tuned model's hosting resolved at the scenario's volume).
    An architecture that cannot serve the scenario has no crossover: a ValueError says why.
    """
    a = _coerce(scenario, assumptions)
    one, other = _architecture(first), _architecture(second)
    if one is other:
        raise ValueError(f"first and second must be two different architectures, got {one.value!r} twice")
    curves = [curve_for(scenario, arch, a) for arch in (one, other)]
    for curve in curves:
        if not curve.feasible:
            raise ValueError(f"{curve.architecture.label} cannot serve this scenario, so it has no crossover: {curve.why_not}")
    volume = crossing_volumes(curves[0], curves[1], scenario.horizon_months)[0]
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

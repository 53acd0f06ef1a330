"""Uncertainty for notebooks: the same draws as ``advisor.core.sampling``, vectorised with numpy.

``simulate`` draws every uncertain assumption from its range (a two-piece triangular distribution
whose median is the default; see ``advisor.core.sampling``) and computes, in one pass over arrays,
each feasible architecture's TCO and the fine-tuning/RAG crossover per draw, by the same formulas
as ``tco``. The uniform numbers are the core's, so a seed gives the same draws here as in the
browser; ``summarize`` is the core's summary of them.
"""

from __future__ import annotations

import random

import numpy as np
import pandas as pd

from .core.architecture import Architecture
from .core.assumptions import Assumptions
from .core.costs import CostCurve, _coerce, cost_curve, curve_for, parameters
from .core.crossover import MAX_VOLUME, _first_crossing
from .core.numbers import Number, is_vector
from .core.sampling import (
    MAX_DRAWS,
    QUANTILES,
    SENSITIVITY_DRAWS,
    UncertaintySummary,
    check_draws,
    drawn_value,
    uncertain_parameters,
)
from .core.scenario import Scenario

__all__ = ["MAX_DRAWS", "SENSITIVITY_DRAWS", "UncertaintySummary", "draw_parameters", "simulate", "summarize"]


def uniform_matrix(n: int, seed: int, columns: int) -> np.ndarray:
    """``uniform_columns`` as a (columns, n) array, drawn by numpy from the very same generator state.

    Python's ``random`` and numpy's legacy ``RandomState`` are both the Mersenne Twister with the same
    53-bit conversion, so handing numpy Python's seeded state gives the same numbers, faster.
    """
    state = random.Random(seed).getstate()[1]
    generator = np.random.RandomState()
    generator.set_state(("MT19937", np.array(state[:624], dtype=np.uint32), state[624], 0, 0.0))
    return generator.random_sample(n * columns).reshape(columns, n)


def draw_parameters(assumptions: Assumptions, n: int, seed: int) -> tuple[dict[str, Number], list[str]]:
    """Parameters for ``n`` draws: arrays for those with a range, the plain value for the rest."""
    values = dict(parameters(assumptions))  # a copy: drawn arrays replace some of its numbers
    varied = uncertain_parameters(assumptions)
    for name, uniforms in zip(varied, uniform_matrix(n, seed, len(varied))):
        values[name] = drawn_value(name, uniforms, assumptions)
    return values, varied


def simulate(
    scenario: Scenario, n: int = 10_000, seed: int = 0, assumptions: Assumptions | None = None
) -> pd.DataFrame:
    """One row per draw: the drawn parameters, each feasible architecture's TCO at the scenario's volume,
    and the fine-tuning/RAG crossover (``<NA>`` in draws where they never cross). Same seed, same table,
    and the same draws as ``advisor.core.sampling.simulate_draws`` (the browser's path).

    An architecture that cannot serve the scenario (at the default values) has no column: it is not a
    cost. ``attrs["infeasible"]`` maps it to the reason. A fine-tuned model keeps, in every draw, the
    hosting that ``tco`` chooses at the default values.

    Parameters
    ----------
    scenario : Scenario
        The case.
    n : int, default 10000
        Number of draws.
    seed : int, default 0
        Random seed (the same seed gives the same draws).
    assumptions : Assumptions, optional
        The numbers the model reads; the defaults when omitted.

    Returns
    -------
    pandas.DataFrame
        One row per draw: the drawn parameters, each architecture's TCO, and the crossover.

    Examples
    --------
    >>> df = simulate(Scenario(queries_per_month=500_000, corpus_documents=3_000), n=1_000, seed=1)
    >>> len(df), {"tco_rag", "tco_fine_tuning", "crossover_queries_per_month"} <= set(df.columns)
    (1000, True)
    >>> simulate(Scenario(corpus_documents=50_000), n=10).attrs["infeasible"].keys()
    dict_keys(['prompting'])
    """
    a = _coerce(scenario, assumptions)
    n, seed = check_draws(n, seed)
    central = {arch: curve_for(scenario, arch, a) for arch in Architecture}
    feasible = [arch for arch in Architecture if central[arch].feasible]
    values, varied = draw_parameters(a, n, seed)
    curves = {arch: cost_curve(scenario, arch, values, central[arch].hosting or "self_hosted") for arch in feasible}
    columns = {name: values[name] for name in varied}
    for arch in feasible:
        total = curves[arch].total_at(scenario.queries_per_month, scenario.horizon_months)
        columns[f"tco_{arch.value}"] = np.broadcast_to(np.asarray(total, dtype=float), (n,))
    frame = pd.DataFrame(columns)
    if {Architecture.FINE_TUNING, Architecture.RAG} <= set(feasible):
        crossing = crossing_volumes(
            curves[Architecture.FINE_TUNING], curves[Architecture.RAG], scenario.horizon_months, n
        )
    else:
        crossing = np.full(n, np.nan)
    frame["crossover_queries_per_month"] = pd.array(crossing, dtype="Float64")  # NaN becomes <NA>
    if {"tco_fine_tuning", "tco_rag"} <= set(frame.columns):
        frame["finetuning_cheaper"] = frame["tco_fine_tuning"] < frame["tco_rag"]
    frame.index.name = "draw"
    frame.attrs["parameters"] = varied
    frame.attrs["infeasible"] = {
        arch.value: central[arch].why_not for arch in Architecture if not central[arch].feasible
    }
    return frame


def summarize(draws: pd.DataFrame) -> UncertaintySummary:
    """Summarise a ``simulate`` table: odds, ranges and which assumption moves the crossover most.

    The same statistics as the browser's ``advisor.core.sampling.summary_of`` (quantiles interpolated
    linearly, Spearman's rank correlation with ties kept in draw order), computed over arrays.

    Parameters
    ----------
    draws : pandas.DataFrame
        What ``simulate`` returned.

    Returns
    -------
    UncertaintySummary
        Shares, quantiles and the parameters that move the result most.
    """
    if not isinstance(draws, pd.DataFrame) or "crossover_queries_per_month" not in draws.columns:
        raise ValueError("draws must be the table simulate() returns (with its tco_* and crossover columns)")
    n = len(draws)
    if n == 0:
        raise ValueError("draws must hold at least one draw; got an empty table")
    tco = {c.removeprefix("tco_"): draws[c].to_numpy(dtype=float) for c in draws.columns if c.startswith("tco_")}
    crossover = draws["crossover_queries_per_month"].to_numpy(dtype=float, na_value=np.nan)
    crosses = ~np.isnan(crossover)
    levels = list(QUANTILES)
    ft, rag = tco.get(Architecture.FINE_TUNING.value), tco.get(Architecture.RAG.value)
    names = draws.attrs.get("parameters") or [
        c
        for c in draws.columns
        if not c.startswith("tco_") and c not in ("crossover_queries_per_month", "finetuning_cheaper")
    ]
    sample = min(n, SENSITIVITY_DRAWS)
    ranked_crossover = np.where(crosses, crossover, MAX_VOLUME * 10)[:sample]
    correlations = [
        (name, _rank_correlation(draws[name].to_numpy(dtype=float)[:sample], ranked_crossover)) for name in names
    ]
    correlations.sort(key=lambda pair: -abs(pair[1]))
    crossing = crossover[crosses]
    return UncertaintySummary(
        draws=n,
        p_finetuning_cheaper=None if ft is None or rag is None else float(np.mean(ft < rag)),
        share_crossing=float(crosses.mean()),
        crossover_quantiles=dict(zip(levels, map(float, np.quantile(crossing, levels)))) if crossing.size else {},
        tco_ranges={
            arch: {f"p{round(q * 100)}": float(v) for q, v in zip(levels, np.quantile(column, levels))}
            for arch, column in tco.items()
        },
        sensitivity_ranking=correlations,
        infeasible=dict(draws.attrs.get("infeasible", {})),
    )


def _rank_correlation(x: np.ndarray, y: np.ndarray) -> float:
    """``advisor.core.sampling.rank_correlation`` over arrays (ties ranked in draw order)."""
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        return 0.0
    rx = np.argsort(np.argsort(x, kind="stable"), kind="stable").astype(float)
    ry = np.argsort(np.argsort(y, kind="stable"), kind="stable").astype(float)
    return float(np.corrcoef(rx, ry)[0, 1])


def crossing_volumes(a: CostCurve, b: CostCurve, horizon_months: float, draws: int = 1) -> np.ndarray:
    """``first_crossing`` for curves of many draws at once: a numpy array, NaN where they never cross."""
    if a.fleets() or b.fleets():
        if draws == 1 and not _vectorized(a, b):
            return np.array([_first_crossing(a, b, horizon_months)])
        return _crossings_with_fleets(a, b, horizon_months, draws)
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


def _vectorized(*curves: CostCurve) -> bool:
    """Whether any number in the curves is an array (one value per draw)."""
    return any(
        is_vector(x)
        for c in curves
        for x in [*c.one_time.values(), *(v for terms in c.monthly.values() for t in terms for v in vars(t).values())]
    )


STEPS_PER_BAND = 8  # GPU steps listed per draw and stretch of volume; a draw needing more is solved on its own


def _column(value: Number, draws: int) -> np.ndarray:
    return np.broadcast_to(np.asarray(value, dtype=float), (draws,))


def _crossings_with_fleets(a: CostCurve, b: CostCurve, horizon_months: float, draws: int) -> np.ndarray:
    """``advisor.core.crossover.first_crossing`` for every draw at once, where a fleet adds whole GPUs.

    The same search as the core's: between the kinks of the fractional-GPU costs, the whole-GPU
    difference can change sign only within one GPU's cost of zero; the GPU steps there are listed,
    and the first change of sign (at a step, or on a straight stretch between two points) is the crossing.
    """
    h = horizon_months

    def diff(volumes: np.ndarray, whole: bool = True) -> np.ndarray:
        return np.broadcast_to(a.total_at(volumes, h, whole) - b.total_at(volumes, h, whole), (draws,))

    kinks = [_column(k, draws) for k in a.kinks() + b.kinks()]
    base = np.column_stack([np.zeros(draws), *kinks, np.full(draws, MAX_VOLUME)])
    base = np.where(np.isnan(base) | (base > MAX_VOLUME) | (base < 0), MAX_VOLUME, base)
    base.sort(axis=1)
    fleets = a.fleets() + b.fleets()
    one_gpu_each = h * sum(_column(f.usd_per_gpu_month, draws) for f in fleets)
    columns = [base]
    overflow = np.zeros(draws, dtype=bool)
    for j in range(base.shape[1] - 1):
        v0, v1 = base[:, j], base[:, j + 1]
        d0, d1 = diff(v0, whole=False), diff(v1, whole=False)
        with np.errstate(divide="ignore", invalid="ignore"):
            slope = (d1 - d0) / (v1 - v0)
            ends_a = v0 + (-one_gpu_each - d0) / slope
            ends_b = v0 + (one_gpu_each - d0) / slope
        flat = ~np.isfinite(slope) | (slope == 0)
        low = np.where(
            flat, np.where(np.abs(d0) <= one_gpu_each, v0, np.inf), np.maximum(v0, np.minimum(ends_a, ends_b))
        )
        high = np.where(
            flat, np.where(np.abs(d0) <= one_gpu_each, v1, -np.inf), np.minimum(v1, np.maximum(ends_a, ends_b))
        )
        band = low <= high
        columns.append(np.where(band, low, MAX_VOLUME)[:, None])
        columns.append(np.where(band, high, MAX_VOLUME)[:, None])
        for fleet in fleets:
            g, m = _column(fleet.gpus_per_query, draws), _column(fleet.min_gpus, draws)
            with np.errstate(invalid="ignore", over="ignore"):
                first = np.maximum(np.maximum(np.ceil(low * g), m), 1.0)
                last = np.floor(high * g)
            count = np.where(band & (g > 0), last - first + 1, 0)
            overflow |= count > STEPS_PER_BAND
            k = first[:, None] + np.arange(STEPS_PER_BAND)[None, :]
            with np.errstate(divide="ignore", invalid="ignore"):
                steps = np.where(np.arange(STEPS_PER_BAND)[None, :] < count[:, None], k / g[:, None], MAX_VOLUME)
            columns.append(steps)
    points = np.concatenate(columns, axis=1)
    points = np.where(np.isfinite(points), np.clip(points, 0.0, MAX_VOLUME), MAX_VOLUME)
    points.sort(axis=1)
    last = int(np.max(np.sum(points < MAX_VOLUME, axis=1))) + 1
    points = points[:, : max(last, 2)]  # beyond it every draw has only the largest volume left
    at = np.column_stack([diff(points[:, j]) for j in range(points.shape[1])])
    after = np.column_stack([diff(points[:, j] * (1.0 + 1e-9) + 1e-9) for j in range(points.shape[1])])
    start = at[:, 0]
    above = start > 0
    jump = (after[:, :-1] == 0) | ((after[:, :-1] > 0) != above[:, None])
    crossed = (at[:, 1:] == 0) | ((at[:, 1:] > 0) != above[:, None])
    event = jump | crossed
    found = event.any(axis=1)
    j = np.argmax(event, axis=1)
    rows = np.arange(draws)
    v0, v1 = points[rows, j], points[rows, j + 1]
    d0, d1 = after[rows, j], at[rows, j + 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        interpolated = v0 + d0 * (v1 - v0) / (d0 - d1)
    volume = np.where(jump[rows, j], v0, interpolated)
    volume = np.where(start == 0, 0.0, np.where(found, volume, np.nan))
    for i in np.flatnonzero(overflow):  # more steps near zero than listed: solve this draw on its own
        volume[i] = _first_crossing(a.take(int(i)), b.take(int(i)), h)
    return volume

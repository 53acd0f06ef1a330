"""Uncertainty for notebooks: the same draws as ``advisor.core.sampling``, vectorised with numpy.

``simulate`` draws every uncertain assumption from its range (a two-piece triangular distribution
whose median is the default; see ``advisor.core.sampling``) and computes, in one pass over arrays,
each feasible architecture's TCO and the fine-tuning/RAG crossover per draw, by the same formulas
as ``tco``. The uniform numbers are the core's, so a seed gives the same draws here as in the
browser; ``summarize`` is the core's summary of them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .core.architecture import Architecture
from .core.assumptions import Assumptions
from .core.costs import CostCurve, _coerce, cost_curve, curve_for, parameters
from .core.crossover import MAX_VOLUME, _first_crossing
from .core.numbers import is_vector
from .core.sampling import (
    MAX_DRAWS,
    SENSITIVITY_DRAWS,
    UncertaintySummary,
    check_draws,
    drawn_value,
    summary_of,
    uncertain_parameters,
    uniform_columns,
)
from .core.scenario import Scenario

__all__ = ["MAX_DRAWS", "SENSITIVITY_DRAWS", "UncertaintySummary", "draw_parameters", "simulate", "summarize"]


def draw_parameters(assumptions: Assumptions, n: int, seed: int) -> tuple[dict, list[str]]:
    """Parameters for ``n`` draws: arrays for those with a range, the plain value for the rest."""
    values = dict(parameters(assumptions))  # a copy: drawn arrays replace some of its numbers
    varied = uncertain_parameters(assumptions)
    for name, uniforms in zip(varied, uniform_columns(n, seed, len(varied))):
        values[name] = drawn_value(name, np.asarray(uniforms), assumptions)
    return values, varied


def simulate(scenario: Scenario, n: int = 10_000, seed: int = 0, assumptions: Assumptions | None = None) -> pd.DataFrame:
    """One row per draw: the drawn parameters, each feasible architecture's TCO at the scenario's volume,
    and the fine-tuning/RAG crossover (``<NA>`` in draws where they never cross). Same seed, same table,
    and the same draws as ``advisor.core.sampling.simulate_draws`` (the browser's path).

    An architecture that cannot serve the scenario (at the default values) has no column: it is not a
    cost. ``attrs["infeasible"]`` maps it to the reason. A fine-tuned model keeps, in every draw, the
    hosting that ``tco`` chooses at the default values.

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
        crossing = crossing_volumes(curves[Architecture.FINE_TUNING], curves[Architecture.RAG], scenario.horizon_months, n)
    else:
        crossing = np.full(n, np.nan)
    frame["crossover_queries_per_month"] = pd.array(crossing, dtype="Float64")  # NaN becomes <NA>
    if {"tco_fine_tuning", "tco_rag"} <= set(frame.columns):
        frame["finetuning_cheaper"] = frame["tco_fine_tuning"] < frame["tco_rag"]
    frame.index.name = "draw"
    frame.attrs["parameters"] = varied
    frame.attrs["infeasible"] = {arch.value: central[arch].why_not for arch in Architecture if not central[arch].feasible}
    return frame


def summarize(draws: pd.DataFrame) -> UncertaintySummary:
    """Summarise a ``simulate`` table: odds, ranges and which assumption moves the crossover most.

    The same summary as the browser's (``advisor.core.sampling.summary_of``).
    """
    if not isinstance(draws, pd.DataFrame) or "crossover_queries_per_month" not in draws.columns:
        raise ValueError("draws must be the table simulate() returns (with its tco_* and crossover columns)")
    if len(draws) == 0:
        raise ValueError("draws must hold at least one draw; got an empty table")
    tco = {c.removeprefix("tco_"): draws[c].to_numpy().tolist() for c in draws.columns if c.startswith("tco_")}
    crossover = [None if pd.isna(x) else float(x) for x in draws["crossover_queries_per_month"]]
    names = draws.attrs.get("parameters") or [
        c for c in draws.columns if not c.startswith("tco_") and c not in ("crossover_queries_per_month", "finetuning_cheaper")
    ]
    parameters = {name: draws[name].to_numpy()[:SENSITIVITY_DRAWS].tolist() for name in names}
    return summary_of(tco, crossover, parameters, draws.attrs.get("infeasible", {}))


def crossing_volumes(a: CostCurve, b: CostCurve, horizon_months: float, draws: int = 1):
    """``first_crossing`` for curves of many draws at once: a numpy array, NaN where they never cross."""
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
    """Whether any number in the curves is an array (one value per draw)."""
    return any(
        is_vector(x)
        for c in curves
        for x in [*c.one_time.values(), *(v for terms in c.monthly.values() for t in terms for v in vars(t).values())]
    )

"""Uncertainty: draw every uncertain assumption from its range, many times, in one vectorised pass.

Each parameter with a range (low < high) is drawn from a two-piece triangular distribution whose
median and peak are its default value: half the draws fall below the default, rising from the low
end, and half above it, falling to the high end. The default is then the central estimate of its
range, so the headline figures (computed at the defaults) sit inside the simulated ranges rather
than at their optimistic end. Parameters without a range stay fixed. Every draw gets the TCO of each
architecture that can serve the scenario and the fine-tuning/RAG crossover, all computed by the
same formulas as ``tco``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .architecture import Architecture
from .assumptions import FIELD_BOUNDS, Assumptions
from .costs import _coerce, cost_curve, curve_for, parameters
from .crossover import MAX_VOLUME, crossing_volumes
from .scenario import Scenario

MAX_DRAWS = 1_000_000
SENSITIVITY_DRAWS = 20_000


def two_piece_triangular(u, low: float, median: float, high: float):
    """Inverse CDF of the two-piece triangular distribution with its median (and peak) at ``median``.

    Below the median the density rises linearly from ``low``, above it falls linearly to ``high``;
    each side holds half of the draws.

    >>> two_piece_triangular(np.array([0.0, 0.125, 0.5, 0.875, 1.0]), 0.0, 1.0, 3.0).tolist()
    [0.0, 0.5, 1.0, 2.0, 3.0]
    """
    lower = u < 0.5
    root = np.sqrt(np.where(lower, 2.0 * u, 2.0 * (1.0 - u)))
    return np.where(lower, low + (median - low) * root, high - (high - median) * root)


def uncertain_parameters(assumptions: Assumptions) -> list[str]:
    """The parameters that have a range (and so vary between draws)."""
    return [name for name in FIELD_BOUNDS if assumptions.range_of(name)[0] < assumptions.range_of(name)[1]]


def draw_parameters(assumptions: Assumptions, n: int, seed: int, out: np.ndarray | None = None) -> tuple[dict, list[str]]:
    """Parameters for ``n`` draws: arrays for those with a range, the plain value for the rest.

    ``out`` (n rows, one column per uncertain parameter, Fortran order) receives the draws in place,
    so that ``simulate`` can hand the same memory to its table without copying.
    """
    rng = np.random.default_rng(seed)
    values = dict(parameters(assumptions))  # a copy: drawn arrays replace some of its numbers
    varied = uncertain_parameters(assumptions)
    if out is None:
        out = np.empty((n, len(varied)), order="F")
    for column, name in enumerate(varied):
        low, high = assumptions.range_of(name)
        drawn = out[:, column]
        rng.random(out=drawn)
        drawn[:] = two_piece_triangular(drawn, low, values[name], high)
        if FIELD_BOUNDS[name].integer:
            np.rint(drawn, out=drawn)
        values[name] = drawn
    return values, varied


def _check_draws(n: object, seed: object) -> tuple[int, int]:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= MAX_DRAWS:
        raise ValueError(f"n must be a whole number from 1 to {MAX_DRAWS:,}, got {n!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0, got {seed!r}")
    return int(n), int(seed)


def simulate(scenario: Scenario, n: int = 10_000, seed: int = 0, assumptions: Assumptions | None = None):
    """One row per draw: the drawn parameters, each feasible architecture's TCO at the scenario's volume,
    and the fine-tuning/RAG crossover (``<NA>`` in draws where they never cross). Same seed, same table.

    An architecture that cannot serve the scenario (at the default values) has no column: it is not a
    cost. ``attrs["infeasible"]`` maps it to the reason. A fine-tuned model keeps, in every draw, the
    hosting that ``tco`` chooses at the default values.

    >>> df = simulate(Scenario(queries_per_month=500_000, corpus_documents=3_000), n=1_000, seed=1)
    >>> len(df), {"tco_rag", "tco_fine_tuning", "crossover_queries_per_month"} <= set(df.columns)
    (1000, True)
    >>> simulate(Scenario(corpus_documents=50_000), n=10).attrs["infeasible"].keys()
    dict_keys(['prompting'])
    """
    import pandas as pd

    a = _coerce(scenario, assumptions)
    n, seed = _check_draws(n, seed)
    central = {arch: curve_for(scenario, arch, a) for arch in Architecture}
    feasible = [arch for arch in Architecture if central[arch].feasible]
    varied = uncertain_parameters(a)
    tco_columns = [f"tco_{arch.value}" for arch in feasible]
    # One block of memory for the whole table: pandas takes it as it is, without copying columns.
    table = np.empty((n, len(varied) + len(tco_columns) + 1), order="F")
    values, _ = draw_parameters(a, n, seed, out=table[:, : len(varied)])
    curves = {arch: cost_curve(scenario, arch, values, central[arch].hosting or "self_hosted") for arch in feasible}
    for column, arch in enumerate(feasible, start=len(varied)):
        table[:, column] = curves[arch].total_at(scenario.queries_per_month, scenario.horizon_months)
    if {Architecture.FINE_TUNING, Architecture.RAG} <= set(feasible):
        table[:, -1] = crossing_volumes(
            curves[Architecture.FINE_TUNING], curves[Architecture.RAG], scenario.horizon_months, draws=n
        )
    else:
        table[:, -1] = np.nan
    frame = pd.DataFrame(table[:, :-1], columns=varied + tco_columns, copy=False)
    frame["crossover_queries_per_month"] = pd.array(table[:, -1], dtype="Float64")  # NaN becomes <NA>
    if {"tco_fine_tuning", "tco_rag"} <= set(frame.columns):
        frame["finetuning_cheaper"] = frame["tco_fine_tuning"] < frame["tco_rag"]
    frame.index.name = "draw"
    frame.attrs["parameters"] = varied
    frame.attrs["infeasible"] = {arch.value: central[arch].why_not for arch in Architecture if not central[arch].feasible}
    return frame


@dataclass(frozen=True)
class UncertaintySummary:
    """What a simulation says, in the terms a decision needs."""

    draws: int
    p_finetuning_cheaper: float | None  # share of draws where fine-tuning's TCO is below RAG's (None: one cannot serve)
    share_crossing: float  # share of draws where the two cross at all
    crossover_quantiles: dict  # {0.1: ..., 0.5: ..., 0.9: ...} over the draws that cross; empty if none do
    tco_quantiles: object  # DataFrame: feasible architecture x (p10, p50, p90)
    sensitivity: object  # DataFrame: parameter, rank correlation with the crossover, ranked by its size
    infeasible: dict = field(default_factory=dict)  # architecture value -> why it cannot serve (no quantiles)


def rank_correlation(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman's rank correlation (0 where either side is constant).

    >>> rank_correlation(np.array([1.0, 2, 3]), np.array([10.0, 40, 90]))
    1.0
    """
    rx = np.argsort(np.argsort(x)).astype(float)
    ry = np.argsort(np.argsort(y)).astype(float)
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        return 0.0
    return float(np.corrcoef(rx, ry)[0, 1])


def summarize(draws) -> UncertaintySummary:
    """Summarise a ``simulate`` table: odds, ranges and which assumption moves the crossover most.

    The sensitivity ranks draws where the architectures never cross as beyond the largest volume, and
    uses at most the first ``SENSITIVITY_DRAWS`` draws (enough for two decimals of a rank correlation).
    """
    import pandas as pd

    if not isinstance(draws, pd.DataFrame) or "crossover_queries_per_month" not in draws.columns:
        raise ValueError("draws must be the table simulate() returns (with its tco_* and crossover columns)")
    if len(draws) == 0:
        raise ValueError("draws must hold at least one draw; got an empty table")
    crossover = draws["crossover_queries_per_month"]
    crosses = crossover.notna().to_numpy()
    tco_columns = [f"tco_{arch.value}" for arch in Architecture if f"tco_{arch.value}" in draws.columns]
    quantiles = draws[tco_columns].quantile([0.1, 0.5, 0.9]).T
    quantiles.index = [c.removeprefix("tco_") for c in tco_columns]
    quantiles.columns = ["p10", "p50", "p90"]
    crossing = crossover[crosses].astype(float)
    crossover_quantiles = (
        {q: float(crossing.quantile(q)) for q in (0.1, 0.5, 0.9)} if len(crossing) else {}
    )
    sample = draws.iloc[:SENSITIVITY_DRAWS]
    ranked_crossover = sample["crossover_queries_per_month"].fillna(MAX_VOLUME * 10).astype(float).to_numpy()
    parameters = draws.attrs.get("parameters") or [
        c for c in draws.columns if c not in tco_columns + ["crossover_queries_per_month", "finetuning_cheaper"]
    ]
    sensitivity = pd.DataFrame(
        [{"parameter": name, "rank_correlation": rank_correlation(sample[name].to_numpy(), ranked_crossover)} for name in parameters],
        columns=["parameter", "rank_correlation"],
    )
    sensitivity = (
        sensitivity.assign(strength=sensitivity["rank_correlation"].abs())
        .sort_values("strength", ascending=False)
        .drop(columns="strength")
        .reset_index(drop=True)
    )
    return UncertaintySummary(
        draws=len(draws),
        p_finetuning_cheaper=float(draws["finetuning_cheaper"].mean()) if "finetuning_cheaper" in draws.columns else None,
        share_crossing=float(crosses.mean()),
        crossover_quantiles=crossover_quantiles,
        tco_quantiles=quantiles,
        sensitivity=sensitivity,
        infeasible=dict(draws.attrs.get("infeasible", {})),
    )

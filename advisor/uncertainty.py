"""Uncertainty: draw every uncertain assumption from its range, many times, in one vectorised pass.

Each parameter with a range (low < high) is drawn from a triangular distribution whose peak is
its default value; parameters without a range stay fixed. Every draw gets each architecture's TCO
and the fine-tuning/RAG crossover, all computed by the same formulas as ``tco``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .architecture import Architecture
from .assumptions import FIELD_BOUNDS, Assumptions
from .costs import _coerce, cost_curve, parameters
from .crossover import MAX_VOLUME, crossing_volumes
from .scenario import Scenario

MAX_DRAWS = 1_000_000
SENSITIVITY_DRAWS = 20_000


def triangular(u: np.ndarray, low: float, mode: float, high: float) -> np.ndarray:
    """Inverse CDF of the triangular distribution, applied to uniforms ``u``.

    >>> triangular(np.array([0.0, 0.5, 1.0]), 0.0, 1.0, 2.0).tolist()
    [0.0, 1.0, 2.0]
    """
    width = high - low
    rising = u < (mode - low) / width
    # one square root per draw: of the rising side's area below u, or the falling side's above it
    root = np.where(rising, u * (width * (mode - low)), (1.0 - u) * (width * (high - mode)))
    np.sqrt(root, out=root)
    return np.where(rising, low + root, high - root)


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
        drawn[:] = triangular(drawn, low, values[name], high)
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
    """One row per draw: the drawn parameters, each architecture's TCO at the scenario's volume, and the
    fine-tuning/RAG crossover (``<NA>`` in draws where they never cross). Same seed, same table.

    >>> df = simulate(Scenario(queries_per_month=500_000, corpus_documents=3_000), n=1_000, seed=1)
    >>> len(df), {"tco_rag", "tco_fine_tuning", "crossover_queries_per_month"} <= set(df.columns)
    (1000, True)
    """
    import pandas as pd

    a = _coerce(scenario, assumptions)
    n, seed = _check_draws(n, seed)
    varied = uncertain_parameters(a)
    tco_columns = [f"tco_{arch.value}" for arch in Architecture]
    # One block of memory for the whole table: pandas takes it as it is, without copying columns.
    table = np.empty((n, len(varied) + len(tco_columns) + 1), order="F")
    values, _ = draw_parameters(a, n, seed, out=table[:, : len(varied)])
    curves = {arch: cost_curve(scenario, arch, values) for arch in Architecture}
    for column, arch in enumerate(Architecture, start=len(varied)):
        table[:, column] = curves[arch].total_at(scenario.queries_per_month, scenario.horizon_months)
    table[:, -1] = crossing_volumes(
        curves[Architecture.FINE_TUNING], curves[Architecture.RAG], scenario.horizon_months, draws=n
    )
    frame = pd.DataFrame(table[:, :-1], columns=varied + tco_columns, copy=False)
    frame["crossover_queries_per_month"] = pd.array(table[:, -1], dtype="Float64")  # NaN becomes <NA>
    frame["finetuning_cheaper"] = frame["tco_fine_tuning"] < frame["tco_rag"]
    frame.index.name = "draw"
    frame.attrs["parameters"] = varied
    return frame


@dataclass(frozen=True)
class UncertaintySummary:
    """What a simulation says, in the terms a decision needs."""

    draws: int
    p_finetuning_cheaper: float  # share of draws where fine-tuning's TCO is below RAG's
    share_crossing: float  # share of draws where the two cross at all
    crossover_quantiles: dict  # {0.1: ..., 0.5: ..., 0.9: ...} over the draws that cross; empty if none do
    tco_quantiles: object  # DataFrame: architecture x (p10, p50, p90)
    sensitivity: object  # DataFrame: parameter, rank correlation with the crossover, ranked by its size


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

    crossover = draws["crossover_queries_per_month"]
    crosses = crossover.notna().to_numpy()
    tco_columns = [f"tco_{arch.value}" for arch in Architecture]
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
        p_finetuning_cheaper=float(draws["finetuning_cheaper"].mean()),
        share_crossing=float(crosses.mean()),
        crossover_quantiles=crossover_quantiles,
        tco_quantiles=quantiles,
        sensitivity=sensitivity,
    )

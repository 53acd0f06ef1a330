"""Uncertainty on the standard library: draws over the assumptions' ranges, and what they say.

Each parameter with a range (low < high) is drawn from a two-piece triangular distribution whose
median and peak are its default value: half the draws fall below the default, rising from the low
end, and half above it, falling to the high end. The default is then the central estimate of its
range, so the headline figures (computed at the defaults) sit inside the simulated ranges rather
than at their optimistic end. Parameters without a range stay fixed.

The uniform numbers come from Python's own generator, seeded: the browser (``simulate_draws``
here) and a notebook (``advisor.simulate``, vectorised with numpy) draw the same values for the
same seed, and so report the same ranges.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from numbers import Integral
from typing import Any

from .architecture import Architecture
from .assumptions import FIELD_BOUNDS, Assumptions
from .costs import _coerce, cost_curve, curve_for, parameters
from .crossover import MAX_VOLUME, first_crossing
from .numbers import Number, rint, sqrt, where
from .scenario import Scenario

MAX_DRAWS = 1_000_000
# Draws behind the ranges a reader's own case gets in the browser (the Your case page and chapter 12's
# calculator alike, so one case shows one set of ranges): pure Python, a few hundred ms in Pyodide.
BROWSER_DRAWS = 1_000
SENSITIVITY_DRAWS = 20_000
QUANTILES = (0.1, 0.5, 0.9)


def check_draws(n: object, seed: object) -> tuple[int, int]:
    """``n`` and ``seed`` as ints, or a ValueError naming the bad one.

    >>> check_draws(100, 0)
    (100, 0)
    >>> check_draws(0, 0)
    Traceback (most recent call last):
    ...
    ValueError: n must be a whole number from 1 to 1,000,000, got 0
    """
    if isinstance(n, bool) or not isinstance(n, Integral) or not 1 <= int(n) <= MAX_DRAWS:
        raise ValueError(f"n must be a whole number from 1 to {MAX_DRAWS:,}, got {n!r}")
    if isinstance(seed, bool) or not isinstance(seed, Integral) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0, got {seed!r}")
    return int(n), int(seed)


def two_piece_triangular(u: Number, low: float, median: float, high: float) -> Number:
    """Inverse CDF of the two-piece triangular distribution with its median (and peak) at ``median``.

    Below the median the density rises linearly from ``low``, above it falls linearly to ``high``;
    each side holds half of the draws. ``u`` is a uniform number in [0, 1), or an array of them.

    >>> [two_piece_triangular(u, 0.0, 1.0, 3.0) for u in (0.0, 0.125, 0.5, 0.875)]
    [0.0, 0.5, 1.0, 2.0]
    """
    lower = u < 0.5
    root = sqrt(where(lower, 2.0 * u, 2.0 * (1.0 - u)))
    return where(lower, low + (median - low) * root, high - (high - median) * root)


def uncertain_parameters(assumptions: Assumptions) -> list[str]:
    """The parameters that have a range (and so vary between draws)."""
    return [name for name in FIELD_BOUNDS if assumptions.range_of(name)[0] < assumptions.range_of(name)[1]]


def uniform_columns(n: int, seed: int, columns: int) -> list[list[float]]:
    """``columns`` lists of ``n`` uniform numbers in [0, 1), one list per uncertain parameter, seeded."""
    rng = random.Random(seed)
    return [[rng.random() for _ in range(n)] for _ in range(columns)]


def drawn_value(name: str, u: Number, assumptions: Assumptions) -> Number:
    """The value of parameter ``name`` for uniform number(s) ``u`` (whole numbers stay whole)."""
    low, high = assumptions.range_of(name)
    value = two_piece_triangular(u, low, getattr(assumptions, name), high)
    return rint(value) if FIELD_BOUNDS[name].integer else value


def drawn_column(name: str, us: Sequence[float], assumptions: Assumptions) -> list[float]:
    """``drawn_value`` for each of a list of plain uniform numbers: the same arithmetic, without asking of
    every number whether it is an array (the browser's path, where that question costs half the time).

    >>> a = Assumptions()
    >>> drawn_column("gpu_usd_per_hour", [0.0, 0.5], a) == [float(drawn_value("gpu_usd_per_hour", u, a)) for u in (0.0, 0.5)]
    True
    """
    low, high = assumptions.range_of(name)
    median = getattr(assumptions, name)
    whole = FIELD_BOUNDS[name].integer
    column = []
    for u in us:
        if u < 0.5:
            value = low + (median - low) * math.sqrt(2.0 * u)
        else:
            value = high - (high - median) * math.sqrt(2.0 * (1.0 - u))
        column.append(float(round(value)) if whole else float(value))
    return column


@dataclass(frozen=True)
class Draws:
    """What ``simulate_draws`` returns: a column per drawn parameter and per feasible architecture's TCO,
    the fine-tuning/RAG crossover per draw (None where they never cross), and what cannot serve."""

    parameters: Mapping[str, list[float]]
    tco: Mapping[str, list[float]]  # architecture value -> total per draw
    crossover: list[float | None]
    infeasible: Mapping[str, str]  # architecture value -> why it cannot serve

    def __len__(self) -> int:
        return len(self.crossover)


def simulate_draws(scenario: Scenario, n: int = 2_000, seed: int = 0, assumptions: Assumptions | None = None) -> Draws:
    """``advisor.simulate`` on the standard library, one draw at a time (a few thousand draws in the browser).

    Same seed, same draws as ``advisor.simulate``.

    Parameters
    ----------
    scenario : Scenario
        The case.
    n : int, default 2000
        Number of draws.
    seed : int, default 0
        Random seed.
    assumptions : Assumptions, optional
        The numbers the model reads; the defaults when omitted.

    Returns
    -------
    Draws
        The draws in plain Python (what ``simulate`` returns as a DataFrame).

    Examples
    --------
    >>> d = simulate_draws(Scenario(queries_per_month=500_000, corpus_documents=3_000), n=50, seed=1)
    >>> len(d), sorted(d.tco)
    (50, ['fine_tuning', 'hybrid', 'rag'])
    """
    a = _coerce(scenario, assumptions)
    n, seed = check_draws(n, seed)
    central = {arch: curve_for(scenario, arch, a) for arch in Architecture}
    feasible = [arch for arch in Architecture if central[arch].feasible]
    varied = uncertain_parameters(a)
    columns = {name: drawn_column(name, us, a) for name, us in zip(varied, uniform_columns(n, seed, len(varied)))}
    base = dict(parameters(a))
    totals: dict[str, list[float]] = {arch.value: [] for arch in feasible}
    crossover: list[float | None] = []
    v, h = scenario.queries_per_month, scenario.horizon_months
    both = Architecture.FINE_TUNING in feasible and Architecture.RAG in feasible
    for i in range(n):
        p = {**base, **{name: column[i] for name, column in columns.items()}}
        curves = {arch: cost_curve(scenario, arch, p, central[arch].hosting or "self_hosted") for arch in feasible}
        for arch, curve in curves.items():
            totals[arch.value].append(float(curve.total_at(v, h)))
        crossover.append(
            first_crossing(curves[Architecture.FINE_TUNING], curves[Architecture.RAG], h) if both else None
        )
    infeasible = {arch.value: central[arch].why_not for arch in Architecture if not central[arch].feasible}
    return Draws(columns, totals, crossover, infeasible)


# --- what the draws say -----------------------------------------------------------------------


def quantile(sorted_values: Sequence[float], q: float) -> float:
    """The ``q`` quantile of already sorted values, interpolated linearly (numpy's default method).

    >>> quantile([1.0, 2.0, 3.0, 4.0], 0.5), quantile([1.0, 2.0, 3.0, 4.0], 0.1)
    (2.5, 1.3)
    """
    position = q * (len(sorted_values) - 1)
    below = math.floor(position)
    above = min(below + 1, len(sorted_values) - 1)
    return sorted_values[below] + (sorted_values[above] - sorted_values[below]) * (position - below)


def ranks(values: Sequence[float]) -> list[float]:
    """Each value's position in sorted order (ties keep their order), as numpy's stable argsort ranks them."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    out = [0.0] * len(values)
    for rank, i in enumerate(order):
        out[i] = float(rank)
    return out


def rank_correlation(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman's rank correlation (0 where either side is constant).

    >>> rank_correlation([1.0, 2, 3], [10.0, 40, 90]), rank_correlation([1.0, 2, 3], [5.0, 5, 5])
    (1.0, 0.0)
    """
    if min(x) == max(x) or min(y) == max(y):
        return 0.0
    return _ranked_correlation(ranks(x), ranks(y))


def _ranked_correlation(rx: Sequence[float], ry: Sequence[float]) -> float:
    """Pearson's correlation of two lists of ranks (neither constant)."""
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    return cov / math.sqrt(sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry))


@dataclass(frozen=True)
class UncertaintySummary:
    """What a simulation says, in the terms a decision needs (the same from the browser and from numpy).

    ``tco_ranges`` holds p10, p50 and p90 of each feasible architecture's TCO; ``sensitivity_ranking``
    the parameters by the size of their rank correlation with the fine-tuning/RAG crossover. The
    ``tco_quantiles`` and ``sensitivity`` properties give the same as pandas tables.
    """

    draws: int
    p_finetuning_cheaper: float | None  # share of draws where fine-tuning's TCO is below RAG's (None: one cannot serve)
    share_crossing: float  # share of draws where the two cross at all
    crossover_quantiles: dict[
        float, float
    ]  # {0.1: ..., 0.5: ..., 0.9: ...} over the draws that cross; empty if none do
    tco_ranges: dict[str, dict[str, float]]  # architecture value -> {"p10": ..., "p50": ..., "p90": ...}
    sensitivity_ranking: list[tuple[str, float]]  # [(parameter, rank correlation), ...], strongest first
    infeasible: dict[str, str] = field(default_factory=dict)  # architecture value -> why it cannot serve (no range)

    @property
    def tco_quantiles(self) -> Any:
        """``tco_ranges`` as a DataFrame: architecture x (p10, p50, p90). Needs pandas."""
        import pandas as pd

        return pd.DataFrame.from_dict(self.tco_ranges, orient="index", columns=["p10", "p50", "p90"])

    @property
    def sensitivity(self) -> Any:
        """``sensitivity_ranking`` as a DataFrame (parameter, rank_correlation). Needs pandas."""
        import pandas as pd

        return pd.DataFrame(self.sensitivity_ranking, columns=["parameter", "rank_correlation"])


def summary_of(
    tco: Mapping[str, Sequence[float]],
    crossover: Sequence[float | None],
    parameters: Mapping[str, Sequence[float]],
    infeasible: Mapping[str, str] | None = None,
) -> UncertaintySummary:
    """Summarise draws given as columns: odds, ranges and which assumption moves the crossover most.

    The sensitivity ranks draws where fine-tuning and RAG never cross as beyond the largest volume,
    and uses at most the first ``SENSITIVITY_DRAWS`` draws (enough for two decimals of a rank correlation).
    """
    n = len(crossover)
    if n == 0:
        raise ValueError("draws must hold at least one draw; got an empty table")
    crossing = sorted(float(c) for c in crossover if c is not None and not math.isnan(c))
    ft, rag = tco.get(Architecture.FINE_TUNING.value), tco.get(Architecture.RAG.value)
    p_cheaper = None if ft is None or rag is None else sum(f < r for f, r in zip(ft, rag)) / n
    tco_ranges = {}
    for name, column in tco.items():
        ordered = sorted(float(x) for x in column)
        tco_ranges[name] = {f"p{round(q * 100)}": quantile(ordered, q) for q in QUANTILES}
    sample = min(n, SENSITIVITY_DRAWS)
    ranked_crossover = [
        float(c) if c is not None and not math.isnan(c) else MAX_VOLUME * 10 for c in list(crossover)[:sample]
    ]
    crossover_ranks = ranks(ranked_crossover)  # once, not once per parameter
    constant = min(ranked_crossover) == max(ranked_crossover)
    correlations = []
    for name, column in parameters.items():
        values = [float(x) for x in list(column)[:sample]]
        flat = constant or min(values) == max(values)
        correlations.append((name, 0.0 if flat else _ranked_correlation(ranks(values), crossover_ranks)))
    correlations.sort(key=lambda pair: -abs(pair[1]))
    return UncertaintySummary(
        draws=n,
        p_finetuning_cheaper=p_cheaper,
        share_crossing=len(crossing) / n,
        crossover_quantiles={q: quantile(crossing, q) for q in QUANTILES} if crossing else {},
        tco_ranges=tco_ranges,
        sensitivity_ranking=correlations,
        infeasible=dict(infeasible or {}),
    )


def summarize_draws(draws: Draws) -> UncertaintySummary:
    """``advisor.summarize`` for the draws of ``simulate_draws``.

    Parameters
    ----------
    draws : Draws
        What ``simulate_draws`` returned.

    Returns
    -------
    UncertaintySummary
        As ``summarize``.
    """
    if not isinstance(draws, Draws):
        raise ValueError(f"draws must be what simulate_draws returns, got {type(draws).__name__}")
    return summary_of(draws.tco, draws.crossover, draws.parameters, draws.infeasible)

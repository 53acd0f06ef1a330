"""Evaluating before committing: how large a golden set must be, what a pilot costs, and what a correct
answer (and a wrong one) costs each architecture.

Standard library only (``math`` and ``statistics``), so it runs in the browser like the rest of the core.
The statistics are the textbook normal approximations:

- two systems, each scored on its own independent set: the two-proportion test (Fleiss, Levin and Paik,
  *Statistical Methods for Rates and Proportions*, 2003, without continuity correction);
- two systems scored on the *same* items (the usual pilot): McNemar's test on the discordant items, with
  the sample size of Connor (Biometrics 43(1):207-211, 1987). Pairing removes the variance that comes
  from some questions being harder than others (Miller 2024, arXiv 2411.00640), so it needs fewer items.

The rules that use these numbers (which pair to pilot, what result would change the recommendation)
live in ``decision.py``; this module only computes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from statistics import NormalDist

from .architecture import Architecture
from .sampling import two_piece_triangular

# Larger sets than this are reported as "over 10 million": a pilot that size settles nothing affordably.
MAX_SET_SIZE = 10_000_000
_EDGE = 1e-12  # probabilities are kept this far inside (0, 1), so a quantile is always finite


def _share(name: str, value: float, low_open: bool = False, high_open: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{name} must be a number between 0 and 1, got {value!r}")
    if value < 0 or value > 1 or (low_open and value == 0) or (high_open and value == 1):
        ends = f"{'>' if low_open else '>='} 0 and {'<' if high_open else '<='} 1"
        raise ValueError(f"{name} must be a number {ends}, got {value!r}")
    return float(value)


def normal_quantile(p: float) -> float:
    """The standard normal quantile (inverse CDF), from ``statistics.NormalDist``.

    >>> round(normal_quantile(0.975), 4), round(normal_quantile(0.8), 4)
    (1.96, 0.8416)
    """
    return NormalDist().inv_cdf(min(max(_share("p", p, True, True), _EDGE), 1 - _EDGE))


def _z(alpha: float, power: float) -> tuple[float, float]:
    """z for a two-sided test at level ``alpha``, and z for ``power``."""
    alpha = _share("alpha", alpha, True, True)
    power = _share("power", power, True, True)
    return normal_quantile(1 - alpha / 2), normal_quantile(power)


def _whole(n: float) -> int:
    """Items are whole: round up, with a tolerance for floating-point noise, and cap at MAX_SET_SIZE."""
    if not math.isfinite(n) or n > MAX_SET_SIZE:
        return MAX_SET_SIZE
    return max(1, math.ceil(n * (1 - 1e-12)))


def two_proportion_sample_size(p1: float, p2: float, alpha: float = 0.05, power: float = 0.8) -> int:
    """Items for EACH of two systems scored on independent sets, to tell accuracy ``p1`` from ``p2``
    with a two-sided test at level ``alpha`` and the given ``power`` (Fleiss, Levin and Paik 2003,
    pooled variance under the null, no continuity correction; statsmodels'
    ``samplesize_proportions_2indep_onetail`` computes the same).

    Parameters
    ----------
    p1, p2 : float
        Accuracies of the two systems.
    alpha : float, default 0.05
        Significance level (two-sided).
    power : float, default 0.8
        Probability of detecting a true difference.

    Returns
    -------
    int
        Items needed per system, each scored on its own set.

    Examples
    --------
    >>> two_proportion_sample_size(0.65, 0.85)
    73
    >>> two_proportion_sample_size(0.80, 0.85)  # five points near 80% take about 900 items per system
    906
    """
    p1, p2 = _share("p1", p1), _share("p2", p2)
    if p1 == p2:
        return MAX_SET_SIZE
    za, zb = _z(alpha, power)
    pooled = (p1 + p2) / 2
    n = (za * math.sqrt(2 * pooled * (1 - pooled)) + zb * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / (
        p1 - p2
    ) ** 2
    return _whole(n)


def paired_cells(p1: float, p2: float, correlation: float) -> tuple[float, float]:
    """The discordant shares when two systems answer the same items: (first right and second wrong,
    first wrong and second right), from their accuracies and the correlation of their per-item
    correctness (clipped to what the two accuracies allow).

    >>> [round(x, 3) for x in paired_cells(0.8, 0.85, 0.0)]  # independent: 0.8 x 0.15, 0.2 x 0.85
    [0.12, 0.17]
    >>> [round(x, 3) for x in paired_cells(0.8, 0.85, 0.5)]
    [0.049, 0.099]
    """
    p1, p2 = _share("p1", p1), _share("p2", p2)
    correlation = _share("correlation", correlation)
    both = p1 * p2 + correlation * math.sqrt(p1 * (1 - p1) * p2 * (1 - p2))
    both = min(max(both, max(0.0, p1 + p2 - 1)), min(p1, p2))
    return p1 - both, p2 - both


def mcnemar_sample_size(p10: float, p01: float, alpha: float = 0.05, power: float = 0.8) -> float:
    """Pairs needed by McNemar's test to detect discordant shares ``p10`` against ``p01`` (two-sided;
    Connor 1987, before rounding up).

    Connor's own example, as implemented by the calculator at powerandsamplesize.com: 23 pairs.

    Parameters
    ----------
    p10, p01 : float
        Shares of items only the first, or only the second, system gets right.
    alpha : float, default 0.05
        Significance level (two-sided).
    power : float, default 0.8
        Probability of detecting a true difference.

    Returns
    -------
    float
        Items needed (not rounded).

    Examples
    --------
    >>> math.ceil(mcnemar_sample_size(0.05, 0.45))
    23
    """
    p10, p01 = _share("p10", p10), _share("p01", p01)
    discordant, difference = p10 + p01, p10 - p01
    if difference == 0:
        return math.inf
    za, zb = _z(alpha, power)
    return (za * math.sqrt(discordant) + zb * math.sqrt(max(0.0, discordant - difference**2))) ** 2 / difference**2


def paired_sample_size(p1: float, p2: float, correlation: float = 0.5, alpha: float = 0.05, power: float = 0.8) -> int:
    """Items for a pilot where both systems answer the SAME golden set (McNemar's test, Connor 1987).

    Parameters
    ----------
    p1, p2 : float
        Accuracies of the two systems.
    correlation : float, default 0.5
        Correlation of their correctness on an item.
    alpha : float, default 0.05
        Significance level (two-sided).
    power : float, default 0.8
        Probability of detecting a true difference.

    Returns
    -------
    int
        Items needed, both systems scored on each.

    Examples
    --------
    >>> paired_sample_size(0.80, 0.85, correlation=0.5)  # against 906 per system on independent sets
    460
    >>> paired_sample_size(0.80, 0.85, correlation=0.0)  # with no correlation, pairing does not help
    909
    """
    p10, p01 = paired_cells(p1, p2, correlation)
    return _whole(mcnemar_sample_size(p10, p01, alpha, power))


def sample_size(
    p1: float, p2: float, alpha: float = 0.05, power: float = 0.8, paired: bool = True, correlation: float = 0.5
) -> int:
    """Golden-set size to tell ``p1`` from ``p2``: paired (the same items for both) or per system."""
    if paired:
        return paired_sample_size(p1, p2, correlation, alpha, power)
    return two_proportion_sample_size(p1, p2, alpha, power)


def minimum_detectable_difference(
    n: int, baseline: float, alpha: float = 0.05, power: float = 0.8, paired: bool = True, correlation: float = 0.5
) -> float | None:
    """The smallest gain over ``baseline`` accuracy that a set of ``n`` items detects with the given power
    (None where even a perfect score would not be detectable).

    Parameters
    ----------
    n : int
        Items in the golden set.
    baseline : float
        Accuracy of the system compared against.
    alpha : float, default 0.05
        Significance level (two-sided).
    power : float, default 0.8
        Probability of detecting a true difference.
    paired : bool, default True
        Both systems scored on the same items.
    correlation : float, default 0.5
        Correlation of the two systems' correctness on an item (paired only).

    Returns
    -------
    float or None
        The smallest accuracy gap the set detects; None if none within 0 to 1.

    Examples
    --------
    >>> round(minimum_detectable_difference(460, 0.80), 3)
    0.05
    >>> round(minimum_detectable_difference(100, 0.80), 3)  # a typical first golden set sees only large gaps
    0.104
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a whole number >= 1, got {n!r}")
    baseline = _share("baseline", baseline)
    room = 1.0 - baseline
    if room <= 0 or sample_size(baseline, 1.0, alpha, power, paired, correlation) > n:
        return None
    low, high = 0.0, room  # sample_size falls as the gap grows: bisect for the gap where it reaches n
    for _ in range(60):
        middle = (low + high) / 2
        if middle > 0 and sample_size(baseline, baseline + middle, alpha, power, paired, correlation) <= n:
            high = middle
        else:
            low = middle
    return high


def estimation_sample_size(accuracy: float, half_width: float, alpha: float = 0.05) -> int:
    """Items to estimate one system's accuracy within +/- ``half_width`` at confidence 1 - ``alpha``
    (the normal interval for a proportion).

    Parameters
    ----------
    accuracy : float
        Expected accuracy.
    half_width : float
        Half the width of the confidence interval wanted.
    alpha : float, default 0.05
        Significance level (two-sided).

    Returns
    -------
    int
        Items needed.

    Examples
    --------
    >>> estimation_sample_size(0.8, 0.05)
    246
    """
    accuracy = _share("accuracy", accuracy)
    half_width = _share("half_width", half_width, low_open=True)
    z = normal_quantile(1 - _share("alpha", alpha, True, True) / 2)
    return _whole(z * z * accuracy * (1 - accuracy) / half_width**2)


# --- what a correct answer, and a wrong one, costs ------------------------------------------------


def cost_of_pass(cost_per_attempt: float, accuracy: float) -> float | None:
    """Expected cost of one correct answer: cost per attempt over accuracy ("cost-of-pass", Erol et al.
    2025, arXiv 2504.13359). None where the system is never right.

    Parameters
    ----------
    cost_per_attempt : float
        USD of one answer.
    accuracy : float
        Share of answers that are correct.

    Returns
    -------
    float or None
        USD per correct answer; None at zero accuracy.

    Examples
    --------
    >>> round(cost_of_pass(0.02, 0.8), 6)
    0.025
    >>> cost_of_pass(0.02, 0.0) is None
    True
    """
    accuracy = _share("accuracy", accuracy)
    return None if accuracy == 0 else cost_per_attempt / accuracy


def expected_error_cost(accuracy: float, error_cost_usd: float, queries: float) -> float:
    """Expected cost of the wrong answers among ``queries``: (1 - accuracy) x queries x cost of one error.

    >>> round(expected_error_cost(0.8, 0.5, 1_000_000), 2)  # 200,000 wrong answers at $0.50
    100000.0
    """
    return (1.0 - _share("accuracy", accuracy)) * float(queries) * float(error_cost_usd)


def accuracy_flip_gap(extra_cost_usd: float, error_cost_usd: float, queries: float) -> float | None:
    """How much more accurate (as a share) an option costing ``extra_cost_usd`` more must be to pay for
    itself in avoided errors: extra cost / (cost of one error x queries). None where errors cost nothing.

    >>> accuracy_flip_gap(24_000, 1.0, 480_000)  # $24k more over 480k queries at $1 an error: 5 points
    0.05
    """
    return _ratio(extra_cost_usd, float(error_cost_usd or 0.0) * float(queries or 0.0))


def break_even_error_cost(extra_cost_usd: float, accuracy_gain: float, queries: float) -> float | None:
    """The cost of one error above which an option that costs ``extra_cost_usd`` more and is
    ``accuracy_gain`` more accurate becomes the better buy. None without a gain.

    >>> break_even_error_cost(24_000, 0.05, 480_000)
    1.0
    """
    if accuracy_gain <= 0:
        return None
    return _ratio(extra_cost_usd, float(accuracy_gain) * float(queries or 0.0))


def _ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, or None where that is not a finite number (a denominator that is 0,
    or so small that the quotient overflows)."""
    if denominator == 0:
        return None
    value = float(numerator) / denominator
    return value if math.isfinite(value) else None


def share_at_most(value: float, low: float, median: float, high: float) -> float:
    """P(X <= value) for the two-piece triangular distribution every ranged assumption is drawn from
    (``sampling.two_piece_triangular``): the chance, say, that a build is done by a deadline.

    >>> share_at_most(8, 2, 8, 16), share_at_most(2, 2, 8, 16), share_at_most(16, 2, 8, 16)
    (0.5, 0.0, 1.0)
    >>> round(share_at_most(12, 2, 8, 16), 3)
    0.875
    """
    if value <= low:
        return 0.0 if low < high or value < low else 1.0
    if value >= high:
        return 1.0
    if value <= median:
        return 0.5 * ((value - low) / (median - low)) ** 2
    return 1.0 - 0.5 * ((high - value) / (high - median)) ** 2


def quantile_of(q: float, low: float, median: float, high: float) -> float:
    """The ``q`` quantile of the same distribution (so p10/p90 of any ranged assumption are exact).

    >>> quantile_of(0.5, 0.5, 0.8, 0.95), round(quantile_of(0.9, 0.5, 0.8, 0.95), 4)
    (0.8, 0.8829)
    """
    return float(two_piece_triangular(q, low, median, high))


# --- the results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class QualityCost:
    """What one architecture's answers cost, right and wrong, over the horizon.

    ``accuracy_range`` is the p10-p90 of the accuracy assumption; ``error_cost`` (and its p10-p90) is
    None when the reader gave no cost for a wrong answer, and so is ``total_with_errors``.
    """

    architecture: Architecture
    accuracy: float
    accuracy_range: tuple[float, float]
    cost_per_query: float | None  # TCO over all queries of the horizon
    cost_of_pass: float | None  # per correct answer
    wrong_answers: float  # expected over the horizon
    error_cost: float | None = None
    error_cost_range: tuple[float, float] | None = None
    total_with_errors: float | None = None


@dataclass(frozen=True)
class PilotPlan:
    """The cheapest pilot that can settle the choice: which two options to score on one golden set,
    how many items it needs, what it costs, and the result that would change the recommendation.

    ``compare`` holds the recommended option and its challenger (one option where there is none);
    ``first`` is the one whose pilot is cheaper, to run first. ``detectable_gap`` is the accuracy
    difference the set is sized for; ``flip_gap`` the difference at which the choice flips (None without
    an error cost). ``current_set_detects`` is the smallest gap the reader's existing set can see.
    """

    compare: tuple[Architecture, ...]
    first: Architecture
    golden_set_size: int
    paired: bool
    independent_set_size: int  # items per system if the two were scored on separate sets
    baseline_accuracy: float
    detectable_gap: float
    flip_gap: float | None
    labeling_usd: float
    cost_by_architecture: Mapping[Architecture, float]
    cost_usd: float
    changes_if: str
    why_this_size: str
    current_set_size: int = 0
    current_set_detects: float | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


def points(share: float) -> str:
    """An accuracy difference in percentage points.

    >>> points(0.05), points(0.0125), points(-0.1), points(-0.0), points(-0.0001)
    ('5 points', '1.2 points', '-10 points', '0 points', '0 points')
    """
    value = share * 100
    if abs(value) < 0.05:  # what rounds to nothing has no sign ("-0 points" read as a lead lost)
        value = 0.0
    text = f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"
    return f"{text} point{'' if text in ('1', '-1') else 's'}"

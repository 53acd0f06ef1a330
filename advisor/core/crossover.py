"""Where two architectures cost the same: the crossover volume, solved exactly.

Each total cost is piecewise linear in the monthly volume (straight lines with floors), so the
difference between two of them is linear between the kinks. Evaluating the difference at zero,
at every kink and at the largest volume we accept, then interpolating inside the first interval
where its sign changes, gives the exact crossing, for one scenario or for thousands of draws at once.
"""

from __future__ import annotations

import math

from .architecture import Architecture
from .assumptions import Assumptions
from .costs import CostCurve, _coerce, cost_curve, curve_for, parameters
from .scenario import SCENARIO_BOUNDS, Scenario

MAX_VOLUME = float(SCENARIO_BOUNDS["queries_per_month"].high or math.inf)  # the largest volume a scenario accepts


def first_crossing(a: CostCurve, b: CostCurve, horizon_months: float) -> float | None:
    """First volume in [0, MAX_VOLUME] where two cost curves of one scenario cost the same (None: never).

    Where a self-hosted fleet adds whole GPUs the costs jump; a crossing at a jump is the volume
    after which the order of the two changes.
    """
    volume = _first_crossing(a, b, horizon_months)
    return None if math.isnan(volume) else volume


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

    Parameters
    ----------
    scenario : Scenario
        The case: volume, corpus, knowledge updates, behaviour needs, budget, horizon, risks.
    first, second : Architecture or str
        The two architectures to compare.
    assumptions : Assumptions, optional
        The numbers the model reads (prices, rates, thresholds); the defaults when omitted.

    Returns
    -------
    float or None
        Queries per month where their totals over the horizon are equal; None where they never are
        (up to the largest volume a scenario accepts).

    Examples
    --------
    >>> from advisor import Scenario
    >>> v = crossover_between(Scenario(corpus_documents=0), "prompting", "fine_tuning")
    >>> 1e6 < v < 1e7
    True
    """
    a = _coerce(scenario, assumptions)
    one, other = Architecture(first), Architecture(second)
    if one is other:
        raise ValueError(f"first and second must be two different architectures, got {one.value!r} twice")
    curves = [curve_for(scenario, arch, a) for arch in (one, other)]
    for curve in curves:
        if not curve.feasible:
            raise ValueError(
                f"{curve.architecture.label} cannot serve this scenario, so it has no crossover: {curve.why_not}"
            )
    return first_crossing(curves[0], curves[1], scenario.horizon_months)


def crossover_volume(scenario: Scenario, assumptions: Assumptions | None = None) -> float | None:
    """Queries per month at which fine-tuning's TCO equals RAG's over the horizon; None if they never cross.

    Below it RAG is cheaper, above it fine-tuning (when fine-tuning starts dearer, as it usually does).
    The fine-tuned model's hosting is resolved at the scenario's volume (``finetune_hosting="auto"``).

    Parameters
    ----------
    scenario : Scenario
        The case: volume, corpus, knowledge updates, behaviour needs, budget, horizon, risks.
    assumptions : Assumptions, optional
        The numbers the model reads (prices, rates, thresholds); the defaults when omitted.

    Returns
    -------
    float or None
        Queries per month; None where the two never cross.

    Examples
    --------
    The seed's case, a fine-tuned small model on one's own GPUs, lands in its 500k-1M band:

    >>> from advisor import Assumptions, tco
    >>> own = Assumptions(finetune_hosting="self_hosted")
    >>> s = Scenario(knowledge_updates_per_month=1/3, corpus_documents=3_000)
    >>> v = crossover_volume(s, own)
    >>> 500_000 <= v <= 1_000_000
    True
    >>> at = s.replace(queries_per_month=v)
    >>> abs(tco(at, "fine_tuning", own).total - tco(at, "rag", own).total) < 1e-6 * v
    True
    """
    return crossover_between(scenario, Architecture.FINE_TUNING, Architecture.RAG, assumptions)


def hosting_crossover(
    scenario: Scenario,
    architecture: Architecture | str = Architecture.FINE_TUNING,
    assumptions: Assumptions | None = None,
) -> float | None:
    """Queries per month at which a fine-tuned model costs the same on one's own GPUs as on the
    provider's fine-tuned endpoint (None if never): below it the endpoint is cheaper, usually.

    Parameters
    ----------
    scenario : Scenario
        The case: volume, corpus, knowledge updates, behaviour needs, budget, horizon, risks.
    architecture : Architecture or str, default "fine_tuning"
        ``"fine_tuning"`` or ``"hybrid"``.
    assumptions : Assumptions, optional
        The numbers the model reads (prices, rates, thresholds); the defaults when omitted.

    Returns
    -------
    float or None
        Queries per month; None where the two hostings never cost the same.

    Examples
    --------
    >>> v = hosting_crossover(Scenario(corpus_documents=3_000))
    >>> v > 1_000_000
    True
    """
    a = _coerce(scenario, assumptions)
    arch = Architecture(architecture)
    if arch not in (Architecture.FINE_TUNING, Architecture.HYBRID):
        raise ValueError(
            f"architecture must be fine_tuning or hybrid (a fine-tuned model has a hosting), got {arch.value!r}"
        )
    p = parameters(a)
    own, provider = (cost_curve(scenario, arch, p, hosting) for hosting in ("self_hosted", "managed"))
    return first_crossing(own, provider, scenario.horizon_months)

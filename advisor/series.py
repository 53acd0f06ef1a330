"""Tables for charts: costs across a range of one input, with or without uncertainty bands.

Every number here comes from the same cost curves as ``tco``; a chart only draws these tables. The
cost of an architecture at a volume is what ``tco`` says at that volume (a fine-tuned model with
``finetune_hosting="auto"`` runs where it is cheaper there). An architecture that cannot serve the
scenario has no cost: it gets no rows, and ``frame.attrs["left_out"]`` maps it to the reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, cast

import numpy as np

from .core.architecture import Architecture
from .core.assumptions import Assumptions
from .core.costs import _architecture, _coerce, cost_curve, curve_for, step_volumes, tco
from .core.sampling import check_draws as _check_draws
from .core.scenario import SCENARIO_BOUNDS, Scenario
from .uncertainty import draw_parameters

if TYPE_CHECKING:
    import pandas as pd

Volumes = Sequence[float] | np.ndarray  # monthly query volumes: a list or an array

MAX_VOLUME = float(cast(float, SCENARIO_BOUNDS["queries_per_month"].high))  # bounded above
FINE_TUNED = (Architecture.FINE_TUNING, Architecture.HYBRID)
# Bands hold draws x volumes totals per architecture; they are computed a block of volumes at a time.
MAX_BAND_DRAWS = 100_000  # the 10th and 90th percentiles are steady to a fraction of a percent well before
MAX_BAND_CELLS = 20_000_000  # draws x volumes: about a second of work per architecture
_BLOCK_CELLS = 1_000_000  # totals held in memory at once (8 MB)


def volume_grid(low: float = 1e3, high: float = 1e8, points: int = 61) -> np.ndarray:
    """Monthly volumes spaced evenly on a log scale (what a TCO-by-volume chart needs)."""
    return np.geomspace(low, high, points)


def just_after(volume: float) -> float:
    """A volume past ``volume`` by less than any cost line can bend, but past a GPU step at it."""
    return volume * (1.0 + 1e-9) + 1e-9


def _architectures(architectures: Iterable[Architecture | str] | None) -> list[Architecture]:
    if architectures is None:
        return list(Architecture)
    if isinstance(architectures, (str, Architecture)):
        raise ValueError(f"architectures must be a list of architectures, got {architectures!r}")
    return [_architecture(a) for a in architectures]


def feasible_architectures(
    scenario: Scenario, architectures: Iterable[Architecture | str] | None, assumptions: Assumptions
) -> tuple[list[Architecture], dict[str, str]]:
    """The architectures that can serve the scenario, and {architecture value: why not} for the rest."""
    kept, left_out = [], {}
    for arch in _architectures(architectures):
        why = curve_for(scenario, arch, assumptions).why_not
        if why:
            left_out[arch.value] = why
        else:
            kept.append(arch)
    return kept, left_out


def _auto(arch: Architecture, a: Assumptions) -> bool:
    return arch in FINE_TUNED and a.finetune_hosting == "auto"


def priced(
    scenario: Scenario, arch: Architecture, volumes: np.ndarray, a: Assumptions
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(total over the horizon, hosting, whole GPUs) at each volume, as ``tco`` prices them there."""
    horizon = scenario.horizon_months
    if not _auto(arch, a):
        curve = curve_for(scenario, arch, a)
        totals = np.broadcast_to(curve.total_at(volumes, horizon), volumes.shape).astype(float)
        gpus = np.broadcast_to(curve.gpus_at(volumes), volumes.shape).astype(float)
        return totals, np.full(volumes.shape, curve.hosting, dtype=object), gpus
    curves = [curve_for(scenario.replace(queries_per_month=float(v)), arch, a) for v in volumes]
    totals = np.array([float(c.total_at(float(v), horizon)) for c, v in zip(curves, volumes)])
    gpus = np.array([float(c.gpus_at(float(v))) for c, v in zip(curves, volumes)])
    return totals, np.array([c.hosting for c in curves], dtype=object), gpus


def step_grid(
    scenario: Scenario,
    volumes: Volumes,
    architectures: Iterable[Architecture | str] | None = None,
    assumptions: Assumptions | None = None,
) -> np.ndarray:
    """``volumes`` plus, between its ends, the volumes where a self-hosted fleet adds a GPU and a
    volume just after each, so that a line drawn through the table shows the cost step up there.

    The steps are those ``costs.step_volumes`` lists (up to 200 a fleet, spread over the range), and
    the first ones at least ``STEP_SPACING`` apart (the steps a log scale shows as steps).

    >>> s = Scenario(queries_per_month=1e6)
    >>> a = Assumptions(finetune_hosting="self_hosted")
    >>> steps = step_volumes(s, "fine_tuning", 1e3, 1e9, a)
    >>> grid = step_grid(s, [1e3, 1e9], ["fine_tuning"], a)
    >>> all(v in grid and just_after(v) in grid for v in steps[:-1])
    True
    """
    a = _coerce(scenario, assumptions)
    v = np.asarray(volumes, dtype=float)
    _check_volumes(v)
    if not v.size:
        return v
    low, high = float(v.min()), float(v.max())
    extra: list[float] = []
    for arch in _architectures(architectures):
        if arch not in FINE_TUNED:
            continue
        if _auto(arch, a):  # "auto" may run the model on self-hosted GPUs at some of these volumes
            fleets = cost_curve(scenario, arch, a.numbers(), "self_hosted").fleets()
            steps = [x for fleet in fleets for x in fleet.steps(low, high, limit=200)]
        else:
            fleets = curve_for(scenario, arch, a).fleets()
            steps = step_volumes(scenario, arch, low, high, a)
        steps += [x for fleet in fleets for x in _visible(fleet.steps(low, high, limit=10_000))]
        extra += [x for step in steps for x in (step, min(just_after(step), high))]
    return np.unique(np.concatenate([v, np.asarray(extra, dtype=float)]))


STEP_SPACING = 1.03  # list a step 3% or more past the last one listed
MAX_STEPS = 60


def _visible(steps: list[float]) -> list[float]:
    kept: list[float] = []
    for step in steps:
        if not kept or step >= kept[-1] * STEP_SPACING:
            kept.append(step)
        if len(kept) == MAX_STEPS:
            break
    return kept


def tco_by_volume(
    scenario: Scenario,
    volumes: Volumes | None = None,
    architectures: Iterable[Architecture | str] | None = None,
    assumptions: Assumptions | None = None,
    steps: bool = False,
) -> pd.DataFrame:
    """Long table: volume, architecture, total (USD over the horizon), per_query (USD), hosting, gpus.

    ``steps`` adds the volumes where a self-hosted fleet adds a GPU (and one just after each).
    Architectures that cannot serve the scenario get no rows: ``attrs["left_out"]`` says why.

    >>> t = tco_by_volume(Scenario(corpus_documents=50_000), [1e4, 1e5], ["prompting", "rag"])
    >>> sorted(set(t["architecture"])), list(t.attrs["left_out"])
    (['rag'], ['prompting'])
    """
    import pandas as pd

    a = _coerce(scenario, assumptions)
    v = volume_grid() if volumes is None else np.asarray(volumes, dtype=float)
    _check_volumes(v)
    archs, left_out = feasible_architectures(scenario, architectures, a)
    frames = []
    for arch in archs:
        mine = step_grid(scenario, v, [arch], a) if steps else v  # each line its own steps
        total, hosting, gpus = priced(scenario, arch, mine, a)
        with np.errstate(divide="ignore", invalid="ignore"):
            per_query = np.where(mine > 0, total / (np.where(mine > 0, mine, 1.0) * scenario.horizon_months), np.nan)
        frames.append(
            pd.DataFrame(
                {
                    "volume": mine,
                    "architecture": arch.value,
                    "total": total,
                    "per_query": per_query,
                    "hosting": hosting,
                    "gpus": gpus,
                }
            )
        )
    columns = ["volume", "architecture", "total", "per_query", "hosting", "gpus"]
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    frame.attrs["left_out"] = left_out
    return frame


def tco_bands(
    scenario: Scenario,
    volumes: Volumes | None = None,
    architectures: Iterable[Architecture | str] | None = None,
    n: int = 2_000,
    seed: int = 0,
    assumptions: Assumptions | None = None,
) -> pd.DataFrame:
    """Long table: volume, architecture, p10, p50, p90 of the total over ``n`` draws of the assumptions.

    At each volume a fine-tuned model keeps, in every draw, the hosting ``tco`` chooses there at the
    default values. Architectures that cannot serve the scenario get no rows (``attrs["left_out"]``).
    ``n`` is at most ``MAX_BAND_DRAWS``, and ``n`` x the number of volumes at most ``MAX_BAND_CELLS``.
    """
    import pandas as pd

    a = _coerce(scenario, assumptions)
    n, seed = _check_draws(n, seed)
    v = volume_grid() if volumes is None else np.asarray(volumes, dtype=float)
    _check_volumes(v)
    if n > MAX_BAND_DRAWS:
        raise ValueError(f"n must be at most {MAX_BAND_DRAWS:,} draws for bands, got {n:,}")
    if n * v.size > MAX_BAND_CELLS:
        raise ValueError(
            f"n x volumes must be at most {MAX_BAND_CELLS:,} (here {n:,} x {v.size:,}); "
            f"with {v.size:,} volumes n must be at most {MAX_BAND_CELLS // max(v.size, 1):,}"
        )
    archs, left_out = feasible_architectures(scenario, architectures, a)
    values, _ = draw_parameters(a, n, seed) if archs else ({}, [])
    frames = []
    block = max(1, _BLOCK_CELLS // n)
    for arch in archs:
        _, hosting, _ = priced(scenario, arch, v, a)
        bands = np.empty((v.size, 3))
        for h in dict.fromkeys(hosting):
            curve = cost_curve(scenario, arch, values, h or "self_hosted")
            (where,) = np.nonzero(hosting == h)
            for start in range(0, where.size, block):
                rows = where[start : start + block]
                totals = np.broadcast_to(curve.total_at(v[rows][:, None], scenario.horizon_months), (rows.size, n))
                bands[rows] = np.quantile(totals, [0.1, 0.5, 0.9], axis=1).T
        frames.append(
            pd.DataFrame(
                {"volume": v, "architecture": arch.value, "p10": bands[:, 0], "p50": bands[:, 1], "p90": bands[:, 2]}
            )
        )
    columns = ["volume", "architecture", "p10", "p50", "p90"]
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    frame.attrs["left_out"] = left_out
    return frame


SWEEPABLE = (
    "queries_per_month",
    "knowledge_updates_per_month",
    "corpus_documents",
    "tokens_per_document",
    "horizon_months",
)


def sweep(
    scenario: Scenario,
    field: str,
    values: Iterable[float],
    architectures: Iterable[Architecture | str] | None = None,
    assumptions: Assumptions | None = None,
) -> pd.DataFrame:
    """Long table: one scenario field varied over ``values``; columns field, architecture, total, monthly_run_rate.

    At a value where an architecture cannot serve the scenario it gets no row; ``attrs["left_out"]``
    maps it to the reason (at the first such value) and ``attrs["left_out_at"]`` to those values.

    >>> t = sweep(Scenario(corpus_documents=1_000), "knowledge_updates_per_month", [0, 4], ["rag"])
    >>> t["total"].is_monotonic_increasing
    True
    >>> t = sweep(Scenario(), "corpus_documents", [10, 100_000], ["prompting"])
    >>> list(t["corpus_documents"]), t.attrs["left_out_at"]
    ([10], {'prompting': [100000]})
    """
    import pandas as pd

    if field not in SWEEPABLE:
        raise ValueError(f"field must be one of {SWEEPABLE}, got {field!r}")
    a = _coerce(scenario, assumptions)
    archs = _architectures(architectures)
    rows: list[dict[str, object]] = []
    left_out: dict[str, str] = {}
    left_out_at: dict[str, list[float]] = {}
    for value in values:
        varied = scenario.replace(**{field: value})
        for arch in archs:
            t = tco(varied, arch, a)
            if not t.feasible:
                left_out.setdefault(arch.value, t.why_not)
                left_out_at.setdefault(arch.value, []).append(getattr(varied, field))
                continue
            rows.append(
                {
                    field: getattr(varied, field),
                    "architecture": arch.value,
                    "total": t.total,
                    "monthly_run_rate": t.monthly_run_rate,
                    "hosting": t.hosting,
                }
            )
    frame = pd.DataFrame(rows, columns=[field, "architecture", "total", "monthly_run_rate", "hosting"])
    frame.attrs["left_out"] = left_out
    frame.attrs["left_out_at"] = left_out_at
    return frame


def _check_volumes(v: np.ndarray) -> None:
    high = SCENARIO_BOUNDS["queries_per_month"].high
    if v.ndim != 1 or not np.all(np.isfinite(v)) or np.any(v < 0) or np.any(v > high):
        raise ValueError(f"volumes must be a list of numbers from 0 to {high:,.0f} queries per month")

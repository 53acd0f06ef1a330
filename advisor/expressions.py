"""Vega expressions for the static book: the cost and latency formulas, written out by the model itself.

A chart on a page with no kernel can still recompute when a reader moves a slider, if its formula
travels with it as a Vega expression. These are not typed by hand: they are read off the same cost
curves ``tco`` uses. Every monthly cost is a ``Term`` (a line in the monthly volume, maybe with a
floor), and within the range a slider covers, each coefficient is an affine function of the one
assumption the slider sets. Two evaluations of the model give each coefficient's intercept and slope;
a third checks that it really is affine, and a parameter for which it is not is refused.
"""

from __future__ import annotations

from typing import Callable, Mapping

from .architecture import Architecture
from .assumptions import FIELD_BOUNDS, Assumptions
from .costs import CostCurve, Term, _architecture, _coerce, cost_curve, parameters
from .latency import latency_parts
from .scenario import Scenario


def _number(x: float) -> str:
    return repr(float(x))


class Affine:
    """``intercept + slope * variable`` of one coefficient, checked at a third point."""

    def __init__(self, name: str, values: tuple[float, float, float], points: tuple[float, float, float]) -> None:
        (x0, x1, x2), (y0, y1, y2) = points, values
        self.slope = (y1 - y0) / (x1 - x0)
        self.intercept = y0 - self.slope * x0
        predicted = self.intercept + self.slope * x2
        if abs(predicted - y2) > 1e-9 * max(1.0, abs(y2)):
            raise ValueError(f"{name} is not affine in the chosen parameter over this range; it cannot be a slider")

    def expression(self, variable: str | None) -> str:
        if variable is None or self.slope == 0:
            return _number(self.intercept)
        return f"({_number(self.intercept)} + {_number(self.slope)} * {variable})"


def _probe_points(parameter: str, low: float, high: float) -> tuple[float, float, float]:
    if not low < high:
        raise ValueError(f"the slider range needs low < high, got ({low}, {high})")
    for x in (low, high):
        if not FIELD_BOUNDS[parameter].contains(x):
            raise ValueError(f"{parameter} must stay {FIELD_BOUNDS[parameter].describe()}; the slider reaches {x}")
    return (low, high, low + (high - low) * 0.37)


def _with(p: Mapping[str, object], parameter: str | None, value: float) -> dict:
    values = dict(p)
    if parameter is not None:
        values[parameter] = value
    return values


def _term_expression(terms: list[Term], affine: Callable[[str, Callable[[Term], float]], str], volume: str) -> str:
    parts = []
    for index, term in enumerate(terms[0]):
        base = affine(f"term {index} base", lambda t, i=index: t[i].base)
        per_query = affine(f"term {index} per query", lambda t, i=index: t[i].per_query)
        line = f"({base} + {per_query} * {volume})"
        if term.floor is not None:
            floor = affine(f"term {index} floor", lambda t, i=index: t[i].floor)
            line = f"max({floor}, {line})"
        parts.append(line)
    return " + ".join(parts) if parts else "0"


def tco_expression(
    scenario: Scenario,
    architecture: Architecture | str,
    volume: str = "datum.volume",
    parameter: str | None = None,
    low: float | None = None,
    high: float | None = None,
    assumptions: Assumptions | None = None,
) -> str:
    """A Vega expression for the total cost over the horizon, in the monthly ``volume`` and (if given)
    one assumption ``parameter`` that a slider moves between ``low`` and ``high``.

    >>> e = tco_expression(Scenario(queries_per_month=0, horizon_months=12), "prompting")
    >>> eval(e.replace("datum.volume", "0"))  # build $5,000 + 12 x 0.05 x $14,300, as tco() says
    13580.0
    """
    a = _coerce(scenario, assumptions)
    arch = _architecture(architecture)
    p = parameters(a)
    if parameter is not None:
        if parameter not in FIELD_BOUNDS:
            raise ValueError(f"parameter must be a numeric field of Assumptions, got {parameter!r}")
        points = _probe_points(parameter, low, high)
    else:
        points = (0.0, 1.0, 0.37)
    curves: list[CostCurve] = [cost_curve(scenario, arch, _with(p, parameter, x)) for x in points]

    def affine(name: str, read: Callable) -> str:
        values = tuple(float(read(c)) for c in curves)
        return Affine(name, values, points).expression(parameter)

    one_time = " + ".join(affine(k, lambda c, k=k: c.one_time[k]) for k in curves[0].one_time)
    monthly = []
    for category in curves[0].monthly:
        terms = [list(c.monthly[category]) for c in curves]
        if terms[0]:
            monthly.append(_term_expression(
                terms, lambda name, read, cat=category: affine(f"{cat} {name}", lambda c, r=read: r(list(c.monthly[cat]))),
                volume))
    months = _number(scenario.horizon_months)
    return f"{one_time} + {months} * ({' + '.join(monthly) if monthly else '0'})"


def latency_expression(
    scenario: Scenario,
    architecture: Architecture | str,
    parameter: str,
    low: float,
    high: float,
    assumptions: Assumptions | None = None,
) -> str:
    """A Vega expression for the expected time to first token (ms) as one assumption moves."""
    a = _coerce(scenario, assumptions)
    arch = _architecture(architecture)
    if parameter not in FIELD_BOUNDS:
        raise ValueError(f"parameter must be a numeric field of Assumptions, got {parameter!r}")
    points = _probe_points(parameter, low, high)
    p = parameters(a)
    totals = tuple(float(sum(latency_parts(scenario, arch, _with(p, parameter, x)).values())) for x in points)
    return Affine(f"{arch.value} latency", totals, points).expression(parameter)

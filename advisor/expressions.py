"""Vega expressions for the static book: the cost and latency formulas, written out by the model itself.

A chart on a page with no kernel can still recompute when a reader moves a slider, if its formula
travels with it as a Vega expression. These are not typed by hand: they are read off the same cost
curves ``tco`` uses. Every monthly cost is a ``Term`` (a line in the monthly volume, maybe with a
floor) or a ``FleetTerm`` (whole GPUs: ``max(min_gpus, ceil(v * gpus_per_query))`` of them, those
beyond the minimum paid as inference). Within the range a slider covers, each coefficient is an
affine function of the one assumption the slider sets. Two evaluations of the model give each
coefficient's intercept and slope; a third checks that it really is affine, and a parameter for
which it is not is refused. Every expression written is then evaluated here, at the slider's ends,
and compared with the model it was read from (to the cent for costs); a mismatch is refused too.

Where a fine-tuned model's hosting is ``"auto"``, the expression chooses it as ``curve_for`` does:
the cheaper hosting at the volume, among those that meet the scenario's latency budget (all when
none does). The self-hosted latency includes the queueing wait, written out from the whole-GPU fleet.

The expressions use only numbers, names, ``+ - * /``, ``<=``, ``==``, ``min``, ``max`` and ``ceil``
(comparisons count as 1 or 0 in arithmetic), which read the same in Vega and in Python.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .core.architecture import Architecture
from .core.assumptions import FIELD_BOUNDS, Assumptions
from .core.costs import (
    _WHOLE_TOLERANCE,
    FINE_TUNE_HOSTINGS,
    SECONDS_PER_MONTH,
    CostCurve,
    FleetTerm,
    Term,
    _coerce,
    cost_curve,
    finetuned_input_tokens,
    gpu_seconds_per_query,
    parameters,
)
from .core.latency import MAX_UTILIZATION, latency_parts
from .core.scenario import SCENARIO_BOUNDS, Scenario

FINE_TUNED = (Architecture.FINE_TUNING, Architecture.HYBRID)
WHOLE = 1.0 - _WHOLE_TOLERANCE  # the factor whole_gpus applies before rounding up
_VOLUME = "__volume__"  # stands for the caller's volume expression while an expression is checked
MAX_VOLUME = float(SCENARIO_BOUNDS["queries_per_month"].high or math.inf)


class Infeasible(ValueError):
    """The architecture cannot serve the scenario somewhere in the slider's range (it has no cost to write)."""

    def __init__(self, architecture: Architecture, why: str, where: str = "") -> None:
        self.architecture, self.why = architecture, why
        super().__init__(f"{architecture.label} cannot serve this scenario{where}: {why}")


def _number(x: float) -> str:
    return repr(float(x))


class Affine:
    """``intercept + slope * variable`` of one coefficient, checked at a third point."""

    def __init__(self, name: str, values: tuple[float, ...], points: tuple[float, float, float]) -> None:
        (x0, x1, x2), (y0, y1, y2) = points, values
        if not all(math.isfinite(y) for y in values):
            raise ValueError(f"{name} is not finite over this range; it cannot be a slider")
        self.slope = (y1 - y0) / (x1 - x0)
        self.intercept = y0 - self.slope * x0
        predicted = self.intercept + self.slope * x2
        if abs(predicted - y2) > 1e-9 * max(1.0, abs(y2)):
            raise ValueError(f"{name} is not affine in the chosen parameter over this range; it cannot be a slider")

    def expression(self, variable: str | None) -> str:
        if variable is None or self.slope == 0:
            return _number(self.intercept)
        return f"({_number(self.intercept)} + {_number(self.slope)} * {variable})"


def _end(name: str, x: object) -> float:
    if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x):
        raise ValueError(f"the slider's {name} end must be a finite number, got {x!r}")
    return x


def _probe_points(parameter: str, low_end: object, high_end: object) -> tuple[float, float, float]:
    low, high = _end("low", low_end), _end("high", high_end)
    if not low < high:
        raise ValueError(f"the slider range needs low < high, got ({low}, {high})")
    for x in (low, high):
        if not FIELD_BOUNDS[parameter].contains(x):
            raise ValueError(f"{parameter} must stay {FIELD_BOUNDS[parameter].describe()}; the slider reaches {x}")
    return (float(low), float(high), low + (high - low) * 0.37)


def _with(p: Mapping[str, object], parameter: str | None, value: float) -> dict[str, Any]:
    values = dict(p)
    if parameter is not None:
        values[parameter] = value
    return values


def evaluate(expression: str, **names: float) -> float:
    """Evaluate an expression of the kind written here, in Python (as the tests and the self-check do)."""
    return float(eval(expression, {"__builtins__": {}, "max": max, "min": min, "ceil": math.ceil}, names))


class _Model:
    """The model at the slider's three probe points (or three copies of the defaults, without a slider)."""

    def __init__(
        self, scenario: Scenario, assumptions: Assumptions, parameter: str | None, low: float | None, high: float | None
    ) -> None:
        self.scenario, self.assumptions, self.parameter = scenario, assumptions, parameter
        p = parameters(assumptions)
        if parameter is not None:
            if parameter not in FIELD_BOUNDS:
                raise ValueError(f"parameter must be a numeric field of Assumptions, got {parameter!r}")
            self.points = _probe_points(parameter, low, high)
        else:
            self.points = (0.0, 1.0, 0.37)
        self.params = [_with(p, parameter, x) for x in self.points]

    def coefficient(self, name: str, values: Sequence[float]) -> str:
        return Affine(name, tuple(float(v) for v in values), self.points).expression(self.parameter)

    def where(self, index: int) -> str:
        return "" if self.parameter is None else f" at {self.parameter} = {self.points[index]:g}"

    def curves(self, arch: Architecture, hosting: str) -> list[CostCurve]:
        curves = [cost_curve(self.scenario, arch, q, hosting) for q in self.params]
        for index in (0, 1):  # the slider's two ends: feasibility is affine in one parameter, so both suffice
            if not curves[index].feasible:
                raise Infeasible(arch, curves[index].why_not, self.where(index))
        return curves

    def check(
        self,
        expression: str,
        expected: Callable[[dict[str, Any]], float],
        volumes: Sequence[float],
        what: str,
        cents: bool,
    ) -> None:
        """Evaluate the written expression where the model was read, and compare."""
        for q, x in zip(self.params, self.points):
            names = {} if self.parameter is None else {self.parameter: x}
            for v in volumes:
                got, want = evaluate(expression, **names, **{_VOLUME: v}), float(expected({**q, "__v": v}))
                tolerance = 0.005 + 1e-12 * abs(want) if cents else 1e-9 * max(1.0, abs(want))
                if not abs(got - want) <= tolerance:
                    raise ValueError(
                        f"{what} is not affine in the chosen parameter over this range; it cannot be a slider "
                        f"(written {got!r}, model {want!r})"
                    )


def _total_at(
    scenario: Scenario, arch: Architecture, hosting: str, horizon: float
) -> Callable[[dict[str, Any]], float]:
    """The model's total over the horizon, for parameters ``q`` and the volume ``q["__v"]``."""
    return lambda q: float(cost_curve(scenario, arch, q, hosting).total_at(q["__v"], horizon))


def _curve_expression(model: _Model, curves: list[CostCurve], volume: str) -> str:
    """Total over the horizon, as an expression in ``volume``: one-time costs + months x the monthly terms."""
    arch = curves[0].architecture.value

    def coefficient(name: str, read: Callable[[CostCurve], float]) -> str:
        return model.coefficient(f"{arch} {name}", [read(c) for c in curves])

    def one_time_part(name: str) -> Callable[[CostCurve], float]:
        return lambda c: float(c.one_time[name])

    one_time = [coefficient(k, one_time_part(k)) for k in curves[0].one_time]
    monthly = []
    for category, terms in curves[0].monthly.items():
        for index, term in enumerate(terms):
            name = f"{category} term {index}"

            def read(attribute: str, i: int = index, cat: str = category) -> Callable[[CostCurve], float]:
                return lambda c: getattr(c.monthly[cat][i], attribute)

            if isinstance(term, FleetTerm):
                usd = coefficient(f"{name} GPU price", read("usd_per_gpu_month"))
                per_query = coefficient(f"{name} GPUs per query", read("gpus_per_query"))
                minimum = coefficient(f"{name} minimum GPUs", read("min_gpus"))
                gpus = f"max({minimum}, ceil({volume} * {per_query} * {_number(WHOLE)}))"
                monthly.append(f"{usd} * ({gpus} - {minimum})")
            elif isinstance(term, Term):
                line = f"({coefficient(name + ' base', read('base'))} + {coefficient(name + ' per query', read('per_query'))} * {volume})"
                if term.floor is not None:
                    line = f"max({coefficient(name + ' floor', read('floor'))}, {line})"
                monthly.append(line)
            else:  # a new kind of term: refuse rather than write a wrong formula
                raise ValueError(f"{arch}: a {type(term).__name__} cannot be written as an expression yet")
    months = _number(model.scenario.horizon_months)
    return f"({' + '.join(one_time) or '0'} + {months} * ({' + '.join(monthly) or '0'}))"


def _latency_expression(model: _Model, arch: Architecture, hosting: str, volume: str) -> str:
    """Expected time to first token (ms) of one hosting, at the monthly ``volume`` (which sizes the queue)."""
    s = model.scenario
    label = f"{arch.value} latency"
    if arch not in FINE_TUNED or hosting == "managed":
        parts = [latency_parts(s, arch, q, hosting or "self_hosted") for q in model.params]
        return model.coefficient(label, [sum(x.values()) for x in parts])
    curves = model.curves(arch, "self_hosted")
    if len(curves[0].fleets()) != 1:
        raise ValueError(f"{label}: expected one self-hosted fleet, found {len(curves[0].fleets())}")
    parts = [latency_parts(s, arch, q, "self_hosted", c) for q, c in zip(model.params, curves)]
    rest = model.coefficient(
        f"{label} without queueing", [sum(v for k, v in x.items() if k != "queueing") for x in parts]
    )
    prefill = model.coefficient(f"{label} prefill", [x["prefill"] for x in parts])
    fleets = [c.fleets()[0] for c in curves]
    per_query = model.coefficient(f"{label} GPUs per query", [f.gpus_per_query for f in fleets])
    minimum = model.coefficient(f"{label} minimum GPUs", [f.min_gpus for f in fleets])
    busy = model.coefficient(
        f"{label} busy GPUs per query",
        [
            q["peak_to_average_load"]
            * gpu_seconds_per_query(finetuned_input_tokens(arch is Architecture.HYBRID, q), q)
            / SECONDS_PER_MONTH
            for q in model.params
        ],
    )
    gpus = f"max({minimum}, ceil({volume} * {per_query} * {_number(WHOLE)}))"
    utilization = f"min({_number(MAX_UTILIZATION)}, {volume} * {busy} / max(1, {gpus}))"
    return f"({rest} + {utilization} / (1 - {utilization}) * {prefill})"


def _choose(model: _Model, arch: Architecture, totals: Mapping[str, str], volume: str) -> str:
    """1 where ``curve_for`` would run the fine-tuned model on self-hosted GPUs at ``volume``, else 0."""
    cheaper = f"({totals['self_hosted']} <= {totals['managed']})"
    budget = model.scenario.latency_budget_ms
    if budget is None:
        return cheaper
    fast = {h: f"({_latency_expression(model, arch, h, volume)} <= {_number(budget)})" for h in FINE_TUNE_HOSTINGS}
    return (
        f"({fast['self_hosted']} * (1 - {fast['managed']}) + ({fast['self_hosted']} == {fast['managed']}) * {cheaper})"
    )


def _hostings(arch: Architecture, a: Assumptions) -> tuple[str, ...]:
    if arch not in FINE_TUNED:
        return ("",)
    return FINE_TUNE_HOSTINGS if a.finetune_hosting == "auto" else (a.finetune_hosting,)


def _check_volumes(scenario: Scenario, curves: Sequence[CostCurve]) -> list[float]:
    """Volumes to check an expression at: 0, the scenario's, the top, and at and just after GPU steps."""
    volumes = {0.0, float(scenario.queries_per_month), MAX_VOLUME}
    for curve in curves:
        for fleet in curve.fleets():
            for v in fleet.steps(0.0, MAX_VOLUME, limit=3)[:3]:
                volumes.update({v, v * (1 + 1e-9) + 1e-9})
    return sorted(v for v in volumes if v <= MAX_VOLUME)


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

    Its value at a volume is ``tco`` at that volume. An architecture that cannot serve the scenario
    somewhere in the slider's range raises ``Infeasible`` (a ValueError) saying why.

    >>> e = tco_expression(Scenario(queries_per_month=0, horizon_months=12), "prompting")
    >>> evaluate(e.replace("datum.volume", "0"))  # build $5,000 + 12 x 0.05 x $14,300, as tco() says
    13580.0
    """
    a = _coerce(scenario, assumptions)
    arch = Architecture(architecture)
    model = _Model(scenario, a, parameter, low, high)
    hostings = _hostings(arch, a)
    curves = {h: model.curves(arch, h or "self_hosted") for h in hostings}
    totals = {h: _curve_expression(model, curves[h], _VOLUME) for h in hostings}
    horizon = scenario.horizon_months
    for h in hostings:
        model.check(
            totals[h],
            _total_at(scenario, arch, h or "self_hosted", horizon),
            _check_volumes(scenario, curves[h]),
            f"{arch.value} total",
            cents=True,
        )
    if len(hostings) == 1:
        expression = totals[hostings[0]]
    else:
        choose = _choose(model, arch, totals, _VOLUME)
        expression = f"({choose} * {totals['self_hosted']} + (1 - {choose}) * {totals['managed']})"
    return expression.replace(_VOLUME, f"({volume})" if not _is_name(volume) else volume)


def _is_name(text: str) -> bool:
    return all(part.isidentifier() for part in text.split("."))


def latency_expression(
    scenario: Scenario,
    architecture: Architecture | str,
    parameter: str,
    low: float,
    high: float,
    assumptions: Assumptions | None = None,
) -> str:
    """A Vega expression for the expected time to first token (ms) as one assumption moves: ``latency``'s
    total, queueing included, with the hosting ``latency`` would use at each slider position.

    >>> e = latency_expression(Scenario(corpus_documents=20), "rag", "retrieval_latency_ms", 0, 400)
    >>> evaluate(e, retrieval_latency_ms=55.0) - evaluate(e, retrieval_latency_ms=0.0)
    55.0
    """
    a = _coerce(scenario, assumptions)
    arch = Architecture(architecture)
    if parameter not in FIELD_BOUNDS:
        raise ValueError(f"parameter must be a numeric field of Assumptions, got {parameter!r}")
    model = _Model(scenario, a, parameter, low, high)
    hostings = _hostings(arch, a)
    volume = _number(scenario.queries_per_month)
    for h in hostings:
        model.curves(arch, h or "self_hosted")  # refuses an architecture that cannot serve the scenario
    latencies = {h: _latency_expression(model, arch, h, volume) for h in hostings}
    for h in hostings:

        def expected(q: dict[str, Any], h: str = h) -> float:
            curve = cost_curve(scenario, arch, q, h or "self_hosted")
            return sum(latency_parts(scenario, arch, q, h or "self_hosted", curve).values())

        model.check(latencies[h], expected, [0.0], f"{arch.value} latency", cents=False)
    if len(hostings) == 1:
        return latencies[hostings[0]]
    totals = {h: _curve_expression(model, model.curves(arch, h), volume) for h in hostings}
    choose = _choose(model, arch, totals, volume)
    return f"({choose} * {latencies['self_hosted']} + (1 - {choose}) * {latencies['managed']})"

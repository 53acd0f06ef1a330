"""ipywidgets calculators for the book: thin adapters over advisor functions.

Every control is named after the ``Scenario`` or ``Assumptions`` field it sets. A change rebuilds the
scenario and assumptions (which validate themselves), calls one advisor function, and shows what it
returns: a short HTML summary and a chart. A ValueError becomes a readable message in place of the
result, and the calculator keeps working.

The chapters' calculators are declared once in ``advisor.core.calculators`` (controls, computation,
summary, chart rows); ``ChapterCalculator`` shows them here, drawing the chart with
``advisor.calculator_charts`` from the same named datasets. On the static site the card offers "Use your
own numbers", which runs that same core in the reader's browser (static_site/calculators.js).
"""

from __future__ import annotations

import dataclasses
import html
import json
import math
from collections.abc import Callable, Mapping
from typing import Any, cast

import ipywidgets as w

from . import calculator_charts, charts, page_form
from .core import calculators
from .core.assumptions import Assumptions
from .core.case import case_to_mapping, to_fragment
from .core.formatting import count
from .core.formatting import number as number_text
from .core.scenario import Scenario

SCENARIO_FIELDS = {f.name for f in dataclasses.fields(Scenario)}
ASSUMPTION_FIELDS = {f.name for f in dataclasses.fields(Assumptions)} - {"ranges"}
NO_BUDGET = 0  # in the latency-budget box, 0 means "no hard limit"

STYLE = {"description_width": "15em"}


def _layout() -> w.Layout | None:
    return None if charts.static_mode() else w.Layout(width="32em")


# --- controls ----------------------------------------------------------------------------------


@dataclasses.dataclass
class StaticControl:
    """What a control is when there is no kernel to listen to it (the static book): a label and a value.

    Making no ipywidgets there keeps their state out of the page, and no dead slider in it.
    """

    kind: str
    description: str
    value: Any
    options: Any = None

    def observe(self, *args: Any, **kwargs: Any) -> None:
        pass


class StaticText:
    """Stands in for an HTML widget in the static book."""

    def __init__(self, value: str = "") -> None:
        self.value = value


def _control(cls: type, **kwargs: Any) -> Any:
    if charts.static_mode():
        return StaticControl(
            cls.__name__, str(kwargs.get("description", "")), kwargs.get("value"), kwargs.get("options")
        )
    return cls(**kwargs)


def number(field: str, label: str, value: float, integer: bool = False) -> w.Widget:
    """A typed number: any value can be entered, and a bad one is reported, not clamped."""
    cls = w.IntText if integer else w.FloatText
    return _control(cls, value=value, description=label, style=STYLE, layout=_layout())


# A slider cannot hold a value outside its range: ipywidgets would clamp it without a word. A value
# outside (a caller's scenario, or a default) gets a typed box instead, which holds any number.


def slider(field: str, label: str, value: float, low: float, high: float, step: float, fmt: str = ".3g") -> w.Widget:
    if not low <= value <= high:
        return number(field, label, value)
    return _control(
        w.FloatSlider,
        value=value,
        min=low,
        max=high,
        step=step,
        description=label,
        readout_format=fmt,
        continuous_update=False,
        style=STYLE,
        layout=_layout(),
    )


def int_slider(field: str, label: str, value: int, low: int, high: int) -> w.Widget:
    if not low <= value <= high:
        return number(field, label, value, integer=True)
    return _control(
        w.IntSlider,
        value=value,
        min=low,
        max=high,
        description=label,
        continuous_update=False,
        style=STYLE,
        layout=_layout(),
    )


def control_widget(name: str, value: Any = None) -> Any:
    """The widget for one declared control (``advisor.core.controls``): label, unit, range and step come
    from the declaration, shared with the static site's form. ``value`` defaults to the control's own."""
    spec = calculators.control_of(name)
    value = spec.default() if value is None and spec.kind != "optional_number" else value
    label = f"{spec.label} ({spec.unit})" if spec.unit and spec.kind in ("number", "optional_number") else spec.label
    if spec.kind == "choices":
        return _control(
            w.SelectMultiple,
            options=[v for v, _ in spec.options],
            value=tuple(value),
            rows=4,
            description=spec.label,
            style=STYLE,
            layout=_layout(),
        )
    if spec.kind == "choice":
        return _control(
            w.Dropdown,
            options=[(text, v) for v, text in spec.options],
            value=value,
            description=spec.label,
            style=STYLE,
            layout=_layout(),
        )
    if spec.kind == "flag":
        return _control(w.Checkbox, value=value, description=spec.label, indent=False, layout=_layout())
    if spec.kind == "text":
        return _control(w.Text, value=value, description=spec.label, style=STYLE, layout=_layout())
    if spec.kind == "optional_number":  # 0 in the box means none
        return number(name, f"{label}, 0 = none", value or NO_BUDGET)
    if not spec.slider:
        return number(name, label, value, integer=spec.integer)
    assert spec.low is not None and spec.high is not None and spec.step is not None  # a slider declares them
    if spec.log:
        low, high = math.log10(spec.low), math.log10(spec.high)
        if not spec.low <= value <= spec.high:
            return number(name, label, value)
        return _control(
            w.FloatLogSlider,
            value=value,
            base=10,
            min=low,
            max=high,
            step=spec.step,
            description=label,
            readout_format=",.3s",
            continuous_update=False,
            style=STYLE,
            layout=_layout(),
        )
    if spec.integer:
        return int_slider(name, label, int(value), int(spec.low), int(spec.high))
    return slider(name, label, value, spec.low, spec.high, spec.step)


# --- the calculator ----------------------------------------------------------------------------


def split_values(
    values: Mapping[str, Any], scenario: Scenario, assumptions: Assumptions
) -> tuple[Scenario, Assumptions]:
    """Control values to a checked Scenario and Assumptions; unknown names are an error, never ignored."""
    unknown = set(values) - SCENARIO_FIELDS - ASSUMPTION_FIELDS
    if unknown:
        raise ValueError(f"controls {sorted(unknown)} match no Scenario or Assumptions field")
    scenario_changes = {k: v for k, v in values.items() if k in SCENARIO_FIELDS}
    if scenario_changes.get("latency_budget_ms") == NO_BUDGET:
        scenario_changes["latency_budget_ms"] = None
    if isinstance(scenario_changes.get("behavior_needs"), (list, set, frozenset)):
        scenario_changes["behavior_needs"] = tuple(
            scenario_changes["behavior_needs"]
        )  # anything else: Scenario says what is wrong
    assumption_changes = {k: v for k, v in values.items() if k in ASSUMPTION_FIELDS}
    s = scenario.replace(**scenario_changes)
    a = assumptions.replace(**assumption_changes) if assumption_changes else assumptions
    return s, a


class Calculator:
    """Controls in, one advisor call, its result out.

    ``compute(scenario, assumptions)`` is the advisor call; ``render(result, scenario, assumptions)``
    returns ``(html, chart)``. After every change ``result``, ``summary`` (the HTML shown), ``chart``
    and ``error`` hold what the reader sees.
    """

    def __init__(
        self,
        title: str,
        controls: Mapping[str, w.Widget],
        compute: Callable[[Scenario, Assumptions], Any],
        render: Callable[[Any, Scenario, Assumptions], tuple[str, Any]],
        scenario: Scenario | None = None,
        assumptions: Assumptions | None = None,
    ) -> None:
        self.title = title
        self.controls = dict(controls)
        self.base_scenario = scenario or Scenario()
        self.base_assumptions = assumptions or Assumptions()
        self._compute, self._render = compute, render
        static = charts.static_mode()
        self.summary = StaticText() if static else w.HTML()
        self.output = None if static else w.Output()
        self.result: Any = None
        self.chart: Any = None
        self.error: str | None = None
        for control in self.controls.values():
            control.observe(lambda _change: self.update(), names="value")
        self.widget = (
            None
            if static
            else w.VBox(
                [
                    w.HTML(f"<b>{html.escape(title)}</b>"),
                    w.VBox(list(self.controls.values())),
                    self.summary,
                    self.output,
                ],
                layout=w.Layout(border="1px solid #ddd", padding="8px"),
            )
        )
        self.update()

    def values(self) -> dict[str, Any]:
        return {name: control.value for name, control in self.controls.items()}

    def set(self, **values: Any) -> Calculator:
        """Set several controls, as a reader would (each change updates the result).

        An unknown control, or a value a control cannot hold (a slider's range, a picker's options),
        is a ValueError naming the control: never ignored, never clamped.
        """
        unknown = [name for name in values if name not in self.controls]
        if unknown:
            raise ValueError(
                f"{', '.join(map(repr, unknown))}: no such control in this calculator; "
                f"its controls are {', '.join(self.controls)}"
            )
        static = charts.static_mode()
        for name, value in values.items():
            control = self.controls[name]
            before = control.value
            try:
                control.value = value
            except Exception as problem:  # traitlets' TraitError: an option the picker does not offer
                raise ValueError(f"{name}: {value!r} is not a value this control can hold ({problem})") from None
            if not _holds(control, value):
                held = control.value
                control.value = before
                raise ValueError(
                    f"{name}: this control cannot hold {value!r} (it would become {held!r}; "
                    f"its range: {_range(control)})"
                )
            if static:  # no kernel listens to a static control: recompute here
                self.update()
        return self

    def update(self) -> None:
        try:
            try:
                s, a = split_values(self.values(), self.base_scenario, self.base_assumptions)
            except TypeError as problem:  # a value of the wrong kind: say so, as for a bad number
                raise ValueError(str(problem)) from None
            result = self._compute(s, a)
            summary, chart = self._render(result, s, a)
        except ValueError as problem:
            self.error = str(problem)
            self.result = self.chart = None
            self.summary.value = (
                '<div class="advisor-error" style="color:#a40000;border-left:4px solid #a40000;padding:4px 8px">'
                f"<b>Cannot compute this:</b> {html.escape(self.error)}</div>"
            )
            if self.output is not None:
                self.output.clear_output()
            return
        self.error, self.result, self.chart = None, result, chart
        self.summary.value = summary
        self._show(chart)

    def _show(self, chart: Any) -> None:
        from IPython import get_ipython
        from IPython.display import display

        if get_ipython() is None or chart is None or self.output is None:  # no live page to draw on
            return
        with self.output:
            self.output.clear_output(wait=True)
            display(charts.mimebundle(chart), raw=True)  # type: ignore[no-untyped-call]  # IPython: unannotated

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        if charts.static_mode():
            # A page with no kernel gets the result and a way to run it live, never controls that do nothing.
            card = self.static_html()
            return {"text/html": card, "text/plain": f"<calculator: {self.title}>"}
        assert self.widget is not None  # built whenever the page is live (not static)
        bundle: dict[str, Any] | None = self.widget._repr_mimebundle_(**kwargs)
        return bundle

    def static_html(self) -> str:
        """The calculator as a static page shows it: its inputs and its result for them (how to run it live
        is said once, in the book's "How to use this book")."""
        chart = charts.static_html(self.chart.to_dict()) if self.chart is not None else ""
        return (
            '<div class="advisor-calculator" style="border:1px solid #ddd;padding:8px 12px;margin:8px 0">'
            f"<p><b>{html.escape(self.title)}</b></p>"
            f'<p class="advisor-live-note">{STATIC_NOTE}</p>'
            f'<table class="advisor-inputs">{_input_rows(self.controls)}</table>'
            f'<div class="advisor-result">{self.summary.value}</div>{chart}</div>'
        )


LIVE_NOTE = (
    'Computed for these inputs when the book was built (<a href="how-to-use.html#calculators">how the '
    "calculators run</a>)."
)
STATIC_NOTE = (
    'Computed for these inputs when the book was built; to change them, run the chapter live (<a href="'
    'how-to-use.html#calculators">how</a>).'
)


def _input_rows(controls: Mapping[str, Any]) -> str:
    return "".join(
        f"<tr><td style='padding:1px 8px'>{html.escape(str(control.description))}</td>"
        f"<td style='padding:1px 8px'><b>{html.escape(_shown(control))}</b></td></tr>"
        for control in controls.values()
    )


def _holds(control: Any, value: Any) -> bool:
    """Whether the control took ``value`` as given (a slider clamps what lies outside its range)."""
    held = control.value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and isinstance(held, (int, float)):
        return held == value or abs(held - value) <= 1e-9 * max(1.0, abs(value))
    return True


def _range(control: Any) -> str:
    low, high = getattr(control, "min", None), getattr(control, "max", None)
    if type(control).__name__ == "FloatLogSlider":
        low, high = control.base**low, control.base**high
    # a widget with a min has a max
    return f"{count(low)} to {count(cast(float, high))}" if low is not None else "its options"


def _shown(control: Any) -> str:
    value = control.value
    kind = control.kind if isinstance(control, StaticControl) else type(control).__name__
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (tuple, list)):
        return ", ".join(map(str, value)) or "none"
    if kind == "FloatLogSlider" or (isinstance(value, float) and abs(value) >= 1_000):
        return f"{value:,.0f}"
    if kind == "ToggleButtons":
        labels: dict[Any, str] = dict((v, k) for k, v in control.options)  # (label, value) pairs
        return labels.get(value, str(value))
    if isinstance(value, int):
        return f"{value:,}"  # 3,000 documents, not 3000
    return number_text(value) if isinstance(value, float) else str(value)  # never "1e-05"


# --- one calculator per chapter (declared in advisor.core.calculators) ---------------------------


BROWSER_DRAWS = 1_000  # the decision calculator's draws when it runs in the reader's browser


def _control_value(name: str, s: Scenario, a: Assumptions) -> Any:
    source = s if name in SCENARIO_FIELDS else a
    value = getattr(source, name)
    return tuple(value) if isinstance(value, list) else value


class ChapterCalculator(Calculator):
    """A chapter's calculator: its controls, summary and chart are ``advisor.core.calculators[key]``'s, the
    chart drawn from the same named datasets (``records``) the static page swaps in the reader's browser."""

    def __init__(
        self,
        key: str,
        scenario: Scenario | None = None,
        draws: int | None = None,
        assumptions: Assumptions | None = None,
    ) -> None:
        self.key, self.draws = key, draws
        self.spec = calculators.calculator(key)
        self.records: calculators.Records | None = None
        s = scenario or self.spec.scenario()
        a = assumptions or Assumptions()
        controls = {name: control_widget(name, _control_value(name, s, a)) for name in self.spec.controls}
        super().__init__(self.spec.title, controls, self._compute_result, self._render_result, s, a)

    def _compute_result(self, s: Scenario, a: Assumptions) -> Any:
        return self.spec.compute(s, a, calculators.DECISION_DRAWS if self.draws is None else self.draws)

    def _render_result(self, result: Any, s: Scenario, a: Assumptions) -> tuple[str, Any]:
        self.records = self.spec.records(result, s, a)
        return self.spec.summary(result, s, a), calculator_charts.chart(self.key, self.records)

    def update(self) -> None:
        self.records = None
        super().update()

    def case(self) -> tuple[Scenario, Assumptions]:
        """The scenario and assumptions the controls describe now (a ValueError names a bad one)."""
        return split_values(self.values(), self.base_scenario, self.base_assumptions)

    def fragment(self) -> str:
        """The case the controls describe, as the URL fragment ``calculators.run`` reads."""
        return to_fragment(case_to_mapping(*self.case()))

    def static_html(self) -> str:
        """The card on a page with no kernel: the result for the chapter's inputs, its chart, and a button that
        runs the same model in the reader's browser (static_site/calculators.js) with a form for the controls."""
        if self.error is not None:
            return super().static_html()
        s, a = self.case()
        facts = self.spec.facts(self.result, s, a)
        form = "".join(
            page_form.control_html(calculators.control_of(name), _form_value(name, s, a), prefix=f"advisor-{self.key}")
            for name in self.spec.controls
        )
        browser_draws = "" if self.key != "decision" else str(min(self.draws or BROWSER_DRAWS, BROWSER_DRAWS))
        chart = charts.static_html(self.chart.to_dict()) if self.chart is not None else ""
        attr = page_form._attr
        return (
            f'<div class="advisor-calculator" data-calculator="{self.key}" data-base="{attr(self.fragment())}" '
            f'data-draws="{browser_draws}" style="border:1px solid #ddd;padding:8px 12px;margin:8px 0">'
            f"<p><b>{html.escape(self.title)}</b></p>"
            f'<p class="advisor-live-note">{LIVE_NOTE} '
            '<button type="button" class="advisor-own-numbers">Use your own numbers</button></p>'
            f'<table class="advisor-inputs">{_input_rows(self.controls)}</table>'
            f'<template class="advisor-calc-template"><form class="advisor-calc-form" autocomplete="off" novalidate>'
            f"{form}</form></template>"
            '<p class="advisor-calc-status" role="status" aria-live="polite" hidden></p>'
            f'<div class="advisor-result" data-state="static" data-result="{attr(json.dumps(facts, allow_nan=False))}">'
            f"{self.summary.value}</div>"
            f'<div class="advisor-calc-chart" data-datasets="{" ".join(self.spec.datasets)}">{chart}</div></div>'
        )


def _form_value(name: str, s: Scenario, a: Assumptions) -> Any:
    value = getattr(s if name in SCENARIO_FIELDS else a, name)
    return list(value) if isinstance(value, tuple) else value


def architectures_calculator(scenario: Scenario | None = None) -> ChapterCalculator:
    """Chapter 2: one-time against ongoing cost, RAG and fine-tuning side by side."""
    return ChapterCalculator("architectures", scenario)


def freshness_calculator(scenario: Scenario | None = None) -> ChapterCalculator:
    """Chapter 3: how often the knowledge changes, and what each update costs."""
    return ChapterCalculator("freshness", scenario)


def corpus_calculator(scenario: Scenario | None = None) -> ChapterCalculator:
    """Chapter 4: the corpus against every model's context window."""
    return ChapterCalculator("corpus", scenario)


def behavior_calculator(scenario: Scenario | None = None) -> ChapterCalculator:
    """Chapter 5: behaviour needs, and what they put in every query."""
    return ChapterCalculator("behavior", scenario)


def volume_calculator(scenario: Scenario | None = None) -> ChapterCalculator:
    """Chapter 6: query volume and the all-in price of a query."""
    return ChapterCalculator("volume", scenario)


def latency_calculator(scenario: Scenario | None = None) -> ChapterCalculator:
    """Chapter 7: time to first token against a budget."""
    return ChapterCalculator("latency", scenario)


def cost_calculator(scenario: Scenario | None = None) -> ChapterCalculator:
    """Chapter 8: the seed's cost table, computed for your case."""
    return ChapterCalculator("cost", scenario)


def crossover_calculator(scenario: Scenario | None = None) -> ChapterCalculator:
    """Chapter 9: where fine-tuning becomes cheaper, and how sure that is."""
    return ChapterCalculator("crossover", scenario)


def hybrid_calculator(scenario: Scenario | None = None) -> ChapterCalculator:
    """Chapter 10: when both behaviour and fresh knowledge are needed."""
    return ChapterCalculator("hybrid", scenario)


def prompting_calculator(scenario: Scenario | None = None) -> ChapterCalculator:
    """Chapter 11: a small corpus in every prompt, against retrieval."""
    return ChapterCalculator("prompting", scenario)


brief_link = calculators.brief_link
_table = calculators.table  # advisor.evaluation_widgets draws its tables the same way
Decision = calculators.Decision


def decide(scenario: Scenario, assumptions: Assumptions, draws: int = 2_000) -> Decision:
    """The recommendation, its cost ranges over ``draws`` draws, and the brief built from both."""
    return calculators.decide(scenario, assumptions, draws)


def decision_calculator(scenario: Scenario | None = None, draws: int = 2_000) -> ChapterCalculator:
    """Chapter 12: the whole case, the recommendation, and the brief to take away; its cost ranges and
    the brief's are over ``draws`` draws (a page that quotes the number passes the one it quotes). In the
    reader's browser it draws at most ``BROWSER_DRAWS``."""
    return ChapterCalculator("decision", scenario, draws)

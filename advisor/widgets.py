"""ipywidgets calculators for the book: thin adapters over advisor functions.

Every control is named after the ``Scenario`` or ``Assumptions`` field it sets. A change rebuilds the
scenario and assumptions (which validate themselves), calls one advisor function, and shows what it
returns: a short HTML summary and a chart from ``advisor.charts``. A ValueError becomes a readable
message in place of the result, and the calculator keeps working.
"""

from __future__ import annotations

import base64
import dataclasses
import html
import math
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as w

from . import charts
from .core.architecture import CATEGORY_LABELS, COST_CATEGORIES, Architecture
from .core.assumptions import Assumptions
from .core.brief import decision_brief
from .core.controls import control as declared_control
from .core.costs import TCO, feasibility, tco
from .core.crossover import crossover_volume
from .core.decision import Factor, Recommendation, recommend
from .core.formatting import count, usd
from .core.formatting import number as number_text
from .core.scenario import Scenario
from .uncertainty import simulate, summarize

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
    spec = declared_control(name)
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
            display(charts.mimebundle(chart), raw=True)

    def _repr_mimebundle_(self, **kwargs: Any):
        if charts.static_mode():
            # A page with no kernel gets the result and a way to run it live, never controls that do nothing.
            card = self.static_html()
            return {"text/html": card, "text/plain": f"<calculator: {self.title}>"}
        return self.widget._repr_mimebundle_(**kwargs)

    def static_html(self) -> str:
        """The calculator as a static page shows it: its inputs, its result for them, and how to run it live."""
        rows = "".join(
            f"<tr><td style='padding:1px 8px'>{html.escape(str(control.description))}</td>"
            f"<td style='padding:1px 8px'><b>{html.escape(_shown(control))}</b></td></tr>"
            for control in self.controls.values()
        )
        chart = charts.static_html(self.chart.to_dict()) if self.chart is not None else ""
        return (
            '<div class="advisor-calculator" style="border:1px solid #ddd;padding:8px 12px;margin:8px 0">'
            f"<p><b>{html.escape(self.title)}</b></p>"
            '<p class="advisor-live-note" style="background:#f3f6fa;padding:6px 10px;border-radius:4px">'
            "This calculator runs Python, so on this page it shows its result for the inputs below. "
            "To change them, open the page live: the rocket button at the top of the page offers Binder "
            "and Live Code. Or, on your own machine, <code>pip install</code> the project and open this "
            "chapter in Jupyter.</p>"
            f'<table class="advisor-inputs">{rows}</table>'
            f'<div class="advisor-result">{self.summary.value}</div>{chart}</div>'
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
    return f"{count(low)} to {count(high)}" if low is not None else "its options"


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
        return dict((v, k) for k, v in control.options).get(value, str(value))
    if isinstance(value, int):
        return f"{value:,}"  # 3,000 documents, not 3000
    return number_text(value) if isinstance(value, float) else str(value)  # never "1e-05"


# --- HTML pieces --------------------------------------------------------------------------------


def _finding(recommendation: Recommendation, factor: Factor) -> str:
    f = recommendation.finding(factor)
    return (
        f"<p><b>{html.escape(f.factor.label)}</b> points to <b>{html.escape(f.points_to)}</b>. "
        f"{html.escape(f.explanation)}</p>"
    )


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th style='text-align:left;padding:2px 8px'>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td style='padding:2px 8px'>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _name(t: TCO) -> str:
    """An architecture's name, with where its fine-tuned model runs."""
    if t.hosting == "self_hosted":
        return f"{t.architecture.label} (self-hosted, {count(t.gpus)} GPU{'s' if t.gpus != 1 else ''})"
    if t.hosting == "managed":
        return f"{t.architecture.label} (managed endpoint)"
    return t.architecture.label


def _unpriced(t: TCO, columns: int) -> list[str]:
    """A table row for an architecture that cannot serve the scenario: named, not priced."""
    return [t.architecture.label, f"cannot serve: {t.why_not}"] + [""] * (columns - 1)


def _unpriced_list(costs) -> str:
    items = "".join(
        f"<li>{html.escape(t.architecture.label)}: cannot serve: {html.escape(t.why_not)}</li>"
        for t in costs
        if not t.feasible
    )
    return f"<p>Not priced:</p><ul>{items}</ul>" if items else ""


def _recommended(r: Recommendation) -> str:
    """The recommendation, and the options that cannot serve the scenario at all (named, not priced)."""
    return f"<p>Recommended: <b>{html.escape(r.architecture.label)}</b>. {html.escape(r.summary)}</p>" + _unpriced_list(
        r.costs.values()
    )


# --- one calculator per chapter -----------------------------------------------------------------


def architectures_calculator(scenario: Scenario | None = None) -> Calculator:
    """Chapter 2: one-time against ongoing cost, RAG and fine-tuning side by side."""
    s = scenario or Scenario(queries_per_month=300_000, corpus_documents=3_000, knowledge_updates_per_month=1 / 3)

    def render(costs, s, a):
        rows = [
            [_name(t), usd(sum(t.one_time.values())), usd(t.monthly_run_rate), usd(t.total)]
            if t.feasible
            else _unpriced(t, 3)
            for t in costs.values()
        ]
        return _table(
            ["Architecture", "Paid once", "Per month after", f"Total over {s.horizon_months} months"], rows
        ), charts.cumulative_cost_chart(s, a)

    return Calculator(
        "Pay up front or pay as you go",
        {
            "queries_per_month": control_widget("queries_per_month", s.queries_per_month),
            "corpus_documents": control_widget("corpus_documents", s.corpus_documents),
            "horizon_months": control_widget("horizon_months", s.horizon_months),
        },
        lambda s, a: {arch: tco(s, arch, a) for arch in (Architecture.RAG, Architecture.FINE_TUNING)},
        render,
        s,
    )


def freshness_calculator(scenario: Scenario | None = None) -> Calculator:
    """Chapter 3: how often the knowledge changes, and what each update costs."""
    s = scenario or Scenario(queries_per_month=200_000, corpus_documents=3_000, knowledge_updates_per_month=1)
    return Calculator(
        "How often does the knowledge change?",
        {
            "knowledge_updates_per_month": control_widget("knowledge_updates_per_month", s.knowledge_updates_per_month),
            "corpus_documents": control_widget("corpus_documents", s.corpus_documents),
            "retrain_labour_usd": control_widget("retrain_labour_usd"),
        },
        recommend,
        lambda r, s, a: (_finding(r, Factor.KNOWLEDGE_FRESHNESS) + _recommended(r), charts.update_cost_chart(s, a)),
        s,
    )


def corpus_calculator(scenario: Scenario | None = None) -> Calculator:
    """Chapter 4: the corpus against every model's context window."""
    s = scenario or Scenario(queries_per_month=50_000, corpus_documents=80, knowledge_updates_per_month=1)
    return Calculator(
        "Does your corpus fit in a prompt?",
        {
            "corpus_documents": control_widget("corpus_documents", s.corpus_documents),
            "tokens_per_document": control_widget("tokens_per_document", s.tokens_per_document),
            "managed_model": control_widget("managed_model"),
        },
        recommend,
        lambda r, s, a: (_finding(r, Factor.CORPUS_SIZE) + _recommended(r), charts.context_fit_chart(s, a)),
        s,
    )


def behaviour_calculator(scenario: Scenario | None = None) -> Calculator:
    """Chapter 5: behaviour needs, and what they do to each query."""
    s = scenario or Scenario(queries_per_month=200_000, corpus_documents=0, behavior_needs=("json_schema",))
    return Calculator(
        "Behaviour the model must show",
        {
            "behavior_needs": control_widget("behavior_needs", s.behavior_needs),
            "structured_outputs": control_widget("structured_outputs", s.structured_outputs),
            "queries_per_month": control_widget("queries_per_month", s.queries_per_month),
        },
        recommend,
        lambda r, s, a: (_finding(r, Factor.BEHAVIOUR) + _recommended(r), charts.token_mix_chart(s, a)),
        s,
    )


def volume_calculator(scenario: Scenario | None = None) -> Calculator:
    """Chapter 6: query volume and the all-in price of a query."""
    s = scenario or Scenario(queries_per_month=100_000, corpus_documents=3_000, knowledge_updates_per_month=1 / 3)

    def render(r, s, a):
        rows = [
            [_name(t), usd(t.per_query) if t.per_query is not None else "n/a", usd(t.total)]
            if t.feasible
            else _unpriced(t, 2)
            for t in r.costs.values()
        ]
        return (
            _finding(r, Factor.QUERY_VOLUME) + _table(["Architecture", "All-in per query", "Total"], rows),
            charts.per_query_cost_chart(s, a),
        )

    return Calculator(
        "What does a query cost at your volume?",
        {
            "queries_per_month": control_widget("queries_per_month", s.queries_per_month),
            "managed_model": control_widget("managed_model"),
            "finetune_hosting": control_widget("finetune_hosting"),
        },
        recommend,
        render,
        s,
    )


def latency_calculator(scenario: Scenario | None = None) -> Calculator:
    """Chapter 7: time to first token against a budget."""
    s = scenario or Scenario(
        queries_per_month=200_000, corpus_documents=10_000, knowledge_updates_per_month=1, latency_budget_ms=800
    )
    a = Assumptions()
    return Calculator(
        "Can it answer in time?",
        {
            "latency_budget_ms": control_widget("latency_budget_ms", s.latency_budget_ms),
            "retrieval_latency_ms": control_widget("retrieval_latency_ms", a.retrieval_latency_ms),
            "reranker_latency_ms": control_widget("reranker_latency_ms", a.reranker_latency_ms),
        },
        recommend,
        lambda r, s, a: (_finding(r, Factor.LATENCY) + _recommended(r), charts.latency_chart(s, a)),
        s,
    )


def cost_calculator(scenario: Scenario | None = None) -> Calculator:
    """Chapter 8: the seed's cost table, computed for your case."""
    s = scenario or Scenario(queries_per_month=300_000, corpus_documents=3_000, knowledge_updates_per_month=1)

    def render(costs, s, a):
        priced = [x for x, t in costs.items() if t.feasible]
        rows = [[CATEGORY_LABELS[c]] + [usd(costs[x].by_category[c]) for x in priced] for c in COST_CATEGORIES]
        rows.append(["Total"] + [usd(costs[x].total) for x in priced])
        table = _table(["Category"] + [_name(costs[x]) for x in priced], rows) if priced else ""
        return table + _unpriced_list(costs.values()), charts.cost_breakdown_chart(s, a, list(costs))

    return Calculator(
        "The cost table for your case",
        {
            "queries_per_month": control_widget("queries_per_month", s.queries_per_month),
            "corpus_documents": control_widget("corpus_documents", s.corpus_documents),
            "knowledge_updates_per_month": control_widget("knowledge_updates_per_month", s.knowledge_updates_per_month),
            "horizon_months": control_widget("horizon_months", s.horizon_months),
        },
        lambda s, a: {x: tco(s, x, a) for x in (Architecture.RAG, Architecture.FINE_TUNING, Architecture.HYBRID)},
        render,
        s,
    )


def crossover_calculator(scenario: Scenario | None = None) -> Calculator:
    """Chapter 9: where fine-tuning becomes cheaper, and how sure that is."""
    s = scenario or Scenario(queries_per_month=500_000, corpus_documents=3_000, knowledge_updates_per_month=1 / 3)
    a = Assumptions()

    def render(volume, s, a):
        text = (
            f"<p>Fine-tuning's total cost equals RAG's at about <b>{count(volume)} queries a month</b>.</p>"
            if volume is not None
            else "<p>With these assumptions fine-tuning and RAG never cost the same.</p>"
        )
        return text, charts.tco_by_volume_chart(s, a)

    def compute(s, a):
        rag = feasibility(s, Architecture.RAG, a)
        if rag:  # no crossover to find: say why, as a result rather than an error
            raise ValueError(f"{Architecture.RAG.label} cannot serve this scenario, so there is no crossover: {rag}")
        return crossover_volume(s, a)

    return Calculator(
        "Where is your crossover?",
        {
            "gpu_usd_per_hour": control_widget("gpu_usd_per_hour", a.gpu_usd_per_hour),
            "min_gpu_replicas": control_widget("min_gpu_replicas", a.min_gpu_replicas),
            "finetune_hosting": control_widget("finetune_hosting"),
            "managed_model": control_widget("managed_model"),
            "knowledge_updates_per_month": control_widget("knowledge_updates_per_month", s.knowledge_updates_per_month),
        },
        compute,
        render,
        s,
    )


def hybrid_calculator(scenario: Scenario | None = None) -> Calculator:
    """Chapter 10: when both behaviour and fresh knowledge are needed."""
    s = scenario or Scenario(
        queries_per_month=500_000,
        corpus_documents=20_000,
        knowledge_updates_per_month=4.3,
        behavior_needs=("json_schema",),
    )
    archs = (Architecture.RAG, Architecture.FINE_TUNING, Architecture.HYBRID)
    return Calculator(
        "Fine-tuned and retrieving?",
        {
            "behavior_needs": control_widget("behavior_needs", s.behavior_needs),
            "structured_outputs": control_widget("structured_outputs", s.structured_outputs),
            "knowledge_updates_per_month": control_widget("knowledge_updates_per_month", s.knowledge_updates_per_month),
            "corpus_documents": control_widget("corpus_documents", s.corpus_documents),
            "queries_per_month": control_widget("queries_per_month", s.queries_per_month),
        },
        recommend,
        lambda r, s, a: (_recommended(r), charts.tco_by_volume_chart(s, a, archs, band=False)),
        s,
    )


def prompting_calculator(scenario: Scenario | None = None) -> Calculator:
    """Chapter 11: a small corpus in every prompt, against retrieval."""
    s = scenario or Scenario(queries_per_month=20_000, corpus_documents=60, knowledge_updates_per_month=1)
    archs = (Architecture.PROMPTING, Architecture.RAG, Architecture.FINE_TUNING)
    return Calculator(
        "Is a good prompt enough?",
        {
            "corpus_documents": control_widget("corpus_documents", s.corpus_documents),
            "queries_per_month": control_widget("queries_per_month", s.queries_per_month),
            "cache_hit_rate": control_widget("cache_hit_rate"),
            "managed_model": control_widget("managed_model"),
        },
        recommend,
        lambda r, s, a: (
            _finding(r, Factor.PROMPTING_FIRST) + _recommended(r),
            charts.tco_by_volume_chart(s, a, archs, band=False, crossing=archs[:2]),
        ),
        s,
    )


def brief_link(markdown: str, filename: str = "decision-brief.md") -> str:
    """A download link that carries the brief inside the page (works offline, with no kernel)."""
    data = base64.b64encode(markdown.encode("utf-8")).decode("ascii")
    return (
        f'<a download="{html.escape(filename)}" href="data:text/markdown;base64,{data}">'
        "Download the decision brief (Markdown)</a>"
    )


@dataclasses.dataclass(frozen=True)
class Decision:
    """What chapter 12 shows: the recommendation, its cost ranges, and the brief."""

    recommendation: Recommendation
    summary: Any
    brief: str


def decide(scenario: Scenario, assumptions: Assumptions, draws: int = 2_000) -> Decision:
    """The recommendation, its cost ranges over ``draws`` draws, and the brief built from both."""
    r = recommend(scenario, assumptions)
    summary = summarize(simulate(scenario, n=draws, seed=0, assumptions=assumptions))
    return Decision(r, summary, decision_brief(r, draws=draws, summary=summary))


def decision_calculator(scenario: Scenario | None = None, draws: int = 2_000) -> Calculator:
    """Chapter 12: the whole case, the recommendation, and the brief to take away; its cost ranges and
    the brief's are over ``draws`` draws (a page that quotes the number passes the one it quotes)."""
    s = scenario or Scenario(
        name="",
        queries_per_month=300_000,
        knowledge_updates_per_month=1,
        corpus_documents=8_000,
        behavior_needs=("json_schema",),
    )

    def render(d: Decision, s, a):
        r = d.recommendation
        rows = [[f.factor.label, f.points_to, f.explanation] for f in r.findings]
        extra = "".join(f"<li>{html.escape(c)}</li>" for c in r.conflicts + r.what_would_change)
        return (
            _recommended(r)
            + _table(["Factor", "Points to", "Why"], rows)
            + (f"<p><b>Conflicts, and what would change the answer</b></p><ul>{extra}</ul>" if extra else "")
            + f"<p>{brief_link(d.brief)}</p>",
            charts.cost_ranges_chart(d.summary, r.costs),
        )

    return Calculator(
        "Your decision",
        {
            "name": _control(w.Text, value=s.name, description="Project name", style=STYLE, layout=_layout()),
            "queries_per_month": control_widget("queries_per_month", s.queries_per_month),
            "knowledge_updates_per_month": control_widget("knowledge_updates_per_month", s.knowledge_updates_per_month),
            "corpus_documents": control_widget("corpus_documents", s.corpus_documents),
            "tokens_per_document": control_widget("tokens_per_document", s.tokens_per_document),
            "behavior_needs": control_widget("behavior_needs", s.behavior_needs),
            "structured_outputs": control_widget("structured_outputs", s.structured_outputs),
            "latency_budget_ms": control_widget("latency_budget_ms", s.latency_budget_ms),
            "horizon_months": control_widget("horizon_months", s.horizon_months),
            "managed_model": control_widget("managed_model"),
            "finetune_hosting": control_widget("finetune_hosting"),
        },
        lambda s, a: decide(s, a, draws),
        render,
        s,
    )

"""The calculator of the chapter "Evaluate before you commit": a thin adapter over ``advisor.recommend``.

Built like the calculators in ``advisor.widgets`` (it reuses their ``Calculator``): every control is a
Scenario or Assumptions field, a change recomputes the recommendation, and the result shows what a golden
set must hold to settle the choice, what the pilot costs, and what a correct (and a wrong) answer costs.
"""

from __future__ import annotations

import html
from typing import Any

import altair as alt
import pandas as pd

from . import charts
from .core.assumptions import Assumptions
from .core.decision import Factor, Recommendation, recommend
from .core.evaluation import MAX_SET_SIZE, paired_sample_size, points, two_proportion_sample_size
from .core.formatting import count, share, usd
from .core.scenario import Scenario
from .widgets import Calculator, _table, number, slider

GAPS = [g / 1000 for g in range(5, 151, 5)]  # accuracy gaps from half a point to 15 points


def _accuracy(name: str, label: str, value: float) -> Any:
    return slider(name, label, value, 0.3, 0.99, 0.01, ".2f")


def sample_size_chart(r: Recommendation) -> alt.Chart:
    """Golden-set size against the accuracy gap to detect, paired (same items) and per system (separate
    sets), from the recommended option's accuracy; a rule marks the gap at which the choice flips."""
    a = r.assumptions
    base = r.quality[r.architecture].accuracy if r.architecture in r.quality else a.accuracy_rag
    rows = []
    for gap in GAPS:
        target = base + gap if base + gap <= 0.999 else base - gap
        if not 0 <= target <= 1:
            continue
        for design, n in (
            (
                "same items for both (paired)",
                paired_sample_size(base, target, a.eval_correctness_correlation, a.eval_alpha, a.eval_power),
            ),
            ("a separate set per option", two_proportion_sample_size(base, target, a.eval_alpha, a.eval_power)),
        ):
            if n < MAX_SET_SIZE:
                rows.append({"gap": gap * 100, "items": n, "design": design})
    frame = pd.DataFrame(rows)
    lines = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("gap:Q", title="Accuracy gap to detect (points)", scale=alt.Scale(nice=False, zero=False)),
            y=alt.Y("items:Q", title="Labelled items needed", scale=alt.Scale(type="log", nice=False)),
            color=alt.Color("design:N", title="Design"),
            tooltip=[alt.Tooltip("gap:Q", title="gap (points)"), alt.Tooltip("items:Q", format=","), "design:N"],
        )
    )
    layers = [lines]
    plan = r.pilot
    if plan is not None and plan.flip_gap is not None and 0 < abs(plan.flip_gap) * 100 <= GAPS[-1] * 100:
        marker = pd.DataFrame([{"gap": abs(plan.flip_gap) * 100, "text": "the choice flips here"}])
        layers.append(alt.Chart(marker).mark_rule(strokeDash=[4, 4], color=charts.HIGHLIGHT).encode(x="gap:Q"))
        layers.append(
            alt.Chart(marker)
            .mark_text(align="left", dx=4, dy=-120, color=charts.HIGHLIGHT)
            .encode(x="gap:Q", text="text:N")
        )
    return alt.layer(*layers).properties(
        width=charts.WIDTH,
        height=charts.HEIGHT,
        title=alt.Title(
            "How many items a comparison needs",
            subtitle=f"from a baseline of {share(base)}, at {share(1 - a.eval_alpha)} confidence and "
            f"{share(a.eval_power)} power",
        ),
    )


def _render(r: Recommendation, s: Scenario, a: Assumptions) -> tuple[str, Any]:
    plan = r.pilot
    quality = r.finding(Factor.QUALITY)
    rows = []
    for arch, q in r.quality.items():
        row = [arch.label, share(q.accuracy), f"${q.cost_of_pass:,.4f}" if q.cost_of_pass is not None else "n/a"]
        row.append(usd(q.total_with_errors) if q.total_with_errors is not None else "not priced")
        rows.append(row)
    table = _table(
        ["Architecture", "Accuracy", "Cost per correct answer", f"Total over {s.horizon_months} months with errors"],
        rows,
    )
    pilot = ""
    if plan is not None:
        names = " and ".join(arch.label for arch in plan.compare)
        current = ""
        if plan.current_set_size:
            current = (
                f"<li>Your set of {count(plan.current_set_size)} items detects "
                + (
                    f"a gap of {html.escape(points(plan.current_set_detects))} or more."
                    if plan.current_set_detects is not None
                    else "no gap at this baseline."
                )
                + "</li>"
            )
        pilot = (
            f"<p><b>The pilot that can settle it:</b> {html.escape(names)}, "
            f"{html.escape(plan.first.label)} first.</p><ul>"
            f"<li>Golden set: <b>{count(plan.golden_set_size)} items</b>. {html.escape(plan.why_this_size)}</li>"
            f"<li>Cost: about <b>{usd(plan.cost_usd)}</b>, of which labelling {usd(plan.labelling_usd)}.</li>"
            f"<li>{html.escape(plan.changes_if)}</li>{current}</ul>"
        )
    summary = (
        f"<p>Recommended: <b>{html.escape(r.architecture.label)}</b>.</p>"
        f"<p><b>Quality</b> points to <b>{html.escape(quality.points_to)}</b>. {html.escape(quality.explanation)}</p>"
        + table
        + pilot
    )
    return summary, sample_size_chart(r)


def _compute(s: Scenario, a: Assumptions) -> Recommendation:
    # In the box, 0 means "no cost given": quality is then not priced.
    return recommend(s.replace(error_cost_usd=None) if s.error_cost_usd == 0 else s, a)


def evaluation_calculator(scenario: Scenario | None = None, assumptions: Assumptions | None = None) -> Calculator:
    """Chapter "Evaluate before you commit": accuracies (your pilot's, or the defaults), the cost of a wrong
    answer, and the golden set you have; out come the pilot plan and the cost per correct answer."""
    s = scenario or Scenario(queries_per_month=300_000, corpus_documents=3_000, knowledge_updates_per_month=1)
    a = assumptions or Assumptions()
    controls = {
        "error_cost_usd": number(
            "error_cost_usd", "Cost of one wrong answer (USD, 0 = not priced)", s.error_cost_usd or 0.0
        ),
        "accuracy_rag": _accuracy("accuracy_rag", "RAG accuracy", a.accuracy_rag),
        "accuracy_fine_tuning": _accuracy("accuracy_fine_tuning", "Fine-tuning accuracy", a.accuracy_fine_tuning),
        "accuracy_hybrid": _accuracy("accuracy_hybrid", "Hybrid accuracy", a.accuracy_hybrid),
        "eval_correctness_correlation": slider(
            "eval_correctness_correlation",
            "Correlation of right answers",
            a.eval_correctness_correlation,
            0.0,
            0.95,
            0.05,
            ".2f",
        ),
        "eval_golden_set_size": number(
            "eval_golden_set_size", "Items in your golden set now", int(a.eval_golden_set_size), integer=True
        ),
    }
    return Calculator("What would settle the choice?", controls, _compute, _render, s, a)
